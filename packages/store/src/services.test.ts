import { annualReport, kpiScorecard, loadScenario } from "@3c/domain";
import { describe, expect, it } from "vitest";
import type { Store } from "./Store.js";
import type { ServiceInput } from "./structure.js";
import { actorFor, refusalOf, SMALL, storeErrorOf, tickingClock, useTestStore } from "./testing/index.js";

const store = useTestStore({ now: tickingClock() });
const admin = actorFor("A", "admin");
const financeA = actorFor("A", "finance");
const approverB = actorFor("B", "approver");

const HR: ServiceInput = { id: "HR", name: "HR", lead: "A", pools: [{ id: "payroll", name: "Payroll" }] };
const line = (id: string, service: string, pool: string, date: string, amount: string) => ({
  id,
  service,
  pool,
  date,
  amount,
});

/** What a refused write must leave as it was: the services and the audit chain. */
async function snapshot() {
  return { services: await store.listServices(SMALL.id), audit: (await store.verifyAudit(SMALL.id)).records };
}

/** Agrees an equal-shares service-wide rule of a service from a date. */
async function agreeEqual(service: string, effectiveFrom: string) {
  const id = `${service.toLowerCase()}-equal`;
  await store.proposeRule(SMALL.id, { id, service, effectiveFrom, basis: { kind: "equal" } }, financeA);
  for (const p of ["A", "B"]) await store.consentRule(SMALL.id, id, actorFor(p, "approver"));
}

