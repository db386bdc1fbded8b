//! The JavaScript binding: the only module that knows about `wasm-bindgen`,
//! `js-sys` or `JsValue`. Compiled only for `wasm32`.
//!
//! Conventions (see README):
//! - Bulk arrays (scores, weights) are copied straight into wasm memory, from
//!   typed arrays with one `TypedArray.prototype.set`, from plain arrays by a
//!   type-checking loop in `helpers.js`. They never go through
//!   `serde-wasm-bindgen`, which costs ~45 ns per element.
//! - Options and scalars arrive as `JsValue` and are checked here for type and
//!   in the core for value: wasm-bindgen would silently coerce `"7"` or `null`
//!   passed to an `f64` parameter.
//! - Results are plain objects (camelCase, `null` for "no value") made by one
//!   shared `serde-wasm-bindgen` serializer.
//! - Errors are `RangeError` / `TypeError` / `Error` objects with `code`,
//!   `index` and `field` properties, built in one place ([`js_error`]).

// Each wasm module (survey, tickets) is built with one feature and uses a
// subset of these shared helpers.
#![cfg_attr(not(all(feature = "survey", feature = "tickets")), allow(dead_code))]

use crate::error::Error;
use js_sys::Float64Array;
use serde::Serialize;
use std::borrow::Cow;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[cfg(feature = "survey")]
mod survey;
#[cfg(feature = "tickets")]
mod tickets;

#[wasm_bindgen(module = "/src/wasm/helpers.js")]
extern "C" {
    #[wasm_bindgen(js_name = arrayKind)]
    fn array_kind(v: &JsValue) -> i32;
    #[wasm_bindgen(js_name = arrayLength)]
    fn array_length(v: &JsValue) -> f64;
    #[wasm_bindgen(js_name = copyNumbers)]
    fn copy_numbers(src: &JsValue, out: &Float64Array) -> f64;
    #[wasm_bindgen(js_name = packBytes)]
    fn pack_bytes(src: &JsValue, out: &js_sys::Uint8Array) -> f64;
    #[wasm_bindgen(js_name = toFloat64)]
    fn to_float64(v: &JsValue) -> Float64Array;
    #[wasm_bindgen(js_name = elementAt)]
    fn element_at(arr: &JsValue, i: f64) -> JsValue;
    fn describe(v: &JsValue) -> String;
    #[wasm_bindgen(js_name = ownKeys)]
    fn own_keys(v: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = readProp)]
    fn read_prop(obj: &JsValue, key: &str) -> JsValue;
    #[wasm_bindgen(js_name = callToJSON)]
    fn call_to_json(obj: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(cls: i32, message: &str, code: &str, index: f64, field: &str) -> JsValue;
}

#[wasm_bindgen(typescript_custom_section)]
const SHARED_TYPES: &'static str = r#"
/** What to do with an invalid input (an answer, a ticket): throw (default) or leave it out and count it in `skipped`. */
export type InvalidPolicy = "error" | "skip";

/** Every error this library throws carries one of these codes. */
export type CxErrorCode =
  | "SCORE_OUT_OF_RANGE"
  | "NOT_AN_INTEGER"
  | "NOT_A_NUMBER"
  | "INVALID_WEIGHT"
  | "INVALID_OPTION"
  | "LENGTH_MISMATCH"
  | "INVALID_TYPE"
  | "INVALID_COUNT"
  | "INVALID_STATE"
  | "SCALE_MISMATCH"
  | "NEGATIVE_DURATION"
  | "INVALID_TIMESTAMP"
  | "MISSING_FIELD"
  | "INVALID_DURATION"
  | "UNKNOWN_TIME_ZONE"
  | "INVALID_CALENDAR";

/** Shape of the errors thrown (a RangeError, TypeError or Error with these extra properties). */
export interface CxError extends Error {
  /** Stable machine-readable code. */
  code: CxErrorCode;
  /** Index of the offending element, when the error is about one. */
  index?: number;
  /** The argument or option at fault, e.g. "scores", "weights", "confidence". */
  field?: string;
}

export interface ConfidenceInterval {
  low: number;
  high: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  method: "adjusted-wald" | "wald" | "wilson" | "t";
}

/** A skipped input and why it was skipped (the first 100 are listed). */
export interface InvalidEntry {
  index: number;
  code: CxErrorCode;
  message: string;
}

"#;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Converts a core error into the thrown JavaScript error.
pub(crate) fn js_error(e: &Error) -> JsValue {
    let cls = match e.js_class() {
        "RangeError" => 1,
        "TypeError" => 2,
        _ => 0,
    };
    make_error(cls, &e.to_string(), e.code(), e.index().map_or(-1.0, |i| i as f64), e.field().unwrap_or(""))
}

pub(crate) type JsResult<T> = Result<T, JsValue>;

/// The one serializer for results: `None` becomes `null`, maps plain objects.
const SERIALIZER: serde_wasm_bindgen::Serializer =
    serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true).serialize_maps_as_objects(true);

