// The TypeScript declarations cannot drift from the engine: every result
// interface against the keys the engine really returns, every option
// interface against the options the engine accepts (the engine lists them
// when it refuses an unknown one), CxErrorCode against the engine's codes,
// and the exported names against the module's own description.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import ts from "typescript";
import * as survey from "../../pkg/index.js";
import * as tickets from "../../pkg/tickets.js";
import surveyMeta from "../../pkg/wasm/cx_metrics.meta.js";
import ticketsMeta from "../../pkg/wasm/cx_metrics_tickets.meta.js";

const pkg = new URL("../../pkg/", import.meta.url);

/** Interfaces and type aliases of a declaration file: name → { members, index }. */
function declarations(file) {
  const src = ts.createSourceFile(file, readFileSync(new URL(file, pkg), "utf8"), ts.ScriptTarget.Latest, true);
  const out = new Map();
  const functions = new Set();
  const classes = new Set();
  const visit = (node) => {
    if (ts.isInterfaceDeclaration(node)) {
      const members = [];
      let index = false;
      const bases = (node.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText(src)));
      for (const m of node.members) {
        if (ts.isIndexSignatureDeclaration(m)) index = true;
        else if (m.name) members.push(m.name.getText(src).replace(/^"|"$/g, ""));
      }
      out.set(node.name.text, { members, index, bases });
    } else if (ts.isTypeAliasDeclaration(node)) {
      out.set(node.name.text, { alias: node.type.getText(src) });
    } else if (ts.isFunctionDeclaration(node) && node.name) {
      functions.add(node.name.text);
    } else if (ts.isClassDeclaration(node) && node.name) {
      classes.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return { types: out, functions, classes };
}

const types = declarations("types.d.ts");
const surveyD = declarations("index.d.ts");
const ticketsD = declarations("tickets.d.ts");
const all = new Map([...types.types, ...surveyD.types, ...ticketsD.types]);

/** An interface's members, inherited ones included. */
function members(name) {
  const d = all.get(name);
  assert.ok(d && d.members, `interface ${name} is declared`);
  const inherited = d.bases.flatMap((b) => members(b).members);
  return { ...d, members: [...new Set([...inherited, ...d.members])] };
}

/** The declared keys of `name` equal the keys of `value` (an index signature allows extra keys matching `extra`). */
function sameKeys(name, value, extra) {
  const d = members(name);
  const got = Object.keys(value).filter((k) => !(d.index && extra && extra.test(k)));
  assert.deepEqual([...got].sort(), [...d.members].sort(), `${name}: declared vs returned keys`);
}

/** The options the engine knows, from the message that refuses an unknown one. */
function acceptedOptions(call) {
  try {
    call("__drift_probe__");
  } catch (e) {
    const m = /known options are (.*)$|use (.*)$|its fields are (.*)\)$/.exec(e.message);
    assert.ok(m, `the engine lists the options it knows: ${e.message}`);
    return (m[1] ?? m[2] ?? m[3]).split(", ").sort();
  }
  assert.fail("an unknown option was accepted");
}

