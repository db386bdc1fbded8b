//! The JavaScript binding: the only module that knows about `wasm-bindgen`.
//! Compiled only for `wasm32`.
//!
//! The binding has one path for every export:
//! 1. the JavaScript side (generated from [`cx_meta`] at build time) reads
//!    the arguments — own properties only, each read guarded — into a
//!    message in wasm memory ([`crate::wire`]), in a buffer from
//!    [`cx_message`];
//! 2. [`cx_call`] reads each argument by its declared type
//!    ([`Arg`](crate::wire::args::Arg)), runs the export, and writes the
//!    result, or the error with its code and JavaScript class, to a tape;
//! 3. the JavaScript side builds the result object or throws the error.
//!
//! The engine never calls into JavaScript while it runs, so no caller code
//! (getters, Proxies) can run in the middle of a computation, and no
//! JavaScript exception ever unwinds through wasm frames.
//!
//! Each export is one line of [`exports!`] below. The survey exports are
//! in the survey module only: the grouping module (feature `group`) reads
//! survey states but exports none of the survey functions, which its users
//! import from the survey module.

#[cfg(all(feature = "survey", not(feature = "group")))]
mod accumulators;
mod alloc;

use crate::error::Error;
use crate::kpi::{compute, Metric};
use crate::table::Schema;
use crate::wire::args::{Arg, Options};
use crate::wire::out::Tape;
use crate::wire::table::read_table;
use crate::wire::{Message, Value};
use serde::Serialize;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};
use wasm_bindgen::prelude::*;

/// The JavaScript error class of an error: decided here, not in the core.
/// `RangeError` for a value outside what is allowed, `TypeError` for a value
/// of the wrong kind, `Error` otherwise.
fn js_class(e: &Error) -> &'static str {
    match e {
        Error::ScoreOutOfRange { .. }
        | Error::NotAnInteger { .. }
        | Error::InvalidWeight { .. }
        | Error::LengthMismatch { .. }
        | Error::InvalidCount { .. }
        | Error::NegativeDuration { .. }
        | Error::InvalidDuration { .. }
        | Error::InvalidValue { .. } => "RangeError",
        Error::NotANumber { .. } | Error::InvalidType { .. } => "TypeError",
        _ => "Error",
    }
}

/// An error as JavaScript receives it.
#[derive(Serialize)]
struct ErrorOut<'e> {
    class: &'static str,
    code: &'static str,
    message: String,
    index: Option<usize>,
    field: Option<&'e str>,
}

/// One parameter of an export, as the JavaScript side must read it.
#[derive(Serialize)]
struct ArgMeta {
    name: &'static str,
    /// For a table: the field names to read out of row objects; empty for
    /// a table whose options name its columns (every own key is read).
    fields: Option<Vec<&'static str>>,
    /// Filled by the JavaScript side with the time of the call.
    now: bool,
    /// See [`Arg::NAMED_COLUMNS`].
    named_columns: bool,
}

/// One export: its name, parameters and entry.
struct Export {
    name: &'static str,
    args: fn() -> Vec<ArgMeta>,
    run: for<'a> fn(&[Value<'a>], &mut Tape) -> Result<(), Error>,
}

fn arg_meta<'a, T: Arg<'a>>(name: &'static str) -> ArgMeta {
    let fields = if T::ANY_FIELDS {
        Some(Vec::new())
    } else {
        T::SCHEMA.filter(|s| s.fields.len() > 1).map(|s| s.fields.iter().map(|f| f.name).collect())
    };
    ArgMeta { name, fields, now: T::NOW, named_columns: T::NAMED_COLUMNS }
}

fn write<T: Serialize>(out: &mut Tape, value: &T) -> Result<(), Error> {
    out.write(value).map_err(unwritable)
}

fn unwritable(e: crate::wire::out::OutError) -> Error {
    Error::state(format!("the result could not be written ({e})"))
}

/// An export's result as it is written: the tagged form of any
/// `Serialize` value, or the flat form of one wrapped in [`AsFlat`].
trait WriteOut {
    fn write_out(&self, out: &mut Tape) -> Result<(), Error>;
}

