// Small JavaScript helpers used by the wasm binding. Each one catches its own
// exceptions (a throwing getter or Proxy must never unwind through wasm
// frames) and reports problems as plain return values.

const TYPED = {
  Uint8Array: 1,
  Uint8ClampedArray: 2,
  Int8Array: 3,
  Uint16Array: 4,
  Int16Array: 5,
  Uint32Array: 6,
  Int32Array: 7,
  Float32Array: 8,
  Float64Array: 9,
  BigInt64Array: 10,
  BigUint64Array: 10,
  Float16Array: 11,
};

// -1: not an array; 0: a plain Array; 1..11: a typed array (see TYPED);
// 12: another ArrayBuffer view (DataView).
export function arrayKind(v) {
  try {
    if (Array.isArray(v)) return 0;
    if (ArrayBuffer.isView(v)) {
      const tag = Object.prototype.toString.call(v).slice(8, -1);
      return TYPED[tag] ?? 12;
    }
  } catch (_) {
    // fall through
  }
  return -1;
}

export function arrayLength(v) {
  try {
    const n = v.length;
    return typeof n === "number" && n >= 0 ? n : -1;
  } catch (_) {
    return -1;
  }
}

// Copies the numbers of a plain array into `out` (a Float64Array of the same
// length). Elements that are not numbers become NaN; returns how many there
// were, or -1 if reading the array threw.
export function copyNumbers(src, out) {
  let bad = 0;
  try {
    const n = out.length;
    for (let i = 0; i < n; i++) {
      const v = src[i];
      if (typeof v === "number") {
        out[i] = v;
      } else {
        out[i] = NaN;
        bad++;
      }
    }
  } catch (_) {
    return -1;
  }
  return bad;
}

// Fast path for plain arrays of scores: stores each element that is a whole
// number 0..254 as a byte in `out` (a Uint8Array of the same length). Returns
// how many elements did not fit (anything else: other numbers, NaN,
// non-numbers), or -1 if reading the array threw. When the result is not 0 the
// caller falls back to copyNumbers, which keeps the exact values.
export function packBytes(src, out) {
  let misfits = 0;
  try {
    const n = out.length;
    for (let i = 0; i < n; i++) {
      const v = src[i];
      if (typeof v === "number" && v >= 0 && v < 255 && (v | 0) === v) {
        out[i] = v;
      } else {
        out[i] = 255;
        misfits++;
      }
    }
  } catch (_) {
    return -1;
  }
  return misfits;
}

// Float16Array and other numeric views without a wasm-bindgen type.
export function toFloat64(v) {
  try {
    return Float64Array.from(v);
  } catch (_) {
    return new Float64Array(0);
  }
}

export function elementAt(arr, i) {
  try {
    return arr[i];
  } catch (_) {
    return undefined;
  }
}

// A short description of any value for error messages.
export function describe(v) {
  try {
    if (v === null) return "null";
    switch (typeof v) {
      case "undefined":
        return "undefined";
      case "number":
        return Number.isNaN(v) ? "NaN" : String(v);
      case "string": {
        const s = v.length > 24 ? v.slice(0, 24) + "…" : v;
        return "a string " + JSON.stringify(s);
      }
      case "boolean":
        return "a boolean (" + v + ")";
      case "bigint":
        return "a BigInt (" + v + "n)";
      case "symbol":
        return "a symbol";
      case "function":
        return "a function";
      default:
        if (Array.isArray(v)) return "an array";
        if (ArrayBuffer.isView(v)) return "a " + Object.prototype.toString.call(v).slice(8, -1);
        if (v instanceof Date) return "a Date";
        return "an object";
    }
  } catch (_) {
    return "an unreadable value";
  }
}

// Own enumerable string keys of a plain object; null if it is not an object
// or cannot be read.
export function ownKeys(v) {
  try {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return null;
    return Object.keys(v);
  } catch (_) {
    return null;
  }
}

// Reads a property; `undefined` if it is missing or its getter throws.
export function readProp(obj, key) {
  try {
    return obj[key];
  } catch (_) {
    return undefined;
  }
}

