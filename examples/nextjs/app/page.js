// A server component: computed while rendering on the server.
import { nps } from "cx-metrics";
import { businessDuration } from "cx-metrics/tickets";

export const dynamic = "force-dynamic";

export default function Page() {
  const r = nps(new Uint8Array([10, 9, 8, 6, 10]));
  const h = businessDuration(0, 3600000, { timeZone: "UTC", week: { thu: [["00:00", "24:00"]] } });
  return (
    <pre id="out" data-done="1">
      {JSON.stringify({ score: r.score, hour: h })}
    </pre>
  );
}
