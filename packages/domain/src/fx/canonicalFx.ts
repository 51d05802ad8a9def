import { sortedBy } from "../hash/index.js";
import type { FxTable } from "../scenario/Scenario.js";

/**
 * A rate table with its lists in canonical order (rates by currency and date, budget rates by
 * currency and year), for hashing.
 *
 * @param fx - the scenario's rate table
 * @returns the same table, lists sorted
 */
export function canonicalFx(fx: FxTable): FxTable {
  return {
    rounding: fx.rounding,
    rates: sortedBy(fx.rates, (r) => `${r.currency}\u0000${r.date}`),
    budgetRates: sortedBy(fx.budgetRates, (r) => `${r.currency}\u0000${r.year}`),
  };
}
