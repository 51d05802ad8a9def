import { toFraction } from "../exact/index.js";
import { convertToBase } from "../fx/index.js";
import type { CurrencyCode, Money } from "../money/index.js";
import type { FinancialPeriod } from "../period/index.js";
import { allocate } from "../run/index.js";
import type { PartnerId } from "../scenario/ids.js";
import type { Scenario } from "../scenario/Scenario.js";

/** Every partner's charge if the partnership currency moved against one currency. */
export interface SensitivityCase {
  readonly currency: CurrencyCode;
  /** The move, e.g. `"+10"`: the partnership currency buys 10% more of `currency`. */
  readonly move: string;
  readonly partners: readonly { readonly partner: PartnerId; readonly charge: Money; readonly change: Money }[];
}

/**
 * What each partner would pay if the partnership currency moved by ±`percent` against each
 * foreign currency in the scenario, one currency at a time, everything else as recorded.
 *
 * @param scenario - a scenario with foreign-currency lines and rates
 * @param period - the period to allocate
 * @param percent - the size of the move, e.g. `"10"`
 * @returns for each currency, a case for the rise and one for the fall, against the recorded rates
 * @throws DomainError `MISSING_RATE` and whatever `allocate` throws
 */
export function fxSensitivity(
  scenario: Scenario,
  period: string | FinancialPeriod,
  percent: string,
): SensitivityCase[] {
  toFraction(percent, "percent");
  const charges = (s: Scenario) => new Map(allocate(s, period).byPartner.map((p) => [p.partner, p.total]));
  const base = charges(convertToBase(scenario).scenario);
  const currencies = [...new Set(scenario.costLines.map((l) => l.amount.currency))]
    .filter((c) => c !== scenario.partnership.currency)
    .sort();
  const magnitude = percent.replace(/^[+-]/, "");
  return currencies.flatMap((currency) =>
    [`+${magnitude}`, `-${magnitude}`].map((move) => {
      const moved = charges(convertToBase(scenario, { shift: { [currency]: move } }).scenario);
      return {
        currency,
        move,
        partners: [...base].map(([partner, before]) => {
          const charge = moved.get(partner) ?? { currency: before.currency, minor: 0 };
          return { partner, charge, change: { currency: before.currency, minor: charge.minor - before.minor + 0 } };
        }),
      };
    }),
  );
}