impl<T: Serialize> WriteOut for T {
    fn write_out(&self, out: &mut Tape) -> Result<(), Error> {
        write(out, self)
    }
}

/// A result written in its flat form ([`crate::wire::out::Flat`]).
struct AsFlat<T>(T);

impl<T: crate::wire::out::Flat> WriteOut for AsFlat<T> {
    fn write_out(&self, out: &mut Tape) -> Result<(), Error> {
        out.write_flat(&self.0).map_err(unwritable)
    }
}

fn arg<'a>(args: &[Value<'a>], i: usize) -> Result<Value<'a>, Error> {
    args.get(i).copied().ok_or_else(|| Error::InvalidType {
        field: "arguments".into(),
        index: Some(i),
        expected: "an argument".into(),
        found: "nothing".into(),
    })
}

/// `f(table, options)` for any [`Metric`]: options first (their errors come
/// before the data's), then the table, then add and read.
fn run_metric<'a, M: Metric>(args: &[Value<'a>], out: &mut Tape) -> Result<(), Error> {
    let options = Options::<M::Options>::read(arg(args, 1)?, "options")?.0;
    let table = read_table(arg(args, 0)?, M::SCHEMA)?;
    let result = compute::<M>(&table, &options)?;
    M::write(&result, out).map_err(unwritable)
}

fn metric_args<M: Metric>() -> Vec<ArgMeta> {
    let schema: &'static Schema<'static> = M::SCHEMA;
    vec![
        ArgMeta { name: schema.name, fields: (schema.fields.len() > 1).then(|| schema.fields.iter().map(|f| f.name).collect()), now: false, named_columns: false },
        ArgMeta { name: "options", fields: None, now: false, named_columns: false },
    ]
}

