import { compileFractionWeights, makeSplitPlan, RunningSplitter, type SplitPlan } from "../allocation/index.js";
import { Fraction } from "../exact/index.js";
import { applyPlan, type PlanNode } from "./BasisPlan.js";

function hasRateNode(node: PlanNode): boolean {
  if (node.type === "rate") return true;
  return node.type === "components" && node.children.some(hasRateNode);
}

/** Each line's shares, with the sums the run checks. */
export interface Attribution {
  /** `columns[r][j]`: line j's share for recipient r. */
  readonly columns: number[][];
  /** Sum of each column. */
  readonly columnTotals: Float64Array;
  /** Whether every line's shares summed exactly to the line. */
  readonly balanced: boolean;
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
 * @param amounts - the lines' amounts in canonical order
 * @returns lineage columns and the checks' sums
 */
export function attributeLines(
  node: PlanNode,
  groupShares: Float64Array,
  recipients: readonly number[],
  amounts: readonly number[],
): Attribution {
  const n = amounts.length;
  const k = recipients.length;
  const columns = recipients.map(() => new Array<number>(n).fill(0));
  const columnTotals = new Float64Array(k);
  let balanced = true;

  // Which split gives split(C): the basis itself, or proportional to the group's result.
  let plan: SplitPlan | undefined;
  let map: Int32Array | undefined;
  let total = 0;
  for (let j = 0; j < n; j++) total += amounts[j] as number;
  const slotOf = new Int32Array(groupShares.length).fill(-1);
  recipients.forEach((slot, r) => {
    slotOf[slot] = r;
  });
  if (total !== 0 && hasRateNode(node)) {
    // Weights take the sign of the total so that they sum to |total| > 0: splitting C then gives
    // C × share ÷ total, and splitting the total gives back the group's shares exactly.
    const sign = total < 0 ? -1n : 1n;
    const weights = compileFractionWeights(
      recipients.map((r) => ({
        id: String(r).padStart(6, "0"),
        weight: Fraction.of(sign * BigInt(groupShares[r] as number)),
      })),
      "line attribution",
      true,
    );
    plan = makeSplitPlan(weights, "largest-remainder");
    map = Int32Array.from(recipients, (_, r) => r);
  } else if (node.type === "split") {
    plan = node.plan;
    map = Int32Array.from(node.map, (slot) => slotOf[slot] as number);
  }

  if (plan !== undefined && map !== undefined) {
    const m = map.length;
    const unallocatedColumn = slotOf[groupShares.length - 1] as number;
    const splitter = new RunningSplitter(plan);
    const parts = new Float64Array(m);
    for (let j = 0; j < n; j++) {
      const amount = amounts[j] as number;
      const unallocated = splitter.next(amount, parts);
      let sum = unallocated;
      for (let i = 0; i < m; i++) {
        const part = parts[i] as number;
        const c = map[i] as number;
        if (c >= 0) {
          (columns[c] as number[])[j] = part;
          columnTotals[c] = (columnTotals[c] as number) + part;
        }
        sum += part;
      }
      if (unallocatedColumn >= 0) {
        (columns[unallocatedColumn] as number[])[j] = unallocated;
        columnTotals[unallocatedColumn] = (columnTotals[unallocatedColumn] as number) + unallocated;
      }
      if (sum !== amount) balanced = false;
    }
    return { columns, columnTotals, balanced };
  }

  // Multi-stage bases: split(C) is the whole basis applied to C.
  const slots = groupShares.length;
  const prev = new Float64Array(slots);
  const cur = new Float64Array(slots);
  let running = 0;
  for (let j = 0; j < n; j++) {
    const amount = amounts[j] as number;
    running += amount;
    cur.fill(0);
    applyPlan(node, running, cur);
    let sum = 0;
    for (let r = 0; r < k; r++) {
      const slot = recipients[r] as number;
      const part = (cur[slot] as number) - (prev[slot] as number) + 0;
      (columns[r] as number[])[j] = part;
      columnTotals[r] = (columnTotals[r] as number) + part;
      sum += part;
    }
    prev.set(cur);
    if (sum !== amount) balanced = false;
  }
  return { columns, columnTotals, balanced };
}
