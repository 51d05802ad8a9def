import { describe, expect, it } from "vitest";
import { outageKpiMeasurements } from "./outageKpiMeasurements.js";
import { parseAvailability } from "./parseAvailability.js";
import { exampleDocument as document } from "./workedExample.js";

const partners = ["CCC", "HDC", "SCDC"];

describe("outageKpiMeasurements", () => {
  it("gives every reading the document asks for in one call", () => {
    const result = parseAvailability(
      {
        ...document,
        availability: {
          ...document.availability,
          incidentTargets: [
            { kpi: "ict-p1-fix", priority: "P1", withinHours: "4" },
            { kpi: "ict-p3-fix", priority: "P3", withinHours: "2", clock: "service", service: "ICT" },
          ],
        },
      },
      { partners },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const readings = outageKpiMeasurements(result.value, "2024/25-Q1", { partners });
    expect(readings.map((r) => `${r.kpi} ${r.partner ?? "all"} ${r.numerator}/${r.denominator}`)).toEqual([
      "ict-availability all 2217600/2228400",
      "ict-availability CCC 2221200/2228400",
      "ict-availability HDC 2221200/2228400",
      "ict-availability SCDC 2224800/2228400",
      "ict-p1-fix all 1/2",
      "ict-p1-fix CCC 1/1",
      "ict-p1-fix HDC 1/1",
      "ict-p1-fix SCDC 1/2",
      "ict-p3-fix all 0/1", // INC-4 took 2½ working hours against 2
      "ict-p3-fix HDC 0/1",
    ]);
  });

  it("gives none without availability settings", () => {
    const { availability: _settings, ...rest } = document;
    const result = parseAvailability(rest);
    expect(result.ok && outageKpiMeasurements(result.value, "2024/25-Q1", { partners })).toEqual([]);
  });
});