/// Declares the exports, one line each:
/// - `metric name = Type;` for a [`Metric`]: `name(table, options)`;
/// - `fn name(a: A, b: B) => { body };` for anything else: each parameter
///   read by its type's [`Arg`] impl, then `body` (a function or closure of
///   the parameters).
///
/// An export's number is its position here.
macro_rules! exports {
    (@push $v:ident $id:ident) => {};
    (@push $v:ident $id:ident $(#[$cfg:meta])* metric $name:ident = $metric:ty; $($rest:tt)*) => {
        $(#[$cfg])* {
            if $v == $id {
                return Some(Export { name: stringify!($name), args: metric_args::<$metric>, run: run_metric::<$metric> });
            }
            $v += 1;
        }
        exports!(@push $v $id $($rest)*);
    };
    (@push $v:ident $id:ident $(#[$cfg:meta])* fn $name:ident ( $($arg:ident : $ty:ty),* ) => $body:block; $($rest:tt)*) => {
        $(#[$cfg])* {
            #[allow(non_snake_case, unused_mut, unused_variables, unused_assignments)]
            fn run<'a>(args: &[Value<'a>], out: &mut Tape) -> Result<(), Error> {
                let mut i = 0;
                $( let $arg = <$ty as Arg<'a>>::read(arg(args, i)?, stringify!($arg))?; i += 1; )*
                let result = ($body)($($arg),*)?;
                WriteOut::write_out(&result, out)
            }
            // `'a` is used by the parameter types that have it, not by all.
            #[allow(unused_lifetimes, clippy::extra_unused_lifetimes)]
            fn meta<'a>() -> Vec<ArgMeta> {
                vec![$( arg_meta::<'a, $ty>(stringify!($arg)) ),*]
            }
            if $v == $id {
                return Some(Export { name: stringify!($name), args: meta, run });
            }
            $v += 1;
        }
        exports!(@push $v $id $($rest)*);
    };
    ($($entries:tt)*) => {
        /// Export number `id`, if there is one.
        #[allow(unused_assignments)]
        fn export(id: usize) -> Option<Export> {
            let mut n = 0;
            exports!(@push n id $($entries)*);
            None
        }
    };
}

#[cfg(all(feature = "survey", not(feature = "group")))]
use crate::survey::{
    ces_compare_sides, ces_from_counts, csat_compare_sides, csat_from_counts, nps_compare_sides, nps_from, CesOptions, CesSample,
    CompareOptions, CompareSide, CsatOptions, CsatSample, Side,
    NpsCounts, NpsOptions, PointCounts,
};
#[cfg(all(feature = "survey", not(feature = "group")))]
use crate::wire::args::{CountOptions, ReadOptions};
#[cfg(feature = "tickets")]
use crate::time::Calendar;
#[cfg(feature = "tickets")]
use crate::wire::args::{Instant, Instants};
#[cfg(feature = "tickets")]
use crate::wire::out::F64Array;

#[cfg(all(feature = "survey", not(feature = "group")))]
use accumulators as acc;
#[cfg(all(feature = "rates", not(feature = "group")))]
use crate::rates;

exports! {
    #[cfg(all(feature = "survey", not(feature = "group")))] metric nps = crate::survey::Nps;
    #[cfg(all(feature = "survey", not(feature = "group")))] metric enps = crate::survey::Enps;
    #[cfg(all(feature = "survey", not(feature = "group")))] metric csat = crate::survey::Csat;
    #[cfg(all(feature = "survey", not(feature = "group")))] metric ces = crate::survey::Ces;
    #[cfg(all(feature = "survey", not(feature = "group")))] fn npsFromCounts(counts: NpsCounts, options: ReadOptions<NpsOptions>) => { |c, o: ReadOptions<NpsOptions>| nps_from(c, &o.0).map(AsFlat) };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn csatFromCounts(counts: PointCounts, options: CountOptions<CsatOptions>) => { |c, o: CountOptions<CsatOptions>| csat_from_counts(&c, &o.0).map(AsFlat) };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn cesFromCounts(counts: PointCounts, options: CountOptions<CesOptions>) => { |c, o: CountOptions<CesOptions>| ces_from_counts(&c, &o.0).map(AsFlat) };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn npsCompare(a: CompareSide<'a>, b: CompareSide<'a>, options: Options<CompareOptions>) => { |a, b, o: Options<CompareOptions>| nps_compare_sides(&a, &b, &o.0) };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn csatCompare(a: Side<'a, CsatSample>, b: Side<'a, CsatSample>, options: Options<CsatOptions>) => { |a, b, o: Options<CsatOptions>| csat_compare_sides(&a, &b, &o.0) };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn cesCompare(a: Side<'a, CesSample>, b: Side<'a, CesSample>, options: Options<CesOptions>) => { |a, b, o: Options<CesOptions>| ces_compare_sides(&a, &b, &o.0) };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn accNew(kind: acc::Kind, options: Value<'a>) => { acc::new };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn accFromState(kind: acc::Kind, state: Value<'a>, options: Value<'a>) => { acc::from_state };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn accFromCounts(kind: acc::Kind, counts: PointCounts, options: Value<'a>) => { acc::from_counts };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn accAdd(handle: acc::Handle, score: Value<'a>) => { acc::add };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn accAddMany(handle: acc::Handle, scores: Value<'a>) => { acc::add_many };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn accMerge(handle: acc::Handle, other: acc::Handle) => { acc::merge };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn accMergeState(handle: acc::Handle, state: Value<'a>) => { acc::merge_state };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn accResult(handle: acc::Handle, options: Value<'a>) => { acc::result };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn accState(handle: acc::Handle) => { acc::state };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn accInfo(handle: acc::Handle) => { acc::info };
    #[cfg(all(feature = "survey", not(feature = "group")))] fn accFree(handle: acc::Handle) => { acc::free };
    #[cfg(all(feature = "rates", not(feature = "group")))] fn conversionRate(input: rates::Input<'a>, options: Options<rates::RateOptions>) => {
        |i: rates::Input<'a>, o: Options<rates::RateOptions>| rates::conversion_rate(&i, &o.0)
    };
    #[cfg(all(feature = "rates", not(feature = "group")))] fn compareRates(a: rates::Input<'a>, b: rates::Input<'a>, options: Options<rates::RateOptions>) => {
        |a: rates::Input<'a>, b: rates::Input<'a>, o: Options<rates::RateOptions>| rates::compare_rates(&a, &b, &o.0)
    };
    #[cfg(all(feature = "rates", not(feature = "group")))] fn cartAbandonment(counts: rates::CartCounts, options: Options<rates::CartOptions>) => {
        |c: rates::CartCounts, o: Options<rates::CartOptions>| rates::cart_abandonment(&c, &o.0)
    };
    #[cfg(feature = "events")] fn funnel(events: crate::wire::args::OpenTable<'a>, options: Options<crate::events::FunnelOptions>) => {
        |d, o: Options<crate::events::FunnelOptions>| crate::events::funnel_of(d, &o.0)
    };
    #[cfg(feature = "events")] fn cartAbandonment(input: crate::events::CartInput<'a>, options: Options<crate::events::CartEventOptions>) => {
        |i: crate::events::CartInput<'a>, o: Options<crate::events::CartEventOptions>| crate::events::cart_abandonment_of(i, &o.0)
    };
    #[cfg(feature = "events")] fn bounceRate(sessions: crate::events::Sessions<'a>, options: Options<crate::events::BounceOptions>) => {
        |s: crate::events::Sessions<'a>, o: Options<crate::events::BounceOptions>| crate::events::bounce_rate(&s, &o.0)
    };
    #[cfg(feature = "health")] fn healthScores(accounts: crate::wire::args::OpenTable<'a>, spec: Options<crate::health::HealthSpec>, now: crate::wire::args::Now) => {
        |d, s: Options<crate::health::HealthSpec>, now: crate::wire::args::Now| crate::health::health_scores_of(d, &s.0, now.0)
    };
    #[cfg(feature = "health")] fn validateHealthSpec(spec: Value<'a>) => { |v: Value<'a>| Ok::<_, Error>(crate::health::validate_health_spec(v)) };
    #[cfg(feature = "tickets")] metric ticketMetrics = crate::tickets::Tickets;
    #[cfg(feature = "group")] fn groupKpis(data: crate::group::GroupData<'a>, options: crate::group::GroupSpec, now: crate::wire::args::Now) => {
        |d, spec: crate::group::GroupSpec, now: crate::wire::args::Now| crate::group::group_kpis(d, &spec, now.0).map(AsFlat)
    };
    #[cfg(feature = "group")] fn groupKpisFromStates(states: crate::group::GroupData<'a>, options: crate::group::spec::StateSpec, now: crate::wire::args::Now) => {
        |d, spec: crate::group::spec::StateSpec, now: crate::wire::args::Now| crate::group::group_kpis(d, &spec.0, now.0).map(AsFlat)
    };
    #[cfg(feature = "group")] fn sqlStates(kind: crate::wire::args::Text, options: Value<'a>) => {
        |k: crate::wire::args::Text, o: Value<'_>| crate::group::spec::sql_states(&k.0, o)
    };
    #[cfg(feature = "revenue")] fn revenueMetrics(subscriptions: crate::wire::args::TableArg<'a, crate::revenue::Revenue>, options: Options<crate::revenue::RevenueOptions>, now: crate::wire::args::Now) => {
        |t: crate::wire::args::TableArg<'_, crate::revenue::Revenue>, o: Options<crate::revenue::RevenueOptions>, now: crate::wire::args::Now| crate::revenue::revenue_metrics(&t.0, &o.0, now.0)
    };
    #[cfg(feature = "revenue")] fn cohortRetention(subscriptions: crate::wire::args::TableArg<'a, crate::revenue::Revenue>, options: crate::revenue::CohortOptions, now: crate::wire::args::Now) => {
        |t: crate::wire::args::TableArg<'_, crate::revenue::Revenue>, o: crate::revenue::CohortOptions, now: crate::wire::args::Now| crate::revenue::cohort_retention(&t.0, &o, now.0)
    };
    #[cfg(feature = "revenue")] fn bgNbdFit(customers: crate::wire::args::TableArg<'a, crate::revenue::clv::BgNbd>, options: Options<crate::revenue::clv::BgNbdOptions>) => {
        |t: crate::wire::args::TableArg<'_, crate::revenue::clv::BgNbd>, o: Options<crate::revenue::clv::BgNbdOptions>| crate::revenue::clv::bg_nbd_fit(&t.0, &o.0)
    };
    #[cfg(feature = "revenue")] fn rfmSummary(transactions: crate::wire::args::TableArg<'a, crate::revenue::clv::Transactions>, options: Options<crate::revenue::clv::RfmOptions>) => {
        |t: crate::wire::args::TableArg<'_, crate::revenue::clv::Transactions>, o: Options<crate::revenue::clv::RfmOptions>| crate::revenue::clv::rfm_summary(&t.0, &o.0)
    };
    #[cfg(feature = "revenue")] fn gammaGammaFit(customers: crate::wire::args::TableArg<'a, crate::revenue::clv::Spend>, options: Options<crate::revenue::clv::GammaGammaOptions>) => {
        |t: crate::wire::args::TableArg<'_, crate::revenue::clv::Spend>, o: Options<crate::revenue::clv::GammaGammaOptions>| crate::revenue::clv::gamma_gamma_fit(&t.0, &o.0)
    };
    #[cfg(feature = "revenue")] fn clv(customers: crate::wire::args::TableArg<'a, crate::revenue::clv::ClvInput>, options: crate::revenue::clv::ClvArgs) => {
        |t: crate::wire::args::TableArg<'_, crate::revenue::clv::ClvInput>, o: crate::revenue::clv::ClvArgs| crate::revenue::clv::clv(&t.0, &o.0)
    };
    #[cfg(feature = "revenue")] fn purchaseMetrics(transactions: crate::wire::args::TableArg<'a, crate::revenue::clv::Transactions>, options: Options<crate::revenue::clv::PurchaseOptions>, now: crate::wire::args::Now) => {
        |t: crate::wire::args::TableArg<'_, crate::revenue::clv::Transactions>, o: Options<crate::revenue::clv::PurchaseOptions>, now: crate::wire::args::Now| crate::revenue::clv::purchase_metrics(&t.0, &o.0, now.0)
    };
    #[cfg(feature = "tickets")] fn addBusinessTime(start: Instant, ms: f64, calendar: Calendar) => { |s: Instant, m: f64, c: Calendar| c.add_business(s.0, m) };
    #[cfg(feature = "tickets")] fn addBusinessTimes(starts: Instants<'a>, ms: crate::time::business::Amounts<'a>, calendar: Calendar) => {
        |s: Instants<'_>, m: crate::time::business::Amounts<'_>, c: Calendar| crate::time::business::add_business_many(&c, &s.0, &m.0).map(F64Array)
    };
    #[cfg(feature = "tickets")] fn isBusinessTime(instant: Instant, calendar: Calendar) => { |t: Instant, c: Calendar| c.is_business(t.0) };
    #[cfg(feature = "tickets")] fn nextBusinessOpen(instant: Instant, calendar: Calendar) => { |t: Instant, c: Calendar| c.next_open(t.0) };
    #[cfg(feature = "tickets")] fn nextBusinessClose(instant: Instant, calendar: Calendar) => { |t: Instant, c: Calendar| c.next_close(t.0) };
    #[cfg(feature = "tickets")] fn previousBusinessOpen(instant: Instant, calendar: Calendar) => { |t: Instant, c: Calendar| c.previous_open(t.0) };
    #[cfg(feature = "tickets")] fn previousBusinessClose(instant: Instant, calendar: Calendar) => { |t: Instant, c: Calendar| c.previous_close(t.0) };
    #[cfg(feature = "tickets")] fn nextBusinessOpens(instants: Instants<'a>, calendar: Calendar) => {
        |t: Instants<'_>, c: Calendar| crate::time::business::instants_many(&c, &t.0, crate::time::business::Find::NextOpen).map(F64Array)
    };
    #[cfg(feature = "tickets")] fn nextBusinessCloses(instants: Instants<'a>, calendar: Calendar) => {
        |t: Instants<'_>, c: Calendar| crate::time::business::instants_many(&c, &t.0, crate::time::business::Find::NextClose).map(F64Array)
    };
    #[cfg(feature = "tickets")] fn previousBusinessOpens(instants: Instants<'a>, calendar: Calendar) => {
        |t: Instants<'_>, c: Calendar| crate::time::business::instants_many(&c, &t.0, crate::time::business::Find::PreviousOpen).map(F64Array)
    };
    #[cfg(feature = "tickets")] fn previousBusinessCloses(instants: Instants<'a>, calendar: Calendar) => {
        |t: Instants<'_>, c: Calendar| crate::time::business::instants_many(&c, &t.0, crate::time::business::Find::PreviousClose).map(F64Array)
    };
    #[cfg(feature = "tickets")] fn isBusinessTimes(instants: Instants<'a>, calendar: Calendar) => {
        |t: Instants<'_>, c: Calendar| crate::time::business::instants_many(&c, &t.0, crate::time::business::Find::IsBusiness).map(F64Array)
    };
    #[cfg(feature = "tickets")] fn businessIntervals(from: Instant, to: Instant, calendar: Calendar) => {
        |a: Instant, b: Instant, c: Calendar| crate::time::business::business_intervals(&c, a.0, b.0)
    };
    #[cfg(feature = "tickets")] fn zonedInstant(local: crate::wire::args::Text, zone: crate::wire::args::Text) => {
        |l: crate::wire::args::Text, z: crate::wire::args::Text| crate::time::business::zoned_instant(&l.0, &z.0)
    };
    #[cfg(feature = "tickets")] fn businessDays(from: crate::time::business::DayArg, to: crate::time::business::DayArg, calendar: Calendar) => {
        |a: crate::time::business::DayArg, b: crate::time::business::DayArg, c: Calendar| crate::time::business::business_days_between(a, b, &c)
    };
    #[cfg(feature = "tickets")] fn addBusinessDays(date: crate::time::business::DayArg, n: f64, calendar: Calendar) => {
        |d: crate::time::business::DayArg, n: f64, c: Calendar| crate::time::business::add_business_days_to(d, n, &c)
    };
    #[cfg(feature = "tickets")] fn publicHolidays(country: crate::wire::args::Text, options: Options<crate::time::holidays::ListOptions>, now: crate::wire::args::Now) => {
        |c: crate::wire::args::Text, o: Options<crate::time::holidays::ListOptions>, now: crate::wire::args::Now| crate::time::holidays::public_holidays(&c.0, &o.0, now.0)
    };
    #[cfg(feature = "tickets")] fn businessDuration(start: Instant, end: Instant, calendar: Calendar) => { |s: Instant, e: Instant, c: Calendar| c.business_ms(s.0, e.0) };
    #[cfg(feature = "tickets")] fn businessDurations(starts: Instants<'a>, ends: Instants<'a>, calendar: Calendar) => {
        |s: Instants<'_>, e: Instants<'_>, c: Calendar| crate::tickets::business_durations(&c, &s.0, &e.0).map(F64Array)
    };
}

