import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoScenario } from "../demo/index.js";
import { runAllocation } from "../run/index.js";
import { savingsTermsOf } from "../savings/index.js";
import { loadScenario } from "../schema/index.js";
import { codeOf } from "../testing/errors.js";
import { oneServiceDocument } from "../testing/scenarios.js";
import { annualReport } from "./annualReport.js";
import { kpiScorecard } from "./kpiScorecard.js";
import { scenarioSavings } from "./scenarioSavings.js";

describe("kpiScorecard and scenarioSavings", () => {
  const demo = demoScenario();

  it("give the same KPI results and savings as every service's annual report", () => {
    const card = kpiScorecard(demo, "2024/25");
    const savings = scenarioSavings(demo, "2024/25");
    expect(card.kpis.map((k) => k.code).sort()).toEqual((demo.kpis ?? []).map((k) => k.code).sort());
    for (const service of demo.services) {
      const report = annualReport(demo, service.id, "2024/25");
      expect(report.kpis?.kpis).toEqual(card.kpis.filter((k) => k.service === service.id));
      expect(report.savings?.partners).toEqual(
        savings?.services.filter((s) => s.service === service.id && s.year === "2024/25"),
      );
    }
  });

  it("count the year's contributions from the run, not any recorded for that year", () => {
    const recorded = demo.savings;
    if (recorded === undefined) throw new Error("the demo has a savings plan");
    const withStale = {
      ...demo,
      savings: {
        ...recorded,
        contributions: [
          ...recorded.contributions,
          {
            partner: demo.partners[0]?.id,
            service: demo.services[0]?.id,
            year: "2024/25",
            amount: { currency: "GBP", minor: 1 },
          },
        ],
      },
    } as typeof demo;
    expect(scenarioSavings(withStale, "2024/25")).toEqual(scenarioSavings(demo, "2024/25"));
  });

  it("cover the years up to and including the year reported, leaving out contributions and one-off items of later years", () => {
    const recorded = demo.savings;
    if (recorded === undefined) throw new Error("the demo has a savings plan");
    const first = recorded.contributions[0];
    const oneOff = recorded.oneOffs[0];
    if (first === undefined || oneOff === undefined) throw new Error("the demo has contributions and one-off items");
    const withLater = {
      ...demo,
      savings: {
        ...recorded,
        contributions: [...recorded.contributions, { ...first, year: "2025/26" }],
        oneOffs: [...recorded.oneOffs, { ...oneOff, id: "later", year: "2026/27" }],
      },
    } as typeof demo;
    const report = scenarioSavings(withLater, "2024/25");
    expect(report).toEqual(scenarioSavings(demo, "2024/25"));
    expect(report?.years.at(-1)).toBe("2024/25");
  });

  it("give a year's savings unchanged by any contributions and one-off items recorded for later years (property)", () => {
    const recorded = demo.savings;
    if (recorded === undefined) throw new Error("the demo has a savings plan");
    const run = runAllocation(demo, "2024/25");
    const plain = scenarioSavings(demo, "2024/25", run);
    const later = fc.constantFrom("2025/26", "2026/27", "2030/31");
    const minor = fc.integer({ min: -1_000_000, max: 1_000_000_000 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...recorded.baselines), later, minor), { maxLength: 6 }),
        fc.array(fc.tuple(fc.constantFrom(...recorded.oneOffs), later, fc.nat(1_000_000)), { maxLength: 3 }),
        (contributions, oneOffs) => {
          const withLater = {
            ...demo,
            savings: {
              ...recorded,
              contributions: [
                ...recorded.contributions,
                ...contributions.map(([b, year, m]) => ({
                  partner: b.partner,
                  service: b.service,
                  year,
                  amount: { currency: b.amount.currency, minor: m },
                })),
              ],
              oneOffs: [
                ...recorded.oneOffs,
                ...oneOffs.map(([o, year, m], i) => ({
                  ...o,
                  id: `later-${i}`,
                  year,
                  amount: { ...o.amount, minor: m },
                })),
              ],
            },
          } as typeof demo;
          expect(scenarioSavings(withLater, "2024/25", run)).toEqual(plain);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("rate an earlier year by the terms given for it, in the savings report and every annual report alike", () => {
    const plan = demo.savings;
    if (plan === undefined) throw new Error("the demo has a savings plan");
    const termsByYear = { "2023/24": { ...savingsTermsOf(plan), attribution: "equal" as const, source: "v0" } };
    const savings = scenarioSavings(demo, "2024/25", undefined, { termsByYear });
    const plain = scenarioSavings(demo, "2024/25");
    const earlier = savings?.services.filter((s) => s.year === "2023/24") ?? [];
    expect(earlier.length).toBeGreaterThan(0);
    expect(earlier.every((s) => s.lineage.attribution === "equal" && s.lineage.terms === "v0")).toBe(true);
    for (const service of demo.services) {
      const mine = (r: typeof savings) => r?.services.filter((s) => s.service === service.id && s.year === "2024/25");
      const report = annualReport(demo, service.id, "2024/25", { savingsTermsByYear: termsByYear });
      expect(report.savings?.partners).toEqual(mine(savings));
      // Equal shares of 2023/24 move the service's partners' running totals apart from their own savings.
      expect(report.savings?.partners).not.toEqual(mine(plain));
    }
  });

  it("have nothing to report without KPIs or a savings agreement, and refuse a quarter", () => {
    const bare = loadScenario(oneServiceDocument());
    expect(kpiScorecard(bare, "2024/25").kpis).toEqual([]);
    expect(scenarioSavings(bare, "2024/25")).toBeNull();
    expect(codeOf(() => kpiScorecard(demo, "2024/25-Q1"))).toBe("INVALID_PERIOD");
    expect(codeOf(() => scenarioSavings(demo, "2024/25-Q1"))).toBe("INVALID_PERIOD");
  });
});
