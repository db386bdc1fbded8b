//! Options, calendars and saved states from message values, by serde.
//!
//! The option structs of the core derive `Deserialize` (camelCase, unknown
//! keys denied, defaults); this deserializer reads them from a [`Value`]
//! and turns every problem into an error of this crate with the path of the
//! offending value (`bands.excellent`, `calendar.week.mon[0]`):
//!
//! - wrong type: "must be a number; got a string \"0.9\"";
//! - unknown key: "is not a known option; known options are …" (known
//!   from the struct's own field list);
//! - unknown variant: "must be \"adjusted-wald\" or \"wald\"; got \"x\"";
//! - a value that could not be read (a throwing getter): "could not be read".
//!
//! `undefined` and `null` mean "use the default". What kind of error a
//! problem is depends on what is being read ([`Flavour`]). The special
//! option types of [`crate::kpi`] (weights, instants, calendars, scales) are
//! recognised by their serde names.

use super::{Str, Value, V};
use crate::error::Error;
use crate::kpi;
use crate::table::TIME_RULE;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use std::fmt;

/// What is being read, which decides the error code of a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// Options: `INVALID_OPTION` (`INVALID_TYPE` where an object is needed).
    Options,
    /// A business calendar: `INVALID_CALENDAR`.
    Calendar,
    /// A saved state: `INVALID_STATE`.
    State,
}

/// How to read a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ctx {
    /// The kind of errors.
    pub flavour: Flavour,
    /// Option types refused here (by serde name, from [`kpi::ADD_TIME`]):
    /// reading a result from counts takes no add-time options.
    pub refuse: &'static [&'static str],
}

impl Ctx {
    /// Options of a computation.
    pub const OPTIONS: Ctx = Ctx { flavour: Flavour::Options, refuse: &[] };
    /// Options for reading a result from a state: no add-time options.
    pub const READ: Ctx = Ctx { flavour: Flavour::Options, refuse: kpi::ADD_TIME };
    /// Options for a result from counts typed by a person: a scale, but no
    /// invalid-answer policy.
    pub const COUNTS: Ctx = Ctx { flavour: Flavour::Options, refuse: &[kpi::INVALID_POLICY, kpi::WEIGHTED_WEIGHTS] };
    /// A calendar.
    pub const CALENDAR: Ctx = Ctx { flavour: Flavour::Calendar, refuse: &[] };
    /// A saved state.
    pub const STATE: Ctx = Ctx { flavour: Flavour::State, refuse: &[] };

    /// The error of a value at `path` that breaks `rule`.
    pub fn error(&self, path: &str, rule: String) -> Error {
        match self.flavour {
            Flavour::Options => Error::InvalidOption { option: or(path, "options").into(), rule: rule.into() },
            Flavour::Calendar => Error::InvalidCalendar { field: or(path, "calendar").into(), rule: rule.into() },
            Flavour::State if path.is_empty() => Error::state(rule),
            Flavour::State => Error::state_at(format!("{path} {rule}"), None, path.to_string()),
        }
    }

    /// The error of a value at `path` that is not an object (`found`
    /// describes it).
    fn not_an_object(&self, path: &str, found: &str) -> Error {
        match self.flavour {
            Flavour::Options => Error::InvalidType {
                field: or(path, "options").into(),
                index: None,
                expected: "an object".into(),
                found: found.to_string().into(),
            },
            _ => self.error(path, format!("must be an object; got {found}")),
        }
    }
}

fn or<'s>(path: &'s str, root: &'s str) -> String {
    if path.is_empty() { root.to_string() } else { path.to_string() }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// Where a value is (`bands.excellent`, `calendar.week.mon[0]`): a chain of