test("result interfaces have exactly the keys the engine returns", () => {
  const r = survey.nps(new Uint8Array([10, 9, 0, 7]));
  sameKeys("NpsResult", r);
  sameKeys("ConfidenceInterval", r.confidenceInterval);
  sameKeys("NpsBandThresholds", r.bandThresholds);
  const skipped = survey.nps([11], { invalid: "skip" });
  sameKeys("InvalidEntry", skipped.invalid[0]);
  sameKeys("CsatResult", survey.csat([5, 4, 1]));
  sameKeys("CesResult", survey.ces([7, 6, 1]));
  sameKeys("NpsComparison", survey.npsCompare([10, 9, 0], [0, 0, 9]));
  sameKeys("Change", survey.csatCompare([5, 4, 1], [1, 2, 5]));
  sameKeys("Change", survey.cesCompare([7, 6, 1], [1, 2, 5]));
  sameKeys("NpsResult", survey.npsFromCounts({ promoters: 1, passives: 1, detractors: 1 }));
  sameKeys("CsatResult", survey.csatFromCounts([1, 0, 0, 0, 1]));
  sameKeys("CesResult", survey.cesFromCounts([1, 0, 0, 0, 0, 0, 1]));
  const cmpRates = survey.compareRates({ successes: 3, trials: 10 }, [true, false, true]);
  sameKeys("RateComparison", cmpRates);
  sameKeys("ConversionRate", cmpRates.rateA);
  sameKeys("ExpectedLoss", cmpRates.expectedLoss);
  sameKeys("CartAbandonment", survey.cartAbandonment({ cartsCreated: 3, ordersCompleted: 1 }));
  const a = new survey.NpsAccumulator();
  sameKeys("NpsAccumulatorState", a.toJSON());
  sameKeys("ScaleAccumulatorState", new survey.CsatAccumulator().toJSON());
  const cal = { timeZone: "UTC", week: { mon: [["09:00", "17:00"]] } };
  const m = tickets.ticketMetrics([{ createdAt: 0, firstResponseAt: 60_000, resolvedAt: 120_000, replies: 1, abandoned: false, status: "solved" }], {
    calendar: cal,
    sla: { firstResponseMs: 1 },
    asOf: 200_000,
    backlog: { from: 0, to: 1, every: "day" },
  });
  sameKeys("TicketMetrics", m);
  sameKeys("DurationStats", m.firstResponse, /^p\d/);
  sameKeys("HistogramBin", m.firstResponse.histogram[0]);
  sameKeys("Rate", m.firstContactResolution);
  sameKeys("SlaReport", m.sla);
  sameKeys("SlaResult", m.sla.firstResponse);
  sameKeys("BacklogPoint", m.backlog[0]);
  const g = tickets.groupKpis([{ s: "a", t: 0, x: 9 }], {
    by: ["s", { time: "t", every: "day" }],
    metrics: { x: { kind: "nps", column: "x" } },
    compare: "previous",
    totals: true,
  });
  sameKeys("GroupResult", g);
  sameKeys("Change", g.rows[0].x.change);
  const rev = tickets.revenueMetrics(
    [
      { customerId: "a", start: 0, end: 3_000_000_000, amount: 10, interval: "month" },
      { customerId: "b", start: 0, amount: 20, interval: "month" },
    ],
    { from: 0, to: 6_000_000_000, asOf: 1e13 },
  );
  sameKeys("RevenueResult", rev);
  sameKeys("RevenuePeriod", rev.periods[2]);
  sameKeys("CustomerFlow", rev.periods[2].customers);
  sameKeys("Movement", rev.movements[0]);
  const coh = tickets.cohortRetention([{ customerId: "a", start: 1, amount: 10, interval: "month" }], { from: 0, to: 3_000_000_000, asOf: 1e13 });
  sameKeys("CohortTable", coh);
  sameKeys("Cohort", coh.cohorts[0]);
  sameKeys("CohortCell", coh.cohorts[0].periods[0]);
  sameKeys("BgNbdResult", tickets.bgNbdFit({ frequency: [2, 0], recency: [10, 0], T: [20, 5] }));
  sameKeys("RfmSummary", tickets.rfmSummary([{ customerId: "a", at: 0, amount: 1 }]));
  const gg = tickets.gammaGammaFit({ frequency: [2, 1, 0], monetaryValue: [10, 20, 0] });
  sameKeys("GammaGammaResult", gg);
  const pm = tickets.purchaseMetrics([{ customerId: "a", at: 0, amount: 1 }], { asOf: 1e9 });
  sameKeys("PurchaseMetrics", pm);
  sameKeys("ActivityCounts", pm.customers);
  sameKeys("PurchaseCustomers", pm.perCustomer);
  sameKeys("ClvResult", tickets.clv({ frequency: [1], recency: [2], T: [3], monetaryValue: [10] }, { bgNbd: { r: 1, alpha: 1, a: 1, b: 1 }, gammaGamma: { p: 1, q: 2, gamma: 1 } }));
  const fr = tickets.funnel([{ actor: "a", timestamp: 0, event: "v", p: 1 }, { actor: "a", timestamp: 1, event: "b" }], { steps: ["v", "b"], breakdown: "p", asOf: 2 });
  sameKeys("FunnelResult", fr);
  sameKeys("FunnelStepResult", fr.steps[1]);
  sameKeys("FunnelBreakdownGroup", fr.breakdown[0]);
  sameKeys("BounceRate", tickets.bounceRate([{ pageViews: 1 }]));
  sameKeys("CartResult", tickets.cartAbandonment([{ actor: "a", timestamp: 0, event: "add_to_cart" }]));
  sameKeys("CartResult", tickets.cartAbandonment({ cartsCreated: 2, ordersCompleted: 1 }));
  const hs = tickets.healthScores({ x: [1] }, { groups: [{ name: "g", measures: [{ column: "x", scoring: { type: "percentile" } }] }] });
  sameKeys("HealthScores", hs);
  sameKeys("AccountHealth", hs.accounts[0]);
  sameKeys("HealthContribution", hs.accounts[0].contributions[0]);
  sameKeys("HealthPortfolio", hs.portfolio);
  sameKeys("HealthSegment", tickets.healthScores({ x: [1], s: ["a"] }, { segment: "s", groups: [{ name: "g", measures: [{ column: "x", scoring: { type: "percentile" } }] }] }).segments[0]);
  sameKeys("HealthSpecProblem", tickets.validateHealthSpec({ groups: [] }).errors[0]);
  // A row: its keys, the period fields, its metrics.
  assert.deepEqual(Object.keys(g.rows[0]), ["s", ...members("GroupPeriodFields").members, "x"]);
  assert.deepEqual(Object.keys(g.totals[0]), ["s", "x"]);
});

