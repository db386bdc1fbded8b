//! Tables from message values: the one reader of rows and columns.
//!
//! - A schema with one column (survey answers) takes a bare array or typed
//!   array.
//! - Otherwise the input is rows (an array of objects, read by the schema's
//!   field names) or columns (an object of arrays and typed arrays). Either
//!   way each cell is read by its column's [`Kind`] with the same rules
//!   ([`Kind::read`]); the only difference is that NaN means "missing" in
//!   columns (typed arrays have no other way to say it) and is an invalid
//!   value in rows.

use super::{Value, V};
use crate::error::{Error, Result};
use crate::table::{Column, LocalTimes, Schema, Table};
#[cfg(feature = "tables")]
use crate::table::{cell_error, text_cell, Cell, Key, Kind, Numbers, MISSING_LABEL};
#[cfg(feature = "tables")]
use std::collections::HashMap;

/// One cell of a column: a value as sent, or a number of a column of rows
/// the sender packed into numbers (every cell of it was a number).
#[cfg(feature = "tables")]
#[derive(Clone, Copy)]
enum Item<'a> {
    Sent(Value<'a>),
    Number(f64),
    /// A string of a column of strings sent as they are ([`super::Texts`]);
    /// `None` when missing.
    Text(Option<super::Str<'a>>),
}

#[cfg(feature = "tables")]
impl<'a> Item<'a> {
    fn get(&self) -> V<'a> {
        match self {
            Item::Sent(v) => v.get(),
            Item::Number(x) => V::Number(*x),
            Item::Text(Some(s)) => V::Str(*s),
            Item::Text(None) => V::Undefined,
        }
    }

    fn describe(&self) -> String {
        self.get().describe()
    }
}

#[cfg(feature = "tables")]
impl<'a> From<Value<'a>> for Item<'a> {
    fn from(v: Value<'a>) -> Self {
        Item::Sent(v)
    }
}

/// The error of a string cell that is not text: the kind's own error,
/// naming the half pair and where it is.
#[cfg(feature = "tables")]
fn not_text(kind: Kind, field: &str, index: usize, e: super::NotText) -> Error {
    let found = format!("{e}, which is not text");
    match cell_error(kind, field, Some(index), &Cell::Missing) {
        Error::InvalidType { field, index, expected, .. } => Error::InvalidType { field, index, expected, found: found.into() },
        Error::NotANumber { field, index, .. } => Error::NotANumber { field, index, found: found.into() },
        Error::InvalidTimestamp { field, index, .. } => Error::InvalidTimestamp { field, index, detail: format!("is {found}").into() },
        other => other,
    }
}

/// A value as a cell.
#[cfg(feature = "tables")]
fn cell<'s>(v: &Item<'_>, text: &'s mut String, other: &'s mut String) -> Cell<'s> {
    match v.get() {
        V::Undefined | V::Null => Cell::Missing,
        V::Number(x) => Cell::Number(x),
        V::Bool(b) => Cell::Bool(b),
        V::Date(x) => Cell::Date(x),
        V::Str(s) => {
            s.write_into(text);
            Cell::Str(text)
        }
        _ => {
            *other = v.describe();
            Cell::Other(other)
        }
    }
}

#[cfg(feature = "tables")]
crate::local! {
    /// The columns the engine reads of a table not sent yet
    /// ([`V::Deferred`]), once a reader met one.
    static WANTED: std::cell::RefCell<Option<Vec<String>>> = std::cell::RefCell::new(None);
}

/// The columns asked for by the last read of a deferred table, if any
/// (taken: the next call starts without).
#[cfg(feature = "tables")]
pub fn take_wanted() -> Option<Vec<String>> {
    WANTED.with(|w| w.borrow_mut().take())
}

/// Reads a table of `schema` from `v`.
///
/// # Errors
/// `INVALID_TYPE` for input that is neither rows nor columns, or a column of
/// the wrong type or unknown name; `MISSING_FIELD` for a required column
/// missing from column input; `LENGTH_MISMATCH` for columns of different
/// lengths. Problems with single cells are not errors here: they are kept
/// in [`Table::problems`] for the KPI's invalid-entry policy.
pub fn read_table<'a>(v: Value<'a>, schema: &'a Schema<'a>) -> Result<Table<'a>> {
    read_table_in(v, schema, None)
}