/// references to the parents' paths, written out only for an error, so
/// that reading options allocates nothing for paths.
#[derive(Clone, Copy)]
enum Path<'p> {
    /// The argument (its name; empty for options).
    Root(&'p str),
    /// A key of an object.
    Key(&'p Path<'p>, KeyName<'p>),
    /// An element of an array.
    Index(&'p Path<'p>, usize),
}

/// A key in a path: a field name, or a key of the caller's object.
#[derive(Clone, Copy)]
enum KeyName<'p> {
    Field(&'static str),
    Given(Str<'p>),
}

impl Path<'_> {
    fn render(&self) -> String {
        match self {
            Path::Root(s) => s.to_string(),
            Path::Key(p, KeyName::Field(k)) => join(&p.render(), k),
            Path::Key(p, KeyName::Given(k)) => join(&p.render(), &crate::error::echo(&k.string())),
            Path::Index(p, i) => format!("{}[{i}]", p.render()),
        }
    }
}

/// Reads `v` (at `path`, the argument's name for messages) as a `T`.
///
/// # Errors
/// The first problem, as described in the module docs.
pub fn from_value<T: DeserializeOwned>(v: Value<'_>, path: &str, ctx: Ctx) -> crate::Result<T> {
    T::deserialize(De::at(v, Path::Root(path), ctx)).map_err(|e| e.finish(path, ctx))
}

thread_local! {
    /// Object keys read as absent, by path as messages write it (see
    /// [`from_value_leaving_out`]); empty but there.
    static LEFT_OUT: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Reads `v` as [`from_value`] does, with the object keys at `paths` left
/// out, as if absent: a validator that lists every problem reads the rest
/// of a value past the key of each problem found.
///
/// # Errors
/// As [`from_value`].
pub fn from_value_leaving_out<T: DeserializeOwned>(v: Value<'_>, path: &str, ctx: Ctx, paths: &[String]) -> crate::Result<T> {
    LEFT_OUT.with(|l| paths.clone_into(&mut l.borrow_mut()));
    let r = from_value(v, path, ctx);
    LEFT_OUT.with(|l| l.borrow_mut().clear());
    r
}

/// Whether the key `key` of the object at `at` is left out.
#[inline(never)]
fn left_out(at: &Path<'_>, key: Str<'_>) -> bool {
    LEFT_OUT.with(|l| {
        let l = l.borrow();
        !l.is_empty() && {
            let p = Path::Key(at, KeyName::Given(key)).render();
            l.contains(&p)
        }
    })
}

/// Reads `v` as a `T`, skipping the keys `extra` of its object: they
/// belong to the caller (a metric's `kind` and columns beside its KPI's
/// options), and are listed as known in messages.
///
/// # Errors
/// As [`from_value`].
pub fn from_value_except<T: DeserializeOwned>(v: Value<'_>, path: &str, ctx: Ctx, extra: &'static [&'static str]) -> crate::Result<T> {
    let de = De { extra, ..De::at(v, Path::Root(path), ctx) };
    T::deserialize(de).map_err(|e| e.finish(path, ctx))
}

/// A deserializer over one value.
#[derive(Clone)]
pub struct De<'a, 'p> {
    src: Src<'a>,
    path: Path<'p>,
    ctx: Ctx,
    /// Keys of an object that belong to another part of the same options
    /// object (see [`kpi::WEIGHTED`]): skipped, and listed as known.
    extra: &'static [&'static str],
}

/// An error while deserialising: final, or waiting for the path it is at.
#[derive(Debug)]
pub enum DeError {
    /// Final.
    Done(Error),
    /// Raised by a `Deserialize` impl ([`kpi::de_error`]); its field is the
    /// path where it is caught.
    Raised(Error),
    /// A message, to become the flavour's error at the path where it is caught.
    Msg(String),
    /// A required key that is missing, under the path where it is caught.
    Missing(&'static str),
}

impl DeError {
    /// The final error, for a problem caught at `path`.
    fn finish(self, path: &str, ctx: Ctx) -> Error {
        match self {
            DeError::Done(e) => e,
            // An option type names itself (`scale`); where it sits is the
            // path. Errors that carry a path of their own keep it.
            DeError::Raised(e) => match e {
                Error::InvalidOption { option, rule } if !option.contains(['.', '[']) && !path.is_empty() => {
                    Error::InvalidOption { option: path.to_string().into(), rule }
                }
                e => e,
            },
            DeError::Msg(m) => ctx.error(path, m),
            DeError::Missing(key) => ctx.error(&join(path, key), "is required".into()),
        }
    }
    fn at(self, path: &str, ctx: Ctx) -> DeError {
        DeError::Done(self.finish(path, ctx))
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeError::Done(e) | DeError::Raised(e) => write!(f, "{e}"),
            DeError::Msg(m) => f.write_str(m),
            DeError::Missing(k) => write!(f, "{k} is required"),
        }
    }
}

impl std::error::Error for DeError {}

fn quoted_list(names: &[&str]) -> String {
    match names {
        [] => "nothing".into(),
        [one] => format!("\"{one}\""),
        _ => {
            let (last, rest) = names.split_last().unwrap_or((&"", &[]));
            let rest: Vec<String> = rest.iter().map(|n| format!("\"{n}\"")).collect();
            format!("{} or \"{last}\"", rest.join(", "))
        }
    }
}

/// What serde found, in the words of the other messages (and without
/// float formatting, which would add to the wasm module: see
/// [`num`](crate::error::num)).
fn unexpected(u: &de::Unexpected<'_>) -> String {
    use de::Unexpected as U;
    match *u {
        U::Bool(b) => format!("a boolean ({b})"),
        U::Unsigned(v) => crate::error::num(v as f64),
        U::Signed(v) => crate::error::num(v as f64),
        U::Float(v) => crate::error::num(v),
        U::Char(c) => crate::table::describe_str(c.encode_utf8(&mut [0; 4])),
        U::Str(s) => crate::table::describe_str(s),
        U::Unit | U::Option => "null".into(),
        U::Seq => "an array".into(),
        U::Map | U::Enum | U::StructVariant | U::NewtypeStruct => "an object".into(),
        _ => "a value of another kind".into(),
    }
}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        let msg = msg.to_string();
        match kpi::take_de_error(&msg) {
            Some(e) => DeError::Raised(e),
            None => DeError::Msg(msg),
        }
    }
    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        DeError::Msg(format!("must be {exp}; got {}", unexpected(&unexp)))
    }
    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        DeError::Msg(format!("must be {exp}; got {}", unexpected(&unexp)))
    }
    fn invalid_length(len: usize, exp: &dyn de::Expected) -> Self {
        DeError::Msg(format!("must be {exp}; got {len} element{}", if len == 1 { "" } else { "s" }))
    }
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        DeError::Msg(format!("must be {}; got \"{variant}\"", quoted_list(expected)))
    }
    fn missing_field(field: &'static str) -> Self {
        DeError::Missing(field)
    }
}

