import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { yearEndFit } from "./yearEndFit.js";

const rowsOf = (shown: ReturnType<typeof yearEndFit>, lists: Parameters<typeof yearEndFit>[1]) =>
  (["councils", "lines", "transfers"] as const).reduce((n, k) => n + shown[k] + (shown[k] < lists[k] ? 1 : 0), 0);

describe("yearEndFit", () => {
  it("shows ten councils' year end in an 80×24 terminal's rows, and all of it in 120×40", () => {
    const lists = { councils: 10, lines: 3, transfers: 9 };
    expect(yearEndFit(12, lists)).toEqual({ councils: 6, lines: 3, transfers: 1 });
    expect(yearEndFit(28, lists)).toEqual(lists);
  });

  it("shows all of a list that is short enough, and never more rows than there is space for once the first few fit", () => {
    const list = fc.integer({ min: 0, max: 40 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 80 }), list, list, list, (space, councils, lines, transfers) => {
        const lists = { councils, lines, transfers };
        const shown = yearEndFit(space, lists);
        for (const k of ["councils", "lines", "transfers"] as const) {
          expect(shown[k]).toBeLessThanOrEqual(lists[k]);
          expect(shown[k]).toBeGreaterThanOrEqual(Math.min(lists[k], k === "transfers" ? 1 : 3));
        }
        const least = yearEndFit(0, lists);
        if (rowsOf(least, lists) <= space) expect(rowsOf(shown, lists)).toBeLessThanOrEqual(space);
        if (councils + lines + transfers <= space) expect(shown).toEqual(lists);
      }),
      { numRuns: 1000 },
    );
  });
});
