//! Typed tables: the one input shape of every KPI.
//!
//! A [`Table`] is a set of parallel columns named by a [`Schema`]. Each
//! column has a [`Kind`]: numbers, instants (epoch milliseconds), booleans or
//! labels (strings, dictionary-encoded). Missing values are NaN (numbers,
//! instants, booleans) or [`MISSING_LABEL`] (labels).
//!
//! Input arrives as rows (objects) or columns (arrays, typed arrays); both
//! are read cell by cell with the same rules ([`Kind::read`]), so a value
//! means the same thing whichever way it came. Cells that cannot be read are
//! kept as per-row problems and reported (or skipped) with the rows that a
//! KPI's [`Rule`]s reject, in input order.

use crate::error::{num, Error, Result};
use std::borrow::Cow;

pub mod rules;
pub use rules::{Rule, RuleSet};

/// Numeric data as it arrives: one variant per JavaScript typed array.
///
/// Integer types need no NaN or fraction checks; `F64` is what a plain
/// `number[]` becomes.
#[derive(Debug, Clone, Copy)]
pub enum Numbers<'a> {
    /// `Uint8Array` / `Uint8ClampedArray`: the fast path.
    U8(&'a [u8]),
    /// `Int8Array`.
    I8(&'a [i8]),
    /// `Uint16Array`.
    U16(&'a [u16]),
    /// `Int16Array`.
    I16(&'a [i16]),
    /// `Uint32Array`.
    U32(&'a [u32]),
    /// `Int32Array`.
    I32(&'a [i32]),
    /// `Float32Array`.
    F32(&'a [f32]),
    /// `Float64Array` or `number[]`.
    F64(&'a [f64]),
}

impl Numbers<'_> {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            Numbers::U8(s) => s.len(),
            Numbers::I8(s) => s.len(),
            Numbers::U16(s) => s.len(),
            Numbers::I16(s) => s.len(),
            Numbers::U32(s) => s.len(),
            Numbers::I32(s) => s.len(),
            Numbers::F32(s) => s.len(),
            Numbers::F64(s) => s.len(),
        }
    }
    /// True when there are no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The value at `i` as a number.
    pub fn get(&self, i: usize) -> Option<f64> {
        Some(match self {
            Numbers::U8(s) => *s.get(i)? as f64,
            Numbers::I8(s) => *s.get(i)? as f64,
            Numbers::U16(s) => *s.get(i)? as f64,
            Numbers::I16(s) => *s.get(i)? as f64,
            Numbers::U32(s) => *s.get(i)? as f64,
            Numbers::I32(s) => *s.get(i)? as f64,
            Numbers::F32(s) => *s.get(i)? as f64,
            Numbers::F64(s) => *s.get(i)?,
        })
    }
    /// Every value widened to `f64`.
    ///
    /// # Errors
    /// `INVALID_TYPE` (naming `field`) when the widened copy cannot be
    /// allocated.
    pub fn to_f64(&self, field: &str) -> Result<Vec<f64>> {
        let mut out = Vec::new();
        out.try_reserve_exact(self.len()).map_err(|_| too_large(field, self.len()))?;
        match self {
            Numbers::F64(s) => out.extend_from_slice(s),
            _ => out.extend((0..self.len()).filter_map(|i| self.get(i))),
        }
        Ok(out)
    }
}

/// The error for an input too large to copy into memory.
pub fn too_large(field: &str, len: usize) -> Error {
    Error::InvalidType {
        field: field.to_string().into(),
        index: None,
        expected: "at most 1 GiB of data (split it and merge accumulators)".into(),
        found: format!("{len} elements").into(),
    }
}

/// The label code of a missing label.
pub const MISSING_LABEL: u32 = u32::MAX;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Finite numbers.
    Number,
    /// Instants: epoch milliseconds, ISO 8601 strings with an offset or `Z`,
    /// or `Date`s.
    Instant,
    /// `true` / `false` (1 / 0 in typed arrays).
    Bool,
    /// Strings, dictionary-encoded.
    Label,
    /// A length of time as a label: a string (`"month"`, `"3 months"`) or
    /// an object of one unit, `{ months: 3 }`, read as the string
    /// `"3 months"`. The unit is judged by the KPI.
    Interval,
    /// Group keys: strings, numbers or booleans (dictionary-encoded as
    /// [`Key`]s; numbers from typed arrays stay numbers).
    Key,
}

/// A group key value.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    /// A string (shared: a key is cloned into every state and row of its
    /// group, and ids are many).
    Str(std::rc::Rc<str>),
    /// A number (never NaN; −0 is 0).
    Num(f64),
    /// A boolean.
    Bool(bool),
}

impl Key {
    /// The rule of a number as a key: finite. No group can be named by
    /// ±Infinity (JSON has no Infinity, and a result would call it `null`,
    /// beside the group of missing keys), so a row whose key is one is an
    /// invalid entry (`INVALID_VALUE`), from a cell or a typed array alike.
    /// NaN is not judged here: in a column it is a missing key.
    pub fn number_rule(v: f64, field: &str, index: usize) -> Option<Error> {
        v.is_infinite().then(|| Error::InvalidValue {
            field: field.to_string().into(),
            index: Some(index),
            detail: format!("is {}; keys are text, finite numbers or booleans", num(v)).into(),
        })
    }

    /// A hashable identity: the kind and the bits of the value.
    pub fn identity(&self) -> (u8, u64, &str) {
        match self {
            Key::Str(s) => (0, 0, s),
            Key::Num(v) => (1, (v + 0.0).to_bits(), ""),
            Key::Bool(b) => (2, *b as u64, ""),
        }
    }

    /// The key as JavaScript's `String()` writes it (a name to look up).
    pub fn text(&self) -> String {
        match self {
            Key::Str(s) => s.to_string(),
            Key::Num(v) => crate::error::num(*v),
            Key::Bool(b) => b.to_string(),
        }
    }

    /// Ordering of keys: booleans (false first), then numbers, then strings
    /// (by UTF-16 code units, as JavaScript sorts them). (Not `Ord`: a key
    /// holds an `f64`, and this order is only total because no key is NaN.)
    #[allow(clippy::should_implement_trait)]
    pub fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self, other) {
            (Key::Bool(a), Key::Bool(b)) => a.cmp(b),
            (Key::Num(a), Key::Num(b)) => a.total_cmp(b),
            (Key::Str(a), Key::Str(b)) => a.encode_utf16().cmp(b.encode_utf16()),
            (Key::Bool(_), _) => Ordering::Less,
            (_, Key::Bool(_)) => Ordering::Greater,
            (Key::Num(_), _) => Ordering::Less,
            (_, Key::Num(_)) => Ordering::Greater,
        }
    }
}

