import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromMinor, parseMoney } from "../money/index.js";
import { codeOf } from "../testing/errors.js";
import { formatInstant } from "./instant.js";
import type { Outage } from "./Outage.js";
import { outageCost } from "./outageCost.js";
import { exampleCost, exampleLog, officeHours } from "./workedExample.js";

const gbp = (pounds: string) => parseMoney(pounds, "GBP");
const minor = (shares: readonly { id: string; amount: { minor: number } }[]) =>
  Object.fromEntries(shares.map((s) => [s.id, s.amount.minor]));

describe("outageCost: the BRIEF's worked example", () => {
  it("costs 2,000 users losing one working hour at £25,000 a year at £25,987.53 (exactly £25,987.5259…)", () => {
    const report = outageCost(exampleLog, "2024/25-Q1", exampleCost);
    const inc1 = report.outages[0];
    expect(inc1?.id).toBe("INC-1");
    expect(inc1?.users).toBe(2000);
    expect(inc1?.hoursLost).toEqual({ numerator: "1", denominator: "1" });
    expect(inc1?.exactMinor).toEqual({ numerator: "1250000000", denominator: "481" });
    expect(inc1?.cost).toEqual(gbp("25987.53"));
  });

  it("attributes it to the councils by users affected, the parts summing exactly", () => {
    // 800 : 700 : 500 of 2,598,753p is 1,039,501.2 : 909,563.55 : 649,688.25; the leftover penny goes to HDC.
    const inc1 = outageCost(exampleLog, "2024/25-Q1", exampleCost).outages[0];
    expect(minor(inc1?.byPartner ?? [])).toEqual({ CCC: 1_039_501, HDC: 909_564, SCDC: 649_688 });
  });

  it("costs the quarter: only working time counts, planned work is left out, INC-4 is split at the quarter end", () => {
    const report = outageCost(exampleLog, "2024/25-Q1", exampleCost);
    expect(report.outages.map((o) => [o.id, o.hoursLost.numerator, o.hoursLost.denominator, o.cost.minor])).toEqual([
      ["INC-1", "1", "1", 2_598_753],
      ["INC-2", "3", "2", 584_719], // 300 users × 1.5 h
      ["INC-3", "0", "1", 0], // the weekend chiller failure cost no working time
      ["INC-4", "1", "1", 129_938], // 100 users × Friday 17:00-18:00
    ]);
    expect(minor(report.byPartner)).toEqual({ CCC: 1_624_220, HDC: 1_039_502, SCDC: 649_688 });
    expect(report.total).toEqual(fromMinor(3_313_410, "GBP"));
    const q2 = outageCost(exampleLog, "2024/25-Q2", exampleCost);
    expect(q2.outages.map((o) => [o.id, o.hoursLost.numerator, o.hoursLost.denominator, o.cost.minor])).toEqual([
      ["INC-4", "3", "2", 194_906], // 100 users × Monday 08:00-09:30: 93,750,000/481p
    ]);
  });

  it("costs nothing for an outage still open that had not begun when the report was taken", () => {
    const { end: _end, ...open } = { ...(exampleLog[0] as Outage), id: "INC-9", start: "2024-06-20T09:00:00+01:00" };
    for (const asAt of ["2024-06-20T09:00:00+01:00", "2024-06-19T12:00:00+01:00"]) {
      const report = outageCost([...exampleLog, open], "2024/25-Q1", { ...exampleCost, asAt });
      expect(report).toEqual(outageCost(exampleLog, "2024/25-Q1", exampleCost));
      expect(report.total).toEqual(fromMinor(3_313_410, "GBP"));
    }
    // Half an hour after it began: 2,000 users × 0.5 h, £12,993.76 more.
    const begun = outageCost([...exampleLog, open], "2024/25-Q1", {
      ...exampleCost,
      asAt: "2024-06-20T09:30:00+01:00",
    });
    expect(begun.outages.find((o) => o.id === "INC-9")?.cost).toEqual(fromMinor(1_299_376, "GBP"));
  });

  it("applies productivity impact, catch-up hours and planned work when asked", () => {
    const report = outageCost(exampleLog, "2024/25-Q1", {
      ...exampleCost,
      productivityImpact: "0.5",
      catchUpHours: "0.25",
      planned: "include",
    });
    // INC-1: 2,000 × (1 × 0.5 + 0.25) h = 1,500 person-hours. INC-3 lost no working time: no catch-up.
    // PLN-1: 2,000 × (1 × 0.5 + 0.25) = 1,500 person-hours (17:00-18:00 only).
    expect(report.outages.map((o) => [o.id, o.catchUpHours.numerator, o.exactMinor.numerator])).toEqual([
      ["INC-1", "1", "937500000"],
      ["INC-2", "1", "187500000"], // 300 × (1.5 × 0.5 + 0.25)
      ["PLN-1", "1", "937500000"],
      ["INC-3", "0", "0"],
      ["INC-4", "1", "46875000"],
    ]);
    expect(report.outages[0]?.catchUpHours).toEqual({ numerator: "1", denominator: "4" });
    const q2 = outageCost(exampleLog, "2024/25-Q2", { ...exampleCost, catchUpHours: "0.25" });
    expect(q2.outages[0]?.catchUpHours).toEqual({ numerator: "0", denominator: "1" }); // charged in Q1, where INC-4 began
  });

  it("refuses an impact outside 0 to 1 and negative catch-up", () => {
    expect(codeOf(() => outageCost(exampleLog, "2024/25-Q1", { ...exampleCost, productivityImpact: "1.5" }))).toBe(
      "INVALID_DECIMAL",
    );
    expect(codeOf(() => outageCost(exampleLog, "2024/25-Q1", { ...exampleCost, catchUpHours: "-1" }))).toBe(
      "INVALID_DECIMAL",
    );
  });
});

