import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availability, outageCost, periodInterval } from "../availability/index.js";
import { demoScenario } from "../demo/index.js";
import { annualReport } from "./annualReport.js";

const demo = demoScenario();
const inputs = demo.availability;
if (inputs === undefined) throw new Error("the demo has an outage log");
const ict = inputs.calendars.ICT;
if (ict === undefined) throw new Error("the demo's ICT has a calendar");

describe("the annual report's outages section of a year still running", () => {
  it("counts only the months ended by asAt, lists and costs only their outages, and says it is incomplete", () => {
    // Taken on 25 November 2024: April to October have ended; November's OUT-2024-011 (19th) is
    // read when November ends, and the months still to come count nothing, not 100% available.
    const report = annualReport(demo, "ICT", "2024/25", { asAt: "2024-11-25T12:00:00Z" });
    const outages = report.outages;
    expect(outages?.from).toBe("2024-04-01");
    expect(outages?.to).toBe("2024-11-01");
    expect(outages?.complete).toBe(false);
    // 150 weekdays from April to October 2024 outside bank holidays, 10 hours each; lost: 1h30
    // (OUT-2024-006), 13h30 (OUT-2024-008) and 8h15 (OUT-2024-009); the planned work fell at weekends.
    expect(outages?.availability[0]).toMatchObject({
      service: "ICT",
      agreedSeconds: 5_400_000,
      downtimeSeconds: 83_700,
      percent: "98.45",
      outageCount: 3,
    });
    expect(outages?.outages.map((o) => o.id)).toEqual(["OUT-2024-006", "OUT-2024-008", "OUT-2024-009"]);
    const costed = outageCost(
      inputs.outages.filter((o) => o.start < "2024-11"),
      "2024/25",
      { ...(inputs.outageCost as NonNullable<typeof inputs.outageCost>), asAt: "2024-11-25T12:00:00Z" },
    );
    expect(outages?.cost?.total).toEqual(costed.total);
  });

  it("covers the whole year, complete, once the year has ended, as before", () => {
    const report = annualReport(demo, "ICT", "2024/25", { asAt: "2025-03-31T23:00:00Z" });
    expect([report.outages?.from, report.outages?.to, report.outages?.complete]).toEqual([
      "2024-04-01",
      "2025-04-01",
      true,
    ]);
    const whole = availability(inputs.outages, "2024/25", {
      calendars: { ICT: ict },
      partners: ["CCC", "HDC", "SCDC"],
      planned: "exclude",
      percent: { places: 2, rounding: "half-even" },
      asAt: "2025-03-31T23:00:00Z",
    });
    expect(report.outages?.availability).toEqual(whole.rows);
  });

  it("counts nothing of a year not begun: no agreed time, no outages, no percentage", () => {
    const report = annualReport(demo, "ICT", "2025/26", { asAt: "2025-03-31T22:00:00Z" });
    expect(report.outages?.to).toBe("2025-04-01");
    expect(report.outages?.complete).toBe(false);
    expect(report.outages?.availability[0]).toMatchObject({ agreedSeconds: 0, percent: null, outageCount: 0 });
  });

  it("reads each ended month exactly as that month's own availability, whatever the instant (property)", () => {
    const months = [
      "2024/25-P1",
      "2024/25-P2",
      "2024/25-P3",
      "2024/25-P4",
      "2024/25-P5",
      "2024/25-P6",
      "2024/25-P7",
      "2024/25-P8",
      "2024/25-P9",
      "2024/25-P10",
      "2024/25-P11",
      "2024/25-P12",
    ];
    const options = {
      calendars: { ICT: ict },
      partners: ["CCC", "HDC", "SCDC"],
      planned: "exclude" as const,
      percent: { places: 2, rounding: "half-even" as const },
    };
    const agreed = months.map((m) => availability(inputs.outages, m, options).rows[0]?.agreedSeconds ?? 0);
    const down = months.map((m) => availability(inputs.outages, m, options).rows[0]?.downtimeSeconds ?? 0);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    // Any instant of the year, to the second.
    const start = Date.parse("2024-04-01T00:00:00+01:00") / 1000;
    const end = Date.parse("2025-04-01T00:00:00+01:00") / 1000;
    fc.assert(
      fc.property(fc.integer({ min: start, max: end }), (seconds) => {
        const asAt = new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
        const row = annualReport(demo, "ICT", "2024/25", { asAt }).outages?.availability[0];
        // Months ended by then: their end (midnight, London) not after asAt.
        const ended = months.filter((m) => periodInterval(m).end <= seconds).length;
        expect([row?.agreedSeconds, row?.downtimeSeconds]).toEqual([
          sum(agreed.slice(0, ended)),
          sum(down.slice(0, ended)),
        ]);
      }),
      { numRuns: 60 },
    );
  });
});
