// Worker threads: a message sent at once is answered.
import { Worker } from "node:worker_threads";

const w = new Worker(new URL("./worker.mjs", import.meta.url));
w.postMessage([10, 9, 0]);
w.on("message", (m) => {
  console.log(JSON.stringify(m));
  w.terminate();
});
