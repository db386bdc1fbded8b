// Labels and sentences of the calculator elements, one table per language,
// and number formatting.


export const EN = {
  lang: "en",
  locale: "en-US",
  number: { decimal: ".", group: ",", minGrouping: 1, percent: "%" },
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
  /** A column's name as the language quotes it. */
  quoted: (name) => `“${name}”`,
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
  howTitle: "How it is computed",
  npsFormula:
    "NPS = the percentage of promoters (9–10) minus the percentage of detractors (0–6); passives (7–8) count only in the total. So it runs from −100 to 100. The interval is the adjusted Wald interval (Rocks, 2016): ¾ of a promoter and ¾ of a detractor are added (3 answers in all) before the standard error is computed, which keeps it honest for small samples and extreme scores.",
  csatFormula: (from, max) =>
    `CSAT = the answers from ${from} to ${max} divided by all answers, as a percentage. The interval is the Wilson score interval, which stays within 0–100% and is reliable for small samples.`,
  cesFormula:
    "The score is the average answer; its interval uses Student’s t distribution. The easy and difficult shares are the answers in the two easiest and the two most difficult points of the scale; net effort is easy minus difficult.",
  copyResult: "Copy result",
  downloadPng: "Download image",
  copyLink: "Copy link",
  copied: "Result copied.",
  linkCopied: "Link copied: it opens this calculator with these counts.",
  copyFailed: "Could not copy: your browser did not allow it.",
  benchmark: "Benchmark",
};

export const PT = {
  lang: "pt-BR",
  locale: "pt-BR",
  number: { decimal: ",", group: ".", minGrouping: 1, percent: "%" },
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
  /** A column's name as the language quotes it. */
  quoted: (name) => `“${name}”`,
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
  howTitle: "Como é calculado",
  npsFormula:
    "NPS = a porcentagem de promotores (9–10) menos a porcentagem de detratores (0–6); os neutros (7–8) contam só no total. Por isso vai de −100 a 100. O intervalo é o de Wald ajustado (Rocks, 2016): somam-se ¾ de promotor e ¾ de detrator (3 respostas ao todo) antes de calcular o erro-padrão, o que o mantém confiável em amostras pequenas e notas extremas.",
  csatFormula: (from, max) =>
    `CSAT = as respostas de ${from} a ${max} divididas pelo total de respostas, em porcentagem. O intervalo é o intervalo de score de Wilson, que fica entre 0 e 100% e é confiável em amostras pequenas.`,
  cesFormula:
    "A nota é a média das respostas; o intervalo usa a distribuição t de Student. As proporções fácil e difícil são as respostas nos dois pontos mais fáceis e nos dois mais difíceis da escala; o esforço líquido é fácil menos difícil.",
  copyResult: "Copiar resultado",
  downloadPng: "Baixar imagem",
  copyLink: "Copiar link",
  copied: "Resultado copiado.",
  linkCopied: "Link copiado: ele abre esta calculadora com estas contagens.",
  copyFailed: "Não foi possível copiar: o navegador não permitiu.",
  benchmark: "Referência",
};

