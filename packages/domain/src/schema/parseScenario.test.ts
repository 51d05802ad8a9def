import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { demoScenarioDocument } from "../demo/index.js";
import { isDomainError } from "../errors/index.js";
import { oneServiceDocument, yearly } from "../testing/scenarios.js";
import { ENGINE_VERSION } from "../version.js";
import { loadScenario, parseScenario } from "./parseScenario.js";

const issuesOf = (doc: unknown) => {
  const result = parseScenario(doc);
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
};

describe("parseScenario", () => {
  it("builds the typed scenario with defaults filled in", () => {
    const result = parseScenario(
      oneServiceDocument({
        costLines: [{ id: "L1", service: "SVC", pool: "pool", date: "2024-04-30", amount: "12.30" }],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.costLines[0]?.amount).toEqual({ currency: "GBP", minor: 1230 });
    expect(result.value.services[0]?.participants).toEqual(["CCC", "HDC", "SCDC"]);
    expect(result.value.rules[0]?.remainder).toBe("largest-remainder");
  });

  it("reports every problem at once, in document order, each with its path", () => {
    const doc = oneServiceDocument({
      rules: [
        {
          id: "r1",
          service: "SVC",
          effectiveFrom: "2024-04-01",
          basis: { kind: "fixed", unit: "percent", shares: { CCC: "30", HDC: "60" } },
        },
        {
          id: "r2",
          service: "SVC",
          pool: "nope",
          effectiveFrom: "2024-04-01",
          basis: { kind: "driver", driver: "users" },
        },
      ],
      costLines: [
        { id: "L1", service: "SVC", pool: "pool", date: "2024-04-31", amount: "12.3x" },
        { id: "L1", service: "XYZ", pool: "pool", date: "2024-04-30", amount: "1.234" },
        { id: "L3", service: "SVC", pool: "pool", date: "2024-04-30", amount: 12.3 as unknown as string },
      ],
      drivers: [{ driver: "users", partner: "NOPE", period: "2024/26", quantity: "-1" }],
      // (the rule's driver "users" has quantities, if bad ones: only the quantities are reported)
    });
    expect(issuesOf(doc)).toEqual([
      'costLines[0].amount: "12.3x" is not a decimal amount: expected digits with an optional sign and decimal point, such as 1234.56',
      'costLines[0].date: "2024-04-31" is not a calendar date; expected YYYY-MM-DD',
      'costLines[1].amount: "1.234" has more decimal places than GBP allows (2)',
      'costLines[1].id: duplicate cost line id "L1" (first at costLines[0])',
      'costLines[1].service: unknown service "XYZ"',
      'costLines[2].amount: expected a decimal amount as a string such as "1234.56", got number',
      'drivers[0].partner: unknown partner "NOPE"',
      'drivers[0].period: "2024/26" is not a financial period; expected 2024/25, 2024/25-Q3 or 2024/25-P7',
      'drivers[0].quantity: "-1" is negative; expected zero or more',
      "rules[0].basis.shares: percentages total 90, not exactly 100",
      'rules[1].pool: service SVC has no pool "nope"',
    ]);
  });

  it("lists amounts with more decimal places than the currency has beside every other problem, instead of throwing", () => {
    const doc = {
      ...oneServiceDocument(),
      budgets: [{ service: "SVC", pool: "pool", year: "2024/25", amount: "100.001" }],
      savings: {
        rounding: "half-even",
        attribution: "actual",
        baselines: [
          { partner: "CCC", service: "SVC", baseYear: "2023/24", amount: "1000.00" },
          { partner: "NOPE", service: "SVC", baseYear: "2023/24", amount: "2000.5" },
        ],
        contributions: [{ partner: "CCC", service: "SVC", year: "2024/25", amount: "12.345" }],
      },
    };
    expect(issuesOf(doc)).toEqual([
      'budgets[0].amount: "100.001" has more decimal places than GBP allows (2)',
      'savings.baselines[1].partner: unknown partner "NOPE"',
      'savings.contributions[0].amount: "12.345" has more decimal places than GBP allows (2)',
    ]);
  });

  it("lists an outage-cost rate with more decimal places than its currency has", () => {
    const doc = {
      ...oneServiceDocument(),
      calendars: [{ id: "always", kind: "24x7", services: ["SVC"] }],
      outageCost: {
        calendar: "always",
        currency: "GBP",
        rate: { kind: "hourly", perHour: "30.125" },
        productivityImpact: "0.5",
        planned: "exclude",
        rounding: "half-even",
      },
    };
    expect(issuesOf(doc)).toEqual(['outageCost.rate.perHour: "30.125" has more decimal places than GBP allows (2)']);
  });

  it("checks leads, participants, rule dates and support arrangements", () => {
    const doc = {
      ...oneServiceDocument({
        rules: [
          { id: "a", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "direct", partner: "CCC" } },
          { id: "b", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "equal", among: ["HDC", "SCDC"] } },
        ],
      }),
      services: [
        { id: "SVC", name: "S", lead: "HDC", participants: ["HDC", "SCDC"], pools: [{ id: "pool", name: "P" }] },
      ],
      support: { method: "step-down", consumption: [{ from: "SVC", to: "SVC", share: "1.5" }] },
    };
    expect(issuesOf(doc)).toEqual([
      'rules[0].basis.partner: partner "CCC" does not take part in this service',
      "rules[1].effectiveFrom: rules[0] already takes effect on this date for the same service and pool",
      "support.consumption[0].share: shares of SVC's output consumed by other services exceed 1",
      "support.consumption[0].to: a service cannot consume its own output",
      "support.order: step-down needs the order in which services are closed",
    ]);
  });

  it("reports input that would otherwise fail at run time or be taken the wrong way", () => {
    const doc = {
      ...oneServiceDocument({
        rules: [
          {
            id: "r",
            service: "SVC",
            pool: "pool",
            effectiveFrom: "2024-04-01",
            basis: { kind: "equal", among: ["CCC", "CCC"] },
          },
        ],
        costLines: [
          { id: "L1", service: "SVC", pool: "other", date: "2024-05-01", amount: "1.00" },
          { id: "L2", service: "SVC", pool: "other", date: "2024-05-02", amount: "1.00" },
        ],
        income: [{ id: "I1", service: "SVC", date: "2024-05-01", amount: "-5.00" }],
      }),
      services: [
        {
          id: "SVC",
          name: "S",
          lead: "HDC",
          pools: [
            { id: "pool", name: "P" },
            { id: "other", name: "O" },
          ],
        },
      ],
      fx: { rounding: "half-even", rates: [], budgetRates: [{ currency: "USD", year: "2024/25-Q1", rate: "1.3" }] },
    };
    expect(issuesOf(doc)).toEqual([
      "costLines[0].pool: this line must be shared, but service SVC has no rule for it (none for pool other) and no service-wide rule",
      'fx.budgetRates[0].year: "2024/25-Q1" is not a financial year; expected e.g. 2024/25',
      "income[0]: this income must be shared, but service SVC has no rule for it and no service-wide rule",
      "income[0].amount: income is money received: give it as a positive amount (a refund of income is a cost line)",
      'rules[0].basis.among[1]: partner "CCC" is listed twice',
    ]);
  });

  it("rejects unknown fields and basis kinds rather than ignoring them", () => {
    const doc = {
      ...oneServiceDocument(),
      extra: 1,
      rules: [{ id: "r", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "magic" } }],
    };
    const issues = issuesOf(doc);
    expect(issues.some((i) => i.startsWith("rules[0].basis"))).toBe(true);
    expect(issues.some((i) => i.includes("extra"))).toBe(true);
  });

  it("throws one DomainError listing every issue from loadScenario", () => {
    try {
      loadScenario({ schemaVersion: 1 });
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error, "INVALID_SCENARIO")).toBe(true);
      expect((error as Error).message).toMatch(/^The scenario has \d+ problems:\n {2}partners: /);
      expect(isDomainError(error) && error.issues.length).toBeGreaterThan(2);
    }
  });

  it("accepts the demo partnership", () => {
    expect(issuesOf(demoScenarioDocument)).toEqual([]);
  });
});

