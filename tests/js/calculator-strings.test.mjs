// The calculator's languages: every table has every label of the English
// one, with the same parameters, and each formats numbers in its locale.
import { test } from "node:test";
import assert from "node:assert/strict";
import { STRINGS, languageOf, formatting } from "../../pkg/calculator/strings.js";

test("every language has every label, with the same parameters", () => {
  const en = STRINGS.en;
  assert.deepEqual(Object.keys(STRINGS).sort(), ["en", "es", "it", "pt"]);
  for (const [lang, t] of Object.entries(STRINGS)) {
    assert.deepEqual(Object.keys(t).sort(), Object.keys(en).sort(), lang);
    for (const [k, v] of Object.entries(en)) {
      assert.equal(typeof t[k], typeof v, `${lang}.${k}`);
      if (typeof v === "function") assert.equal(t[k].length, v.length, `${lang}.${k} parameters`);
      if (typeof v === "string" && k !== "npsTitle" && k !== "lang" && lang !== "en") assert.ok(t[k].length > 0, `${lang}.${k}`);
    }
    assert.deepEqual(Object.keys(t.bands).sort(), Object.keys(en.bands).sort(), `${lang}.bands`);
  }
});

test("language tags pick a table; numbers follow the locale", () => {
  assert.equal(languageOf("es-MX"), "es");
  assert.equal(languageOf("it_IT"), "it");
  assert.equal(languageOf("pt-BR"), "pt");
  assert.equal(languageOf("de"), "en");
  assert.equal(formatting(STRINGS.es).score(12.5), "12,5");
  assert.equal(formatting(STRINGS.it).score(-12.5), "-12,5");
  assert.equal(formatting(STRINGS.en).count(1250), "1,250");
});
