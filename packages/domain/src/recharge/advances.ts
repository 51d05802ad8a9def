import { apportion } from "../allocation/index.js";
import { DomainError } from "../errors/index.js";
import type { Money } from "../money/index.js";
import { type CalendarDate, monthOrdinal, parsePeriod, subdivide } from "../period/index.js";
import type { AllocationResult } from "../run/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";
import { chargesByPart, type LeadPart } from "./chargesByPart.js";

/**
 * One quarterly contribution a partner pays in advance for a service; for a service that changes
 * lead in the year, to the lead of its part (`lead`, `leadFrom`, `leadTo`).
 */
export interface Advance extends LeadPart {
  readonly partner: PartnerId;
  readonly service: ServiceId;
  /** `2024/25-Q1` … `2024/25-Q4`. */
  readonly quarter: string;
  readonly amount: Money;
}

/**
 * Quarterly advance contributions from an estimate for the year (budgeted costs and estimated
 * drivers allocated with `allocate`): each partner's estimated charge for each service in four
 * parts that sum exactly to it. Leftover pennies go to the earliest quarters.
 *
 * A service that changes lead in the year is advanced part by part: each lead's estimated charge
 * over the quarters it leads in, weighted by its months in each (a hand-over on 1 October: the
 * first lead's half in Q1 and Q2, the second's in Q3 and Q4), to that lead.
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
  const quarters = subdivide(year, "quarter");
  const weights = quarters.map((q) => ({ id: q.name, weight: "1" }));
  const advances: Advance[] = [];
  for (const { service, part, charges } of chargesByPart(estimate).values()) {
    const { leadFrom, leadTo } = part;
    // A lead's part is advanced over its own months, quarter by quarter.
    const partWeights =
      leadFrom === undefined || leadTo === undefined
        ? weights
        : quarters.flatMap((q) => {
            // The lead's months inside the quarter: from the later start to the earlier end.
            const months = monthsBetween(
              [leadFrom, q.start].sort()[1] as CalendarDate,
              [leadTo, q.end].sort()[0] as CalendarDate,
            );
            return months > 0 ? [{ id: q.name, weight: String(months) }] : [];
          });
    for (const [partner, minor] of [...charges].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const share of apportion({ currency: estimate.currency, minor }, partWeights).shares) {
        advances.push({ partner, service, ...part, quarter: share.id, amount: share.amount });
      }
    }
  }
  return advances;
}

/** Whole months from `from` to `to`, both first days of months; zero when `to` is not later. */
function monthsBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.max(0, monthOrdinal(to) - monthOrdinal(from));
}
