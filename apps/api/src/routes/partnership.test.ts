import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Store, systemActor } from "@3c/store";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../http/createApp.js";
import { ictLine, useTestApp } from "../testing/index.js";

const t = useTestApp({ per: "test", keys: { admin: "p1/A/admin", approverA: "p1/A/approver" } });
const { keys } = t;
const base = "/v1/partnerships/p1";

/**
 * A's finance officer drafting a run (expecting 201, giving its id), B's approver approving one and
 * A's finance officer checking one (with their keys): the steps of the tests that earlier runs keep
 * reproducing.
 */
async function runSteps() {
  const financeA = await t.key("p1", "A", "finance");
  const approverB = await t.key("p1", "B", "approver");
  const draft = async (period: string, issueDate: string) => {
    const res = await t.call("POST", `${base}/runs`, { key: financeA, json: { period, issueDate } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const approve = (id: string) => t.call("POST", `${base}/runs/${id}/approve`, { key: approverB });
  const post = (id: string) => t.call("POST", `${base}/runs/${id}/post`, { key: approverB });
  const check = async (id: string) =>
    (await (await t.call("GET", `${base}/runs/${id}/check`, { key: financeA })).json()) as { reproduced: boolean };
  return { financeA, approverB, draft, approve, post, check };
}

describe("partners and services", () => {
  it("are created by an admin and read back with their version as ETag", async () => {
    const created = await t.call("POST", `${base}/partners`, { key: keys.admin, json: { id: "D", name: "Council D" } });
    expect([created.status, created.headers.get("ETag")]).toEqual([201, '"1"']);
    const renamed = await t.call("PATCH", `${base}/partners/D`, {
      key: keys.admin,
      json: { name: "District D" },
      headers: { "If-Match": '"1"' },
    });
    expect(await renamed.json()).toEqual({ id: "D", name: "District D", version: 2 });
    const stale = await t.call("PATCH", `${base}/partners/D`, {
      key: keys.admin,
      json: { name: "Again" },
      headers: { "If-Match": '"1"' },
    });
    expect([stale.status, ((await stale.json()) as { code: string }).code]).toEqual([412, "VERSION_MISMATCH"]);
    const service = await t.call("POST", `${base}/services`, {
      key: keys.admin,
      json: { id: "LEGAL", name: "Legal", lead: "D", pools: [{ id: "staff", name: "Staff" }] },
    });
    expect(await service.json()).toMatchObject({ id: "LEGAL", lead: "D", participants: ["A", "B", "C", "D"] });
    const dup = await t.call("POST", `${base}/partners`, { key: keys.admin, json: { id: "D", name: "Again" } });
    expect(dup.status).toBe(409);
  });

  it("refuse a service whose lead is not a partner, with the field", async () => {
    const res = await t.call("POST", `${base}/services`, {
      key: keys.admin,
      json: { id: "X", name: "X", lead: "A", participants: ["B"], pools: [{ id: "p", name: "P" }] },
    });
    expect([res.status, ((await res.json()) as { errors: { path: string }[] }).errors[0]?.path]).toEqual([
      422,
      "participants",
    ]);
  });
});

describe("settings", () => {
  it("let FX rates take part in runs once the rounding mode is named", async () => {
    const finance = await t.key("p1", "A", "finance");
    await t.call("POST", `${base}/cost-lines`, {
      key: finance,
      json: { ...ictLine("U1", "121.00"), currency: "USD" },
    });
    await t.call("POST", `${base}/fx-rates`, {
      key: finance,
      json: { currency: "USD", date: "2024-05-31", rate: "1.21" },
    });
    const draft = () =>
      t.call("POST", `${base}/runs`, { key: finance, json: { period: "2024/25-Q1", issueDate: "2024-07-15" } });
    expect((await draft()).status).toBe(422);
    const bad = await t.call("PUT", `${base}/settings`, { key: keys.admin, json: { support: { method: "sideways" } } });
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(
      "support.method",
    );
    const set = await t.call("PUT", `${base}/settings`, {
      key: keys.admin,
      json: { fxRounding: "half-even" },
      headers: { "If-Match": '"1"' },
    });
    expect(await set.json()).toMatchObject({ settings: { fxRounding: "half-even" }, version: 2 });
    const run = (await (await draft()).json()) as { id: string };
    const statement = (await (await t.call("GET", `${base}/runs/${run.id}/statements/B`, { key: finance })).json()) as {
      total: { minor: number };
    };
    expect(statement.total.minor).toBe(5000);
  });
});

describe("keys", () => {
  it("are issued by an admin, shown once, work at once, and stop when revoked", async () => {
    const res = await t.call("POST", `${base}/keys`, {
      key: keys.admin,
      json: { partner: "A", role: "viewer", name: "cllr@a" },
    });
    const issued = (await res.json()) as { secret: string; key: { id: string; role: string } };
    expect([res.status, issued.key.role, issued.secret]).toEqual([
      201,
      "viewer",
      expect.stringMatching(/^3c_[A-Za-z0-9_-]{43}$/),
    ]);
    expect((await t.call("GET", base, { key: issued.secret })).status).toBe(200);
    const listed = (await (await t.call("GET", `${base}/keys`, { key: keys.admin })).json()) as { items: object[] };
    expect(JSON.stringify(listed)).not.toContain(issued.secret);
    const revoked = await t.call("DELETE", `${base}/keys/${issued.key.id}`, { key: keys.admin });
    expect(revoked.status).toBe(200);
    expect((await t.call("GET", base, { key: issued.secret })).status).toBe(401);
    expect((await t.call("DELETE", `${base}/keys/${issued.key.id}`, { key: keys.admin })).status).toBe(404);
  });

  it("are issued by an admin for its own partner; for another only its first admin key, which then issues the rest", async () => {
    const issue = (key: string, partner: string, role: string) =>
      t.call("POST", `${base}/keys`, { key, json: { partner, role, name: `${role}@${partner}` } });
    // An admin of A may not mint B's approvers (they consent and approve for B).
    const approverB = await issue(keys.admin, "B", "approver");
    expect([approverB.status, ((await approverB.json()) as { code: string }).code]).toEqual([403, "NOT_PERMITTED"]);
    // Two admins issuing B's first admin key at once: one gets it.
    const adminC = await t.key("p1", "C", "admin");
    const both = await Promise.all([issue(keys.admin, "B", "admin"), issue(adminC, "B", "admin")]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 403]);
    const first = both.find((r) => r.status === 201) as Response;
    const adminB = ((await first.json()) as { secret: string }).secret;
    expect((await issue(keys.admin, "B", "admin")).status).toBe(403);
    const financeB = await issue(adminB, "B", "finance");
    expect(financeB.status).toBe(201);
    const financeBId = ((await financeB.json()) as { key: { id: string } }).key.id;
    // Each admin lists and revokes its own partner's keys only; another partner's key is not there.
    const listed = (await (await t.call("GET", `${base}/keys`, { key: keys.admin })).json()) as {
      items: { partner: string }[];
    };
    expect([...new Set(listed.items.map((k) => k.partner))]).toEqual(["A"]);
    expect((await t.call("DELETE", `${base}/keys/${financeBId}`, { key: keys.admin })).status).toBe(404);
    expect((await t.call("DELETE", `${base}/keys/${financeBId}`, { key: adminB })).status).toBe(200);
  });
});

describe("rule versions", () => {
  it("take effect only when an approver of every partner has consented", async () => {
    const finance = await t.key("p1", "A", "finance");
    const rule = { id: "ict-v2", service: "ICT", effectiveFrom: "2024-10-01", basis: { kind: "direct", partner: "A" } };
    const proposed = await t.call("POST", `${base}/rules`, { key: finance, json: rule });
    expect(await proposed.json()).toMatchObject({ status: "proposed", awaiting: ["A", "B", "C"] });
    for (const p of ["A", "B"]) {
      await t.call("POST", `${base}/rules/ict-v2/consent`, { key: await t.key("p1", p, "approver", `appr@${p}`) });
    }
    const half = await (await t.call("GET", `${base}/rules/ict-v2`, { key: finance })).json();
    expect(half).toMatchObject({ status: "proposed", awaiting: ["C"] });
    const last = await t.call("POST", `${base}/rules/ict-v2/consent`, { key: await t.key("p1", "C", "approver") });
    expect(await last.json()).toMatchObject({
      status: "active",
      awaiting: [],
      consents: [{ partner: "A" }, { partner: "B" }, { partner: "C" }],
    });
  });

  it("refuse a basis the domain's schema rejects, with its path", async () => {
    const finance = await t.key("p1", "A", "finance");
    const rule = {
      id: "bad",
      service: "ICT",
      effectiveFrom: "2024-10-01",
      basis: { kind: "fixed", unit: "percent", shares: { A: 50 } },
    };
    const res = await t.call("POST", `${base}/rules`, { key: finance, json: rule });
    expect(((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      "basis.shares.A",
    ]);
  });
});

describe("the audit chain", () => {
  it("verifies, and detects a record changed behind the API's back", async () => {
    const finance = await t.key("p1", "A", "finance");
    await t.call("POST", `${base}/cost-lines`, { key: finance, json: ictLine("L1", "1.00") });
    const ok = await (await t.call("GET", `${base}/audit/verify`, { key: keys.approverA })).json();
    expect(ok).toMatchObject({ valid: true });
    expect(ok).not.toHaveProperty("firstBroken");
    const page = (await (await t.call("GET", `${base}/audit?limit=1000`, { key: keys.approverA })).json()) as {
      items: { seq: number; action: string; actor: string; requestId: string }[];
    };
    const last = page.items[page.items.length - 1];
    expect([last?.action, last?.actor]).toEqual(["cost-lines.import", "finance@a"]);
    await t.store.db.query("UPDATE audit_log SET record = jsonb_set(record, '{actor}', '\"someone\"') WHERE seq = $1", [
      last?.seq,
    ]);
    const broken = await (await t.call("GET", `${base}/audit/verify`, { key: keys.approverA })).json();
    expect(broken).toMatchObject({ valid: false, firstBroken: { seq: last?.seq } });
  });
});

describe("data on disk", () => {
  it("survives a restart of the app on the same data directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "3c-api-"));
    try {
      const first = await Store.open({ dataDir: dir });
      await first.createPartnership(
        { id: "p1", name: "P", currency: "GBP", settings: {}, partners: [{ id: "A", name: "A" }] },
        systemActor(),
      );
      const { secret } = await first.createKey(
        { partnership: "p1", partner: "A", role: "admin", name: "a" },
        systemActor(),
      );
      const app1 = createApp({ store: first, logger: pino({ level: "silent" }) });
      const auth = { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" };
      const made = await app1.request("/v1/partnerships/p1/partners", {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ id: "B", name: "Council B" }),
      });
      expect(made.status).toBe(201);
      await first.close();
      const second = await Store.open({ dataDir: dir });
      const app2 = createApp({ store: second, logger: pino({ level: "silent" }) });
      const res = await app2.request("/v1/partnerships/p1/partners", { headers: auth });
      expect(await res.json()).toEqual({
        items: [
          { id: "A", name: "A", version: 1 },
          { id: "B", name: "Council B", version: 1 },
        ],
      });
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a service handed over from a date", () => {
  type Problem = { status: number; code: string; detail: string; errors?: { path: string }[] };
  const handOver = (json: unknown, version?: number) =>
    t.call("PATCH", `${base}/services/ICT`, {
      key: keys.admin,
      json,
      ...(version === undefined ? {} : { headers: { "If-Match": `"${version}"` } }),
    });
  const refusal = async (res: Response) => {
    const body = (await res.json()) as Problem;
    return [res.status, body.code, (body.errors ?? []).map((e) => e.path)];
  };

  it("passes the lines and runs of its date on to the new lead; those before stay the previous lead's", async () => {
    const financeA = await t.key("p1", "A", "finance");
    const financeB = await t.key("p1", "B", "finance");
    const lines = [ictLine("Q2", "100.00", "2024-08-15"), ictLine("Q3", "50.00", "2024-11-15")];
    expect((await t.call("POST", `${base}/cost-lines/import`, { key: financeA, json: { items: lines } })).status).toBe(
      201,
    );
    const res = await handOver({ lead: "B", effectiveFrom: "2024-10-01" }, 1);
    expect([res.status, res.headers.get("ETag")]).toEqual([200, '"2"']);
    const handovers = [
      {
        effectiveFrom: "2024-10-01",
        previousLead: "A",
        lead: "B",
        recordedAt: expect.any(String),
        recordedBy: "admin@a",
      },
    ];
    expect(await res.json()).toMatchObject({ id: "ICT", lead: "B", handovers, version: 2 });
    const listed = (await (await t.call("GET", `${base}/services`, { key: financeA })).json()) as { items: unknown[] };
    expect(listed.items).toContainEqual(expect.objectContaining({ id: "ICT", lead: "B", handovers }));

    // Who writes a line follows its date: A up to 30 September, B from 1 October.
    const write = async (key: string, id: string, date: string) =>
      (await t.call("POST", `${base}/cost-lines`, { key, json: ictLine(id, "1.00", date) })).status;
    expect(await write(financeB, "S1", "2024-09-15")).toBe(403);
    expect(await write(financeA, "S1", "2024-09-15")).toBe(201);
    expect(await write(financeA, "O1", "2024-10-15")).toBe(403);
    expect(await write(financeB, "O1", "2024-10-15")).toBe(201);
    const refused = await t.call("POST", `${base}/cost-lines`, {
      key: financeB,
      json: ictLine("S2", "1.00", "2024-09-30"),
    });
    expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe(
      "service ICT is led by A on 2024-09-30: only A's finance users write its lines of that date",
    );

    // A run of the quarter before, made after the hand-over, is issued by A; the quarter after by B.
    const run = async (period: string, issueDate: string) =>
      t.call("POST", `${base}/runs`, { key: financeA, json: { period, issueDate } });
    const q2 = (await (await run("2024/25-Q2", "2024-10-15")).json()) as { id: string };
    const q3 = (await (await run("2024/25-Q3", "2025-01-15")).json()) as { id: string };
    const issuer = async (runId: string, recipient: string, key: string) =>
      (
        (await (await t.call("GET", `${base}/runs/${runId}/statements/${recipient}`, { key })).json()) as {
          view?: { issuer: string };
        }
      ).view?.issuer;
    expect([await issuer(q2.id, "B", financeA), await issuer(q3.id, "A", financeB)]).toEqual(["A", "B"]);
    const leads = async (runId: string) =>
      (await t.store.getRunResult("p1", runId))?.allocation.byService
        .filter((s) => s.service === "ICT")
        .map((s) => s.lead);
    expect([await leads(q2.id), await leads(q3.id)]).toEqual([["A"], ["B"]]);

    // The year holds the hand-over: each line is charged by the lead on its date, so A's statement
    // is issued by B (October on) and B's by A (up to September).
    const year = await t.call("POST", `${base}/runs`, {
      key: financeA,
      json: { period: "2024/25", issueDate: "2025-04-30" },
    });
    expect(year.status).toBe(201);
    const yearId = ((await year.json()) as { id: string }).id;
    const issuers = async (recipient: string, key: string) =>
      (
        (await (await t.call("GET", `${base}/runs/${yearId}/statements/${recipient}`, { key })).json()) as {
          lines: { issuer: string }[];
        }
      ).lines.map((l) => l.issuer);
    expect([await issuers("A", financeA), await issuers("B", financeB)]).toEqual([["B"], ["A"]]);
    expect(await leads(yearId)).toEqual(["A"]);
    expect(
      (await t.store.getRunResult("p1", yearId))?.allocation.byService
        .find((s) => s.service === "ICT")
        ?.leads?.map((l) => [l.lead, l.from]),
    ).toEqual([
      ["A", "2024-04-01"],
      ["B", "2024-10-01"],
    ]);
    // So does a preview of it, and the year's reports of money; the KPI scorecard needs no lead.
    const status = async (path: string) => (await t.call("GET", `${base}${path}`, { key: financeA })).status;
    expect([
      await status("/recharge?period=2024/25"),
      await status("/reports/annual/ICT?year=2024/25"),
      await status("/reports/kpis?year=2024/25"),
    ]).toEqual([200, 200, 200]);
  });

  it("gives a section's dated part of the service to the lead in force during its dates", async () => {
    const financeA = await t.key("p1", "A", "finance");
    const financeB = await t.key("p1", "B", "finance");
    expect((await handOver({ lead: "B", effectiveFrom: "2025-04-01" }, 1)).status).toBe(200);
    const budget = (year: string) => ({ service: "ICT", pool: "staff", year, amount: "1000.00" });
    const put = async (key: string, ...years: string[]) =>
      (await t.call("PUT", `${base}/sections/budgets`, { key, json: years.map(budget) })).status;
    // 2024/25 is A's year of ICT; 2025/26 B's (adding it keeps A's year as stored).
    expect([await put(financeB, "2024/25"), await put(financeA, "2024/25")]).toEqual([403, 200]);
    expect([await put(financeA, "2024/25", "2025/26"), await put(financeB, "2024/25", "2025/26")]).toEqual([403, 200]);
  });

  it("refuses a date that is not a month's first day, is in or before a closed period, or not after the latest hand-over, and a lead that already leads; each naming the field and changing nothing", async () => {
    const approver = keys.approverA;
    expect(await refusal(await handOver({ lead: "B", effectiveFrom: "2024-10-15" }))).toEqual([
      422,
      "VALIDATION_FAILED",
      ["effectiveFrom"],
    ]);
    expect(await refusal(await handOver({ lead: "B" }))).toEqual([422, "VALIDATION_FAILED", ["effectiveFrom"]]);
    expect(await refusal(await handOver({ lead: "B", effectiveFrom: "2024-13-01" }))).toEqual([
      422,
      "INVALID_INPUT",
      ["effectiveFrom"],
    ]);
    expect(await refusal(await handOver({ lead: "A", effectiveFrom: "2024-10-01" }))).toEqual([
      422,
      "INVALID_INPUT",
      ["lead"],
    ]);
    await t.call("POST", `${base}/periods`, { key: approver, json: { name: "2024/25-Q2" } });
    expect((await t.call("POST", `${base}/periods/2024-25-Q2/close`, { key: approver })).status).toBe(200);
    expect(await refusal(await handOver({ lead: "B", effectiveFrom: "2024-07-01" }))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["effectiveFrom"],
    ]);
    expect((await handOver({ lead: "B", effectiveFrom: "2024-10-01" }, 1)).status).toBe(200);
    expect(await refusal(await handOver({ lead: "A", effectiveFrom: "2024-10-01" }))).toEqual([
      409,
      "INVALID_STATE",
      ["effectiveFrom"],
    ]);
    const ict = (await t.store.listServices("p1")).find((s) => s.id === "ICT");
    expect([ict?.version, ict?.handovers.map((h) => h.effectiveFrom)]).toEqual([2, ["2024-10-01"]]);
  });
});

describe("a hand-over still to come, cancelled", () => {
  type Problem = { status: number; code: string; detail: string };
  // Dates far enough ahead to be still to come whenever the tests run.
  const handOver = (lead: string, effectiveFrom: string) =>
    t.call("PATCH", `${base}/services/ICT`, { key: keys.admin, json: { lead, effectiveFrom } });
  const cancel = (effectiveFrom: string, options: { json?: unknown; headers?: Record<string, string> } = {}) =>
    t.call("DELETE", `${base}/services/ICT/handovers/${effectiveFrom}`, { key: keys.admin, ...options });
  const refusal = async (res: Response) => {
    const body = (await res.json()) as Problem;
    return [res.status, res.headers.get("Content-Type"), body.code];
  };

  it("gives the service back its previous lead at its next version, audited, and frees the date", async () => {
    expect((await handOver("B", "2098-04-01")).status).toBe(200);
    expect(await refusal(await cancel("2098-04-01", { json: { reason: "typo" } }))).toEqual([
      422,
      "application/problem+json",
      "VALIDATION_FAILED",
    ]);
    const res = await cancel("2098-04-01", { headers: { "If-Match": '"2"' } });
    expect([res.status, res.headers.get("ETag")]).toEqual([200, '"3"']);
    expect(await res.json()).toMatchObject({ id: "ICT", lead: "A", handovers: [], version: 3 });
    const audit = (await (await t.call("GET", `${base}/audit`, { key: keys.approverA })).json()) as {
      items: { action: string; target: string }[];
    };
    expect(audit.items.at(-1)).toMatchObject({
      action: "service.handover.cancel",
      target: "services/ICT/handovers/2098-04-01",
    });
    // The mistake put right: the same date, the right lead (here B again, for want of a third).
    expect((await handOver("B", "2098-04-01")).status).toBe(200);
  });

  it("refuses, with 409 naming why, one in force, one not the latest, one a run or a closed period depends on; 404 for no such hand-over or partnership; 403 for another role; 412 for a stale version", async () => {
    expect((await handOver("B", "2024-10-01")).status).toBe(200);
    expect((await handOver("A", "2098-04-01")).status).toBe(200);
    expect((await handOver("B", "2098-07-01")).status).toBe(200);
    const before = await t.store.verifyAudit("p1");
    const notLatest = await cancel("2098-04-01");
    expect((await notLatest.clone().json()) as Problem).toMatchObject({
      status: 409,
      code: "INVALID_STATE",
      detail: expect.stringContaining("is not the latest"),
    });
    expect(await refusal(await cancel("2098-10-01"))).toEqual([404, "application/problem+json", "NOT_FOUND"]);
    expect(await refusal(await cancel("2098-07-01", { headers: { "If-Match": '"1"' } }))).toEqual([
      412,
      "application/problem+json",
      "VERSION_MISMATCH",
    ]);
    const finance = await t.key("p1", "A", "finance");
    const other = await t.call("DELETE", `${base}/services/ICT/handovers/2098-07-01`, { key: finance });
    expect(await refusal(other)).toEqual([403, "application/problem+json", "FORBIDDEN"]);
    const elsewhere = await t.call("DELETE", "/v1/partnerships/p2/services/ICT/handovers/2098-07-01", {
      key: keys.admin,
    });
    expect(await refusal(elsewhere)).toEqual([404, "application/problem+json", "NOT_FOUND"]);
    // A draft run of a quarter after the date was made with B leading: the hand-over stays.
    const draft = await t.call("POST", `${base}/runs`, {
      key: finance,
      json: { period: "2098/99-Q3", issueDate: "2098-10-15" },
    });
    expect(draft.status).toBe(201);
    const ran = await cancel("2098-07-01");
    expect((await ran.json()) as Problem).toMatchObject({
      status: 409,
      code: "INVALID_STATE",
      detail: expect.stringMatching(/^run run-\d+ of 2098\/99-Q3 \(draft\) was made with the leads from 2098-07-01 on/),
    });
    const ict = (await t.store.listServices("p1")).find((s) => s.id === "ICT");
    expect(ict?.handovers.map((h) => h.effectiveFrom)).toEqual(["2024-10-01", "2098-04-01", "2098-07-01"]);
    expect((await t.store.verifyAudit("p1")).records).toBe(before.records + 2); // the finance key and the draft
  });

  it("refuses one in force, and one a closed period ending after its date depends on", async () => {
    expect((await handOver("B", "2024-10-01")).status).toBe(200);
    const inForce = await cancel("2024-10-01");
    expect((await inForce.json()) as Problem).toMatchObject({
      status: 409,
      code: "INVALID_STATE",
      detail: expect.stringContaining("is in force"),
    });
    expect((await handOver("A", "2098-04-01")).status).toBe(200);
    const approver = keys.approverA;
    expect((await t.call("POST", `${base}/periods`, { key: approver, json: { name: "2098/99-Q1" } })).status).toBe(201);
    expect((await t.call("POST", `${base}/periods/2098-99-Q1/close`, { key: approver })).status).toBe(200);
    expect(await refusal(await cancel("2098-04-01"))).toEqual([409, "application/problem+json", "PERIOD_CLOSED"]);
  });
});

describe("reserved ids", () => {
  it("refuse a partner `all` and a '.' in a new partner, service or pool id, naming each field, changing nothing", async () => {
    const before = await t.store.verifyAudit("p1");
    const paths = async (res: Response) => {
      const body = (await res.json()) as { code: string; errors?: { path: string; message: string }[] };
      return [res.status, body.code, (body.errors ?? []).map((e) => e.path)];
    };
    const partner = (id: string) => t.call("POST", `${base}/partners`, { key: keys.admin, json: { id, name: "X" } });
    expect(await paths(await partner("all"))).toEqual([422, "INVALID_INPUT", ["id"]]);
    expect(await paths(await partner("D.1"))).toEqual([422, "INVALID_INPUT", ["id"]]);
    const service = await t.call("POST", `${base}/services`, {
      key: keys.admin,
      json: {
        id: "LEG.1",
        name: "Legal",
        lead: "A",
        pools: [
          { id: "staff", name: "S" },
          { id: "counsel.fees", name: "C" },
        ],
      },
    });
    expect(await paths(service)).toEqual([422, "INVALID_INPUT", ["id", "pools[1].id"]]);
    const pool = await t.call("POST", `${base}/services/ICT/pools`, {
      key: keys.admin,
      json: { id: "a.b", name: "AB" },
    });
    expect(await paths(pool)).toEqual([422, "INVALID_INPUT", ["id"]]);
    // Only "all" exactly is reserved; ids are case-sensitive.
    expect((await partner("ALL")).status).toBe(201);
    expect((await t.store.verifyAudit("p1")).records).toBe(before.records + 1);
  });
});

describe("a cost pool added to a service", () => {
  type Problem = { status: number; code: string; errors?: { path: string }[] };
  const addPool = (json: unknown, headers: Record<string, string> = {}, key = keys.admin, service = "ICT") =>
    t.call("POST", `${base}/services/${service}/pools`, { key, json, headers });
  const refusal = async (res: Response) => {
    const body = (await res.json()) as Problem;
    return [res.status, res.headers.get("Content-Type"), body.code, (body.errors ?? []).map((e) => e.path)];
  };

  it("comes after the service's pools, once per Idempotency-Key, is audited, and its lines are shared by the service's rule", async () => {
    const licences = { id: "licences", name: "Software licences" };
    const first = await addPool(licences, { "Idempotency-Key": "pool-licences", "If-Match": '"1"' });
    expect([first.status, first.headers.get("ETag")]).toEqual([201, '"2"']);
    expect(((await first.json()) as { pools: unknown }).pools).toEqual([{ id: "staff", name: "Staff" }, licences]);
    const again = await addPool(licences, { "Idempotency-Key": "pool-licences", "If-Match": '"1"' });
    expect([again.status, again.headers.get("Idempotent-Replayed")]).toEqual([201, "true"]);
    expect(
      await refusal(await addPool({ id: "other", name: "Other" }, { "Idempotency-Key": "pool-licences" })),
    ).toEqual([422, "application/problem+json", "IDEMPOTENCY_KEY_REUSED", []]);
    const audit = (await (await t.call("GET", `${base}/audit`, { key: keys.approverA })).json()) as {
      items: { action: string; target: string }[];
    };
    expect(audit.items.filter((r) => r.action === "service.pool.add").map((r) => r.target)).toEqual([
      "services/ICT/pools/licences",
    ]);
    // ICT's rule is service-wide (equal shares): the new pool's lines are shared by it at once.
    const financeA = await t.key("p1", "A", "finance");
    const line = { ...ictLine("LIC1", "9.99"), pool: "licences" };
    expect((await t.call("POST", `${base}/cost-lines`, { key: financeA, json: line })).status).toBe(201);
    const run = await t.call("POST", `${base}/runs`, {
      key: financeA,
      json: { period: "2024/25-Q1", issueDate: "2024-07-15" },
    });
    expect(run.status).toBe(201);
    const result = await t.store.getRunResult("p1", ((await run.json()) as { id: string }).id);
    const ict = result?.allocation.byService.find((s) => s.service === "ICT");
    expect(ict?.pools.map((p) => [p.pool, p.shares.map((s) => [s.partner, s.amount.minor])])).toEqual([
      [
        "licences",
        [
          ["A", 500],
          ["B", 499],
        ],
      ],
    ]);
  });

  it("leaves runs of earlier periods reproducing: an approved run's check, and a draft's approval", async () => {
    const { financeA, draft, approve, post, check } = await runSteps();
    // An approved (and posted) run of a closed quarter: the pool by default starts after it.
    const approved = await draft("2024/25-Q1", "2024-07-15");
    expect((await approve(approved)).status).toBe(200);
    expect((await post(approved)).status).toBe(200);
    for (const [method, path] of [
      ["POST", `${base}/periods`],
      ["POST", `${base}/periods/2024-25-Q1/close`],
    ] as const)
      expect(
        (
          await t.call(method, path, {
            key: keys.approverA,
            ...(path.endsWith("close") ? {} : { json: { name: "2024/25-Q1" } }),
          })
        ).status,
      ).toBeLessThan(300);
    const added = await addPool({ id: "licences", name: "Licences" });
    expect([added.status, ((await added.json()) as { pools: unknown[] }).pools.at(-1)]).toEqual([
      201,
      { id: "licences", name: "Licences", effectiveFrom: "2024-07-01" },
    ]);
    expect(await check(approved)).toMatchObject({ reproduced: true });
    // A draft of a quarter before a pool given a later start still approves.
    const waiting = await draft("2024/25-Q2", "2024-10-15");
    expect((await addPool({ id: "agency", name: "Agency", effectiveFrom: "2025-04-01" })).status).toBe(201);
    expect((await approve(waiting)).status).toBe(200);
    expect(await check(waiting)).toMatchObject({ reproduced: true });
    // A line of the pool dated before its start is refused by row and field.
    const early = await t.call("POST", `${base}/cost-lines`, {
      key: financeA,
      json: { ...ictLine("AG1", "1.00", "2024-10-31"), pool: "agency" },
    });
    expect(await refusal(early)).toEqual([422, "application/problem+json", "INVALID_INPUT", ["date"]]);
    expect(await refusal(await addPool({ id: "x", name: "X", effectiveFrom: "2024-05-01" }))).toEqual([
      409,
      "application/problem+json",
      "PERIOD_CLOSED",
      ["effectiveFrom"],
    ]);
    expect(await refusal(await addPool({ id: "x", name: "X", effectiveFrom: "2025-04-02" }))).toEqual([
      422,
      "application/problem+json",
      "VALIDATION_FAILED",
      ["effectiveFrom"],
    ]);
  });

  it("refuses a pool id the service has (409), a loose body (422), a stale If-Match (412), another role (403), and a service or partnership out of reach (404), changing nothing", async () => {
    const finance = await t.key("p1", "A", "finance");
    const before = await t.store.verifyAudit("p1");
    expect(await refusal(await addPool({ id: "staff", name: "Staff again" }))).toEqual([
      409,
      "application/problem+json",
      "ALREADY_EXISTS",
      ["id"],
    ]);
    expect(await refusal(await addPool({ id: "x", name: "X", position: 0 }))).toEqual([
      422,
      "application/problem+json",
      "VALIDATION_FAILED",
      ["position"],
    ]);
    expect(await refusal(await addPool({ id: "x y", name: "" }))).toEqual([
      422,
      "application/problem+json",
      "VALIDATION_FAILED",
      ["id", "name"],
    ]);
    expect(await refusal(await addPool({ id: "x", name: "X" }, { "If-Match": '"9"' }))).toEqual([
      412,
      "application/problem+json",
      "VERSION_MISMATCH",
      [],
    ]);
    expect((await refusal(await addPool({ id: "x", name: "X" }, {}, finance)))[2]).toBe("FORBIDDEN");
    expect((await refusal(await addPool({ id: "x", name: "X" }, {}, keys.admin, "HR")))[2]).toBe("NOT_FOUND");
    const elsewhere = await t.call("POST", "/v1/partnerships/p2/services/ICT/pools", {
      key: keys.admin,
      json: { id: "x", name: "X" },
    });
    expect((await refusal(elsewhere)).slice(0, 3)).toEqual([404, "application/problem+json", "NOT_FOUND"]);
    expect((await t.store.listServices("p1")).map((s) => [s.id, s.version, s.pools.length])).toEqual([
      ["BC", 1, 1],
      ["ICT", 1, 1],
    ]);
    expect(await t.store.verifyAudit("p1")).toEqual(before);
  });
});

describe("a service added later", () => {
  type Problem = { status: number; code: string; errors?: { path: string; message: string }[] };
  const HR = { id: "HR", name: "HR", lead: "A", pools: [{ id: "payroll", name: "Payroll" }] };
  const addService = (json: unknown) => t.call("POST", `${base}/services`, { key: keys.admin, json });
  const refusal = async (res: Response) => {
    const body = (await res.json()) as Problem;
    return [res.status, body.code, (body.errors ?? []).map((e) => [e.path, e.message])];
  };

  it("leaves runs of earlier periods reproducing, and its own runs work from its start", async () => {
    const { financeA, approverB, draft, approve, post, check } = await runSteps();
    // An approved (and posted) run of a closed quarter: by default the service starts after it.
    const approved = await draft("2024/25-Q1", "2024-07-15");
    expect((await approve(approved)).status).toBe(200);
    expect((await post(approved)).status).toBe(200);
    expect(
      (await t.call("POST", `${base}/periods`, { key: keys.approverA, json: { name: "2024/25-Q1" } })).status,
    ).toBe(201);
    expect((await t.call("POST", `${base}/periods/2024-25-Q1/close`, { key: keys.approverA })).status).toBe(200);
    const waiting = await draft("2024/25-Q2", "2024-10-15");
    const added = await addService({ ...HR, effectiveFrom: "2025-01-01" });
    expect([added.status, await added.json()]).toMatchObject([
      201,
      {
        id: "HR",
        effectiveFrom: "2025-01-01",
        pools: [{ id: "payroll", name: "Payroll", effectiveFrom: "2025-01-01" }],
      },
    ]);
    expect(await check(approved)).toMatchObject({ reproduced: true });
    // A draft of a quarter before the service's start still approves, and reproduces.
    expect((await approve(waiting)).status).toBe(200);
    expect(await check(waiting)).toMatchObject({ reproduced: true });
    // The service by default starts after the closed quarter.
    const legal = await addService({ ...HR, id: "LEGAL" });
    expect(((await legal.json()) as { effectiveFrom?: string }).effectiveFrom).toBe("2024-07-01");
    // From its start, HR's lines are shared by its own rule.
    const rule = await t.call("POST", `${base}/rules`, {
      key: financeA,
      json: { id: "hr-equal", service: "HR", effectiveFrom: "2025-01-01", basis: { kind: "equal" } },
    });
    expect(rule.status).toBe(201);
    for (const p of ["A", "B", "C"]) {
      const approver = p === "B" ? approverB : await t.key("p1", p, "approver");
      expect((await t.call("POST", `${base}/rules/hr-equal/consent`, { key: approver })).status).toBe(200);
    }
    const hrLine = { id: "H1", service: "HR", pool: "payroll", date: "2025-01-31", amount: "3.00" };
    expect((await t.call("POST", `${base}/cost-lines`, { key: financeA, json: hrLine })).status).toBe(201);
    const run = await draft("2024/25-Q4", "2025-04-15");
    const result = await t.store.getRunResult("p1", run);
    const hr = result?.allocation.byService.find((s) => s.service === "HR");
    expect(hr?.pools.map((p) => [p.pool, p.shares.map((s) => [s.partner, s.amount.minor])])).toEqual([
      [
        "payroll",
        [
          ["A", 100],
          ["B", 100],
          ["C", 100],
        ],
      ],
    ]);
  });

  it("refuses a date not a month's first day (422), in a closed period (409), and rows dated before it (422), changing nothing", async () => {
    expect(
      (await t.call("POST", `${base}/periods`, { key: keys.approverA, json: { name: "2024/25-Q1" } })).status,
    ).toBe(201);
    expect((await t.call("POST", `${base}/periods/2024-25-Q1/close`, { key: keys.approverA })).status).toBe(200);
    const before = await t.store.verifyAudit("p1");
    expect((await refusal(await addService({ ...HR, effectiveFrom: "2025-01-15" }))).slice(0, 2)).toEqual([
      422,
      "VALIDATION_FAILED",
    ]);
    expect(await refusal(await addService({ ...HR, effectiveFrom: "2024-06-01" }))).toEqual([
      409,
      "PERIOD_CLOSED",
      [["effectiveFrom", "must be on or after 2024-07-01, the day after closed period 2024/25-Q1"]],
    ]);
    expect(await t.store.verifyAudit("p1")).toEqual(before);
    expect((await addService({ ...HR, effectiveFrom: "2025-01-01" })).status).toBe(201);
    const financeA = await t.key("p1", "A", "finance");
    const early = await t.call("POST", `${base}/cost-lines`, {
      key: financeA,
      json: { id: "H1", service: "HR", pool: "payroll", date: "2024-12-31", amount: "1.00" },
    });
    expect(await refusal(early)).toEqual([
      422,
      "INVALID_INPUT",
      [["date", "pool payroll of service HR takes part from 2025-01-01: a line of it is dated on or after 2025-01-01"]],
    ]);
    const pool = await t.call("POST", `${base}/services/HR/pools`, {
      key: keys.admin,
      json: { id: "agency", name: "Agency", effectiveFrom: "2024-10-01" },
    });
    expect(await refusal(pool)).toEqual([
      422,
      "INVALID_INPUT",
      [["effectiveFrom", "service HR takes part from 2025-01-01: a pool of it takes part on or after 2025-01-01"]],
    ]);
    const handover = await t.call("PATCH", `${base}/services/HR`, {
      key: keys.admin,
      json: { lead: "B", effectiveFrom: "2024-10-01" },
    });
    expect((await refusal(handover)).slice(0, 2)).toEqual([422, "INVALID_INPUT"]);
  });
});
