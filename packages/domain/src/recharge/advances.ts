import { apportion } from "../allocation/index.js";
import { DomainError } from "../errors/index.js";
import type { Money } from "../money/index.js";
import { parsePeriod, subdivide } from "../period/index.js";
import type { AllocationResult } from "../run/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";

/** One quarterly contribution a partner pays in advance for a service. */
export interface Advance {
  readonly partner: PartnerId;
  readonly service: ServiceId;
  /** `2024/25-Q1` … `2024/25-Q4`. */
  readonly quarter: string;
  readonly amount: Money;
}

/**
 * Each partner's charge per service in an allocation (internal: the year-end functions' working form).
 *
 * @param run - an allocation
 * @returns `service → partner → minor units`
 */
export function chargesByService(run: AllocationResult): Map<ServiceId, Map<PartnerId, number>> {
  const out = new Map<ServiceId, Map<PartnerId, number>>();
  for (const p of run.byPartner) {
    for (const s of p.services) {
      const row = out.get(s.service) ?? new Map<PartnerId, number>();
      row.set(p.partner, s.total.minor);
      out.set(s.service, row);
    }
  }
  return out;
}

/**
 * Quarterly advance contributions from an estimate for the year (budgeted costs and estimated
 * drivers allocated with `allocate`): each partner's estimated charge for each service in four
 * parts that sum exactly to it. Leftover pennies go to the earliest quarters.
 *
 * @param estimate - an allocation of a whole financial year
 * @returns advances by partner, service and quarter
 * @throws DomainError `INVALID_PERIOD` when the estimate is not for a whole year
 * @example quarterlyAdvances(allocate(budgetScenario, "2024/25"))
 */
export function quarterlyAdvances(estimate: AllocationResult): Advance[] {
  const year = parsePeriod(estimate.period.name);
  if (year.kind !== "year") {
    throw new DomainError("INVALID_PERIOD", `Advances are set from an estimate for a whole year, not ${year.name}`);
  }
  const quarters = subdivide(year, "quarter").map((q) => q.name);
  const weights = quarters.map((id) => ({ id, weight: "1" }));
  const advances: Advance[] = [];
  for (const [service, row] of [...chargesByService(estimate)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const [partner, minor] of [...row].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const share of apportion({ currency: estimate.currency, minor }, weights).shares) {
        advances.push({ partner, service, quarter: share.id, amount: share.amount });
      }
    }
  }
  return advances;
}
