//! Bounce rate of sessions.
//!
//! - **GA4** (`definition: "ga4"`, the default): bounce rate = 1 − engaged
//!   sessions ÷ sessions, where a session is *engaged* when it lasted at
//!   least 10 s (`durationMs`, GA4's engagement time), had at least 2 page
//!   or screen views (`pageViews`), or at least 1 key event (`keyEvents`).
//!   Google Analytics Help, "Engaged sessions" and "Bounce rate" (GA4); the
//!   thresholds are options, as GA4 lets a property raise the 10 s.
//! - **Single page** (`"single-page"`, Universal Analytics): sessions with
//!   fewer than 2 page views ÷ sessions.
//!
//! The interval is a binomial interval of the bounce rate
//! ([`proportion_interval`](crate::rates::proportion_interval)).

use crate::error::{num, Error, Result};
use crate::kpi::{check_level, share, ConfidenceInterval, InvalidEntry, InvalidPolicy, Rejects};
use crate::rates::{count, IntervalMethod};
use crate::table::{Field, Kind, Schema, Table};
use serde::{Deserialize, Serialize};

/// The columns of a table of sessions.
pub const SESSIONS: Schema<'static> = Schema {
    name: "sessions",
    fields: &[
        Field { name: "durationMs", kind: Kind::Number, required: false },
        Field { name: "pageViews", kind: Kind::Number, required: false },
        Field { name: "keyEvents", kind: Kind::Number, required: false },
    ],
    text_cells: false,
};

/// Which bounce rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Definition {
    /// GA4: sessions that were not engaged.
    #[default]
    Ga4,
    /// Sessions with a single page view.
    SinglePage,
}

/// Options of `bounceRate`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct BounceOptions {
    /// `"ga4"` (default) or `"single-page"`.
    pub definition: Definition,
    /// GA4: engaged from this many ms (10 000).
    pub min_engagement_ms: f64,
    /// GA4: engaged from this many page views (2).
    pub min_page_views: f64,
    /// GA4: engaged from this many key events (1).
    pub min_key_events: f64,
    /// Confidence level (0.95).
    pub confidence: f64,
    /// Interval method (Wilson).
    pub method: IntervalMethod,
    /// What to do with an invalid session (default: error).
    pub invalid: InvalidPolicy,
}

impl Default for BounceOptions {
    fn default() -> Self {
        BounceOptions {
            definition: Definition::Ga4,
            min_engagement_ms: 10_000.0,
            min_page_views: 2.0,
            min_key_events: 1.0,
            confidence: 0.95,
            method: IntervalMethod::default(),
            invalid: InvalidPolicy::Error,
        }
    }
}

/// The input of `bounceRate`: sessions, or counts.
pub enum Sessions<'a> {
    /// A table of sessions.
    Table(Table<'a>),
    /// `{ sessions, engagedSessions }` or `{ sessions, bounces }`.
    Counts {
        /// Sessions.
        sessions: f64,
        /// Engaged sessions, if given.
        engaged: Option<f64>,
        /// Bounces, if given.
        bounces: Option<f64>,
    },
}

impl<'a> crate::wire::args::Arg<'a> for Sessions<'a> {
    const SCHEMA: Option<&'static Schema<'static>> = Some(&SESSIONS);
    fn read(v: crate::wire::Value<'a>, name: &'static str) -> Result<Self> {
        use crate::wire::{args::number_field, V};
        if let V::Object(o) = v.get() {
            if o.get("sessions").is_some_and(|s| matches!(s.get(), V::Number(_))) {
                let optional = |k: &'static str| match o.get(k) {
                    Some(x) if !x.is_nullish() => number_field(&o, k, name).map(Some),
                    _ => Ok(None),
                };
                return Ok(Sessions::Counts {
                    sessions: number_field(&o, "sessions", name)?,
                    engaged: optional("engagedSessions")?,
                    bounces: optional("bounces")?,
                });
            }
        }
        crate::wire::table::read_table(v, &SESSIONS).map(Sessions::Table)
    }
}

/// The session fields, in the order [`session_outcome`] reads them.
pub const SESSION_FIELDS: [&str; 3] = ["durationMs", "pageViews", "keyEvents"];

/// Whether a session bounced, from its engagement time, page views and
/// key events (NaN: missing), by the definition in `o`: `None` when the
/// session has none of the fields the definition reads.
///
/// # Errors
/// `INVALID_VALUE` for a negative or infinite value, naming `names[k]`
/// (the column) and row `i`.
pub fn session_outcome(values: [f64; 3], names: [&str; 3], i: usize, o: &BounceOptions) -> Result<Option<bool>> {
    if let Some(k) = values.iter().position(|v| !v.is_nan() && (v.is_infinite() || *v < 0.0)) {
        return Err(Error::InvalidValue {
            field: names[k].to_string().into(),
            index: Some(i),
            detail: format!("is {}; it must be a finite number ≥ 0", num(values[k])).into(),
        });
    }
    let [dur, views, keys] = values;
    Ok(match o.definition {
        Definition::SinglePage if views.is_nan() => None,
        Definition::SinglePage => Some(views < 2.0),
        Definition::Ga4 if dur.is_nan() && views.is_nan() && keys.is_nan() => None,
        // A missing field meets no threshold.
        Definition::Ga4 => Some(!(dur >= o.min_engagement_ms || views >= o.min_page_views || keys >= o.min_key_events)),
    })
}

