//! Results as a tape of `f64` slots, by serde.
//!
//! Any `Serialize` result is written as self-describing slots ([`OutTag`]):
//! numbers, strings, arrays and objects (structs and maps alike). The
//! binding's JavaScript reads the tape once and builds plain objects. Strings
//! are UTF-8: those in the program's static data (field names, enum names,
//! error codes) are referred to where they are, so JavaScript decodes each
//! of them once and caches it; others are copied into a side buffer.
//!
//! A non-finite number in a result is written as `null`: no result carries
//! NaN or ±∞ (the engine returns `None` for undefined statistics; this is the
//! last guard). A [`F64Array`] is written raw, NaN included, as the data of a
//! `Float64Array`.

use serde::ser::{self, Serialize};
use std::fmt;

/// The kind of a value on the tape: its first slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum OutTag {
    /// `null`. `[0]`
    Null = 0,
    /// `false`. `[1]`
    False = 1,
    /// `true`. `[2]`
    True = 2,
    /// A number. `[3, value]`
    Number = 3,
    /// A string in the side buffer. `[4, byte offset, byte length]`
    Str = 4,
    /// An array. `[5, count, ...values]`
    Array = 5,
    /// An object. `[6, count, (key, value)...]`; keys are strings.
    Object = 6,
    /// A `Float64Array`. `[7, count, ...raw values]`
    F64Array = 7,
    /// A string in static memory. `[8, address, byte length]`
    StaticStr = 8,
    /// A struct: an object whose keys are its field names, in a fixed
    /// order. `[9, name address, name length, count, (key, value)...]`; the
    /// name (static) lets the reader build the object with a builder made
    /// for that struct.
    Struct = 9,
}

const OUT_TAGS: [OutTag; 10] = [
    OutTag::Null,
    OutTag::False,
    OutTag::True,
    OutTag::Number,
    OutTag::Str,
    OutTag::Array,
    OutTag::Object,
    OutTag::F64Array,
    OutTag::StaticStr,
    OutTag::Struct,
];

/// Every output tag with its name, for the generated JavaScript.
pub fn out_tags() -> Vec<(&'static str, u8)> {
    OUT_TAGS
        .iter()
        .map(|&t| {
            let name = match t {
                OutTag::Null => "NULL",
                OutTag::False => "FALSE",
                OutTag::True => "TRUE",
                OutTag::Number => "NUMBER",
                OutTag::Str => "STR",
                OutTag::Array => "ARRAY",
                OutTag::Object => "OBJECT",
                OutTag::F64Array => "F64ARRAY",
                OutTag::StaticStr => "STATIC_STR",
                OutTag::Struct => "STRUCT",
            };
            (name, t as u8)
        })
        .collect()
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
    /// Whether strings below this address are static (wasm: `__heap_base`).
    static_below: usize,
    raw_f64: bool,
}

/// Why a value could not be written (a type the tape has no form for).
#[derive(Debug)]
pub struct OutError(String);

impl fmt::Display for OutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for OutError {}
impl ser::Error for OutError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        OutError(msg.to_string())
    }
}

impl Tape {
    /// An empty tape; strings below `static_below` are referred to in place.
    pub const fn new(static_below: usize) -> Self {
        Tape { slots: Vec::new(), strings: Vec::new(), static_below, raw_f64: false }
    }

    /// Sets the address below which strings are static.
    pub fn set_static_below(&mut self, address: usize) {
        self.static_below = address;
    }

    /// Clears the tape for the next result (keeping its memory).
    pub fn clear(&mut self) {
        self.slots.clear();
        self.strings.clear();
        self.raw_f64 = false;
    }

    /// Writes `value`.
    ///
    /// # Errors
    /// For a type without a form on the tape (enum variants with data).
    pub fn write<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutError> {
        value.serialize(&mut *self)
    }

    #[inline]
    fn tag(&mut self, t: OutTag) {
        self.slots.push(t as u8 as f64);
    }

    #[inline]
    fn three(&mut self, a: f64, b: f64, c: f64) {
        self.slots.reserve(3);
        self.slots.push(a);
        self.slots.push(b);
        self.slots.push(c);
    }

    #[inline]
    fn is_static(&self, s: &str) -> bool {
        let p = s.as_ptr() as usize;
        p < self.static_below && p.checked_add(s.len()).is_some_and(|e| e <= self.static_below)
    }