export const ES = {
  lang: "es",
  locale: "es-ES",
  number: { decimal: ",", group: ".", minGrouping: 2, percent: "\u00a0%" },
  range: (a, b) => `${a} a ${b}`,
  inputTabs: "Cómo introducir los datos",
  tabPaste: "Pegar puntuaciones",
  tabCounts: "Escribir recuentos",
  scoresLabel: "Puntuaciones",
  scoresHint: (range) =>
    `Números enteros de ${range}: uno por fila (una columna copiada de una hoja de cálculo o de una exportación de la encuesta), o separados por comas, tabuladores, punto y coma o espacios. Puede haber una fila de encabezado.`,
  chooseFile: "Elegir un archivo CSV",
  orDrop: "o suéltelo aquí",
  dropHere: "Suelte el archivo para cargarlo",
  example: "Ejemplo",
  clear: "Borrar",
  column: "Columna",
  allColumns: "Todas las columnas, como una lista",
  columnLetter: (l) => `columna ${l}`,
  loaded: (name) => `Se cargó «${name}».`,
  fileError: (name) => `No se pudo leer «${name}» como texto.`,
  headerSkipped: (row, text) => `La fila ${row} es un encabezado («${text}») y no se cuenta.`,
  emptyRows: (n) => (n === 1 ? "1 fila vacía ignorada." : `${n} filas vacías ignoradas.`),
  emptyCells: (n) => (n === 1 ? "1 celda vacía ignorada." : `${n} celdas vacías ignoradas.`),
  skipBad: "Omitir filas no válidas",
  skipHint: "Las filas se numeran como en una hoja de cálculo: la primera línea es la fila 1, encabezado incluido.",
  badTitle: (n) => (n === 1 ? "1 fila no se puede contar:" : `${n} filas no se pueden contar:`),
  skippedTitle: (n) => (n === 1 ? "1 fila omitida:" : `${n} filas omitidas:`),
  andMore: (n) => `… y ${n} más.`,
  row: (r) => `fila ${r}`,
  rowValue: (r, k) => `fila ${r}, valor ${k}`,
  rowColumn: (r, c) => `fila ${r}, ${c}`,
  /** A column's name as the language quotes it. */
  quoted: (name) => `«${name}»`,
  outOfRange: (v, range) => `${v} no es una puntuación de ${range}`,
  notInteger: (v) => `${v} no es un número entero`,
  notNumber: (v) => `«${v}» no es un número`,
  stale: "Se muestra el último resultado válido. Corrija las filas indicadas o marque «Omitir filas no válidas».",
  fixRows: "Corrija las filas indicadas o marque «Omitir filas no válidas».",
  staleCounts: "Se muestra el último resultado válido hasta que se corrijan los recuentos.",
  countBy: "Contar por",
  byGroup: "Grupo",
  byPoint: (range) => `Cada puntuación de ${range}`,
  pointCount: (k) => `Número de respuestas con puntuación ${k}`,
  pointLabel: "Puntuación",
  countNotNumber: (f, v) => `${f}: «${v}» no es un número`,
  countNotWhole: (f, v) => `${f}: ${v} no es un número entero mayor o igual que 0`,
  confidence: "Confianza",
  scale: "Escala",
  responses: (n, s) => (n === 1 ? "1 respuesta contada" : `${s} respuestas contadas`),
  skippedRows: (n, s) => (n === 1 ? "1 fila omitida" : `${s} filas omitidas`),
  fewResponses: "Menos de 30 respuestas: tome la puntuación como una estimación aproximada.",
  noValid: "Todavía no hay respuestas válidas.",
  moe: (m) => `Margen de error: ±${m} puntos.`,
  distribution: "Respuestas por puntuación",
  distributionAlt: (list) => `Respuestas por puntuación: ${list}.`,
  noDistribution: "Escriba el recuento de cada puntuación (0–10) para ver la distribución.",
  npsTitle: "Net Promoter Score (NPS)",
  npsEmptyPaste: "Pegue puntuaciones para ver el NPS.",
  npsEmptyCounts: "Escriba los recuentos para ver el NPS.",
  promoters: "Promotores",
  passives: "Pasivos",
  detractors: "Detractores",
  bands: { excellent: "Excelente", "very-good": "Muy bueno", reasonable: "Razonable", poor: "Deficiente" },
  npsSummary: (s, band, n, p, pa, d) =>
    `NPS ${s} (${band.toLowerCase()}) con ${n}: ${p} promotores, ${pa} pasivos, ${d} detractores.`,
  npsInterval: (lvl, lo, hi) => `Con un ${lvl} de confianza, el NPS real está entre ${lo} y ${hi}.`,
  npsGaugeAlt: (s) => `Indicador: NPS ${s} en una escala de −100 a 100.`,
  shareAlt: (parts) => `Proporciones: ${parts}.`,
  answers: (n, s) => (n === 1 ? "1 respuesta" : `${s} respuestas`),
  csatTitle: "Satisfacción del cliente (CSAT)",
  csatEmptyPaste: "Pegue puntuaciones para ver el CSAT.",
  csatEmptyCounts: "Escriba los recuentos para ver el CSAT.",
  satisfiedFrom: "Satisfecho a partir de",
  satisfied: "Satisfechos",
  notSatisfied: "No satisfechos",
  csatSummary: (s, sat, n, from, max, mean) =>
    `CSAT ${s}: ${sat} de ${n} están satisfechos (${from}–${max}). Media ${mean} de ${max}.`,
  csatInterval: (lvl, lo, hi) => `Con un ${lvl} de confianza, el CSAT real está entre ${lo} y ${hi}.`,
  csatGaugeAlt: (s) => `Indicador: CSAT ${s} en una escala de 0 % a 100 %.`,
  cesTitle: "Esfuerzo del cliente (CES)",
  cesEmptyPaste: "Pegue puntuaciones para ver el CES.",
  cesEmptyCounts: "Escriba los recuentos para ver el CES.",
  higherIsEasier: "Una respuesta más alta significa menos esfuerzo",
  easy: "Fácil",
  neutral: "Neutral",
  difficult: "Difícil",
  average: "Media",
  outOf: (max) => `de ${max}`,
  cesSummary: (mean, min, max, dir, easy, diff, net) =>
    `Esfuerzo medio ${mean} en una escala de ${min} a ${max} (${dir}). A ${easy} les resultó fácil, a ${diff} difícil: esfuerzo neto ${net}.`,
  higherEasier: "más alto es más fácil",
  lowerEasier: "más bajo es más fácil",
  cesInterval: (lvl, lo, hi) => `Con un ${lvl} de confianza, la media real está entre ${lo} y ${hi}.`,
  cesGaugeAlt: (m, min, max) => `Indicador: media ${m} en una escala de ${min} a ${max}.`,
  netEffort: "Esfuerzo neto",
  howTitle: "Cómo se calcula",
  npsFormula:
    "NPS = el porcentaje de promotores (9–10) menos el porcentaje de detractores (0–6); los pasivos (7–8) solo cuentan en el total. Por eso va de −100 a 100. El intervalo es el de Wald ajustado (Rocks, 2016): se suman ¾ de promotor y ¾ de detractor (3 respuestas en total) antes de calcular el error estándar, lo que lo mantiene fiable con muestras pequeñas y puntuaciones extremas.",
  csatFormula: (from, max) =>
    `CSAT = las respuestas de ${from} a ${max} divididas entre el total de respuestas, en porcentaje. El intervalo es el intervalo de puntuación de Wilson, que se mantiene entre 0 y 100 % y es fiable con muestras pequeñas.`,
  cesFormula:
    "La puntuación es la media de las respuestas; su intervalo usa la distribución t de Student. Las proporciones fácil y difícil son las respuestas en los dos puntos más fáciles y los dos más difíciles de la escala; el esfuerzo neto es fácil menos difícil.",
  copyResult: "Copiar resultado",
  downloadPng: "Descargar imagen",
  copyLink: "Copiar enlace",
  copied: "Resultado copiado.",
  linkCopied: "Enlace copiado: abre esta calculadora con estos recuentos.",
  copyFailed: "No se pudo copiar: el navegador no lo permitió.",
  benchmark: "Referencia",
};

