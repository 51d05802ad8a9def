import { kpiScorecard, parseScenario } from "@3c/domain";
import { demoScenarioDocument } from "@3c/domain/demo";
import { stripControl } from "@3c/workbooks";
import { describe, expect, it } from "vitest";
import { demoWithFeeIncome } from "../../test/feeIncome.js";
import { clip, colourStatuses, kpiReportText, kpiSummaryTable, wrap } from "./kpiReport.js";

const parsed = parseScenario(demoScenarioDocument);
if (!parsed.ok) throw new Error("the demo does not parse");
const card = kpiScorecard(parsed.value, "2024/25", { service: "ICT" });

describe("the KPI scorecard as text", () => {
  it("colours status words on a terminal and leaves other words alone", () => {
    expect(colourStatuses("ICT-KPI-3  RED  Redbridge GREEN")).toBe(
      "ICT-KPI-3  \u001b[31mRED\u001b[39m  Redbridge \u001b[32mGREEN\u001b[39m",
    );
  });

  it("writes colour codes only when asked, with the same text underneath", () => {
    const plain = kpiReportText(card, "t", false);
    const coloured = kpiReportText(card, "t", true);
    expect(plain).not.toContain("\u001b[");
    expect(coloured).toContain("\u001b[33mAMBER\u001b[39m");
    expect(stripControl(coloured)).toBe(plain);
  });

  it("wraps a long message at spaces with a hanging indent", () => {
    expect(wrap("one two three four", 9, "  ")).toEqual(["one two", "  three", "  four"]);
  });

  it("clips a long name with an ellipsis", () => {
    expect(clip("Client satisfaction", 10)).toBe("Client sa…");
    expect(clip("Short", 10)).toBe("Short");
  });

  it("prints each year's name of a KPI renamed from a year: the old one before it, the new one from it", () => {
    const names = [{ from: "2025/26", name: "Service desk calls answered in a minute" }];
    const doc = {
      ...demoScenarioDocument,
      kpis: (demoScenarioDocument.kpis ?? []).map((k) => (k.code === "ICT-KPI-3" ? { ...k, names } : k)),
    };
    const renamed = parseScenario(doc);
    if (!renamed.ok) throw new Error(JSON.stringify(renamed.issues));
    const text = (year: string) => kpiReportText(kpiScorecard(renamed.value, year, { service: "ICT" }), "t", false);
    expect(text("2024/25")).toBe(kpiReportText(card, "t", false));
    expect(text("2024/25")).toContain("Service desk calls answered within 60 seconds");
    expect(text("2025/26")).toContain("Service desk calls answered in a minute");
    expect(text("2025/26")).not.toContain("Service desk calls answered within 60 seconds");
  });
  it("shows a sum KPI's year to date against the target it was judged by, the year's in brackets", () => {
    // Fee income of £400,000 a year; through Q1 the year to date is judged against 400,000 × 3/12.
    const doc = demoWithFeeIncome;
    const scenario = parseScenario(doc);
    if (!scenario.ok) throw new Error("the scenario does not parse");
    const line = kpiSummaryTable(kpiScorecard(scenario.value, "2024/25", { service: "BC" }))
      .split("\n")
      .find((l) => l.startsWith("BC-KPI-5"));
    expect(line?.replace(/ +/g, " ")).toBe(
      "BC-KPI-5 money 100000 100000 (400000 a year) GREEN · 400000 GREEN (projected)",
    );
  });
});
