import { describe, expect, it } from "vitest";
import { useTestApp } from "../testing/index.js";

// A leads ICT (A and B take part); C leads BC alone. No partner leads every service.
const p = "/v1/partnerships/p1";
const t = useTestApp({
  per: "test",
  keys: {
    adminB: "p1/B/admin",
    financeA: "p1/A/finance",
    approverA: "p1/A/approver",
    approverB: "p1/B/approver",
    approverC: "p1/C/approver",
  },
});
const { keys } = t;

interface Terms {
  id: string;
  status: string;
  awaiting: string[];
  consents: { partner: string; actor: string }[];
  activatedAt: string | null;
}
const TERMS = { rounding: "half-up", attribution: "actual", baselines: [] };
const baseline = (partner: string, amount: string) => ({ partner, service: "ICT", baseYear: "2024/25", amount });
const put = (key: string, json: unknown) => t.call("PUT", `${p}/sections/savings`, { key, json });
const consent = (key: string, id = "terms-1") => t.call("POST", `${p}/terms/${id}/consent`, { key });
const stored = async () => {
  const res = await t.call("GET", `${p}/sections/savings`, { key: keys.financeA });
  return res.status === 200 ? await res.json() : res.status;
};

/** Proposes the savings terms and has every partner's approver consent. */
async function agree(json: unknown, id: string): Promise<Response> {
  expect((await put(keys.adminB, json)).status).toBe(202);
  expect((await consent(keys.approverA, id)).status).toBe(200);
  expect((await consent(keys.approverB, id)).status).toBe(200);
  return consent(keys.approverC, id);
}