/// As [`read_table`], in a table that reads local dates and times without
/// an offset by `local` ([`Table::local`]).
///
/// # Errors
/// As [`read_table`].
pub fn read_table_in<'a>(v: Value<'a>, schema: &'a Schema<'a>, local: Option<LocalTimes<'a>>) -> Result<Table<'a>> {
    // (A one-column table has no instants.)
    #[cfg(not(feature = "tables"))]
    let _ = local;
    #[cfg(feature = "tables")]
    if let V::Deferred = v.get() {
        // The reader sends the table again with these columns only.
        WANTED.with(|w| *w.borrow_mut() = Some(schema.fields.iter().map(|f| f.name.to_string()).collect()));
        return Err(Error::InvalidType { field: schema.name.to_string().into(), index: None, expected: "a table".into(), found: v.describe().into() });
    }
    if schema.fields.len() == 1 && !schema.text_cells {
        return bare(v, schema);
    }
    #[cfg(not(feature = "tables"))]
    return Err(Error::InvalidType {
        field: schema.name.to_string().into(),
        index: None,
        expected: "a table, which this module does not read (use the module of the KPI)".into(),
        found: v.describe().into(),
    });
    #[cfg(feature = "tables")]
    match v.get() {
        V::Rows(rows) => {
            let mut t = Table::new(schema, rows.count);
            t.local = local;
            if let V::Array(others) = rows.others.get() {
                // The rows that are not objects: (index, row) pairs.
                let mut items = others.items();
                while let (Some(at), Some(row)) = (items.next(), items.next()) {
                    match at.get() {
                        V::Number(i) if i >= 0.0 && (i as usize) < rows.count => t.problem(
                            i as usize,
                            Error::InvalidType { field: schema.name.to_string().into(), index: Some(i as usize), expected: "an object".into(), found: row.describe().into() },
                        ),
                        _ => return Err(Error::InvalidType {
                            field: schema.name.to_string().into(),
                            index: None,
                            expected: "rows cx-metrics can read".into(),
                            found: "a malformed table".into(),
                        }),
                    }
                }
            }
            for (f, field) in schema.fields.iter().enumerate() {
                if let Some(values) = rows.named(field.name) {
                    read_column(&mut t, f, values, false)?;
                }
            }
            t.sort_problems();
            Ok(t)
        }
        V::Array(a) if a.is_empty() => Ok(Table::new(schema, 0)),
        V::Object(o) => {
            let mut given: Vec<Option<Value<'a>>> = vec![None; schema.fields.len()];
            for (key, value) in o.pairs() {
                let Some(f) = schema.fields.iter().position(|fd| key.is(fd.name)) else {
                    if schema.text_cells {
                        // The caller's own table: columns no option names are
                        // not read.
                        continue;
                    }
                    return Err(Error::InvalidType {
                        field: format!("{}.{}", schema.name, crate::error::echo(&key.string())).into(),
                        index: None,
                        expected: format!("one of the columns {}", schema.names()).into(),
                        found: "an unknown column".into(),
                    });
                };
                if !value.is_nullish() {
                    given[f] = Some(value);
                }
            }
            let first = schema.fields.iter().position(|f| f.required).unwrap_or(0);
            let len = match given[first] {
                Some(c) => column_len(&c, schema.fields[first].name)?,
                None if schema.fields[first].required => {
                    return Err(Error::MissingField { field: schema.fields[first].name.to_string().into(), index: None })
                }
                None => given.iter().flatten().next().map_or(Ok(0), |c| column_len(c, "column"))?,
            };
            let mut t = Table::new(schema, len);
            t.local = local;
            for (f, c) in given.into_iter().enumerate() {
                if let Some(c) = c {
                    read_column(&mut t, f, c, true)?;
                }
            }
            t.sort_problems();
            Ok(t)
        }
        _ => Err(Error::InvalidType {
            field: schema.name.to_string().into(),
            index: None,
            expected: "an array of rows (objects), or an object of columns".into(),
            found: v.describe().into(),
        }),
    }
}

