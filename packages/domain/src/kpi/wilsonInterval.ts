import { Decimal as DecimalJs } from "decimal.js";
import { DomainError } from "../errors/index.js";
import type { Fraction } from "../exact/index.js";
import type { WilsonConfidence } from "./KpiDefinition.js";

/** Significant digits of every step of the Wilson calculation (the square root included). */
export const WILSON_PRECISION = 50;

/** Decimal places of the interval's bounds, in percent. */
export const WILSON_PLACES = 6;

// Its own decimal.js: the domain's Decimal has 1,000 digits so that + − × stay exact, which would
// make a square root needlessly slow. Here every result is rounded, so 50 digits are stated.
const W = DecimalJs.clone({ precision: WILSON_PRECISION, rounding: DecimalJs.ROUND_HALF_EVEN });

/** Two-sided standard normal quantiles, to 30 significant digits. */
const Z: Record<WilsonConfidence, string> = {
  "90": "1.64485362695147271486384890799",
  "95": "1.95996398454005423552459443052",
  "99": "2.57582930354890076097857674860",
};

/**
 * The Wilson score interval of a sampled proportion, in percent, computed with decimal.js at
 * {@link WILSON_PRECISION} significant digits and rounded outwards to {@link WILSON_PLACES} places
 * (lower bound down, upper bound up), so the reported interval always contains the exact one.
 *
 * centre = (p̂ + z²/2n) / (1 + z²/n), half-width = z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n)
 *
 * @param proportion - the observed proportion p̂, from 0 to 1 (exact)
 * @param n - the number of responses it is based on
 * @param confidence - `90`, `95` or `99` (%)
 * @returns lower and upper bounds in percent, as decimal strings
 * @throws DomainError `INVALID_MEASUREMENT` when n is not a positive whole number or p̂ is outside 0–1
 * @example wilsonInterval(Fraction.of(17n, 20n), 60, "95") // { lower: "73.873...", upper: "92.4..." }
 */
export function wilsonInterval(
  proportion: Fraction,
  n: number,
  confidence: WilsonConfidence,
): { readonly lower: string; readonly upper: string } {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new DomainError("INVALID_MEASUREMENT", `A Wilson interval needs one response or more, not ${n}`);
  }
  if (proportion.num < 0n || proportion.num > proportion.den) {
    throw new DomainError("INVALID_MEASUREMENT", `A proportion must lie between 0 and 1, not ${proportion}`);
  }
  const p = new W(proportion.num.toString()).dividedBy(proportion.den.toString());
  const z = new W(Z[confidence]);
  const z2 = z.times(z);
  const size = new W(n);
  const scale = new W(1).plus(z2.dividedBy(size));
  const centre = p.plus(z2.dividedBy(size.times(2))).dividedBy(scale);
  const spread = p
    .times(new W(1).minus(p))
    .dividedBy(size)
    .plus(z2.dividedBy(size.times(size).times(4)))
    .sqrt();
  const half = z.times(spread).dividedBy(scale);
  const hundred = new W(100);
  const lower = W.max(0, centre.minus(half)).times(hundred);
  const upper = W.min(1, centre.plus(half)).times(hundred);
  return {
    lower: lower.toFixed(WILSON_PLACES, DecimalJs.ROUND_FLOOR),
    upper: upper.toFixed(WILSON_PLACES, DecimalJs.ROUND_CEIL),
  };
}
