import type { AvailabilityReport } from "./availability.js";
import type { IncidentResolutionReport } from "./incidentResolution.js";

/**
 * One KPI reading as the KPI evaluation consumes it: a numerator and denominator as decimal
 * strings (the denominator above zero), for a period and optionally one partner. Percentages
 * aggregate as Σ numerators ÷ Σ denominators, which is why both are given rather than a ratio.
 * Every such object is also a KPI measurement of the `kpi` subdomain (named apart so the two
 * subdomains merge without a clash).
 */
export interface OutageKpiMeasurement {
  readonly kpi: string;
  /** Financial period name, e.g. `2024/25-Q1`. */
  readonly period: string;
  readonly partner?: string;
  readonly numerator: string;
  readonly denominator: string;
}

/**
 * Availability readings for the KPI evaluation: numerator = available seconds, denominator =
 * agreed seconds, one reading per service with a KPI id and one per partner of it. Rows with no
 * agreed service time are left out (no data, not 0% or 100%).
 *
 * @param report - from {@link availability}
 * @param kpis - the KPI id of each service's availability, e.g. `{ ICT: "ict-availability" }`;
 *   services not listed give no reading
 * @returns the readings, in report order
 * @example availabilityMeasurements(report, { ICT: "ict-availability" })
 * // [{ kpi: "ict-availability", period: "2024/25-Q1", numerator: "2217600", denominator: "2228400" }, …]
 */
export function availabilityMeasurements(
  report: AvailabilityReport,
  kpis: Readonly<Record<string, string>>,
): OutageKpiMeasurement[] {
  const out: OutageKpiMeasurement[] = [];
  for (const row of report.rows) {
    const kpi = kpis[row.service];
    if (kpi === undefined || row.agreedSeconds === 0) continue;
    out.push({
      kpi,
      period: report.period,
      ...(row.partner === undefined ? {} : { partner: row.partner }),
      numerator: String(row.availableSeconds),
      denominator: String(row.agreedSeconds),
    });
  }
  return out;
}

/**
 * Incident-resolution readings for the KPI evaluation: numerator = incidents resolved within the
 * target, denominator = incidents judged. Rows with no incident judged are left out (no data).
 *
 * @param report - from {@link incidentResolution}
 * @returns the readings, in report order
 */
export function incidentMeasurements(report: IncidentResolutionReport): OutageKpiMeasurement[] {
  return report.rows
    .filter((row) => row.judged > 0)
    .map((row) => ({
      kpi: row.kpi,
      period: report.period,
      ...(row.partner === undefined ? {} : { partner: row.partner }),
      numerator: String(row.met),
      denominator: String(row.judged),
    }));
}
