//! The binding's value model, in plain Rust.
//!
//! JavaScript never hands live objects to the engine. The binding's
//! JavaScript side reads every argument once — own properties only, each
//! read guarded, typed arrays by their internal type — and writes it into
//! wasm memory as a **message**: a sequence of `f64` slots describing values
//! ([`Tag`]), a region of UTF-16 string data, and a region of bulk numeric
//! data (typed arrays, copied with one `TypedArray.prototype.set`). Rust
//! reads the message with [`Value`], deserialises options with serde
//! ([`de`]), builds [`Table`](crate::table::Table)s ([`table`]), computes, and
//! writes the result (or the error) as a **tape** of `f64` slots ([`out`])
//! that the JavaScript side turns into plain objects.
//!
//! Because the engine never calls back into JavaScript, nothing a caller's
//! getter, Proxy or `toJSON` does can run while Rust holds its state, and no
//! JavaScript exception can unwind through wasm frames.
//!
//! The numbers of [`Tag`] and [`ColumnKind`] are defined here only; the
//! JavaScript side is generated from [`tags`] and [`column_kinds`] at build
//! time.

/// Declares a `#[repr(u8)]` enum of wire tags, each variant with its number
/// and, in the same line, the name the generated JavaScript knows it by;
/// `$names()` lists `(name, number)` for every variant.
macro_rules! named_tags {
    (
        $(#[$meta:meta])*
        pub enum $name:ident => fn $names:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $n:literal as $js:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u8)]
        pub enum $name {
            $( $(#[$vmeta])* $variant = $n, )*
        }

        /// Every variant with its name, for the generated JavaScript.
        pub fn $names() -> Vec<(&'static str, u8)> {
            vec![$( ($js, $n) ),*]
        }
    };
}

pub mod args;
pub mod de;
mod dict;
pub mod out;
pub mod table;

use crate::table::Numbers;

named_tags! {
    /// The kind of a value in a message: the first slot of its encoding.
    pub enum Tag => fn tags {
        /// `undefined`, or a hole of a sparse array. `[0]`
        Undefined = 0 as "UNDEFINED",
        /// `null`. `[1]`
        Null = 1 as "NULL",
        /// `false`. `[2]`
        False = 2 as "FALSE",
        /// `true`. `[3]`
        True = 3 as "TRUE",
        /// A number. `[4, value]`
        Number = 4 as "NUMBER",
        /// A string. `[5, offset, length]` in UTF-16 code units of the string region.
        Str = 5 as "STR",
        /// An array of values. `[6, count, span, ...values]`; `span` is the
        /// number of slots of the values.
        Array = 6 as "ARRAY",
        /// An object's own enumerable string-keyed properties.
        /// `[7, count, span, (key as a Str, value)...]`
        Object = 7 as "OBJECT",
        /// Numbers in bulk (a typed array, or an array of numbers packed by the
        /// reader). `[8, kind, byte offset, length]` in the bulk region.
        Column = 8 as "COLUMN",
        /// A `Date`. `[9, epoch ms]` (NaN for an invalid date).
        Date = 9 as "DATE",
        /// A value of a kind the engine does not take (a function, a symbol, a
        /// BigInt, a DataView, a Map…). `[10, offset, length]`: its description.
        Other = 10 as "OTHER",
        /// A value that could not be read (a getter or Proxy trap threw, a
        /// detached buffer, a cycle). `[11, offset, length]`: why.
        Unreadable = 11 as "UNREADABLE",
        /// An array of objects read as a table by a schema: the rows that
        /// are not objects; per field, its values.
        /// `[12, rows, fields, span, others array, field arrays...]`; the
        /// others array holds (index, row) pairs, an index as a number, for
        /// each row that is not an object (usually none).
        Rows = 12 as "ROWS",
        /// A column of a table that is all strings (and missing values),
        /// dictionary-encoded by the reader: each distinct string once,
        /// then a code per element ([`MISSING_CODE`]: missing).
        /// `[13, count, span, names array, codes column (u32)]`.
        Labels = 13 as "LABELS",
        /// A column of a table that is all strings (and missing values), too
        /// many distinct ones for the reader to dictionary-encode (ids):
        /// each element's UTF-16 units in the string region.
        /// `[14, count, span, spans column (u32)]`, two spans per element
        /// (start, length; start [`MISSING_CODE`]: missing).
        Texts = 14 as "TEXTS",
        /// An argument sent after the others: `[15]`, its value after the
        /// last argument. Without a value there (a first message), the
        /// argument is a table whose columns the engine names: for rows with
        /// properties the options do not name, the reader sends only the
        /// columns the engine reads, in a second message.
        Deferred = 15 as "DEFERRED",
    }
}

/// The element type of a [`Tag::Column`]: one per numeric typed array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ColumnKind {
    /// `Uint8Array`, `Uint8ClampedArray`, and arrays of small whole numbers.
    U8 = 1,
    /// `Int8Array`.
    I8 = 2,
    /// `Uint16Array`.
    U16 = 3,
    /// `Int16Array`.
    I16 = 4,
    /// `Uint32Array`.
    U32 = 5,
    /// `Int32Array`.
    I32 = 6,
    /// `Float32Array`.
    F32 = 7,
    /// `Float64Array`, `Float16Array` (widened), and arrays of numbers.
    F64 = 8,
}

