import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoScenario, demoScenarioDocument } from "../demo/index.js";
import { evaluateKpis, kpiEndDay, kpiProblems, kpiReportedIn } from "../kpi/index.js";
import { testKpi } from "../kpi/testKpis.js";
import { parsePeriod } from "../period/index.js";
import { parseScenario } from "../schema/index.js";
import { codeOf } from "../testing/errors.js";
import { annualReport } from "./annualReport.js";
import { kpiScorecard } from "./kpiScorecard.js";

// The demo's KPIs have measurements to 2024/25. ICT retires ICT-KPI-2 after that year, and its
// outage-fed availability KPI (ICT-KPI-1) after 2023/24.
const demo = demoScenario();
const retire = (code: string, to: string) => ({
  ...demo,
  kpis: (demo.kpis ?? []).map((k) => (k.code === code ? { ...k, to } : k)),
});
const codes = (card: { kpis: readonly { code: string }[] }) => card.kpis.map((k) => k.code);

describe("a KPI reported to a year (to: a retired KPI)", () => {
  it("is in the scorecard and annual report of its last year as before, byte for byte, and absent after it", () => {
    const retired = retire("ICT-KPI-2", "2024/25");
    for (const year of ["2023/24", "2024/25"]) {
      expect(JSON.stringify(kpiScorecard(retired, year))).toBe(JSON.stringify(kpiScorecard(demo, year)));
      expect(JSON.stringify(annualReport(retired, "ICT", year))).toBe(JSON.stringify(annualReport(demo, "ICT", year)));
    }
    const later = codes(kpiScorecard(retired, "2025/26"));
    expect(later).toEqual(codes(kpiScorecard(demo, "2025/26")).filter((c) => c !== "ICT-KPI-2"));
    expect(annualReport(retired, "ICT", "2025/26").kpis?.kpis.map((k) => k.code)).toEqual(["ICT-KPI-1", "ICT-KPI-3"]);
  });

  it("fed by the outage log, takes no readings after its last year", () => {
    const retired = retire("ICT-KPI-1", "2023/24");
    expect(JSON.stringify(kpiScorecard(retired, "2023/24"))).toBe(JSON.stringify(kpiScorecard(demo, "2023/24")));
    // The 2024/25 quarters' readings are measurements after it, of a KPI the year does not report.
    expect(codes(kpiScorecard(retired, "2024/25"))).not.toContain("ICT-KPI-1");
    expect(codes(kpiScorecard(retired, "2024/25", { service: "ICT" }))).toEqual(["ICT-KPI-2", "ICT-KPI-3"]);
  });

  it("is told of: a to that is not a year, a to before from, and a measurement of a period after it", () => {
    expect(kpiProblems([testKpi({ to: "2025/26-Q1" })], [])).toEqual([
      { path: "kpis[0].to", message: '"2025/26-Q1" is not a financial year such as 2026/27' },
    ]);
    expect(kpiProblems([testKpi({ from: "2025/26", to: "2024/25" })], [])).toEqual([
      { path: "kpis[0].to", message: "2024/25 is before 2025/26, the first year the KPI is reported (from)" },
    ]);
    expect(kpiProblems([testKpi({ from: "2025/26", to: "2025/26" })], [])).toEqual([]);
    const renamedLate = testKpi({ to: "2024/25", names: [{ from: "2025/26", name: "Renamed" }] });
    expect(kpiProblems([renamedLate], [])).toEqual([
      {
        path: "kpis[0].names[0].from",
        message: "2025/26 is after LEGAL-KPI-1 was last reported (to 2024/25); rename it up to 2024/25",
      },
    ]);
    expect(kpiProblems([{ ...renamedLate, to: "2025/26" }], [])).toEqual([]);
    const kpi = testKpi({ to: "2024/25" });
    const inYear = { kpi: kpi.code, period: "2024/25-Q4", numerator: "1", denominator: "2" };
    const late = { kpi: kpi.code, period: "2025/26-Q1", numerator: "1", denominator: "2" };
    expect(kpiProblems([kpi], [inYear, late])).toEqual([
      { path: "measurements[1].period", message: "2025/26-Q1 is after LEGAL-KPI-1 was last reported (to 2024/25)" },
    ]);
    expect(codeOf(() => evaluateKpis({ kpis: [kpi], measurements: [late], year: "2024/25" }))).toBe("INVALID_KPI");
  });

  it("is read from a document; a to that is not a year, or before from, is refused at kpis[i].to", () => {
    const doc = (kpi: Record<string, string>) => ({
      ...demoScenarioDocument,
      kpis: (demoScenarioDocument.kpis ?? []).map((k) => (k.code === "ICT-KPI-2" ? { ...k, ...kpi } : k)),
    });
    const loaded = parseScenario(doc({ to: "2024/25" }));
    expect(loaded.ok && loaded.value.kpis?.find((k) => k.code === "ICT-KPI-2")?.to).toBe("2024/25");
    for (const bad of [{ to: "2024/25-P1" }, { to: "2025" }, { from: "2024/25", to: "2023/24" }]) {
      const refused = parseScenario(doc(bad));
      expect(refused.ok ? [] : refused.issues.map((i) => i.path)).toEqual(["kpis[1].to"]);
    }
  });

  it("reports a year exactly when it lies between from and to (property)", () => {
    const start = 2015;
    const name = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, "0")}`;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 15 }),
        fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
        (y, from, to) => {
          const kpi = {
            ...(from === undefined ? {} : { from: name(start + from) }),
            ...(to === undefined ? {} : { to: name(start + to) }),
          };
          const expected = (from === undefined || from <= y) && (to === undefined || y <= to);
          expect(kpiReportedIn(kpi, parsePeriod(name(start + y), "year"))).toBe(expected);
          if (to !== undefined) expect(kpiEndDay(kpi)).toBe(`${start + to + 1}-04-01`);
        },
      ),
    );
  });

  it("changes nothing in any year up to it (property)", () => {
    const years = ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25"];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 8, maxLength: 8 }),
        (y, ends) => {
          // Every demo KPI retired after some year from the one shown on, never before its measurements end.
          const kpis = (demo.kpis ?? []).map((k, i) => ({ ...k, to: years[Math.max(y, ends[i] ?? 0, 5)] as string }));
          const year = years[y] as string;
          expect(JSON.stringify(kpiScorecard({ ...demo, kpis }, year))).toBe(JSON.stringify(kpiScorecard(demo, year)));
        },
      ),
      { numRuns: 20 },
    );
  });
});
