import { DomainError, unreachable } from "../errors/index.js";
import { bigintToMinor } from "../money/index.js";
import type { RemainderPolicy } from "./RemainderPolicy.js";
import type { Weights } from "./Weights.js";

/** Compiled weights plus what to do with leftover units: everything needed to split amounts fast. */
export interface SplitPlan {
  readonly weights: Weights;
  readonly policy: RemainderPolicy;
  /** Index that receives all leftover units under `to-lead` / `largest-share`; −1 otherwise. */
  readonly target: number;
}

/**
 * Prepares a split plan.
 *
 * @param weights - compiled weights
 * @param policy - remainder policy
 * @param lead - the lead recipient's id, required for `to-lead`
 * @param where - what is being split, for error messages
 * @returns the plan
 * @throws DomainError `UNKNOWN_RECIPIENT` when `to-lead` names nobody among the recipients
 */
export function makeSplitPlan(
  weights: Weights,
  policy: RemainderPolicy,
  lead?: string,
  where = "apportionment",
): SplitPlan {
  let target = -1;
  if (policy === "to-lead") {
    target = lead === undefined ? -1 : weights.ids.indexOf(lead);
    if (target < 0) {
      throw new DomainError(
        "UNKNOWN_RECIPIENT",
        `${where}: policy to-lead needs the lead among the recipients (${weights.ids.join(", ")}); lead is ${lead ?? "not given"}`,
        { path: where },
      );
    }
  } else if (policy === "largest-share") {
    target = 0;
    for (let i = 1; i < weights.big.length; i++) {
      if ((weights.big[i] ?? 0n) > (weights.big[target] ?? 0n)) target = i;
    }
  }
  return { weights, policy, target };
}

// Scratch space for remainders; the domain is synchronous, so one buffer serves every call.
let remainders = new Float64Array(64);

/**
 * Splits an amount of minor units by a plan, writing each recipient's share into `out` in id order.
 * Shares plus the returned unallocated remainder sum exactly to `amount`; a negative amount gives
 * the exact mirror image of the positive one.
 *
 * @param plan - compiled split plan
 * @param amount - integer minor units, may be negative
 * @param out - receives `plan.weights.ids.length` shares from `offset`
 * @param offset - where to start writing in `out`
 * @returns the unallocated remainder (non-zero only under policy `unallocated`)
 */
export function splitInto(plan: SplitPlan, amount: number, out: Float64Array | number[], offset = 0): number {
  const w = plan.weights;
  const n = w.ids.length;
  const negative = amount < 0;
  const a = negative ? -amount : amount;
  let leftover: number;
  if (w.small !== null && a <= w.safeAmount) {
    if (remainders.length < n) remainders = new Float64Array(n * 2);
    const ws = w.small;
    const total = w.total;
    let assigned = 0;
    for (let i = 0; i < n; i++) {
      const p = a * (ws[i] as number);
      let f = Math.floor(p / total);
      let r = p - f * total;
      // The float quotient can land one either side of the true floor; the remainder tells.
      if (r < 0) {
        f -= 1;
        r += total;
      } else if (r >= total) {
        f += 1;
        r -= total;
      }
      out[offset + i] = f;
      remainders[i] = r;
      assigned += f;
    }
    leftover = a - assigned;
  } else {
    leftover = splitBig(w, a, out, offset);
  }
  let unallocated = 0;
  if (leftover > 0) {
    switch (plan.policy) {
      case "largest-remainder":
        awardLargestRemainders(n, leftover, out, offset);
        break;
      case "to-lead":
      case "largest-share":
        out[offset + plan.target] = (out[offset + plan.target] as number) + leftover;
        break;
      case "unallocated":
        unallocated = leftover;
        break;
      default:
        return unreachable(plan.policy);
    }
  }
  if (negative) {
    // 0 - x, not -x: never produce a negative zero.
    for (let i = 0; i < n; i++) out[offset + i] = 0 - (out[offset + i] as number);
    unallocated = 0 - unallocated;
  }
  return unallocated;
}