const KINDS: [ColumnKind; 8] =
    [ColumnKind::U8, ColumnKind::I8, ColumnKind::U16, ColumnKind::I16, ColumnKind::U32, ColumnKind::I32, ColumnKind::F32, ColumnKind::F64];

impl ColumnKind {
    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            ColumnKind::U8 | ColumnKind::I8 => 1,
            ColumnKind::U16 | ColumnKind::I16 => 2,
            ColumnKind::U32 | ColumnKind::I32 | ColumnKind::F32 => 4,
            ColumnKind::F64 => 8,
        }
    }
    fn from_slot(v: f64) -> Option<ColumnKind> {
        KINDS.iter().copied().find(|&k| k as u8 as f64 == v)
    }
}

/// Every column kind with the typed arrays it stands for, for the generated
/// JavaScript.
pub fn column_kinds() -> Vec<(&'static [&'static str], u8)> {
    KINDS
        .iter()
        .map(|&k| {
            let names: &'static [&'static str] = match k {
                ColumnKind::U8 => &["Uint8Array", "Uint8ClampedArray"],
                ColumnKind::I8 => &["Int8Array"],
                ColumnKind::U16 => &["Uint16Array"],
                ColumnKind::I16 => &["Int16Array"],
                ColumnKind::U32 => &["Uint32Array"],
                ColumnKind::I32 => &["Int32Array"],
                ColumnKind::F32 => &["Float32Array"],
                ColumnKind::F64 => &["Float64Array", "Float16Array"],
            };
            (names, k as u8)
        })
        .collect()
}

/// A message as received: slots, UTF-16 strings and bulk bytes.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    slots: &'a [f64],
    strings: &'a [u16],
    bulk: &'a [u8],
}

/// A string of a message (UTF-16 code units).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Str<'a>(pub &'a [u16]);

impl Str<'_> {
    /// The string (lone surrogates become U+FFFD).
    pub fn string(&self) -> String {
        let mut s = String::new();
        self.write_into(&mut s);
        s
    }
    /// The string written over `out` (its allocation reused).
    pub fn write_into(&self, out: &mut String) {
        out.clear();
        // ASCII fast path (ids, codes, labels): one byte per unit.
        if self.0.iter().all(|&u| u < 0x80) {
            // SAFETY: every byte pushed is ASCII (checked above), so the
            // string stays valid UTF-8.
            unsafe { out.as_mut_vec() }.extend(self.0.iter().map(|&u| u as u8));
        } else {
            out.extend(char::decode_utf16(self.0.iter().copied()).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)));
        }
    }
    /// Its first lone surrogate, if it has one: the position and the
    /// UTF-16 unit that is half of a pair without the other half (a string
    /// cut in the middle of an emoji, say). Such a string is not text: as
    /// [`Str::string`] gives it (U+FFFD for the half), two different ones
    /// would read the same.
    pub fn lone_surrogate(&self) -> Option<(usize, u16)> {
        let u = self.0;
        let mut i = 0;
        while i < u.len() {
            match u[i] {
                0xD800..=0xDBFF if u.get(i + 1).is_some_and(|n| (0xDC00..=0xDFFF).contains(n)) => i += 2,
                c @ 0xD800..=0xDFFF => return Some((i, c)),
                _ => i += 1,
            }
        }
        None
    }
    /// The string, or [`NotText`] when it has a lone surrogate.
    pub fn text(&self) -> Result<String, NotText> {
        match self.lone_surrogate() {
            None => Ok(self.string()),
            Some((at, unit)) => Err(NotText { at, unit }),
        }
    }
    /// Whether it equals `s`.
    pub fn is(&self, s: &str) -> bool {
        // ASCII (every name the engine asks for): one unit per byte, so a
        // different length is a different string, found without encoding.
        if s.is_ascii() {
            return s.len() == self.0.len() && s.bytes().zip(self.0).all(|(b, &u)| b as u16 == u);
        }
        s.encode_utf16().eq(self.0.iter().copied())
    }
    /// Number of UTF-16 units.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// True for the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A string that is not text ([`Str::lone_surrogate`]): where its lone
/// surrogate is, and which. Described once here for every message that
/// reports one (a cell's error, an option's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotText {
    /// Position in UTF-16 units.
    pub at: usize,
    /// The half pair.
    pub unit: u16,
}

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a string with half of a UTF-16 pair (U+{:04X} at position {})", self.unit, self.at)
    }
}

impl NotText {
    /// The rule an option that holds it breaks.
    pub fn rule(&self) -> String {
        format!("must be text; got {self}")
    }
}

impl std::fmt::Debug for Str<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.string())
    }
}

/// Most arguments an export takes.
pub const MAX_ARGS: usize = 4;

/// The arguments of a call (no allocation): a slice of values.
#[derive(Clone, Copy)]
pub struct Args<'a> {
    values: [Value<'a>; MAX_ARGS],
    count: usize,
}