describe("a service's start", () => {
  it("leaves an approved run of a closed period reproducing: by default the service starts after the closed period", async () => {
    await store.openPeriod(SMALL.id, "2024/25-Q1", admin);
    await store.openPeriod(SMALL.id, "2024/25-Q2", admin);
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "ICT", "staff", "2024-05-31", "10.00")], financeA);
    const run = await store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-15" }, financeA);
    await store.approveRun(SMALL.id, run.id, undefined, approverB);
    // Posted: a period does not close over an approved run waiting to be posted.
    await store.postRun(SMALL.id, run.id, undefined, approverB);
    await store.closePeriod(SMALL.id, "2024/25-Q1", undefined, approverB);
    const hr = await store.createService(SMALL.id, HR, admin);
    expect([hr.effectiveFrom, hr.pools]).toEqual([
      "2024-07-01",
      [{ id: "payroll", name: "Payroll", effectiveFrom: "2024-07-01" }],
    ]);
    expect(await store.checkRun(SMALL.id, run.id)).toMatchObject({ reproduced: true, differences: [] });
    // From its start the service's runs work as any other's.
    await agreeEqual("HR", "2024-07-01");
    await store.importRecords(SMALL.id, "cost-lines", [line("H1", "HR", "payroll", "2024-08-31", "3.01")], financeA);
    const next = await store.createRun(SMALL.id, { period: "2024/25-Q2", issueDate: "2024-10-15" }, financeA);
    const result = await store.getRunResult(SMALL.id, next.id);
    expect(
      result?.allocation.byService.map((s) => [
        s.service,
        s.pools.map((p) => [p.pool, p.shares.map((x) => [x.partner, x.amount.minor])]),
      ]),
    ).toEqual([
      [
        "HR",
        [
          [
            "payroll",
            [
              ["A", 151],
              ["B", 150],
            ],
          ],
        ],
      ],
      ["ICT", []],
    ]);
  });

  it("from a later month lets a draft of an earlier period approve, and its approved run reproduce", async () => {
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "ICT", "staff", "2024-05-31", "10.00")], financeA);
    const draft = await store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-15" }, financeA);
    await store.createService(SMALL.id, { ...HR, effectiveFrom: "2024-07-01" }, admin);
    expect((await store.approveRun(SMALL.id, draft.id, undefined, approverB)).status).toBe("approved");
    expect(await store.checkRun(SMALL.id, draft.id)).toMatchObject({ reproduced: true, differences: [] });
    expect((await store.scenarioDocument(SMALL.id, "2024/25-Q1")).services.map((s) => s.id)).toEqual(["ICT"]);
    expect((await store.scenarioDocument(SMALL.id, "2024/25-Q2")).services.map((s) => s.id)).toEqual(["HR", "ICT"]);
  });

  it("is from the beginning while no period is recorded, and by default the first day of the earliest open period", async () => {
    const first = await store.createService(SMALL.id, HR, admin);
    expect([first.effectiveFrom, first.pools[0]?.effectiveFrom]).toEqual([undefined, undefined]);
    await store.openPeriod(SMALL.id, "2024/25-Q3", admin);
    await store.openPeriod(SMALL.id, "2024/25-Q2", admin);
    expect((await store.createService(SMALL.id, { ...HR, id: "LEGAL" }, admin)).effectiveFrom).toBe("2024-07-01");
  });

  it("refuses a date that is not a month's first day, or one a closed period ends after, changing nothing", async () => {
    await store.openPeriod(SMALL.id, "2024/25-Q1", admin);
    await store.closePeriod(SMALL.id, "2024/25-Q1", undefined, approverB);
    const before = await snapshot();
    const mid = await storeErrorOf(store.createService(SMALL.id, { ...HR, effectiveFrom: "2024-07-15" }, admin));
    expect([mid.code, mid.issues?.map((i) => i.field)]).toEqual(["INVALID_INPUT", ["effectiveFrom"]]);
    const closed = await storeErrorOf(store.createService(SMALL.id, { ...HR, effectiveFrom: "2024-05-01" }, admin));
    expect([closed.code, closed.issues]).toEqual([
      "PERIOD_CLOSED",
      [{ field: "effectiveFrom", message: "must be on or after 2024-07-01, the day after closed period 2024/25-Q1" }],
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("holds a pool added later and a hand-over to dates from the service's start", async () => {
    await store.createService(SMALL.id, { ...HR, effectiveFrom: "2025-04-01" }, admin);
    expect(
      await refusalOf(
        store.addPool(SMALL.id, "HR", { id: "agency", name: "Agency", effectiveFrom: "2025-01-01" }, undefined, admin),
      ),
    ).toEqual([
      "INVALID_INPUT",
      [
        {
          field: "effectiveFrom",
          message: "service HR takes part from 2025-04-01: a pool of it takes part on or after 2025-04-01",
        },
      ],
    ]);
    // With no period recorded a pool would be from the beginning; a pool of HR starts with HR.
    const pooled = await store.addPool(SMALL.id, "HR", { id: "agency", name: "Agency" }, undefined, admin);
    expect(pooled.pools.at(-1)).toEqual({ id: "agency", name: "Agency", effectiveFrom: "2025-04-01" });
    expect(
      await refusalOf(
        store.updateService(SMALL.id, "HR", { lead: "B", effectiveFrom: "2025-03-01" }, undefined, admin),
      ),
    ).toEqual([
      "INVALID_INPUT",
      [
        {
          field: "effectiveFrom",
          message: "service HR takes part from 2025-04-01: a hand-over of it takes effect on or after 2025-04-01",
        },
      ],
    ]);
    const later = await store.updateService(
      SMALL.id,
      "HR",
      { lead: "B", effectiveFrom: "2025-05-01" },
      undefined,
      admin,
    );
    expect(later.handovers.map((h) => h.effectiveFrom)).toEqual(["2025-05-01"]);
  });

  it("refuses lines, income, rules and section items of the service dated before it, by row and field", async () => {
    await store.createService(SMALL.id, { ...HR, effectiveFrom: "2025-04-01" }, admin);
    expect(
      await refusalOf(
        store.importRecords(
          SMALL.id,
          "cost-lines",
          [line("L1", "HR", "payroll", "2025-04-01", "1.00"), line("L2", "HR", "payroll", "2025-03-31", "1.00")],
          financeA,
        ),
      ),
    ).toEqual([
      "INVALID_INPUT",
      [
        {
          index: 1,
          field: "date",
          message:
            "pool payroll of service HR takes part from 2025-04-01: a line of it is dated on or after 2025-04-01",
        },
      ],
    ]);
    const income = await storeErrorOf(
      store.importRecords(
        SMALL.id,
        "income",
        [{ id: "I1", service: "HR", date: "2025-03-01", amount: "5.00" }],
        financeA,
      ),
    );
    expect([income.code, income.issues?.map((i) => [i.index, i.field, i.message])]).toEqual([
      "INVALID_INPUT",
      [[0, "date", "service HR takes part from 2025-04-01: a line of it is dated on or after 2025-04-01"]],
    ]);
    const rule = await storeErrorOf(
      store.proposeRule(
        SMALL.id,
        { id: "hr-equal", service: "HR", effectiveFrom: "2024-04-01", basis: { kind: "equal" } },
        financeA,
      ),
    );
    expect([rule.code, rule.issues]).toEqual([
      "INVALID_INPUT",
      [
        {
          field: "effectiveFrom",
          message: "service HR takes part from 2025-04-01: a rule of it takes effect on or after 2025-04-01",
        },
      ],
    ]);
    const fields = async (section: Parameters<Store["putSection"]>[1], body: unknown) => {
      const error = await storeErrorOf(store.putSection(SMALL.id, section, body, admin));
      return [error.code, error.issues?.map((i) => i.field)];
    };
    expect(
      await fields("budgets", [
        { service: "HR", pool: "payroll", year: "2025/26", amount: "1.00" },
        { service: "HR", pool: "payroll", year: "2024/25", amount: "1.00" },
      ]),
    ).toEqual(["INVALID_INPUT", ["budgets[1].year"]]);
    await store.putSection(SMALL.id, "kpis", [kpi("HR-1", "HR"), kpi("ICT-1", "ICT")], admin);
    expect(
      await fields("measurements", [
        { kpi: "HR-1", period: "2025/26-Q1", numerator: "9", denominator: "10" },
        { kpi: "HR-1", period: "2024/25-Q4", numerator: "9", denominator: "10" },
        { kpi: "ICT-1", period: "2024/25-Q4", numerator: "9", denominator: "10" },
      ]),
    ).toEqual(["INVALID_INPUT", ["measurements[1].period"]]);
    await store.putSection(SMALL.id, "calendars", [{ id: "always", kind: "24x7", services: ["ICT", "HR"] }], admin);
    // 2025-03-31T23:30Z is 00:30 on 1 April in the UK (BST): the outage begins on the service's first day.
    expect(
      await fields("outages", [
        outage("o1", "2025-03-31T23:30:00Z", ["HR"]),
        outage("o2", "2025-03-31T22:30:00Z", ["ICT", "HR"]),
        outage("o3", "2024-06-01T10:00:00Z", ["ICT"]),
      ]),
    ).toEqual(["INVALID_INPUT", ["outages[1].start"]]);
    expect(
      await fields("savings", {
        ...SAVINGS,
        contributions: [
          { partner: "A", service: "HR", year: "2024/25", amount: "10.00" },
          { partner: "A", service: "HR", year: "2025/26", amount: "10.00" },
        ],
        oneOffs: [
          {
            id: "setup",
            kind: "cost",
            category: "set-up",
            service: "HR",
            year: "2024/25",
            amount: "5.00",
            split: { kind: "equal" },
          },
        ],
      }),
    ).toEqual(["INVALID_INPUT", ["savings.contributions[0].year", "savings.oneOffs[0].year"]]);
  });

  it("keeps the service's rules, budgets, KPIs, outages and savings out of earlier periods' runs and reports", async () => {
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "ICT", "staff", "2024-05-31", "10.00")], financeA);
    const run = await store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-15" }, financeA);
    await store.createService(SMALL.id, { ...HR, effectiveFrom: "2025-04-01" }, admin);
    await agreeEqual("HR", "2025-04-01");
    await store.putSection(
      SMALL.id,
      "budgets",
      [{ service: "HR", pool: "payroll", year: "2025/26", amount: "1.00" }],
      admin,
    );
    await store.putSection(SMALL.id, "kpis", [kpi("HR-1", "HR"), kpi("ICT-1", "ICT")], admin);
    await store.putSection(
      SMALL.id,
      "measurements",
      [
        { kpi: "HR-1", period: "2025/26-Q1", numerator: "9", denominator: "10" },
        { kpi: "ICT-1", period: "2024/25-Q1", numerator: "9", denominator: "10" },
      ],
      admin,
    );
    await store.putSection(SMALL.id, "calendars", [{ id: "always", kind: "24x7", services: ["ICT", "HR"] }], admin);
    await store.putSection(
      SMALL.id,
      "outages",
      [outage("o1", "2025-05-01T10:00:00Z", ["HR"]), outage("o2", "2025-05-01T10:00:00Z", ["ICT", "HR"])],
      admin,
    );
    await store.putSection(SMALL.id, "savings", SAVINGS_WITH_HR, admin);
    expect(await store.checkRun(SMALL.id, run.id)).toMatchObject({ reproduced: true });
    const earlier = await store.reportScenarioDocument(SMALL.id, "2024/25", (_s, inForce) => inForce);
    // The domain takes the earlier year's document as it is: nothing in it names the later service.
    expect(loadScenario(earlier).services.map((s) => s.id)).toEqual(["ICT"]);
    expect({
      services: earlier.services.map((s) => s.id),
      rules: earlier.rules.map((r) => r.id),
      budgets: earlier.budgets,
      kpis: earlier.kpis?.map((k) => k.code),
      measurements: earlier.measurements?.map((m) => m.kpi),
      calendars: earlier.calendars?.map((c) => c.services),
      outages: earlier.outages?.map((o) => [o.id, o.services]),
      baselines: earlier.savings?.baselines.map((b) => b.service),
      contributions: earlier.savings?.contributions?.map((c) => c.service),
    }).toEqual({
      services: ["ICT"],
      rules: ["ict-equal"],
      budgets: [],
      kpis: ["ICT-1"],
      measurements: ["ICT-1"],
      calendars: [["ICT"]],
      outages: [["o2", ["ICT"]]],
      baselines: ["ICT"],
      contributions: ["ICT"],
    });
    const later = await store.reportScenarioDocument(SMALL.id, "2025/26", (_s, inForce) => inForce);
    expect({
      services: later.services.map((s) => s.id),
      rules: later.rules.map((r) => r.id),
      budgets: later.budgets?.length,
      kpis: later.kpis?.map((k) => k.code),
      outages: later.outages,
      savings: later.savings,
    }).toEqual({
      services: ["HR", "ICT"],
      rules: ["hr-equal", "ict-equal"],
      budgets: 1,
      kpis: ["HR-1", "ICT-1"],
      outages: (await store.getSections(SMALL.id)).outages,
      savings: SAVINGS_WITH_HR,
    });
  });
});

