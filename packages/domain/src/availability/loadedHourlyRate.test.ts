import { describe, expect, it } from "vitest";
import { parseMoney } from "../money/index.js";
import { codeOf } from "../testing/errors.js";
import { loadedHourlyRate } from "./loadedHourlyRate.js";

const gbp = (pounds: string) => parseMoney(pounds, "GBP");

describe("loadedHourlyRate", () => {
  it("gives £25,000 a year over 1,924 productive hours (37 h × 52 weeks) as exactly 625000/481 pence an hour", () => {
    const rate = loadedHourlyRate({ kind: "annual-cost", annualCost: gbp("25000"), productiveHoursPerYear: "1924" });
    expect(rate).toEqual({ currency: "GBP", minorPerHour: { numerator: "625000", denominator: "481" } });
  });

  it("adds on-costs to a salary before dividing by productive hours", () => {
    // £20,000 + 25% = £25,000: the same rate as above.
    const rate = loadedHourlyRate({
      kind: "salary-plus-on-costs",
      salary: gbp("20000"),
      onCostPercent: "25",
      productiveHoursPerYear: "1924",
    });
    expect(rate.minorPerHour).toEqual({ numerator: "625000", denominator: "481" });
    expect(loadedHourlyRate({ kind: "hourly", perHour: gbp("13.00") }).minorPerHour).toEqual({
      numerator: "1300",
      denominator: "1",
    });
  });

  it("refuses zero productive hours, negative costs and negative on-costs", () => {
    const annual = { kind: "annual-cost" as const, annualCost: gbp("25000"), productiveHoursPerYear: "0" };
    expect(codeOf(() => loadedHourlyRate(annual))).toBe("DIVISION_BY_ZERO");
    expect(codeOf(() => loadedHourlyRate({ ...annual, annualCost: gbp("-1"), productiveHoursPerYear: "1" }))).toBe(
      "INVALID_AMOUNT",
    );
    expect(
      codeOf(() =>
        loadedHourlyRate({
          kind: "salary-plus-on-costs",
          salary: gbp("1"),
          onCostPercent: "-5",
          productiveHoursPerYear: "1",
        }),
      ),
    ).toBe("INVALID_DECIMAL");
    expect(codeOf(() => loadedHourlyRate({ ...annual, productiveHoursPerYear: "1924.5e0" }))).toBe("INVALID_DECIMAL");
  });
});
