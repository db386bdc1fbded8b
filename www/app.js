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

setLanguage(pickLanguage());
tabFromHash();
