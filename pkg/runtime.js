// The JavaScript half of the cx-metrics binding, shared by every entry point
// and every wasm module of the package.
//
// A call goes: read the arguments into a message (here, in plain JS
// buffers) → copy the message into wasm memory → run the export → read the
// result tape and build plain objects (or throw the error it describes).
//
// Reading is the only step that can run a caller's code (getters, Proxy
// traps, toJSON), and it runs before the engine is entered: nothing a caller
// does can reach the engine's state mid-call, and no exception ever unwinds
// through wasm frames. Every read is guarded; what cannot be read is sent as
// "unreadable", with the reason, for the engine to report with a code.
// Only own enumerable properties of objects are read. Typed arrays are read
// by their internal type and length, not by what they claim.
//
// The numbers of the message and tape encodings, the error codes, the
// exports and the accumulator classes come from the module itself (its
// `meta`, written at build time into wasm/*.meta.js): nothing here repeats
// a rule of the engine.

// ---------------------------------------------------------------- intrinsics
// Captured once, so that later changes to the globals cannot affect reads.
const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const getter = (o, k) => Object.getOwnPropertyDescriptor(o, k).get;
const TA_TAG = getter(TypedArrayProto, Symbol.toStringTag);
const TA_LENGTH = getter(TypedArrayProto, "length");
const TA_BUFFER = getter(TypedArrayProto, "buffer");
const TA_OFFSET = getter(TypedArrayProto, "byteOffset");
const TA_AT = TypedArrayProto.at;
const isView = ArrayBuffer.isView;
const isArray = Array.isArray;
const keysOf = Object.keys;
const hasOwn = Object.prototype.hasOwnProperty;
const getPrototypeOf = Object.getPrototypeOf;
const isEnumerable = Object.prototype.propertyIsEnumerable;
const defineProperty = Object.defineProperty;
const dateGetTime = Date.prototype.getTime;
const fromCharCode = String.fromCharCode;
const isProtoOf = Object.prototype.isPrototypeOf;
const DateProto = Date.prototype;
const objectToString = Object.prototype.toString;
/**
 * A Date of this realm or of another (an iframe's, `node:vm`'s): whose
 * prototype is Date.prototype, or whose built-in tag says Date. (The tag is
 * asked only of objects whose prototype is not Object.prototype, so plain
 * objects cost nothing more; a fake that claims the tag is found out by
 * `Encoder.date`.)
 */
function isDate(v) {
  return isProtoOf.call(DateProto, v) || (getPrototypeOf(v) !== Object.prototype && objectToString.call(v) === "[object Date]");
}
const BufferProto = ArrayBuffer.prototype;
const SharedProto = typeof SharedArrayBuffer === "function" ? SharedArrayBuffer.prototype : null;
const ERROR_CLASSES = { Error, RangeError, TypeError };

/** Deepest nesting read; deeper values (cycles included) are unreadable. */
const MAX_DEPTH = 32;
/** Most arrays and objects read inside one argument (a table's rows and columns not counted). */
const MAX_NESTED = 1 << 18;
/** Largest message: 1 GiB of data. */
const MAX_BYTES = 2 ** 30;

const align8 = (n) => (n + 7) & ~7;

// A short description of what a thrown value was, for messages.
function describeThrown(e) {
  try {
    if (e instanceof Error) return `${e.name}: ${String(e.message).slice(0, 80)}`;
    if (typeof e === "string") return JSON.stringify(e.slice(0, 40));
    if (typeof e === "number" || typeof e === "boolean") return String(e);
  } catch (_) {
    // fall through
  }
  return "a thrown value";
}

class TooLarge {
  constructor(count) {
    this.count = count;
  }
}

/** Thrown by `call` when the engine itself fails (a bug): restarts it. */
class EngineFailure {
  constructor(error) {
    this.error = error;
  }
}

/** An array with no elements: what it inherits is all a for-in finds. */
const NO_ELEMENTS = [];

/**
 * Whether arrays inherit enumerable properties: indexes put on
 * Array.prototype or Object.prototype (`Array.prototype[1] = 10`), which a
 * hole would then read. About 10 ns, once a call.
 */
function arraysInherit() {
  for (const _ in NO_ELEMENTS) return true;
  return false;
}

/**
 * The length of array `v`, read once and checked: an array's is always a
 * whole number, but a Proxy's may be anything, and is never converted
 * (its valueOf is not called).
 */
function lengthOf(v) {
  const n = v.length;
  if (typeof n !== "number" || !(n >= 0 && n <= 4294967295 && n % 1 === 0)) {
    throw new TypeError(`its length is ${typeof n === "number" ? String(n) : `not a number (${typeof n})`}`);
  }
  return n;
}

/** `v`'s own elements, a hole as undefined: not what the prototypes hold. */
function ownElements(v) {
  const n = lengthOf(v);
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = hasOwn.call(v, i) ? v[i] : undefined;
  return out;
}

// ---------------------------------------------------------------- the message writer

class Encoder {
  constructor(meta) {
    this.T = meta.tag;
    this.K = meta.columnKind;
    this.table = false;
    // The arrays and objects being read, outermost first (a value met again
    // among them is circular), and how many were entered in this argument.
    this.path = [];
    this.nested = 0;
    this.slots = new Float64Array(64);
    this.n = 0;
    this.units = new Uint16Array(256);
    this.u = 0;
    this.stage = new Uint8Array(256);
    this.s = 0;
    // Bulk items (`ni` slots used): [source typed array or null (staged),
    // staged byte offset (for a source: its element size),
    // element count, byte length, offset in the bulk region].
    this.items = [];
    this.ni = 0;
    this.bulk = 0;
    // Set by reset(): arrays are then read by their own elements only.
    this.inherit = false;
  }

  reset() {
    this.n = 0;
    this.u = 0;
    this.s = 0;
    this.ni = 0;
    this.bulk = 0;
    this.inherit = arraysInherit();
    // (Empty after every call that returned: setting the length of an
    // array is not free, and this runs on every call.)
    if (this.path.length !== 0) this.path.length = 0;
    this.nested = 0;
  }

  /** Undoes what was written since the marks (n, u, s, items, bulk). */
  rollback(n, u, s, items, bulk) {
    this.n = n;
    this.u = u;
    this.s = s;
    this.ni = items;
    this.bulk = bulk;
  }

  room(k) {
    if (this.n + k > this.slots.length) {
      const s = new Float64Array(Math.max(this.slots.length * 2, this.n + k));
      s.set(this.slots.subarray(0, this.n));
      this.slots = s;
    }
  }

  slot(x) {
    if (this.n === this.slots.length) this.room(1);
    this.slots[this.n++] = x;
  }

  slot2(a, b) {
    if (this.n + 2 > this.slots.length) this.room(2);
    this.slots[this.n++] = a;
    this.slots[this.n++] = b;
  }

  text(tag, str) {
    const len = str.length;
    if (len * 2 > MAX_BYTES) throw new TooLarge(len);
    if (this.u + len > this.units.length) {
      const u = new Uint16Array(Math.max(this.units.length * 2, this.u + len));
      u.set(this.units.subarray(0, this.u));
      this.units = u;
    }
    const units = this.units;
    let u = this.u;
    for (let i = 0; i < len; i++) units[u++] = str.charCodeAt(i);
    if (this.n + 3 > this.slots.length) this.room(3);
    this.slots[this.n++] = tag;
    this.slots[this.n++] = this.u;
    this.slots[this.n++] = len;
    this.u = u;
  }

