import { type CalendarDate, type FinancialPeriod, parsePeriod } from "../period/index.js";

/**
 * The first day of the financial year from which a KPI is reported (its `from`), or `undefined`
 * when it gives none (reported every year its service is in effect) or `from` is not a year
 * (`kpiProblems` reports that at `kpis[i].from`).
 *
 * @param kpi - the definition
 * @returns the first day of `from`'s year, e.g. `2025-04-01` for `2025/26`
 * @example kpiFirstDay({ ...kpi, from: "2025/26" }) // "2025-04-01"
 */
export function kpiFirstDay(kpi: { readonly from?: string | undefined }): CalendarDate | undefined {
  return kpi.from === undefined ? undefined : yearOf(kpi.from)?.start;
}

/**
 * The day after the financial year in which a KPI is last reported (its `to`), or `undefined` when
 * it gives none (reported every year from `from` on) or `to` is not a year (`kpiProblems` reports
 * that at `kpis[i].to`).
 *
 * @param kpi - the definition
 * @returns the first day after `to`'s year, e.g. `2027-04-01` for `2026/27`
 * @example kpiEndDay({ ...kpi, to: "2026/27" }) // "2027-04-01"
 */
export function kpiEndDay(kpi: { readonly to?: string | undefined }): CalendarDate | undefined {
  return kpi.to === undefined ? undefined : yearOf(kpi.to)?.end;
}

/** The financial year a name such as `2025/26` names, or `undefined` for any other name. */
function yearOf(name: string): FinancialPeriod | undefined {
  try {
    const p = parsePeriod(name);
    return p.kind === "year" ? p : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a KPI is reported in a year's scorecard: from `from`'s year (or always, without one) to
 * `to`'s year (or for ever, without one), so a KPI added later never changes an earlier (perhaps
 * closed) year's scorecard, and a retired one leaves later years' scorecards.
 *
 * @param kpi - the definition
 * @param year - the financial year of the scorecard
 * @returns `true` when the year ends after the KPI's first day and starts before its end day
 */
export function kpiReportedIn(
  kpi: { readonly from?: string | undefined; readonly to?: string | undefined },
  year: FinancialPeriod,
): boolean {
  const first = kpiFirstDay(kpi);
  const end = kpiEndDay(kpi);
  return (first === undefined || first < year.end) && (end === undefined || year.start < end);
}