export const IT = {
  lang: "it",
  locale: "it-IT",
  number: { decimal: ",", group: ".", minGrouping: 2, percent: "%" },
  range: (a, b) => `da ${a} a ${b}`,
  inputTabs: "Come inserire i dati",
  tabPaste: "Incolla i punteggi",
  tabCounts: "Scrivi i conteggi",
  scoresLabel: "Punteggi",
  scoresHint: (range) =>
    `Numeri interi ${range}: uno per riga (una colonna copiata da un foglio di calcolo o da un'esportazione del sondaggio), oppure separati da virgole, tabulazioni, punti e virgola o spazi. Una riga di intestazione va bene.`,
  chooseFile: "Scegli un file CSV",
  orDrop: "o trascinalo qui",
  dropHere: "Rilascia il file per caricarlo",
  example: "Esempio",
  clear: "Cancella",
  column: "Colonna",
  allColumns: "Tutte le colonne, come un unico elenco",
  columnLetter: (l) => `colonna ${l}`,
  loaded: (name) => `Caricato «${name}».`,
  fileError: (name) => `Impossibile leggere «${name}» come testo.`,
  headerSkipped: (row, text) => `La riga ${row} è un'intestazione («${text}») e non viene contata.`,
  emptyRows: (n) => (n === 1 ? "1 riga vuota ignorata." : `${n} righe vuote ignorate.`),
  emptyCells: (n) => (n === 1 ? "1 cella vuota ignorata." : `${n} celle vuote ignorate.`),
  skipBad: "Salta le righe non valide",
  skipHint: "Le righe sono numerate come in un foglio di calcolo: la prima è la riga 1, intestazione compresa.",
  badTitle: (n) => (n === 1 ? "1 riga non può essere contata:" : `${n} righe non possono essere contate:`),
  skippedTitle: (n) => (n === 1 ? "1 riga saltata:" : `${n} righe saltate:`),
  andMore: (n) => `… e altre ${n}.`,
  row: (r) => `riga ${r}`,
  rowValue: (r, k) => `riga ${r}, valore ${k}`,
  rowColumn: (r, c) => `riga ${r}, ${c}`,
  /** A column's name as the language quotes it. */
  quoted: (name) => `«${name}»`,
  outOfRange: (v, range) => `${v} non è un punteggio ${range}`,
  notInteger: (v) => `${v} non è un numero intero`,
  notNumber: (v) => `«${v}» non è un numero`,
  stale: "Viene mostrato l'ultimo risultato valido. Correggi le righe elencate o spunta «Salta le righe non valide».",
  fixRows: "Correggi le righe elencate o spunta «Salta le righe non valide».",
  staleCounts: "Viene mostrato l'ultimo risultato valido finché i conteggi non sono corretti.",
  countBy: "Conta per",
  byGroup: "Gruppo",
  byPoint: (range) => `Ogni punteggio ${range}`,
  pointCount: (k) => `Numero di risposte con punteggio ${k}`,
  pointLabel: "Punteggio",
  countNotNumber: (f, v) => `${f}: «${v}» non è un numero`,
  countNotWhole: (f, v) => `${f}: ${v} non è un numero intero maggiore o uguale a 0`,
  confidence: "Confidenza",
  scale: "Scala",
  responses: (n, s) => (n === 1 ? "1 risposta contata" : `${s} risposte contate`),
  skippedRows: (n, s) => (n === 1 ? "1 riga saltata" : `${s} righe saltate`),
  fewResponses: "Meno di 30 risposte: considera il punteggio una stima approssimativa.",
  noValid: "Ancora nessuna risposta valida.",
  moe: (m) => `Margine di errore: ±${m} punti.`,
  distribution: "Risposte per punteggio",
  distributionAlt: (list) => `Risposte per punteggio: ${list}.`,
  noDistribution: "Scrivi il conteggio di ogni punteggio (0–10) per vedere la distribuzione.",
  npsTitle: "Net Promoter Score (NPS)",
  npsEmptyPaste: "Incolla i punteggi per vedere l'NPS.",
  npsEmptyCounts: "Scrivi i conteggi per vedere l'NPS.",
  promoters: "Promotori",
  passives: "Passivi",
  detractors: "Detrattori",
  bands: { excellent: "Eccellente", "very-good": "Molto buono", reasonable: "Discreto", poor: "Scarso" },
  npsSummary: (s, band, n, p, pa, d) =>
    `NPS ${s} (${band.toLowerCase()}) su ${n}: ${p} promotori, ${pa} passivi, ${d} detrattori.`,
  npsInterval: (lvl, lo, hi) => `Con una confidenza del ${lvl} l'NPS reale è tra ${lo} e ${hi}.`,
  npsGaugeAlt: (s) => `Indicatore: NPS ${s} su una scala da −100 a 100.`,
  shareAlt: (parts) => `Quote: ${parts}.`,
  answers: (n, s) => (n === 1 ? "1 risposta" : `${s} risposte`),
  csatTitle: "Soddisfazione del cliente (CSAT)",
  csatEmptyPaste: "Incolla i punteggi per vedere il CSAT.",
  csatEmptyCounts: "Scrivi i conteggi per vedere il CSAT.",
  satisfiedFrom: "Soddisfatto a partire da",
  satisfied: "Soddisfatti",
  notSatisfied: "Non soddisfatti",
  csatSummary: (s, sat, n, from, max, mean) =>
    `CSAT ${s}: ${sat} su ${n} sono soddisfatti (${from}–${max}). Media ${mean} su ${max}.`,
  csatInterval: (lvl, lo, hi) => `Con una confidenza del ${lvl} il CSAT reale è tra ${lo} e ${hi}.`,
  csatGaugeAlt: (s) => `Indicatore: CSAT ${s} su una scala dallo 0% al 100%.`,
  cesTitle: "Sforzo del cliente (CES)",
  cesEmptyPaste: "Incolla i punteggi per vedere il CES.",
  cesEmptyCounts: "Scrivi i conteggi per vedere il CES.",
  higherIsEasier: "Una risposta più alta significa meno sforzo",
  easy: "Facile",
  neutral: "Neutro",
  difficult: "Difficile",
  average: "Media",
  outOf: (max) => `su ${max}`,
  cesSummary: (mean, min, max, dir, easy, diff, net) =>
    `Sforzo medio ${mean} su una scala da ${min} a ${max} (${dir}). Per ${easy} è stato facile, per ${diff} difficile: sforzo netto ${net}.`,
  higherEasier: "più alto è più facile",
  lowerEasier: "più basso è più facile",
  cesInterval: (lvl, lo, hi) => `Con una confidenza del ${lvl} la media reale è tra ${lo} e ${hi}.`,
  cesGaugeAlt: (m, min, max) => `Indicatore: media ${m} su una scala da ${min} a ${max}.`,
  netEffort: "Sforzo netto",
  howTitle: "Come si calcola",
  npsFormula:
    "NPS = la percentuale di promotori (9–10) meno la percentuale di detrattori (0–6); i passivi (7–8) contano solo nel totale. Per questo va da −100 a 100. L'intervallo è quello di Wald corretto (Rocks, 2016): si aggiungono ¾ di promotore e ¾ di detrattore (3 risposte in tutto) prima di calcolare l'errore standard, il che lo rende affidabile con campioni piccoli e punteggi estremi.",
  csatFormula: (from, max) =>
    `CSAT = le risposte da ${from} a ${max} divise per tutte le risposte, in percentuale. L'intervallo è l'intervallo score di Wilson, che resta tra 0 e 100% ed è affidabile con campioni piccoli.`,
  cesFormula:
    "Il punteggio è la media delle risposte; il suo intervallo usa la distribuzione t di Student. Le quote facile e difficile sono le risposte nei due punti più facili e nei due più difficili della scala; lo sforzo netto è facile meno difficile.",
  copyResult: "Copia il risultato",
  downloadPng: "Scarica l'immagine",
  copyLink: "Copia il link",
  copied: "Risultato copiato.",
  linkCopied: "Link copiato: apre questa calcolatrice con questi conteggi.",
  copyFailed: "Impossibile copiare: il browser non l'ha consentito.",
  benchmark: "Riferimento",
};

