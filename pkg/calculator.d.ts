// Types of cx-metrics/calculator: the <nps-calculator>, <csat-calculator> and
// <ces-calculator> custom elements. Importing the module registers them.
import type { NpsResult, CsatResult, CesResult } from "./index.js";

/** How data is entered first: pasted scores (or a CSV file) or typed counts. */
export type CalculatorMode = "paste" | "counts";

/** Languages of the labels and sentences ("pt" is Brazilian Portuguese; "pt-BR", "es-MX", "ro-RO"… are accepted). */
export type CalculatorLanguage = "en" | "pt" | "es" | "it" | "ro";

/** Attributes shared by the three elements (all optional; strings in HTML). */
export interface CalculatorAttributes {
  /** Initial input mode. Default: "paste" when `scores` or `example` is given, else "counts". */
  mode?: CalculatorMode;
  /** Language of labels and sentences. Default: the closest `lang` attribute, else English. */
  lang?: CalculatorLanguage | `${CalculatorLanguage}-${string}`;
  /** Confidence level of the interval, strictly between 0 and 1. Default 0.95. */
  confidence?: `${number}` | number;
  /** Initial pasted text (scores separated by newlines, tabs, commas, semicolons or spaces). */
  scores?: string;
  /** Initial counts: "promoters,passives,detractors" (NPS) or one count per scale point. */
  counts?: string;
  /** Start with the built-in example data. */
  example?: boolean | "";
  /** Heading shown at the top (default: the metric's name). */
  label?: string;
  /** Smaller layout without the gauge and the empty-histogram hint (e.g. side by side). */
  compact?: boolean | "";
}

/** Attributes of <nps-calculator>. */
export type NpsCalculatorAttributes = CalculatorAttributes;

/** Scales offered by <csat-calculator>. */
export type CsatScale = "1-3" | "1-4" | "1-5" | "1-7" | "1-10" | "0-10";

/** Attributes of <csat-calculator>. */
export interface CsatCalculatorAttributes extends CalculatorAttributes {
  /** Answer scale. Default "1-5". */
  scale?: CsatScale;
  /** Lowest satisfied answer. Default: top-2 box (max − 1) on scales of 4+ points, else the top box. */
  "satisfied-from"?: `${number}` | number;
}

/** Scales offered by <ces-calculator>. */
export type CesScale = "1-5" | "1-7" | "1-10";

/** Attributes of <ces-calculator>. */
export interface CesCalculatorAttributes extends CalculatorAttributes {
  /** Answer scale. Default "1-7". */
  scale?: CesScale;
  /** "false" when a higher answer means more effort (the CEB 1–5 question). Default "true". */
  "higher-is-easier"?: "true" | "false";
}

/** Events of a calculator whose results are of type R. */
export interface CalculatorEventMap<R> extends HTMLElementEventMap {
  /** A new valid result (bubbles, composed). An empty result (no answers) when the data is cleared. */
  change: CustomEvent<R>;
}

