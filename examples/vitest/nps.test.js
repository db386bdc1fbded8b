import { test, expect } from "vitest";
import { nps } from "cx-metrics";

test("nps", () => expect(nps([10, 9, 8, 6, 10]).score).toBe(40));
