import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReportCache, type ReportCacheEntry } from "./ReportCache.js";

const entry = (value: string, weight: number): ReportCacheEntry => ({
  state: { seq: 1, hash: "h" },
  counts: {},
  value,
  weight,
});

describe("the report cache's bound", () => {
  it("drops the least recently used entries once their lines pass the bound", () => {
    const cache = new ReportCache({ maxLines: 10 });
    cache.set("a", entry("a", 4));
    cache.set("b", entry("b", 4));
    cache.get("a");
    cache.set("c", entry("c", 4));
    expect([cache.get("a")?.value, cache.get("b"), cache.get("c")?.value]).toEqual(["a", undefined, "c"]);
    expect(cache.size).toMatchObject({ entries: 2, lines: 8 });
  });

  it("keeps no entry heavier than the bound alone, and a replaced entry weighs only once", () => {
    const cache = new ReportCache({ maxLines: 10 });
    cache.set("a", entry("a", 4));
    cache.set("big", entry("big", 11));
    cache.set("a", entry("a2", 6));
    expect([cache.get("big"), cache.get("a")?.value]).toEqual([undefined, "a2"]);
    expect(cache.size).toMatchObject({ entries: 1, lines: 6 });
  });

  it("never holds more lines than its bound, whatever is kept in whatever order", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.tuple(fc.constantFrom("a", "b", "c", "d", "e"), fc.integer({ min: 1, max: 60 }))),
        (bound, sets) => {
          const cache = new ReportCache({ maxLines: bound });
          for (const [key, weight] of sets) cache.set(key, entry(key, weight));
          const { lines } = cache.size;
          const kept = ["a", "b", "c", "d", "e"].map((k) => cache.get(k)?.weight ?? 0);
          return lines <= bound && lines === kept.reduce((x, y) => x + y, 0);
        },
      ),
    );
  });
});

describe("what the report cache makes", () => {
  it("is made once for the requests that ask while it is being made from the same state, and again after", async () => {
    const cache = new ReportCache({ maxLines: 10 });
    let made = 0;
    let finish: (value: string) => void = () => {};
    const make = () => {
      made++;
      return new Promise<string>((resolve) => {
        finish = resolve;
      });
    };
    const state = { seq: 7, hash: "h7" };
    const first = cache.once("k", state, make);
    const second = cache.once("k", state, make);
    const otherState = cache.once("k", { seq: 8, hash: "h8" }, async () => "later");
    const otherKey = cache.once("j", state, async () => "other");
    finish("value");
    expect(await Promise.all([first, second, otherState, otherKey])).toEqual(["value", "value", "later", "other"]);
    expect(made).toBe(1);
    expect(cache.size.given).toBe(1);
    // Finished, it is no longer being made: a request now makes it (the caller keeps what was made).
    const again = cache.once("k", state, make);
    finish("again");
    expect(await again).toBe("again");
    expect(made).toBe(2);
  });

  it("hands a failure to every request waiting on it, and keeps none of it", async () => {
    const cache = new ReportCache({ maxLines: 10 });
    const state = { seq: 1, hash: "h" };
    let fail: (error: Error) => void = () => {};
    const failing = () =>
      new Promise<string>((_, reject) => {
        fail = reject;
      });
    const both = [cache.once("k", state, failing), cache.once("k", state, failing)];
    fail(new Error("no such year"));
    for (const p of both) await expect(p).rejects.toThrow("no such year");
    expect(await cache.once("k", state, async () => "made")).toBe("made");
  });
});
