// <nps-calculator>: an embeddable Net Promoter Score calculator, and its
// siblings <csat-calculator> and <ces-calculator> that share the same inputs.
//
//   <script type="module" src="…/cx-metrics/calculator.js"></script>
//   <nps-calculator mode="paste" lang="en"></nps-calculator>
//
// Every number comes from the cx-metrics engine (nps, npsFromCounts, csat,
// ces and the accumulators); this file only turns text into values, reports
// bad input by row, and draws the result. Importing it registers the three
// elements. It uses only relative imports, so it works from an installed
// package, a bundler or a plain static server.
import { nps, npsFromCounts, csat, ces, CsatAccumulator, CesAccumulator } from "./index.js";

// ------------------------------------------------------------------ strings

const EN = {
  locale: "en-US",
  inputTabs: "How to enter the data",
  tabPaste: "Paste scores",
  tabCounts: "Type counts",
  scoresLabel: "Scores",
  scoresHint: (range) =>
    `Whole numbers ${range}: one per row (a column copied from a spreadsheet or a survey export), or separated by commas, tabs, semicolons or spaces. A header row is fine.`,
  chooseFile: "Choose a CSV file",
  orDrop: "or drop one here",
  dropHere: "Drop the file to load it",
  example: "Example",
  clear: "Clear",
  column: "Column",
  allColumns: "All columns, as one list",
  columnLetter: (l) => `column ${l}`,
  loaded: (name) => `Loaded “${name}”.`,
  fileError: (name) => `“${name}” could not be read as text.`,
  headerSkipped: (row, text) => `Row ${row} is a header (“${text}”) and is not counted.`,
  emptyRows: (n) => (n === 1 ? "1 empty row ignored." : `${n} empty rows ignored.`),
  emptyCells: (n) => (n === 1 ? "1 empty cell ignored." : `${n} empty cells ignored.`),
  skipBad: "Skip bad rows",
  skipHint: "Rows are numbered as in a spreadsheet: the first line is row 1, header included.",
  badTitle: (n) => (n === 1 ? "1 row can’t be counted:" : `${n} rows can’t be counted:`),
  skippedTitle: (n) => (n === 1 ? "1 row skipped:" : `${n} rows skipped:`),
  andMore: (n) => `… and ${n} more.`,
  row: (r) => `row ${r}`,
  rowValue: (r, k) => `row ${r}, value ${k}`,
  rowColumn: (r, c) => `row ${r}, ${c}`,
  outOfRange: (v, range) => `${v} is not a ${range} score`,
  notInteger: (v) => `${v} is not a whole number`,
  notNumber: (v) => `“${v}” is not a number`,
  stale: "Showing the last valid result. Fix the rows listed, or tick “Skip bad rows”.",
  fixRows: "Fix the rows listed, or tick “Skip bad rows”.",
  staleCounts: "Showing the last valid result until the counts are fixed.",
  countBy: "Count by",
  byGroup: "Group",
  byPoint: (range) => `Each score ${range}`,
  pointCount: (k) => `Number of answers with score ${k}`,
  pointLabel: "Score",
  countNotNumber: (f, v) => `${f}: “${v}” is not a number`,
  countNotWhole: (f, v) => `${f}: ${v} is not a whole number of 0 or more`,
  confidence: "Confidence",
  scale: "Scale",
  responses: (n, s) => (n === 1 ? "1 response counted" : `${s} responses counted`),
  skippedRows: (n, s) => (n === 1 ? "1 row skipped" : `${s} rows skipped`),
  fewResponses: "Fewer than 30 responses: read the score as a rough estimate.",
  noValid: "No valid answers yet.",
  moe: (m) => `Margin of error: ±${m} points.`,
  distribution: "Answers by score",
  distributionAlt: (list) => `Answers by score: ${list}.`,
  noDistribution: "Type the counts of each score (0–10) to see the distribution.",
  // NPS
  npsTitle: "Net Promoter Score",
  npsEmptyPaste: "Paste scores to see the NPS.",
  npsEmptyCounts: "Type the counts to see the NPS.",
  promoters: "Promoters",
  passives: "Passives",
  detractors: "Detractors",
  promotersRange: "Promoters (9–10)",
  passivesRange: "Passives (7–8)",
  detractorsRange: "Detractors (0–6)",
  bands: { excellent: "Excellent", "very-good": "Very good", reasonable: "Reasonable", poor: "Poor" },
  npsSummary: (s, band, n, p, pa, d) =>
    `NPS ${s} (${band}) from ${n}: ${p} promoters, ${pa} passives, ${d} detractors.`,
  npsInterval: (lvl, lo, hi) => `With ${lvl} confidence the true NPS is between ${lo} and ${hi}.`,
  npsGaugeAlt: (s) => `Gauge: NPS ${s} on a scale from −100 to 100.`,
  shareAlt: (parts) => `Shares: ${parts}.`,
  answers: (n, s) => (n === 1 ? "1 response" : `${s} responses`),
  // CSAT
  csatTitle: "Customer Satisfaction (CSAT)",
  csatEmptyPaste: "Paste scores to see the CSAT.",
  csatEmptyCounts: "Type the counts to see the CSAT.",
  satisfiedFrom: "Satisfied from",
  satisfied: "Satisfied",
  notSatisfied: "Not satisfied",
  csatSummary: (s, sat, n, from, max, mean) =>
    `CSAT ${s}: ${sat} of ${n} are satisfied (${from}–${max}). Average ${mean} out of ${max}.`,
  csatInterval: (lvl, lo, hi) => `With ${lvl} confidence the true CSAT is between ${lo} and ${hi}.`,
  csatGaugeAlt: (s) => `Gauge: CSAT ${s} on a scale from 0% to 100%.`,
  // CES
  cesTitle: "Customer Effort Score (CES)",
  cesEmptyPaste: "Paste scores to see the CES.",
  cesEmptyCounts: "Type the counts to see the CES.",
  higherIsEasier: "A higher answer means less effort",
  easy: "Easy",
  neutral: "Neutral",
  difficult: "Difficult",
  average: "Average",
  outOf: (max) => `out of ${max}`,
  cesSummary: (mean, min, max, dir, easy, diff, net) =>
    `Average effort score ${mean} on a ${min}–${max} scale (${dir}). ${easy} found it easy, ${diff} difficult: net effort ${net}.`,
  higherEasier: "higher is easier",
  lowerEasier: "lower is easier",
  cesInterval: (lvl, lo, hi) => `With ${lvl} confidence the true average is between ${lo} and ${hi}.`,
  cesGaugeAlt: (m, min, max) => `Gauge: average ${m} on a scale from ${min} to ${max}.`,
  netEffort: "Net effort",
};