impl serde::Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Key::Str(v) => s.serialize_str(v),
            Key::Num(v) => s.serialize_f64(*v),
            Key::Bool(v) => s.serialize_bool(*v),
        }
    }
}

/// Whether a string is blank: empty or only white space (a blank cell).
pub fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// A text cell read as a cell of `kind` (for schemas with
/// [`Schema::text_cells`]): a blank string is missing; for numbers, a
/// decimal string (`"7"`, `" 7 "`, `"7.0"`, `"-1.5e3"`) is its number; for
/// instants, a string of at least [`EPOCH_DIGITS`] digits is epoch
/// milliseconds (as a database driver gives a BIGINT); for booleans, `"true"`/`"false"` (any case) and
/// `"1"`/`"0"`. Anything else stays a string, for the kind's own rule to
/// judge.
pub fn text_cell<'c>(kind: Kind, cell: Cell<'c>) -> Cell<'c> {
    let Cell::Str(s) = cell else { return cell };
    let t = s.trim();
    if t.is_empty() {
        return Cell::Missing;
    }
    match kind {
        Kind::Number => {
            let decimal = t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
                && t.bytes().any(|b| b.is_ascii_digit());
            match t.parse::<f64>() {
                Ok(v) if decimal && v.is_finite() => Cell::Number(v),
                _ => cell,
            }
        }
        // Epoch milliseconds written as digits (a BIGINT read as text).
        Kind::Instant if epoch_digits(t) => match t.parse::<f64>() {
            Ok(v) if v.is_finite() => Cell::Number(v),
            _ => cell,
        },
        Kind::Bool if t.eq_ignore_ascii_case("true") || t == "1" => Cell::Bool(true),
        Kind::Bool if t.eq_ignore_ascii_case("false") || t == "0" => Cell::Bool(false),
        _ => cell,
    }
}

/// Fewest digits of an instant written as epoch milliseconds in text: 1e10
/// ms is 1970-04-26. Shorter strings of digits are more likely something
/// else, and are not read as instants: a date `"20260306"`, a year
/// `"2026"`, or epoch seconds `"1772755200"` (which would be January 1970).
pub const EPOCH_DIGITS: usize = 11;

