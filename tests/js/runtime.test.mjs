// The runtime's own pieces that no KPI shows: how an inlined module's
// bytes are decoded.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bytesOf } from "../../pkg/runtime.js";

/** Every byte value, then a run that is not a multiple of 3 long (base64 padding). */
function allBytes() {
  const expected = new Uint8Array(256 * 7 + 5);
  for (let i = 0; i < expected.length; i++) expected[i] = (i * 7 + (i >> 8)) & 255;
  return { expected, text: String.fromCharCode(...expected) };
}

test("bytesOf: one character per byte, every byte value", () => {
  const { expected, text } = allBytes();
  assert.deepEqual(bytesOf(text), expected);
  assert.deepEqual(bytesOf(""), new Uint8Array(0));
});

test("bytesOf does not call a fromBase64 that is not native (a polyfill), and still decodes", () => {
  const { expected, text } = allBytes();
  const had = Object.getOwnPropertyDescriptor(Uint8Array, "fromBase64");
  let called = 0;
  Object.defineProperty(Uint8Array, "fromBase64", {
    value() {
      called++;
      throw new Error("a polyfill");
    },
    configurable: true,
    writable: true,
  });
  try {
    assert.deepEqual(bytesOf(text), expected);
    assert.equal(called, 0);
  } finally {
    if (had) Object.defineProperty(Uint8Array, "fromBase64", had);
    else delete Uint8Array.fromBase64;
  }
});

test("bytesOf: a module string read as windows-1252 or ISO-8859-1 (a classic script in a page without a charset) is read back; any other decoding is a clear error", () => {
  const { expected, text } = allBytes();
  const file = new TextEncoder().encode(text); // the script file holds the string as UTF-8
  // Node decodes both labels byte for byte; browsers map 0x80–0x9F of
  // windows-1252 to € ‚ ƒ …, which the Chromium test covers.
  for (const label of ["windows-1252", "iso-8859-1"]) {
    const misread = new TextDecoder(label).decode(file);
    assert.ok(misread.length > text.length);
    assert.deepEqual(bytesOf(misread, expected.length), expected, label);
  }
  // By hand: byte 0x85 is written C2 85 in the file; windows-1252 reads it
  // as "Â…" (U+00C2 U+2026).
  assert.deepEqual(bytesOf("a\u00c2\u2026b", 3), Uint8Array.from([0x61, 0x85, 0x62]));
  assert.throws(() => bytesOf(new TextDecoder("shift_jis").decode(file), expected.length), /not read as UTF-8.*<meta charset="utf-8">/);
  assert.throws(() => bytesOf(text.slice(1), expected.length), /not read as UTF-8/);
});
