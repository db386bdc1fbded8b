// The calculator element: one class for every metric, told apart only by
// its description (metrics.js). It turns input into values (csv.js), calls
// the engine, and draws the result; every number and every rule of the
// metrics comes from the engine.
import { Cells, cellNumber, cellText, parseScores, BLANK } from "./csv.js";
import { METRICS, groupRanges, toneOf } from "./metrics.js";
import { STRINGS, languageOf, numberFormat, formatting } from "./strings.js";
import { STYLE, adoptStyles } from "./styles.js";
import { escapeHtml } from "./html.js";

const Base = globalThis.HTMLElement ?? class {};
let firstResultMarked = false;
const idle = (f) => (typeof requestIdleCallback === "function" ? requestIdleCallback(f, { timeout: 500 }) : setTimeout(f, 30));
const GAUGE = { cx: 110, cy: 110, r: 88 };

function gaugePoint(f, r = GAUGE.r) {
  const a = Math.PI * (1 - f);
  return [GAUGE.cx + r * Math.cos(a), GAUGE.cy - r * Math.sin(a)];
}
function arcPath(f1, f2) {
  const [x1, y1] = gaugePoint(f1);
  const [x2, y2] = gaugePoint(f2);
  return `M${x1.toFixed(2)} ${y1.toFixed(2)}A${GAUGE.r} ${GAUGE.r} 0 0 1 ${x2.toFixed(2)} ${y2.toFixed(2)}`;
}

export class CalculatorElement extends Base {
  #metric;
  #root;
  #els = null;
  #mode = "paste";
  #countsBy = "group";
  #text = "";
  #counts = { group: {}, point: {} };
  #skip = false;
  #choice = null;
  #info = "";
  #cells = new Cells();
  #parsed = null;
  #parsedKey = null;
  #result = null;
  #deferred = false;
  #needleFrac = 0;
  #builtWith = null;
  #resultKey = null;
  #stale = false;
  #lastComputeMs = null;
  #slowRuns = 0;
  #timer = 0;
  #liveTimer = 0;
  #confidence = 0.95;
  /** The `scores` property was set: it wins over the attribute. */
  #scoresSet = false;

  #adopted = false;

  constructor(metric) {
    super();
    this.#metric = METRICS[metric];
    this.#root = this.attachShadow({ mode: "open" });
    this.#adopted = adoptStyles(this.#root);
  }

  static get observedAttributes() {
    return ["mode", "lang", "confidence", "scores", "counts", "label", "compact", "benchmark", "benchmark-label", "theme", "example"];
  }

  // The connected elements, which follow the language of the page: a
  // change of any lang attribute of their document (a language switcher
  // setting <html lang>, or a section's lang) redraws those whose language
  // it changes. One observer per document, of lang attributes only.
  static #connected = new Set();
  static #watched = new WeakSet();

