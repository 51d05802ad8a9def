import { describe, expect, it } from "vitest";
import { ictLine, useTestApp } from "../testing/index.js";

const base = "/v1/partnerships/p1";
/** p1: ICT led by A, shared equally by A and B; 120.01 of cost in 2024/25-Q1. */
const t = useTestApp({
  per: "test",
  keys: {
    financeA: "p1/A/finance",
    financeB: "p1/B/finance",
    approverB: "p1/B/approver",
    viewerA: "p1/A/viewer",
  },
  withKeys: async (app, keys) => {
    const lines = [ictLine("L1", "100.01"), ictLine("L2", "20.00", "2024-06-30")];
    expect(
      (await app.call("POST", `${base}/cost-lines/import`, { key: keys.financeA, json: { items: lines } })).status,
    ).toBe(201);
  },
});
const { keys } = t;

interface RunBody {
  id: string;
  status: string;
  version: number;
  discardedBy: string | null;
  discardedAt: string | null;
  discardReason: string | null;
}

const Q1 = { period: "2024/25-Q1", issueDate: "2024-07-15" };
/** Drafts a run of Q1 (as A's finance officer): its id. */
async function draft(json: Record<string, unknown> = Q1): Promise<string> {
  const res = await t.call("POST", `${base}/runs`, { key: keys.financeA, json });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}
const discard = (run: string, json: unknown, key = keys.financeB, headers: Record<string, string> = {}) =>
  t.call("POST", `${base}/runs/${run}/discard`, { key, json, headers });
const problemOf = async (res: Response) => {
  const body = (await res.json()) as { code: string; detail?: string; errors?: { path: string }[] };
  return [res.status, body.code, (body.errors ?? []).map((e) => e.path)];
};

