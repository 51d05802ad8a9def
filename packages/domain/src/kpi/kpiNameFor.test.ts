import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePeriod } from "../period/index.js";
import { codeOf } from "../testing/errors.js";
import { evaluateKpis } from "./evaluateKpis.js";
import type { KpiName } from "./KpiDefinition.js";
import { kpiNameFor } from "./kpiNameFor.js";
import { kpiProblems } from "./kpiProblems.js";
import { parseKpis } from "./parseKpis.js";
import { testKpi } from "./testKpis.js";

const yearName = (start: number) => `${start}/${String((start + 1) % 100).padStart(2, "0")}`;

// Cases closed was renamed "Matters closed" from 2025/26 and "Matters concluded" from 2027/28.
const renamed = testKpi({
  name: "Cases closed",
  names: [
    { from: "2025/26", name: "Matters closed" },
    { from: "2027/28", name: "Matters concluded" },
  ],
});

describe("kpiNameFor", () => {
  it("gives the name before the first renaming, then each renaming from its year on", () => {
    expect(
      ["2019/20", "2024/25", "2025/26", "2026/27", "2027/28", "2030/31"].map((y) => kpiNameFor(renamed, y)),
    ).toEqual([
      "Cases closed",
      "Cases closed",
      "Matters closed",
      "Matters closed",
      "Matters concluded",
      "Matters concluded",
    ]);
    expect(kpiNameFor(testKpi(), "2030/31")).toBe("Successful litigation outcomes");
  });

  it("gives a quarter or month its year's name, and takes a parsed period", () => {
    expect(kpiNameFor(renamed, "2025/26-Q4")).toBe("Matters closed");
    expect(kpiNameFor(renamed, "2024/25-P12")).toBe("Cases closed");
    expect(kpiNameFor(renamed, parsePeriod("2027/28"))).toBe("Matters concluded");
  });

  it("refuses a year that is no financial period", () => {
    expect(codeOf(() => kpiNameFor(renamed, "2025"))).toBe("INVALID_PERIOD");
  });

  it("prints in a year's scorecard the name in force that year", () => {
    const names = (year: string) => evaluateKpis({ kpis: [renamed], measurements: [], year }).kpis.map((k) => k.name);
    expect(names("2024/25")).toEqual(["Cases closed"]);
    expect(names("2025/26")).toEqual(["Matters closed"]);
    expect(names("2028/29")).toEqual(["Matters concluded"]);
  });

  it("never changes a year before a renaming added after the last one, and gives it from its year on (property)", () => {
    const arb = fc.uniqueArray(fc.integer({ min: 2015, max: 2035 }), { minLength: 0, maxLength: 5 }).chain((starts) =>
      fc.record({
        starts: fc.constant([...starts].sort((a, b) => a - b)),
        added: fc.integer({ min: Math.max(2015, ...starts) + 1, max: 2040 }),
        year: fc.integer({ min: 2010, max: 2045 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ starts, added, year }) => {
        const names: KpiName[] = starts.map((s, i) => ({ from: yearName(s), name: `Name ${i + 1}` }));
        const before = testKpi({ name: "Name 0", names });
        const after = testKpi({ name: "Name 0", names: [...names, { from: yearName(added), name: "Newest" }] });
        expect(kpiProblems([after], [])).toEqual([]);
        const y = yearName(year);
        if (year < added) expect(kpiNameFor(after, y)).toBe(kpiNameFor(before, y));
        else expect(kpiNameFor(after, y)).toBe("Newest");
        // The name in force is the latest renaming from that year or earlier, else the name.
        const latest = starts.filter((s) => s <= year).length;
        expect(kpiNameFor(before, y)).toBe(`Name ${latest}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe("kpiProblems on renamings", () => {
  it("accepts renamings in order, from the KPI's from on", () => {
    expect(kpiProblems([{ ...renamed, from: "2025/26" }], [])).toEqual([]);
  });

  it("reports a from that is not a year, out of order or before the KPI's from, at names[j].from", () => {
    const kpi = testKpi({
      from: "2024/25",
      names: [
        { from: "2023/24", name: "A" },
        { from: "2025/26-Q1", name: "B" },
        { from: "2026/27", name: "C" },
        { from: "2026/27", name: "D" },
        { from: "2025/26", name: "E" },
      ],
    });
    expect(kpiProblems([kpi], [])).toEqual([
      {
        path: "kpis[0].names[0].from",
        message: "2023/24 is before LEGAL-KPI-1 is reported (from 2024/25); rename it from 2024/25 or later",
      },
      { path: "kpis[0].names[1].from", message: '"2025/26-Q1" is not a financial year such as 2025/26' },
      {
        path: "kpis[0].names[3].from",
        message:
          "2026/27 is not after 2026/27, the year of the renaming before it; give renamings in order, one a year",
      },
      {
        path: "kpis[0].names[4].from",
        message:
          "2025/26 is not after 2026/27, the year of the renaming before it; give renamings in order, one a year",
      },
    ]);
  });

  it("reports an empty name, or one that repeats the name it replaces, at names[j].name", () => {
    const kpi = testKpi({
      name: "Cases closed",
      names: [
        { from: "2025/26", name: "Cases closed" },
        { from: "2026/27", name: "" },
        { from: "2027/28", name: "Matters closed" },
        { from: "2028/29", name: "Matters closed" },
      ],
    });
    expect(kpiProblems([kpi], [])).toEqual([
      {
        path: "kpis[0].names[0].name",
        message: '"Cases closed" is already its name before 2025/26 (name); a renaming changes it',
      },
      { path: "kpis[0].names[1].name", message: "must not be empty; expected the name printed from that year" },
      {
        path: "kpis[0].names[3].name",
        message: '"Matters closed" is already its name before 2028/29 (names[2].name); a renaming changes it',
      },
    ]);
    expect(codeOf(() => evaluateKpis({ kpis: [kpi], measurements: [], year: "2025/26" }))).toBe("INVALID_KPI");
  });
});

describe("the renaming example in docs/kpis.md", () => {
  it("parses and prints the names its table gives", () => {
    const guide = readFileSync(new URL("../../../../docs/kpis.md", import.meta.url), "utf8");
    const json = /```jsonc\n([\s\S]*?)```/.exec(guide)?.[1] ?? "";
    const result = parseKpis({ kpis: [JSON.parse(json)] });
    if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
    const [kpi] = result.value.kpis;
    if (kpi === undefined) throw new Error("no KPI");
    expect(["2019/20", "2024/25", "2025/26", "2030/31"].map((y) => kpiNameFor(kpi, y))).toEqual([
      "Litigation cases concluded successfully",
      "Litigation cases concluded successfully",
      "Litigation matters concluded successfully",
      "Litigation matters concluded successfully",
    ]);
  });
});
