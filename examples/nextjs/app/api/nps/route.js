// A route handler.
import { nps } from "cx-metrics";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ score: nps([10, 9, 8, 6, 10]).score });
}
