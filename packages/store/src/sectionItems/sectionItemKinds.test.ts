import { demoScenarioDocument } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import type { StoredSections } from "../sections.js";
import { SECTION_ITEM_KIND_NAMES, sectionItemKind } from "./sectionItemKinds.js";

const kpi = { code: "ICT-KPI-1", service: "ICT", targets: [{ year: "2024/25", value: "95" }] };

describe("section item kinds", () => {
  it("make each item's id from its natural key, with periods canonical and `-` for `/`", () => {
    const ids = {
      budgets: sectionItemKind("budgets").idOf({ service: "ICT", pool: "staff", year: "2024/25" }),
      baselines: sectionItemKind("baselines").idOf({ partner: "CCC", service: "ICT" }),
      oneOff: sectionItemKind("one-offs").idOf({ id: "TCA" }),
      kpi: sectionItemKind("kpis").idOf({ code: "ICT-KPI-1" }),
      byYear: sectionItemKind("kpi-targets").idOf({ kpi: "ICT-KPI-1", year: "2024/25" }),
      byDate: sectionItemKind("kpi-targets").idOf({ kpi: "ICT-KPI-1", effectiveFrom: "2024-10-03" }),
      month: sectionItemKind("measurements").idOf({ kpi: "K", period: "2024/25-P07", partner: "CCC" }),
      whole: sectionItemKind("measurements").idOf({ kpi: "K", period: "2024/25-Q1" }),
      outage: sectionItemKind("outages").idOf({ id: "O1" }),
      calendar: sectionItemKind("calendars").idOf({ id: "hours" }),
    };
    expect(ids).toEqual({
      budgets: "ICT.staff.2024-25",
      baselines: "CCC.ICT",
      oneOff: "TCA",
      kpi: "ICT-KPI-1",
      byYear: "ICT-KPI-1.2024-04-01",
      byDate: "ICT-KPI-1.2024-10-03",
      month: "K.2024-25-P7.CCC",
      whole: "K.2024-25-Q1.all",
      outage: "O1",
      calendar: "hours",
    });
  });

  it("give every item of the demo's sections an id, no two alike within a kind", () => {
    const demo = demoScenarioDocument as StoredSections;
    const counts: Record<string, number> = {
      budgets: demo.budgets?.length ?? 0,
      baselines: demo.savings?.baselines.length ?? 0,
      "one-offs": demo.savings?.oneOffs?.length ?? 0,
      kpis: demo.kpis?.length ?? 0,
      "kpi-targets": (demo.kpis ?? []).reduce((n, k) => n + k.targets.length, 0),
      measurements: demo.measurements?.length ?? 0,
      outages: demo.outages?.length ?? 0,
      calendars: demo.calendars?.length ?? 0,
    };
    for (const name of SECTION_ITEM_KIND_NAMES) {
      const ids = sectionItemKind(name)
        .entries(demo)
        .map((e) => e.id);
      expect([name, ids.length, new Set(ids).size]).toEqual([name, counts[name], counts[name]]);
      expect(counts[name]).toBeGreaterThan(0);
    }
  });

  it("give no id to an item whose key is missing or malformed (the domain's validation names it)", () => {
    for (const name of SECTION_ITEM_KIND_NAMES) expect(sectionItemKind(name).idOf({})).toBeUndefined();
    expect(sectionItemKind("budgets").idOf({ service: "ICT", pool: "staff", year: "2024" })).toBeUndefined();
    expect(sectionItemKind("measurements").idOf({ kpi: "K", period: "2024/25-Q1", partner: 7 })).toBeUndefined();
  });

  it("append a section's items after the stored ones, creating the savings section's list if absent", () => {
    const baselines = sectionItemKind("baselines").place(
      { savings: { rounding: "half-up", attribution: "actual" } } as never,
      [{ index: 0, item: { partner: "A", service: "ICT" } }],
    );
    expect([baselines.body, [...baselines.paths]]).toEqual([
      { rounding: "half-up", attribution: "actual", baselines: [{ partner: "A", service: "ICT" }] },
      [[0, "savings.baselines[0]"]],
    ]);
    const kpis = sectionItemKind("kpis").place({ kpis: [kpi] } as never, [{ index: 3, item: { code: "K2" } }]);
    expect([kpis.body, [...kpis.paths]]).toEqual([[kpi, { code: "K2", targets: [] }], [[3, "kpis[1]"]]]);
  });

  it("add a target to its KPI's targets, without the code, and refuse one of an unknown KPI", () => {
    const placed = sectionItemKind("kpi-targets").place({ kpis: [kpi] } as never, [
      { index: 0, item: { kpi: "NOPE", year: "2025/26", value: "1" } },
      { index: 1, item: { kpi: "ICT-KPI-1", year: "2025/26", value: "96" } },
    ]);
    expect(placed.body).toEqual([{ ...kpi, targets: [...kpi.targets, { year: "2025/26", value: "96" }] }]);
    expect([...placed.paths]).toEqual([[1, "kpis[0].targets[1]"]]);
    expect(placed.issues).toEqual([{ index: 0, field: "kpi", message: 'no KPI "NOPE" is stored; add the KPI first' }]);
    expect(kpi.targets).toHaveLength(1);
  });

  it("list a target with its KPI's code and id, as the API shows it", () => {
    expect(sectionItemKind("kpi-targets").entries({ kpis: [kpi] } as never)).toEqual([
      {
        id: "ICT-KPI-1.2024-04-01",
        path: "kpis[0].targets[0]",
        view: { id: "ICT-KPI-1.2024-04-01", kpi: "ICT-KPI-1", year: "2024/25", value: "95" },
        services: ["ICT"],
        partners: [],
        kpi: "ICT-KPI-1",
      },
    ]);
  });
});
