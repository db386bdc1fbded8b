// The demo page: tabs, language, and the comparison of two periods. The
// calculators themselves are the package's own <nps-calculator>,
// <csat-calculator> and <ces-calculator> elements.
import "./pkg/calculator.js";
import { npsCompare } from "./pkg/index.js";

const TEXT = {
  en: {
    locale: "en-US",
    skip: "Skip to the calculator",
    language: "Language",
    calculators: "Calculators",
    title: "NPS calculator",
    lead: "Paste survey scores or type the counts and get your Net Promoter Score with its confidence interval as you type. Compare two periods, and compute CSAT and CES too. Everything runs in your browser: your data never leaves this page.",
    tabNps: "NPS",
    tabCompare: "Compare periods",
    tabCsat: "CSAT",
    tabCes: "CES",
    tabSegments: "By segment",
    segmentsIntro: "Drop or paste a CSV of survey answers (a date, a segment and a 0–10 score per row): see the NPS of every segment, month by month, with its interval, and which changes are real.",
    segmentsDrop: "Drop a CSV file here, or choose one",
    segmentsPaste: "Paste CSV",
    segmentsExample: "Use an example",
    segmentsDate: "Date column",
    segmentsSegment: "Segment column",
    segmentsScore: "Score column",
    segmentsEvery: "Period",
    month: "Month",
    quarter: "Quarter",
    week: "Week",
    segmentsExport: "Export CSV",
    segmentsLegend: "Cells: NPS, with its 95% interval underneath. ▲ / ▼: a change from the previous period that is statistically significant (Benjamini–Hochberg, 5% false discovery rate). The line at the end of each row is the segment's trend.",
    segmentsRead: (rows, groups, skipped, ms) => `${rows} answers in ${groups} segments${skipped ? `; ${skipped} rows left out (invalid)` : ""}. Computed in ${ms} ms.`,
    segmentsNeed: "The file needs a header row with a date, a segment and a score column.",
    segmentsTrend: "trend",
    segmentsSegmentHead: "Segment",
    segmentsTotal: "All periods",
    compareIntro: "Did the score really change, or is it noise? Enter two periods as scores or counts: the difference is tested for statistical significance.",
    periodA: "Period A",
    periodB: "Period B",
    verdictTitle: "Period B compared with period A",
    points: "points",
    csatIntro: "Customer satisfaction: the share of answers in the top boxes (4 and 5 on a 1–5 scale, by default).",
    cesIntro: "Customer effort: the average answer and the shares of easy and difficult answers (on a 1–7 scale where 7 is easiest, by default).",
    embedTitle: "Put the calculator on your own page",
    embedText: "One import and one tag. The element adapts to the width it is given, speaks English and Portuguese, takes your colours through CSS custom properties, and fires a change event with the result.",
    footer: "NPS, CSAT and CES computed by cx-metrics, a Rust engine compiled to WebAssembly. Intervals: adjusted Wald (NPS), Wilson (CSAT), Student t (CES).",
    needBoth: "Enter scores or counts for both periods to compare them.",
    rose: (d, a, b) => `From A to B the NPS rose by ${d} ${d === "1" ? "point" : "points"} (${a} → ${b}).`,
    fell: (d, a, b) => `From A to B the NPS fell by ${d} ${d === "1" ? "point" : "points"} (${a} → ${b}).`,
    same: (a) => `The NPS is the same in both periods (${a}).`,
    significant: (lvl, p) => `The difference is statistically significant at the ${lvl} level (${p}): it is unlikely to be chance.`,
    notSignificant: (lvl, p) =>
      `The difference is not statistically significant at the ${lvl} level (${p}): it could be chance. More responses would tell.`,
    untestable: "Neither period has any variation in its answers, so significance can’t be tested.",
    interval: (lvl, lo, hi) => `With ${lvl} confidence the true change is between ${lo} and ${hi} points.`,
    chartAlt: (d, lo, hi) => `Chart: the change is ${d} points, with its interval from ${lo} to ${hi}; the vertical line is no change.`,
    badgeYes: "Significant",
    badgeNo: "Not significant",
  },
  pt: {
    locale: "pt-BR",
    skip: "Pular para a calculadora",
    language: "Idioma",
    calculators: "Calculadoras",
    title: "Calculadora de NPS",
    lead: "Cole as notas da pesquisa ou digite as contagens e veja o seu Net Promoter Score com o intervalo de confiança enquanto digita. Compare dois períodos e calcule também CSAT e CES. Tudo roda no seu navegador: os seus dados não saem desta página.",
    tabNps: "NPS",
    tabCompare: "Comparar períodos",
    tabCsat: "CSAT",
    tabCes: "CES",
    tabSegments: "Por segmento",
    segmentsIntro: "Solte ou cole um CSV de respostas (uma data, um segmento e uma nota de 0 a 10 por linha): veja o NPS de cada segmento, mês a mês, com o intervalo, e quais mudanças são reais.",
    segmentsDrop: "Solte um arquivo CSV aqui ou escolha um",
    segmentsPaste: "Colar CSV",
    segmentsExample: "Usar um exemplo",
    segmentsDate: "Coluna de data",
    segmentsSegment: "Coluna de segmento",
    segmentsScore: "Coluna de nota",
    segmentsEvery: "Período",
    month: "Mês",
    quarter: "Trimestre",
    week: "Semana",
    segmentsExport: "Exportar CSV",
    segmentsLegend: "Células: NPS, com o intervalo de 95% embaixo. ▲ / ▼: mudança em relação ao período anterior estatisticamente significativa (Benjamini–Hochberg, taxa de falsas descobertas de 5%). A linha no fim de cada linha da tabela é a tendência do segmento.",
    segmentsRead: (rows, groups, skipped, ms) => `${rows} respostas em ${groups} segmentos${skipped ? `; ${skipped} linhas deixadas de fora (inválidas)` : ""}. Calculado em ${ms} ms.`,
    segmentsNeed: "O arquivo precisa de uma linha de cabeçalho com uma coluna de data, uma de segmento e uma de nota.",
    segmentsTrend: "tendência",
    segmentsSegmentHead: "Segmento",
    segmentsTotal: "Todos os períodos",
    compareIntro: "A nota mudou de verdade ou é ruído? Informe dois períodos, como notas ou contagens: a diferença passa por um teste de significância estatística.",
    periodA: "Período A",
    periodB: "Período B",
    verdictTitle: "Período B comparado com o período A",
    points: "pontos",
    csatIntro: "Satisfação do cliente: a proporção de respostas nas notas mais altas (4 e 5 numa escala de 1 a 5, por padrão).",
    cesIntro: "Esforço do cliente: a média das respostas e as proporções de respostas fáceis e difíceis (numa escala de 1 a 7 em que 7 é o mais fácil, por padrão).",
    embedTitle: "Coloque a calculadora na sua página",
    embedText: "Um import e uma tag. O elemento se adapta à largura disponível, fala inglês e português, usa as suas cores por meio de propriedades CSS e dispara um evento change com o resultado.",
    footer: "NPS, CSAT e CES calculados pelo cx-metrics, um motor em Rust compilado para WebAssembly. Intervalos: Wald ajustado (NPS), Wilson (CSAT), t de Student (CES).",
    needBoth: "Informe notas ou contagens dos dois períodos para compará-los.",
    rose: (d, a, b) => `De A para B o NPS subiu ${d} ${d === "1" ? "ponto" : "pontos"} (${a} → ${b}).`,
    fell: (d, a, b) => `De A para B o NPS caiu ${d} ${d === "1" ? "ponto" : "pontos"} (${a} → ${b}).`,
    same: (a) => `O NPS é o mesmo nos dois períodos (${a}).`,
    significant: (lvl, p) => `A diferença é estatisticamente significativa ao nível de ${lvl} (${p}): dificilmente é acaso.`,
    notSignificant: (lvl, p) =>
      `A diferença não é estatisticamente significativa ao nível de ${lvl} (${p}): pode ser acaso. Mais respostas ajudariam a decidir.`,
    untestable: "Nenhum dos períodos tem variação nas respostas, então não é possível testar a significância.",
    interval: (lvl, lo, hi) => `Com ${lvl} de confiança, a variação real está entre ${lo} e ${hi} pontos.`,
    chartAlt: (d, lo, hi) => `Gráfico: a variação é de ${d} pontos, com intervalo de ${lo} a ${hi}; a linha vertical é nenhuma variação.`,
    badgeYes: "Significativa",
    badgeNo: "Não significativa",
  },
};

