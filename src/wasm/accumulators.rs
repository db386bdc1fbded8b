//! Accumulators: one counts accumulator over a scale ([`Counts`]), exported
//! as `NpsAccumulator` (on 0–10), `CsatAccumulator` and `CesAccumulator`.
//! The states live here, in a slab; JavaScript holds a handle.

use crate::error::{Error, Result};
use crate::kpi::{InvalidPolicy, Merge};
use crate::survey::{tally_table_counts, CesOptions, Counts, CsatOptions, NpsOptions, PointCounts, Scale, SCORES};
use crate::wire::args::Arg;
use crate::wire::de::{from_value, Ctx};
use crate::wire::table::read_table;
use crate::wire::{Value, V};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// The accumulator classes: JavaScript class name, kind, default scale.
const CLASSES: [(&str, Kind, (f64, f64)); 3] =
    [("NpsAccumulator", Kind::Nps, (0.0, 10.0)), ("CsatAccumulator", Kind::Csat, (1.0, 5.0)), ("CesAccumulator", Kind::Ces, (1.0, 7.0))];

/// Which reading of the counts an accumulator gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// NPS, on 0–10 always.
    Nps,
    /// CSAT on a scale.
    Csat,
    /// CES on a scale.
    Ces,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Nps => "nps",
            Kind::Csat => "csat",
            Kind::Ces => "ces",
        }
    }
    fn metric(self) -> &'static str {
        match self {
            Kind::Nps => "NPS",
            Kind::Csat => "CSAT",
            Kind::Ces => "CES",
        }
    }
    fn default_scale(self) -> (f64, f64) {
        CLASSES.iter().find(|c| c.1 == self).map_or((0.0, 10.0), |c| c.2)
    }
}

use super::ClassMeta;

pub fn classes() -> Vec<ClassMeta> {
    CLASSES.iter().map(|&(class, kind, _)| ClassMeta { class, kind: kind.name() }).collect()
}

impl<'a> Arg<'a> for Kind {
    fn read(v: Value<'a>, name: &'static str) -> Result<Self> {
        if let V::Str(s) = v.get() {
            for (_, k, _) in CLASSES {
                if s.is(k.name()) {
                    return Ok(k);
                }
            }
        }
        Err(Error::InvalidType { field: name.into(), index: None, expected: "an accumulator kind".into(), found: v.describe().into() })
    }
}

struct Acc {
    kind: Kind,
    counts: Counts,
}

crate::local! {
    /// Each slot's generation (how many times it was freed) and accumulator.
    static SLAB: RefCell<Vec<(u32, Option<Acc>)>> = RefCell::new(Vec::new());
}

/// Bits of a handle that hold its slot + 1; the bits above hold the slot's
/// generation, so that the handle of a freed accumulator never names the
/// one that takes its slot next (freed in the middle of its own call, by
/// an option's getter, its call must fail, not act on the new one).
const SLOT_BITS: u32 = 24;
/// Generations wrap below this, so that a handle stays below 2⁵³.
const GENERATIONS: u32 = 1 << 28;

/// A live accumulator: its slot + 1 (0 is "none"), plus its slot's
/// generation times 2^[`SLOT_BITS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handle(u64);

impl Handle {
    fn slot(self) -> usize {
        ((self.0 & ((1 << SLOT_BITS) - 1)) as usize).wrapping_sub(1)
    }
    fn generation(self) -> u32 {
        (self.0 >> SLOT_BITS) as u32
    }
}

fn freed() -> Error {
    Error::state("this accumulator was freed (free() was called); create a new one")
}

impl<'a> Arg<'a> for Handle {
    fn read(v: Value<'a>, _name: &'static str) -> Result<Self> {
        match v.get() {
            V::Number(h) if h >= 1.0 && h.fract() == 0.0 && h < 9_007_199_254_740_992.0 => {
                let h = Handle(h as u64);
                SLAB.with(|s| s.borrow().get(h.slot()).is_some_and(|(g, a)| *g == h.generation() && a.is_some())).then_some(h).ok_or_else(freed)
            }
            _ => Err(freed()),
        }
    }
}

fn with<T>(h: Handle, f: impl FnOnce(&mut Acc) -> Result<T>) -> Result<T> {
    SLAB.with(|s| match s.borrow_mut().get_mut(h.slot()) {
        Some((g, Some(a))) if *g == h.generation() => f(a),
        _ => Err(freed()),
    })
}

