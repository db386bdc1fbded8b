// An NPS, an error with its code, the calculator element and a worker: the
// same page in every bundler example. The result is written into #out.
import { nps } from "cx-metrics";
import "cx-metrics/calculator";

const out = document.getElementById("out");
const r = nps(new Uint8Array([10, 9, 8, 6, 10]));
let code = null;
try {
  nps(["x"]);
} catch (e) {
  code = e.code;
}
const calc = document.createElement("nps-calculator");
calc.setAttribute("mode", "counts");
calc.setAttribute("counts", "50,40,10");
document.body.append(calc);
const result = { score: r.score, code, calculator: calc.result && calc.result.score };

const w = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
// The message is posted at once: it is answered, not dropped.
w.onmessage = (e) => {
  result.worker = e.data;
  out.textContent = JSON.stringify(result);
  out.dataset.done = "1";
};
w.onerror = (e) => {
  out.textContent = JSON.stringify({ workerError: e.message });
  out.dataset.done = "1";
};
w.postMessage([10, 9, 0]);
