// The demo page's language: from ?lang=, the visitor's last choice, or the
// browser's, among the languages the page is written in. Read by boot.js
// before anything is drawn, and by app.js.

/** The languages of the page's texts (app.js has a table for each). */
export const LANGUAGES = ["en", "pt", "ro"];

/** Where the visitor's choice is kept. */
const SAVED = "cx-metrics-lang";

export function pickLanguage() {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  let saved = null;
  try {
    saved = localStorage.getItem(SAVED);
  } catch {
    /* storage may be disabled */
  }
  const tag = fromUrl || saved || navigator.language || "en";
  const base = tag.toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.includes(base) ? base : "en";
}

/** Keeps the visitor's choice for the next visit. */
export function rememberLanguage(lang) {
  try {
    localStorage.setItem(SAVED, lang);
  } catch {
    /* storage may be disabled */
  }
}