impl<'a> std::ops::Deref for Args<'a> {
    type Target = [Value<'a>];
    fn deref(&self) -> &[Value<'a>] {
        &self.values[..self.count]
    }
}

/// Why a message cannot be read: only a bug in the binding's JavaScript
/// produces one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

impl<'a> Message<'a> {
    /// A message over its three regions.
    pub fn new(slots: &'a [f64], strings: &'a [u16], bulk: &'a [u8]) -> Self {
        Message { slots, strings, bulk }
    }

    /// The message laid out in one buffer of `words` (8-byte aligned):
    /// `n_slots` slots, then `n_units` UTF-16 units, then from the next
    /// 8-byte boundary the bulk region up to the end.
    pub fn from_words(words: &'a [u64], n_slots: usize, n_units: usize) -> Result<Self, Malformed> {
        // SAFETY: u64 → f64 / u16 / u8 views of initialised memory; every
        // bit pattern is a valid f64, u16 and u8, and the views stay within
        // `words` (checked), aligned (u64 alignment ≥ theirs).
        let bytes: &[u8] = unsafe { std::slice::from_raw_parts(words.as_ptr() as *const u8, words.len() * 8) };
        let slot_bytes = n_slots.checked_mul(8).ok_or(Malformed)?;
        let string_bytes = n_units.checked_mul(2).ok_or(Malformed)?;
        let bulk_at = slot_bytes.checked_add(string_bytes).ok_or(Malformed)?.checked_add(7).ok_or(Malformed)? & !7;
        if bulk_at > bytes.len() {
            return Err(Malformed);
        }
        let slots = unsafe { std::slice::from_raw_parts(bytes.as_ptr() as *const f64, n_slots) };
        let strings = unsafe { std::slice::from_raw_parts(bytes.as_ptr().add(slot_bytes) as *const u16, n_units) };
        Ok(Message { slots, strings, bulk: &bytes[bulk_at..] })
    }

    /// The value at slot 0, then the ones after it: the arguments of a call.
    pub fn args(&'a self, count: usize) -> Result<Args<'a>, Malformed> {
        if count > MAX_ARGS {
            return Err(Malformed);
        }
        let mut out = Args { values: [Value { m: self, at: 0 }; MAX_ARGS], count };
        let mut at = 0;
        for v in out.values.iter_mut().take(count) {
            v.at = at;
            at = v.end()?;
        }
        // Deferred arguments: their values follow, when sent.
        for v in out.values.iter_mut().take(count) {
            if self.slot(v.at)? as u8 == Tag::Deferred as u8 && at < self.slots.len() {
                v.at = at;
                at = v.end()?;
            }
        }
        Ok(out)
    }

    fn slot(&self, i: usize) -> Result<f64, Malformed> {
        self.slots.get(i).copied().ok_or(Malformed)
    }

    fn index(&self, i: usize) -> Result<usize, Malformed> {
        let v = self.slot(i)?;
        if v >= 0.0 && v <= (1u64 << 52) as f64 && v.fract() == 0.0 {
            Ok(v as usize)
        } else {
            Err(Malformed)
        }
    }

    fn string(&self, at: usize) -> Result<Str<'a>, Malformed> {
        let (off, len) = (self.index(at)?, self.index(at + 1)?);
        self.strings.get(off..off.checked_add(len).ok_or(Malformed)?).map(Str).ok_or(Malformed)
    }

    fn column(&self, at: usize) -> Result<Numbers<'a>, Malformed> {
        let kind = ColumnKind::from_slot(self.slot(at)?).ok_or(Malformed)?;
        let (off, len) = (self.index(at + 1)?, self.index(at + 2)?);
        let size = kind.size();
        let end = len.checked_mul(size).and_then(|b| b.checked_add(off)).ok_or(Malformed)?;
        let bytes = self.bulk.get(off..end).ok_or(Malformed)?;
        if (bytes.as_ptr() as usize) % size != 0 {
            return Err(Malformed);
        }
        let p = bytes.as_ptr();
        // SAFETY: `bytes` holds exactly `len` elements of the kind, is
        // aligned for it (checked), and any bit pattern is valid for these
        // primitive types.
        Ok(unsafe {
            match kind {
                ColumnKind::U8 => Numbers::U8(bytes),
                ColumnKind::I8 => Numbers::I8(std::slice::from_raw_parts(p as *const i8, len)),
                ColumnKind::U16 => Numbers::U16(std::slice::from_raw_parts(p as *const u16, len)),
                ColumnKind::I16 => Numbers::I16(std::slice::from_raw_parts(p as *const i16, len)),
                ColumnKind::U32 => Numbers::U32(std::slice::from_raw_parts(p as *const u32, len)),
                ColumnKind::I32 => Numbers::I32(std::slice::from_raw_parts(p as *const i32, len)),
                ColumnKind::F32 => Numbers::F32(std::slice::from_raw_parts(p as *const f32, len)),
                ColumnKind::F64 => Numbers::F64(std::slice::from_raw_parts(p as *const f64, len)),
            }
        })
    }
}

/// One value of a message.
#[derive(Clone, Copy)]
pub struct Value<'a> {
    m: &'a Message<'a>,
    at: usize,
}

