//! SLA attainment (Zendesk): achieved / (achieved + breached), with tickets
//! still waiting counted as pending until their elapsed time passes the
//! target.

use serde::{Deserialize, Serialize};

/// Targets of a service-level agreement. In options:
/// `{ firstResponseMs?, resolutionMs?, time?: "calendar" | "business" }`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
#[serde(from = "SlaSpec")]
pub struct SlaTargets {
    /// First response within this many ms.
    pub first_response_ms: Option<f64>,
    /// Resolution within this many ms.
    pub resolution_ms: Option<f64>,
    /// Measure in business time (needs a calendar) instead of calendar time.
    pub business: bool,
}

/// How SLA time is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum SlaTime {
    #[default]
    Calendar,
    Business,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
#[derive(Default)]
struct SlaSpec {
    first_response_ms: Option<f64>,
    resolution_ms: Option<f64>,
    time: SlaTime,
}

impl From<SlaSpec> for SlaTargets {
    fn from(s: SlaSpec) -> Self {
        SlaTargets { first_response_ms: s.first_response_ms, resolution_ms: s.resolution_ms, business: s.time == SlaTime::Business }
    }
}

/// Attainment of one SLA target.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaResult {
    /// The target, ms.
    pub target_ms: f64,
    /// Tickets that met the target.
    pub achieved: u64,
    /// Tickets that missed it (including open ones already past it at `asOf`).
    pub breached: u64,
    /// Open tickets not yet past the target (or all open ones without `asOf`).
    pub pending: u64,
    /// 100 · achieved / (achieved + breached).
    pub attainment: Option<f64>,
    /// Indices of the breached tickets, in input order.
    pub breached_indices: Vec<usize>,
    /// Indices of the pending tickets, in input order.
    pub pending_indices: Vec<usize>,
    /// When each pending ticket breaches: its creation plus the target, in
    /// calendar or business time (the business due date is the instant the
    /// target's business time has elapsed, as `addBusinessTime`).
    pub due_at: Vec<f64>,
    /// Time left before each pending ticket breaches at `asOf`, in the
    /// SLA's time (business ms for a business SLA); `null` without `asOf`.
    pub time_to_breach_ms: Vec<Option<f64>>,
}

/// SLA report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaReport {
    /// `"calendar"` or `"business"`.
    pub time: &'static str,
    /// First-response target, if one was set.
    pub first_response: Option<SlaResult>,
    /// Resolution target, if one was set.
    pub resolution: Option<SlaResult>,
}

/// SLA outcomes of the tickets measured so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SlaCounter {
    achieved: u64,
    pending: u64,
    breached: Vec<usize>,
    /// Pending tickets: index, due instant, time left.
    waiting: Vec<(usize, f64, Option<f64>)>,
}

impl SlaCounter {
    /// Counts ticket `i`: `elapsed` is the time to the event, if it
    /// happened; `so_far` the time elapsed at `asOf` for a ticket still
    /// waiting; `due` gives its due instant (asked only when it is
    /// pending).
    ///
    /// # Errors
    /// What `due` returns.
    pub fn count(&mut self, i: usize, target: f64, elapsed: Option<f64>, so_far: Option<f64>, due: impl FnOnce() -> crate::Result<f64>) -> crate::Result<()> {
        match (elapsed, so_far) {
            (Some(e), _) if e <= target => self.achieved += 1,
            (Some(_), _) => self.breached.push(i),
            (None, Some(s)) if s > target => self.breached.push(i),
            (None, _) => {
                self.pending += 1;
                self.waiting.push((i, due()?, so_far.map(|s| target - s)));
            }
        }
        Ok(())
    }

    /// Adds the outcomes of later tickets whose indices start at `offset`.
    pub fn merge(&mut self, other: &SlaCounter, offset: usize) {
        self.achieved += other.achieved;
        self.pending += other.pending;
        self.breached.extend(other.breached.iter().map(|i| i + offset));
        self.waiting.extend(other.waiting.iter().map(|&(i, d, t)| (i + offset, d, t)));
    }

    /// The attainment of `target`.
    pub fn result(&self, target: f64) -> SlaResult {
        let breached = self.breached.len() as u64;
        let decided = self.achieved + breached;
        SlaResult {
            target_ms: target,
            achieved: self.achieved,
            breached,
            pending: self.pending,
            attainment: (decided > 0).then(|| 100.0 * self.achieved as f64 / decided as f64),
            breached_indices: self.breached.clone(),
            pending_indices: self.waiting.iter().map(|w| w.0).collect(),
            due_at: self.waiting.iter().map(|w| w.1).collect(),
            time_to_breach_ms: self.waiting.iter().map(|w| w.2).collect(),
        }
    }
}
