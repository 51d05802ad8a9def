import { describe, expect, it } from "vitest";
import { demoScenarioDocument } from "../demo/index.js";
import { oneServiceDocument } from "../testing/scenarios.js";
import { parseScenario } from "./parseScenario.js";

const kpi = {
  code: "SVC-KPI-1",
  name: "Availability",
  service: "SVC",
  unit: "percent",
  polarity: "higher-is-better",
  targets: [{ year: "2024/25", value: "95" }],
};

describe("the KPI and availability sections of a scenario", () => {
  it("build KPI definitions, measurements, calendars, the outage log and settings for the demo", () => {
    const parsed = parseScenario(demoScenarioDocument);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues.slice(0, 3)));
    const s = parsed.value;
    expect(s.kpis?.map((k) => k.code)).toContain("ICT-KPI-1");
    expect(s.measurements?.length).toBe(demoScenarioDocument.measurements?.length);
    expect(Object.keys(s.availability?.calendars ?? {})).toEqual(["ICT"]);
    expect(s.availability?.outages.length).toBe(demoScenarioDocument.outages?.length);
    expect(s.availability?.settings?.loggedFrom).toBe("2023-04-01");
  });

  it("report KPIs and readings of unknown services and partners, and a KPI both recorded and derived", () => {
    const doc = {
      ...oneServiceDocument(),
      kpis: [{ ...kpi, service: "NOPE" }],
      measurements: [{ kpi: "SVC-KPI-1", period: "2024/25-Q1", partner: "XXX", numerator: "1", denominator: "2" }],
      calendars: [{ id: "always", kind: "24x7", services: ["GONE"] }],
      outages: [
        {
          id: "O1",
          start: "2024-05-01T10:00:00+01:00",
          end: "2024-05-01T11:00:00+01:00",
          services: ["ELSEWHERE"],
          systems: [],
          partners: [{ partner: "CCC", users: 10 }],
          planned: false,
          priority: "P1",
        },
      ],
      availability: {
        planned: "exclude",
        percent: { places: 2, rounding: "half-even" },
        kpis: { SVC: "SVC-KPI-1" },
        incidentTargets: [{ kpi: "MISSING", priority: "P1", withinHours: "4" }],
      },
    };
    const parsed = parseScenario(doc);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'availability.incidentTargets[0].kpi: no KPI "MISSING" is defined in kpis',
      "availability.kpis.SVC: service SVC has no calendar",
      'calendars[0].services[0]: unknown service "GONE"',
      'kpis[0].service: unknown service "NOPE"',
      "measurements[0].kpi: SVC-KPI-1 is measured from the outage log (availability settings); do not record it too",
      'measurements[0].partner: unknown partner "XXX"',
      "outages[0].services[0]: service ELSEWHERE has no calendar; give it one",
      'outages[0].services[0]: unknown service "ELSEWHERE"',
    ]);
  });

  it("report a KPI and an outage problem once, whether or not the schema found problems elsewhere", () => {
    const doc = {
      ...oneServiceDocument(),
      kpis: [kpi],
      measurements: [{ kpi: "NO-SUCH-KPI", period: "2024/25-Q1", numerator: "1", denominator: "2" }],
      calendars: [{ id: "always", kind: "24x7", services: ["SVC"] }],
      outages: [
        {
          id: "O1",
          start: "2024-05-01T11:00:00+01:00",
          end: "2024-05-01T10:00:00+01:00",
          services: ["SVC"],
          systems: [],
          partners: [{ partner: "CCC", users: 10 }],
          planned: false,
          priority: "P1",
        },
      ],
    };
    const problems = (input: unknown) => {
      const parsed = parseScenario(input);
      return parsed.ok ? [] : parsed.issues.map((i) => `${i.path}: ${i.message}`);
    };
    const valid = problems(doc);
    const withSchemaError = problems({ ...doc, partnership: { ...doc.partnership, name: "" } });
    expect(valid).toEqual(['measurements[0].kpi: unknown KPI "NO-SUCH-KPI"', "outages[0].end: is before the start"]);
    expect(withSchemaError).toEqual([...valid, "partnership.name: must not be empty"]);
  });
});
