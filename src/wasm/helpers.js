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

// Calls obj.toJSON() if it is a function; returns undefined otherwise.
export function callToJSON(obj) {
  try {
    if (obj !== null && typeof obj === "object" && typeof obj.toJSON === "function") {
      return obj.toJSON();
    }
  } catch (_) {
    // fall through
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
