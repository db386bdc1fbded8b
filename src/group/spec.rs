//! The options of a grouping: keys, metrics and what to report.
//!
//! ```js
//! {
//!   by: ["segment", { time: "submittedAt", every: "month", timeZone: "Europe/Berlin" }],
//!   metrics: { nps: { kind: "nps", column: "score" }, frt: { kind: "firstResponse", created: "createdAt" } },
//!   compare: "previous", totals: true, fill: true, rolling: { days: 30 }, adjust: "bh",
//!   invalid: "skip", dropMissingKeys: false, confidence: 0.95, asOf: Date.now(),
//! }
//! ```
//!
//! A metric is `{ kind, <its columns>, ...the options of its KPI }`: the
//! survey kinds (`nps`, `enps`, `csat`, `ces`) read one `column` and take
//! their KPI's options; the ticket kinds map the ticket columns
//! ([`ROLES`]: `created`, `firstResponse`, `resolved`, …; each defaults to
//! the ticket field's own name, `createdAt`, …) and take `ticketMetrics`'s
//! options.

use crate::error::{Error, Result};
use crate::kpi::InvalidPolicy;
use crate::survey::{CesOptions, CsatOptions, NpsOptions, Scale};
use crate::tickets::{TicketOptions, FIELDS as TICKET_FIELDS, ROLES};
use crate::time::calendar::time_zone;
use crate::time::{Period, Periods};
use crate::wire::de::{from_value_except, Ctx};
use crate::wire::{Value, V};
use serde::Deserialize;

/// A key of a grouping.
#[derive(Debug, Clone)]
pub enum KeySpec {
    /// A column of labels (strings, numbers or booleans).
    Label(String),
    /// A column of instants, bucketed into periods.
    Time {
        /// The column.
        column: String,
        /// The periods.
        periods: Periods,
    },
}

/// The survey KPIs a metric can be.
#[derive(Debug, Clone)]
pub enum SurveyKpi {
    /// NPS (`nps`) or eNPS (`enps`, with its name in messages).
    Nps(NpsOptions, Scale),
    /// CSAT.
    Csat(CsatOptions),
    /// CES.
    Ces(CesOptions),
    /// A conversion rate of outcomes (true/false, 1/0), at a confidence
    /// level.
    Conversion(f64),
    /// Cart abandonment: a column of whether each cart (or checkout) became
    /// an order; the rate is of those that did not, at a confidence level.
    CartAbandonment(f64),
    /// A bounce rate of sessions: the outcome of each row (1 bounced, 0
    /// engaged) is derived from its session columns into the metric's
    /// `column` when the table is read.
    Bounce(Box<BounceMetric>),
}

/// A `bounce` metric: its options and the session columns it reads.
#[derive(Debug, Clone)]
pub struct BounceMetric {
    /// `bounceRate`'s options.
    pub options: crate::events::BounceOptions,
    /// The columns of `durationMs`, `pageViews` and `keyEvents`.
    pub columns: [String; 3],
}

/// The derived column of a `bounce` metric: a name no caller's column has.
pub fn bounce_column(name: &str) -> String {
    format!("\u{0}bounce:{name}")
}

/// The ticket KPIs a metric can be: each a part of `ticketMetrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketKpi {
    /// First response times (business time with a calendar).
    FirstResponse,
    /// Resolution times (business time with a calendar).
    Resolution,
    /// Handle times.
    Handle,
    /// Wait times.
    Wait,
    /// First-contact resolution rate.
    Fcr,
    /// Reopen rate.
    Reopen,
    /// Abandonment rate.
    Abandonment,
    /// SLA attainment.
    Sla,
}

impl SurveyKpi {
    /// The scale of its answers (named for messages).
    pub fn scale(&self) -> Scale {
        match self {
            SurveyKpi::Nps(_, s) => *s,
            SurveyKpi::Csat(o) => o.scale.named("CSAT"),
            SurveyKpi::Ces(o) => o.scale.named("CES"),
            SurveyKpi::Conversion(_) => Scale::OUTCOMES,
            SurveyKpi::CartAbandonment(_) => Scale::OUTCOMES.named("cartAbandonment"),
            SurveyKpi::Bounce(_) => Scale::OUTCOMES.named("bounce"),
        }
    }
}

impl TicketKpi {
    /// The durations a duration metric summarises (business time with a
    /// calendar); `None` for rates and SLA.
    pub fn durations(self, business: bool) -> Option<crate::tickets::Durations> {
        use crate::tickets::Durations as D;
        Some(match (self, business) {
            (TicketKpi::FirstResponse, false) => D::FirstResponse,
            (TicketKpi::FirstResponse, true) => D::FirstResponseBusiness,
            (TicketKpi::Resolution, false) => D::Resolution,
            (TicketKpi::Resolution, true) => D::ResolutionBusiness,
            (TicketKpi::Handle, _) => D::Handle,
            (TicketKpi::Wait, _) => D::Wait,
            _ => return None,
        })
    }

