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
