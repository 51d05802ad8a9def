import { describe, expect, it } from "vitest";
import { ictLine, useTestApp } from "../testing/index.js";

// A leads ICT (A and B take part); C leads Building Control alone.
const p = "/v1/partnerships/p1";
const t = useTestApp({
  per: "test",
  keys: {
    adminA: "p1/A/admin",
    financeA: "p1/A/finance",
    approverA: "p1/A/approver",
    approverB: "p1/B/approver",
    approverC: "p1/C/approver",
  },
});
const { keys } = t;

/** ICT supports Building Control: a quarter of ICT's costs pass to it, which C alone pays. */
const SUPPORT = { support: { method: "direct", consumption: [{ from: "ICT", to: "BC", share: "0.25" }] } };

const put = (json: unknown, query = "") => t.call("PUT", `${p}/settings${query}`, { key: keys.adminA, json });
const consent = (key: string, id = "terms-1") => t.call("POST", `${p}/terms/${id}/consent`, { key });
const read = async () =>
  (await (await t.call("GET", p, { key: keys.financeA })).json()) as {
    settings: object;
    version: number;
    settingsInForce: {
      effectiveFrom: string | null;
      until: string | null;
      termsVersion: string | null;
      settings: object;
    }[];
  };
const codeOf = async (res: Response) => [res.status, ((await res.clone().json()) as { code?: string }).code];