const $ = (id) => document.getElementById(id);
const calculators = [...document.querySelectorAll("nps-calculator, csat-calculator, ces-calculator")];
const periodA = $("period-a");
const periodB = $("period-b");
let lang = "en";

// ------------------------------------------------------------------ language

function pickLanguage() {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  let saved = null;
  try {
    saved = localStorage.getItem("cx-metrics-lang");
  } catch {
    /* storage may be disabled */
  }
  const tag = fromUrl || saved || navigator.language || "en";
  return tag.toLowerCase().startsWith("pt") ? "pt" : "en";
}

function setLanguage(next, remember = false) {
  lang = next;
  const t = TEXT[lang];
  document.documentElement.lang = lang === "pt" ? "pt-BR" : "en";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t[el.dataset.i18n];
  for (const el of document.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t[el.dataset.i18nLabel]);
  for (const b of document.querySelectorAll("[data-lang]")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  periodA.setAttribute("label", t.periodA);
  periodB.setAttribute("label", t.periodB);
  for (const el of calculators) el.setAttribute("lang", lang);
  document.title = `${t.title} · cx-metrics`;
  if (remember) {
    try {
      localStorage.setItem("cx-metrics-lang", lang);
    } catch {
      /* storage may be disabled */
    }
  }
  compare();
  segments.render();
}

for (const b of document.querySelectorAll("[data-lang]")) {
  b.addEventListener("click", () => setLanguage(b.dataset.lang, true));
}

// ------------------------------------------------------------------ tabs

const tabs = [...document.querySelectorAll('.tabs [role="tab"]')];

function selectTab(tab, { focus = false, updateHash = true } = {}) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute("aria-controls")).hidden = !on;
  }
  if (focus) tab.focus();
  if (updateHash) history.replaceState(null, "", `#${tab.id.slice(4)}`);
  compare();
  if (!$("panel-segments").hidden) segments.show();
}