describe("outageCost: properties", () => {
  const start = 1_712_000_000; // 2024-04-01T19:33:20Z
  const outageArb = fc
    .record({
      at: fc.integer({ min: 0, max: 80 * 86_400 }),
      took: fc.integer({ min: 0, max: 3 * 86_400 }),
      users: fc.tuple(fc.nat(5000), fc.nat(5000), fc.nat(5000)),
    })
    .map(
      ({ at, took, users }, i = 0): Outage => ({
        id: `O${at}-${took}-${users.join("-")}-${i}`,
        start: formatInstant(start + at),
        end: formatInstant(start + at + took),
        services: ["ICT"],
        systems: [],
        partners: [
          { partner: "CCC", users: users[0] },
          { partner: "HDC", users: users[1] },
          { partner: "SCDC", users: users[2] },
        ],
        planned: false,
        priority: "P2",
      }),
    );
  const settingsArb = fc.record({
    impact: fc.constantFrom("1", "0.5", "0.333", "0"),
    catchUp: fc.constantFrom("0", "0.25", "2"),
    rounding: fc.constantFrom("half-even" as const, "half-up" as const, "floor" as const),
  });

  it("splits every outage's cost and the period's total exactly between the partners", () => {
    fc.assert(
      fc.property(fc.uniqueArray(outageArb, { maxLength: 6, selector: (o) => o.id }), settingsArb, (log, s) => {
        const report = outageCost(log, "2024/25-Q1", {
          ...exampleCost,
          productivityImpact: s.impact,
          catchUpHours: s.catchUp,
          rounding: s.rounding,
        });
        for (const line of report.outages) {
          expect(line.byPartner.reduce((t, x) => t + x.amount.minor, 0)).toBe(line.cost.minor);
        }
        expect(report.byPartner.reduce((t, x) => t + x.amount.minor, 0)).toBe(report.total.minor);
      }),
      { numRuns: 1000 },
    );
  });

  it("does not depend on the order of the log", () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(outageArb, { maxLength: 6, selector: (o) => o.id })
          .chain((log) => fc.tuple(fc.constant(log), fc.shuffledSubarray(log, { minLength: log.length }))),
        ([log, shuffled]) => {
          const settings = { ...exampleCost, catchUpHours: "0.25" };
          expect(outageCost(shuffled, "2024/25-Q1", settings)).toEqual(outageCost(log, "2024/25-Q1", settings));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("never costs less when more users are affected or the impact is higher", () => {
    fc.assert(
      fc.property(outageArb, fc.nat(1000), (outage, extra) => {
        const more: Outage = {
          ...outage,
          partners: outage.partners.map((p, i) => (i === 0 ? { ...p, users: p.users + extra } : p)),
        };
        const base = outageCost([outage], "2024/25-Q1", { ...exampleCost, productivityImpact: "0.5" }).total.minor;
        expect(
          outageCost([more], "2024/25-Q1", { ...exampleCost, productivityImpact: "0.5" }).total.minor,
        ).toBeGreaterThanOrEqual(base);
        expect(outageCost([outage], "2024/25-Q1", exampleCost).total.minor).toBeGreaterThanOrEqual(base);
      }),
      { numRuns: 1000 },
    );
  });

  it("costs nothing outside the working window", () => {
    const weekend: Outage = { ...(exampleLog[3] as Outage) };
    expect(outageCost([weekend], "2024/25-Q1", { ...exampleCost, window: officeHours }).total.minor).toBe(0);
  });
});
