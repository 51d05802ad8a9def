import { Fraction, type FractionData, type RoundingMode } from "../exact/index.js";
import { fromMinor, type Money } from "../money/index.js";

/**
 * When a partner's savings repay its net one-off costs:
 * - `none-needed`: cumulative savings never fell below cumulative one-off costs;
 * - `paid-back`: they did, and caught up in `year`, `years` after the start of the first year;
 * - `not-yet`: still short by `shortfall` at the end of the last year.
 */
export type Payback =
  | { readonly status: "none-needed" }
  | {
      readonly status: "paid-back";
      readonly year: string;
      /** Years from the start of the first year, 2 places, assuming savings accrue evenly through a year. */
      readonly years: string;
      readonly yearsExact: FractionData;
    }
  | { readonly status: "not-yet"; readonly shortfall: Money };

/** One year's flows for the payback calculation. */
export interface PaybackYear {
  readonly year: string;
  readonly saving: Money;
  /** One-off costs minus funding in the year. */
  readonly oneOffNet: Money;
}

/**
 * Works out the payback period: the point at which cumulative savings finally cover cumulative net
 * one-off costs for good, with savings and costs taken to accrue evenly within each year.
 *
 * @param years - consecutive years' savings and net one-off costs, in order
 * @param rounding - how the displayed number of years is rounded
 * @returns the payback status
 * @example payback([{ year: "2015/16", saving: £0, oneOffNet: £100 }, { year: "2016/17", saving: £40, … }, …], "half-up")
 */
export function payback(years: readonly PaybackYear[], rounding: RoundingMode): Payback {
  // Cumulative positions in bigint: exact however far a running total strays past 2^53.
  const nets: bigint[] = [];
  let net = 0n;
  for (const y of years) {
    net += BigInt(y.saving.minor) - BigInt(y.oneOffNet.minor);
    nets.push(net);
  }
  let lastNegative = -1;
  for (let i = 0; i < nets.length; i++) if ((nets[i] as bigint) < 0n) lastNegative = i;
  if (lastNegative === -1) return { status: "none-needed" };
  const currency = years[0]?.saving.currency ?? "GBP";
  if (lastNegative === nets.length - 1) return { status: "not-yet", shortfall: fromMinor(-net, currency) };
  const next = years[lastNegative + 1] as PaybackYear;
  const short = -(nets[lastNegative] as bigint);
  const flow = BigInt(next.saving.minor) - BigInt(next.oneOffNet.minor);
  // flow > 0: the cumulative position rose from below zero to zero or above during the next year.
  const exact = Fraction.of(BigInt(lastNegative + 1)).add(Fraction.of(short, flow));
  return {
    status: "paid-back",
    year: next.year,
    years: exact.toDecimalString(2, rounding),
    yearsExact: exact.toData(),
  };
}
