import { DomainError } from "../errors/index.js";
import { divideRounded, Fraction, toFraction } from "../exact/index.js";
import { bigintToMinor, type CurrencyCode, currency, type Money } from "../money/index.js";
import { type FinancialPeriod, periodOf } from "../period/index.js";
import type { CostLine, Scenario } from "../scenario/Scenario.js";

/** Which rates convert foreign lines: those recorded for each line's date, or the year's budget rate. */
export type FxRateBasis = "actual" | "budget";

/** How one foreign line was converted. */
export interface Conversion {
  readonly line: string;
  /** The amount as recorded, in its own currency. */
  readonly original: Money;
  /** Units of the foreign currency per unit of the partnership currency. */
  readonly rate: string;
  /** The date (actual) or financial year (budget) the rate is for. */
  readonly rateFor: string;
  readonly basis: FxRateBasis;
  readonly converted: Money;
}

/** Options for {@link convertToBase}. */
export interface ConvertOptions {
  /** `actual` (default): each line's date's rate; `budget`: the budget rate of the line's year. */
  readonly basis?: FxRateBasis;
  /**
   * Moves the partnership currency against others, for sensitivity: `{ USD: "10" }` means the
   * partnership currency buys 10% more dollars (every USD rate × 1.10); `"-10"` 10% fewer. A move
   * must be more than −100%: at −100% or less a rate would be zero or negative.
   */
  readonly shift?: Readonly<Partial<Record<CurrencyCode, string>>>;
  /** Convert only lines dated in this period (a run's); others are left as they are. */
  readonly period?: FinancialPeriod;
}

/**
 * Converts every cost line in a foreign currency into the partnership currency, at the rate
 * recorded for the line's date (or the budget rate for its year), rounded by the scenario's named
 * FX rounding mode. Lines already in the partnership currency are untouched.
 *
 * @param scenario - a scenario whose lines may be in several currencies
 * @param options - which rates to use, and any shift for sensitivity
 * @returns the scenario in one currency, and a record of every conversion
 * @throws DomainError `MISSING_RATE` naming the line, currency and date (or year) without a rate;
 *   `INVALID_DECIMAL` for a shift that is not a decimal or is −100% or less
 * @example convertToBase(scenario).scenario  // every amount in GBP
 */
export function convertToBase(
  scenario: Scenario,
  options: ConvertOptions = {},
): { scenario: Scenario; conversions: Conversion[] } {
  const base = scenario.partnership.currency;
  const basis = options.basis ?? "actual";
  const inPeriod = (l: CostLine) =>
    options.period === undefined || (l.date >= options.period.start && l.date < options.period.end);
  // Most scenarios have no foreign lines: a plain loop finds that without a closure call or an
  // array per line (this check ran at about 15 ms per million lines as a filter).
  let anyForeign = false;
  for (const line of scenario.costLines) {
    if (line.amount.currency !== base && inPeriod(line)) {
      anyForeign = true;
      break;
    }
  }
  if (!anyForeign && options.shift === undefined) return { scenario, conversions: [] };
  const fx = scenario.fx;
  const actual = new Map((fx?.rates ?? []).map((r) => [`${r.currency}\u0000${r.date}`, r.rate]));
  const budget = new Map((fx?.budgetRates ?? []).map((r) => [`${r.currency}\u0000${r.year}`, r.rate]));
  const shifts = new Map(
    Object.entries(options.shift ?? {}).map(([c, pct]) => {
      const factor = Fraction.ONE.add(toFraction(pct as string, `shift.${c}`).div(Fraction.of(100n)));
      // A factor of zero would divide by zero, a negative one turn every cost into a credit.
      if (factor.num <= 0n) {
        throw new DomainError(
          "INVALID_DECIMAL",
          `shift.${c}: a move of ${pct}% would make every ${c} rate zero or negative; a move must be more than -100%`,
          { path: `shift.${c}` },
        );
      }
      return [c, factor];
    }),
  );
  const baseExponent = currency(base).exponent;
  const conversions: Conversion[] = [];
  const costLines = scenario.costLines.map((line): CostLine => {
    const code = line.amount.currency;
    if (code === base || !inPeriod(line)) return line;
    const rateFor = basis === "actual" ? line.date : periodOf(line.date, "year").name;
    const rate = (basis === "actual" ? actual : budget).get(`${code}\u0000${rateFor}`);
    if (rate === undefined || fx === undefined) {
      throw new DomainError(
        "MISSING_RATE",
        basis === "actual"
          ? `Cost line ${line.id} (${code} ${line.amount.minor} minor units, dated ${line.date}) has no ${code} rate recorded for ${line.date}`
          : `Cost line ${line.id} (${code}, dated ${line.date}) has no ${code} budget rate for ${rateFor}`,
        { path: line.id },
      );
    }
    const r = toFraction(rate, `fx rate ${code} ${rateFor}`).mul(shifts.get(code) ?? Fraction.ONE);
    // base minor = foreign minor × 10^(base exponent − foreign exponent) ÷ rate
    const scale = baseExponent - currency(code).exponent;
    const numerator = BigInt(line.amount.minor) * r.den * (scale >= 0 ? 10n ** BigInt(scale) : 1n);
    const denominator = r.num * (scale < 0 ? 10n ** BigInt(-scale) : 1n);
    const converted: Money = {
      currency: base,
      minor: bigintToMinor(divideRounded(numerator, denominator, fx.rounding), `cost line ${line.id}`),
    };
    conversions.push({
      line: line.id,
      original: line.amount,
      rate: r.toDecimalString(10, "half-even").replace(/\.?0+$/, ""),
      rateFor,
      basis,
      converted,
    });
    return { ...line, amount: converted };
  });
  // Listed by line id, so the record never depends on the order lines were given in.
  conversions.sort((a, b) => (a.line < b.line ? -1 : a.line > b.line ? 1 : 0));
  return { scenario: { ...scenario, costLines }, conversions };
}
