import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "../testing/errors.js";
import { type IncidentTarget, incidentResolution } from "./incidentResolution.js";
import { formatInstant } from "./instant.js";
import type { Outage } from "./Outage.js";
import { exampleLog, officeHours } from "./workedExample.js";

const HOUR = 3600;
const targets: IncidentTarget[] = [
  { kpi: "ict-p1-fix", priority: "P1", withinSeconds: 4 * HOUR },
  { kpi: "ict-p2-fix", priority: "P2", withinSeconds: 8 * HOUR },
  { kpi: "ict-p3-fix", priority: "P3", withinSeconds: 72 * HOUR },
];

describe("incidentResolution: the worked example", () => {
  it("finds one P1 of two fixed within 4 hours: the weekend chiller took 30", () => {
    const report = incidentResolution(exampleLog, "2024/25-Q1", { targets });
    expect(report.rows.map((r) => [r.kpi, r.met, r.judged, r.share])).toEqual([
      ["ict-p1-fix", 1, 2, { numerator: "1", denominator: "2" }],
      ["ict-p2-fix", 1, 1, { numerator: "1", denominator: "1" }],
      ["ict-p3-fix", 1, 1, { numerator: "1", denominator: "1" }],
    ]);
    expect(report.rows[0]?.incidents).toEqual([
      { id: "INC-1", resolutionSeconds: HOUR, outcome: "met" },
      { id: "INC-3", resolutionSeconds: 30 * HOUR, outcome: "missed" },
    ]);
  });

  it("gives a row per partner affected when asked", () => {
    const report = incidentResolution(exampleLog, "2024/25-Q1", {
      targets: [targets[0] as IncidentTarget],
      byPartner: true,
    });
    expect(report.rows.map((r) => [r.partner ?? "all", r.met, r.judged])).toEqual([
      ["all", 1, 2],
      ["CCC", 1, 1],
      ["HDC", 1, 1],
      ["SCDC", 1, 2],
    ]);
  });

  it("puts an incident in the period it started in, and never counts planned work", () => {
    const q2 = incidentResolution(exampleLog, "2024/25-Q2", { targets });
    expect(q2.rows.map((r) => r.judged)).toEqual([0, 0, 0]);
    expect(q2.rows[0]?.share).toBeNull();
    const p4 = incidentResolution(exampleLog, "2024/25-Q1", {
      targets: [{ kpi: "p4", priority: "P4", withinSeconds: HOUR }],
    });
    expect(p4.rows[0]?.judged).toBe(0);
  });

  it("measures to resolvedAt when it is recorded", () => {
    const late = { ...(exampleLog[0] as Outage), resolvedAt: "2024-04-10T13:00:01+01:00" };
    const report = incidentResolution([late], "2024/25-Q1", { targets });
    expect(report.rows[0]?.incidents).toEqual([{ id: "INC-1", resolutionSeconds: 4 * HOUR + 1, outcome: "missed" }]);
  });
});

describe("incidentResolution: open incidents", () => {
  const { end: _end, ...open } = exampleLog[0] as Outage;

  it("leaves an open incident pending while its time is not up at asAt, and missed after", () => {
    const early = incidentResolution([open], "2024/25-Q1", { targets, asAt: "2024-04-10T12:59:59+01:00" });
    expect([early.rows[0]?.met, early.rows[0]?.judged, early.rows[0]?.incidents[0]?.outcome]).toEqual([
      0,
      0,
      "pending",
    ]);
    const late = incidentResolution([open], "2024/25-Q1", { targets, asAt: "2024-04-10T13:00:01+01:00" });
    expect([late.rows[0]?.met, late.rows[0]?.judged, late.rows[0]?.incidents[0]?.outcome]).toEqual([0, 1, "missed"]);
  });

  it("leaves out an open incident raised at or after asAt: not pending, not judged, not listed", () => {
    for (const asAt of ["2024-04-10T09:00:00+01:00", "2024-04-01T00:00:00+01:00"]) {
      const report = incidentResolution([open], "2024/25-Q1", { targets, byPartner: true, asAt });
      expect(report.rows.map((r) => [r.kpi, r.met, r.judged, r.incidents])).toEqual([
        ["ict-p1-fix", 0, 0, []],
        ["ict-p2-fix", 0, 0, []],
        ["ict-p3-fix", 0, 0, []],
      ]);
    }
    const begun = incidentResolution([open], "2024/25-Q1", { targets, asAt: "2024-04-10T09:00:01+01:00" });
    expect(begun.rows[0]?.incidents).toEqual([{ id: "INC-1", resolutionSeconds: null, outcome: "pending" }]);
  });

  it("refuses an open incident without asAt, and bad targets", () => {
    expect(codeOf(() => incidentResolution([open], "2024/25-Q1", { targets }))).toBe("INVALID_OUTAGE");
    expect(
      codeOf(() => incidentResolution([], "2024/25-Q1", { targets: [{ kpi: "x", priority: "P1", withinSeconds: 0 }] })),
    ).toBe("INVALID_OUTAGE");
  });
});

