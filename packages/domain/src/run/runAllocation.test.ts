import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMissingDriverIssue } from "../errors/index.js";
import { fromMinor, parseMoney, toDecimalString } from "../money/index.js";
import type { PartnerId } from "../scenario/ids.js";
import type { Basis, RuleVersion, Scenario } from "../scenario/Scenario.js";
import { type BasisDocument, loadScenario, type ScenarioDocument } from "../schema/index.js";
import { codeOf, errorOf } from "../testing/errors.js";
import { oneServiceDocument, scenarioArb, shuffle, yearly } from "../testing/scenarios.js";
import type { AllocationResult } from "./AllocationRun.js";
import { lineShares, traceLines } from "./lineShares.js";
import { allocate, runAllocation } from "./runAllocation.js";

const run = (doc: ScenarioDocument, period = "2024/25") => runAllocation(loadScenario(doc), period);
const totals = (r: AllocationResult) => Object.fromEntries(r.byPartner.map((p) => [p.partner, p.total.minor]));
const pence = (amount: string) => parseMoney(amount, "GBP").minor;
/** Agreed hours at £60 an hour, under- or over-recovery shared equally. */
const agreedHoursAt60 = {
  id: "sla",
  service: "SVC",
  pool: "pool",
  effectiveFrom: "2024-04-01",
  basis: { kind: "rate", driver: "agreed-hours", rate: "60", rounding: "half-up", fallback: { kind: "equal" } },
} as const;
const line = (id: string, date: string, amount: string, pool = "pool") => ({ id, service: "SVC", pool, date, amount });

