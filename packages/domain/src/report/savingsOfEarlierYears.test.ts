import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runAllocation } from "../run/index.js";
import { loadScenario } from "../schema/index.js";
import { codeOf } from "../testing/errors.js";
import { oneServiceDocument, yearly } from "../testing/scenarios.js";
import { annualReport } from "./annualReport.js";
import { scenarioSavings } from "./scenarioSavings.js";

const YEARS = ["2024/25", "2025/26", "2026/27"] as const;
const FIRST_DAY: Record<(typeof YEARS)[number], string> = {
  "2024/25": "2024-06-01",
  "2025/26": "2025-06-01",
  "2026/27": "2026-06-01",
};

/**
 * One service shared by users, its lines kept from 2024/25 on (no contribution recorded for any of
 * those years), a £500 baseline per council and an earlier year, 2023/24, recorded.
 */
function scenario(lines: Partial<Record<(typeof YEARS)[number], string>>, users: Record<string, string>[] = []) {
  const years = Object.keys(lines) as (typeof YEARS)[number][];
  return loadScenario({
    ...oneServiceDocument({
      rules: [{ id: "users", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } }],
      costLines: years.map((y, i) => ({
        id: `L${i}`,
        service: "SVC",
        pool: "pool",
        date: FIRST_DAY[y],
        amount: lines[y] as string,
      })),
      drivers: years.flatMap((y, i) => yearly("users", users[i] ?? { CCC: "1", HDC: "1", SCDC: "1" }, y)),
    }),
    savings: {
      rounding: "half-up",
      attribution: "actual",
      targetPercent: "15",
      indices: [],
      baselines: ["CCC", "HDC", "SCDC"].map((partner) => ({
        partner,
        service: "SVC",
        baseYear: "2014/15",
        amount: "500",
      })),
      contributions: ["CCC", "HDC", "SCDC"].map((partner) => ({
        partner,
        service: "SVC",
        year: "2023/24",
        amount: "450",
      })),
      oneOffs: [],
    },
  });
}

const rows = (report: ReturnType<typeof scenarioSavings>, year: string) =>
  (report?.services ?? [])
    .filter((s) => s.year === year)
    .map((s) => [s.partner, s.contribution.minor, s.saving.minor, s.cumulative.minor]);

