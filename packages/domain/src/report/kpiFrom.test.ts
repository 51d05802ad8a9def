import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoScenario, demoScenarioDocument } from "../demo/index.js";
import { evaluateKpis, kpiProblems } from "../kpi/index.js";
import { testKpi, valueTarget } from "../kpi/testKpis.js";
import { parseScenario } from "../schema/index.js";
import { codeOf } from "../testing/errors.js";
import { annualReport } from "./annualReport.js";
import { kpiScorecard } from "./kpiScorecard.js";

// ICT's new KPI, added in 2025/26 and reported from then: 2024/25's scorecard is as published.
const demo = demoScenario();
const newKpi = testKpi({
  code: "ICT-KPI-9",
  name: "Tickets resolved at first contact",
  service: "ICT",
  targets: [valueTarget("2025-04-01", "70")],
  from: "2025/26",
});
const withNew = { ...demo, kpis: [...(demo.kpis ?? []), newKpi] };
const codes = (card: { kpis: readonly { code: string }[] }) => card.kpis.map((k) => k.code);

describe("a KPI reported from a year (from)", () => {
  it("is absent from the scorecard and annual report of a year before it, byte for byte, and present from it", () => {
    expect(JSON.stringify(kpiScorecard(withNew, "2024/25"))).toBe(JSON.stringify(kpiScorecard(demo, "2024/25")));
    expect(JSON.stringify(annualReport(withNew, "ICT", "2024/25"))).toBe(
      JSON.stringify(annualReport(demo, "ICT", "2024/25")),
    );
    const later = kpiScorecard(withNew, "2025/26");
    expect(codes(later)).toEqual([...codes(kpiScorecard(demo, "2025/26")), "ICT-KPI-9"]);
    expect(later.kpis.at(-1)?.yearToDate.status).toBe("no-data");
    expect(codes(kpiScorecard(withNew, "2025/26", { service: "ICT" }))).toContain("ICT-KPI-9");
  });

  it("is not in a service's annual report at all before it when the service has no other KPI", () => {
    const notBc = { kpis: (demo.kpis ?? []).filter((k) => k.service !== "BC") };
    const measured = (demo.measurements ?? []).filter((m) => !m.kpi.startsWith("BC-"));
    const none = { ...demo, kpis: notBc.kpis, measurements: measured };
    const only = { ...none, kpis: [...notBc.kpis, { ...newKpi, service: "BC", code: "BC-KPI-9" }] };
    expect(annualReport(none, "BC", "2024/25").kpis).toBeNull();
    expect(JSON.stringify(annualReport(only, "BC", "2024/25"))).toBe(
      JSON.stringify(annualReport(none, "BC", "2024/25")),
    );
    expect(annualReport(only, "BC", "2025/26").kpis?.kpis.map((k) => k.code)).toEqual(["BC-KPI-9"]);
  });

  it("is told of: a from that is not a year, and a measurement of a period before it", () => {
    const bad = testKpi({ from: "2025/26-Q1" });
    expect(kpiProblems([bad], [])).toEqual([
      { path: "kpis[0].from", message: '"2025/26-Q1" is not a financial year such as 2025/26' },
    ]);
    const kpi = testKpi({ from: "2025/26" });
    const early = { kpi: kpi.code, period: "2024/25-Q4", numerator: "1", denominator: "2" };
    const inYear = { kpi: kpi.code, period: "2025/26-Q1", numerator: "1", denominator: "2" };
    expect(kpiProblems([kpi], [early, inYear])).toEqual([
      { path: "measurements[0].period", message: "2024/25-Q4 is before LEGAL-KPI-1 is reported (from 2025/26)" },
    ]);
    expect(codeOf(() => evaluateKpis({ kpis: [kpi], measurements: [early], year: "2025/26" }))).toBe("INVALID_KPI");
  });

  it("is read from a document, and a from that is not a year is refused at kpis[i].from", () => {
    const doc = (from: string) => ({
      ...demoScenarioDocument,
      kpis: [
        ...(demoScenarioDocument.kpis ?? []),
        {
          code: "ICT-KPI-9",
          name: "New",
          service: "ICT",
          unit: "count",
          polarity: "higher-is-better",
          from,
          targets: [{ year: "2025/26", value: "1" }],
        },
      ],
    });
    const loaded = parseScenario(doc("2025/26"));
    expect(loaded.ok && loaded.value.kpis?.at(-1)?.from).toBe("2025/26");
    const refused = parseScenario(doc("2025/26-P1"));
    expect(refused.ok ? [] : refused.issues.map((i) => i.path)).toEqual(["kpis[8].from"]);
  });

  it("changes nothing when absent, or from a year on or before the one reported (property)", () => {
    const years = ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25", "2025/26"];
    fc.assert(
      fc.property(fc.constantFrom(...years), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (year, dated) => {
        // Every demo KPI dated from the first year (its measurements start there) where `dated` says so.
        const kpis = (demo.kpis ?? []).map((k, i) => (dated[i] === true ? { ...k, from: "2019/20" } : k));
        expect(JSON.stringify(kpiScorecard({ ...demo, kpis }, year))).toBe(JSON.stringify(kpiScorecard(demo, year)));
      }),
      { numRuns: 20 },
    );
  });
});
