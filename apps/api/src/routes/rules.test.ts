import { describe, expect, it } from "vitest";
import { useTestApp } from "../testing/index.js";

const p = "/v1/partnerships/p1";
const t = useTestApp({ keys: { financeA: "p1/A/finance" } });
const rule = { id: "ict-v2", service: "ICT", effectiveFrom: "2025-04-01", basis: { kind: "equal" } };

describe("proposing a rule version", () => {
  it("with server-owned fields answers 422 naming each of them and stores nothing", async () => {
    const owned = {
      status: "active",
      activatedAt: "2020-01-01T00:00:00Z",
      consents: [{ partner: "B", keyId: "k", actor: "mallory", at: "2020-01-01" }],
      proposedBy: "mallory",
      version: 7,
    };
    const res = await t.call("POST", `${p}/rules`, { key: t.keys.financeA, json: { ...rule, ...owned } });
    expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { code: string; detail: string; errors: unknown[] };
    expect([res.status, problem.code]).toEqual([422, "VALIDATION_FAILED"]);
    for (const key of Object.keys(owned)) expect(JSON.stringify(problem.errors)).toContain(key);
    expect((await t.call("GET", `${p}/rules/ict-v2`, { key: t.keys.financeA })).status).toBe(404);
  });

  it("whose two-stage rest shares with its first partner answers 422 at the rest's path and stores nothing", async () => {
    const basis = {
      kind: "two-stage",
      first: { partner: "A", percent: "45.76" },
      rest: { kind: "equal", among: ["A", "B"] },
    };
    const res = await t.call("POST", `${p}/rules`, { key: t.keys.financeA, json: { ...rule, basis } });
    const problem = (await res.json()) as { code: string; errors: { path: string; message: string }[] };
    expect([res.status, problem.code]).toEqual([422, "INVALID_INPUT"]);
    expect(problem.errors).toEqual([
      {
        path: "basis.rest.among[0]",
        message:
          "A already takes the first 45.76% (first.partner); the rest is shared across the other partners, so it cannot include A",
      },
    ]);
    expect((await t.call("GET", `${p}/rules/ict-v2`, { key: t.keys.financeA })).status).toBe(404);
  });

  it("without them is proposed, awaiting every partner", async () => {
    const res = await t.call("POST", `${p}/rules`, { key: t.keys.financeA, json: rule });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id: "ict-v2", status: "proposed", consents: [], activatedAt: null });
  });
});