#[cfg(feature = "tables")]
fn column_len(v: &Value<'_>, field: &str) -> Result<usize> {
    match v.get() {
        V::Array(a) => Ok(a.len()),
        V::Labels(l) => Ok(l.codes.len()),
        V::Texts(x) => Ok(x.len()),
        V::Column(n) => Ok(n.len()),
        _ => Err(not_a_column(v, field)),
    }
}

#[cfg(feature = "tables")]
fn not_a_column(v: &Value<'_>, field: &str) -> Error {
    Error::InvalidType {
        field: field.to_string().into(),
        index: None,
        expected: "an array or a typed array (one value per row)".into(),
        found: v.describe().into(),
    }
}

/// A one-column table: a bare array of values (survey answers). Numbers are
/// taken as they are (NaN included, for the KPI to judge); other elements
/// become NaN with a problem that says what they were.
fn bare<'a>(v: Value<'a>, schema: &'a Schema<'a>) -> Result<Table<'a>> {
    let field = schema.name;
    match v.get() {
        V::Column(n) => {
            let mut t = Table::new(schema, n.len());
            t.set(0, Column::Numbers(n))?;
            Ok(t)
        }
        V::Array(a) => {
            let mut values = Vec::new();
            values.try_reserve_exact(a.len()).map_err(|_| crate::table::too_large(field, a.len()))?;
            let mut problems = Vec::new();
            let booleans = schema.fields[0].kind == crate::table::Kind::Bool;
            for (i, x) in a.items().enumerate() {
                match x.get() {
                    V::Number(n) => values.push(n),
                    // Outcomes: true and false are 1 and 0.
                    V::Bool(b) if booleans => values.push(if b { 1.0 } else { 0.0 }),
                    _ => {
                        values.push(f64::NAN);
                        // Only the first few are ever described (the first
                        // is the error; under skip, MAX_REPORTED_INVALID
                        // are listed); the others are NaN, which every
                        // reader of one column rejects too. Kept all, they
                        // took about 100 bytes each: 3e7 nulls ran the
                        // module out of memory.
                        if problems.len() < crate::kpi::MAX_REPORTED_INVALID {
                            problems.push((i, Error::NotANumber { field: field.to_string().into(), index: Some(i), found: x.describe().into() }));
                        }
                    }
                }
            }
            let mut t = Table::new(schema, values.len());
            t.set(0, Column::Values(values))?;
            t.problems = problems;
            Ok(t)
        }
        V::Unreadable(why) => Err(Error::InvalidType {
            field: field.to_string().into(),
            index: None,
            expected: "an array of numbers or a typed array (e.g. Uint8Array, Float64Array)".into(),
            found: format!("an array whose elements could not be read ({})", why.string()).into(),
        }),
        _ => Err(Error::InvalidType {
            field: field.to_string().into(),
            index: None,
            expected: "an array of numbers or a typed array (e.g. Uint8Array, Float64Array)".into(),
            found: v.describe().into(),
        }),
    }
}