fn insert(acc: Acc) -> Result<f64> {
    SLAB.with(|s| {
        let mut s = s.borrow_mut();
        let slot = match s.iter().position(|(_, a)| a.is_none()) {
            Some(i) => {
                s[i].1 = Some(acc);
                i
            }
            None if s.len() + 1 < 1 << SLOT_BITS => {
                s.push((0, Some(acc)));
                s.len() - 1
            }
            None => {
                return Err(Error::state(format!("{} accumulators are live at once, the most there can be; free() those no longer needed", (1 << SLOT_BITS) - 1)))
            }
        };
        Ok((u64::from(s[slot].0) << SLOT_BITS | (slot as u64 + 1)) as f64)
    })
}

/// Options of a new accumulator.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
struct NewOptions {
    scale: Option<Scale>,
    invalid: InvalidPolicy,
}

/// Options of an accumulator rebuilt from a state (the scale is the state's).
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
struct StateOptions {
    invalid: InvalidPolicy,
}

fn scale_of(kind: Kind, given: Option<Scale>) -> Result<Scale> {
    let (min, max) = kind.default_scale();
    let default = Scale::new(min, max, kind.metric())?;
    match given {
        Some(s) if kind == Kind::Nps && (s.min(), s.max()) != (0, 10) => {
            Err(Error::option("scale", "must be [0, 10]: NPS answers are 0–10"))
        }
        Some(s) => Ok(s.named(kind.metric())),
        None => Ok(default),
    }
}

pub fn new(kind: Kind, options: Value<'_>) -> Result<f64> {
    let o: NewOptions = from_value(options, "", Ctx::OPTIONS)?;
    insert(Acc { kind, counts: Counts::new(scale_of(kind, o.scale)?, o.invalid) })
}

pub fn from_counts(kind: Kind, counts: PointCounts, options: Value<'_>) -> Result<f64> {
    let o: NewOptions = from_value(options, "", Ctx::OPTIONS)?;
    let scale = scale_of(kind, o.scale)?;
    let t = counts.tally(scale)?;
    let values: Vec<f64> = t.counts.to_vec();
    insert(Acc { kind, counts: Counts::from_counts(scale, &values, 0.0, o.invalid)? })
}

/// A saved state: `{ kind, version: 1, scale?, counts, skipped }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct State {
    kind: String,
    version: f64,
    #[serde(default)]
    scale: Option<(f64, f64)>,
    counts: Vec<f64>,
    #[serde(default)]
    skipped: f64,
}

fn read_state(kind: Kind, v: Value<'_>, policy: InvalidPolicy) -> Result<Counts> {
    let s: State = from_value(v, "", Ctx::STATE)?;
    let bad = |field: &'static str, reason: String| Error::state_at(reason, None, field);
    if s.kind != kind.name() {
        return Err(bad("kind", format!("kind must be \"{}\"; got \"{}\"", kind.name(), s.kind)));
    }
    if s.version != 1.0 {
        return Err(bad("version", format!("version must be 1; got {}", crate::error::num(s.version))));
    }
    let scale = match (kind, s.scale) {
        (Kind::Nps, None) => Scale::NPS,
        (_, Some((min, max))) => Scale::new(min, max, kind.metric()).map_err(|e| match e {
            // The scale's rule, said of the state's key (not of an option).
            Error::InvalidOption { rule, .. } => bad("scale", format!("scale {rule}")),
            e => e,
        })?,
        (_, None) => return Err(bad("scale", "scale must be [min, max]".into())),
    };
    if kind == Kind::Nps && (scale.min(), scale.max()) != (0, 10) {
        return Err(bad("scale", "an NPS state is on 0–10".into()));
    }
    Counts::from_counts(scale, &s.counts, s.skipped, policy)
}

pub fn from_state(kind: Kind, state: Value<'_>, options: Value<'_>) -> Result<f64> {
    let o: StateOptions = from_value(options, "", Ctx::OPTIONS)?;
    insert(Acc { kind, counts: read_state(kind, state, o.invalid)? })
}

