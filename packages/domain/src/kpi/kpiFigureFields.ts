import type { KpiDefinition } from "./KpiDefinition.js";

/**
 * The fields of a KPI's definition that a scorecard reads only where the KPI has a figure (a
 * measurement, or a reading derived from the outage log, in the year or for comparison): how
 * values are shown (`display`), the tolerance and Blue band they are rated by, the stretch-target
 * review and the sample rule. A KPI shown without figures — rated "?" or not applicable — prints
 * the same row whatever they are. Every other rated field (`name` and its renamings `names`, `unit`, `polarity`,
 * `aggregation`, `monitoringOnly`, `scheme`) is printed in the row of every year the KPI is
 * reported in, measured or not; `code`, `service`, `from` and `targets` place and date the row.
 *
 * @example KPI_FIGURE_FIELDS.includes("tolerance") // true; "unit" is not among them
 */
export const KPI_FIGURE_FIELDS = [
  "display",
  "tolerance",
  "blue",
  "review",
  "sample",
] as const satisfies readonly (keyof KpiDefinition)[];