/// Reads column `f` of `t` from `v` (an array or a typed array).
#[cfg(feature = "tables")]
fn read_column<'a>(t: &mut Table<'a>, f: usize, v: Value<'a>, nan_is_missing: bool) -> Result<()> {
    let field = t.schema.fields[f];
    let name = field.name;
    match (field.kind, v.get()) {
        // Rows whose cells were all numbers, packed by the sender: read by
        // the rules of a number in rows (NaN is an invalid value there),
        // for numbers and instants at once, for the other kinds cell by
        // cell as if sent one by one.
        (Kind::Number | Kind::Instant, V::Column(n)) if !nan_is_missing => {
            let values = n.to_f64(name)?;
            // Every other number reads as itself: only NaN is judged.
            for (i, &x) in values.iter().enumerate() {
                if x.is_nan() {
                    if let Err(e) = field.kind.read(&Cell::Number(x), name, i, nan_is_missing) {
                        t.problems.push((i, e));
                    }
                }
            }
            t.set(f, Column::Values(values))
        }
        (kind, V::Column(n)) if !nan_is_missing => {
            let items = (0..n.len()).map(|i| Item::Number(n.get(i).unwrap_or(f64::NAN)));
            match kind {
                Kind::Key => read_keys(t, f, items, n.len(), nan_is_missing),
                Kind::Label | Kind::Interval => read_label_cells(t, f, items, n.len(), nan_is_missing),
                _ => read_cells(t, f, items, n.len(), nan_is_missing),
            }
        }
        // An empty column, or one of missing values only (nulls go as NaN).
        (Kind::Label | Kind::Interval, V::Column(n)) if (0..n.len()).all(|i| n.get(i).is_some_and(f64::is_nan)) => {
            t.set(f, Column::Labels { codes: vec![crate::table::MISSING_LABEL; n.len()], names: Vec::new() })
        }
        (Kind::Label | Kind::Interval, V::Column(_)) => Err(Error::InvalidType {
            field: name.to_string().into(),
            index: None,
            expected: "an array of strings".into(),
            found: v.describe().into(),
        }),
        (kind, V::Column(n)) => {
            // Keys from a typed array of floats: ±Infinity names no group.
            if kind == Kind::Key {
                let mut judge = |i: usize, v: f64| t.problems.extend(Key::number_rule(v, name, i).map(|e| (i, e)));
                match n {
                    Numbers::F64(s) => s.iter().enumerate().filter(|(_, v)| v.is_infinite()).for_each(|(i, &v)| judge(i, v)),
                    Numbers::F32(s) => s.iter().enumerate().filter(|(_, v)| v.is_infinite()).for_each(|(i, &v)| judge(i, v.into())),
                    _ => {}
                }
            }
            t.set(f, Column::Numbers(n))
        }
        (_, V::Labels(l)) => read_labels(t, f, l.names(), l.codes, nan_is_missing),
        // Strings that rarely repeat (sent as they are), for a column of
        // numbers, instants or booleans: each parsed in place (a dictionary
        // of them would cost more than it saves).
        (Kind::Number | Kind::Instant | Kind::Bool, V::Texts(x)) => read_cells(t, f, x.items().map(Item::Text), x.len(), nan_is_missing),
        (_, V::Texts(x)) => {
            let (names, codes) = x.dictionary();
            read_labels(t, f, names, &codes, nan_is_missing)
        }
        (Kind::Key, V::Array(a)) => read_keys(t, f, a.items().map(Item::Sent), a.len(), nan_is_missing),
        (Kind::Label | Kind::Interval, V::Array(a)) => read_label_cells(t, f, a.items().map(Item::Sent), a.len(), nan_is_missing),
        (_, V::Array(a)) => read_cells(t, f, a.items().map(Item::Sent), a.len(), nan_is_missing),
        _ => Err(not_a_column(&v, name)),
    }
}

