// The page's entry. The first thing a visitor sees is the NPS calculator, in
// the page's own language (English): then only the element and the engine
// load first, and the rest of the page's code (tabs, other languages, the
// other tools) after the first result is on screen, so that it does not
// share the network with what that result needs. Another language, or a
// link to another tab, needs app.js before anything is drawn.
//
// The icon comes last too: a browser draws an SVG icon on the page's main
// thread (a document of its own), which cost the first result a frame.
import { pickLanguage } from "./lang.js";

const icon = () => {
  const link = document.querySelector("link[rel=icon][data-href]");
  if (link) link.href = link.dataset.href;
};
const nextFrame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));

if (pickLanguage() === "en" && location.hash.length <= 1) {
  import("./pkg/calculator.js")
    .then(nextFrame)
    .then(() => import("./app.js"))
    .then(icon);
} else {
  import("./app.js").then(icon);
}