  /** Reserves `bytes` of staging space, 8-aligned; returns its offset. */
  reserve(bytes) {
    const at = align8(this.s);
    if (at + bytes > this.stage.length) {
      const s = new Uint8Array(Math.max(this.stage.length * 2, at + bytes + 64));
      s.set(this.stage.subarray(0, this.s));
      this.stage = s;
    }
    return at;
  }

  /** A bulk item: a caller's typed array (and its element size), or staged bytes. */
  item(src, at, count, bytes) {
    const items = this.items;
    const k = this.ni;
    items[k] = src;
    items[k + 1] = at;
    items[k + 2] = count;
    items[k + 3] = bytes;
    items[k + 4] = this.bulk;
    this.ni = k + 5;
  }

  /** A bulk column from the stage. */
  staged(kind, at, count, bytes) {
    this.s = at + bytes;
    this.item(null, at, count, bytes);
    this.slot2(this.T.COLUMN, kind);
    this.slot2(this.bulk, count);
    this.bulk += align8(bytes);
  }

  open(tag, a, b) {
    this.room(5);
    this.slots[this.n++] = tag;
    this.slots[this.n++] = a;
    if (b !== undefined) this.slots[this.n++] = b;
    this.slots[this.n++] = 0; // span, patched by close
    return this.n;
  }

  close(at) {
    this.slots[at - 1] = this.n - at;
  }

  unreadable(why) {
    this.text(this.T.UNREADABLE, why);
  }

  value(v, depth) {
    switch (typeof v) {
      case "number":
        this.slot2(this.T.NUMBER, v);
        return;
      case "string":
        this.text(this.T.STR, v);
        return;
      case "boolean":
        this.slot(v ? this.T.TRUE : this.T.FALSE);
        return;
      case "undefined":
        this.slot(this.T.UNDEFINED);
        return;
      case "bigint": {
        // In a table, a BigInt that a number holds exactly (a database
        // driver's BIGINT: a count, epoch ms) is that number.
        const x = Number(v);
        if (this.table && Number.isSafeInteger(x)) this.slot2(this.T.NUMBER, x);
        else this.text(this.T.OTHER, `a BigInt (${String(v).slice(0, 30)}n)`);
        return;
      }
      case "symbol":
        this.text(this.T.OTHER, "a symbol");
        return;
      case "function":
        this.text(this.T.OTHER, "a function");
        return;
    }
    if (v === null) {
      this.slot(this.T.NULL);
      return;
    }
    if (depth >= MAX_DEPTH) {
      this.unreadable(`nested more than ${MAX_DEPTH} levels deep (is it circular?)`);
      return;
    }
    const n = this.n;
    const u = this.u;
    const st = this.s;
    const items = this.ni;
    const bulk = this.bulk;
    try {
      if (isArray(v)) this.container(v, depth, true);
      else if (isView(v)) this.view(v);
      else if (isDate(v)) this.date(v);
      else if (isProtoOf.call(BufferProto, v) || (SharedProto && isProtoOf.call(SharedProto, v))) {
        this.text(this.T.OTHER, "an ArrayBuffer (pass a typed array, e.g. new Uint8Array(buffer))");
      } else this.container(v, depth, false);
    } catch (e) {
      if (e instanceof TooLarge) throw e;
      this.rollback(n, u, st, items, bulk);
      this.unreadable(`reading it threw ${describeThrown(e)}`);
    }
  }

  /**
   * An array or object inside an argument. One that contains itself is
   * unreadable at once (not read again 32 levels deep, twice per level
   * when it holds itself twice: `o.a = o.b = o` took minutes), and past
   * MAX_NESTED of them in one argument (a structure shared so often that
   * reading it as a tree would never end) the rest are unreadable.
   */
  container(v, depth, array) {
    const path = this.path;
    for (let k = 0; k < path.length; k++) {
      if (path[k] === v) {
        this.unreadable("circular (it contains itself)");
        return;
      }
    }
    if (++this.nested > MAX_NESTED) {
      this.unreadable(`one of more than ${MAX_NESTED} arrays and objects nested in one argument (is it shared many times over?)`);
      return;
    }
    path.push(v);
    try {
      if (array) this.array(v, depth);
      else this.object(v, depth);
    } finally {
      path.pop();
    }
  }

  date(v) {
    let t;
    try {
      t = dateGetTime.call(v);
    } catch (_) {
      this.text(this.T.OTHER, "an object that claims to be a Date");
      return;
    }
    this.slot2(this.T.DATE, t);
  }

  view(v) {
    const name = TA_TAG.call(v);
    if (name === undefined) {
      this.text(this.T.OTHER, "a DataView");
      return;
    }
    const kind = this.K[name];
    if (kind === undefined) {
      this.text(this.T.OTHER, `a ${name} (convert it to numbers first)`);
      return;
    }
    const count = TA_LENGTH.call(v);
    if (count === 0) {
      // Empty, or detached / out of bounds (which report length 0).
      try {
        TA_AT.call(v, 0);
      } catch (_) {
        this.unreadable("its buffer is detached or out of bounds");
        return;
      }
    }
    const size = sizeOf(name);
    if (count * size > MAX_BYTES) throw new TooLarge(count);
    if (name === "Float16Array") {
      // No wasm type: widened to f64 in the stage.
      const at = this.reserve(count * 8);
      new Float64Array(this.stage.buffer, at, count).set(v);
      this.staged(kind, at, count, count * 8);
      return;
    }
    const bytes = count * size;
    this.item(v, size, count, bytes);
    this.slot2(this.T.COLUMN, kind);
    this.slot2(this.bulk, count);
    this.bulk += align8(bytes);
  }

  array(v, depth) {
    // (The limit before the copy of own elements: a billion holes would
    // be copied first.)
    const given = lengthOf(v);
    if (given * 8 > MAX_BYTES) throw new TooLarge(given);
    if (this.inherit) v = ownElements(v);
    const n = lengthOf(v);
    if (n * 8 > MAX_BYTES) throw new TooLarge(n);
    // A column of a table that is all strings: as a dictionary.
    if (this.table && depth === 1 && n > 0 && typeof v[0] === "string" && this.labels(v, n)) return;
    const base = this.s;
    // Whole numbers 0..254 (the usual scores) go as bytes.
    const at = this.reserve(n);
    let stage = this.stage;
    let i = bytesInto(v, n, stage, at);
    if (i === n) {
      this.staged(this.K.Uint8Array, at, n, n);
      return;
    }
    // Any numbers go as f64 (staged after the bytes, which are kept). In a
    // table's column, where NaN means missing, so do numbers with missing
    // values (undefined, null) as NaN, when there is at least one number.
    this.s = at + n;
    const at8 = this.reserve(n * 8);
    stage = this.stage;
    const f = new Float64Array(stage.buffer, at8, n);
    for (let j = 0; j < i; j++) f[j] = stage[at + j];
    const column = this.table && depth === 1;
    let numbers = i > 0;
    for (; i < n; i++) {
      const x = v[i];
      if (typeof x === "number") {
        f[i] = x;
        numbers = true;
      } else if (column && (x === null || x === undefined)) f[i] = NaN;
      else break;
    }
    if (i === n && numbers) {
      this.staged(this.K.Float64Array, at8, n, n * 8);
      return;
    }
    // Anything else: value by value.
    this.s = base;
    const open = this.open(this.T.ARRAY, n);
    for (let j = 0; j < n; j++) this.value(v[j], depth + 1);
    this.close(open);
  }

