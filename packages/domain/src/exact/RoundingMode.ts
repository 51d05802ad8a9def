import { DomainError } from "../errors/index.js";

/**
 * Named rounding modes. Every rounding in the domain names one; there is no implicit default.
 *
 * - `half-even`: to nearest, ties to the even neighbour (banker's rounding)
 * - `half-up`: to nearest, ties away from zero (what most people do by hand)
 * - `half-down`: to nearest, ties towards zero
 * - `up`: away from zero
 * - `down`: towards zero (truncate)
 * - `ceiling`: towards +∞
 * - `floor`: towards −∞
 */
export const ROUNDING_MODES = ["half-even", "half-up", "half-down", "up", "down", "ceiling", "floor"] as const;

/** One of {@link ROUNDING_MODES}. */
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/**
 * Whether a value is a rounding mode name.
 *
 * @param value - anything
 * @returns true when `value` is one of {@link ROUNDING_MODES}
 */
export function isRoundingMode(value: unknown): value is RoundingMode {
  return typeof value === "string" && (ROUNDING_MODES as readonly string[]).includes(value);
}

/**
 * Divides two integers exactly and rounds the quotient to an integer by a named mode.
 *
 * @param numerator - the dividend
 * @param denominator - the divisor (non-zero)
 * @param mode - how to round a non-integer quotient
 * @returns the rounded quotient
 * @throws DomainError `DIVISION_BY_ZERO` when `denominator` is zero
 * @example divideRounded(5n, 2n, "half-even") // 2n
 */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new DomainError("DIVISION_BY_ZERO", "Cannot divide by zero");
  let n = numerator;
  let d = denominator;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d; // truncates towards zero
  const r = n % d; // has the sign of n
  if (r === 0n) return q;
  const away = n < 0n ? q - 1n : q + 1n;
  const twice = (r < 0n ? -r : r) * 2n;
  switch (mode) {
    case "down":
      return q;
    case "up":
      return away;
    case "ceiling":
      return n > 0n ? q + 1n : q;
    case "floor":
      return n < 0n ? q - 1n : q;
    case "half-up":
      return twice >= d ? away : q;
    case "half-down":
      return twice > d ? away : q;
    case "half-even":
      if (twice > d) return away;
      if (twice < d) return q;
      return q % 2n === 0n ? q : away;
    default:
      return assertNever(mode);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled rounding mode: ${String(value)}`);
}
