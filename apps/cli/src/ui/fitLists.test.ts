import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitLists, windowStart } from "./fitLists.js";

const rowsOf = (shown: Record<string, number>, lists: Record<string, number>) =>
  Object.keys(lists).reduce((n, k) => n + (shown[k] ?? 0) + ((shown[k] ?? 0) < (lists[k] ?? 0) ? 1 : 0), 0);

describe("fitLists", () => {
  it("gives the overview of ten councils in an 80×24 terminal eight councils, three positions and a transfer", () => {
    const lists = { councils: 10, positions: 10, transfers: 9 };
    const least = { councils: 3, positions: 3, transfers: 1 };
    expect(fitLists(15, lists, least)).toEqual({ councils: 8, positions: 3, transfers: 1 });
    expect(fitLists(29, lists, least)).toEqual(lists);
  });

  it("shows at least each list's least, all of a list short enough, and never more rows than there is space for once the least fit", () => {
    const list = fc.integer({ min: 0, max: 40 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 90 }),
        fc.array(fc.tuple(list, fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 4 }),
        (space, given) => {
          const lists = Object.fromEntries(given.map(([n], i) => [`list${i}`, n]));
          const least = Object.fromEntries(given.map(([, l], i) => [`list${i}`, l]));
          const shown = fitLists(space, lists, least);
          for (const k of Object.keys(lists)) {
            expect(shown[k]).toBeLessThanOrEqual(lists[k] ?? 0);
            expect(shown[k]).toBeGreaterThanOrEqual(Math.min(lists[k] ?? 0, least[k] ?? 0));
          }
          if (rowsOf(fitLists(0, lists, least), lists) <= space)
            expect(rowsOf(shown, lists)).toBeLessThanOrEqual(space);
          if (given.reduce((n, [rows]) => n + rows, 0) <= space) expect(shown).toEqual(lists);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("windowStart", () => {
  it("keeps the row in view, near the middle, and never runs past either end", () => {
    expect(windowStart(10, 4, 9)).toBe(6);
    expect(windowStart(10, 4, 5)).toBe(3);
    expect(windowStart(10, 4, 0)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.nat(60), fc.nat(60), (length, s, a) => {
        const shown = Math.min(length, Math.max(1, s));
        const at = a % length;
        const start = windowStart(length, shown, at);
        expect(start).toBeGreaterThanOrEqual(0);
        expect(start + shown).toBeLessThanOrEqual(length);
        expect(at).toBeGreaterThanOrEqual(start);
        expect(at).toBeLessThan(start + shown);
      }),
      { numRuns: 1000 },
    );
  });
});
