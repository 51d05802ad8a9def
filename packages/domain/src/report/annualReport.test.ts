import { describe, expect, it } from "vitest";
import { demoScenario } from "../demo/index.js";
import { type Money, parseMoney } from "../money/index.js";
import { loadScenario } from "../schema/index.js";
import { codeOf } from "../testing/errors.js";
import { oneServiceDocument } from "../testing/scenarios.js";
import { annualReport } from "./annualReport.js";

const gbp = (text: string): Money => parseMoney(text, "GBP");
const total = (xs: readonly { amount: Money }[]) => xs.reduce((acc, x) => acc + x.amount.minor, 0);

describe("annualReport", () => {
  const scenario = loadScenario({
    ...oneServiceDocument({
      costLines: [
        { id: "L1", service: "SVC", pool: "pool", date: "2024-05-01", amount: "700.00" },
        { id: "L2", service: "SVC", pool: "pool", date: "2025-02-01", amount: "500.01" },
        { id: "OLD", service: "SVC", pool: "pool", date: "2024-03-31", amount: "999.00" },
      ],
      income: [{ id: "I1", service: "SVC", date: "2024-09-30", amount: "300.00" }],
    }),
    budgets: [{ service: "SVC", pool: "pool", year: "2024/25", amount: "1150.00" }],
  });

  it("sets the year's cost lines against the budget and shows what each partner paid, the lead's share retained", () => {
    const report = annualReport(scenario, "SVC", "2024/25");
    expect(report.finance.pools).toEqual([
      { pool: "pool", name: "Pool", budget: gbp("1150"), actual: gbp("1200.01"), variance: gbp("50.01") },
    ]);
    expect(report.finance.variancePercent).toBe("4.35");
    expect(report.finance.income).toEqual(gbp("300"));
    expect(report.finance.net).toEqual(gbp("900.01"));
    // £900.01 equally: the leftover penny to the lowest id.
    expect(report.finance.recharges).toEqual([
      { partner: "CCC", amount: gbp("300.01"), percent: "33.33", retained: false },
      { partner: "HDC", amount: gbp("300.00"), percent: "33.33", retained: true },
      { partner: "SCDC", amount: gbp("300.00"), percent: "33.33", retained: false },
    ]);
    expect(report.savings).toBeNull();
  });

  it("reconciles for every demo service: pools sum to the actual, recharges to the net, and net to actual − income + support", () => {
    const demo = demoScenario();
    for (const service of demo.services) {
      const { finance } = annualReport(demo, service.id, "2024/25");
      expect(finance.pools.reduce((acc, p) => acc + p.actual.minor, 0)).toBe(finance.actual.minor);
      expect(total(finance.recharges)).toBe(finance.net.minor);
      expect(finance.actual.minor - finance.income.minor + finance.supportNet.minor).toBe(finance.net.minor);
    }
  });

  it("shows each council's saving on the service this year, from the run, against the 15% target", () => {
    const report = annualReport(demoScenario(), "ICT", "2024/25");
    const savings = report.savings;
    expect(savings?.partners.map((p) => p.partner)).toEqual(["CCC", "HDC", "SCDC"]);
    for (const p of savings?.partners ?? []) {
      const paid = report.finance.recharges.find((r) => r.partner === p.partner);
      expect(p.contribution).toEqual(paid?.amount);
      expect(p.lineage.contribution.source).toBe(report.finance.inputHash);
      expect(p.saving.minor).toBe(p.indexedBaseline.minor - p.contribution.minor);
    }
    expect(savings?.oneOffs.map((o) => o.item)).toEqual(["REDUNDANCY-ICT-2015", "TRANSFORM-ICT-2016"]);
  });

  it("refuses a quarter and an unknown service", () => {
    expect(codeOf(() => annualReport(scenario, "SVC", "2024/25-Q1"))).toBe("INVALID_PERIOD");
    expect(codeOf(() => annualReport(scenario, "NOPE", "2024/25"))).toBe("INVALID_SCENARIO");
  });
});
