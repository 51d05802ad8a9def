import { describe, expect, it } from "vitest";
import { DEMO_PERIOD, demoScenario } from "../demo/index.js";
import { parseDate } from "../period/index.js";
import { loadScenario } from "../schema/index.js";
import { codeOf } from "../testing/errors.js";
import { oneServiceDocument } from "../testing/scenarios.js";
import { budgetScenario } from "./budgetScenario.js";
import { rechargeRun } from "./rechargeRun.js";

describe("budgetScenario", () => {
  it("spreads a pool's budget over twelve month-end lines that sum to it exactly, leftover pennies to the earliest months", () => {
    const scenario = loadScenario({
      ...oneServiceDocument(),
      budgets: [{ service: "SVC", pool: "pool", year: "2024/25", amount: "1000.00" }],
    });
    const lines = budgetScenario(scenario, "2024/25").costLines;
    expect(lines.map((l) => l.amount.minor)).toEqual([
      8334, 8334, 8334, 8334, 8333, 8333, 8333, 8333, 8333, 8333, 8333, 8333,
    ]);
    expect(lines.map((l) => l.date).slice(0, 2)).toEqual(["2024-04-30", "2024-05-31"]);
    expect(lines.at(-1)?.date).toBe("2025-03-31");
    expect(lines[0]?.id).toBe("BUDGET-SVC-pool-P01");
  });

  it("gives the demo's year-end run its advances, true-up and variance from the demo's budgets", () => {
    const scenario = demoScenario();
    const budget = budgetScenario(scenario, DEMO_PERIOD);
    const budgeted = (scenario.budgets ?? []).reduce((acc, b) => acc + b.amount.minor, 0);
    expect(budget.costLines.reduce((acc, l) => acc + l.amount.minor, 0)).toBe(budgeted);
    const run = rechargeRun({
      scenario,
      period: DEMO_PERIOD,
      budget,
      statements: { numbers: { CCC: "T-1", HDC: "T-2", SCDC: "T-3" }, issueDate: parseDate("2025-04-30") },
    });
    expect(run.advances?.length).toBeGreaterThan(0);
    expect(run.trueUp).toBeDefined();
    expect(run.variance?.length).toBeGreaterThan(0);
  });

  it("refuses a quarter and a year without budgets", () => {
    const scenario = demoScenario();
    expect(codeOf(() => budgetScenario(scenario, "2024/25-Q1"))).toBe("INVALID_PERIOD");
    expect(codeOf(() => budgetScenario(scenario, "2023/24"))).toBe("INVALID_SCENARIO");
  });
});
