// Jest in CommonJS mode, with its default configuration.
const { nps, NpsAccumulator } = require("cx-metrics");
const { businessDuration } = require("cx-metrics/tickets");

test("nps", () => {
  expect(nps([10, 9, 8, 6, 10]).score).toBe(40);
  const a = new NpsAccumulator();
  a.addMany([10, 0]);
  expect(a.result().score).toBe(0);
  expect(() => nps([11])).toThrow(expect.objectContaining({ code: "SCORE_OUT_OF_RANGE" }));
  expect(businessDuration(0, 3600000, { timeZone: "UTC", week: { thu: [["00:00", "24:00"]] } })).toBe(3600000);
});
