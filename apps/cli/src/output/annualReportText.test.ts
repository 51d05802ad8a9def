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
