import { nps } from "./node_modules/cx-metrics/index.js";

self.onmessage = (e) => self.postMessage(nps(e.data).score);
