// The calculator's text reader (cx-metrics/calculator: parseCsv, readScores)
// in Node: hand-worked texts as spreadsheets and people write them, and
// property tests against an independent RFC 4180 reader written here.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fc from "fast-check";
import { parseCsv, readScores } from "../../pkg/calculator/csv.js";
import { readCsv } from "../support/csv.mjs";

const values = (text, options) => [...readScores(text, options).values];

/** RFC 4180 by its grammar, trailing rows of empty cells left out (as parseCsv does). */
function reference(text, delimiter) {
  const rows = readCsv(text, { delimiter });
  while (rows.length && rows[rows.length - 1].every((x) => x === "")) rows.pop();
  return rows;
}

test("lines ended by a lone CR (Excel's \"CSV (Macintosh)\") are lines", () => {
  assert.deepEqual(values("Score\r10\r9\r6"), [10, 9, 6]);
  assert.equal(readScores("Score\r10\r9\r6").header, "Score");
  assert.deepEqual(values("Name,Score\rA,10\rB,9"), [10, 9]);
  // A bad value among them is read (as NaN, for the engine to report), not lost.
  assert.equal(values("10\r9\rabc").length, 3);
});

test("a quoted header cell may hold a line break", () => {
  const text = '"How likely are you to recommend us?\n(0 = not at all, 10 = extremely)",Comment\n9,great\n7,"ok, fine"\n10,x\n';
  assert.deepEqual(values(text), [9, 7, 10]);
  assert.deepEqual(parseCsv('"Likely to\nrecommend"\tComment\n9\tok\n').rows, [["Likely to\nrecommend", "Comment"], ["9", "ok"]]);
});

test("comma-separated scores without a header are all read, a bad one reported, none dropped", () => {
  assert.deepEqual(values("10,9\n8,7\n6,5,"), [10, 9, 8, 7, 6, 5]);
  assert.deepEqual(values("10, 9, 3\n2, 6, 1\n0, 10, 11"), [10, 9, 3, 2, 6, 1, 0, 10, 11]);
  // Spaces too, in any mix: "9 8" is two scores, not a column of something else.
  for (const sep of [",", ";", "\t"]) assert.deepEqual(values(`10${sep} 9 8\n7${sep} 6 5`), [10, 9, 8, 7, 6, 5], JSON.stringify(sep));
  // A column that is something else (dates) leaves the score column alone.
  assert.deepEqual(values("2026-03-01,9\n2026-03-02,7\n2026-03-03,10"), [9, 7, 10]);
});

test("tabs: a spreadsheet's rectangle is a table, other tabs separate a list", () => {
  assert.deepEqual(values("9\t10\n7\t8"), [9, 10, 7, 8]);
  assert.deepEqual(values("9\t10\t6\n7\n8 5"), [9, 10, 6, 7, 8, 5]);
  assert.deepEqual(values("Name\tNPS\nA\t9\nB\t7"), [9, 7]);
});

test("a byte order mark does not hide the first cell's quotes", () => {
  const body = '"Name, full",Visits,NPS\n"Doe, J",3,9\n"Roe, K",4,10\n';
  assert.deepEqual(parseCsv("\uFEFF" + body).rows[0], ["Name, full", "Visits", "NPS"]);
  assert.deepEqual(values("\uFEFF" + body), [9, 10]);
});

test("one line: its delimiter is detected, counted outside quotes", () => {
  assert.deepEqual(parseCsv("a\tb\tc"), { rows: [["a", "b", "c"]], delimiter: "\t" });
  assert.deepEqual(parseCsv('a;b;"x,y"\n'), { rows: [["a", "b", "x,y"]], delimiter: ";" });
  assert.deepEqual(parseCsv("a,b").delimiter, ",");
});

test("Unicode spaces around a number are spaces (a thin space is not part of it)", () => {
  for (const space of ["\u2009", "\u2002", "\u200a", "\u205f", "\u1680"]) assert.deepEqual(values(`Score\n7${space}\n10`), [7, 10], JSON.stringify(space));
});

test("parseCsv with a given delimiter reads RFC 4180 as the grammar does (fast-check)", () => {
  const chars = ["a", "1", "9", ",", ";", "\t", '"', "\n", "\r\n", "é", "😀", "\0"];
  const field = fc.array(fc.constantFrom(...chars), { maxLength: 6 }).map((a) => a.join(""));
  const table = fc.record({
    delim: fc.constantFrom(",", ";", "\t"),
    eol: fc.constantFrom("\n", "\r\n"),
    trailing: fc.boolean(),
    rows: fc.array(fc.array(fc.tuple(field, fc.boolean()), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
  });
  // Cells that need quotes (or, at random, others) are quoted; unquoted
  // cells have no spaces at their ends (parseCsv trims those).
  const render = ({ delim, eol, trailing, rows }) =>
    rows.map((r) => r.map(([f, q]) => (q || f === "" || /[",;\t\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(delim)).join(eol) + (trailing ? eol : "");
  fc.assert(
    fc.property(table, (t) => {
      const text = render(t);
      assert.deepEqual(parseCsv(text, { delimiter: t.delim }).rows, reference(text, t.delim));
    }),
    { seed: 42, numRuns: 2000 },
  );
});

test("readScores of a pasted list: any mix of separators, an optional header line, any line ending (fast-check)", () => {
  const list = fc.record({
    header: fc.option(fc.constantFrom("Score", "NPS", "Nota (0-10)", "How likely?"), { nil: null }),
    eol: fc.constantFrom("\n", "\r\n", "\r"),
    items: fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.constantFrom(" ", ",", ";", "\n", "\r\n", "\n\n", " ,", "\u00a0")), { minLength: 1, maxLength: 12 }),
  });
  fc.assert(
    fc.property(list, ({ header, eol, items }) => {
      const text = (header ? header + eol : "") + items.map(([v, s]) => v + s).join("");
      assert.deepEqual(values(text), items.map(([v]) => v), JSON.stringify(text));
    }),
    { seed: 3, numRuns: 2000 },
  );
});

test("readScores: a column that is not one of the table's is an error, not an empty result", () => {
  const table = "Name,NPS\nA,9\nB,7";
  assert.deepEqual(values(table, { column: 1 }), [9, 7]);
  assert.equal(values(table, { column: -1 }).length, 4);
  for (const column of [2, 7, -5, 1.5, NaN, "1"]) {
    assert.throws(() => readScores(table, { column }), (e) => e instanceof RangeError && e.code === "INVALID_OPTION" && e.field === "column", String(column));
  }
});

test("options: null is none; a delimiter is one character, else INVALID_OPTION", () => {
  assert.deepEqual(parseCsv("a,b", null).rows, [["a", "b"]]);
  assert.deepEqual([...readScores("9\n7", null).values], [9, 7]);
  for (const delimiter of [5, "", ",;", null]) {
    assert.throws(() => parseCsv("a,b", { delimiter }), (e) => e instanceof RangeError && e.code === "INVALID_OPTION" && e.field === "delimiter", String(delimiter));
  }
});
