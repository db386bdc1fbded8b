//! Results as a tape of `f64` slots, by serde.
//!
//! Any `Serialize` result is written as self-describing slots ([`OutTag`]):
//! numbers, strings, arrays and objects (structs and maps alike). The
//! binding's JavaScript reads the tape once and builds plain objects. Strings
//! are UTF-8: those in the program's static data (field names, enum names,
//! error codes) are numbered by the tape's dictionary ([`super::dict`]), so
//! JavaScript decodes each of them once; others are copied into a side
//! buffer. Struct field names are not written at all: a struct is its shape
//! number and its values.
//!
//! A non-finite number in a result is written as `null`: no result carries
//! NaN or ±∞ (the engine returns `None` for undefined statistics; this is the
//! last guard). A [`F64Array`] is written raw, NaN included, as the data of a
//! `Float64Array`.
//!
//! The results written most (an NPS, a grouping's rows) also have a flat
//! form, written without serde ([`Flat`]): their numbers untagged, their
//! fields in a fixed order the reader knows before any tape
//! ([`flat_shapes`]; its builders are generated from them). It reads as the
//! same object, in a third of the time to write it.

use super::dict::Dict;
use crate::kpi::STATIC_STRS;
use serde::ser::{self, Serialize};
use std::fmt;

named_tags! {
    /// The kind of a value on the tape: its first slot.
    pub enum OutTag => fn tag_names {
        /// `null`. `[0]`
        Null = 0 as "NULL",
        /// `false`. `[1]`
        False = 1 as "FALSE",
        /// `true`. `[2]`
        True = 2 as "TRUE",
        /// A number. `[3, value]`
        Number = 3 as "NUMBER",
        /// A string in the side buffer. `[4, byte offset, byte length]`
        Str = 4 as "STR",
        /// An array. `[5, count, ...values]`
        Array = 5 as "ARRAY",
        /// An object. `[6, count, (key, value)...]`; keys are strings.
        Object = 6 as "OBJECT",
        /// A `Float64Array`. `[7, count, ...raw values]`
        F64Array = 7 as "F64ARRAY",
        /// A string in static memory. `[8, string number]`
        StaticStr = 8 as "STATIC_STR",
        /// A struct: an object of a known shape (its name and field names, in
        /// order). `[9, shape number, ...values]`; the reader builds it with a
        /// builder made for that shape.
        Struct = 9 as "STRUCT",
        /// A list of static strings that is the same in every result (such as
        /// the NPS group of each score): `[10, list number]`; the reader builds
        /// it once and returns copies.
        StaticList = 10 as "STATIC_LIST",
        /// A string this tape wrote before (a group's name in every
        /// account, a period in every movement): `[11, k]` for the k-th
        /// string (`Str`) of the tape, counted from 0.
        StrAgain = 11 as "STR_AGAIN",
        /// A flat struct: `[12, shape number, ...fields]`, each field in the
        /// form its [`FlatKind`] says (numbers untagged); the shapes are
        /// [`flat_shapes`], known to the reader before any tape.
        Flat = 12 as "FLAT",
        /// An object whose keys are defined by this tape, the first of
        /// several of the same keys (the rows of a grouping, whose keys are
        /// the caller's column names): `[13, count, ...keys, ...values]`,
        /// each key a string; it is this tape's next shape (counted from 0).
        Shape = 13 as "SHAPE",
        /// An object of a shape this tape defined: `[14, shape, ...values]`.
        Shaped = 14 as "SHAPED",
    }
}

/// How a field of a [`Flat`] struct is written.
#[derive(Debug, Clone, Copy)]
pub enum FlatKind {
    /// A number or null: one slot, NaN for null (no result is NaN; a value
    /// that is not finite is null, as in the tagged form).
    Num,
    /// Numbers or null: NaN for null, else the count, then the numbers (as
    /// [`FlatKind::Num`]).
    Nums,
    /// A flat struct or null: 0 for null, else 1, then its fields.
    Nested(&'static FlatShape),
    /// Any value, in its tagged form.
    Value,
}

/// The fields of a [`Flat`] struct, in order: their names in JavaScript
/// and kinds. The generated reader builds the object from this.
#[derive(Debug)]
pub struct FlatShape {
    /// The struct's name.
    pub name: &'static str,
    /// (name, kind) of each field.
    pub fields: &'static [(&'static str, FlatKind)],
}

/// A result written without serde: its numbers untagged, its fields in
/// the order of its [`FlatShape`], with no shape to look up. Several times
/// cheaper to write and to read than the tagged form of the same object,
/// for the results written most (one per call of a survey KPI, one per
/// row of a grouping). Its shape must list the fields its `Serialize`
/// writes, in that order: a test checks that both forms read the same.
///
/// Implemented with [`flat!`](crate::flat), which makes the shape and the
/// writer from one list of fields.
pub trait Flat {
    /// The fields.
    const SHAPE: &'static FlatShape;
    /// Writes the fields (not the tag): with [`Tape::num`], [`Tape::nums`],
    /// [`Tape::nested`], and [`Tape::write`] for a [`FlatKind::Value`], as
    /// the shape says.
    ///
    /// # Errors
    /// As [`Tape::write`], for a [`FlatKind::Value`].
    fn write_fields(&self, t: &mut Tape) -> Result<(), OutError>;
}

