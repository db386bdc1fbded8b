//! Backlog series: tickets created, resolved and open per local period.

use crate::error::{Error, Result};
use crate::kpi::de_error;
use crate::time::calendar::{time_zone, timestamp};
use crate::time::{Period, Periods};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// A backlog series request: periods from the one containing `from` up to
/// `to`, in `time_zone`. In options:
/// `{ from, to, every, timeZone? }`, `every` one of the [`Period`]s
/// (fiscal years start in January here).
#[derive(Debug, Clone)]
pub struct BacklogSpec {
    /// First instant (epoch ms).
    pub from: f64,
    /// Last instant (epoch ms).
    pub to: f64,
    /// Period length.
    pub every: Period,
    /// Zone whose local days/weeks/months delimit the periods (default: the
    /// calendar's, else UTC).
    pub time_zone: Option<TimeZone>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct BacklogJs {
    #[serde(deserialize_with = "crate::kpi::instant")]
    from: f64,
    #[serde(deserialize_with = "crate::kpi::instant")]
    to: f64,
    every: Period,
    #[serde(default)]
    time_zone: Option<String>,
}

impl<'de> Deserialize<'de> for BacklogSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let b = BacklogJs::deserialize(d)?;
        let time_zone = match b.time_zone {
            Some(name) => Some(time_zone(&name, "backlog.timeZone").map_err(de_error)?),
            None => None,
        };
        Ok(BacklogSpec { from: b.from, to: b.to, every: b.every, time_zone })
    }
}

impl BacklogSpec {
    pub(crate) fn validate(&self) -> Result<()> {
        timestamp(self.from, "backlog.from", None)?;
        timestamp(self.to, "backlog.to", None)?;
        if self.to < self.from {
            return Err(Error::option("backlog.to", "must not be before backlog.from"));
        }
        Ok(())
    }
}

/// One period of a backlog series.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BacklogPoint {
    /// Start of the period (epoch ms, inclusive).
    pub start: f64,
    /// End of the period (epoch ms, exclusive).
    pub end: f64,
    /// Tickets created in the period.
    pub created: u64,
    /// Tickets resolved (or closed) in the period.
    pub resolved: u64,
    /// Tickets open at the end of the period.
    pub open: u64,
}

/// Counts per period of `spec` in `tz`: created, resolved, open at the end.
/// Period boundaries are local midnights (month and week starts) found by
/// the "compatible" rule, so a day has 23 or 25 hours across a clock change;
/// hours are counted on the timeline.
///
/// # Errors
/// `INVALID_OPTION` for bounds out of range or more than 100 000 periods.
pub fn backlog_series(mut created: Vec<f64>, mut done: Vec<f64>, spec: &BacklogSpec, tz: &TimeZone) -> Result<Vec<BacklogPoint>> {
    spec.validate()?;
    let from = timestamp(spec.from, "backlog.from", None)?;
    created.sort_unstable_by(f64::total_cmp);
    done.sort_unstable_by(f64::total_cmp);
    let before = |v: &[f64], t: f64| v.partition_point(|&x| x < t) as u64;
    let periods = Periods { every: spec.every, fiscal_start: 1, tz: tz.clone() };
    let mut id = periods.id_of(from.as_millisecond() as f64)?;
    let mut out = Vec::new();
    loop {
        let start = periods.start(id)?;
        if start > spec.to {
            break;
        }
        if out.len() >= 100_000 {
            return Err(Error::option("backlog", "would have more than 100 000 periods; use a longer period"));
        }
        let end = periods.end(id)?;
        if end <= start {
            // A day the zone skipped (Pacific/Kiritimati's 1994-12-31)
            // never happened: no period (it was an hour overlapping the next).
            id = periods.next(id)?;
            continue;
        }
        out.push(BacklogPoint {
            start,
            end,
            created: before(&created, end) - before(&created, start),
            resolved: before(&done, end) - before(&done, start),
            open: before(&created, end).saturating_sub(before(&done, end)),
        });
        id = periods.next(id)?;
        if end > spec.to {
            break;
        }
    }
    Ok(out)
}
