// The calculator's languages: every table has every label of the English
// one, with the same parameters, and each formats numbers in its locale.
import { test } from "node:test";
import assert from "node:assert/strict";
import { STRINGS, RO, languageOf, formatting, roPlural } from "../../pkg/calculator/strings.js";

test("every language has every label, with the same parameters", () => {
  const en = STRINGS.en;
  assert.deepEqual(Object.keys(STRINGS).sort(), ["en", "es", "it", "pt", "ro"]);
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
  assert.equal(languageOf("ro-RO"), "ro");
  assert.equal(languageOf("RO_md"), "ro");
  assert.equal(languageOf("de"), "en");
  // Names every object inherits are not languages.
  for (const tag of ["constructor", "toString-XX", "__proto__", "hasOwnProperty"]) assert.equal(languageOf(tag), "en", tag);
  assert.equal(formatting(STRINGS.es).score(12.5), "12,5");
  assert.equal(formatting(STRINGS.it).score(-12.5), "-12,5");
  assert.equal(formatting(STRINGS.en).count(1250), "1,250");
  // Romanian: decimal comma, a dot between thousands, a no-break space before %.
  const ro = formatting(STRINGS.ro);
  assert.equal(ro.score(-12.5), "-12,5");
  assert.equal(ro.count(1250), "1.250");
  assert.equal(ro.mean(4), "4,0");
  assert.equal(ro.pct(40.5), "40,5\u00a0%");
  assert.equal(ro.level(0.95), "95\u00a0%");
});

test("Romanian: the NPS groups, diacritics with the comma below, and three plural forms", () => {
  assert.deepEqual([RO.promoters, RO.passives, RO.detractors], ["Promotori", "Pasivi", "Detractori"]);
  // ș and ț have a comma below (U+0219, U+021B), not a cedilla (ş U+015F, ţ U+0163).
  for (const [k, v] of Object.entries(RO)) {
    const text = typeof v === "object" ? JSON.stringify(v) : String(v);
    assert.doesNotMatch(text, /[şţŞŢ]/, `ro.${k}`);
  }
  assert.deepEqual(
    [RO.clear, RO.chooseFile, RO.inputTabs, RO.howTitle, RO.notSatisfied, RO.scoresLabel],
    ["Ștergeți", "Alegeți un fișier CSV", "Cum introduceți datele", "Cum se calculează", "Nemulțumiți", "Scoruri"],
  );
  // one: 1; few: 0, 2–19 and numbers ending in 01–19, and any with decimals; other: "de".
  const f = formatting(RO);
  const answers = (n) => RO.answers(n, f.count(n));
  assert.equal(answers(1), "1 răspuns");
  assert.equal(answers(2), "2 răspunsuri");
  assert.equal(answers(19), "19 răspunsuri");
  assert.equal(answers(20), "20 de răspunsuri");
  assert.equal(answers(100), "100 de răspunsuri");
  assert.equal(answers(101), "101 răspunsuri");
  assert.equal(answers(119), "119 răspunsuri");
  assert.equal(answers(120), "120 de răspunsuri");
  assert.equal(answers(1250), "1.250 de răspunsuri");
  assert.equal(answers(100001), "100.001 răspunsuri");
  assert.equal(answers(2.5), "2,5 răspunsuri"); // weighted answers
  assert.equal(RO.responses(20, "20"), "20 de răspunsuri numărate");
  assert.equal(RO.skippedRows(3, "3"), "3 rânduri omise");
  assert.equal(RO.emptyRows(1), "1 rând gol ignorat.");
  assert.equal(RO.emptyCells(21), "21 de celule goale ignorate.");
  assert.equal(RO.badTitle(4), "4 rânduri nu pot fi numărate:");
  assert.equal(RO.skippedTitle(130), "130 de rânduri omise:");
  assert.equal(RO.moe("12,9"), "Marjă de eroare: ±12,9 puncte.");
  assert.equal(RO.moe("20"), "Marjă de eroare: ±20 de puncte.");
  assert.equal(RO.moe("20,0"), "Marjă de eroare: ±20,0 puncte."); // shown decimals take no "de"
  // The forms follow Intl.PluralRules("ro") for every count from 0 to 2 000.
  const rules = new Intl.PluralRules("ro");
  for (let n = 0; n <= 2000; n++) {
    const form = roPlural(n, "one", "few", "other");
    assert.equal(form, rules.select(n), String(n));
    assert.equal(roPlural(f.count(n), "one", "few", "other"), form, f.count(n));
  }
  // Text that is not a ro-RO number (e.g. compact "12,5 K") takes "de".
  assert.equal(roPlural("12,5 K", "one", "few", "other"), "other");
  assert.equal(
    RO.npsSummary("40", RO.bands.reasonable, answers(100), "50 %", "40 %", "10 %"),
    "NPS 40 (rezonabil) din 100 de răspunsuri: 50 % promotori, 40 % pasivi, 10 % detractori.",
  );
});

