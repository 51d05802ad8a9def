import { type Money, sum } from "../money/index.js";
import type { RemainderPolicy } from "./RemainderPolicy.js";
import { makeSplitPlan, splitInto } from "./split.js";
import { compileWeights, type WeightInput, type Weights } from "./Weights.js";

/** Options for {@link apportion}. */
export interface ApportionOptions {
  /** What to do with leftover minor units (default `largest-remainder`). */
  readonly policy?: RemainderPolicy;
  /** The lead recipient, needed by policy `to-lead`. */
  readonly lead?: string;
  /** What is being apportioned (`pool ICT/licences`), for error messages. */
  readonly where?: string;
}

/** One recipient's part of an apportionment. */
export interface Share {
  readonly id: string;
  readonly amount: Money;
}

/** The result of {@link apportion}: shares in recipient-id order plus any unallocated remainder. */
export interface Apportionment {
  readonly amount: Money;
  readonly policy: RemainderPolicy;
  /** One share per recipient, in ascending id order whatever the input order. */
  readonly shares: readonly Share[];
  /** Leftover minor units kept back under policy `unallocated`; zero otherwise. */
  readonly unallocated: Money;
}

/**
 * Apportions an amount by weights so that the shares sum exactly to the amount.
 *
 * Every recipient first gets the whole-unit floor of its exact quota (amount × weight ÷ total);
 * the few leftover units then go by the remainder policy, by default one each to the largest
 * fractional remainders with ties broken by recipient id, so the result never depends on input
 * order. A negative amount (a credit) gives the exact mirror image of the positive amount.
 *
 * @param amount - the money to split
 * @param weights - recipients with exact non-negative weights, or weights compiled beforehand
 * @param options - remainder policy, lead recipient, and a label for errors
 * @returns shares in id order and the unallocated remainder
 * @throws DomainError `NO_RECIPIENTS`, `NEGATIVE_WEIGHT`, `ZERO_TOTAL_WEIGHT`, `DUPLICATE_RECIPIENT`,
 *   `INVALID_DECIMAL`, `UNKNOWN_RECIPIENT`
 * @example
 * apportion(fromMinor(5, "GBP"), [{ id: "A", weight: "1" }, { id: "B", weight: "2" }])
 * // shares: A 2p, B 3p (dinero.js's allocate gives 1p + 4p)
 */
export function apportion(
  amount: Money,
  weights: readonly WeightInput[] | Weights,
  options: ApportionOptions = {},
): Apportionment {
  const where = options.where ?? "apportionment";
  const compiled = "big" in weights ? weights : compileWeights(weights, where);
  const policy = options.policy ?? "largest-remainder";
  const plan = makeSplitPlan(compiled, policy, options.lead, where);
  const out = new Array<number>(compiled.ids.length);
  const unallocated = splitInto(plan, amount.minor, out);
  const shares = compiled.ids.map((id, i) => ({ id, amount: { currency: amount.currency, minor: out[i] as number } }));
  return {
    amount,
    policy,
    shares,
    unallocated: { currency: amount.currency, minor: unallocated },
  };
}

/**
 * Checks that an apportionment conserves money: shares plus unallocated equal the amount.
 *
 * @param result - an apportionment
 * @returns true when nothing was created or lost
 */
export function isConserved(result: Apportionment): boolean {
  const total = sum([...result.shares.map((s) => s.amount), result.unallocated], result.amount.currency);
  return total.minor === result.amount.minor;
}