/// The exports, in their numbering.
fn exports() -> impl Iterator<Item = Export> {
    (0..).map_while(export)
}

// ---------------------------------------------------------------- the runtime

/// The program's static data, `[__global_base, __data_end)`: strings there
/// (names, codes) are numbered once for the JavaScript side. The stack is
/// outside it, wherever the linker puts it.
fn static_data() -> (usize, usize) {
    extern "C" {
        static __global_base: u8;
        static __data_end: u8;
    }
    (std::ptr::addr_of!(__global_base) as usize, std::ptr::addr_of!(__data_end) as usize)
}

crate::local! {
    static MESSAGE: RefCell<Vec<u64>> = RefCell::new(Vec::new());
}
crate::local! {
    static OUT: RefCell<Tape> = RefCell::new(Tape::new(0, 0));
}

/// `[status, tape address, tape slots, strings address, shape definitions
/// address, their slots]`; status 0 for a result, 1 for an error, 2 for the
/// columns a deferred table is to be sent with ([`crate::wire::Tag::Deferred`]).
static HEADER: [AtomicU32; 6] = [const { AtomicU32::new(0) }; 6];

/// Largest message: 2 GiB (wasm memory is 4 GiB at most).
const MAX_MESSAGE: usize = 1 << 31;

/// A message buffer larger than this (bytes) is given back when a later
/// message needs less than a quarter of it. The JavaScript side reads it
/// from [`cx_meta`], to ask for a buffer again only then or to grow it.
const BIG_MESSAGE: usize = 16 << 20;