describe("runAllocation: worked examples", () => {
  it("splits £100,000 by 45.76% to one council, then the rest by residential properties", () => {
    const r = run(
      oneServiceDocument({
        rules: [
          {
            id: "two-stage",
            service: "SVC",
            effectiveFrom: "2024-04-01",
            basis: {
              kind: "two-stage",
              first: { partner: "CCC", percent: "45.76" },
              rest: { kind: "driver", driver: "properties" },
            },
          },
        ],
        costLines: [line("L1", "2024-05-31", "100000.00")],
        drivers: yearly("properties", { CCC: "52000", HDC: "80000", SCDC: "70000" }),
      }),
    );
    // £45,760 to CCC; £54,240 between HDC and SCDC at 80,000 : 70,000 = £28,928 and £25,312.
    expect(totals(r)).toEqual({ CCC: 4_576_000, HDC: 2_892_800, SCDC: 2_531_200 });
    const basis = r.allocations[0]?.basis;
    expect(basis?.kind).toBe("two-stage");
    expect(basis?.steps?.map((s) => [s.label, s.amount.minor])).toEqual([
      ["all to CCC", 4_576_000],
      ["by properties (2024/25)", 5_424_000],
    ]);
    expect(basis?.steps?.[1]?.drivers?.[0]?.quantities).toEqual([
      { partner: "HDC", quantity: "80000" },
      { partner: "SCDC", quantity: "70000" },
    ]);
  });

  it("uses the rule version in force on each line's date when the basis changes mid-year", () => {
    const r = run(
      oneServiceDocument({
        rules: [
          {
            id: "v1",
            service: "SVC",
            effectiveFrom: "2024-04-01",
            basis: { kind: "fixed", unit: "percent", shares: { CCC: "30", HDC: "70" } },
          },
          { id: "v2", service: "SVC", effectiveFrom: "2024-10-03", basis: { kind: "equal" } },
        ],
        costLines: [line("A", "2024-10-02", "1000.00"), line("B", "2024-10-03", "900.00")],
      }),
    );
    expect(r.allocations.map((a) => [a.rule, a.lines.ids, a.shares.map((s) => [s.partner, s.amount.minor])])).toEqual([
      [
        "v1",
        ["A"],
        [
          ["CCC", 30_000],
          ["HDC", 70_000],
        ],
      ],
      [
        "v2",
        ["B"],
        [
          ["CCC", 30_000],
          ["HDC", 30_000],
          ["SCDC", 30_000],
        ],
      ],
    ]);
    expect(totals(r)).toEqual({ CCC: 60_000, HDC: 100_000, SCDC: 30_000 });
  });

  it("charges agreed hours at the agreed rate and shares the under-recovery by the fallback", () => {
    const r = run(
      oneServiceDocument({
        rules: [agreedHoursAt60],
        costLines: [line("L1", "2024-06-30", "13000.01")],
        drivers: yearly("agreed-hours", { CCC: "100", HDC: "50", SCDC: "50" }),
      }),
    );
    // Charges £6,000 + £3,000 + £3,000 = £12,000; under-recovery £1,000.01 split equally: 33,334 / 33,334 / 33,333.
    expect(totals(r)).toEqual({ CCC: 633_334, HDC: 333_334, SCDC: 333_333 });
    const steps = r.allocations[0]?.basis.steps;
    expect(steps?.map((s) => [s.kind, s.amount.minor])).toEqual([
      ["rate-charges", 1_200_000],
      ["recovery", 100_001],
    ]);
    expect(steps?.[1]?.label).toMatch(/^under-recovery/);
  });

  it("levies agreed charges once: income in a rate pool only reduces the recovery", () => {
    const r = run(
      oneServiceDocument({
        rules: [agreedHoursAt60],
        costLines: [line("L1", "2024-06-30", "13000.01")],
        income: [{ id: "I1", service: "SVC", pool: "pool", date: "2024-07-01", amount: "1000.01" }],
        drivers: yearly("agreed-hours", { CCC: "100", HDC: "50", SCDC: "50" }),
      }),
    );
    // Net cost £12,000.00 equals the charges: nobody pays a recovery.
    expect(totals(r)).toEqual({ CCC: 600_000, HDC: 300_000, SCDC: 300_000 });
    expect(r.allocations.find((a) => a.kind === "income")?.basis.kind).toBe("equal");
  });

  it("splits a composite basis into its parts: 40% equally and 60% by users", () => {
    const r = run(
      oneServiceDocument({
        rules: [
          {
            id: "mix",
            service: "SVC",
            effectiveFrom: "2024-04-01",
            basis: {
              kind: "composite",
              unit: "percent",
              components: [
                { label: "equal", weight: "40", basis: { kind: "equal" } },
                { label: "users", weight: "60", basis: { kind: "driver", driver: "users" } },
              ],
            },
          },
        ],
        costLines: [line("L1", "2024-04-30", "1000.00")],
        drivers: yearly("users", { CCC: "500", HDC: "300", SCDC: "200" }),
      }),
    );
    // £400 equally (13,334 / 13,333 / 13,333) + £600 by users (30,000 / 18,000 / 12,000).
    expect(totals(r)).toEqual({ CCC: 43_334, HDC: 31_333, SCDC: 25_333 });
  });

  it("nets third-party income off by the service's rule, and keeps leftovers back when told to", () => {
    const r = run(
      oneServiceDocument({
        rules: [
          { id: "eq", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "equal" }, remainder: "unallocated" },
        ],
        costLines: [line("L1", "2024-04-30", "100.00")],
        income: [{ id: "I1", service: "SVC", date: "2024-05-01", amount: "10.01" }],
      }),
    );
    // Cost £100.00 → 3,333 each, 1p kept; income £10.01 → −333 each, −2p kept.
    expect(totals(r)).toEqual({ CCC: 3_000, HDC: 3_000, SCDC: 3_000 });
    expect(r.certificate.unallocated.minor).toBe(-1);
    expect(r.certificate.moneyIn.minor).toBe(8_999);
    expect(r.byService[0]?.pools.map((p) => p.pool)).toEqual(["@service", "pool"]);
    expect(r.byPartner[0]?.services[0]?.pools).toEqual([
      {
        pool: "@service",
        cost: { currency: "GBP", minor: 0 },
        income: { currency: "GBP", minor: -333 },
        total: { currency: "GBP", minor: -333 },
      },
      {
        pool: "pool",
        cost: { currency: "GBP", minor: 3_333 },
        income: { currency: "GBP", minor: 0 },
        total: { currency: "GBP", minor: 3_333 },
      },
    ]);
  });

  it("passes support costs between services by the exact reciprocal method, then to partners", () => {
    const doc: ScenarioDocument = {
      ...oneServiceDocument(),
      services: [
        { id: "ICT", name: "ICT", lead: "HDC", pools: [{ id: "all", name: "All" }] },
        { id: "LEGAL", name: "Legal", lead: "CCC", pools: [{ id: "all", name: "All" }] },
        { id: "BC", name: "Building Control", lead: "CCC", pools: [{ id: "all", name: "All" }] },
      ],
      rules: [
        // Each service borne wholly by one council (fixed 100%, not a direct charge, which support skips).
        {
          id: "ict",
          service: "ICT",
          effectiveFrom: "2024-04-01",
          basis: { kind: "fixed", unit: "percent", shares: { HDC: "100" } },
        },
        {
          id: "legal",
          service: "LEGAL",
          effectiveFrom: "2024-04-01",
          basis: { kind: "fixed", unit: "percent", shares: { CCC: "100" } },
        },
        {
          id: "bc",
          service: "BC",
          effectiveFrom: "2024-04-01",
          basis: { kind: "fixed", unit: "percent", shares: { SCDC: "100" } },
        },
      ],
      costLines: [
        { id: "ICT-1", service: "ICT", pool: "all", date: "2024-04-30", amount: "100000.00" },
        { id: "LEG-1", service: "LEGAL", pool: "all", date: "2024-04-30", amount: "50000.00" },
        { id: "BC-1", service: "BC", pool: "all", date: "2024-04-30", amount: "30000.00" },
      ],
      support: {
        method: "reciprocal",
        consumption: [
          { from: "ICT", to: "LEGAL", share: "0.10" },
          { from: "ICT", to: "BC", share: "0.20" },
          { from: "LEGAL", to: "ICT", share: "0.05" },
        ],
      },
    };
    const r = run(doc);
    // Exact shares (see supportDistribution.test.ts): ICT's £100,000 ends 140/199 in ICT, 19/199 in Legal,
    // 40/199 in BC; Legal's £50,000 ends 7/199 in ICT, 190/199 in Legal, 2/199 in BC. Pennies by Hamilton.
    expect(r.support?.flows.map((f) => [f.from, f.to, f.amount.minor])).toEqual([
      ["ICT", "BC", 2_010_050],
      ["ICT", "LEGAL", 954_774],
      ["LEGAL", "BC", 50_251],
      ["LEGAL", "ICT", 175_880],
    ]);
    // Each council bears exactly one service here, so its total is that service's final cost.
    expect(totals(r)).toEqual({ HDC: 7_211_056, CCC: 5_728_643, SCDC: 5_060_301 });
    expect(r.certificate.balanced).toBe(true);
    expect(r.certificate.moneyIn.minor).toBe(18_000_000);
    const traced = traceLines(r, ["ICT-1"]);
    expect(traced.map((t) => [t.line, t.amount.minor, t.allocation.service])).toEqual([
      ["ICT-1@BC", 2_010_050, "BC"],
      ["ICT-1", 7_035_176, "ICT"],
      ["ICT-1@LEGAL", 954_774, "LEGAL"],
    ]);
  });
});

