import { describe, expect, it } from "vitest";
import { loadScenario, type ScenarioDocument } from "../schema/index.js";
import { oneServiceDocument, yearly } from "../testing/scenarios.js";
import { lineShares, UNALLOCATED } from "./lineShares.js";
import { runAllocation } from "./runAllocation.js";

const FIVE = ["CCC", "ECDC", "FDC", "HDC", "SCDC"];

/** A rate basis whose fallback keeps leftover pennies back, over three or five partners. */
function rateDocument(partners: readonly string[], amounts: readonly string[]): ScenarioDocument {
  const base = oneServiceDocument({
    rules: [
      {
        id: "sla",
        service: "SVC",
        pool: "pool",
        effectiveFrom: "2024-04-01",
        remainder: "unallocated",
        basis: { kind: "rate", driver: "h", rate: "1", rounding: "half-up", fallback: { kind: "equal" } },
      },
    ],
    costLines: amounts.map((amount, i) => ({
      id: `L${i}`,
      service: "SVC",
      pool: "pool",
      date: `2024-0${4 + (i % 6)}-05`,
      amount,
    })),
    drivers: yearly("h", Object.fromEntries(partners.map((p, i) => [p, String(i + 1)]))),
  });
  return { ...base, partners: partners.map((id) => ({ id, name: id })) };
}

describe("lineShares: rate bases that keep pennies back", () => {
  // Under-recovery (costs above the charges) and over-recovery (a partner's share below zero).
  const cases = [
    [
      "three partners, under-recovery",
      FIVE.filter((p) => ["CCC", "HDC", "SCDC"].includes(p)),
      ["10.02", "7.00", "3.00"],
    ],
    ["five partners, under-recovery", FIVE, ["40.03", "7.00", "3.01", "-1.00"]],
    ["three partners, over-recovery", FIVE.filter((p) => ["CCC", "HDC", "SCDC"].includes(p)), ["0.07", "0.02"]],
    ["five partners, over-recovery", FIVE, ["0.13", "0.01", "0.02"]],
  ] as const;

  for (const [name, partners, amounts] of cases) {
    it(`gives every line shares that sum to it, the unallocated column included (${name})`, () => {
      const run = runAllocation(loadScenario(rateDocument(partners, amounts)), "2024/25");
      for (const allocation of run.allocations) {
        const lines = lineShares(allocation, run.partners);
        lines.amounts.forEach((amount, j) => {
          expect(lines.shares.reduce((sum, column) => sum + (column[j] as number), 0)).toBe(amount);
        });
        const kept = lines.recipients.indexOf(UNALLOCATED);
        const column = kept < 0 ? [] : (lines.shares[kept] as number[]);
        expect(column.reduce((sum, x) => sum + x, 0)).toBe(allocation.unallocated.minor);
      }
    });
  }
});
