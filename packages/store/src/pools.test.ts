import { isDomainError } from "@3c/domain";
import { describe, expect, it } from "vitest";
import { systemActor } from "./Actor.js";
import { actorFor, refusalOf, SMALL, storeErrorOf, tickingClock, useTestStore } from "./testing/index.js";

const store = useTestStore({ now: tickingClock() });
const admin = actorFor("A", "admin");
const financeA = actorFor("A", "finance");

const line = (id: string, pool: string, amount: string, service = "ICT") => ({
  id,
  service,
  pool,
  date: "2024-05-31",
  amount,
});

/** What a refused addition must leave as it was: the services and the audit chain. */
async function snapshot() {
  return { services: await store.listServices(SMALL.id), audit: (await store.verifyAudit(SMALL.id)).records };
}

/** Each pool of the run's one service: its id and each partner's share in pence. */
async function splitOf(runId: string) {
  const result = await store.getRunResult(SMALL.id, runId);
  return result?.allocation.byService.map((s) => [
    s.service,
    s.pools.map((p) => [p.pool, p.shares.map((x) => [x.partner, x.amount.minor])]),
  ]);
}

describe("adding a pool to a service", () => {
  it("puts it after the service's pools, at the service's next version, with an audit record of before and after", async () => {
    const records = (await store.verifyAudit(SMALL.id)).records;
    const after = await store.addPool(SMALL.id, "ICT", { id: "licences", name: "Software licences" }, 1, admin);
    expect([after.pools, after.version]).toEqual([
      [
        { id: "staff", name: "Staff" },
        { id: "licences", name: "Software licences" },
      ],
      2,
    ]);
    const more = await store.addPool(SMALL.id, "ICT", { id: "agency", name: "Agency staff" }, undefined, admin);
    expect(more.pools.map((p) => p.id)).toEqual(["staff", "licences", "agency"]);
    expect((await store.listServices(SMALL.id))[0]?.pools.map((p) => p.id)).toEqual(["staff", "licences", "agency"]);
    const log = await store.listAudit(SMALL.id, 0, 100);
    expect(log.slice(-2).map((r) => [r.action, r.target, r.partner, r.beforeHash !== null])).toEqual([
      ["service.pool.add", "services/ICT/pools/licences", "A", true],
      ["service.pool.add", "services/ICT/pools/agency", "A", true],
    ]);
    expect(await store.verifyAudit(SMALL.id)).toMatchObject({ valid: true, records: records + 2 });
  });

  it("refuses a pool id the service has, an unknown service and a stale version, changing nothing", async () => {
    const before = await snapshot();
    expect(await refusalOf(store.addPool(SMALL.id, "ICT", { id: "staff", name: "Staff again" }, 1, admin))).toEqual([
      "ALREADY_EXISTS",
      [{ field: "id", message: 'service ICT already has a pool "staff"' }],
    ]);
    expect((await storeErrorOf(store.addPool(SMALL.id, "HR", { id: "staff", name: "S" }, undefined, admin))).code).toBe(
      "NOT_FOUND",
    );
    expect((await storeErrorOf(store.addPool(SMALL.id, "ICT", { id: "x", name: "X" }, 7, admin))).code).toBe(
      "VERSION_MISMATCH",
    );
    expect(await snapshot()).toEqual(before);
  });

  it("of the same id at once: exactly one is added, the other refused whole", async () => {
    const records = (await store.verifyAudit(SMALL.id)).records;
    const outcomes = await Promise.allSettled(
      [1, 2].map(() => store.addPool(SMALL.id, "ICT", { id: "licences", name: "Licences" }, undefined, admin)),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await store.listServices(SMALL.id))[0]?.pools.map((p) => p.id)).toEqual(["staff", "licences"]);
    expect(await store.verifyAudit(SMALL.id)).toMatchObject({ valid: true, records: records + 1 });
  });
});

