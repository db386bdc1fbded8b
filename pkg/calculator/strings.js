// Labels and sentences of the calculator elements, one table per language,
// and number formatting.


export const EN = {
  lang: "en",
  locale: "en-US",
  range: (a, b) => `${a}–${b}`,
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

export const PT = {
  lang: "pt-BR",
  locale: "pt-BR",
  range: (a, b) => `${a} a ${b}`,
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

export const STRINGS = { en: EN, pt: PT };

/** "pt-BR", "pt_PT", "PT" → "pt"; anything unknown → "en". */
export function languageOf(tag) {
  const l = String(tag || "").toLowerCase().split(/[-_]/)[0];
  return l in STRINGS ? l : "en";
}

const formatters = new Map();
/** Cached Intl.NumberFormat for a locale and options. */
export function numberFormat(locale, options) {
  const key = locale + JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}


/** Number formatting for one language. */
export function formatting(t) {
  // Formatters are made when first used (making one costs milliseconds).
  const nf = (o) => numberFormat(t.locale, o);
  const score = { maximumFractionDigits: 1 };
  const count = { maximumFractionDigits: 2 };
  const compact = { notation: "compact", maximumFractionDigits: 1 };
  const pct = { style: "percent", maximumFractionDigits: 1 };
  const mean = { minimumFractionDigits: 1, maximumFractionDigits: 2 };
  const signed = { maximumFractionDigits: 1, signDisplay: "exceptZero" };
  return {
    score: (x) => (x === null || x === undefined ? "—" : nf(score).format(x)),
    count: (x) => nf(count).format(x),
    compact: (x) => (x < 10000 ? nf(count).format(x) : nf(compact).format(x)),
    pct: (x) => (x === null || x === undefined ? "—" : nf(pct).format(x / 100)),
    mean: (x) => (x === null || x === undefined ? "—" : nf(mean).format(x)),
    signed: (x) => (x === null || x === undefined ? "—" : nf(signed).format(x)),
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