describe("runAllocation: support services", () => {
  it("never passes direct charges (budgets managed on behalf of one council) to other services", () => {
    const doc: ScenarioDocument = {
      ...oneServiceDocument(),
      services: [
        {
          id: "ICT",
          name: "ICT",
          lead: "HDC",
          pools: [
            { id: "shared", name: "Shared" },
            { id: "mobo", name: "On behalf of SCDC" },
          ],
        },
        { id: "LEGAL", name: "Legal", lead: "CCC", pools: [{ id: "all", name: "All" }] },
      ],
      rules: [
        { id: "ict", service: "ICT", effectiveFrom: "2024-04-01", basis: { kind: "equal" } },
        {
          id: "mobo",
          service: "ICT",
          pool: "mobo",
          effectiveFrom: "2024-04-01",
          basis: { kind: "direct", partner: "SCDC" },
        },
        { id: "legal", service: "LEGAL", effectiveFrom: "2024-04-01", basis: { kind: "direct", partner: "CCC" } },
      ],
      costLines: [
        { id: "A", service: "ICT", pool: "shared", date: "2024-04-30", amount: "300.00" },
        { id: "B", service: "ICT", pool: "mobo", date: "2024-04-30", amount: "500.00" },
      ],
      support: { method: "reciprocal", consumption: [{ from: "ICT", to: "LEGAL", share: "0.5" }] },
    };
    const r = run(doc);
    expect(r.support?.flows.map((f) => [f.from, f.to, f.amount.minor])).toEqual([["ICT", "LEGAL", 15_000]]);
    expect(totals(r)).toEqual({ CCC: 20_000, HDC: 5_000, SCDC: 55_000 });
  });
});

describe("runAllocation: errors name a run's own pools for people", () => {
  /** ICT (one pool, led by HDC) and Legal (led by CCC), £300 of ICT's costs, and the rules given. */
  const ictAndLegal = (rules: ScenarioDocument["rules"]): ScenarioDocument => ({
    ...oneServiceDocument(),
    services: [
      { id: "ICT", name: "ICT", lead: "HDC", pools: [{ id: "shared", name: "Shared" }] },
      { id: "LEGAL", name: "Legal", lead: "CCC", pools: [{ id: "all", name: "All" }] },
    ],
    rules,
    costLines: [{ id: "A", service: "ICT", pool: "shared", date: "2024-04-30", amount: "300.00" }],
  });

  it("names the support a service receives by where it comes from, keeping the pool's id in the issue", () => {
    const doc: ScenarioDocument = {
      ...ictAndLegal([
        { id: "ict", service: "ICT", effectiveFrom: "2024-04-01", basis: { kind: "equal" } },
        { id: "legal", service: "LEGAL", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "hours" } },
      ]),
      drivers: [{ driver: "hours", partner: "CCC", period: "2024/25", quantity: "10" }],
      support: { method: "reciprocal", consumption: [{ from: "ICT", to: "LEGAL", share: "0.5" }] },
    };
    const error = errorOf(() => run(doc));
    expect(error.message).toBe(
      'rule legal (LEGAL/support from ICT) needs driver "hours" for HDC, SCDC in 2024/25, but no quantity was given',
    );
    expect(error.issues.map((i) => [i.message, isMissingDriverIssue(i) ? i.neededBy : undefined])).toEqual([
      [
        "no quantity for HDC, SCDC in 2024/25, needed by rule legal (LEGAL/support from ICT)",
        [{ rule: "legal", service: "LEGAL", pool: "@support:ICT" }],
      ],
    ]);
  });

  it("names a service-wide rule's own costs by the service, and a support cost without a rule by where it comes from", () => {
    const doc: ScenarioDocument = {
      ...ictAndLegal([
        { id: "ict", service: "ICT", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } },
        { id: "legal", service: "LEGAL", pool: "all", effectiveFrom: "2024-04-01", basis: { kind: "equal" } },
      ]),
      income: [{ id: "I", service: "ICT", date: "2024-04-30", amount: "30.00" }],
      drivers: [{ driver: "users", partner: "CCC", period: "2024/25", quantity: "10" }],
    };
    expect(errorOf(() => run(doc)).message).toBe(
      'rule ict (ICT, ICT/shared) needs driver "users" for HDC, SCDC in 2024/25, but no quantity was given',
    );
    const support = errorOf(() =>
      run({
        ...doc,
        rules: [
          { id: "ict", service: "ICT", effectiveFrom: "2024-04-01", basis: { kind: "equal" } },
          { id: "legal", service: "LEGAL", effectiveFrom: "2024-07-01", basis: { kind: "equal" } },
        ],
        income: [],
        support: { method: "reciprocal", consumption: [{ from: "ICT", to: "LEGAL", share: "0.5" }] },
      }),
    );
    expect(support.message).toBe(
      "Support cost A@LEGAL (LEGAL, support from ICT, dated 2024-04-30) has no rule in force: the first rule for LEGAL, support from ICT takes effect on 2024-07-01",
    );
  });
});

