import { annualReport, loadScenario } from "@3c/domain";
import { demoScenarioDocument, withDemoHandover } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { annualReportText } from "./annualReportText.js";

describe("the annual report as text", () => {
  it("names each lead's part of the year when the service changed lead in it", () => {
    const handed = loadScenario(withDemoHandover(demoScenarioDocument));
    const report = annualReport(handed, "ICT", "2024/25");
    const lines = annualReportText(report, false).split("\n");
    expect(lines[1]).toBe(
      `ICT ${report.service.name}, led by HDC 2024-04-01 to 2024-09-30, then CCC 2024-10-01 to 2025-03-31`,
    );
    // One row per partner per lead: HDC keeps its own share of the first half, CCC of the second.
    const rows = lines.filter((l) => / under (HDC|CCC) /.test(l));
    expect(rows).toHaveLength(report.finance.recharges.length);
    expect(rows.filter((l) => l.includes("lead (retained), under HDC 2024-04-01 to 2024-09-30"))).toHaveLength(1);
    expect(rows.filter((l) => l.includes("lead (retained), under CCC 2024-10-01 to 2025-03-31"))).toHaveLength(1);
    expect(rows.filter((l) => l.trimStart().startsWith("HDC")).map((l) => l.includes("retained"))).toEqual([
      true,
      false,
    ]);
  });

  it("says one lead for a service that kept its lead all year", () => {
    const report = annualReport(loadScenario(demoScenarioDocument), "ICT", "2024/25");
    const text = annualReportText(report, false);
    expect(text.split("\n")[1]).toBe(`ICT ${report.service.name}, led by HDC`);
    expect(text).not.toContain(" under ");
  });
});

describe("the annual report as text of a year still running", () => {
  const demo = loadScenario(demoScenarioDocument);

  it("says its outages cover only the months ended when it was taken", () => {
    const text = annualReportText(annualReport(demo, "ICT", "2024/25", { asAt: "2024-11-25T12:00:00Z" }), false);
    expect(text).toContain(
      "Months ended when the report was taken only: 2024-04-01 to 2024-10-31; the month in progress and those to come are read as each ends.",
    );
    expect(text).toContain("service        98.45%  1500h 00m  23h 15m        3");
    expect(text).not.toContain("OUT-2024-011");
    // Taken at the year's end, the whole year is read and nothing is said.
    expect(
      annualReportText(annualReport(demo, "ICT", "2024/25", { asAt: "2025-03-31T23:00:00Z" }), false),
    ).not.toContain("Months ended");
  });

  it("says a year has no savings figures of the service yet, its running total the last year's, not £0", () => {
    const text = annualReportText(annualReport(demo, "ICT", "2025/26", { asAt: "2025-11-25T12:00:00Z" }), false);
    expect(text).toContain(
      "No savings figures of ICT for 2025/26: no contribution is recorded for it and the year has no lines of the service to run.\nCumulative £6,093,885.85 to 2024/25 (actual attribution)",
    );
    expect(text).not.toContain("All partners: saving £0.00");
  });
});
