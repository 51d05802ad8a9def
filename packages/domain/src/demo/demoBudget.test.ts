import { describe, expect, it } from "vitest";
import { parseMoney } from "../money/index.js";
import type { CalendarDate } from "../period/index.js";
import { type RechargeRun, rechargeRun } from "../recharge/index.js";
import { annualReport } from "../report/index.js";
import type { BasisDocument } from "../schema/index.js";
import { loadScenario, parseScenario } from "../schema/index.js";
import {
  DEMO_HANDOVER,
  DEMO_PERIOD,
  demoBudgetDocument,
  demoBudgetScenario,
  demoScenario,
  demoScenarioDocument,
  withDemoHandover,
} from "./index.js";

const budget = demoBudgetDocument;
const statements = { numbers: { CCC: "C-1", HDC: "H-1", SCDC: "S-1" }, issueDate: "2025-04-30" as CalendarDate };
const pence = (amount: string) => parseMoney(amount, "GBP").minor;

/** The drivers a basis reads, with its fallback's, rest's and components'. */
function driversIn(basis: BasisDocument, into: Set<string>): Set<string> {
  if (basis.kind === "driver" || basis.kind === "rate") into.add(basis.driver);
  if (basis.kind === "blended") for (const c of basis.components) into.add(c.driver);
  if (basis.kind === "rate") driversIn(basis.fallback, into);
  if (basis.kind === "two-stage") driversIn(basis.rest, into);
  if (basis.kind === "composite") for (const c of basis.components) driversIn(c.basis, into);
  return into;
}

/** Each partner's advances for each service (and lead), summed over the quarters. */
function advancesBy(run: RechargeRun): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of run.advances ?? []) {
    const key = `${a.service}/${a.partner}/${a.lead ?? ""}`;
    out.set(key, (out.get(key) ?? 0) + a.amount.minor);
  }
  return out;
}

/** Each partner's actual charge for each service (and lead) in the run's allocation. */
function actualBy(run: RechargeRun): Map<string, number> {
  const out = new Map<string, number>();
  for (const { partner, services } of run.allocation.byPartner) {
    for (const s of services) {
      if (s.byLead === undefined) out.set(`${s.service}/${partner}/`, s.total.minor);
      else for (const part of s.byLead) out.set(`${s.service}/${partner}/${part.lead}`, part.total.minor);
    }
  }
  return out;
}

