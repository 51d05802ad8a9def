import { DomainError } from "../errors/index.js";
import { type DecimalInput, Fraction, toFraction } from "../exact/index.js";

/** A recipient and its weight, as callers give them. */
export interface WeightInput {
  /** Recipient id (a partner id, or a component name). Ties are broken by this id. */
  readonly id: string;
  /** Exact non-negative decimal weight: a percentage, a ratio or a driver quantity. */
  readonly weight: DecimalInput;
}

/**
 * Weights compiled for repeated apportionment: recipients in id order, weights as integers with
 * no common factor. Built once per basis and reused for every amount split by it.
 */
export interface Weights {
  /** Recipient ids in ascending order; shares are reported in this order. */
  readonly ids: readonly string[];
  /** Integer weights, aligned with `ids`. */
  readonly big: readonly bigint[];
  /** Sum of `big`; positive. */
  readonly totalBig: bigint;
  /** The same weights as numbers when every one is a safe integer, for the fast path. */
  readonly small: Float64Array | null;
  /** `total` as a number (valid when `small` is not null). */
  readonly total: number;
  /** Largest |amount| for which the number path is exact (|amount × weight| ≤ 2^53 − 1). */
  readonly safeAmount: number;
  /** Whether any weight is negative (only for internal attribution, never from user input). */
  readonly signed: boolean;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * Compiles exact fractional weights. Internal: allows negative weights when `signed` is set, for
 * attributing a group's signed result back to its lines.
 *
 * @param entries - recipient ids and exact weights
 * @param where - what is being weighted, for error messages
 * @param signed - allow negative weights (the total must still be positive)
 * @returns compiled weights
 * @throws DomainError `NO_RECIPIENTS`, `DUPLICATE_RECIPIENT`, `NEGATIVE_WEIGHT`, `ZERO_TOTAL_WEIGHT`
 */
export function compileFractionWeights(
  entries: readonly { readonly id: string; readonly weight: Fraction }[],
  where: string,
  signed = false,
): Weights {
  if (entries.length === 0) {
    throw new DomainError("NO_RECIPIENTS", `${where}: there is nobody to apportion to`, { path: where });
  }
  const sorted = [...entries].sort((a, b) => compareIds(a.id, b.id));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]?.id === sorted[i - 1]?.id) {
      throw new DomainError("DUPLICATE_RECIPIENT", `${where}: recipient ${sorted[i]?.id} appears more than once`, {
        path: where,
      });
    }
  }
  let lcm = 1n;
  for (const { id, weight } of sorted) {
    if (!signed && weight.num < 0n) {
      throw new DomainError("NEGATIVE_WEIGHT", `${where}: weight of ${id} is ${weight}; weights cannot be negative`, {
        path: where,
      });
    }
    lcm = (lcm / gcd(lcm, weight.den)) * weight.den;
  }
  let big = sorted.map(({ weight }) => weight.num * (lcm / weight.den));
  let totalBig = big.reduce((s, w) => s + w, 0n);
  if (totalBig <= 0n) {
    throw new DomainError(
      "ZERO_TOTAL_WEIGHT",
      `${where}: the weights total ${totalBig === 0n ? "zero" : "less than zero"}, so there is no basis to apportion by`,
      { path: where },
    );
  }
  const common = big.reduce((g, w) => gcd(g, w), 0n);
  if (common > 1n) {
    big = big.map((w) => w / common);
    totalBig /= common;
  }
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  let maxAbs = totalBig;
  for (const w of big) if ((w < 0n ? -w : w) > maxAbs) maxAbs = w < 0n ? -w : w;
  const fits = maxAbs <= max;
  return {
    ids: sorted.map((e) => e.id),
    big,
    totalBig,
    small: fits ? Float64Array.from(big, Number) : null,
    total: fits ? Number(totalBig) : Number.NaN,
    safeAmount: fits ? Number(max / maxAbs) : 0,
    signed: big.some((w) => w < 0n),
  };
}

/**
 * Compiles decimal weights as users give them.
 *
 * @param entries - recipient ids and exact non-negative decimal weights
 * @param where - what is being weighted, for error messages
 * @returns compiled weights
 * @throws DomainError `NO_RECIPIENTS`, `DUPLICATE_RECIPIENT`, `NEGATIVE_WEIGHT`, `ZERO_TOTAL_WEIGHT`,
 *   `INVALID_DECIMAL`
 */
export function compileWeights(entries: readonly WeightInput[], where = "weights"): Weights {
  return compileFractionWeights(
    entries.map((e) => ({ id: e.id, weight: toFraction(e.weight, `${where}.${e.id}`) })),
    where,
  );
}

/**
 * The exact share of one recipient as a fraction of the whole.
 *
 * @param weights - compiled weights
 * @param index - position in `weights.ids`
 * @returns weight ÷ total
 */
export function shareOf(weights: Weights, index: number): Fraction {
  return Fraction.of(weights.big[index] ?? 0n, weights.totalBig);
}