describe("runAllocation: errors name the line, rule, driver and period", () => {
  it("reports a missing driver quantity", () => {
    const doc = oneServiceDocument({
      rules: [
        {
          id: "by-users",
          service: "SVC",
          effectiveFrom: "2024-04-01",
          basis: { kind: "driver", driver: "users", period: "quarter" },
        },
      ],
      costLines: [line("L1", "2024-10-05", "1.00")],
      drivers: yearly("users", { CCC: "1", HDC: "1" }, "2024/25-Q3"),
    });
    expect(codeOf(() => run(doc))).toBe("MISSING_DRIVER");
    expect(() => run(doc)).toThrow(/rule by-users \(SVC\/pool\) needs driver "users" for SCDC in 2024\/25-Q3/);
  });

  // By users from April, by devices from October; no quantities of devices at all, so the
  // document is read as one that holds only some of its figures.
  const usersThenDevices = (drivers: ScenarioDocument["drivers"], costLines: ScenarioDocument["costLines"]) =>
    loadScenario(
      oneServiceDocument({
        rules: [
          { id: "by-users", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } },
          {
            id: "by-devices",
            service: "SVC",
            effectiveFrom: "2024-10-01",
            basis: { kind: "driver", driver: "devices", period: "quarter" },
          },
        ],
        costLines,
        drivers,
      }),
      { driverQuantities: "when-run" },
    );

  it("needs only the quantities its lines need: a rule no line of the period falls under needs none", () => {
    const scenario = usersThenDevices(yearly("users", { CCC: "1", HDC: "1", SCDC: "2" }), [
      line("L1", "2024-05-31", "100.00"),
      line("L2", "2024-11-30", "10.00"),
    ]);
    // The first half-year's line is split by users; devices are needed only once L2 is in the period.
    expect(totals(runAllocation(scenario, "2024/25-Q1"))).toEqual({ CCC: 2500, HDC: 2500, SCDC: 5000 });
    const error = errorOf(() => runAllocation(scenario, "2024/25"));
    expect([error.code, error.path, error.message]).toEqual([
      "MISSING_DRIVER",
      "drivers.devices",
      'rule by-devices (SVC/pool) needs driver "devices" for CCC, HDC, SCDC in 2024/25-Q3, but no quantity was given',
    ]);
    // Its one issue is located at the driver, and says what is missing there without its path again.
    expect(error.issues.map((i) => [i.path, i.message])).toEqual([
      ["drivers.devices", "no quantity for CCC, HDC, SCDC in 2024/25-Q3, needed by rule by-devices (SVC/pool)"],
    ]);
  });

  it("names every driver quantity its lines need and lack in one refusal, an issue per driver and period with the MISSING_DRIVER code", () => {
    const scenario = usersThenDevices(yearly("users", { CCC: "1" }), [
      line("L1", "2024-05-31", "100.00"),
      line("L2", "2024-11-30", "10.00"),
      line("L3", "2025-02-28", "10.00"),
    ]);
    const error = errorOf(() => runAllocation(scenario, "2024/25"));
    const users = "no quantity for HDC, SCDC in 2024/25, needed by rule by-users (SVC/pool)";
    const devices = (q: string) =>
      `no quantity for CCC, HDC, SCDC in 2024/25-${q}, needed by rule by-devices (SVC/pool)`;
    expect([error.code, error.path]).toEqual(["MISSING_DRIVER", "drivers"]);
    // A whole sentence, then each issue at its path, as a scenario's problems are listed.
    expect(error.message).toBe(
      `The run of 2024/25 needs quantities of "devices" and "users" that were not given:\n  drivers.devices: ${devices("Q3")}\n  drivers.devices: ${devices("Q4")}\n  drivers.users: ${users}`,
    );
    const devicesIssue = (q: string) => ({
      path: "drivers.devices",
      message: devices(q),
      code: "MISSING_DRIVER",
      driver: "devices",
      neededBy: [{ rule: "by-devices", service: "SVC", pool: "pool" }],
      period: `2024/25-${q}`,
      partners: ["CCC", "HDC", "SCDC"],
    });
    expect(error.issues).toEqual([
      devicesIssue("Q3"),
      devicesIssue("Q4"),
      {
        path: "drivers.users",
        message: users,
        code: "MISSING_DRIVER",
        driver: "users",
        neededBy: [{ rule: "by-users", service: "SVC", pool: "pool" }],
        period: "2024/25",
        partners: ["HDC", "SCDC"],
      },
    ]);
    expect(error.issues.every(isMissingDriverIssue)).toBe(true);
  });

  it("names a driver's quantities once per period however many rules and pools share by them, with each rule and pool and every partner lacking one", () => {
    const pools = ["a", "b", "c", "d", "e"];
    const scenario = loadScenario(
      {
        ...oneServiceDocument({
          rules: [
            // Pool a's rule shares among CCC and HDC only; the service-wide rule shares the others among all three.
            {
              id: "a-users",
              service: "SVC",
              pool: "a",
              effectiveFrom: "2024-04-01",
              basis: { kind: "driver", driver: "users", among: ["CCC", "HDC"] },
            },
            { id: "by-users", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } },
          ],
          costLines: pools.map((p, i) => line(`L${i}`, "2024-05-31", "10.00", p)),
          drivers: yearly("users", { CCC: "1" }),
        }),
        services: [{ id: "SVC", name: "S", lead: "HDC", pools: pools.map((id) => ({ id, name: id })) }],
      },
      { driverQuantities: "when-run" },
    );
    const error = errorOf(() => runAllocation(scenario, "2024/25"));
    expect(error.message).toBe(
      'rules a-users (SVC/a) and by-users (SVC/b, SVC/c, SVC/d, SVC/e) need driver "users" for HDC, SCDC in 2024/25, but no quantity was given',
    );
    expect(error.issues).toEqual([
      {
        path: "drivers.users",
        message:
          "no quantity for HDC, SCDC in 2024/25, needed by rules a-users (SVC/a) and by-users (SVC/b, SVC/c, SVC/d, SVC/e)",
        code: "MISSING_DRIVER",
        driver: "users",
        neededBy: [
          { rule: "a-users", service: "SVC", pool: "a" },
          ...["b", "c", "d", "e"].map((pool) => ({ rule: "by-users", service: "SVC", pool })),
        ],
        period: "2024/25",
        partners: ["HDC", "SCDC"],
      },
    ]);
  });

  it("names each missing quantity exactly once, whatever the quantities given and the order of the lines", () => {
    const pools = ["a", "b"];
    const all = ["CCC", "HDC", "SCDC"];
    // Each key a driver, a quarter and a partner: the quantities a run of the year by quarterly users and devices needs.
    const keys = ["users", "devices"].flatMap((d) =>
      ["Q1", "Q2", "Q3", "Q4"].flatMap((q) => all.map((p) => `${d} 2024/25-${q} ${p}`)),
    );
    fc.assert(
      fc.property(fc.subarray(keys), fc.array(fc.integer()), (given, order) => {
        const scenario = loadScenario(
          {
            ...oneServiceDocument({
              rules: [
                {
                  id: "blend",
                  service: "SVC",
                  effectiveFrom: "2024-04-01",
                  basis: {
                    kind: "blended",
                    period: "quarter",
                    components: [
                      { driver: "users", weight: "1" },
                      { driver: "devices", weight: "1" },
                    ],
                  },
                },
              ],
              costLines: shuffle(
                pools.flatMap((p) =>
                  ["2024-05-31", "2024-08-31", "2024-11-30", "2025-02-28"].map((d) => line(`${p}${d}`, d, "10.00", p)),
                ),
                order,
              ),
              drivers: given.map((k) => {
                const [driver, period, partner] = k.split(" ") as [string, string, string];
                return { driver, period, partner, quantity: "1" };
              }),
            }),
            services: [{ id: "SVC", name: "S", lead: "HDC", pools: pools.map((id) => ({ id, name: id })) }],
          },
          { driverQuantities: "when-run" },
        );
        const missing = keys.filter((k) => !given.includes(k));
        if (missing.length === 0) return void runAllocation(scenario, "2024/25");
        const issues = errorOf(() => runAllocation(scenario, "2024/25")).issues.filter(isMissingDriverIssue);
        const named = issues.flatMap((i) => (i.partners ?? []).map((p) => `${i.driver} ${i.period} ${p}`));
        expect([...named].sort()).toEqual([...missing].sort());
        // One issue per driver and period, needed by the rule in both pools.
        expect(new Set(issues.map((i) => `${i.driver} ${i.period}`)).size).toBe(issues.length);
        for (const i of issues) expect(i.neededBy?.map((n) => n.pool)).toEqual(pools);
      }),
      { numRuns: 60 },
    );
  });

  it.each<[string, BasisDocument]>([
    [
      "a blend",
      {
        kind: "blended",
        components: [
          { driver: "users", weight: "0.5" },
          { driver: "devices", weight: "0.5" },
        ],
      },
    ],
    [
      "a rate and its fallback",
      {
        kind: "rate",
        driver: "users",
        rate: "60",
        rounding: "half-up",
        fallback: { kind: "driver", driver: "devices" },
      },
    ],
    [
      "a composite's parts",
      {
        kind: "composite",
        unit: "percent",
        components: [
          { label: "a", weight: "50", basis: { kind: "driver", driver: "users" } },
          { label: "b", weight: "50", basis: { kind: "driver", driver: "devices" } },
        ],
      },
    ],
  ])("names every driver %s needs and lacks, not only the first", (_, basis) => {
    const scenario = loadScenario(
      oneServiceDocument({
        rules: [{ id: "r", service: "SVC", pool: "pool", effectiveFrom: "2024-04-01", basis }],
        costLines: [line("L1", "2024-05-31", "100.00")],
      }),
      { driverQuantities: "when-run" },
    );
    const error = errorOf(() => runAllocation(scenario, "2024/25"));
    expect(error.code).toBe("MISSING_DRIVER");
    expect(
      error.issues
        .filter(isMissingDriverIssue)
        .map((i) => [i.driver, i.neededBy?.map((n) => n.rule), i.period, i.partners]),
    ).toEqual([
      ["devices", ["r"], "2024/25", ["CCC", "HDC", "SCDC"]],
      ["users", ["r"], "2024/25", ["CCC", "HDC", "SCDC"]],
    ]);
  });

  it("reports a line with no rule in force", () => {
    const doc = oneServiceDocument({
      rules: [{ id: "late", service: "SVC", effectiveFrom: "2024-07-01", basis: { kind: "equal" } }],
      costLines: [line("EARLY", "2024-05-01", "1.00")],
    });
    expect(codeOf(() => run(doc))).toBe("NO_RULE_IN_FORCE");
    expect(() => run(doc)).toThrow(
      /Cost line EARLY \(SVC pool pool, dated 2024-05-01\) has no rule in force: the first rule .* takes effect on 2024-07-01/,
    );
  });

  it("refuses to charge yearly agreed hours on a quarter's run", () => {
    const doc = oneServiceDocument({
      rules: [
        {
          id: "sla",
          service: "SVC",
          pool: "pool",
          effectiveFrom: "2024-04-01",
          basis: { kind: "rate", driver: "h", rate: "1", rounding: "half-up", fallback: { kind: "equal" } },
        },
      ],
      costLines: [line("L1", "2024-10-05", "1.00")],
      drivers: yearly("h", { CCC: "1", HDC: "1", SCDC: "1" }),
    });
    expect(codeOf(() => run(doc, "2024/25-Q3"))).toBe("INVALID_RULE");
    expect(run(doc).certificate.balanced).toBe(true);
  });

  it("refuses rate rules that would levy the agreed charges more than once", () => {
    const rate = (fallback: object) =>
      ({ kind: "rate", driver: "h", rate: "100", rounding: "half-up", fallback }) as const;
    const base = oneServiceDocument({
      costLines: [line("L1", "2024-04-30", "1000.00"), line("L2", "2024-05-31", "1000.00")],
      drivers: [
        ...yearly("h", { CCC: "10", HDC: "30", SCDC: "0" }),
        ...yearly("u", { CCC: "1", HDC: "1", SCDC: "1" }, "2024/25-P1"),
      ],
    });
    // A service-wide rate rule would charge once per pool; a monthly fallback once per month.
    const serviceWide = {
      ...base,
      rules: [{ id: "sla", service: "SVC", effectiveFrom: "2024-04-01", basis: rate({ kind: "equal" }) }],
    };
    expect(() => loadScenario(serviceWide)).toThrow(
      /rules\[0\]\.basis: charges agreed quantities at a rate, so it must name its pool/,
    );
    const monthly = {
      ...base,
      rules: [
        {
          id: "sla",
          service: "SVC",
          pool: "pool",
          effectiveFrom: "2024-04-01",
          basis: rate({ kind: "driver", driver: "u", period: "month" }),
        },
      ],
    };
    expect(() => loadScenario(monthly)).toThrow(
      /charges yearly agreed quantities but another part of it reads monthly quantities/,
    );
    // Built by hand (no validation), the engine refuses too.
    const valid = loadScenario({
      ...serviceWide,
      rules: [{ ...serviceWide.rules[0], pool: "pool" }],
    } as ScenarioDocument);
    const handBuilt = { ...valid, rules: valid.rules.map(({ pool: _pool, ...r }) => r) };
    expect(codeOf(() => allocate(handBuilt, "2024/25"))).toBe("INVALID_RULE");
  });

  it("reports driver totals of zero and duplicate line ids", () => {
    const zero = oneServiceDocument({
      rules: [{ id: "u", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } }],
      costLines: [line("L1", "2024-10-05", "1.00")],
      drivers: yearly("users", { CCC: "0", HDC: "0", SCDC: "0" }),
    });
    expect(codeOf(() => run(zero))).toBe("ZERO_TOTAL_WEIGHT");
    const blend = {
      ...zero,
      rules: [
        {
          id: "b",
          service: "SVC",
          effectiveFrom: "2024-04-01",
          basis: {
            kind: "blended",
            components: [
              { driver: "users", weight: "0.5" },
              { driver: "devices", weight: "0.5" },
            ],
          },
        },
      ],
      drivers: [...(zero.drivers ?? []), ...yearly("devices", { CCC: "1", HDC: "2", SCDC: "3" })],
    } as ScenarioDocument;
    expect(() => run(blend)).toThrow(/driver "users" totals zero across CCC, HDC, SCDC in 2024\/25/);
    const scenario = loadScenario(oneServiceDocument({ costLines: [line("L1", "2024-10-05", "1.00")] }));
    const dup = { ...scenario, costLines: [...scenario.costLines, ...scenario.costLines] };
    expect(codeOf(() => allocate(dup, "2024/25"))).toBe("INVALID_SCENARIO");
  });
});