/** Exact bigint path for amounts whose products would pass 2^53. Fills `remainders` as numbers' ranks. */
function splitBig(w: Weights, a: number, out: Float64Array | number[], offset: number): number {
  const n = w.ids.length;
  const big = BigInt(a);
  const rem: bigint[] = new Array(n);
  let assigned = 0n;
  for (let i = 0; i < n; i++) {
    const p = big * (w.big[i] as bigint);
    let f = p / w.totalBig;
    let r = p % w.totalBig;
    if (r < 0n) {
      f -= 1n;
      r += w.totalBig;
    }
    out[offset + i] = bigintToMinor(f, "share");
    rem[i] = r;
    assigned += f;
  }
  // Remainders only matter by their order: rank them so the number path's selection applies.
  if (remainders.length < n) remainders = new Float64Array(n * 2);
  const order = [...rem.keys()].sort((x, y) => {
    const d = (rem[x] as bigint) - (rem[y] as bigint);
    return d < 0n ? -1 : d > 0n ? 1 : x - y;
  });
  let rank = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (k > 0 && rem[i] !== rem[order[k - 1] as number]) rank = k;
    remainders[i] = rank;
  }
  return bigintToMinor(big - assigned, "leftover");
}

/** One unit each to the `k` largest remainders, ties to the lower index (= lower id). */
function awardLargestRemainders(n: number, k: number, out: Float64Array | number[], offset: number): void {
  if (n <= 16) {
    // Selection: k is less than n and usually 0–2. A taken remainder is marked −1 (real ones are ≥ 0).
    for (let t = 0; t < k; t++) {
      let best = 0;
      let top = remainders[0] as number;
      for (let i = 1; i < n; i++) {
        const r = remainders[i] as number;
        if (r > top) {
          top = r;
          best = i;
        }
      }
      remainders[best] = -1;
      out[offset + best] = (out[offset + best] as number) + 1;
    }
    return;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (x, y) => (remainders[y] as number) - (remainders[x] as number) || x - y,
  );
  for (let t = 0; t < k; t++) {
    const i = order[t] as number;
    out[offset + i] = (out[offset + i] as number) + 1;
  }
}

/**
 * Splits a sequence of amounts by their running total: each call returns the change in every
 * recipient's share of the running total, so the parts of each amount sum exactly to it and the
 * parts of all amounts sum exactly to the split of their total. This is how a pool's result is
 * attributed to its lines without rounding error building up.
 *
 * The exact quota of the running total is tracked incrementally (whole part and remainder per
 * recipient), so products never grow with the total and the fast path stays in safe integers.
 */
export class RunningSplitter {
  private readonly plan: SplitPlan;
  private readonly n: number;
  private readonly fast: boolean;
  private readonly weights: Float64Array;
  private readonly total: number;
  private readonly safe: number;
  /** Whole part and remainder of each recipient's quota of the running total, when tracked. */
  private readonly floors: Float64Array;
  private readonly rems: Float64Array;
  private tracked = false;
  private readonly prev: Float64Array;
  private readonly cur: Float64Array;
  private readonly order: Float64Array;
  private running = 0;
  private prevUnallocated = 0;

  /** @param plan - the split plan to apply to the running total */
  constructor(plan: SplitPlan) {
    this.plan = plan;
    this.n = plan.weights.ids.length;
    // Signed weights (attribution only) can make quotas outgrow the total: keep those exact the slow way.
    this.fast = plan.weights.small !== null && !plan.weights.signed;
    this.weights = plan.weights.small ?? new Float64Array(0);
    this.total = plan.weights.total;
    this.safe = plan.weights.safeAmount;
    this.floors = new Float64Array(this.n);
    this.rems = new Float64Array(this.n);
    this.prev = new Float64Array(this.n);
    this.cur = new Float64Array(this.n);
    this.order = new Float64Array(this.n);
  }