// Romanian has three plural forms (CLDR, as Intl.PluralRules gives them):
// one ("1 rând"), few ("2 rânduri", "0", "101", "12,5") and other, with "de"
// ("20 de rânduri", "1.250 de rânduri"). A count given as text is read as
// ro-RO formats it, and its shown decimals count: "20,0 puncte".
const roRules = [];
function roForm(n) {
  let x = n;
  let v = 0;
  if (typeof n === "string") {
    const m = /^[+\-−]?(\d{1,3}(?:[.\u00a0\u202f ]\d{3})*|\d+)(?:,(\d+))?$/.exec(n.trim());
    if (!m) return "other"; // e.g. compact "12,5 K": "12,5 K de răspunsuri"
    v = m[2] ? m[2].length : 0;
    x = Number(m[1].replace(/\D/g, "") + (v ? "." + m[2] : ""));
  }
  if (!Number.isFinite(x)) return "other";
  let rules = roRules[v];
  if (!rules) roRules[v] = rules = new Intl.PluralRules("ro-RO", { minimumFractionDigits: v, maximumFractionDigits: Math.max(v, 3) });
  return rules.select(Math.abs(x));
}
/** The Romanian form for a count `n` (a number, or a number formatted in ro-RO). */
export function roPlural(n, one, few, other) {
  const form = roForm(n);
  return form === "one" ? one : form === "few" ? few : other;
}

