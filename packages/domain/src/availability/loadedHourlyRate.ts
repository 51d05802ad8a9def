import { DomainError, unreachable } from "../errors/index.js";
import { type DecimalInput, Fraction, type FractionData, toFraction } from "../exact/index.js";
import type { CurrencyCode, Money } from "../money/index.js";

/**
 * How a loaded hourly rate is found:
 * - `annual-cost`: a yearly cost per person that already includes on-costs (employer's NI and
 *   pension), over productive hours a year;
 * - `salary-plus-on-costs`: a salary, plus on-costs as a percentage of it, over productive hours;
 * - `hourly`: a loaded rate given directly.
 */
export type LoadedRateInput =
  | {
      readonly kind: "annual-cost";
      /** Cost per person a year, including on-costs, e.g. £25,000. */
      readonly annualCost: Money;
      /** Productive hours per person a year, e.g. `"1924"` (37 h × 52 weeks). */
      readonly productiveHoursPerYear: DecimalInput;
    }
  | {
      readonly kind: "salary-plus-on-costs";
      /** Salary per person a year, before on-costs. */
      readonly salary: Money;
      /** On-costs as a percentage of salary, e.g. `"28.5"`. */
      readonly onCostPercent: DecimalInput;
      readonly productiveHoursPerYear: DecimalInput;
    }
  | { readonly kind: "hourly"; readonly perHour: Money };

/** A loaded hourly rate per person, exact: minor units per hour as a fraction (not rounded). */
export interface LoadedRate {
  readonly currency: CurrencyCode;
  /** Minor units per person-hour, exactly (e.g. 2,500,000p ÷ 1,924 h = 625000/481). */
  readonly minorPerHour: FractionData;
}

/**
 * The loaded hourly rate of one person, kept exact so that rounding happens once, on the final
 * cost.
 *
 * @param input - annual cost, salary plus on-costs, or an hourly rate
 * @param where - field path for errors
 * @returns the rate as a fraction of minor units per hour
 * @throws DomainError `INVALID_DECIMAL`, `DIVISION_BY_ZERO` (zero productive hours), `INVALID_AMOUNT`
 *   (a negative cost)
 * @example
 * loadedHourlyRate({ kind: "annual-cost", annualCost: parseMoney("25000", "GBP"), productiveHoursPerYear: "1924" })
 * // { currency: "GBP", minorPerHour: { numerator: "625000", denominator: "481" } } — £12.9937… an hour
 */
export function loadedHourlyRate(input: LoadedRateInput, where = "rate"): LoadedRate {
  const hours = (h: DecimalInput): Fraction => {
    const f = toFraction(h, `${where}.productiveHoursPerYear`);
    if (f.compare(Fraction.ZERO) <= 0) {
      throw new DomainError("DIVISION_BY_ZERO", `${where}.productiveHoursPerYear: must be more than zero hours`, {
        path: `${where}.productiveHoursPerYear`,
      });
    }
    return f;
  };
  const nonNegative = (m: Money, field: string): Fraction => {
    if (m.minor < 0) {
      throw new DomainError("INVALID_AMOUNT", `${where}.${field}: a cost cannot be negative`, {
        path: `${where}.${field}`,
      });
    }
    return Fraction.of(BigInt(m.minor));
  };
  switch (input.kind) {
    case "annual-cost":
      return {
        currency: input.annualCost.currency,
        minorPerHour: nonNegative(input.annualCost, "annualCost").div(hours(input.productiveHoursPerYear)).toData(),
      };
    case "salary-plus-on-costs": {
      const onCost = toFraction(input.onCostPercent, `${where}.onCostPercent`);
      if (onCost.num < 0n) {
        throw new DomainError("INVALID_DECIMAL", `${where}.onCostPercent: on-costs cannot be negative`, {
          path: `${where}.onCostPercent`,
        });
      }
      const loaded = nonNegative(input.salary, "salary").mul(Fraction.ONE.add(onCost.div(Fraction.of(100n))));
      return {
        currency: input.salary.currency,
        minorPerHour: loaded.div(hours(input.productiveHoursPerYear)).toData(),
      };
    }
    case "hourly":
      return { currency: input.perHour.currency, minorPerHour: nonNegative(input.perHour, "perHour").toData() };
    default:
      return unreachable(input);
  }
}