    /// The columns of the metric's state (see `sqlStates`): for durations
    /// a DDSketch bucket and its count, sum, sum of squares, minimum and
    /// maximum (`<metric>_bucket`, `_count`, `_sum`, `_sumsq`, `_min`,
    /// `_max`); for rates `<metric>_successes` and `<metric>_trials`; none
    /// for SLA, which has no state.
    pub fn state_columns(self, name: &str) -> Vec<String> {
        let parts: &[&str] = if self.durations(false).is_some() {
            &DURATION_STATE
        } else if self.rate().is_some() {
            &RATE_STATE
        } else {
            &[]
        };
        parts.iter().map(|p| format!("{name}_{p}")).collect()
    }

    /// The rate a rate metric reads; `None` for durations and SLA.
    pub fn rate(self) -> Option<crate::tickets::Rates> {
        use crate::tickets::Rates as R;
        Some(match self {
            TicketKpi::Fcr => R::FirstContactResolution,
            TicketKpi::Reopen => R::Reopen,
            TicketKpi::Abandonment => R::Abandonment,
            _ => return None,
        })
    }
}

/// The state columns of a duration metric, after `<metric>_`.
pub const DURATION_STATE: [&str; 6] = ["bucket", "count", "sum", "sumsq", "min", "max"];
/// The state columns of a rate metric, after `<metric>_`.
pub const RATE_STATE: [&str; 2] = ["successes", "trials"];

/// What a metric computes, from which columns.
#[derive(Debug, Clone)]
pub enum MetricKind {
    /// A survey KPI of one column of scores.
    Survey {
        /// The KPI and its options.
        kpi: SurveyKpi,
        /// The column of scores (empty when reading states).
        column: String,
        /// The columns of its state: the count of each scale point,
        /// `<metric>_<score>` (`nps_0` … `nps_10`; a negative score is
        /// written `m2` for −2).
        state_columns: Vec<String>,
        /// Reading states: the columns of the scores just outside the
        /// scale (`csat_0`, `csat_6` on 1–5), which must hold no count:
        /// states written on a wider scale would otherwise lose answers.
        outside: Vec<String>,
        /// Reading states: the column of answers the warehouse could not
        /// count ([`invalid_column`]).
        invalid: String,
    },
    /// A ticket KPI.
    Tickets {
        /// The KPI.
        kpi: TicketKpi,
        /// The column of each ticket field (schema order), as given or the
        /// field's own name.
        columns: Vec<String>,
        /// Its options.
        options: Box<TicketOptions>,
        /// The columns of its state ([`TicketKpi::state_columns`]).
        state_columns: Vec<String>,
    },
}

/// One metric of a grouping.
#[derive(Debug, Clone)]
pub struct MetricSpec {
    /// Its name in the rows.
    pub name: String,
    /// What it is.
    pub kind: MetricKind,
}

/// A grouping: keys, metrics and what to report.
#[derive(Debug, Clone)]
pub struct GroupSpec {
    /// Keys in order (at most one of them a time key).
    pub keys: Vec<KeySpec>,
    /// Metrics in order.
    pub metrics: Vec<MetricSpec>,
    /// `compare: "previous"`: each result gets its change since the previous
    /// period of the same group.
    pub compare: bool,
    /// A row per group over all periods, and a grand total.
    pub totals: bool,
    /// Empty periods between the first and last period of the data.
    pub fill: bool,
    /// Trailing window in days, pooled at each period's end.
    pub rolling_days: Option<u32>,
    /// Benjamini–Hochberg adjustment of the changes.
    pub adjust: bool,
    /// The invalid-entry policy.
    pub invalid: InvalidPolicy,
    /// Leave out rows with a missing key instead of grouping them as `null`.
    pub drop_missing_keys: bool,
    /// Confidence level of the changes.
    pub confidence: f64,
    /// "Now", for flagging the current, incomplete period.
    pub as_of: Option<f64>,
    /// Add the mergeable state of every group (`states: true`).
    pub states: bool,
    /// The input is states (count columns per metric), not answers.
    pub from_states: bool,
}

/// The name of the state column of score `score` of metric `name`.
pub fn state_column(name: &str, score: i32) -> String {
    if score < 0 {
        format!("{name}_m{}", -(score as i64))
    } else {
        format!("{name}_{score}")
    }
}

/// The state column in which `sqlStates` counts the answers of a survey,
/// conversion or bounce metric that no point of its state holds (a score
/// out of the scale, a fraction, NaN; a negative duration or count of a
/// session): `<metric>_invalid`. `groupKpis` rejects such a row; a
/// warehouse's sums cannot, so the finaliser does (an error, or under skip
/// that many answers skipped).
pub fn invalid_column(name: &str) -> String {
    format!("{name}_invalid")
}

