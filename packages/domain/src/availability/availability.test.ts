import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Fraction } from "../exact/index.js";
import { parseDate } from "../period/index.js";
import { codeOf } from "../testing/errors.js";
import { type AvailabilityFigures, type AvailabilityOptions, availability } from "./availability.js";
import { formatInstant } from "./instant.js";
import type { Outage } from "./Outage.js";
import { exampleLog, exampleOptions, officeHours } from "./workedExample.js";

const HOUR = 3600;
const row = (rows: readonly AvailabilityFigures[], partner?: string) =>
  rows.find((r) => r.partner === partner) as AvailabilityFigures;

describe("availability: the worked example (3C ICT, 2024/25-Q1, 08:00-18:00 weekdays)", () => {
  const report = availability(exampleLog, "2024/25-Q1", exampleOptions);

  it("excludes planned maintenance from agreed time and merges the overlapping incidents", () => {
    const ict = row(report.rows);
    expect(ict.agreedSeconds).toBe(619 * HOUR); // 620 h agreed less PLN-1's hour inside 08:00-18:00
    expect(ict.plannedExcludedSeconds).toBe(HOUR);
    expect(ict.downtimeSeconds).toBe(3 * HOUR); // INC-1 ∪ INC-2 09:00-11:00, INC-4 Friday 17:00-18:00
    expect(ict.availableSeconds).toBe(616 * HOUR);
    expect(ict.availability).toEqual({ numerator: "616", denominator: "619" });
    expect(ict.percent).toBe("99.52");
  });

  it("counts and measures the outages, the weekend one included", () => {
    const ict = row(report.rows);
    expect(ict.outages).toEqual([
      { id: "INC-1", planned: false, elapsedSeconds: HOUR, inServiceSeconds: HOUR },
      { id: "INC-2", planned: false, elapsedSeconds: 1.5 * HOUR, inServiceSeconds: 1.5 * HOUR },
      { id: "INC-3", planned: false, elapsedSeconds: 30 * HOUR, inServiceSeconds: 0 },
      { id: "INC-4", planned: false, elapsedSeconds: 55 * HOUR, inServiceSeconds: HOUR },
    ]);
    expect([ict.outageCount, ict.outageSecondsTotal, ict.outageSecondsLongest]).toEqual([4, 87.5 * HOUR, 55 * HOUR]);
    expect([ict.inServiceSecondsTotal, ict.inServiceSecondsLongest]).toEqual([3.5 * HOUR, 1.5 * HOUR]);
  });

  it("gives each partner only the outages that hit it", () => {
    expect(report.rows.map((r) => [r.partner ?? "all", r.downtimeSeconds / HOUR, r.percent, r.outageCount])).toEqual([
      ["all", 3, "99.52", 4],
      ["CCC", 2, "99.68", 2],
      ["HDC", 2, "99.68", 2],
      ["SCDC", 1, "99.84", 2],
    ]);
  });

  it("counts planned maintenance as downtime when told to", () => {
    const counted = row(availability(exampleLog, "2024/25-Q1", { ...exampleOptions, planned: "count" }).rows);
    expect([counted.agreedSeconds, counted.downtimeSeconds, counted.outageCount]).toEqual([620 * HOUR, 4 * HOUR, 5]);
    expect(counted.availability).toEqual({ numerator: "154", denominator: "155" });
  });

  it("counts the rest of INC-4 in the next quarter: Monday 08:00-09:30", () => {
    const q2 = row(availability(exampleLog, "2024/25-Q2", exampleOptions).rows);
    expect([q2.downtimeSeconds, q2.outageCount, q2.outageSecondsTotal]).toEqual([1.5 * HOUR, 1, 9.5 * HOUR]);
  });

  it("is 100% for a partner with no outages, and null with no agreed time", () => {
    const quiet = availability([], "2024/25-Q1", exampleOptions);
    expect(row(quiet.rows, "CCC").availability).toEqual({ numerator: "1", denominator: "1" });
    expect(row(quiet.rows, "CCC").percent).toBe("100.00");
    const sundays = ["2024-04-07", "2024-04-14", "2024-04-21", "2024-04-28"].map((t) => parseDate(t));
    const closed = availability([], "2024/25-P1", {
      ...exampleOptions,
      calendars: { ICT: { ...officeHours, weekdays: ["Sun"], bankHolidays: sundays } },
    });
    expect([row(closed.rows).agreedSeconds, row(closed.rows).availability, row(closed.rows).percent]).toEqual([
      0,
      null,
      null,
    ]);
  });
});

