import { Fraction, type RoundingMode } from "../exact/index.js";
import type { Money } from "./Money.js";

/**
 * One amount as a percentage of another, exactly, to two decimal places by a named rounding mode.
 * Both amounts must be in the same currency (the callers' amounts always are).
 *
 * @param part - the amount measured
 * @param whole - the amount it is measured against
 * @param rounding - how the third decimal place rounds
 * @returns the percentage as decimal text (`"12.50"`), or null when the whole is zero
 * @example percentOf(gbp(1), gbp(8), "half-even") // "12.50"
 */
export function percentOf(part: Money, whole: Money, rounding: RoundingMode): string | null {
  if (whole.minor === 0) return null;
  return Fraction.of(BigInt(part.minor) * 100n, BigInt(whole.minor)).toDecimalString(2, rounding);
}