export const RO = {
  lang: "ro",
  locale: "ro-RO",
  number: { decimal: ",", group: ".", minGrouping: 1, percent: "\u00a0%" },
  range: (a, b) => `de la ${a} la ${b}`,
  inputTabs: "Cum introduceți datele",
  tabPaste: "Lipiți scoruri",
  tabCounts: "Tastați totaluri",
  scoresLabel: "Scoruri",
  scoresHint: (range) =>
    `Numere întregi ${range}: câte unul pe rând (o coloană copiată dintr-o foaie de calcul sau dintr-un export al sondajului) sau separate prin virgule, tabulatoare, punct și virgulă sau spații. Un rând de antet este acceptat.`,
  chooseFile: "Alegeți un fișier CSV",
  orDrop: "sau trageți-l aici",
  dropHere: "Plasați fișierul aici pentru a-l încărca",
  example: "Exemplu",
  clear: "Ștergeți",
  column: "Coloană",
  allColumns: "Toate coloanele, ca o singură listă",
  columnLetter: (l) => `coloana ${l}`,
  loaded: (name) => `S-a încărcat „${name}”.`,
  fileError: (name) => `„${name}” nu a putut fi citit ca text.`,
  headerSkipped: (row, text) => `Rândul ${row} este un antet („${text}”) și nu este numărat.`,
  emptyRows: (n) => roPlural(n, "1 rând gol ignorat.", `${n} rânduri goale ignorate.`, `${n} de rânduri goale ignorate.`),
  emptyCells: (n) => roPlural(n, "1 celulă goală ignorată.", `${n} celule goale ignorate.`, `${n} de celule goale ignorate.`),
  skipBad: "Omiteți rândurile invalide",
  skipHint: "Rândurile sunt numerotate ca într-o foaie de calcul: prima linie este rândul 1, inclusiv antetul.",
  badTitle: (n) => roPlural(n, "1 rând nu poate fi numărat:", `${n} rânduri nu pot fi numărate:`, `${n} de rânduri nu pot fi numărate:`),
  skippedTitle: (n) => roPlural(n, "1 rând omis:", `${n} rânduri omise:`, `${n} de rânduri omise:`),
  andMore: (n) => `… și încă ${n}.`,
  row: (r) => `rândul ${r}`,
  rowValue: (r, k) => `rândul ${r}, valoarea ${k}`,
  rowColumn: (r, c) => `rândul ${r}, ${c}`,
  /** A column's name as the language quotes it. */
  quoted: (name) => `„${name}”`,
  outOfRange: (v, range) => `${v} nu este un scor ${range}`,
  notInteger: (v) => `${v} nu este un număr întreg`,
  notNumber: (v) => `„${v}” nu este un număr`,
  stale: "Se afișează ultimul rezultat valid. Corectați rândurile indicate sau bifați „Omiteți rândurile invalide”.",
  fixRows: "Corectați rândurile indicate sau bifați „Omiteți rândurile invalide”.",
  staleCounts: "Se afișează ultimul rezultat valid până când totalurile sunt corectate.",
  countBy: "Totaluri pe",
  byGroup: "Grup",
  byPoint: (range) => `Fiecare scor ${range}`,
  pointCount: (k) => `Numărul de răspunsuri cu scorul ${k}`,
  pointLabel: "Scor",
  countNotNumber: (f, v) => `${f}: „${v}” nu este un număr`,
  countNotWhole: (f, v) => `${f}: ${v} nu este un număr întreg mai mare sau egal cu 0`,
  confidence: "Încredere",
  scale: "Scală",
  responses: (n, s) => roPlural(s, "1 răspuns numărat", `${s} răspunsuri numărate`, `${s} de răspunsuri numărate`),
  skippedRows: (n, s) => roPlural(s, "1 rând omis", `${s} rânduri omise`, `${s} de rânduri omise`),
  fewResponses: "Mai puțin de 30 de răspunsuri: considerați scorul o estimare aproximativă.",
  noValid: "Încă nu există răspunsuri valide.",
  moe: (m) => `Marjă de eroare: ±${m} ${roPlural(m, "punct", "puncte", "de puncte")}.`,
  distribution: "Răspunsuri pe scor",
  distributionAlt: (list) => `Răspunsuri pe scor: ${list}.`,
  noDistribution: "Introduceți numărul de răspunsuri pentru fiecare scor (0–10) ca să vedeți distribuția.",
  npsTitle: "Net Promoter Score (NPS)",
  npsEmptyPaste: "Lipiți scorurile ca să vedeți NPS-ul.",
  npsEmptyCounts: "Introduceți totalurile ca să vedeți NPS-ul.",
  promoters: "Promotori",
  passives: "Pasivi",
  detractors: "Detractori",
  bands: { excellent: "Excelent", "very-good": "Foarte bun", reasonable: "Rezonabil", poor: "Slab" },
  npsSummary: (s, band, n, p, pa, d) =>
    `NPS ${s} (${band.toLowerCase()}) din ${n}: ${p} promotori, ${pa} pasivi, ${d} detractori.`,
  npsInterval: (lvl, lo, hi) => `Cu o încredere de ${lvl}, NPS-ul real este între ${lo} și ${hi}.`,
  npsGaugeAlt: (s) => `Indicator: NPS ${s} pe o scală de la −100 la 100.`,
  shareAlt: (parts) => `Ponderi: ${parts}.`,
  answers: (n, s) => roPlural(s, "1 răspuns", `${s} răspunsuri`, `${s} de răspunsuri`),
  csatTitle: "Satisfacția clienților (CSAT)",
  csatEmptyPaste: "Lipiți scorurile ca să vedeți CSAT-ul.",
  csatEmptyCounts: "Introduceți totalurile ca să vedeți CSAT-ul.",
  satisfiedFrom: "Mulțumit de la",
  satisfied: "Mulțumiți",
  notSatisfied: "Nemulțumiți",
  csatSummary: (s, sat, n, from, max, mean) =>
    `CSAT ${s}: ${sat} din ${n} indică mulțumire (${from}–${max}). Media ${mean} din ${max}.`,
  csatInterval: (lvl, lo, hi) => `Cu o încredere de ${lvl}, CSAT-ul real este între ${lo} și ${hi}.`,
  csatGaugeAlt: (s) => `Indicator: CSAT ${s} pe o scală de la 0\u00a0% la 100\u00a0%.`,
  cesTitle: "Efortul clientului (CES)",
  cesEmptyPaste: "Lipiți scorurile ca să vedeți CES-ul.",
  cesEmptyCounts: "Introduceți totalurile ca să vedeți CES-ul.",
  higherIsEasier: "Un răspuns mai mare înseamnă mai puțin efort",
  easy: "Ușor",
  neutral: "Neutru",
  difficult: "Dificil",
  average: "Medie",
  outOf: (max) => `din ${max}`,
  cesSummary: (mean, min, max, dir, easy, diff, net) =>
    `Scor mediu de efort ${mean} pe o scală de la ${min} la ${max} (${dir}). Pentru ${easy} a fost ușor, pentru ${diff} dificil: efort net ${net}.`,
  higherEasier: "mai mare înseamnă mai ușor",
  lowerEasier: "mai mic înseamnă mai ușor",
  cesInterval: (lvl, lo, hi) => `Cu o încredere de ${lvl}, media reală este între ${lo} și ${hi}.`,
  cesGaugeAlt: (m, min, max) => `Indicator: media ${m} pe o scală de la ${min} la ${max}.`,
  netEffort: "Efort net",
  howTitle: "Cum se calculează",
  npsFormula:
    "NPS = procentul de promotori (9–10) minus procentul de detractori (0–6); pasivii (7–8) contează doar în total. De aceea scorul merge de la −100 la 100. Intervalul este intervalul Wald ajustat (Rocks, 2016): se adaugă ¾ de promotor și ¾ de detractor (3 răspunsuri în total) înainte de calculul erorii standard, ceea ce îl menține fiabil pentru eșantioane mici și scoruri extreme.",
  csatFormula: (from, max) =>
    `CSAT = răspunsurile de la ${from} la ${max} împărțite la totalul răspunsurilor, ca procent. Intervalul este intervalul de scor Wilson, care rămâne între 0 și 100\u00a0% și este fiabil pentru eșantioane mici.`,
  cesFormula:
    "Scorul este media răspunsurilor; intervalul său folosește distribuția t Student. Ponderile ușor și dificil sunt răspunsurile din cele mai ușoare două puncte și din cele mai dificile două puncte ale scalei; efortul net este ușor minus dificil.",
  copyResult: "Copiați rezultatul",
  downloadPng: "Descărcați imaginea",
  copyLink: "Copiați linkul",
  copied: "Rezultat copiat.",
  linkCopied: "Link copiat: deschide acest calculator cu aceste totaluri.",
  copyFailed: "Nu s-a putut copia: browserul nu a permis.",
  benchmark: "Referință",
};

