import { DomainError } from "../errors/index.js";
import { Fraction, toFraction } from "../exact/index.js";
import { convertToBase } from "../fx/index.js";
import type { CurrencyCode, Money } from "../money/index.js";
import { sumMinor } from "../money/Money.js";
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
 * @param percent - the size of the move, e.g. `"10"`; less than 100
 * @returns for each currency, a case for the rise and one for the fall, against the recorded rates
 * @throws DomainError `INVALID_DECIMAL` for a percent that is not a decimal or is 100 or more;
 *   `MISSING_RATE` and whatever `allocate` throws
 */
export function fxSensitivity(
  scenario: Scenario,
  period: string | FinancialPeriod,
  percent: string,
): SensitivityCase[] {
  // The fall of 100% or more would make a rate zero (dividing by it) or negative (a cost a credit).
  const size = toFraction(percent, "percent");
  if ((size.num < 0n ? size.neg() : size).compare(Fraction.of(100n)) >= 0) {
    throw new DomainError(
      "INVALID_DECIMAL",
      `percent: a move of ${percent.replace(/^[+-]/, "")}% down would make a rate zero or negative; give less than 100`,
      { path: "percent" },
    );
  }
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
          const change = sumMinor([charge.minor, -before.minor], `change of ${partner}'s charge`);
          return { partner, charge, change: { currency: before.currency, minor: change } };
        }),
      };
    }),
  );
}
