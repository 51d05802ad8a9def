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

  /**
   * Splits a whole sequence of amounts, exactly as calling {@link next} for each in turn would, and
   * writes recipient i's part of amount j to `columns[i][j]`. Checks as it goes that every amount's
   * parts sum exactly to it, and adds each column's parts into `totals`.
   *
   * @param amounts - minor units, may be negative
   * @param columns - one array per recipient, in id order, each at least as long as `amounts`
   * @param unallocated - receives the part of each amount left unallocated (policy `unallocated`);
   *   may be omitted when the policy keeps nothing back
   * @param totals - each column's sum is added here, the unallocated column's last
   * @returns whether every amount's parts summed exactly to it
   */
  nextAll(
    amounts: readonly number[],
    columns: readonly number[][],
    unallocated: number[] | undefined,
    totals: Float64Array,
  ): boolean {
    if (this.fast && this.n <= 4 && this.plan.policy === "largest-remainder") {
      // Largest remainder keeps nothing back.
      unallocated?.fill(0, 0, amounts.length);
      return this.nextAllFour(amounts, columns, totals);
    }
    const n = this.n;
    const parts = new Float64Array(n);
    let balanced = true;
    for (let j = 0; j < amounts.length; j++) {
      const amount = amounts[j] as number;
      const kept = this.next(amount, parts);
      let sum = kept;
      for (let i = 0; i < n; i++) {
        const part = parts[i] as number;
        (columns[i] as number[])[j] = part;
        totals[i] = (totals[i] as number) + part;
        sum += part;
      }
      if (unallocated !== undefined) unallocated[j] = kept;
      totals[n] = (totals[n] as number) + kept;
      if (sum !== amount) balanced = false;
    }
    return balanced;
  }

  /**
   * {@link nextAll} for the common case: at most four recipients, weights small enough for the
   * number path, largest remainder. Same arithmetic as `quotasOf` and `award`, specialised for speed:
   * - the recipients live in local variables (missing ones have weight 0) rather than typed arrays;
   * - leftover units go by rank, computed without branches: recipient i's rank is how many others
   *   beat it (a larger remainder, or an equal one at a lower index), and i gains a unit when its
   *   rank is below the leftover. Comparisons become 0 or 1 (`Number(x >= y)`), which compiles to a
   *   flag, not a jump: the leftover is 0, 1 or 2 at random, so a loop handing out units mispredicts
   *   about every line. A weight-0 recipient has remainder 0 and is never among the leftover's
   *   winners (the leftover is less than the number of non-zero remainders).
   * A line whose running total passes the safe bound goes through {@link next} instead.
   */
  private nextAllFour(amounts: readonly number[], columns: readonly number[][], totals: Float64Array): boolean {
    const { n, weights, total, safe, prev } = this;
    const parts = new Float64Array(n);
    const w0 = weights[0] as number;
    const w1 = n > 1 ? (weights[1] as number) : 0;
    const w2 = n > 2 ? (weights[2] as number) : 0;
    const w3 = n > 3 ? (weights[3] as number) : 0;
    // Three recipients or fewer (the usual case) skip the fourth's division: one branch, always
    // the same way.
    const four = n > 3;
    const col0 = columns[0] as number[];
    const col1 = (n > 1 ? columns[1] : col0) as number[];
    const col2 = (n > 2 ? columns[2] : col0) as number[];
    const col3 = (n > 3 ? columns[3] : col0) as number[];
    let p0 = prev[0] as number;
    let p1 = n > 1 ? (prev[1] as number) : 0;
    let p2 = n > 2 ? (prev[2] as number) : 0;
    let p3 = n > 3 ? (prev[3] as number) : 0;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    let running = this.running;
    let balanced = true;
    // Whether the last line skipped `next`, leaving its tracked quotas (if any) behind.
    let skipped = false;
    for (let j = 0; j < amounts.length; j++) {
      const amount = amounts[j] as number;
      const after = running + amount;
      const a = after < 0 ? -after : after;
      let f0: number;
      let f1: number;
      let f2: number;
      let f3: number;
      if (a > safe || amount > safe || amount < -safe) {
        // Rare: past the safe bound. Hand the line to `next`, which keeps exact quotas its own way.
        this.running = running;
        if (skipped) this.tracked = false;
        skipped = false;
        prev[0] = p0;
        if (n > 1) prev[1] = p1;
        if (n > 2) prev[2] = p2;
        if (n > 3) prev[3] = p3;
        this.next(amount, parts);
        running = after;
        // `next` leaves the shares of the running total in `prev`.
        f0 = prev[0] as number;
        f1 = n > 1 ? (prev[1] as number) : 0;
        f2 = n > 2 ? (prev[2] as number) : 0;
        f3 = n > 3 ? (prev[3] as number) : 0;
      } else {
        skipped = true;
        running = after;
        const q0 = a * w0;
        const q1 = a * w1;
        const q2 = a * w2;
        f0 = Math.floor(q0 / total);
        f1 = Math.floor(q1 / total);
        f2 = Math.floor(q2 / total);
        let r0 = q0 - f0 * total;
        let r1 = q1 - f1 * total;
        let r2 = q2 - f2 * total;
        // The float quotient can land one either side of the true floor; the remainder tells.
        if (r0 < 0) {
          f0 -= 1;
          r0 += total;
        } else if (r0 >= total) {
          f0 += 1;
          r0 -= total;
        }
        if (r1 < 0) {
          f1 -= 1;
          r1 += total;
        } else if (r1 >= total) {
          f1 += 1;
          r1 -= total;
        }
        if (r2 < 0) {
          f2 -= 1;
          r2 += total;
        } else if (r2 >= total) {
          f2 += 1;
          r2 -= total;
        }
        // Without a fourth recipient, a remainder of −1 never beats another, and its floor is 0.
        let r3 = -1;
        f3 = 0;
        if (four) {
          const q3 = a * w3;
          f3 = Math.floor(q3 / total);
          r3 = q3 - f3 * total;
          if (r3 < 0) {
            f3 -= 1;
            r3 += total;
          } else if (r3 >= total) {
            f3 += 1;
            r3 -= total;
          }
        }
        const left = a - f0 - f1 - f2 - f3;
        // bij = 1 when i beats j (i < j, so i wins ties).
        const b01 = Number(r0 >= r1);
        const b02 = Number(r0 >= r2);
        const b03 = Number(r0 >= r3);
        const b12 = Number(r1 >= r2);
        const b13 = Number(r1 >= r3);
        const b23 = Number(r2 >= r3);
        f0 += Number(3 - b01 - b02 - b03 < left);
        f1 += Number(b01 + 2 - b12 - b13 < left);
        f2 += Number(b02 + b12 + 1 - b23 < left);
        f3 += Number(b03 + b13 + b23 < left);
        if (after < 0) {
          // 0 - x, not -x: never produce a negative zero.
          f0 = 0 - f0;
          f1 = 0 - f1;
          f2 = 0 - f2;
          f3 = 0 - f3;
        }
      }
      const d0 = f0 - p0 + 0;
      const d1 = f1 - p1 + 0;
      const d2 = f2 - p2 + 0;
      const d3 = f3 - p3 + 0;
      p0 = f0;
      p1 = f1;
      p2 = f2;
      p3 = f3;
      t0 += d0;
      t1 += d1;
      t2 += d2;
      t3 += d3;
      if (d0 + d1 + d2 + d3 !== amount) balanced = false;
      // Missing recipients' columns alias column 0; writing column 0 last keeps its true value.
      col3[j] = d3;
      col2[j] = d2;
      col1[j] = d1;
      col0[j] = d0;
    }
    this.running = running;
    if (skipped) this.tracked = false;
    prev[0] = p0;
    if (n > 1) prev[1] = p1;
    if (n > 2) prev[2] = p2;
    if (n > 3) prev[3] = p3;
    totals[0] = (totals[0] as number) + t0;
    if (n > 1) totals[1] = (totals[1] as number) + t1;
    if (n > 2) totals[2] = (totals[2] as number) + t2;
    if (n > 3) totals[3] = (totals[3] as number) + t3;
    return balanced;
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
