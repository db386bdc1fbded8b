// Complete plain-JavaScript implementations of nps(), csat() and ces(), the
// way a careful developer would write them for the browser: the same
// validation (every answer checked), the same result fields (shares,
// distribution, groups, standard error, the same intervals), caches for the
// quantiles. The benchmark compares cx-metrics against these in the same
// run, after checking that both give the same numbers.

const SQRT2 = Math.SQRT2;

function erfc(x) {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; term > sum * 1e-17; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
  }
  if (x > 27) return 0;
  let t = x;
  for (let k = 120; k >= 1; k--) t = x + (k * 0.5) / t;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / t;
}
const normalCdf = (z) => 0.5 * erfc(-z / SQRT2);

function normalQuantile(p) {
  if (p > 0.5) return -normalQuantile(1 - p);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  let x;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  for (let i = 0; i < 2; i++) {
    const e = normalCdf(x) - p;
    const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
    x -= u / (1 + (x * u) / 2);
  }
  return x;
}

const zCache = new Map();
function zCritical(level) {
  let z = zCache.get(level);
  if (z === undefined) zCache.set(level, (z = -normalQuantile((1 - level) / 2)));
  return z;
}

function lnGamma(x) {
  const g = [0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7];
  if (x < 0.5) return lnGamma(x + 1) - Math.log(x);
  x -= 1;
  let a = g[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function betaCf(x, a, b) {
  const TINY = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

function incompleteBeta(x, a, b) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  return x < (a + 1) / (a + b + 2) ? (Math.exp(front) * betaCf(x, a, b)) / a : 1 - (Math.exp(front) * betaCf(1 - x, b, a)) / b;
}

const tCdf = (t, df) => {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
};

const tCache = new Map();
/** Student-t quantile by bisection and Newton on the CDF (cached by level and df). */
function tQuantile(p, df) {
  const key = p * 1e9 + df;
  let t = tCache.get(key);
  if (t !== undefined) return t;
  let lo = 0;
  let hi = Math.max(normalQuantile(p), 1);
  while (tCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
  }
  t = 0.5 * (lo + hi);
  for (let i = 0; i < 200; i++) {
    const f = tCdf(t, df) - p;
    if (f > 0) hi = t;
    else lo = t;
    const pdf = Math.exp(lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log(1 + (t * t) / df));
    let next = t - f / pdf;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 1e-13 * Math.abs(next)) {
      t = next;
      break;
    }
    t = next;
  }
  tCache.set(key, t);
  return t;
}

/** Counts answers on [lo, hi], rejecting anything else (as the library does by default). */
function tally(scores, lo, hi) {
  const counts = new Array(hi - lo + 1).fill(0);
  const n = scores.length;
  const typed = ArrayBuffer.isView(scores);
  for (let i = 0; i < n; i++) {
    const v = scores[i];
    if (!typed && typeof v !== "number") throw new TypeError(`score at index ${i} is not a number`);
    if (!(v >= lo && v <= hi) || v !== Math.floor(v)) throw new RangeError(`score at index ${i} is ${v}`);
    counts[v - lo]++;
  }
  return counts;
}

const share = (part, total) => (total > 0 ? (100 * part) / total : null);
const NPS_GROUPS = ["detractor", "detractor", "detractor", "detractor", "detractor", "detractor", "detractor", "passive", "passive", "promoter", "promoter"];

export function jsNps(scores, { confidence = 0.95 } = {}) {
  const h = tally(scores, 0, 10);
  const n = scores.length;
  const P = h[9] + h[10];
  const Pa = h[7] + h[8];
  const D = n - P - Pa;
  const score = n ? (100 * (P - D)) / n : null;
  let se = null;
  let ci = null;
  if (n) {
    const p = P / n;
    const d = D / n;
    se = 100 * Math.sqrt(Math.max(0, p + d - (p - d) * (p - d)) / n);
    const z = zCritical(confidence);
    const na = n + 3;
    const pa = (P + 0.75) / na;
    const da = (D + 0.75) / na;
    const s = Math.sqrt(Math.max(0, pa + da - (pa - da) * (pa - da)) / na);
    ci = { low: Math.max(-100, 100 * (pa - da - z * s)), high: Math.min(100, 100 * (pa - da + z * s)), level: confidence, method: "adjusted-wald" };
  }
  const band = score === null ? null : score >= 75 ? "excellent" : score >= 50 ? "very-good" : score >= 0 ? "reasonable" : "poor";
  return {
    score,
    total: n,
    promoters: P,
    passives: Pa,
    detractors: D,
    promoterShare: share(P, n),
    passiveShare: share(Pa, n),
    detractorShare: share(D, n),
    distribution: h,
    groups: NPS_GROUPS.slice(),
    standardError: se,
    confidenceInterval: ci,
    band,
    bandThresholds: { excellent: 75, veryGood: 50, reasonable: 0 },
    skipped: 0,
    responses: n,
    effectiveN: n,
    invalid: [],
  };
}

export function jsCsat(scores, { confidence = 0.95, scale = [1, 5] } = {}) {
  const [lo, hi] = scale;
  const h = tally(scores, lo, hi);
  const n = scores.length;
  const from = hi - lo + 1 >= 4 ? hi - 1 : hi;
  let sat = 0;
  let sum = 0;
  for (let k = lo; k <= hi; k++) {
    if (k >= from) sat += h[k - lo];
    sum += k * h[k - lo];
  }
  let ci = null;
  if (n) {
    const z = zCritical(confidence);
    const p = sat / n;
    const z2 = z * z;
    const den = 1 + z2 / n;
    const centre = (p + z2 / (2 * n)) / den;
    const half = (z / den) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
    ci = { low: 100 * Math.max(0, centre - half), high: 100 * Math.min(1, centre + half), level: confidence, method: "wilson" };
  }
  return {
    score: share(sat, n),
    mean: n ? sum / n : null,
    total: n,
    satisfied: sat,
    distribution: h,
    groups: h.map((_, i) => (lo + i >= from ? "satisfied" : "unsatisfied")),
    confidenceInterval: ci,
    skipped: 0,
    responses: n,
    effectiveN: n,
    scale: [lo, hi],
    satisfiedFrom: from,
    invalid: [],
  };
}

export function jsCes(scores, { confidence = 0.95, scale = [1, 7] } = {}) {
  const [lo, hi] = scale;
  const h = tally(scores, lo, hi);
  const n = scores.length;
  const easyFrom = hi - 1;
  const difficultFrom = lo + 1;
  let easy = 0;
  let hard = 0;
  let sum = 0;
  for (let k = lo; k <= hi; k++) {
    const c = h[k - lo];
    if (k >= easyFrom) easy += c;
    if (k <= difficultFrom) hard += c;
    sum += k * c;
  }
  const mean = n ? sum / n : null;
  let sd = null;
  let ci = null;
  if (n > 1) {
    let ss = 0;
    for (let k = lo; k <= hi; k++) ss += h[k - lo] * (k - mean) * (k - mean);
    sd = Math.sqrt(ss / (n - 1));
    const half = (tQuantile(1 - (1 - confidence) / 2, n - 1) * sd) / Math.sqrt(n);
    ci = { low: Math.max(lo, mean - half), high: Math.min(hi, mean + half), level: confidence, method: "t" };
  }
  const e = share(easy, n);
  const d = share(hard, n);
  return {
    mean,
    standardDeviation: sd,
    easyShare: e,
    difficultShare: d,
    netEffort: e === null ? null : e - d,
    distribution: h,
    groups: h.map((_, i) => (lo + i >= easyFrom ? "easy" : lo + i <= difficultFrom ? "difficult" : "neutral")),
    confidenceInterval: ci,
    total: n,
    skipped: 0,
    responses: n,
    effectiveN: n,
    scale: [lo, hi],
    higherIsEasier: true,
    easyFrom,
    difficultFrom,
    invalid: [],
  };
}
