import { Fraction, toFraction } from "../exact/index.js";

/**
 * An allowed distance from a target: `absolute` in the KPI's own unit (percentage points for a %
 * KPI, days for a days KPI), or `relative` as a percentage of the target (10 = 10% of the target,
 * so 8 points for a target of 80%).
 */
export type KpiTolerance =
  | { readonly kind: "absolute"; readonly amount: string }
  | { readonly kind: "relative"; readonly percent: string };

/**
 * The size of a tolerance against a reference value, exactly.
 *
 * @param tolerance - absolute amount or percentage of the reference
 * @param reference - the target (or, for a band, the band edge that was crossed)
 * @returns the allowed distance in the KPI's unit, never negative
 * @throws DomainError `INVALID_DECIMAL` when the tolerance is not a decimal
 * @example toleranceAmount({ kind: "relative", percent: "10" }, Fraction.of(80n)) // 8
 */
export function toleranceAmount(tolerance: KpiTolerance, reference: Fraction): Fraction {
  if (tolerance.kind === "absolute") return toFraction(tolerance.amount, "tolerance.amount");
  const magnitude = reference.num < 0n ? reference.neg() : reference;
  return magnitude.mul(toFraction(tolerance.percent, "tolerance.percent")).div(Fraction.of(100n));
}
