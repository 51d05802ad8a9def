import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateKpis } from "./evaluateKpis.js";
import { parseKpis } from "./parseKpis.js";

const litigation = {
  code: "LEGAL-KPI-1",
  name: "Successful litigation outcomes",
  service: "LEGAL",
  unit: "percent",
  polarity: "higher-is-better",
  targets: [{ year: "2019/20", value: "80" }],
};

describe("parseKpis", () => {
  it("builds definitions and measurements that evaluateKpis accepts", () => {
    const result = parseKpis({
      kpis: [litigation],
      measurements: [
        { kpi: "LEGAL-KPI-1", period: "2019/20-Q1", numerator: "98", denominator: "100" },
        { kpi: "LEGAL-KPI-1", period: "2019/20-Q2", numerator: "391", denominator: "400" },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const card = evaluateKpis({ ...result.value, year: "2019/20" });
    expect(card.kpis[0]?.yearToDate.value?.display).toBe("97.8");
  });

  it("reports every problem at once, in document order, each with its path", () => {
    const result = parseKpis({
      kpis: [litigation, { ...litigation, code: "BAD KPI" }, { ...litigation, unit: "furlongs", code: "X" }],
      measurements: [
        { kpi: "LEGAL-KPI-1", period: "2019/20-Q1", value: "97.8" },
        { kpi: "LEGAL-KPI-1", period: "2019/20-Q5", numerator: "1", denominator: "2" },
        { kpi: "X", period: "2019/20-Q1", numerator: "1", denominator: "2" },
        { kpi: "LEGAL-KPI-1", period: "2019/20-P2", numerator: "3", denominator: "0" },
        { kpi: "LEGAL-KPI-1", period: "2019/20-Q3", numerator: "3", denominator: "4", responses: 5 },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "kpis[1].code: \"BAD KPI\" is not a valid id; use letters, digits, '.', '_' or '-' (at most 64)",
      'kpis[2].unit: expected one of "percent", "count", "money", "hours" or "days", not "furlongs"',
      "measurements[0]: LEGAL-KPI-1 aggregates as a ratio: give a numerator and denominator, not a value",
      'measurements[1].period: "2019/20-Q5" is not a financial period; expected 2024/25, 2024/25-Q3 or 2024/25-P7',
      'measurements[3].denominator: "0" is not a decimal greater than zero',
      "measurements[3].period: 2019/20-P2 overlaps measurements[0] (2019/20-Q1) of LEGAL-KPI-1 for the partnership",
      "measurements[4]: give responses and population together",
    ]);
  });

  it("accepts a document without KPIs, and refuses one that is not an object", () => {
    expect(parseKpis({})).toEqual({ ok: true, value: { kpis: [], measurements: [] } });
    expect(parseKpis([]).ok).toBe(false);
    expect(parseKpis({ kpis: {} })).toEqual({ ok: false, issues: [{ path: "kpis", message: "expected a list" }] });
  });
});

describe("the example in docs/kpis.md", () => {
  it("parses and gives the figures the guide quotes", () => {
    const guide = readFileSync(new URL("../../../../docs/kpis.md", import.meta.url), "utf8");
    const json = /```json\n([\s\S]*?)```/.exec(guide)?.[1] ?? "";
    const result = parseKpis(JSON.parse(json));
    if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
    const [legal, satisfaction] = evaluateKpis({ ...result.value, year: "2019/20" }).kpis;
    expect(legal?.yearToDate).toMatchObject({ status: "green", value: { display: "97.8" } });
    expect(legal?.reviewFlags[0]?.periods).toEqual(["2019/20-Q1", "2019/20-Q2"]);
    expect(satisfaction?.quarters[1]?.interval).toMatchObject({ lower: "73.885410", upper: "91.902560" });
    expect(satisfaction?.warnings.map((w) => w.kind)).toEqual([
      "interval-straddles-target",
      "interval-straddles-target",
    ]);
  });
});