/// Whether `t` is a whole number of at least [`EPOCH_DIGITS`] digits
/// (after an optional `-`).
fn epoch_digits(t: &str) -> bool {
    let digits = t.strip_prefix('-').unwrap_or(t);
    digits.len() >= EPOCH_DIGITS && digits.bytes().all(|b| b.is_ascii_digit())
}

/// One cell as read from the input, before its column's rules apply.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// `undefined`, `null` or a hole: the value is missing.
    Missing,
    /// A number (NaN included).
    Number(f64),
    /// A string.
    Str(&'a str),
    /// A boolean.
    Bool(bool),
    /// A `Date` (epoch ms; NaN for an invalid date).
    Date(f64),
    /// Anything else, described for messages (`"an object"`, `"a BigInt (5n)"`).
    Other(&'a str),
}

/// The rule of timestamp cells, quoted in messages.
pub const TIME_RULE: &str =
    "timestamps are epoch milliseconds, ISO 8601 strings with an offset or Z (e.g. \"2026-03-06T17:30:00-03:00\"), or Dates";

/// [`TIME_RULE`] in a table that reads local dates and times ([`Table::local`]).
pub const LOCAL_TIME_RULE: &str = "timestamps are epoch milliseconds, ISO 8601 strings with an offset or Z (e.g. \"2026-03-06T17:30:00-03:00\"), \
     local dates and times read in the grouping's time zone (\"2026-03-06\", \"2026-03-06 17:30\", seconds optional), or Dates";

/// Describes a string for a message, cut to 40 characters.
pub fn describe_str(s: &str) -> String {
    let mut shown: String = s.chars().take(40).collect();
    if shown.len() < s.len() {
        shown.push('…');
    }
    format!("a string \"{shown}\"")
}

impl Cell<'_> {
    /// What the cell is, for a message.
    pub fn describe(&self) -> Cow<'static, str> {
        match self {
            Cell::Missing => "missing".into(),
            Cell::Number(v) => num(*v).into(),
            Cell::Str(s) => describe_str(s).into(),
            Cell::Bool(b) => format!("a boolean ({b})").into(),
            Cell::Date(v) if v.is_nan() => "an invalid Date".into(),
            Cell::Date(_) => "a Date".into(),
            Cell::Other(d) => d.to_string().into(),
        }
    }
}

/// A cell that breaks its column's kind, as the error it raises.
pub fn cell_error(kind: Kind, field: &str, index: Option<usize>, cell: &Cell<'_>) -> Error {
    let field: Cow<'static, str> = field.to_string().into();
    let found = cell.describe();
    match kind {
        Kind::Instant => Error::InvalidTimestamp { field, index, detail: format!("is {found}; {TIME_RULE}").into() },
        Kind::Number => Error::NotANumber { field, index, found },
        Kind::Bool => Error::InvalidType { field, index, expected: "true or false".into(), found },
        Kind::Label => Error::InvalidType { field, index, expected: "a string".into(), found },
        Kind::Interval => {
            Error::InvalidType { field, index, expected: "a string (\"month\", \"3 months\") or an object of one unit ({ months: 3 })".into(), found }
        }
        Kind::Key => Error::InvalidType { field, index, expected: "a string, a number or a boolean".into(), found },
    }
}

impl Kind {
    /// Reads one cell of this kind as a number (labels are read elsewhere):
    /// `Ok(NaN)` for a missing cell.
    ///
    /// - numbers: a number. NaN means "missing" only where `nan_is_missing`
    ///   (columns, where typed arrays have no other way to say it); in rows a
    ///   missing value is `undefined`/`null` and NaN is an invalid value;
    /// - instants: a number (epoch ms), an ISO 8601 string with an offset
    ///   ([`parse_instant`](crate::time::parse_instant)) or a valid `Date`;
    /// - booleans: `true`/`false`, or the numbers 1/0.
    ///
    /// # Errors
    /// The cell's error ([`cell_error`]) when it is of another type.
    pub fn read(self, cell: &Cell<'_>, field: &str, index: usize, nan_is_missing: bool) -> Result<f64> {
        let bad = || Err(cell_error(self, field, Some(index), cell));
        match (self, cell) {
            (_, Cell::Missing) => Ok(f64::NAN),
            (_, Cell::Number(v)) if v.is_nan() => if nan_is_missing { Ok(f64::NAN) } else { bad() },
            (Kind::Number | Kind::Instant, Cell::Number(v)) => Ok(*v),
            (Kind::Bool, Cell::Number(v)) if *v == 0.0 || *v == 1.0 => Ok(*v),
            (Kind::Instant, Cell::Date(v)) if !v.is_nan() => Ok(*v),
            (Kind::Instant, Cell::Str(s)) => crate::time::parse_instant(s).map_or_else(bad, Ok),
            (Kind::Bool, Cell::Bool(b)) => Ok(if *b { 1.0 } else { 0.0 }),
            _ => bad(),
        }
    }

