// The demo page: tabs, language, the comparison of two periods, an A/B test
// of two conversion rates, a health score playground, SLA due dates in
// business hours and NPS by segment. The calculators themselves are the
// package's own <nps-calculator>, <csat-calculator> and <ces-calculator>
// elements.
import { parseCsv } from "./pkg/calculator.js";
import { npsCompare, compareRates, conversionRate } from "./pkg/index.js";
import { LANGUAGES, pickLanguage, rememberLanguage } from "./lang.js";

// Romanian has three plural forms (CLDR, as Intl.PluralRules gives them):
// one ("1 cont"), few ("2 conturi", "0", "101", "12,5") and other, with "de"
// ("20 de conturi", "1.250 de conturi"). The counts come formatted in ro-RO,
// and their shown decimals count: "20,0 puncte".
const roRules = [];
function roPlural(n, one, few, other) {
  let x = n;
  let v = 0;
  if (typeof n === "string") {
    const m = /^[+\-−]?(\d{1,3}(?:[.\u00a0\u202f ]\d{3})*|\d+)(?:,(\d+))?$/.exec(n.trim());
    if (!m) return other;
    v = m[2] ? m[2].length : 0;
    x = Number(m[1].replace(/\D/g, "") + (v ? "." + m[2] : ""));
  }
  if (!Number.isFinite(x)) return other;
  roRules[v] ??= new Intl.PluralRules("ro-RO", { minimumFractionDigits: v, maximumFractionDigits: Math.max(v, 3) });
  const form = roRules[v].select(Math.abs(x));
  return form === "one" ? one : form === "few" ? few : other;
}
const roPoints = (d) => roPlural(d, "punct", "puncte", "de puncte");