// Calls obj.toJSON() if it is a function; returns undefined otherwise, and
// the symbol THREW if toJSON threw (as an accumulator does when it is the
// one being merged into: it is busy).
export const THREW = Symbol("toJSON threw");
export function callToJSON(obj) {
  if (obj !== null && typeof obj === "object" && typeof obj.toJSON === "function") {
    try {
      return obj.toJSON();
    } catch (_) {
      return THREW;
    }
  }
  return undefined;
}

// Builds the thrown error: a RangeError (1), TypeError (2) or Error (0)
// carrying a stable `code`, and `index` / `field` where they apply.
export function makeError(cls, message, code, index, field) {
  const e = cls === 1 ? new RangeError(message) : cls === 2 ? new TypeError(message) : new Error(message);
  e.code = code;
  if (index >= 0) e.index = index;
  if (field) e.field = field;
  return e;
}

// ---------------------------------------------------------------- tickets

function cell(v, kind, i, out) {
  // Missing: leave NaN.
  if (v === undefined || v === null) return;
  out.present = true;
  try {
    switch (kind) {
      case 0: // timestamp: epoch ms, ISO string, Date
        if (typeof v === "number") out.values[i] = v;
        else if (typeof v === "string") out.strings.push(i, v);
        else if (v instanceof Date) {
          const t = v.getTime();
          if (Number.isNaN(t)) out.bad.push(i, "an invalid Date");
          else out.values[i] = t;
        } else out.bad.push(i, describe(v));
        return;
      case 1: // number
        if (typeof v === "number") out.values[i] = v;
        else out.bad.push(i, describe(v));
        return;
      case 2: // boolean
        if (typeof v === "boolean") out.values[i] = v ? 1 : 0;
        else out.bad.push(i, describe(v));
        return;
      default: {
        // label
        if (typeof v !== "string") {
          out.bad.push(i, describe(v));
          return;
        }
        let code = out.index.get(v);
        if (code === undefined) {
          code = out.names.length;
          out.names.push(v);
          out.index.set(v, code);
        }
        out.values[i] = code;
      }
    }
  } catch (_) {
    out.bad.push(i, "an unreadable value");
  }
}

function newColumn(n) {
  return { values: new Float64Array(n).fill(NaN), strings: [], bad: [], names: [], index: new Map(), present: false };
}

// One column of a ticket table given as an array. kind: 0 timestamp, 1 number,
// 2 boolean, 3 label. Returns { values: Float64Array (NaN = missing; labels
// as codes), strings: [index, string, ...] (timestamps to parse),
// bad: [index, description, ...], names: label names } or null if unreadable.
export function readColumn(arr, kind) {
  try {
    const n = arr.length;
    const out = newColumn(n);
    for (let i = 0; i < n; i++) cell(arr[i], kind, i, out);
    return out;
  } catch (_) {
    return null;
  }
}

// A ticket table given as rows (objects). `fields` is [[name, kind], ...].
// Returns { n, columns: [column or null if the field never appears],
// badRows: [index, description, ...] } or null if unreadable.
export function rowsToColumns(rows, fields) {
  try {
    const n = rows.length;
    const cols = fields.map(() => newColumn(n));
    const badRows = [];
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      if (r === null || typeof r !== "object") {
        badRows.push(i, describe(r));
        continue;
      }
      for (let f = 0; f < fields.length; f++) {
        let v;
        try {
          v = r[fields[f][0]];
        } catch (_) {
          cols[f].bad.push(i, "an unreadable value");
          continue;
        }
        cell(v, fields[f][1], i, cols[f]);
      }
    }
    return { n, columns: cols.map((c) => (c.present ? c : null)), badRows };
  } catch (_) {
    return null;
  }
}

// A single instant: epoch ms (number), ISO string, or Date (as epoch ms).
// Anything else gives null.
export function timeValue(v) {
  try {
    if (typeof v === "number" || typeof v === "string") return v;
    if (v instanceof Date) return v.getTime();
  } catch (_) {
    // fall through
  }
  return null;
}