describe("parseScenario: a rule's driver with no quantities", () => {
  const doc = oneServiceDocument({
    rules: [
      { id: "by-users", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } },
      {
        id: "blend",
        service: "SVC",
        pool: "pool",
        effectiveFrom: "2024-10-01",
        basis: {
          kind: "blended",
          components: [
            { driver: "users", weight: "1" },
            { driver: "devices", weight: "1" },
          ],
        },
      },
    ],
    drivers: yearly("users", { CCC: "1", HDC: "1", SCDC: "1" }, "2023/24"),
  });

  it("is an issue with the stable code MISSING_DRIVER, naming the driver and the rule that needs it, with its service and pool", () => {
    const result = parseScenario({ ...doc, drivers: [] });
    expect(result.ok ? [] : result.issues).toEqual([
      {
        path: "rules[0].basis.driver",
        message: 'no quantities are given for driver "users"',
        code: "MISSING_DRIVER",
        driver: "users",
        neededBy: [{ rule: "by-users", service: "SVC" }],
      },
      ...["users", "devices"].map((driver, i) => ({
        path: `rules[1].basis.components[${i}].driver`,
        message: `no quantities are given for driver ${JSON.stringify(driver)}`,
        code: "MISSING_DRIVER",
        driver,
        neededBy: [{ rule: "blend", service: "SVC", pool: "pool" }],
      })),
    ]);
    // Quantities of any period count: only devices, given nowhere, is refused.
    expect(parseScenario(doc)).toMatchObject({ ok: false, issues: [{ code: "MISSING_DRIVER", driver: "devices" }] });
    const thrown = (() => {
      try {
        return loadScenario(doc);
      } catch (error) {
        return error;
      }
    })();
    expect(isDomainError(thrown, "INVALID_SCENARIO") && thrown.issues.map((i) => i.code)).toEqual(["MISSING_DRIVER"]);
  });

  it("is left to the run with driverQuantities: when-run (a document holding only some periods' figures)", () => {
    const result = parseScenario({ ...doc, drivers: [] }, { driverQuantities: "when-run" });
    expect(result.ok).toBe(true);
    expect(loadScenario(doc, { driverQuantities: "when-run" }).rules.map((r) => r.id)).toEqual(["by-users", "blend"]);
  });

  it("carries its code beside the document's other problems, which have none", () => {
    const result = parseScenario({ ...doc, partners: [...doc.partners, { id: "CCC", name: "again" }] });
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ["partners[3].id", undefined],
      ["rules[1].basis.components[1].driver", "MISSING_DRIVER"],
    ]);
  });
});