    /// As [`Kind::read`], with a table's reading of local dates and times
    /// ([`Table::local`]) for instants that are text without an offset.
    ///
    /// # Errors
    /// As [`Kind::read`].
    pub fn read_in(self, cell: &Cell<'_>, field: &str, index: usize, nan_is_missing: bool, local: Option<LocalTimes<'_>>) -> Result<f64> {
        let Some(LocalTimes(local)) = local else { return self.read(cell, field, index, nan_is_missing) };
        if let (Kind::Instant, Cell::Str(s)) = (self, cell) {
            // An offset decides; else the zone's local time.
            if let Some(ms) = crate::time::parse_instant(s).or_else(|| local(s)) {
                return Ok(ms);
            }
        }
        self.read(cell, field, index, nan_is_missing).map_err(|e| match (self, e) {
            (Kind::Instant, Error::InvalidTimestamp { field, index, .. }) => {
                Error::InvalidTimestamp { field, index, detail: format!("is {}; {LOCAL_TIME_RULE}", cell.describe()).into() }
            }
            (_, e) => e,
        })
    }
}

/// One column of a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field<'s> {
    /// Name in rows and column objects, e.g. `"createdAt"`.
    pub name: &'s str,
    /// What it holds.
    pub kind: Kind,
    /// Whether every table must have this column.
    pub required: bool,
}

/// The columns a KPI reads, by name. `name` is the argument's name in
/// messages (`"tickets"`). A KPI's schema is static; a grouping's is made
/// from its options (`Schema<'s>` borrows the names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schema<'s> {
    /// The argument, e.g. `"tickets"`.
    pub name: &'s str,
    /// Its columns.
    pub fields: &'s [Field<'s>],
    /// Whether this is the caller's own table, as from a CSV file or a
    /// spreadsheet, whose columns the options name: cells may be text
    /// ([`text_cell`]: numeric strings are numbers, blank strings are
    /// missing), columns no option names are not read, and a one-column
    /// table is still a table (not a bare array).
    pub text_cells: bool,
}

impl Schema<'_> {
    /// Position of a field by name.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// The field names, comma-separated, for messages.
    pub fn names(&self) -> String {
        self.fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
    }
}

/// A column's values.
#[derive(Debug, Clone)]
pub enum Column<'a> {
    /// Numbers, instants or booleans (NaN = missing), borrowed from the input
    /// when it was a typed array.
    Numbers(Numbers<'a>),
    /// Owned values (read from rows, or from plain arrays cell by cell).
    Values(Vec<f64>),
    /// Labels as codes into `names` ([`MISSING_LABEL`] = missing).
    Labels {
        /// One code per row.
        codes: Vec<u32>,
        /// The distinct labels, in order of first appearance.
        names: Vec<String>,
    },
    /// Group keys as codes into `keys` ([`MISSING_LABEL`] = missing).
    Keys {
        /// One code per row.
        codes: Vec<u32>,
        /// The distinct keys, in order of first appearance.
        keys: Vec<Key>,
    },
}

impl Column<'_> {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Column::Numbers(n) => n.len(),
            Column::Values(v) => v.len(),
            Column::Labels { codes, .. } | Column::Keys { codes, .. } => codes.len(),
        }
    }
    /// True for an empty column.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Parallel columns under a schema, with the cells that could not be read.
#[derive(Debug, Clone)]
pub struct Table<'a> {
    /// The schema.
    pub schema: &'a Schema<'a>,
    /// Number of rows.
    pub len: usize,
    /// One slot per schema field; `None` when the input has no such column.
    pub columns: Vec<Option<Column<'a>>>,
    /// Rows with a cell that could not be read, as `(row, error)`, sorted by
    /// row (and by field within a row).
    pub problems: Vec<(usize, Error)>,
    /// How a local date or time written without an offset reads as an
    /// instant, in a table whose KPI names the zone (groupings); `None`:
    /// such text is not an instant.
    pub local: Option<LocalTimes<'a>>,
}

/// Reads a local date or time without an offset (`"2026-03-14"`,
/// `"2026-03-14 10:30"`) as the instant it is in a zone the KPI names.
#[derive(Clone, Copy)]
pub struct LocalTimes<'a>(pub &'a dyn Fn(&str) -> Option<f64>);

