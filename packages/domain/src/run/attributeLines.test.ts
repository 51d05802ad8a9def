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
          // One amount at a time with next().
          const one = new RunningSplitter(plan);
          const parts = new Float64Array(n);
          const expected = ws.map(() => [] as number[]);
          const kept: number[] = [];
          for (const amount of amounts) {
            kept.push(one.next(amount, parts));
            parts.forEach((x, i) => {
              expected[i]?.push(x);
            });
          }
          // All at once with nextAll(), in two calls split at `cut`: the state carries across calls.
          const all = new RunningSplitter(plan);
          const totals = new Float64Array(n + 1);
          const pieces = [amounts.slice(0, cut), amounts.slice(cut)].map((piece) => {
            const columns = ws.map(() => new Array<number>(piece.length));
            const unallocated = new Array<number>(piece.length).fill(0);
            expect(all.nextAll(piece, columns, unallocated, totals)).toBe(true);
            return { columns, unallocated };
          });
          const [a, b] = pieces as [(typeof pieces)[0], (typeof pieces)[0]];
          expect(ws.map((_, i) => [...(a.columns[i] as number[]), ...(b.columns[i] as number[])])).toEqual(expected);
          if (policy === "unallocated") expect([...a.unallocated, ...b.unallocated]).toEqual(kept);
          expected.forEach((column, i) => {
            expect(totals[i]).toBe(column.reduce((sum, x) => sum + x, 0));
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