impl<'a, 'p> De<'a, 'p> {
    /// `s` as a `String`, or the error of a string that is not text (half
    /// of a UTF-16 pair: read as U+FFFD, two different ones would be one).
    #[inline(never)]
    fn string_of(&self, s: super::Str<'_>) -> Result<String, DeError> {
        s.text().map_err(|e| DeError::Done(self.ctx.error(&self.path.render(), e.rule())))
    }

    #[inline(never)]
    fn wrong(&self, what: &str) -> DeError {
        match self.get() {
            V::Unreadable(why) => DeError::Done(self.ctx.error(&self.path.render(), format!("could not be read ({})", why.string()))),
            _ => DeError::Done(self.ctx.error(&self.path.render(), format!("must be {what}; got {}", self.describe()))),
        }
    }

    fn data_column(&self) -> Result<Vec<f64>, DeError> {
        let field = || or(&self.path.render(), "values");
        match self.get() {
            V::Column(n) => n.to_f64(&field()).map_err(DeError::Done),
            V::Array(a) => {
                let mut out = Vec::new();
                out.try_reserve_exact(a.len()).map_err(|_| DeError::Done(crate::table::too_large(&field(), a.len())))?;
                for (i, x) in a.items().enumerate() {
                    match x.get() {
                        V::Number(v) => out.push(v),
                        _ => {
                            return Err(DeError::Done(Error::NotANumber {
                                field: field().into(),
                                index: Some(i),
                                found: x.describe().into(),
                            }))
                        }
                    }
                }
                Ok(out)
            }
            _ => Err(DeError::Done(Error::InvalidType {
                field: field().into(),
                index: None,
                expected: "an array of numbers or a typed array".into(),
                found: self.describe().into(),
            })),
        }
    }

    fn instant(&self) -> Result<f64, DeError> {
        let bad = |detail: String| {
            DeError::Done(Error::InvalidTimestamp { field: or(&self.path.render(), "instant").into(), index: None, detail: detail.into() })
        };
        match self.get() {
            V::Number(v) if !v.is_nan() => Ok(v),
            V::Date(v) if !v.is_nan() => Ok(v),
            V::Str(s) => {
                let text = s.string();
                crate::time::parse_instant(&text).ok_or_else(|| {
                    bad(format!("is {}, which is not a timestamp; {TIME_RULE}", crate::table::describe_str(&text).trim_start_matches("a string ")))
                })
            }
            _ => Err(bad(format!("is {}; {TIME_RULE}", self.describe()))),
        }
    }

    fn refuse(&self, name: &str) -> Result<(), DeError> {
        if self.ctx.refuse.contains(&name) {
            return Err(DeError::Done(self.ctx.error(
                &self.path.render(),
                "is not an option here: it applies when answers are added, not when a result is read from counts".into(),
            )));
        }
        Ok(())
    }

