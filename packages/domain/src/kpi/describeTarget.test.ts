import { describe, expect, it } from "vitest";
import { describeTarget, periodTarget } from "./describeTarget.js";

describe("describeTarget: a scorecard row's target as people read it", () => {
  it("shows a recorded target as it is", () => {
    expect(describeTarget({ effectiveFrom: "2024-04-01", kind: "value", value: "80" })).toBe("80");
    expect(describeTarget({ effectiveFrom: "2024-04-01", kind: "band", lower: "2", upper: "5" })).toBe("2–5");
    expect(describeTarget({ effectiveFrom: "2024-04-01", kind: "not-applicable" })).toBe("n/a");
  });

  it("shows a profiled target first, the year's as recorded in brackets", () => {
    const quarter = {
      effectiveFrom: "2024-04-01",
      kind: "value",
      value: "400000",
      forPeriod: { months: 3, value: "100000", exact: true },
    } as const;
    expect([describeTarget(quarter), periodTarget(quarter)]).toEqual(["100000 (400000 a year)", "100000"]);
    const band = {
      effectiveFrom: "2024-04-01",
      kind: "band",
      lower: "100",
      upper: "200",
      forPeriod: { months: 3, lower: "25", upper: "50", exact: true },
    } as const;
    expect(describeTarget(band)).toBe("25–50 (100–200 a year)");
  });

  it("marks a profiled target rounded for showing with ≈", () => {
    const month = {
      effectiveFrom: "2024-04-01",
      kind: "value",
      value: "40",
      forPeriod: { months: 1, value: "3.3333", exact: false },
    } as const;
    expect([describeTarget(month), periodTarget(month)]).toEqual(["≈3.3333 (40 a year)", "≈3.3333"]);
  });
});