const TEXT = {
  en: {
    locale: "en-US",
    skip: "Skip to the calculator",
    language: "Language",
    calculators: "Calculators",
    title: "NPS calculator",
    lead: "Paste survey scores or type the counts and get your Net Promoter Score with its confidence interval as you type. Compare two periods, compute CSAT and CES, test two conversion rates, build a customer health score, and work out SLA due dates in business hours. Everything runs in your browser: your data never leaves this page.",
    tabNps: "NPS",
    tabCompare: "Compare periods",
    tabCsat: "CSAT",
    tabCes: "CES",
    tabSegments: "By segment",
    tabAb: "A/B test",
    tabHealth: "Health scores",
    tabSla: "SLA due dates",
    abIntro: "Did variant B really convert better than variant A? Type the visitors and conversions of each: the rates, their difference with its interval, and the chance that B is truly better update as you type.",
    abVariantA: "Variant A",
    abVariantB: "Variant B",
    abVisitors: "Visitors",
    abConversions: "Conversions",
    abVerdictTitle: "Variant B compared with variant A",
    abChance: "Chance that B is better",
    abLift: "Relative lift",
    abPValue: "p-value",
    abLoss: "Expected loss, choosing A / B",
    abLegend: "Rates with Wilson 95% intervals. Difference: Newcombe’s interval; significance: two-proportion z test; chance that B is better and expected loss: exact Bayesian posteriors with uniform priors.",
    abRateDetail: (x, n, lo, hi) => `${x} of ${n} · 95% interval ${lo} to ${hi}`,
    abNoVisitors: "No visitors yet",
    abNeedBoth: "Enter the visitors of both variants to compare them.",
    abFix: "Correct the value marked above to see the comparison.",
    abBetter: (winner, loser, d, lvl, lo, hi) => `${winner} converts better than ${loser}: ${d} points (${lvl} interval ${lo} to ${hi}).`,
    abChanceSentence: (winner, p) => `The chance that ${winner} is truly better is ${p}.`,
    abUnclear: (lo, hi) => `Not enough evidence yet: the difference could be anywhere from ${lo} to ${hi} points.`,
    abChanceB: (p) => `The chance that B is better is ${p}.`,
    abLiftValue: (v, lo, hi) => (lo === null ? v : `${v} (${lo} to ${hi})`),
    abLossValue: (a, b) => `${a} / ${b} points`,
    abChartAlt: (d, lo, hi) => `Chart: B − A is ${d} points, with its interval from ${lo} to ${hi}; the vertical line is no difference.`,
    healthIntro: "Build a customer health score: choose the measures, how each is scored and weighted, and see every account’s score, band, trend and what made it, from a CSV of accounts.",
    healthSpecTitle: "Score definition",
    healthAddGroup: "Add a group",
    healthJson: "Spec JSON",
    healthJsonLabel: "The spec as JSON (editable)",
    healthJsonInvalid: (m) => `Not valid JSON: ${m}`,
    healthJsonNotObject: "The spec must be a JSON object.",
    healthDrop: "Drop a CSV of accounts here, or choose one",
    healthPaste: "Accounts as CSV",
    healthExample: "Use the example",
    healthPortfolio: "Portfolio",
    healthGroup: (n) => `Group ${n}`,
    healthGroupName: "Group name",
    healthGroupWeight: "Group weight",
    healthRemoveGroup: (name) => `Remove the group ${name}`,
    healthMeasure: (n) => `Measure ${n}`,
    healthMeasureName: "Name",
    healthColumn: "Column",
    healthWeight: "Weight",
    healthScoring: "Scoring",
    healthTypes: { thresholds: "Thresholds", ranges: "Ranges", linear: "Linear", percentile: "Percentile" },
    healthDirection: "Better when",
    healthHigher: "higher",
    healthLower: "lower",
    healthGood: (lower) => (lower ? "Good up to" : "Good from"),
    healthPoor: (lower) => (lower ? "Poor from" : "Poor up to"),
    healthLinearMin: (lower) => (lower ? "100 points at" : "0 points at"),
    healthLinearMax: (lower) => (lower ? "0 points at" : "100 points at"),
    healthRangeFrom: "From",
    healthRangeTo: "To below",
    healthRangeUpper: (i) => `Upper limit of range ${i}`,
    healthRangePoints: "Points",
    healthRangePointsOf: (i) => `Points of range ${i}`,
    healthAddRange: "Add a range",
    healthRemoveRange: (i) => `Remove range ${i}`,
    healthPercentileNote: "Scored by rank among the accounts that have a value (0–100).",
    healthAddMeasure: "Add a measure",
    healthRemoveMeasure: (name) => `Remove the measure ${name}`,
    healthOptions: "Options",
    healthIdColumn: "Account column",
    healthNone: "(none)",
    healthMissing: "Missing values",
    healthMissingModes: { renormalize: "Leave out and reweight", zero: "Count as 0 points", neutral: "Count as a neutral score" },
    healthNeutral: "Neutral score",
    healthMinCoverage: "Minimum coverage (0–1)",
    healthBandFrom: (label) => `${label} from`,
    healthTrendColumn: "Previous score column",
    healthEpsilon: "Flat within ±",
    healthErrors: (n) => (n === 1 ? "1 problem in the definition:" : `${n} problems in the definition:`),
    healthFixSpec: "Correct the definition to see the scores.",
    healthLoading: "Loading…",
    healthUnavailable: "This build of cx-metrics has no health scores.",
    healthNeed: "The CSV needs a header row and at least one account.",
    healthRead: (n, ms) => `${n} ${n === "1" ? "account" : "accounts"} read, computed in ${ms} ms.`,
    healthAccount: "Account",
    healthScore: "Score",
    healthTrend: "Trend",
    healthCoverage: "Coverage",
    healthContributions: "Contributions",
    healthTrendWords: { up: "up", flat: "flat", down: "down" },
    healthTrendLabel: (word, prev) => (prev === null ? `Trend: ${word}` : `Trend: ${word} (previous score ${prev})`),
    healthMissingValue: "missing",
    healthPointsOf: (measure, points) => `${measure} ${points} pts`,
    healthOverridden: "manual score",
    healthNoScore: "no score",
    healthSummary: (accounts, scored, avg, median) =>
      `${accounts} accounts, ${scored} scored.` + (avg === null ? "" : ` Average score ${avg}, median ${median}.`),
    healthBandShare: (label, count, share) => `${label}: ${count} (${share})`,
    healthDistAlt: (parts) => `Accounts by band: ${parts}.`,
    healthDefault: { usage: "Usage", support: "Support", sentiment: "Sentiment", logins: "Logins", seats: "Seats", tickets: "Tickets", nps: "NPS", red: "red", yellow: "yellow", green: "green" },
    slaIntro: "When is a ticket due? Describe your business hours, enter when the ticket came in and its SLA target in business hours: the due time skips nights, weekends and public holidays, in the time zone you choose.",
    slaCalendarTitle: "Business hours",
    slaTimeZone: "Time zone",
    slaDays: "Working days",
    slaMon: "Mon",
    slaTue: "Tue",
    slaWed: "Wed",
    slaThu: "Thu",
    slaFri: "Fri",
    slaSat: "Sat",
    slaSun: "Sun",
    slaHours: "Opening hours",
    slaTo: "to",
    slaAnd: "and",
    slaOpens: "Opens at",
    slaCloses: "Closes at",
    slaOpensAgain: "Opens again at",
    slaClosesAgain: "Closes again at",
    slaHoursHint: "The same hours on every working day. Leave the second interval empty for just one; an interval that ends before it starts crosses midnight.",
    slaNight: "Night shift: also 22:00–06:00 after each working day",
    slaCountry: "Public holidays",
    slaNoCountry: "None",
    slaTicketTitle: "Ticket",
    slaCreated: "Created at",
    slaTarget: "SLA target, in business hours",
    slaResultTitle: "When it is due",
    slaDate: (weekday, day, month, year) => `${weekday} ${day} ${month}${year ? ` ${year}` : ""}`,
    slaDateTime: (date, time) => `${date}, ${time}`,
    slaDue: (when, zone) => `Due ${when} (${zone})`,
    slaElapsed: (d) => `That is ${d} after the ticket was created.`,
    slaNeedCreated: "Enter when the ticket was created.",
    slaNeedTarget: "Enter the SLA target in business hours (a number).",
    slaNowIn: (when) => `Now (${when}) is business time.`,
    slaNowOut: (when) => `Now (${when}) is outside business hours.`,
    slaNextClose: (when) => `Next closing: ${when}.`,
    slaNextOpen: (when) => `Next opening: ${when}.`,
    slaNoClose: "No closing within 100 years.",
    slaNoOpen: "No opening within 100 years.",
    slaWeekTitle: "The 7 days from the ticket’s creation",
    slaOpenHours: (list) => `open ${list}`,
    slaClosed: "closed",
    slaHolidayAlt: (name) => `public holiday (${name})`,
    slaCreatedAt: (time) => `Created at ${time}.`,
    slaDueAt: (time) => `Due at ${time}.`,
    slaCreatedFlag: "created",
    slaDueFlag: "due",
    slaLegend: "Each bar is a day from 00:00 to 24:00 in the chosen time zone; the shaded parts are business hours.",
    slaDueLater: "The due time is after these 7 days.",
    slaHolidaysTitle: "Public holidays in these days",
    slaNoHolidaysHere: "None in these days.",
    slaNoCountryChosen: "Choose a country to close its public holidays.",
    slaObserved: (name) => `${name} (substitute day)`,
    slaLoading: "Loading…",
    segmentsIntro: "Drop or paste a CSV of survey answers (a date, a segment and a 0–10 score per row): see the NPS of every segment, month by month, with its interval, and which changes are real.",
    segmentsDrop: "Drop a CSV file here, or choose one",
    segmentsPaste: "Paste CSV",
    segmentsExample: "Use an example",
    segmentsDate: "Date column",
    segmentsSegment: "Segment column",
    segmentsScore: "Score column",
    segmentsEvery: "Period",
    month: "Month",
    quarter: "Quarter",
    week: "Week",
    segmentsExport: "Export CSV",
    segmentsLegend: "Cells: NPS, with its 95% interval underneath. ▲ / ▼: a change from the previous period that is statistically significant (Benjamini–Hochberg, 5% false discovery rate). The line at the end of each row is the segment's trend.",
    segmentsRead: (rows, groups, skipped, ms) => `${rows} answers in ${groups} segments${skipped ? `; ${skipped} rows left out (invalid)` : ""}. Computed in ${ms} ms.`,
    segmentsNeed: "The file needs a header row with a date, a segment and a score column.",
    segmentsTrend: "trend",
    segmentsSegmentHead: "Segment",
    segmentsTotal: "All periods",
    compareIntro: "Did the score really change, or is it noise? Enter two periods as scores or counts: the difference is tested for statistical significance.",
    periodA: "Period A",
    periodB: "Period B",
    verdictTitle: "Period B compared with period A",
    points: "points",
    csatIntro: "Customer satisfaction: the share of answers in the top boxes (4 and 5 on a 1–5 scale, by default).",
    cesIntro: "Customer effort: the average answer and the shares of easy and difficult answers (on a 1–7 scale where 7 is easiest, by default).",
    embedTitle: "Put the calculator on your own page",
    embedText: "One import and one tag. The element adapts to the width it is given, speaks English, Portuguese, Spanish, Italian and Romanian, takes your colours through CSS custom properties, and fires a change event with the result.",
    footer: "NPS, CSAT and CES computed by cx-metrics, a Rust engine compiled to WebAssembly. Intervals: adjusted Wald (NPS), Wilson (CSAT), Student t (CES).",
    needBoth: "Enter scores or counts for both periods to compare them.",
    rose: (d, a, b) => `From A to B the NPS rose by ${d} ${d === "1" ? "point" : "points"} (${a} → ${b}).`,
    fell: (d, a, b) => `From A to B the NPS fell by ${d} ${d === "1" ? "point" : "points"} (${a} → ${b}).`,
    same: (a) => `The NPS is the same in both periods (${a}).`,
    significant: (lvl, p) => `The difference is statistically significant at the ${lvl} level (${p}): it is unlikely to be chance.`,
    notSignificant: (lvl, p) =>
      `The difference is not statistically significant at the ${lvl} level (${p}): it could be chance. More responses would tell.`,
    untestable: "Neither period has any variation in its answers, so significance can’t be tested.",
    interval: (lvl, lo, hi) => `With ${lvl} confidence the true change is between ${lo} and ${hi} points.`,
    chartAlt: (d, lo, hi) => `Chart: the change is ${d} points, with its interval from ${lo} to ${hi}; the vertical line is no change.`,
    badgeYes: "Significant",
    badgeNo: "Not significant",
  },
  pt: {
    locale: "pt-BR",
    skip: "Pular para a calculadora",
    language: "Idioma",
    calculators: "Calculadoras",
    title: "Calculadora de NPS",
    lead: "Cole as notas da pesquisa ou digite as contagens e veja o seu Net Promoter Score com o intervalo de confiança enquanto digita. Compare dois períodos, calcule CSAT e CES, teste duas taxas de conversão, monte um health score de clientes e calcule prazos de SLA em horas úteis. Tudo roda no seu navegador: os seus dados não saem desta página.",
    tabNps: "NPS",
    tabCompare: "Comparar períodos",
    tabCsat: "CSAT",
    tabCes: "CES",
    tabSegments: "Por segmento",
    tabAb: "Teste A/B",
    tabHealth: "Health score",
    tabSla: "Prazos de SLA",
    abIntro: "A variante B converteu mesmo melhor que a variante A? Digite os visitantes e as conversões de cada uma: as taxas, a diferença com o intervalo e a chance de B ser de fato melhor se atualizam enquanto você digita.",
    abVariantA: "Variante A",
    abVariantB: "Variante B",
    abVisitors: "Visitantes",
    abConversions: "Conversões",
    abVerdictTitle: "Variante B comparada com a variante A",
    abChance: "Chance de B ser melhor",
    abLift: "Ganho relativo",
    abPValue: "valor-p",
    abLoss: "Perda esperada ao escolher A / B",
    abLegend: "Taxas com intervalos de Wilson de 95%. Diferença: intervalo de Newcombe; significância: teste z de duas proporções; chance de B ser melhor e perda esperada: posteriores bayesianas exatas com priores uniformes.",
    abRateDetail: (x, n, lo, hi) => `${x} de ${n} · intervalo de 95%: ${lo} a ${hi}`,
    abNoVisitors: "Ainda sem visitantes",
    abNeedBoth: "Informe os visitantes das duas variantes para compará-las.",
    abFix: "Corrija o valor indicado acima para ver a comparação.",
    abBetter: (winner, loser, d, lvl, lo, hi) => `${winner} converte melhor que ${loser}: ${d} pontos (intervalo de ${lvl}: ${lo} a ${hi}).`,
    abChanceSentence: (winner, p) => `A chance de ${winner} ser de fato melhor é de ${p}.`,
    abUnclear: (lo, hi) => `Ainda não há evidência suficiente: a diferença pode estar em qualquer ponto entre ${lo} e ${hi} pontos.`,
    abChanceB: (p) => `A chance de B ser melhor é de ${p}.`,
    abLiftValue: (v, lo, hi) => (lo === null ? v : `${v} (${lo} a ${hi})`),
    abLossValue: (a, b) => `${a} / ${b} pontos`,
    abChartAlt: (d, lo, hi) => `Gráfico: B − A é ${d} pontos, com intervalo de ${lo} a ${hi}; a linha vertical é nenhuma diferença.`,
    healthIntro: "Monte um health score de clientes: escolha as medidas, como cada uma é pontuada e ponderada, e veja a nota, a faixa, a tendência e a composição de cada conta a partir de um CSV de contas.",
    healthSpecTitle: "Definição da nota",
    healthAddGroup: "Adicionar um grupo",
    healthJson: "JSON da definição",
    healthJsonLabel: "A definição em JSON (editável)",
    healthJsonInvalid: (m) => `JSON inválido: ${m}`,
    healthJsonNotObject: "A definição precisa ser um objeto JSON.",
    healthDrop: "Solte um CSV de contas aqui ou escolha um",
    healthPaste: "Contas em CSV",
    healthExample: "Usar o exemplo",
    healthPortfolio: "Carteira",
    healthGroup: (n) => `Grupo ${n}`,
    healthGroupName: "Nome do grupo",
    healthGroupWeight: "Peso do grupo",
    healthRemoveGroup: (name) => `Remover o grupo ${name}`,
    healthMeasure: (n) => `Medida ${n}`,
    healthMeasureName: "Nome",
    healthColumn: "Coluna",
    healthWeight: "Peso",
    healthScoring: "Pontuação",
    healthTypes: { thresholds: "Limites", ranges: "Faixas", linear: "Linear", percentile: "Percentil" },
    healthDirection: "Melhor quando",
    healthHigher: "maior",
    healthLower: "menor",
    healthGood: (lower) => (lower ? "Bom até" : "Bom a partir de"),
    healthPoor: (lower) => (lower ? "Ruim a partir de" : "Ruim até"),
    healthLinearMin: (lower) => (lower ? "100 pontos em" : "0 ponto em"),
    healthLinearMax: (lower) => (lower ? "0 ponto em" : "100 pontos em"),
    healthRangeFrom: "De",
    healthRangeTo: "Até abaixo de",
    healthRangeUpper: (i) => `Limite superior da faixa ${i}`,
    healthRangePoints: "Pontos",
    healthRangePointsOf: (i) => `Pontos da faixa ${i}`,
    healthAddRange: "Adicionar uma faixa",
    healthRemoveRange: (i) => `Remover a faixa ${i}`,
    healthPercentileNote: "Pontuada pela posição entre as contas que têm valor (0–100).",
    healthAddMeasure: "Adicionar uma medida",
    healthRemoveMeasure: (name) => `Remover a medida ${name}`,
    healthOptions: "Opções",
    healthIdColumn: "Coluna da conta",
    healthNone: "(nenhuma)",
    healthMissing: "Valores ausentes",
    healthMissingModes: { renormalize: "Deixar de fora e reponderar", zero: "Contar como 0 ponto", neutral: "Contar como nota neutra" },
    healthNeutral: "Nota neutra",
    healthMinCoverage: "Cobertura mínima (0–1)",
    healthBandFrom: (label) => `${label} a partir de`,
    healthTrendColumn: "Coluna da nota anterior",
    healthEpsilon: "Estável dentro de ±",
    healthErrors: (n) => (n === 1 ? "1 problema na definição:" : `${n} problemas na definição:`),
    healthFixSpec: "Corrija a definição para ver as notas.",
    healthLoading: "Carregando…",
    healthUnavailable: "Esta versão do cx-metrics não tem health scores.",
    healthNeed: "O CSV precisa de uma linha de cabeçalho e de pelo menos uma conta.",
    healthRead: (n, ms) => `${n} ${n === "1" ? "conta lida" : "contas lidas"}, calculado em ${ms} ms.`,
    healthAccount: "Conta",
    healthScore: "Nota",
    healthTrend: "Tendência",
    healthCoverage: "Cobertura",
    healthContributions: "Composição",
    healthTrendWords: { up: "subindo", flat: "estável", down: "caindo" },
    healthTrendLabel: (word, prev) => (prev === null ? `Tendência: ${word}` : `Tendência: ${word} (nota anterior ${prev})`),
    healthMissingValue: "ausente",
    healthPointsOf: (measure, points) => `${measure} ${points} pts`,
    healthOverridden: "nota manual",
    healthNoScore: "sem nota",
    healthSummary: (accounts, scored, avg, median) =>
      `${accounts} contas, ${scored} com nota.` + (avg === null ? "" : ` Nota média ${avg}, mediana ${median}.`),
    healthBandShare: (label, count, share) => `${label}: ${count} (${share})`,
    healthDistAlt: (parts) => `Contas por faixa: ${parts}.`,
    healthDefault: { usage: "Uso", support: "Suporte", sentiment: "Sentimento", logins: "Acessos", seats: "Licenças", tickets: "Chamados", nps: "NPS", red: "vermelho", yellow: "amarelo", green: "verde" },
    slaIntro: "Quando vence um chamado? Descreva o seu horário comercial, informe quando o chamado foi aberto e a meta de SLA em horas úteis: o prazo pula noites, fins de semana e feriados, no fuso horário que você escolher.",
    slaCalendarTitle: "Horário comercial",
    slaTimeZone: "Fuso horário",
    slaDays: "Dias úteis",
    slaMon: "seg",
    slaTue: "ter",
    slaWed: "qua",
    slaThu: "qui",
    slaFri: "sex",
    slaSat: "sáb",
    slaSun: "dom",
    slaHours: "Horário de atendimento",
    slaTo: "às",
    slaAnd: "e",
    slaOpens: "Abre às",
    slaCloses: "Fecha às",
    slaOpensAgain: "Reabre às",
    slaClosesAgain: "Fecha de novo às",
    slaHoursHint: "O mesmo horário em todos os dias úteis. Deixe o segundo intervalo vazio para ter um só; um intervalo que termina antes de começar atravessa a meia-noite.",
    slaNight: "Turno da noite: também das 22:00 às 06:00 depois de cada dia útil",
    slaCountry: "Feriados nacionais",
    slaNoCountry: "Nenhum",
    slaTicketTitle: "Chamado",
    slaCreated: "Aberto em",
    slaTarget: "Meta de SLA, em horas úteis",
    slaResultTitle: "Quando vence",
    slaDate: (weekday, day, month, year) => `${weekday}, ${day} de ${month}${year ? ` de ${year}` : ""}`,
    slaDateTime: (date, time) => `${date}, ${time}`,
    slaDue: (when, zone) => `Prazo: ${when} (${zone})`,
    slaElapsed: (d) => `Ou seja, ${d} depois da abertura do chamado.`,
    slaNeedCreated: "Informe quando o chamado foi aberto.",
    slaNeedTarget: "Informe a meta de SLA em horas úteis (um número).",
    slaNowIn: (when) => `Agora (${when}) é horário comercial.`,
    slaNowOut: (when) => `Agora (${when}) está fora do horário comercial.`,
    slaNextClose: (when) => `Próximo fechamento: ${when}.`,
    slaNextOpen: (when) => `Próxima abertura: ${when}.`,
    slaNoClose: "Nenhum fechamento nos próximos 100 anos.",
    slaNoOpen: "Nenhuma abertura nos próximos 100 anos.",
    slaWeekTitle: "Os 7 dias a partir da abertura do chamado",
    slaOpenHours: (list) => `aberto ${list}`,
    slaClosed: "fechado",
    slaHolidayAlt: (name) => `feriado (${name})`,
    slaCreatedAt: (time) => `Aberto às ${time}.`,
    slaDueAt: (time) => `Vence às ${time}.`,
    slaCreatedFlag: "aberto",
    slaDueFlag: "prazo",
    slaLegend: "Cada barra é um dia, das 00:00 às 24:00 no fuso escolhido; as partes sombreadas são o horário comercial.",
    slaDueLater: "O prazo cai depois destes 7 dias.",
    slaHolidaysTitle: "Feriados nestes dias",
    slaNoHolidaysHere: "Nenhum nestes dias.",
    slaNoCountryChosen: "Escolha um país para fechar nos feriados dele.",
    slaObserved: (name) => `${name} (dia compensado)`,
    slaLoading: "Carregando…",
    segmentsIntro: "Solte ou cole um CSV de respostas (uma data, um segmento e uma nota de 0 a 10 por linha): veja o NPS de cada segmento, mês a mês, com o intervalo, e quais mudanças são reais.",
    segmentsDrop: "Solte um arquivo CSV aqui ou escolha um",
    segmentsPaste: "Colar CSV",
    segmentsExample: "Usar um exemplo",
    segmentsDate: "Coluna de data",
    segmentsSegment: "Coluna de segmento",
    segmentsScore: "Coluna de nota",
    segmentsEvery: "Período",
    month: "Mês",
    quarter: "Trimestre",
    week: "Semana",
    segmentsExport: "Exportar CSV",
    segmentsLegend: "Células: NPS, com o intervalo de 95% embaixo. ▲ / ▼: mudança em relação ao período anterior estatisticamente significativa (Benjamini–Hochberg, taxa de falsas descobertas de 5%). A linha no fim de cada linha da tabela é a tendência do segmento.",
    segmentsRead: (rows, groups, skipped, ms) => `${rows} respostas em ${groups} segmentos${skipped ? `; ${skipped} linhas deixadas de fora (inválidas)` : ""}. Calculado em ${ms} ms.`,
    segmentsNeed: "O arquivo precisa de uma linha de cabeçalho com uma coluna de data, uma de segmento e uma de nota.",
    segmentsTrend: "tendência",
    segmentsSegmentHead: "Segmento",
    segmentsTotal: "Todos os períodos",
    compareIntro: "A nota mudou de verdade ou é ruído? Informe dois períodos, como notas ou contagens: a diferença passa por um teste de significância estatística.",
    periodA: "Período A",
    periodB: "Período B",
    verdictTitle: "Período B comparado com o período A",
    points: "pontos",
    csatIntro: "Satisfação do cliente: a proporção de respostas nas notas mais altas (4 e 5 numa escala de 1 a 5, por padrão).",
    cesIntro: "Esforço do cliente: a média das respostas e as proporções de respostas fáceis e difíceis (numa escala de 1 a 7 em que 7 é o mais fácil, por padrão).",
    embedTitle: "Coloque a calculadora na sua página",
    embedText: "Um import e uma tag. O elemento se adapta à largura disponível, fala inglês, português, espanhol, italiano e romeno, usa as suas cores por meio de propriedades CSS e dispara um evento change com o resultado.",
    footer: "NPS, CSAT e CES calculados pelo cx-metrics, um motor em Rust compilado para WebAssembly. Intervalos: Wald ajustado (NPS), Wilson (CSAT), t de Student (CES).",
    needBoth: "Informe notas ou contagens dos dois períodos para compará-los.",
    rose: (d, a, b) => `De A para B o NPS subiu ${d} ${d === "1" ? "ponto" : "pontos"} (${a} → ${b}).`,
    fell: (d, a, b) => `De A para B o NPS caiu ${d} ${d === "1" ? "ponto" : "pontos"} (${a} → ${b}).`,
    same: (a) => `O NPS é o mesmo nos dois períodos (${a}).`,
    significant: (lvl, p) => `A diferença é estatisticamente significativa ao nível de ${lvl} (${p}): dificilmente é acaso.`,
    notSignificant: (lvl, p) =>
      `A diferença não é estatisticamente significativa ao nível de ${lvl} (${p}): pode ser acaso. Mais respostas ajudariam a decidir.`,
    untestable: "Nenhum dos períodos tem variação nas respostas, então não é possível testar a significância.",
    interval: (lvl, lo, hi) => `Com ${lvl} de confiança, a variação real está entre ${lo} e ${hi} pontos.`,
    chartAlt: (d, lo, hi) => `Gráfico: a variação é de ${d} pontos, com intervalo de ${lo} a ${hi}; a linha vertical é nenhuma variação.`,
    badgeYes: "Significativa",
    badgeNo: "Não significativa",
  },
  ro: {
    locale: "ro-RO",
    skip: "Salt la calculator",
    language: "Limbă",
    calculators: "Calculatoare",
    title: "Calculator NPS",
    lead: "Lipiți scorurile din sondaj sau introduceți totalurile și obțineți Net Promoter Score-ul, cu intervalul de încredere, pe măsură ce tastați. Comparați două perioade, calculați CSAT și CES, testați două rate de conversie, construiți un scor de sănătate a clienților și calculați termene SLA în ore lucrătoare. Totul rulează în browser: datele dumneavoastră nu părăsesc această pagină.",
    tabNps: "NPS",
    tabCompare: "Comparați perioade",
    tabCsat: "CSAT",
    tabCes: "CES",
    tabSegments: "Pe segmente",
    tabAb: "Test A/B",
    tabHealth: "Scoruri de sănătate",
    tabSla: "Termene SLA",
    abIntro: "Varianta B a convertit cu adevărat mai bine decât varianta A? Introduceți vizitatorii și conversiile fiecăreia: ratele, diferența dintre ele cu intervalul ei și șansa ca B să fie cu adevărat mai bună se actualizează pe măsură ce tastați.",
    abVariantA: "Varianta A",
    abVariantB: "Varianta B",
    abVisitors: "Vizitatori",
    abConversions: "Conversii",
    abVerdictTitle: "Varianta B comparată cu varianta A",
    abChance: "Șansa ca B să fie mai bună",
    abLift: "Creștere relativă",
    abPValue: "valoarea p",
    abLoss: "Pierdere așteptată, alegând A / B",
    abLegend: "Rate cu intervale Wilson de 95\u00a0%. Diferența: intervalul Newcombe; semnificația: testul z pentru două proporții; șansa ca B să fie mai bună și pierderea așteptată: distribuții a posteriori bayesiene exacte, cu distribuții a priori uniforme.",
    abRateDetail: (x, n, lo, hi) => `${x} din ${n} · interval de 95\u00a0%: de la ${lo} la ${hi}`,
    abNoVisitors: "Încă nu sunt vizitatori",
    abNeedBoth: "Introduceți vizitatorii ambelor variante ca să le comparați.",
    abFix: "Corectați valoarea marcată mai sus ca să vedeți comparația.",
    abBetter: (winner, loser, d, lvl, lo, hi) => `${winner} convertește mai bine decât ${loser}: ${d} ${roPoints(d)} (interval de ${lvl}: de la ${lo} la ${hi}).`,
    abChanceSentence: (winner, p) => `Șansa ca ${winner} să fie cu adevărat mai bună este de ${p}.`,
    abUnclear: (lo, hi) => `Încă nu sunt suficiente dovezi: diferența poate fi oriunde între ${lo} și ${hi} ${roPoints(hi)}.`,
    abChanceB: (p) => `Șansa ca B să fie mai bună este de ${p}.`,
    abLiftValue: (v, lo, hi) => (lo === null ? v : `${v} (de la ${lo} la ${hi})`),
    abLossValue: (a, b) => `${a} / ${b} ${roPoints(b)}`,
    abChartAlt: (d, lo, hi) => `Grafic: B − A este de ${d} ${roPoints(d)}, cu intervalul de la ${lo} la ${hi}; linia verticală înseamnă nicio diferență.`,
    healthIntro: "Construiți un scor de sănătate a clienților: alegeți măsurile, cum este punctată și ponderată fiecare, și vedeți pentru fiecare cont scorul, categoria, tendința și ce l-a format, pornind de la un CSV de conturi.",
    healthSpecTitle: "Definiția scorului",
    healthAddGroup: "Adăugați un grup",
    healthJson: "Definiția în JSON",
    healthJsonLabel: "Definiția ca JSON (editabilă)",
    healthJsonInvalid: (m) => `JSON invalid: ${m}`,
    healthJsonNotObject: "Definiția trebuie să fie un obiect JSON.",
    healthDrop: "Trageți aici un CSV de conturi sau alegeți unul",
    healthPaste: "Conturi în format CSV",
    healthExample: "Folosiți exemplul",
    healthPortfolio: "Portofoliu",
    healthGroup: (n) => `Grupul ${n}`,
    healthGroupName: "Numele grupului",
    healthGroupWeight: "Ponderea grupului",
    healthRemoveGroup: (name) => `Eliminați grupul ${name}`,
    healthMeasure: (n) => `Măsura ${n}`,
    healthMeasureName: "Nume",
    healthColumn: "Coloană",
    healthWeight: "Pondere",
    healthScoring: "Punctare",
    healthTypes: { thresholds: "Praguri", ranges: "Intervale", linear: "Liniară", percentile: "Percentilă" },
    healthDirection: "Mai bine când valoarea e",
    healthHigher: "mai mare",
    healthLower: "mai mică",
    healthGood: (lower) => (lower ? "Bun până la" : "Bun de la"),
    healthPoor: (lower) => (lower ? "Slab de la" : "Slab până la"),
    healthLinearMin: (lower) => (lower ? "100 de puncte la" : "0 puncte la"),
    healthLinearMax: (lower) => (lower ? "0 puncte la" : "100 de puncte la"),
    healthRangeFrom: "De la",
    healthRangeTo: "Până sub",
    healthRangeUpper: (i) => `Limita superioară a intervalului ${i}`,
    healthRangePoints: "Puncte",
    healthRangePointsOf: (i) => `Punctele intervalului ${i}`,
    healthAddRange: "Adăugați un interval",
    healthRemoveRange: (i) => `Eliminați intervalul ${i}`,
    healthPercentileNote: "Punctată după poziția printre conturile care au o valoare (0–100).",
    healthAddMeasure: "Adăugați o măsură",
    healthRemoveMeasure: (name) => `Eliminați măsura ${name}`,
    healthOptions: "Opțiuni",
    healthIdColumn: "Coloana contului",
    healthNone: "(niciuna)",
    healthMissing: "Valori lipsă",
    healthMissingModes: { renormalize: "Omise, cu ponderile recalculate", zero: "Numărate ca 0 puncte", neutral: "Numărate ca scor neutru" },
    healthNeutral: "Scor neutru",
    healthMinCoverage: "Acoperire minimă (0–1)",
    healthBandFrom: (label) => `${label} de la`,
    healthTrendColumn: "Coloana scorului anterior",
    healthEpsilon: "Stabil în limita a ±",
    healthErrors: (n) => roPlural(n, "1 problemă în definiție:", `${n} probleme în definiție:`, `${n} de probleme în definiție:`),
    healthFixSpec: "Corectați definiția ca să vedeți scorurile.",
    healthLoading: "Se încarcă…",
    healthUnavailable: "Această versiune a cx-metrics nu are scoruri de sănătate.",
    healthNeed: "CSV-ul are nevoie de un rând de antet și de cel puțin un cont.",
    healthRead: (n, ms) => `${n} ${roPlural(n, "cont citit", "conturi citite", "de conturi citite")}, calculat în ${ms} ms.`,
    healthAccount: "Cont",
    healthScore: "Scor",
    healthTrend: "Tendință",
    healthCoverage: "Acoperire",
    healthContributions: "Contribuții",
    healthTrendWords: { up: "în creștere", flat: "stabilă", down: "în scădere" },
    healthTrendLabel: (word, prev) => (prev === null ? `Tendință: ${word}` : `Tendință: ${word} (scorul anterior ${prev})`),
    healthMissingValue: "lipsă",
    healthPointsOf: (measure, points) => `${measure} ${points} pct.`,
    healthOverridden: "scor manual",
    healthNoScore: "fără scor",
    healthSummary: (accounts, scored, avg, median) =>
      `${accounts} ${roPlural(accounts, "cont", "conturi", "de conturi")}, ${scored} cu scor.` + (avg === null ? "" : ` Scor mediu ${avg}, mediana ${median}.`),
    healthBandShare: (label, count, share) => `${label}: ${count} (${share})`,
    healthDistAlt: (parts) => `Conturi pe categorii: ${parts}.`,
    healthDefault: { usage: "Utilizare", support: "Suport", sentiment: "Sentiment", logins: "Autentificări", seats: "Licențe", tickets: "Tichete", nps: "NPS", red: "roșu", yellow: "galben", green: "verde" },
    slaIntro: "Când expiră termenul unui tichet? Descrieți programul de lucru, introduceți când a sosit tichetul și ținta SLA în ore lucrătoare: termenul sare peste nopți, weekenduri și sărbători legale, în fusul orar pe care îl alegeți.",
    slaCalendarTitle: "Program de lucru",
    slaTimeZone: "Fus orar",
    slaDays: "Zile lucrătoare",
    slaMon: "lun",
    slaTue: "mar",
    slaWed: "mie",
    slaThu: "joi",
    slaFri: "vin",
    slaSat: "sâm",
    slaSun: "dum",
    slaHours: "Ore de program",
    slaTo: "până la",
    slaAnd: "și",
    slaOpens: "Se deschide la",
    slaCloses: "Se închide la",
    slaOpensAgain: "Se redeschide la",
    slaClosesAgain: "Se închide din nou la",
    slaHoursHint: "Același program în toate zilele lucrătoare. Lăsați al doilea interval gol pentru unul singur; un interval care se termină înainte să înceapă trece de miezul nopții.",
    slaNight: "Tură de noapte: și 22:00–06:00 după fiecare zi lucrătoare",
    slaCountry: "Sărbători legale",
    slaNoCountry: "Niciuna",
    slaTicketTitle: "Tichet",
    slaCreated: "Creat la",
    slaTarget: "Ținta SLA, în ore lucrătoare",
    slaResultTitle: "Când expiră termenul",
    slaDate: (weekday, day, month, year) => `${weekday}, ${day} ${month}${year ? ` ${year}` : ""}`,
    slaDateTime: (date, time) => `${date}, ora ${time}`,
    slaDue: (when, zone) => `Termen: ${when} (${zone})`,
    slaElapsed: (d) => `Adică la ${d} după crearea tichetului.`,
    slaNeedCreated: "Introduceți când a fost creat tichetul.",
    slaNeedTarget: "Introduceți ținta SLA în ore lucrătoare (un număr).",
    slaNowIn: (when) => `Acum (${when}) este în programul de lucru.`,
    slaNowOut: (when) => `Acum (${when}) este în afara programului de lucru.`,
    slaNextClose: (when) => `Următoarea închidere: ${when}.`,
    slaNextOpen: (when) => `Următoarea deschidere: ${when}.`,
    slaNoClose: "Nicio închidere în următorii 100 de ani.",
    slaNoOpen: "Nicio deschidere în următorii 100 de ani.",
    slaWeekTitle: "Cele 7 zile de la crearea tichetului",
    slaOpenHours: (list) => `deschis ${list}`,
    slaClosed: "închis",
    slaHolidayAlt: (name) => `sărbătoare legală (${name})`,
    slaCreatedAt: (time) => `Creat la ${time}.`,
    slaDueAt: (time) => `Termen la ${time}.`,
    slaCreatedFlag: "creat",
    slaDueFlag: "termen",
    slaLegend: "Fiecare bară este o zi, de la 00:00 la 24:00 în fusul orar ales; părțile colorate sunt orele de program.",
    slaDueLater: "Termenul cade după aceste 7 zile.",
    slaHolidaysTitle: "Sărbători legale în aceste zile",
    slaNoHolidaysHere: "Niciuna în aceste zile.",
    slaNoCountryChosen: "Alegeți o țară ca să închideți în sărbătorile ei legale.",
    slaObserved: (name) => `${name} (zi liberă compensatorie)`,
    slaLoading: "Se încarcă…",
    segmentsIntro: "Trageți sau lipiți un CSV cu răspunsurile la sondaj (o dată, un segment și un scor de la 0 la 10 pe fiecare rând): vedeți NPS-ul fiecărui segment, lună de lună, cu intervalul său, și ce schimbări sunt reale.",
    segmentsDrop: "Trageți aici un fișier CSV sau alegeți unul",
    segmentsPaste: "Lipiți CSV",
    segmentsExample: "Folosiți un exemplu",
    segmentsDate: "Coloana de dată",
    segmentsSegment: "Coloana de segment",
    segmentsScore: "Coloana de scor",
    segmentsEvery: "Perioadă",
    month: "Lună",
    quarter: "Trimestru",
    week: "Săptămână",
    segmentsExport: "Exportați CSV",
    segmentsLegend: "Celule: NPS, cu intervalul de 95\u00a0% dedesubt. ▲ / ▼: o schimbare față de perioada anterioară, semnificativă statistic (Benjamini–Hochberg, rată a descoperirilor false de 5\u00a0%). Linia de la capătul fiecărui rând arată tendința segmentului.",
    segmentsRead: (rows, groups, skipped, ms) =>
      `${rows} ${roPlural(rows, "răspuns", "răspunsuri", "de răspunsuri")} în ${groups} ${roPlural(groups, "segment", "segmente", "de segmente")}${skipped ? `; ${skipped} ${roPlural(skipped, "rând exclus (invalid)", "rânduri excluse (invalide)", "de rânduri excluse (invalide)")}` : ""}. Calculat în ${ms} ms.`,
    segmentsNeed: "Fișierul are nevoie de un rând de antet cu o coloană de dată, una de segment și una de scor.",
    segmentsTrend: "tendință",
    segmentsSegmentHead: "Segment",
    segmentsTotal: "Toate perioadele",
    compareIntro: "Scorul s-a schimbat cu adevărat sau e doar zgomot? Introduceți două perioade, ca scoruri sau ca totaluri: diferența este testată pentru semnificație statistică.",
    periodA: "Perioada A",
    periodB: "Perioada B",
    verdictTitle: "Perioada B comparată cu perioada A",
    points: "puncte",
    csatIntro: "Satisfacția clienților: ponderea răspunsurilor cu cele mai mari note (4 și 5 pe o scală de la 1 la 5, implicit).",
    cesIntro: "Efortul clientului: răspunsul mediu și ponderile răspunsurilor ușoare și dificile (pe o scală de la 1 la 7 în care 7 este cel mai ușor, implicit).",
    embedTitle: "Puneți calculatorul pe propria pagină",
    embedText: "Un import și o etichetă. Elementul se adaptează la lățimea pe care o primește, vorbește engleză, portugheză, spaniolă, italiană și română, preia culorile dumneavoastră prin proprietăți CSS personalizate și emite un eveniment change cu rezultatul.",
    footer: "NPS, CSAT și CES calculate de cx-metrics, un motor în Rust compilat în WebAssembly. Intervale: Wald ajustat (NPS), Wilson (CSAT), t Student (CES).",
    needBoth: "Introduceți scoruri sau totaluri pentru ambele perioade ca să le comparați.",
    rose: (d, a, b) => `De la A la B, NPS-ul a crescut cu ${d} ${roPoints(d)} (${a} → ${b}).`,
    fell: (d, a, b) => `De la A la B, NPS-ul a scăzut cu ${d} ${roPoints(d)} (${a} → ${b}).`,
    same: (a) => `NPS-ul este același în ambele perioade (${a}).`,
    significant: (lvl, p) => `Diferența este semnificativă statistic la nivelul de ${lvl} (${p}): este puțin probabil să fie întâmplătoare.`,
    notSignificant: (lvl, p) =>
      `Diferența nu este semnificativă statistic la nivelul de ${lvl} (${p}): poate fi întâmplătoare. Mai multe răspunsuri ar lămuri.`,
    untestable: "Niciuna dintre perioade nu are variație în răspunsuri, așa că semnificația nu poate fi testată.",
    interval: (lvl, lo, hi) => `Cu o încredere de ${lvl}, variația reală este între ${lo} și ${hi} ${roPoints(hi)}.`,
    chartAlt: (d, lo, hi) => `Grafic: variația este de ${d} ${roPoints(d)}, cu intervalul de la ${lo} la ${hi}; linia verticală înseamnă nicio variație.`,
    badgeYes: "Semnificativă",
    badgeNo: "Nesemnificativă",
  },
};

