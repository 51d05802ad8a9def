import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDate, rechargeRun } from "@3c/domain";
import { DEMO_PERIOD, demoBudgetScenario, demoScenario } from "@3c/domain/demo";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { systemActor } from "./Actor.js";
import { MIGRATIONS } from "./migrations/index.js";
import { migrate } from "./migrations/migrate.js";
import { Store } from "./Store.js";
import { isStoreError } from "./StoreError.js";
import { actorFor, SMALL, seedSmall, storeErrorOf, tickingClock, useTestStore } from "./testing/index.js";

const store = useTestStore({ now: tickingClock(), seed: false });
const system = systemActor();
const financeA = actorFor("A", "finance");
const approverA = actorFor("A", "approver");
const approverB = actorFor("B", "approver");

const small = () => seedSmall(store);

const line = (id: string, amount: string, date = "2024-05-31") => ({ id, service: "ICT", pool: "staff", date, amount });

describe("migrations", () => {
  it("apply once: a second start applies nothing", async () => {
    expect(await migrate(store.db)).toEqual([]);
  });

  it("two processes migrating one fresh database together apply each migration once", async () => {
    const url = process.env.TEST_DATABASE_URL;
    if (url === undefined || url === "") {
      // PGlite has one connection: the same lock and table make a second pass a no-op.
      expect(await Promise.all([migrate(store.db), migrate(store.db)])).toEqual([[], []]);
      return;
    }
    const { openPostgres } = await import("./db/openPostgres.js");
    const schema = `m_${Date.now().toString(36)}`;
    const a = await openPostgres(url, { schema });
    const b = await openPostgres(url, { schema });
    const results = await Promise.all([migrate(a), migrate(b)]);
    expect(results.flat()).toEqual(MIGRATIONS.map((m) => m.id));
    await a.exec(`DROP SCHEMA ${schema} CASCADE`);
    await Promise.all([a.close(), b.close()]);
  });
});

describe("API keys", () => {
  it("stop working at once in the process that revokes them, though that process had just used them", async () => {
    await store.createPartnership(SMALL, system);
    const { key, secret } = await store.createKey(
      { partnership: SMALL.id, partner: "A", role: "viewer", name: "v@a" },
      system,
    );
    expect((await store.findKey(secret))?.id).toBe(key.id);
    await store.revokeKey(SMALL.id, key.id, system);
    expect(await store.findKey(secret)).toBeUndefined();
  });

  it("stop working in another process sharing the database within the time to live of its cache", async () => {
    await store.createPartnership(SMALL, system);
    const { key, secret } = await store.createKey(
      { partnership: SMALL.id, partner: "A", role: "viewer", name: "v@a" },
      system,
    );
    let now = 0;
    // A second store over the same database stands for another API process.
    const other = new Store(store.db, { keyCache: { ttlMs: 5000, now: () => now } });
    expect((await other.findKey(secret))?.id).toBe(key.id);
    await store.revokeKey(SMALL.id, key.id, system);
    now = 4999;
    expect((await other.findKey(secret))?.id).toBe(key.id);
    now = 5000;
    expect(await other.findKey(secret)).toBeUndefined();
    expect(await new Store(store.db, { keyCache: false }).findKey(secret)).toBeUndefined();
  });
});

