import { makeSplitPlan, RunningSplitter, type SplitPlan } from "../allocation/index.js";
import { compileFractionWeights } from "../allocation/Weights.js";
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
  const columnTotals = new Float64Array(k);

  // Which split gives split(C): the basis itself, or proportional to the group's result.
  let plan: SplitPlan | undefined;
  let map: Int32Array | undefined;
  const slotOf = new Int32Array(groupShares.length).fill(-1);
  recipients.forEach((slot, r) => {
    slotOf[slot] = r;
  });
  let total = 0;
  if (hasRateNode(node)) for (let j = 0; j < n; j++) total += amounts[j] as number;
  if (total !== 0) {
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
    map = Int32Array.from(node.map, (slot) => slotOf[slot] ?? -1);
  }

  if (plan !== undefined && map !== undefined) {
    const m = map.length;
    // The column for what the plan keeps back, unless it is one of the plan's own recipients (the
    // proportional split of a rate basis shares the group's unallocated amount like any other).
    let unallocatedColumn = slotOf[groupShares.length - 1] as number;
    if (map.includes(unallocatedColumn)) unallocatedColumn = -1;
    // Speed: a column the splitter fills starts as a copy of the amounts, overwritten entry by
    // entry. Copying is one block move, and the copy already holds plain (double) numbers; a fresh
    // `new Array(n)` would be copied again by V8, into a double array, at the first share written.
    // Any other column (a recipient the plan cannot reach) is all zeros.
    const written = new Uint8Array(k);
    for (let i = 0; i < m; i++) if ((map[i] as number) >= 0) written[map[i] as number] = 1;
    if (unallocatedColumn >= 0) written[unallocatedColumn] = 1;
    const columns: number[][] = [];
    for (let r = 0; r < k; r++) columns.push(written[r] === 1 ? amounts.slice() : new Array<number>(n).fill(0));
    // A plan recipient without a column (never, for a validated scenario) writes to a spare one.
    const spare = Array.from(map, (c) => (c >= 0 ? undefined : new Array<number>(n)));
    const targets = Array.from(map, (c, i) => (c >= 0 ? columns[c] : spare[i]) as number[]);
    const sums = new Float64Array(m + 1);
    const splitter = new RunningSplitter(plan);
    const balanced = splitter.nextAll(
      amounts,
      targets,
      unallocatedColumn >= 0 ? columns[unallocatedColumn] : undefined,
      sums,
    );
    for (let i = 0; i < m; i++) {
      const c = map[i] as number;
      if (c >= 0) columnTotals[c] = (columnTotals[c] as number) + (sums[i] as number);
    }
    if (unallocatedColumn >= 0)
      columnTotals[unallocatedColumn] = (columnTotals[unallocatedColumn] as number) + (sums[m] as number);
    return { columns, columnTotals, balanced };
  }

  // Multi-stage bases: split(C) is the whole basis applied to C.
  const columns = recipients.map(() => new Array<number>(n).fill(0));
  let balanced = true;
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