export const STRINGS = { en: EN, pt: PT, es: ES, it: IT, ro: RO };

/** "pt-BR", "pt_PT", "PT" → "pt"; "ro-RO" → "ro"; anything unknown → "en". */
export function languageOf(tag) {
  const l = String(tag || "").toLowerCase().split(/[-_]/)[0];
  return Object.hasOwn(STRINGS, l) ? l : "en";
}

const formatters = new Map();
/**
 * A cached formatter of numbers for language table `t`, with the options
 * of Intl.NumberFormat (style, fraction digits, signDisplay, notation).
 *
 * Numbers are written as Intl.NumberFormat writes them in `t.locale`, but
 * without Intl where it can be: a page's first Intl.NumberFormat costs it
 * 15–25 ms (ICU loads its locale data), more than everything else before
 * the calculator's first result. Compact notation, and what is not a
 * finite number below 1e21, still go to Intl.
 */
export function numberFormat(t, options) {
  const key = t.locale + JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = options.notation ? new Intl.NumberFormat(t.locale, options) : new PlainNumberFormat(t, options)));
  return f;
}

/**
 * Intl.NumberFormat's decimal and percent styles, written out:
 * - the separators, the grouping rule (CLDR's minimum grouping digits: "1234"
 *   in Spanish and Italian, "12.345") and the percent sign are the
 *   language's `number`, checked against Intl by the tests;
 * - rounding is Intl's: half away from zero (roundingMode "halfExpand"),
 *   applied to the shortest decimal that reads back as the same double,
 *   which is what ICU rounds (so 1.005 → "1.01", where toFixed gives
 *   "1.00"), and String(x) gives exactly those digits;
 * - a percentage is the number × 100 in decimal (digits shifted), not in
 *   floating point;
 * - signs as signDisplay "auto" (−0 keeps its sign: "-0") or "exceptZero"
 *   (no sign on what rounds to zero, "+" on the rest).
 */
