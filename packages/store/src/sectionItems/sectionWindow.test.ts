import { parseKpis } from "@3c/domain";
import { demoScenarioDocument } from "@3c/domain/demo";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { systemActor } from "../Actor.js";
import { actorFor, useTestStore } from "../testing/index.js";
import { readSectionWindow } from "./sectionWindow.js";

const system = systemActor();
const store = useTestStore({ seed: (s) => s.seedDemo(system) });
const measurements = demoScenarioDocument.measurements ?? [];
// ICT is led by HDC.
const financeHdc = actorFor("HDC", "finance");

// Measurements of three demo KPIs over periods that overlap in every way, some with bad figures.
const kpis = demoScenarioDocument.kpis ?? [];
const codes = ["ICT-KPI-2", "ICT-KPI-3", "LEGAL-KPI-1"].filter((c) => kpis.some((k) => k.code === c));
const period = fc
  .tuple(fc.constantFrom("2023/24", "2024/25"), fc.constantFrom("", "-Q1", "-Q3", "-P2", "-P7", "-P12"))
  .map(([y, p]) => `${y}${p}`);
const measurement = fc.record(
  {
    kpi: fc.constantFrom(...codes),
    period,
    partner: fc.constantFrom("CCC", "HDC"),
    numerator: fc.constantFrom("1", "0", "x"),
    denominator: fc.constantFrom("2", "0"),
  },
  { requiredKeys: ["kpi", "period", "numerator", "denominator"] },
);

describe("the window of a section", () => {
  it("holds the stored measurements of the new items' KPIs in stored order, and tells its paths as the section's", async () => {
    const item = { kpi: "ICT-KPI-2", period: "2025/26-Q1", value: "1" };
    const at = measurements.flatMap((m, i) => (m.kpi === "ICT-KPI-2" ? [i] : []));
    const text = `measurements[1].period overlaps measurements[0] and measurements[${at.length}]`;
    const [window, count, told] = await store.db.transaction(async (tx) => {
      const w = await readSectionWindow(tx, "3c", "measurements", [item]);
      return [w, w?.length, (await w?.realPaths([text]))?.(text)];
    });
    expect([window?.next, count]).toEqual([measurements.length, measurements.length]);
    expect(window?.sections.measurements).toEqual(at.map((i) => measurements[i]));
    expect(window?.sections.kpis).toEqual(demoScenarioDocument.kpis);
    // Past the neighbours, a place of the window is a new item's, appended after the stored ones.
    expect(told).toBe(
      `measurements[${at[1]}].period overlaps measurements[${at[0]}] and measurements[${measurements.length}]`,
    );
  });

  it("counts a stored item's place in the section, not its position, once an earlier item is removed", async () => {
    const at = measurements.flatMap((m, i) => (m.kpi === "ICT-KPI-3" ? [i] : []));
    // The section's first item, of another KPI: its removal leaves a gap before every ICT-KPI-3 row.
    const first = measurements[0] as (typeof measurements)[number];
    expect(first.kpi).not.toBe("ICT-KPI-3");
    await store.deleteSectionItem(
      "3c",
      "measurements",
      `${first.kpi}.${first.period.replace("/", "-")}.${first.partner ?? "all"}`,
      financeHdc,
    );
    const item = { kpi: "ICT-KPI-3", period: "2025/26-Q1", value: "1" };
    const text = `measurements[0] and measurements[1], measurements[${at.length}] and measurements[${at.length + 1}]`;
    const [window, count, told] = await store.db.transaction(async (tx) => {
      const w = await readSectionWindow(tx, "3c", "measurements", [item]);
      return [w, w?.length, (await w?.realPaths([text]))?.(text)];
    });
    // Positions keep their gap; places are counted.
    expect([window?.next, count]).toEqual([measurements.length, measurements.length - 1]);
    expect(window?.positions).toEqual(at);
    expect(told).toBe(
      `measurements[${(at[0] as number) - 1}] and measurements[${(at[1] as number) - 1}], measurements[${measurements.length - 1}] and measurements[${measurements.length}]`,
    );
  });

  it("is none for a kind checked whole, and for a section not stored", async () => {
    const none = await store.db.transaction(async (tx) => [
      await readSectionWindow(tx, "3c", "budgets", [{ service: "ICT" }]),
      await readSectionWindow(tx, "nope", "outages", [{ id: "X" }]),
    ]);
    expect(none).toEqual([undefined, undefined]);
  });

  it("is all the domain needs: a measurement's problems are the same among its KPI's stored measurements as among all", () => {
    const issuesAt = (list: readonly unknown[], at: number) => {
      const parsed = parseKpis({ kpis, measurements: list });
      return (parsed.ok ? [] : parsed.issues).filter((i) => i.path.startsWith(`measurements[${at}]`));
    };
    fc.assert(
      fc.property(fc.array(measurement, { maxLength: 12 }), measurement, (stored, added) => {
        const at = stored.flatMap((m, i) => (m.kpi === added.kpi ? [i] : []));
        const real = (text: string) =>
          text.replace(/measurements\[(\d+)\]/g, (_, w: string) => `measurements[${at[Number(w)] ?? stored.length}]`);
        const whole = issuesAt([...stored, added], stored.length);
        const window = issuesAt([...at.map((i) => stored[i]), added], at.length);
        expect(window.map((i) => ({ path: real(i.path), message: real(i.message) }))).toEqual(whole);
      }),
      { numRuns: 1000 },
    );
  });

  it("is all the domain needs for a replacement or removal: its problems among its KPI's stored measurements are those among all", () => {
    const issues = (list: readonly unknown[]) => {
      const parsed = parseKpis({ kpis, measurements: list });
      return parsed.ok ? [] : parsed.issues;
    };
    fc.assert(
      fc.property(
        fc.array(measurement, { minLength: 1, maxLength: 12 }),
        fc.nat(),
        measurement,
        fc.boolean(),
        (stored, pick, value, remove) => {
          const changed = pick % stored.length;
          const kpi = (stored[changed] as { kpi: string }).kpi;
          const item = { ...value, kpi };
          const at = stored.flatMap((m, i) => (m.kpi === kpi ? [i] : []));
          const w = at.indexOf(changed);
          const swap = <T>(list: readonly T[], i: number) =>
            remove ? list.filter((_, k) => k !== i) : list.map((m, k) => (k === i ? (item as T) : m));
          // The whole section's problems of the KPI's measurements, at their places after the change.
          const after = swap(stored, changed);
          const kpiOf = (path: string) =>
            (after[Number(/^measurements\[(\d+)\]/.exec(path)?.[1])] as { kpi?: string })?.kpi;
          const whole = issues(after).filter((i) => kpiOf(i.path) === kpi);
          const kept = remove ? at.filter((_, k) => k !== w) : at;
          const real = (text: string) =>
            text.replace(/measurements\[(\d+)\]/g, (_, n: string) => {
              const s = kept[Number(n)] as number;
              return `measurements[${remove && s > changed ? s - 1 : s}]`;
            });
          const windowed = issues(
            swap(
              at.map((i) => stored[i]),
              w,
            ),
          ).map((i) => ({
            ...i,
            path: real(i.path),
            message: real(i.message),
          }));
          expect(windowed).toEqual(whole);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