  /**
   * A column of strings (and missing values) as a dictionary: each distinct
   * string once, then a Uint32 code per element (0xFFFFFFFF: missing). False,
   * with nothing written, when an element is anything else.
   *
   * Past DICTIONARY_LIMIT distinct strings (ids, which rarely repeat) a Map
   * costs more than it saves: the column goes as it is (texts), and the
   * module builds the dictionary.
   */
  labels(v, n) {
    const at = this.reserve(n * 4);
    const codes = new Uint32Array(this.stage.buffer, at, n);
    // A few distinct strings (event names, statuses, segments) are found
    // by comparison, faster than hashing; past SMALL_DICTIONARY, as keys of
    // an object without prototype (about twice as fast as a Map in V8,
    // which keeps a string's internalised form once it was used as a key;
    // without a prototype no key is special, "__proto__" included).
    let index = null;
    const names = [];
    for (let i = 0; i < n; i++) {
      const x = v[i];
      if (typeof x === "string") {
        let c = -1;
        if (index === null) {
          for (let k = 0; k < names.length; k++) {
            if (names[k] === x) {
              c = k;
              break;
            }
          }
        } else {
          const found = index[x];
          if (found !== undefined) c = found;
        }
        if (c < 0) {
          c = names.length;
          // Past DICTIONARY_LIMIT distinct strings, or when nearly every
          // string so far is new (a column of ids): as texts.
          if (c === DICTIONARY_LIMIT || (c === ID_PROBE && i < ID_PROBE + (ID_PROBE >> 3))) return this.texts(v, n);
          names.push(x);
          if (index !== null) index[x] = c;
          else if (names.length > SMALL_DICTIONARY) {
            index = Object.create(null);
            for (let k = 0; k < names.length; k++) index[names[k]] = k;
          }
        }
        codes[i] = c;
      } else if (x === undefined || x === null) codes[i] = MISSING_CODE;
      else return false;
    }
    const open = this.open(this.T.LABELS, n);
    const list = this.open(this.T.ARRAY, names.length);
    for (let k = 0; k < names.length; k++) this.text(this.T.STR, names[k]);
    this.close(list);
    this.staged(this.K.Uint32Array, at, n, n * 4);
    this.close(open);
    return true;
  }

  /**
   * A column of strings (and missing values) as it is: each element's UTF-16
   * units in the string region, and a (start, length) pair per element
   * (start 0xFFFFFFFF: missing). False, with nothing written, when an
   * element is anything else.
   */
  texts(v, n) {
    const u0 = this.u;
    const at = this.reserve(n * 8);
    const spans = new Uint32Array(this.stage.buffer, at, 2 * n);
    let units = this.units;
    let u = u0;
    for (let i = 0; i < n; i++) {
      const x = v[i];
      if (typeof x === "string") {
        const len = x.length;
        if (u + len > units.length) {
          if ((u + len) * 2 > MAX_BYTES) throw new TooLarge(u + len);
          const grown = new Uint16Array(Math.max(units.length * 2, u + len));
          grown.set(units.subarray(0, u));
          this.units = units = grown;
        }
        spans[2 * i] = u;
        spans[2 * i + 1] = len;
        for (let k = 0; k < len; k++) units[u++] = x.charCodeAt(k);
      } else if (x === undefined || x === null) {
        spans[2 * i] = MISSING_CODE;
        spans[2 * i + 1] = 0;
      } else {
        this.u = u0;
        return false;
      }
    }
    this.u = u;
    const open = this.open(this.T.TEXTS, n);
    this.staged(this.K.Uint32Array, at, 2 * n, n * 8);
    this.close(open);
    return true;
  }

  object(v, depth) {
    const keys = keysOf(v);
    const n = keys.length;
    const open = this.open(this.T.OBJECT, n);
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      this.text(this.T.STR, k);
      let x;
      try {
        x = v[k];
      } catch (e) {
        this.unreadable(`its getter threw ${describeThrown(e)}`);
        continue;
      }
      this.value(x, depth + 1);
    }
    this.close(open);
  }

  /**
   * A table given as columns, read already (`Columns`), as `object` writes
   * it; with `wanted`, the other columns are written as their key and
   * `undefined` (the engine reads none of them, and sees the same keys).
   */
  columns(c, wanted) {
    const n = c.keys.length;
    const open = this.open(this.T.OBJECT, n);
    for (let i = 0; i < n; i++) {
      const k = c.keys[i];
      this.text(this.T.STR, k);
      const x = c.values[i];
      if (wanted !== null && !wanted.includes(k)) this.slot(this.T.UNDEFINED);
      else if (x instanceof Thrown) this.unreadable(`its getter threw ${describeThrown(x.error)}`);
      else this.value(x, 1);
    }
    this.close(open);
  }

  /**
   * An array of row objects, read by `fields` (own properties only); an
   * empty `fields` means every own enumerable key of any row (a table whose
   * columns the options name, such as groupKpis's).
   */
  rows(v, fields, depth, present = false) {
    const given = lengthOf(v);
    if (given * 16 > MAX_BYTES) throw new TooLarge(given);
    if (this.inherit) v = ownElements(v);
    const n = lengthOf(v);
    if (n * 16 > MAX_BYTES) throw new TooLarge(n);
    // Each row read once.
    const all = new Array(n);
    for (let i = 0; i < n; i++) all[i] = v[i];
    const unreadable = new Map();
    if (fields.length === 0) fields = rowKeys(all, n, unreadable);
    else if (present) fields = presentFields(all, fields);
    if (n * (fields.length + 1) * 16 > MAX_BYTES) throw new TooLarge(n);
    // The object rows (others become null once described).
    const rows = all;
    const open = this.open(this.T.ROWS, n, fields.length);
    // The rows that are not objects (usually none), as (index, row) pairs.
    const others = this.open(this.T.ARRAY, 0);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const r = all[i];
      if (unreadable.has(i) || !isRowObject(r)) {
        rows[i] = null;
        this.value(i, depth + 1);
        // (Described, not read: an array of small numbers would read as a
        // typed array.)
        if (unreadable.has(i)) this.text(this.T.OTHER, `an object whose keys cannot be read (listing them threw ${describeThrown(unreadable.get(i))})`);
        else if (isArray(r)) this.text(this.T.OTHER, "an array");
        else if (isView(r)) this.text(this.T.OTHER, `a ${TA_TAG.call(r) ?? "DataView"}`);
        else this.value(r, depth + 1);
        count += 2;
      }
    }
    this.slots[others - 2] = count;
    this.close(others);
    const names = this.open(this.T.ARRAY, fields.length);
    for (const f of fields) this.text(this.T.STR, f);
    this.close(names);
    const cells = new Array(n);
    for (const f of fields) {
      // The field's cells, each read once (a getter that throws is kept as
      // a Thrown, reported in its place).
      let strings = n > 0;
      let numbers = n > 0;
      for (let i = 0; i < n; i++) {
        const r = rows[i];
        let x;
        try {
          x = r !== null && hasOwn.call(r, f) ? r[f] : undefined;
        } catch (e) {
          x = new Thrown(e);
        }
        cells[i] = x;
        if (typeof x !== "number") {
          numbers = false;
          if (strings && x !== undefined && x !== null && typeof x !== "string") strings = false;
        } else strings = false;
      }
      // All strings (CSV cells): as a dictionary.
      if (strings && this.labels(cells, n)) continue;
      // All numbers: packed into a Float64Array, which the engine reads
      // cell by cell by the rules of rows (NaN is an invalid value there,
      // not a missing one).
      if (numbers) {
        const at = this.reserve(n * 8);
        const packed = new Float64Array(this.stage.buffer, at, n);
        for (let i = 0; i < n; i++) packed[i] = cells[i];
        this.staged(this.K.Float64Array, at, n, n * 8);
        continue;
      }
      const col = this.open(this.T.ARRAY, n);
      for (let i = 0; i < n; i++) {
        const x = cells[i];
        if (x instanceof Thrown) this.unreadable(`its getter threw ${describeThrown(x.error)}`);
        else this.value(x, depth + 2);
      }
      this.close(col);
    }
    this.close(open);
  }

  /**
   * Argument `v`, read by `fields` when it is a table (see `rows`; with
   * `present`, only those of `fields` that some row has).
   */
  arg(v, fields, present = false) {
    const n = this.n;
    const u = this.u;
    const st = this.s;
    const items = this.ni;
    const bulk = this.bulk;
    this.table = fields !== null && fields !== undefined;
    this.nested = 0;
    try {
      if (v instanceof Columns) this.columns(v, present ? fields : null);
      else if (fields && isArray(v)) this.rows(v, fields, 0, present);
      else this.value(v, 0);
    } catch (e) {
      if (e instanceof TooLarge) throw e;
      this.rollback(n, u, st, items, bulk);
      this.unreadable(`reading it threw ${describeThrown(e)}`);
    }
  }
}

