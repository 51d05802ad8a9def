/**
 * One measurement of a KPI for one period, as plain data. Give either `value`, or `numerator` and
 * `denominator` (a KPI aggregated as a `ratio` needs the latter, every other KPI the former).
 *
 * @example { kpi: "LEGAL-KPI-1", period: "2019/20-Q1", numerator: "245", denominator: "250" }
 */
export interface KpiMeasurement {
  /** KPI code, e.g. `ICT-KPI-2`. */
  readonly kpi: string;
  /** A financial period: `2024/25-Q1`, `2024/25-P7` or `2024/25`. */
  readonly period: string;
  /** The partner measured; absent = the whole partnership. */
  readonly partner?: string;
  /** The value as an exact decimal string, in the KPI's unit (`"97.8"` for 97.8%). */
  readonly value?: string;
  /** Exact decimal strings; the denominator is greater than zero. */
  readonly numerator?: string;
  readonly denominator?: string;
  /** For a sample: responses received … */
  readonly responses?: number;
  /** … out of this many surveyed or eligible. */
  readonly population?: number;
  /** Corrective-action note or commentary for the period. */
  readonly note?: string;
}
