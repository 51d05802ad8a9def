import { describe, expect, it } from "vitest";
import { availability } from "./availability.js";
import { incidentResolution } from "./incidentResolution.js";
import { availabilityMeasurements, incidentMeasurements } from "./measurements.js";
import { outageCost } from "./outageCost.js";
import { exampleCost, exampleLog, exampleOptions } from "./workedExample.js";

describe("KPI measurements", () => {
  it("gives available over agreed seconds per service and partner, as decimal strings", () => {
    const report = availability(exampleLog, "2024/25-Q1", exampleOptions);
    expect(availabilityMeasurements(report, { ICT: "ict-availability" })).toEqual([
      { kpi: "ict-availability", period: "2024/25-Q1", numerator: "2217600", denominator: "2228400" },
      { kpi: "ict-availability", period: "2024/25-Q1", partner: "CCC", numerator: "2221200", denominator: "2228400" },
      { kpi: "ict-availability", period: "2024/25-Q1", partner: "HDC", numerator: "2221200", denominator: "2228400" },
      { kpi: "ict-availability", period: "2024/25-Q1", partner: "SCDC", numerator: "2224800", denominator: "2228400" },
    ]);
    expect(availabilityMeasurements(report, { Legal: "legal-availability" })).toEqual([]);
  });

  it("gives incidents met over incidents judged, leaving out targets with nothing judged", () => {
    const report = incidentResolution(exampleLog, "2024/25-Q1", {
      targets: [
        { kpi: "ict-p1-fix", priority: "P1", withinSeconds: 4 * 3600 },
        { kpi: "ict-p4-fix", priority: "P4", withinSeconds: 40 * 3600 },
      ],
      byPartner: true,
    });
    expect(incidentMeasurements(report)).toEqual([
      { kpi: "ict-p1-fix", period: "2024/25-Q1", numerator: "1", denominator: "2" },
      { kpi: "ict-p1-fix", period: "2024/25-Q1", partner: "CCC", numerator: "1", denominator: "1" },
      { kpi: "ict-p1-fix", period: "2024/25-Q1", partner: "HDC", numerator: "1", denominator: "1" },
      { kpi: "ict-p1-fix", period: "2024/25-Q1", partner: "SCDC", numerator: "1", denominator: "2" },
    ]);
  });

  it("returns plain objects of exactly the agreed shape, which survive JSON", () => {
    const report = availability(exampleLog, "2024/25-Q1", exampleOptions);
    for (const m of availabilityMeasurements(report, { ICT: "ict-availability" })) {
      expect(Object.keys(m).sort()).toEqual(
        m.partner === undefined
          ? ["denominator", "kpi", "numerator", "period"]
          : ["denominator", "kpi", "numerator", "partner", "period"],
      );
      expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    }
  });
});

describe("reports are plain data", () => {
  it("survive JSON unchanged: availability, incidents and cost", () => {
    const reports = [
      availability(exampleLog, "2024/25-Q1", exampleOptions),
      incidentResolution(exampleLog, "2024/25-Q1", {
        targets: [{ kpi: "ict-p1-fix", priority: "P1", withinSeconds: 4 * 3600 }],
        byPartner: true,
      }),
      outageCost(exampleLog, "2024/25-Q1", { ...exampleCost, catchUpHours: "0.5" }),
    ];
    for (const report of reports) expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