describe("availability: clock changes", () => {
  it("loses 25 hours of a 24x7 service to an outage over the whole of 2024-10-27", () => {
    const outage: Outage = {
      id: "X",
      start: "2024-10-27T00:00:00+01:00",
      end: "2024-10-28T00:00:00+00:00",
      services: ["ICT"],
      systems: [],
      partners: [{ partner: "CCC", users: 1 }],
      planned: false,
      priority: "P1",
    };
    const r = row(
      availability([outage], "2024/25-Q3", {
        ...exampleOptions,
        calendars: { ICT: { kind: "24x7", timeZone: "Europe/London" } },
      }).rows,
    );
    expect([r.downtimeSeconds, r.agreedSeconds]).toEqual([25 * HOUR, (92 * 24 + 1) * HOUR]);
  });
});

describe("availability: overlapping outages over a bank holiday and over the repeated hour, planned work excluded", () => {
  const outage = (id: string, start: string, end: string, planned = false): Outage => ({
    id,
    start,
    end,
    services: ["ICT"],
    systems: [],
    partners: [{ partner: "CCC", users: 1 }],
    planned,
    priority: planned ? "P4" : "P1",
  });

  it("loses Friday's 2 h and Tuesday's 2 h over the August bank holiday: 644/648 h, 99.38%", () => {
    // 2024/25-Q2 on weekdays 08:00-18:00: 23 + 22 + 21 = 66 weekdays less Monday 26 August = 650 h.
    // A: Fri 23 Aug 16:00 - Tue 27 Aug 09:00 loses Fri 16-18 and Tue 08-09 (the bank holiday is not agreed time).
    // B: Tue 08:30-10:30 overlaps A: together Tue 08:00-10:30.
    // P: planned Tue 10:00-12:00 leaves the agreed time (650 - 2 = 648 h), taking B's last half hour with it.
    // Down: 2 h Friday + 2 h Tuesday (08:00-10:00) = 4 h; 644/648 = 161/162 = 99.3827…%.
    const log = [
      outage("A", "2024-08-23T16:00:00+01:00", "2024-08-27T09:00:00+01:00"),
      outage("B", "2024-08-27T08:30:00+01:00", "2024-08-27T10:30:00+01:00"),
      outage("P", "2024-08-27T10:00:00+01:00", "2024-08-27T12:00:00+01:00", true),
    ];
    const calendars = { ICT: { ...officeHours, bankHolidays: [parseDate("2024-08-26")] } };
    const r = row(availability(log, "2024/25-Q2", { ...exampleOptions, calendars }).rows);
    expect([r.agreedSeconds, r.plannedExcludedSeconds, r.downtimeSeconds]).toEqual([648 * HOUR, 2 * HOUR, 4 * HOUR]);
    expect([r.availability, r.percent]).toEqual([{ numerator: "161", denominator: "162" }, "99.38"]);
    // Counted as downtime, P is 650 h agreed and Tuesday 08:00-12:00 down: 6 h, 644/650 = 99.0769…%.
    const counted = row(availability(log, "2024/25-Q2", { ...exampleOptions, calendars, planned: "count" }).rows);
    expect([counted.downtimeSeconds, counted.availability, counted.percent]).toEqual([
      6 * HOUR,
      { numerator: "322", denominator: "325" },
      "99.08",
    ]);
  });

  it("merges two outages over the repeated hour of 2024-10-27 by their instants: 2¼ h of a 2,209 h quarter", () => {
    // W1 00:30 BST - 01:30 GMT is 23:30Z - 01:30Z (2 h on the clock's one and a half);
    // W2 01:15 BST - 01:45 GMT is 00:15Z - 01:45Z (1½ h). Together 23:30Z - 01:45Z = 2¼ h = 8,100 s.
    // 2024/25-Q3 24x7 is 92 days and the extra hour: 2,209 h = 7,952,400 s;
    // (7,952,400 − 8,100) / 7,952,400 = 8,827/8,836 = 99.8981…%.
    const log = [
      outage("W1", "2024-10-27T00:30:00+01:00", "2024-10-27T01:30:00+00:00"),
      outage("W2", "2024-10-27T01:15:00+01:00", "2024-10-27T01:45:00+00:00"),
    ];
    const calendars = { ICT: { kind: "24x7" as const, timeZone: "Europe/London" } };
    const r = row(availability(log, "2024/25-Q3", { ...exampleOptions, calendars }).rows);
    expect(r.outages.map((o) => [o.id, o.elapsedSeconds])).toEqual([
      ["W1", 2 * HOUR],
      ["W2", 1.5 * HOUR],
    ]);
    expect([r.agreedSeconds, r.downtimeSeconds]).toEqual([2209 * HOUR, 2.25 * HOUR]);
    expect([r.availability, r.percent]).toEqual([{ numerator: "8827", denominator: "8836" }, "99.90"]);
  });
});