/** A getter's exception, kept in place of the cell it was reading. */
class Thrown {
  constructor(error) {
    this.error = error;
  }
}

/** A table given as columns, read once: its own keys, and their values (or `Thrown`). */
class Columns {
  constructor(keys, values) {
    this.keys = keys;
    this.values = values;
  }
}

/**
 * `v` read as `Encoder.object` reads it, when it is an object of columns
 * (not an array, typed array, Date or buffer); null otherwise, or when its
 * keys cannot be read (the reader then reports it).
 */
function columnsOf(v) {
  if (v === null || typeof v !== "object" || isArray(v) || isView(v) || isDate(v)) return null;
  if (isProtoOf.call(BufferProto, v) || (SharedProto && isProtoOf.call(SharedProto, v))) return null;
  let keys;
  try {
    keys = keysOf(v);
  } catch {
    return null;
  }
  const values = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    try {
      values[i] = v[keys[i]];
    } catch (e) {
      values[i] = new Thrown(e);
    }
  }
  return new Columns(keys, values);
}

/** Whether a column of `c` (an array or typed array) has at least `n` elements. */
function hasLongColumn(c, n) {
  for (const x of c.values) {
    try {
      if ((isArray(x) && lengthOf(x) >= n) || (isView(x) && TA_LENGTH.call(x) >= n)) return true;
    } catch {
      // (a DataView, or a Proxy's trap: read, and reported, as it is)
    }
  }
  return false;
}

const MISSING_CODE = 0xffffffff;
/** Distinct strings a column's dictionary looks up before sending the rest as they are. */
const DICTIONARY_LIMIT = 4096;
/**
 * A column whose first ID_PROBE distinct strings come within its first
 * ID_PROBE + ID_PROBE/8 elements is taken for a column of ids (rarely
 * repeated): it goes as texts at once, rather than after DICTIONARY_LIMIT
 * strings were put in a dictionary for nothing.
 */
const ID_PROBE = 256;

/** Distinct strings a column's dictionary finds by comparison before it builds an index. */
const SMALL_DICTIONARY = 3;

/** Whether a row of a table is an object whose properties are its cells. */
const isRowObject = (r) => r !== null && typeof r === "object" && !isArray(r) && !isView(r);

/** Rows from which a table whose options name its columns is sent deferred (see `call`). */
const DEFER_ROWS = 256;

/**
 * The `fields` that some object row of `v` has as an own enumerable
 * property: what `rowKeys` would list of them (a column no row has is
 * not sent, as without deferral).
 */
function presentFields(v, fields) {
  const n = lengthOf(v);
  const out = [];
  for (const f of fields) {
    if (typeof f !== "string") continue;
    for (let i = 0; i < n; i++) {
      const r = v[i];
      if (!isRowObject(r)) continue;
      let own = false;
      try {
        own = isEnumerable.call(r, f);
      } catch {
        continue; // as rowKeys: a row whose keys cannot be read adds none
      }
      if (own) {
        out.push(f);
        break;
      }
    }
  }
  return out;
}

/**
 * The own enumerable string keys of the object rows of `v`, in order of
 * first appearance. A row whose keys cannot be read (a Proxy whose
 * `ownKeys` trap throws) adds none, and is listed in `unreadable` (index →
 * what was thrown): it is an invalid row, not one without the columns.
 */
function rowKeys(v, n, unreadable) {
  const seen = new Set();
  let last = null;
  for (let i = 0; i < n; i++) {
    const r = v[i];
    if (!isRowObject(r)) continue;
    let ks;
    try {
      ks = keysOf(r);
    } catch (e) {
      unreadable.set(i, e);
      continue;
    }
    if (last !== null && ks.length === last.length && ks.every((k, j) => k === last[j])) continue;
    for (const k of ks) seen.add(k);
    last = ks;
  }
  return [...seen];
}

/**
 * Copies the elements of array `v` into `stage` from `at` while they are
 * whole numbers 0..254; returns how many. (A function of its own, so that
 * it is optimised whole, soon, rather than by on-stack replacement inside
 * the encoder's larger function.)
 */
function bytesInto(v, n, stage, at) {
  let i = 0;
  for (; i < n; i++) {
    const x = v[i];
    if (typeof x === "number" && x >= 0 && x < 255 && (x | 0) === x) stage[at + i] = x;
    else break;
  }
  return i;
}

function sizeOf(name) {
  switch (name) {
    case "Uint8Array":
    case "Uint8ClampedArray":
    case "Int8Array":
      return 1;
    case "Uint16Array":
    case "Int16Array":
    case "Float16Array":
      return 2;
    case "Uint32Array":
    case "Int32Array":
    case "Float32Array":
      return 4;
    default:
      return 8;
  }
}

// ---------------------------------------------------------------- the runtime

/**
 * The API of one wasm module: `fn(name)` for each export, `accumulator(name)`
 * for each accumulator class, and `isCxError`.
 * @param {WebAssembly.Module} module
 * @param {object} meta the module's description (wasm/*.meta.js)
 * @param {WebAssembly.Instance} [instance] an instance made already
 * @param {number} [deferRows] rows from which a table whose options name
 *   its columns is sent in a second message, with only those columns
 *   (see `call`; tests compare both ways)
 */