/// Column `f` (a key) of `t` from its cells: dictionary-encoded by the
/// strings' UTF-16 units as they are in the message (no copy per row),
/// numbers and booleans by value.
#[cfg(feature = "tables")]
fn read_keys<'a>(t: &mut Table<'a>, f: usize, cells: impl Iterator<Item = Item<'a>>, len: usize, nan_is_missing: bool) -> Result<()> {
    let name = t.schema.fields[f].name;
    let mut codes = Vec::with_capacity(len);
    let mut keys: Vec<Key> = Vec::new();
    let mut strs: crate::hash::FxHashMap<&'a [u16], u32> = crate::hash::map();
    let mut others: crate::hash::FxHashMap<(u8, u64), u32> = crate::hash::map();
    let mut present = false;
    let intern = |keys: &mut Vec<Key>, k: Key| {
        keys.push(k);
        (keys.len() - 1) as u32
    };
    for (i, x) in cells.enumerate() {
        let v = x.get();
        present |= !matches!(v, V::Undefined | V::Null);
        let code = match v {
            V::Undefined | V::Null => MISSING_LABEL,
            V::Number(v) if v.is_nan() => MISSING_LABEL,
            V::Number(v) if v.is_infinite() => {
                t.problems.extend(Key::number_rule(v, name, i).map(|e| (i, e)));
                MISSING_LABEL
            }
            V::Number(v) => *others.entry((1, (v + 0.0).to_bits())).or_insert_with(|| intern(&mut keys, Key::Num(v + 0.0))),
            V::Bool(b) => *others.entry((2, b as u64)).or_insert_with(|| intern(&mut keys, Key::Bool(b))),
            V::Str(s) => match strs.get(s.0) {
                Some(&c) => c,
                None => match s.text() {
                    Err(e) => {
                        t.problems.push((i, not_text(Kind::Key, name, i, e)));
                        MISSING_LABEL
                    }
                    Ok(text) => {
                        let c = if crate::table::is_blank(&text) { MISSING_LABEL } else { intern(&mut keys, Key::Str(text.into())) };
                        strs.insert(s.0, c);
                        c
                    }
                },
            },
            _ => {
                let (mut text, mut other) = (String::new(), String::new());
                t.problems.push((i, cell_error(Kind::Key, name, Some(i), &cell(&x, &mut text, &mut other))));
                MISSING_LABEL
            }
        };
        codes.push(code);
    }
    if present || nan_is_missing {
        t.set(f, Column::Keys { codes, keys })?;
    }
    Ok(())
}

/// Column `f` (a label or an interval) of `t` from its cells.
#[cfg(feature = "tables")]
fn read_label_cells<'a>(t: &mut Table<'a>, f: usize, cells: impl Iterator<Item = Item<'a>>, len: usize, nan_is_missing: bool) -> Result<()> {
    let field = t.schema.fields[f];
    let name = field.name;
    let mut codes = Vec::with_capacity(len);
    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut present = false;
    for (i, x) in cells.enumerate() {
        match x.get() {
            V::Undefined | V::Null => codes.push(MISSING_LABEL),
            V::Str(s) => {
                let s = match s.text() {
                    Ok(s) => s,
                    Err(e) => {
                        t.problems.push((i, not_text(field.kind, name, i, e)));
                        codes.push(MISSING_LABEL);
                        continue;
                    }
                };
                present = true;
                let code = match index.get(&s) {
                    Some(&c) => c,
                    None => {
                        let c = names.len() as u32;
                        index.insert(s.clone(), c);
                        names.push(s);
                        c
                    }
                };
                codes.push(code);
            }
            v => {
                present = true;
                match if field.kind == Kind::Interval { interval_label(v) } else { None } {
                    Some(s) => {
                        let code = *index.entry(s.clone()).or_insert_with(|| {
                            names.push(s);
                            (names.len() - 1) as u32
                        });
                        codes.push(code);
                    }
                    None => {
                        codes.push(MISSING_LABEL);
                        let (mut text, mut other) = (String::new(), String::new());
                        t.problems.push((i, cell_error(field.kind, name, Some(i), &cell(&x, &mut text, &mut other))));
                    }
                }
            }
        }
    }
    if present || nan_is_missing {
        t.set(f, Column::Labels { codes, names })?;
    }
    Ok(())
}

/// Column `f` (numbers, instants or booleans) of `t` from its cells, each
/// read by [`Kind::read`].
#[cfg(feature = "tables")]
fn read_cells<'a>(t: &mut Table<'a>, f: usize, cells: impl Iterator<Item = Item<'a>>, len: usize, nan_is_missing: bool) -> Result<()> {
    let field = t.schema.fields[f];
    let local = t.local;
    let (kind, name) = (field.kind, field.name);
    let mut values = Vec::new();
    values.try_reserve_exact(len).map_err(|_| crate::table::too_large(name, len))?;
    let mut present = false;
    let (mut text, mut other) = (String::new(), String::new());
    let text_cells = t.schema.text_cells;
    for (i, x) in cells.enumerate() {
        let c = cell(&x, &mut text, &mut other);
        present |= c != Cell::Missing;
        let c = if text_cells { text_cell(kind, c) } else { c };
        match kind.read_in(&c, name, i, nan_is_missing, local) {
            Ok(v) => values.push(v),
            Err(e) => {
                values.push(f64::NAN);
                t.problems.push((i, e));
            }
        }
    }
    if present || nan_is_missing {
        t.set(f, Column::Values(values))?;
    }
    Ok(())
}