describe("availability: an open outage not begun when the report is taken", () => {
  // The chiller (INC-3) fails again on Monday 10 June 09:00 BST and is still open.
  const again: Outage = { ...(exampleLog[3] as Outage), id: "INC-5", start: "2024-06-10T09:00:00+01:00" };
  delete (again as { end?: string }).end;
  const at = (asAt: string) => availability([...exampleLog, again], "2024/25-Q1", { ...exampleOptions, asAt });

  it("counts nothing when it begins at or after asAt, as if it were not logged", () => {
    const plain = availability(exampleLog, "2024/25-Q1", exampleOptions);
    expect(at("2024-06-10T09:00:00+01:00")).toEqual(plain);
    expect(at("2024-06-10T08:00:00+01:00")).toEqual(plain);
    expect(row(at("2024-06-10T09:00:00+01:00").rows, "SCDC").outageCount).toBe(2); // INC-1 and INC-3
  });

  it("counts its time up to asAt once it has begun: 09:00-10:30 is 1.5 h more of SCDC's service time", () => {
    const scdc = row(at("2024-06-10T10:30:00+01:00").rows, "SCDC");
    expect([scdc.outageCount, scdc.downtimeSeconds, scdc.outages.at(-1)]).toEqual([
      3,
      2.5 * HOUR, // INC-1's hour and INC-5's 1.5 h
      { id: "INC-5", planned: false, elapsedSeconds: 1.5 * HOUR, inServiceSeconds: 1.5 * HOUR },
    ]);
  });

  it("still refuses it for an unknown partner, and without asAt", () => {
    const stranger = { ...again, partners: [{ partner: "ECDC", users: 1 }] };
    expect(
      codeOf(() =>
        availability([...exampleLog, stranger], "2024/25-Q1", { ...exampleOptions, asAt: "2024-06-01T00:00:00Z" }),
      ),
    ).toBe("INVALID_OUTAGE");
    expect(() => availability([...exampleLog, again], "2024/25-Q1", exampleOptions)).toThrow(
      /outages\[5\]\.end \(outage INC-5\): the outage is still open/,
    );
  });
});

describe("availability: refusals", () => {
  it("refuses unknown partners, services without a calendar and open outages without asAt", () => {
    const base = exampleLog[0] as Outage;
    expect(
      codeOf(() =>
        availability([{ ...base, partners: [{ partner: "ECDC", users: 1 }] }], "2024/25-Q1", exampleOptions),
      ),
    ).toBe("INVALID_OUTAGE");
    expect(codeOf(() => availability([{ ...base, services: ["Legal"] }], "2024/25-Q1", exampleOptions))).toBe(
      "INVALID_CALENDAR",
    );
    const { end: _end, ...open } = base;
    expect(() => availability([open], "2024/25-Q1", exampleOptions)).toThrow(
      /outages\[0\]\.end \(outage INC-1\): the outage is still open/,
    );
    const closed = row(
      availability([open], "2024/25-Q1", { ...exampleOptions, asAt: "2024-04-10T12:00:00+01:00" }).rows,
    );
    expect(closed.downtimeSeconds).toBe(3 * HOUR);
    expect(
      codeOf(() => availability([{ ...base, end: "2024-04-10T08:00:00+01:00" }], "2024/25-Q1", exampleOptions)),
    ).toBe("INVALID_OUTAGE");
    expect(codeOf(() => availability([base, base], "2024/25-Q1", exampleOptions))).toBe("INVALID_OUTAGE");
    expect(
      codeOf(() =>
        availability([], "2024/25-Q1", { ...exampleOptions, percent: { places: -1, rounding: "half-even" } }),
      ),
    ).toBe("INVALID_DECIMAL");
  });
});