    #[inline(never)]
    fn whole(&self, lo: f64, hi: f64) -> Result<f64, DeError> {
        match self.get() {
            V::Number(v) if v.fract() == 0.0 && v >= lo && v <= hi => Ok(v),
            V::Number(v) => Err(DeError::Done(self.ctx.error(&self.path.render(), format!("must be a whole number; got {}", crate::error::num(v))))),
            _ => Err(self.wrong("a whole number")),
        }
    }
}

/// Where a deserializer's value comes from: a message value, or a number
/// of a bulk column (which has no slot of its own), or nothing (an absent
/// element, read as `undefined`).
#[derive(Clone, Copy)]
enum Src<'a> {
    Value(Value<'a>),
    Number(f64),
    Nothing,
}

impl<'a, 'p> De<'a, 'p> {
    fn at(v: Value<'a>, path: Path<'p>, ctx: Ctx) -> Self {
        De { src: Src::Value(v), path, ctx, extra: &[] }
    }

    /// The value (a bulk number reads as a number).
    fn get(&self) -> V<'a> {
        match self.src {
            Src::Value(v) => v.get(),
            Src::Number(x) => V::Number(x),
            Src::Nothing => V::Undefined,
        }
    }

    fn nullish(&self) -> bool {
        matches!(self.get(), V::Undefined | V::Null)
    }

    fn describe(&self) -> String {
        match self.src {
            Src::Value(v) => v.describe(),
            Src::Number(x) => crate::error::num(x),
            Src::Nothing => "undefined".into(),
        }
    }

    #[inline(never)]
    fn number(&self) -> Result<f64, DeError> {
        match self.get() {
            V::Number(x) => Ok(x),
            _ => Err(self.wrong("a number")),
        }
    }

    #[inline(never)]
    fn boolean(&self) -> Result<bool, DeError> {
        match self.get() {
            V::Bool(b) => Ok(b),
            _ => Err(self.wrong("true or false")),
        }
    }

    #[inline(never)]
    fn text(&self) -> Result<String, DeError> {
        match self.get() {
            V::Str(s) => self.string_of(s),
            _ => Err(self.wrong("a string")),
        }
    }

    #[inline(never)]
    fn items(&self, what: &str) -> Result<Items<'a>, DeError> {
        match self.get() {
            V::Array(a) => Ok(Items::Values(a.items())),
            V::Column(n) => Ok(Items::Numbers(n)),
            _ => Err(self.wrong(what)),
        }
    }

    #[inline(never)]
    fn tuple_struct(&self, name: &'static str, len: usize) -> Result<Items<'a>, DeError> {
        self.refuse(name)?;
        if name == kpi::WEIGHTED {
            return match self.get() {
                V::Object(o) => Ok(Items::Weighted(Some(o), 0)),
                V::Undefined | V::Null => Ok(Items::Weighted(None, 0)),
                V::Unreadable(_) => Err(self.wrong("an object")),
                _ => Err(DeError::Done(self.ctx.not_an_object(&self.path.render(), &self.describe()))),
            };
        }
        match self.get() {
            V::Array(_) | V::Column(_) => self.items("an array"),
            _ if name == kpi::SCALE => Err(self.wrong("an array of two numbers [min, max]")),
            _ => Err(self.wrong(&format!("an array of {len} elements"))),
        }
    }

    /// The pairs of an object read as a struct (`None` for `undefined`:
    /// every field takes its default).
    #[inline(never)]
    fn structure(&self) -> Result<Option<super::Pairs<'a>>, DeError> {
        match self.get() {
            V::Object(o) => Ok(Some(o.pairs())),
            V::Undefined | V::Null => Ok(None),
            V::Unreadable(_) => Err(self.wrong("an object")),
            _ => Err(DeError::Done(self.ctx.not_an_object(&self.path.render(), &self.describe()))),
        }
    }

    #[inline(never)]
    fn map(&self) -> Result<super::Pairs<'a>, DeError> {
        match self.get() {
            V::Object(o) => Ok(o.pairs()),
            _ => Err(DeError::Done(self.ctx.not_an_object(&self.path.render(), &self.describe()))),
        }
    }

    #[inline(never)]
    fn variant(&self, name: &'static str, variants: &'static [&'static str]) -> Result<&'static str, DeError> {
        self.refuse(name)?;
        match self.get() {
            V::Str(s) => variants.iter().find(|x| s.is(x)).copied().ok_or_else(|| {
                DeError::Done(self.ctx.error(
                    &self.path.render(),
                    format!("must be {}; got {}", quoted_list(variants), self.describe().trim_start_matches("a string ")),
                ))
            }),
            _ => Err(self.wrong(&quoted_list(variants))),
        }
    }

    /// A newtype's inner deserializer: the special option types of
    /// [`crate::kpi`] are read here.
    #[inline(never)]
    fn newtype(self, name: &'static str) -> Result<De<'a, 'p>, DeError> {
        Ok(match name {
            kpi::DATA_COLUMN => {
                let values = self.data_column()?;
                kpi::put_data_column(values);
                De { src: Src::Nothing, ..self }
            }
            kpi::INSTANT => De { src: Src::Number(self.instant()?), ..self },
            kpi::CALENDAR => De { ctx: Ctx { flavour: Flavour::Calendar, ..self.ctx }, path: if matches!(self.path, Path::Root("")) { Path::Root("calendar") } else { self.path }, ..self },
            _ => self,
        })
    }
}

impl<'de> de::Deserializer<'de> for De<'_, '_> {
    type Error = DeError;

    fn deserialize_any<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        match self.get() {
            V::Undefined | V::Null => visitor.visit_unit(),
            V::Bool(b) => visitor.visit_bool(b),
            V::Number(x) | V::Date(x) => visitor.visit_f64(x),
            V::Str(s) => visitor.visit_string(self.string_of(s)?),
            V::Array(_) | V::Column(_) => self.deserialize_seq(visitor),
            V::Object(_) => self.deserialize_map(visitor),
            _ => Err(self.wrong("a plain value")),
        }
    }

    fn deserialize_bool<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_bool(self.boolean()?)
    }

    fn deserialize_i8<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_i64(self.whole(-128.0, 127.0)? as i64)
    }
    fn deserialize_i16<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_i64(self.whole(-32768.0, 32767.0)? as i64)
    }
    fn deserialize_i32<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_i64(self.whole(-2147483648.0, 2147483647.0)? as i64)
    }
    fn deserialize_i64<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_i64(self.whole(-9007199254740991.0, 9007199254740991.0)? as i64)
    }
    fn deserialize_u8<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_u64(self.whole(0.0, 255.0)? as u64)
    }
    fn deserialize_u16<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_u64(self.whole(0.0, 65535.0)? as u64)
    }
    fn deserialize_u32<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_u64(self.whole(0.0, 4294967295.0)? as u64)
    }
    fn deserialize_u64<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_u64(self.whole(0.0, 9007199254740991.0)? as u64)
    }
    fn deserialize_f32<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_f64(self.number()?)
    }
    fn deserialize_f64<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_f64(self.number()?)
    }
    fn deserialize_char<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_string(self.text()?)
    }
    fn deserialize_str<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_string(self.text()?)
    }
    fn deserialize_string<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_string(self.text()?)
    }
    fn deserialize_identifier<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_string(self.text()?)
    }
    fn deserialize_bytes<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_byte_buf<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_option<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        if self.nullish() { visitor.visit_none() } else { visitor.visit_some(self) }
    }

    fn deserialize_unit<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        if self.nullish() { visitor.visit_unit() } else { Err(self.wrong("null")) }
    }

    fn deserialize_unit_struct<W: Visitor<'de>>(self, _name: &'static str, visitor: W) -> Result<W::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<W: Visitor<'de>>(self, name: &'static str, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_newtype_struct(self.newtype(name)?)
    }

    fn deserialize_seq<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        let items = self.items("an array")?;
        visitor.visit_seq(SeqAccess { de: &self, items, index: 0 })
    }

    fn deserialize_tuple<W: Visitor<'de>>(self, len: usize, visitor: W) -> Result<W::Value, DeError> {
        // A tuple has exactly its elements: `["09:00", "17:00", "18:00"]`
        // is a mistake, not an interval with something ignored.
        let items = self.items("an array")?;
        let given = match &items {
            Items::Values(v) => v.left,
            Items::Numbers(n) => n.len(),
            Items::Weighted(..) => len,
        };
        if given != len {
            return Err(self.wrong(&format!("an array of {len} elements")));
        }
        visitor.visit_seq(SeqAccess { de: &self, items, index: 0 })
    }

    fn deserialize_tuple_struct<W: Visitor<'de>>(self, name: &'static str, len: usize, visitor: W) -> Result<W::Value, DeError> {
        let items = self.tuple_struct(name, len)?;
        visitor.visit_seq(SeqAccess { de: &self, items, index: 0 })
    }

    fn deserialize_map<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        let pairs = Some(self.map()?);
        visitor.visit_map(MapAccess { de: &self, pairs, fields: None, pending: None })
    }

    fn deserialize_struct<W: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: W,
    ) -> Result<W::Value, DeError> {
        if _name == kpi::NAME_OR_STRUCT {
            match self.get() {
                V::Str(s) => return visitor.visit_string(self.string_of(s)?),
                V::Array(_) | V::Column(_) => return self.deserialize_seq(visitor),
                _ => {}
            }
        }
        let pairs = self.structure()?;
        visitor.visit_map(MapAccess { de: &self, pairs, fields: Some(fields), pending: None })
    }

    fn deserialize_enum<W: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: W,
    ) -> Result<W::Value, DeError> {
        visitor.visit_enum(self.variant(name, variants)?.into_deserializer())
    }

    fn deserialize_ignored_any<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, DeError> {
        visitor.visit_unit()
    }
}