describe("a savings report of a later year", () => {
  it("counts an earlier year's figures from that year's run, as that year's own report does", () => {
    // £900 in 2024/25 and £600 in 2025/26, shared equally: 2024/25 saves £200 each, 2025/26 £300.
    const s = scenario({ "2024/25": "900.00", "2025/26": "600.00" });
    const later = scenarioSavings(s, "2025/26");
    expect(later?.years).toEqual(["2023/24", "2024/25", "2025/26"]);
    expect(rows(later, "2024/25")).toEqual([
      ["CCC", 30_000, 20_000, 25_000],
      ["HDC", 30_000, 20_000, 25_000],
      ["SCDC", 30_000, 20_000, 25_000],
    ]);
    expect(rows(later, "2025/26")).toEqual([
      ["CCC", 20_000, 30_000, 55_000],
      ["HDC", 20_000, 30_000, 55_000],
      ["SCDC", 20_000, 30_000, 55_000],
    ]);
    const own = scenarioSavings(s, "2024/25");
    expect(later?.services.filter((x) => x.year !== "2025/26")).toEqual(own?.services);
    expect(later?.partners.map((p) => p.years.slice(0, 2))).toEqual(own?.partners.map((p) => p.years));
    expect(later?.total.saving.minor).toBe(3 * 55_000);
    // The earlier year's lines name its own run.
    expect(rows(later, "2024/25").length).toBe(3);
    expect(later?.services.find((x) => x.year === "2024/25")?.lineage.contribution.source).toBe(
      runAllocation(s, "2024/25").inputHash,
    );
  });

  it("counts an earlier year's run in every annual report of a later year too", () => {
    const s = scenario({ "2024/25": "900.00", "2025/26": "600.00" });
    const report = annualReport(s, "SVC", "2025/26");
    expect(report.savings?.partners.map((p) => [p.partner, p.saving.minor, p.cumulative.minor])).toEqual([
      ["CCC", 30_000, 55_000],
      ["HDC", 30_000, 55_000],
      ["SCDC", 30_000, 55_000],
    ]);
    expect(report.savings?.cumulative.minor).toBe(3 * 55_000);
  });

  it("takes an earlier year's run from the caller when given (a store keeps each year's scenario apart)", () => {
    const whole = scenario({ "2024/25": "900.00", "2025/26": "600.00" });
    const thisYear = scenario({ "2025/26": "600.00" });
    const runsByYear = { "2024/25": runAllocation(whole, "2024/25") };
    expect(scenarioSavings(thisYear, "2025/26", runAllocation(whole, "2025/26"), { runsByYear })).toEqual(
      scenarioSavings(whole, "2025/26"),
    );
    // Without it, the year's scenario has no lines of 2024/25 and nothing recorded for it.
    expect(scenarioSavings(thisYear, "2025/26")?.years).toEqual(["2023/24", "2025/26"]);
    expect(annualReport(thisYear, "SVC", "2025/26", { savingsRunsByYear: runsByYear }).savings?.cumulative.minor).toBe(
      3 * 55_000,
    );
    // A run given under another year's name is refused, naming it.
    const wrong = { "2024/25": runAllocation(thisYear, "2025/26") };
    expect(codeOf(() => scenarioSavings(thisYear, "2026/27", undefined, { runsByYear: wrong }))).toBe("INVALID_PERIOD");
    expect(() => scenarioSavings(thisYear, "2026/27", undefined, { runsByYear: wrong })).toThrow("runsByYear.2024/25");
  });

  it("gives every earlier year the figures of that year's own report, whatever the years' lines and drivers (property)", () => {
    const amount = fc.integer({ min: 1, max: 10_000_000 }).map((m) => (m / 100).toFixed(2));
    const users = fc.record({
      CCC: fc.integer({ min: 0, max: 50 }).map(String),
      HDC: fc.integer({ min: 1, max: 50 }).map(String),
      SCDC: fc.integer({ min: 0, max: 50 }).map(String),
    });
    fc.assert(
      fc.property(
        fc.tuple(fc.option(amount, { nil: undefined }), fc.option(amount, { nil: undefined }), amount),
        fc.array(users, { minLength: 3, maxLength: 3 }),
        ([a, b, c], quantities) => {
          const lines = Object.fromEntries(
            YEARS.map((y, i) => [y, [a, b, c][i]] as const).filter(([, v]) => v !== undefined),
          );
          const kept = Object.keys(lines);
          const s = scenario(
            lines,
            quantities.filter((_q, i) => [a, b, c][i] !== undefined),
          );
          const last = scenarioSavings(s, "2026/27");
          for (const y of ["2023/24", ...kept].filter((x) => x < "2026/27")) {
            const own = scenarioSavings(s, y);
            const mine = (r: typeof own) => r?.services.filter((x) => x.year === y);
            expect(mine(last)).toEqual(mine(own));
            expect(last?.partnership.find((p) => p.year === y)).toEqual(own?.partnership.at(-1));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the annual report's savings section of a year with no savings figures for the service", () => {
  it("lists no partner and keeps the cumulative of the last year with figures, naming it, rather than £0", () => {
    const s = scenario({ "2024/25": "900.00" });
    const report = annualReport(s, "SVC", "2025/26");
    expect(report.savings?.partners).toEqual([]);
    expect(report.savings?.total.saving.minor).toBe(0);
    expect([report.savings?.cumulative.minor, report.savings?.cumulativeTo]).toEqual([3 * 25_000, "2024/25"]);
    // A year with figures names itself.
    expect(annualReport(s, "SVC", "2024/25").savings?.cumulativeTo).toBe("2024/25");
  });
});
