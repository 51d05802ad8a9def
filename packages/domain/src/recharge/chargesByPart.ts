import type { CalendarDate } from "../period/index.js";
import type { AllocationResult } from "../run/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";

/**
 * Which lead issued a year-end row, and for which months: present on advances, true-up and variance
 * rows only when the service changed lead inside the period.
 */
export interface LeadPart {
  readonly lead?: PartnerId;
  /** First day of the lead's part of the period. */
  readonly leadFrom?: CalendarDate;
  /** The day after its last day. */
  readonly leadTo?: CalendarDate;
}

/** One part of a service in an allocation: the whole service, or its part under one lead. */
export interface ServicePart {
  readonly service: ServiceId;
  /** The lead that issues the part's charges. */
  readonly issuer: PartnerId;
  /** Set only for a part of a service that changed lead in the period. */
  readonly part: LeadPart;
  /** partner → minor units. */
  readonly charges: Map<PartnerId, number>;
}

/**
 * The key of a part: the service id, or the service id and its lead's first day.
 *
 * @param service - the service
 * @param part - the lead part, empty for a whole service
 * @returns a key that sorts parts by service, then date
 */
export function partKey(service: string, part: LeadPart): string {
  return part.leadFrom === undefined ? service : `${service}\u0000${part.leadFrom}`;
}

/**
 * Each partner's charge per service part in an allocation (internal: the year-end functions'
 * working form): one part per service, or one per lead when the service changed lead in the period.
 *
 * @param run - an allocation
 * @returns part key ({@link partKey}) → the part, in key order
 */
export function chargesByPart(run: Pick<AllocationResult, "byPartner" | "byService">): Map<string, ServicePart> {
  const leads = new Map(run.byService.map((s) => [s.service as string, s.lead]));
  const out = new Map<string, ServicePart>();
  const add = (service: ServiceId, issuer: PartnerId, part: LeadPart, partner: PartnerId, minor: number) => {
    const key = partKey(service, part);
    const entry = out.get(key) ?? { service, issuer, part, charges: new Map<PartnerId, number>() };
    entry.charges.set(partner, minor);
    out.set(key, entry);
  };
  for (const p of run.byPartner) {
    for (const s of p.services) {
      if (s.byLead === undefined) {
        add(s.service, leads.get(s.service) as PartnerId, {}, p.partner, s.total.minor);
        continue;
      }
      for (const l of s.byLead) {
        add(s.service, l.lead, { lead: l.lead, leadFrom: l.from, leadTo: l.to }, p.partner, l.total.minor);
      }
    }
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
