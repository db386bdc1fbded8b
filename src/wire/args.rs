//! Typed arguments: how an exported function's parameters are read from
//! message values. An export is declared with its parameter names and types
//! (`fn npsFromCounts(counts: NpsCounts, options: ReadOptions<NpsOptions>)`);
//! each type says how it reads itself ([`Arg`]).

use super::de::{from_value, Ctx};
use super::table::read_table;
use super::{Value, V};
use crate::error::{Error, Result};
use crate::table::{Schema, Table};
use serde::de::DeserializeOwned;

/// A parameter type of an exported function.
pub trait Arg<'a>: Sized {
    /// The columns of a table parameter, which the JavaScript side reads out
    /// of row objects by name; `None` for any other parameter.
    const SCHEMA: Option<&'static Schema<'static>> = None;
    /// A table whose columns its options name: the JavaScript side reads
    /// every own key of row objects (or, from many rows, only the columns
    /// the engine names: see [`crate::wire::Tag::Deferred`]).
    const ANY_FIELDS: bool = false;
    /// Given as an object of columns, read by the columns' names alone (no
    /// column's value decides how the rest is read), so that the JavaScript
    /// side may send the values of only the columns the engine names.
    const NAMED_COLUMNS: bool = false;
    /// The time of the call, which the JavaScript side passes (`Date.now()`)
    /// in place of an argument of the caller.
    const NOW: bool = false;
    /// Reads the parameter `name` from `v`.
    ///
    /// # Errors
    /// What is wrong with it, naming `name`.
    fn read(v: Value<'a>, name: &'static str) -> Result<Self>;
}

/// A string argument.
#[derive(Debug, Clone)]
pub struct Text(pub String);

impl<'a> Arg<'a> for Text {
    fn read(v: Value<'a>, name: &'static str) -> Result<Self> {
        match v.get() {
            V::Str(s) => Ok(Text(s.string())),
            _ => Err(Error::InvalidType { field: name.into(), index: None, expected: "a string".into(), found: v.describe().into() }),
        }
    }
}

/// The time of the call, epoch ms (given by the JavaScript side; `None`
/// when it is not a finite number).
#[derive(Debug, Clone, Copy)]
pub struct Now(pub Option<f64>);

impl<'a> Arg<'a> for Now {
    const NOW: bool = true;
    fn read(v: Value<'a>, _name: &'static str) -> Result<Self> {
        Ok(Now(match v.get() {
            V::Number(x) if x.is_finite() => Some(x),
            _ => None,
        }))
    }
}

/// Options read by serde (`undefined` and `null` mean the defaults).
#[derive(Debug, Clone, Default)]
pub struct Options<T>(pub T);

impl<'a, T: DeserializeOwned + Default> Arg<'a> for Options<T> {
    fn read(v: Value<'a>, _name: &'static str) -> Result<Self> {
        if v.is_nullish() {
            // No options: the defaults, without a deserialiser.
            return Ok(Options(T::default()));
        }
        from_value(v, "", Ctx::OPTIONS).map(Options)
    }
}

/// Options for reading a result from counts: add-time options (`invalid`,
/// `scale`, `weights`) are refused.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions<T>(pub T);

impl<'a, T: DeserializeOwned + Default> Arg<'a> for ReadOptions<T> {
    fn read(v: Value<'a>, _name: &'static str) -> Result<Self> {
        if v.is_nullish() {
            // No options: the defaults, without a deserialiser.
            return Ok(ReadOptions(T::default()));
        }
        from_value(v, "", Ctx::READ).map(ReadOptions)
    }
}

/// Options for a result from counts typed by a person: the scale is
/// given, but there are no answers to be invalid (`invalid` is refused).
#[derive(Debug, Clone, Default)]
pub struct CountOptions<T>(pub T);

impl<'a, T: DeserializeOwned + Default> Arg<'a> for CountOptions<T> {
    fn read(v: Value<'a>, _name: &'static str) -> Result<Self> {
        if v.is_nullish() {
            // No options: the defaults, without a deserialiser.
            return Ok(CountOptions(T::default()));
        }
        from_value(v, "", Ctx::COUNTS).map(CountOptions)
    }
}

/// A business calendar.
#[cfg(feature = "tz")]
impl<'a> Arg<'a> for crate::time::Calendar {
    fn read(v: Value<'a>, name: &'static str) -> Result<Self> {
        from_value(v, name, Ctx::CALENDAR)
    }
}

/// A table read by a schema; the schema is the type parameter's.
#[derive(Debug, Clone)]
pub struct TableArg<'a, S: HasSchema>(pub Table<'a>, std::marker::PhantomData<S>);

/// Declares a type that names a table schema, for [`TableArg`] parameters:
/// `table_type!(/// docs\n Name = SCHEMA);`.
#[macro_export]
macro_rules! table_type {
    ($(#[$m:meta])* $name:ident = $schema:path) => {
        $(#[$m])*
        pub struct $name;
        impl $crate::wire::args::HasSchema for $name {
            const TABLE: &'static $crate::table::Schema<'static> = &$schema;
        }
    };
}

/// Types that name a schema (the KPI types).
pub trait HasSchema {
    /// The schema.
    const TABLE: &'static Schema<'static>;
}

impl<'a, S: HasSchema> Arg<'a> for TableArg<'a, S> {
    const SCHEMA: Option<&'static Schema<'static>> = Some(S::TABLE);
    fn read(v: Value<'a>, _name: &'static str) -> Result<Self> {
        Ok(TableArg(read_table(v, S::TABLE)?, std::marker::PhantomData))
    }
}

/// A table whose columns its options name (`groupKpis`'s data, `funnel`'s
/// events): read once the options are known, from every own key of rows.
#[derive(Debug, Clone, Copy)]
pub struct OpenTable<'a>(pub Value<'a>);

