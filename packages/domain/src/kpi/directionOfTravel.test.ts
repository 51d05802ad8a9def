import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Fraction, toFraction } from "../exact/index.js";
import { directionOfTravel } from "./directionOfTravel.js";
import { testKpi } from "./testKpis.js";

const f = (text: string) => toFraction(text, "test");

describe("directionOfTravel", () => {
  it("follows the KPI's polarity", () => {
    const higher = testKpi();
    const lower = testKpi({ polarity: "lower-is-better" });
    expect(directionOfTravel(higher, f("97.8"), f("95"))).toBe("improved");
    expect(directionOfTravel(lower, f("97.8"), f("95"))).toBe("worse");
    expect(directionOfTravel(lower, f("3"), f("5"))).toBe("improved");
    expect(directionOfTravel(higher, undefined, f("95"))).toBe("n/a");
    expect(directionOfTravel(higher, f("95"), undefined)).toBe("n/a");
  });

  it("compares what is shown: 97.76 and 97.84 both read 97.8", () => {
    expect(directionOfTravel(testKpi(), f("97.84"), f("97.76"))).toBe("same");
    expect(directionOfTravel(testKpi(), f("97.85"), f("97.76"))).toBe("improved");
  });

  it("improves a within-band KPI as it nears its band", () => {
    const kpi = testKpi({ polarity: "within-band" });
    const band = { lower: f("100"), upper: f("120") };
    expect(directionOfTravel(kpi, f("125"), f("130"), band)).toBe("improved");
    expect(directionOfTravel(kpi, f("95"), f("125"), band)).toBe("same"); // 5 outside either way
    expect(directionOfTravel(kpi, f("101"), f("119"), band)).toBe("same");
    expect(directionOfTravel(kpi, f("99"), f("110"), band)).toBe("worse");
    expect(directionOfTravel(kpi, f("99"), f("110"))).toBe("n/a");
  });

  it("is antisymmetric: improving from a to b is worsening from b to a", () => {
    const value = fc.integer({ min: -100000, max: 100000 }).map((n) => Fraction.of(BigInt(n), 1000n));
    const flip = { improved: "worse", worse: "improved", same: "same", "n/a": "n/a" } as const;
    fc.assert(
      fc.property(value, value, fc.constantFrom("higher-is-better" as const, "lower-is-better" as const), (a, b, p) => {
        const kpi = testKpi({ polarity: p });
        expect(directionOfTravel(kpi, b, a)).toBe(flip[directionOfTravel(kpi, a, b)]);
      }),
      { numRuns: 1000 },
    );
  });
});