const PT = {
  locale: "pt-BR",
  inputTabs: "Como informar os dados",
  tabPaste: "Colar notas",
  tabCounts: "Digitar contagens",
  scoresLabel: "Notas",
  scoresHint: (range) =>
    `Números inteiros de ${range}: um por linha (uma coluna copiada de uma planilha ou de uma exportação da pesquisa), ou separados por vírgulas, tabulações, ponto e vírgula ou espaços. Pode haver uma linha de cabeçalho.`,
  chooseFile: "Escolher um arquivo CSV",
  orDrop: "ou solte um aqui",
  dropHere: "Solte o arquivo para carregá-lo",
  example: "Exemplo",
  clear: "Limpar",
  column: "Coluna",
  allColumns: "Todas as colunas, como uma lista",
  columnLetter: (l) => `coluna ${l}`,
  loaded: (name) => `“${name}” carregado.`,
  fileError: (name) => `Não foi possível ler “${name}” como texto.`,
  headerSkipped: (row, text) => `A linha ${row} é um cabeçalho (“${text}”) e não é contada.`,
  emptyRows: (n) => (n === 1 ? "1 linha vazia ignorada." : `${n} linhas vazias ignoradas.`),
  emptyCells: (n) => (n === 1 ? "1 célula vazia ignorada." : `${n} células vazias ignoradas.`),
  skipBad: "Ignorar linhas inválidas",
  skipHint: "As linhas são numeradas como numa planilha: a primeira linha é a linha 1, incluindo o cabeçalho.",
  badTitle: (n) => (n === 1 ? "1 linha não pode ser contada:" : `${n} linhas não podem ser contadas:`),
  skippedTitle: (n) => (n === 1 ? "1 linha ignorada:" : `${n} linhas ignoradas:`),
  andMore: (n) => `… e mais ${n}.`,
  row: (r) => `linha ${r}`,
  rowValue: (r, k) => `linha ${r}, valor ${k}`,
  rowColumn: (r, c) => `linha ${r}, ${c}`,
  outOfRange: (v, range) => `${v} não é uma nota de ${range}`,
  notInteger: (v) => `${v} não é um número inteiro`,
  notNumber: (v) => `“${v}” não é um número`,
  stale: "Mostrando o último resultado válido. Corrija as linhas indicadas ou marque “Ignorar linhas inválidas”.",
  fixRows: "Corrija as linhas indicadas ou marque “Ignorar linhas inválidas”.",
  staleCounts: "Mostrando o último resultado válido até que as contagens sejam corrigidas.",
  countBy: "Contar por",
  byGroup: "Grupo",
  byPoint: (range) => `Cada nota de ${range}`,
  pointCount: (k) => `Número de respostas com nota ${k}`,
  pointLabel: "Nota",
  countNotNumber: (f, v) => `${f}: “${v}” não é um número`,
  countNotWhole: (f, v) => `${f}: ${v} não é um número inteiro maior ou igual a 0`,
  confidence: "Confiança",
  scale: "Escala",
  responses: (n, s) => (n === 1 ? "1 resposta contada" : `${s} respostas contadas`),
  skippedRows: (n, s) => (n === 1 ? "1 linha ignorada" : `${s} linhas ignoradas`),
  fewResponses: "Menos de 30 respostas: leia a nota como uma estimativa aproximada.",
  noValid: "Ainda não há respostas válidas.",
  moe: (m) => `Margem de erro: ±${m} pontos.`,
  distribution: "Respostas por nota",
  distributionAlt: (list) => `Respostas por nota: ${list}.`,
  noDistribution: "Digite a contagem de cada nota (0–10) para ver a distribuição.",
  npsTitle: "Net Promoter Score (NPS)",
  npsEmptyPaste: "Cole as notas para ver o NPS.",
  npsEmptyCounts: "Digite as contagens para ver o NPS.",
  promoters: "Promotores",
  passives: "Neutros",
  detractors: "Detratores",
  promotersRange: "Promotores (9–10)",
  passivesRange: "Neutros (7–8)",
  detractorsRange: "Detratores (0–6)",
  bands: { excellent: "Excelência", "very-good": "Qualidade", reasonable: "Aperfeiçoamento", poor: "Crítica" },
  npsSummary: (s, band, n, p, pa, d) =>
    `NPS ${s} (zona de ${band.toLowerCase()}) com ${n}: ${p} promotores, ${pa} neutros, ${d} detratores.`,
  npsInterval: (lvl, lo, hi) => `Com ${lvl} de confiança, o NPS real está entre ${lo} e ${hi}.`,
  npsGaugeAlt: (s) => `Medidor: NPS ${s} numa escala de −100 a 100.`,
  shareAlt: (parts) => `Proporções: ${parts}.`,
  answers: (n, s) => (n === 1 ? "1 resposta" : `${s} respostas`),
  csatTitle: "Satisfação do cliente (CSAT)",
  csatEmptyPaste: "Cole as notas para ver o CSAT.",
  csatEmptyCounts: "Digite as contagens para ver o CSAT.",
  satisfiedFrom: "Satisfeito a partir de",
  satisfied: "Satisfeitos",
  notSatisfied: "Não satisfeitos",
  csatSummary: (s, sat, n, from, max, mean) =>
    `CSAT ${s}: ${sat} de ${n} estão satisfeitos (${from}–${max}). Média ${mean} de ${max}.`,
  csatInterval: (lvl, lo, hi) => `Com ${lvl} de confiança, o CSAT real está entre ${lo} e ${hi}.`,
  csatGaugeAlt: (s) => `Medidor: CSAT ${s} numa escala de 0% a 100%.`,
  cesTitle: "Esforço do cliente (CES)",
  cesEmptyPaste: "Cole as notas para ver o CES.",
  cesEmptyCounts: "Digite as contagens para ver o CES.",
  higherIsEasier: "Nota maior significa menos esforço",
  easy: "Fácil",
  neutral: "Neutro",
  difficult: "Difícil",
  average: "Média",
  outOf: (max) => `de ${max}`,
  cesSummary: (mean, min, max, dir, easy, diff, net) =>
    `Esforço médio ${mean} numa escala de ${min} a ${max} (${dir}). ${easy} acharam fácil, ${diff} difícil: esforço líquido ${net}.`,
  higherEasier: "maior é mais fácil",
  lowerEasier: "menor é mais fácil",
  cesInterval: (lvl, lo, hi) => `Com ${lvl} de confiança, a média real está entre ${lo} e ${hi}.`,
  cesGaugeAlt: (m, min, max) => `Medidor: média ${m} numa escala de ${min} a ${max}.`,
  netEffort: "Esforço líquido",
};

