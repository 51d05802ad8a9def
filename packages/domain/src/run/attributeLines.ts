import { compileFractionWeights, makeSplitPlan, splitInto } from "../allocation/index.js";
import { Fraction } from "../exact/index.js";
import { applyPlan, type PlanNode } from "./BasisPlan.js";

function hasRateNode(node: PlanNode): boolean {
  if (node.type === "rate") return true;
  return node.type === "components" && node.children.some(hasRateNode);
}

/**
 * Attributes a group's split back to its lines by the running-total method: walking the lines in
 * canonical order, line j's shares are split(C_j) − split(C_{j−1}), where C is the running total
 * and split(0) = 0. Every line's shares sum exactly to the line, every column sums exactly to the
 * group's share, and rounding never builds up across lines.
 *
 * `split` is the basis itself, except for rate × quantity bases with a non-zero total: their
 * charges are fixed sums, so lines are shared in proportion to the group's final shares instead
 * (otherwise the first line would carry every charge).
 *
 * @param node - the group's compiled basis
 * @param groupShares - the group's result per partner position (+ unallocated slot)
 * @param recipients - positions to report, ascending
 * @param amounts - every line amount, indexed by line reference
 * @param refs - the group's line references in canonical order
 * @returns columns: `columns[r][j]` is line j's share for recipient r
 */
export function attributeLines(
  node: PlanNode,
  groupShares: Float64Array,
  recipients: readonly number[],
  amounts: ArrayLike<number>,
  refs: readonly number[],
): number[][] {
  const n = refs.length;
  const k = recipients.length;
  const columns = recipients.map(() => new Array<number>(n));
  let total = 0;
  for (let j = 0; j < n; j++) total += amounts[refs[j] as number] as number;

  if (total !== 0 && hasRateNode(node)) {
    // Weights take the sign of the total so that they sum to |total| > 0: splitting C then gives
    // C × share ÷ total, and splitting the total gives back the group's shares exactly.
    const sign = total < 0 ? -1n : 1n;
    const weights = compileFractionWeights(
      recipients.map((r) => ({ id: String(r).padStart(6, "0"), weight: Fraction.of(sign * BigInt(groupShares[r] as number)) })),
      "line attribution",
      true,
    );
    const plan = makeSplitPlan(weights, "largest-remainder");
    const prev = new Float64Array(k);
    const cur = new Float64Array(k);
    let running = 0;
    for (let j = 0; j < n; j++) {
      running += amounts[refs[j] as number] as number;
      splitInto(plan, running, cur);
      for (let r = 0; r < k; r++) {
        (columns[r] as number[])[j] = (cur[r] as number) - (prev[r] as number) + 0;
        prev[r] = cur[r] as number;
      }
    }
    return columns;
  }

  if (node.type === "split") {
    // The common case, kept tight: one split per line, recipients mapped once.
    const slotOf = new Int32Array(groupShares.length).fill(-1);
    recipients.forEach((slot, r) => {
      slotOf[slot] = r;
    });
    const m = node.map.length;
    const column = Int32Array.from(node.map, (slot) => slotOf[slot] as number);
    const unallocatedColumn = slotOf[groupShares.length - 1] as number;
    const prev = new Float64Array(m);
    const cur = new Float64Array(m);
    let prevUnallocated = 0;
    let running = 0;
    for (let j = 0; j < n; j++) {
      running += amounts[refs[j] as number] as number;
      const unallocated = splitInto(node.plan, running, cur);
      for (let i = 0; i < m; i++) {
        const c = column[i] as number;
        if (c >= 0) (columns[c] as number[])[j] = (cur[i] as number) - (prev[i] as number) + 0;
        prev[i] = cur[i] as number;
      }
      if (unallocatedColumn >= 0) (columns[unallocatedColumn] as number[])[j] = unallocated - prevUnallocated + 0;
      prevUnallocated = unallocated;
    }
    return columns;
  }

  const slots = groupShares.length;
  const prev = new Float64Array(slots);
  const cur = new Float64Array(slots);
  let running = 0;
  for (let j = 0; j < n; j++) {
    running += amounts[refs[j] as number] as number;
    cur.fill(0);
    applyPlan(node, running, cur);
    for (let r = 0; r < k; r++) {
      const slot = recipients[r] as number;
      (columns[r] as number[])[j] = (cur[slot] as number) - (prev[slot] as number) + 0;
    }
    prev.set(cur);
  }
  return columns;
}
