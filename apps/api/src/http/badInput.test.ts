import { describe, expect, it } from "vitest";
import { ictLine, type TestApp, useTestApp } from "../testing/index.js";

const p = "/v1/partnerships/p1";
// A cost line of 2024/25 and the closed period 2023/24, to show bad input changes neither.
const t = useTestApp({
  keys: { financeA: "p1/A/finance", approverA: "p1/A/approver" },
  withKeys: async (app, keys) => {
    expect(
      (await app.call("POST", `${p}/cost-lines`, { key: keys.financeA, json: ictLine("L1", "10.00") })).status,
    ).toBe(201);
    expect((await app.call("POST", `${p}/periods`, { key: keys.approverA, json: { name: "2023/24" } })).status).toBe(
      201,
    );
    expect((await app.call("POST", `${p}/periods/2023-24/close`, { key: keys.approverA })).status).toBe(200);
  },
});
const small = useTestApp({ options: { maxBodyBytes: 500 }, keys: { financeA: "p1/A/finance" } });

/** Everything a request could have changed: the audit chain (every write appends), lines and runs. */
async function snapshot(app: TestApp) {
  return {
    audit: await app.store.verifyAudit("p1"),
    lines: (await app.store.listRecords("p1", "cost-lines", {}, { limit: 1000 })).items,
    runs: await app.store.listRuns("p1", {}),
    sections: await app.store.getSections("p1"),
  };
}

interface Case {
  readonly name: string;
  readonly method?: string;
  readonly path: string;
  readonly json?: unknown;
  readonly text?: string;
  readonly type?: string;
  readonly status: number;
  readonly code: string;
  /** A path the problem's `errors` must name. */
  readonly names?: string;
}

const CASES: readonly Case[] = [
  {
    name: "malformed JSON",
    path: "/cost-lines",
    text: '{"id": "L2",',
    type: "application/json",
    status: 400,
    code: "BAD_REQUEST",
  },
  {
    name: "a wrong type",
    path: "/cost-lines",
    json: { ...ictLine("L2", "1.00"), amount: 12.5 },
    status: 422,
    code: "VALIDATION_FAILED",
  },
  {
    name: "an unknown field on a record",
    path: "/cost-lines",
    json: { ...ictLine("L2", "1.00"), colour: "red" },
    status: 422,
    code: "VALIDATION_FAILED",
  },
  {
    name: "a server-owned field on a run (id)",
    path: "/runs",
    json: { id: "run-99", period: "2024/25-Q1", issueDate: "2024-07-15" },
    status: 422,
    code: "VALIDATION_FAILED",
    names: "",
  },
  {
    name: "a server-owned field on a run (status)",
    path: "/runs",
    json: { status: "approved", period: "2024/25-Q1", issueDate: "2024-07-15" },
    status: 422,
    code: "VALIDATION_FAILED",
  },
  {
    name: "an unknown field beside the import's items",
    path: "/cost-lines/import",
    json: { items: [], importedAt: "2024-01-01" },
    status: 422,
    code: "VALIDATION_FAILED",
  },
  {
    name: "bad CSV rows",
    path: "/cost-lines/import",
    text: "id,service,pool,date,amount\nC1,ICT,staff,2024-05-31,1.00\nC2,ICT,staff,31/05/2024,x",
    status: 422,
    code: "INVALID_INPUT",
    names: "row 3",
  },
  {
    name: "a write dated in a closed period",
    path: "/cost-lines",
    json: ictLine("L3", "1.00", "2023-06-30"),
    status: 409,
    code: "PERIOD_CLOSED",
  },
  {
    name: "a run of a closed period",
    path: "/runs",
    json: { period: "2023/24-Q1", issueDate: "2023-07-15" },
    status: 409,
    code: "PERIOD_CLOSED",
  },
  {
    name: "an invalid section",
    method: "PUT",
    path: "/sections/kpis",
    json: [{ code: "K" }],
    status: 422,
    code: "INVALID_INPUT",
    names: "kpis[0]",
  },
  {
    name: "an unsupported content type",
    path: "/cost-lines",
    text: "id=L4",
    type: "application/x-www-form-urlencoded",
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
];

describe("bad input: the right status and problem+json, and the database unchanged", () => {
  for (const c of CASES) {
    it(`${c.name} answers ${c.status} ${c.code}`, async () => {
      const before = await snapshot(t);
      const res = await t.call(c.method ?? "POST", `${p}${c.path}`, {
        key: t.keys.financeA,
        ...(c.json === undefined ? {} : { json: c.json }),
        ...(c.text === undefined ? {} : { text: c.text, ...(c.type === undefined ? {} : { type: c.type }) }),
      });
      expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
      const problem = (await res.json()) as { status: number; code: string; errors?: { path: string }[] };
      expect({ status: res.status, code: problem.code }).toEqual({ status: c.status, code: c.code });
      if (c.names !== undefined && c.names !== "")
        expect(problem.errors?.some((e) => e.path.startsWith(c.names as string))).toBe(true);
      expect(await snapshot(t)).toEqual(before);
    });
  }

  it("an oversize body answers 413 and changes nothing", async () => {
    const before = await snapshot(small);
    const res = await small.call("POST", `${p}/cost-lines/import`, {
      key: small.keys.financeA,
      json: { items: Array.from({ length: 20 }, (_, i) => ictLine(`B${i}`, "1.00")) },
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect(await snapshot(small)).toEqual(before);
  });
});
