// CommonJS: require() works in Node.js and Bun.
const { nps } = require("cx-metrics");
const { businessDuration } = require("cx-metrics/tickets");

console.log(
  JSON.stringify({
    score: nps([10, 9, 8, 6, 10]).score,
    hour: businessDuration(0, 3600000, { timeZone: "UTC", week: { thu: [["00:00", "24:00"]] } }),
  }),
);