const $ = (id) => document.getElementById(id);
const calculators = [...document.querySelectorAll("nps-calculator, csat-calculator, ces-calculator")];
const periodA = $("period-a");
const periodB = $("period-b");
let lang = "en";

// ------------------------------------------------------------------ language

function setLanguage(next, remember = false) {
  lang = next;
  const t = TEXT[lang];
  document.documentElement.lang = { pt: "pt-BR", ro: "ro" }[lang] ?? "en";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t[el.dataset.i18n];
  for (const el of document.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t[el.dataset.i18nLabel]);
  for (const b of document.querySelectorAll("[data-lang]")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  periodA.setAttribute("label", t.periodA);
  periodB.setAttribute("label", t.periodB);
  for (const el of calculators) el.setAttribute("lang", lang);
  document.title = `${t.title} · cx-metrics`;
  if (remember) rememberLanguage(lang);
  compare();
  ab.render();
  health.render();
  sla.render();
  segments.render();
}

for (const b of document.querySelectorAll("[data-lang]")) {
  b.addEventListener("click", () => setLanguage(b.dataset.lang, true));
}

// ------------------------------------------------------------------ tabs

const tabs = [...document.querySelectorAll('.tabs [role="tab"]')];

function selectTab(tab, { focus = false, updateHash = true } = {}) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute("aria-controls")).hidden = !on;
  }
  if (focus) tab.focus();
  // On a narrow screen the row of tabs scrolls: keep the selected one in it.
  const row = tab.parentElement;
  const [r, box] = [tab.getBoundingClientRect(), row.getBoundingClientRect()];
  if (r.left < box.left || r.right > box.right) row.scrollLeft += r.left - box.left - 8;
  if (updateHash) history.replaceState(null, "", `#${tab.id.slice(4)}`);
  compare();
  ab.render();
  if (!$("panel-health").hidden) health.show();
  if (!$("panel-sla").hidden) sla.show();
  if (!$("panel-segments").hidden) segments.show();
}