/// What a [`Value`] is.
#[derive(Debug, Clone)]
pub enum V<'a> {
    /// `undefined` or a hole.
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Str(Str<'a>),
    /// An array.
    Array(Seq<'a>),
    /// An object.
    Object(Seq<'a>),
    /// Bulk numbers.
    Column(Numbers<'a>),
    /// A `Date` (epoch ms, NaN if invalid).
    Date(f64),
    /// A value of another kind, described.
    Other(Str<'a>),
    /// A value that could not be read, and why.
    Unreadable(Str<'a>),
    /// Rows read by a schema.
    Rows(Rows<'a>),
    /// A dictionary-encoded column of strings.
    Labels(Labels<'a>),
    /// A column of strings, each as it is.
    Texts(Texts<'a>),
    /// A table not sent yet ([`Tag::Deferred`]).
    Deferred,
}

/// A column of strings, each as it is ([`Tag::Texts`]).
#[derive(Debug, Clone, Copy)]
pub struct Texts<'a> {
    strings: &'a [u16],
    /// Start and length of each element in `strings` (start
    /// [`MISSING_CODE`]: missing); checked in range when read.
    spans: &'a [u32],
}

impl<'a> Texts<'a> {
    /// Number of elements.
    pub fn len(&self) -> usize {
        self.spans.len() / 2
    }
    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
    /// Each element: its string, or `None` when missing.
    pub fn items(&self) -> impl Iterator<Item = Option<Str<'a>>> + '_ {
        self.spans.chunks_exact(2).map(|s| {
            (s[0] != MISSING_CODE).then(|| {
                let (from, len) = (s[0] as usize, s[1] as usize);
                Str(self.strings.get(from..from.saturating_add(len)).unwrap_or(&[]))
            })
        })
    }
    /// The column dictionary-encoded, as [`Labels`] are: the distinct
    /// strings (equal by their UTF-16 units), in order of first
    /// appearance, and a code per element ([`MISSING_CODE`]: missing).
    ///
    /// An open-addressing table of (code, hash tag) pairs; a tag match is
    /// confirmed against a copy of the distinct strings kept one after
    /// another (ids repeat: most lookups are hits, and the first occurrence
    /// of each lies anywhere in the column, out of cache).
    pub fn dictionary(&self) -> (Vec<Str<'a>>, Vec<u32>) {
        const EMPTY: u32 = u32::MAX;
        let mut names: Vec<Str<'a>> = Vec::new();
        let mut codes: Vec<u32> = Vec::with_capacity(self.len());
        let mut arena: Vec<u16> = Vec::new();
        let mut starts: Vec<usize> = vec![0];
        let mut hashes: Vec<u64> = Vec::new();
        let mut slots: Vec<(u32, u32)> = vec![(EMPTY, 0); 1 << 10];
        let mut mask = slots.len() - 1;
        for s in self.spans.chunks_exact(2) {
            if s[0] == MISSING_CODE {
                codes.push(MISSING_CODE);
                continue;
            }
            let (from, len) = (s[0] as usize, s[1] as usize);
            let units = self.strings.get(from..from.saturating_add(len)).unwrap_or(&[]);
            let h = hash_units(units);
            let tag = (h >> 32) as u32;
            let mut i = h as usize & mask;
            let code = loop {
                let (c, t) = slots[i];
                if c == EMPTY {
                    let code = names.len() as u32;
                    names.push(Str(units));
                    arena.extend_from_slice(units);
                    starts.push(arena.len());
                    hashes.push(h);
                    slots[i] = (code, tag);
                    // At most half full: grow, and place every name again.
                    if names.len() * 2 > slots.len() {
                        slots = vec![(EMPTY, 0); slots.len() * 2];
                        mask = slots.len() - 1;
                        for (k, &hk) in hashes.iter().enumerate() {
                            let mut j = hk as usize & mask;
                            while slots[j].0 != EMPTY {
                                j = (j + 1) & mask;
                            }
                            slots[j] = (k as u32, (hk >> 32) as u32);
                        }
                    }
                    break code;
                }
                if t == tag && same_units(&arena[starts[c as usize]..starts[c as usize + 1]], units) {
                    break c;
                }
                i = (i + 1) & mask;
            };
            codes.push(code);
        }
        (names, codes)
    }
}

/// The hash of a string's UTF-16 units (the engine's Fx hash, four units a
/// word, with its final mix).
fn hash_units(units: &[u16]) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::hash::FxHasher::default();
    h.write_usize(units.len());
    let mut chunks = units.chunks_exact(4);
    for c in &mut chunks {
        h.write_u64(word4(c));
    }
    let mut w = 0u64;
    for (k, &u) in chunks.remainder().iter().enumerate() {
        w |= (u as u64) << (16 * k);
    }
    h.write_u64(w);
    h.finish()
}

/// Four UTF-16 units as one word.
#[inline(always)]
fn word4(c: &[u16]) -> u64 {
    c[0] as u64 | (c[1] as u64) << 16 | (c[2] as u64) << 32 | (c[3] as u64) << 48
}

/// Equal UTF-16 units, four at a time.
fn same_units(a: &[u16], b: &[u16]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(4), b.chunks_exact(4));
    for (p, q) in (&mut x).zip(&mut y) {
        if word4(p) != word4(q) {
            return false;
        }
    }
    x.remainder() == y.remainder()
}

/// The code of a missing value in a [`Labels`] column.
pub const MISSING_CODE: u32 = u32::MAX;

/// A dictionary-encoded column of strings: distinct names, and a code per
/// element into them.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// The distinct strings (an array of `Str`).
    pub names: Seq<'a>,
    /// One code per element (`MISSING_CODE`: missing).
    pub codes: &'a [u32],
}

impl<'a> Labels<'a> {
    /// The names, in code order.
    pub fn names(&self) -> Vec<Str<'a>> {
        self.names.items().map(|n| if let V::Str(s) = n.get() { s } else { Str(&[]) }).collect()
    }
}

/// The elements of an array, or the (key, value) pairs of an object.
#[derive(Debug, Clone, Copy)]
pub struct Seq<'a> {
    m: &'a Message<'a>,
    first: usize,
    count: usize,
}

/// Rows of a table read by a schema.
#[derive(Debug, Clone, Copy)]
pub struct Rows<'a> {
    /// Number of rows.
    pub count: usize,
    /// The rows that are not objects: an array of (index, row) pairs.
    pub others: Value<'a>,
    /// The field names, an array of strings, in the order of the fields.
    pub names: Value<'a>,
    m: &'a Message<'a>,
    fields_at: usize,
    fields: usize,
}

impl std::fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.get())
    }
}

