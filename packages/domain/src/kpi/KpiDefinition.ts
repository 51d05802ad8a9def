import type { RoundingMode } from "../exact/index.js";
import type { CalendarDate } from "../period/index.js";
import type { KpiTolerance } from "./KpiTolerance.js";
import type { RagScheme } from "./RagScheme.js";

/** The units a KPI is measured in. `money` is in the partnership's currency, in major units. */
export const KPI_UNITS = ["percent", "count", "money", "hours", "days"] as const;
/** One of {@link KPI_UNITS}. */
export type KpiUnit = (typeof KPI_UNITS)[number];

/** Which way is good: up, down, or inside a band (targets then give `lower` and `upper`). */
export const KPI_POLARITIES = ["higher-is-better", "lower-is-better", "within-band"] as const;
/** One of {@link KPI_POLARITIES}. */
export type KpiPolarity = (typeof KPI_POLARITIES)[number];

/**
 * How a KPI's measurements combine into a quarter, a year or the partnership as a whole.
 *
 * - `ratio`: Σ numerators / Σ denominators (× 100 for a % KPI); never an average of percentages.
 *   Measurements must give a numerator and a denominator.
 * - `sum`: Σ values (counts, money).
 * - `mean`: the arithmetic mean of the values, each measurement counting once.
 * - `last`: each partner's latest value, summed across partners (a stock at the period's end:
 *   open cases, vacancies).
 * - `max` / `min`: the largest / smallest value (the worst case, e.g. longest time to respond).
 */
export const KPI_AGGREGATIONS = ["ratio", "sum", "mean", "last", "max", "min"] as const;
/** One of {@link KPI_AGGREGATIONS}. */
export type KpiAggregation = (typeof KPI_AGGREGATIONS)[number];

/** The confidence levels offered for Wilson intervals, in percent. */
export const WILSON_CONFIDENCES = ["90", "95", "99"] as const;
/** One of {@link WILSON_CONFIDENCES}. */
export type WilsonConfidence = (typeof WILSON_CONFIDENCES)[number];

/**
 * One version of a KPI's target, in force from `effectiveFrom` until the next version. A period is
 * judged by the version in force on its first day, so later changes never re-rate history.
 *
 * - `value`: the target of a higher- or lower-is-better KPI;
 * - `band`: the inclusive range of a within-band KPI;
 * - `not-applicable`: the KPI is suspended from this date (its periods are `not-applicable`).
 */
export type KpiTarget =
  | { readonly kind: "value"; readonly effectiveFrom: CalendarDate; readonly value: string; readonly note?: string }
  | {
      readonly kind: "band";
      readonly effectiveFrom: CalendarDate;
      readonly lower: string;
      readonly upper: string;
      readonly note?: string;
    }
  | { readonly kind: "not-applicable"; readonly effectiveFrom: CalendarDate; readonly note?: string };

/** How values are shown: decimal places and the rounding mode of the last one. */
export interface KpiDisplay {
  readonly decimals: number;
  readonly rounding: RoundingMode;
}

/**
 * When to suggest a more stretching target: the target beaten by at least `margin` (in the KPI's
 * unit: percentage points for a % KPI) in each of `periods` consecutive quarters.
 */
export interface KpiReviewRule {
  readonly margin: string;
  readonly periods: number;
}

/**
 * How sampled proportions are treated: a response rate (responses ÷ population, in percent) below
 * `lowResponseRate` earns a Wilson interval at `confidence`, and a warning when it straddles the
 * target.
 */
export interface KpiSampleRule {
  readonly lowResponseRate: string;
  readonly confidence: WilsonConfidence;
}

/**
 * A KPI's name from a financial year on, e.g. `{ from: "2025/26", name: "Calls answered in 20s" }`:
 * that year's scorecard and later ones print it, earlier years keep the name they printed.
 */
export interface KpiName {
  /** The first financial year it is printed, written as a KPI's `from` is, e.g. `2025/26`. */
  readonly from: string;
  readonly name: string;
}

/** A key performance indicator: what is measured, which way is good, and its targets over time. */
export interface KpiDefinition {
  /** Stable code, e.g. `LEGAL-KPI-1`. */
  readonly code: string;
  /** Its name, printed in every year before its first renaming (`names`). */
  readonly name: string;
  /**
   * Renamings, in order of their years (each later than the one before, none before `from`): a
   * year prints the latest one from that year or earlier (`kpiNameFor`), else `name`.
   */
  readonly names?: readonly KpiName[];
  /** The shared service it belongs to, e.g. `LEGAL`. */
  readonly service: string;
  /**
   * The first financial year it is reported, e.g. `2025/26`: earlier years' scorecards and annual
   * reports leave it out, and it has no measurements before it. Absent: every year its service is
   * in effect.
   */
  readonly from?: string;
  /**
   * The last financial year it is reported, e.g. `2026/27` (a retired KPI): later years' scorecards
   * and annual reports leave it out, and it has no measurements after it. Absent: every year from
   * `from` on.
   */
  readonly to?: string;
  readonly unit: KpiUnit;
  readonly polarity: KpiPolarity;
  readonly aggregation: KpiAggregation;
  /** Effective-dated target versions (any order). May be empty only when `monitoringOnly`. */
  readonly targets: readonly KpiTarget[];
  /** How far short of target is still Amber (schemes `tolerance` and `improvement`); none = zero. */
  readonly tolerance?: KpiTolerance;
  /** Reported for information only: Grey, never Green, Amber or Red. */
  readonly monitoringOnly: boolean;
  /** This KPI's own RAG scheme, instead of the partnership's. */
  readonly scheme?: RagScheme;
  /** Blue when the target is beaten by at least this much (not for within-band KPIs). */
  readonly blue?: KpiTolerance;
  /** When to flag the target for review as too easy. */
  readonly review?: KpiReviewRule;
  /** Response-rate threshold and confidence for sampled proportions (default 50% and 95%). */
  readonly sample?: KpiSampleRule;
  readonly display: KpiDisplay;
}