test("option interfaces name exactly the options the engine accepts", () => {
  const probe = (f) => acceptedOptions(f);
  const declared = (name) => [...members(name).members].sort();
  assert.deepEqual(probe((k) => survey.nps([1], { [k]: 1 })), declared("NpsOptions"));
  assert.deepEqual(probe((k) => survey.nps([1], { bands: { [k]: 1 } })), declared("NpsBandThresholds"));
  assert.deepEqual(probe((k) => survey.csat([1], { [k]: 1 })), declared("CsatOptions"));
  assert.deepEqual(probe((k) => survey.ces([1], { [k]: 1 })), declared("CesOptions"));
  assert.deepEqual(probe((k) => survey.npsCompare([1], [1], { [k]: 1 })), declared("NpsCompareOptions"));
  assert.deepEqual(probe((k) => survey.csatCompare([1], [1], { [k]: 1 })), declared("CsatCompareOptions"));
  assert.deepEqual(probe((k) => survey.cesCompare([1], [1], { [k]: 1 })), declared("CesCompareOptions"));
  assert.deepEqual(probe((k) => new survey.CsatAccumulator({ [k]: 1 })), declared("ScaleAccumulatorOptions"));
  assert.deepEqual(probe((k) => survey.conversionRate([1], { [k]: 1 })), declared("RateOptions"));
  assert.deepEqual(probe((k) => survey.compareRates([1], [1], { [k]: 1 })), declared("CompareRatesOptions"));
  assert.deepEqual(probe((k) => survey.cartAbandonment({ cartsCreated: 1, ordersCompleted: 1 }, { [k]: 1 })), declared("CartOptions"));
  assert.deepEqual(probe((k) => survey.NpsAccumulator.fromJSON(new survey.NpsAccumulator().toJSON(), { [k]: 1 })), declared("FromStateOptions"));
  assert.deepEqual(probe((k) => tickets.ticketMetrics([], { [k]: 1 })), declared("TicketOptions"));
  assert.deepEqual(probe((k) => tickets.ticketMetrics([], { sla: { [k]: 1 } })), declared("SlaOptions"));
  assert.deepEqual(probe((k) => tickets.ticketMetrics([], { backlog: { from: 0, to: 1, every: "day", [k]: 1 } })), declared("BacklogOptions"));
  const group = (o, m = { kind: "nps", column: "x" }) => tickets.groupKpis([], { by: [], metrics: { m }, ...o });
  assert.deepEqual(probe((k) => group({ [k]: 1 })), declared("GroupOptions"));
  assert.deepEqual(probe((k) => group({ by: [{ time: "t", every: "day", [k]: 1 }] })), declared("TimeKey"));
  assert.deepEqual(probe((k) => group({}, { kind: "nps", column: "x", [k]: 1 })), declared("GroupNpsMetric"));
  assert.deepEqual(probe((k) => group({}, { kind: "csat", column: "x", [k]: 1 })), declared("GroupCsatMetric"));
  assert.deepEqual(probe((k) => group({}, { kind: "ces", column: "x", [k]: 1 })), declared("GroupCesMetric"));
  assert.deepEqual(probe((k) => group({}, { kind: "handle", [k]: 1 })), declared("GroupTicketMetric"));
  assert.deepEqual(probe((k) => group({}, { kind: "conversion", column: "x", [k]: 1 })), declared("GroupConversionMetric"));
  assert.deepEqual(probe((k) => group({}, { kind: "bounce", [k]: 1 })), declared("GroupBounceMetric"));
  assert.deepEqual(probe((k) => group({}, { kind: "cartAbandonment", column: "x", [k]: 1 })), declared("GroupCartAbandonmentMetric"));
  assert.deepEqual(probe((k) => tickets.revenueMetrics([], { [k]: 1 })), declared("RevenueOptions"));
  assert.deepEqual(probe((k) => tickets.cohortRetention([], { [k]: 1 })), [...declared("RevenueOptions"), "basis"].sort());
  assert.deepEqual(probe((k) => tickets.bgNbdFit({ frequency: [1], recency: [1], T: [2] }, { [k]: 1 })), declared("BgNbdOptions"));
  assert.deepEqual(probe((k) => tickets.rfmSummary([{ customerId: "a", at: 0 }], { [k]: 1 })), declared("RfmOptions"));
  assert.deepEqual(probe((k) => tickets.gammaGammaFit({ frequency: [1], monetaryValue: [1] }, { [k]: 1 })), declared("GammaGammaOptions"));
  assert.deepEqual(probe((k) => tickets.purchaseMetrics([], { [k]: 1 })), declared("PurchaseOptions"));
  assert.deepEqual(probe((k) => tickets.businessDuration(0, 1, { timeZone: "UTC", week: {}, [k]: 1 })), declared("BusinessCalendar"));
  assert.deepEqual(probe((k) => tickets.funnel([], { steps: ["a"], [k]: 1 })), declared("FunnelOptions"));
  assert.deepEqual(probe((k) => tickets.funnel([], { steps: [{ event: "a", [k]: 1 }] })), [...declared("EventMatch"), "name"].sort());
  assert.deepEqual(probe((k) => tickets.funnel([], { steps: ["a", "b"], exclusions: [{ event: "a", [k]: 1 }] })), declared("FunnelExclusion"));
  assert.deepEqual(probe((k) => tickets.bounceRate([], { [k]: 1 })), declared("BounceOptions"));
  assert.deepEqual(probe((k) => tickets.cartAbandonment([], { [k]: 1 })), declared("CartEventOptions"));
  const measure = { column: "x", scoring: { type: "percentile" } };
  const health = (o) => tickets.healthScores([], { groups: [{ name: "g", measures: [measure] }], ...o });
  assert.deepEqual(probe((k) => health({ [k]: 1 })), declared("HealthSpec"));
  assert.deepEqual(probe((k) => health({ groups: [{ name: "g", measures: [measure], [k]: 1 }] })), declared("HealthGroup"));
  assert.deepEqual(probe((k) => health({ groups: [{ name: "g", measures: [{ ...measure, [k]: 1 }] }] })), declared("HealthMeasure"));
  assert.deepEqual(probe((k) => health({ groups: [{ name: "g", measures: [{ ...measure, scoring: { type: "percentile", [k]: 1 } }] }] })), declared("HealthScoring"));
  assert.deepEqual(probe((k) => health({ bands: [{ label: "a", color: "b", min: 0, max: 100, [k]: 1 }] })), declared("HealthBand"));
  // Read options are the options minus those that apply when answers are added.
  const refused = (f) => {
    try {
      f();
    } catch (e) {
      return e.code === "INVALID_OPTION" && /not an option here|not a known option/.test(e.message);
    }
    return false;
  };
  for (const k of ["invalid", "weights"]) assert.ok(refused(() => survey.npsFromCounts([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], { [k]: k === "weights" ? [1] : "skip" })), `npsFromCounts refuses ${k}`);
  for (const k of ["invalid", "scale"]) assert.ok(refused(() => new survey.CsatAccumulator().result({ [k]: k === "scale" ? [1, 5] : "skip" })), `result() refuses ${k}`);
  assert.deepEqual(members("NpsOptions").members.filter((k) => !["invalid", "weights"].includes(k)).sort(), ["bands", "confidence", "method"]);
});