impl<'a> Value<'a> {
    /// What the value is. A malformed message reads as an unreadable value.
    pub fn get(&self) -> V<'a> {
        self.try_get().unwrap_or(V::Unreadable(Str(&[])))
    }

    fn try_get(&self) -> Result<V<'a>, Malformed> {
        let m = self.m;
        let at = self.at;
        let tag = m.slot(at)?;
        Ok(match tag as u8 {
            0 => V::Undefined,
            1 => V::Null,
            2 => V::Bool(false),
            3 => V::Bool(true),
            4 => V::Number(m.slot(at + 1)?),
            5 => V::Str(m.string(at + 1)?),
            6 => V::Array(Seq { m, first: at + 3, count: m.index(at + 1)? }),
            7 => V::Object(Seq { m, first: at + 3, count: m.index(at + 1)? }),
            8 => V::Column(m.column(at + 1)?),
            9 => V::Date(m.slot(at + 1)?),
            10 => V::Other(m.string(at + 1)?),
            11 => V::Unreadable(m.string(at + 1)?),
            12 => {
                let others = Value { m, at: at + 4 };
                let names = Value { m, at: others.end()? };
                let fields_at = names.end()?;
                V::Rows(Rows { count: m.index(at + 1)?, others, names, m, fields_at, fields: m.index(at + 2)? })
            }
            13 => {
                let names = Value { m, at: at + 3 };
                let V::Array(names) = names.try_get()? else { return Err(Malformed) };
                let codes_at = Value { m, at: at + 3 }.end()?;
                let codes = match m.column(codes_at + 1)? {
                    Numbers::U32(c) if m.slot(codes_at)? as u8 == 8 => c,
                    _ => return Err(Malformed),
                };
                // Every code is a name's or MISSING_CODE (u32::MAX, which
                // wraps to 0): the largest code + 1 is at most the names'
                // count (a maximum, which the compiler does four at a time).
                let top = codes.iter().fold(0u32, |top, &c| top.max(c.wrapping_add(1)));
                if codes.len() != m.index(at + 1)? || top as usize > names.len() {
                    return Err(Malformed);
                }
                V::Labels(Labels { names, codes })
            }
            // Only the modules that read tables are sent texts.
            #[cfg(feature = "tables")]
            14 => {
                let spans = match m.column(at + 4)? {
                    Numbers::U32(c) if m.slot(at + 3)? as u8 == 8 => c,
                    _ => return Err(Malformed),
                };
                let in_range = spans.chunks_exact(2).all(|s| {
                    s[0] == MISSING_CODE || (s[0] as usize).checked_add(s[1] as usize).is_some_and(|e| e <= m.strings.len())
                });
                if spans.len() != 2 * m.index(at + 1)? || !in_range {
                    return Err(Malformed);
                }
                V::Texts(Texts { strings: m.strings, spans })
            }
            15 => V::Deferred,
            _ => return Err(Malformed),
        })
    }

    /// The slot after this value.
    fn end(&self) -> Result<usize, Malformed> {
        let at = self.at;
        let len = match self.m.slot(at)? as u8 {
            0..=3 => 1,
            4 | 9 => 2,
            5 | 10 | 11 => 3,
            8 => 4,
            6 | 7 => 3 + self.m.index(at + 2)?,
            12 => 4 + self.m.index(at + 3)?,
            13 | 14 => 3 + self.m.index(at + 2)?,
            15 => 1,
            _ => return Err(Malformed),
        };
        at.checked_add(len).filter(|&e| e <= self.m.slots.len()).ok_or(Malformed)
    }

    /// True for `undefined` and `null`.
    pub fn is_nullish(&self) -> bool {
        // The tag alone (as `get` reads it), without decoding the value.
        matches!(self.m.slot(self.at), Ok(t) if t as u8 == Tag::Undefined as u8 || t as u8 == Tag::Null as u8)
    }

    /// A short description for messages (`a string "7"`, `null`, `an object`).
    pub fn describe(&self) -> String {
        self.get().describe()
    }
}

