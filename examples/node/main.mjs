// Node.js (ESM), Deno (`deno run main.mjs`, no permission flags) and Bun
// (`bun main.mjs`): the same script.
import { nps, NpsAccumulator } from "cx-metrics";
import { businessDuration } from "cx-metrics/tickets";
import { parseCsv } from "cx-metrics/calculator";

const a = new NpsAccumulator();
a.addMany([10, 0]);
console.log(
  JSON.stringify({
    score: nps(new Uint8Array([10, 9, 8, 6, 10])).score,
    acc: a.result().score,
    hour: businessDuration(0, 3600000, { timeZone: "UTC", week: { thu: [["00:00", "24:00"]] } }),
    csv: parseCsv("a\n1").rows.length,
  }),
);
