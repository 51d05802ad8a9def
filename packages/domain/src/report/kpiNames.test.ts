import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoScenario, demoScenarioDocument } from "../demo/index.js";
import type { KpiDefinition } from "../kpi/index.js";
import { parseScenario } from "../schema/index.js";
import { annualReport } from "./annualReport.js";
import { kpiScorecard } from "./kpiScorecard.js";

// LEGAL-KPI-1's name is corrected from 2025/26: 2024/25 (closed, published) keeps what it printed.
const demo = demoScenario();
const renaming = { from: "2025/26", name: "Litigation matters concluded successfully" };
const rename = (k: KpiDefinition): KpiDefinition => (k.code === "LEGAL-KPI-1" ? { ...k, names: [renaming] } : k);
const renamed = { ...demo, kpis: (demo.kpis ?? []).map(rename) };
const nameOf = (card: { kpis: readonly { code: string; name: string }[] } | null | undefined) =>
  card?.kpis.find((k) => k.code === "LEGAL-KPI-1")?.name;

describe("a KPI renamed from a year (names)", () => {
  it("leaves the scorecard and annual report of a year before it byte for byte, and prints the new name from it", () => {
    expect(JSON.stringify(kpiScorecard(renamed, "2024/25"))).toBe(JSON.stringify(kpiScorecard(demo, "2024/25")));
    expect(JSON.stringify(annualReport(renamed, "LEGAL", "2024/25"))).toBe(
      JSON.stringify(annualReport(demo, "LEGAL", "2024/25")),
    );
    expect(nameOf(kpiScorecard(renamed, "2024/25"))).toBe("Litigation cases concluded successfully");
    expect(nameOf(kpiScorecard(renamed, "2025/26"))).toBe("Litigation matters concluded successfully");
    expect(nameOf(kpiScorecard(renamed, "2025/26", { service: "LEGAL" }))).toBe(renaming.name);
    // The annual report's KPI section is the scorecard's: the year's name.
    expect(nameOf(annualReport(renamed, "LEGAL", "2019/20").kpis)).toBe("Litigation cases concluded successfully");
  });

  it("changes nothing in any year's scorecard but the names printed (property)", () => {
    const years = ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25", "2025/26"];
    const startsOf = fc.uniqueArray(fc.integer({ min: 2019, max: 2026 }), { maxLength: 3 });
    fc.assert(
      fc.property(fc.constantFrom(...years), fc.array(startsOf, { minLength: 8, maxLength: 8 }), (year, starts) => {
        const kpis = (demo.kpis ?? []).map((k, i) => {
          const names = [...(starts[i] ?? [])]
            .sort((a, b) => a - b)
            .map((s, j) => ({ from: `${s}/${String((s + 1) % 100).padStart(2, "0")}`, name: `${k.name} (${j + 1})` }));
          return names.length === 0 ? k : { ...k, names };
        });
        const card = kpiScorecard({ ...demo, kpis }, year);
        const plain = kpiScorecard(demo, year);
        const start = Number(year.slice(0, 4));
        expect(card.kpis.map((k) => ({ ...k, name: "" }))).toEqual(plain.kpis.map((k) => ({ ...k, name: "" })));
        card.kpis.forEach((k, i) => {
          const latest = (starts[i] ?? []).filter((s) => s <= start).length;
          expect(k.name).toBe(latest === 0 ? plain.kpis[i]?.name : `${plain.kpis[i]?.name} (${latest})`);
        });
      }),
      { numRuns: 40 },
    );
  });

  it("is read from a document, and a renaming that is not from a year is refused at kpis[i].names[j].from", () => {
    const doc = (names: unknown) => ({
      ...demoScenarioDocument,
      kpis: (demoScenarioDocument.kpis ?? []).map((k) => (k.code === "LEGAL-KPI-1" ? { ...k, names } : k)),
    });
    const loaded = parseScenario(doc([renaming]));
    expect(loaded.ok && loaded.value.kpis?.find((k) => k.code === "LEGAL-KPI-1")?.names).toEqual([renaming]);
    const at = (demoScenarioDocument.kpis ?? []).findIndex((k) => k.code === "LEGAL-KPI-1");
    const refused = parseScenario(doc([{ from: "2025/26-Q1", name: "X" }]));
    expect(refused.ok ? [] : refused.issues.map((i) => i.path)).toEqual([`kpis[${at}].names[0].from`]);
    const repeated = parseScenario(doc([{ from: "2025/26", name: "Litigation cases concluded successfully" }]));
    expect(repeated.ok ? [] : repeated.issues.map((i) => i.path)).toEqual([`kpis[${at}].names[0].name`]);
    const empty = parseScenario(doc([{ from: "2025/26", name: "" }]));
    expect(empty.ok ? [] : empty.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      `kpis[${at}].names[0].name: must not be empty`,
    ]);
  });
});
