import { describe, expect, it } from "vitest";
import { inEffect, reportedSpan } from "./periods.js";

describe("reportedSpan", () => {
  it("runs from a service's start, for good; from the beginning without a start", () => {
    expect(reportedSpan({ effectiveFrom: "2025-07-01" })).toEqual({ start: "2025-07-01", end: "9999-12-31" });
    expect(reportedSpan({ effectiveFrom: "2026-03-01" })).toEqual({ start: "2026-03-01", end: "9999-12-31" });
    expect(reportedSpan({ effectiveFrom: "2026-04-01" })).toEqual({ start: "2026-04-01", end: "9999-12-31" });
    expect(reportedSpan({})).toEqual({ start: "0000-01-01", end: "9999-12-31" });
    // A quarter closed before the start (2025/26-Q1 ends on 1 July 2025, exclusive) does not meet it.
    const q1 = { start: "2025-04-01", end: "2025-07-01" };
    const span = reportedSpan({ effectiveFrom: "2025-07-01" });
    expect(q1.end > span.start && q1.start < span.end).toBe(false);
  });

  it("meets exactly the years whose reports hold the service (inEffect), and no closed quarter before its start", () => {
    const years = Array.from({ length: 6 }, (_, i) => ({
      start: `${2022 + i}-04-01`,
      end: `${2023 + i}-04-01`,
    }));
    for (const effectiveFrom of ["2023-04-01", "2024-01-01", "2024-06-01", undefined]) {
      const service = effectiveFrom === undefined ? {} : { effectiveFrom };
      const span = reportedSpan(service);
      for (const year of years) expect(year.end > span.start && year.start < span.end).toBe(inEffect(service, year));
    }
  });
});
