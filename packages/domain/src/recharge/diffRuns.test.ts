import { describe, expect, it } from "vitest";
import { demoScenarioDocument } from "../demo/index.js";
import { allocate } from "../run/index.js";
import { loadScenario } from "../schema/index.js";
import { diffRuns } from "./diffRuns.js";

describe("diffRuns", () => {
  it("shows every partner's exact difference after a corrected driver, and nothing else", () => {
    const before = allocate(loadScenario(demoScenarioDocument), "2024/25");
    const drivers = (demoScenarioDocument.drivers ?? []).map((d) =>
      d.driver === "users" && d.partner === "SCDC" ? { ...d, quantity: String(BigInt(d.quantity) + 100n) } : d,
    );
    const after = allocate(loadScenario({ ...demoScenarioDocument, drivers }), "2024/25");
    const diff = diffRuns(before, after);
    expect(diff.changed).toBe(true);
    // Money moves between partners; none is created or lost.
    expect(diff.partners.reduce((s, p) => s + p.change.minor, 0)).toBe(0);
    const scdc = diff.partners.find((p) => p.partner === "SCDC");
    expect(scdc?.change.minor).toBeGreaterThan(0);
    expect(scdc?.after.minor).toBe((scdc?.before.minor ?? 0) + (scdc?.change.minor ?? 0));
    // Only pools shared by users (or receiving support shared by users) change.
    expect(new Set(diff.services.map((s) => s.service))).toContain("ICT");
    expect(diff.pools.every((p) => p.change.minor !== 0)).toBe(true);
    expect(diff.pools.reduce((s, p) => s + p.change.minor, 0)).toBe(0);
  });

  it("finds no change between identical runs", () => {
    const run = allocate(loadScenario(demoScenarioDocument), "2024/25");
    const diff = diffRuns(run, structuredClone(run));
    expect(diff.changed).toBe(false);
    expect(diff.services).toEqual([]);
    expect(diff.pools).toEqual([]);
  });
});