describe("parseScenario: a two-stage rest may not name the first partner", () => {
  const twoStage = (rest: unknown, first = "CCC") => ({
    kind: "two-stage",
    first: { partner: first, percent: "45.76" },
    rest,
  });
  const issuesFor = (basis: unknown) =>
    issuesOf({
      ...oneServiceDocument({
        rules: [{ id: "r", service: "SVC", pool: "pool", effectiveFrom: "2024-04-01", basis } as never],
        drivers: yearly("users", { CCC: "1", HDC: "1", SCDC: "1" }),
      }),
    });
  const twice = (path: string, partner = "CCC", percent = "45.76", first = "first.partner") =>
    `rules[0].basis.${path}: ${partner} already takes the first ${percent}% (${first}); the rest is shared across the other partners, so it cannot include ${partner}`;

  it.each([
    ["an equal rest's among", { kind: "equal", among: ["HDC", "CCC"] }, "rest.among[1]"],
    ["a driver rest's among", { kind: "driver", driver: "users", among: ["CCC", "SCDC"] }, "rest.among[0]"],
    [
      "a blended rest's among",
      {
        kind: "blended",
        components: [
          { driver: "users", weight: "1" },
          { driver: "users", weight: "1" },
        ],
        among: ["CCC", "HDC"],
      },
      "rest.among[0]",
    ],
    ["a fixed rest's shares", { kind: "fixed", unit: "ratio", shares: { CCC: "1", HDC: "1" } }, "rest.shares.CCC"],
    ["a direct rest's partner", { kind: "direct", partner: "CCC" }, "rest.partner"],
    [
      "a rate rest's among and its fallback",
      {
        kind: "rate",
        driver: "users",
        rate: "1",
        rounding: "half-up",
        among: ["CCC"],
        fallback: { kind: "direct", partner: "CCC" },
      },
      ["rest.among[0]", "rest.fallback.partner"],
    ],
    [
      "a composite rest's component",
      {
        kind: "composite",
        unit: "percent",
        components: [
          { label: "a", weight: "50", basis: { kind: "equal" } },
          { label: "b", weight: "50", basis: { kind: "equal", among: ["SCDC", "CCC"] } },
        ],
      },
      "rest.components[1].basis.among[1]",
    ],
  ])("refuses the first partner in %s, at its path", (_, rest, paths) => {
    expect(issuesFor(twoStage(rest))).toEqual([paths].flat().map((p) => twice(p)));
  });

  it("refuses a nested two-stage that names an outer first partner, and nothing outside a rest", () => {
    const nested = twoStage({
      kind: "two-stage",
      first: { partner: "HDC", percent: "10" },
      rest: { kind: "equal", among: ["CCC", "HDC", "SCDC"] },
    });
    expect(issuesFor(nested)).toEqual([
      twice("rest.rest.among[0]"),
      twice("rest.rest.among[1]", "HDC", "10", "rest.first.partner"),
    ]);
    expect(issuesFor(twoStage(twoStage({ kind: "equal" }, "CCC")))).toEqual([twice("rest.first.partner")]);
    // Only a two-stage's rest is held to it: the others, and the same lists elsewhere, are fine.
    expect(issuesFor(twoStage({ kind: "equal", among: ["HDC", "SCDC"] }))).toEqual([]);
    expect(issuesFor({ kind: "equal", among: ["CCC", "HDC"] })).toEqual([]);
    expect(
      issuesFor({
        kind: "composite",
        unit: "percent",
        components: [
          { label: "a", weight: "50", basis: twoStage({ kind: "equal" }) },
          { label: "b", weight: "50", basis: { kind: "direct", partner: "CCC" } },
        ],
      }),
    ).toEqual([]);
  });
});

