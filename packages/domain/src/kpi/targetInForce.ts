import type { CalendarDate } from "../period/index.js";
import type { KpiTarget } from "./KpiDefinition.js";

/**
 * The target version in force on a date: the one with the latest `effectiveFrom` on or before it.
 * Periods ask with their first day, so a target changed mid-quarter applies from the next quarter
 * and history is never re-rated by a later change.
 *
 * @param targets - the KPI's target versions, in any order
 * @param date - the day asked about (a period's start)
 * @returns the version in force, or undefined before the first one
 * @example targetInForce([{ kind: "value", effectiveFrom: "2019-04-01", value: "80" }], "2019-07-01")?.value // "80"
 */
export function targetInForce(targets: readonly KpiTarget[], date: CalendarDate): KpiTarget | undefined {
  let best: KpiTarget | undefined;
  for (const t of targets) {
    if (t.effectiveFrom <= date && (best === undefined || t.effectiveFrom > best.effectiveFrom)) best = t;
  }
  return best;
}