class PlainNumberFormat {
  constructor(t, o) {
    this.t = t;
    this.options = o;
    this.percent = o.style === "percent";
    this.min = o.minimumFractionDigits ?? 0;
    this.max = o.maximumFractionDigits ?? Math.max(this.min, this.percent ? 0 : 3);
    this.exceptZero = o.signDisplay === "exceptZero";
    this.intl = null;
  }

  format(x) {
    if (typeof x !== "number" || !(Math.abs(x) < 1e21)) {
      this.intl ??= new Intl.NumberFormat(this.t.locale, this.options);
      return this.intl.format(x);
    }
    const { decimal, group, minGrouping, percent } = this.t.number;
    let [whole, frac] = roundDecimal(Math.abs(x), this.max, this.percent ? 2 : 0);
    let end = frac.length;
    while (end > this.min && frac.charCodeAt(end - 1) === 48) end--;
    frac = frac.slice(0, end);
    const negative = x < 0 || Object.is(x, -0);
    const zero = whole === "0" && !/[1-9]/.test(frac);
    const sign = this.exceptZero ? (zero ? "" : negative ? "-" : "+") : negative ? "-" : "";
    if (whole.length >= 3 + minGrouping) whole = whole.replace(/\B(?=(\d{3})+$)/g, group);
    return sign + whole + (frac ? decimal + frac : "") + (this.percent ? percent : "");
  }
}