describe("records", () => {
  it("keep amounts exact to the penny, whatever their size", async () => {
    await small();
    const amounts = fc.sample(
      fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }).map((m) => {
        const sign = m < 0n ? "-" : "";
        const a = m < 0n ? -m : m;
        return `${sign}${a / 100n}.${String(a % 100n).padStart(2, "0")}`;
      }),
      { numRuns: 1000, seed: 42 },
    );
    const lines = amounts.map((a, i) => line(`L${String(i).padStart(4, "0")}`, a));
    await store.importRecords(SMALL.id, "cost-lines", lines, financeA);
    const page = await store.listRecords(SMALL.id, "cost-lines", {}, { limit: 2000 });
    expect(page.items.map((l) => l.amount)).toEqual(amounts);
  });

  it("import all or nothing, reporting every bad item with its field", async () => {
    await small();
    const items = [
      line("L1", "10.00"),
      line("L2", "12,50"),
      { ...line("L3", "1.00"), pool: "nope" },
      line("L1", "3.00"),
      line("L5", "1.001"),
    ];
    const error = await storeErrorOf(store.importRecords(SMALL.id, "cost-lines", items, financeA));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.issues.map((i) => [i.index, i.field])).toEqual([
      [1, "amount"],
      [2, "pool"],
      [3, "id"],
      [4, "amount"],
    ]);
    expect((await store.listRecords(SMALL.id, "cost-lines", {}, { limit: 10 })).items).toEqual([]);
  });

  it("refuse NUL characters, unknown fields and the caller's rejected rows, listing them with the rest", async () => {
    await small();
    const items = [
      { ...line("L1", "1.00"), description: "a\u0000b" },
      { ...line("L2", "1.00"), id2: "x" },
      line("L3", "1.00"),
      line("L4", "x"),
    ];
    const rejected = [{ index: 2, field: "", message: "Too few fields" }];
    const error = await storeErrorOf(store.importRecords(SMALL.id, "cost-lines", items, financeA, { rejected }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.issues.map((i) => [i.index, i.field])).toEqual([
      [0, "description"],
      [1, "id2"],
      [2, ""],
      [3, "amount"],
    ]);
    expect(error.message).toBe("4 of 4 cost-lines item(s) are not valid; nothing was imported");
    expect((await store.listRecords(SMALL.id, "cost-lines", {}, { limit: 10 })).items).toEqual([]);
  });

  it("import nothing without writing an audit record, and refuse it for an unknown partnership", async () => {
    await small();
    const before = await store.verifyAudit(SMALL.id);
    expect(await store.importRecords(SMALL.id, "cost-lines", [], financeA)).toEqual({
      kind: "cost-lines",
      imported: 0,
    });
    expect(await store.verifyAudit(SMALL.id)).toEqual(before);
    expect((await storeErrorOf(store.importRecords("nope", "cost-lines", [], financeA))).code).toBe("NOT_FOUND");
  });

  it("refuse rows the entitlement check refuses, listing them, once every row is valid", async () => {
    await small();
    const authorize = (doc: Readonly<Record<string, string>>) =>
      doc.id === "L2" || doc.id === "L4" ? "not yours" : undefined;
    const valid = [line("L1", "1.00"), line("L2", "1.00"), line("L4", "1.00")];
    const denied = await storeErrorOf(store.importRecords(SMALL.id, "cost-lines", valid, financeA, { authorize }));
    expect([denied.code, denied.issues.map((i) => [i.index, i.message])]).toEqual([
      "NOT_PERMITTED",
      [
        [1, "not yours"],
        [2, "not yours"],
      ],
    ]);
    // Validation first: an invalid row answers INVALID_INPUT with the problems of the rows, and only them.
    const items = [line("L1", "1.00"), line("L2", "1.00"), line("L3", "x")];
    const error = await storeErrorOf(store.importRecords(SMALL.id, "cost-lines", items, financeA, { authorize }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.issues.map((i) => [i.index, i.message])).toEqual([
      [2, '"x" is not a decimal amount: expected digits with an optional sign and decimal point, such as 1234.56'],
    ]);
  });

  it("are refused by the database itself when their pool is not one of their partnership's", async () => {
    await small();
    const insert = (partnership: string) =>
      store.db.query(
        "INSERT INTO cost_lines (partnership_id, basis, id, service_id, pool_id, date, amount_minor, currency) VALUES ($1, 'actual', 'X1', 'ICT', 'staff', '2024-05-31', 100, 'GBP')",
        [partnership],
      );
    await expect(insert("nope")).rejects.toThrow(/foreign key/);
    await insert(SMALL.id);
  });

  it("refuse a line already stored", async () => {
    await small();
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "1.00")], financeA);
    const error = await storeErrorOf(store.importRecords(SMALL.id, "cost-lines", [line("L1", "2.00")], financeA));
    expect([error.code, error.issues]).toEqual([
      "ALREADY_EXISTS",
      [{ index: 0, field: "id", message: 'cost line "L1" is already stored' }],
    ]);
  });

  it("page by id with a cursor and filter by period", async () => {
    await small();
    await store.importRecords(
      SMALL.id,
      "cost-lines",
      [line("L3", "3.00", "2024-07-01"), line("L1", "1.00"), line("L2", "2.00")],
      financeA,
    );
    const first = await store.listRecords(SMALL.id, "cost-lines", {}, { limit: 2 });
    expect(first.items.map((l) => l.id)).toEqual(["L1", "L2"]);
    const second = await store.listRecords(SMALL.id, "cost-lines", {}, { limit: 2, cursor: first.nextCursor ?? "" });
    expect([second.items.map((l) => l.id), second.nextCursor]).toEqual([["L3"], null]);
    const q1 = await store.listRecords(SMALL.id, "cost-lines", { period: "2024/25-Q1" }, { limit: 10 });
    expect(q1.items.map((l) => l.id)).toEqual(["L1", "L2"]);
  });

  it("are listed only by the filters their kind has: any other is refused, naming the filter and the kind", async () => {
    await small();
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "1.00")], financeA);
    const refusal = async (listing: Promise<unknown>) => {
      const { code, message, issues } = await storeErrorOf(listing);
      return { code, message, issues };
    };
    // Ignored, the partner filter would have listed every partner's lines as if they were A's.
    const by = "they are filtered by service, services, period";
    expect(await refusal(store.listRecords(SMALL.id, "cost-lines", { partner: "A" }, { limit: 10 }))).toEqual({
      code: "INVALID_INPUT",
      message: `cost-lines have no partner to filter by: ${by}`,
      issues: [{ field: "partner", message: `cost-lines have no partner to filter by: ${by}` }],
    });
    const fx = { service: "ICT", services: ["ICT"], partner: "A" };
    expect(await refusal(store.listRecords(SMALL.id, "fx-rates", fx, { limit: 10 }))).toMatchObject({
      code: "INVALID_INPUT",
      message: "fx-rates have no service or services or partner to filter by: they are filtered by period",
    });
    expect(await refusal(store.listRecords(SMALL.id, "drivers", { service: "ICT" }, { limit: 10 }))).toMatchObject({
      message: "drivers have no service to filter by: they are filtered by partner, period",
    });
    // The filters a kind has still filter.
    const own = await store.listRecords(SMALL.id, "cost-lines", { service: "ICT", period: "2024/25" }, { limit: 10 });
    expect(own.items.map((l) => l.id)).toEqual(["L1"]);
  });

  it("keep partnerships apart", async () => {
    await small();
    await store.createPartnership({ ...SMALL, id: "p2" }, system);
    await store.createService(
      "p2",
      { id: "ICT", name: "ICT", lead: "A", pools: [{ id: "staff", name: "Staff" }] },
      system,
    );
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "1.00")], financeA);
    expect(await store.getRecord("p2", "cost-lines", "L1")).toBeUndefined();
    expect((await store.listRecords("p2", "cost-lines", {}, { limit: 10 })).items).toEqual([]);
    expect(await store.getRecord(SMALL.id, "cost-lines", "L1")).toEqual({ ...line("L1", "1.00"), currency: "GBP" });
  });
});