describe("the demo budget", () => {
  it("validates with no issues", () => {
    const result = parseScenario(budget);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it("lays out every pool's budget for 2024/25 in twelve monthly lines that sum exactly to it", () => {
    const pools = demoScenarioDocument.services.flatMap((s) => s.pools.map((p) => `${s.id}.${p.id}`));
    const budgets = demoScenarioDocument.budgets ?? [];
    expect(budgets.map((b) => `${b.service}.${b.pool}`).sort()).toEqual([...pools].sort());
    for (const b of budgets) {
      const lines = (budget.costLines ?? []).filter((l) => l.service === b.service && l.pool === b.pool);
      expect(lines.map((l) => l.date.slice(0, 7))).toEqual([
        "2024-04",
        "2024-05",
        "2024-06",
        "2024-07",
        "2024-08",
        "2024-09",
        "2024-10",
        "2024-11",
        "2024-12",
        "2025-01",
        "2025-02",
        "2025-03",
      ]);
      expect(lines.reduce((s, l) => s + pence(l.amount), 0)).toBe(pence(b.amount));
    }
  });

  it("phases the ICT licences by their renewals: April three months' worth, October two", () => {
    const licences = (budget.costLines ?? []).filter((l) => l.service === "ICT" && l.pool === "licences");
    const total = pence((demoScenarioDocument.budgets ?? []).find((b) => b.pool === "licences")?.amount ?? "0");
    // £1,344,000 over 15 parts of £89,600: April three parts, October two, every other month one.
    expect(total).toBe(134_400_000);
    expect(licences.map((l) => pence(l.amount))).toEqual([
      26_880_000, 8_960_000, 8_960_000, 8_960_000, 8_960_000, 8_960_000, 17_920_000, 8_960_000, 8_960_000, 8_960_000,
      8_960_000, 8_960_000,
    ]);
  });

  it("estimates every driver the rules read, for every partner, each one's quarters adding up to its year", () => {
    const used = new Set<string>();
    for (const r of budget.rules) driversIn(r.basis as BasisDocument, used);
    for (const driver of used) {
      for (const { id: partner } of budget.partners) {
        expect((budget.drivers ?? []).some((d) => d.driver === driver && d.partner === partner)).toBe(true);
      }
    }
    for (const { id: partner } of budget.partners) {
      const of = (period: (p: string) => boolean) =>
        (budget.drivers ?? [])
          .filter((d) => d.driver === "applications" && d.partner === partner && period(d.period))
          .reduce((s, d) => s + Number(d.quantity), 0);
      expect(of((p) => p.includes("-Q"))).toBe(of((p) => p === "2024/25"));
    }
  });

  it("shares the actuals' structure, rules and support, with no income and no foreign lines", () => {
    expect([budget.partners, budget.services, budget.rules, budget.support]).toEqual([
      demoScenarioDocument.partners,
      demoScenarioDocument.services,
      demoScenarioDocument.rules,
      demoScenarioDocument.support,
    ]);
    expect(budget.income).toEqual([]);
    expect((budget.costLines ?? []).every((l) => l.currency === undefined)).toBe(true);
  });
});

describe("a year's run of the demo with its budget", () => {
  const run = rechargeRun({ scenario: demoScenario(), budget: demoBudgetScenario(), period: DEMO_PERIOD, statements });

  it("advances and trues up every partner's charge for every service exactly to the actual charge", () => {
    const advances = advancesBy(run);
    const actual = actualBy(run);
    const lines = run.trueUp?.lines ?? [];
    expect(lines).toHaveLength(9);
    for (const l of lines) {
      const key = `${l.service}/${l.partner}/`;
      expect([l.advances.minor, l.advances.minor + l.trueUp.minor]).toEqual([advances.get(key), actual.get(key)]);
    }
    // Worked figures: SCDC advanced £2,906,802.22 over the year and bore £2,883,689.25: a refund.
    expect(run.trueUp?.byPartner.find((p) => p.partner === "SCDC")).toMatchObject({
      advances: { minor: 290_680_222 },
      charge: { minor: 288_368_925 },
      trueUp: { minor: -2_311_297 },
    });
  });

  it("advances each partner's estimated charge in four quarters", () => {
    const quarters = new Set((run.advances ?? []).map((a) => a.quarter));
    expect([...quarters].sort()).toEqual(["2024/25-Q1", "2024/25-Q2", "2024/25-Q3", "2024/25-Q4"]);
    expect(run.advances).toHaveLength(9 * 4);
  });

  it("starts the variance from the same budget the annual report compares the actuals with", () => {
    const reported = ["ICT", "LEGAL", "BC"].reduce(
      (s, service) => s + (annualReport(demoScenario(), service, DEMO_PERIOD).finance.budget?.minor ?? 0),
      0,
    );
    expect((run.variance ?? []).reduce((s, v) => s + v.budget.minor, 0)).toBe(reported);
  });
});

describe("the demo with ICT handed to CCC on 1 October 2024", () => {
  it("changes only ICT, adding the hand-over, and leaves the document it was given as it was", () => {
    const handed = withDemoHandover(demoScenarioDocument);
    expect(handed.services.map((s) => [s.id, s.handovers ?? []])).toEqual([
      ["ICT", [{ effectiveFrom: "2024-10-01", lead: "CCC" }]],
      ["LEGAL", []],
      ["BC", []],
    ]);
    expect(demoScenarioDocument.services.every((s) => s.handovers === undefined)).toBe(true);
    expect(DEMO_HANDOVER).toEqual({ service: "ICT", effectiveFrom: "2024-10-01", lead: "CCC" });
  });

  it("trues up each lead's part of ICT to that lead, advances plus true-up equal to the part's actual charge", () => {
    const run = rechargeRun({
      scenario: loadScenario(withDemoHandover(demoScenarioDocument)),
      budget: loadScenario(withDemoHandover(demoBudgetDocument)),
      period: DEMO_PERIOD,
      statements,
    });
    const advances = advancesBy(run);
    const actual = actualBy(run);
    const ict = (run.trueUp?.lines ?? []).filter((l) => l.service === "ICT");
    expect(ict.map((l) => [l.partner, l.lead, l.leadFrom, l.isLead])).toEqual([
      ["CCC", "HDC", "2024-04-01", false],
      ["HDC", "HDC", "2024-04-01", true],
      ["SCDC", "HDC", "2024-04-01", false],
      ["CCC", "CCC", "2024-10-01", true],
      ["HDC", "CCC", "2024-10-01", false],
      ["SCDC", "CCC", "2024-10-01", false],
    ]);
    for (const l of run.trueUp?.lines ?? []) {
      const key = `${l.service}/${l.partner}/${l.lead ?? ""}`;
      expect([l.advances.minor, l.advances.minor + l.trueUp.minor]).toEqual([advances.get(key), actual.get(key)]);
    }
    // HDC's advances for CCC's half of ICT fall in Q3 and Q4 only, and go to CCC.
    expect(
      (run.advances ?? []).filter((a) => a.service === "ICT" && a.partner === "HDC").map((a) => [a.quarter, a.lead]),
    ).toEqual([
      ["2024/25-Q1", "HDC"],
      ["2024/25-Q2", "HDC"],
      ["2024/25-Q3", "CCC"],
      ["2024/25-Q4", "CCC"],
    ]);
  });
});
