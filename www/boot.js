// The page's entry. The first thing a visitor sees is the NPS calculator, in
// the page's own language (English): then only the element and the engine
// load first, and the rest of the page's code (tabs, other languages, the
// other tools) after the first result is on screen, so that it does not
// share the network with what that result needs. Another language, or a
// link to another tab, needs app.js before anything is drawn.
import { pickLanguage } from "./lang.js";

if (pickLanguage() === "en" && location.hash.length <= 1) {
  import("./pkg/calculator.js")
    .then(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))))
    .then(() => import("./app.js"));
} else {
  import("./app.js");
}