/** Drafts a run of the period; what A's statement charges B, in pence. */
async function draft(period: string): Promise<{ id: string; b: number }> {
  const res = await t.call("POST", `${p}/runs`, { key: keys.financeA, json: { period, issueDate: "2025-07-15" } });
  expect(res.status, await res.clone().text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const statement = await t.call("GET", `${p}/runs/${id}/statements/B`, { key: keys.financeA });
  return { id, b: ((await statement.json()) as { total: { minor: number } }).total.minor };
}

async function close(name: string) {
  expect((await t.call("POST", `${p}/periods`, { key: keys.approverA, json: { name } })).status).toBe(201);
  const slug = name.replace("/", "-");
  expect((await t.call("POST", `${p}/periods/${slug}/close`, { key: keys.approverA })).status).toBe(200);
}

describe("the partnership's settings", () => {
  it("are set by the admin at once while the partnership is being set up, and shown in force from the beginning", async () => {
    const unknown = await put({ support: { ...SUPPORT.support, order: ["ICT", "HR"] } });
    expect(await codeOf(unknown)).toEqual([422, "INVALID_INPUT"]);
    expect(((await unknown.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      "support.order[1]",
    ]);
    const set = await put(SUPPORT);
    expect([set.status, ((await set.json()) as { version: number }).version]).toEqual([200, 2]);
    const partnership = await read();
    expect(partnership.settings).toEqual(SUPPORT);
    expect(partnership.settingsInForce).toEqual([
      { effectiveFrom: null, until: null, termsVersion: null, agreedAt: null, settings: SUPPORT },
    ]);
    const terms = (await (await t.call("GET", `${p}/terms`, { key: keys.financeA })).json()) as {
      inForce: { section: string }[];
    };
    expect(terms.inForce.map((s) => s.section)).toEqual(["settings"]);
    // A finance key does not write settings at any stage.
    expect(await codeOf(await t.call("PUT", `${p}/settings`, { key: keys.financeA, json: {} }))).toEqual([
      403,
      "FORBIDDEN",
    ]);
  });

  it("are still set at once when the only run drafted was discarded, and proposed while a draft waits", async () => {
    const lines = { items: [ictLine("L1", "100.00")] };
    expect((await t.call("POST", `${p}/cost-lines/import`, { key: keys.financeA, json: lines })).status).toBe(201);
    const { id } = await draft("2024/25-Q1");
    const reason = { reason: "drafted before the support settings were set" };
    expect((await t.call("POST", `${p}/runs/${id}/discard`, { key: keys.financeA, json: reason })).status).toBe(200);
    expect((await put(SUPPORT)).status).toBe(200);
    expect((await read()).settings).toEqual(SUPPORT);
    await draft("2024/25-Q1");
    expect((await put({})).status).toBe(202);
    expect((await read()).settings).toEqual(SUPPORT);
  });

  it("after set-up wait for an approver of every partner, then charge the years from theirs: earlier runs keep reproducing", async () => {
    for (const line of [
      ictLine("L1", "100.00"),
      ictLine("L2", "100.00", "2024-08-31"),
      ictLine("L3", "100.00", "2025-05-31"),
    ])
      expect((await t.call("POST", `${p}/cost-lines`, { key: keys.financeA, json: line })).status).toBe(201);
    const q1 = await draft("2024/25-Q1");
    expect((await t.call("POST", `${p}/runs/${q1.id}/approve`, { key: keys.approverB })).status).toBe(200);
    expect((await t.call("POST", `${p}/runs/${q1.id}/post`, { key: keys.approverB })).status).toBe(200);
    await close("2024/25-Q1");
    const q2 = await draft("2024/25-Q2");
    expect(q2.b).toBe(5000);

    // The admin alone no longer changes what partners pay: the write is a proposal.
    const proposed = await put(SUPPORT);
    expect([proposed.status, proposed.headers.get("Location")]).toEqual([202, `${p}/terms/terms-1`]);
    expect(await proposed.json()).toMatchObject({
      section: "settings",
      body: SUPPORT,
      base: {},
      effectiveFrom: "2025/26",
      status: "proposed",
      awaiting: ["A", "B", "C"],
    });
    expect((await read()).settings).toEqual({});
    expect((await consent(keys.financeA)).status).toBe(403);
    expect((await consent(keys.approverA)).status).toBe(200);
    expect((await consent(keys.approverB)).status).toBe(200);
    expect((await read()).settings).toEqual({});
    const last = (await (await consent(keys.approverC)).json()) as { status: string; consents: { partner: string }[] };
    expect([last.status, last.consents.map((c) => c.partner)]).toEqual(["active", ["A", "B", "C"]]);

    const after = await read();
    expect(after.settings).toEqual(SUPPORT);
    expect(after.settingsInForce.map((s) => [s.effectiveFrom, s.until, s.termsVersion, s.settings])).toEqual([
      [null, "2025/26", null, {}],
      ["2025/26", null, "terms-1", SUPPORT],
    ]);
    // 2024/25's approved run reproduces and its waiting draft is still approvable; 2025/26 passes
    // a quarter of ICT's £100 to Building Control, which C pays: B's half is of £75.
    const check = await (await t.call("GET", `${p}/runs/${q1.id}/check`, { key: keys.financeA })).json();
    expect(check).toMatchObject({ reproduced: true, differences: [] });
    expect((await t.call("POST", `${p}/runs/${q2.id}/approve`, { key: keys.approverB })).status).toBe(200);
    expect((await draft("2025/26-Q1")).b).toBe(3750);
    const inForce = (await (await t.call("GET", `${p}/terms`, { key: keys.financeA })).json()) as {
      inForce: { section: string; effectiveFrom: string | null; termsVersion: string | null }[];
    };
    expect(inForce.inForce).toMatchObject([
      { section: "settings", effectiveFrom: null, termsVersion: null },
      { section: "settings", effectiveFrom: "2025/26", termsVersion: "terms-1" },
    ]);
    const audit = (await (await t.call("GET", `${p}/audit`, { key: keys.adminA })).json()) as {
      items: { action: string }[];
    };
    expect(audit.items.map((r) => r.action)).toEqual(expect.arrayContaining(["terms.propose", "terms.activate"]));
  });

  it("are refused from a closed year, and take no effect when one partner declines or the proposer withdraws", async () => {
    await close("2024/25");
    const early = await put(SUPPORT, "?effectiveFrom=2024-25");
    expect(await codeOf(early)).toEqual([409, "PERIOD_CLOSED"]);
    expect(((await early.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      "effectiveFrom",
    ]);
    expect(await codeOf(await put(SUPPORT, "?effectiveFrom=next"))).toEqual([422, "VALIDATION_FAILED"]);

    expect((await put(SUPPORT)).status).toBe(202);
    expect((await consent(keys.approverA)).status).toBe(200);
    const declined = await t.call("POST", `${p}/terms/terms-1/decline`, {
      key: keys.approverC,
      json: { reason: "Building Control does not use ICT's service desk" },
    });
    expect([declined.status, ((await declined.json()) as { status: string }).status]).toEqual([200, "declined"]);
    expect(await codeOf(await consent(keys.approverB))).toEqual([409, "INVALID_STATE"]);

    expect((await put(SUPPORT)).status).toBe(202);
    const withdrawn = await t.call("POST", `${p}/terms/terms-2/withdraw`, { key: keys.adminA });
    expect([withdrawn.status, ((await withdrawn.json()) as { status: string }).status]).toEqual([200, "withdrawn"]);
    const partnership = await read();
    expect([partnership.settings, partnership.settingsInForce.map((s) => s.termsVersion)]).toEqual([{}, [null]]);
  });
});
