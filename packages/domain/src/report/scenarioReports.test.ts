import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { incidentResolution, type Outage, outageKpiMeasurements, PRIORITIES } from "../availability/index.js";
import { demoScenario, demoScenarioDocument } from "../demo/index.js";
import { runAllocation } from "../run/index.js";
import { savingsReport, savingsTermsOf } from "../savings/index.js";
import { loadScenario } from "../schema/index.js";
import { codeOf } from "../testing/errors.js";
import { oneServiceDocument, yearly } from "../testing/scenarios.js";
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

  it("refuse a KPI scorecard of a service the partnership does not have, rather than showing no KPIs", () => {
    expect(() => kpiScorecard(demo, "2024/25", { service: "ict" })).toThrow(
      'No service "ict" in the partnership; its services are BC, ICT, LEGAL',
    );
    expect(codeOf(() => kpiScorecard(demo, "2024/25", { service: "NOPE" }))).toBe("INVALID_SCENARIO");
    expect(kpiScorecard(demo, "2024/25", { service: "ICT" }).kpis.length).toBeGreaterThan(0);
  });

  it("refuse an annual report of a service the partnership does not have, naming the services it has", () => {
    expect(() => annualReport(demo, "PARKS", "2024/25")).toThrow(
      'No service "PARKS" in the partnership; its services are BC, ICT, LEGAL',
    );
    expect(codeOf(() => annualReport(demo, "ict", "2024/25"))).toBe("INVALID_SCENARIO");
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

  it("keep the contributions recorded for a year whose services the scenario has no lines for: the demo's 2023/24 is its recorded year", () => {
    const recorded = demo.savings;
    if (recorded === undefined) throw new Error("the demo has a savings plan");
    // The demo's lines are all of 2024/25; 2023/24's contributions are recorded in the plan.
    const upTo = (year: string) => year <= "2023/24";
    const report = scenarioSavings(demo, "2023/24");
    expect(report?.years.at(-1)).toBe("2023/24");
    expect(report).toEqual(
      savingsReport({
        ...recorded,
        contributions: recorded.contributions.filter((c) => upTo(c.year)),
        oneOffs: recorded.oneOffs.filter((o) => upTo(o.year)),
      }),
    );
    // A later year with neither lines nor recorded contributions adds no year, and loses none: its
    // cumulative is 2024/25's, counted from that year's run as its own report counts it.
    expect(scenarioSavings(demo, "2030/31")?.partners.map((p) => p.saving)).toEqual(
      scenarioSavings(demo, "2024/25")?.partners.map((p) => p.saving),
    );
  });

  it("count a partner with a baseline and no share of a service the run charges as contributing nothing, saving its whole baseline", () => {
    // CCC has no users this year: the run gives it no share of the £900, which is a contribution of £0.
    const doc = {
      ...oneServiceDocument({
        rules: [{ id: "r", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } }],
        costLines: [{ id: "L1", service: "SVC", pool: "pool", date: "2024-06-01", amount: "900.00" }],
        drivers: yearly("users", { CCC: "0", HDC: "1", SCDC: "2" }),
      }),
      savings: {
        rounding: "half-up" as const,
        attribution: "actual" as const,
        targetPercent: "15",
        indices: [],
        baselines: ["CCC", "HDC", "SCDC"].map((partner) => ({
          partner,
          service: "SVC",
          baseYear: "2014/15",
          amount: "500",
        })),
        contributions: [],
        oneOffs: [],
      },
    };
    const report = scenarioSavings(loadScenario(doc), "2024/25");
    expect(report?.services.map((s) => [s.partner, s.contribution.minor, s.saving.minor])).toEqual([
      ["CCC", 0, 50_000],
      ["HDC", 30_000, 20_000],
      ["SCDC", 60_000, -10_000],
    ]);
    expect(report?.services[0]?.lineage.contribution.source).toBe(report?.services[1]?.lineage.contribution.source);
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

describe("an open outage not begun when a report is taken", () => {
  // The demo's ICT outage log, calendars, outage costing and KPIs on one small ICT service, so each
  // run's annual report is quick; the outage sections are the demo's own.
  const doc = demoScenarioDocument;
  const codes = new Set((doc.kpis ?? []).filter((k) => k.service === "ICT").map((k) => k.code));
  const ict = loadScenario({
    ...oneServiceDocument({
      rules: [{ id: "equal", service: "ICT", effectiveFrom: "2024-04-01", basis: { kind: "equal" } }],
    }),
    services: [{ id: "ICT", name: "ICT", lead: "HDC", pools: [{ id: "pool", name: "Pool" }] }],
    kpis: (doc.kpis ?? []).filter((k) => codes.has(k.code)),
    measurements: (doc.measurements ?? []).filter((m) => codes.has(m.kpi)),
    ...pick(doc, "calendars", "outages", "outageCost", "availability"),
  });
  const inputs = ict.availability;
  if (inputs?.settings === undefined) throw new Error("the demo has an outage log and availability settings");
  const settings = {
    ...inputs.settings,
    incidentTargets: [
      { kpi: "P1-fix", priority: "P1" as const, withinSeconds: 14_400 },
      { kpi: "P2-fix", priority: "P2" as const, withinSeconds: 8 * 3600, clock: "service" as const, service: "ICT" },
    ],
  };
  const targets = settings.incidentTargets.map(({ service: _s, ...t }) => t);
  const partners = ict.partners.map((p) => p.id);
  /** Every report that reads the outage log, as one JSON text. */
  const everyReport = (log: readonly Outage[], asAt: string): string => {
    const scenario = { ...ict, availability: { ...inputs, outages: log, settings } };
    return JSON.stringify([
      // The annual report holds the service's KPI scorecard (kpiScorecard), availability and outage costs.
      annualReport(scenario, "ICT", "2024/25", { asAt }),
      ...["2024/25", "2024/25-Q2", "2025/26-Q1"].flatMap((period) => [
        incidentResolution(log, period, { targets, byPartner: true, calendars: inputs.calendars, asAt }),
        outageKpiMeasurements({ ...inputs, outages: log, settings }, period, { partners, asAt }),
      ]),
    ]);
  };
  const HOUR = 3600;
  const instant = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
  const later = (asAt: string, i: number, x: Later): Outage => {
    const start = Date.parse(asAt) / 1000 + x.after;
    return {
      id: `LATER-${i}`,
      start: instant(start),
      services: ["ICT"],
      systems: ["Email"],
      partners: x.partners.map((partner) => ({ partner, users: x.users })),
      planned: x.planned,
      priority: x.priority,
      ...(x.resolved === undefined ? {} : { resolvedAt: instant(start + x.resolved) }),
    };
  };
  type Later = {
    after: number;
    planned: boolean;
    priority: (typeof PRIORITIES)[number];
    partners: string[];
    users: number;
    resolved: number | undefined;
  };
  const laterArb: fc.Arbitrary<Later> = fc.record({
    after: fc.integer({ min: 0, max: 500 * 24 * HOUR }),
    planned: fc.boolean(),
    priority: fc.constantFrom(...PRIORITIES),
    partners: fc.subarray(partners, { minLength: 1 }),
    users: fc.nat(3000),
    resolved: fc.option(fc.integer({ min: 0, max: 48 * HOUR }), { nil: undefined }),
  });

  it("leaves every report's figures byte-identical, however many such outages and wherever they sit in the log (property)", () => {
    const asAtArb = fc.constantFrom(
      "2024-08-14T10:00:00+01:00",
      "2024-12-02T16:30:00Z",
      "2025-03-31T23:00:00Z",
      "2025-05-01T12:00:00+01:00",
    );
    const base = new Map<string, string>();
    fc.assert(
      fc.property(asAtArb, fc.array(fc.tuple(laterArb, fc.nat()), { minLength: 1, maxLength: 3 }), (asAt, extras) => {
        const log = [...inputs.outages];
        extras.forEach(([x, at], i) => {
          log.splice(at % (log.length + 1), 0, later(asAt, i, x));
        });
        const expected = base.get(asAt) ?? everyReport(inputs.outages, asAt);
        base.set(asAt, expected);
        expect(everyReport(log, asAt)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("is left out of the demo's scorecard and annual report when it begins at asAt, and listed when a second earlier", () => {
    const demo = demoScenario();
    const demoInputs = demo.availability;
    if (demoInputs === undefined) throw new Error("the demo has an outage log");
    const asAt = "2025-03-31T23:00:00Z";
    const { end: _end, ...open } = { ...(demoInputs.outages.at(-1) as Outage), id: "OUT-NEXT" };
    const withOpen = (start: string) => ({
      ...demo,
      availability: { ...demoInputs, outages: [...demoInputs.outages, { ...open, start }] },
    });
    expect(annualReport(withOpen(asAt), "ICT", "2024/25", { asAt })).toEqual(
      annualReport(demo, "ICT", "2024/25", { asAt }),
    );
    expect(kpiScorecard(withOpen(asAt), "2024/25", { asAt })).toEqual(kpiScorecard(demo, "2024/25", { asAt }));
    // A second earlier it had begun: its one second in the year is downtime (if in service hours)
    // and it is listed in the report's outage log.
    const begun = annualReport(withOpen("2025-03-31T22:59:59Z"), "ICT", "2024/25", { asAt });
    expect(begun.outages?.outages.find((o) => o.id === "OUT-NEXT")).toMatchObject({
      id: "OUT-NEXT",
      elapsedSeconds: 1,
      inServiceSeconds: 0,
    });
  });
});

function pick<T extends object, K extends keyof T>(from: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]])) as Pick<T, K>;
}