    #[inline]
    fn string(&mut self, s: &str) {
        if self.is_static(s) {
            self.three(OutTag::StaticStr as u8 as f64, s.as_ptr() as usize as f64, s.len() as f64);
        } else {
            self.three(OutTag::Str as u8 as f64, self.strings.len() as f64, s.len() as f64);
            self.strings.extend_from_slice(s.as_bytes());
        }
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
}

/// A container being written: where its count goes and how many so far.
pub struct Compound<'t> {
    tape: &'t mut Tape,
    count_at: usize,
    count: usize,
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
        self.serialize_f64(v as f64)
    }
    fn serialize_f32(self, v: f32) -> Result<(), OutError> {
        self.serialize_f64(v as f64)
    }
    #[inline]
    fn serialize_f64(self, v: f64) -> Result<(), OutError> {
        if self.raw_f64 {
            self.slots.push(v);
        } else if v.is_finite() {
            self.slots.reserve(2);
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
        Ok(Compound { tape: self, count_at, count: 0 })
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
        Err(OutError(format!("{name}::{variant} has no form in results")))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'t>, OutError> {
        let count_at = self.open(OutTag::Object);
        Ok(Compound { tape: self, count_at, count: 0 })
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Compound<'t>, OutError> {
        if !self.is_static(name) {
            return self.serialize_map(None);
        }
        self.three(OutTag::Struct as u8 as f64, name.as_ptr() as usize as f64, name.len() as f64);
        self.slots.push(0.0);
        let count_at = self.slots.len() - 1;
        Ok(Compound { tape: self, count_at, count: 0 })
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, OutError> {
        Err(OutError(format!("{name}::{variant} has no form in results")))
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
        self.count += 1;
        self.tape.string(key);
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result<(), OutError> {
        self.tape.close(self.count_at, self.count);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a tape back into a JSON-like string (what the JavaScript does).
    fn show(t: &Tape, at: &mut usize) -> String {
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
                format!("{:?}", std::str::from_utf8(&t.strings[o..o + l]).unwrap())
            }
            8 => {
                let (p, l) = (take(t, at) as usize, take(t, at) as usize);
                // SAFETY: a static string of this test binary.
                let s = unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(p as *const u8, l)) };
                format!("{s:?}")
            }
            9 => {
                *at += 2;
                show_object(t, at)
            }
            5 | 6 | 7 => {
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

    fn show_object(t: &Tape, at: &mut usize) -> String {
        let n = t.slots[*at] as usize;
        *at += 1;
        let parts: Vec<String> = (0..n)
            .map(|_| {
                let k = show(t, at);
                format!("{k}:{}", show(t, at))
            })
            .collect();
        format!("{{{}}}", parts.join(","))
    }

    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct R {
        score: Option<f64>,
        bad: f64,
        list: Vec<u64>,
        name: String,
        band: Option<crate::survey::Band>,
        raw: F64Array,
        map: std::collections::BTreeMap<String, bool>,
    }

    #[test]
    fn writes_what_javascript_reads() {
        let r = R {
            score: Some(40.0),
            bad: f64::NAN,
            list: vec![1, 2],
            name: "ok".into(),
            band: Some(crate::survey::Band::VeryGood),
            raw: F64Array(vec![1.5, f64::NAN]),
            map: [("__proto__".to_string(), true)].into_iter().collect(),
        };
        let mut t = Tape::new(0);
        t.write(&r).unwrap();
        let mut at = 0;
        assert_eq!(
            show(&t, &mut at),
            "{\"score\":40,\"bad\":null,\"list\":[1,2],\"name\":\"ok\",\"band\":\"very-good\",\"raw\":[1.5,NaN],\"map\":{\"__proto__\":true}}"
        );
        assert_eq!(at, t.slots.len());
        // With static strings: field names are referred to in place.
        let mut t = Tape::new(usize::MAX);
        t.write(&r).unwrap();
        assert!(t.slots.contains(&(OutTag::StaticStr as u8 as f64)));
        assert_eq!(t.slots[0], OutTag::Struct as u8 as f64, "a struct carries its name");
        let mut at = 0;
        assert!(show(&t, &mut at).starts_with("{\"score\":40"));
    }
}