describe("runAllocation: a two-stage rest that names the first partner", () => {
  // Built in code, past parseScenario (which refuses it at rules[0].basis.rest.among[0]).
  const scenario = loadScenario(oneServiceDocument({ costLines: [line("L1", "2024-05-31", "100000.00")] }));
  const withRest = (rest: Basis) =>
    ({
      ...scenario,
      rules: [
        {
          ...(scenario.rules[0] as RuleVersion),
          basis: { kind: "two-stage", first: { partner: "CCC" as PartnerId, percent: "45.76" }, rest },
        },
      ],
    }) satisfies Scenario;

  it("refuses it rather than charge that partner a share of the rest on top of its percentage", () => {
    // Before: CCC paid £45,760 and a third of the £54,240 rest (£18,080), £63,840 in all.
    const doubled = withRest({ kind: "equal", among: ["CCC", "HDC", "SCDC"] as PartnerId[] });
    expect(codeOf(() => allocate(doubled, "2024/25"))).toBe("INVALID_RULE");
    expect(() => allocate(doubled, "2024/25")).toThrow(
      "rule equal (SVC/pool): basis.rest.among[0]: CCC already takes the first 45.76% (first.partner); the rest is shared across the other partners, so it cannot include CCC",
    );
  });

  it("refuses a fixed rest that gives the first partner a share, the same second charge", () => {
    const fixed = withRest({ kind: "fixed", unit: "percent", shares: { CCC: "20", HDC: "40", SCDC: "40" } });
    expect(() => allocate(fixed, "2024/25")).toThrow(/basis\.rest\.shares\.CCC: CCC already takes the first 45\.76%/);
  });
});

