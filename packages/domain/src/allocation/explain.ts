import { Fraction, type FractionData } from "../exact/index.js";
import { currency, type Money } from "../money/index.js";
import type { ApportionOptions } from "./apportion.js";
import type { RemainderPolicy } from "./RemainderPolicy.js";
import { makeSplitPlan } from "./split.js";
import { compileWeights, type WeightInput, type Weights } from "./Weights.js";

/** How one recipient's share came about. */
export interface RecipientExplanation {
  readonly id: string;
  /** The recipient's exact share of the whole (weight ÷ total weight). */
  readonly share: FractionData;
  /** The same share as a percentage to six places, for people. */
  readonly percent: string;
  /** Exact quota in minor units (amount × share), before any rounding. */
  readonly quota: FractionData;
  /** Whole minor units given before leftovers (the quota truncated towards zero). */
  readonly floor: number;
  /** Fractional part of the quota that the floor left behind, in minor units (0 ≤ r < 1). */
  readonly remainder: FractionData;
  /** Leftover minor units this recipient received (negative for credits). */
  readonly extra: number;
  /** Final share in minor units. */
  readonly amount: number;
  /** Why it received its leftover units, or why not. */
  readonly reason: string;
}

/** The full working of an apportionment: each quota, floor and who got each leftover unit and why. */
export interface ApportionmentExplanation {
  readonly amount: Money;
  readonly policy: RemainderPolicy;
  readonly recipients: readonly RecipientExplanation[];
  /** Minor units left after floors, handed out by the policy (or kept back). */
  readonly leftover: number;
  /** Leftover minor units kept back as an explicit line (policy `unallocated`). */
  readonly unallocated: number;
  /** One sentence summary. */
  readonly summary: string;
}

function unitWord(code: string, count: number): string {
  const c = currency(code);
  if (c.code === "GBP") return count === 1 ? "penny" : "pence";
  if (c.exponent === 0) return count === 1 ? "unit" : "units";
  return count === 1 ? "minor unit" : "minor units";
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${s}`;
}

/**
 * Explains an apportionment: exact quota of each recipient as a fraction, the floor, and who got
 * each leftover unit and why. Gives the same shares as {@link apportion} (slower: exact fractions).
 *
 * @param amount - the money split
 * @param weights - recipients and weights, as for {@link apportion}
 * @param options - remainder policy and lead
 * @returns the working
 * @example explainApportionment(fromMinor(5, "GBP"), [{ id: "A", weight: "1" }, { id: "B", weight: "2" }]).summary
 */
export function explainApportionment(
  amount: Money,
  weights: readonly WeightInput[] | Weights,
  options: ApportionOptions = {},
): ApportionmentExplanation {
  const where = options.where ?? "apportionment";
  const w = "big" in weights ? weights : compileWeights(weights, where);
  const policy = options.policy ?? "largest-remainder";
  const plan = makeSplitPlan(w, policy, options.lead, where);
  const sign = amount.minor < 0 ? -1n : 1n;
  const a = BigInt(Math.abs(amount.minor));
  const n = w.ids.length;
  const quotas = w.big.map((wi) => Fraction.of(a * wi, w.totalBig));
  const floors = quotas.map((q) => q.round("floor"));
  const remainders = quotas.map((q, i) => q.sub(Fraction.of(floors[i] as bigint)));
  const leftover = Number(a - floors.reduce((s, f) => s + f, 0n));
  const extra = new Array<number>(n).fill(0);
  const reasons = new Array<string>(n).fill("");
  const unit = (k: number) => `${k} ${unitWord(amount.currency, k)}`;
  let unallocated = 0;

  if (policy === "largest-remainder") {
    const order = [...Array(n).keys()].sort(
      (x, y) => (remainders[y] as Fraction).compare(remainders[x] as Fraction) || x - y,
    );
    order.forEach((i, rank) => {
      const r = remainders[i] as Fraction;
      const tiedWith = order.filter((j) => j !== i && (remainders[j] as Fraction).equals(r)).map((j) => w.ids[j]);
      const tie = tiedWith.length > 0 && !r.isZero() ? `; ties with ${tiedWith.join(", ")} go to the lower id` : "";
      if (rank < leftover) {
        extra[i] = 1;
        reasons[i] =
          `remainder ${r} is the ${ordinal(rank + 1)} largest, so it takes 1 of the ${unit(leftover)} left over${tie}`;
      } else if (leftover === 0) {
        reasons[i] = "quota is whole: nothing left over";
      } else {
        reasons[i] = `remainder ${r} ranks ${ordinal(rank + 1)}; only ${unit(leftover)} left over${tie}`;
      }
    });
  } else if (policy === "unallocated") {
    unallocated = leftover;
    for (let i = 0; i < n; i++) reasons[i] = `floor only: ${unit(leftover)} kept as an unallocated remainder`;
  } else {
    const label = policy === "to-lead" ? "the lead" : "the largest share";
    for (let i = 0; i < n; i++) {
      if (i === plan.target) {
        extra[i] = leftover;
        reasons[i] = `${label} takes all ${unit(leftover)} left over (policy ${policy})`;
      } else {
        reasons[i] = `floor only: leftovers go to ${label} (policy ${policy})`;
      }
    }
  }

  const recipients = w.ids.map((id, i): RecipientExplanation => {
    const share = Fraction.of(w.big[i] as bigint, w.totalBig);
    const floor = Number(sign * (floors[i] as bigint));
    const ex = Number(sign) * (extra[i] as number);
    return {
      id,
      share: share.toData(),
      percent: share.mul(Fraction.of(100n)).toDecimalString(6, "half-even"),
      quota: (quotas[i] as Fraction).mul(Fraction.of(sign)).toData(),
      floor: floor === 0 ? 0 : floor,
      remainder: (remainders[i] as Fraction).toData(),
      extra: ex === 0 ? 0 : ex,
      amount: floor + ex === 0 ? 0 : floor + ex,
      reason: reasons[i] as string,
    };
  });
  const summary =
    leftover === 0
      ? "Every quota was a whole number of minor units."
      : `${unit(leftover)} left after floors; policy ${policy}${amount.minor < 0 ? " (a credit: mirrored)" : ""}.`;
  return {
    amount,
    policy,
    recipients,
    leftover,
    unallocated: amount.minor < 0 && unallocated !== 0 ? -unallocated : unallocated,
    summary,
  };
}