/// A buffer of at least `bytes` bytes (8-aligned) for the next message; its
/// address, or 0 when that much memory cannot be had. Reused between calls.
#[wasm_bindgen]
pub fn cx_message(bytes: u32) -> u32 {
    let words = (bytes as usize).div_ceil(8);
    if bytes as usize > MAX_MESSAGE {
        return 0;
    }
    MESSAGE.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() * 8 > BIG_MESSAGE && words < m.len() / 4 {
            // A big message earlier: give most of it back.
            *m = Vec::new();
        }
        let have = m.len();
        if have < words {
            if m.try_reserve_exact(words - have).is_err() {
                return 0;
            }
            m.resize(words, 0);
        }
        m.as_ptr() as u32
    })
}

fn finish(status: u32) -> u32 {
    OUT.with(|o| {
        let mut o = o.borrow_mut();
        // The tape is handed over: its new shapes go with it.
        o.commit();
        HEADER[0].store(status, Ordering::Relaxed);
        HEADER[1].store(o.slots.as_ptr() as u32, Ordering::Relaxed);
        HEADER[2].store(o.slots.len() as u32, Ordering::Relaxed);
        HEADER[3].store(o.strings.as_ptr() as u32, Ordering::Relaxed);
        HEADER[4].store(o.defs.as_ptr() as u32, Ordering::Relaxed);
        HEADER[5].store(o.defs.len() as u32, Ordering::Relaxed);
    });
    HEADER.as_ptr() as u32
}