enum Items<'a> {
    Values(super::Items<'a>),
    Numbers(crate::table::Numbers<'a>),
    /// `{ weights, ...options }` as `[weights, options]`: the object and
    /// how many elements were given.
    Weighted(Option<super::Seq<'a>>, u8),
}

struct SeqAccess<'s, 'a, 'p> {
    de: &'s De<'a, 'p>,
    items: Items<'a>,
    index: usize,
}

const WEIGHTS: &[&str] = &["weights"];

impl<'s, 'a, 'p> SeqAccess<'s, 'a, 'p> {
    /// The next element's deserializer, decided without the seed's type.
    #[inline(never)]
    fn next(&mut self) -> Result<Option<De<'a, 's>>, DeError> {
        let de: &'s De<'a, 'p> = self.de;
        let i = self.index;
        self.index += 1;
        let path = Path::Index(&de.path, i);
        Ok(match &mut self.items {
            Items::Values(it) => it.next().map(|v| De::at(v, path, de.ctx)),
            Items::Numbers(n) => n.get(i).map(|x| De { src: Src::Number(x), path, ctx: de.ctx, extra: &[] }),
            Items::Weighted(object, step) => {
                *step += 1;
                match *step {
                    1 => {
                        let path = Path::Key(&de.path, KeyName::Field(WEIGHTS[0]));
                        let v = object.and_then(|o| o.get(WEIGHTS[0])).filter(|v| !v.is_nullish());
                        if v.is_some() && de.ctx.refuse.contains(&kpi::WEIGHTED_WEIGHTS) {
                            return Err(DeError::Done(de.ctx.error(
                                &path.render(),
                                "is not an option here: it applies when answers are added, not when a result is read from counts".into(),
                            )));
                        }
                        Some(De { src: v.map_or(Src::Nothing, Src::Value), path, ctx: de.ctx, extra: &[] })
                    }
                    2 => Some(De { src: de.src, path: de.path, ctx: de.ctx, extra: WEIGHTS }),
                    _ => None,
                }
            }
        })
    }
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_, '_, '_> {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        match self.next()? {
            None => Ok(None),
            Some(de) => {
                let (path, ctx) = (de.path, de.ctx);
                seed.deserialize(de).map(Some).map_err(|e| e.at(&path.render(), ctx))
            }
        }
    }
}

struct MapAccess<'s, 'a, 'p> {
    de: &'s De<'a, 'p>,
    pairs: Option<super::Pairs<'a>>,
    /// The struct's fields (unknown keys are errors), or `None` for a map.
    fields: Option<&'static [&'static str]>,
    /// The value of the key just read, and the key for its path.
    pending: Option<(Value<'a>, KeyName<'a>)>,
}

