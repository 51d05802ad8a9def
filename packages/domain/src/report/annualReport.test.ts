import { describe, expect, it } from "vitest";
import { demoScenario } from "../demo/index.js";
import { type Money, parseMoney } from "../money/index.js";
import { runAllocation } from "../run/index.js";
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

  it("takes the year's run when the caller has it, instead of running the scenario again", () => {
    // A run of the year with the second line doubled: the recharges are the run's, not the scenario's.
    const doubled = loadScenario({
      ...oneServiceDocument({
        costLines: [
          { id: "L1", service: "SVC", pool: "pool", date: "2024-05-01", amount: "700.00" },
          { id: "L2", service: "SVC", pool: "pool", date: "2025-02-01", amount: "1000.02" },
        ],
        income: [{ id: "I1", service: "SVC", date: "2024-09-30", amount: "300.00" }],
      }),
    });
    const run = runAllocation(doubled, "2024/25");
    const given = annualReport(scenario, "SVC", "2024/25", { run });
    expect(given.finance.recharges.map((r) => r.amount)).toEqual([gbp("466.68"), gbp("466.67"), gbp("466.67")]);
    // The run of the scenario itself gives the report made without one.
    expect(annualReport(scenario, "SVC", "2024/25", { run: runAllocation(scenario, "2024/25") })).toEqual(
      annualReport(scenario, "SVC", "2024/25"),
    );
  });

  it("refuses a run given of another year than the report's", () => {
    const run = runAllocation(scenario, "2025/26");
    expect(codeOf(() => annualReport(scenario, "SVC", "2024/25", { run }))).toBe("INVALID_PERIOD");
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

describe("annualReport on the demo partnership", () => {
  const demo = demoScenario();

  it("judges ICT availability from the outage log against the 95% target, quarter by quarter, with last year's figures", () => {
    const report = annualReport(demo, "ICT", "2024/25");
    const kpi = report.kpis?.kpis.find((k) => k.code === "ICT-KPI-1");
    const service = report.outages?.availability.find((a) => a.partner === undefined);
    // The year's reading is the outage log's available seconds over agreed seconds, as a percentage, exactly.
    expect(kpi?.yearToDate.value?.exact).toEqual(
      fractionOf((service?.availableSeconds ?? 0) * 100, service?.agreedSeconds ?? 1),
    );
    expect(kpi?.yearToDate.value?.display).toBe(service?.percent);
    expect(kpi?.quarters.map((q) => q.status)).toEqual(["green", "green", "green", "green"]);
    // The log is complete from April 2023, so every quarter has a same-quarter-last-year comparison.
    expect(kpi?.quarters.every((q) => q.direction.lastYear !== "n/a")).toBe(true);
  });

  it("lists the outages that counted and what they cost each council, the parts summing to the whole", () => {
    const outages = annualReport(demo, "ICT", "2024/25").outages;
    expect(outages?.outages.map((o) => o.id)).toEqual([
      "OUT-2024-006",
      "OUT-2024-008",
      "OUT-2024-009",
      "OUT-2024-011",
      "OUT-2025-012",
    ]);
    const cost = outages?.cost;
    expect(cost?.byPartner.reduce((acc, p) => acc + p.amount.minor, 0)).toBe(cost?.total.minor);
    expect(outages?.outages.reduce((acc, o) => acc + (o.cost?.minor ?? 0), 0)).toBe(cost?.total.minor);
  });

  it("raises Legal's stretch target, the survey's uncertain quarters and a Red quarter without a corrective-action note", () => {
    const legal = annualReport(demo, "LEGAL", "2024/25");
    expect(legal.outages).toBeNull();
    const kinds = new Set(legal.reviewFlags.map((f) => `${f.kpi} ${f.kind}`));
    expect(kinds).toEqual(new Set(["LEGAL-KPI-1 stretch-target", "LEGAL-KPI-2 interval-straddles-target"]));
    const bc = annualReport(demo, "BC", "2024/25");
    expect(bc.reviewFlags.map((f) => [f.kpi, f.kind, f.period])).toEqual([
      ["BC-KPI-2", "missing-corrective-action", "2024/25-Q3"],
    ]);
  });

  it("judges 2023/24 by the targets in force then: BC-KPI-1 against 85, 2024/25 against 88", () => {
    const earlier = annualReport(demo, "BC", "2023/24").kpis?.kpis.find((k) => k.code === "BC-KPI-1");
    const later = annualReport(demo, "BC", "2024/25").kpis?.kpis.find((k) => k.code === "BC-KPI-1");
    expect(earlier?.yearToDate.target?.value).toBe("85");
    expect(later?.yearToDate.target?.value).toBe("88");
  });
});

function fractionOf(numerator: number, denominator: number): { numerator: string; denominator: string } {
  let a = numerator;
  let b = denominator;
  while (b !== 0) [a, b] = [b, a % b];
  return { numerator: String(numerator / a), denominator: String(denominator / a) };
}
