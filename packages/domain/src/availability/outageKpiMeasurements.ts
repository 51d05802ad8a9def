import type { FinancialPeriod } from "../period/index.js";
import { availability } from "./availability.js";
import { type IncidentTarget, incidentResolution } from "./incidentResolution.js";
import { availabilityMeasurements, incidentMeasurements, type OutageKpiMeasurement } from "./measurements.js";
import type { AvailabilityInputs } from "./parseAvailability.js";

/** Options for {@link outageKpiMeasurements}. */
export interface OutageKpiOptions {
  /** The partnership's partners: each gets its own readings. */
  readonly partners: readonly string[];
  /** When the report is taken (ISO 8601): open outages end here, and one beginning at or after it counts nothing. Needed only if some are open. */
  readonly asAt?: string;
}

/**
 * Every outage-derived KPI reading a document asks for in a period, in one call: availability
 * for each service in `settings.kpis` and incident resolution for each of `settings.incidentTargets`,
 * for the partnership and for each partner.
 *
 * @param inputs - from {@link parseAvailability}
 * @param period - a financial period or its name
 * @param options - partners and asAt
 * @returns the readings (none when the document has no availability settings)
 * @throws DomainError as {@link availability} and {@link incidentResolution}
 * @example outageKpiMeasurements(parsed.value, "2024/25-Q1", { partners: ["CCC", "HDC", "SCDC"] })
 */
export function outageKpiMeasurements(
  inputs: AvailabilityInputs,
  period: FinancialPeriod | string,
  options: OutageKpiOptions,
): OutageKpiMeasurement[] {
  const settings = inputs.settings;
  if (settings === undefined) return [];
  const asAt = options.asAt === undefined ? {} : { asAt: options.asAt };
  const out: OutageKpiMeasurement[] = [];
  if (Object.keys(settings.kpis).length > 0) {
    const report = availability(inputs.outages, period, {
      calendars: inputs.calendars,
      partners: options.partners,
      planned: settings.planned,
      percent: settings.percent,
      ...asAt,
    });
    out.push(...availabilityMeasurements(report, settings.kpis));
  }
  // Targets for one service are judged on that service's incidents only; group them by service.
  const groups = new Map<string | undefined, IncidentTarget[]>();
  for (const { service, ...target } of settings.incidentTargets) {
    groups.set(service, [...(groups.get(service) ?? []), target]);
  }
  for (const [service, targets] of groups) {
    const report = incidentResolution(inputs.outages, period, {
      targets,
      byPartner: true,
      calendars: inputs.calendars,
      ...(service === undefined ? {} : { service }),
      ...asAt,
    });
    out.push(...incidentMeasurements(report));
  }
  return out;
}