describe("periods", () => {
  it("once closed, refuse writes dated in them", async () => {
    await small();
    await store.openPeriod(SMALL.id, "2024/25-Q1", approverA);
    const closed = await store.closePeriod(SMALL.id, "2024/25-Q1", 1, approverA);
    expect([closed.status, closed.closedBy, closed.version]).toEqual(["closed", "approver@a", 2]);
    const error = await storeErrorOf(
      store.importRecords(
        SMALL.id,
        "cost-lines",
        [line("L1", "1.00", "2024-06-30"), line("L2", "1.00", "2024-07-01")],
        financeA,
      ),
    );
    expect(error.code).toBe("PERIOD_CLOSED");
    expect(error.issues).toEqual([
      {
        index: 0,
        field: "date",
        message: "period 2024/25-Q1 is closed: correct it by a reversal run in an open period",
      },
    ]);
  });

  it("refuse a close from a stale version", async () => {
    await small();
    await store.openPeriod(SMALL.id, "2024/25", approverA);
    expect((await storeErrorOf(store.closePeriod(SMALL.id, "2024/25", 7, approverA))).code).toBe("VERSION_MISMATCH");
  });
});

describe("rule versions", () => {
  it("are checked by the domain against the structure when proposed", async () => {
    await small();
    const rule = {
      id: "bad",
      service: "ICT",
      pool: "nope",
      effectiveFrom: "2024-04-01",
      basis: { kind: "fixed", unit: "percent", shares: { A: "60", Z: "30" } },
    } as const;
    const error = await storeErrorOf(store.proposeRule(SMALL.id, rule, financeA));
    expect(error.issues.map((i) => i.field).sort()).toEqual(["basis.shares", "basis.shares.Z", "pool"]);
    const driver = {
      id: "by-users",
      service: "ICT",
      effectiveFrom: "2025-04-01",
      basis: { kind: "driver", driver: "users" },
    } as const;
    expect((await store.proposeRule(SMALL.id, driver, financeA)).status).toBe("proposed");
  });

  it("become active only when every partner has consented", async () => {
    await small();
    const rule = {
      id: "ict-v2",
      service: "ICT",
      effectiveFrom: "2024-10-01",
      basis: { kind: "direct", partner: "A" },
    } as const;
    expect((await store.proposeRule(SMALL.id, rule, financeA)).status).toBe("proposed");
    const half = await store.consentRule(SMALL.id, "ict-v2", approverA);
    expect([half.status, half.awaiting]).toEqual(["proposed", ["B"]]);
    expect((await storeErrorOf(store.consentRule(SMALL.id, "ict-v2", approverA))).code).toBe("INVALID_STATE");
    const full = await store.consentRule(SMALL.id, "ict-v2", approverB);
    expect([full.status, full.consents.map((c) => `${c.partner}:${c.actor}`)]).toEqual([
      "active",
      ["A:approver@a", "B:approver@b"],
    ]);
  });
});