describe("a new pool in runs", () => {
  it("from the beginning while no period is recorded: a run made before then reports its inputs changed", async () => {
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "staff", "10.00")], financeA);
    const run = await store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-15" }, financeA);
    expect((await store.checkRun(SMALL.id, run.id)).reproduced).toBe(true);
    const after = await store.addPool(SMALL.id, "ICT", { id: "licences", name: "Licences" }, undefined, admin);
    expect(after.pools.at(-1)).toEqual({ id: "licences", name: "Licences" });
    expect(await splitOf(run.id)).toEqual([
      [
        "ICT",
        [
          [
            "staff",
            [
              ["A", 500],
              ["B", 500],
            ],
          ],
        ],
      ],
    ]);
    const check = await store.checkRun(SMALL.id, run.id);
    // The structure is part of the input hash, which the output hash covers: both differ.
    expect([check.reproduced, check.differences]).toEqual([false, ["inputHash", "outputHash"]]);
  });

  it("has its lines shared by the service-wide rule in force, like the service's other pools", async () => {
    await store.addPool(SMALL.id, "ICT", { id: "licences", name: "Licences" }, undefined, admin);
    await store.importRecords(
      SMALL.id,
      "cost-lines",
      [line("L1", "staff", "10.00"), line("L2", "licences", "5.01")],
      financeA,
    );
    const run = await store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-15" }, financeA);
    // Equal shares, pool by pool (the run lists pools by id): the odd penny of 5.01 to A by the id tie-break.
    expect(await splitOf(run.id)).toEqual([
      [
        "ICT",
        [
          [
            "licences",
            [
              ["A", 251],
              ["B", 250],
            ],
          ],
          [
            "staff",
            [
              ["A", 500],
              ["B", 500],
            ],
          ],
        ],
      ],
    ]);
  });

  it("without a service-wide rule costs nothing until lines are recorded in it, then refuses runs until a rule of its own is agreed", async () => {
    const system = systemActor();
    // Legal shares each pool by a rule of its own: 30/70 for its one pool.
    await store.createService(
      SMALL.id,
      { id: "LEG", name: "Legal", lead: "B", pools: [{ id: "staff", name: "Staff" }] },
      system,
    );
    const percent = { kind: "fixed", unit: "percent", shares: { A: "30", B: "70" } } as const;
    await store.proposeRule(
      SMALL.id,
      { id: "leg-staff", service: "LEG", pool: "staff", effectiveFrom: "2024-04-01", basis: percent },
      actorFor("B", "finance"),
    );
    for (const p of ["A", "B"]) await store.consentRule(SMALL.id, "leg-staff", actorFor(p, "approver"));
    await store.addPool(SMALL.id, "LEG", { id: "counsel", name: "Counsel's fees" }, undefined, admin);
    const financeB = actorFor("B", "finance");
    await store.importRecords(SMALL.id, "cost-lines", [line("G1", "staff", "100.00", "LEG")], financeB);
    // No line in the new pool: the run goes ahead, the pool has no cost.
    const quiet = await store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-15" }, financeA);
    expect((await splitOf(quiet.id))?.find(([s]) => s === "LEG")).toEqual([
      "LEG",
      [
        [
          "staff",
          [
            ["A", 3000],
            ["B", 7000],
          ],
        ],
      ],
    ]);
    await store.importRecords(SMALL.id, "cost-lines", [line("G2", "counsel", "40.00", "LEG")], financeB);
    const refused = await store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-16" }, financeA).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDomainError(refused) ? [refused.code, refused.message] : refused).toEqual([
      "INVALID_SCENARIO",
      expect.stringContaining("service LEG has no rule for it (none for pool counsel)"),
    ]);
    await store.proposeRule(
      SMALL.id,
      { id: "leg-counsel", service: "LEG", pool: "counsel", effectiveFrom: "2024-04-01", basis: { kind: "equal" } },
      financeB,
    );
    for (const p of ["A", "B"]) await store.consentRule(SMALL.id, "leg-counsel", actorFor(p, "approver"));
    const agreed = await store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-17" }, financeA);
    expect((await splitOf(agreed.id))?.find(([s]) => s === "LEG")?.[1]).toEqual([
      [
        "counsel",
        [
          ["A", 2000],
          ["B", 2000],
        ],
      ],
      [
        "staff",
        [
          ["A", 3000],
          ["B", 7000],
        ],
      ],
    ]);
  });
});

