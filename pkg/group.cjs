// cx-metrics/group (CommonJS): the same module as cx-metrics/tickets.
"use strict";
module.exports = require("./tickets.cjs");