  /**
   * Adds the next amount.
   *
   * @param amount - minor units, may be negative
   * @param out - receives each recipient's part of `amount`, in id order
   * @returns the part of `amount` left unallocated (policy `unallocated` only)
   */
  next(amount: number, out: Float64Array | number[]): number {
    const n = this.n;
    const cur = this.cur;
    const prev = this.prev;
    const running = this.running + amount;
    this.running = running;
    let unallocated: number;
    if (!this.fast || amount > this.safe || amount < -this.safe) {
      // Exact but slower: split the whole running total afresh (bigint when products are large).
      unallocated = splitInto(this.plan, running, cur);
      this.tracked = false;
    } else {
      const a = running < 0 ? -running : running;
      if (a <= this.safe) {
        // Products of the running total are exact: compute its quotas directly.
        this.quotasOf(a);
        this.tracked = false;
      } else {
        // Past 2^53 ÷ weight: carry each quota's whole part and remainder forward instead.
        if (this.tracked) this.track(amount);
        else this.retrack();
        this.quotasFromTrack(running < 0);
      }
      unallocated = this.award(a - this.assigned);
      if (running < 0) {
        for (let i = 0; i < n; i++) cur[i] = 0 - (cur[i] as number);
        unallocated = 0 - unallocated;
      }
    }
    for (let i = 0; i < n; i++) {
      out[i] = (cur[i] as number) - (prev[i] as number) + 0;
      prev[i] = cur[i] as number;
    }
    const part = unallocated - this.prevUnallocated + 0;
    this.prevUnallocated = unallocated;
    return part;
  }

  private assigned = 0;

  /** Floors into `cur`, remainders into `order`, for a non-negative amount whose products are safe. */
  private quotasOf(a: number): void {
    const { n, weights, total, cur, order } = this;
    let assigned = 0;
    for (let i = 0; i < n; i++) {
      const p = a * (weights[i] as number);
      let f = Math.floor(p / total);
      let r = p - f * total;
      if (r < 0) {
        f -= 1;
        r += total;
      } else if (r >= total) {
        f += 1;
        r -= total;
      }
      cur[i] = f;
      order[i] = r;
      assigned += f;
    }
    this.assigned = assigned;
  }

  /** Adds `amount`'s exact quota to the tracked quotas of the running total. */
  private track(amount: number): void {
    const { n, weights, total, floors, rems } = this;
    for (let i = 0; i < n; i++) {
      const p = amount * (weights[i] as number);
      let f = Math.floor(p / total);
      let r = p - f * total;
      if (r < 0) {
        f -= 1;
        r += total;
      } else if (r >= total) {
        f += 1;
        r -= total;
      }
      let rem = (rems[i] as number) + r;
      let floor = (floors[i] as number) + f;
      if (rem >= total) {
        rem -= total;
        floor += 1;
      }
      rems[i] = rem;
      floors[i] = floor;
    }
  }

  /** Sets the tracked quotas of the running total exactly, with bigint. */
  private retrack(): void {
    const w = this.plan.weights;
    const big = BigInt(this.running);
    for (let i = 0; i < this.n; i++) {
      const p = big * (w.big[i] as bigint);
      let f = p / w.totalBig;
      let r = p % w.totalBig;
      if (r < 0n) {
        f -= 1n;
        r += w.totalBig;
      }
      this.floors[i] = Number(f);
      this.rems[i] = Number(r);
    }
    this.tracked = true;
  }

  /** Floors and remainders of |running| from the tracked quotas of the signed running total. */
  private quotasFromTrack(negative: boolean): void {
    const { n, total, floors, rems, cur, order } = this;
    let assigned = 0;
    for (let i = 0; i < n; i++) {
      const rem = rems[i] as number;
      if (negative) {
        // floor(−x) = −ceil(x): one more when there is a remainder, which becomes total − rem.
        const up = rem > 0 ? 1 : 0;
        cur[i] = -(floors[i] as number) - up;
        order[i] = up === 1 ? total - rem : 0;
      } else {
        cur[i] = floors[i] as number;
        order[i] = rem;
      }
      assigned += cur[i] as number;
    }
    this.assigned = assigned;
  }

  /** Hands out leftover units by the plan's policy; returns any kept back. */
  private award(leftover: number): number {
    if (leftover <= 0) return 0;
    const { n, cur, order } = this;
    switch (this.plan.policy) {
      case "largest-remainder":
        for (let left = leftover; left > 0; left--) {
          let best = 0;
          let top = order[0] as number;
          for (let i = 1; i < n; i++) {
            if ((order[i] as number) > top) {
              top = order[i] as number;
              best = i;
            }
          }
          order[best] = -1;
          cur[best] = (cur[best] as number) + 1;
        }
        return 0;
      case "to-lead":
      case "largest-share":
        cur[this.plan.target] = (cur[this.plan.target] as number) + leftover;
        return 0;
      case "unallocated":
        return leftover;
      default:
        return unreachable(this.plan.policy);
    }
  }
}
