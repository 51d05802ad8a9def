import { apportion } from "../allocation/index.js";
import { DomainError } from "../errors/index.js";
import { addDays, parsePeriod, subdivide } from "../period/index.js";
import type { CostLine, Scenario } from "../scenario/Scenario.js";

/**
 * Turns a scenario's annual pool budgets into the budget scenario a recharge run needs for advances,
 * true-up and variance: each pool's budget spread over the year's twelve months (exactly: the months
 * sum to the budget, leftover pennies to the earliest months), dated on each month's last day so a
 * rule that changes mid-year applies to the months it governs. Drivers, rules and support are the
 * scenario's own (the estimates agreed for the year); budgets have no income lines.
 *
 * @param scenario - a scenario with a `budgets` section
 * @param year - the financial year, e.g. `2024/25`
 * @returns the budget scenario
 * @throws DomainError `INVALID_PERIOD` when `year` is not a year, `INVALID_SCENARIO` when the
 *   scenario has no budget for the year
 * @example rechargeRun({ scenario, period: "2024/25", statements, budget: budgetScenario(scenario, "2024/25") })
 */
export function budgetScenario(scenario: Scenario, year: string): Scenario {
  const period = parsePeriod(year, "year");
  if (period.kind !== "year") {
    throw new DomainError("INVALID_PERIOD", `Budgets are annual; got ${year}`, { path: "year" });
  }
  const budgets = (scenario.budgets ?? []).filter((b) => b.year === period.name);
  if (budgets.length === 0) {
    throw new DomainError("INVALID_SCENARIO", `The scenario has no budgets for ${period.name}`, { path: "budgets" });
  }
  const months = subdivide(period, "month");
  // Ids P01…P12 sort in month order, so leftover pennies go to the earliest months.
  const monthWeights = months.map((m) => ({ id: `P${(m.name.split("-P")[1] ?? "").padStart(2, "0")}`, weight: "1" }));
  const costLines: CostLine[] = budgets.flatMap((b) => {
    const split = apportion(b.amount, monthWeights, { where: `budgets.${b.service}.${b.pool}` });
    return months.map((m, i) => ({
      id: `BUDGET-${b.service}-${b.pool}-${monthWeights[i]?.id}`,
      service: b.service,
      pool: b.pool,
      date: addDays(m.end, -1),
      amount: split.shares[i]?.amount ?? b.amount,
      description: `Budget ${period.name} ${m.name}`,
    }));
  });
  return { ...scenario, costLines, income: [] };
}