impl V<'_> {
    /// A short description for messages (`a string "7"`, `null`, `an object`).
    pub fn describe(&self) -> String {
        match *self {
            V::Undefined => "undefined".into(),
            V::Null => "null".into(),
            V::Bool(b) => format!("a boolean ({b})"),
            V::Number(v) => crate::error::num(v),
            V::Str(s) => crate::table::describe_str(&s.string()),
            V::Array(_) => "an array".into(),
            V::Object(_) => "an object".into(),
            V::Column(n) => format!("an array of {} numbers", n.len()),
            V::Date(v) if v.is_nan() => "an invalid Date".into(),
            V::Date(_) => "a Date".into(),
            V::Other(d) => d.string(),
            V::Unreadable(why) => format!("a value that could not be read ({})", why.string()),
            V::Rows(_) => "an array of objects".into(),
            V::Labels(l) => format!("an array of {} strings", l.codes.len()),
            V::Texts(x) => format!("an array of {} strings", x.len()),
            V::Deferred => "a table sent later".into(),
        }
    }
}

impl<'a> Seq<'a> {
    /// Number of elements (or pairs).
    pub fn len(&self) -> usize {
        self.count
    }
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
    /// The elements of an array.
    pub fn items(&self) -> Items<'a> {
        Items { m: self.m, at: self.first, left: self.count, pairs: false }
    }
    /// The (key, value) pairs of an object.
    pub fn pairs(&self) -> Pairs<'a> {
        Pairs(Items { m: self.m, at: self.first, left: self.count, pairs: true })
    }
    /// The value of key `k` of an object.
    pub fn get(&self, k: &str) -> Option<Value<'a>> {
        self.pairs().find(|(key, _)| key.is(k)).map(|(_, v)| v)
    }
}

/// Iterator over array elements.
#[derive(Debug, Clone)]
pub struct Items<'a> {
    m: &'a Message<'a>,
    at: usize,
    left: usize,
    pairs: bool,
}

impl<'a> Iterator for Items<'a> {
    type Item = Value<'a>;
    fn next(&mut self) -> Option<Value<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        if self.pairs {
            // Skip the key (a Str, 3 slots).
            self.at += 3;
        }
        let v = Value { m: self.m, at: self.at };
        match v.end() {
            Ok(e) => self.at = e,
            Err(_) => self.left = 0,
        }
        Some(v)
    }
}

/// Iterator over (key, value) pairs.
#[derive(Debug, Clone)]
pub struct Pairs<'a>(Items<'a>);

impl<'a> Iterator for Pairs<'a> {
    type Item = (Str<'a>, Value<'a>);
    fn next(&mut self) -> Option<(Str<'a>, Value<'a>)> {
        let key_at = self.0.at;
        let v = self.0.next()?;
        let key = match self.0.m.slot(key_at) {
            Ok(t) if t == Tag::Str as u8 as f64 => self.0.m.string(key_at + 1).unwrap_or(Str(&[])),
            _ => Str(&[]),
        };
        Some((key, v))
    }
}

impl<'a> Rows<'a> {
    /// The values of the field named `name`, one per row.
    pub fn named(&self, name: &str) -> Option<Value<'a>> {
        let V::Array(names) = self.names.get() else { return None };
        let f = names.items().position(|n| matches!(n.get(), V::Str(s) if s.is(name)))?;
        self.field(f)
    }

    /// Every field: (name, values).
    pub fn columns(&self) -> impl Iterator<Item = (Str<'a>, Value<'a>)> + '_ {
        let names: Vec<Str<'a>> = match self.names.get() {
            V::Array(a) => a.items().map(|n| if let V::Str(s) = n.get() { s } else { Str(&[]) }).collect(),
            _ => Vec::new(),
        };
        names.into_iter().enumerate().filter_map(|(f, n)| Some((n, self.field(f)?)))
    }

    /// The values of field `f` (in the order of `names`), one per row.
    pub fn field(&self, f: usize) -> Option<Value<'a>> {
        if f >= self.fields {
            return None;
        }
        let mut v = Value { m: self.m, at: self.fields_at };
        for _ in 0..f {
            v = Value { m: self.m, at: v.end().ok()? };
        }
        Some(v)
    }
}

/// Writes messages from Rust, as the JavaScript side does: for tests and
/// fuzzing of everything that reads them.
#[derive(Debug, Default, Clone)]
pub struct Writer {
    /// Slots.
    pub slots: Vec<f64>,
    /// UTF-16 string data.
    pub strings: Vec<u16>,
    /// Bulk data (each column 8-byte aligned).
    pub bulk: Vec<u8>,
}

