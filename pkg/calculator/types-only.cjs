// Types only: see react.d.ts and vue.d.ts.
module.exports = {};