describe("runAllocation: amounts near 2^53 minor units", () => {
  // Three pools of one service, each all to one council: £90,071,992,547,409.91 (2^53 − 1 pence)
  // to CCC, 2p to HDC, and 2p of income to SCDC.
  const huge = (big: string) =>
    oneServiceDocument({
      rules: (["CCC", "HDC", "SCDC"] as const).map((partner, i) => ({
        id: `to-${partner}`,
        service: "SVC",
        pool: `p${i}`,
        effectiveFrom: "2024-04-01",
        basis: { kind: "direct" as const, partner },
      })),
      costLines: [line("L1", "2024-05-31", big, "p0"), line("L2", "2024-05-31", "0.02", "p1")],
      income: [line("I1", "2024-05-31", "0.02", "p2")],
    });
  const withPools = (doc: ScenarioDocument): ScenarioDocument => ({
    ...doc,
    services: doc.services.map((s) => ({ ...s, pools: ["p0", "p1", "p2"].map((id) => ({ id, name: id })) })),
  });

  it("refuses a run whose sums could round, where the service's total came out a penny short", () => {
    // Before: SVC's total and the certificate's money in and out were all 2^53 − 2, balanced.
    const doc = withPools(huge("90071992547409.91"));
    expect(codeOf(() => run(doc))).toBe("AMOUNT_OVERFLOW");
    expect(() => run(doc)).toThrow(/taken without their signs, total more than 9007199254740991 minor units/);
    // Within the range every total is exact.
    const r = run(withPools(huge("90071992547409.87")));
    expect(r.byService.map((s) => s.total.minor)).toEqual([Number.MAX_SAFE_INTEGER - 4]);
  });
});

