// @vitest-environment jsdom
import { test, expect } from "vitest";
import "cx-metrics/calculator";

test("calculator", () => {
  const el = document.createElement("nps-calculator");
  el.setAttribute("mode", "counts");
  el.setAttribute("counts", "50,40,10");
  document.body.append(el);
  expect(el.result.score).toBe(40);
});