test("each language quotes a column's name as its own messages quote a file's name", () => {
  const want = { en: "“score”", pt: "“score”", es: "«score»", it: "«score»", ro: "„score”" };
  for (const [lang, t] of Object.entries(STRINGS)) {
    assert.equal(t.quoted("score"), want[lang], lang);
    assert.ok(t.loaded("score").includes(t.quoted("score")), `${lang}: ${t.loaded("score")}`);
  }
});

test("numbers are written as Intl.NumberFormat writes them, without Intl", async () => {
  const fc = (await import("fast-check")).default;
  const { numberFormat } = await import("../../pkg/calculator/strings.js");
  // Every option set the calculators use, and a few more.
  const optionSets = [
    { maximumFractionDigits: 1 },
    { maximumFractionDigits: 2 },
    { maximumFractionDigits: 0 },
    { minimumFractionDigits: 1, maximumFractionDigits: 2 },
    { minimumFractionDigits: 1, maximumFractionDigits: 1 },
    { minimumFractionDigits: 0, maximumFractionDigits: 2 },
    { style: "percent", maximumFractionDigits: 1 },
    { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 3 },
    { maximumFractionDigits: 1, signDisplay: "exceptZero" },
    { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" },
    {},
    { style: "percent" },
  ];
  // Halfway cases on the shortest decimal (where toFixed, which rounds the
  // exact binary value, differs), carries, grouping edges, signed zeros,
  // exponent forms.
  const values = [
    0, -0, 0.5, 1.005, 1.015, 2.675, 1.45, 0.125, 0.05, -0.05, -0.04, 0.04, 9.995, 99.95, 999.95, 9999.95, 0.995, 0.0005, 0.00005,
    1e-7, 5e-7, -5e-7, 1.5e-7, 123456789.125, 1234, 12345, 123456, 1234567.891, -1234.5, 1e20, 9.999999999e20, 5e20, 0.1 + 0.2, 1 / 3, 2 / 3,
    12.5, -12.5, 40.5, 0.955, 0.9995, 99.995, -99.995, 1.25, 1.35, Number.MIN_VALUE, 4.35, 0.035, 100, -100, 1e-21,
  ];
  const check = (lang, o, x) => {
    const t = STRINGS[lang];
    const want = new Intl.NumberFormat(t.locale, o).format(x);
    const got = numberFormat(t, o).format(x);
    assert.equal(got, want, `${lang} ${JSON.stringify(o)} ${Object.is(x, -0) ? "-0" : x}`);
  };
  for (const lang of Object.keys(STRINGS)) {
    for (const o of optionSets) {
      for (const x of values) check(lang, o, x);
    }
  }
  // Any double, and decimals of a few digits (whose halves are ties).
  const anyNumber = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e21, max: 1e21 }),
    fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 })).map(([n, k]) => n / 10 ** k),
  );
  fc.assert(
    fc.property(fc.constantFrom(...Object.keys(STRINGS)), fc.constantFrom(...optionSets), anyNumber, (lang, o, x) => check(lang, o, x)),
    { numRuns: 20000 },
  );
  // What it does not write itself still goes to Intl.
  for (const x of [NaN, Infinity, -Infinity, 1e21, -3e25]) check("es", { maximumFractionDigits: 1 }, x);
  assert.equal(numberFormat(STRINGS.it, { notation: "compact", maximumFractionDigits: 1 }).format(12500), new Intl.NumberFormat("it-IT", { notation: "compact", maximumFractionDigits: 1 }).format(12500));
});