fn fail(e: &Error) -> u32 {
    OUT.with(|o| {
        let mut o = o.borrow_mut();
        o.clear();
        let out = ErrorOut { class: js_class(e), code: e.code(), message: e.to_string(), index: e.index(), field: e.field() };
        // An error always has a form on the tape.
        let _ = o.write(&out);
    });
    finish(1)
}

/// Runs export `id` on the message in the buffer: `slots` value slots,
/// `units` UTF-16 units, then bulk data; `argc` arguments. Returns the
/// address of the header (`[status, tape, slots, strings]`).
#[wasm_bindgen]
pub fn cx_call(id: u32, slots: u32, units: u32, argc: u32) -> u32 {
    let result = MESSAGE.with(|m| {
        let m = m.borrow();
        let malformed =
            || Error::InvalidType { field: "arguments".into(), index: None, expected: "arguments cx-metrics can read".into(), found: "a malformed call".into() };
        let msg = Message::from_words(&m, slots as usize, units as usize).map_err(|_| malformed())?;
        let args = msg.args(argc as usize).map_err(|_| malformed())?;
        let export = export(id as usize).ok_or_else(malformed)?;
        #[cfg(feature = "tables")]
        let _ = crate::wire::table::take_wanted();
        OUT.with(|o| {
            let mut o = o.borrow_mut();
            o.clear();
            (export.run)(&args, &mut o)
        })
    });
    // A table sent later (rows whose properties the options name): the
    // columns to send, status 2.
    #[cfg(feature = "tables")]
    if let Some(names) = crate::wire::table::take_wanted() {
        OUT.with(|o| {
            let mut o = o.borrow_mut();
            o.clear();
            let _ = o.write(&names);
        });
        return finish(2);
    }
    match result {
        Ok(()) => finish(0),
        Err(e) => fail(&e),
    }
}