  static #follow(el) {
    CalculatorElement.#connected.add(el);
    const doc = el.ownerDocument;
    if (typeof MutationObserver !== "function" || !doc?.documentElement || CalculatorElement.#watched.has(doc)) return;
    CalculatorElement.#watched.add(doc);
    new MutationObserver(() => {
      for (const e of CalculatorElement.#connected) e.#relang();
    }).observe(doc.documentElement, { attributes: true, attributeFilter: ["lang"], subtree: true });
  }

  /** Redraws in the element's language if a lang attribute changed it. */
  #relang() {
    if (!this.#els || this.#t === this.#builtWith) return;
    this.#build();
    this.#compute();
  }

  // -------------------------------------------------------------- public API

  /** The latest valid result (null until one is computed). */
  get result() {
    if (!this.#els && this.isConnected) this.#setUp();
    return this.#result;
  }
  /** Milliseconds taken by the latest recompute: parsing, engine call and drawing. */
  get lastComputeMs() {
    return this.#lastComputeMs;
  }
  /** True while bad input is shown next to the last valid result. */
  get stale() {
    return this.#stale;
  }
  get mode() {
    return this.#mode;
  }
  set mode(v) {
    this.setAttribute("mode", v);
    // The same attribute value again (after the user switched tabs) calls
    // no attributeChangedCallback: the mode is set here too.
    const mode = v === "counts" ? "counts" : "paste";
    if (this.#els && this.#mode !== mode) {
      this.#setMode(mode);
      this.#compute();
    }
  }
  get confidence() {
    return this.#confidence;
  }
  set confidence(v) {
    this.setAttribute("confidence", String(v));
    if (this.#els && this.#readConfidence() !== this.#confidence) this.attributeChangedCallback("confidence", null, this.getAttribute("confidence"));
  }
  /** The pasted text. Setting it switches to paste mode and recomputes. */
  get scores() {
    return this.#text;
  }
  set scores(v) {
    this.#scoresSet = true;
    this.#info = "";
    this.#setText(String(v ?? ""));
    this.#setMode("paste");
    this.#compute();
  }

  connectedCallback() {
    CalculatorElement.#follow(this);
    // Properties set before the element was defined shadow the accessors: apply them now.
    for (const prop of ["mode", "confidence", "scores"]) {
      if (Object.hasOwn(this, prop)) {
        const v = this[prop];
        delete this[prop];
        if (prop === "scores") {
          this.#text = String(v ?? "");
          this.#scoresSet = true;
        } else this[prop] = v;
      }
    }
    // An element in a hidden part of the page (a tab not shown) is built
    // when the browser is idle, so that the visible one is drawn first; its
    // result is computed at once if someone asks for it.
    if (!this.#els && this.closest("[hidden]")) {
      if (!this.#deferred) {
        this.#deferred = true;
        idle(() => {
          this.#deferred = false;
          if (this.isConnected && !this.#els) this.#setUp();
        });
      }
      return;
    }
    this.#setUp();
  }

  #setUp() {
    if (!this.#els) {
      const mode = this.getAttribute("mode");
      // A bare element starts with counts to type; scores to paste when it
      // is given some (or the example).
      const given = this.#text || this.hasAttribute("scores") || (this.hasAttribute("example") && !this.hasAttribute("counts"));
      this.#mode = mode === "counts" ? "counts" : mode === "paste" || given ? "paste" : "counts";
      this.#confidence = this.#readConfidence();
      if (this.hasAttribute("scores") && !this.#scoresSet) this.#text = this.getAttribute("scores");
      else if (this.hasAttribute("example") && !this.hasAttribute("counts") && !this.#text) this.#text = this.#metric.example;
      if (this.hasAttribute("counts")) this.#readCountsAttribute();
      this.#readPermalink();
      this.#build();
    }
    this.#compute();
  }

  disconnectedCallback() {
    CalculatorElement.#connected.delete(this);
    clearTimeout(this.#timer);
    clearTimeout(this.#liveTimer);
  }

  attributeChangedCallback(name, old, value) {
    if (!this.#els || old === value) return;
    switch (name) {
      case "mode":
        this.#setMode(value === "counts" ? "counts" : "paste");
        break;
      case "confidence":
        this.#confidence = this.#readConfidence();
        // The dropdown shows it (with it as an option when it is not one).
        this.#build();
        break;
      case "scores":
        // As the property: new scores are shown where they are read.
        this.#setText(value ?? "");
        if (value !== null) this.#setMode("paste");
        break;
      case "counts":
        this.#readCountsAttribute();
        this.#build();
        break;
      case "compact":
      case "theme":
        return;
      case "example":
        // Added after set-up (a page that sets it later): the example, in
        // paste mode, unless scores or counts were given.
        if (value === null || this.#text || this.hasAttribute("counts")) return;
        this.#setText(this.#metric.example);
        this.#setMode("paste");
        break;
      case "benchmark":
      case "benchmark-label":
        if (this.#result && !this.#metric.isEmpty(this.#result)) this.#draw(this.#result);
        return;
      case "lang":
        // Only a change of language redraws (lang="en" on an element that
        // already speaks English, as pages set it, costs nothing).
        if (this.#t === this.#builtWith) return;
        this.#build();
        break;
      default: // label, scale, satisfied-from, higher-is-easier: labels or inputs change
        this.#build();
    }
    this.#compute();
  }

  // -------------------------------------------------------------- state

  get #t() {
    const own = this.getAttribute("lang") || this.closest("[lang]")?.getAttribute("lang");
    return STRINGS[languageOf(own)];
  }

  get #scale() {
    return this.#metric.scale(this);
  }

  get #range() {
    const [a, b] = this.#scale;
    return this.#t.range(a, b);
  }

  #readConfidence() {
    const c = Number(this.getAttribute("confidence"));
    return c > 0 && c < 1 ? c : 0.95;
  }

  /** counts="50,40,10" (promoters, passives, detractors) or one count per scale point. */
  #readCountsAttribute() {
    const parts = (this.getAttribute("counts") || "").split(/[\s,;]+/).filter(Boolean);
    const [lo, hi] = this.#scale;
    if (this.#metric.groups && parts.length === this.#metric.groups.length) {
      this.#countsBy = "group";
      this.#metric.groups.forEach(([key], i) => (this.#counts.group[key] = parts[i]));
    } else if (parts.length === hi - lo + 1) {
      this.#countsBy = "point";
      parts.forEach((p, i) => (this.#counts.point[lo + i] = p));
    }
    if (!this.#metric.groups) this.#countsBy = "point";
  }

  #setText(text) {
    this.#text = text;
    if (this.#els && this.#els.text.value !== text) this.#els.text.value = text;
  }

  #setMode(mode) {
    this.#mode = mode;
    if (!this.#els) return;
    const paste = mode === "paste";
    this.#els.tabPaste.setAttribute("aria-selected", String(paste));
    this.#els.tabCounts.setAttribute("aria-selected", String(!paste));
    this.#els.tabPaste.tabIndex = paste ? 0 : -1;
    this.#els.tabCounts.tabIndex = paste ? -1 : 0;
    this.#els.panelPaste.hidden = !paste;
    this.#els.panelCounts.hidden = paste;
  }

  // -------------------------------------------------------------- building

  #build() {
    const t = this.#t;
    this.#builtWith = t;
    const m = this.#metric;
    const [lo, hi] = this.#scale;
    const range = this.#range;
    if (!m.groups) this.#countsBy = "point";
    const title = this.getAttribute("label") || t[`${m.key}Title`];
    const conf = [0.8, 0.9, 0.95, 0.99];
    if (!conf.includes(this.#confidence)) conf.push(this.#confidence);
    conf.sort((a, b) => a - b);
    const pct = numberFormat(t, { style: "percent", maximumFractionDigits: 1 });
    const points = [];
    for (let k = lo; k <= hi; k++) points.push(k);
    const s = (x) => escapeHtml(x);
    const opts = this.#options();
    const metricSettings = m.settingsHtml(this, t, [lo, hi], opts);
    // Which group each scale point is in, as the engine says (for the count
    // inputs' ranges and the histogram's colours before any data).
    const blank = m.empty(opts);
    const ranges = groupRanges(blank);

    this.#root.innerHTML = `${this.#adopted ? "" : `<style>${STYLE}</style>`}
<section class="card" part="card" aria-labelledby="title" lang="${t.lang}">
  <div class="head">
    <h2 id="title" part="title">${s(title)}</h2>
    <div class="settings">
      ${metricSettings}
      <label>${s(t.confidence)}
        <select id="confidence">${conf
          .map((c) => `<option value="${c}"${c === this.#confidence ? " selected" : ""}>${pct.format(c)}</option>`)
          .join("")}</select></label>
    </div>
  </div>
  <div class="grid">
    <div class="inputs" part="inputs">
      <div role="tablist" aria-label="${s(t.inputTabs)}">
        <button type="button" role="tab" id="tab-paste" aria-controls="panel-paste">${s(t.tabPaste)}</button>
        <button type="button" role="tab" id="tab-counts" aria-controls="panel-counts">${s(t.tabCounts)}</button>
      </div>
      <div role="tabpanel" id="panel-paste" aria-labelledby="tab-paste">
        <div class="label-row">
          <label for="text">${s(t.scoresLabel)}</label>
          <span class="actions">
            <button type="button" class="btn small" id="example">${s(t.example)}</button>
            <button type="button" class="btn small" id="clear">${s(t.clear)}</button>
          </span>
        </div>
        <p class="hint" id="text-hint">${s(t.scoresHint(range))}</p>
        <div class="dropzone" id="dropzone">
          <textarea id="text" part="textarea" spellcheck="false" autocomplete="off" autocapitalize="off" aria-describedby="text-hint info" rows="8"></textarea>
        </div>
        <div class="tools">
          <input type="file" id="file" class="sr-only" accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain">
          <label for="file" class="btn">${s(t.chooseFile)}</label>
          <span>${s(t.orDrop)}</span>
        </div>
        <div class="column-row" id="column-row" hidden>
          <label for="column">${s(t.column)}</label>
          <select id="column"></select>
        </div>
        <p class="info" id="info" aria-live="polite"></p>
        <label class="check"><input type="checkbox" id="skip"${this.#skip ? " checked" : ""}> ${s(t.skipBad)}</label>
        <p class="hint">${s(t.skipHint)}</p>
        <div class="errors" id="errors" hidden><p id="errors-title"></p><ul id="errors-list"></ul></div>
      </div>
      <div role="tabpanel" id="panel-counts" aria-labelledby="tab-counts" hidden>
        ${
          m.groups
            ? `<fieldset><legend>${s(t.countBy)}</legend><div class="radios">
            <label><input type="radio" name="by" value="group"${this.#countsBy === "group" ? " checked" : ""}> ${s(t.byGroup)}</label>
            <label><input type="radio" name="by" value="point"${this.#countsBy === "point" ? " checked" : ""}> ${s(t.byPoint(range))}</label>
          </div></fieldset>
          <div class="counts" id="groups"${this.#countsBy === "group" ? "" : " hidden"}>${m.groups
            .map(
              ([key, group]) => `<div><label for="g-${key}"><span class="swatch ${toneOf(group)}"></span>${s(t[key])} <small>${s(ranges[group])}</small></label>
              <input type="text" inputmode="numeric" id="g-${key}" data-group="${key}" autocomplete="off" placeholder="0"></div>`,
            )
            .join("")}</div>`
            : ""
        }
        <div class="points" id="points"${this.#countsBy === "point" ? "" : " hidden"}>${points
          .map(
            (k) => `<div><label for="p-${k}"><span class="sr-only">${s(t.pointCount(k))}</span><span aria-hidden="true">${k}</span></label>
            <input type="text" inputmode="numeric" id="p-${k}" data-point="${k}" autocomplete="off" placeholder="0"></div>`,
          )
          .join("")}</div>
        <div class="errors" id="count-errors" hidden><ul id="count-errors-list"></ul></div>
      </div>
    </div>
    <div class="results empty" id="results" part="results">
      <p class="stale-note" id="stale-note"></p>
      <div class="figure">
        <div class="headline">
          <div class="gauge" part="gauge">${this.#gaugeSvg(blank)}</div>
          <div class="big">
            <span class="label" id="value-label"></span>
            <span><span class="value" id="value" part="score">—</span><span class="suffix" id="suffix"></span></span>
            <span class="chip" id="chip" part="band" hidden></span>
          </div>
        </div>
        <p class="summary" id="summary"></p>
        <div class="bar" id="bar" role="img" part="bar"></div>
        <ul class="legend" id="legend"></ul>
        <p class="hist-title" id="hist-title">${s(t.distribution)}</p>
        <div id="hist-wrap" part="histogram">
          <div class="hist" id="hist" role="img">${points
            .map((k) => `<div class="col"><span class="n"></span><span class="b ${toneOf(blank.groups[k - lo])}" data-k="${k}"></span></div>`)
            .join("")}</div>
          <div class="hist-axis" aria-hidden="true">${points.map((k) => `<span>${k}</span>`).join("")}</div>
        </div>
        <p class="hist-note" id="hist-note" hidden>${s(t.noDistribution)}</p>
        <p class="interval" id="interval"></p>
        <p class="meta" id="meta"></p>
      </div>
      <details class="formula" id="formula"><summary>${s(t.howTitle)}</summary><p id="formula-text"></p></details>
      <div class="share" id="share">
        <button type="button" class="btn small" id="copy-result">${s(t.copyResult)}</button>
        <button type="button" class="btn small" id="download-png">${s(t.downloadPng)}</button>
        <button type="button" class="btn small" id="copy-link">${s(t.copyLink)}</button>
        <span class="share-status" id="share-status" role="status"></span>
      </div>
    </div>
  </div>
  <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" id="live"></div>
</section>`;

    const $ = (id) => this.#root.getElementById(id);
    const els = {
      text: $("text"),
      tabPaste: $("tab-paste"),
      tabCounts: $("tab-counts"),
      panelPaste: $("panel-paste"),
      panelCounts: $("panel-counts"),
      dropzone: $("dropzone"),
      file: $("file"),
      column: $("column"),
      columnRow: $("column-row"),
      info: $("info"),
      skip: $("skip"),
      errors: $("errors"),
      errorsTitle: $("errors-title"),
      errorsList: $("errors-list"),
      countErrors: $("count-errors"),
      countErrorsList: $("count-errors-list"),
      groups: $("groups"),
      points: $("points"),
      results: $("results"),
      staleNote: $("stale-note"),
      valueLabel: $("value-label"),
      value: $("value"),
      suffix: $("suffix"),
      chip: $("chip"),
      summary: $("summary"),
      bar: $("bar"),
      legend: $("legend"),
      hist: $("hist"),
      histWrap: $("hist-wrap"),
      histTitle: $("hist-title"),
      histNote: $("hist-note"),
      interval: $("interval"),
      meta: $("meta"),
      live: $("live"),
      needle: this.#root.querySelector(".needle"),
      fill: this.#root.querySelector(".fill"),
      gauge: this.#root.querySelector(".gauge svg"),
      confidence: $("confidence"),
      ci: this.#root.querySelector(".gauge .ci"),
      bench: this.#root.querySelector(".gauge .bench"),
      formulaText: $("formula-text"),
      shareStatus: $("share-status"),
      columnSignature: null,
    };
    this.#els = els;
    els.text.value = this.#text;
    for (const input of this.#root.querySelectorAll("[data-group]")) input.value = this.#counts.group[input.dataset.group] ?? "";
    for (const input of this.#root.querySelectorAll("[data-point]")) input.value = this.#counts.point[input.dataset.point] ?? "";
    this.#setMode(this.#mode);
    this.#bind();
    this.#parsedKey = null;
    // A rebuilt view (new language, scale…) draws the current result again; no change event unless it changes.
    if (this.#result && !this.#metric.isEmpty(this.#result)) this.#draw(this.#result);
  }

  /** The gauge of the metric for a result (its limits come from the result). */
  #gaugeSvg(r) {
    const g = this.#metric.gauge(r);
    const [x0, y0] = gaugePoint(0, GAUGE.r + 18);
    const [x1] = gaugePoint(1, GAUGE.r + 18);
    const f = (v) => (v - g.min) / (g.max - g.min);
    const arcs = g.segments
      ? g.segments.map(([a, b, tone, extra]) => `<path class="seg ${tone}${extra}" d="${arcPath(f(a) + 0.004, f(b) - 0.004)}"/>`).join("")
      : `<path class="track" d="${arcPath(0, 1)}"/><path class="fill" d="${arcPath(0, 0.001)}"/>`;
    const needle = g.needle ? `<line class="needle" x1="110" y1="110" x2="${110 - GAUGE.r + 8}" y2="110"/><circle class="hub" cx="110" cy="110" r="7"/>` : "";
    // The confidence interval as a band along the arc, and an optional
    // benchmark tick (both placed when a result is drawn).
    const extras = `<path class="ci" d=""/><g class="bench" hidden><line x1="0" y1="0" x2="0" y2="0"/><text x="0" y="0"></text></g>`;
    return `<svg viewBox="0 0 220 124" role="img" aria-label="">
      ${arcs}${extras}${needle}
      <text x="${x0}" y="${y0 + 12}" text-anchor="start">${escapeHtml(g.ends[0])}</text>
      <text x="${x1}" y="${y0 + 12}" text-anchor="end">${escapeHtml(g.ends[1])}</text>
      ${g.middle ? `<text x="110" y="8" text-anchor="middle">${escapeHtml(g.middle)}</text>` : ""}
    </svg>`;
  }

  #bind() {
    const els = this.#els;
    this.#root.getElementById("copy-result").addEventListener("click", () => this.#copy(this.#resultText(), this.#t.copied));
    this.#root.getElementById("copy-link").addEventListener("click", () => this.#copy(this.#permalink(), this.#t.linkCopied));
    this.#root.getElementById("download-png").addEventListener("click", () => this.#downloadPng());
    els.text.addEventListener("input", () => {
      this.#text = els.text.value;
      this.#info = "";
      this.#schedule();
    });
    els.skip.addEventListener("change", () => {
      this.#skip = els.skip.checked;
      this.#compute();
    });
    els.column.addEventListener("change", () => {
      const v = Number(els.column.value);
      this.#choice = { signature: this.#parsed?.signature, column: v };
      this.#parsedKey = null;
      this.#compute();
    });
    els.confidence.addEventListener("change", () => {
      this.#confidence = Number(els.confidence.value);
      this.#compute();
    });
    const scale = this.#root.getElementById("scale");
    scale?.addEventListener("change", () => {
      this.setAttribute("scale", scale.value);
      this.removeAttribute("satisfied-from");
      this.#focusAfterBuild("scale");
    });
    const from = this.#root.getElementById("satisfied-from");
    from?.addEventListener("change", () => {
      this.setAttribute("satisfied-from", from.value);
      this.#focusAfterBuild("satisfied-from");
    });
    const easier = this.#root.getElementById("higher-is-easier");
    easier?.addEventListener("change", () => {
      this.setAttribute("higher-is-easier", String(easier.checked));
      this.#focusAfterBuild("higher-is-easier");
    });
    // Tabs: click, arrows, Home/End (automatic activation).
    const tabs = [els.tabPaste, els.tabCounts];
    tabs.forEach((tab, i) => {
      tab.addEventListener("click", () => {
        this.#setMode(i === 0 ? "paste" : "counts");
        this.#compute();
      });
      tab.addEventListener("keydown", (e) => {
        let j = null;
        if (e.key === "ArrowRight" || e.key === "ArrowDown") j = (i + 1) % tabs.length;
        else if (e.key === "ArrowLeft" || e.key === "ArrowUp") j = (i + tabs.length - 1) % tabs.length;
        else if (e.key === "Home") j = 0;
        else if (e.key === "End") j = tabs.length - 1;
        if (j === null) return;
        e.preventDefault();
        this.#setMode(j === 0 ? "paste" : "counts");
        tabs[j].focus();
        this.#compute();
      });
    });
    for (const radio of this.#root.querySelectorAll('input[name="by"]')) {
      radio.addEventListener("change", () => {
        this.#countsBy = radio.value;
        els.groups.hidden = radio.value !== "group";
        els.points.hidden = radio.value !== "point";
        this.#compute();
      });
    }
    for (const input of this.#root.querySelectorAll("[data-group], [data-point]")) {
      input.addEventListener("input", () => {
        if (input.dataset.group) this.#counts.group[input.dataset.group] = input.value;
        else this.#counts.point[input.dataset.point] = input.value;
        this.#compute();
      });
    }
    this.#root.getElementById("example").addEventListener("click", () => {
      this.#setText(this.#metric.example);
      this.#info = "";
      this.#compute();
    });
    this.#root.getElementById("clear").addEventListener("click", () => {
      this.#setText("");
      this.#info = "";
      this.#compute();
      els.text.focus();
    });
    els.file.addEventListener("change", () => {
      const f = els.file.files?.[0];
      if (f) this.#loadFile(f);
      els.file.value = "";
    });
    // Drop a file anywhere on the calculator.
    this.addEventListener("dragover", (e) => {
      if (!e.dataTransfer || ![...e.dataTransfer.types].includes("Files")) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
      els.dropzone.classList.add("drop");
      els.text.placeholder = this.#t.dropHere;
    });
    const leave = () => {
      els.dropzone.classList.remove("drop");
      els.text.placeholder = "";
    };
    this.addEventListener("dragleave", (e) => {
      if (!e.relatedTarget || !this.contains(e.relatedTarget)) leave();
    });
    this.addEventListener("drop", (e) => {
      const f = e.dataTransfer?.files?.[0];
      if (!f) return;
      e.preventDefault();
      leave();
      this.#loadFile(f);
    });
  }

  #focusAfterBuild(id) {
    this.#root.getElementById(id)?.focus();
  }

  async #loadFile(file) {
    const t = this.#t;
    try {
      const text = await file.text();
      // Real exports have a few blank or "N/A" cells: a file is read with
      // bad rows skipped (and listed), which the checkbox can undo.
      this.#skip = true;
      if (this.#els) this.#els.skip.checked = true;
      this.#setText(text);
      this.#setMode("paste");
      this.#info = t.loaded(file.name);
    } catch {
      this.#info = t.fileError(file.name);
    }
    this.#compute();
  }

  // -------------------------------------------------------------- computing

  #schedule() {
    clearTimeout(this.#timer);
    // Compute on the keystroke; only when recomputing is slow (the last two
    // took over 40 ms: millions of rows) wait for a pause in typing.
    if (this.#slowRuns >= 2) this.#timer = setTimeout(() => this.#compute(), 150);
    else this.#compute();
  }

  #compute() {
    if (!this.#els) return;
    clearTimeout(this.#timer);
    const t0 = performance.now();
    const opts = this.#options();
    let outcome;
    try {
      outcome = this.#mode === "paste" ? this.#computePaste(opts) : this.#computeCounts(opts);
    } catch (e) {
      // The engine rejected something the inputs let through; keep the last result.
      outcome = { errors: [String(e && e.message ? e.message : e)], result: null };
    }
    this.#apply(outcome);
    const t1 = performance.now();
    this.#lastComputeMs = t1 - t0;
    this.#slowRuns = this.#lastComputeMs > 40 ? this.#slowRuns + 1 : 0;
    try {
      // Only the latest measure is kept, so a long session does not pile them up.
      performance.clearMeasures(`${this.#metric.tag}:compute`);
      performance.measure(`${this.#metric.tag}:compute`, { start: t0, end: t1 });
    } catch {
      /* user timing is optional */
    }
  }

  #options() {
    const scale = this.#scale;
    const m = this.#metric;
    return { confidence: this.#confidence, scale, extra: m.options ? m.options(this, scale) : {} };
  }

  #computePaste(opts) {
    const t = this.#t;
    const key = `${this.#metric.key}|${opts.scale}|${this.#choice?.signature}|${this.#choice?.column}`;
    if (this.#parsedKey !== key || this.#parsed?.text !== this.#text) {
      this.#parsed = parseScores(this.#text, this.#cells, { scale: opts.scale, metric: this.#metric.key, choice: this.#choice });
      this.#parsed.text = this.#text;
      this.#parsedKey = key;
      this.#renderColumns();
    }
    const p = this.#parsed;
    const cells = this.#cells;
    const info = [];
    if (this.#info) info.push(this.#info);
    if (p.header) info.push(t.headerSkipped(p.headerRow, p.header.length > 40 ? p.header.slice(0, 39) + "…" : p.header));
    if (p.empty) info.push(p.kind === "table" ? t.emptyCells(p.empty) : t.emptyRows(p.empty));
    this.#els.info.textContent = info.join(" ");
    if (cells.n === 0) return { result: null, empty: true, errors: [] };
    const values = cells.values.subarray(0, cells.n);
    const result = this.#metric.compute(values, opts);
    const errors = [];
    if (result.skipped) {
      const [lo, hi] = opts.scale;
      const range = t.range(lo, hi);
      for (const bad of result.invalid.slice(0, 20)) {
        const i = bad.index;
        const raw = cellText(this.#text, cells.starts[i], cells.ends[i]);
        const where =
          p.kind === "table" && p.column < 0
            ? t.rowColumn(cells.rows[i], p.named ? t.quoted(p.columns[cells.cols[i]]) : t.columnLetter(p.columns[cells.cols[i]]))
            : p.kind === "list" && p.multi
              ? t.rowValue(cells.rows[i], cells.cols[i])
              : t.row(cells.rows[i]);
        const why =
          bad.code === "SCORE_OUT_OF_RANGE"
            ? t.outOfRange(raw, range)
            : bad.code === "NOT_AN_INTEGER"
              ? t.notInteger(raw)
              : t.notNumber(raw);
        errors.push(`${where}: ${why}`);
      }
    }
    return { result, errors, skipped: result.skipped, skippable: true };
  }

  #computeCounts(opts) {
    const t = this.#t;
    const m = this.#metric;
    const errors = [];
    const invalidInputs = [];
    const read = (input, name) => {
      const raw = input.value.trim();
      // Thousands separated by a comma, a dot, an underscore or a space of
      // any kind, in groups of three ("1,250", "1 250"); any other space
      // inside a number ("1 2") makes it not a number.
      let str = raw;
      if (/^\d{1,3}([.,_\s\u00a0\u202f]\d{3})+$/u.test(str)) str = str.replace(/[.,_\s\u00a0\u202f]/gu, "");
      const v = str === "" ? 0 : cellNumber(str, 0, str.length);
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
      if (v === BLANK || Number.isNaN(v)) {
        errors.push(t.countNotNumber(name, raw));
        invalidInputs.push(input);
        return 0;
      }
      if (!Number.isInteger(v) || v < 0) {
        errors.push(t.countNotWhole(name, raw));
        invalidInputs.push(input);
        return 0;
      }
      return v;
    };
    let result = null;
    let total = 0;
    if (m.groups && this.#countsBy === "group") {
      const c = {};
      for (const [key] of m.groups) {
        c[key] = read(this.#root.getElementById(`g-${key}`), t[key]);
        total += c[key];
      }
      if (!errors.length && total > 0) result = m.fromGroups(c, opts);
    } else {
      const counts = [];
      const [lo, hi] = opts.scale;
      for (let k = lo; k <= hi; k++) {
        const v = read(this.#root.getElementById(`p-${k}`), `${t.pointLabel} ${k}`);
        counts.push(v);
        total += v;
      }
      if (!errors.length && total > 0) result = m.fromPoints(counts, opts);
    }
    for (const input of invalidInputs) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", "count-errors");
    }
    return { result, errors, empty: !errors.length && total === 0 };
  }

  /** Shows the outcome: publishes a new valid result or keeps the last one next to the errors. */
  #apply({ result, errors, empty, skipped = 0, skippable = false }) {
    const els = this.#els;
    const t = this.#t;
    const paste = this.#mode === "paste";
    // Error lists.
    const list = paste ? els.errorsList : els.countErrorsList;
    const box = paste ? els.errors : els.countErrors;
    (paste ? els.countErrors : els.errors).hidden = true;
    const count = skippable ? skipped : errors.length;
    box.hidden = count === 0;
    if (count) {
      const items = errors.map((e) => `<li>${escapeHtml(e)}</li>`);
      if (count > errors.length) items.push(`<li>${escapeHtml(t.andMore(count - errors.length))}</li>`);
      list.innerHTML = items.join("");
      if (paste) {
        els.errorsTitle.textContent = this.#skip ? t.skippedTitle(count) : t.badTitle(count);
        box.classList.toggle("skipped", this.#skip);
      }
    }
    const blocked = count > 0 && !(skippable && this.#skip);
    this.#stale = blocked && this.#result !== null && !this.#metric.isEmpty(this.#result);
    els.results.classList.toggle("stale", this.#stale);
    els.staleNote.textContent = this.#stale ? (paste ? t.stale : t.staleCounts) : "";
    if (blocked) {
      if (!this.#stale) this.#drawEmpty(paste ? t.fixRows : "");
      this.#announce(skippable ? t.badTitle(count) + " " + errors[0] : errors[0]);
      return;
    }
    if (empty || !result || this.#metric.isEmpty(result)) {
      this.#drawEmpty(result && !empty ? t.noValid : "");
      // Going back to no data is a change only if there was a result before.
      if (this.#result && !this.#metric.isEmpty(this.#result)) this.#publish(result ?? this.#emptyResult());
      return;
    }
    this.#publish(result);
  }

  #emptyResult() {
    return this.#metric.empty(this.#options());
  }

  #publish(result) {
    const { invalid: _, ...rest } = result;
    const key = JSON.stringify(rest);
    const empty = this.#metric.isEmpty(result);
    if (!empty) this.#draw(result);
    if (key === this.#resultKey) return;
    this.#resultKey = key;
    this.#result = result;
    if (!empty && !firstResultMarked && this.#metric.marksFirstResult) {
      firstResultMarked = true;
      try {
        performance.mark("nps-calculator:first-result");
      } catch {
        /* optional */
      }
    }
    if (!empty) this.#announce(this.#els.summary.textContent + " " + this.#els.interval.textContent);
    // In a microtask: the first result is computed while the element is
    // inserted, before code that inserts it can add a listener (React and
    // other frameworks add theirs right after).
    queueMicrotask(() => this.dispatchEvent(new CustomEvent("change", { detail: result, bubbles: true, composed: true })));
  }

  #announce(text) {
    clearTimeout(this.#liveTimer);
    this.#liveTimer = setTimeout(() => {
      if (this.#els) this.#els.live.textContent = text;
    }, 600);
  }

  // -------------------------------------------------------------- drawing

  #renderColumns() {
    const els = this.#els;
    const p = this.#parsed;
    const t = this.#t;
    const show = p.kind === "table" && p.columns.length > 1;
    els.columnRow.hidden = !show;
    if (!show) return;
    const sig = `${p.signature}|${p.column}`;
    if (els.columnSignature === sig) return;
    els.columnSignature = sig;
    const opts = p.columns.map(
      (name, c) =>
        `<option value="${c}"${c === p.column ? " selected" : ""}>${escapeHtml(p.named ? name : t.columnLetter(name))}</option>`,
    );
    opts.push(`<option value="-1"${p.column === -1 ? " selected" : ""}>${escapeHtml(t.allColumns)}</option>`);
    els.column.innerHTML = opts.join("");
  }

  #drawEmpty(message = "") {
    const els = this.#els;
    const t = this.#t;
    const key = this.#metric.key;
    els.results.classList.add("empty");
    els.results.classList.remove("stale");
    els.value.textContent = "—";
    els.suffix.textContent = "";
    els.valueLabel.textContent = key.toUpperCase();
    els.chip.hidden = true;
    els.summary.textContent = message || (this.#mode === "paste" ? t[`${key}EmptyPaste`] : t[`${key}EmptyCounts`]);
    els.interval.textContent = "";
    els.meta.textContent = "";
    els.bar.replaceChildren();
    els.bar.removeAttribute("aria-label");
    els.legend.replaceChildren();
    for (const b of els.hist.querySelectorAll(".b")) b.style.height = "0";
    for (const n of els.hist.querySelectorAll(".n")) n.textContent = "";
    els.hist.setAttribute("aria-label", t.distribution);
    els.histWrap.hidden = false;
    els.histNote.hidden = true;
    els.histTitle.hidden = false;
    els.gauge.setAttribute("aria-label", "");
  }

  // -------------------------------------------------------------- sharing

  /** The key of this calculator in a page's URL hash: its id, else its tag. */
  get #hashKey() {
    return this.id || this.#metric.tag;
  }

  /** The result as a few lines of text. */
  #resultText() {
    const e = this.#els;
    const title = this.getAttribute("label") || this.#t[`${this.#metric.key}Title`];
    return [title, e.summary.textContent, e.interval.textContent, e.meta.textContent].filter(Boolean).join("\n");
  }

  /**
   * A link to this page that opens the calculator with the current counts:
   * `#<key>=g:<p>,<pa>,<d>` (NPS groups) or `#<key>=p:<c0>,<c1>,…` (one
   * count per scale point). Other parts of the hash are kept.
   */
  #permalink() {
    const r = this.#result;
    let value = "";
    if (r && r.distribution) value = "p:" + r.distribution.join(",");
    else if (r && "promoters" in r) value = `g:${r.promoters},${r.passives},${r.detractors}`;
    const params = new URLSearchParams(location.hash.slice(1));
    params.set(this.#hashKey, value);
    return location.href.split("#")[0] + "#" + params.toString().replace(/%3A/g, ":").replace(/%2C/g, ",");
  }

  #readPermalink() {
    if (typeof location === "undefined") return;
    const v = new URLSearchParams(location.hash.slice(1)).get(this.#hashKey);
    const m = v && /^([gp]):((?:\d{1,15},)*\d{1,15})$/.exec(v);
    if (!m) return;
    const counts = m[2].split(",");
    const [lo] = this.#scale;
    if (m[1] === "g" && this.#metric.groups && counts.length === this.#metric.groups.length) {
      this.#countsBy = "group";
      this.#metric.groups.forEach(([key], i) => (this.#counts.group[key] = counts[i]));
    } else if (m[1] === "p" && counts.length === this.#scale[1] - lo + 1) {
      this.#countsBy = "point";
      counts.forEach((c, i) => (this.#counts.point[lo + i] = c));
    } else return;
    this.#mode = "counts";
  }

  async #copy(text, done) {
    const status = this.#els.shareStatus;
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = done;
    } catch {
      status.textContent = this.#t.copyFailed;
    }
  }

  /** The result card as a PNG, drawn with the canvas API (no images, so it works under a strict CSP). */
  #downloadPng() {
    const css = getComputedStyle(this.#root.querySelector(".card"));
    const color = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
    const scale = 2;
    const w = 640;
    const h = 360;
    const c = document.createElement("canvas");
    c.width = w * scale;
    c.height = h * scale;
    const g = c.getContext("2d");
    if (!g) return;
    g.scale(scale, scale);
    g.fillStyle = color("--_bg", "#ffffff");
    g.fillRect(0, 0, w, h);
    const font = css.fontFamily || "sans-serif";
    g.fillStyle = color("--_fg", "#111827");
    g.font = `600 22px ${font}`;
    g.fillText(this.getAttribute("label") || this.#t[`${this.#metric.key}Title`], 28, 44);
    // The gauge: its arcs, interval band and needle, from the drawn SVG.
    const svg = this.#els.gauge;
    g.save();
    g.translate(28, 70);
    g.scale(1.2, 1.2);
    for (const el of svg.querySelectorAll("path")) {
      const d = el.getAttribute("d");
      const st = getComputedStyle(el);
      if (!d || st.visibility === "hidden" || st.display === "none" || st.stroke === "none") continue;
      g.strokeStyle = st.stroke;
      g.globalAlpha = Number(st.opacity) * Number(st.strokeOpacity || 1);
      g.lineWidth = Number.parseFloat(st.strokeWidth) || 1;
      g.stroke(new Path2D(d));
    }
    g.globalAlpha = 1;
    const needle = svg.querySelector(".needle");
    if (needle && getComputedStyle(needle).visibility !== "hidden") {
      const frac = Math.min(1, Math.max(0, this.#needleFrac));
      const [x, y] = gaugePoint(frac, GAUGE.r - 8);
      g.strokeStyle = color("--_fg", "#111827");
      g.lineWidth = 4;
      g.lineCap = "round";
      g.beginPath();
      g.moveTo(110, 110);
      g.lineTo(x, y);
      g.stroke();
    }
    g.restore();
    const e = this.#els;
    g.fillStyle = color("--_fg", "#111827");
    g.font = `700 56px ${font}`;
    g.fillText(e.value.textContent + e.suffix.textContent, 330, 140);
    g.font = `500 18px ${font}`;
    if (!e.chip.hidden) g.fillText(e.chip.textContent, 330, 172);
    g.fillStyle = color("--_muted", "#4b5563");
    g.font = `15px ${font}`;
    let y = 250;
    for (const line of this.#wrap(g, [e.summary.textContent, e.interval.textContent].join(" "), w - 56)) {
      g.fillText(line, 28, y);
      y += 21;
      if (y > h - 14) break;
    }
    c.toBlob((blob) => {
      if (!blob) return;
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = `${this.#metric.key}.png`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    }, "image/png");
  }

  #wrap(g, text, width) {
    const lines = [];
    let line = "";
    for (const word of text.split(/\s+/)) {
      const next = line ? line + " " + word : word;
      if (g.measureText(next).width > width && line) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    if (line) lines.push(line);
    return lines;
  }

  /** The benchmark the attribute names, when it is a number within the gauge. */
  #benchmark(g) {
    // A plain decimal number ("42", "-12.5"); "50abc" is not 50.
    const text = (this.getAttribute("benchmark") ?? "").trim();
    const v = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : NaN;
    return Number.isFinite(v) && v >= g.min && v <= g.max ? v : null;
  }

  #benchmarkText(g) {
    const b = this.#benchmark(g);
    if (b === null) return "";
    const label = this.getAttribute("benchmark-label") || this.#t.benchmark;
    return ` ${label}: ${formatting(this.#t).score(b)}.`;
  }

  #drawBenchmark(g, at) {
    const b = this.#benchmark(g);
    const el = this.#els.bench;
    // An SVG element has no `hidden` property: the attribute it is.
    el.toggleAttribute("hidden", b === null);
    if (b === null) return;
    const f = at(b);
    const [x1, y1] = gaugePoint(f, GAUGE.r - 14);
    const [x2, y2] = gaugePoint(f, GAUGE.r + 14);
    const [tx, ty] = gaugePoint(f, GAUGE.r + 24);
    const line = el.querySelector("line");
    line.setAttribute("x1", x1.toFixed(1));
    line.setAttribute("y1", y1.toFixed(1));
    line.setAttribute("x2", x2.toFixed(1));
    line.setAttribute("y2", y2.toFixed(1));
    const text = el.querySelector("text");
    text.setAttribute("x", tx.toFixed(1));
    text.setAttribute("y", Math.min(ty, 118).toFixed(1));
    text.setAttribute("text-anchor", f < 0.4 ? "end" : f > 0.6 ? "start" : "middle");
    text.textContent = this.getAttribute("benchmark-label") || this.#t.benchmark;
  }

  #draw(r) {
    const els = this.#els;
    const t = this.#t;
    const f = formatting(t);
    const v = this.#metric.view(r, t, f);
    els.results.classList.remove("empty");
    els.valueLabel.textContent = v.label;
    els.value.textContent = v.value;
    els.suffix.textContent = v.suffix;
    els.chip.hidden = !v.chip;
    if (v.chip) {
      els.chip.textContent = v.chip.text;
      els.chip.className = `chip ${v.chip.tone}`;
    }
    els.summary.textContent = v.summary;
    // Gauge.
    const g = { ...this.#metric.gauge(r), ...v.gauge };
    const frac = Math.min(1, Math.max(0, (g.value - g.min) / (g.max - g.min)));
    this.#needleFrac = frac;
    if (els.needle) els.needle.style.transform = `rotate(${(frac * 180).toFixed(2)}deg)`;
    if (els.fill) els.fill.setAttribute("d", arcPath(0, Math.max(frac, 0.001)));
    els.gauge.setAttribute("aria-label", g.alt + this.#benchmarkText(g));
    const ci = r.confidenceInterval;
    const at = (x) => Math.min(1, Math.max(0, (x - g.min) / (g.max - g.min)));
    els.ci.setAttribute("d", ci && ci.high - ci.low > 0 ? arcPath(at(ci.low), Math.max(at(ci.high), at(ci.low) + 0.002)) : "");
    this.#drawBenchmark(g, at);
    els.formulaText.textContent = this.#metric.formula(r, t);
    // Stacked bar and legend (2 or 3 parts; rebuilt only when their number changes).
    if (els.bar.children.length !== v.bar.length) {
      els.bar.replaceChildren(...v.bar.map((b) => Object.assign(document.createElement("span"), { className: b.tone })));
      els.legend.replaceChildren(
        ...v.bar.map((b) => {
          const li = document.createElement("li");
          li.innerHTML = `<span class="swatch ${b.tone}"></span><span></span> <b></b>`;
          return li;
        }),
      );
    }
    v.bar.forEach((b, i) => {
      els.bar.children[i].style.flexBasis = `${Math.max(0, b.share)}%`;
      const li = els.legend.children[i];
      li.children[1].textContent = b.label;
      li.children[2].textContent = b.text;
    });
    els.bar.setAttribute("aria-label", t.shareAlt(v.bar.map((b) => `${b.label} ${b.text}`).join(", ")));
    // Histogram: one bar per scale point.
    const dist = v.distribution;
    els.histWrap.hidden = !dist;
    els.histNote.hidden = !!dist || this.hasAttribute("compact");
    els.histTitle.hidden = !dist && this.hasAttribute("compact");
    if (dist) {
      const max = Math.max(1, ...dist);
      const [lo] = r.scale ?? [0];
      const bars = els.hist.querySelectorAll(".b");
      const labels = els.hist.querySelectorAll(".n");
      dist.forEach((c, i) => {
        if (!bars[i]) return;
        bars[i].style.height = `${(c / max) * 82}%`;
        bars[i].className = `b ${toneOf(r.groups[i])}`;
        labels[i].textContent = c ? f.compact(c) : "";
      });
      els.hist.setAttribute("aria-label", t.distributionAlt(dist.map((c, i) => `${lo + i}: ${f.count(c)}`).join(", ")));
    }
    els.interval.textContent = [v.interval, v.moe].filter(Boolean).join(" ");
    const meta = [t.responses(r.responses, f.count(r.responses))];
    if (r.skipped) meta.push(t.skippedRows(r.skipped, f.count(r.skipped)));
    if (r.responses > 0 && r.responses < 30) meta.push(t.fewResponses);
    if (r.responses === 0) meta.push(t.noValid);
    els.meta.textContent = meta.join(" · ");
  }
}

/**
 * <nps-calculator>: Net Promoter Score from pasted scores, a CSV file or typed counts.
 * @tagname nps-calculator
 * @attr {"counts"|"paste"} mode - Initial input: typed counts or pasted scores (default: paste when scores or example is given, else counts).
 * @attr {string} lang - Language of labels: en, pt, es, it or ro (default: the closest lang attribute, else English; later changes of it are followed).
 * @attr {string} confidence - Confidence level of the interval, in (0, 1); default 0.95.
 * @attr {string} scores - Initial pasted text.
 * @attr {string} counts - Initial counts: the groups (e.g. "50,40,10") or one count per scale point.
 * @attr {boolean} example - Start with built-in example data (also when added later, unless scores or counts were given).
 * @attr {string} label - Heading.
 * @attr {boolean} compact - No gauge, smaller inputs.
 * @fires {CustomEvent} change - A new valid result; detail is the result object (bubbles, composed; dispatched in a microtask).
 * @csspart card - The card.
 * @csspart title - The heading.
 * @csspart inputs - The input column.
 * @csspart textarea - The scores textarea.
 * @csspart results - The result column.
 * @csspart gauge - The gauge.
 * @csspart score - The score.
 * @csspart band - The band (NPS).
 * @csspart bar - The shares bar.
 * @csspart histogram - The distribution chart.
 * @cssprop --nps-font - Font family.
 * @cssprop --nps-accent - Focus rings, buttons, CSAT/CES gauge.
 * @cssprop --nps-promoter-color - Promoters, satisfied, easy.
 * @cssprop --nps-passive-color - Passives, neutral.
 * @cssprop --nps-detractor-color - Detractors, not satisfied, difficult.
 * @cssprop --nps-neutral-color - CSAT answers below the satisfied box.
 * @cssprop --nps-radius - Corner radius of the card.
 * @cssprop --nps-bg - Background.
 * @cssprop --nps-fg - Text.
 * @cssprop --nps-muted - Secondary text.
 * @cssprop --nps-border - Borders.
 * @cssprop --nps-surface - Tab strip, empty bar.
 * @cssprop --nps-error-color - Error messages.
 */
export class NpsCalculatorElement extends CalculatorElement {
  constructor() {
    super("nps");
  }
}

/**
 * <csat-calculator>: customer satisfaction (percent satisfied) on a 1–5 (or other) scale.
 * @tagname csat-calculator
 * @attr {string} scale - The scale: 1-5 (default), 1-3, 1-4, 1-7, 1-10 or 0-10.
 * @attr {string} satisfied-from - Lowest satisfied answer (default: the top-2 box).
 * @attr {"counts"|"paste"} mode - Initial input: typed counts or pasted scores (default: paste when scores or example is given, else counts).
 * @attr {string} lang - Language of labels: en, pt, es, it or ro (default: the closest lang attribute, else English; later changes of it are followed).
 * @attr {string} confidence - Confidence level of the interval, in (0, 1); default 0.95.
 * @attr {string} scores - Initial pasted text.
 * @attr {string} counts - Initial counts: the groups (e.g. "50,40,10") or one count per scale point.
 * @attr {boolean} example - Start with built-in example data (also when added later, unless scores or counts were given).
 * @attr {string} label - Heading.
 * @attr {boolean} compact - No gauge, smaller inputs.
 * @fires {CustomEvent} change - A new valid result; detail is the result object (bubbles, composed; dispatched in a microtask).
 * @csspart card - The card.
 * @csspart title - The heading.
 * @csspart inputs - The input column.
 * @csspart textarea - The scores textarea.
 * @csspart results - The result column.
 * @csspart gauge - The gauge.
 * @csspart score - The score.
 * @csspart band - The band (NPS).
 * @csspart bar - The shares bar.
 * @csspart histogram - The distribution chart.
 * @cssprop --nps-font - Font family.
 * @cssprop --nps-accent - Focus rings, buttons, CSAT/CES gauge.
 * @cssprop --nps-promoter-color - Promoters, satisfied, easy.
 * @cssprop --nps-passive-color - Passives, neutral.
 * @cssprop --nps-detractor-color - Detractors, not satisfied, difficult.
 * @cssprop --nps-neutral-color - CSAT answers below the satisfied box.
 * @cssprop --nps-radius - Corner radius of the card.
 * @cssprop --nps-bg - Background.
 * @cssprop --nps-fg - Text.
 * @cssprop --nps-muted - Secondary text.
 * @cssprop --nps-border - Borders.
 * @cssprop --nps-surface - Tab strip, empty bar.
 * @cssprop --nps-error-color - Error messages.
 */
export class CsatCalculatorElement extends CalculatorElement {
  constructor() {
    super("csat");
  }
  static get observedAttributes() {
    return [...super.observedAttributes, ...METRICS.csat.attributes];
  }
}

/**
 * <ces-calculator>: customer effort (mean, easy/difficult shares) on a 1–7 (or other) scale.
 * @tagname ces-calculator
 * @attr {string} scale - The scale: 1-7 (default), 1-5 or 1-10.
 * @attr {string} higher-is-easier - "true" (default) or "false" for the CEB 1–5 question.
 * @attr {"counts"|"paste"} mode - Initial input: typed counts or pasted scores (default: paste when scores or example is given, else counts).
 * @attr {string} lang - Language of labels: en, pt, es, it or ro (default: the closest lang attribute, else English; later changes of it are followed).
 * @attr {string} confidence - Confidence level of the interval, in (0, 1); default 0.95.
 * @attr {string} scores - Initial pasted text.
 * @attr {string} counts - Initial counts: the groups (e.g. "50,40,10") or one count per scale point.
 * @attr {boolean} example - Start with built-in example data (also when added later, unless scores or counts were given).
 * @attr {string} label - Heading.
 * @attr {boolean} compact - No gauge, smaller inputs.
 * @fires {CustomEvent} change - A new valid result; detail is the result object (bubbles, composed; dispatched in a microtask).
 * @csspart card - The card.
 * @csspart title - The heading.
 * @csspart inputs - The input column.
 * @csspart textarea - The scores textarea.
 * @csspart results - The result column.
 * @csspart gauge - The gauge.
 * @csspart score - The score.
 * @csspart band - The band (NPS).
 * @csspart bar - The shares bar.
 * @csspart histogram - The distribution chart.
 * @cssprop --nps-font - Font family.
 * @cssprop --nps-accent - Focus rings, buttons, CSAT/CES gauge.
 * @cssprop --nps-promoter-color - Promoters, satisfied, easy.
 * @cssprop --nps-passive-color - Passives, neutral.
 * @cssprop --nps-detractor-color - Detractors, not satisfied, difficult.
 * @cssprop --nps-neutral-color - CSAT answers below the satisfied box.
 * @cssprop --nps-radius - Corner radius of the card.
 * @cssprop --nps-bg - Background.
 * @cssprop --nps-fg - Text.
 * @cssprop --nps-muted - Secondary text.
 * @cssprop --nps-border - Borders.
 * @cssprop --nps-surface - Tab strip, empty bar.
 * @cssprop --nps-error-color - Error messages.
 */
export class CesCalculatorElement extends CalculatorElement {
  constructor() {
    super("ces");
  }
  static get observedAttributes() {
    return [...super.observedAttributes, ...METRICS.ces.attributes];
  }
}

if (globalThis.customElements) {
  for (const [tag, cls] of [
    ["nps-calculator", NpsCalculatorElement],
    ["csat-calculator", CsatCalculatorElement],
    ["ces-calculator", CesCalculatorElement],
  ]) {
    if (!customElements.get(tag)) customElements.define(tag, cls);
  }
}