impl MapAccess<'_, '_, '_> {
    /// The next key, decided without the seed's type.
    #[inline(never)]
    fn next(&mut self) -> Result<Option<std::borrow::Cow<'static, str>>, DeError> {
        let de = self.de;
        loop {
            let Some((key, v)) = self.pairs.as_mut().and_then(Iterator::next) else { return Ok(None) };
            if left_out(&de.path, key) {
                continue;
            }
            let (name, at) = match self.fields {
                None => (std::borrow::Cow::Owned(de.string_of(key)?), KeyName::Given(key)),
                Some(fields) => {
                    if de.extra.iter().any(|k| key.is(k)) {
                        continue;
                    }
                    let Some(&name) = fields.iter().find(|f| key.is(f)) else {
                        return Err(DeError::Done(unknown_key(de, key, fields)));
                    };
                    if v.is_nullish() {
                        // undefined and null mean "use the default".
                        continue;
                    }
                    (std::borrow::Cow::Borrowed(name), KeyName::Field(name))
                }
            };
            self.pending = Some((v, at));
            return Ok(Some(name));
        }
    }
}

impl<'de> de::MapAccess<'de> for MapAccess<'_, '_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        match self.next()? {
            None => Ok(None),
            Some(std::borrow::Cow::Borrowed(name)) => seed.deserialize(name.into_deserializer()).map(Some),
            Some(std::borrow::Cow::Owned(name)) => seed.deserialize(name.into_deserializer()).map(Some),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, DeError> {
        let Some((v, key)) = self.pending.take() else { return Err(DeError::Msg("a value without a key".into())) };
        let path = Path::Key(&self.de.path, key);
        let ctx = self.de.ctx;
        seed.deserialize(De::at(v, path, ctx)).map_err(|e| e.at(&path.render(), ctx))
    }
}