export function runtime(module, meta, { builders = null, record = null, instance = null, deferRows = DEFER_ROWS } = {}) {
  const T = {};
  for (const [name, n] of meta.tags) T[name] = n;
  const K = {};
  for (const [names, n] of meta.column_kinds) for (const name of names) K[name] = n;
  const O = {};
  for (const [name, n] of meta.out_tags) O[name] = n;
  const encMeta = { tag: T, columnKind: K };
  const CODES = new Set(meta.codes);
  // A message buffer above this size is given back when a later call's
  // message is less than a quarter of it (the engine's rule, cx_message).
  const bigMessage = meta.big_message;
  const code = (c) => {
    if (!CODES.has(c)) throw new Error(`cx-metrics: no error code ${c}`);
    return c;
  };
  const byName = new Map(meta.exports.map((e) => [e.name, e]));

  // ------------------------------------------------------------ instance

  let wasm;
  let generation = 0;
  let memBuffer = null;
  let U8;
  let U16;
  let F64;
  const imports = makeImports(module);
  // The message buffer in wasm memory (see transfer).
  let msgPtr = 0;
  let msgCap = 0;
  // Reads result tapes; a new instance defines its shapes anew.
  const reader = tapeReader(O, () => wasm.memory, builders, record, meta.flats);
  function start(inst) {
    wasm = (inst || new WebAssembly.Instance(module, imports)).exports;
    generation++;
    memBuffer = null;
    reader.reset();
    msgPtr = 0;
    msgCap = 0;
    if (typeof wasm.__wbindgen_start === "function") wasm.__wbindgen_start();
  }
  start(instance);

  function views() {
    const b = wasm.memory.buffer;
    if (b !== memBuffer) {
      memBuffer = b;
      U8 = new Uint8Array(b);
      U16 = new Uint16Array(b);
      F64 = new Float64Array(b);
    }
  }

  // ------------------------------------------------------------ errors

  function makeError(cls, c, message, field, index) {
    const E = ERROR_CLASSES[cls] || Error;
    const e = new E(message);
    e.code = code(c);
    if (index !== undefined && index !== null) e.index = index;
    if (field !== undefined && field !== null) e.field = field;
    return e;
  }

  /**
   * True for an error thrown by cx-metrics (it has one of its codes). Never
   * throws: a Proxy whose traps throw, or a `code` getter that throws, is
   * not a cx-metrics error.
   */
  function isCxError(e) {
    try {
      return e instanceof Error && typeof e.code === "string" && CODES.has(e.code);
    } catch {
      return false;
    }
  }

  /**
   * Reads the result at header `hp`; throws it when it is an error. (Status
   * 2, the columns of a deferred table, is returned as it is: `call` looks
   * at `reader.status`.)
   */
  function result(hp) {
    const value = reader.read(hp);
    if (reader.status !== 1) return value;
    throw makeError(value.class, value.code, value.message, value.field, value.index);
  }

  // ------------------------------------------------------------ calls

  const encoders = [];
  let depth = 0;

  /**
   * Sends the message `enc` holds and runs export `id` on it. `more`: the
   * call sends another message after this one (a deferred table's rows).
   */
  function transfer(enc, id, argc, names, more = false) {
    const n = enc.n;
    const u = enc.u;
    const bulkAt = align8(n * 8 + u * 2);
    const total = bulkAt + enc.bulk;
    // The message buffer is kept between calls: asked for again only to
    // grow it, or to let the engine give back a big one. Not in the middle
    // of a call: the small first message of a deferred table would give
    // back the buffer its rows then need again (filled anew: milliseconds
    // a call for a million rows).
    let ptr = msgPtr;
    let grown = false;
    if (total > msgCap || (!more && msgCap > bigMessage && total < msgCap / 4)) {
      ptr = total > 2 * MAX_BYTES ? 0 : wasm.cx_message(total) >>> 0;
      msgPtr = ptr;
      msgCap = ptr === 0 ? 0 : align8(total);
      grown = true;
    }
    if (ptr === 0) {
      throw makeError("TypeError", "INVALID_TYPE", `the arguments must be at most 1 GiB of data (split it and merge accumulators); got ${total} bytes`, names[0]);
    }
    // Memory grows only in a wasm call: the reader saw it after the last one.
    if (grown || memBuffer === null || memBuffer !== reader.buffer) views();
    const slots = enc.slots;
    if (n < 64) {
      const s = ptr >>> 3;
      for (let i = 0; i < n; i++) F64[s + i] = slots[i];
    } else F64.set(slots.subarray(0, n), ptr >>> 3);
    if (u > 0) {
      const s = (ptr + n * 8) >>> 1;
      if (u < 64) {
        const units = enc.units;
        for (let i = 0; i < u; i++) U16[s + i] = units[i];
      } else U16.set(enc.units.subarray(0, u), s);
    }
    const items = enc.items;
    const ni = enc.ni;
    for (let k = 0; k < ni; k += 5) {
      const src = items[k];
      const count = items[k + 2];
      const bytes = items[k + 3];
      const to = ptr + bulkAt + items[k + 4];
      if (src === null) {
        const from = items[k + 1];
        if (bytes < 64) {
          const stage = enc.stage;
          for (let i = 0; i < bytes; i++) U8[to + i] = stage[from + i];
        } else U8.set(enc.stage.subarray(from, from + bytes), to);
      } else {
        // A caller's typed array: it must not have changed since it was read
        // (a getter read later could have detached or resized its buffer).
        if (TA_LENGTH.call(src) !== count) {
          throw makeError("TypeError", "INVALID_TYPE", "a typed array changed while the arguments were read (its buffer was detached or resized)", names[0]);
        }
        const size = items[k + 1];
        if (count < 64 && size === 1) {
          // Small byte arrays: element by element (no view to make). The
          // elements are read through the typed array itself, which is
          // exotic: indices never reach a prototype or a getter.
          for (let i = 0; i < count; i++) U8[to + i] = src[i];
        } else if (count < 64 && size === 8 && TA_TAG.call(src) === "Float64Array") {
          const s = to >>> 3;
          for (let i = 0; i < count; i++) F64[s + i] = src[i];
        } else U8.set(new Uint8Array(TA_BUFFER.call(src), TA_OFFSET.call(src), bytes), to);
      }
    }
    let hp;
    try {
      hp = wasm.cx_call(id, n, u, argc) >>> 0;
    } catch (e) {
      throw new EngineFailure(e);
    }
    return result(hp);
  }

  function restart(failure) {
    let detail = "";
    try {
      detail = result(wasm.cx_panic() >>> 0);
    } catch (_) {
      // The instance may be unusable: that is why it is replaced.
    }
    start();
    const why = detail || describeThrown(failure.error);
    return makeError("Error", "INVALID_STATE", `cx-metrics failed on this input and was restarted (a bug; please report it with the input): ${why}. Accumulators made before are lost.`);
  }

  /** The error for argument `name`, whose reading threw `e`. */
  function unread(e, name) {
    if (e instanceof TooLarge) {
      return makeError("TypeError", "INVALID_TYPE", `${name} must be at most 1 GiB of data (split it and merge accumulators); got ${e.count} elements`, name);
    }
    // Reading guards every step that can run a caller's code; what is
    // left (running out of memory while copying) is still an error with
    // a code.
    return makeError("TypeError", "INVALID_TYPE", `${name} could not be read (${describeThrown(e)})`, name);
  }

  /**
   * Runs export `id` with `argc` arguments a, b, c (read by `fields`);
   * `namedColumns`: the first, given as an object of columns, is read by the
   * columns' names alone.
   */
  function call(id, argc, fields, names, namedColumns, a, b, c) {
    // (By length: a missing element would be read through Array.prototype.)
    const enc = depth < encoders.length ? encoders[depth] : (encoders[depth] = new Encoder(encMeta));
    depth++;
    try {
      enc.reset();
      // Many rows for a table whose options name its columns: the engine
      // first says which columns it reads (the rows are sent after the
      // other arguments, which are read once), so that properties nothing
      // reads are neither listed nor copied.
      // (Columns: read once here, deferred when one has as many rows.)
      let deferred = false;
      let cols = null;
      try {
        if (argc > 1 && fields[0] !== null && fields[0].length === 0) {
          if (isArray(a)) deferred = lengthOf(a) >= deferRows;
          else if (namedColumns && (cols = columnsOf(a)) !== null) deferred = hasLongColumn(cols, deferRows);
        }
      } catch {
        // (a Proxy's trap: the argument is read, and reported, below)
      }
      let at = 0;
      try {
        if (deferred) enc.slot(enc.T.DEFERRED);
        else if (cols !== null) enc.arg(cols, fields[0]);
        else if (argc > 0) enc.arg(a, fields[0]);
        at = 1;
        if (argc > 1) enc.arg(b, fields[1]);
        at = 2;
        if (argc > 2) enc.arg(c, fields[2]);
      } catch (e) {
        throw unread(e, names[at]);
      }
      if (deferred) {
        const wanted = transfer(enc, id, argc, names, true);
        if (reader.status !== 2) return wanted;
        try {
          enc.arg(cols !== null ? cols : a, wanted, true);
        } catch (e) {
          throw unread(e, names[0]);
        }
      }
      return transfer(enc, id, argc, names);
    } catch (e) {
      if (e instanceof EngineFailure) throw restart(e);
      throw e;
    } finally {
      depth--;
    }
  }

  /** The JavaScript function of export `name`. */
  function fn(name) {
    const e = byName.get(name);
    if (!e) throw new Error(`cx-metrics: no export ${name}`);
    const { id } = e;
    const argc = e.args.length;
    const fields = e.args.map((a) => a.fields || null);
    const names = e.args.map((a) => a.name);
    const namedColumns = argc > 0 && e.args[0].named_columns === true;
    // An argument the engine wants the time of the call in (the third; the
    // caller passes the others).
    const now = e.args.findIndex((a) => a.now);
    if (now >= 0 && now !== 2) throw new Error(`cx-metrics: ${name} takes the time as argument ${now}`);
    const f =
      now < 0
        ? {
            [name](a, b, c) {
              return call(id, argc, fields, names, namedColumns, a, b, c);
            },
          }[name]
        : {
            [name](a, b) {
              return call(id, argc, fields, names, namedColumns, a, b, Date.now());
            },
          }[name];
    return f;
  }

  // ------------------------------------------------------------ accumulators

  // The exports behind the accumulator classes (modules without
  // accumulators have none).
  const internal = (name) => (byName.has(name) ? fn(name) : null);
  const accNew = internal("accNew");
  const accFromState = internal("accFromState");
  const accFromCounts = internal("accFromCounts");
  const accAdd = internal("accAdd");
  const accAddMany = internal("accAddMany");
  const accMerge = internal("accMerge");
  const accMergeState = internal("accMergeState");
  const accResult = internal("accResult");
  const accState = internal("accState");
  const accInfo = internal("accInfo");
  const accFree = internal("accFree");

  // Every live accumulator: object → { handle, kind, generation }.
  const entries = new WeakMap();
  const finalizer =
    typeof FinalizationRegistry === "function"
      ? new FinalizationRegistry((held) => {
          if (held.generation === generation) {
            try {
              accFree(held.handle);
            } catch (_) {
              // already gone
            }
          }
        })
      : null;
  const MAKE = Symbol("from handle");

  /** The class of accumulator `className` (e.g. "NpsAccumulator"). */
  function accumulator(className) {
    const spec = meta.accumulators.find((a) => a.class === className);
    if (!spec) throw new Error(`cx-metrics: no accumulator ${className}`);
    const kind = spec.kind;

    function handle(self, method) {
      const e = typeof self === "object" && self !== null ? entries.get(self) : undefined;
      if (e === undefined || e.kind !== kind) {
        throw makeError("TypeError", "INVALID_TYPE", `${className}.prototype.${method} was called on something that is not a ${className}`, "this");
      }
      if (e.handle === 0) throw makeError("Error", "INVALID_STATE", `this ${className} was freed (free() was called); create a new one`);
      if (e.generation !== generation) {
        throw makeError("Error", "INVALID_STATE", `this ${className} was lost when cx-metrics restarted after an internal error; create a new one`);
      }
      return e.handle;
    }

    const C = {
      [className]: class {
        constructor(options, h) {
          const e = { handle: options === MAKE ? h : accNew(kind, options), kind, generation };
          entries.set(this, e);
          if (finalizer) finalizer.register(this, e, e);
        }
        /** Adds one answer. */
        add(score) {
          accAdd(handle(this, "add"), score);
        }
        /** Adds many answers; all or nothing. */
        addMany(scores) {
          accAddMany(handle(this, "addMany"), scores);
        }
        /** Adds the counts of another accumulator of this kind, or of a saved state. */
        merge(other) {
          const h = handle(this, "merge");
          const o = typeof other === "object" && other !== null ? entries.get(other) : undefined;
          if (o !== undefined) {
            // (Of another kind: the engine refuses it, naming both kinds.)
            if (o.handle === 0 || o.generation !== generation) throw makeError("Error", "INVALID_STATE", "the accumulator merged in was freed");
            accMerge(h, o.handle);
            return;
          }
          accMergeState(h, stateOf(other));
        }
        /** The result of everything added. */
        result(options) {
          return accResult(handle(this, "result"), options);
        }
        /** Number of valid answers added. */
        get count() {
          return accInfo(handle(this, "count")).count;
        }
        /** Number of invalid answers skipped. */
        get skipped() {
          return accInfo(handle(this, "skipped")).skipped;
        }
        /** The state as a plain object (`JSON.stringify` calls this). */
        toJSON() {
          return accState(handle(this, "toJSON"));
        }
        /** Releases the memory now (otherwise when the object is collected). */
        free() {
          const e = typeof this === "object" && this !== null ? entries.get(this) : undefined;
          if (e === undefined || e.kind !== kind) handle(this, "free");
          if (e.handle !== 0) {
            if (e.generation === generation) accFree(e.handle);
            e.handle = 0;
            if (finalizer) finalizer.unregister(e);
          }
        }
        /** Rebuilds an accumulator from `toJSON()` output. */
        static fromJSON(state, options) {
          return new C(MAKE, accFromState(kind, stateOf(state), options));
        }
        /** An accumulator holding counts typed by a person, one per scale point. */
        static fromCounts(counts, options) {
          return new C(MAKE, accFromCounts(kind, counts, options));
        }
      },
    }[className];
    if (typeof Symbol.dispose === "symbol") {
      defineProperty(C.prototype, Symbol.dispose, { value: C.prototype.free, writable: true, configurable: true });
    }
    return C;
  }

  /**
   * A state object: itself, or what its toJSON() returns when it has no own
   * `kind` (an accumulator of another copy of the package). A toJSON that
   * only Object.prototype or Array.prototype holds (put there by other code)
   * is not the object's own and is not called.
   */
  function stateOf(v) {
    if (typeof v !== "object" || v === null) return v;
    let own;
    let toJSON;
    try {
      own = hasOwn.call(v, "kind");
      if (!own) {
        let holder = v;
        for (let depth = 0; holder !== null && depth < 64 && !hasOwn.call(holder, "toJSON"); depth++) holder = getPrototypeOf(holder);
        if (holder !== null && holder !== Object.prototype && holder !== Array.prototype && hasOwn.call(holder, "toJSON")) toJSON = v.toJSON;
      }
    } catch (e) {
      throw makeError("Error", "INVALID_STATE", `not a saved state: reading it threw ${describeThrown(e)}`);
    }
    if (typeof toJSON !== "function") return v;
    try {
      return toJSON.call(v);
    } catch (e) {
      throw makeError("Error", "INVALID_STATE", `not a saved state: its toJSON() threw ${describeThrown(e)}`);
    }
  }

  return { fn, accumulator, isCxError, meta };
}


