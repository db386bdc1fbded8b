import { parentPort } from "node:worker_threads";
import { nps } from "cx-metrics";

parentPort.on("message", (a) => parentPort.postMessage(nps(a).score));