impl std::fmt::Debug for LocalTimes<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LocalTimes")
    }
}

impl<'a> Table<'a> {
    /// An empty table of `len` rows (columns are added with [`Table::set`]).
    pub fn new(schema: &'a Schema<'a>, len: usize) -> Self {
        Table { schema, len, columns: vec![None; schema.fields.len()], problems: Vec::new(), local: None }
    }

    /// Sets column `field`.
    ///
    /// # Errors
    /// `LENGTH_MISMATCH` when its length differs from the table's.
    pub fn set(&mut self, field: usize, column: Column<'a>) -> Result<()> {
        if column.len() != self.len {
            return Err(Error::LengthMismatch {
                field: self.schema.fields[field].name.to_string().into(),
                expected: self.len,
                actual: column.len(),
            });
        }
        self.columns[field] = Some(column);
        Ok(())
    }

    /// Column `field` as borrowed numbers, when present.
    pub fn numbers(&self, field: usize) -> Option<Numbers<'_>> {
        match self.columns.get(field)?.as_ref()? {
            Column::Numbers(n) => Some(*n),
            Column::Values(v) => Some(Numbers::F64(v)),
            Column::Labels { .. } | Column::Keys { .. } => None,
        }
    }

    /// Column `field` as `f64` values (NaN = missing), when present.
    pub fn values(&self, field: usize) -> Option<Cow<'_, [f64]>> {
        match self.numbers(field)? {
            Numbers::F64(v) => Some(Cow::Borrowed(v)),
            n => Some(Cow::Owned((0..n.len()).filter_map(|i| n.get(i)).collect())),
        }
    }

    /// Column `field` as labels, when present.
    pub fn labels(&self, field: usize) -> Option<(&[u32], &[String])> {
        match self.columns.get(field)?.as_ref()? {
            Column::Labels { codes, names } => Some((codes, names)),
            _ => None,
        }
    }

    /// Records a cell that could not be read.
    pub fn problem(&mut self, row: usize, e: Error) {
        self.problems.push((row, e));
    }

    /// Sorts the problems by row, keeping their order within a row.
    pub fn sort_problems(&mut self) {
        // Stable: the order of fields within a row is kept.
        self.problems.sort_by_key(|(row, _)| *row);
    }

    /// The keys of column `f` (a [`Kind::Key`] column: labels, or numbers
    /// from a typed array) as a code per row, dense from 0, and the key of
    /// each code; missing values (and an absent column) have the last code,
    /// whose key is `None`.
    pub fn key_codes(&self, f: usize) -> (Vec<u32>, Vec<Option<Key>>) {
        let (table, n) = (self, self.len);
        let mut codes = vec![0u32; n];
        let mut keys: Vec<Option<Key>> = Vec::new();
        match table.columns.get(f).and_then(|c| c.as_ref()) {
            Some(Column::Keys { codes: c, keys: k }) => {
                keys.extend(k.iter().cloned().map(Some));
                let missing = keys.len() as u32;
                for (o, &c) in codes.iter_mut().zip(c) {
                    *o = if c == MISSING_LABEL { missing } else { c };
                }
            }
            _ => {
                // Numbers (a typed array of group ids): NaN is missing. Small
                // integer types are coded through a table indexed by the value.
                fn small<T: Copy + Into<f64>>(vals: &[T], offset: i64, size: usize, codes: &mut [u32], keys: &mut Vec<Option<Key>>)
                where
                    i64: From<T>,
                {
                    let mut table = vec![u32::MAX; size];
                    for (o, &v) in codes.iter_mut().zip(vals) {
                        let slot = &mut table[(i64::from(v) + offset) as usize];
                        if *slot == u32::MAX {
                            *slot = keys.len() as u32;
                            keys.push(Some(Key::Num(v.into())));
                        }
                        *o = *slot;
                    }
                }
                match table.numbers(f) {
                    Some(Numbers::U8(v)) => small(v, 0, 1 << 8, &mut codes, &mut keys),
                    Some(Numbers::I8(v)) => small(v, 128, 1 << 8, &mut codes, &mut keys),
                    Some(Numbers::U16(v)) => small(v, 0, 1 << 16, &mut codes, &mut keys),
                    Some(Numbers::I16(v)) => small(v, 1 << 15, 1 << 16, &mut codes, &mut keys),
                    _ => {
                        let values = table.values(f).unwrap_or_default();
                        // Whole numbers in a range not much wider than the
                        // column (ids 0..n): a table indexed by the value.
                        if let Some((lo, span)) = narrow_whole_span(&values, n) {
                            let mut nans = false;
                            let mut table = vec![u32::MAX; span + 1];
                            for (o, &v) in codes.iter_mut().zip(values.iter()) {
                                // NaN (missing) keeps u32::MAX until the
                                // missing key's code is known.
                                let Some(slot) = table.get_mut((v - lo) as usize).filter(|_| !v.is_nan()) else {
                                    *o = u32::MAX;
                                    nans = true;
                                    continue;
                                };
                                if *slot == u32::MAX {
                                    *slot = keys.len() as u32;
                                    keys.push(Some(Key::Num(v + 0.0)));
                                }
                                *o = *slot;
                            }
                            if nans {
                                let missing = keys.len() as u32;
                                for o in codes.iter_mut().filter(|o| **o == u32::MAX) {
                                    *o = missing;
                                }
                            }
                            keys.push(None);
                            return (codes, keys);
                        }
                        let mut index: crate::hash::FxHashMap<u64, u32> = crate::hash::map();
                        for (o, &v) in codes.iter_mut().zip(values.iter()) {
                            *o = if v.is_nan() {
                                u32::MAX
                            } else {
                                *index.entry((v + 0.0).to_bits()).or_insert_with(|| {
                                    keys.push(Some(Key::Num(v + 0.0)));
                                    (keys.len() - 1) as u32
                                })
                            };
                        }
                        let missing = keys.len() as u32;
                        for o in codes.iter_mut().filter(|o| **o == u32::MAX) {
                            *o = missing;
                        }
                    }
                }
            }
        }
        keys.push(None);
        (codes, keys)
    }

    /// A cursor over the problems, for rows asked in increasing order.
    pub fn problem_cursor(&self) -> ProblemCursor<'_> {
        ProblemCursor { problems: &self.problems, next: 0 }
    }
}

