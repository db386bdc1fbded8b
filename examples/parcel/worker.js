import { nps } from "cx-metrics";

self.onmessage = (e) => self.postMessage(nps(e.data).score);