describe("recharge runs", () => {
  async function draft() {
    await small();
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "100.01")], financeA);
    return store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-15" }, financeA);
  }

  it("store the domain's result and manifest, and reproduce it from the stored data", async () => {
    const run = await draft();
    const result = await store.getRunResult(SMALL.id, run.id);
    expect(result?.statements.statements.map((s) => [s.partner, s.total.minor])).toEqual([["B", 5000]]);
    expect(result?.manifest).toEqual(run.manifest);
    expect((await store.checkRun(SMALL.id, run.id)).reproduced).toBe(true);
    await store.importRecords(SMALL.id, "cost-lines", [line("L2", "1.00")], financeA);
    expect((await store.checkRun(SMALL.id, run.id)).differences).toContain("inputHash");
  });

  it("hold a read result frozen, per partnership and run, the same after approval, until forgotten", async () => {
    const run = await draft();
    const first = await store.getRunResult(SMALL.id, run.id);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.statements.statements[0]?.total)).toBe(true);
    await store.approveRun(SMALL.id, run.id, run.version, approverB);
    // Held: the very object, which approval (a status change) leaves as it was.
    expect(await store.getRunResult(SMALL.id, run.id)).toBe(first);
    expect(await store.getRunResult("another", run.id)).toBeUndefined();
    store.forgetRunResults();
    const again = await store.getRunResult(SMALL.id, run.id);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it("need a second person to approve (four eyes)", async () => {
    const run = await draft();
    const self = { ...approverA, name: financeA.name };
    expect((await storeErrorOf(store.approveRun(SMALL.id, run.id, undefined, self))).code).toBe("FOUR_EYES");
    const approved = await store.approveRun(SMALL.id, run.id, run.version, approverB);
    expect([approved.status, approved.approvedBy]).toEqual(["approved", "approver@b"]);
  });

  it("give one approval when two approvers approve at once", async () => {
    const run = await draft();
    const outcomes = await Promise.allSettled([
      store.approveRun(SMALL.id, run.id, undefined, approverA),
      store.approveRun(SMALL.id, run.id, undefined, approverB),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const failed = outcomes.find((o) => o.status === "rejected");
    expect(isStoreError(failed?.reason, "INVALID_STATE")).toBe(true);
  });

  it("are refused in a closed period, and corrected by a reversal in an open one", async () => {
    const run = await draft();
    await store.approveRun(SMALL.id, run.id, undefined, approverB);
    await store.postRun(SMALL.id, run.id, undefined, approverB);
    await store.openPeriod(SMALL.id, "2024/25-Q1", approverA);
    await store.closePeriod(SMALL.id, "2024/25-Q1", undefined, approverA);
    const again = store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-15" }, financeA);
    expect((await storeErrorOf(again)).code).toBe("PERIOD_CLOSED");
    expect((await storeErrorOf(store.reverseRun(SMALL.id, run.id, "2024/25-Q1", financeA))).code).toBe("PERIOD_CLOSED");
    const reversal = await store.reverseRun(SMALL.id, run.id, "2024/25-Q2", financeA);
    expect([reversal.kind, reversal.reverses, reversal.period]).toEqual(["reversal", run.id, "2024/25-Q2"]);
    await store.approveRun(SMALL.id, reversal.id, undefined, approverB);
    await store.postRun(SMALL.id, reversal.id, undefined, approverB);
    expect((await store.getRun(SMALL.id, run.id))?.status).toBe("reversed");
  });
});