describe("runAllocation: properties", () => {
  const runs = { numRuns: 1000 };

  it("conserves money for every basis and whole runs, pool by pool and line by line", () => {
    fc.assert(
      fc.property(scenarioArb({ support: true }), (doc) => {
        const r = run(doc);
        expect(r.certificate.balanced).toBe(true);
        const linesIn = (doc.costLines ?? []).reduce((s, l) => s + pence(l.amount), 0);
        const incomeIn = (doc.income ?? []).reduce((s, l) => s + pence(l.amount), 0);
        const out = r.byPartner.reduce((s, p) => s + p.total.minor, 0) + r.certificate.unallocated.minor;
        expect(out).toBe(linesIn - incomeIn);
        for (const a of r.allocations) {
          const ls = lineShares(a, r.partners);
          ls.amounts.forEach((amount, j) => {
            expect(ls.shares.reduce((s, col) => s + (col[j] as number), 0)).toBe(amount);
          });
          ls.recipients.forEach((rec, k) => {
            const column = (ls.shares[k] as number[]).reduce((s, x) => s + x, 0);
            const expected =
              rec === "~unallocated"
                ? a.unallocated.minor
                : (a.shares.find((s) => s.partner === rec)?.amount.minor ?? 0);
            expect(column).toBe(expected);
          });
        }
      }),
      runs,
    );
  });

  it("needs no quantities for a rule no line falls under: an idle pool's rule by a driver given nowhere changes nothing", () => {
    fc.assert(
      fc.property(scenarioArb({ support: true }), (doc) => {
        const idle = {
          ...doc,
          services: doc.services.map((s) => ({ ...s, pools: [...(s.pools ?? []), { id: "idle", name: "Idle" }] })),
          rules: [
            ...doc.rules,
            ...doc.services.map((s) => ({
              id: `${s.id}-idle`,
              service: s.id,
              pool: "idle",
              effectiveFrom: "2024-04-01",
              basis: { kind: "driver" as const, driver: "given-nowhere" },
            })),
          ],
        };
        const { inputHash: _a, byService: _b, certificate: _c, ...without } = run(doc);
        const {
          inputHash: _d,
          byService: _e,
          certificate: _f,
          ...withIdle
        } = runAllocation(loadScenario(idle, { driverQuantities: "when-run" }), "2024/25");
        expect(withIdle).toEqual(without);
      }),
      { numRuns: 200 },
    );
  });

  it("gives identical results and hash however partners, services, rules, lines and drivers are ordered", () => {
    fc.assert(
      fc.property(
        scenarioArb({ support: true }),
        fc.array(fc.integer(), { minLength: 1, maxLength: 50 }),
        (doc, keys) => {
          const shuffled: ScenarioDocument = {
            ...doc,
            partners: shuffle(doc.partners, keys),
            services: shuffle(doc.services, keys).map((s) => ({ ...s, pools: shuffle(s.pools, keys) })),
            rules: shuffle(doc.rules, keys),
            costLines: shuffle(doc.costLines ?? [], keys),
            income: shuffle(doc.income ?? [], keys),
            drivers: shuffle(doc.drivers ?? [], keys),
          };
          expect(run(shuffled)).toEqual(run(doc));
        },
      ),
      runs,
    );
  });

  it("hashes deterministically and notices a one-penny change", () => {
    fc.assert(
      fc.property(
        scenarioArb().filter((d) => (d.costLines ?? []).length > 0),
        (doc) => {
          const a = run(doc).inputHash;
          expect(run(structuredClone(doc)).inputHash).toBe(a);
          expect(a).toMatch(/^[0-9a-f]{64}$/);
          const lines = [...(doc.costLines ?? [])];
          const first = lines[0] as (typeof lines)[number];
          lines[0] = { ...first, amount: toDecimalString(fromMinor(pence(first.amount) + 1, "GBP")) };
          expect(run({ ...doc, costLines: lines }).inputHash).not.toBe(a);
        },
      ),
      runs,
    );
  });

  it("mirrors credits: negating every line negates every share", () => {
    fc.assert(
      fc.property(scenarioArb({ linearOnly: true }), (doc) => {
        const negate = (amount: string) =>
          amount.startsWith("-") ? amount.slice(1) : amount === "0.00" ? amount : `-${amount}`;
        const flipped = { ...doc, costLines: (doc.costLines ?? []).map((l) => ({ ...l, amount: negate(l.amount) })) };
        const a = run({ ...doc, income: [] });
        const b = run({ ...flipped, income: [] });
        expect(Object.fromEntries(Object.entries(totals(b)).map(([k, v]) => [k, 0 - v]))).toEqual(totals(a));
      }),
      runs,
    );
  });

  it("is unchanged when every driver quantity is scaled by the same constant", () => {
    fc.assert(
      fc.property(scenarioArb({ linearOnly: true }), fc.integer({ min: 2, max: 1000 }), (doc, k) => {
        const scaled = {
          ...doc,
          drivers: (doc.drivers ?? []).map((d) => ({ ...d, quantity: String(BigInt(d.quantity) * BigInt(k)) })),
        };
        expect(totals(run(scaled))).toEqual(totals(run(doc)));
      }),
      runs,
    );
  });

  it("never gives a partner fewer pennies because its driver quantity grew", () => {
    fc.assert(
      fc.property(
        scenarioArb({ linearOnly: true }).filter(
          (d) => (d.costLines ?? []).every((l) => !l.amount.startsWith("-")) && (d.income ?? []).length === 0,
        ),
        fc.integer({ min: 1, max: 5000 }),
        (doc, extra) => {
          const partner = doc.partners[0]?.id as string;
          const grown = {
            ...doc,
            drivers: (doc.drivers ?? []).map((d) =>
              d.partner === partner && d.driver === "users"
                ? { ...d, quantity: String(BigInt(d.quantity) + BigInt(extra)) }
                : d,
            ),
          };
          expect(totals(run(grown))[partner] ?? 0).toBeGreaterThanOrEqual(totals(run(doc))[partner] ?? 0);
        },
      ),
      runs,
    );
  });

  it("round-trips through JSON without loss", () => {
    fc.assert(
      fc.property(scenarioArb({ support: true }), (doc) => {
        const r = run(doc);
        expect(JSON.parse(JSON.stringify(r))).toEqual(r);
      }),
      runs,
    );
  });
});
