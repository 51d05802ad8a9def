import { type FinancialPeriod, parsePeriod } from "../period/index.js";
import type { KpiDefinition } from "./KpiDefinition.js";
import { kpiFirstDay } from "./kpiFirstDay.js";

/**
 * The name a KPI is printed under in a year (or any period): the latest of its renamings (`names`)
 * from that year or earlier, else its `name`. So a name corrected from 2025/26 leaves 2024/25's
 * scorecard, annual report and every other print of that year with the name it had. A renaming
 * whose `from` is not a financial year is passed over (`kpiProblems` reports it at
 * `kpis[i].names[j].from`).
 *
 * @param kpi - the definition (its `name` and `names`)
 * @param year - the financial year, as a name (`2024/25`, or a quarter or month of it) or parsed;
 *   a quarter or month prints the name in force on its first day, which is its year's
 * @returns the name in force
 * @throws DomainError `INVALID_PERIOD` when `year` is a name that is not a financial period
 * @example
 * const kpi = { ...legal, name: "Cases closed", names: [{ from: "2025/26", name: "Matters closed" }] };
 * kpiNameFor(kpi, "2024/25"); // "Cases closed"
 * kpiNameFor(kpi, "2026/27-Q2"); // "Matters closed"
 */
export function kpiNameFor(kpi: Pick<KpiDefinition, "name" | "names">, year: string | FinancialPeriod): string {
  const day = (typeof year === "string" ? parsePeriod(year, "year") : year).start;
  let name = kpi.name;
  let since: string | undefined;
  for (const renaming of kpi.names ?? []) {
    const first = kpiFirstDay(renaming);
    // The latest first day on or before the year's wins (ties: the later in the list, as written).
    if (first !== undefined && first <= day && (since === undefined || first >= since)) {
      name = renaming.name;
      since = first;
    }
  }
  return name;
}
