import { describe, expect, it } from "vitest";
import { useTestApp } from "../testing/index.js";

// A leads ICT (A and B take part); C leads BC alone. Rule versions proposed by A's finance user,
// terms versions by B's admin.
const p = "/v1/partnerships/p1";
const t = useTestApp({
  per: "test",
  keys: {
    financeA: "p1/A/finance",
    adminA: "p1/A/admin",
    financeB: "p1/B/finance",
    adminB: "p1/B/admin",
    approverA: "p1/A/approver",
    approverB: "p1/B/approver",
    approverC: "p1/C/approver",
    viewerC: "p1/C/viewer",
  },
});
const { keys } = t;

interface Version {
  id: string;
  status: string;
  awaiting: string[];
  consents: { partner: string }[];
  proposedByPartner: string | null;
  declined: { partner: string; keyId: string; actor: string; at: string; reason: string } | null;
  withdrawn: { partner: string | null; keyId: string; actor: string; at: string } | null;
  version: number;
}
interface Problem {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

const rule = (id: string) => ({ id, service: "ICT", effectiveFrom: "2025-04-01", basis: { kind: "equal" } });
const propose = async (id = "ict-v2") => {
  const res = await t.call("POST", `${p}/rules`, { key: keys.financeA, json: rule(id) });
  expect(res.status).toBe(201);
  return (await res.json()) as Version;
};
const post = (key: string, path: string, json?: unknown, headers?: Record<string, string>) =>
  t.call("POST", `${p}${path}`, { key, ...(json === undefined ? {} : { json }), ...(headers ? { headers } : {}) });
const answer = async (res: Response) => [res.status, (await res.json()) as Version & Problem] as const;
/** The actions of the audit log, in order; only those on one target if given. */
const auditActions = async (target?: string) => {
  const res = await t.call("GET", `${p}/audit?limit=1000`, { key: keys.adminA });
  const { items } = (await res.json()) as { items: { action: string; target: string }[] };
  return items.filter((r) => target === undefined || r.target === target).map((r) => r.action);
};

describe("declining a rule version", () => {
  it("ends it for good: declined with who, which partner, when and why; read, listed and filtered so", async () => {
    const proposed = await propose();
    expect([proposed.proposedByPartner, proposed.declined, proposed.withdrawn]).toEqual(["A", null, null]);
    const res = await post(keys.approverB, "/rules/ict-v2/decline", { reason: "usage-based, please" });
    const [status, declined] = await answer(res);
    expect([status, res.headers.get("ETag")]).toEqual([200, `"${proposed.version + 1}"`]);
    expect(declined).toMatchObject({
      id: "ict-v2",
      status: "declined",
      awaiting: [],
      withdrawn: null,
      declined: { partner: "B", actor: "approver@b", reason: "usage-based, please" },
    });
    const read = await t.call("GET", `${p}/rules/ict-v2`, { key: keys.viewerC });
    expect(await read.json()).toEqual(declined);
    const list = async (q: string) =>
      ((await (await t.call("GET", `${p}/rules${q}`, { key: keys.viewerC })).json()) as { items: Version[] }).items.map(
        (r) => r.id,
      );
    expect(await list("?status=declined")).toEqual(["ict-v2"]);
    expect(await list("?status=active")).toEqual(["bc-direct", "ict-equal"]);
    expect(await list("?status=withdrawn")).toEqual([]);
    expect(await list("")).toEqual(["bc-direct", "ict-equal", "ict-v2"]);
    expect((await t.call("GET", `${p}/rules?status=gone`, { key: keys.viewerC })).status).toBe(422);

    for (const [key, path, json] of [
      [keys.approverA, "consent", undefined],
      [keys.approverC, "decline", { reason: "me too" }],
      [keys.financeA, "withdraw", undefined],
    ] as const) {
      const [later, problem] = await answer(await post(key, `/rules/ict-v2/${path}`, json));
      expect([later, problem.code, problem.detail]).toEqual([
        409,
        "INVALID_STATE",
        "rule version ict-v2 is already declined: it can no longer take effect",
      ]);
    }
    expect((await auditActions()).slice(-2)).toEqual(["rule.propose", "rule.decline"]);
  });

  it("needs a reason that is not blank, and no other field", async () => {
    await propose();
    for (const [json, path] of [
      [{}, "reason"],
      [{ reason: "" }, "reason"],
      [{ reason: "  \t" }, "reason"],
      [{ reason: 7 }, "reason"],
      [{ reason: "no", declinedBy: "someone" }, "declinedBy"],
    ] as const) {
      const [status, problem] = await answer(await post(keys.approverB, "/rules/ict-v2/decline", json));
      expect([status, problem.code]).toEqual([422, "VALIDATION_FAILED"]);
      expect(problem.errors?.map((e) => e.path)).toEqual([path]);
    }
    const [status, after] = await answer(await t.call("GET", `${p}/rules/ict-v2`, { key: keys.approverB }));
    expect([status, after.status, after.declined]).toEqual([200, "proposed", null]);
  });

  it("is refused to a partner that consented, to other roles, for an active or unknown version", async () => {
    await propose();
    expect((await post(keys.approverA, "/rules/ict-v2/consent")).status).toBe(200);
    const [consented, problem] = await answer(await post(keys.approverA, "/rules/ict-v2/decline", { reason: "no" }));
    expect([consented, problem.code]).toEqual([409, "INVALID_STATE"]);
    expect((await post(keys.financeB, "/rules/ict-v2/decline", { reason: "no" })).status).toBe(403);
    expect((await post(keys.adminB, "/rules/ict-v2/decline", { reason: "no" })).status).toBe(403);
    expect((await post(keys.approverB, "/rules/nope/decline", { reason: "no" })).status).toBe(404);
    const [active, activeProblem] = await answer(
      await post(keys.approverB, "/rules/ict-equal/decline", { reason: "no" }),
    );
    expect([active, activeProblem.detail]).toEqual([409, "rule version ict-equal is already active"]);
  });
});

describe("withdrawing a rule version", () => {
  it("is for the finance and admin keys of the proposer's partner, while it is proposed", async () => {
    await propose();
    expect((await post(keys.approverB, "/rules/ict-v2/consent")).status).toBe(200);
    const [other, problem] = await answer(await post(keys.financeB, "/rules/ict-v2/withdraw"));
    expect([other, problem.code, problem.detail]).toEqual([
      403,
      "NOT_PERMITTED",
      "rule version ict-v2 was proposed for A: only its keys may withdraw it",
    ]);
    expect((await post(keys.approverA, "/rules/ict-v2/withdraw")).status).toBe(403);
    const [status, withdrawn] = await answer(await post(keys.adminA, "/rules/ict-v2/withdraw"));
    expect([status, withdrawn.status, withdrawn.awaiting, withdrawn.declined]).toEqual([200, "withdrawn", [], null]);
    expect(withdrawn.withdrawn).toMatchObject({ partner: "A", actor: "admin@a" });
    expect(withdrawn.consents.map((c) => c.partner)).toEqual(["B"]);
    const [again, againProblem] = await answer(await post(keys.financeA, "/rules/ict-v2/withdraw"));
    expect([again, againProblem.detail]).toEqual([
      409,
      "rule version ict-v2 is already withdrawn: it can no longer take effect",
    ]);
    expect((await post(keys.approverA, "/rules/ict-v2/consent")).status).toBe(409);
    expect((await post(keys.financeA, "/rules/nope/withdraw")).status).toBe(404);
    expect((await post(keys.financeA, "/rules/ict-equal/withdraw")).status).toBe(409);
  });

  it("with an Idempotency-Key, answers a repeat with the first answer and writes once", async () => {
    await propose();
    const before = (await auditActions()).length;
    const headers = { "Idempotency-Key": "withdraw-ict-v2" };
    const first = await post(keys.financeA, "/rules/ict-v2/withdraw", undefined, headers);
    const second = await post(keys.financeA, "/rules/ict-v2/withdraw", undefined, headers);
    expect([first.status, second.status, second.headers.get("Idempotent-Replayed")]).toEqual([200, 200, "true"]);
    expect(await second.text()).toBe(await first.text());
    expect((await auditActions()).length).toBe(before + 1);
    const decline = { "Idempotency-Key": "decline-once" };
    await propose("ict-v3");
    expect((await post(keys.approverC, "/rules/ict-v3/decline", { reason: "no" }, decline)).status).toBe(200);
    const other = await post(keys.approverC, "/rules/ict-v3/decline", { reason: "other" }, decline);
    expect([other.status, ((await other.json()) as Problem).code]).toEqual([422, "IDEMPOTENCY_KEY_REUSED"]);
  });
});

describe("a consent, a decline and a withdrawal of one version sent at once", () => {
  it("settle it once: exactly one succeeds and the others answer 409", async () => {
    await propose();
    expect((await post(keys.approverA, "/rules/ict-v2/consent")).status).toBe(200);
    expect((await post(keys.approverB, "/rules/ict-v2/consent")).status).toBe(200);
    const responses = await Promise.all([
      post(keys.approverC, "/rules/ict-v2/consent"),
      post(keys.approverC, "/rules/ict-v2/decline", { reason: "no" }),
      post(keys.financeA, "/rules/ict-v2/withdraw"),
      post(keys.adminA, "/rules/ict-v2/withdraw"),
    ]);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(3);
    const winner = statuses.indexOf(200);
    const [, after] = await answer(await t.call("GET", `${p}/rules/ict-v2`, { key: keys.viewerC }));
    expect(after.status).toBe(["active", "declined", "withdrawn", "withdrawn"][winner]);
    expect(await auditActions("rules/ict-v2")).toEqual([
      "rule.propose",
      "rule.consent",
      "rule.consent",
      ["rule.consent", "rule.decline", "rule.withdraw", "rule.withdraw"][winner],
    ]);
  });
});

describe("a terms version", () => {
  const TERMS = { rounding: "half-up", attribution: "actual", baselines: [] };
  const proposeTerms = async () => {
    const res = await t.call("PUT", `${p}/sections/savings`, { key: keys.adminB, json: TERMS });
    expect(res.status).toBe(202);
  };
  const section = async () => (await t.call("GET", `${p}/sections/savings`, { key: keys.financeA })).status;

  it("declined by a partner's approver, never enters its section", async () => {
    await proposeTerms();
    expect((await post(keys.approverA, "/terms/terms-1/consent")).status).toBe(200);
    const [status, declined] = await answer(
      await post(keys.approverC, "/terms/terms-1/decline", { reason: "not agreed at the board" }),
    );
    expect([status, declined.status, declined.proposedByPartner, declined.awaiting]).toEqual([
      200,
      "declined",
      "B",
      [],
    ]);
    expect(declined.declined).toMatchObject({ partner: "C", actor: "approver@c", reason: "not agreed at the board" });
    expect((await post(keys.approverB, "/terms/terms-1/consent")).status).toBe(409);
    expect((await post(keys.approverB, "/terms/terms-1/decline", {})).status).toBe(422);
    expect(await section()).toBe(404);
    const listed = await t.call("GET", `${p}/terms?status=declined`, { key: keys.viewerC });
    expect(((await listed.json()) as { items: Version[] }).items.map((v) => v.id)).toEqual(["terms-1"]);
    expect((await auditActions()).slice(-1)).toEqual(["terms.decline"]);
  });

  it("is withdrawn by the proposer's partner's finance or admin keys only, and never enters its section", async () => {
    await proposeTerms();
    const [other, problem] = await answer(await post(keys.adminA, "/terms/terms-1/withdraw"));
    expect([other, problem.code]).toEqual([403, "NOT_PERMITTED"]);
    expect((await post(keys.approverB, "/terms/terms-1/withdraw")).status).toBe(403);
    const [status, withdrawn] = await answer(await post(keys.financeB, "/terms/terms-1/withdraw"));
    expect([status, withdrawn.status, withdrawn.withdrawn?.partner, withdrawn.withdrawn?.actor]).toEqual([
      200,
      "withdrawn",
      "B",
      "finance@b",
    ]);
    expect((await post(keys.approverA, "/terms/terms-1/consent")).status).toBe(409);
    expect((await post(keys.adminB, "/terms/terms-1/withdraw")).status).toBe(409);
    expect((await post(keys.adminB, "/terms/terms-9/withdraw")).status).toBe(404);
    expect(await section()).toBe(404);
  });

  it("taking its last consent while it is declined is settled once", async () => {
    await proposeTerms();
    expect((await post(keys.approverA, "/terms/terms-1/consent")).status).toBe(200);
    expect((await post(keys.approverB, "/terms/terms-1/consent")).status).toBe(200);
    const statuses = (
      await Promise.all([
        post(keys.approverC, "/terms/terms-1/consent"),
        post(keys.approverC, "/terms/terms-1/decline", { reason: "no" }),
        post(keys.adminB, "/terms/terms-1/withdraw"),
      ])
    ).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(2);
    expect(await section()).toBe(statuses[0] === 200 ? 200 : 404);
  });
});
