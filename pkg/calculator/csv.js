// Text → numbers: pasted lists of scores, CSV/TSV files and spreadsheet
// columns (RFC 4180 quotes, header detection, decimal commas), with the row
// and column of every value kept for messages. The engine validates every
// value; a cell that is not a number becomes NaN, which it reports.
// ------------------------------------------------------------------ parsing
//
// Turning pasted text into values is the only data work done here: the
// engine validates every value and computes every statistic. A cell that is
// not a number becomes NaN, which the engine reports as NOT_A_NUMBER; the
// original text is kept (as offsets) to show in the message.

export const BLANK = null;
export const LETTER = /\p{L}/u;

/** The characters String.prototype.trim removes, but line breaks (Unicode spaces, BOM). */
function isSpace(c) {
  return (
    c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Growable typed columns, reused between parses (no allocation per keystroke). */
export class Cells {
  constructor() {
    this.cap = 0;
    this.n = 0;
    this.grow(1024);
  }
  grow(cap) {
    const old = this;
    const values = new Float64Array(cap);
    const rows = new Int32Array(cap);
    const cols = new Int32Array(cap);
    const starts = new Int32Array(cap);
    const ends = new Int32Array(cap);
    if (old.cap) {
      values.set(old.values.subarray(0, old.n));
      rows.set(old.rows.subarray(0, old.n));
      cols.set(old.cols.subarray(0, old.n));
      starts.set(old.starts.subarray(0, old.n));
      ends.set(old.ends.subarray(0, old.n));
    }
    Object.assign(this, { values, rows, cols, starts, ends, cap });
  }
  push(v, row, col, s, e) {
    if (this.n === this.cap) this.grow(this.cap * 2);
    const i = this.n++;
    this.values[i] = v;
    this.rows[i] = row;
    this.cols[i] = col;
    this.starts[i] = s;
    this.ends[i] = e;
  }
}

/** Number in text[s, e) (trimmed): an integer fast path, else Number(); BLANK when empty, NaN when not a number. */
export function cellNumber(text, s, e) {
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (s === e) return BLANK;
  if (e - s <= 9) {
    let v = 0;
    let k = s;
    for (; k < e; k++) {
      const d = text.charCodeAt(k) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (k === e) return v;
  }
  let str = text.slice(s, e);
  if (str.length > 1 && str[0] === '"' && str[str.length - 1] === '"') str = str.slice(1, -1).trim();
  if (str === "") return BLANK;
  str = str.replace(/^[−–]/, "-");
  if (/^[+-]?\d+,\d+$/.test(str)) str = str.replace(",", "."); // decimal comma (pt-BR, de, fr…)
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$|^[+-]?Infinity$/i.test(str) ? Number(str) : NaN;
}

/** Whether text[s, e) is two or more numbers separated by spaces. */
function numbersBySpaces(text, s, e) {
  let parts = 0;
  let i = s;
  while (i < e) {
    while (i < e && isSpace(text.charCodeAt(i))) i++;
    if (i === e) break;
    const start = i;
    while (i < e && !isSpace(text.charCodeAt(i))) i++;
    const v = cellNumber(text, start, i);
    if (v === BLANK || Number.isNaN(v)) return false;
    parts++;
  }
  return parts > 1;
}

/** Raw text of a cell, for messages (unquoted, trimmed, shortened). */
export function cellText(text, s, e) {
  let str = text.slice(s, e).trim();
  if (str.length > 1 && str[0] === '"' && str[str.length - 1] === '"') str = str.slice(1, -1).replaceAll('""', '"');
  return str.length > 24 ? str.slice(0, 23) + "…" : str;
}

/** The end of the line from `i`: its line break (CR or LF), or the text's end. */
function lineEnd(text, i) {
  const len = text.length;
  while (i < len && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

/** The start of the next line after the line break at `end` (CRLF is one break). */
function afterBreak(text, end) {
  return end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
}

/**
 * The first `k` non-blank records (for sniffing the format): lines ended by
 * CRLF, LF or a lone CR (classic Mac and Excel's "CSV (Macintosh)"), where a
 * quoted cell may hold line breaks; a leading BOM is not part of the first.
 */
function firstLines(text, k) {
  const out = [];
  const len = text.length;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (out.length < k && start < len) {
    let quoted = false;
    let end = start;
    for (; end < len && end - start < 65536; end++) {
      const c = text.charCodeAt(end);
      if (c === 34) quoted = !quoted;
      else if ((c === 10 || c === 13) && !quoted) break;
    }
    const line = text.slice(start, end);
    if (line.trim()) out.push(line);
    // Past the rest of an overlong line, then past its line break.
    start = afterBreak(text, lineEnd(text, end));
  }
  return out;
}

function countOutsideQuotes(line, ch) {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/**
 * A table (CSV, TSV or several spreadsheet columns) when the first line is
 * a header with tabs, semicolons or commas, or the first two lines have the
 * same number of them (spreadsheets copy rectangles). Otherwise the text is
 * a list of scores, whose separators may be mixed.
 */
export function detectDelimiter(text) {
  const [first, second] = firstLines(text, 2);
  if (!first || second === undefined) return null; // one line is a list, whatever its separators
  const d = delimiterOf(first);
  if (!d) return null;
  if (LETTER.test(first)) return d;
  return countOutsideQuotes(second, d) === countOutsideQuotes(first, d) ? d : null;
}

/** The delimiter one record uses: a tab, else the more frequent of ";" and "," outside quotes (null for none). */
function delimiterOf(record) {
  if (countOutsideQuotes(record, "\t") > 0) return "\t";
  const semis = countOutsideQuotes(record, ";");
  const commas = countOutsideQuotes(record, ",");
  return semis > 0 && semis >= commas ? ";" : commas > 0 ? "," : null;
}

/**
 * Calls cb(row, col, start, end) for every cell of a delimited text, with
 * RFC 4180 quotes (a quoted cell may hold delimiters, quotes and newlines).
 * Rows are numbered from 1, like a spreadsheet; cb returning false stops.
 */
export function forEachCell(text, delim, cb) {
  const len = text.length;
  const d = delim.charCodeAt(0);
  let row = 1;
  let col = 0;
  // A byte order mark is not part of the first cell (whose quotes it hid).
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i <= len) {
    const s = i;
    if (i < len && text.charCodeAt(i) === 34) {
      let j = i + 1;
      for (;;) {
        j = text.indexOf('"', j);
        if (j < 0) { j = len; break; }
        if (text.charCodeAt(j + 1) === 34) { j += 2; continue; }
        break;
      }
      i = j + 1;
    }
    while (i < len) {
      const c = text.charCodeAt(i);
      if (c === d || c === 10 || c === 13) break;
      i++;
    }
    if (cb(row, col, s, Math.min(i, len)) === false) return;
    if (i >= len) return;
    const c = text.charCodeAt(i);
    i++;
    if (c === d) {
      col++;
      if (i === len) { cb(row, col, len, len); return; }
    } else {
      if (c === 13 && text.charCodeAt(i) === 10) i++;
      row++;
      col = 0;
      if (i === len) return;
    }
  }
}

const SEP = new Uint8Array(128);
for (const c of "\t ,;\u000b\u000c") SEP[c.charCodeAt(0)] = 1;

/** A list of scores: any mix of newlines, tabs, commas, semicolons and spaces. */
function parseList(text, cells) {
  cells.n = 0;
  const len = text.length;
  let row = 1;
  let pos = 0;
  let tokStart = -1;
  let multi = false;
  let empty = 0;
  let pendingEmpty = 0;
  let lineHasToken = false;
  let header = null;
  let headerRow = 0;
  let i = 0;
  // Header: the first non-blank line, if it has a letter in it. Lines end
  // at CRLF, LF or a lone CR, as the rows below.
  for (;;) {
    const end = lineEnd(text, i);
    const next = afterBreak(text, end);
    const line = text.slice(i, end);
    if (line.trim()) {
      if (LETTER.test(line)) {
        header = line.trim();
        headerRow = row;
        i = next;
        row++;
      }
      break;
    }
    if (end >= len) break;
    i = next;
    row++;
  }
  for (; i <= len; i++) {
    const c = i < len ? text.charCodeAt(i) : 10;
    const nl = c === 10 || c === 13;
    if (nl || (c < 128 ? SEP[c] === 1 : isSpace(c))) {
      if (tokStart >= 0) {
        const v = cellNumber(text, tokStart, i);
        if (v !== BLANK) {
          if (pendingEmpty) { empty += pendingEmpty; pendingEmpty = 0; }
          pos++;
          if (pos > 1) multi = true;
          cells.push(v, row, pos, tokStart, i);
          lineHasToken = true;
        }
        tokStart = -1;
      }
      if (nl) {
        if (c === 13 && i + 1 < len && text.charCodeAt(i + 1) === 10) i++;
        if (!lineHasToken) pendingEmpty++;
        lineHasToken = false;
        row++;
        pos = 0;
      }
    } else if (tokStart < 0) {
      tokStart = i;
    }
  }
  return { kind: "list", header, headerRow, empty, multi, columns: null, column: -1 };
}

/** Letters of a spreadsheet column: 0 → A, 26 → AA. */
export function columnLetter(i) {
  let s = "";
  for (i += 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

const NAME_HINTS = {
  nps: /\bnps\b|recommend|recomend|likel|prov[aá]vel/i,
  csat: /csat|satisf/i,
  ces: /\bces\b|effort|esfor[cç]o|eas(y|e)|f[aá]cil/i,
};
const GENERIC_HINT = /score|nota|rating|avalia/i;

/**
 * A delimited table. The column used is `choice` when it fits this table,
 * else the best guess: a column named like the metric, else the column with
 * the most valid scores; "all columns" when there is no header and every
 * column looks like scores.
 */
function parseTable(text, delim, cells, { scale, metric, choice }) {
  // Preview: header and per-column statistics from the first 500 rows.
  let headerRow = 0;
  let header = null;
  let firstRow = 0;
  const headerCells = [];
  const valid = [];
  const filled = [];
  const numeric = [];
  let ncols = 0;
  let rowsSeen = 0;
  let rowCells = [];
  const flush = () => {
    if (!rowCells.length) return;
    const texts = rowCells.map(([s, e]) => cellText(text, s, e));
    if (texts.some((t) => t !== "")) {
      if (!firstRow) {
        firstRow = rowCells.row;
        if (texts.some((t) => LETTER.test(t))) {
          headerRow = rowCells.row;
          header = texts.join(delim === "\t" ? " | " : delim + " ").slice(0, 60);
          headerCells.push(...texts);
          ncols = Math.max(ncols, texts.length);
          rowCells = [];
          return;
        }
      }
      rowsSeen++;
      ncols = Math.max(ncols, texts.length);
      rowCells.forEach(([s, e], c) => {
        const v = cellNumber(text, s, e);
        if (v === BLANK) return;
        filled[c] = (filled[c] || 0) + 1;
        if (Number.isInteger(v) && v >= scale[0] && v <= scale[1]) valid[c] = (valid[c] || 0) + 1;
        // Numbers, or numbers separated by spaces ("9 8" in "10, 9 8"):
        // a column of scores typed as a list, not something else.
        if (!Number.isNaN(v) || numbersBySpaces(text, s, e)) numeric[c] = (numeric[c] || 0) + 1;
      });
    }
    rowCells = [];
  };
  forEachCell(text, delim, (row, col, s, e) => {
    if (col === 0) {
      flush();
      if (rowsSeen >= 500) return false;
      rowCells.row = row;
    }
    rowCells.push([s, e]);
  });
  flush();
  const names = [];
  for (let c = 0; c < ncols; c++) {
    const named = headerCells[c] && headerCells[c].trim();
    names.push(named || columnLetter(c));
  }
  const frac = (c) => (filled[c] ? (valid[c] || 0) / filled[c] : 0);
  const signature = `${delim}|${ncols}|${headerCells.join("\u0001")}`;
  let column;
  if (choice && choice.signature === signature) {
    column = choice.column;
  } else {
    const usable = names.map((_, c) => c).filter((c) => frac(c) >= 0.5);
    const byName = (re) => usable.find((c) => headerCells[c] && re.test(headerCells[c]));
    column = byName(NAME_HINTS[metric]) ?? byName(GENERIC_HINT);
    if (column === undefined) {
      // No header, and no column that is clearly something else (dates,
      // ids, comments: under a quarter scores): a list typed with commas
      // ("10, 9, 3" per line), read whole, so that a bad value in any
      // column is reported rather than its column dropped.
      if (!headerRow && ncols > 1 && names.every((_, c) => !filled[c] || frac(c) >= 0.25 || (numeric[c] || 0) === filled[c])) column = -1;
      else {
        column = 0;
        for (let c = 1; c < ncols; c++) if (frac(c) > frac(column)) column = c;
      }
    }
  }
  // Extraction of the chosen column (or of every column).
  cells.n = 0;
  let empty = 0;
  forEachCell(text, delim, (row, col, s, e) => {
    if (row <= headerRow || (column >= 0 && col !== column)) return;
    const v = cellNumber(text, s, e);
    if (v === BLANK) {
      if (row >= firstRow) empty++;
      return;
    }
    cells.push(v, row, col, s, e);
  });
  // Trailing empty cells of rows shorter than the header are not counted as empty answers.
  return {
    kind: "table",
    header: headerRow ? header : null,
    headerRow,
    empty: column >= 0 ? empty : 0,
    multi: column < 0,
    columns: names,
    named: headerCells.length > 0,
    column,
    signature,
  };
}

/** Parses pasted text into cells; returns a description of what was found. */
export function parseScores(text, cells, options) {
  const delim = detectDelimiter(text);
  if (delim) {
    const table = parseTable(text, delim, cells, options);
    // Without a header, a table read whole (every column holds scores) is
    // a list typed with commas: read as one, with any mix of separators.
    const whole = table.column < 0 && !table.headerRow && !(options.choice && options.choice.signature === table.signature);
    if (table.columns.length > 1 && !whole) return table;
  }
  return parseList(text, cells);
}


// ------------------------------------------------------------------ public API

/** The text of a cell: unquoted ("" → "), trimmed. */
function cellString(text, s, e) {
  let str = text.slice(s, e).trim();
  if (str.length > 1 && str[0] === '"' && str[str.length - 1] === '"') str = str.slice(1, -1).replaceAll('""', '"');
  return str;
}

/**
 * Reads delimited text (CSV, TSV, semicolon-separated, as spreadsheets
 * export it) into rows of cell strings, with RFC 4180 quotes: a quoted cell
 * may hold delimiters, quotes ("") and newlines. The delimiter is detected
 * (tab, semicolon or comma) unless given.
 * @param {string} text
 * @param {{ delimiter?: string }} [options]
 * @returns {{ rows: string[][], delimiter: string }}
 */
export function parseCsv(text, options) {
  const { delimiter } = options ?? {};
  if (delimiter !== undefined && !(typeof delimiter === "string" && delimiter.length === 1)) {
    throw Object.assign(new RangeError(`delimiter must be one character (a tab, ";" or ","); got ${typeof delimiter === "string" ? JSON.stringify(delimiter) : typeof delimiter}`), { code: "INVALID_OPTION", field: "delimiter" });
  }
  text = String(text);
  // One record (or no agreement between the first two): the delimiter of
  // the first, counted outside quotes.
  const d = delimiter ?? detectDelimiter(text) ?? delimiterOf(firstLines(text, 1)[0] ?? "") ?? ",";
  const rows = [];
  forEachCell(text, d, (row, col, s, e) => {
    while (rows.length < row) rows.push([]);
    rows[row - 1][col] = cellString(text, s, e);
  });
  // A trailing newline does not make an empty last row.
  while (rows.length && rows[rows.length - 1].every((c) => c === "")) rows.pop();
  return { rows, delimiter: d };
}

/**
 * Reads scores out of pasted text or a CSV file the way the calculators do:
 * a list (any mix of newlines, commas, tabs, semicolons and spaces) or a
 * table whose score column is chosen by `column` (an index), else by its
 * header (`metric` names it), else as the column with the most valid
 * scores on `scale`. Blank cells are left out; cells that are not numbers
 * become NaN (so that the engine reports them with their position).
 * @param {string} text
 * @param {{ scale?: [number, number], metric?: "nps" | "csat" | "ces", column?: number }} [options]
 */
export function readScores(text, options) {
  const { scale = [0, 10], metric = "nps", column } = options ?? {};
  const cells = new Cells();
  text = String(text);
  const badColumn = (why) => Object.assign(new RangeError(`column ${why}; got ${String(column)}`), { code: "INVALID_OPTION", field: "column" });
  if (column !== undefined && !(Number.isInteger(column) && column >= -1)) throw badColumn("must be a column's index (from 0), or -1 for every column");
  const choice = column === undefined ? null : { signature: null, column };
  let parsed = parseScores(text, cells, { scale, metric, choice });
  if (choice && parsed.kind === "table") {
    if (column >= parsed.columns.length) throw badColumn(`must be below ${parsed.columns.length}, the number of columns`);
    // Ask again with the table's signature so that the column is used.
    parsed = parseScores(text, cells, { scale, metric, choice: { signature: parsed.signature, column } });
  }
  const n = cells.n;
  return {
    values: cells.values.slice(0, n),
    rows: cells.rows.slice(0, n),
    columns: parsed.columns,
    column: parsed.column,
    header: parsed.header,
    headerRow: parsed.headerRow,
    empty: parsed.empty,
  };
}