describe("incidentResolution: properties", () => {
  const start = 1_712_000_000; // 2024-04-01T19:33:20Z
  const incidentArb = fc
    .record({ at: fc.integer({ min: 0, max: 60 * 86_400 }), took: fc.integer({ min: 0, max: 10 * HOUR }) })
    .map(
      ({ at, took }, i = 0): Outage => ({
        id: `I${at}-${took}-${i}`,
        start: formatInstant(start + at),
        end: formatInstant(start + at + took),
        services: ["ICT"],
        systems: [],
        partners: [{ partner: "CCC", users: 1 }],
        planned: false,
        priority: "P1",
      }),
    );

  it("meets at least as many targets with a longer allowance, and never more than it judges", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(incidentArb, { maxLength: 10, selector: (o) => o.id }),
        fc.integer({ min: 1, max: 10 * HOUR }),
        fc.integer({ min: 0, max: 10 * HOUR }),
        (log, within, more) => {
          const tight = incidentResolution(log, "2024/25-Q1", {
            targets: [{ kpi: "k", priority: "P1", withinSeconds: within }],
          });
          const loose = incidentResolution(log, "2024/25-Q1", {
            targets: [{ kpi: "k", priority: "P1", withinSeconds: within + more }],
          });
          const [t, l] = [tight.rows[0], loose.rows[0]];
          expect(l?.met).toBeGreaterThanOrEqual(t?.met ?? 0);
          expect(t?.met).toBeLessThanOrEqual(t?.judged ?? 0);
          expect(t?.judged).toBe(log.length);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("incidentResolution: the service clock", () => {
  it("counts only agreed service time: INC-4 took 2½ working hours over a weekend", () => {
    const p3 = (withinSeconds: number) =>
      incidentResolution(exampleLog, "2024/25-Q1", {
        targets: [{ kpi: "ict-p3-fix", priority: "P3", withinSeconds, clock: "service" }],
        calendars: { ICT: officeHours },
      }).rows[0];
    // Friday 17:00-18:00 and Monday 08:00-09:30 of office hours; 64½ hours on the clock.
    expect(p3(20 * HOUR)?.incidents).toEqual([{ id: "INC-4", resolutionSeconds: 2.5 * HOUR, outcome: "met" }]);
    expect(p3(2 * HOUR)?.incidents[0]?.outcome).toBe("missed");
    expect(p3(2 * HOUR)?.clock).toBe("service");
  });

  it("gives the weekend chiller failure no service time at all", () => {
    const p1 = incidentResolution(exampleLog, "2024/25-Q1", {
      targets: [{ kpi: "ict-p1-fix", priority: "P1", withinSeconds: 4 * HOUR, clock: "service" }],
      calendars: { ICT: officeHours },
    }).rows[0];
    expect(p1?.incidents.map((x) => [x.id, x.resolutionSeconds, x.outcome])).toEqual([
      ["INC-1", HOUR, "met"],
      ["INC-3", 0, "met"],
    ]);
  });

  it("needs a calendar for each service an incident on the service clock affects", () => {
    expect(
      codeOf(() =>
        incidentResolution(exampleLog, "2024/25-Q1", {
          targets: [{ kpi: "k", priority: "P1", withinSeconds: HOUR, clock: "service" }],
        }),
      ),
    ).toBe("INVALID_CALENDAR");
  });

  it("never takes longer on the service clock than on the elapsed clock", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 80 * 86_400 }), fc.integer({ min: 0, max: 5 * 86_400 }), (at, took) => {
        const start = 1_712_000_000 + at;
        const incident: Outage = {
          ...(exampleLog[0] as Outage),
          start: formatInstant(start),
          end: formatInstant(start + took),
        };
        const [elapsed, service] = (["elapsed", "service"] as const).map(
          (clock) =>
            incidentResolution([incident], "2024/25-Q1", {
              targets: [{ kpi: "k", priority: "P1", withinSeconds: HOUR, clock }],
              calendars: { ICT: officeHours },
            }).rows[0]?.incidents[0]?.resolutionSeconds ?? 0,
        );
        expect(service).toBeLessThanOrEqual(elapsed ?? 0);
        expect(elapsed).toBe(took);
      }),
      { numRuns: 1000 },
    );
  });
});