describe("a calendar's zone changed after its services' outages are stored", () => {
  const always = { id: "always", kind: "24x7", services: ["ICT", "HR"] };

  it("is refused when a stored outage would then begin before its service's start, naming it; nothing is saved", async () => {
    await store.createService(SMALL.id, { ...HR, effectiveFrom: "2025-04-01" }, admin);
    await store.putSection(SMALL.id, "calendars", [always], admin);
    // 23:30 UTC on 31 March is 00:30 on 1 April in the UK (BST): accepted under the UK calendar.
    const outages = [outage("o1", "2025-03-31T23:30:00Z", ["HR"]), outage("o2", "2024-06-01T10:00:00Z", ["ICT"])];
    await store.putSection(SMALL.id, "outages", outages, admin);
    const before = { sections: await store.getSections(SMALL.id), ...(await snapshot()) };
    // In UTC the outage begins on 31 March, before HR takes part.
    expect(await refusalOf(store.putSection(SMALL.id, "calendars", [{ ...always, timeZone: "UTC" }], admin))).toEqual([
      "INVALID_INPUT",
      [
        {
          field: "outages[0].start",
          message:
            'outage "o1" begins on 2025-03-31 in UTC, the zone of HR\'s calendar as written, before service HR takes part from 2025-04-01: correct the outage first',
        },
      ],
    ]);
    // Moving HR alone to a calendar in UTC is refused alike.
    const split = [
      { ...always, services: ["ICT"] },
      { id: "utc", kind: "24x7", timeZone: "UTC", services: ["HR"] },
    ];
    expect((await refusalOf(store.putSection(SMALL.id, "calendars", split, admin)))[1]?.map((i) => i.field)).toEqual([
      "outages[0].start",
    ]);
    expect({ sections: await store.getSections(SMALL.id), ...(await snapshot()) }).toEqual(before);
    // ICT, from the beginning, may move to UTC; once the outage is corrected, so may HR.
    await store.putSection(
      SMALL.id,
      "calendars",
      [
        { ...always, services: ["HR"] },
        { ...split[1], services: ["ICT"] },
      ],
      admin,
    );
    await store.putSection(SMALL.id, "outages", [outage("o1", "2025-04-01T00:00:00Z", ["HR"]), outages[1]], admin);
    await store.putSection(SMALL.id, "calendars", [{ ...always, timeZone: "UTC" }], admin);
    expect((await store.getSections(SMALL.id)).calendars).toEqual([{ ...always, timeZone: "UTC" }]);
  });
});