/// Implements [`Flat`] from one list of fields, so that a field's name,
/// kind and position are written once, for the shape and the writer alike:
///
/// ```ignore
/// flat! { NpsResult as "NpsResult", |t, r| {
///     "score": num(r.score),                                  // FlatKind::Num
///     "distribution": nums(r.distribution.as_deref()),        // FlatKind::Nums
///     "groups": value(&r.groups),                             // FlatKind::Value
///     "confidenceInterval": nested<ConfidenceInterval>(r.confidence_interval.as_ref()),
///     "rows": with(write_rows(t, &r.rows)),                   // a Value written by the expression
/// } }
/// ```
///
/// `r` names the value written and `t` the [`Tape`]: `num` takes anything
/// `Into<Option<f64>>`, `nums` an `Option<&[f64]>`, `value` a `Serialize`
/// value, `nested` an `Option<&T>` of a flat `T`, and `with` an expression
/// that writes one value and returns `Result<(), OutError>`.
#[macro_export]
macro_rules! flat {
    ($ty:ty as $name:literal, |$t:ident, $r:ident| { $($key:literal : $kind:ident $(<$nested:ty>)? ($e:expr)),+ $(,)? }) => {
        impl $crate::wire::out::Flat for $ty {
            const SHAPE: &'static $crate::wire::out::FlatShape = &$crate::wire::out::FlatShape {
                name: $name,
                fields: &[$(($key, $crate::flat!(@kind $kind $(<$nested>)?))),+],
            };
            fn write_fields(&self, $t: &mut $crate::wire::out::Tape) -> ::std::result::Result<(), $crate::wire::out::OutError> {
                let $r = self;
                $( $crate::flat!(@write $t $kind ($e)); )+
                Ok(())
            }
        }
    };
    (@kind num) => { $crate::wire::out::FlatKind::Num };
    (@kind nums) => { $crate::wire::out::FlatKind::Nums };
    (@kind value) => { $crate::wire::out::FlatKind::Value };
    (@kind with) => { $crate::wire::out::FlatKind::Value };
    (@kind nested <$nested:ty>) => { $crate::wire::out::FlatKind::Nested(<$nested as $crate::wire::out::Flat>::SHAPE) };
    (@write $t:ident num ($e:expr)) => { $t.num($e) };
    (@write $t:ident nums ($e:expr)) => { $t.nums($e) };
    (@write $t:ident value ($e:expr)) => { $t.write($e)? };
    (@write $t:ident with ($e:expr)) => { $e? };
    (@write $t:ident nested ($e:expr)) => { $t.nested($e)? };
}

/// Every flat shape, numbered by position (a reader knows them all).
pub fn flat_shapes() -> &'static [&'static FlatShape] {
    &[
        #[cfg(feature = "survey")]
        <crate::survey::NpsResult as Flat>::SHAPE,
        #[cfg(feature = "survey")]
        <crate::kpi::ConfidenceInterval as Flat>::SHAPE,
        #[cfg(feature = "survey")]
        <crate::survey::BandThresholds as Flat>::SHAPE,
        #[cfg(feature = "survey")]
        <crate::survey::CsatResult as Flat>::SHAPE,
        #[cfg(feature = "survey")]
        <crate::survey::CesResult as Flat>::SHAPE,
        #[cfg(feature = "group")]
        <crate::group::Grouped as Flat>::SHAPE,
    ]
}

/// A number as results give it: `None` (null) for one that is not finite,
/// and no negative zero (a duration of 0 − 0 is 0). The tagged and the
/// flat forms both write numbers through this.
#[inline(always)]
fn result_number(v: f64) -> Option<f64> {
    v.is_finite().then_some(v + 0.0)
}

/// A number of a flat field: [`result_number`], NaN for null.
#[inline(always)]
fn flat_number(v: f64) -> f64 {
    result_number(v).unwrap_or(f64::NAN)
}

/// Every output tag with its name, then every kind of definition (named
/// `DEF_…`), for the generated JavaScript.
pub fn out_tags() -> Vec<(&'static str, u8)> {
    use super::dict::def;
    let defs = [("DEF_STATIC_STR", def::STATIC_STR), ("DEF_STR", def::STR), ("DEF_SHAPE", def::SHAPE), ("DEF_LIST", def::LIST)];
    tag_names().into_iter().chain(defs).collect()
}

/// The newtype name that marks a [`F64Array`].
pub const F64_ARRAY: &str = "$cx::F64Array";

/// Numbers returned as a `Float64Array` (NaN allowed: it means "missing").
#[derive(Debug, Clone, PartialEq)]
pub struct F64Array(pub Vec<f64>);

impl Serialize for F64Array {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(F64_ARRAY, &self.0)
    }
}

/// A tape being written.
#[derive(Debug, Default, Clone)]
pub struct Tape {
    /// The slots.
    pub slots: Vec<f64>,
    /// Side buffer of strings (UTF-8).
    pub strings: Vec<u8>,
    /// What the reader must learn before reading this tape (strings,
    /// shapes, lists it has not seen), written by [`Tape::commit`]; see
    /// [`super::dict::def`].
    pub defs: Vec<f64>,
    /// Strings in `[static_from, static_to)` are static data (wasm: the
    /// data segment, never the stack).
    static_from: usize,
    static_to: usize,
    raw_f64: bool,
    /// Set while a static list's key is being written.
    list_key: bool,
    dict: Dict,
    /// Field names of the structs being written (a stack: nested structs
    /// push theirs above their parent's).
    keys: Vec<&'static str>,
    /// Shapes this tape defined ([`Tape::open_shaped`]).
    shapes: u32,
    /// The strings written to `strings` in this tape, in order: where each
    /// is, its hash and, up to 16 bytes, its bytes as two words (short ones
    /// only: see [`Tape::seen`]). Only in the
    /// module of tables, whose results repeat names (the survey module's
    /// strings do not repeat, and it stays smaller without).
    #[cfg(feature = "tables")]
    written: Vec<(u32, u32, u64, [u64; 2])>,
    /// The short ones of `written`, by hash.
    #[cfg(feature = "tables")]
    written_index: super::dict::Slots,
}

/// Longest string looked up among those a tape wrote before (longer ones,
/// messages, rarely repeat).
#[cfg(feature = "tables")]
const SEEN_MAX_LEN: usize = 64;