pub(crate) fn to_js<T: Serialize>(value: &T) -> JsResult<JsValue> {
    value
        .serialize(&SERIALIZER)
        .map_err(|e| make_error(0, &format!("could not build the result: {e}"), "INTERNAL", -1.0, ""))
}

pub(crate) fn invalid_type(field: impl Into<Cow<'static, str>>, expected: &'static str, v: &JsValue) -> Error {
    Error::InvalidType { field: field.into(), index: None, expected: expected.into(), found: describe(v).into() }
}

/// Numbers copied out of a JavaScript array or typed array.
pub(crate) enum Numbers {
    U8(Vec<u8>),
    I8(Vec<i8>),
    U16(Vec<u16>),
    I16(Vec<i16>),
    U32(Vec<u32>),
    I32(Vec<i32>),
    F32(Vec<f32>),
    F64(Vec<f64>),
}

/// A numeric input, with the original plain array kept (when it was one) so
/// that messages can say what a non-number element was.
pub(crate) struct Input {
    pub numbers: Numbers,
    source: Option<JsValue>,
    field: &'static str,
}

const MAX_INPUT_BYTES: f64 = (1u64 << 30) as f64;

const ARRAY_EXPECTED: &str = "an array of numbers or a typed array (e.g. Uint8Array, Float64Array)";

impl Input {
    /// Reads `v` as an array of numbers. Accepts `number[]` and every
    /// numeric typed array except the BigInt ones.
    pub fn read(v: &JsValue, field: &'static str) -> Result<Input, Error> {
        Self::read_as(v, field, false)
    }

    /// Like [`Input::read`], but a plain array of small whole numbers (the
    /// usual scores) is packed into bytes on the way in, which is faster to
    /// copy and lets the byte-counting kernel do the work.
    pub fn read_scores(v: &JsValue, field: &'static str) -> Result<Input, Error> {
        Self::read_as(v, field, true)
    }

    fn read_as(v: &JsValue, field: &'static str, bytes_first: bool) -> Result<Input, Error> {
        use js_sys::{Float32Array, Int16Array, Int32Array, Int8Array, Uint16Array, Uint32Array, Uint8Array, Uint8ClampedArray};
        let kind = array_kind(v);
        // Copies go into wasm memory (at most 4 GiB in all): refuse inputs that
        // could not fit rather than abort on a failed allocation.
        let element = match kind {
            0 | 9 | 11 => 8,
            4 | 5 => 2,
            6 | 7 | 8 => 4,
            _ => 1,
        };
        if kind >= 0 && array_length(v) * element as f64 > MAX_INPUT_BYTES {
            return Err(Error::InvalidType {
                field: field.into(),
                index: None,
                expected: "at most 1 GiB of data (split it and merge accumulators)".into(),
                found: format!("{} elements", array_length(v) as u64).into(),
            });
        }
        let numbers = match kind {
            0 => {
                let len = array_length(v);
                if !(len >= 0.0) {
                    return Err(invalid_type(field, ARRAY_EXPECTED, v));
                }
                let len = len as usize;
                if bytes_first {
                    let mut buf: Vec<u8> = Vec::with_capacity(len);
                    // SAFETY: as for the f64 copy below.
                    let misfits = unsafe {
                        let view = Uint8Array::view_mut_raw(buf.as_mut_ptr(), len);
                        let misfits = pack_bytes(v, &view);
                        if misfits == 0.0 {
                            buf.set_len(len);
                        }
                        misfits
                    };
                    if misfits == 0.0 {
                        return Ok(Input { numbers: Numbers::U8(buf), source: None, field });
                    }
                }
                let mut buf: Vec<f64> = Vec::with_capacity(len);
                // SAFETY: the view covers exactly the vector's capacity and is
                // used only by `copy_numbers`, which writes every element and
                // allocates nothing in wasm memory (so the view stays valid).
                let bad = unsafe {
                    let view = Float64Array::view_mut_raw(buf.as_mut_ptr(), len);
                    let bad = copy_numbers(v, &view);
                    if bad >= 0.0 {
                        buf.set_len(len);
                    }
                    bad
                };
                if bad < 0.0 {
                    return Err(Error::InvalidType {
                        field: field.into(),
                        index: None,
                        expected: ARRAY_EXPECTED.into(),
                        found: "an array whose elements could not be read".into(),
                    });
                }
                return Ok(Input { numbers: Numbers::F64(buf), source: (bad > 0.0).then(|| v.clone()), field });
            }
            1 => Numbers::U8(v.unchecked_ref::<Uint8Array>().to_vec()),
            2 => Numbers::U8(v.unchecked_ref::<Uint8ClampedArray>().to_vec()),
            3 => Numbers::I8(v.unchecked_ref::<Int8Array>().to_vec()),
            4 => Numbers::U16(v.unchecked_ref::<Uint16Array>().to_vec()),
            5 => Numbers::I16(v.unchecked_ref::<Int16Array>().to_vec()),
            6 => Numbers::U32(v.unchecked_ref::<Uint32Array>().to_vec()),
            7 => Numbers::I32(v.unchecked_ref::<Int32Array>().to_vec()),
            8 => Numbers::F32(v.unchecked_ref::<Float32Array>().to_vec()),
            9 => Numbers::F64(v.unchecked_ref::<Float64Array>().to_vec()),
            11 => Numbers::F64(to_float64(v).to_vec()),
            10 => {
                return Err(Error::InvalidType {
                    field: field.into(),
                    index: None,
                    expected: ARRAY_EXPECTED.into(),
                    found: "a BigInt64Array (convert it to numbers first)".into(),
                })
            }
            _ => return Err(invalid_type(field, ARRAY_EXPECTED, v)),
        };
        Ok(Input { numbers, source: None, field })
    }