describe("a KPI moved to another service after its measurements are stored", () => {
  it("is refused when a stored measurement would then be dated before the new service's start, and the measurement added later is checked alike", async () => {
    await store.createService(SMALL.id, { ...HR, effectiveFrom: "2025-04-01" }, admin);
    await store.putSection(SMALL.id, "kpis", [kpi("K-1", "ICT"), kpi("K-2", "ICT")], admin);
    await store.putSection(
      SMALL.id,
      "measurements",
      [
        { kpi: "K-1", period: "2024/25-Q4", numerator: "9", denominator: "10" },
        { kpi: "K-2", period: "2024/25-Q4", numerator: "9", denominator: "10" },
      ],
      admin,
    );
    const before = { sections: await store.getSections(SMALL.id), ...(await snapshot()) };
    // K-1 under HR: its 2024/25-Q4 measurement would be a figure of HR before HR takes part.
    expect(await refusalOf(store.putSection(SMALL.id, "kpis", [kpi("K-1", "HR"), kpi("K-2", "ICT")], admin))).toEqual([
      "INVALID_INPUT",
      [
        {
          field: "measurements[0].period",
          message:
            "service HR takes part from 2025-04-01: a measurement of its KPI K-1 is for a period that ends after 2025-04-01",
        },
      ],
    ]);
    expect({ sections: await store.getSections(SMALL.id), ...(await snapshot()) }).toEqual(before);
    // A KPI with no measurement before the start may move, and one added to it later is checked there.
    await store.putSection(SMALL.id, "measurements", [before.sections.measurements?.[1]], admin);
    await store.putSection(SMALL.id, "kpis", [kpi("K-1", "HR"), kpi("K-2", "ICT")], admin);
    expect(
      (
        await refusalOf(
          store.addSectionItems(
            SMALL.id,
            "measurements",
            [{ kpi: "K-1", period: "2024/25-Q4", numerator: "9", denominator: "10" }],
            admin,
          ),
        )
      )[1]?.map((i) => i.field),
    ).toEqual(["period"]);
  });
});

