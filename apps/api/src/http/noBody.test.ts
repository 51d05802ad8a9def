import { describe, expect, it } from "vitest";
import { ictLine, useTestApp } from "../testing/index.js";

// Every action route (approve, post, close, consent, withdraw) with its subject ready to act on:
// run-1 drafted by A's finance user, rule version ict-v2 proposed by A, terms-1 proposed by B's
// admin, period 2025/26 open.
const p = "/v1/partnerships/p1";
const t = useTestApp({
  keys: {
    financeA: "p1/A/finance",
    adminB: "p1/B/admin",
    approverA: "p1/A/approver",
    approverB: "p1/B/approver",
  },
  withKeys: async (app, keys) => {
    const call = async (key: string, method: string, path: string, json: unknown) => {
      const res = await app.call(method, `${p}${path}`, { key, json });
      expect(res.status, `${method} ${path}`).toBeLessThan(300);
    };
    await call(keys.financeA, "POST", "/cost-lines", ictLine("L1", "100.01"));
    await call(keys.financeA, "POST", "/runs", { period: "2024/25-Q1", issueDate: "2024-07-15" });
    await call(keys.financeA, "POST", "/rules", {
      id: "ict-v2",
      service: "ICT",
      effectiveFrom: "2025-04-01",
      basis: { kind: "equal" },
    });
    await call(keys.adminB, "PUT", "/sections/savings", { rounding: "half-up", attribution: "actual", baselines: [] });
    await call(keys.approverB, "POST", "/periods", { name: "2025/26" });
  },
});
const { keys } = t;

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

/** The action routes, each with a key that may take the action and the fields a client might try to set. */
const ACTIONS = [
  { path: "/runs/run-1/approve", key: () => keys.approverB, json: { approvedBy: "mallory", approvedAt: "2020-01-01" } },
  { path: "/runs/run-1/post", key: () => keys.approverB, json: { postedAt: "2020-01-01", status: "posted" } },
  { path: "/periods/2025-26/close", key: () => keys.approverB, json: { closedAt: "2020-01-01", closedBy: "mallory" } },
  { path: "/rules/ict-v2/consent", key: () => keys.approverA, json: { partner: "B", at: "2020-01-01" } },
  { path: "/terms/terms-1/consent", key: () => keys.approverA, json: { partner: "C", at: "2020-01-01" } },
  { path: "/rules/ict-v2/withdraw", key: () => keys.financeA, json: { withdrawn: { actor: "mallory" } } },
  { path: "/terms/terms-1/withdraw", key: () => keys.adminB, json: { at: "2020-01-01" } },
] as const;

/** What an action could change: the runs, periods, rule and terms versions and the audit chain. */
async function state(): Promise<unknown[]> {
  const read = async (path: string) => (await t.call("GET", `${p}${path}`, { key: keys.approverB })).json();
  return Promise.all(["/runs", "/periods", "/rules", "/terms", "/audit?limit=1000"].map(read));
}

