import type { FractionData } from "../exact/index.js";
import type { KpiAggregation, KpiPolarity, KpiUnit, WilsonConfidence } from "./KpiDefinition.js";
import type { RagScheme } from "./RagScheme.js";

/** The statuses a KPI result can have. */
export const KPI_STATUSES = ["green", "amber", "red", "blue", "grey", "no-data", "not-applicable"] as const;
/** One of {@link KPI_STATUSES}. */
export type KpiStatus = (typeof KPI_STATUSES)[number];

/** Direction of travel, judged by the KPI's polarity: `n/a` when either value is missing. */
export type KpiDirection = "improved" | "same" | "worse" | "n/a";

/** A KPI's value for a period: exact, as shown, and what it was made of. */
export interface KpiValue {
  /** The exact value as a reduced fraction (97.8 is 489/5). */
  readonly exact: FractionData;
  /** Rounded by the KPI's display rule, e.g. `"97.8"`. */
  readonly display: string;
  /** Σ numerators and Σ denominators, for a ratio KPI (exact decimal strings). */
  readonly numerator?: string;
  readonly denominator?: string;
  /** How many measurements went into it. */
  readonly measurements: number;
}

/**
 * A `sum` KPI's yearly target profiled to the months a period's figures cover (× months ÷ 12): the
 * figure the period was judged against.
 */
export interface KpiTargetForPeriod {
  /** The months of the year the period's figures cover, 1 to 11. */
  readonly months: number;
  /** The profiled target (value kind), or the profiled band's edges (band kind), as decimal strings. */
  readonly value?: string;
  readonly lower?: string;
  readonly upper?: string;
  /**
   * Whether the figures are exact. False when one does not end within the display's places + 4: it
   * is then rounded there, half-even, as the reason shows it (marked `≈` there). The exact figure
   * is always the recorded one × months ÷ 12.
   */
  readonly exact: boolean;
}

/** The target version that judged a period. */
export interface KpiTargetInForce {
  readonly effectiveFrom: string;
  readonly kind: "value" | "band" | "not-applicable";
  /** The target (value kind), or the band's edges (band kind), as recorded: a `sum` KPI's are the year's. */
  readonly value?: string;
  readonly lower?: string;
  readonly upper?: string;
  /**
   * What the period was judged against when it is not the recorded figure: a `sum` KPI's yearly
   * target profiled to the months its figures cover (a quarter, a month, the year to date so far).
   * Absent when the recorded figure judged it (another aggregation, a whole year, or no data).
   */
  readonly forPeriod?: KpiTargetForPeriod;
}

/** A Wilson score interval for a sampled proportion, in percent. */
export interface KpiInterval {
  readonly confidence: WilsonConfidence;
  /** Bounds in percent, rounded outwards to 6 decimal places (the interval never shrinks). */
  readonly lower: string;
  readonly upper: string;
  readonly responses: number;
  readonly population: number;
  /** responses ÷ population in percent, to 1 decimal place (half-even). */
  readonly responseRate: string;
  /** Whether the target lies inside the interval (the sample cannot tell if it was met). */
  readonly straddlesTarget: boolean;
}

/** One period's evaluation: a quarter, or the year to date. */
export interface KpiPeriodResult {
  /** `2024/25-Q3`, or the year `2024/25` for the year to date. */
  readonly period: string;
  /** The last period with data that the result includes (year to date only). */
  readonly through?: string;
  readonly value: KpiValue | null;
  readonly target: KpiTargetInForce | null;
  readonly status: KpiStatus;
  /** Why, in words: the gap to target, the tolerance and, under `improvement`, last year's value. */
  readonly reason: string;
  /** Against the previous quarter (`n/a` for the year) and the same period last year. */
  readonly direction: { readonly previous: KpiDirection; readonly lastYear: KpiDirection };
  /** For a sample with a low response rate. */
  readonly interval?: KpiInterval;
  /** The notes of the measurements in the period. */
  readonly notes: readonly string[];
}

/** The predicted status at year end, from the year to date. */
export interface KpiPrediction {
  /**
   * `actual`: the year is complete; `to-date`: the year-to-date value stands for the year (ratio,
   * mean, max, min); `projected`: a sum scaled up to twelve months at the rate so far; `latest`:
   * the latest stock (last).
   */
  readonly method: "actual" | "to-date" | "projected" | "latest";
  readonly value: KpiValue;
  readonly status: KpiStatus;
  readonly reason: string;
}

/** Why a KPI's target deserves review. */
export interface KpiReviewFlag {
  readonly kind: "stretch-target";
  /** The consecutive quarters in which the target was beaten by at least the margin. */
  readonly periods: readonly string[];
  /** The smallest margin by which it was beaten in those quarters, as shown. */
  readonly smallestMargin: string;
  readonly message: string;
}

/** The kinds of warning an evaluation gives. */
export const KPI_WARNING_KINDS = [
  "missing-corrective-action",
  "interval-straddles-target",
  "incomplete-period",
  "no-target",
  "red-month-in-quarter",
  "red-partner",
] as const;

/** Something the reader of a scorecard should know or do. */
export interface KpiWarning {
  readonly kind: (typeof KPI_WARNING_KINDS)[number];
  readonly period: string;
  readonly partner?: string;
  readonly message: string;
}

/** One partner's own figures for a KPI measured per council. */
export interface KpiPartnerResult {
  readonly partner: string;
  readonly quarters: readonly KpiPeriodResult[];
  readonly yearToDate: KpiPeriodResult;
}

/** Everything about one KPI for the year. */
export interface KpiResult {
  readonly code: string;
  /** The name in force in the scorecard's year (`kpiNameFor`): a later renaming never reaches it. */
  readonly name: string;
  readonly service: string;
  readonly unit: KpiUnit;
  readonly polarity: KpiPolarity;
  readonly aggregation: KpiAggregation;
  readonly monitoringOnly: boolean;
  /** The scheme that judged it (its own, or the partnership's). */
  readonly scheme: RagScheme;
  /** Q1–Q4 of the year. */
  readonly quarters: readonly KpiPeriodResult[];
  /** All of the year's data so far, judged against the target in force at the start of the year. */
  readonly yearToDate: KpiPeriodResult;
  /** Null when the year has no data. */
  readonly predictedYearEnd: KpiPrediction | null;
  /** Per partner, when measured per council (in partner id order). */
  readonly partners: readonly KpiPartnerResult[];
  readonly reviewFlags: readonly KpiReviewFlag[];
  readonly warnings: readonly KpiWarning[];
}

/** A year's KPI evaluation for a partnership: plain, JSON-serialisable data. */
export interface KpiScorecard {
  readonly year: string;
  /** The period the evaluation is as at, when one was given. */
  readonly asAt?: string;
  readonly kpis: readonly KpiResult[];
}
