import { describe, expect, it } from "vitest";

// Ink colours through chalk, which reads the terminal's colour support once, when first loaded:
// force it on before loading Ink, in this file only (each test file has its own modules).
process.env.FORCE_COLOR = "1";
const { render } = await import("ink-testing-library");
const { demoScenario } = await import("@3c/domain/demo");
const { formatMoney, kpiScorecard, loadScenario } = await import("@3c/domain");
const { bar, KpiScreen } = await import("./reportScreens.js");
const { demoWithFeeIncome } = await import("../../test/feeIncome.js");

describe("the report screens' parts", () => {
  it("colours RAG statuses when colour is on, and writes no colour when it is off", () => {
    const props = { scenario: demoScenario(), year: "2024/25", cursor: 0 };
    const coloured = render(<KpiScreen {...props} colour={true} />);
    const frame = coloured.lastFrame() ?? "";
    expect(frame).toContain("\u001b[32mGREEN");
    expect(frame).toContain("\u001b[33mAMBER");
    coloured.unmount();
    const plain = render(<KpiScreen {...props} colour={false} />);
    expect(plain.lastFrame()).not.toContain("\u001b[3");
    plain.unmount();
  });

  it("shows a sum KPI's year to date against its target profiled to the months, and the year's", () => {
    // Fee income of £400,000 a year; through Q1 the year to date is judged against 400,000 × 3/12.
    const scenario = loadScenario(demoWithFeeIncome);
    const cursor = kpiScorecard(scenario, "2024/25").kpis.findIndex((k) => k.code === "BC-KPI-5");
    const screen = render(<KpiScreen scenario={scenario} year="2024/25" cursor={cursor} colour={false} />);
    const lines = (screen.lastFrame() ?? "").split("\n");
    expect(lines.find((l) => l.includes("BC-KPI-5"))?.replace(/ +/g, " ")).toMatch(/^› BC-KPI-5 100000 100000 GREEN/);
    expect(lines).toContain("Target for 3 months: 100000 (400000 a year)");
    screen.unmount();
  });

  it("draws a bar in eighths of a cell, exactly, from minor units", () => {
    const gbp = (minor: number) => ({ currency: "GBP" as const, minor });
    expect(bar(gbp(100), gbp(100), 4)).toBe("████");
    expect(bar(gbp(50), gbp(100), 4)).toBe("██  ");
    expect(bar(gbp(1), gbp(32), 4)).toBe("▏   ");
    expect(bar(gbp(0), gbp(100), 4)).toBe("    ");
    expect(bar(gbp(-5), gbp(100), 4)).toBe("    ");
    expect(formatMoney(gbp(100))).toBe("£1.00");
  });
});
