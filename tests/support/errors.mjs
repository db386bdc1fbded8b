// Asserts that `fn` throws an Error with the given stable `code` and the
// given properties (`message` is matched as a RegExp, `class` against the
// constructor name), then runs `stillWorks` to show the module survived.
import assert from "node:assert/strict";

export function throwsCode(fn, code, extra = {}, stillWorks = () => {}) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught, `expected an error with code ${code}`);
  assert.ok(caught instanceof Error, "errors are Error instances");
  assert.equal(caught.code, code, `code of: ${caught.message}`);
  for (const [k, v] of Object.entries(extra)) {
    if (k === "message") assert.match(caught.message, v);
    else if (k === "class") assert.equal(caught.constructor.name, v);
    else assert.equal(caught[k], v, `${k} of: ${caught.message}`);
  }
  stillWorks();
  return caught;
}