/// Checks the thresholds of `o`.
///
/// # Errors
/// `INVALID_OPTION` naming the threshold.
pub fn check_thresholds(o: &BounceOptions) -> Result<()> {
    for (v, name) in [(o.min_engagement_ms, "minEngagementMs"), (o.min_page_views, "minPageViews"), (o.min_key_events, "minKeyEvents")] {
        if !(v.is_finite() && v >= 0.0) {
            return Err(Error::option(name, format!("must be a number ≥ 0; got {}", num(v))));
        }
    }
    Ok(())
}

/// The result of `bounceRate`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BounceRate {
    /// Bounces ÷ sessions, percent; `null` without sessions.
    pub rate: Option<f64>,
    /// Sessions that bounced.
    pub bounces: u64,
    /// Sessions.
    pub sessions: u64,
    /// Sessions that did not bounce (GA4's engaged sessions).
    pub engaged_sessions: u64,
    /// Engaged ÷ sessions, percent (100 − rate).
    pub engagement_rate: Option<f64>,
    /// Interval of the bounce rate, percent.
    pub confidence_interval: Option<ConfidenceInterval>,
    /// `"ga4"` or `"single-page"`.
    pub definition: &'static str,
    /// Invalid sessions left out.
    pub skipped: u64,
    /// The first 100 of them.
    pub invalid: Vec<InvalidEntry>,
}

/// `bounceRate(sessions, options)`: see the module docs.
///
/// # Errors
/// `INVALID_OPTION` for bad thresholds or level; `INVALID_COUNT` for counts
/// that are not whole numbers ≥ 0, `INVALID_VALUE` for more engaged
/// sessions or bounces than sessions; under `invalid: "error"`, the first
/// bad session: `MISSING_FIELD` (a GA4 session with no field, or a
/// single-page session without `pageViews`), `INVALID_VALUE` (negative or
/// infinite values).
pub fn bounce_rate(input: &Sessions<'_>, o: &BounceOptions) -> Result<BounceRate> {
    let level = check_level(o.confidence)?;
    check_thresholds(o)?;
    let mut rejects = Rejects::new(o.invalid);
    let (sessions, bounces) = match input {
        Sessions::Counts { sessions, engaged, bounces } => {
            let s = count(*sessions, "sessions.sessions")?;
            let b = match (engaged, bounces) {
                (Some(_), Some(_)) => {
                    return Err(Error::InvalidValue {
                        field: "sessions".into(),
                        index: None,
                        detail: "gives both engagedSessions and bounces; give one".into(),
                    })
                }
                (Some(e), None) => s - count(*e, "sessions.engagedSessions")?,
                (None, Some(b)) => count(*b, "sessions.bounces")?,
                (None, None) => return Err(Error::MissingField { field: "sessions.engagedSessions".into(), index: None }),
            };
            if b < 0.0 || b > s {
                let field = if engaged.is_some() { "sessions.engagedSessions" } else { "sessions.bounces" };
                return Err(Error::InvalidValue { field: field.into(), index: None, detail: format!("is more than sessions ({})", num(s)).into() });
            }
            (s as u64, b as u64)
        }
        Sessions::Table(t) => {
            let col = |f: usize| t.values(f);
            let (d, p, k) = (col(0), col(1), col(2));
            let get = |c: &Option<std::borrow::Cow<'_, [f64]>>, i: usize| c.as_ref().map_or(f64::NAN, |c| c[i]);
            let mut problems = t.problem_cursor();
            let (mut s, mut b) = (0u64, 0u64);
            for i in 0..t.len {
                let (dur, views, keys) = (get(&d, i), get(&p, i), get(&k, i));
                let outcome = match problems.first_at(i) {
                    Some(e) => Err(e.clone()),
                    None => session_outcome([dur, views, keys], SESSION_FIELDS, i, o).and_then(|x| {
                        x.ok_or_else(|| {
                            let field = if o.definition == Definition::SinglePage { "pageViews" } else { "durationMs" };
                            Error::MissingField { field: field.into(), index: Some(i) }
                        })
                    }),
                };
                let bounced = match outcome {
                    Ok(x) => x,
                    Err(e) => {
                        rejects.reject(i, e)?;
                        continue;
                    }
                };
                s += 1;
                b += u64::from(bounced);
            }
            (s, b)
        }
    };
    let rate = share(bounces as f64, sessions as f64);
    Ok(BounceRate {
        rate,
        bounces,
        sessions,
        engaged_sessions: sessions - bounces,
        engagement_rate: share((sessions - bounces) as f64, sessions as f64),
        confidence_interval: crate::rates::interval(bounces as f64, sessions as f64, level, o.method),
        definition: match o.definition {
            Definition::Ga4 => "ga4",
            Definition::SinglePage => "single-page",
        },
        skipped: rejects.skipped,
        invalid: rejects.invalid,
    })
}