impl Writer {
    /// `undefined`.
    pub fn undefined(&mut self) -> &mut Self {
        self.slots.push(Tag::Undefined as u8 as f64);
        self
    }
    /// `null`.
    pub fn null(&mut self) -> &mut Self {
        self.slots.push(Tag::Null as u8 as f64);
        self
    }
    /// A boolean.
    pub fn bool(&mut self, b: bool) -> &mut Self {
        self.slots.push(if b { Tag::True } else { Tag::False } as u8 as f64);
        self
    }
    /// A number.
    pub fn number(&mut self, v: f64) -> &mut Self {
        self.slots.extend([Tag::Number as u8 as f64, v]);
        self
    }
    /// A `Date`.
    pub fn date(&mut self, ms: f64) -> &mut Self {
        self.slots.extend([Tag::Date as u8 as f64, ms]);
        self
    }
    fn text(&mut self, tag: Tag, s: &str) -> &mut Self {
        let off = self.strings.len();
        self.strings.extend(s.encode_utf16());
        self.slots.extend([tag as u8 as f64, off as f64, (self.strings.len() - off) as f64]);
        self
    }
    /// A string.
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.text(Tag::Str, s)
    }
    /// A value of another kind, described.
    pub fn other(&mut self, description: &str) -> &mut Self {
        self.text(Tag::Other, description)
    }
    /// A value that could not be read.
    pub fn unreadable(&mut self, why: &str) -> &mut Self {
        self.text(Tag::Unreadable, why)
    }
    /// Bulk numbers: `bytes` holds `len` elements of `kind`.
    pub fn column(&mut self, kind: ColumnKind, bytes: &[u8]) -> &mut Self {
        while self.bulk.len() % 8 != 0 {
            self.bulk.push(0);
        }
        let off = self.bulk.len();
        self.bulk.extend_from_slice(bytes);
        self.slots.extend([Tag::Column as u8 as f64, kind as u8 as f64, off as f64, (bytes.len() / kind.size()) as f64]);
        self
    }
    /// A dictionary-encoded column of strings (`None`: missing).
    pub fn labels(&mut self, values: &[Option<&str>]) -> &mut Self {
        let mut names: Vec<&str> = Vec::new();
        let codes: Vec<u32> = values
            .iter()
            .map(|v| match v {
                None => MISSING_CODE,
                Some(s) => match names.iter().position(|n| n == s) {
                    Some(c) => c as u32,
                    None => {
                        names.push(s);
                        (names.len() - 1) as u32
                    }
                },
            })
            .collect();
        let bytes: Vec<u8> = codes.iter().flat_map(|c| c.to_le_bytes()).collect();
        self.container(Tag::Labels, &[values.len() as f64], |w| {
            w.array(names.len(), |w| {
                for n in &names {
                    w.str(n);
                }
            });
            w.column(ColumnKind::U32, &bytes);
        })
    }
    /// A column of strings as they are (`None`: missing), as the reader
    /// sends columns of many distinct strings.
    pub fn texts(&mut self, values: &[Option<&str>]) -> &mut Self {
        let mut spans: Vec<u32> = Vec::new();
        for v in values {
            match v {
                None => spans.extend([MISSING_CODE, 0]),
                Some(s) => {
                    spans.push(self.strings.len() as u32);
                    self.strings.extend(s.encode_utf16());
                    spans.push((self.strings.len() as u32) - spans[spans.len() - 1]);
                }
            }
        }
        let bytes: Vec<u8> = spans.iter().flat_map(|c| c.to_le_bytes()).collect();
        self.container(Tag::Texts, &[values.len() as f64], |w| {
            w.column(ColumnKind::U32, &bytes);
        })
    }
    /// `f64` numbers in bulk.
    pub fn f64s(&mut self, v: &[f64]) -> &mut Self {
        let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
        self.column(ColumnKind::F64, &bytes)
    }
    /// An array whose elements `items` writes.
    pub fn array(&mut self, count: usize, items: impl FnOnce(&mut Self)) -> &mut Self {
        self.container(Tag::Array, &[count as f64], items)
    }
    /// An object whose (key, value) pairs `pairs` writes (with [`Writer::str`]
    /// for each key).
    pub fn object(&mut self, count: usize, pairs: impl FnOnce(&mut Self)) -> &mut Self {
        self.container(Tag::Object, &[count as f64], pairs)
    }
    /// Rows: `body` writes the array of (index, row) pairs of the rows that
    /// are not objects, the array of field names, then the field arrays.
    pub fn rows(&mut self, count: usize, fields: usize, body: impl FnOnce(&mut Self)) -> &mut Self {
        self.container(Tag::Rows, &[count as f64, fields as f64], body)
    }
    fn container(&mut self, tag: Tag, head: &[f64], body: impl FnOnce(&mut Self)) -> &mut Self {
        self.slots.push(tag as u8 as f64);
        self.slots.extend_from_slice(head);
        let span_at = self.slots.len();
        self.slots.push(0.0);
        body(self);
        self.slots[span_at] = (self.slots.len() - span_at - 1) as f64;
        self
    }
    /// The message in one aligned buffer, as [`Message::from_words`] reads it.
    pub fn words(&self) -> (Vec<u64>, usize, usize) {
        let mut bytes: Vec<u8> = self.slots.iter().flat_map(|x| x.to_le_bytes()).collect();
        bytes.extend(self.strings.iter().flat_map(|u| u.to_le_bytes()));
        while bytes.len() % 8 != 0 {
            bytes.push(0);
        }
        bytes.extend_from_slice(&self.bulk);
        while bytes.len() % 8 != 0 {
            bytes.push(0);
        }
        let words = bytes.chunks(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]))).collect();
        (words, self.slots.len(), self.strings.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogates_are_found_and_pairs_are_not() {
        let at = |u: &[u16]| Str(u).lone_surrogate();
        assert_eq!(at(&[]), None);
        assert_eq!(at(&[0x61, 0xD83D, 0xDE00, 0x62]), None, "😀 is a pair");
        assert_eq!(at(&[0xD800]), Some((0, 0xD800)));
        assert_eq!(at(&[0x61, 0xDC00]), Some((1, 0xDC00)), "a low half alone");
        assert_eq!(at(&[0xD83D, 0x61]), Some((0, 0xD83D)), "a high half before a letter");
        assert_eq!(at(&[0xD83D, 0xDE00, 0xDE00]), Some((2, 0xDE00)), "a low half after a pair");
        assert_eq!(at(&[0xD800, 0xD800, 0xDC00]), Some((0, 0xD800)), "a high half before a pair");
        // As text both would read "\u{FFFD}": that is why they are reported.
        assert_eq!(Str(&[0xD800]).string(), Str(&[0xDBFF]).string());
    }

    #[test]
    fn values_round_trip() {
        let mut w = Writer::default();
        w.object(3, |w| {
            w.str("a").number(1.5);
            w.str("bé").array(2, |w| {
                w.str("x").null();
            });
            w.str("c").f64s(&[1.0, 2.0]);
        });
        w.bool(true);
        let (words, s, u) = w.words();
        let m = Message::from_words(&words, s, u).unwrap();
        let args = m.args(2).unwrap();
        let V::Object(o) = args[0].get() else { panic!() };
        assert_eq!(o.len(), 3);
        assert!(matches!(o.get("a").unwrap().get(), V::Number(x) if x == 1.5));
        let V::Array(a) = o.get("bé").unwrap().get() else { panic!() };
        let items: Vec<_> = a.items().map(|v| v.describe()).collect();
        assert_eq!(items, vec!["a string \"x\"", "null"]);
        let V::Column(Numbers::F64(c)) = o.get("c").unwrap().get() else { panic!() };
        assert_eq!(c, &[1.0, 2.0]);
        assert!(matches!(args[1].get(), V::Bool(true)));
        assert!(o.get("zz").is_none());
    }

    #[test]
    #[cfg(feature = "tables")]
    fn texts_are_coded_by_first_appearance_as_a_map_codes_them() {
        // Many strings, some equal, of lengths 0 to 13 (words of four units
        // and tails), prefixes of one another, non-ASCII and astral ones,
        // enough to grow the table several times.
        let alphabet = ["a", "b", "é", "😀", "ab"];
        let mut x = 7u64;
        let mut next = || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) as usize
        };
        let mut owned: Vec<Option<String>> = Vec::new();
        for _ in 0..20_000 {
            if next() % 50 == 0 {
                owned.push(None);
                continue;
            }
            let len = next() % 8;
            let mut s: String = (0..len).map(|_| alphabet[next() % alphabet.len()]).collect();
            if next() % 2 == 0 {
                s += &(next() % 3000).to_string();
            }
            owned.push(Some(s));
        }
        let values: Vec<Option<&str>> = owned.iter().map(|s| s.as_deref()).collect();
        let mut w = Writer::default();
        w.texts(&values);
        let (words, s, u) = w.words();
        let m = Message::from_words(&words, s, u).unwrap();
        let args = m.args(1).unwrap();
        let V::Texts(t) = args[0].get() else { panic!() };
        let (names, codes) = t.dictionary();
        let mut want: std::collections::HashMap<Vec<u16>, u32> = std::collections::HashMap::new();
        let mut order: Vec<Vec<u16>> = Vec::new();
        for (v, &c) in values.iter().zip(&codes) {
            match v {
                None => assert_eq!(c, MISSING_CODE),
                Some(s) => {
                    let units: Vec<u16> = s.encode_utf16().collect();
                    let k = *want.entry(units.clone()).or_insert_with(|| {
                        order.push(units);
                        (order.len() - 1) as u32
                    });
                    assert_eq!(c, k, "{s}");
                }
            }
        }
        assert!(order.len() > 2000, "{} distinct", order.len());
        assert_eq!(names.iter().map(|n| n.0.to_vec()).collect::<Vec<_>>(), order);
    }

    #[test]
    fn malformed_messages_read_as_unreadable() {
        for slots in [vec![99.0], vec![5.0, 0.0, 10.0], vec![6.0, 5.0, 1e9], vec![8.0, 9.0, 0.0, 1.0], vec![4.0]] {
            let m = Message::new(&slots, &[], &[]);
            let v = Value { m: &m, at: 0 };
            let _ = v.describe();
            match v.get() {
                // The header is fine; the elements are not there.
                V::Array(a) => assert!(a.items().all(|x| matches!(x.get(), V::Unreadable(_)))),
                other => assert!(matches!(other, V::Unreadable(_)), "{slots:?}"),
            }
        }
    }
}