/// Column `f` of `t` from strings dictionary-encoded (by the sender, or by
/// [`Texts::dictionary`](super::Texts::dictionary)): each distinct string
/// is read once, by the same rules as a cell.
#[cfg(feature = "tables")]
fn read_labels(t: &mut Table<'_>, f: usize, names: Vec<super::Str<'_>>, codes: &[u32], nan_is_missing: bool) -> Result<()> {
    let field = t.schema.fields[f];
    let local = t.local;
    let (kind, name) = (field.kind, field.name);
    let text_cells = t.schema.text_cells;
    let missing = crate::wire::MISSING_CODE;
    // Each distinct string decoded once. One that is not text (a lone
    // surrogate) is a problem of each row that has it, and missing there
    // (its text, never read, is left empty).
    let decoded: Vec<std::result::Result<String, super::NotText>> = names.iter().map(super::Str::text).collect();
    let codes: std::borrow::Cow<'_, [u32]> = if decoded.iter().any(|d| d.is_err()) {
        let mut own = codes.to_vec();
        for (i, c) in own.iter_mut().enumerate() {
            if let Some(Err(e)) = decoded.get(*c as usize) {
                t.problems.push((i, not_text(kind, name, i, *e)));
                *c = missing;
            }
        }
        own.into()
    } else {
        codes.into()
    };
    let codes: &[u32] = &codes;
    let texts: Vec<String> = decoded.into_iter().map(|d| d.unwrap_or_default()).collect();
    match kind {
        Kind::Label | Kind::Interval => {
            let codes = codes.to_vec();
            t.set(f, Column::Labels { codes, names: texts })
        }
        Kind::Key => {
            // Each distinct string straight into its key.
            let mut keys: Vec<Key> = Vec::with_capacity(texts.len());
            let map: Vec<u32> = texts
                .into_iter()
                .map(|s| {
                    if crate::table::is_blank(&s) {
                        MISSING_LABEL
                    } else {
                        keys.push(Key::Str(s.into()));
                        (keys.len() - 1) as u32
                    }
                })
                .collect();
            let codes = codes.iter().map(|&c| if c == missing { MISSING_LABEL } else { map[c as usize] }).collect();
            t.set(f, Column::Keys { codes, keys })
        }
        _ => {
            let read = |s: &str, i: usize| {
                let c = if text_cells { text_cell(kind, Cell::Str(s)) } else { Cell::Str(s) };
                kind.read_in(&c, name, i, nan_is_missing, local)
            };
            let parsed: Vec<Option<f64>> = texts.iter().map(|s| read(s, 0).ok()).collect();
            let mut values = Vec::new();
            values.try_reserve_exact(codes.len()).map_err(|_| crate::table::too_large(name, codes.len()))?;
            for (i, &c) in codes.iter().enumerate() {
                if c == missing {
                    values.push(f64::NAN);
                    continue;
                }
                match parsed[c as usize] {
                    Some(v) => values.push(v),
                    None => {
                        values.push(f64::NAN);
                        if let Err(e) = read(&texts[c as usize], i) {
                            t.problems.push((i, e));
                        }
                    }
                }
            }
            t.set(f, Column::Values(values))
        }
    }
}

/// An interval written as an object of one unit, `{ months: 3 }`: the text
/// `"3 months"` ([`Kind::Interval`]). `None` for any other value, and for an
/// object of more keys or a value that is not a finite number.
#[cfg(feature = "tables")]
fn interval_label(v: V<'_>) -> Option<String> {
    let V::Object(o) = v else { return None };
    let mut pairs = o.pairs();
    let (unit, n) = pairs.next()?;
    match (n.get(), pairs.next()) {
        (V::Number(n), None) if n.is_finite() => Some(format!("{n} {}", unit.string())),
        _ => None,
    }
}

