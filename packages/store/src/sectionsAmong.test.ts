import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StoredSections } from "./sections.js";
import { sectionsAmong } from "./sectionsAmong.js";

const SERVICES = ["ICT", "HR", "LEGAL"] as const;
const kpi = (code: string, service: string) => ({
  code,
  name: code,
  service,
  unit: "percent" as const,
  polarity: "higher-is-better" as const,
  targets: [{ year: "2024/25", value: "95" }],
});
const outage = (id: string, services: string[]) => ({
  id,
  start: "2025-05-01T10:00:00Z",
  end: "2025-05-01T11:00:00Z",
  services,
  systems: [],
  partners: [{ partner: "A", users: 1 }],
  planned: false,
  priority: "P2" as const,
});

/** Sections naming every service, each part of them once or more. */
const SECTIONS = {
  budgets: SERVICES.map((s) => ({ service: s, pool: "staff", year: "2025/26", amount: "1.00" })),
  kpis: SERVICES.map((s) => kpi(`${s}-1`, s)),
  measurements: SERVICES.map((s) => ({ kpi: `${s}-1`, period: "2025/26-Q1", numerator: "9", denominator: "10" })),
  calendars: [
    { id: "always", kind: "24x7" as const, services: ["ICT", "HR"] },
    { id: "legal", kind: "24x7" as const, services: ["LEGAL"] },
  ],
  outages: [outage("o1", ["ICT", "HR"]), outage("o2", ["LEGAL"])],
  availability: {
    planned: "exclude" as const,
    percent: { places: 2, rounding: "half-up" as const },
    kpis: { ICT: "ICT-1", HR: "HR-1" },
    incidentTargets: [
      { kpi: "LEGAL-1", priority: "P2" as const, withinHours: "4" },
      { kpi: "ICT-1", priority: "P1" as const, withinHours: "4", service: "HR" },
    ],
  },
  savings: {
    rounding: "half-up" as const,
    attribution: "actual" as const,
    serviceTargets: SERVICES.map((s) => ({ service: s, percent: "10" })),
    baselines: SERVICES.map((s) => ({ partner: "A", service: s, baseYear: "2023/24", amount: "100.00" })),
    contributions: SERVICES.map((s) => ({ partner: "A", service: s, year: "2025/26", amount: "90.00" })),
    oneOffs: [
      ...SERVICES.map((s) => ({
        id: `setup-${s}`,
        kind: "cost" as const,
        category: "set-up",
        service: s,
        year: "2025/26",
        amount: "5.00",
        split: { kind: "equal" as const },
      })),
      {
        id: "grant",
        kind: "funding" as const,
        category: "grant",
        year: "2025/26",
        amount: "5.00",
        split: { kind: "equal" as const },
      },
    ],
  },
} as unknown as StoredSections;

const among = (services: readonly string[]) => ({
  services: new Set(services),
  pools: new Set(services.map((s) => `${s}\u0000staff`)),
});

/** Every service a section's part names, as written. */
function named(sections: StoredSections): Set<string> {
  const text = JSON.stringify(sections);
  return new Set(SERVICES.filter((s) => new RegExp(`"${s}(-1)?"`).test(text)));
}

describe("a period's sections among its services", () => {
  it("are the sections as stored, part for part, when every service they name takes part", () => {
    const out = sectionsAmong(SECTIONS, among(SERVICES));
    for (const key of Object.keys(SECTIONS) as (keyof StoredSections)[]) expect(out[key]).toBe(SECTIONS[key]);
  });

  it("name only the services that take part, keeping every part of theirs and the partnership-wide terms", () => {
    fc.assert(
      fc.property(fc.subarray([...SERVICES]), (present) => {
        const out = sectionsAmong(SECTIONS, among(present));
        expect([...named(out)].sort()).toEqual([...present].sort());
        expect(out.kpis?.length).toBe(present.length);
        expect(out.savings?.oneOffs?.map((o) => o.id)).toContain("grant");
        expect([out.savings?.rounding, out.availability?.planned]).toEqual(["half-up", "exclude"]);
      }),
      { numRuns: 1000 },
    );
  });

  it("leave a calendar or outage with no service out, and keep the others' services that take part", () => {
    const out = sectionsAmong(SECTIONS, among(["HR"]));
    expect([out.calendars?.map((c) => [c.id, c.services]), out.outages?.map((o) => [o.id, o.services])]).toEqual([
      [["always", ["HR"]]],
      [["o1", ["HR"]]],
    ]);
    expect([out.availability?.kpis, out.availability?.incidentTargets, out.measurements?.map((m) => m.kpi)]).toEqual([
      { HR: "HR-1" },
      [],
      ["HR-1"],
    ]);
  });

  it("keep the calendar outage costing names, serving none, in a period none of its services is in", () => {
    const outageCost = { calendar: "legal" } as NonNullable<StoredSections["outageCost"]>;
    const out = sectionsAmong({ ...SECTIONS, outageCost }, among(["HR"]));
    expect([out.calendars?.map((c) => [c.id, c.services]), out.outageCost]).toEqual([
      [
        ["always", ["HR"]],
        ["legal", []],
      ],
      outageCost,
    ]);
  });
});