describe("a service's start in the support settings", () => {
  it("leaves a later service's consumption out of earlier periods' scenarios, and the settings whole from its start", async () => {
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "ICT", "staff", "2024-05-31", "10.00")], financeA);
    await store.createService(SMALL.id, { ...HR, effectiveFrom: "2025-04-01" }, admin);
    await agreeEqual("HR", "2025-04-01");
    const support = { method: "direct" as const, consumption: [{ from: "ICT", to: "HR", share: "0.25" }] };
    await store.updateSettings(SMALL.id, { support }, undefined, admin);
    expect((await store.scenarioDocument(SMALL.id, "2024/25-Q1")).support).toEqual({
      method: "direct",
      consumption: [],
    });
    expect((await store.scenarioDocument(SMALL.id, "2025/26-Q1")).support).toEqual(support);
    const run = await store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-15" }, financeA);
    expect((await store.getRunResult(SMALL.id, run.id))?.allocation.byService.map((s) => s.service)).toEqual(["ICT"]);
  });
});

const kpi = (code: string, service: string) => ({
  code,
  name: `${code} cases closed in time`,
  service,
  unit: "percent",
  polarity: "higher-is-better",
  targets: [{ year: "2024/25", value: "95" }],
});

const outage = (id: string, start: string, services: string[]) => ({
  id,
  start,
  end: start.replace(/:00Z$/, ":30Z"),
  services,
  systems: ["mail"],
  partners: [{ partner: "A", users: 10 }],
  planned: false,
  priority: "P2",
});

