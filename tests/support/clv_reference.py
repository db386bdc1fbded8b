"""Reference values for bgNbdFit from lifetimes (PyPI), the field's Python
implementation: fits BG/NBD and MBG/NBD on the CDNOW sample that ships with
lifetimes and on data simulated from known parameters, and prints the data,
the fitted parameters, log-likelihoods, P(alive) and expected purchases as
JSON.

    python3 clv_reference.py > reference.json
"""
import json
import sys
import warnings

import numpy as np
from lifetimes import BetaGeoFitter, ModifiedBetaGeoFitter
from lifetimes.datasets import load_cdnow_summary
from lifetimes.generate_data import beta_geometric_nbd_model

warnings.filterwarnings("ignore")
HORIZON = 39


def reference(frequency, recency, T):
    out = {"frequency": [float(v) for v in frequency], "recency": [float(v) for v in recency], "T": [float(v) for v in T]}
    for name, Fitter in (("bg-nbd", BetaGeoFitter), ("mbg-nbd", ModifiedBetaGeoFitter)):
        f = Fitter().fit(frequency, recency, T)
        p = f.params_
        params = {k: float(p[k]) for k in ("r", "alpha", "a", "b")}
        out[name] = {
            "params": params,
            "pAlive": [float(v) for v in f.conditional_probability_alive(frequency, recency, T)],
            "expectedPurchases": [float(v) for v in f.conditional_expected_number_of_purchases_up_to_time(HORIZON, frequency, recency, T)],
        }
    return out


def main():
    d = load_cdnow_summary(index_col=[0])
    cdnow = reference(d["frequency"].values, d["recency"].values, d["T"].values)
    # Simulated customers from known parameters (not the CDNOW fit).
    np.random.seed(2026)
    sim = beta_geometric_nbd_model(T=52, r=0.8, alpha=6.0, a=0.6, b=3.0, size=4000)
    sim = sim[sim["recency"] <= sim["T"]]
    generated = reference(sim["frequency"].values.astype(float), sim["recency"].values, sim["T"].values.astype(float))
    json.dump({"horizon": HORIZON, "cdnow": cdnow, "generated": generated}, sys.stdout)


if __name__ == "__main__":
    main()
