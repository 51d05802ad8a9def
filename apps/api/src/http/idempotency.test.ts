import { describe, expect, it } from "vitest";
import { ictLine, useTestApp } from "../testing/index.js";
import { requestHash } from "./idempotency.js";

const RUN = { period: "2024/25-Q1", issueDate: "2024-07-15" };
const runs = "/v1/partnerships/p1/runs";
const t = useTestApp({
  per: "test",
  keys: { financeA: "p1/A/finance", approverB: "p1/B/approver" },
  withKeys: async (app, keys) => {
    const line = await app.call("POST", "/v1/partnerships/p1/cost-lines", {
      key: keys.financeA,
      json: ictLine("L1", "100.00"),
    });
    expect(line.status).toBe(201);
  },
});
const { keys } = t;

const draft = (key: string | undefined, body: unknown = RUN) =>
  t.call("POST", runs, {
    key: keys.financeA,
    json: body,
    ...(key === undefined ? {} : { headers: { "Idempotency-Key": key } }),
  });
const runCount = async () => (await t.store.listRuns("p1", {})).length;

describe("Idempotency-Key", () => {
  it("answers the same key and body with the first response again, creating one run", async () => {
    const first = await draft("k-1");
    const again = await draft("k-1");
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(await runCount()).toBe(1);
  });

  it("refuses the same key with another body (422) and creates nothing for it", async () => {
    expect((await draft("k-2")).status).toBe(201);
    const other = await draft("k-2", { ...RUN, issueDate: "2024-07-16" });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { code: string }).code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await runCount()).toBe(1);
  });

  it("refuses the same key with another query (422): PUT …?effectiveFrom= is another request", async () => {
    expect((await draft("k-q")).status).toBe(201);
    const other = await t.call("POST", `${runs}?effectiveFrom=2025/26`, {
      key: keys.financeA,
      json: RUN,
      headers: { "Idempotency-Key": "k-q" },
    });
    expect([other.status, ((await other.json()) as { code: string }).code]).toEqual([422, "IDEMPOTENCY_KEY_REUSED"]);
    expect(await runCount()).toBe(1);
  });

  it("answers 409 while the first request with the key is still in flight", async () => {
    const key = (await t.store.listKeys("p1")).find((k) => k.name === "finance@a");
    const body = new TextEncoder().encode(JSON.stringify(RUN));
    const hash = requestHash("POST", runs, "application/json", body);
    expect(await t.store.claimIdempotencyKey(key?.id as string, "k-3", hash)).toEqual({ kind: "claimed" });
    const res = await draft("k-3");
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe("IDEMPOTENCY_IN_FLIGHT");
    expect(await runCount()).toBe(0);
  });

  it("is scoped to the API key: another key may use the same value", async () => {
    const financeA2 = await t.key("p1", "A", "finance", "finance2@a");
    expect((await draft("k-4")).status).toBe(201);
    const other = await t.call("POST", runs, {
      key: financeA2,
      json: { ...RUN, issueDate: "2024-07-20" },
      headers: { "Idempotency-Key": "k-4" },
    });
    expect(other.status).toBe(201);
  });

  it("rejects a malformed key with 422 naming the header", async () => {
    const res = await draft(" spaces are not allowed ");
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe("Idempotency-Key");
  });
});

describe("Idempotency-Key on imports and approvals", () => {
  const imports = "/v1/partnerships/p1/cost-lines/import";
  const csv = (amount: string) =>
    `id,service,pool,date,amount\nC1,ICT,staff,2024-05-31,${amount}\nC2,ICT,staff,2024-06-30,5.00\n`;
  const importCsv = (key: string, amount: string) =>
    t.call("POST", imports, { key: keys.financeA, text: csv(amount), headers: { "Idempotency-Key": key } });
  const lineCount = async () => (await t.store.listRecords("p1", "cost-lines", {}, { limit: 100 })).items.length;
  const problemCode = async (res: Response) => {
    expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    return ((await res.json()) as { code: string }).code;
  };

  it("imports a CSV once: the same key and body answer the first response again, another body 422", async () => {
    const first = await importCsv("imp-1", "10.00");
    expect(first.status).toBe(201);
    const again = await importCsv("imp-1", "10.00");
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(await lineCount()).toBe(3);
    const other = await importCsv("imp-1", "11.00");
    expect(other.status).toBe(422);
    expect(await problemCode(other)).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await lineCount()).toBe(3);
  });

  it("approves once: the same key answers the first approval again, not a 409 for the second", async () => {
    const run = (await (await draft(undefined)).json()) as { id: string };
    const approve = () =>
      t.call("POST", `${runs}/${run.id}/approve`, { key: keys.approverB, headers: { "Idempotency-Key": "ap-1" } });
    const first = await approve();
    expect(first.status).toBe(200);
    const again = await approve();
    expect(again.status).toBe(200);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    const audit = await t.store.listAudit("p1", 0, 10_000);
    expect(audit.filter((a) => a.action === "run.approve")).toHaveLength(1);
    // Without the key, a second approval is a conflict, answered as problem+json.
    const plain = await t.call("POST", `${runs}/${run.id}/approve`, { key: keys.approverB });
    expect(plain.status).toBe(409);
    expect(await problemCode(plain)).toBe("INVALID_STATE");
  });
});

describe("concurrency", () => {
  it("makes exactly one run of 50 parallel identical creations with one Idempotency-Key", async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => draft("same")));
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(await runCount()).toBe(1);
  });

  it("makes exactly one run of 50 parallel identical creations without a key; the others name it (409)", async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => draft(undefined)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(await runCount()).toBe(1);
    const refused = answers.find((r) => r.status === 409) as Response;
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/identical draft run-1/);
  });

  it("still drafts again once the data changed", async () => {
    expect((await draft(undefined)).status).toBe(201);
    await t.call("POST", "/v1/partnerships/p1/cost-lines", { key: keys.financeA, json: ictLine("L2", "5.00") });
    expect((await draft(undefined)).status).toBe(201);
    expect(await runCount()).toBe(2);
  });

  it("records exactly one approval of 50 parallel approvals", async () => {
    expect((await draft(undefined)).status).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => t.call("POST", `${runs}/run-1/approve`, { key: keys.approverB })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const audit = await t.store.listAudit("p1", 0, 10_000);
    expect(audit.filter((a) => a.action === "run.approve")).toHaveLength(1);
  });
});

describe("a failure inside the run transaction", () => {
  it("leaves no run and no audit record, and answers 500 problem+json without internals", async () => {
    const before = await t.store.verifyAudit("p1");
    const db = t.store.db;
    const transaction = db.transaction.bind(db);
    // Fail after the run row is written, before the audit record and the commit.
    (db as { transaction: typeof db.transaction }).transaction = (fn) =>
      transaction((tx) =>
        fn({
          query: async (sql, params) => {
            const rows = await tx.query(sql, params);
            if (sql.includes("INSERT INTO runs")) throw new Error("injected failure after INSERT INTO runs");
            return rows as never;
          },
          exec: (sql) => tx.exec(sql),
        }),
      );
    try {
      const res = await draft(undefined);
      expect(res.status).toBe(500);
      expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
      expect(await res.text()).not.toMatch(/injected|INSERT|at .*\.ts/);
    } finally {
      (db as { transaction: typeof db.transaction }).transaction = transaction;
    }
    expect(await runCount()).toBe(0);
    expect(await t.store.verifyAudit("p1")).toEqual(before);
  });
});