/**
 * `x` (finite, ≥ 0) × 10^`shift`, rounded half away from zero to `digits`
 * fraction digits, from its shortest round-trip decimal (String(x)): the
 * whole part (no leading zeros) and exactly `digits` fraction digits.
 */
function roundDecimal(x, digits, shift) {
  const s = String(x);
  const e = s.indexOf("e");
  const m = e < 0 ? s : s.slice(0, e);
  const dot = m.indexOf(".");
  const all = dot < 0 ? m : m.slice(0, dot) + m.slice(dot + 1);
  // The digits of x × 10^(shift + digits) before its point; those after
  // it only round.
  const keep = (dot < 0 ? m.length : dot) + (e < 0 ? 0 : Number(s.slice(e + 1))) + shift + digits;
  let kept;
  if (keep <= 0) kept = keep === 0 && all.charCodeAt(0) >= 53 ? "1" : "0";
  else if (keep >= all.length) kept = all + "0".repeat(keep - all.length);
  else {
    kept = all.slice(0, keep);
    if (all.charCodeAt(keep) >= 53) {
      let i = keep - 1;
      while (i >= 0 && kept.charCodeAt(i) === 57) i--;
      kept = (i < 0 ? "1" : kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1)) + "0".repeat(keep - 1 - i);
    }
  }
  kept = kept.padStart(digits + 1, "0");
  const cut = kept.length - digits;
  return [kept.slice(0, cut).replace(/^0+(?=\d)/, ""), kept.slice(cut)];
}

/** Number formatting for one language. */
export function formatting(t) {
  // Formatters are made when first used (making one costs milliseconds).
  const nf = (o) => numberFormat(t, o);
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