/// For a column of ids: when its values (NaN, missing, left out) are whole
/// numbers whose range is not much wider than the column (ids 0..n), the
/// smallest and the width of the range, so that a table indexed by the
/// value can stand for a hash map.
pub(crate) fn narrow_whole_span(values: &[f64], n: usize) -> Option<(f64, usize)> {
    let (lo, hi, whole) = span_within(values, f64::NEG_INFINITY, f64::INFINITY);
    let span = hi - lo;
    (whole && lo <= hi && span < (4 * n).max(1 << 16) as f64 && span < (1u64 << 26) as f64).then_some((lo, span as usize))
}

/// The smallest and largest of `values` within `min..=max` (the others,
/// NaN included, left out; infinite when there is none), as
/// [`span_within`] finds them, and whether every value is within (none is
/// NaN or outside); but first by a plain minimum and maximum (NaN left
/// out), which are the answer when they are within: the common case, at a
/// fraction of the cost.
pub fn span_in(values: &[f64], min: f64, max: f64) -> (f64, f64, bool) {
    let (lo, hi, nan) = min_max(values);
    if lo >= min && hi <= max {
        return (lo, hi, !nan);
    }
    let (lo, hi, _) = span_within(values, min, max);
    (lo, hi, false)
}

/// The smallest and largest of `values`, NaN left out (infinite when
/// there is none), and whether any is NaN: four lanes at a time.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn min_max(values: &[f64]) -> (f64, f64, bool) {
    use core::arch::wasm32::*;
    let (inf, neg_inf) = (f64x2_splat(f64::INFINITY), f64x2_splat(f64::NEG_INFINITY));
    let (mut lo0, mut lo1, mut hi0, mut hi1) = (inf, inf, neg_inf, neg_inf);
    let mut nan = f64x2_splat(0.0);
    let quads = values.chunks_exact(4);
    let rest = quads.remainder();
    for q in quads {
        let (a, b) = (f64x2(q[0], q[1]), f64x2(q[2], q[3]));
        // pmin / pmax are `v < lo ? v : lo` / `hi < v ? v : hi`: NaN is
        // never taken.
        lo0 = f64x2_pmin(lo0, a);
        lo1 = f64x2_pmin(lo1, b);
        hi0 = f64x2_pmax(hi0, a);
        hi1 = f64x2_pmax(hi1, b);
        nan = v128_or(nan, v128_or(f64x2_ne(a, a), f64x2_ne(b, b)));
    }
    let (lo, hi) = (f64x2_pmin(lo0, lo1), f64x2_pmax(hi0, hi1));
    let (l0, l1) = (f64x2_extract_lane::<0>(lo), f64x2_extract_lane::<1>(lo));
    let (h0, h1) = (f64x2_extract_lane::<0>(hi), f64x2_extract_lane::<1>(hi));
    min_max_fold(rest, (if l1 < l0 { l1 } else { l0 }, if h1 > h0 { h1 } else { h0 }, v128_any_true(nan)))
}