/// A string of at most 16 bytes as [`Tape::seen`] keys it: its bytes in two
/// little-endian words (zero-padded), and their hash. The index is searched
/// from the hash's bits 40 and up, so every one of them must depend on every
/// byte ([`crate::hash::mix`]): period labels differ only in their last
/// bytes, and a bare product sent all 52 weeks of a year to a handful of
/// slots (chains of about 50 probes per label written).
#[cfg(feature = "tables")]
fn short_key(s: &str) -> ([u64; 2], u64) {
    let mut b = [0u8; 16];
    b[..s.len()].copy_from_slice(s.as_bytes());
    let words = [u64::from_le_bytes(b[..8].try_into().unwrap_or_default()), u64::from_le_bytes(b[8..].try_into().unwrap_or_default())];
    (words, crate::hash::mix(words[0] ^ words[1].rotate_left(29) ^ s.len() as u64))
}

/// Why a value could not be written (a type the tape has no form for).
#[derive(Debug)]
pub struct OutError {
    msg: String,
    /// Not an error: a static list the reader knows already (see
    /// [`Tape::static_list`]), so its strings need not be written.
    known_list: Option<u32>,
}

impl fmt::Display for OutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}
impl std::error::Error for OutError {}
impl ser::Error for OutError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        OutError { msg: msg.to_string(), known_list: None }
    }
}

impl Tape {
    /// An empty tape; strings in `[static_from, static_to)` are static.
    pub const fn new(static_from: usize, static_to: usize) -> Self {
        Tape {
            slots: Vec::new(),
            strings: Vec::new(),
            defs: Vec::new(),
            static_from,
            static_to,
            raw_f64: false,
            list_key: false,
            dict: Dict::new(),
            keys: Vec::new(),
            shapes: 0,
            #[cfg(feature = "tables")]
            written: Vec::new(),
            #[cfg(feature = "tables")]
            written_index: super::dict::Slots::new(),
        }
    }

    /// Sets the range of static data.
    pub fn set_static(&mut self, from: usize, to: usize) {
        self.static_from = from;
        self.static_to = to;
    }

    /// Clears the tape for the next result (keeping its memory).
    pub fn clear(&mut self) {
        self.slots.clear();
        self.strings.clear();
        self.defs.clear();
        self.keys.clear();
        self.shapes = 0;
        self.raw_f64 = false;
        self.list_key = false;
        #[cfg(feature = "tables")]
        {
            self.written.clear();
            self.written_index.clear();
        }
    }

    /// Writes into [`Tape::defs`] what the reader has not been given yet,
    /// and counts it as given: call it when the tape is handed to the
    /// reader. (A tape that is discarded instead, e.g. for an error, leaves
    /// its new definitions to the next tape handed over.)
    pub fn commit(&mut self) {
        let (from, to) = (self.static_from, self.static_to);
        self.dict.commit(&mut self.defs, &mut self.strings, |at, len| static_range(from, to, at, len));
    }

    /// A new reader, which has been given nothing.
    pub fn reset_reader(&mut self) {
        self.dict.reset();
    }

    /// Writes `value`.
    ///
    /// # Errors
    /// For a type without a form on the tape (enum variants with data).
    pub fn write<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutError> {
        value.serialize(&mut *self)
    }

    /// Writes a [`Flat`] struct in its flat form.
    ///
    /// # Errors
    /// As [`Flat::write_fields`]; for a shape missing from [`flat_shapes`].
    pub fn write_flat<T: Flat>(&mut self, value: &T) -> Result<(), OutError> {
        // By name (distinct: a test checks), not by address: a constant
        // has no one address.
        let Some(id) = flat_shapes().iter().position(|s| s.name == T::SHAPE.name) else {
            return Err(ser::Error::custom(format!("{} is not a flat shape", T::SHAPE.name)));
        };
        self.slots.push(OutTag::Flat as u8 as f64);
        self.slots.push(id as f64);
        value.write_fields(self)
    }

    /// A [`FlatKind::Num`] field.
    #[inline(always)]
    pub fn num(&mut self, v: impl Into<Option<f64>>) {
        self.slots.push(v.into().map_or(f64::NAN, flat_number));
    }

    /// A [`FlatKind::Nums`] field.
    #[inline]
    pub fn nums(&mut self, v: Option<&[f64]>) {
        match v {
            None => self.slots.push(f64::NAN),
            Some(v) => {
                self.slots.push(v.len() as f64);
                self.slots.extend(v.iter().map(|&x| flat_number(x)));
            }
        }
    }

    /// A [`FlatKind::Nested`] field.
    ///
    /// # Errors
    /// As [`Flat::write_fields`].
    #[inline]
    pub fn nested<T: Flat>(&mut self, v: Option<&T>) -> Result<(), OutError> {
        match v {
            None => {
                self.slots.push(0.0);
                Ok(())
            }
            Some(v) => {
                self.slots.push(1.0);
                v.write_fields(self)
            }
        }
    }