describe("the audit chain", () => {
  it("records every write and verifies", async () => {
    await small();
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "1.00")], financeA);
    const log = await store.listAudit(SMALL.id, 0, 100);
    expect(log.map((r) => r.action)).toEqual([
      "partnership.create",
      "service.create",
      "rule.propose",
      "rule.consent",
      "rule.consent",
      "cost-lines.import",
    ]);
    expect(await store.verifyAudit(SMALL.id)).toMatchObject({ valid: true, records: 6 });
  });

  it("verifies in sequence order past ten records (not in text order)", async () => {
    await small();
    for (const p of ["2024/25-Q1", "2024/25-Q2", "2024/25-Q3", "2024/25-Q4", "2025/26", "2026/27"])
      await store.openPeriod(SMALL.id, p, approverA);
    expect(await store.verifyAudit(SMALL.id)).toEqual({ valid: true, records: 11, head: expect.any(String) });
  });

  it("detects a changed record", async () => {
    await small();
    await store.db.query(
      "UPDATE audit_log SET record = jsonb_set(record, '{actor}', '\"mallory\"') WHERE partnership_id = $1 AND seq = 3",
      [SMALL.id],
    );
    expect(await store.verifyAudit(SMALL.id)).toMatchObject({ valid: false, firstBroken: { seq: 3 } });
  });

  it("detects a removed last record", async () => {
    await small();
    await store.db.query("DELETE FROM audit_log WHERE partnership_id = $1 AND seq = 5", [SMALL.id]);
    expect(await store.verifyAudit(SMALL.id)).toMatchObject({ valid: false });
  });
});