/// The state columns of the scores outside `scale`, as far as a scale
/// reaches ([`crate::survey::MAX_SCALE_POINTS`] on each side: `csat_m100`
/// to `csat_0` and `csat_6` to `csat_106` on 1–5): states read with this
/// scale must hold no count there (states of 1–7 read as 1–5 would lose
/// the sevens, not only the sixes), and no key may be named so.
pub fn outside_columns(name: &str, scale: Scale) -> Vec<String> {
    let reach = crate::survey::MAX_SCALE_POINTS;
    // (A loop: collecting a chain of ranges cost a kilobyte of module.)
    let mut out = Vec::with_capacity(2 * reach as usize);
    for k in 1..=reach {
        out.push(state_column(name, scale.min() - k));
        out.push(state_column(name, scale.max() + k));
    }
    out
}

impl GroupSpec {
    /// The time key, if there is one: (its position among the keys, its
    /// column, its periods).
    pub fn time_key(&self) -> Option<(usize, &str, &Periods)> {
        self.keys.iter().enumerate().find_map(|(i, k)| match k {
            KeySpec::Time { column, periods } => Some((i, column.as_str(), periods)),
            KeySpec::Label(_) => None,
        })
    }

    /// Whether `column` is a label key of the grouping.
    pub fn is_label_key(&self, column: &str) -> bool {
        self.keys.iter().any(|k| matches!(k, KeySpec::Label(l) if l == column))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TimeKeyJs {
    time: String,
    every: Period,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    fiscal_year_start: Option<f64>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum CompareJs {
    Previous,
    None,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum AdjustJs {
    Bh,
    None,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RollingJs {
    days: f64,
}

fn confidence() -> f64 {
    0.95
}

/// The options of a `conversion` metric.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ConversionOptions {
    #[serde(default = "confidence")]
    confidence: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct GroupJs {
    #[serde(default)]
    compare: Option<CompareJs>,
    #[serde(default)]
    totals: bool,
    #[serde(default)]
    fill: bool,
    #[serde(default)]
    rolling: Option<RollingJs>,
    #[serde(default)]
    adjust: Option<AdjustJs>,
    #[serde(default)]
    invalid: InvalidPolicy,
    #[serde(default)]
    drop_missing_keys: bool,
    #[serde(default = "confidence")]
    confidence: f64,
    #[serde(default, deserialize_with = "crate::kpi::instant_option")]
    as_of: Option<f64>,
    #[serde(default)]
    states: bool,
}

/// `sqlStates(kind, { column, name?, ...options })`: SQL aggregate
/// expressions that compute the state of a metric in any SQL engine, to be
/// selected with the grouping's keys and read by `groupKpisFromStates`.
///
/// - Survey metrics: a count per scale point
///   (`SUM(CASE WHEN score = 0 THEN 1 ELSE 0 END) AS nps_0, …`).
/// - Rates (`fcr`, `reopen`, `abandonment`): successes and trials, by the
///   rules of `ticketMetrics` (`fcr_successes`, `fcr_trials`).
/// - Durations (`firstResponse`, `resolution`, `handle`, `wait`): a
///   DDSketch bucket key and the count, sum, sum of squares, minimum and
///   maximum of its durations ([`crate::stats::sketch`]); the query must
///   also `GROUP BY` the bucket column (`<metric>_bucket`). Instants are
///   epoch-ms numbers; `duration` replaces the default expression (e.g. a
///   column of business durations).
///
/// # Errors
/// `INVALID_OPTION` for SLA (no state), a calendar (business time is not
/// SQL), or a column or name that is not a plain SQL identifier (letters,
/// digits, `_`; alias it first).
pub fn sql_states(kind: &str, v: Value<'_>) -> Result<String> {
    let name = match v.get() {
        V::Object(o) => match o.get("name") {
            Some(n) if !n.is_nullish() => string_of(&n, "name")?,
            _ => kind.to_string(),
        },
        _ => kind.to_string(),
    };
    let ident = |s: &str, option: &str| -> Result<()> {
        let ok = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if ok {
            Ok(())
        } else {
            Err(Error::option(option.to_string(), format!("must be a plain SQL identifier (letters, digits and _); got \"{}\": alias the column in a subquery", crate::error::echo(s))))
        }
    };
    ident(&name, "name")?;
    let duration = match v.get() {
        V::Object(o) => match o.get("duration") {
            Some(d) if !d.is_nullish() => Some(string_of(&d, "duration")?),
            _ => None,
        },
        _ => None,
    };
    let m = metric_of_kind(name, kind, v, "options", false, SQL_KEYS)?;
    let (kpi, columns, options, state_columns) = match &m.kind {
        MetricKind::Survey { kpi: SurveyKpi::Bounce(b), state_columns, .. } => {
            for (c, role) in b.columns.iter().zip(crate::events::SESSION_FIELDS) {
                ident(c, role)?;
            }
            let [d, pv, ke] = &b.columns;
            let o = &b.options;
            let n = crate::error::num;
            let (present, engaged) = match o.definition {
                crate::events::Definition::SinglePage => (format!("{pv} IS NOT NULL"), format!("{pv} >= 2")),
                crate::events::Definition::Ga4 => (
                    format!("({d} IS NOT NULL OR {pv} IS NOT NULL OR {ke} IS NOT NULL)"),
                    format!(
                        "(COALESCE({d}, -1) >= {} OR COALESCE({pv}, -1) >= {} OR COALESCE({ke}, -1) >= {})",
                        n(o.min_engagement_ms),
                        n(o.min_page_views),
                        n(o.min_key_events)
                    ),
                ),
            };
            let [no, yes] = &state_columns[..] else {
                return Err(Error::state("a bounce metric's state columns"));
            };
            // A negative value makes the session invalid (as in bounceRate).
            let bad = format!("(COALESCE({d}, 0) < 0 OR COALESCE({pv}, 0) < 0 OR COALESCE({ke}, 0) < 0)");
            let invalid = invalid_column(&m.name);
            return Ok(format!(
                "SUM(CASE WHEN {present} AND NOT {bad} AND {engaged} THEN 1 ELSE 0 END) AS {no}, \
                 SUM(CASE WHEN {present} AND NOT {bad} AND NOT {engaged} THEN 1 ELSE 0 END) AS {yes}, \
                 SUM(CASE WHEN {present} AND {bad} THEN 1 ELSE 0 END) AS {invalid}"
            ));
        }
        MetricKind::Survey { kpi, column, state_columns, .. } => {
            ident(column, "column")?;
            let min = kpi.scale().min();
            let points: Vec<String> = (0..state_columns.len()).map(|k| (min + k as i32).to_string()).collect();
            let mut parts: Vec<String> =
                state_columns.iter().zip(&points).map(|(c, k)| format!("SUM(CASE WHEN {column} = {k} THEN 1 ELSE 0 END) AS {c}")).collect();
            // Every other answer that is not NULL: out of the scale, a
            // fraction, NaN.
            parts.push(format!(
                "SUM(CASE WHEN {column} IS NULL THEN 0 WHEN {column} IN ({}) THEN 0 ELSE 1 END) AS {}",
                points.join(", "),
                invalid_column(&m.name)
            ));
            return Ok(parts.join(", "));
        }
        MetricKind::Tickets { kpi, columns, options, state_columns } => (*kpi, columns, options, state_columns),
    };
    if options.calendar.is_some() {
        return Err(Error::option(
            "calendar",
            "business time cannot be computed in SQL: compute business durations with businessDurations, store them, and pass their column as `duration`",
        ));
    }
    // The ticket columns, by role (checked as identifiers when used).
    let col = |role: &str| -> Result<&str> {
        let c = ROLES.iter().position(|r| *r == role).map_or("", |i| columns[i].as_str());
        ident(c, role)?;
        Ok(c)
    };
    let sum_if = |cond: String, alias: &str| format!("SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {alias}");
    let sql = if kpi.durations(false).is_some() {
        let d = match duration {
            Some(d) => format!("({d})"),
            None => match kpi {
                TicketKpi::FirstResponse => format!("({} - {})", col("firstResponse")?, col("created")?),
                TicketKpi::Resolution => format!("(COALESCE({}, {}) - {})", col("resolved")?, col("closed")?, col("created")?),
                TicketKpi::Handle => col("handle")?.to_string(),
                _ => col("wait")?.to_string(),
            },
        };
        let [b, c, sum, sq, min, max] = &state_columns[..] else {
            return Err(Error::state("a duration metric's state columns"));
        };
        format!(
            "CASE WHEN {d} >= 1 THEN CAST(CEIL(LN({d}) / LN({g:?})) AS INTEGER) ELSE 0 END AS {b}, COUNT({d}) AS {c}, SUM(CAST({d} AS DOUBLE)) AS {sum}, \
             SUM(CAST({d} AS DOUBLE) * {d}) AS {sq}, MIN({d}) AS {min}, MAX({d}) AS {max}",
            g = crate::stats::sketch::GAMMA
        )
    } else {
        let [yes, all] = &state_columns[..] else {
            return Err(Error::option("kind", "is an SLA metric, which has no state: group the tickets themselves"));
        };
        let done = || -> Result<String> { Ok(format!("COALESCE({}, {}) IS NOT NULL", col("resolved")?, col("closed")?)) };
        match kpi {
            TicketKpi::Fcr => {
                let (r, o) = (col("replies")?, col("reopens")?);
                let base = format!("{} AND {r} IS NOT NULL", done()?);
                let max = crate::error::num(options.fcr_max_replies);
                format!("{}, {}", sum_if(format!("{base} AND {r} <= {max} AND COALESCE({o}, 0) = 0"), yes), sum_if(base, all))
            }
            TicketKpi::Reopen => {
                let o = col("reopens")?;
                format!("{}, {}", sum_if(format!("{} AND COALESCE({o}, 0) <> 0", done()?), yes), sum_if(done()?, all))
            }
            _ => {
                let a = format!("CAST({} AS INTEGER)", col("abandoned")?);
                let short = if options.short_abandon_ms > 0.0 {
                    format!("({a} = 1 AND {w} IS NOT NULL AND {w} < {ms})", w = col("wait")?, ms = crate::error::num(options.short_abandon_ms))
                } else {
                    "(1 = 0)".to_string()
                };
                format!("{}, {}", sum_if(format!("{a} = 1 AND NOT {short}"), yes), sum_if(format!("{a} IS NOT NULL AND NOT {short}"), all))
            }
        }
    };
    Ok(sql)
}

/// The names a metric kind is written with, in the order messages list them.
pub const KINDS: [&str; 15] =
    ["nps", "enps", "csat", "ces", "conversion", "cartAbandonment", "bounce", "firstResponse", "resolution", "handle", "wait", "fcr", "reopen", "abandonment", "sla"];

/// Names that rows use for themselves; no key or metric may take them.
pub const RESERVED: [&str; 4] = ["period", "periodStart", "periodEnd", "complete"];

/// Keys of a bounce metric that are not options of `bounceRate`: its
/// session columns.
const BOUNCE_KEYS: &[&str] = &["kind", "durationMs", "pageViews", "keyEvents"];
/// … and of `sqlStates`'s options.
const BOUNCE_SQL_KEYS: &[&str] = &["kind", "name", "durationMs", "pageViews", "keyEvents"];

fn o_obj_get<'a>(v: &Value<'a>, key: &str) -> Option<Value<'a>> {
    match v.get() {
        V::Object(o) => o.get(key),
        _ => None,
    }
}

/// Keys of a survey metric that are not options of its KPI.
const SURVEY_KEYS: &[&str] = &["kind", "column"];
/// … and of `sqlStates`'s options.
const SQL_KEYS: &[&str] = &["kind", "column", "name"];
/// Keys of a ticket metric that are not options of `ticketMetrics`.
const TICKET_KEYS: &[&str] =
    &["kind", "created", "firstResponse", "resolved", "closed", "handle", "wait", "replies", "reopens", "abandoned", "status", CALENDAR_COLUMN_KEY];
/// The key of a ticket metric that names the column of each ticket's
/// calendar among `calendars` (default `"calendar"`). Not a role: the
/// metric's `calendar` is the default calendar itself.
const CALENDAR_COLUMN_KEY: &str = "calendarColumn";
/// … and of `sqlStates`'s options for a ticket metric.
const TICKET_SQL_KEYS: &[&str] =
    &["kind", "name", "duration", "created", "firstResponse", "resolved", "closed", "handle", "wait", "replies", "reopens", "abandoned", "status"];

fn refuse_skip(invalid: InvalidPolicy, path: &str) -> Result<()> {
    if invalid == InvalidPolicy::Skip {
        return Err(Error::option(format!("{path}.invalid"), "is set once for the whole call: pass `invalid` in groupKpis's options"));
    }
    Ok(())
}

/// A name given in the spec, or the error of a string that is not text
/// (half of a UTF-16 pair: read as U+FFFD, two different names would be one).
fn text_of(s: crate::wire::Str<'_>, path: &str) -> Result<String> {
    s.text().map_err(|e| Error::option(path.to_string(), e.rule()))
}

fn string_of(v: &Value<'_>, path: &str) -> Result<String> {
    match v.get() {
        V::Str(s) if !s.is_empty() => text_of(s, path),
        _ => Err(Error::option(path.to_string(), format!("must be a column name (a non-empty string); got {}", v.describe()))),
    }
}

fn metric(name: String, v: Value<'_>, from_states: bool) -> Result<MetricSpec> {
    let path = format!("metrics.{}", crate::error::echo(&name));
    let V::Object(o) = v.get() else {
        return Err(Error::InvalidType {
            field: path.into(),
            index: None,
            expected: "an object { kind, column, ...options }".into(),
            found: v.describe().into(),
        });
    };
    let kind = match o.get("kind").map(|k| k.get()) {
        Some(V::Str(s)) => s.string(),
        _ => {
            return Err(Error::option(
                format!("{path}.kind"),
                format!("must be one of \"{}\"", KINDS.join("\", \"")),
            ))
        }
    };
    metric_of_kind(name, &kind, v, &path, from_states, SURVEY_KEYS)
}

/// A metric of kind `kind` named `name`, its columns and options read from
/// `v` (at `path`).
fn metric_of_kind(name: String, kind: &str, v: Value<'_>, path: &str, from_states: bool, keys: &'static [&'static str]) -> Result<MetricSpec> {
    let V::Object(o) = v.get() else {
        return Err(Error::InvalidType { field: path.to_string().into(), index: None, expected: "an object".into(), found: v.describe().into() });
    };
    let path = path.to_string();
    let column = || -> Result<String> {
        match o.get("column") {
            Some(c) if !(from_states && c.is_nullish()) => string_of(&c, &format!("{path}.column")),
            _ if from_states => Ok(String::new()),
            _ => Err(Error::option(format!("{path}.column"), "is required: the column of scores")),
        }
    };
    let survey = |kpi: SurveyKpi| -> Result<MetricKind> {
        let scale = kpi.scale();
        let state_columns = (scale.min()..=scale.max()).map(|k| state_column(&name, k)).collect();
        let outside = if from_states { outside_columns(&name, scale) } else { Vec::new() };
        Ok(MetricKind::Survey { kpi, column: column()?, state_columns, outside, invalid: invalid_column(&name) })
    };
    let kind = match kind {
        "nps" | "enps" => {
            let o: NpsOptions = from_value_except(v, &path, Ctx::OPTIONS, keys)?;
            refuse_skip(o.invalid, &path)?;
            o.validate()?;
            survey(SurveyKpi::Nps(o, if kind == "nps" { Scale::NPS } else { Scale::ENPS }))?
        }
        "csat" => {
            let o: CsatOptions = from_value_except(v, &path, Ctx::OPTIONS, keys)?;
            refuse_skip(o.invalid, &path)?;
            o.satisfied_from()?;
            crate::kpi::check_level(o.confidence)?;
            survey(SurveyKpi::Csat(o))?
        }
        "bounce" => {
            let bounce_keys = if keys == SQL_KEYS { BOUNCE_SQL_KEYS } else { BOUNCE_KEYS };
            let o: crate::events::BounceOptions = from_value_except(v, &path, Ctx::OPTIONS, bounce_keys)?;
            refuse_skip(o.invalid, &path)?;
            crate::kpi::check_level(o.confidence)?;
            crate::events::check_thresholds(&o)?;
            if o.method != crate::rates::IntervalMethod::Wilson {
                return Err(Error::option(format!("{path}.method"), "is Wilson's in groupKpis, as for every rate"));
            }
            let mut columns: [String; 3] = Default::default();
            for (c, role) in columns.iter_mut().zip(crate::events::SESSION_FIELDS) {
                *c = match o_obj_get(&v, role) {
                    Some(c) if !c.is_nullish() => string_of(&c, &format!("{path}.{role}"))?,
                    _ => role.to_string(),
                };
            }
            let scale = Scale::OUTCOMES.named("bounce");
            let state_columns = (scale.min()..=scale.max()).map(|k| state_column(&name, k)).collect();
            let column = if from_states { String::new() } else { bounce_column(&name) };
            MetricKind::Survey { kpi: SurveyKpi::Bounce(Box::new(BounceMetric { options: o, columns })), column, state_columns, outside: Vec::new(), invalid: invalid_column(&name) }
        }
        "conversion" => {
            let o: ConversionOptions = from_value_except(v, &path, Ctx::OPTIONS, keys)?;
            survey(SurveyKpi::Conversion(crate::kpi::check_level(o.confidence)?))?
        }
        "cartAbandonment" => {
            let o: ConversionOptions = from_value_except(v, &path, Ctx::OPTIONS, keys)?;
            survey(SurveyKpi::CartAbandonment(crate::kpi::check_level(o.confidence)?))?
        }
        "ces" => {
            let o: CesOptions = from_value_except(v, &path, Ctx::OPTIONS, keys)?;
            refuse_skip(o.invalid, &path)?;
            crate::survey::ces_from_tally(&crate::survey::Tally::new(o.scale), &o)?;
            survey(SurveyKpi::Ces(o))?
        }
        k => {
            let kpi = match k {
                "firstResponse" => TicketKpi::FirstResponse,
                "resolution" => TicketKpi::Resolution,
                "handle" => TicketKpi::Handle,
                "wait" => TicketKpi::Wait,
                "fcr" => TicketKpi::Fcr,
                "reopen" => TicketKpi::Reopen,
                "abandonment" => TicketKpi::Abandonment,
                "sla" => TicketKpi::Sla,
                other => {
                    return Err(Error::option(
                        format!("{path}.kind"),
                        format!("must be one of \"{}\"; got \"{}\"", KINDS.join("\", \""), crate::error::echo(other)),
                    ))
                }
            };
            if from_states && kpi == TicketKpi::Sla {
                return Err(Error::option(
                    format!("{path}.kind"),
                    "is an SLA metric, which has no state (its outcomes depend on targets and the time of the call): group the tickets themselves",
                ));
            }
            let ticket_keys = if keys == SQL_KEYS { TICKET_SQL_KEYS } else { TICKET_KEYS };
            let options: TicketOptions = from_value_except(v, &path, Ctx::OPTIONS, ticket_keys)?;
            refuse_skip(options.invalid, &path)?;
            if options.backlog.is_some() {
                return Err(Error::option(format!("{path}.backlog"), "is not a grouped metric: call ticketMetrics for a backlog series"));
            }
            if !options.calendars.is_empty() && (from_states || keys == SQL_KEYS) {
                return Err(Error::option(
                    format!("{path}.calendars"),
                    "are read per ticket, from its row: a state has no tickets (measure business time before the states are made, or group the tickets themselves)",
                ));
            }
            if kpi == TicketKpi::Sla && options.sla.is_none() {
                return Err(Error::option(format!("{path}.sla"), "is required for an SLA metric: { firstResponseMs?, resolutionMs?, time? }"));
            }
            options.validate()?;
            let mut columns = Vec::with_capacity(ROLES.len());
            for (role, field) in ROLES.iter().zip(TICKET_FIELDS) {
                columns.push(match o.get(role) {
                    Some(c) if !c.is_nullish() => string_of(&c, &format!("{path}.{role}"))?,
                    _ => field.to_string(),
                });
            }
            // With `calendars`, each ticket's calendar name: a column past
            // the others (the ticket table's last).
            if !options.calendars.is_empty() {
                columns.push(match o.get(CALENDAR_COLUMN_KEY) {
                    Some(c) if !c.is_nullish() => string_of(&c, &format!("{path}.{CALENDAR_COLUMN_KEY}"))?,
                    _ => TICKET_FIELDS[ROLES.len()].to_string(),
                });
            } else if o.get(CALENDAR_COLUMN_KEY).is_some_and(|c| !c.is_nullish()) {
                return Err(Error::option(format!("{path}.{CALENDAR_COLUMN_KEY}"), "names the column of each ticket's calendar, which only `calendars` use"));
            }
            let state_columns = kpi.state_columns(&name);
            MetricKind::Tickets { kpi, columns, options: Box::new(options), state_columns }
        }
    };
    Ok(MetricSpec { name, kind })
}

impl<'a> crate::wire::args::Arg<'a> for GroupSpec {
    fn read(v: Value<'a>, _name: &'static str) -> Result<Self> {
        GroupSpec::from_options(v, false)
    }
}

/// The options of `groupKpisFromStates`: those of `groupKpis`, read for
/// state rows (a metric needs no `column`).
#[derive(Debug, Clone)]
pub struct StateSpec(pub GroupSpec);

impl<'a> crate::wire::args::Arg<'a> for StateSpec {
    fn read(v: Value<'a>, _name: &'static str) -> Result<Self> {
        GroupSpec::from_options(v, true).map(StateSpec)
    }
}

impl GroupSpec {
    /// Reads the options of a grouping of answers, or of states.
    ///
    /// # Errors
    /// `INVALID_OPTION` and `INVALID_TYPE` naming the option at fault.
    pub fn from_options(v: Value<'_>, from_states: bool) -> Result<Self> {
        let V::Object(o) = v.get() else {
            return Err(Error::InvalidType {
                field: "options".into(),
                index: None,
                expected: "an object { by, metrics, ... }".into(),
                found: v.describe().into(),
            });
        };
        let js: GroupJs = from_value_except(v, "", Ctx::OPTIONS, &["by", "metrics"])?;
        let by = match o.get("by").map(|b| (b, b.get())) {
            Some((_, V::Array(a))) => a.items().collect::<Vec<_>>(),
            Some((_, V::Column(c))) if c.is_empty() => Vec::new(),
            Some((b, _)) if !b.is_nullish() => {
                return Err(Error::InvalidType {
                    field: "by".into(),
                    index: None,
                    expected: "an array of keys: column names, and at most one { time, every, timeZone? }".into(),
                    found: b.describe().into(),
                })
            }
            _ => return Err(Error::option("by", "is required: an array of keys, e.g. [\"segment\", { time: \"createdAt\", every: \"month\" }] (or [] for one group)")),
        };
        let mut keys = Vec::with_capacity(by.len());
        for (i, k) in by.into_iter().enumerate() {
            let path = format!("by[{i}]");
            keys.push(match k.get() {
                V::Str(_) => KeySpec::Label(string_of(&k, &path)?),
                V::Object(_) => {
                    let t: TimeKeyJs = from_value_except(k, &path, Ctx::OPTIONS, &[])?;
                    let tz = match &t.time_zone {
                        Some(name) => time_zone(name, "by.timeZone")?,
                        None => jiff::tz::TimeZone::UTC,
                    };
                    if t.fiscal_year_start.is_some() && !matches!(t.every, Period::FiscalQuarter | Period::FiscalYear) {
                        return Err(Error::option(format!("{path}.fiscalYearStart"), "applies to every: \"fiscal-quarter\" or \"fiscal-year\""));
                    }
                    if t.time.is_empty() {
                        return Err(Error::option(format!("{path}.time"), "must be a column name (a non-empty string)"));
                    }
                    KeySpec::Time { column: t.time, periods: Periods::new(t.every, t.fiscal_year_start.unwrap_or(1.0), tz)? }
                }
                _ => {
                    return Err(Error::InvalidType {
                        field: path.into(),
                        index: None,
                        expected: "a column name, or { time, every, timeZone?, fiscalYearStart? }".into(),
                        found: k.describe().into(),
                    })
                }
            });
        }
        if keys.iter().filter(|k| matches!(k, KeySpec::Time { .. })).count() > 1 {
            return Err(Error::option("by", "may have one time key"));
        }
        let mut metrics: Vec<MetricSpec> = Vec::new();
        match o.get("metrics").map(|m| (m, m.get())) {
            Some((_, V::Object(m))) => {
                for (name, spec) in m.pairs() {
                    metrics.push(metric(text_of(name, "metrics")?, spec, from_states)?);
                }
            }
            Some((m, _)) if !m.is_nullish() => {
                return Err(Error::InvalidType {
                    field: "metrics".into(),
                    index: None,
                    expected: "an object of metrics, e.g. { nps: { kind: \"nps\", column: \"score\" } }".into(),
                    found: m.describe().into(),
                })
            }
            _ => {}
        }
        if metrics.is_empty() {
            return Err(Error::option("metrics", "must name at least one metric, e.g. { nps: { kind: \"nps\", column: \"score\" } }"));
        }
        let mut names: Vec<&str> = Vec::new();
        for k in &keys {
            let c = match k {
                KeySpec::Label(c) => c.as_str(),
                KeySpec::Time { .. } => continue,
            };
            names.push(c);
        }
        names.extend(metrics.iter().map(|m| m.name.as_str()));
        for (i, n) in names.iter().enumerate() {
            if RESERVED.contains(n) || names[..i].contains(n) {
                return Err(Error::option(
                    "by",
                    format!(
                        "names \"{}\" twice in a row: keys and metrics need distinct names, other than {}",
                        crate::error::echo(n),
                        RESERVED.join(", ")
                    ),
                ));
            }
        }
        let rolling_days = match js.rolling {
            Some(r) => {
                if !(r.days.fract() == 0.0 && (1.0..=3660.0).contains(&r.days)) {
                    return Err(Error::option("rolling.days", format!("must be a whole number of days from 1 to 3660; got {}", crate::error::num(r.days))));
                }
                match keys.iter().find_map(|k| if let KeySpec::Time { periods, .. } = k { Some(periods) } else { None }) {
                    Some(p) if p.whole_days() => {}
                    Some(_) => return Err(Error::option("rolling", "needs periods of a day or longer")),
                    None => return Err(Error::option("rolling", "needs a time key in `by`")),
                }
                Some(r.days as u32)
            }
            None => None,
        };
        let compare = js.compare == Some(CompareJs::Previous);
        if compare && !keys.iter().any(|k| matches!(k, KeySpec::Time { .. })) {
            return Err(Error::option("compare", "needs a time key in `by` (the previous period of each group)"));
        }
        let adjust = js.adjust == Some(AdjustJs::Bh);
        if adjust && !compare {
            return Err(Error::option("adjust", "adjusts the changes of compare: \"previous\", which is not set"));
        }
        crate::kpi::check_level(js.confidence)?;
        if js.states {
            if let Some(m) = metrics.iter().find(|m| matches!(m.kind, MetricKind::Tickets { kpi: TicketKpi::Sla, .. })) {
                return Err(Error::option(
                    "states",
                    format!("is not available for the SLA metric `{}`: SLA outcomes depend on targets and the time of the call, so they have no state", crate::error::echo(&m.name)),
                ));
            }
        }
        if js.states || from_states {
            // A key's column may not be a state column's name: writing the
            // states would put a count in it, and reading them two things.
            for (i, k) in keys.iter().enumerate() {
                let column = match k {
                    KeySpec::Label(c) => c.as_str(),
                    KeySpec::Time { column, .. } => column.as_str(),
                };
                let clash = metrics.iter().find(|m| {
                    let (own, around): (&[String], Vec<String>) = match &m.kind {
                        MetricKind::Survey { kpi, state_columns, .. } => {
                            let mut around = outside_columns(&m.name, kpi.scale());
                            around.push(invalid_column(&m.name));
                            (state_columns, around)
                        }
                        MetricKind::Tickets { state_columns, .. } => (state_columns, Vec::new()),
                    };
                    own.iter().chain(&around).any(|c| c == column)
                });
                if let Some(m) = clash {
                    return Err(Error::option(
                        format!("by[{i}]"),
                        format!(
                            "names the column \"{}\", which is also a state column of metric `{}`; rename the column (or the metric)",
                            crate::error::echo(column),
                            crate::error::echo(&m.name)
                        ),
                    ));
                }
                if column == super::STATE_VERSION_COLUMN {
                    return Err(Error::option(format!("by[{i}]"), format!("names the column \"{column}\", which states use for their version; rename the column")));
                }
            }
        }
        if let Some(t) = js.as_of {
            crate::time::calendar::timestamp(t, "asOf", None)?;
        }
        Ok(GroupSpec {
            keys,
            metrics,
            compare,
            totals: js.totals,
            fill: js.fill,
            rolling_days,
            adjust,
            invalid: js.invalid,
            drop_missing_keys: js.drop_missing_keys,
            confidence: js.confidence,
            as_of: js.as_of,
            states: js.states,
            from_states,
        })
    }
}