/// The smallest and largest of `values`, NaN left out (infinite when
/// there is none), and whether any is NaN.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn min_max(values: &[f64]) -> (f64, f64, bool) {
    min_max_fold(values, (f64::INFINITY, f64::NEG_INFINITY, false))
}

/// [`min_max`] one value at a time, from `(lo, hi, nan)` so far.
fn min_max_fold(values: &[f64], start: (f64, f64, bool)) -> (f64, f64, bool) {
    values.iter().fold(start, |(l, h, nan), &v| (if v < l { v } else { l }, if v > h { v } else { h }, nan || v.is_nan()))
}

/// The smallest and largest of `values` within `min..=max` (the others,
/// NaN included, left out; infinite when there is none), and whether every
/// value within is a whole number: one pass, two lanes at a time.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub fn span_within(values: &[f64], min: f64, max: f64) -> (f64, f64, bool) {
    use core::arch::wasm32::*;
    let (inf, neg_inf) = (f64x2_splat(f64::INFINITY), f64x2_splat(f64::NEG_INFINITY));
    let (min2, max2) = (f64x2_splat(min), f64x2_splat(max));
    let (mut lo, mut hi, mut frac) = (inf, neg_inf, i64x2_splat(0));
    let pairs = values.chunks_exact(2);
    let rest = pairs.remainder();
    for p in pairs {
        let v = f64x2(p[0], p[1]);
        // Comparisons with NaN are false: NaN is never within.
        let within = v128_and(f64x2_ge(v, min2), f64x2_le(v, max2));
        frac = v128_or(frac, v128_and(f64x2_ne(v, f64x2_trunc(v)), within));
        // pmin / pmax are `v < lo ? v : lo` / `hi < v ? v : hi`.
        lo = f64x2_pmin(lo, v128_bitselect(v, inf, within));
        hi = f64x2_pmax(hi, v128_bitselect(v, neg_inf, within));
    }
    let (mut l, mut h) = (f64x2_extract_lane::<0>(lo), f64x2_extract_lane::<0>(hi));
    let (l1, h1) = (f64x2_extract_lane::<1>(lo), f64x2_extract_lane::<1>(hi));
    l = if l1 < l { l1 } else { l };
    h = if h1 > h { h1 } else { h };
    span_fold(rest, min, max, (l, h, !v128_any_true(frac)))
}

/// The smallest and largest of `values` within `min..=max` (the others,
/// NaN included, left out; infinite when there is none), and whether every
/// value within is a whole number.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub fn span_within(values: &[f64], min: f64, max: f64) -> (f64, f64, bool) {
    span_fold(values, min, max, (f64::INFINITY, f64::NEG_INFINITY, true))
}

/// [`span_within`] one value at a time, from `(lo, hi, whole)` so far.
fn span_fold(values: &[f64], min: f64, max: f64, (mut lo, mut hi, mut whole): (f64, f64, bool)) -> (f64, f64, bool) {
    for &v in values {
        // Selects, not f64::min/max (whose NaN rules cost a branch): values
        // come in any order.
        let ok = (min..=max).contains(&v);
        whole &= !ok || v == v.trunc();
        lo = if ok && v < lo { v } else { lo };
        hi = if ok && v > hi { v } else { hi };
    }
    (lo, hi, whole)
}

/// Walks a table's sorted problems alongside rows visited in increasing
/// order ([`Table::problem_cursor`]).
#[derive(Debug, Clone)]
pub struct ProblemCursor<'t> {
    problems: &'t [(usize, Error)],
    next: usize,
}

