import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  intersectIntervals,
  mergeIntervals,
  overlapSeconds,
  subtractIntervals,
  type TimeInterval,
  totalSeconds,
} from "./TimeInterval.js";

const runs = { numRuns: 1000 };
const intervalArb = fc
  .tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 40 }))
  .map(([start, length]): TimeInterval => ({ start, end: start + length }));
const listArb = fc.array(intervalArb, { maxLength: 12 });

/** Independent reference: the set of whole seconds covered. */
function seconds(list: readonly TimeInterval[]): Set<number> {
  const out = new Set<number>();
  for (const { start, end } of list) for (let s = start; s < end; s++) out.add(s);
  return out;
}
const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

describe("mergeIntervals", () => {
  it("merges overlapping and touching intervals and drops empty ones", () => {
    expect(
      mergeIntervals([
        { start: 30, end: 60 },
        { start: 0, end: 40 },
        { start: 60, end: 70 },
        { start: 80, end: 80 },
        { start: 90, end: 95 },
      ]),
    ).toEqual([
      { start: 0, end: 70 },
      { start: 90, end: 95 },
    ]);
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(listArb, (list) => {
        const once = mergeIntervals(list);
        expect(mergeIntervals(once)).toEqual(once);
      }),
      runs,
    );
  });

  it("does not depend on input order", () => {
    fc.assert(
      fc.property(
        listArb.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))),
        ([list, shuffled]) => {
          expect(mergeIntervals(shuffled)).toEqual(mergeIntervals(list));
        },
      ),
      runs,
    );
  });

  it("gives sorted, disjoint, non-touching intervals covering exactly the same seconds", () => {
    fc.assert(
      fc.property(listArb, (list) => {
        const merged = mergeIntervals(list);
        merged.forEach((m, i) => {
          expect(m.end).toBeGreaterThan(m.start);
          if (i > 0) expect(m.start).toBeGreaterThan((merged[i - 1] as TimeInterval).end);
        });
        expect(sorted(seconds(merged))).toEqual(sorted(seconds(list)));
        expect(totalSeconds(list)).toBe(seconds(list).size);
        expect(totalSeconds(list)).toBeLessThanOrEqual(list.reduce((s, i) => s + i.end - i.start, 0));
      }),
      runs,
    );
  });
});

describe("intersectIntervals and subtractIntervals", () => {
  it("match the sets of seconds they stand for", () => {
    fc.assert(
      fc.property(listArb, listArb, (a, b) => {
        const sa = seconds(a);
        const sb = seconds(b);
        expect(sorted(seconds(intersectIntervals(a, b)))).toEqual(sorted(sa).filter((s) => sb.has(s)));
        expect(sorted(seconds(subtractIntervals(a, b)))).toEqual(sorted(sa).filter((s) => !sb.has(s)));
      }),
      runs,
    );
  });

  it("split a list into what b covers and what it does not, to the second", () => {
    fc.assert(
      fc.property(listArb, listArb, (a, b) => {
        expect(totalSeconds(intersectIntervals(a, b)) + totalSeconds(subtractIntervals(a, b))).toBe(totalSeconds(a));
      }),
      runs,
    );
  });

  it("cut a working day around an outage", () => {
    const day = [{ start: 8, end: 18 }];
    expect(intersectIntervals(day, [{ start: 6, end: 9 }])).toEqual([{ start: 8, end: 9 }]);
    expect(
      subtractIntervals(day, [
        { start: 10, end: 11 },
        { start: 17, end: 20 },
      ]),
    ).toEqual([
      { start: 8, end: 10 },
      { start: 11, end: 17 },
    ]);
  });
});

describe("overlapSeconds", () => {
  it("measures one interval against a merged list as the set of seconds does", () => {
    fc.assert(
      fc.property(intervalArb, listArb, (one, list) => {
        const inside = seconds(list);
        expect(overlapSeconds(one, mergeIntervals(list))).toBe(
          sorted(seconds([one])).filter((s) => inside.has(s)).length,
        );
      }),
      runs,
    );
  });
});