describe("a pool's start", () => {
  const approverB = actorFor("B", "approver");

  it("leaves an approved run of a closed period reproducing: by default the pool starts after the closed period", async () => {
    await store.openPeriod(SMALL.id, "2024/25-Q1", admin);
    await store.openPeriod(SMALL.id, "2024/25-Q2", admin);
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "staff", "10.00")], financeA);
    const run = await store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-15" }, financeA);
    await store.approveRun(SMALL.id, run.id, undefined, approverB);
    // Posted: a period does not close over an approved run waiting to be posted.
    await store.postRun(SMALL.id, run.id, undefined, approverB);
    await store.closePeriod(SMALL.id, "2024/25-Q1", undefined, approverB);
    const after = await store.addPool(SMALL.id, "ICT", { id: "licences", name: "Licences" }, undefined, admin);
    expect(after.pools.at(-1)).toEqual({ id: "licences", name: "Licences", effectiveFrom: "2024-07-01" });
    expect(await store.checkRun(SMALL.id, run.id)).toMatchObject({ reproduced: true, differences: [] });
    // The next quarter has the pool, and its lines are shared by the service-wide rule.
    await store.importRecords(
      SMALL.id,
      "cost-lines",
      [{ ...line("L2", "licences", "3.00"), date: "2024-08-31" }],
      financeA,
    );
    const next = await store.createRun(SMALL.id, { period: "2024/25-Q2", issueDate: "2024-10-15" }, financeA);
    expect(await splitOf(next.id)).toEqual([
      [
        "ICT",
        [
          [
            "licences",
            [
              ["A", 150],
              ["B", 150],
            ],
          ],
        ],
      ],
    ]);
  });

  it("from a later month lets a draft of an earlier period approve, and its approved run reproduce", async () => {
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "staff", "10.00")], financeA);
    const draft = await store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-15" }, financeA);
    const after = await store.addPool(
      SMALL.id,
      "ICT",
      { id: "licences", name: "Licences", effectiveFrom: "2024-07-01" },
      undefined,
      admin,
    );
    expect(after.pools.at(-1)).toEqual({ id: "licences", name: "Licences", effectiveFrom: "2024-07-01" });
    const approved = await store.approveRun(SMALL.id, draft.id, undefined, approverB);
    expect(approved.status).toBe("approved");
    expect(await store.checkRun(SMALL.id, draft.id)).toMatchObject({ reproduced: true, differences: [] });
  });

  it("by default is the first day of the earliest open period", async () => {
    await store.openPeriod(SMALL.id, "2024/25-Q3", admin);
    await store.openPeriod(SMALL.id, "2024/25-Q2", admin);
    const after = await store.addPool(SMALL.id, "ICT", { id: "licences", name: "Licences" }, undefined, admin);
    expect(after.pools.at(-1)?.effectiveFrom).toBe("2024-07-01");
  });

  it("refuses a date that is not a month's first day, or one a closed period ends after, changing nothing", async () => {
    await store.openPeriod(SMALL.id, "2024/25-Q1", admin);
    await store.closePeriod(SMALL.id, "2024/25-Q1", undefined, approverB);
    const before = await snapshot();
    const mid = await storeErrorOf(
      store.addPool(SMALL.id, "ICT", { id: "x", name: "X", effectiveFrom: "2024-07-15" }, undefined, admin),
    );
    expect([mid.code, mid.issues?.map((i) => i.field)]).toEqual(["INVALID_INPUT", ["effectiveFrom"]]);
    const closed = await storeErrorOf(
      store.addPool(SMALL.id, "ICT", { id: "x", name: "X", effectiveFrom: "2024-05-01" }, undefined, admin),
    );
    expect([closed.code, closed.issues]).toEqual([
      "PERIOD_CLOSED",
      [{ field: "effectiveFrom", message: "must be on or after 2024-07-01, the day after closed period 2024/25-Q1" }],
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a line, a budget and a rule of the pool dated before it, by row and field", async () => {
    await store.addPool(
      SMALL.id,
      "ICT",
      { id: "licences", name: "Licences", effectiveFrom: "2025-04-01" },
      undefined,
      admin,
    );
    expect(
      await refusalOf(
        store.importRecords(
          SMALL.id,
          "cost-lines",
          [
            line("L1", "staff", "1.00"),
            line("L2", "licences", "1.00"),
            { ...line("L3", "licences", "1.00"), date: "2025-04-01" },
          ],
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
            "pool licences of service ICT takes part from 2025-04-01: a line of it is dated on or after 2025-04-01",
        },
      ],
    ]);
    const budgets = await storeErrorOf(
      store.putSection(
        SMALL.id,
        "budgets",
        [
          { service: "ICT", pool: "licences", year: "2025/26", amount: "100.00" },
          { service: "ICT", pool: "licences", year: "2024/25", amount: "100.00" },
        ],
        admin,
      ),
    );
    expect([budgets.code, budgets.issues?.map((i) => i.field)]).toEqual(["INVALID_INPUT", ["budgets[1].year"]]);
    const rule = await storeErrorOf(
      store.proposeRule(
        SMALL.id,
        { id: "ict-licences", service: "ICT", pool: "licences", effectiveFrom: "2024-04-01", basis: { kind: "equal" } },
        financeA,
      ),
    );
    expect([rule.code, rule.issues]).toEqual([
      "INVALID_INPUT",
      [
        {
          field: "effectiveFrom",
          message:
            "pool licences of service ICT takes part from 2025-04-01: a rule of it takes effect on or after 2025-04-01",
        },
      ],
    ]);
  });

  it("keeps a rule and a budget of a later pool out of earlier periods' runs and reports", async () => {
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "staff", "10.00")], financeA);
    const run = await store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-15" }, financeA);
    await store.addPool(
      SMALL.id,
      "ICT",
      { id: "licences", name: "Licences", effectiveFrom: "2025-04-01" },
      undefined,
      admin,
    );
    await store.proposeRule(
      SMALL.id,
      { id: "ict-licences", service: "ICT", pool: "licences", effectiveFrom: "2025-04-01", basis: { kind: "equal" } },
      financeA,
    );
    for (const p of ["A", "B"]) await store.consentRule(SMALL.id, "ict-licences", actorFor(p, "approver"));
    await store.putSection(
      SMALL.id,
      "budgets",
      [{ service: "ICT", pool: "licences", year: "2025/26", amount: "100.00" }],
      admin,
    );
    expect(await store.checkRun(SMALL.id, run.id)).toMatchObject({ reproduced: true });
    const earlier = await store.reportScenarioDocument(SMALL.id, "2024/25", (_s, inForce) => inForce);
    expect([earlier.services[0]?.pools, earlier.rules?.map((r) => r.id), earlier.budgets]).toEqual([
      [{ id: "staff", name: "Staff" }],
      ["ict-equal"],
      [],
    ]);
    const later = await store.reportScenarioDocument(SMALL.id, "2025/26", (_s, inForce) => inForce);
    expect([later.services[0]?.pools.map((p) => p.id), later.budgets?.length]).toEqual([["staff", "licences"], 1]);
  });
});