describe("discarding a draft run", () => {
  it("keeps the run, marked discarded with who discarded it, when and why, audited, and listed so", async () => {
    const run = await draft();
    // Any finance officer of the partnership may discard it, not only the one who drafted it.
    const res = await discard(run, { reason: "drafted with the wrong issue date" }, keys.financeB, {
      "If-Match": '"1"',
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("ETag")).toBe('"2"');
    const body = (await res.json()) as RunBody;
    expect([body.id, body.status, body.version, body.discardedBy, body.discardReason]).toEqual([
      run,
      "discarded",
      2,
      "finance@b",
      "drafted with the wrong issue date",
    ]);
    expect(body.discardedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await (await t.call("GET", `${base}/runs/${run}`, { key: keys.viewerA })).json()).toEqual(body);
    // The list still has it (its id may be cited), marked.
    const list = (await (await t.call("GET", `${base}/runs`, { key: keys.viewerA })).json()) as { items: RunBody[] };
    expect(list.items.map((r) => [r.id, r.status])).toEqual([[run, "discarded"]]);
    // The audit chain records the discard, with the run before and after.
    const audit = (await t.store.listAudit("p1", 0, 100)).filter((r) => r.target === `runs/${run}`);
    expect(audit.map((r) => [r.action, r.actor])).toEqual([
      ["run.create", "finance@a"],
      ["run.discard", "finance@b"],
    ]);
    expect(await t.store.verifyAudit("p1")).toMatchObject({ valid: true });
    // A discarded run can be neither approved nor discarded into anything else.
    const approve = await t.call("POST", `${base}/runs/${run}/approve`, { key: keys.approverB });
    expect(await problemOf(approve)).toEqual([409, "INVALID_STATE", []]);
  });

  it("is idempotent: discarding a discarded run answers it as it is and records nothing more", async () => {
    const run = await draft();
    const first = await discard(run, { reason: "wrong period" });
    expect(first.status).toBe(200);
    const firstBody = await first.json();
    // A retry (its If-Match the draft's version, another reason) finds it discarded: the first answer stands.
    const again = await discard(run, { reason: "retry" }, keys.financeA, { "If-Match": '"1"' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(firstBody);
    const discards = (await t.store.listAudit("p1", 0, 100)).filter((r) => r.action === "run.discard");
    expect(discards).toHaveLength(1);
  });

  it("refuses an approved or posted run (409 INVALID_STATE), a stale version (412), and a missing or blank reason (422)", async () => {
    const approved = await draft();
    expect((await t.call("POST", `${base}/runs/${approved}/approve`, { key: keys.approverB })).status).toBe(200);
    const refused = await discard(approved, { reason: "too late" });
    const problem = (await refused.clone().json()) as { detail: string };
    expect(await problemOf(refused)).toEqual([409, "INVALID_STATE", []]);
    expect(problem.detail).toContain("approved");
    expect((await t.call("POST", `${base}/runs/${approved}/post`, { key: keys.approverB })).status).toBe(200);
    expect(await problemOf(await discard(approved, { reason: "too late" }))).toEqual([409, "INVALID_STATE", []]);
    const waiting = await draft({ ...Q1, issueDate: "2024-07-16" });
    expect(await problemOf(await discard(waiting, { reason: "x" }, keys.financeA, { "If-Match": '"7"' }))).toEqual([
      412,
      "VERSION_MISMATCH",
      [],
    ]);
    expect(await problemOf(await discard(waiting, {}))).toEqual([422, "VALIDATION_FAILED", ["reason"]]);
    expect(await problemOf(await discard(waiting, { reason: "  " }))).toEqual([422, "VALIDATION_FAILED", ["reason"]]);
    expect(await problemOf(await discard("run-99", { reason: "x" }))).toEqual([404, "NOT_FOUND", []]);
    // An approver or a viewer does not discard: it is the preparers' act.
    for (const key of [keys.approverB, keys.viewerA])
      expect((await discard(waiting, { reason: "x" }, key)).status).toBe(403);
    expect(
      ((await (await t.call("GET", `${base}/runs/${waiting}`, { key: keys.viewerA })).json()) as RunBody).status,
    ).toBe("draft");
  });

  it("no longer blocks an identical draft of the same period", async () => {
    const run = await draft();
    const twin = await t.call("POST", `${base}/runs`, { key: keys.financeA, json: Q1 });
    expect(await problemOf(twin)).toEqual([409, "ALREADY_EXISTS", []]);
    expect((await discard(run, { reason: "drafted twice by mistake" })).status).toBe(200);
    expect((await t.call("POST", `${base}/runs`, { key: keys.financeA, json: Q1 })).status).toBe(201);
  });

  it("of a reversal booked in the wrong open period lets the posted run be reversed in the right one", async () => {
    const run = await draft();
    for (const action of ["approve", "post"])
      expect((await t.call("POST", `${base}/runs/${run}/${action}`, { key: keys.approverB })).status).toBe(200);
    const reverse = (period: string) =>
      t.call("POST", `${base}/runs/${run}/reverse`, { key: keys.financeA, json: { period } });
    const wrong = await reverse("2024/25-Q4");
    expect(wrong.status).toBe(201);
    const { id: wrongId } = (await wrong.json()) as { id: string };
    expect(await problemOf(await reverse("2024/25-Q2"))).toEqual([409, "INVALID_STATE", []]);
    expect((await discard(wrongId, { reason: "booked in Q4, meant Q2" })).status).toBe(200);
    const right = await reverse("2024/25-Q2");
    expect(right.status).toBe(201);
    const { id } = (await right.json()) as { id: string };
    for (const action of ["approve", "post"])
      expect((await t.call("POST", `${base}/runs/${id}/${action}`, { key: keys.approverB })).status).toBe(200);
    const runs = (await (await t.call("GET", `${base}/runs`, { key: keys.viewerA })).json()) as { items: RunBody[] };
    expect(runs.items.map((r) => [r.id, r.status])).toEqual([
      [id, "posted"],
      [wrongId, "discarded"],
      [run, "reversed"],
    ]);
  });

  it("is allowed in a closed period: discarding changes no figure of it", async () => {
    const run = await draft();
    expect(
      (await t.call("POST", `${base}/periods`, { key: keys.approverB, json: { name: "2024/25-Q1" } })).status,
    ).toBe(201);
    expect((await t.call("POST", `${base}/periods/2024-25-Q1/close`, { key: keys.approverB })).status).toBe(200);
    expect((await discard(run, { reason: "the period closed before anyone approved it" })).status).toBe(200);
  });

  it("once discarded in a closed period, is refused approval for its state (409 INVALID_STATE), not the period", async () => {
    const run = await draft();
    expect((await discard(run, { reason: "drafted in error" })).status).toBe(200);
    expect(
      (await t.call("POST", `${base}/periods`, { key: keys.approverB, json: { name: "2024/25-Q1" } })).status,
    ).toBe(201);
    expect((await t.call("POST", `${base}/periods/2024-25-Q1/close`, { key: keys.approverB })).status).toBe(200);
    // Approving it answers what is wrong first: a discarded run can never be approved, in any period.
    const approve = await t.call("POST", `${base}/runs/${run}/approve`, { key: keys.approverB });
    const problem = (await approve.clone().json()) as { detail: string };
    expect(await problemOf(approve)).toEqual([409, "INVALID_STATE", []]);
    expect(problem.detail).toContain("discarded");
    // Posting it likewise: only an approved run is posted.
    expect(await problemOf(await t.call("POST", `${base}/runs/${run}/post`, { key: keys.approverB }))).toEqual([
      409,
      "INVALID_STATE",
      [],
    ]);
  });
});
