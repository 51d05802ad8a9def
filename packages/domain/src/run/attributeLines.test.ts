import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeSplitPlan, RunningSplitter } from "../allocation/index.js";
import { REMAINDER_POLICIES } from "../allocation/RemainderPolicy.js";
import { compileWeights } from "../allocation/Weights.js";

const weightsArb = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 2_000_000_000 })), {
    minLength: 1,
    maxLength: 6,
  })
  .filter((ws) => ws.some((w) => w > 0));

// Amounts either side of the number path's safe bound (2^53 ÷ the largest weight), so that running
// totals cross it both ways; at most 40 of them keep every running total a safe integer.
const amountArb = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: -1e14, max: 1e14 }));

describe("RunningSplitter.nextAll", () => {
  it("gives exactly what next gives, amount by amount, and checks the sums", () => {
    // A small amount between large ones: the running total leaves the safe bound, comes back for
    // one amount, and leaves again (the splitter must not trust quotas it tracked before).
    const crossing = [
      [
        [13, 9, 28],
        [76035503838483, 20251325397781, 83857155858556, -1, 76911575140430],
      ],
    ] as const;
    fc.assert(
      fc.property(
        weightsArb,
        fc.array(amountArb, { maxLength: 40 }),
        fc.constantFrom(...REMAINDER_POLICIES),
        fc.nat(40),
        (ws, amounts, policy, cut) => {
          const weights = compileWeights(ws.map((w, i) => ({ id: `R${i}`, weight: String(w) })));
          const plan = makeSplitPlan(weights, policy, "R0");
          const n = ws.length;
          const one = new RunningSplitter(plan);
          const parts = new Float64Array(n);
          const expected = ws.map(() => [] as number[]);
          const kept: number[] = [];
          for (const amount of amounts) {
            kept.push(one.next(amount, parts));
            parts.forEach((x, i) => expected[i]?.push(x));
          }
          // Two calls, split at `cut`, to check the splitter carries its state across calls.
          const all = new RunningSplitter(plan);
          const columns = ws.map(() => new Array<number>(amounts.length).fill(-1));
          const unallocated = new Array<number>(amounts.length).fill(-1);
          const totals = new Float64Array(n + 1);
          const at = Math.min(cut, amounts.length);
          const first = amounts.slice(0, at);
          const rest = amounts.slice(at);
          const firstColumns = ws.map(() => new Array<number>(first.length));
          const restColumns = ws.map(() => new Array<number>(rest.length));
          const firstKept = new Array<number>(first.length).fill(0);
          const restKept = new Array<number>(rest.length).fill(0);
          expect(all.nextAll(first, firstColumns, firstKept, totals)).toBe(true);
          expect(all.nextAll(rest, restColumns, restKept, totals)).toBe(true);
          ws.forEach((_, i) => {
            columns[i] = [...(firstColumns[i] as number[]), ...(restColumns[i] as number[])];
          });
          unallocated.splice(0, unallocated.length, ...firstKept, ...restKept);
          expect(columns).toEqual(expected);
          if (policy === "unallocated") expect(unallocated).toEqual(kept);
          expected.forEach((column, i) => {
            expect(totals[i]).toBe(column.reduce((s, x) => s + x, 0));
          });
        },
      ),
      {
        numRuns: 2000,
        examples: crossing.flatMap(([ws, amounts]) =>
          REMAINDER_POLICIES.map(
            (policy) => [[...ws], [...amounts], policy, 0] as [number[], number[], typeof policy, number],
          ),
        ),
      },
    );
  });
});