describe("the demo", () => {
  it("seeds and runs the year as the bare domain does", async () => {
    await store.seedDemo(system);
    const run = await store.createRun("3c", { period: DEMO_PERIOD, issueDate: "2025-04-30" }, financeA);
    const result = await store.getRunResult("3c", run.id);
    const bare = rechargeRun({
      scenario: demoScenario(),
      period: DEMO_PERIOD,
      statements: { numbers: run.options.numbers, issueDate: parseDate("2025-04-30") },
    });
    // The rows give back exactly the document they were seeded from: same inputs, same output.
    expect(result?.manifest).toEqual(bare.manifest);
    expect((await store.checkRun("3c", run.id)).reproduced).toBe(true);
  });

  it("seeds the budget of 2024/25 and runs the year with it as the bare domain does", async () => {
    await store.seedDemo(system);
    const options = { period: DEMO_PERIOD, issueDate: "2025-04-30", budget: true };
    const run = await store.createRun("3c", options, financeA);
    const result = await store.getRunResult("3c", run.id);
    const bare = rechargeRun({
      scenario: demoScenario(),
      budget: demoBudgetScenario(),
      period: DEMO_PERIOD,
      statements: { numbers: run.options.numbers, issueDate: parseDate("2025-04-30") },
    });
    expect(result?.manifest).toEqual(bare.manifest);
    expect([result?.advances, result?.trueUp, result?.variance]).toEqual([bare.advances, bare.trueUp, bare.variance]);
    expect(result?.trueUp?.lines).toHaveLength(9);
    expect((await store.checkRun("3c", run.id)).reproduced).toBe(true);
  });
});

describe("a store on disk", () => {
  it("keeps its data across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "3c-store-"));
    try {
      const first = await Store.open({ dataDir: dir });
      await first.createPartnership(SMALL, system);
      await first.close();
      const second = await Store.open({ dataDir: dir });
      expect((await second.listPartners(SMALL.id)).map((p) => p.id)).toEqual(["A", "B"]);
      expect(await second.verifyAudit(SMALL.id)).toMatchObject({ valid: true, records: 1 });
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("services", () => {
  it("pass to another lead that takes part, at the version read, with an audit record; runs made before keep theirs", async () => {
    await small();
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "1.00")], financeA);
    const run = await store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-15" }, financeA);
    expect(
      (await storeErrorOf(store.updateService(SMALL.id, "ICT", { lead: "B", effectiveFrom: "2024-04-01" }, 2, system)))
        .code,
    ).toBe("VERSION_MISMATCH");
    expect(
      (await storeErrorOf(store.updateService(SMALL.id, "ICT", { lead: "Z", effectiveFrom: "2024-04-01" }, 1, system)))
        .issues,
    ).toEqual([{ field: "lead", message: "the lead Z must be one of the participants (A, B)" }]);
    expect(
      (
        await storeErrorOf(
          store.updateService(SMALL.id, "HR", { lead: "B", effectiveFrom: "2024-04-01" }, undefined, system),
        )
      ).code,
    ).toBe("NOT_FOUND");
    const after = await store.updateService(SMALL.id, "ICT", { lead: "B", effectiveFrom: "2024-04-01" }, 1, system);
    expect([after.lead, after.version]).toEqual(["B", 2]);
    expect((await store.listServices(SMALL.id)).map((s) => [s.id, s.lead, s.version])).toEqual([["ICT", "B", 2]]);
    const log = await store.listAudit(SMALL.id, 0, 100);
    expect(log.at(-1)?.action).toBe("service.handover");
    expect(await store.verifyAudit(SMALL.id)).toMatchObject({ valid: true });
    // The stored run still records A as ICT's lead.
    const result = await store.getRunResult(SMALL.id, run.id);
    expect(result?.allocation.byService.map((s) => [s.service, s.lead])).toEqual([["ICT", "A"]]);
  });
});