describe("an action route that takes no body", () => {
  it("answers 422 naming every server-owned field sent, and changes nothing", async () => {
    const before = await state();
    for (const a of ACTIONS) {
      const res = await t.call("POST", `${p}${a.path}`, { key: a.key(), json: a.json });
      expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
      const problem = (await res.json()) as Problem;
      expect([res.status, problem.code], a.path).toEqual([422, "VALIDATION_FAILED"]);
      expect(problem.errors?.map((e) => e.path)).toEqual(Object.keys(a.json));
      for (const e of problem.errors ?? []) expect(e.message).toMatch(/takes no body: the server sets/);
    }
    expect(await state()).toEqual(before);
  });

  it("refuses a JSON value other than an object (422), malformed JSON (400) and a body that is not JSON (415)", async () => {
    const before = await state();
    const send = (path: string, key: string, text: string, type: string) =>
      t.call("POST", `${p}${path}`, { key, text, type });
    for (const a of ACTIONS) {
      for (const [text, type, status, code] of [
        ["[]", "application/json", 422, "VALIDATION_FAILED"],
        ['"approved"', "application/json", 422, "VALIDATION_FAILED"],
        ["null", "application/json", 422, "VALIDATION_FAILED"],
        ['{"approvedBy":', "application/json", 400, "BAD_REQUEST"],
        ["approvedBy=mallory", "application/x-www-form-urlencoded", 415, "UNSUPPORTED_MEDIA_TYPE"],
        ["{}", "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"],
      ] as const) {
        const res = await send(a.path, a.key(), text, type);
        expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
        const problem = (await res.json()) as Problem;
        expect([res.status, problem.code], `${a.path} ${type} ${text}`).toEqual([status, code]);
      }
    }
    const unlabelled = await t.app.request(`${p}/runs/run-1/approve`, {
      method: "POST",
      headers: { Authorization: `Bearer ${keys.approverB}` },
      body: new TextEncoder().encode('{"approvedBy":"mallory"}'),
    });
    expect(unlabelled.status).toBe(415);
    expect(await state()).toEqual(before);
  });

  it("acts on no body, a blank body or {} and records the server's own who and when", async () => {
    const ok = async (path: string, key: string, body: { json?: unknown; text?: string; type?: string }) => {
      const res = await t.call("POST", `${p}${path}`, { key, ...body });
      expect(res.status, path).toBe(200);
      return (await res.json()) as Record<string, unknown>;
    };
    const approved = await ok("/runs/run-1/approve", keys.approverB, { json: {} });
    expect([approved.status, approved.approvedBy]).toEqual(["approved", "approver@b"]);
    expect(approved.approvedAt).not.toBe("2020-01-01");
    expect((await ok("/runs/run-1/post", keys.approverB, {})).status).toBe("posted");
    const closed = await ok("/periods/2025-26/close", keys.approverB, { text: " \n", type: "application/json" });
    expect([closed.status, closed.closedBy]).toEqual(["closed", "approver@b"]);
    const consented = await ok("/rules/ict-v2/consent", keys.approverA, { json: {} });
    expect(consented.consents).toEqual([expect.objectContaining({ partner: "A", actor: "approver@a" })]);
    expect((await ok("/terms/terms-1/consent", keys.approverA, {})).awaiting).toEqual(["B", "C"]);
    expect((await ok("/rules/ict-v2/withdraw", keys.financeA, { json: {} })).status).toBe("withdrawn");
    expect((await ok("/terms/terms-1/withdraw", keys.adminB, {})).status).toBe("withdrawn");
  });

  it("is declared in the OpenAPI document: every POST, PUT and PATCH has a request body, empty on actions", async () => {
    type Op = { requestBody?: { required?: boolean; content: Record<string, { schema: { maxProperties?: number } }> } };
    const doc = (await (await t.app.request("/openapi.json")).json()) as { paths: Record<string, Record<string, Op>> };
    const writes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => ["post", "put", "patch"].includes(method))
        .map(([method, op]) => ({ route: `${method} ${path}`, op })),
    );
    expect(writes.filter((w) => w.op.requestBody === undefined).map((w) => w.route)).toEqual([]);
    for (const a of ACTIONS) {
      const path = `/v1/partnerships/{partnership}${a.path
        .replace(/^\/runs\/run-1/, "/runs/{run}")
        .replace(/^\/periods\/2025-26/, "/periods/{period}")
        .replace(/^\/rules\/ict-v2/, "/rules/{rule}")
        .replace(/^\/terms\/terms-1/, "/terms/{terms}")}`;
      const body = doc.paths[path]?.post?.requestBody;
      expect(body?.required, path).toBe(false);
      expect(body?.content["application/json"]?.schema.maxProperties, path).toBe(0);
    }
  });
});

describe("other writes that might carry server-owned fields", () => {
  it("refuses a body on key revocation (422 naming the field) and leaves the key live", async () => {
    const listed = (await (await t.call("GET", `${p}/keys`, { key: keys.adminB })).json()) as {
      items: { id: string; name: string }[];
    };
    const target = listed.items.find((k) => k.name !== "admin@b");
    expect(target).toBeDefined();
    const res = await t.call("DELETE", `${p}/keys/${target?.id}`, {
      key: keys.adminB,
      json: { revokedAt: "2020-01-01" },
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).errors?.map((e) => e.path)).toEqual(["revokedAt"]);
    const after = (await (await t.call("GET", `${p}/keys`, { key: keys.adminB })).json()) as { items: unknown[] };
    expect(after.items).toEqual(listed.items);
    expect((await t.call("DELETE", `${p}/keys/${target?.id}`, { key: keys.adminB })).status).toBe(200);
  });

  it("refuses unknown fields in a new service's pools (422 naming them)", async () => {
    const admin = await t.key("p1", "A", "admin", "admin2@a");
    const res = await t.call("POST", `${p}/services`, {
      key: admin,
      json: { id: "LEG", name: "Legal", lead: "A", pools: [{ id: "staff", name: "Staff", version: 7 }] },
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).errors?.map((e) => e.path)).toEqual(["pools[0].version"]);
  });
});
