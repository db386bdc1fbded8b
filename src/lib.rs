//! # cx-metrics
//!
//! Customer-experience KPIs computed exactly and honestly:
//! - [`survey`]: Net Promoter Score (and eNPS), CSAT and Customer Effort Score
//!   with their distributions, confidence intervals, significance tests,
//!   weights, bands and mergeable accumulators;
//! - [`tickets`]: support-ticket timings (first response, resolution, handle,
//!   wait) in calendar and business time over IANA time zones with holidays,
//!   first-contact resolution, reopen and abandonment rates, SLA attainment
//!   and backlog.
//!
//! Every KPI is built on one kernel ([`kpi`]): a mergeable state, an `add`
//! over a typed [`table`], and a `read` under options.
//!
//! The crate is plain Rust. Its JavaScript binding (built with
//! `wasm-bindgen`, in `src/wasm/`) is compiled only for `wasm32` targets, so
//! `cargo test` on any machine tests exactly the code that runs in the
//! browser. [`wire`] is the binding's value model in plain Rust (what
//! JavaScript values look like once copied into wasm memory, and how results
//! are written back), tested natively like the rest.
//!
//! ## Conventions
//! - **No data is not an error.** A statistic that needs at least one answer
//!   is `None` (JavaScript `null`) for an empty sample; nothing ever returns
//!   NaN or a silent 0.
//! - **Bad data is an error** with a stable [`Error::code`], the index of
//!   the offending element and a message that names the rule — unless the
//!   caller asks to skip invalid answers, in which case they are counted.
//! - **Nothing panics on input.** No public function panics for any input
//!   (the panic policy of this crate); the fuzz-style tests in `tests/` feed
//!   arbitrary values to every entry point.
//! - **Percent and points.** Shares are percentages 0–100; NPS is in points
//!   −100..100. Confidence levels are fractions (0.95).
//! - **Every formula cites its source** in the doc comment of the function
//!   that computes it.

#![forbid(unsafe_op_in_unsafe_fn)]
// `!(x >= 0.0)` is deliberate throughout: it is true for NaN, which must fail
// every check.
#![allow(clippy::neg_cmp_op_on_partial_ord)]
// For the same reason `!x.is_nan() && !(x >= 0.0)` and `!(a < x && x < b)`
// are kept as written rather than merged.
#![allow(clippy::nonminimal_bool)]
#![warn(missing_docs)]

pub mod error;
#[cfg(feature = "health")]
pub mod health;
#[cfg(feature = "events")]
pub mod events;
pub mod hash;
#[cfg(feature = "group")]
pub mod group;
pub mod kpi;
#[cfg(feature = "rates")]
pub mod rates;
#[cfg(feature = "revenue")]
pub mod revenue;
pub mod stats;
#[cfg(feature = "survey")]
pub mod survey;
pub mod table;
#[cfg(feature = "tickets")]
pub mod tickets;
pub mod time;
pub mod wire;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{Error, Result};

/// Per-thread state of the engine (caches, the binding's buffers): a
/// `thread_local!` natively; a plain static on single-threaded wasm, where a
/// thread-local costs code and there is only one thread.
macro_rules! local {
    ($(#[$m:meta])* static $name:ident: $t:ty = $init:expr;) => {
        #[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
        thread_local!($(#[$m])* static $name: $t = const { $init });
        #[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
        $(#[$m])*
        static $name: $crate::OneThread<$t> = $crate::OneThread::new($init);
    };
}
pub(crate) use local;

/// A static on a target with one thread (see `local!`).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
pub(crate) struct OneThread<T>(T);

// SAFETY: wasm32 without the atomics feature runs one thread: the value is
// never shared between threads.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl<T> Sync for OneThread<T> {}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
impl<T> OneThread<T> {
    pub(crate) const fn new(v: T) -> Self {
        OneThread(v)
    }
    /// Same shape as `LocalKey::with`.
    #[inline(always)]
    pub(crate) fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.0)
    }
}
