// Cloudflare Workers: the package's `workerd` entry imports the .wasm file
// as a module (Workers compile no WebAssembly at run time); Wrangler bundles it.
import { nps } from "cx-metrics";
import { businessDuration } from "cx-metrics/tickets";

export default {
  async fetch() {
    const hour = businessDuration(0, 3600000, { timeZone: "UTC", week: { thu: [["00:00", "24:00"]] } });
    return Response.json({ score: nps([10, 9, 8, 6, 10]).score, hour });
  },
};
