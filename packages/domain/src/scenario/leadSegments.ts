import type { CalendarDate } from "../period/index.js";
import type { PartnerId } from "./ids.js";
import type { Service } from "./Scenario.js";

/** Part of a period under one lead: lines dated from `from` up to (not including) `to`. */
export interface LeadSegment {
  readonly lead: PartnerId;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

/**
 * The lead of a service on a date: the lead of the latest hand-over on or before it, else the
 * service's first lead.
 *
 * @param service - the service, with its hand-overs oldest first
 * @param date - any date
 * @returns the lead in force on `date`
 * @example leadOn({ ...ict, lead: "HDC", handovers: [{ effectiveFrom: "2024-10-01", lead: "CCC" }] }, "2024-10-01"); // "CCC"
 */
export function leadOn(service: Pick<Service, "lead" | "handovers">, date: CalendarDate): PartnerId {
  let lead = service.lead;
  for (const h of service.handovers ?? []) {
    if (h.effectiveFrom > date) break;
    lead = h.lead;
  }
  return lead;
}

/**
 * The parts of a period each under one lead, in date order: one segment (the lead in force at the
 * start) when no hand-over falls strictly inside the period, else one more per hand-over inside
 * it. The segments cover the period exactly, without gaps or overlaps.
 *
 * @param service - the service, with its hand-overs oldest first
 * @param period - the period's first day and the day after its last (half-open)
 * @returns the segments, at least one
 * @example
 * leadSegments(ict, { start: "2024-04-01", end: "2025-04-01" });
 * // [{ lead: "HDC", from: "2024-04-01", to: "2024-10-01" }, { lead: "CCC", from: "2024-10-01", to: "2025-04-01" }]
 */
export function leadSegments(
  service: Pick<Service, "lead" | "handovers">,
  period: { readonly start: CalendarDate; readonly end: CalendarDate },
): LeadSegment[] {
  const inside = (service.handovers ?? []).filter(
    (h) => h.effectiveFrom > period.start && h.effectiveFrom < period.end,
  );
  const starts = [period.start, ...inside.map((h) => h.effectiveFrom)];
  return starts.map((from, i) => ({
    lead: i === 0 ? leadOn(service, period.start) : (inside[i - 1]?.lead as PartnerId),
    from,
    to: starts[i + 1] ?? period.end,
  }));
}