/// What the JavaScript side is generated from.
#[derive(Serialize)]
struct Meta {
    exports: Vec<ExportMeta>,
    accumulators: Vec<ClassMeta>,
    codes: &'static [&'static str],
    tags: Vec<(&'static str, u8)>,
    column_kinds: Vec<(&'static [&'static str], u8)>,
    out_tags: Vec<(&'static str, u8)>,
    /// The flat structs, numbered by position: name and fields (name, kind,
    /// the nested struct's name).
    flats: Vec<FlatMeta>,
    /// See [`BIG_MESSAGE`].
    big_message: usize,
}

/// A flat struct as the reader builds it.
#[derive(Serialize)]
struct FlatMeta {
    name: &'static str,
    fields: Vec<(&'static str, &'static str, Option<&'static str>)>,
}

fn flat_meta() -> Vec<FlatMeta> {
    use crate::wire::out::FlatKind;
    crate::wire::out::flat_shapes()
        .iter()
        .map(|s| FlatMeta {
            name: s.name,
            fields: s
                .fields
                .iter()
                .map(|&(k, kind)| match kind {
                    FlatKind::Num => (k, "num", None),
                    FlatKind::Nums => (k, "nums", None),
                    FlatKind::Nested(inner) => (k, "nested", Some(inner.name)),
                    FlatKind::Value => (k, "value", None),
                })
                .collect(),
        })
        .collect()
}

/// An accumulator class as the JavaScript side declares it.
#[derive(Serialize)]
pub(crate) struct ClassMeta {
    pub(crate) class: &'static str,
    pub(crate) kind: &'static str,
}

#[derive(Serialize)]
struct ExportMeta {
    name: &'static str,
    id: usize,
    /// Part of the public API (the `acc*` exports serve the accumulator
    /// classes).
    public: bool,
    args: Vec<ArgMeta>,
}

/// Writes the module's description (exports, accumulator classes, error
/// codes, the message and tape encodings) and returns the header address.
///
/// The tape starts with a prelude that needs no tags to read, so that a
/// reader can learn the tape's own encoding from it: the number of tags,
/// then per tag its value, the length of its name and the name's characters
/// as numbers. The description follows as an ordinary tape value.
#[wasm_bindgen]
pub fn cx_meta() -> u32 {
    let meta = Meta {
        exports: exports()
            .enumerate()
            .map(|(id, e)| ExportMeta { name: e.name, id, public: !e.name.starts_with("acc"), args: (e.args)() })
            .collect(),
        #[cfg(all(feature = "survey", not(feature = "group")))]
        accumulators: accumulators::classes(),
        #[cfg(not(all(feature = "survey", not(feature = "group"))))]
        accumulators: Vec::new(),
        codes: crate::error::CODES,
        tags: crate::wire::tags(),
        column_kinds: crate::wire::column_kinds(),
        out_tags: crate::wire::out::out_tags(),
        flats: flat_meta(),
        big_message: BIG_MESSAGE,
    };
    let r = OUT.with(|o| {
        let mut o = o.borrow_mut();
        o.clear();
        let tags = crate::wire::out::out_tags();
        o.slots.push(tags.len() as f64);
        for (name, value) in tags {
            o.slots.extend([value as f64, name.len() as f64]);
            o.slots.extend(name.bytes().map(f64::from));
        }
        write(&mut o, &meta)
    });
    match r {
        Ok(()) => finish(0),
        Err(e) => fail(&e),
    }
}

crate::local! {
    /// The message of the last panic, for the error JavaScript reports if
    /// one ever happens (a bug: the engine is written not to panic).
    static PANIC: RefCell<String> = RefCell::new(String::new());
}

/// Installs a panic hook that keeps the message where [`cx_panic`] finds it.
#[wasm_bindgen(start)]
fn start() {
    OUT.with(|o| {
        let (from, to) = static_data();
        o.borrow_mut().set_static(from, to);
    });
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        PANIC.with(|p| {
            if let Ok(mut p) = p.try_borrow_mut() {
                *p = msg;
            }
        });
    }));
}

/// After a trap: the panic message (on the tape), if there was one.
#[wasm_bindgen]
pub fn cx_panic() -> u32 {
    let msg = PANIC.with(|p| p.borrow().clone());
    OUT.with(|o| {
        let mut o = o.borrow_mut();
        o.clear();
        let _ = o.write(&msg);
    });
    finish(0)
}
