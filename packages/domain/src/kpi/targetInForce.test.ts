import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, type CalendarDate } from "../period/index.js";
import type { KpiTarget } from "./KpiDefinition.js";
import { targetInForce } from "./targetInForce.js";
import { valueTarget } from "./testKpis.js";

describe("targetInForce", () => {
  const targets = [valueTarget("2020-04-01", "85"), valueTarget("2019-04-01", "80"), valueTarget("2020-11-15", "90")];

  it("takes the latest version effective on or before the date", () => {
    const at = (d: string) => targetInForce(targets, d as CalendarDate);
    expect(at("2019-03-31")).toBeUndefined();
    expect(at("2019-04-01")).toEqual(valueTarget("2019-04-01", "80"));
    expect(at("2020-10-01")).toEqual(valueTarget("2020-04-01", "85")); // Q3 began before the change
    expect(at("2021-01-01")).toEqual(valueTarget("2020-11-15", "90"));
  });

  it("never re-rates the past: a version added later leaves earlier dates alone", () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays("2018-01-01" as CalendarDate, n));
    fc.assert(
      fc.property(fc.uniqueArray(day, { minLength: 1, maxLength: 8 }), day, day, (dates, extra, asked) => {
        const versions: KpiTarget[] = dates.map((d, i) => valueTarget(d, String(i)));
        if (dates.includes(extra) || asked >= extra) return;
        const later = [...versions, valueTarget(extra, "99")];
        expect(targetInForce(later, asked)).toEqual(targetInForce(versions, asked));
      }),
      { numRuns: 1000 },
    );
  });
});