    /// Starts an object of keys `keys` (each written once per tape, with
    /// [`OutTag::Shape`]): its values follow, in the order of the keys.
    /// `shape` is the shape this tape defined for such objects (`None`
    /// before the first); the caller keeps it, and gives objects of other
    /// keys another.
    pub fn open_shaped<'k>(&mut self, shape: &mut Option<u32>, keys: impl ExactSizeIterator<Item = &'k str>) {
        match *shape {
            Some(id) => {
                self.tag(OutTag::Shaped);
                self.slots.push(f64::from(id));
            }
            None => {
                self.tag(OutTag::Shape);
                self.slots.push(keys.len() as f64);
                for k in keys {
                    self.string(k);
                }
                *shape = Some(self.shapes);
                self.shapes += 1;
            }
        }
    }

    /// Starts an object (`[6, count, ...]`) whose count
    /// [`Tape::close_count`] writes; its entries follow, each a key then a
    /// value.
    pub fn open_object(&mut self) -> usize {
        self.open(OutTag::Object)
    }

    /// Starts an array (`[5, count, ...]`) whose count
    /// [`Tape::close_count`] writes.
    pub fn open_array(&mut self) -> usize {
        self.open(OutTag::Array)
    }

    /// The count of the object or array started at `at`.
    pub fn close_count(&mut self, at: usize, count: usize) {
        self.close(at, count);
    }

    #[inline(always)]
    fn tag(&mut self, t: OutTag) {
        self.slots.push(t as u8 as f64);
    }

    #[inline(always)]
    fn three(&mut self, a: f64, b: f64, c: f64) {
        self.slots.push(a);
        self.slots.push(b);
        self.slots.push(c);
    }

    #[inline(always)]
    fn string(&mut self, s: &str) {
        let (at, len) = (s.as_ptr() as usize, s.len());
        if static_range(self.static_from, self.static_to, at, len) {
            let id = self.dict.string(at, len, None);
            self.slots.push(OutTag::StaticStr as u8 as f64);
            self.slots.push(id as f64);
        } else {
            #[cfg(feature = "tables")]
            if let Some(k) = self.seen(s) {
                self.slots.push(OutTag::StrAgain as u8 as f64);
                self.slots.push(k as f64);
                return;
            }
            self.three(OutTag::Str as u8 as f64, self.strings.len() as f64, len as f64);
            self.strings.extend_from_slice(s.as_bytes());
        }
    }

    /// The number of the string equal to `s` that this tape wrote before,
    /// if any; else `s` is counted as the next one written (the caller
    /// writes it). Strings longer than [`SEEN_MAX_LEN`] are counted, not
    /// looked up.
    #[cfg(feature = "tables")]
    fn seen(&mut self, s: &str) -> Option<u32> {
        let (at, len) = (self.strings.len() as u32, s.len() as u32);
        if s.len() > SEEN_MAX_LEN {
            self.written.push((at, len, 0, [0; 2]));
            return None;
        }
        // Up to 16 bytes: the string itself, in two words, is its key
        // (compared without reading the side buffer); longer: a hash, and
        // the bytes compared.
        let mut words = [0u64; 2];
        let h = if s.len() <= 16 {
            let (w, h) = short_key(s);
            words = w;
            h
        } else {
            use std::hash::Hasher;
            let mut f = crate::hash::FxHasher::default();
            f.write(s.as_bytes());
            f.finish()
        };
        let (strings, written) = (&self.strings, &self.written);
        let slot = match self.written_index.find((h >> 40) as usize, |k| {
            let (from, n, hk, w) = written[k as usize];
            hk == h && n == len && (if s.len() <= 16 { w == words } else { &strings[from as usize..(from + n) as usize] == s.as_bytes() })
        }) {
            Ok(k) => return Some(k),
            Err(slot) => slot,
        };
        let k = self.written.len() as u32;
        self.written.push((at, len, h, words));
        // (Long strings are counted too: the index grows a little early.)
        let written = &self.written;
        self.written_index.put(slot, k, written.len(), |k| {
            let (_, n, h, _) = written[k];
            (n as usize <= SEEN_MAX_LEN).then_some((h >> 40) as usize)
        });
        None
    }

    /// Starts a container whose count is patched by [`Tape::close`].
    fn open(&mut self, t: OutTag) -> usize {
        self.tag(t);
        self.slots.push(0.0);
        self.slots.len() - 1
    }

    fn close(&mut self, at: usize, count: usize) {
        self.slots[at] = count as f64;
    }

    /// After a new [`StaticStrs`](crate::kpi::StaticStrs) pair was written
    /// at `at` as `[5, 2, 3, key, 5, n, (8, string)...]`: defines the list
    /// and writes `[10, list]` instead, or the plain array when its strings
    /// are not all static. (A list already defined is cut short while its
    /// key is written.)
    fn static_list(&mut self, at: usize) {
        let s = &self.slots[at..];
        let pair = [OutTag::Array as u8 as f64, 2.0, OutTag::Number as u8 as f64];
        if s.len() < 6 || s[..3] != pair || s[4] != OutTag::Array as u8 as f64 {
            return;
        }
        let key = s[3];
        let n = s[5] as usize;
        let items = &s[6..];
        let all_static = items.len() == 2 * n && items.chunks(2).all(|c| c[0] == OutTag::StaticStr as u8 as f64);
        if !all_static {
            self.slots.drain(at..at + 4);
            return;
        }
        let strs: Vec<u32> = items.chunks(2).map(|c| c[1] as u32).collect();
        let id = self.dict.list(key, &strs);
        self.slots.truncate(at);
        self.slots.push(OutTag::StaticList as u8 as f64);
        self.slots.push(id as f64);
    }
}

/// Whether `len` bytes at `at` lie in `[from, to)`.
#[inline(always)]
fn static_range(from: usize, to: usize, at: usize, len: usize) -> bool {
    at >= from && at.checked_add(len).is_some_and(|e| e <= to)
}

/// A container being written: where its count (or, for a struct, its
/// shape) goes and how many so far.
pub struct Compound<'t> {
    tape: &'t mut Tape,
    count_at: usize,
    count: usize,
    /// For a struct: its name, and where its keys start on the key stack.
    name: &'static str,
    keys_at: usize,
}

impl<'t> ser::Serializer for &'t mut Tape {
    type Ok = ();
    type Error = OutError;
    type SerializeSeq = Compound<'t>;
    type SerializeTuple = Compound<'t>;
    type SerializeTupleStruct = Compound<'t>;
    type SerializeTupleVariant = ser::Impossible<(), OutError>;
    type SerializeMap = Compound<'t>;
    type SerializeStruct = Compound<'t>;
    type SerializeStructVariant = ser::Impossible<(), OutError>;