#[cfg(feature = "tables")]
/// The numbers of a value that must be a column of numbers (`starts`,
/// `ends`): a typed array, or an array of instants (NaN and missing values
/// stay NaN).
///
/// # Errors
/// `INVALID_TYPE` for anything else; the first cell that is not an instant
/// (`INVALID_TIMESTAMP`).
pub fn instants<'a>(v: Value<'a>, field: &'static str) -> Result<std::borrow::Cow<'a, [f64]>> {
    match v.get() {
        V::Column(Numbers::F64(x)) => Ok(std::borrow::Cow::Borrowed(x)),
        V::Column(n) => Ok(std::borrow::Cow::Owned(n.to_f64(field)?)),
        V::Array(a) => {
            let mut out = Vec::new();
            out.try_reserve_exact(a.len()).map_err(|_| crate::table::too_large(field, a.len()))?;
            let (mut text, mut other) = (String::new(), String::new());
            for (i, x) in a.items().enumerate() {
                out.push(Kind::Instant.read(&cell(&x.into(), &mut text, &mut other), field, i, true)?);
            }
            Ok(std::borrow::Cow::Owned(out))
        }
        _ => Err(Error::InvalidType {
            field: field.to_string().into(),
            index: None,
            expected: "a Float64Array of epoch ms or an array of timestamps".into(),
            found: v.describe().into(),
        }),
    }
}

#[cfg(feature = "tables")]
/// One instant (`start`, `end`): a number, an ISO 8601 string with an
/// offset, or a `Date`.
///
/// # Errors
/// `INVALID_TIMESTAMP` naming `field`, also for NaN.
pub fn instant(v: Value<'_>, field: &'static str) -> Result<f64> {
    let (mut text, mut other) = (String::new(), String::new());
    let c = cell(&v.into(), &mut text, &mut other);
    let t = Kind::Instant.read(&c, field, 0, false);
    match (c, t) {
        (Cell::Missing, _) => Err(cell_error(Kind::Instant, field, None, &Cell::Other(&v.describe()))),
        (_, Err(e)) => Err(match e {
            Error::InvalidTimestamp { field, detail, .. } => Error::InvalidTimestamp { field, index: None, detail },
            e => e,
        }),
        (_, Ok(ms)) => Ok(ms),
    }
}

#[cfg(all(test, feature = "tables"))]
mod tests {
    use super::*;
    use crate::table::Field;
    use crate::wire::{ColumnKind, Message, Tag, Writer};

