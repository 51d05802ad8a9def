import { describe, expect, it } from "vitest";
import { parseMoney } from "../money/index.js";
import { allocate } from "../run/index.js";
import { parseScenario } from "../schema/index.js";
import { oneServiceDocument } from "../testing/scenarios.js";
import { contributionsFromRun } from "./contributionsFromRun.js";
import { savingsReport } from "./savingsReport.js";

const savings = {
  rounding: "half-up",
  attribution: "pro-rata",
  targetPercent: "15",
  indices: [
    {
      id: "pay",
      name: "Pay",
      values: [
        { year: "2023/24", value: "100" },
        { year: "2024/25", value: "104" },
      ],
    },
  ],
  baselines: [
    { partner: "CCC", service: "SVC", baseYear: "2023/24", amount: "500", indexation: [{ index: "pay", weight: "1" }] },
    { partner: "HDC", service: "SVC", baseYear: "2023/24", amount: "500" },
    { partner: "SCDC", service: "SVC", baseYear: "2023/24", amount: "500" },
  ],
  oneOffs: [
    { id: "grant", kind: "funding", category: "grant", year: "2024/25", amount: "90", split: { kind: "equal" } },
  ],
};

describe("the savings and budgets sections of a scenario", () => {
  it("build a savings plan that, with the year's run, gives each council its saving", () => {
    const doc = {
      ...oneServiceDocument({
        costLines: [{ id: "L1", service: "SVC", pool: "pool", date: "2024-05-01", amount: "1200" }],
      }),
      budgets: [{ service: "SVC", pool: "pool", year: "2024/25", amount: "1300" }],
      savings,
    };
    const parsed = parseScenario(doc);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const scenario = parsed.value;
    expect(scenario.budgets).toEqual([
      { service: "SVC", pool: "pool", year: "2024/25", amount: parseMoney("1300", "GBP") },
    ]);
    const plan = scenario.savings;
    if (plan === undefined) throw new Error("no savings plan");
    expect(plan.indices[0]?.values).toEqual({ "2023/24": "100", "2024/25": "104" });

    const contributions = contributionsFromRun(allocate(scenario, "2024/25"), "run-1");
    expect(contributions.map((c) => [c.partner, c.amount.minor, c.source])).toEqual([
      ["CCC", 40000, "run-1"],
      ["HDC", 40000, "run-1"],
      ["SCDC", 40000, "run-1"],
    ]);
    const report = savingsReport(plan, contributions);
    // CCC's baseline is indexed to £520; the £320 total saving is split pro rata to equal contributions.
    expect(report.services.map((s) => [s.partner, s.indexedBaseline.minor, s.ownSaving.minor, s.saving.minor])).toEqual(
      [
        ["CCC", 52000, 12000, 10667],
        ["HDC", 50000, 10000, 10667],
        ["SCDC", 50000, 10000, 10666],
      ],
    );
    expect(report.partners.map((p) => p.oneOff.funding.minor)).toEqual([3000, 3000, 3000]);
  });

  it("report every unknown partner, service and index, a bad one-off split and a budget for less than a year", () => {
    const doc = {
      ...oneServiceDocument(),
      budgets: [{ service: "SVC", pool: "nope", year: "2024/25-Q1", amount: "1" }],
      savings: {
        ...savings,
        baselines: [
          { partner: "XXX", service: "SVC", baseYear: "2023/24", amount: "1" },
          {
            partner: "CCC",
            service: "NOPE",
            baseYear: "2023/24",
            amount: "1",
            indexation: [{ index: "cpi", weight: "1" }],
          },
        ],
        contributions: [{ partner: "HDC", service: "SVC", year: "2023/24", amount: "1" }],
        oneOffs: [
          {
            id: "x",
            kind: "cost",
            category: "set-up",
            year: "2024/25",
            amount: "1",
            split: { kind: "fixed", unit: "percent", shares: { CCC: "60", HDC: "30" } },
          },
        ],
      },
    };
    const parsed = parseScenario(doc);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.path)).toEqual([
      "budgets[0].pool",
      "budgets[0].year",
      "savings.baselines[0].partner",
      "savings.baselines[1].indexation[0].index",
      "savings.baselines[1].service",
      "savings.contributions[0]",
      "savings.oneOffs[0].split.shares",
    ]);
  });

  it("reject one-off years, base years and contribution years that are not whole financial years", () => {
    const doc = {
      ...oneServiceDocument(),
      savings: {
        ...savings,
        baselines: [{ partner: "CCC", service: "SVC", baseYear: "2023/24-Q1", amount: "1" }],
      },
    };
    const parsed = parseScenario(doc);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]?.path).toBe("savings.baselines[0].baseYear");
  });
});
