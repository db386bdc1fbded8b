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
from lifetimes import BetaGeoFitter, GammaGammaFitter, ModifiedBetaGeoFitter
from lifetimes.datasets import load_cdnow_summary, load_cdnow_summary_data_with_monetary_value
from lifetimes.generate_data import beta_geometric_nbd_model
from lifetimes.utils import summary_data_from_transaction_data
import os
import pandas as pd
import lifetimes

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
    # RFM summaries of the CDNOW transactions (sorted by customer and date,
    # as lifetimes expects), by day, by week and in days / 7.
    path = os.path.join(os.path.dirname(lifetimes.__file__), "datasets", "CDNOW_master.txt")
    tx = pd.read_csv(path, sep=r"\s+", dtype={"customer_id": str, "date": str})
    tx["at"] = pd.to_datetime(tx["date"], format="%Y%m%d")
    rfm = {
        "customerId": tx["customer_id"].tolist(),
        # Epoch ms, whatever resolution pandas keeps the dates in.
        "at": [int(v) for v in ((tx["at"] - pd.Timestamp("1970-01-01")) // pd.Timedelta(milliseconds=1))],
        "amount": [float(v) for v in tx["dollar_value"]],
        "observationEnd": "1997-09-30T00:00:00Z",
    }
    for name, freq, mult in (("day", "D", 1), ("week", "W", 1), ("days/7", "D", 7)):
        summary = summary_data_from_transaction_data(tx, "customer_id", "at", monetary_value_col="dollar_value", observation_period_end="1997-09-30", freq=freq, freq_multiplier=mult)
        rfm[name] = {
            "customerId": [str(v) for v in summary.index],
            "frequency": summary["frequency"].tolist(),
            "recency": summary["recency"].tolist(),
            "T": summary["T"].tolist(),
            "monetaryValue": summary["monetary_value"].tolist(),
        }
    # Gamma-Gamma on the CDNOW summary with monetary values (repeat buyers),
    # and the 12-month CLV of every customer (weeks: 4.345 per month).
    m = load_cdnow_summary_data_with_monetary_value()
    repeat = m[m["frequency"] > 0]
    ggf = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    bgf = BetaGeoFitter().fit(m["frequency"], m["recency"], m["T"])
    clv = ggf.customer_lifetime_value(bgf, m["frequency"], m["recency"], m["T"], m["monetary_value"], time=12, discount_rate=0.01, freq="W")
    gamma_gamma = {
        "frequency": m["frequency"].astype(float).tolist(),
        "recency": m["recency"].astype(float).tolist(),
        "T": m["T"].astype(float).tolist(),
        "monetaryValue": m["monetary_value"].astype(float).tolist(),
        "params": {"p": float(ggf.params_["p"]), "q": float(ggf.params_["q"]), "gamma": float(ggf.params_["v"])},
        "bgNbd": {k: float(bgf.params_[k]) for k in ("r", "alpha", "a", "b")},
        "expectedAverageValue": [float(v) for v in ggf.conditional_expected_average_profit(m["frequency"], m["monetary_value"])],
        "clv": [float(v) for v in clv],
    }
    # Penalised fits on CDNOW (lifetimes fits with times divided by the
    # longest T, and penalises the parameters of that unit).
    penalised = {}
    for name, Fitter in (("bg-nbd", BetaGeoFitter), ("mbg-nbd", ModifiedBetaGeoFitter)):
        for pen in (0.001, 0.01):
            f = Fitter(penalizer_coef=pen).fit(d["frequency"].values, d["recency"].values, d["T"].values)
            penalised[f"{name} {pen}"] = {k: float(f.params_[k]) for k in ("r", "alpha", "a", "b")}
    cdnow["penalised"] = penalised
    json.dump({"horizon": HORIZON, "cdnow": cdnow, "generated": generated, "rfm": rfm, "gammaGamma": gamma_gamma}, sys.stdout)


if __name__ == "__main__":
    main()