/**
 * A reader of result tapes: `read(hp)` gives the value of the tape whose
 * header is at address `hp` (`[status, tape address, slots, strings
 * address, shape definitions address, their slots]`) and sets `status`.
 * `O` maps tape tag names to their numbers. Structs are built by shape:
 * each tape first defines the shapes it is the first to use.
 */
function tapeReader(O, memory, builders, record, flatShapes = []) {
  // What the tapes have defined, by number: strings, struct builders, lists.
  let strs = [];
  let shapes = [];
  let lists = [];
  const NUMBER = O.NUMBER;
  // Flat structs (results written without tags): their builders by name,
  // the generated ones (object literals) or, without them, built from the
  // shapes; each is called with the field readers and the builders.
  const flatBy = {};
  const generatedFlats = builders ? builders["#flat"] : undefined;
  for (const shape of flatShapes) flatBy[shape.name] = (generatedFlats && generatedFlats[shape.name]) || flatBuilder(shape);
  const flats = flatShapes.map((shape) => flatBy[shape.name]);
  // Field readers of flat structs: a number (NaN: null), numbers (NaN:
  // null; else the count first), a presence flag, a tagged value.
  const R = {
    n() {
      const v = F64[P++];
      return v === v ? v : null;
    },
    l() {
      const n = F64[P++];
      if (n !== n) return null;
      const a = new Array(n);
      for (let i = 0; i < n; i++) {
        const v = F64[P++];
        a[i] = v === v ? v : null;
      }
      return a;
    },
    p() {
      return F64[P++] !== 0;
    },
    v() {
      return read();
    },
  };
  const decoder = typeof TextDecoder === "function" ? new TextDecoder() : null;
  let buffer = null;
  let U8;
  let U32;
  let F64;
  let P = 0;
  let SP = 0;
  // The strings of the tape being read, in order (a string written again
  // is read from here: one string for all its places).
  const written = [];
  // The builders of the shapes the tape being read defined (SHAPE).
  const local = [];

  /** A string of up to 8 ASCII bytes, in one call. */
  function ascii8(at, len) {
    switch (len) {
      case 0:
        return "";
      case 1:
        return fromCharCode(U8[at]);
      case 2:
        return fromCharCode(U8[at], U8[at + 1]);
      case 3:
        return fromCharCode(U8[at], U8[at + 1], U8[at + 2]);
      case 4:
        return fromCharCode(U8[at], U8[at + 1], U8[at + 2], U8[at + 3]);
      case 5:
        return fromCharCode(U8[at], U8[at + 1], U8[at + 2], U8[at + 3], U8[at + 4]);
      case 6:
        return fromCharCode(U8[at], U8[at + 1], U8[at + 2], U8[at + 3], U8[at + 4], U8[at + 5]);
      case 7:
        return fromCharCode(U8[at], U8[at + 1], U8[at + 2], U8[at + 3], U8[at + 4], U8[at + 5], U8[at + 6]);
      default:
        return fromCharCode(U8[at], U8[at + 1], U8[at + 2], U8[at + 3], U8[at + 4], U8[at + 5], U8[at + 6], U8[at + 7]);
    }
  }

  function utf8(at, len) {
    // Short ASCII strings (ids, labels, periods; most strings of a
    // result): a call or two of fromCharCode, without a string per
    // character (2.5× faster).
    if (len <= 16) {
      let m = 0;
      for (let i = 0; i < len; i++) m |= U8[at + i];
      if (m < 128) return len <= 8 ? ascii8(at, len) : ascii8(at, 8) + ascii8(at + 8, len - 8);
    }
    if (len < 48) {
      let s = "";
      for (let i = 0; i < len; i++) {
        const c = U8[at + i];
        if (c > 127) return decoder.decode(U8.subarray(at, at + len));
        s += fromCharCode(c);
      }
      return s;
    }
    return decoder.decode(U8.subarray(at, at + len));
  }

  /** A builder for a shape: the generated one when it has these keys. */
  function builderFor(name, keys) {
    const spec = builders ? builders[name] : undefined;
    if (spec !== undefined && spec[0] === keys.join(",")) return spec[1];
    return keysBuilder(keys);
  }

  /** The definitions before a tape: strings, shapes, lists (see dict.rs). */
  function define(at, slots) {
    let p = at;
    const end = at + slots;
    while (p < end) {
      const kind = F64[p];
      const id = F64[p + 1];
      if (kind === O.DEF_STATIC_STR || kind === O.DEF_STR) {
        const from = kind === O.DEF_STR ? SP + F64[p + 2] : F64[p + 2];
        strs[id] = utf8(from, F64[p + 3]);
        p += 4;
      } else if (kind === O.DEF_SHAPE) {
        const name = strs[F64[p + 2]];
        const n = F64[p + 3];
        const keys = [];
        for (let i = 0; i < n; i++) keys.push(strs[F64[p + 4 + i]]);
        shapes[id] = builderFor(name, keys);
        if (record) record(name, keys);
        p += 4 + n;
      } else if (kind === O.DEF_LIST) {
        const n = F64[p + 2];
        const list = [];
        for (let i = 0; i < n; i++) list.push(strs[F64[p + 3 + i]]);
        lists[id] = list;
        p += 3 + n;
      } else throw new Error(`cx-metrics: unknown definition ${kind}`);
    }
  }

  // A value, with numbers (most values) read inline.
  function field() {
    if (F64[P] === NUMBER) {
      const v = F64[P + 1];
      P += 2;
      return v;
    }
    return read();
  }

  function read() {
    const t = F64[P++];
    switch (t) {
      case O.NUMBER:
        return F64[P++];
      case O.NULL:
        return null;
      case O.STATIC_STR:
        return strs[F64[P++]];
      case O.STRUCT:
        return shapes[F64[P++]](field);
      case O.STATIC_LIST:
        return lists[F64[P++]].slice();
      case O.OBJECT: {
        const n = F64[P++];
        const o = {};
        for (let i = 0; i < n; i++) {
          const k = read();
          const v = read();
          if (k !== "__proto__") o[k] = v;
          else defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
        }
        return o;
      }
      case O.ARRAY: {
        const n = F64[P++];
        const a = new Array(n);
        for (let i = 0; i < n; i++) a[i] = field();
        return a;
      }
      case O.STR: {
        const off = F64[P++];
        const len = F64[P++];
        const s = utf8(SP + off, len);
        written.push(s);
        return s;
      }
      case O.STR_AGAIN:
        return written[F64[P++]];
      case O.TRUE:
        return true;
      case O.FALSE:
        return false;
      case O.FLAT:
        return flats[F64[P++]](R, flatBy);
      case O.SHAPE: {
        const n = F64[P++];
        const keys = new Array(n);
        for (let i = 0; i < n; i++) keys[i] = read();
        const build = keysBuilder(keys);
        local.push(build);
        return build(field);
      }
      case O.SHAPED:
        return local[F64[P++]](field);
      case O.F64ARRAY: {
        const n = F64[P++];
        const a = F64.slice(P, P + n);
        P += n;
        return a;
      }
      default:
        throw new Error(`cx-metrics: unknown tape tag ${t}`);
    }
  }

  const reader = {
    /** The status of the last tape read: 0 a result, 1 an error, 2 the columns of a deferred table. */
    status: 0,
    /** The memory buffer when the last tape was read. */
    buffer: null,
    /** Reads the tape whose header is at `hp` (after `skip` slots). */
    read(hp, skip = 0) {
      // Memory grows only in a wasm call, and growing detaches the old
      // buffer (views of it have length 0): the buffer is asked for again
      // only then (asking costs more than reading a small result).
      if (buffer === null || F64.length === 0) {
        const b = memory().buffer;
        buffer = b;
        reader.buffer = b;
        U8 = new Uint8Array(b);
        U32 = new Uint32Array(b);
        F64 = new Float64Array(b);
      }
      const h = hp >>> 2;
      SP = U32[h + 3];
      const defs = U32[h + 5];
      if (defs !== 0) define(U32[h + 4] >>> 3, defs);
      P = (U32[h + 1] >>> 3) + skip;
      reader.status = U32[h];
      // (Cleared only when something is in it: setting the length of an
      // empty array is not free, and most tapes write no strings.)
      if (written.length !== 0) written.length = 0;
      if (local.length !== 0) local.length = 0;
      const value = read();
      if (written.length !== 0) written.length = 0;
      if (local.length !== 0) local.length = 0;
      return value;
    },
    /** A new instance: its tapes define their shapes again. */
    reset() {
      buffer = null;
      reader.buffer = null;
      strs = [];
      shapes = [];
      lists = [];
    },
  };
  return reader;
}