    /// Every value as `f64` (for weights and other float inputs).
    pub fn into_f64(self) -> Vec<f64> {
        match self.numbers {
            Numbers::F64(v) => v,
            Numbers::U8(v) => v.into_iter().map(f64::from).collect(),
            Numbers::I8(v) => v.into_iter().map(f64::from).collect(),
            Numbers::U16(v) => v.into_iter().map(f64::from).collect(),
            Numbers::I16(v) => v.into_iter().map(f64::from).collect(),
            Numbers::U32(v) => v.into_iter().map(f64::from).collect(),
            Numbers::I32(v) => v.into_iter().map(f64::from).collect(),
            Numbers::F32(v) => v.into_iter().map(f64::from).collect(),
        }
    }

    /// Replaces "NaN" in a not-a-number error about this input by what the
    /// original element really was (a string, null, …).
    pub fn explain(&self, e: Error) -> Error {
        match (&e, &self.source) {
            (Error::NotANumber { field, index: Some(i), .. }, Some(src)) if field == self.field => {
                let d = describe(&element_at(src, *i as f64));
                e.with_found(d)
            }
            _ => e,
        }
    }
}

/// Reads an options object: unknown keys are an error (they are usually
/// typos), `undefined` and `null` values mean "use the default".
pub(crate) struct Options {
    obj: JsValue,
    prefix: &'static str,
}

impl Options {
    pub fn read(v: &JsValue, allowed: &[&str], prefix: &'static str) -> Result<Options, Error> {
        if v.is_undefined() || v.is_null() {
            return Ok(Options { obj: JsValue::UNDEFINED, prefix });
        }
        let keys = own_keys(v);
        let Some(keys) = keys.dyn_ref::<js_sys::Array>() else {
            let field = if prefix.is_empty() { "options".to_string() } else { prefix.trim_end_matches('.').to_string() };
            return Err(invalid_type(field, "an object", v));
        };
        for k in keys.iter() {
            let k = k.as_string().unwrap_or_default();
            if !allowed.contains(&k.as_str()) {
                return Err(Error::InvalidOption {
                    option: format!("{prefix}{k}").into(),
                    rule: format!("is not a known option; known options are {}", allowed.join(", ")).into(),
                });
            }
        }
        Ok(Options { obj: v.clone(), prefix })
    }

    fn name(&self, key: &str) -> Cow<'static, str> {
        format!("{}{key}", self.prefix).into()
    }

    /// The raw value, `None` when absent, `undefined` or `null`.
    pub fn get(&self, key: &str) -> Option<JsValue> {
        if self.obj.is_undefined() {
            return None;
        }
        let v = read_prop(&self.obj, key);
        (!v.is_undefined() && !v.is_null()).then_some(v)
    }

    fn wrong(&self, key: &str, what: &str, v: &JsValue) -> Error {
        Error::InvalidOption { option: self.name(key), rule: format!("must be {what}; got {}", describe(v)).into() }
    }

    pub fn number(&self, key: &str) -> Result<Option<f64>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or_else(|| self.wrong(key, "a number", &v)),
        }
    }

    pub fn string(&self, key: &str) -> Result<Option<String>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.as_string().map(Some).ok_or_else(|| self.wrong(key, "a string", &v)),
        }
    }

    pub fn boolean(&self, key: &str) -> Result<Option<bool>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.as_bool().map(Some).ok_or_else(|| self.wrong(key, "true or false", &v)),
        }
    }

    /// A `[min, max]` pair of numbers.
    pub fn pair(&self, key: &str) -> Result<Option<(f64, f64)>, Error> {
        let Some(v) = self.get(key) else { return Ok(None) };
        pair_of(&v).map(Some).ok_or_else(|| self.wrong(key, "an array of two numbers [min, max]", &v))
    }
}

/// Reads `[a, b]`, two numbers, from a plain array.
pub(crate) fn pair_of(v: &JsValue) -> Option<(f64, f64)> {
    if array_kind(v) != 0 || array_length(v) != 2.0 {
        return None;
    }
    Some((element_at(v, 0.0).as_f64()?, element_at(v, 1.0).as_f64()?))
}

/// Reads a required number field of a plain object (e.g. `promoters`).
pub(crate) fn number_field(obj: &JsValue, key: &'static str, field: &str) -> Result<Option<f64>, Error> {
    let v = read_prop(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_f64().map(Some).ok_or_else(|| Error::NotANumber {
        field: format!("{field}{key}").into(),
        index: None,
        found: describe(&v).into(),
    })
}