const STRINGS = { en: EN, pt: PT };

/** "pt-BR", "pt_PT", "PT" → "pt"; anything unknown → "en". */
function languageOf(tag) {
  const l = String(tag || "").toLowerCase().split(/[-_]/)[0];
  return l in STRINGS ? l : "en";
}

const formatters = new Map();
/** Cached Intl.NumberFormat for a locale and options. */
function numberFormat(locale, options) {
  const key = locale + JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

// ------------------------------------------------------------------ parsing
//
// Turning pasted text into values is the only data work done here: the
// engine validates every value and computes every statistic. A cell that is
// not a number becomes NaN, which the engine reports as NOT_A_NUMBER; the
// original text is kept (as offsets) to show in the message.

const BLANK = null;
const LETTER = /\p{L}/u;

function isSpace(c) {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x2007 || c === 0x202f || c === 0xfeff || c === 0x3000 || c === 11 || c === 12;
}

/** Growable typed columns, reused between parses (no allocation per keystroke). */
class Cells {
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
function cellNumber(text, s, e) {
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

/** Raw text of a cell, for messages (unquoted, trimmed, shortened). */
function cellText(text, s, e) {
  let str = text.slice(s, e).trim();
  if (str.length > 1 && str[0] === '"' && str[str.length - 1] === '"') str = str.slice(1, -1).replaceAll('""', '"');
  return str.length > 24 ? str.slice(0, 23) + "…" : str;
}

/** The first `k` non-blank lines (for sniffing the format). */
function firstLines(text, k) {
  const out = [];
  let start = 0;
  while (out.length < k && start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, Math.min(end, start + 65536)).replace(/\r$/, "");
    if (line.trim()) out.push(line);
    start = end + 1;
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
 * A table (CSV, TSV or several spreadsheet columns) when the first line has
 * tabs, or a header with commas/semicolons, or two lines with the same number
 * of commas/semicolons. Otherwise the text is a list of scores.
 */
function detectDelimiter(text) {
  const [first, second] = firstLines(text, 2);
  if (!first || second === undefined) return null; // one line is a list, whatever its separators
  if (countOutsideQuotes(first, "\t") > 0) return "\t";
  const semis = countOutsideQuotes(first, ";");
  const commas = countOutsideQuotes(first, ",");
  const d = semis > 0 && semis >= commas ? ";" : commas > 0 ? "," : null;
  if (!d) return null;
  if (LETTER.test(first)) return d;
  const count = d === ";" ? semis : commas;
  return countOutsideQuotes(second, d) === count ? d : null;
}

/**
 * Calls cb(row, col, start, end) for every cell of a delimited text, with
 * RFC 4180 quotes (a quoted cell may hold delimiters, quotes and newlines).
 * Rows are numbered from 1, like a spreadsheet; cb returning false stops.
 */
function forEachCell(text, delim, cb) {
  const len = text.length;
  const d = delim.charCodeAt(0);
  let row = 1;
  let col = 0;
  let i = 0;
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
  // Header: the first non-blank line, if it has a letter in it.
  for (;;) {
    let end = text.indexOf("\n", i);
    if (end < 0) end = len;
    const line = text.slice(i, end).replace(/\r$/, "");
    if (line.trim()) {
      if (LETTER.test(line)) {
        header = line.trim();
        headerRow = row;
        i = end + 1;
        row++;
      }
      break;
    }
    if (end >= len) break;
    i = end + 1;
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
function columnLetter(i) {
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
      if (!headerRow && ncols > 1 && names.every((_, c) => frac(c) >= 0.9)) column = -1;
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
function parseScores(text, cells, options) {
  const delim = detectDelimiter(text);
  if (delim) {
    const table = parseTable(text, delim, cells, options);
    if (table.columns.length > 1) return table;
  }
  return parseList(text, cells);
}

// ------------------------------------------------------------------ metrics
//
// What differs between NPS, CSAT and CES: the scale, the engine calls, the
// count inputs and how a result is read out.

const GROUP_RANGES = { promoters: "9–10", passives: "7–8", detractors: "0–6" };
const NPS_GROUP_OF = (k) => (k >= 9 ? "promoter" : k >= 7 ? "passive" : "detractor");

function parseScale(value, fallback, allowed) {
  const m = /^\s*(\d+)\s*[-–:,]\s*(\d+)\s*$/.exec(value || "");
  const key = m ? `${+m[1]}-${+m[2]}` : "";
  return allowed.includes(key) ? key.split("-").map(Number) : fallback;
}

const METRICS = {
  nps: {
    tag: "nps-calculator",
    attributes: [],
    scale: () => [0, 10],
    groups: [
      ["promoters", "promotersRange", "promoter"],
      ["passives", "passivesRange", "passive"],
      ["detractors", "detractorsRange", "detractor"],
    ],
    example:
      "Likelihood to recommend (0–10)\n" +
      "10\n9\n10\n8\n7\n9\n10\n6\n9\n3\n10\n8\n9\n10\n7\n9\n5\n10\n9\n8\n10\n9\n7\n10\n2\n9\n10\n8\n9\n10\n",
    compute: (values, o) => nps(values, { invalid: "skip", confidence: o.confidence }),
    fromGroups: (c, o) =>
      npsFromCounts({ promoters: c.promoters, passives: c.passives, detractors: c.detractors }, { confidence: o.confidence }),
    fromPoints: (counts, o) => npsFromCounts({ distribution: counts }, { confidence: o.confidence }),
    isEmpty: (r) => r.score === null,
    pointClass: (k) => NPS_GROUP_OF(k),
    settings: () => "",
    view(r, t, f) {
      const band = r.band ? t.bands[r.band] : "";
      const shares = [
        [t.detractors, r.detractorShare, "detractor"],
        [t.passives, r.passiveShare, "passive"],
        [t.promoters, r.promoterShare, "promoter"],
      ];
      const ci = r.confidenceInterval;
      return {
        label: "NPS",
        value: f.score(r.score),
        suffix: "",
        chip: r.band ? { text: band, tone: r.band } : null,
        gauge: { min: -100, max: 100, value: r.score, alt: t.npsGaugeAlt(f.score(r.score)) },
        summary: t.npsSummary(
          f.score(r.score),
          band,
          t.answers(r.responses, f.count(r.responses)),
          f.pct(r.promoterShare),
          f.pct(r.passiveShare),
          f.pct(r.detractorShare),
        ),
        bar: shares.map(([label, share, tone]) => ({ label, share, tone, text: f.pct(share) })),
        interval: ci ? t.npsInterval(f.level(ci.level), ...f.bounds(ci.low, ci.high)) : "",
        moe: ci ? t.moe(f.moe((ci.high - ci.low) / 2)) : "",
        distribution: r.distribution,
      };
    },
  },
  csat: {
    tag: "csat-calculator",
    attributes: ["scale", "satisfied-from"],
    scale: (el) => parseScale(el.getAttribute("scale"), [1, 5], ["1-5", "1-3", "1-4", "1-7", "1-10", "0-10"]),
    scales: ["1-3", "1-4", "1-5", "1-7", "1-10", "0-10"],
    groups: null,
    example: "Satisfaction (1–5)\n5\n4\n5\n3\n4\n5\n2\n4\n5\n5\n4\n3\n5\n4\n1\n5\n4\n4\n5\n3\n",
    options(el, scale) {
      const from = Number(el.getAttribute("satisfied-from"));
      return Number.isInteger(from) && from > scale[0] && from <= scale[1] ? { satisfiedFrom: from } : {};
    },
    compute: (values, o) => csat(values, { invalid: "skip", confidence: o.confidence, scale: o.scale, ...o.extra }),
    fromPoints(counts, o) {
      const acc = CsatAccumulator.fromJSON({ kind: "csat", version: 1, scale: o.scale, counts, skipped: 0 });
      try {
        return acc.result({ confidence: o.confidence, ...o.extra });
      } finally {
        acc.free();
      }
    },
    isEmpty: (r) => r.score === null,
    pointClass: (k, r) => (r && k >= r.satisfiedFrom ? "promoter" : "neutral"),
    view(r, t, f) {
      const ci = r.confidenceInterval;
      const sat = r.score;
      const max = r.scale[1];
      return {
        label: "CSAT",
        value: f.pct(sat),
        suffix: "",
        chip: null,
        gauge: { min: 0, max: 100, value: sat, fill: true, alt: t.csatGaugeAlt(f.pct(sat)), ends: ["0%", "100%"] },
        summary: t.csatSummary(f.pct(sat), f.count(r.satisfied), t.answers(r.total, f.count(r.total)), r.satisfiedFrom, max, f.mean(r.mean)),
        bar: [
          { label: t.notSatisfied, share: 100 - sat, tone: "detractor", text: f.pct(100 - sat) },
          { label: t.satisfied, share: sat, tone: "promoter", text: f.pct(sat) },
        ],
        interval: ci ? t.csatInterval(f.level(ci.level), ...f.bounds(ci.low, ci.high).map((x) => x + "%")) : "",
        moe: "",
        distribution: r.distribution,
      };
    },
  },
  ces: {
    tag: "ces-calculator",
    attributes: ["scale", "higher-is-easier"],
    scale: (el) => parseScale(el.getAttribute("scale"), [1, 7], ["1-5", "1-7", "1-10"]),
    scales: ["1-5", "1-7", "1-10"],
    groups: null,
    example: "How easy was it to get your issue resolved? (1–7)\n7\n6\n6\n5\n7\n3\n6\n7\n5\n6\n2\n7\n6\n4\n7\n6\n5\n7\n1\n6\n",
    options(el) {
      return { higherIsEasier: el.getAttribute("higher-is-easier") !== "false" };
    },
    compute: (values, o) => ces(values, { invalid: "skip", confidence: o.confidence, scale: o.scale, ...o.extra }),
    fromPoints(counts, o) {
      const acc = CesAccumulator.fromJSON({ kind: "ces", version: 1, scale: o.scale, counts, skipped: 0 });
      try {
        return acc.result({ confidence: o.confidence, ...o.extra });
      } finally {
        acc.free();
      }
    },
    isEmpty: (r) => r.mean === null,
    pointClass(k, r) {
      if (!r) return "neutral";
      const easy = r.higherIsEasier ? k >= r.easyFrom : k <= r.easyFrom;
      const hard = r.higherIsEasier ? k <= r.difficultFrom : k >= r.difficultFrom;
      return easy ? "promoter" : hard ? "detractor" : "passive";
    },
    view(r, t, f) {
      const ci = r.confidenceInterval;
      const [min, max] = r.scale;
      const neutral = Math.max(0, 100 - r.easyShare - r.difficultShare);
      return {
        label: "CES",
        value: f.mean(r.mean),
        suffix: t.outOf(max),
        chip: null,
        gauge: {
          min,
          max,
          value: r.mean,
          fill: true,
          reverse: !r.higherIsEasier,
          alt: t.cesGaugeAlt(f.mean(r.mean), min, max),
          ends: [String(min), String(max)],
        },
        summary: t.cesSummary(
          f.mean(r.mean),
          min,
          max,
          r.higherIsEasier ? t.higherEasier : t.lowerEasier,
          f.pct(r.easyShare),
          f.pct(r.difficultShare),
          f.signed(r.netEffort),
        ),
        bar: [
          { label: t.difficult, share: r.difficultShare, tone: "detractor", text: f.pct(r.difficultShare) },
          { label: t.neutral, share: neutral, tone: "passive", text: f.pct(neutral) },
          { label: t.easy, share: r.easyShare, tone: "promoter", text: f.pct(r.easyShare) },
        ],
        interval: ci ? t.cesInterval(f.level(ci.level), ...f.bounds(ci.low, ci.high, 2)) : "",
        moe: "",
        distribution: r.distribution,
      };
    },
  },
};

/** Number formatting for one language. */
function formatting(t) {
  const nf = (o) => numberFormat(t.locale, o);
  const score = nf({ maximumFractionDigits: 1 });
  const count = nf({ maximumFractionDigits: 2 });
  const compact = nf({ notation: "compact", maximumFractionDigits: 1 });
  const pct = nf({ style: "percent", maximumFractionDigits: 1 });
  const mean = nf({ minimumFractionDigits: 1, maximumFractionDigits: 2 });
  const signed = nf({ maximumFractionDigits: 1, signDisplay: "exceptZero" });
  return {
    score: (x) => (x === null || x === undefined ? "—" : score.format(x)),
    count: (x) => count.format(x),
    compact: (x) => (x < 10000 ? count.format(x) : compact.format(x)),
    pct: (x) => (x === null || x === undefined ? "—" : pct.format(x / 100)),
    mean: (x) => (x === null || x === undefined ? "—" : mean.format(x)),
    signed: (x) => (x === null || x === undefined ? "—" : signed.format(x)),
    level: (l) => nf({ style: "percent", maximumFractionDigits: 1 }).format(l),
    moe: (m) => nf({ maximumFractionDigits: m < 1 ? 2 : 1 }).format(m),
    /** Interval bounds with as many decimals as their distance needs (at least `min`). */
    bounds(lo, hi, min = 0) {
      const w = hi - lo;
      const d = Math.max(min === 2 ? 1 : 0, w >= 2 ? 0 : w >= 0.2 ? 1 : 2);
      const g = nf({ minimumFractionDigits: min === 2 ? 1 : 0, maximumFractionDigits: d });
      return [g.format(lo), g.format(hi)];
    },
  };
}

// ------------------------------------------------------------------ styles

const STYLE = `
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
  display: block;
  container-type: inline-size;
  color: var(--_fg);
  font-family: var(--_font);
  font-size: 16px;
  line-height: 1.45;
  -webkit-text-size-adjust: 100%;
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
[role="tablist"] { display: inline-flex; background: var(--_surface); border-radius: 999px; padding: 3px; gap: 2px; margin-bottom: 12px; max-width: 100%; }
[role="tab"] {
  font: inherit; font-size: 0.9rem; font-weight: 550; border: 0; background: transparent; color: var(--_muted);
  padding: 6px 14px; border-radius: 999px; cursor: pointer; white-space: nowrap; min-height: 36px;
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
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.875rem; line-height: 1.5;
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
.counts label { display: flex; gap: 6px; align-items: center; margin-bottom: 4px; white-space: nowrap; }
.counts label small { font-weight: 500; color: var(--_muted); }
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
  background: color-mix(in srgb, var(--_c) 16%, var(--_bg)); color: color-mix(in srgb, var(--_c) 55%, #000);
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
@media (prefers-reduced-motion: reduce) {
  .needle, .bar > span, .hist .b, .results .figure { transition: none !important; }
}
`;

// ------------------------------------------------------------------ element

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

const Base = globalThis.HTMLElement ?? class {};
let firstResultMarked = false;
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

class CalculatorElement extends Base {
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
  #resultKey = null;
  #stale = false;
  #lastComputeMs = null;
  #slowRuns = 0;
  #timer = 0;
  #liveTimer = 0;
  #confidence = 0.95;

  constructor(metric) {
    super();
    this.#metric = METRICS[metric];
    this.#root = this.attachShadow({ mode: "open" });
  }

  static get observedAttributes() {
    return ["mode", "lang", "confidence", "scores", "counts", "label", "compact"];
  }

  // -------------------------------------------------------------- public API

  /** The latest valid result (null until one is computed). */
  get result() {
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
  }
  get confidence() {
    return this.#confidence;
  }
  set confidence(v) {
    this.setAttribute("confidence", String(v));
  }
  /** The pasted text. Setting it switches to paste mode and recomputes. */
  get scores() {
    return this.#text;
  }
  set scores(v) {
    this.#info = "";
    this.#setText(String(v ?? ""));
    this.#setMode("paste");
    this.#compute();
  }

  connectedCallback() {
    // Properties set before the element was defined shadow the accessors: apply them now.
    for (const prop of ["mode", "confidence", "scores"]) {
      if (Object.hasOwn(this, prop)) {
        const v = this[prop];
        delete this[prop];
        if (prop === "scores") this.#text = String(v ?? "");
        else this[prop] = v;
      }
    }
    if (!this.#els) {
      this.#mode = this.getAttribute("mode") === "counts" ? "counts" : "paste";
      this.#confidence = this.#readConfidence();
      if (this.hasAttribute("scores")) this.#text = this.getAttribute("scores");
      else if (this.hasAttribute("example") && !this.hasAttribute("counts") && !this.#text) this.#text = this.#metric.example;
      if (this.hasAttribute("counts")) this.#readCountsAttribute();
      this.#build();
    }
    this.#compute();
  }

  disconnectedCallback() {
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
        break;
      case "scores":
        this.#setText(value ?? "");
        break;
      case "counts":
        this.#readCountsAttribute();
        this.#build();
        break;
      case "compact":
        return;
      default: // lang, label, scale, satisfied-from, higher-is-easier: labels or inputs change
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
    return this.#t === PT ? `${a} a ${b}` : `${a}–${b}`;
  }

  #readConfidence() {
    const c = Number(this.getAttribute("confidence"));
    return c > 0 && c < 1 ? c : 0.95;
  }

  /** counts="50,40,10" (promoters, passives, detractors) or one count per scale point. */
  #readCountsAttribute() {
    const parts = (this.getAttribute("counts") || "").split(/[\s,;]+/).filter(Boolean);
    const [lo, hi] = this.#scale;
    if (this.#metric.groups && parts.length === 3) {
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
    const m = this.#metric;
    const [lo, hi] = this.#scale;
    const range = this.#range;
    if (!m.groups) this.#countsBy = "point";
    const title = this.getAttribute("label") || t[`${this.#metricKey}Title`];
    const conf = [0.8, 0.9, 0.95, 0.99];
    if (!conf.includes(this.#confidence)) conf.push(this.#confidence);
    conf.sort((a, b) => a - b);
    const pct = numberFormat(t.locale, { style: "percent", maximumFractionDigits: 1 });
    const points = [];
    for (let k = lo; k <= hi; k++) points.push(k);
    const s = (x) => escapeHtml(x);
    const metricSettings = this.#metricSettingsHtml(t);

    this.#root.innerHTML = `<style>${STYLE}</style>
<section class="card" part="card" aria-labelledby="title" lang="${t === PT ? "pt-BR" : "en"}">
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
              ([key, label, tone]) => `<div><label for="g-${key}"><span class="swatch ${tone}"></span>${s(t[key])} <small>${s(GROUP_RANGES[key])}</small></label>
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
          <div class="gauge" part="gauge">${this.#gaugeSvg()}</div>
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
            .map((k) => `<div class="col"><span class="n"></span><span class="b ${m.pointClass(k, null)}" data-k="${k}"></span></div>`)
            .join("")}</div>
          <div class="hist-axis" aria-hidden="true">${points.map((k) => `<span>${k}</span>`).join("")}</div>
        </div>
        <p class="hist-note" id="hist-note" hidden>${s(t.noDistribution)}</p>
        <p class="interval" id="interval"></p>
        <p class="meta" id="meta"></p>
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

  get #metricKey() {
    return Object.keys(METRICS).find((k) => METRICS[k] === this.#metric);
  }

  #metricSettingsHtml(t) {
    const m = this.#metric;
    if (!m.scales) return "";
    const [lo, hi] = this.#scale;
    const key = `${lo}-${hi}`;
    let html = `<label>${escapeHtml(t.scale)} <select id="scale">${m.scales
      .map((sc) => `<option value="${sc}"${sc === key ? " selected" : ""}>${sc.replace("-", "–")}</option>`)
      .join("")}</select></label>`;
    if (this.#metricKey === "csat") {
      const current = m.options(this, [lo, hi]).satisfiedFrom ?? (hi - lo + 1 >= 4 ? hi - 1 : hi);
      const opts = [];
      for (let k = lo + 1; k <= hi; k++) opts.push(`<option value="${k}"${k === current ? " selected" : ""}>${k}</option>`);
      html += `<label>${escapeHtml(t.satisfiedFrom)} <select id="satisfied-from">${opts.join("")}</select></label>`;
    } else {
      const on = m.options(this).higherIsEasier;
      html += `<label><input type="checkbox" id="higher-is-easier"${on ? " checked" : ""}> ${escapeHtml(t.higherIsEasier)}</label>`;
    }
    return html;
  }

  #gaugeSvg() {
    const key = this.#metricKey;
    const [x0, y0] = gaugePoint(0, GAUGE.r + 18);
    const [x1] = gaugePoint(1, GAUGE.r + 18);
    let arcs;
    let ends;
    if (key === "nps") {
      const f = (v) => (v + 100) / 200;
      arcs = [
        [-100, 0, "detractor", ""],
        [0, 50, "passive", ""],
        [50, 75, "promoter", " light"],
        [75, 100, "promoter", ""],
      ]
        .map(([a, b, tone, extra]) => `<path class="seg ${tone}${extra}" d="${arcPath(f(a) + 0.004, f(b) - 0.004)}"/>`)
        .join("");
      ends = ["−100", "100"];
    } else {
      arcs = `<path class="track" d="${arcPath(0, 1)}"/><path class="fill" d="${arcPath(0, 0.001)}"/>`;
      ends = key === "csat" ? ["0%", "100%"] : this.#scale.map(String);
    }
    const needle = key === "nps" ? `<line class="needle" x1="110" y1="110" x2="${110 - GAUGE.r + 8}" y2="110"/><circle class="hub" cx="110" cy="110" r="7"/>` : "";
    return `<svg viewBox="0 0 220 124" role="img" aria-label="">
      ${arcs}${needle}
      <text x="${x0}" y="${y0 + 12}" text-anchor="start">${ends[0]}</text>
      <text x="${x1}" y="${y0 + 12}" text-anchor="end">${ends[1]}</text>
      ${key === "nps" ? `<text x="110" y="8" text-anchor="middle">0</text>` : ""}
    </svg>`;
  }

  #bind() {
    const els = this.#els;
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
    const key = `${this.#metricKey}|${opts.scale}|${this.#choice?.signature}|${this.#choice?.column}`;
    if (this.#parsedKey !== key || this.#parsed?.text !== this.#text) {
      this.#parsed = parseScores(this.#text, this.#cells, { scale: opts.scale, metric: this.#metricKey, choice: this.#choice });
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
      const range = t === PT ? `${lo} a ${hi}` : `${lo}–${hi}`;
      for (const bad of result.invalid.slice(0, 20)) {
        const i = bad.index;
        const raw = cellText(this.#text, cells.starts[i], cells.ends[i]);
        const where =
          p.kind === "table" && p.column < 0
            ? t.rowColumn(cells.rows[i], p.named ? `“${p.columns[cells.cols[i]]}”` : t.columnLetter(p.columns[cells.cols[i]]))
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
      let str = raw.replace(/[\s_\u00a0\u202f]/g, "");
      if (/^\d{1,3}([.,]\d{3})+$/.test(str)) str = str.replace(/[.,]/g, ""); // 1,250 or 1.250: thousands
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
      for (const [key, label] of m.groups) {
        c[key] = read(this.#root.getElementById(`g-${key}`), t[label]);
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
    const m = this.#metric;
    const opts = this.#options();
    if (this.#metricKey === "nps") return npsFromCounts([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], { confidence: opts.confidence });
    const [lo, hi] = opts.scale;
    return m.fromPoints(new Array(hi - lo + 1).fill(0), opts);
  }

  #publish(result) {
    const { invalid: _, ...rest } = result;
    const key = JSON.stringify(rest);
    const empty = this.#metric.isEmpty(result);
    if (!empty) this.#draw(result);
    if (key === this.#resultKey) return;
    this.#resultKey = key;
    this.#result = result;
    if (!empty && !firstResultMarked && this.#metricKey === "nps") {
      firstResultMarked = true;
      try {
        performance.mark("nps-calculator:first-result");
      } catch {
        /* optional */
      }
    }
    if (!empty) this.#announce(this.#els.summary.textContent + " " + this.#els.interval.textContent);
    this.dispatchEvent(new CustomEvent("change", { detail: result, bubbles: true, composed: true }));
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
    const key = this.#metricKey;
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
    const g = v.gauge;
    const frac = Math.min(1, Math.max(0, (g.value - g.min) / (g.max - g.min)));
    if (els.needle) els.needle.style.transform = `rotate(${(frac * 180).toFixed(2)}deg)`;
    if (els.fill) els.fill.setAttribute("d", arcPath(0, Math.max(frac, 0.001)));
    els.gauge.setAttribute("aria-label", g.alt);
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
        bars[i].className = `b ${this.#metric.pointClass(lo + i, r)}`;
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

/** <nps-calculator>: Net Promoter Score from pasted scores or typed counts. */
export class NpsCalculatorElement extends CalculatorElement {
  constructor() {
    super("nps");
  }
}

/** <csat-calculator>: customer satisfaction (percent satisfied) on a 1–5 (or other) scale. */
export class CsatCalculatorElement extends CalculatorElement {
  constructor() {
    super("csat");
  }
  static get observedAttributes() {
    return [...super.observedAttributes, ...METRICS.csat.attributes];
  }
}

/** <ces-calculator>: customer effort (mean, easy/difficult shares) on a 1–7 (or other) scale. */
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