/**
 * A builder of objects with keys `keys`, given the reader of each value:
 * for the shapes the generated builders do not know, and those a tape
 * defines (a grouping's rows, whose keys are the caller's column names).
 */
function keysBuilder(keys) {
  return (f) => {
    const o = {};
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k !== "__proto__") o[k] = f();
      else defineProperty(o, k, { value: f(), enumerable: true, writable: true, configurable: true });
    }
    return o;
  };
}

/**
 * Reads a module's description (what `meta` is): its exports, accumulator
 * classes, error codes and encodings. Used at build time to generate the
 * entry points and wasm/*.meta.js.
 */
export function describeModule(module) {
  const imports = makeImports(module);
  const wasm = new WebAssembly.Instance(module, imports).exports;
  if (typeof wasm.__wbindgen_start === "function") wasm.__wbindgen_start();
  const hp = wasm.cx_meta() >>> 0;
  // The prelude: the tape's own tags, readable without them.
  const F = new Float64Array(wasm.memory.buffer);
  const U = new Uint32Array(wasm.memory.buffer);
  let p = U[(hp >>> 2) + 1] >>> 3;
  const start = p;
  const O = {};
  const count = F[p++];
  for (let i = 0; i < count; i++) {
    const value = F[p++];
    const len = F[p++];
    let name = "";
    for (let j = 0; j < len; j++) name += fromCharCode(F[p++]);
    O[name] = value;
  }
  const reader = tapeReader(O, () => wasm.memory);
  const meta = reader.read(hp, p - start);
  if (reader.status !== 0) throw new Error(`cx-metrics: cx_meta failed: ${meta && meta.message}`);
  return meta;
}