impl<'t> ProblemCursor<'t> {
    /// The first problem of row `row` (the first field's, in schema order),
    /// passing over those of earlier rows. Rows must be asked in
    /// increasing order.
    pub fn first_at(&mut self, row: usize) -> Option<&'t Error> {
        let p = self.problems;
        while self.next < p.len() && p[self.next].0 < row {
            self.next += 1;
        }
        let first = p.get(self.next).filter(|(r, _)| *r == row).map(|(_, e)| e);
        while self.next < p.len() && p[self.next].0 == row {
            self.next += 1;
        }
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_within_leaves_out_nan_and_what_is_outside() {
        let v = [3.0, f64::NAN, -2.0, 7.5, 100.0, f64::INFINITY];
        assert_eq!(span_within(&v, f64::NEG_INFINITY, f64::INFINITY), (-2.0, f64::INFINITY, false));
        assert_eq!(span_within(&v, -5.0, 50.0), (-2.0, 7.5, false));
        assert_eq!(span_within(&v, 0.0, 5.0), (3.0, 3.0, true));
        assert_eq!(span_within(&[f64::NAN], 0.0, 1.0), (f64::INFINITY, f64::NEG_INFINITY, true));
        assert_eq!(span_within(&[], 0.0, 1.0), (f64::INFINITY, f64::NEG_INFINITY, true));
        // span_in: the same span, by its plain minimum and maximum when
        // they are within, else as span_within finds it; and whether every
        // value is within.
        let spans = [(f64::NEG_INFINITY, f64::INFINITY), (-5.0, 50.0), (0.0, 5.0), (-2.0, 7.5), (-2.0, 100.0)];
        for from in 0..v.len() {
            for to in from..=v.len() {
                let part = &v[from..to];
                for &(min, max) in &spans {
                    let (lo, hi, _) = span_within(part, min, max);
                    let within = part.iter().all(|x| (min..=max).contains(x));
                    assert_eq!(span_in(part, min, max), (lo, hi, within), "{part:?} {min} {max}");
                }
            }
        }
        assert_eq!(span_in(&[f64::NAN, 4.0, 2.0, 3.0, 9.0], 0.0, 10.0), (2.0, 9.0, false));
        assert_eq!(span_in(&[1.0, 4.0, 2.0, 3.0, 9.0], 0.0, 10.0), (1.0, 9.0, true));
    }

    #[test]
    fn cells_by_kind() {
        assert_eq!(Kind::Number.read(&Cell::Number(3.0), "x", 0, false).unwrap(), 3.0);
        assert!(Kind::Number.read(&Cell::Missing, "x", 0, false).unwrap().is_nan());
        let e = Kind::Number.read(&Cell::Str("7"), "handleMs", 4, false).unwrap_err();
        assert_eq!((e.code(), e.index(), e.field()), ("NOT_A_NUMBER", Some(4), Some("handleMs")));
        assert_eq!(Kind::Instant.read(&Cell::Str("2026-03-06T20:30:00Z"), "t", 0, false).unwrap(), 1_772_829_000_000.0);
        let e = Kind::Instant.read(&Cell::Date(f64::NAN), "t", 1, false).unwrap_err();
        assert!(e.to_string().contains("an invalid Date"), "{e}");
        assert_eq!(Kind::Bool.read(&Cell::Bool(true), "b", 0, false).unwrap(), 1.0);
        assert_eq!(Kind::Bool.read(&Cell::Str("yes"), "b", 0, false).unwrap_err().code(), "INVALID_TYPE");
        // NaN: missing in columns, invalid in rows.
        assert!(Kind::Instant.read(&Cell::Number(f64::NAN), "t", 0, true).unwrap().is_nan());
        assert_eq!(Kind::Instant.read(&Cell::Number(f64::NAN), "t", 0, false).unwrap_err().code(), "INVALID_TIMESTAMP");
        let long = "x".repeat(500);
        let e = Kind::Instant.read(&Cell::Str(&long), "t", 0, false).unwrap_err();
        assert!(e.to_string().len() < 250, "{e}");
    }

    #[test]
    fn text_instants_of_digits_are_epoch_ms_only_when_long() {
        // A BIGINT of epoch milliseconds read as text is its instant.
        assert_eq!(text_cell(Kind::Instant, Cell::Str(" 1772829000000 ")), Cell::Number(1_772_829_000_000.0));
        assert_eq!(text_cell(Kind::Instant, Cell::Str("-86400000000")), Cell::Number(-86_400_000_000.0));
        // A date, a year or epoch seconds is not read as milliseconds of
        // January 1970 (they were), and is then an unreadable instant.
        for s in ["20260306", "2026", "1772829000", "7"] {
            assert_eq!(text_cell(Kind::Instant, Cell::Str(s)), Cell::Str(s), "{s}");
            let e = Kind::Instant.read(&text_cell(Kind::Instant, Cell::Str(s)), "t", 2, false).unwrap_err();
            assert_eq!((e.code(), e.index()), ("INVALID_TIMESTAMP", Some(2)), "{s}");
        }
        // Numbers stay numbers.
        assert_eq!(text_cell(Kind::Number, Cell::Str("2026")), Cell::Number(2026.0));
    }
}