tabs.forEach((tab, i) => {
  tab.addEventListener("click", () => selectTab(tab));
  tab.addEventListener("keydown", (e) => {
    const j = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (j === undefined) return;
    e.preventDefault();
    selectTab(tabs[(j + tabs.length) % tabs.length], { focus: true });
  });
});

function tabFromHash() {
  const tab = $(`tab-${location.hash.slice(1)}`);
  if (tab && tabs.includes(tab)) selectTab(tab, { updateHash: false });
}
window.addEventListener("hashchange", tabFromHash);

// ------------------------------------------------------------------ comparison

/**
 * A difference and its interval on an axis around zero: a dot for the
 * difference, a bar for the interval, a line at 0 (no difference). Drawn as
 * SVG with attributes only (no inline style), so the page keeps a strict
 * CSP. `d` is { value, low, high, significant } in points, or null to clear.
 */
function drawInterval(svg, d, label, fmt) {
  if (!d) {
    svg.replaceChildren();
    svg.removeAttribute("aria-label");
    return;
  }
  const reach = Math.max(Math.abs(d.low), Math.abs(d.high), Math.abs(d.value), 5);
  const step = reach <= 10 ? 5 : reach <= 25 ? 10 : reach <= 50 ? 25 : 50;
  const max = Math.min(200, Math.ceil(reach / step) * step);
  const W = 600;
  const x = (v) => 30 + ((v + max) / (2 * max)) * (W - 60);
  const ns = "http://www.w3.org/2000/svg";
  const el = (name, attrs, text) => {
    const e = document.createElementNS(ns, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const parts = [el("line", { x1: x(-max), x2: x(max), y1: 40, y2: 40, class: "axis" })];
  for (let v = -max; v <= max; v += step) {
    parts.push(el("line", { x1: x(v), x2: x(v), y1: 36, y2: 44, class: v === 0 ? "zero" : "tick" }));
    parts.push(el("text", { x: x(v), y: 62, "text-anchor": "middle" }, fmt(v)));
  }
  parts.push(el("line", { x1: x(0), x2: x(0), y1: 8, y2: 48, class: "zero" }));
  const tone = d.significant ? "sig" : "nsig";
  parts.push(el("line", { x1: x(d.low), x2: x(d.high), y1: 24, y2: 24, class: `ci ${tone}` }));
  parts.push(el("circle", { cx: x(d.value), cy: 24, r: 7, class: `dot ${tone}` }));
  svg.replaceChildren(...parts);
  svg.setAttribute("aria-label", label);
}

/** The change between the periods on the comparison tab. */
function drawDifference(c, t, fmt) {
  const ci = c.confidenceInterval;
  drawInterval(
    $("diff-chart"),
    ci && { value: c.difference, low: ci.low, high: ci.high, significant: c.significant },
    ci ? t.chartAlt(fmt(c.difference), fmt(ci.low), fmt(ci.high)) : "",
    fmt,
  );
}

function compare() {
  // The comparison is worked out when its tab is shown (its calculators are
  // built when the browser is idle, after the first one is on screen).
  if ($("panel-compare").hidden) return;
  const t = TEXT[lang];
  const a = periodA.result;
  const b = periodB.result;
  const delta = $("delta");
  const badge = $("badge");
  const text = $("verdict-text");
  const ci = $("verdict-ci");
  if (!a || !b || a.score === null || b.score === null) {
    delta.textContent = "—";
    badge.hidden = true;
    text.textContent = t.needBoth;
    ci.textContent = "";
    drawDifference({ confidenceInterval: null }, t, String);
    return;
  }
  // Period B against period A: difference = NPS(B) − NPS(A), at the
  // periods' confidence level when both use the same one (else 95%).
  const la = periodA.confidence;
  const confidence = la === periodB.confidence && la > 0 && la < 1 ? la : 0.95;
  const c = npsCompare(b, a, { confidence });
  const nf = (o) => new Intl.NumberFormat(t.locale, o);
  const one = nf({ maximumFractionDigits: 1 });
  const signed = nf({ maximumFractionDigits: 1, signDisplay: "exceptZero" });
  const level = nf({ style: "percent" }).format(c.level);
  delta.textContent = signed.format(c.difference);
  const d = one.format(Math.abs(c.difference));
  const sentence = [
    c.difference > 0
      ? t.rose(d, one.format(a.score), one.format(b.score))
      : c.difference < 0
        ? t.fell(d, one.format(a.score), one.format(b.score))
        : t.same(one.format(a.score)),
  ];
  if (c.significant === null) {
    sentence.push(t.untestable);
    badge.hidden = true;
  } else {
    const p =
      c.pValue < 0.001
        ? `p < ${nf({ maximumFractionDigits: 3 }).format(0.001)}`
        : `p = ${nf({ maximumSignificantDigits: 2 }).format(c.pValue)}`;
    sentence.push(c.significant ? t.significant(level, p) : t.notSignificant(level, p));
    badge.hidden = false;
    badge.textContent = c.significant ? t.badgeYes : t.badgeNo;
    badge.className = `badge ${c.significant ? "yes" : "no"}`;
  }
  text.textContent = sentence.join(" ");
  drawDifference(c, t, (v) => signed.format(v));
  ci.textContent = c.confidenceInterval
    ? t.interval(level, signed.format(c.confidenceInterval.low), signed.format(c.confidenceInterval.high))
    : "";
}

periodA.addEventListener("change", compare);
periodB.addEventListener("change", compare);

// A file dropped next to a calculator must not make the browser leave the page.
for (const type of ["dragover", "drop"]) window.addEventListener(type, (e) => e.preventDefault());

// ------------------------------------------------------------------ A/B test

// Two conversion rates, B against A, by compareRates; each side's rate and
// Wilson interval by conversionRate. Recomputed on every keystroke.
const ab = (() => {
  const sides = ["a", "b"];
  const input = (side, what) => $(`ab-${side}-${what}`);
  // A side without visitors is valid (0 of 0): checking one side against it
  // gives that side's own error, with its field named a.… or b.….
  const EMPTY = { successes: 0, trials: 0 };

  /** A typed count: a number when it reads as one, else the text as typed (the engine names it in its message). */
  const readCount = (raw) => {
    let s = raw.trim().replace(/[\s\u00a0\u202f_]/g, "").replace(/^[−–]/, "-");
    if (s === "") return "";
    const grouped = lang === "en" ? /^\d{1,3}(,\d{3})+$/ : /^\d{1,3}(\.\d{3})+$/; // 1,000 in English; 1.000 in pt-BR and ro-RO
    if (grouped.test(s)) s = s.replace(/[.,]/g, "");
    else if (/^[+-]?\d+,\d+$/.test(s)) s = s.replace(",", ".");
    return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s) ? Number(s) : raw.trim();
  };

  const sideError = (side, counts) => {
    try {
      compareRates(side === "a" ? counts : EMPTY, side === "a" ? EMPTY : counts);
    } catch (e) {
      return e;
    }
    return null;
  };

  const showError = (side, e) => {
    const box = $(`ab-${side}-error`);
    for (const what of ["trials", "successes"]) input(side, what).removeAttribute("aria-invalid");
    if (!e) {
      box.hidden = true;
      box.textContent = "";
      return;
    }
    box.hidden = false;
    box.textContent = e.message;
    // The field at fault: a.successes, b.trials, or the whole side.
    const field = String(e.field ?? "");
    const at = field.endsWith(".successes") ? ["successes"] : field.endsWith(".trials") ? ["trials"] : ["trials", "successes"];
    for (const what of at) input(side, what).setAttribute("aria-invalid", "true");
  };

  const clearVerdict = (message) => {
    $("ab-delta").textContent = "—";
    $("ab-badge").hidden = true;
    $("ab-verdict-text").textContent = message;
    for (const id of ["ab-chance", "ab-lift", "ab-p", "ab-loss"]) $(id).textContent = "—";
    drawInterval($("ab-chart"), null, "", String);
  };

  function render() {
    if ($("panel-ab").hidden) return;
    const t = TEXT[lang];
    const nf = (o) => new Intl.NumberFormat(t.locale, o);
    const int = nf({ maximumFractionDigits: 0 });
    const pct1 = nf({ style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const ratePct = (v) => pct1.format(v / 100);
    const signed1 = nf({ minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" });
    const chance = (p) => (p > 0.999 ? `> ${pct1.format(0.999)}` : p < 0.001 ? `< ${pct1.format(0.001)}` : pct1.format(p));

    const counts = {};
    let valid = true;
    for (const side of sides) {
      const c = { successes: readCount(input(side, "successes").value), trials: readCount(input(side, "trials").value) };
      counts[side] = c;
      let rate = null;
      let error = null;
      try {
        rate = conversionRate(c);
      } catch (e) {
        error = sideError(side, c) ?? e;
      }
      showError(side, error);
      const value = $(`ab-${side}-rate`);
      const detail = $(`ab-${side}-detail`);
      if (error) {
        valid = false;
        value.textContent = "—";
        detail.textContent = "";
      } else if (rate.rate === null) {
        value.textContent = "—";
        detail.textContent = t.abNoVisitors;
      } else {
        const ci = rate.confidenceInterval;
        value.textContent = ratePct(rate.rate);
        detail.textContent = t.abRateDetail(int.format(rate.conversions), int.format(rate.visitors), ratePct(ci.low), ratePct(ci.high));
      }
    }
    if (!valid) return clearVerdict(t.abFix);
    let c;
    try {
      c = compareRates(counts.a, counts.b);
    } catch (e) {
      return clearVerdict(e.message);
    }
    if (c.difference === null || !c.differenceInterval) return clearVerdict(t.abNeedBoth);

    const ci = c.differenceInterval;
    const level = nf({ style: "percent" }).format(c.level);
    $("ab-delta").textContent = signed1.format(c.difference);
    const badge = $("ab-badge");
    badge.hidden = c.significant === null;
    badge.textContent = c.significant ? t.badgeYes : t.badgeNo;
    badge.className = `badge ${c.significant ? "yes" : "no"}`;
    const p = c.probabilityBBeatsA;
    const sentence = [];
    if (c.significant) {
      const bWins = c.difference > 0;
      const [winner, loser] = bWins ? ["B", "A"] : ["A", "B"];
      sentence.push(t.abBetter(winner, loser, signed1.format(c.difference), level, signed1.format(ci.low), signed1.format(ci.high)));
      if (p !== null) sentence.push(t.abChanceSentence(winner, chance(bWins ? p : 1 - p)));
    } else {
      sentence.push(t.abUnclear(signed1.format(ci.low), signed1.format(ci.high)));
      if (p !== null) sentence.push(t.abChanceB(chance(p)));
    }
    $("ab-verdict-text").textContent = sentence.join(" ");
    drawInterval(
      $("ab-chart"),
      { value: c.difference, low: ci.low, high: ci.high, significant: c.significant },
      t.abChartAlt(signed1.format(c.difference), signed1.format(ci.low), signed1.format(ci.high)),
      (v) => nf({ maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(v),
    );
    $("ab-chance").textContent = p === null ? "—" : chance(p);
    const lift = c.relativeLift;
    const li = c.relativeLiftInterval;
    const liftPct = (v) => nf({ style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(v / 100);
    $("ab-lift").textContent = lift === null ? "—" : t.abLiftValue(liftPct(lift), li ? liftPct(li.low) : null, li ? liftPct(li.high) : null);
    $("ab-p").textContent =
      c.pValue === null ? "—" : c.pValue < 0.001 ? `< ${nf({ maximumFractionDigits: 3 }).format(0.001)}` : nf({ maximumSignificantDigits: 2 }).format(c.pValue);
    const loss = nf({ maximumFractionDigits: 2 });
    $("ab-loss").textContent = c.expectedLoss ? t.abLossValue(loss.format(c.expectedLoss.a), loss.format(c.expectedLoss.b)) : "—";
  }

  for (const side of sides) for (const what of ["trials", "successes"]) input(side, what).addEventListener("input", render);
  return { render };
})();

// ------------------------------------------------------------------ health scores

// A health score playground: a form that writes a healthScores spec, a CSV
// of accounts read into columns, validateHealthSpec's errors next to the
// fields they name, and the scores with their bands, trends and
// contributions. The table module is loaded when the tab is first shown.
const health = (() => {
  let api = null; // a promise of the table module
  let mod = null; // the module, once loaded
  let spec = null; // the spec being edited (plain JSON)
  let data = null; // { header, columns, n } from the CSV
  let outcome = null; // { result, ms } | { invalid } | { error }
  let uid = 0;
  const form = $("health-form");
  const PALETTE = ["#4338ca", "#0891b2", "#d97706", "#be185d", "#059669", "#7c3aed", "#64748b", "#b45309"];

  const EXAMPLE = [
    "account,logins30d,seatUse,tickets90d,nps,previousScore",
    "Acme Corp,42,0.92,1,9,80",
    "Globex,18,0.71,4,8,56",
    "Initech,6,0.35,12,3,52",
    '"Umbrella, Ltd",25,0.88,2,,70',
    "Hooli,3,0.15,8,2,40",
    "Stark Industries,30,0.8,6,10,75",
    "Wayne Enterprises,22,0.6,9,7,66",
    "Soylent,,0.4,,,35",
  ].join("\n");

  const defaultSpec = () => {
    const d = TEXT[lang].healthDefault;
    return {
      id: "account",
      groups: [
        {
          name: d.usage,
          weight: 40,
          measures: [
            { name: d.logins, column: "logins30d", weight: 2, scoring: { type: "thresholds", good: 20, poor: 5 } },
            { name: d.seats, column: "seatUse", weight: 1, scoring: { type: "linear", min: 0.2, max: 0.9 } },
          ],
        },
        {
          name: d.support,
          weight: 30,
          measures: [
            {
              name: d.tickets,
              column: "tickets90d",
              weight: 1,
              scoring: { type: "ranges", ranges: [{ max: 3, points: 100 }, { min: 3, max: 10, points: 50 }, { min: 10, points: 0 }] },
            },
          ],
        },
        { name: d.sentiment, weight: 30, measures: [{ name: d.nps, column: "nps", weight: 1, scoring: { type: "percentile" } }] },
      ],
      missing: "renormalize",
      minCoverage: 0.5,
      bands: [
        { label: d.red, color: "#d64545", min: 0, max: 50 },
        { label: d.yellow, color: "#e6b800", min: 50, max: 75 },
        { label: d.green, color: "#2e9e5b", min: 75, max: 100 },
      ],
      trend: { column: "previousScore", epsilon: 1 },
    };
  };

  // ---------------------------------------------------------------- paths

  const keys = (path) => (path.match(/[^.[\]]+/g) ?? []).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  const getPath = (path) => keys(path).reduce((o, k) => (o == null ? undefined : o[k]), spec);
  const setPath = (path, value) => {
    const ks = keys(path);
    let o = spec;
    for (let i = 0; i < ks.length - 1; i++) {
      if (o[ks[i]] == null || typeof o[ks[i]] !== "object") o[ks[i]] = typeof ks[i + 1] === "number" ? [] : {};
      o = o[ks[i]];
    }
    if (value === undefined) delete o[ks.at(-1)];
    else o[ks.at(-1)] = value;
  };
  const list = (v) => (Array.isArray(v) ? v : []);

  // ---------------------------------------------------------------- numbers

  /** A typed number: a number when it reads as one, nothing when blank, else the text (the validator names it). */
  const readNumber = (raw) => {
    const s = raw.trim().replace(/^[−–]/, "-");
    if (s === "") return undefined;
    const t = /^[+-]?\d*,\d+$/.test(s) ? s.replace(",", ".") : s;
    return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : raw.trim();
  };
  const showNumber = (v) => (v === undefined || v === null ? "" : typeof v === "number" && lang !== "en" ? String(v).replace(".", ",") : String(v));

  /** The numbers of a CSV column, sorted. */
  const columnValues = (name) => {
    const cells = data?.columns[name] ?? [];
    const out = [];
    for (const c of cells) {
      const v = readNumber(String(c));
      if (typeof v === "number" && Number.isFinite(v)) out.push(v);
    }
    return out.sort((a, b) => a - b);
  };
  const nice = (v) => Number(v.toPrecision(2));
  const quantile = (sorted, q) => {
    if (!sorted.length) return null;
    const x = (sorted.length - 1) * q;
    const lo = Math.floor(x);
    return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (x - lo);
  };

  /** Starting parameters of a scoring type, from the column's values. */
  const scoringFor = (type, column, lower) => {
    const v = columnValues(column);
    const q1 = v.length ? nice(quantile(v, 0.25)) : 25;
    let q3 = v.length ? nice(quantile(v, 0.75)) : 75;
    if (!(q3 > q1)) q3 = nice(q1 + Math.max(1, Math.abs(q1) / 2)); // good and poor, min and max must differ
    const lo = v.length ? v[0] : 0;
    const hi = v.length ? v.at(-1) : 100;
    switch (type) {
      case "thresholds":
        return lower ? { type, good: q1, poor: q3 } : { type, good: q3, poor: q1 };
      case "linear":
        return { type, min: lo, max: hi > lo ? hi : lo + 1 };
      case "ranges":
        return { type, ranges: [{ max: q1, points: 0 }, { min: q1, max: q3, points: 50 }, { min: q3, points: 100 }] };
      default:
        return { type };
    }
  };

  // ---------------------------------------------------------------- the form

  const h = (tag, attrs = {}, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : String(v));
    e.append(...kids.filter((k) => k !== null && k !== undefined));
    return e;
  };
  const field = (label, control, cls = "") => {
    control.id ||= `hf-${++uid}`;
    return h("div", { class: `hfield ${cls}`.trim() }, h("label", { for: control.id }, label), control);
  };
  const numberInput = (path, attrs = {}) => {
    const el = h("input", { type: "text", inputmode: "decimal", autocomplete: "off", spellcheck: "false", "data-path": path, "data-kind": "number", ...attrs });
    el.value = showNumber(getPath(path));
    return el;
  };
  const textInput = (path) => {
    const el = h("input", { type: "text", autocomplete: "off", spellcheck: "false", "data-path": path, "data-kind": "text" });
    const v = getPath(path);
    el.value = v == null ? "" : String(v);
    return el;
  };
  const select = (path, kind, options, value) => {
    const el = h("select", { "data-path": path, "data-kind": kind });
    const opts = [...options];
    if (value !== undefined && value !== null && !opts.some(([v]) => v === String(value))) opts.push([String(value), String(value)]);
    el.append(...opts.map(([v, label]) => new Option(label, v)));
    el.value = value === undefined || value === null ? (opts[0]?.[0] ?? "") : String(value);
    return el;
  };
  const button = (label, action, attrs = {}) => h("button", { type: "button", class: "secondary small", "data-action": action, ...attrs }, label);
  const columns = () => (data?.header ?? []).map((c) => [c, c]);

  function measureFieldset(m, gi, mi) {
    const t = TEXT[lang];
    const base = `groups[${gi}].measures[${mi}]`;
    const type = m?.scoring?.type;
    const lower = m?.direction === "lower";
    const name = m?.name ?? m?.column ?? "";
    const types = Object.entries(t.healthTypes);
    const row = h(
      "div",
      { class: "hrow" },
      field(t.healthMeasureName, textInput(`${base}.name`), "wide"),
      field(t.healthWeight, numberInput(`${base}.weight`), "narrow"),
    );
    const row2 = h(
      "div",
      { class: "hrow" },
      field(t.healthColumn, select(`${base}.column`, "column", columns(), m?.column)),
      field(t.healthScoring, select(`${base}.scoring.type`, "type", types, type)),
    );
    const params = h("div", { class: "hrow hparams", "data-path": `${base}.scoring` });
    if (type !== "ranges") params.append(field(t.healthDirection, select(`${base}.direction`, "direction", [["higher", t.healthHigher], ["lower", t.healthLower]], lower ? "lower" : "higher")));
    if (type === "thresholds") {
      params.append(field(t.healthGood(lower), numberInput(`${base}.scoring.good`), "narrow"), field(t.healthPoor(lower), numberInput(`${base}.scoring.poor`), "narrow"));
    } else if (type === "linear") {
      params.append(field(t.healthLinearMin(lower), numberInput(`${base}.scoring.min`), "narrow"), field(t.healthLinearMax(lower), numberInput(`${base}.scoring.max`), "narrow"));
    } else if (type === "ranges") {
      // A range starts where the one before ends: only upper limits and points are typed.
      const ranges = list(m.scoring.ranges);
      const rows = ranges.map((r, ri) => {
        const rp = `${base}.scoring.ranges[${ri}]`;
        const last = ri === ranges.length - 1;
        return h(
          "tr",
          { "data-path": rp },
          h("td", {}, r?.min === undefined ? "—" : showNumber(r.min)),
          h("td", {}, last ? "—" : numberInput(`${rp}.max`, { "aria-label": t.healthRangeUpper(ri + 1), "data-kind": "range-max", class: "narrow" })),
          h("td", {}, numberInput(`${rp}.points`, { "aria-label": t.healthRangePointsOf(ri + 1), class: "narrow" })),
          h("td", {}, ranges.length > 1 ? button("×", "remove-range", { "data-g": gi, "data-m": mi, "data-r": ri, "aria-label": t.healthRemoveRange(ri + 1), title: t.healthRemoveRange(ri + 1) }) : null),
        );
      });
      const head = h("tr", {}, h("th", { scope: "col" }, t.healthRangeFrom), h("th", { scope: "col" }, t.healthRangeTo), h("th", { scope: "col" }, t.healthRangePoints), h("td", {}));
      params.append(h("div", { class: "hranges" }, h("table", { class: "hrange-table" }, h("thead", {}, head), h("tbody", {}, ...rows)), button(t.healthAddRange, "add-range", { "data-g": gi, "data-m": mi })));
    } else if (type === "percentile") {
      params.append(h("p", { class: "muted" }, t.healthPercentileNote));
    }
    return h(
      "fieldset",
      { class: "hmeasure", "data-path": base },
      h("legend", {}, t.healthMeasure(mi + 1)),
      button("×", "remove-measure", { "data-g": gi, "data-m": mi, "aria-label": t.healthRemoveMeasure(name), title: t.healthRemoveMeasure(name), class: "secondary small corner" }),
      row,
      row2,
      params,
    );
  }

  function groupFieldset(g, gi) {
    const t = TEXT[lang];
    const name = g?.name ?? "";
    return h(
      "fieldset",
      { class: "hgroup", "data-path": `groups[${gi}]` },
      h("legend", {}, t.healthGroup(gi + 1)),
      button("×", "remove-group", { "data-g": gi, "aria-label": t.healthRemoveGroup(name), title: t.healthRemoveGroup(name), class: "secondary small corner" }),
      h("div", { class: "hrow" }, field(t.healthGroupName, textInput(`groups[${gi}].name`), "wide"), field(t.healthGroupWeight, numberInput(`groups[${gi}].weight`), "narrow")),
      h("div", { class: "hmeasures", "data-path": `groups[${gi}].measures` }, ...list(g?.measures).map((m, mi) => measureFieldset(m, gi, mi))),
      button(t.healthAddMeasure, "add-measure", { "data-g": gi }),
    );
  }

  function optionsFieldset() {
    const t = TEXT[lang];
    const none = ["", t.healthNone];
    const row = h(
      "div",
      { class: "hrow" },
      field(t.healthIdColumn, select("id", "optional", [none, ...columns()], spec.id ?? "")),
      field(t.healthMissing, select("missing", "structural", Object.entries(t.healthMissingModes), spec.missing ?? "renormalize")),
      spec.missing === "neutral" ? field(t.healthNeutral, numberInput("neutralScore"), "narrow") : null,
      field(t.healthMinCoverage, numberInput("minCoverage"), "narrow"),
    );
    const bands = list(spec.bands);
    const bandRow = h("div", { class: "hrow", "data-path": "bands" }, ...bands.slice(1).map((b, i) => field(t.healthBandFrom(b?.label ?? i + 2), numberInput(`bands[${i + 1}].min`, { "data-kind": "band-min" }), "narrow")));
    const trendRow = h(
      "div",
      { class: "hrow", "data-path": "trend" },
      field(t.healthTrendColumn, select("trend.column", "trend", [none, ...columns()], spec.trend?.column ?? "")),
      spec.trend ? field(t.healthEpsilon, numberInput("trend.epsilon"), "narrow") : null,
    );
    return h("fieldset", { class: "hoptions" }, h("legend", {}, t.healthOptions), row, bands.length > 1 ? bandRow : null, trendRow);
  }

  function renderForm() {
    if (!spec) return;
    const focused = document.activeElement;
    const keep = form.contains(focused) ? (focused.dataset.path ? `[data-path="${CSS.escape(focused.dataset.path)}"]` : null) : null;
    $("health-groups").replaceChildren(...list(spec.groups).map(groupFieldset));
    $("health-options").replaceChildren(optionsFieldset());
    if (keep) form.querySelector(keep)?.focus();
  }

  function syncJson() {
    const box = $("health-json");
    if (document.activeElement !== box) box.value = JSON.stringify(spec, null, 2);
  }

  /** A control's value into the spec; structural changes rebuild the form. */
  function apply(el) {
    const path = el.dataset.path;
    const kind = el.dataset.kind;
    let rebuild = false;
    switch (kind) {
      case "number":
      case "range-max":
      case "band-min": {
        const v = readNumber(el.value);
        setPath(path, v);
        if (kind === "range-max") {
          // The next range starts where this one ends.
          const m = /^(.*\.ranges)\[(\d+)\]\.max$/.exec(path);
          if (typeof v === "number" && getPath(`${m[1]}[${Number(m[2]) + 1}]`)) setPath(`${m[1]}[${Number(m[2]) + 1}].min`, v);
        }
        if (kind === "band-min") {
          // The band below ends where this one starts.
          const i = Number(/^bands\[(\d+)\]/.exec(path)[1]);
          if (typeof v === "number" && getPath(`bands[${i - 1}]`)) setPath(`bands[${i - 1}].max`, v);
        }
        break;
      }
      case "text":
      case "column":
        setPath(path, el.value);
        break;
      case "optional":
        setPath(path, el.value === "" ? undefined : el.value);
        break;
      case "structural":
        setPath(path, el.value);
        rebuild = true;
        break;
      case "trend":
        if (el.value === "") delete spec.trend;
        else spec.trend = { ...(spec.trend && typeof spec.trend === "object" ? spec.trend : { epsilon: 1 }), column: el.value };
        rebuild = true;
        break;
      case "direction": {
        const base = path.replace(/\.direction$/, "");
        setPath(path, el.value === "lower" ? "lower" : undefined);
        // Thresholds read the other way round: good and poor swap.
        const s = getPath(`${base}.scoring`);
        if (s?.type === "thresholds") [s.good, s.poor] = [s.poor, s.good];
        rebuild = true;
        break;
      }
      case "type": {
        const base = path.replace(/\.scoring\.type$/, "");
        const m = getPath(base);
        if (el.value === "ranges") delete m.direction;
        m.scoring = scoringFor(el.value, m.column, m.direction === "lower");
        rebuild = true;
        break;
      }
      default:
        return;
    }
    changed(rebuild);
  }

  function changed(rebuild) {
    if (rebuild) renderForm();
    syncJson();
    compute();
  }

  const unusedColumn = () => {
    const used = new Set(list(spec.groups).flatMap((g) => list(g?.measures).map((m) => m?.column)));
    const numeric = (data?.header ?? []).filter((c) => c !== spec.id && c !== spec.trend?.column && columnValues(c).length > 0);
    return numeric.find((c) => !used.has(c)) ?? numeric[0] ?? data?.header[0] ?? "";
  };
  const newMeasure = () => {
    const column = unusedColumn();
    return { name: column, column, weight: 1, scoring: { type: "percentile" } };
  };

  function act(b) {
    const g = Number(b.dataset.g);
    const m = Number(b.dataset.m);
    const r = Number(b.dataset.r);
    const groups = (spec.groups = list(spec.groups));
    let focus = null;
    switch (b.dataset.action) {
      case "add-group":
        groups.push({ name: TEXT[lang].healthGroup(groups.length + 1), weight: 20, measures: [newMeasure()] });
        focus = `groups[${groups.length - 1}].name`;
        break;
      case "remove-group":
        groups.splice(g, 1);
        focus = "#health-add-group";
        break;
      case "add-measure": {
        const ms = (groups[g].measures = list(groups[g].measures));
        ms.push(newMeasure());
        focus = `groups[${g}].measures[${ms.length - 1}].name`;
        break;
      }
      case "remove-measure":
        groups[g].measures.splice(m, 1);
        focus = `[data-action="add-measure"][data-g="${g}"]`;
        break;
      case "add-range": {
        const s = groups[g].measures[m].scoring;
        const rs = (s.ranges = list(s.ranges));
        const last = rs.at(-1) ?? { points: 0 };
        const start = typeof last.min === "number" ? last.min : 0;
        const split = start === 0 ? 1 : nice(start * 2);
        last.max = split;
        rs.push({ min: split, points: last.points ?? 0 });
        focus = `groups[${g}].measures[${m}].scoring.ranges[${rs.length - 2}].max`;
        break;
      }
      case "remove-range": {
        const rs = groups[g].measures[m].scoring.ranges;
        rs.splice(r, 1);
        // Contiguous again: no min on the first, each starts where the one before ends, no max on the last.
        rs.forEach((x, i) => {
          if (i === 0) delete x.min;
          else x.min = rs[i - 1].max;
        });
        if (rs.length) delete rs.at(-1).max;
        focus = `[data-action="add-range"][data-g="${g}"][data-m="${m}"]`;
        break;
      }
      default:
        return;
    }
    changed(true);
    const target = focus?.startsWith("#") || focus?.startsWith("[") ? form.querySelector(focus) : form.querySelector(`[data-path="${CSS.escape(focus ?? "")}"]`);
    target?.focus();
  }

  // ---------------------------------------------------------------- errors

  /** The control an error's path names, or the nearest part of the form that holds it. */
  const targetOf = (path) => {
    let p = String(path ?? "");
    while (p) {
      const el = form.querySelector(`[data-path="${CSS.escape(p)}"]`);
      if (el) return el;
      const shorter = p.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
      if (shorter === p) break;
      p = shorter;
    }
    return null;
  };

  function showErrors(errors) {
    for (const el of form.querySelectorAll(".error-row, .field-error.inline")) el.remove();
    for (const el of form.querySelectorAll("[data-path][aria-invalid]")) {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
    }
    const box = $("health-errors");
    box.hidden = errors.length === 0;
    $("health-errors-title").textContent = errors.length ? TEXT[lang].healthErrors(errors.length) : "";
    // Each problem: its path (a button that goes to the field it names) and the message.
    $("health-errors-list").replaceChildren(
      ...errors.map((e) => {
        const target = targetOf(e.path);
        const path = e.path ? (target ? h("button", { type: "button", class: "path", "data-goto": e.path }, h("code", {}, e.path)) : h("code", {}, e.path)) : null;
        return h("li", {}, path, path ? " " : null, e.message);
      }),
    );
    for (const e of errors) {
      const target = targetOf(e.path);
      if (!target) continue;
      const note = h("p", { class: "field-error inline", id: `he-${++uid}`, "data-error-path": e.path ?? "" }, e.message);
      if (target.matches("input, select, textarea")) {
        target.setAttribute("aria-invalid", "true");
        target.setAttribute("aria-describedby", [target.getAttribute("aria-describedby"), note.id].filter(Boolean).join(" "));
        const box = target.closest(".hfield");
        if (box) box.after(note);
        else target.parentElement.append(note); // a cell of the ranges
      } else if (target.tagName === "TR") {
        target.after(h("tr", { class: "error-row" }, h("td", { colspan: "4" }, note)));
      } else {
        target.append(note);
      }
    }
  }

  // ---------------------------------------------------------------- data

  function setCsv(text) {
    const { rows } = parseCsv(text);
    if (rows.length < 2) {
      data = null;
    } else {
      const header = rows[0].map((c, i) => c.trim() || `#${i + 1}`);
      const body = rows.slice(1);
      const cols = {};
      header.forEach((name, i) => (cols[name] = body.map((r) => (r[i] ?? "").trim())));
      data = { header, columns: cols, n: body.length };
    }
    renderForm();
    compute();
  }

  // ---------------------------------------------------------------- scores

  function compute() {
    if (!spec || !mod) return renderResults();
    if (typeof mod.healthScores !== "function" || typeof mod.validateHealthSpec !== "function") {
      outcome = { unavailable: true };
      return renderResults();
    }
    let check;
    try {
      check = mod.validateHealthSpec(spec);
    } catch (e) {
      check = { valid: false, errors: [{ path: e.field ?? "", code: e.code, message: e.message }] };
    }
    showErrors(check.valid ? [] : list(check.errors));
    if (!check.valid) {
      outcome = { invalid: true };
    } else if (!data) {
      outcome = null;
    } else {
      const t0 = performance.now();
      try {
        const result = mod.healthScores(data.columns, spec);
        outcome = { result, ms: performance.now() - t0 };
      } catch (e) {
        outcome = { error: e };
        if (e.field && targetOf(e.field)) showErrors([{ path: e.field, code: e.code, message: e.message }]);
      }
    }
    renderResults();
  }

  /** Dark or white text, whichever reads better on the colour. */
  const ink = (color) => {
    const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(color).trim());
    if (!m) return null;
    const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join("") : m[1];
    const [r, g, b] = [0, 2, 4].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    const L = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    return (L + 0.05) / 0.0597 >= 1.05 / (L + 0.05) ? "#111827" : "#ffffff";
  };
  const paint = (el, color) => {
    if (!color) return el;
    el.style.background = color;
    const fg = ink(color);
    if (fg) el.style.color = fg;
    return el;
  };

  function renderResults() {
    const t = TEXT[lang];
    const status = $("health-status");
    const table = $("health-table");
    const portfolio = $("health-portfolio");
    const r = outcome?.result;
    if (!r) {
      table.replaceChildren();
      portfolio.hidden = true;
      status.textContent = !spec
        ? ""
        : !mod
          ? t.healthLoading
          : outcome?.unavailable
            ? t.healthUnavailable
            : outcome?.invalid
              ? t.healthFixSpec
              : outcome?.error
                ? outcome.error.message
                : t.healthNeed;
      return;
    }
    const nf = (o) => new Intl.NumberFormat(t.locale, o);
    const one = nf({ minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const signed = nf({ minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "always" });
    const int = nf({ maximumFractionDigits: 0 });
    const pct = nf({ style: "percent", maximumFractionDigits: 0 });
    const num = (v) => (typeof v === "number" && Number.isFinite(v) ? one.format(v) : "—");
    const bandName = (b) => b?.label ?? "";
    status.textContent = t.healthRead(int.format(r.accounts.length), nf({ maximumFractionDigits: 1 }).format(outcome.ms));

    // Measures in the order of the spec, each with its colour.
    const colours = new Map();
    for (const g of list(spec.groups)) for (const m of list(g?.measures)) colours.set(`${g?.name}\u0000${m?.name ?? m?.column}`, PALETTE[colours.size % PALETTE.length]);
    const colourOf = (c) => colours.get(`${c.group}\u0000${c.measure}`) ?? PALETTE[PALETTE.length - 1];

    // Portfolio: counts and shares by band, average and median.
    const pf = r.portfolio;
    portfolio.hidden = false;
    $("health-summary").textContent = t.healthSummary(int.format(pf.accounts), int.format(pf.scored), pf.average == null ? null : num(pf.average), num(pf.median));
    // A band's share is in percent of the scored accounts (null when none is scored).
    const bands = list(pf.bands);
    const parts = bands.map((b) => t.healthBandShare(bandName(b), int.format(b.count), pct.format((b.share ?? 0) / 100)));
    const bar = h("div", { class: "hdist-bar", role: "img", "aria-label": t.healthDistAlt(parts.join(", ")) });
    bands.forEach((b, i) => {
      if (!(b.share > 0)) return;
      const seg = paint(h("span", { title: parts[i] }), b.color);
      seg.style.width = `${b.share}%`;
      bar.append(seg);
    });
    const legend = h("ul", { class: "hdist-legend" }, ...bands.map((b, i) => h("li", {}, paint(h("span", { class: "swatch", "aria-hidden": "true" }), b.color), parts[i])));
    const measures = h(
      "ul",
      { class: "hdist-legend measures", "aria-hidden": "true" },
      ...[...colours.keys()].map((k) => h("li", {}, paint(h("span", { class: "swatch" }), colours.get(k)), k.split("\u0000")[1])),
    );
    $("health-dist").replaceChildren(bar, legend, measures);

    // One row per account.
    const head = h(
      "tr",
      {},
      h("th", { scope: "col" }, t.healthAccount),
      h("th", { scope: "col" }, t.healthScore),
      h("th", { scope: "col" }, t.healthTrend),
      h("th", { scope: "col", class: "num" }, t.healthCoverage),
      h("th", { scope: "col" }, t.healthContributions),
    );
    const rows = r.accounts.map((a) => {
      const pill = paint(h("span", { class: "hpill" }, a.score === null || a.score === undefined ? "—" : one.format(a.score)), a.band?.color);
      const band = a.band ? h("span", { class: "hband" }, bandName(a.band)) : h("span", { class: "hband muted" }, a.reason ?? t.healthNoScore);
      if (a.overridden) band.append(` · ${t.healthOverridden}`);
      const arrow = { up: "↑", flat: "→", down: "↓" }[a.trend];
      const trend = arrow
        ? h("span", { class: `htrend ${a.trend}`, role: "img", "aria-label": t.healthTrendLabel(t.healthTrendWords[a.trend], a.previous == null ? null : num(a.previous)), title: t.healthTrendLabel(t.healthTrendWords[a.trend], a.previous == null ? null : num(a.previous)) }, arrow)
        : h("span", { class: "muted" }, "—");
      const contributions = list(a.contributions);
      const scored = typeof a.score === "number";
      const stack = h("div", { class: "hbar", "aria-hidden": "true" });
      for (const c of scored ? contributions : []) {
        if (c.missing || !(c.contribution > 0)) continue;
        const seg = h("span", { title: `${c.measure}: ${signed.format(c.contribution)}` });
        seg.style.width = `${Math.min(100, c.contribution)}%`;
        seg.style.background = colourOf(c);
        stack.append(seg);
      }
      // Without a score, what each measure scored (it added nothing).
      const text = contributions
        .map((c) => (c.missing ? `${c.measure} ${t.healthMissingValue}` : scored ? `${c.measure} ${signed.format(c.contribution)}` : t.healthPointsOf(c.measure, num(c.points))))
        .join(" · ");
      return h(
        "tr",
        { "data-band": a.band?.label ?? "" },
        h("th", { scope: "row" }, a.id == null || a.id === "" ? `#${a.index + 1}` : String(a.id)),
        h("td", { class: "hscore" }, pill, " ", band),
        h("td", { class: "htrend-cell" }, trend),
        h("td", { class: "num" }, typeof a.coverage === "number" ? pct.format(a.coverage) : "—"),
        h("td", { class: "hcontrib" }, stack, h("span", { class: "hcontrib-text" }, text)),
      );
    });
    table.replaceChildren(h("thead", {}, head), h("tbody", {}, ...rows));
  }

  // ---------------------------------------------------------------- wiring

  form.addEventListener("input", (e) => {
    if (e.target.dataset?.path) apply(e.target);
  });
  form.addEventListener("submit", (e) => e.preventDefault());
  form.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-action]");
    if (b) act(b);
    const go = e.target.closest("button[data-goto]");
    if (go) {
      const target = targetOf(go.dataset.goto);
      const control = target?.matches("input, select, textarea") ? target : target?.querySelector("input, select, textarea");
      (control ?? target)?.focus();
    }
  });
  $("health-json").addEventListener("input", (e) => {
    const err = $("health-json-error");
    let next;
    try {
      next = JSON.parse(e.target.value);
    } catch (x) {
      err.hidden = false;
      err.textContent = TEXT[lang].healthJsonInvalid(x.message);
      return;
    }
    if (!next || typeof next !== "object" || Array.isArray(next)) {
      err.hidden = false;
      err.textContent = TEXT[lang].healthJsonNotObject;
      return;
    }
    err.hidden = true;
    err.textContent = "";
    spec = next;
    renderForm();
    compute();
  });
  $("health-json").addEventListener("blur", syncJson);
  $("health-csv").addEventListener("input", (e) => setCsv(e.target.value));
  $("health-example").addEventListener("click", () => {
    $("health-csv").value = EXAMPLE;
    setCsv(EXAMPLE);
  });
  const readFile = async (f) => {
    if (!f) return;
    const text = await f.text();
    $("health-csv").value = text;
    setCsv(text);
  };
  $("health-file").addEventListener("change", (e) => readFile(e.target.files?.[0]));
  const drop = $("health-drop");
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    readFile(e.dataTransfer?.files?.[0]);
  });

  return {
    show() {
      if (!spec) {
        spec = defaultSpec();
        if (!$("health-csv").value) $("health-csv").value = EXAMPLE;
        setCsv($("health-csv").value);
        syncJson();
      }
      api ??= import("./pkg/tickets.js").then(
        (m) => {
          mod = m;
          compute();
        },
        (e) => {
          $("health-status").textContent = e.message;
        },
      );
    },
    render() {
      if (!spec) return;
      renderForm();
      compute();
    },
  };
})();

// ------------------------------------------------------------------ SLA due dates

// When is a ticket due? A business calendar from a small form, a creation
// time read as wall-clock time in the calendar's zone, and addBusinessTime;
// the 7 days from the creation drawn as bars of business hours (walked
// with nextBusinessOpen and nextBusinessClose), with the public holidays
// named. The tickets module is loaded when the tab is first shown.
const sla = (() => {
  let api = null; // a promise of the tickets module
  let mod = null; // the module, once loaded
  let started = false;
  const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  const HOUR = 3600000;
  const DAY = 24 * HOUR;
  const NIGHT = ["22:00", "06:00"];
  const LAST_WALL = 8.64e15 - 2 * DAY; // wall-clock times whose neighbouring days are still Dates

  // ---------------------------------------------------------------- local time

  // Wall-clock parts of an instant in a zone (cached formatters).
  const wallFormats = new Map();
  const wall = (t, zone) => {
    let f = wallFormats.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
      wallFormats.set(zone, f);
    }
    const p = {};
    for (const { type, value } of f.formatToParts(t)) p[type] = value;
    return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour) % 24, mi: Number(p.minute), s: Number(p.second) };
  };
  // Milliseconds of a wall-clock time read as UTC (years below 100 included).
  const utcOf = (y, mo, d, h = 0, mi = 0, s = 0) => {
    const u = new Date(0);
    u.setUTCFullYear(y, mo - 1, d);
    u.setUTCHours(h, mi, s, 0);
    return u.getTime();
  };
  // The zone's offset from UTC at an instant, ms.
  const offsetAt = (t, zone) => {
    const w = wall(t, zone);
    return utcOf(w.y, w.mo, w.d, w.h, w.mi, w.s) - Math.floor(t / 1000) * 1000;
  };
  /**
   * The instant at which the zone's clocks show a wall-clock time (given as
   * ms read as UTC). A time shown twice (clocks going back) is the earlier
   * one; a time skipped (clocks going forward) is read with the offset
   * before the change, so it lands as far after the change as it was
   * after the skipped hour's start, as Temporal's "compatible" does.
   */
  const instantOf = (wallMs, zone) => {
    const before = offsetAt(wallMs - DAY, zone);
    const after = offsetAt(wallMs + DAY, zone);
    const fits = [...new Set([before, after])].map((o) => wallMs - o).filter((t) => offsetAt(t, zone) === wallMs - t);
    return fits.length ? Math.min(...fits) : wallMs - before;
  };
  /** A datetime-local value ("2026-03-12T16:00", seconds optional) as ms read as UTC; NaN if it is not one. */
  const readLocal = (v) => {
    const m = /^(\d{4,6})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(v);
    return m ? utcOf(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0)) : NaN;
  };
  const pad = (n) => String(n).padStart(2, "0");
  const clock = (w) => `${pad(w.h)}:${pad(w.mi)}`;
  const isoDate = (w) => `${String(w.y).padStart(4, "0")}-${pad(w.mo)}-${pad(w.d)}`;

  // Weekday and month names of a date, in the page's language.
  const nameFormats = new Map();
  const names = (w, style) => {
    const t = TEXT[lang];
    const key = `${t.locale}|${style}`;
    let f = nameFormats.get(key);
    if (!f) {
      f = [new Intl.DateTimeFormat(t.locale, { timeZone: "UTC", weekday: style }), new Intl.DateTimeFormat(t.locale, { timeZone: "UTC", month: style })];
      nameFormats.set(key, f);
    }
    const at = utcOf(w.y, w.mo, w.d, 12);
    return { weekday: f[0].format(at), month: f[1].format(at) };
  };
  /** "Friday 13 March" (the year too when it is not `year`). */
  const dateText = (w, year, style = "long") => {
    const n = names(w, style);
    return TEXT[lang].slaDate(n.weekday, w.d, n.month, w.y === year ? null : w.y);
  };
  /** "Friday 13 March, 10:00" in the zone. */
  const whenText = (t, zone, year) => {
    const w = wall(t, zone);
    return TEXT[lang].slaDateTime(dateText(w, year), clock(w));
  };
  /** A duration on the clock: "2 days, 18 hours, 30 minutes". */
  const durationText = (ms) => {
    const t = TEXT[lang];
    const total = Math.round(ms / 60000);
    const parts = [
      ["day", Math.floor(total / 1440)],
      ["hour", Math.floor((total % 1440) / 60)],
      ["minute", total % 60],
    ].filter(([, n]) => n > 0);
    if (!parts.length) parts.push(["minute", 0]);
    const list = parts.map(([unit, n]) => new Intl.NumberFormat(t.locale, { style: "unit", unit, unitDisplay: "long" }).format(n));
    return new Intl.ListFormat(t.locale, { style: "long", type: "unit" }).format(list);
  };

  // ---------------------------------------------------------------- the form

  const zoneSelect = $("sla-zone");
  const countrySelect = $("sla-country");
  const created = $("sla-created");
  const target = $("sla-target");
  const hourInputs = [["sla-open-1", "sla-close-1"], ["sla-open-2", "sla-close-2"]].map((pair) => pair.map($));

  /** The calendar the form describes (plain JSON, as the library takes it). */
  const calendar = () => {
    const hours = [];
    for (const [from, to] of hourInputs) if (from.value !== "" || to.value !== "") hours.push([from.value, to.value]);
    if ($("sla-night").checked) hours.push(NIGHT);
    const week = {};
    for (const d of DAYS) if ($(`sla-day-${d}`).checked) week[d] = hours;
    const cal = { timeZone: zoneSelect.value, week };
    if (countrySelect.value) cal.holidays = { country: countrySelect.value };
    return cal;
  };

  const start = () => {
    if (started) return;
    started = true;
    const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if ([...zoneSelect.options].some((o) => o.value === own)) zoneSelect.value = own;
    else zoneSelect.value = "UTC";
    if (!created.value) {
      // Now, to the minute, on the zone's clock.
      const w = wall(Date.now(), zoneSelect.value);
      created.value = `${isoDate(w)}T${clock(w)}`;
    }
    // "Now" moves on: its line is refreshed while the tab is shown.
    setInterval(() => {
      if (!$("panel-sla").hidden) render();
    }, 30000);
  };

  // ---------------------------------------------------------------- drawing

  const h = (tag, attrs = {}, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null && v !== false) e.setAttribute(k, String(v));
    e.append(...kids.filter((k) => k !== null && k !== undefined));
    return e;
  };
  // Positions are set through the CSSOM (allowed under a strict style-src).
  const place = (el, left, width) => {
    el.style.left = `${(100 * left).toFixed(3)}%`;
    if (width !== undefined) el.style.width = `${(100 * width).toFixed(3)}%`;
    return el;
  };

  const axis = () => {
    const el = $("sla-axis");
    if (el.childElementCount) return;
    for (const hour of [0, 6, 12, 18, 24]) el.append(place(h("span", { class: hour === 0 ? "first" : hour === 24 ? "last" : "" }, `${pad(hour)}:00`), hour / 24));
  };

  /**
   * Business intervals [open, close) that meet [from, to): walked with
   * nextBusinessOpen and nextBusinessClose, starting inside an interval
   * if `from` is business time. A close of null (open around the clock)
   * ends at `to`.
   */
  const intervals = (from, to, cal) => {
    const out = [];
    let open = mod.isBusinessTime(from, cal) ? from : mod.nextBusinessOpen(from, cal);
    for (let guard = 0; open !== null && open < to && guard < 500; guard++) {
      const close = mod.nextBusinessClose(open, cal) ?? Infinity;
      out.push([open, Math.min(close, to)]);
      if (close >= to) break;
      open = mod.nextBusinessOpen(close, cal);
    }
    return out;
  };

  /** The public holidays of a country in years from..to, by date; a message if they can't be listed. */
  const holidaysBy = (country, from, to) => {
    const byDate = new Map();
    if (!country) return { byDate };
    try {
      for (const x of mod.publicHolidays(country, { from, to })) {
        const list = byDate.get(x.date) ?? [];
        list.push(x.observed ? TEXT[lang].slaObserved(x.name) : x.name);
        byDate.set(x.date, list);
      }
    } catch (e) {
      return { byDate, error: e.message };
    }
    return { byDate };
  };

  const clear = () => {
    $("sla-elapsed").textContent = "";
    $("sla-week").replaceChildren();
    $("sla-holidays").replaceChildren();
  };

  // The due line is a live region: it is only rewritten when it changes.
  const setText = (el, text) => {
    if (el.textContent !== text) el.textContent = text;
  };

  const showError = (message) => {
    const box = $("sla-error");
    box.hidden = !message;
    box.textContent = message ?? "";
  };

  function render() {
    if ($("panel-sla").hidden || !started) return;
    const t = TEXT[lang];
    // Country names in the page's language.
    const regions = new Intl.DisplayNames(t.locale, { type: "region" });
    for (const o of countrySelect.options) if (o.value) o.textContent = `${regions.of(o.value)} (${o.value})`;
    if (!mod) {
      $("sla-due").textContent = t.slaLoading;
      return;
    }
    const cal = calendar();
    const zone = cal.timeZone;
    const due = $("sla-due");
    axis();

    // The calendar first: a bad one is the library's message, and nothing else.
    const now = Date.now();
    let openNow;
    try {
      openNow = mod.isBusinessTime(now, cal);
    } catch (e) {
      setText(due, "—");
      showError(e.message);
      $("sla-now").textContent = "";
      clear();
      return;
    }
    const year = wall(now, zone).y;
    const nextClose = mod.nextBusinessClose(now, cal);
    const nextOpen = mod.nextBusinessOpen(now, cal);
    $("sla-now").textContent = [
      openNow ? t.slaNowIn(whenText(now, zone, year)) : t.slaNowOut(whenText(now, zone, year)),
      nextClose === null ? t.slaNoClose : t.slaNextClose(whenText(nextClose, zone, year)),
      nextOpen === null ? t.slaNoOpen : t.slaNextOpen(whenText(nextOpen, zone, year)),
    ].join(" ");

    const createdWall = readLocal(created.value);
    if (!Number.isFinite(createdWall)) {
      setText(due, "—");
      showError(t.slaNeedCreated);
      clear();
      return;
    }
    // The library's range of instants (years −9999 to 9999) is narrower
    // than a datetime-local's: its own check gives the message.
    let createdAt = createdWall;
    try {
      if (Math.abs(createdWall) < LAST_WALL) createdAt = instantOf(createdWall, zone);
      mod.isBusinessTime(createdAt, cal);
    } catch (e) {
      setText(due, "—");
      showError(e.message);
      clear();
      return;
    }
    const cw = wall(createdAt, zone);

    // The due instant.
    let dueAt = null;
    const hours = target.valueAsNumber;
    if (!Number.isFinite(hours)) {
      setText(due, "—");
      showError(t.slaNeedTarget);
    } else {
      try {
        dueAt = mod.addBusinessTime(createdAt, hours * HOUR, cal);
        setText(due, t.slaDue(whenText(dueAt, zone, cw.y), zone));
        showError(null);
      } catch (e) {
        setText(due, "—");
        showError(e.message);
      }
    }
    $("sla-elapsed").textContent = dueAt !== null && dueAt >= createdAt ? t.slaElapsed(durationText(dueAt - createdAt)) : "";
    try {
      week(cal, createdAt, dueAt);
    } catch (e) {
      // Days past the library's last year.
      $("sla-week").replaceChildren();
      $("sla-holidays").replaceChildren();
      if ($("sla-error").hidden) showError(e.message);
    }
  }

  /** The 7 days from the creation, and their public holidays. */
  function week(cal, createdAt, dueAt) {
    const t = TEXT[lang];
    const zone = cal.timeZone;
    const cw = wall(createdAt, zone);
    // The 7 days from the creation's date, each from its local midnight.
    const starts = [];
    for (let i = 0; i <= 7; i++) {
      const d = new Date(utcOf(cw.y, cw.mo, cw.d + i));
      starts.push(instantOf(utcOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()), zone));
    }
    const days = starts.slice(0, 7).map((from, i) => ({ from, to: starts[i + 1], w: wall(from + HOUR * 3, zone) }));
    const open = intervals(starts[0], starts[7], cal);
    const { byDate, error: holidayError } = holidaysBy(countrySelect.value, days[0].w.y, days[6].w.y);
    // Where an instant falls on its day's bar: its wall-clock time over 24 h.
    const frac = (x, day) => (x <= day.from ? 0 : x >= day.to ? 1 : ((w) => (w.h * 60 + w.mi + w.s / 60) / 1440)(wall(x, zone)));
    const label = (x, day) => (x >= day.to ? "24:00" : clock(wall(x, zone)));
    const rows = days.map((day) => {
      const date = isoDate(day.w);
      const holiday = byDate.get(date);
      const bar = h("div", { class: "sla-bar" }, ...[0.25, 0.5, 0.75].map((x) => place(h("span", { class: "sla-tick" }), x)));
      const spans = [];
      for (const [a, b] of open) {
        const s = Math.max(a, day.from);
        const e = Math.min(b, day.to);
        if (e <= s) continue;
        const l = frac(s, day);
        const r = frac(e, day);
        spans.push(`${label(s, day)}–${label(e, day)}`);
        if (r > l) bar.append(place(h("span", { class: "sla-open" }), l, r - l));
      }
      const alt = [`${dateText(day.w, cw.y)}: ${spans.length ? t.slaOpenHours(spans.join(", ")) : t.slaClosed}`];
      if (holiday) alt.push(`, ${t.slaHolidayAlt(holiday.join(", "))}`);
      alt.push(".");
      for (const [x, cls, flag, say] of [[createdAt, "created", t.slaCreatedFlag, t.slaCreatedAt], [dueAt, "due", t.slaDueFlag, t.slaDueAt]]) {
        if (x === null || x < day.from || x >= day.to) continue;
        const at = frac(x, day);
        const time = clock(wall(x, zone));
        bar.append(place(h("span", { class: `sla-mark ${cls}${at > 0.7 ? " end" : ""}` }, h("span", { class: "sla-flag" }, `${flag} ${time}`)), at));
        alt.push(` ${say(time)}`);
      }
      bar.setAttribute("role", "img");
      bar.setAttribute("aria-label", alt.join(""));
      const n = names(day.w, "short");
      return h(
        "li",
        { class: `sla-day${holiday ? " holiday" : ""}${bar.querySelector(".sla-mark") ? " marked" : ""}`, "data-date": date },
        h("div", { class: "sla-day-label", "aria-hidden": "true" }, h("span", { class: "sla-date" }, t.slaDate(n.weekday, day.w.d, n.month, null)), holiday ? h("span", { class: "sla-holiday-name" }, holiday.join(", ")) : null),
        bar,
      );
    });
    if (dueAt !== null && dueAt >= starts[7]) rows.push(h("li", { class: "sla-later muted" }, t.slaDueLater));
    $("sla-week").replaceChildren(...rows);

    // The holidays of these days, by name.
    const list = [];
    if (holidayError) list.push(h("li", { class: "field-error" }, holidayError));
    else if (!countrySelect.value) list.push(h("li", { class: "muted" }, t.slaNoCountryChosen));
    else {
      for (const day of days) {
        const named = byDate.get(isoDate(day.w));
        if (named) list.push(h("li", {}, h("span", { class: "sla-holiday-date" }, dateText(day.w, cw.y)), " — ", named.join(", ")));
      }
      if (!list.length) list.push(h("li", { class: "muted" }, t.slaNoHolidaysHere));
    }
    $("sla-holidays").replaceChildren(...list);
  }

  $("sla-form").addEventListener("input", render);
  $("sla-form").addEventListener("change", render);
  $("sla-form").addEventListener("submit", (e) => e.preventDefault());

  return {
    show() {
      start();
      api ??= import("./pkg/tickets.js").then(
        (m) => {
          mod = m;
          render();
        },
        (e) => {
          $("sla-due").textContent = "—";
          showError(e.message);
        },
      );
      render();
    },
    render,
  };
})();

