import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatInstant, outageKpiMeasurements, periodInterval } from "../availability/index.js";
import { demoScenario } from "../demo/index.js";
import type { KpiResult } from "../kpi/index.js";
import { parsePeriod, subdivide } from "../period/index.js";
import { annualReport } from "./annualReport.js";
import { kpiScorecard } from "./kpiScorecard.js";

// The demo's ICT availability (ICT-KPI-1) comes from its outage log, complete from April 2023.
const demo = demoScenario();
const availabilityOf = (card: { kpis: readonly KpiResult[] }): KpiResult => {
  const kpi = card.kpis.find((k) => k.code === "ICT-KPI-1");
  if (kpi === undefined) throw new Error("the demo has ICT-KPI-1");
  return kpi;
};

describe("kpiScorecard: the outage log gives readings only for periods ended when the scorecard is taken", () => {
  it("gives a year not begun no availability reading: 2030/31 taken in November 2026 is no data, not 100% Green", () => {
    const ict = availabilityOf(kpiScorecard(demo, "2030/31", { asAt: "2026-11-24T16:00:00Z" }));
    expect(ict.yearToDate.value).toBeNull();
    expect(ict.yearToDate.status).toBe("no-data");
    expect(ict.quarters.map((q) => q.status)).toEqual(["no-data", "no-data", "no-data", "no-data"]);
    expect(ict.predictedYearEnd).toBeNull();
    // The annual report shows the same scorecard.
    const report = annualReport(demo, "ICT", "2030/31", { asAt: "2026-11-24T16:00:00Z" });
    expect(report.kpis?.kpis.find((k) => k.code === "ICT-KPI-1")).toEqual(ict);
  });

  it("reads the quarter running at asAt from its ended months, and gives the quarters after it nothing", () => {
    // 20 November 2024: Q1 and Q2 have ended, of Q3 only October has, Q4 has not begun.
    const asAt = "2024-11-20T12:00:00Z";
    const ict = availabilityOf(kpiScorecard(demo, "2024/25", { asAt }));
    const [october] = outageKpiMeasurements(demo.availability as NonNullable<typeof demo.availability>, "2024/25-P7", {
      partners: demo.partners.map((p) => p.id),
      asAt,
    }).filter((m) => m.kpi === "ICT-KPI-1" && m.partner === undefined);
    expect(october).toBeDefined();
    const q3 = ict.quarters[2];
    expect([q3?.value?.numerator, q3?.value?.denominator, q3?.value?.measurements]).toEqual([
      october?.numerator,
      october?.denominator,
      1,
    ]);
    expect(ict.quarters[3]?.status).toBe("no-data");
    expect(ict.predictedYearEnd?.method).toBe("to-date");
    expect(ict.warnings.some((w) => w.kind === "incomplete-period" && w.period === "2024/25-Q3")).toBe(true);
  });

  it("reads a period exactly when it has ended by asAt, whatever the instant (property)", () => {
    const from = Date.parse("2024-03-01T00:00:00Z") / 1000;
    const to = Date.parse("2025-05-01T00:00:00Z") / 1000;
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (seconds) => {
        const ict = availabilityOf(kpiScorecard(demo, "2024/25", { asAt: formatInstant(seconds) }));
        ict.quarters.forEach((q) => {
          const months = subdivide(parsePeriod(q.period), "month").filter((m) => periodInterval(m).end <= seconds);
          expect(q.value?.measurements ?? 0).toBe(periodInterval(q.period).end <= seconds ? 1 : months.length);
        });
        expect(ict.predictedYearEnd?.method === "actual").toBe(periodInterval("2024/25").end <= seconds);
      }),
      { numRuns: 25 },
    );
  });
});
