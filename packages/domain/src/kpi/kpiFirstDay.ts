import { type CalendarDate, type FinancialPeriod, parsePeriod } from "../period/index.js";
import type { KpiDefinition } from "./KpiDefinition.js";

/**
 * The first day of the financial year from which a KPI is reported (its `from`), or `undefined`
 * when it gives none (reported every year its service is in effect) or `from` is not a year
 * (`kpiProblems` reports that at `kpis[i].from`).
 *
 * @param kpi - the definition
 * @returns the first day of `from`'s year, e.g. `2025-04-01` for `2025/26`
 * @example kpiFirstDay({ ...kpi, from: "2025/26" }) // "2025-04-01"
 */
export function kpiFirstDay(kpi: Pick<KpiDefinition, "from">): CalendarDate | undefined {
  if (kpi.from === undefined) return undefined;
  try {
    const p = parsePeriod(kpi.from);
    return p.kind === "year" ? p.start : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a KPI is reported in a year's scorecard: always without a `from`, else from `from`'s
 * year on, so a KPI added later never changes an earlier (perhaps closed) year's scorecard.
 *
 * @param kpi - the definition
 * @param year - the financial year of the scorecard
 * @returns `true` when the year ends after the KPI's first day
 */
export function kpiReportedIn(kpi: Pick<KpiDefinition, "from">, year: FinancialPeriod): boolean {
  const first = kpiFirstDay(kpi);
  return first === undefined || first < year.end;
}
