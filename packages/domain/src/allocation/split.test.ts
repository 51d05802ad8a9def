import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REMAINDER_POLICIES } from "./RemainderPolicy.js";
import { makeSplitPlan, RunningSplitter, splitInto } from "./split.js";
import { compileWeights } from "./Weights.js";

const weightsArb = fc
  .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 6 })
  .filter((ws) => ws.some((w) => w > 0));

describe("RunningSplitter", () => {
  it("splits each amount so its parts sum to it and all parts sum to the split of the total", () => {
    fc.assert(
      fc.property(
        weightsArb,
        fc.array(fc.integer({ min: -1e12, max: 1e12 }), { maxLength: 30 }),
        fc.constantFrom(...REMAINDER_POLICIES),
        (ws, amounts, policy) => {
          const weights = compileWeights(ws.map((w, i) => ({ id: `R${i}`, weight: String(w) })));
          const plan = makeSplitPlan(weights, policy, "R0");
          const splitter = new RunningSplitter(plan);
          const parts = new Float64Array(ws.length);
          const sums = new Float64Array(ws.length);
          let unallocated = 0;
          let total = 0;
          for (const amount of amounts) {
            const u = splitter.next(amount, parts);
            expect(parts.reduce((s, x) => s + x, 0) + u).toBe(amount);
            parts.forEach((x, i) => {
              sums[i] = (sums[i] as number) + x;
            });
            unallocated += u;
            total += amount;
          }
          const whole = new Float64Array(ws.length);
          const u = splitInto(plan, total, whole);
          expect([...sums]).toEqual([...whole]);
          expect(unallocated).toBe(u);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("stays exact when the running total's products pass 2^53", () => {
    const plan = makeSplitPlan(
      compileWeights([
        { id: "A", weight: "999999" },
        { id: "B", weight: "1" },
      ]),
      "largest-remainder",
    );
    const splitter = new RunningSplitter(plan);
    const parts = new Float64Array(2);
    const sums = new Float64Array(2);
    const big = 4_000_000_000_000;
    for (let i = 0; i < 5; i++) {
      splitter.next(big + i, parts);
      sums[0] = (sums[0] as number) + (parts[0] as number);
      sums[1] = (sums[1] as number) + (parts[1] as number);
    }
    const whole = new Float64Array(2);
    splitInto(plan, 5 * big + 10, whole);
    expect([...sums]).toEqual([...whole]);
  });
});