tabs.forEach((tab, i) => {
  tab.addEventListener("click", () => selectTab(tab));
  tab.addEventListener("keydown", (e) => {
    const j = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (j === undefined) return;
    e.preventDefault();
    selectTab(tabs[(j + tabs.length) % tabs.length], { focus: true });
  });
});

function tabFromHash() {
  const tab = $(`tab-${location.hash.slice(1)}`);
  if (tab && tabs.includes(tab)) selectTab(tab, { updateHash: false });
}
window.addEventListener("hashchange", tabFromHash);

// ------------------------------------------------------------------ comparison

/**
 * The difference and its interval on an axis around zero: a dot for B − A,
 * a bar for the interval, a line at 0 (no change). Drawn as SVG with
 * attributes only (no inline style), so the page keeps a strict CSP.
 */
function drawDifference(c, t, fmt) {
  const svg = $("diff-chart");
  const ci = c.confidenceInterval;
  if (!ci) {
    svg.replaceChildren();
    svg.removeAttribute("aria-label");
    return;
  }
  const reach = Math.max(Math.abs(ci.low), Math.abs(ci.high), Math.abs(c.difference), 5);
  const step = reach <= 10 ? 5 : reach <= 25 ? 10 : reach <= 50 ? 25 : 50;
  const max = Math.min(200, Math.ceil(reach / step) * step);
  const W = 600;
  const x = (v) => 30 + ((v + max) / (2 * max)) * (W - 60);
  const ns = "http://www.w3.org/2000/svg";
  const el = (name, attrs, text) => {
    const e = document.createElementNS(ns, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const parts = [el("line", { x1: x(-max), x2: x(max), y1: 40, y2: 40, class: "axis" })];
  for (let v = -max; v <= max; v += step) {
    parts.push(el("line", { x1: x(v), x2: x(v), y1: 36, y2: 44, class: v === 0 ? "zero" : "tick" }));
    parts.push(el("text", { x: x(v), y: 62, "text-anchor": "middle" }, fmt(v)));
  }
  parts.push(el("line", { x1: x(0), x2: x(0), y1: 8, y2: 48, class: "zero" }));
  const tone = c.significant ? "sig" : "nsig";
  parts.push(el("line", { x1: x(ci.low), x2: x(ci.high), y1: 24, y2: 24, class: `ci ${tone}` }));
  parts.push(el("circle", { cx: x(c.difference), cy: 24, r: 7, class: `dot ${tone}` }));
  svg.replaceChildren(...parts);
  svg.setAttribute("aria-label", t.chartAlt(fmt(c.difference), fmt(ci.low), fmt(ci.high)));
}

function compare() {
  // The comparison is worked out when its tab is shown (its calculators are
  // built when the browser is idle, after the first one is on screen).
  if ($("panel-compare").hidden) return;
  const t = TEXT[lang];
  const a = periodA.result;
  const b = periodB.result;
  const delta = $("delta");
  const badge = $("badge");
  const text = $("verdict-text");
  const ci = $("verdict-ci");
  if (!a || !b || a.score === null || b.score === null) {
    delta.textContent = "—";
    badge.hidden = true;
    text.textContent = t.needBoth;
    ci.textContent = "";
    drawDifference({ confidenceInterval: null }, t, String);
    return;
  }
  // Period B against period A: difference = NPS(B) − NPS(A), at the
  // periods' confidence level when both use the same one (else 95%).
  const la = periodA.confidence;
  const confidence = la === periodB.confidence && la > 0 && la < 1 ? la : 0.95;
  const c = npsCompare(b, a, { confidence });
  const nf = (o) => new Intl.NumberFormat(t.locale, o);
  const one = nf({ maximumFractionDigits: 1 });
  const signed = nf({ maximumFractionDigits: 1, signDisplay: "exceptZero" });
  const level = nf({ style: "percent" }).format(c.level);
  delta.textContent = signed.format(c.difference);
  const d = one.format(Math.abs(c.difference));
  const sentence = [
    c.difference > 0
      ? t.rose(d, one.format(a.score), one.format(b.score))
      : c.difference < 0
        ? t.fell(d, one.format(a.score), one.format(b.score))
        : t.same(one.format(a.score)),
  ];
  if (c.significant === null) {
    sentence.push(t.untestable);
    badge.hidden = true;
  } else {
    const p =
      c.pValue < 0.001
        ? `p < ${nf({ maximumFractionDigits: 3 }).format(0.001)}`
        : `p = ${nf({ maximumSignificantDigits: 2 }).format(c.pValue)}`;
    sentence.push(c.significant ? t.significant(level, p) : t.notSignificant(level, p));
    badge.hidden = false;
    badge.textContent = c.significant ? t.badgeYes : t.badgeNo;
    badge.className = `badge ${c.significant ? "yes" : "no"}`;
  }
  text.textContent = sentence.join(" ");
  drawDifference(c, t, (v) => signed.format(v));
  ci.textContent = c.confidenceInterval
    ? t.interval(level, signed.format(c.confidenceInterval.low), signed.format(c.confidenceInterval.high))
    : "";
}

periodA.addEventListener("change", compare);
periodB.addEventListener("change", compare);

// A file dropped next to a calculator must not make the browser leave the page.
for (const type of ["dragover", "drop"]) window.addEventListener(type, (e) => e.preventDefault());

// ------------------------------------------------------------------ by segment

// NPS per segment × period from a CSV, by groupKpis. The grouping module
// (with the time-zone database) is loaded when the tab is first shown.
const segments = (() => {
  let api = null;
  let csv = null; // { header, rows }
  let table = null; // the last groupKpis result, with its periods and segments
  const pickers = ["seg-date", "seg-segment", "seg-score"].map($);
  const load = async () => {
    api ??= Promise.all([import("./pkg/group.js"), import("./pkg/calculator.js")]).then(([g, c]) => ({ groupKpis: g.groupKpis, parseCsv: c.parseCsv }));
    return api;
  };
  const guess = (header, words) => {
    const i = header.findIndex((h) => words.some((w) => h.toLowerCase().includes(w)));
    return i;
  };
  const setCsv = async (text) => {
    const { parseCsv } = await load();
    const { rows } = parseCsv(text);
    if (rows.length < 2) {
      csv = null;
      $("seg-status").textContent = TEXT[lang].segmentsNeed;
      $("seg-pickers").hidden = true;
      table = null;
      render();
      return;
    }
    const header = rows[0].map((h, i) => h || `#${i + 1}`);
    csv = { header, rows: rows.slice(1) };
    const picks = [guess(header, ["date", "time", "submitted", "created", "data"]), guess(header, ["segment", "region", "country", "plan", "team", "segmento"]), guess(header, ["score", "nps", "nota", "rating"])];
    pickers.forEach((sel, k) => {
      sel.replaceChildren(...header.map((h, i) => new Option(h, String(i))));
      sel.value = String(picks[k] >= 0 ? picks[k] : Math.min(k, header.length - 1));
    });
    $("seg-pickers").hidden = false;
    await compute();
  };
  const compute = async () => {
    if (!csv) return;
    const { groupKpis } = await load();
    const [d, sg, sc] = pickers.map((sel) => Number(sel.value));
    // Columns of text, as read: the engine parses dates and numeric strings,
    // and treats blank cells as missing.
    const n = csv.rows.length;
    const cols = { date: new Array(n), segment: new Array(n), score: new Array(n) };
    for (let i = 0; i < n; i++) {
      const r = csv.rows[i];
      cols.date[i] = isoish(r[d]);
      cols.segment[i] = r[sg] ?? "";
      cols.score[i] = r[sc] ?? "";
    }
    const t0 = performance.now();
    try {
      const every = $("seg-every").value;
      const result = groupKpis(cols, {
        by: ["segment", { time: "date", every }],
        metrics: { nps: { kind: "nps", column: "score" } },
        compare: "previous",
        adjust: "bh",
        totals: true,
        fill: true,
        invalid: "skip",
      });
      table = { result, ms: performance.now() - t0 };
    } catch (e) {
      table = null;
      $("seg-status").textContent = e.message;
    }
    render();
  };
  // A date cell: ISO dates and date-times; a bare date is taken as UTC midnight.
  const isoish = (v) => {
    if (typeof v !== "string") return v;
    const s = v.trim();
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return `${s}T00:00:00Z`;
    const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?$/.exec(s);
    if (m) return `${m[1]}T${m[2]}${m[3] ?? ":00"}Z`;
    return s;
  };
  const render = () => {
    const el = $("seg-table");
    if (!table) {
      el.replaceChildren();
      return;
    }
    const t = TEXT[lang];
    const { result, ms } = table;
    // "negative": a score of −0.4 shows as 0, not −0.
    const nf = new Intl.NumberFormat(t.locale, { maximumFractionDigits: 0, signDisplay: "negative" });
    const periods = [...new Set(result.rows.map((r) => r.period))];
    const bySeg = new Map();
    for (const r of result.rows) {
      if (!bySeg.has(r.segment)) bySeg.set(r.segment, new Map());
      bySeg.get(r.segment).set(r.period, r);
    }
    const answers = result.total?.nps.total ?? 0;
    $("seg-status").textContent = t.segmentsRead(nf.format(answers), nf.format(bySeg.size), result.skipped, new Intl.NumberFormat(t.locale, { maximumFractionDigits: 1 }).format(ms));
    const h = (tag, attrs = {}, ...kids) => {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      e.append(...kids);
      return e;
    };
    const head = h("tr", {}, h("th", { scope: "col" }, t.segmentsSegmentHead), ...periods.map((p) => h("th", { scope: "col" }, p)), h("th", { scope: "col" }, t.segmentsTotal), h("th", { scope: "col" }, t.segmentsTrend));
    const body = [];
    for (const [seg, cells] of bySeg) {
      const tds = periods.map((p) => {
        const r = cells.get(p);
        const nps = r?.nps;
        if (!nps || nps.score === null) return h("td", { class: "empty" }, "–");
        const c = nps.change;
        const mark = c?.significant ? (c.difference > 0 ? " ▲" : " ▼") : "";
        const ci = nps.confidenceInterval;
        // Heat-map: −100 red … 0 neutral … +100 green.
        const v = Math.max(-100, Math.min(100, nps.score));
        const cls = c?.significant ? (c.difference > 0 ? "up" : "down") : "";
        const td = h("td", { class: cls, title: `n = ${nps.total}` }, h("span", { class: "score" }, nf.format(nps.score) + mark), h("span", { class: "ci" }, ci ? `${nf.format(ci.low)} … ${nf.format(ci.high)}` : ""));
        // Set through the CSSOM (allowed under a strict style-src).
        td.style.background = `color-mix(in srgb, ${v >= 0 ? "#16a34a" : "#dc2626"} ${Math.round(Math.abs(v) * 0.45)}%, transparent)`;
        return td;
      });
      const total = result.totals.find((r) => r.segment === seg)?.nps;
      body.push(h("tr", {}, h("th", { scope: "row" }, seg ?? "—"), ...tds, h("td", { class: "total" }, total?.score == null ? "–" : nf.format(total.score)), h("td", { class: "trend" }, spark(periods.map((p) => cells.get(p)?.nps?.score ?? null)))));
    }
    el.replaceChildren(h("thead", {}, head), h("tbody", {}, ...body));
  };
  const spark = (values) => {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 100 24");
    svg.setAttribute("class", "spark");
    svg.setAttribute("aria-hidden", "true");
    const pts = values.map((v, i) => (v === null ? null : [(100 * i) / Math.max(1, values.length - 1), 12 - (v / 100) * 11]));
    const d = pts.reduce((acc, p, i) => (p ? acc + `${acc && pts[i - 1] ? "L" : "M"}${p[0].toFixed(1)},${p[1].toFixed(1)}` : acc), "");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    svg.append(path);
    return svg;
  };
  const exportCsv = () => {
    if (!table) return;
    const q = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
    const lines = [["segment", "period", "responses", "nps", "ci_low", "ci_high", "change", "q_value", "significant"].join(",")];
    for (const r of table.result.rows) {
      const n = r.nps;
      const c = n.change;
      lines.push([r.segment ?? "", r.period, n.total, n.score ?? "", n.confidenceInterval?.low ?? "", n.confidenceInterval?.high ?? "", c?.difference ?? "", c?.qValue ?? "", c?.significant ?? ""].map(q).join(","));
    }
    const url = URL.createObjectURL(new Blob([lines.join("\n") + "\n"], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "nps-by-segment.csv";
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const example = () => {
    // Six months of answers in four regions; APAC improves in April.
    let x = 7;
    const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 4294967296);
    const lines = ["date,region,score"];
    const regions = ["EMEA", "NA", "APAC", "LATAM"];
    for (let m = 0; m < 6; m++) {
      for (const [k, region] of regions.entries()) {
        const lift = region === "APAC" && m >= 3 ? 2.2 : 0;
        for (let i = 0; i < 120 + 40 * k; i++) {
          const day = 1 + Math.floor(rnd() * 28);
          const s = Math.max(0, Math.min(10, Math.round(6.5 + lift + k * 0.3 + (rnd() - 0.5) * 7)));
          lines.push(`2026-${String(m + 1).padStart(2, "0")}-${String(day).padStart(2, "0")},${region},${s}`);
        }
      }
    }
    return lines.join("\n");
  };
  $("seg-file").addEventListener("change", async (e) => {
    const f = e.target.files?.[0];
    if (f) {
      $("seg-text").value = "";
      await setCsv(await f.text());
    }
  });
  const drop = $("seg-drop");
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", async (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const f = e.dataTransfer?.files?.[0];
    if (f) {
      $("seg-text").value = "";
      await setCsv(await f.text());
    }
  });
  $("seg-text").addEventListener("input", (e) => setCsv(e.target.value));
  $("seg-example").addEventListener("click", () => {
    const text = example();
    $("seg-text").value = text;
    setCsv(text);
  });
  for (const sel of [...pickers, $("seg-every")]) sel.addEventListener("change", compute);
  $("seg-export").addEventListener("click", exportCsv);
  return {
    show: () => {
      load();
      if (!csv && !$("seg-text").value) $("seg-example").click();
    },
    render,
    setCsv,
  };
})();

setLanguage(pickLanguage());
tabFromHash();
