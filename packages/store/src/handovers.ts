import type { Queryable } from "./db/index.js";

/**
 * A service passing from one lead council to another from a date: from `effectiveFrom` on, the new
 * lead writes the service's dated rows and issues its charges; before it, the previous lead did.
 */
export interface Handover {
  /** The first day the new lead leads: the first day of a month, `YYYY-MM-DD`. */
  readonly effectiveFrom: string;
  /** The lead in force the day before. */
  readonly previousLead: string;
  /** The lead from `effectiveFrom` on (until the next hand-over). */
  readonly lead: string;
  /** When the hand-over was recorded (ISO instant), and by whom (the person the key was issued to). */
  readonly recordedAt: string;
  readonly recordedBy: string;
}

/** What the lead-in-force questions need of a service: its lead today and its hand-overs, oldest first. */
export interface LeadHistory {
  readonly id: string;
  /** The lead of a service that was never handed over (its only lead). */
  readonly lead: string;
  readonly handovers: readonly Handover[];
}

/** A date range [start, end): `end` is the first day after it, as the domain's periods are. */
export interface DateSpan {
  readonly start: string;
  readonly end: string;
}

/**
 * The lead of a service on a date: the lead of the latest hand-over in force by then, or, before
 * the first hand-over, the lead it was handed over from.
 *
 * @param service - the service with its hand-overs, oldest first
 * @param date - a date, `YYYY-MM-DD`
 * @returns the partner that leads the service that day
 * @example
 * leadOn({ id: "BC", lead: "SCDC", handovers: [{ effectiveFrom: "2024-10-01", previousLead: "HDC", lead: "SCDC", … }] }, "2024-09-30");
 * // "HDC"
 */
export function leadOn(service: LeadHistory, date: string): string {
  const first = service.handovers[0];
  if (first === undefined) return service.lead;
  let lead = first.previousLead;
  for (const h of service.handovers) if (h.effectiveFrom <= date) lead = h.lead;
  return lead;
}

/**
 * The leads of a service on the days of a date range, in the order they led it.
 *
 * @param service - the service with its hand-overs, oldest first
 * @param span - the range [start, end)
 * @returns one lead when no hand-over falls strictly inside the range, else each lead in turn
 */
export function leadsWithin(service: LeadHistory, span: DateSpan): string[] {
  const leads = [leadOn(service, span.start)];
  for (const h of handoversInside(service, span)) leads.push(h.lead);
  return leads;
}

/**
 * The hand-overs of a service that take effect strictly inside a date range (after its first day,
 * before its end): a run of that range would need the service's lines split between two leads.
 *
 * @param service - the service with its hand-overs, oldest first
 * @param span - the range [start, end)
 * @returns those hand-overs, oldest first
 */
export function handoversInside(service: LeadHistory, span: DateSpan): Handover[] {
  return service.handovers.filter((h) => span.start < h.effectiveFrom && h.effectiveFrom < span.end);
}

interface HandoverRow {
  service_id: string;
  effective_from: string;
  previous_lead: string;
  lead: string;
  recorded_at: string;
  recorded_by: string;
}

/**
 * Reads a partnership's hand-overs, by service, each service's oldest first.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @returns the hand-overs of each service that has any
 */
export async function listHandovers(q: Queryable, partnershipId: string): Promise<Map<string, Handover[]>> {
  const rows = await q.query<HandoverRow>(
    "SELECT service_id, effective_from::text AS effective_from, previous_lead, lead, recorded_at, recorded_by FROM service_handovers WHERE partnership_id = $1 ORDER BY service_id, effective_from",
    [partnershipId],
  );
  const byService = new Map<string, Handover[]>();
  for (const r of rows) {
    const list = byService.get(r.service_id) ?? [];
    list.push({
      effectiveFrom: r.effective_from,
      previousLead: r.previous_lead,
      lead: r.lead,
      recordedAt: r.recorded_at,
      recordedBy: r.recorded_by,
    });
    byService.set(r.service_id, list);
  }
  return byService;
}
