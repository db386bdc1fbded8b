"use client";
// A client component that renders the calculator (custom elements exist in
// the browser only, so the element module is imported in an effect).
import { useEffect, useState } from "react";
import { nps } from "cx-metrics";

export default function Client() {
  const [out, setOut] = useState(null);
  useEffect(() => {
    import("cx-metrics/calculator").then(() => {
      const el = document.createElement("nps-calculator");
      el.setAttribute("mode", "counts");
      el.setAttribute("counts", "50,40,10");
      document.body.append(el);
      setOut({ score: nps([10, 9, 8, 6, 10]).score, calculator: el.result.score });
    });
  }, []);
  return out ? (
    <pre id="out" data-done="1">
      {JSON.stringify(out)}
    </pre>
  ) : (
    <p>loading</p>
  );
}
