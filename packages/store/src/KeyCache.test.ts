import { describe, expect, it } from "vitest";
import { KeyCache } from "./KeyCache.js";
import type { ApiKey } from "./keys.js";

const key = (id: string): ApiKey => ({
  id,
  partnership: "p1",
  partner: "A",
  role: "viewer",
  name: `${id}@a`,
  createdAt: "2025-01-01T00:00:00.000Z",
});

function clocked(ttlMs: number, maxEntries?: number) {
  let now = 0;
  const cache = new KeyCache({ ttlMs, now: () => now, ...(maxEntries === undefined ? {} : { maxEntries }) });
  return { cache, advance: (ms: number) => (now += ms) };
}

describe("KeyCache", () => {
  it("gives a key back until its time to live has passed, then forgets it", () => {
    const { cache, advance } = clocked(5000);
    cache.set("h1", key("k1"));
    advance(4999);
    expect(cache.get("h1")?.id).toBe("k1");
    advance(1);
    expect(cache.get("h1")).toBeUndefined();
  });

  it("forgets a key at once when it is evicted by id", () => {
    const { cache } = clocked(5000);
    cache.set("h1", key("k1"));
    cache.set("h2", key("k2"));
    cache.evict("k1");
    expect([cache.get("h1"), cache.get("h2")?.id]).toEqual([undefined, "k2"]);
  });

  it("holds nothing with a time to live of 0", () => {
    const { cache } = clocked(0);
    cache.set("h1", key("k1"));
    expect(cache.get("h1")).toBeUndefined();
  });

  it("makes room by dropping the oldest key when full", () => {
    const { cache } = clocked(5000, 2);
    cache.set("h1", key("k1"));
    cache.set("h2", key("k2"));
    cache.set("h3", key("k3"));
    expect([cache.get("h1"), cache.get("h2")?.id, cache.get("h3")?.id]).toEqual([undefined, "k2", "k3"]);
  });

  it("forgets everything when cleared", () => {
    const { cache } = clocked(5000);
    cache.set("h1", key("k1"));
    cache.clear();
    expect(cache.get("h1")).toBeUndefined();
  });
});