describe("partnership-wide terms of a section", () => {
  it("wait as a proposed terms version until an approver of every partner consents, then take effect", async () => {
    const proposed = await put(keys.adminB, TERMS);
    expect([proposed.status, proposed.headers.get("Location")]).toEqual([202, `${p}/terms/terms-1`]);
    expect(await proposed.json()).toMatchObject({ id: "terms-1", status: "proposed", awaiting: ["A", "B", "C"] });
    expect(await stored()).toBe(404);

    expect(((await (await consent(keys.approverA)).json()) as Terms).awaiting).toEqual(["B", "C"]);
    const again = await consent(keys.approverA);
    expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([409, "INVALID_STATE"]);
    expect((await consent(keys.financeA)).status).toBe(403);
    expect((await consent(keys.approverB)).status).toBe(200);
    expect(await stored()).toBe(404);

    const last = (await (await consent(keys.approverC)).json()) as Terms;
    expect([last.status, last.awaiting, last.consents.map((c) => c.partner)]).toEqual(["active", [], ["A", "B", "C"]]);
    expect(last.activatedAt).not.toBeNull();
    expect(await stored()).toEqual(TERMS);
    const log = (await (await t.call("GET", `${p}/audit?limit=1000`, { key: keys.approverA })).json()) as {
      items: { action: string; actor: string }[];
    };
    expect(log.items.filter((r) => r.action.startsWith("terms.")).map((r) => r.action)).toEqual([
      "terms.propose",
      "terms.consent",
      "terms.consent",
      "terms.activate",
    ]);
    expect(await (await t.call("GET", `${p}/audit/verify`, { key: keys.approverA })).json()).toMatchObject({
      valid: true,
    });
  });

  it("keep the services' parts their leads changed while the partners consented", async () => {
    expect((await agree(TERMS, "terms-1")).status).toBe(200);
    expect((await put(keys.adminB, { ...TERMS, rounding: "half-even" })).status).toBe(202);
    // ICT's lead adds its baselines meanwhile: a service's part only, stored at once.
    const baselines = [baseline("A", "1000.00"), baseline("B", "500.00")];
    expect((await put(keys.financeA, { ...TERMS, baselines })).status).toBe(200);
    for (const key of [keys.approverA, keys.approverB, keys.approverC])
      expect((await consent(key, "terms-2")).status).toBe(200);
    expect(await stored()).toEqual({ ...TERMS, rounding: "half-even", baselines });
  });

  it("are not changed with a service's part in one write, which would wait with them", async () => {
    const res = await put(keys.adminB, { ...TERMS, baselines: [baseline("A", "1.00")] });
    const problem = (await res.json()) as { code: string; errors: { path: string; message: string }[] };
    expect([res.status, problem.code, problem.errors.map((e) => e.path)]).toEqual([
      403,
      "NOT_PERMITTED",
      ["savings.baselines[0]"],
    ]);
    expect(problem.errors[0]?.message).toMatch(/write of its own/);
    expect((await t.call("GET", `${p}/terms`, { key: keys.financeA }).then((r) => r.json())) as unknown).toEqual({
      items: [],
    });
  });

  it("are refused at the last consent if they would change a closed period's figures, recording no consent", async () => {
    const oneOff = {
      id: "set-up",
      kind: "cost",
      category: "set-up",
      year: "2024/25",
      amount: "300.00",
      split: { kind: "equal" },
    };
    expect((await put(keys.adminB, { ...TERMS, oneOffs: [oneOff] })).status).toBe(202);
    expect((await consent(keys.approverA)).status).toBe(200);
    expect((await consent(keys.approverB)).status).toBe(200);
    expect((await t.call("POST", `${p}/periods`, { key: keys.approverA, json: { name: "2024/25" } })).status).toBe(201);
    expect((await t.call("POST", `${p}/periods/2024-25/close`, { key: keys.approverA })).status).toBe(200);
    const refused = await consent(keys.approverC);
    const problem = (await refused.json()) as { code: string; errors: { path: string }[] };
    expect([refused.status, problem.code, problem.errors.map((e) => e.path)]).toEqual([
      409,
      "PERIOD_CLOSED",
      ["savings.oneOffs[0]"],
    ]);
    const terms = (await (await t.call("GET", `${p}/terms/terms-1`, { key: keys.financeA })).json()) as Terms;
    expect([terms.status, terms.awaiting]).toEqual(["proposed", ["C"]]);
    expect(await stored()).toBe(404);
  });

  it("proposed over terms that another version then changed are stale: no consent is taken", async () => {
    expect((await agree(TERMS, "terms-1")).status).toBe(200);
    expect((await put(keys.adminB, { ...TERMS, rounding: "half-even" })).status).toBe(202);
    const target = await put(keys.adminB, { ...TERMS, targetPercent: "15" });
    expect(((await target.json()) as { base: unknown }).base).toEqual(TERMS);
    for (const key of [keys.approverA, keys.approverB, keys.approverC])
      expect((await consent(key, "terms-2")).status).toBe(200);
    // terms-3 would put rounding back to half-up, which its partners did not consent to undo.
    const stale = await consent(keys.approverA, "terms-3");
    const problem = (await stale.json()) as { code: string; detail: string };
    expect([stale.status, problem.code]).toEqual([409, "INVALID_STATE"]);
    expect(problem.detail).toMatch(/propose the terms again/);
    const terms = (await (await t.call("GET", `${p}/terms/terms-3`, { key: keys.financeA })).json()) as Terms;
    expect(terms.consents).toEqual([]);
    expect(await stored()).toEqual({ ...TERMS, rounding: "half-even" });
  });

  it("are listed in the order proposed; an unknown version answers 404", async () => {
    expect((await agree(TERMS, "terms-1")).status).toBe(200);
    expect((await put(keys.adminB, { ...TERMS, attribution: "pro-rata" })).status).toBe(202);
    const list = (await (await t.call("GET", `${p}/terms`, { key: keys.financeA })).json()) as { items: Terms[] };
    expect(list.items.map((v) => [v.id, v.status])).toEqual([
      ["terms-1", "active"],
      ["terms-2", "proposed"],
    ]);
    expect((await t.call("GET", `${p}/terms/terms-9`, { key: keys.financeA })).status).toBe(404);
    expect((await consent(keys.approverA, "terms-9")).status).toBe(404);
  });
});