const SAVINGS = {
  rounding: "half-up",
  attribution: "actual",
  baselines: [
    { partner: "A", service: "ICT", baseYear: "2023/24", amount: "100.00" },
    { partner: "A", service: "HR", baseYear: "2024/25", amount: "100.00" },
  ],
};

const SAVINGS_WITH_HR = {
  ...SAVINGS,
  contributions: [
    { partner: "A", service: "ICT", year: "2024/25", amount: "90.00" },
    { partner: "A", service: "HR", year: "2025/26", amount: "90.00" },
  ],
};

describe("the outage-cost calendar across a service's start", () => {
  const office = {
    id: "office",
    kind: "working-hours",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
    from: "08:00",
    to: "18:00",
    timeZone: "Europe/London",
    bankHolidays: [],
  };
  const OUTAGE_COST = {
    currency: "GBP",
    rate: { kind: "hourly", perHour: "30.00" },
    productivityImpact: "1",
    calendar: "office",
    planned: "exclude",
    rounding: "half-even",
  };
  const asAt = "2025-03-31T23:00:00Z";
  /** The annual report and the KPI scorecard of ICT in a year, as the API takes them from the store. */
  async function reports(year: string) {
    const scenario = loadScenario(await store.reportScenarioDocument(SMALL.id, year, (_s, inForce) => inForce));
    return { annual: annualReport(scenario, "ICT", year, { asAt }), kpis: kpiScorecard(scenario, year, { asAt }) };
  }

  it("leaves an earlier year's reports as they were when its calendar comes to serve only a later service", async () => {
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "ICT", "staff", "2024-05-31", "10.00")], financeA);
    await store.putSection(SMALL.id, "calendars", [{ ...office, services: ["ICT"] }], admin);
    await store.putSection(SMALL.id, "outageCost", OUTAGE_COST, admin);
    // Wednesday 1 May 2024, 30 seconds from 11:00 UK time: 10 users × 1/120 hour × £30 an hour.
    await store.putSection(SMALL.id, "outages", [outage("o1", "2024-05-01T10:00:00Z", ["ICT"])], admin);
    const before = await reports("2024/25");
    expect(before.annual.outages?.cost?.total).toEqual({ currency: "GBP", minor: 250 });
    // HR joins from April 2025 with the office's hours; ICT keeps the same hours under a calendar of its own.
    await store.createService(SMALL.id, { ...HR, effectiveFrom: "2025-04-01" }, admin);
    const calendars = [
      { ...office, services: ["HR"] },
      { ...office, id: "ict-hours", services: ["ICT"] },
    ];
    await store.putSection(SMALL.id, "calendars", calendars, admin);
    expect(await reports("2024/25")).toEqual(before);
    const earlier = await store.reportScenarioDocument(SMALL.id, "2024/25", (_s, inForce) => inForce);
    expect(earlier.calendars?.map((c) => [c.id, c.services])).toEqual([
      ["office", []],
      ["ict-hours", ["ICT"]],
    ]);
    // The years HR is in read the calendars as stored.
    const later = await store.reportScenarioDocument(SMALL.id, "2025/26", (_s, inForce) => inForce);
    expect([later.calendars, later.outageCost]).toEqual([calendars, OUTAGE_COST]);
    expect(annualReport(loadScenario(later), "HR", "2025/26").outages?.cost?.total).toEqual({
      currency: "GBP",
      minor: 0,
    });
  });
});
