// What differs between the NPS, CSAT and CES calculators: the scale, the
// engine calls, the count inputs, the settings and how a result is drawn.
//
// Nothing here decides a rule of the metrics. Which group each scale point
// belongs to (promoter cut-offs, satisfied box, easy and difficult boxes),
// the default thresholds and the band limits all come from the engine's
// results (`groups`, `satisfiedFrom`, `bandThresholds`…), and every option a
// person sets is checked by the engine.
import { nps, npsFromCounts, csat, csatFromCounts, ces, cesFromCounts } from "../index.js";
import { escapeHtml } from "./html.js";

/** Reads a "1-5" style attribute among the scales offered; else the fallback. */
function parseScale(value, fallback, allowed) {
  const m = /^\s*(\d+)\s*[-–:,]\s*(\d+)\s*$/.exec(value || "");
  const key = m ? `${+m[1]}-${+m[2]}` : "";
  return allowed.includes(key) ? key.split("-").map(Number) : fallback;
}

const zeros = ([lo, hi]) => new Array(hi - lo + 1).fill(0);

/**
 * The first and last score of each group of a result (`groups` lists the
 * group of each scale point), as "9–10" texts: group → range.
 */
export function groupRanges(result) {
  const lo = result.scale ? result.scale[0] : 0;
  const ranges = {};
  result.groups.forEach((g, i) => {
    const k = lo + i;
    if (!ranges[g]) ranges[g] = [k, k];
    else ranges[g][1] = k;
  });
  const text = {};
  for (const [g, [a, b]] of Object.entries(ranges)) text[g] = a === b ? `${a}` : `${a}–${b}`;
  return text;
}

/** The engine's options from attributes, keeping only those the engine accepts. */
function accepted(scale, candidate, check) {
  try {
    check({ scale, ...candidate });
    return candidate;
  } catch {
    return {};
  }
}

// The colour of each engine group.
const TONES = {
  promoter: "promoter",
  passive: "passive",
  detractor: "detractor",
  satisfied: "promoter",
  unsatisfied: "neutral",
  easy: "promoter",
  neutral: "passive",
  difficult: "detractor",
};
export const toneOf = (group) => TONES[group] ?? "neutral";