describe("engine version", () => {
  it("equals the package version, so every release changes run hashes", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(ENGINE_VERSION).toBe(pkg.version);
  });
});

describe("parseScenario: hand-overs", () => {
  const withHandovers = (handovers: unknown, participants?: string[]) => {
    const doc = oneServiceDocument();
    const [service] = doc.services;
    return { ...doc, services: [{ ...service, ...(participants === undefined ? {} : { participants }), handovers }] };
  };

  it("keeps a service's hand-overs, oldest first", () => {
    const result = parseScenario(
      withHandovers([
        { effectiveFrom: "2024-10-01", lead: "CCC" },
        { effectiveFrom: "2025-01-01", lead: "HDC" },
      ]),
    );
    expect(result.ok && result.value.services[0]?.handovers).toEqual([
      { effectiveFrom: "2024-10-01", lead: "CCC" },
      { effectiveFrom: "2025-01-01", lead: "HDC" },
    ]);
  });

  it("leaves out an empty list, so the service reads as one that never changed lead", () => {
    const result = parseScenario(withHandovers([]));
    expect(result.ok && "handovers" in (result.value.services[0] ?? {})).toBe(false);
  });

  it("names each bad hand-over by its path: mid-month, out of order, unknown, not taking part, the same lead", () => {
    expect(
      issuesOf(
        withHandovers(
          [
            { effectiveFrom: "2024-10-15", lead: "HDC" },
            { effectiveFrom: "2024-09-01", lead: "XYZ" },
            { effectiveFrom: "2025-01-01", lead: "SCDC" },
          ],
          ["CCC", "HDC"],
        ),
      ),
    ).toEqual([
      "services[0].handovers[0].effectiveFrom: 2024-10-15 is not the first day of a month",
      "services[0].handovers[0].lead: HDC already leads the service before 2024-10-15",
      "services[0].handovers[1].effectiveFrom: 2024-09-01 is not later than 2024-10-15",
      'services[0].handovers[1].lead: unknown partner "XYZ"',
      "services[0].handovers[2].lead: SCDC does not take part in the service",
    ]);
  });
});
