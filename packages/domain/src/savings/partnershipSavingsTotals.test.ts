import { describe, expect, it } from "vitest";
import { demoScenario } from "../demo/index.js";
import { add, zero } from "../money/index.js";
import { scenarioSavings } from "../report/index.js";
import { partnershipSavingsTotals } from "./partnershipSavingsTotals.js";
import type { SavingsReport } from "./savingsReport.js";

const report = scenarioSavings(demoScenario(), "2024/25") as SavingsReport;

describe("partnershipSavingsTotals", () => {
  it("gives a total per year of the report, each figure the exact sum of the partners' figures of that year", () => {
    const totals = partnershipSavingsTotals(report);
    expect(totals.map((t) => t.year)).toEqual(report.years);
    for (const t of totals) {
      const of = report.partners.flatMap((p) => p.years.filter((y) => y.year === t.year));
      for (const k of [
        "indexedBaseline",
        "contribution",
        "saving",
        "cumulative",
        "oneOffNet",
        "netCumulative",
      ] as const)
        expect(t[k]).toEqual(of.reduce((sum, y) => add(sum, y[k]), zero("GBP")));
    }
  });

  it("ends at the report's total saving and net saving, to the penny", () => {
    const last = partnershipSavingsTotals(report).at(-1);
    expect([last?.cumulative.minor, last?.netCumulative.minor]).toEqual([
      report.total.saving.minor,
      report.total.netSaving.minor,
    ]);
    expect(last?.saving.minor).toBe(159008246);
  });
});