/**
 * The field reader (a method of `R` in tapeReader) of each kind of flat
 * field (`FlatKind` in the engine): a number, numbers, a presence flag
 * followed by the nested struct's fields, a tagged value. The generated
 * builders (scripts/build.mjs) and flatBuilder both read by it.
 */
export const FLAT_FIELD_READERS = Object.freeze({ num: "n", nums: "l", nested: "p", value: "v" });

/** A flat struct's builder made from its shape (the generated ones are object literals). */
function flatBuilder(shape) {
  const fields = shape.fields.map(([key, kind, nested]) => {
    if (!hasOwn.call(FLAT_FIELD_READERS, kind)) throw new Error(`cx-metrics: unknown flat field kind ${kind}`);
    return [key, FLAT_FIELD_READERS[kind], kind === "nested" ? nested : null];
  });
  return (R, F) => {
    const o = {};
    for (const [key, read, nested] of fields) {
      const v = nested !== null ? (R.p() ? F[nested](R, F) : null) : R[read]();
      if (key !== "__proto__") o[key] = v;
      else defineProperty(o, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return o;
  };
}

/** The imports the module needs (checked against its import list). */
function makeImports(module) {
  const env = {};
  const imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.name === "__wbindgen_init_externref_table") {
      // The engine holds no JavaScript values, so the table of them needs
      // no entries.
      env[imp.name] = () => {};
    } else {
      throw new Error(`cx-metrics: the wasm module needs an unknown import ${imp.module}.${imp.name}`);
    }
    imports[imp.module] = env;
  }
  return imports;
}

/** Compiles and instantiates a module from bytes, synchronously. */
export function runtimeSync(bytes, meta, builders) {
  return runtime(new WebAssembly.Module(bytes), meta, { builders });
}

/** The bytes of a module inlined as a string of one character per byte. */
export function bytesOf(text, length = text.length) {
  if (text.length !== length) text = asUtf8(text, length);
  const n = text.length;
  // Browsers since 2025 decode base64 natively: btoa and
  // Uint8Array.fromBase64 take about 0.6 ms for the survey module, where
  // the loop below, run once on a page that has just loaded, is still
  // interpreted for most of its 200 000 turns (about 5 ms in Chromium).
  // Only a native fromBase64: a polyfill would be slower than the loop.
  const fromBase64 = Uint8Array.fromBase64;
  if (typeof fromBase64 === "function" && typeof btoa === "function" && /\[native code\]\s*\}$/.test(Function.prototype.toString.call(fromBase64))) {
    try {
      const bytes = fromBase64.call(Uint8Array, btoa(text));
      if (bytes.length === n) return bytes;
    } catch {
      // (decoded below)
    }
  }
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * The code points of bytes 0x80–0x9F in windows-1252, as the Encoding
 * Standard decodes them (numbers: a bundler writes a string's escapes as
 * the characters themselves, which the wrong decoding would change too).
 */
const WINDOWS_1252 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * The inlined module's string when the script holding it was decoded as
 * windows-1252, not UTF-8: a classic script (a bundler's IIFE) in a page
 * without `<meta charset="utf-8">`, served without a charset, which is how
 * browsers read such a page in most locales. Each byte of the file is then
 * a character: they are turned back into the file's bytes and decoded as
 * UTF-8. Any other decoding cannot be undone, and is a clear error rather
 * than a module that does not compile.
 */
function asUtf8(text, length) {
  let out = null;
  try {
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // (0x80–0x9F as themselves too: ISO-8859-1, as some decoders read
      // that label, and windows-1252's five undefined bytes.)
      const k = c < 0x100 ? c : WINDOWS_1252.indexOf(c) + 0x80;
      if (k < 0x80 && c > 0xff) throw new Error("not windows-1252");
      bytes[i] = k;
    }
    out = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    out = null;
  }
  if (out === null || out.length !== length) {
    throw new Error(
      'cx-metrics: the script that holds its WebAssembly module was not read as UTF-8 (a classic <script> in a page without <meta charset="utf-8">, served without a charset), so the module is garbled. Add <meta charset="utf-8"> to the page, serve the script with "Content-Type: text/javascript; charset=utf-8", or load it with <script type="module">.',
    );
  }
  return out;
}

/**
 * Compiles and instantiates an inlined module, synchronously: no fetch, no
 * file access and no top-level await, so it works the same in browsers,
 * workers, Node, Deno, Bun and every bundler. (Browsers allow synchronous
 * compilation on the main thread for modules up to 8 MB.)
 */
export function runtimeInline(text, meta, builders, length = text.length) {
  return runtimeSync(bytesOf(text, length), meta, builders);
}

/** Fetches, compiles and instantiates a module (browsers, bundlers). */
export async function runtimeAsync(url, meta, builders) {
  let module;
  if (typeof fetch === "function" && typeof WebAssembly.compileStreaming === "function") {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`cx-metrics: could not load ${url}: HTTP ${res.status}`);
    try {
      module = await WebAssembly.compileStreaming(res.clone());
    } catch (_) {
      // A server that does not send application/wasm.
      module = await WebAssembly.compile(await res.arrayBuffer());
    }
  } else {
    const res = await fetch(url);
    module = await WebAssembly.compile(await res.arrayBuffer());
  }
  return runtime(module, meta, { builders });
}

export { MAX_DEPTH };
