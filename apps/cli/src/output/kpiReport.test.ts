import { kpiScorecard, parseScenario } from "@3c/domain";
import { demoScenarioDocument } from "@3c/domain/demo";
import { stripControl } from "@3c/workbooks";
import { describe, expect, it } from "vitest";
import { clip, colourStatuses, kpiReportText, wrap } from "./kpiReport.js";

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
});