/// `add(score)`: one answer, judged as one of `addMany` is (under
/// `invalid: "skip"` anything that is not a valid score is skipped and
/// counted, a value that is not a number included); errors name `score`.
pub fn add(h: Handle, score: Value<'_>) -> Result<()> {
    let x = match score.get() {
        V::Number(x) => Ok(x),
        _ => Err(score.describe()),
    };
    with(h, |a| match x {
        Ok(x) => a.counts.add(x).map_err(|e| e.in_column("score")),
        // NaN is what the skip policy counts as skipped.
        Err(_) if a.counts.policy() == InvalidPolicy::Skip => a.counts.add(f64::NAN),
        Err(found) => Err(Error::NotANumber { field: "score".into(), index: None, found: found.into() }),
    })
}

pub fn add_many(h: Handle, scores: Value<'_>) -> Result<()> {
    let table = read_table(scores, &SCORES)?;
    with(h, |a| {
        let more = tally_table_counts(&table, a.counts.scale(), a.counts.policy())?;
        a.counts.merge(&more)
    })
}

pub fn merge(h: Handle, other: Handle) -> Result<()> {
    if h == other {
        return Err(Error::state("an accumulator cannot be merged into itself (merge a copy: Accumulator.fromJSON(acc.toJSON()))"));
    }
    let (kind, counts) = with(other, |o| Ok((o.kind, o.counts.clone())))?;
    with(h, |a| {
        if a.kind != kind {
            return Err(Error::state_at(format!("kind must be \"{}\"; got \"{}\"", a.kind.name(), kind.name()), None, "kind"));
        }
        a.counts.merge(&counts)
    })
}

pub fn merge_state(h: Handle, state: Value<'_>) -> Result<()> {
    let kind = with(h, |a| Ok(a.kind))?;
    let other = read_state(kind, state, InvalidPolicy::Error)?;
    with(h, |a| a.counts.merge(&other))
}

/// The result of an accumulator, as the KPI of its kind (an NPS in its
/// flat form).
pub enum AccResult {
    /// NPS.
    Nps(crate::survey::NpsResult),
    /// CSAT.
    Csat(crate::survey::CsatResult),
    /// CES.
    Ces(crate::survey::CesResult),
}

impl super::WriteOut for AccResult {
    fn write_out(&self, out: &mut crate::wire::out::Tape) -> Result<()> {
        match self {
            AccResult::Nps(r) => out.write_flat(r).map_err(super::unwritable),
            AccResult::Csat(r) => out.write_flat(r).map_err(super::unwritable),
            AccResult::Ces(r) => out.write_flat(r).map_err(super::unwritable),
        }
    }
}

pub fn result(h: Handle, options: Value<'_>) -> Result<AccResult> {
    with(h, |a| match a.kind {
        Kind::Nps => Ok(AccResult::Nps(a.counts.nps(&from_value::<NpsOptions>(options, "", Ctx::READ)?)?)),
        Kind::Csat => Ok(AccResult::Csat(a.counts.csat(&from_value::<CsatOptions>(options, "", Ctx::READ)?)?)),
        Kind::Ces => Ok(AccResult::Ces(a.counts.ces(&from_value::<CesOptions>(options, "", Ctx::READ)?)?)),
    })
}

#[derive(Serialize)]
pub struct StateOut {
    kind: &'static str,
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    scale: Option<[i32; 2]>,
    counts: Vec<u64>,
    skipped: u64,
}

pub fn state(h: Handle) -> Result<StateOut> {
    with(h, |a| {
        let s = a.counts.scale();
        Ok(StateOut {
            kind: a.kind.name(),
            version: 1,
            scale: (a.kind != Kind::Nps).then_some([s.min(), s.max()]),
            counts: a.counts.counts().to_vec(),
            skipped: a.counts.skipped(),
        })
    })
}

#[derive(Serialize)]
pub struct Info {
    count: u64,
    skipped: u64,
}

pub fn info(h: Handle) -> Result<Info> {
    with(h, |a| Ok(Info { count: a.counts.count(), skipped: a.counts.skipped() }))
}

pub fn free(h: Handle) -> Result<()> {
    SLAB.with(|s| {
        if let Some((g, a)) = s.borrow_mut().get_mut(h.slot()) {
            if *g == h.generation() && a.is_some() {
                *a = None;
                *g = (*g + 1) % GENERATIONS;
            }
        }
    });
    Ok(())
}
