// Types only: see calculator-react.d.ts and calculator-vue.d.ts.
export {};