fn unknown_key(de: &De<'_, '_>, key: Str<'_>, fields: &[&str]) -> Error {
    let mut known: Vec<&str> = fields.to_vec();
    known.extend_from_slice(de.extra);
    let path = Path::Key(&de.path, KeyName::Given(key)).render();
    match de.ctx.flavour {
        Flavour::Calendar => de.ctx.error(&path, format!("is not a calendar field; use {}", known.join(", "))),
        Flavour::Options => de.ctx.error(&path, format!("is not a known option; known options are {}", known.join(", "))),
        Flavour::State => de.ctx.error(&path, format!("is not part of a saved state (its fields are {})", known.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{Message, Writer};
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq, Default)]
    #[serde(rename_all = "camelCase", deny_unknown_fields, default)]
    struct Inner {
        level: f64,
        mode: Mode,
    }

    #[derive(Debug, Deserialize, PartialEq, Default, Clone, Copy)]
    #[serde(rename_all = "kebab-case")]
    enum Mode {
        #[default]
        FastEnough,
        Slow,
    }

    #[derive(Debug, Deserialize, PartialEq, Default)]
    #[serde(rename_all = "camelCase", deny_unknown_fields, default)]
    struct Opts {
        confidence: f64,
        inner: Inner,
        list: Vec<f64>,
        name: Option<String>,
        count: u32,
        #[serde(deserialize_with = "kpi::instant_option")]
        as_of: Option<f64>,
    }

    fn read<T: DeserializeOwned>(w: &Writer, ctx: Ctx) -> crate::Result<T> {
        let (words, s, u) = w.words();
        let m = Message::from_words(&words, s, u).unwrap();
        let args = m.args(1).unwrap();
        from_value(args[0], "", ctx)
    }

    #[test]
    fn reads_options_with_defaults_and_paths() {
        let mut w = Writer::default();
        w.object(5, |w| {
            w.str("confidence").number(0.9);
            w.str("inner").object(2, |w| {
                w.str("level").null();
                w.str("mode").str("slow");
            });
            w.str("list").f64s(&[1.0, 2.5]);
            w.str("count").number(3.0);
            w.str("asOf").str("2026-03-06T20:30:00Z");
        });
        let o: Opts = read(&w, Ctx::OPTIONS).unwrap();
        assert_eq!(o.confidence, 0.9);
        assert_eq!(o.inner, Inner { level: 0.0, mode: Mode::Slow });
        assert_eq!(o.list, vec![1.0, 2.5]);
        assert_eq!((o.count, o.as_of), (3, Some(1_772_829_000_000.0)));
        let mut w = Writer::default();
        w.undefined();
        assert_eq!(read::<Opts>(&w, Ctx::OPTIONS).unwrap(), Opts::default());
    }

    #[test]
    fn errors_name_the_path_and_the_rule() {
        let err = |build: &dyn Fn(&mut Writer)| {
            let mut w = Writer::default();
            build(&mut w);
            read::<Opts>(&w, Ctx::OPTIONS).unwrap_err()
        };
        let e = err(&|w| {
            w.object(1, |w| {
                w.str("confidnce").number(1.0);
            });
        });
        assert_eq!((e.code(), e.field()), ("INVALID_OPTION", Some("confidnce")));
        assert!(e.to_string().contains("not a known option; known options are confidence, inner, list, name, count, asOf"), "{e}");
        let e = err(&|w| {
            w.object(1, |w| {
                w.str("confidence").str("0.9");
            });
        });
        assert_eq!(e.to_string(), "option `confidence` must be a number; got a string \"0.9\"");
        let e = err(&|w| {
            w.object(1, |w| {
                w.str("inner").object(1, |w| {
                    w.str("mode").str("quick");
                });
            });
        });
        assert_eq!((e.field(), e.to_string().as_str()), (Some("inner.mode"), "option `inner.mode` must be \"fast-enough\" or \"slow\"; got \"quick\""));
        let e = err(&|w| {
            w.object(1, |w| {
                w.str("inner").number(5.0);
            });
        });
        assert_eq!((e.code(), e.field()), ("INVALID_TYPE", Some("inner")));
        let e = err(&|w| {
            w.str("fast");
        });
        assert_eq!((e.code(), e.field()), ("INVALID_TYPE", Some("options")));
        let e = err(&|w| {
            w.object(1, |w| {
                w.str("list").array(2, |w| {
                    w.number(1.0).str("x");
                });
            });
        });
        assert_eq!((e.code(), e.field()), ("INVALID_OPTION", Some("list[1]")));
        let e = err(&|w| {
            w.object(1, |w| {
                w.str("count").number(1.5);
            });
        });
        assert_eq!((e.code(), e.field()), ("INVALID_OPTION", Some("count")));
        let e = err(&|w| {
            w.object(1, |w| {
                w.str("confidence").unreadable("its getter threw: Error: boom");
            });
        });
        assert_eq!((e.code(), e.field()), ("INVALID_OPTION", Some("confidence")));
        assert!(e.to_string().contains("could not be read (its getter threw: Error: boom)"), "{e}");
        let e = err(&|w| {
            w.object(1, |w| {
                w.str("asOf").str("soon");
            });
        });
        assert_eq!((e.code(), e.field()), ("INVALID_TIMESTAMP", Some("asOf")));
        // Unknown keys are errors even when undefined.
        let e = err(&|w| {
            w.object(1, |w| {
                w.str("x").undefined();
            });
        });
        assert_eq!(e.field(), Some("x"));
    }

    #[test]
    #[cfg(feature = "survey")]
    fn weighted_options_split_one_object() {
        use crate::survey::{NpsOptions, Weighted};
        let mut w = Writer::default();
        w.object(2, |w| {
            w.str("weights").array(2, |w| {
                w.number(1.0).number(2.0);
            });
            w.str("confidence").number(0.9);
        });
        let o: Weighted<NpsOptions> = read(&w, Ctx::OPTIONS).unwrap();
        assert_eq!(o.weights, Some(vec![1.0, 2.0]));
        assert_eq!(o.options.confidence, 0.9);
        let mut w = Writer::default();
        w.object(1, |w| {
            w.str("weights").array(2, |w| {
                w.number(1.0).str("2");
            });
        });
        let e = read::<Weighted<NpsOptions>>(&w, Ctx::OPTIONS).unwrap_err();
        assert_eq!((e.code(), e.index(), e.field()), ("NOT_A_NUMBER", Some(1), Some("weights")));
        let mut w = Writer::default();
        w.object(1, |w| {
            w.str("wieghts").number(1.0);
        });
        let e = read::<Weighted<NpsOptions>>(&w, Ctx::OPTIONS).unwrap_err();
        assert!(e.to_string().contains("known options are confidence, method, bands, invalid, weights"), "{e}");
        // Reading a result: add-time options are refused.
        let mut w = Writer::default();
        w.object(1, |w| {
            w.str("invalid").str("skip");
        });
        let e = read::<NpsOptions>(&w, Ctx::READ).unwrap_err();
        assert_eq!((e.code(), e.field()), ("INVALID_OPTION", Some("invalid")));
        assert!(read::<NpsOptions>(&w, Ctx::OPTIONS).is_ok());
    }

    #[test]
    #[cfg(feature = "survey")]
    fn calendars_and_scales_keep_their_codes() {
        use crate::survey::CsatOptions;
        let mut w = Writer::default();
        w.object(1, |w| {
            w.str("scale").array(2, |w| {
                w.number(5.0).number(1.0);
            });
        });
        let e = read::<CsatOptions>(&w, Ctx::OPTIONS).unwrap_err();
        assert_eq!((e.code(), e.field()), ("INVALID_OPTION", Some("scale")));
        assert!(e.to_string().contains("min < max"), "{e}");
        let mut w = Writer::default();
        w.object(1, |w| {
            w.str("scale").array(1, |w| {
                w.number(5.0);
            });
        });
        assert_eq!(read::<CsatOptions>(&w, Ctx::OPTIONS).unwrap_err().field(), Some("scale"));
    }
}