    static SCHEMA: Schema<'static> = Schema {
        name: "tickets",
        fields: &[
            Field { name: "createdAt", kind: Kind::Instant, required: true },
            Field { name: "n", kind: Kind::Number, required: false },
            Field { name: "status", kind: Kind::Label, required: false },
        ],
        text_cells: false,
    };

    fn with<T>(w: &Writer, f: impl FnOnce(Value<'_>) -> T) -> T {
        let (words, s, u) = w.words();
        let m = Message::from_words(&words, s, u).unwrap();
        let args = m.args(1).unwrap();
        f(args[0])
    }

    #[test]
    fn rows_and_columns_read_alike() {
        let mut rows = Writer::default();
        rows.rows(3, 3, |w| {
            w.array(2, |w| {
                w.number(2.0).null();
            });
            w.array(3, |w| {
                w.str("createdAt").str("n").str("status");
            });
            w.array(3, |w| {
                w.str("2026-03-06T20:30:00Z").number(5.0).number(f64::NAN);
            });
            w.array(3, |w| {
                w.number(1.0).str("x").undefined();
            });
            w.array(3, |w| {
                w.str("open").undefined().number(3.0);
            });
        });
        let t = with(&rows, |v| {
            let t = read_table(v, &SCHEMA).unwrap();
            let problems: Vec<_> = t.problems.iter().map(|(i, e)| (*i, e.code(), e.field().map(str::to_string))).collect();
            assert_eq!(
                problems,
                vec![
                    (1, "NOT_A_NUMBER", Some("n".to_string())),
                    (2, "INVALID_TYPE", Some("tickets".to_string())),
                    (2, "INVALID_TIMESTAMP", Some("createdAt".to_string())),
                    (2, "INVALID_TYPE", Some("status".to_string())),
                ]
            );
            assert_eq!(t.values(0).unwrap()[..2], [1_772_829_000_000.0, 5.0]);
            let (codes, names) = t.labels(2).unwrap();
            assert_eq!((codes[0], names), (0, &["open".to_string()][..]));
            t.len
        });
        assert_eq!(t, 3);
        let mut cols = Writer::default();
        cols.object(2, |w| {
            w.str("createdAt").f64s(&[1.0, f64::NAN]);
            w.str("n").array(2, |w| {
                w.number(f64::NAN).null();
            });
        });
        with(&cols, |v| {
            let t = read_table(v, &SCHEMA).unwrap();
            assert!(t.problems.is_empty(), "NaN is missing in columns");
            assert!(t.values(1).unwrap().iter().all(|x| x.is_nan()));
        });
        // Strings dictionary-encoded by the reader read as the same strings.
        let texts = [Some("2026-03-06T20:30:00Z"), None, Some("x"), Some("2026-03-06T20:30:00Z")];
        let statuses = [Some("open"), Some("solved"), None, Some("open")];
        let mut enc = Writer::default();
        enc.object(2, |w| {
            w.str("createdAt").labels(&texts);
            w.str("status").labels(&statuses);
        });
        let mut plain = Writer::default();
        plain.object(2, |w| {
            w.str("createdAt").array(4, |w| {
                w.str("2026-03-06T20:30:00Z").null().str("x").str("2026-03-06T20:30:00Z");
            });
            w.str("status").array(4, |w| {
                w.str("open").str("solved").null().str("open");
            });
        });
        let read = |w: &Writer| {
            with(w, |v| {
                let t = read_table(v, &SCHEMA).unwrap();
                let problems: Vec<_> = t.problems.iter().map(|(i, e)| (*i, e.to_string())).collect();
                let created: Vec<u64> = t.values(0).unwrap().iter().map(|x| x.to_bits()).collect();
                (problems, created, t.labels(2).map(|(c, n)| (c.to_vec(), n.to_vec())))
            })
        };
        assert_eq!(read(&enc), read(&plain));
        // The same strings sent as they are (many distinct ones): the module
        // builds the same dictionary.
        let mut sent = Writer::default();
        sent.object(2, |w| {
            w.str("createdAt").texts(&texts);
            w.str("status").texts(&statuses);
        });
        assert_eq!(read(&sent), read(&plain));
        // A span outside the strings is a malformed message: unreadable, not a panic.
        let mut wild = Writer::default();
        wild.object(1, |w| {
            w.str("status").container(Tag::Texts, &[1.0], |w| {
                w.column(ColumnKind::U32, &[0, 0, 0, 0, 9, 0, 0, 0]);
            });
        });
        with(&wild, |v| {
            let V::Object(o) = v.get() else { panic!() };
            assert!(matches!(o.get("status").unwrap().get(), V::Unreadable(_)));
        });
        let mut bad = Writer::default();
        bad.object(1, |w| {
            w.str("createdat").f64s(&[1.0]);
        });
        with(&bad, |v| assert_eq!(read_table(v, &SCHEMA).unwrap_err().field(), Some("tickets.createdat")));
        let mut missing = Writer::default();
        missing.object(1, |w| {
            w.str("n").f64s(&[1.0]);
        });
        with(&missing, |v| assert_eq!(read_table(v, &SCHEMA).unwrap_err().code(), "MISSING_FIELD"));
        let mut uneven = Writer::default();
        uneven.object(2, |w| {
            w.str("createdAt").f64s(&[1.0, 2.0]);
            w.str("n").f64s(&[1.0]);
        });
        with(&uneven, |v| assert_eq!(read_table(v, &SCHEMA).unwrap_err().code(), "LENGTH_MISMATCH"));
    }
}