export const METRICS = {
  nps: {
    key: "nps",
    tag: "nps-calculator",
    attributes: [],
    scale: () => [0, 10],
    scales: null,
    // Counts by group: [group key of the inputs, group name in results].
    groups: [
      ["promoters", "promoter"],
      ["passives", "passive"],
      ["detractors", "detractor"],
    ],
    marksFirstResult: true,
    example:
      "Likelihood to recommend (0–10)\n" +
      "10\n9\n10\n8\n7\n9\n10\n6\n9\n3\n10\n8\n9\n10\n7\n9\n5\n10\n9\n8\n10\n9\n7\n10\n2\n9\n10\n8\n9\n10\n",
    options: () => ({}),
    compute: (values, o) => nps(values, { invalid: "skip", confidence: o.confidence }),
    fromGroups: (c, o) =>
      npsFromCounts({ promoters: c.promoters, passives: c.passives, detractors: c.detractors }, { confidence: o.confidence }),
    fromPoints: (counts, o) => npsFromCounts({ distribution: counts }, { confidence: o.confidence }),
    empty: (o) => npsFromCounts(zeros(o.scale), { confidence: o.confidence }),
    isEmpty: (r) => r.score === null,
    settingsHtml: () => "",
    /** Gauge: the band limits of the engine as coloured arcs, and a needle. */
    formula: (r, t) => t.npsFormula,
    gauge(r) {
      const b = r.bandThresholds;
      return {
        min: -100,
        max: 100,
        segments: [
          [-100, b.reasonable, "detractor", ""],
          [b.reasonable, b.veryGood, "passive", ""],
          [b.veryGood, b.excellent, "promoter", " light"],
          [b.excellent, 100, "promoter", ""],
        ].filter(([a, z]) => z > a),
        needle: true,
        ends: ["−100", "100"],
        middle: "0",
      };
    },
    view(r, t, f) {
      const band = r.band ? t.bands[r.band] : "";
      const shares = [
        [t.detractors, r.detractorShare, "detractor"],
        [t.passives, r.passiveShare, "passive"],
        [t.promoters, r.promoterShare, "promoter"],
      ];
      const ci = r.confidenceInterval;
      return {
        label: "NPS",
        value: f.score(r.score),
        suffix: "",
        chip: r.band ? { text: band, tone: r.band } : null,
        gauge: { value: r.score, alt: t.npsGaugeAlt(f.score(r.score)) },
        summary: t.npsSummary(
          f.score(r.score),
          band,
          t.answers(r.responses, f.count(r.responses)),
          f.pct(r.promoterShare),
          f.pct(r.passiveShare),
          f.pct(r.detractorShare),
        ),
        bar: shares.map(([label, share, tone]) => ({ label, share, tone, text: f.pct(share) })),
        interval: ci ? t.npsInterval(f.level(ci.level), ...f.bounds(ci.low, ci.high)) : "",
        moe: ci ? t.moe(f.moe((ci.high - ci.low) / 2)) : "",
        distribution: r.distribution,
      };
    },
  },
  csat: {
    key: "csat",
    tag: "csat-calculator",
    attributes: ["scale", "satisfied-from"],
    scale: (el) => parseScale(el.getAttribute("scale"), [1, 5], METRICS.csat.scales),
    scales: ["1-3", "1-4", "1-5", "1-7", "1-10", "0-10"],
    groups: null,
    example: "Satisfaction (1–5)\n5\n4\n5\n3\n4\n5\n2\n4\n5\n5\n4\n3\n5\n4\n1\n5\n4\n4\n5\n3\n",
    options(el, scale) {
      // Blank is not given (the top-2 box), never 0; only plain decimal
      // numbers are read ("0x3" is not 3).
      const given = (el.getAttribute("satisfied-from") ?? "").trim();
      if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(given)) return {};
      const candidate = { satisfiedFrom: Number(given) };
      return accepted(scale, candidate, (o) => csatFromCounts(zeros(scale), o));
    },
    compute: (values, o) => csat(values, { invalid: "skip", confidence: o.confidence, scale: o.scale, ...o.extra }),
    fromPoints: (counts, o) => csatFromCounts(counts, { confidence: o.confidence, scale: o.scale, ...o.extra }),
    empty: (o) => METRICS.csat.fromPoints(zeros(o.scale), o),
    isEmpty: (r) => r.score === null,
    /** Scale and the lowest satisfied score (the engine's default marked). */
    settingsHtml(el, t, scale, o) {
      const [lo, hi] = scale;
      const current = METRICS.csat.empty(o).satisfiedFrom;
      const opts = [];
      for (let k = lo; k <= hi; k++) opts.push(`<option value="${k}"${k === current ? " selected" : ""}>${k}</option>`);
      return `${scaleSelect(t, METRICS.csat.scales, scale)}<label>${escapeHtml(t.satisfiedFrom)} <select id="satisfied-from">${opts.join("")}</select></label>`;
    },
    formula: (r, t) => t.csatFormula(r.satisfiedFrom, r.scale[1]),
    gauge: () => ({ min: 0, max: 100, segments: null, needle: false, ends: ["0%", "100%"], middle: "" }),
    view(r, t, f) {
      const ci = r.confidenceInterval;
      const sat = r.score;
      const max = r.scale[1];
      return {
        label: "CSAT",
        value: f.pct(sat),
        suffix: "",
        chip: null,
        gauge: { value: sat, alt: t.csatGaugeAlt(f.pct(sat)) },
        summary: t.csatSummary(f.pct(sat), f.count(r.satisfied), t.answers(r.total, f.count(r.total)), r.satisfiedFrom, max, f.mean(r.mean)),
        bar: [
          { label: t.notSatisfied, share: 100 - sat, tone: "detractor", text: f.pct(100 - sat) },
          { label: t.satisfied, share: sat, tone: "promoter", text: f.pct(sat) },
        ],
        interval: ci ? t.csatInterval(f.level(ci.level), ...f.bounds(ci.low, ci.high).map((x) => x + "%")) : "",
        moe: "",
        distribution: r.distribution,
      };
    },
  },
  ces: {
    key: "ces",
    tag: "ces-calculator",
    attributes: ["scale", "higher-is-easier"],
    scale: (el) => parseScale(el.getAttribute("scale"), [1, 7], METRICS.ces.scales),
    scales: ["1-5", "1-7", "1-10"],
    groups: null,
    example: "How easy was it to get your issue resolved? (1–7)\n7\n6\n6\n5\n7\n3\n6\n7\n5\n6\n2\n7\n6\n4\n7\n6\n5\n7\n1\n6\n",
    options(el) {
      return { higherIsEasier: el.getAttribute("higher-is-easier") !== "false" };
    },
    compute: (values, o) => ces(values, { invalid: "skip", confidence: o.confidence, scale: o.scale, ...o.extra }),
    fromPoints: (counts, o) => cesFromCounts(counts, { confidence: o.confidence, scale: o.scale, ...o.extra }),
    empty: (o) => METRICS.ces.fromPoints(zeros(o.scale), o),
    isEmpty: (r) => r.mean === null,
    settingsHtml(el, t, scale, o) {
      const on = o.extra.higherIsEasier;
      return `${scaleSelect(t, METRICS.ces.scales, scale)}<label><input type="checkbox" id="higher-is-easier"${on ? " checked" : ""}> ${escapeHtml(t.higherIsEasier)}</label>`;
    },
    formula: (r, t) => t.cesFormula,
    gauge: (r) => ({ min: r.scale[0], max: r.scale[1], segments: null, needle: false, ends: r.scale.map(String), middle: "" }),
    view(r, t, f) {
      const ci = r.confidenceInterval;
      const [min, max] = r.scale;
      const neutral = Math.max(0, 100 - r.easyShare - r.difficultShare);
      return {
        label: "CES",
        value: f.mean(r.mean),
        suffix: t.outOf(max),
        chip: null,
        gauge: { value: r.mean, alt: t.cesGaugeAlt(f.mean(r.mean), min, max) },
        summary: t.cesSummary(
          f.mean(r.mean),
          min,
          max,
          r.higherIsEasier ? t.higherEasier : t.lowerEasier,
          f.pct(r.easyShare),
          f.pct(r.difficultShare),
          f.signed(r.netEffort),
        ),
        bar: [
          { label: t.difficult, share: r.difficultShare, tone: "detractor", text: f.pct(r.difficultShare) },
          { label: t.neutral, share: neutral, tone: "passive", text: f.pct(neutral) },
          { label: t.easy, share: r.easyShare, tone: "promoter", text: f.pct(r.easyShare) },
        ],
        interval: ci ? t.cesInterval(f.level(ci.level), ...f.bounds(ci.low, ci.high, 2)) : "",
        moe: "",
        distribution: r.distribution,
      };
    },
  },
};

function scaleSelect(t, scales, [lo, hi]) {
  const key = `${lo}-${hi}`;
  return `<label>${escapeHtml(t.scale)} <select id="scale">${scales
    .map((sc) => `<option value="${sc}"${sc === key ? " selected" : ""}>${sc.replace("-", "–")}</option>`)
    .join("")}</select></label>`;
}