/** <nps-calculator>: Net Promoter Score from pasted scores, a CSV file or typed counts. */
export declare class NpsCalculatorElement extends HTMLElement implements CalculatorElement<NpsResult> {
  static readonly observedAttributes: string[];
  readonly result: NpsResult | null;
  readonly lastComputeMs: number | null;
  readonly stale: boolean;
  mode: CalculatorMode;
  confidence: number;
  scores: string;
  addEventListener<K extends keyof NpsCalculatorEventMap>(
    type: K,
    listener: (this: NpsCalculatorElement, ev: NpsCalculatorEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof NpsCalculatorEventMap>(
    type: K,
    listener: (this: NpsCalculatorElement, ev: NpsCalculatorEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** <csat-calculator>: percent of satisfied answers, on a 1–5 (or other) scale. */
export declare class CsatCalculatorElement extends HTMLElement implements CalculatorElement<CsatResult> {
  static readonly observedAttributes: string[];
  readonly result: CsatResult | null;
  readonly lastComputeMs: number | null;
  readonly stale: boolean;
  mode: CalculatorMode;
  confidence: number;
  scores: string;
  addEventListener<K extends keyof CsatCalculatorEventMap>(
    type: K,
    listener: (this: CsatCalculatorElement, ev: CsatCalculatorEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CsatCalculatorEventMap>(
    type: K,
    listener: (this: CsatCalculatorElement, ev: CsatCalculatorEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** <ces-calculator>: customer effort (mean, easy and difficult shares), on a 1–7 (or other) scale. */
export declare class CesCalculatorElement extends HTMLElement implements CalculatorElement<CesResult> {
  static readonly observedAttributes: string[];
  readonly result: CesResult | null;
  readonly lastComputeMs: number | null;
  readonly stale: boolean;
  mode: CalculatorMode;
  confidence: number;
  scores: string;
  addEventListener<K extends keyof CesCalculatorEventMap>(
    type: K,
    listener: (this: CesCalculatorElement, ev: CesCalculatorEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CesCalculatorEventMap>(
    type: K,
    listener: (this: CesCalculatorElement, ev: CesCalculatorEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

export type NpsCalculatorEventMap = CalculatorEventMap<NpsResult>;
export type CsatCalculatorEventMap = CalculatorEventMap<CsatResult>;
export type CesCalculatorEventMap = CalculatorEventMap<CesResult>;

declare global {
  interface HTMLElementTagNameMap {
    "nps-calculator": NpsCalculatorElement;
    "csat-calculator": CsatCalculatorElement;
    "ces-calculator": CesCalculatorElement;
  }
}

/** The base class of the three elements (not registered itself): their shared behaviour. */
export declare class CalculatorElement<R = NpsResult | CsatResult | CesResult> extends HTMLElement {
  /** The latest valid result; null until one is computed. */
  readonly result: R | null;
  /** Milliseconds of the latest recompute (parsing, engine call and drawing); null before the first. */
  readonly lastComputeMs: number | null;
  /** True while bad input is reported and the last valid result is kept on screen. */
  readonly stale: boolean;
  /** Current input mode (reflects the `mode` attribute when set). */
  mode: CalculatorMode;
  /** Confidence level of the interval (reflects the `confidence` attribute when set). */
  confidence: number;
  /** The pasted text; setting it switches to paste mode and recomputes. */
  scores: string;
}


/**
 * Reads delimited text (CSV, TSV, semicolon-separated) into rows of cell
 * strings, with RFC 4180 quotes; lines may end in CRLF, LF or a lone CR, and
 * a leading byte order mark is dropped. Unquoted cells are trimmed (as
 * spreadsheets show them), quoted ones kept as they are; trailing rows whose
 * cells are all empty are left out. The delimiter (tab, semicolon or comma,
 * counted outside quotes) is detected unless given; a given delimiter is a
 * one-character string (else a RangeError, code INVALID_OPTION).
 */
export declare function parseCsv(text: string, options?: { delimiter?: string }): { rows: string[][]; delimiter: string };

/** What readScores found: the values and where they came from. */
export interface ReadScores {
  /** One value per non-blank cell; NaN where a cell is not a number. */
  values: Float64Array;
  /** The spreadsheet row (from 1, header included) of each value. */
  rows: Int32Array;
  /** Column names (or letters) when the text is a table; null for a list. */
  columns: string[] | null;
  /** The column read (-1: every column, as one list). */
  column: number;
  /** The header row's text, if there is one. */
  header: string | null;
  headerRow: number;
  /** Blank cells left out. */
  empty: number;
}

/**
 * Reads scores out of pasted text or a CSV file the way the calculators do.
 * `column` (an index from 0, or -1 for every column) picks a table's column;
 * another value, or one past the table's columns, is a RangeError with
 * `code: "INVALID_OPTION"`.
 */
export declare function readScores(
  text: string,
  options?: { scale?: [number, number]; metric?: "nps" | "csat" | "ces"; column?: number },
): ReadScores;