test("CxErrorCode lists exactly the engine's codes", () => {
  const alias = all.get("CxErrorCode").alias;
  const declared = [...alias.matchAll(/"([A-Z_]+)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(declared, [...surveyMeta.codes].sort());
  assert.deepEqual(surveyMeta.codes, ticketsMeta.codes, "both modules have the same codes");
});

test("the README's table of error codes lists exactly the engine's codes", () => {
  const readme = readFileSync(new URL("../../pkg/README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("### Errors"), readme.indexOf("## Support tickets"));
  const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
  const engine = [...new Set([...surveyMeta.codes, ...ticketsMeta.codes])];
  assert.deepEqual([...documented].sort(), engine.sort());
});

test("every export is declared, and every declared function exists", () => {
  for (const [meta, d, mod] of [[surveyMeta, surveyD, survey], [ticketsMeta, ticketsD, tickets]]) {
    const publicNames = meta.exports.filter((e) => e.public).map((e) => e.name).sort();
    assert.deepEqual([...d.functions].filter((f) => f !== "isCxError").sort(), publicNames);
    assert.deepEqual([...d.classes].sort(), meta.accumulators.map((a) => a.class).sort());
    for (const name of [...d.functions, ...d.classes]) assert.equal(typeof mod[name], "function", name);
  }
  assert.ok(types.functions.has("isCxError"));
  // Parameter names are JavaScript names, as the engine calls them in its messages.
  for (const e of [...surveyMeta.exports, ...ticketsMeta.exports]) {
    for (const a of e.args) assert.match(a.name, /^[a-z][A-Za-z]*$/, `${e.name}(${a.name})`);
  }
});

test("isCxError narrows errors of either module", () => {
  let caught;
  try {
    tickets.businessDuration(1, 0, { timeZone: "UTC", week: {} });
  } catch (e) {
    caught = e;
  }
  assert.ok(survey.isCxError(caught) && tickets.isCxError(caught));
  assert.ok(!survey.isCxError(new Error("x")) && !survey.isCxError({ code: "INVALID_TYPE" }) && !survey.isCxError(null));
  // It never throws: hostile values are simply not cx-metrics errors.
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const throwing = new Proxy({}, { getPrototypeOf() { throw new Error("trap"); } });
  const getter = Object.defineProperty(new Error("x"), "code", { get() { throw new Error("getter"); } });
  for (const v of [revoked.proxy, throwing, getter]) {
    assert.equal(survey.isCxError(v), false);
    assert.equal(tickets.isCxError(v), false);
  }
});
