import { apportion } from "../allocation/index.js";
import { DomainError } from "../errors/index.js";
import type { Money } from "../money/index.js";
import { sumMinor } from "../money/Money.js";
import type { AllocationResult } from "../run/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";
import { chargesByPart, type LeadPart, type ServicePart } from "./chargesByPart.js";

/**
 * A partner's charge for a service, budget against actual, with the variance taken apart; for a
 * service that changed lead in the year, for one lead's part (`lead`, `leadFrom`, `leadTo`).
 */
export interface VarianceLine extends LeadPart {
  readonly service: ServiceId;
  readonly partner: PartnerId;
  readonly budget: Money;
  readonly actual: Money;
  /** actual − budget = cost + share + fx, exactly. */
  readonly variance: Money;
  /** Volume and price: the change in the service's cost (at budget rates), at the budget shares. */
  readonly cost: Money;
  /** Driver effect: the change in the partner's share, on the actual cost at budget rates. */
  readonly share: Money;
  /** Exchange rates: actual cost at actual rates less the same at budget rates. */
  readonly fx: Money;
}

/**
 * Takes each partner's variance for each service apart: cost (volume and price) effect, share
 * (driver) effect and FX effect, which sum exactly to the total variance.
 *
 * - fx = actual − actual at budget rates (both allocations, so exact pennies);
 * - cost = the actual cost at budget rates shared in the budget proportions (largest remainder),
 *   less the budget charge;
 * - share = the rest: actual at budget rates less that budget-proportion charge.
 *
 * When a service's budget charges are not all positive there are no budget proportions to apply:
 * the cost effect is then zero and the share effect carries it.
 *
 * @param budget - the budget allocation (budgeted costs, estimated drivers, budget rates)
 * @param actual - the actual allocation (actual costs and drivers, actual rates)
 * @param actualAtBudgetRates - the actual scenario allocated with foreign lines at budget rates
 *   (`convertToBase(actualScenario, { basis: "budget" })`); the actual allocation when nothing is foreign
 * @returns one line per service and partner
 * @throws DomainError `CURRENCY_MISMATCH` when the three allocations are not in one currency;
 *   `AMOUNT_OVERFLOW` when a total or a difference is beyond ±2^53 minor units (never rounded)
 * @example chargeVariance(allocate(budget, "2024/25"), allocate(actual, "2024/25"), allocate(atBudget, "2024/25"))
 */
export function chargeVariance(
  budget: AllocationResult,
  actual: AllocationResult,
  actualAtBudgetRates: AllocationResult = actual,
): VarianceLine[] {
  const currency = actual.currency;
  for (const [name, other] of [
    ["budget", budget],
    ["actualAtBudgetRates", actualAtBudgetRates],
  ] as const) {
    if (other.currency !== currency) {
      throw new DomainError(
        "CURRENCY_MISMATCH",
        `The ${name === "budget" ? "budget" : "actual at budget rates"} allocation is in ${other.currency}, the actual in ${currency}`,
        { path: name },
      );
    }
  }
  const money = (minor: number): Money => ({ currency, minor: minor + 0 });
  const b = chargesByPart(budget);
  const a = chargesByPart(actual);
  const abr = chargesByPart(actualAtBudgetRates);
  const lines: VarianceLine[] = [];
  for (const key of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const { service, part } = (a.get(key) ?? b.get(key)) as ServicePart;
    const bs = b.get(key)?.charges ?? new Map<PartnerId, number>();
    const as = a.get(key)?.charges ?? new Map<PartnerId, number>();
    const rs = abr.get(key)?.charges ?? new Map<PartnerId, number>();
    const partners = [...new Set([...bs.keys(), ...as.keys(), ...rs.keys()])].sort();
    const costAtBudgetRates = sumMinor(rs.values(), `actual cost of ${service} at budget rates`);
    const proportional = partners.every((p) => (bs.get(p) ?? 0) >= 0) && partners.some((p) => (bs.get(p) ?? 0) > 0);
    const atBudgetShares = new Map<string, number>();
    if (proportional) {
      const split = apportion(
        money(costAtBudgetRates),
        partners.map((id) => ({ id, weight: BigInt(bs.get(id) ?? 0) })),
      );
      for (const s of split.shares) atBudgetShares.set(s.id, s.amount.minor);
    }
    for (const p of partners) {
      const budgetCharge = bs.get(p) ?? 0;
      const actualCharge = as.get(p) ?? 0;
      const atBudgetRates = rs.get(p) ?? 0;
      const where = `variance of ${p} for ${service}`;
      const cost = proportional ? sumMinor([atBudgetShares.get(p) ?? 0, -budgetCharge], where) : 0;
      lines.push({
        service,
        ...part,
        partner: p,
        budget: money(budgetCharge),
        actual: money(actualCharge),
        variance: money(sumMinor([actualCharge, -budgetCharge], where)),
        cost: money(cost),
        // Exact even where a step on the way passes 2^53 and the result comes back within it.
        share: money(sumMinor([atBudgetRates, -budgetCharge, -cost], where)),
        fx: money(sumMinor([actualCharge, -atBudgetRates], where)),
      });
    }
  }
  return lines;
}