// ------------------------------------------------------------------ by segment

// NPS per segment × period from a CSV, by groupKpis. The grouping module
// (with the time-zone database) is loaded when the tab is first shown.
const segments = (() => {
  let api = null;
  let csv = null; // { header, rows }
  let table = null; // the last groupKpis result, with its periods and segments
  const pickers = ["seg-date", "seg-segment", "seg-score"].map($);
  const load = async () => {
    api ??= Promise.all([import("./pkg/group.js"), import("./pkg/calculator.js")]).then(([g, c]) => ({ groupKpis: g.groupKpis, parseCsv: c.parseCsv }));
    return api;
  };
  const guess = (header, words) => {
    const i = header.findIndex((h) => words.some((w) => h.toLowerCase().includes(w)));
    return i;
  };
  const setCsv = async (text) => {
    const { parseCsv } = await load();
    const { rows } = parseCsv(text);
    if (rows.length < 2) {
      csv = null;
      $("seg-status").textContent = TEXT[lang].segmentsNeed;
      $("seg-pickers").hidden = true;
      table = null;
      render();
      return;
    }
    const header = rows[0].map((h, i) => h || `#${i + 1}`);
    csv = { header, rows: rows.slice(1) };
    const picks = [guess(header, ["date", "time", "submitted", "created", "data"]), guess(header, ["segment", "region", "country", "plan", "team", "segmento"]), guess(header, ["score", "nps", "nota", "rating"])];
    pickers.forEach((sel, k) => {
      sel.replaceChildren(...header.map((h, i) => new Option(h, String(i))));
      sel.value = String(picks[k] >= 0 ? picks[k] : Math.min(k, header.length - 1));
    });
    $("seg-pickers").hidden = false;
    await compute();
  };
  const compute = async () => {
    if (!csv) return;
    const { groupKpis } = await load();
    const [d, sg, sc] = pickers.map((sel) => Number(sel.value));
    // Columns of text, as read: the engine parses dates and numeric strings,
    // and treats blank cells as missing.
    const n = csv.rows.length;
    const cols = { date: new Array(n), segment: new Array(n), score: new Array(n) };
    for (let i = 0; i < n; i++) {
      const r = csv.rows[i];
      cols.date[i] = r[d] ?? "";
      cols.segment[i] = r[sg] ?? "";
      cols.score[i] = r[sc] ?? "";
    }
    const t0 = performance.now();
    try {
      const every = $("seg-every").value;
      const result = groupKpis(cols, {
        by: ["segment", { time: "date", every }],
        metrics: { nps: { kind: "nps", column: "score" } },
        compare: "previous",
        adjust: "bh",
        totals: true,
        fill: true,
        invalid: "skip",
      });
      table = { result, ms: performance.now() - t0 };
    } catch (e) {
      table = null;
      $("seg-status").textContent = e.message;
    }
    render();
  };
  const render = () => {
    const el = $("seg-table");
    if (!table) {
      el.replaceChildren();
      return;
    }
    const t = TEXT[lang];
    const { result, ms } = table;
    // "negative": a score of −0.4 shows as 0, not −0.
    const nf = new Intl.NumberFormat(t.locale, { maximumFractionDigits: 0, signDisplay: "negative" });
    const periods = [...new Set(result.rows.map((r) => r.period))];
    const bySeg = new Map();
    for (const r of result.rows) {
      if (!bySeg.has(r.segment)) bySeg.set(r.segment, new Map());
      bySeg.get(r.segment).set(r.period, r);
    }
    const answers = result.total?.nps.total ?? 0;
    $("seg-status").textContent = t.segmentsRead(nf.format(answers), nf.format(bySeg.size), result.skipped, new Intl.NumberFormat(t.locale, { maximumFractionDigits: 1 }).format(ms));
    const h = (tag, attrs = {}, ...kids) => {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      e.append(...kids);
      return e;
    };
    const head = h("tr", {}, h("th", { scope: "col" }, t.segmentsSegmentHead), ...periods.map((p) => h("th", { scope: "col" }, p)), h("th", { scope: "col" }, t.segmentsTotal), h("th", { scope: "col" }, t.segmentsTrend));
    const body = [];
    for (const [seg, cells] of bySeg) {
      const tds = periods.map((p) => {
        const r = cells.get(p);
        const nps = r?.nps;
        if (!nps || nps.score === null) return h("td", { class: "empty" }, "–");
        const c = nps.change;
        const mark = c?.significant ? (c.difference > 0 ? " ▲" : " ▼") : "";
        const ci = nps.confidenceInterval;
        // Heat-map: −100 red … 0 neutral … +100 green.
        const v = Math.max(-100, Math.min(100, nps.score));
        const cls = c?.significant ? (c.difference > 0 ? "up" : "down") : "";
        const td = h("td", { class: cls, title: `n = ${nps.total}` }, h("span", { class: "score" }, nf.format(nps.score) + mark), h("span", { class: "ci" }, ci ? `${nf.format(ci.low)} … ${nf.format(ci.high)}` : ""));
        // Set through the CSSOM (allowed under a strict style-src).
        td.style.background = `color-mix(in srgb, ${v >= 0 ? "#16a34a" : "#dc2626"} ${Math.round(Math.abs(v) * 0.45)}%, transparent)`;
        return td;
      });
      const total = result.totals.find((r) => r.segment === seg)?.nps;
      body.push(h("tr", {}, h("th", { scope: "row" }, seg ?? "—"), ...tds, h("td", { class: "total" }, total?.score == null ? "–" : nf.format(total.score)), h("td", { class: "trend" }, spark(periods.map((p) => cells.get(p)?.nps?.score ?? null)))));
    }
    el.replaceChildren(h("thead", {}, head), h("tbody", {}, ...body));
  };
  const spark = (values) => {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 100 24");
    svg.setAttribute("class", "spark");
    svg.setAttribute("aria-hidden", "true");
    const pts = values.map((v, i) => (v === null ? null : [(100 * i) / Math.max(1, values.length - 1), 12 - (v / 100) * 11]));
    const d = pts.reduce((acc, p, i) => (p ? acc + `${acc && pts[i - 1] ? "L" : "M"}${p[0].toFixed(1)},${p[1].toFixed(1)}` : acc), "");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    svg.append(path);
    return svg;
  };
  const exportCsv = () => {
    if (!table) return;
    const q = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
    const lines = [["segment", "period", "responses", "nps", "ci_low", "ci_high", "change", "q_value", "significant"].join(",")];
    for (const r of table.result.rows) {
      const n = r.nps;
      const c = n.change;
      lines.push([r.segment ?? "", r.period, n.total, n.score ?? "", n.confidenceInterval?.low ?? "", n.confidenceInterval?.high ?? "", c?.difference ?? "", c?.qValue ?? "", c?.significant ?? ""].map(q).join(","));
    }
    const url = URL.createObjectURL(new Blob([lines.join("\n") + "\n"], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "nps-by-segment.csv";
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const example = () => {
    // Six months of answers in four regions; APAC improves in April.
    let x = 7;
    const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 4294967296);
    const lines = ["date,region,score"];
    const regions = ["EMEA", "NA", "APAC", "LATAM"];
    for (let m = 0; m < 6; m++) {
      for (const [k, region] of regions.entries()) {
        const lift = region === "APAC" && m >= 3 ? 2.2 : 0;
        for (let i = 0; i < 120 + 40 * k; i++) {
          const day = 1 + Math.floor(rnd() * 28);
          const s = Math.max(0, Math.min(10, Math.round(6.5 + lift + k * 0.3 + (rnd() - 0.5) * 7)));
          lines.push(`2026-${String(m + 1).padStart(2, "0")}-${String(day).padStart(2, "0")},${region},${s}`);
        }
      }
    }
    return lines.join("\n");
  };
  $("seg-file").addEventListener("change", async (e) => {
    const f = e.target.files?.[0];
    if (f) {
      $("seg-text").value = "";
      await setCsv(await f.text());
    }
  });
  const drop = $("seg-drop");
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", async (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const f = e.dataTransfer?.files?.[0];
    if (f) {
      $("seg-text").value = "";
      await setCsv(await f.text());
    }
  });
  $("seg-text").addEventListener("input", (e) => setCsv(e.target.value));
  $("seg-example").addEventListener("click", () => {
    const text = example();
    $("seg-text").value = text;
    setCsv(text);
  });
  for (const sel of [...pickers, $("seg-every")]) sel.addEventListener("change", compute);
  $("seg-export").addEventListener("click", exportCsv);
  return {
    show: () => {
      load();
      if (!csv && !$("seg-text").value) $("seg-example").click();
    },
    render,
    setCsv,
  };
})();

if (LANGUAGES.some((l) => !Object.hasOwn(TEXT, l))) throw new Error("app.js: a language of lang.js has no texts");
setLanguage(pickLanguage());
tabFromHash();
// Ready: tests (and scripts) wait for this before using the tabs.
document.documentElement.dataset.app = "ready";