// Outages on a 24x7 UTC service in the first week of 2024/25-Q1 (2024-04-01 is a Monday).
const Q1_START = 1_711_929_600; // 2024-04-01T00:00:00Z
const outageArb = fc
  .record({
    offset: fc.integer({ min: -2 * 86_400, max: 10 * 86_400 }),
    length: fc.integer({ min: 0, max: 3 * 86_400 }),
    planned: fc.boolean(),
    partner: fc.constantFrom("CCC", "HDC", "SCDC"),
  })
  .map(
    ({ offset, length, planned, partner }, i = 0): Outage => ({
      id: `O${offset}-${length}-${partner}-${planned}-${i}`,
      start: formatInstant(Q1_START + offset),
      end: formatInstant(Q1_START + offset + length),
      services: ["ICT"],
      systems: [],
      partners: [{ partner, users: 10 }],
      planned,
      priority: "P2",
    }),
  );
const logArb = fc.uniqueArray(outageArb, { maxLength: 8, selector: (o) => o.id });
const optionsArb = fc
  .constantFrom<AvailabilityOptions["planned"]>("count", "exclude")
  .chain((planned) =>
    fc.constantFrom<AvailabilityOptions>(
      { ...exampleOptions, planned, calendars: { ICT: { kind: "24x7", timeZone: "UTC" } } },
      { ...exampleOptions, planned, calendars: { ICT: { ...officeHours, timeZone: "UTC" } } },
    ),
  );
const ratio = (r: AvailabilityFigures) => Fraction.fromData(r.availability ?? { numerator: "1", denominator: "1" });

describe("availability: properties", () => {
  it("lies between 0 and 100% and downtime never exceeds agreed time", () => {
    fc.assert(
      fc.property(logArb, optionsArb, (log, options) => {
        for (const r of availability(log, "2024/25-Q1", options).rows) {
          expect(ratio(r).compare(Fraction.ZERO)).toBeGreaterThanOrEqual(0);
          expect(ratio(r).compare(Fraction.ONE)).toBeLessThanOrEqual(0);
          expect(r.downtimeSeconds).toBeLessThanOrEqual(r.agreedSeconds);
          expect(r.downtimeSeconds).toBeLessThanOrEqual(r.inServiceSecondsTotal);
          expect(r.availableSeconds + r.downtimeSeconds).toBe(r.agreedSeconds);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("never rises when an incident is added (monotonic in downtime)", () => {
    fc.assert(
      fc.property(logArb, outageArb, optionsArb, (log, extra, options) => {
        fc.pre(!log.some((o) => o.id === extra.id));
        const incident = { ...extra, planned: false };
        const before = availability(log, "2024/25-Q1", options).rows;
        const after = availability([...log, incident], "2024/25-Q1", options).rows;
        after.forEach((r, i) => {
          const b = before[i] as AvailabilityFigures;
          expect(r.agreedSeconds).toBe(b.agreedSeconds);
          expect(r.downtimeSeconds).toBeGreaterThanOrEqual(b.downtimeSeconds);
          expect(ratio(r).compare(ratio(b))).toBeLessThanOrEqual(0);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it("gives the same downtime when an outage is logged twice, and in any log order", () => {
    fc.assert(
      fc.property(
        logArb.chain((log) => fc.tuple(fc.constant(log), fc.shuffledSubarray(log, { minLength: log.length }))),
        optionsArb,
        ([log, shuffled], options) => {
          const report = availability(log, "2024/25-Q1", options);
          expect(availability(shuffled, "2024/25-Q1", options)).toEqual(report);
          const doubled = [...log, ...log.map((o) => ({ ...o, id: `${o.id}-again` }))];
          const again = availability(doubled, "2024/25-Q1", options);
          expect(again.rows.map((r) => [r.agreedSeconds, r.downtimeSeconds])).toEqual(
            report.rows.map((r) => [r.agreedSeconds, r.downtimeSeconds]),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("gives each partner no more downtime than the whole service, and at least its agreed time", () => {
    fc.assert(
      fc.property(logArb, optionsArb, (log, options) => {
        const [all, ...partners] = availability(log, "2024/25-Q1", options).rows as AvailabilityFigures[];
        for (const p of partners) {
          // Under "exclude" a partner keeps the time of planned work that did not touch it.
          expect(p.agreedSeconds).toBeGreaterThanOrEqual(all?.agreedSeconds ?? 0);
          if (options.planned === "count") {
            expect(p.agreedSeconds).toBe(all?.agreedSeconds);
            expect(p.downtimeSeconds).toBeLessThanOrEqual(all?.downtimeSeconds ?? 0);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