    fn serialize_bool(self, v: bool) -> Result<(), OutError> {
        self.tag(if v { OutTag::True } else { OutTag::False });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), OutError> {
        self.serialize_f64(v as f64)
    }
    fn serialize_i16(self, v: i16) -> Result<(), OutError> {
        self.serialize_f64(v as f64)
    }
    fn serialize_i32(self, v: i32) -> Result<(), OutError> {
        self.serialize_f64(v as f64)
    }
    fn serialize_i64(self, v: i64) -> Result<(), OutError> {
        self.serialize_f64(v as f64)
    }
    fn serialize_u8(self, v: u8) -> Result<(), OutError> {
        self.serialize_f64(v as f64)
    }
    fn serialize_u16(self, v: u16) -> Result<(), OutError> {
        self.serialize_f64(v as f64)
    }
    fn serialize_u32(self, v: u32) -> Result<(), OutError> {
        self.serialize_f64(v as f64)
    }
    #[inline]
    fn serialize_u64(self, v: u64) -> Result<(), OutError> {
        if self.list_key {
            // The key of a static list: stop here if the reader knows it.
            self.list_key = false;
            if let Some(id) = self.dict.known_list(v as f64) {
                return Err(OutError { msg: String::new(), known_list: Some(id) });
            }
        }
        self.serialize_f64(v as f64)
    }
    fn serialize_f32(self, v: f32) -> Result<(), OutError> {
        self.serialize_f64(v as f64)
    }
    #[inline(always)]
    fn serialize_f64(self, v: f64) -> Result<(), OutError> {
        if self.raw_f64 {
            // A Float64Array's data: NaN stays (missing), −0 does not.
            self.slots.push(v + 0.0);
        } else if let Some(v) = result_number(v) {
            self.slots.push(OutTag::Number as u8 as f64);
            self.slots.push(v);
        } else {
            self.tag(OutTag::Null);
        }
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), OutError> {
        let mut b = [0u8; 4];
        self.string(v.encode_utf8(&mut b));
        Ok(())
    }
    #[inline]
    fn serialize_str(self, v: &str) -> Result<(), OutError> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), OutError> {
        use ser::SerializeSeq;
        let mut s = self.serialize_seq(Some(v.len()))?;
        for b in v {
            s.serialize_element(b)?;
        }
        s.end()
    }
    #[inline]
    fn serialize_none(self) -> Result<(), OutError> {
        self.tag(OutTag::Null);
        Ok(())
    }
    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), OutError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), OutError> {
        self.tag(OutTag::Null);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), OutError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), OutError> {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Result<(), OutError> {
        if name == F64_ARRAY {
            // A sequence of raw numbers: [7, count, ...values].
            let at = self.open(OutTag::F64Array);
            let before = self.slots.len();
            self.raw_f64 = true;
            let r = value.serialize(&mut *self);
            self.raw_f64 = false;
            r?;
            let n = self.slots.len() - before;
            // The sequence wrote its own header, [5, count]: drop it.
            self.slots.drain(before..before + 2);
            self.close(at, n - 2);
            return Ok(());
        }
        if name == STATIC_STRS {
            let at = self.slots.len();
            self.list_key = true;
            let r = value.serialize(&mut *self);
            self.list_key = false;
            return match r {
                Err(OutError { known_list: Some(id), .. }) => {
                    self.slots.truncate(at);
                    self.slots.push(OutTag::StaticList as u8 as f64);
                    self.slots.push(id as f64);
                    Ok(())
                }
                Err(e) => Err(e),
                Ok(()) => {
                    self.static_list(at);
                    Ok(())
                }
            };
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), OutError> {
        let at = self.open(OutTag::Object);
        self.string(variant);
        value.serialize(&mut *self)?;
        self.close(at, 1);
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'t>, OutError> {
        let was_raw = self.raw_f64;
        self.raw_f64 = false;
        let count_at = self.open(OutTag::Array);
        self.raw_f64 = was_raw;
        Ok(Compound { tape: self, count_at, count: 0, name: "", keys_at: 0 })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'t>, OutError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'t>, OutError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, OutError> {
        Err(ser::Error::custom(format!("{name}::{variant} has no form in results")))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'t>, OutError> {
        let count_at = self.open(OutTag::Object);
        Ok(Compound { tape: self, count_at, count: 0, name: "", keys_at: 0 })
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Compound<'t>, OutError> {
        // [9, shape]: the shape is known at the end, from the keys written.
        let count_at = self.open(OutTag::Struct);
        let keys_at = self.keys.len();
        Ok(Compound { tape: self, count_at, count: 0, name, keys_at })
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, OutError> {
        Err(ser::Error::custom(format!("{name}::{variant} has no form in results")))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = OutError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutError> {
        self.count += 1;
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result<(), OutError> {
        self.tape.close(self.count_at, self.count);
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = OutError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), OutError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = OutError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), OutError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = OutError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), OutError> {
        self.count += 1;
        key.serialize(&mut *self.tape)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutError> {
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result<(), OutError> {
        self.tape.close(self.count_at, self.count);
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = OutError;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), OutError> {
        self.tape.keys.push(key);
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result<(), OutError> {
        let t = self.tape;
        let id = t.dict.shape(self.name, &t.keys[self.keys_at..]);
        t.keys.truncate(self.keys_at);
        t.slots[self.count_at] = id as f64;
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Period labels (the strings a grouped result repeats most) spread over
    /// the slots of [`Tape::seen`]'s index: of n labels in an index of 2n to
    /// 4n slots, random slots leave about 80 % of them alone in theirs.
    #[test]
    #[cfg(feature = "tables")]
    fn period_labels_spread_over_the_written_index() {
        let mut sets: Vec<(&str, Vec<String>)> = Vec::new();
        let (mut days, mut weeks, mut months) = (Vec::new(), Vec::new(), Vec::new());
        for y in 2019..2031 {
            for m in 1..=12 {
                months.push(format!("{y}-{m:02}"));
                for d in 1..=28 {
                    days.push(format!("{y}-{m:02}-{d:02}"));
                }
            }
            for w in 1..=52 {
                weeks.push(format!("{y}-W{w:02}"));
            }
        }
        let quarters: Vec<String> = (2000..2030).flat_map(|y| (1..=4).map(move |q| format!("FY{y}-Q{q}"))).collect();
        sets.extend([("days", days), ("weeks", weeks), ("months", months), ("fiscal quarters", quarters)]);
        for (name, labels) in &sets {
            for n in [52, 200, labels.len()] {
                let labels = &labels[..n.min(labels.len())];
                let size = (2 * labels.len()).next_power_of_two();
                let mut used = std::collections::HashSet::new();
                for l in labels {
                    used.insert((short_key(l).1 >> 40) as usize & (size - 1));
                }
                assert!(used.len() * 10 >= labels.len() * 7, "{name}: {} labels in {} slots of {size}", labels.len(), used.len());
            }
        }
    }

    thread_local! {
        /// The strings (tag 4) of the tape being shown, in order.
        static STRS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
        /// The keys of the shapes (tag 13) the tape being shown defined.
        static SHAPES: std::cell::RefCell<Vec<Vec<String>>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    /// Reads a tape back into a JSON-like string (what the JavaScript does).
    pub(crate) fn show(t: &Tape, at: &mut usize) -> String {
        if *at == 0 {
            STRS.with(|w| w.borrow_mut().clear());
            SHAPES.with(|s| s.borrow_mut().clear());
        }
        let tag = t.slots[*at] as u8;
        *at += 1;
        fn take(t: &Tape, at: &mut usize) -> f64 {
            let v = t.slots[*at];
            *at += 1;
            v
        }
        match tag {
            0 => "null".into(),
            1 => "false".into(),
            2 => "true".into(),
            3 => format!("{}", take(t, at)),
            4 => {
                let (o, l) = (take(t, at) as usize, take(t, at) as usize);
                let text = std::str::from_utf8(&t.strings[o..o + l]).unwrap().to_string();
                STRS.with(|w| w.borrow_mut().push(text.clone()));
                format!("{text:?}")
            }
            8 => format!("{:?}", t.dict.text(take(t, at) as u32)),
            11 => STRS.with(|w| format!("{:?}", w.borrow()[take(t, at) as usize])),
            9 => {
                let id = take(t, at) as u32;
                let parts: Vec<String> = t.dict.keys(id).iter().map(|k| format!("{k:?}:{}", show(t, at))).collect();
                format!("{{{}}}", parts.join(","))
            }
            10 => format!("{:?}", t.dict.list_texts(take(t, at) as u32)).replace(", ", ","),
            12 => {
                let shape = flat_shapes()[take(t, at) as usize];
                show_flat(t, at, shape)
            }
            13 | 14 => {
                let keys = if tag == 13 {
                    let n = take(t, at) as usize;
                    let keys: Vec<String> = (0..n).map(|_| show(t, at)).collect();
                    SHAPES.with(|s| s.borrow_mut().push(keys.clone()));
                    keys
                } else {
                    let id = take(t, at) as usize;
                    SHAPES.with(|s| s.borrow()[id].clone())
                };
                let parts: Vec<String> = keys.iter().map(|k| format!("{k}:{}", show(t, at))).collect();
                format!("{{{}}}", parts.join(","))
            }
            5..=7 => {
                let n = take(t, at) as usize;
                let mut parts = Vec::new();
                for _ in 0..n {
                    if tag == 7 {
                        parts.push(format!("{}", take(t, at)));
                    } else if tag == 6 {
                        let k = show(t, at);
                        parts.push(format!("{k}:{}", show(t, at)));
                    } else {
                        parts.push(show(t, at));
                    }
                }
                let (a, b) = if tag == 6 { ("{", "}") } else { ("[", "]") };
                format!("{a}{}{b}", parts.join(","))
            }
            _ => panic!("tag {tag}"),
        }
    }

    /// A flat struct's fields, read back as [`show`] reads a struct.
    fn show_flat(t: &Tape, at: &mut usize, shape: &FlatShape) -> String {
        fn number(v: f64) -> String {
            if v.is_nan() { "null".into() } else { format!("{v}") }
        }
        let mut parts = Vec::new();
        for &(key, kind) in shape.fields {
            let v = match kind {
                FlatKind::Num => {
                    *at += 1;
                    number(t.slots[*at - 1])
                }
                FlatKind::Nums => {
                    let n = t.slots[*at];
                    *at += 1;
                    if n.is_nan() {
                        "null".into()
                    } else {
                        let items: Vec<String> = t.slots[*at..*at + n as usize].iter().map(|&v| number(v)).collect();
                        *at += n as usize;
                        format!("[{}]", items.join(","))
                    }
                }
                FlatKind::Nested(inner) => {
                    *at += 1;
                    if t.slots[*at - 1] == 0.0 { "null".into() } else { show_flat(t, at, inner) }
                }
                FlatKind::Value => show(t, at),
            };
            parts.push(format!("{key:?}:{v}"));
        }
        format!("{{{}}}", parts.join(","))
    }

    #[test]
    fn flat_shapes_have_distinct_names() {
        let names: std::collections::BTreeSet<&str> = flat_shapes().iter().map(|s| s.name).collect();
        assert_eq!(names.len(), flat_shapes().len());
    }

    /// Each flat result reads the same in its flat form as in its tagged
    /// form (so its shape lists the fields its `Serialize` writes, in
    /// order), with every optional part present and absent.
    #[cfg(feature = "survey")]
    #[test]
    fn flat_forms_read_as_the_tagged_forms() {
        use crate::survey::{nps_from_counts, NpsOptions};
        let mut results = Vec::new();
        for scores in [&[10.0, 9.0, 8.0, 6.0, 10.0, 7.0, 9.0, 10.0, 3.0, 9.0][..], &[], &[5.0, 0.0, 0.0], &[-0.0, 12.0, 7.5, 9.0]] {
            let mut t = crate::table::Table::new(&crate::survey::SCORES, scores.len());
            t.set(0, crate::table::Column::Numbers(crate::table::Numbers::F64(scores))).unwrap();
            for invalid in [crate::kpi::InvalidPolicy::Skip, crate::kpi::InvalidPolicy::Error] {
                let o = crate::survey::Weighted { weights: None, options: NpsOptions { invalid, ..NpsOptions::default() } };
                if let Ok(r) = crate::kpi::compute::<crate::survey::Nps>(&t, &o) {
                    results.push(r);
                }
            }
        }
        results.push(nps_from_counts(3.0, 1.0, 2.0, &NpsOptions::default()).unwrap());
        assert!(results.iter().any(|r| r.score.is_none() && r.confidence_interval.is_none()));
        assert!(results.iter().any(|r| r.distribution.is_none()));
        assert!(results.iter().any(|r| !r.invalid.is_empty()));
        fn same<T: Flat + Serialize>(r: &T) {
            let (mut a, mut b) = (Tape::new(0, 0), Tape::new(0, 0));
            a.write(r).unwrap();
            b.write_flat(r).unwrap();
            assert_eq!(show(&a, &mut 0), show(&b, &mut 0));
        }
        results.iter().for_each(same);
        // CSAT and CES on two scales, empty and not, with invalid answers.
        use crate::survey::{CesOptions, CsatOptions, Scale};
        let mut n = 0;
        for scores in [&[5.0, 4.0, 3.0, 1.0, 5.0][..], &[], &[7.0, 2.0, 0.0, 6.5]] {
            let mut t = crate::table::Table::new(&crate::survey::SCORES, scores.len());
            t.set(0, crate::table::Column::Numbers(crate::table::Numbers::F64(scores))).unwrap();
            for (scale, higher) in [(Scale::new(1.0, 5.0, "csat").unwrap(), true), (Scale::new(1.0, 7.0, "ces").unwrap(), false)] {
                let invalid = crate::kpi::InvalidPolicy::Skip;
                let o = crate::survey::Weighted { weights: None, options: CsatOptions { scale, invalid, ..CsatOptions::default() } };
                if let Ok(r) = crate::kpi::compute::<crate::survey::Csat>(&t, &o) {
                    same(&r);
                    n += 1;
                }
                let o = crate::survey::Weighted { weights: None, options: CesOptions { scale, invalid, higher_is_easier: higher, ..CesOptions::default() } };
                if let Ok(r) = crate::kpi::compute::<crate::survey::Ces>(&t, &o) {
                    same(&r);
                    n += 1;
                }
            }
        }
        assert_eq!(n, 12);
    }

    #[cfg(feature = "survey")]
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct R {
        score: Option<f64>,
        bad: f64,
        list: Vec<u64>,
        name: String,
        band: Option<crate::survey::Band>,
        groups: crate::kpi::StaticStrs,
        raw: F64Array,
        map: std::collections::BTreeMap<String, bool>,
    }

    /// The definitions of a tape, as the reader sees them.
    fn defs(t: &Tape) -> Vec<String> {
        use super::super::dict::def;
        let d = &t.defs;
        let mut out = Vec::new();
        let mut strs = std::collections::BTreeMap::new();
        let mut i = 0;
        while i < d.len() {
            let (kind, id) = (d[i] as u8, d[i + 1] as u32);
            match kind {
                def::STATIC_STR | def::STR => {
                    let (a, l) = (d[i + 2] as usize, d[i + 3] as usize);
                    let text = if kind == def::STR {
                        std::str::from_utf8(&t.strings[a..a + l]).unwrap().to_string()
                    } else {
                        t.dict.text(id).to_string()
                    };
                    out.push(format!("string {id} {text}"));
                    strs.insert(id, text);
                    i += 4;
                }
                def::SHAPE => {
                    let n = d[i + 3] as usize;
                    let name = &strs[&(d[i + 2] as u32)];
                    let keys: Vec<&str> = d[i + 4..i + 4 + n].iter().map(|&k| strs[&(k as u32)].as_str()).collect();
                    out.push(format!("shape {id} {name} {}", keys.join(",")));
                    i += 4 + n;
                }
                def::LIST => {
                    let n = d[i + 2] as usize;
                    let items: Vec<String> = d[i + 3..i + 3 + n].iter().map(|&k| t.dict.text(k as u32).to_string()).collect();
                    out.push(format!("list {id} {}", items.join(",")));
                    i += 3 + n;
                }
                _ => panic!("definition kind {kind}"),
            }
        }
        out
    }

    #[test]
    #[cfg(feature = "survey")]
    fn writes_what_javascript_reads() {
        let r = R {
            score: Some(40.0),
            bad: f64::NAN,
            list: vec![1, 2],
            name: "ok".into(),
            band: Some(crate::survey::Band::VeryGood),
            groups: crate::kpi::StaticStrs(&["a", "b"]),
            raw: F64Array(vec![1.5, f64::NAN]),
            map: [("__proto__".to_string(), true)].into_iter().collect(),
        };
        let mut t = Tape::new(0, 0);
        t.write(&r).unwrap();
        let mut at = 0;
        assert_eq!(
            show(&t, &mut at),
            "{\"score\":40,\"bad\":null,\"list\":[1,2],\"name\":\"ok\",\"band\":\"very-good\",\"groups\":[\"a\",\"b\"],\"raw\":[1.5,NaN],\"map\":{\"__proto__\":true}}"
        );
        assert_eq!(at, t.slots.len());
        // With static strings: strings and lists are numbered.
        let mut t = Tape::new(0, usize::MAX);
        t.write(&r).unwrap();
        assert!(t.slots.contains(&(OutTag::StaticStr as u8 as f64)));
        assert!(t.slots.contains(&(OutTag::StaticList as u8 as f64)));
        assert_eq!(t.slots[..2], [OutTag::Struct as u8 as f64, 0.0], "a struct is its shape and its values");
        let mut at = 0;
        assert_eq!(
            show(&t, &mut at),
            "{\"score\":40,\"bad\":null,\"list\":[1,2],\"name\":\"ok\",\"band\":\"very-good\",\"groups\":[\"a\",\"b\"],\"raw\":[1.5,NaN],\"map\":{\"__proto__\":true}}"
        );
        t.commit();
        let d = defs(&t);
        assert!(d.contains(&"list 0 a,b".to_string()), "{d:?}");
        assert!(d.contains(&"shape 0 R score,bad,list,name,band,groups,raw,map".to_string()), "{d:?}");
        // Again: the known list is only its number.
        let first = t.slots.len();
        t.clear();
        t.write(&r).unwrap();
        assert_eq!(t.slots.len(), first);
        let mut at = 0;
        assert!(show(&t, &mut at).contains("\"groups\":[\"a\",\"b\"]"));
    }

    /// A string the tape wrote before is its number; long ones are
    /// written again.
    #[cfg(feature = "tables")]
    #[test]
    fn strings_written_again_are_numbered() {
        let long = "x".repeat(SEEN_MAX_LEN + 1);
        let mid = "twenty bytes, hashed";
        let v: Vec<String> = ["ab", "cd", "ab", "", "ab", "", &long, &long, "cd", mid, "twenty bytes, HASHED", mid].iter().map(|s| s.to_string()).collect();
        let mut t = Tape::new(0, 0);
        t.write(&v).unwrap();
        let mut at = 0;
        let want = format!("[\"ab\",\"cd\",\"ab\",\"\",\"ab\",\"\",\"{long}\",\"{long}\",\"cd\",\"{mid}\",\"twenty bytes, HASHED\",\"{mid}\"]");
        assert_eq!(show(&t, &mut at), want);
        // [5, 9, then per string (4, offset, length) or (11, k)].
        let mut again = Vec::new();
        let mut i = 2;
        while i < t.slots.len() {
            if t.slots[i] == OutTag::StrAgain as u8 as f64 {
                again.push(t.slots[i + 1]);
                i += 2;
            } else {
                i += 3;
            }
        }
        assert_eq!(again, [0.0, 0.0, 2.0, 1.0, 5.0], "ab, ab, the empty string, cd, the 20-byte one");
        assert_eq!(t.strings.len(), 2 + 2 + 2 * long.len() + 2 * mid.len(), "each short string once (the empty one has no bytes), the long one twice");
        // A new tape starts its numbering again.
        t.clear();
        t.write(&vec!["cd".to_string(), "ab".to_string(), "cd".to_string()]).unwrap();
        let mut at = 0;
        assert_eq!(show(&t, &mut at), "[\"cd\",\"ab\",\"cd\"]");
        assert_eq!(t.slots[t.slots.len() - 2..], [OutTag::StrAgain as u8 as f64, 0.0]);
        // Many distinct strings (the index grows), each found again.
        let many: Vec<String> = (0..5000).map(|i| format!("s{i}")).collect();
        let twice: Vec<&String> = many.iter().chain(many.iter().rev()).collect();
        t.clear();
        t.write(&twice).unwrap();
        let mut at = 0;
        assert_eq!(show(&t, &mut at), format!("[{}]", twice.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(",")));
        assert_eq!(t.strings.len(), many.iter().map(String::len).sum::<usize>(), "each written once");
    }

    #[derive(serde::Serialize)]
    struct Maybe {
        a: f64,
        #[serde(skip_serializing_if = "Option::is_none")]
        b: Option<f64>,
        inner: Option<Box<Maybe>>,
    }

    #[derive(serde::Serialize)]
    struct Other {
        x: f64,
    }

    /// Definitions are written once, when the tape that first uses them is
    /// handed over; a struct that skips a field has a second shape.
    #[test]
    fn definitions_are_written_once() {
        let mut t = Tape::new(0, 0);
        let nested = Maybe { a: 1.0, b: Some(2.0), inner: Some(Box::new(Maybe { a: 3.0, b: None, inner: None })) };
        t.write(&nested).unwrap();
        let mut at = 0;
        assert_eq!(show(&t, &mut at), "{\"a\":1,\"b\":2,\"inner\":{\"a\":3,\"inner\":null}}");
        t.commit();
        // The inner struct ends first: it is shape 0.
        assert_eq!(
            defs(&t),
            [
                "string 0 Maybe",
                "string 1 a",
                "string 2 inner",
                "string 3 b",
                "shape 0 Maybe a,inner",
                "shape 1 Maybe a,b,inner",
            ]
        );
        assert_eq!(t.slots[1], 1.0, "the outer struct is shape 1");
        // Handed over: the next tape defines nothing.
        t.clear();
        t.write(&nested).unwrap();
        t.commit();
        assert!(t.defs.is_empty());
        // A discarded tape's definitions come with the next one handed over.
        t.clear();
        t.write(&Other { x: 1.0 }).unwrap();
        t.clear();
        t.write(&nested).unwrap();
        t.commit();
        assert_eq!(defs(&t), ["string 4 Other", "string 5 x", "shape 2 Other x"]);
        // A new reader has been given nothing.
        t.clear();
        t.reset_reader();
        t.write(&nested).unwrap();
        t.commit();
        assert_eq!(defs(&t).len(), 9, "every string and shape again");
    }
}