impl<'a> Arg<'a> for OpenTable<'a> {
    const ANY_FIELDS: bool = true;
    const NAMED_COLUMNS: bool = true;
    fn read(v: Value<'a>, _name: &'static str) -> Result<Self> {
        Ok(OpenTable(v))
    }
}

/// One instant: epoch ms, an ISO 8601 string with an offset, or a `Date`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Instant(pub f64);

#[cfg(feature = "tables")]
impl<'a> Arg<'a> for Instant {
    fn read(v: Value<'a>, name: &'static str) -> Result<Self> {
        super::table::instant(v, name).map(Instant)
    }
}

/// A column of instants (NaN = missing).
#[derive(Debug, Clone)]
pub struct Instants<'a>(pub std::borrow::Cow<'a, [f64]>);

#[cfg(feature = "tables")]
impl<'a> Arg<'a> for Instants<'a> {
    fn read(v: Value<'a>, name: &'static str) -> Result<Self> {
        super::table::instants(v, name).map(Instants)
    }
}

/// A number (finite or not; the function judges).
impl<'a> Arg<'a> for f64 {
    fn read(v: Value<'a>, name: &'static str) -> Result<Self> {
        match v.get() {
            V::Number(x) => Ok(x),
            _ => Err(Error::NotANumber { field: name.into(), index: None, found: v.describe().into() }),
        }
    }
}

/// A raw value, read by the function itself.
impl<'a> Arg<'a> for Value<'a> {
    fn read(v: Value<'a>, _name: &'static str) -> Result<Self> {
        Ok(v)
    }
}

/// The name of field `key` of the argument `object` in messages:
/// `object.key`, or `key` alone when `object` is empty (the argument is
/// the counts themselves). Built only when a message needs it.
pub fn field_path(object: &str, key: &str) -> String {
    if object.is_empty() {
        key.to_string()
    } else {
        format!("{object}.{key}")
    }
}

/// Reads a count field `key` of an object (`promoters`): a number, or the
/// error naming it as [`field_path`]`(object, key)`.
///
/// # Errors
/// `NOT_A_NUMBER` for a value that is not a number; `INVALID_TYPE` when it
/// is missing. Range checks are the caller's.
pub fn number_field(obj: &super::Seq<'_>, key: &'static str, object: &str) -> Result<f64> {
    let field = || field_path(object, key);
    match obj.get(key).map(|v| (v, v.get())) {
        Some((_, V::Number(x))) => Ok(x),
        None | Some((_, V::Undefined | V::Null)) => Err(Error::InvalidType {
            field: field().into(),
            index: None,
            expected: "a count".into(),
            found: "nothing (it is missing)".into(),
        }),
        Some((v, _)) => Err(Error::NotANumber { field: field().into(), index: None, found: v.describe().into() }),
    }
}

// (The option types tested are those of the survey and ticket KPIs.)
#[cfg(all(test, any(feature = "survey", feature = "tickets")))]
mod tests {
    use super::*;
    use crate::wire::{Message, Writer};

    /// `undefined` options skip the deserialiser; what they give must be
    /// what the deserialiser gives for `undefined` and for `{}`.
    fn defaults_agree<T: DeserializeOwned + Default + std::fmt::Debug>(ctx: Ctx) {
        let read = |build: &dyn Fn(&mut Writer)| {
            let mut w = Writer::default();
            build(&mut w);
            let (words, s, u) = w.words();
            let m = Message::from_words(&words, s, u).unwrap();
            let args = m.args(1).unwrap();
            format!("{:?}", from_value::<T>(args[0], "", ctx).unwrap())
        };
        let want = format!("{:?}", T::default());
        assert_eq!(read(&|w| { w.undefined(); }), want);
        assert_eq!(read(&|w| { w.null(); }), want);
        assert_eq!(read(&|w| { w.object(0, |_| {}); }), want);
    }

    #[test]
    #[cfg(feature = "survey")]
    fn survey_option_defaults_are_the_deserialisers() {
        use crate::survey::{CesOptions, CompareOptions, CsatOptions, NpsOptions, Weighted};
        defaults_agree::<Weighted<NpsOptions>>(Ctx::OPTIONS);
        defaults_agree::<Weighted<CsatOptions>>(Ctx::OPTIONS);
        defaults_agree::<Weighted<CesOptions>>(Ctx::OPTIONS);
        defaults_agree::<NpsOptions>(Ctx::READ);
        defaults_agree::<CsatOptions>(Ctx::COUNTS);
        defaults_agree::<CesOptions>(Ctx::COUNTS);
        defaults_agree::<CompareOptions>(Ctx::OPTIONS);
    }

    #[test]
    #[cfg(feature = "tickets")]
    fn ticket_option_defaults_are_the_deserialisers() {
        defaults_agree::<crate::tickets::TicketOptions>(Ctx::OPTIONS);
    }
}
