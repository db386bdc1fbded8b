// The styles of the calculator elements, applied as a constructable
// stylesheet (adoptedStyleSheets): no <style> element and no style
// attribute, so the elements render under a strict Content-Security-Policy
// (style-src 'self'). Colours, radius and font come from --nps-* custom
// properties; parts are exposed for ::part().

// The dark palette: with theme="dark", or by the system's preference unless
// theme="light". Every pair of colours in both palettes meets WCAG AA
// contrast (checked with axe in the tests).
const DARK = `
  --_accent: var(--nps-accent, #a5b4fc);
  --_promoter: var(--nps-promoter-color, #4ade80);
  --_passive: var(--nps-passive-color, #facc15);
  --_detractor: var(--nps-detractor-color, #f87171);
  --_neutral: var(--nps-neutral-color, #94a3b8);
  --_bg: var(--nps-bg, #111827);
  --_fg: var(--nps-fg, #f9fafb);
  --_muted: var(--nps-muted, #cbd5e1);
  --_border: var(--nps-border, #4b5563);
  --_surface: var(--nps-surface, #1f2937);
  --_error: var(--nps-error-color, #fca5a5);
  --_ink: #fff;
  color-scheme: dark;
`;

export const STYLE = `
:host {
  --_font: var(--nps-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  --_accent: var(--nps-accent, #4338ca);
  --_promoter: var(--nps-promoter-color, #16a34a);
  --_passive: var(--nps-passive-color, #eab308);
  --_detractor: var(--nps-detractor-color, #dc2626);
  --_neutral: var(--nps-neutral-color, #94a3b8);
  --_radius: var(--nps-radius, 14px);
  --_bg: var(--nps-bg, #ffffff);
  --_fg: var(--nps-fg, #111827);
  --_muted: var(--nps-muted, #4b5563);
  --_border: var(--nps-border, #d1d5db);
  --_surface: var(--nps-surface, #f3f4f6);
  --_error: var(--nps-error-color, #b91c1c);
  --_ink: #000;
  color-scheme: light;
  display: block;
  container-type: inline-size;
  color: var(--_fg);
  font-family: var(--_font);
  font-size: 16px;
  line-height: 1.45;
  -webkit-text-size-adjust: 100%;
}
:host([theme="dark"]) {${DARK}}
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) {${DARK}}
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.card {
  background: var(--_bg);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  padding: clamp(14px, 3cqi, 28px);
  box-shadow: 0 1px 2px rgb(0 0 0 / 4%), 0 8px 24px -12px rgb(0 0 0 / 12%);
  position: relative;
}
.head { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: baseline; justify-content: space-between; margin-bottom: 14px; }
h2 { font-size: 1.15rem; margin: 0; font-weight: 650; letter-spacing: -0.01em; }
.settings { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; font-size: 0.875rem; color: var(--_muted); }
.settings label { display: inline-flex; gap: 6px; align-items: center; }
.grid { display: grid; gap: 20px 32px; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 720px) {
  .grid { grid-template-columns: minmax(0, 1fr) minmax(0, 1.1fr); }
  :host([compact]) .grid { grid-template-columns: minmax(0, 1fr); }
}
/* The tabs share the width they have: a label too long for a phone (Spanish,
   Italian) wraps inside its tab instead of pushing the page sideways; the
   radius is half a one-line tab's height, so one line is a pill. */
[role="tablist"] { display: flex; width: fit-content; max-width: 100%; box-sizing: border-box; background: var(--_surface); border-radius: 21px; padding: 3px; gap: 2px; margin-bottom: 12px; }
[role="tab"] {
  font: inherit; font-size: 0.9rem; font-weight: 550; border: 0; background: transparent; color: var(--_muted);
  padding: 6px 14px; border-radius: 18px; cursor: pointer; min-height: 36px;
  flex: 0 1 auto; min-width: 0; line-height: 1.25; text-align: center; overflow-wrap: break-word;
}
[role="tab"][aria-selected="true"] { background: var(--_bg); color: var(--_fg); box-shadow: 0 1px 3px rgb(0 0 0 / 14%); }
[role="tab"]:hover { color: var(--_fg); }
@container (max-width: 330px) {
  [role="tab"] { padding: 6px 10px; font-size: 0.85rem; }
}
:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
label, legend { font-weight: 600; font-size: 0.9rem; }
.hint { color: var(--_muted); font-size: 0.8rem; margin: 2px 0 8px; }
textarea, input[type="text"], select {
  font: inherit; color: var(--_fg); background: var(--_bg);
  border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 0.6);
}
textarea {
  display: block; width: 100%; min-height: 11rem; resize: vertical; padding: 10px 12px;
  font-size: 0.875rem; line-height: 1.5; font-variant-numeric: tabular-nums;
}
:host([compact]) textarea { min-height: 7.5rem; }
textarea:focus, input[type="text"]:focus, select:focus { border-color: var(--_accent); }
select { padding: 4px 8px; min-height: 34px; max-width: 100%; }
.drop textarea { border-style: dashed; border-color: var(--_accent); background: color-mix(in srgb, var(--_accent) 6%, var(--_bg)); }
.tools { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin: 8px 0 4px; font-size: 0.875rem; color: var(--_muted); }
.label-row { display: flex; justify-content: space-between; align-items: center; gap: 8px; flex-wrap: wrap; }
.actions { display: inline-flex; gap: 6px; }
.btn.small { font-size: 0.8rem; padding: 2px 10px; min-height: 30px; }
.btn {
  font: inherit; font-size: 0.875rem; font-weight: 600; color: var(--_accent); background: var(--_bg);
  border: 1px solid var(--_border); border-radius: 999px; padding: 5px 12px; cursor: pointer; min-height: 34px;
  display: inline-flex; align-items: center;
}
.btn:hover { border-color: var(--_accent); }
.sr-only {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
input[type="file"]:focus-visible + label { outline: 3px solid var(--_accent); outline-offset: 2px; }
.column-row { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin: 8px 0; }
.info { font-size: 0.8rem; color: var(--_muted); margin: 6px 0; min-height: 1.2em; }
.check { display: flex; gap: 8px; align-items: center; margin: 8px 0 2px; font-weight: 550; cursor: pointer; }
.check input { width: 18px; height: 18px; accent-color: var(--_accent); margin: 0; }
.errors {
  border: 1px solid color-mix(in srgb, var(--_error) 35%, var(--_bg)); background: color-mix(in srgb, var(--_error) 6%, var(--_bg));
  border-radius: calc(var(--_radius) * 0.6); padding: 8px 12px; margin-top: 8px; font-size: 0.85rem; color: var(--_error);
}
.errors.skipped { color: var(--_muted); border-color: var(--_border); background: var(--_surface); }
.errors p { margin: 0 0 4px; font-weight: 600; }
.errors ul { margin: 0; padding-left: 1.1rem; max-height: 12rem; overflow: auto; }
.errors li { margin: 1px 0; overflow-wrap: anywhere; }
fieldset { border: 0; padding: 0; margin: 0 0 10px; min-width: 0; }
legend { padding: 0; margin-bottom: 6px; }
.radios { display: flex; flex-wrap: wrap; gap: 6px 16px; }
.radios label { font-weight: 500; display: inline-flex; gap: 6px; align-items: center; cursor: pointer; }
.radios input { accent-color: var(--_accent); width: 16px; height: 16px; margin: 0; }
.counts { display: grid; gap: 10px; grid-template-columns: repeat(auto-fit, minmax(104px, 1fr)); }
.counts label { display: flex; flex-wrap: wrap; gap: 2px 6px; align-items: center; margin-bottom: 4px; }
.counts label small { font-weight: 500; color: var(--_muted); white-space: nowrap; }
.counts input, .points input { width: 100%; padding: 7px 10px; font-variant-numeric: tabular-nums; min-height: 38px; }
.points { display: grid; gap: 6px; grid-template-columns: repeat(auto-fill, minmax(56px, 1fr)); }
.points label { display: block; text-align: center; font-size: 0.8rem; font-weight: 600; margin-bottom: 2px; }
.points input { text-align: center; padding: 6px 4px; }
input[aria-invalid="true"] { border-color: var(--_error); box-shadow: 0 0 0 1px var(--_error); }
.swatch { width: 12px; height: 12px; border-radius: 3px; display: inline-block; flex: none; }
.promoter { --_c: var(--_promoter); }
.passive { --_c: var(--_passive); }
.detractor { --_c: var(--_detractor); }
.neutral { --_c: var(--_neutral); }
.swatch { background: var(--_c); }

.results { min-width: 0; }
.results.stale .figure { opacity: 0.45; filter: grayscale(0.6); }
.results .figure { transition: opacity 0.2s; }
.stale-note { display: none; font-size: 0.85rem; color: var(--_error); font-weight: 600; margin: 0 0 8px; }
.results.stale .stale-note { display: block; }
.headline { display: flex; align-items: center; gap: 12px 20px; flex-wrap: wrap; }
.gauge { width: min(220px, 55%); flex: none; }
:host([compact]) .gauge { display: none; }
.gauge svg { display: block; width: 100%; height: auto; overflow: visible; }
.gauge .track { fill: none; stroke: var(--_surface); stroke-width: 18; }
.gauge .seg { fill: none; stroke-width: 18; stroke: var(--_c); }
.gauge .seg.light { opacity: 0.55; }
.gauge .fill { fill: none; stroke: var(--_accent); stroke-width: 18; }
.gauge .needle { stroke: var(--_fg); stroke-width: 4; stroke-linecap: round; transform-box: view-box; transform-origin: 110px 110px; transition: transform 0.35s cubic-bezier(.3,.7,.4,1); }
.gauge .hub { fill: var(--_fg); }
.gauge text { fill: var(--_muted); font-size: 12px; font-family: var(--_font); }
.empty .gauge .needle, .empty .gauge .hub, .empty .gauge .fill { visibility: hidden; }
.big { display: flex; flex-direction: column; min-width: 0; }
.big .label { font-size: 0.8rem; font-weight: 700; letter-spacing: 0.08em; color: var(--_muted); text-transform: uppercase; }
.big .value { font-size: clamp(2.6rem, 9cqi, 3.6rem); font-weight: 750; line-height: 1; letter-spacing: -0.03em; font-variant-numeric: tabular-nums; }
.big .suffix { font-size: 0.9rem; color: var(--_muted); margin-left: 4px; font-weight: 600; }
.chip {
  align-self: flex-start; margin-top: 8px; font-size: 0.8rem; font-weight: 700; padding: 3px 10px; border-radius: 999px;
  background: color-mix(in srgb, var(--_c) 16%, var(--_bg)); color: color-mix(in srgb, var(--_c) 55%, var(--_ink));
  border: 1px solid color-mix(in srgb, var(--_c) 45%, var(--_bg));
}
.chip[hidden] { display: none; }
.chip.excellent, .chip.very-good { --_c: var(--_promoter); }
.chip.reasonable { --_c: var(--_passive); }
.chip.poor { --_c: var(--_detractor); }
.summary { margin: 12px 0 10px; font-size: 0.95rem; min-height: 2.9em; }
.bar { display: flex; height: 22px; border-radius: 6px; overflow: hidden; background: var(--_surface); }
.bar > span { background: var(--_c); height: 100%; transition: flex-basis 0.3s ease; flex: 0 0 0%; }
.bar > span + span { box-shadow: inset 2px 0 0 var(--_bg); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 6px 0 14px; padding: 0; list-style: none; font-size: 0.85rem; }
.legend li { display: inline-flex; gap: 6px; align-items: center; }
.legend b { font-variant-numeric: tabular-nums; }
.hist-title { font-size: 0.8rem; font-weight: 700; color: var(--_muted); margin: 0 0 4px; }
.hist { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(0, 1fr); gap: 4px; height: 120px; align-items: end; }
:host([compact]) .hist { height: 80px; }
.hist .col { display: flex; flex-direction: column; justify-content: flex-end; align-items: stretch; height: 100%; min-width: 0; }
.hist .n { font-size: 0.65rem; color: var(--_muted); text-align: center; font-variant-numeric: tabular-nums; white-space: nowrap; overflow: hidden; }
.hist .b { background: var(--_c); border-radius: 3px 3px 0 0; min-height: 1px; height: 0; transition: height 0.3s ease; }
.hist-axis { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(0, 1fr); gap: 4px; font-size: 0.75rem; text-align: center; color: var(--_muted); border-top: 1px solid var(--_border); padding-top: 2px; }
.hist-note { font-size: 0.8rem; color: var(--_muted); margin: 0; min-height: 120px; display: flex; align-items: center; }
:host([compact]) .hist-note { min-height: 0; }
.interval { margin: 14px 0 2px; font-weight: 600; font-size: 0.95rem; }
.meta { margin: 0; font-size: 0.85rem; color: var(--_muted); }
/* On a phone (a narrow element) the result comes first, above the inputs. */
@container (max-width: 719px) {
  .results { order: -1; }
}
.gauge .ci { fill: none; stroke: var(--_fg); stroke-opacity: 0.2; stroke-width: 30; }
.gauge .bench line { stroke: var(--_fg); stroke-width: 2.5; stroke-linecap: round; }
.gauge .bench text { fill: var(--_fg); font-weight: 650; font-size: 11px; }
.empty .gauge .ci, .empty .gauge .bench { visibility: hidden; }
.formula { margin-top: 12px; font-size: 0.85rem; color: var(--_muted); }
.formula summary { cursor: pointer; font-weight: 600; color: var(--_fg); }
.formula p { margin: 6px 0 0; }
.share { display: flex; flex-wrap: wrap; gap: 6px 8px; align-items: center; margin-top: 12px; }
.share-status { font-size: 0.8rem; color: var(--_muted); }
.empty .share, .empty .formula { display: none; }
@media (prefers-reduced-motion: reduce) {
  .needle, .bar > span, .hist .b, .results .figure { transition: none !important; }
}
`;

let shared = null;

/**
 * Applies the styles to a shadow root. Returns false where constructable
 * stylesheets are not available (very old browsers), where the caller falls
 * back to a <style> element.
 */
export function adoptStyles(root) {
  if (typeof CSSStyleSheet !== "function" || !("adoptedStyleSheets" in root) || !("replaceSync" in CSSStyleSheet.prototype)) return false;
  if (!shared) {
    shared = new CSSStyleSheet();
    shared.replaceSync(STYLE);
  }
  root.adoptedStyleSheets = [shared];
  return true;
}
