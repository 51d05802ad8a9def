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
    names: "id",
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

interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors?: { path: string; row?: number; column?: string; message: string }[];
}

/** Sends a request as the finance user and checks it is refused as problem+json, changing nothing. */
async function refused(method: string, path: string, body: { json?: unknown; text?: string } = {}): Promise<Refusal> {
  const before = await snapshot(t);
  const res = await t.call(method, `${p}${path}`, { key: t.keys.financeA, ...body });
  expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  const problem = (await res.json()) as Refusal;
  expect(problem.status).toBe(res.status);
  expect(await snapshot(t)).toEqual(before);
  return problem;
}

const pathsOf = (r: Refusal) => r.errors?.map((e) => e.path);

describe("the NUL character (U+0000), which the database cannot store, is client input: never a 500", () => {
  it("in a record's field answers 422 naming the field", async () => {
    const r = await refused("POST", "/cost-lines", { json: { ...ictLine("N1", "1.00"), description: "a\u0000b" } });
    expect([r.status, r.code, pathsOf(r)]).toEqual([422, "VALIDATION_FAILED", ["description"]]);
  });

  it("in an item of a JSON import answers 422 naming the item and field", async () => {
    const items = [ictLine("N1", "1.00"), { ...ictLine("N2", "1.00"), description: "x\u0000" }];
    const r = await refused("POST", "/cost-lines/import", { json: { items } });
    expect([r.status, r.code, pathsOf(r)]).toEqual([422, "VALIDATION_FAILED", ["items[1].description"]]);
  });

  it("in a CSV cell answers 422 naming its row and column, with the other bad rows", async () => {
    const text =
      "id,service,pool,date,amount,description\nN1,ICT,staff,2024-05-31,1.00,a\u0000b\nN2,ICT,staff,2024-05-31,x,\n";
    const r = await refused("POST", "/cost-lines/import", { text });
    expect([r.status, r.code]).toEqual([422, "INVALID_INPUT"]);
    expect(r.errors?.map((e) => [e.row, e.column])).toEqual([
      [2, "description"],
      [3, "amount"],
    ]);
  });

  it("in a record id of the path answers 404: nothing can be named so", async () => {
    const r = await refused("GET", "/cost-lines/%00");
    expect([r.status, r.code]).toEqual([404, "NOT_FOUND"]);
  });

  it("in a query parameter answers 422 naming the parameter", async () => {
    const cursor = await refused("GET", "/cost-lines?cursor=%00");
    expect([cursor.status, cursor.code, pathsOf(cursor)]).toEqual([422, "VALIDATION_FAILED", ["cursor"]]);
    const against = await refused("GET", "/runs/run-1/diff?against=a%00");
    expect([against.status, against.code, pathsOf(against)]).toEqual([422, "VALIDATION_FAILED", ["against"]]);
  });
});

describe("CSV imports: every bad row in one response", () => {
  const header = "id,service,pool,date,amount";

  it("reports a bad amount, an impossible date and a short row together, each by row and column", async () => {
    const text = [
      header,
      "C1,ICT,staff,2024-05-31,1.00",
      "C2,ICT,staff,2024-05-31,abc",
      "C3,ICT,staff,2024-02-30,1.00",
      "C4,ICT,staff,2024-05-31",
    ].join("\n");
    const r = await refused("POST", "/cost-lines/import", { text });
    expect([r.status, r.code]).toEqual([422, "INVALID_INPUT"]);
    expect(r.errors?.map((e) => [e.row, e.column])).toEqual([
      [3, "amount"],
      [4, "date"],
      [5, ""],
    ]);
    expect(r.errors?.[2]?.message).toBe("Too few fields: expected 5 fields but parsed 4");
    expect(r.detail).toBe("3 of 4 cost-lines item(s) are not valid; nothing was imported");
  });

  it("refuses a malformed row even when every other row is good", async () => {
    const r = await refused("POST", "/cost-lines/import", { text: `${header}\nC1,ICT,staff,2024-05-31,1.00,extra\n` });
    expect([r.status, r.code, r.errors?.map((e) => e.row)]).toEqual([422, "INVALID_INPUT", [2]]);
  });

  it("refuses an empty body: a CSV needs its header row", async () => {
    const r = await refused("POST", "/cost-lines/import", { text: "" });
    expect([r.status, r.code, r.errors?.map((e) => e.row)]).toEqual([422, "VALIDATION_FAILED", [1]]);
  });

  it("imports a header without rows as nothing: 201, nothing stored and no audit record", async () => {
    for (const body of [{ text: `${header}\n` }, { json: { items: [] } }]) {
      const before = await snapshot(t);
      const res = await t.call("POST", `${p}/cost-lines/import`, { key: t.keys.financeA, ...body });
      expect([res.status, await res.json()]).toEqual([201, { kind: "cost-lines", imported: 0 }]);
      expect(await snapshot(t)).toEqual(before);
    }
  });

  it("refuses a CSV over the CSV limit with 413 problem+json, storing nothing", async () => {
    const before = await snapshot(small);
    const rows = Array.from({ length: 20 }, (_, i) => `B${i},ICT,staff,2024-05-31,1.00`);
    const res = await small.call("POST", `${p}/cost-lines/import`, {
      key: small.keys.financeA,
      text: [header, ...rows].join("\n"),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { code: string; detail: string }).detail).toBe(
      "CSV request bodies are limited to 500 bytes",
    );
    expect(await snapshot(small)).toEqual(before);
  });
});

describe("field paths name where the problem is", () => {
  it("creating one record names its own fields and speaks of the record, not of an import", async () => {
    const pool = await refused("POST", "/cost-lines", { json: { ...ictLine("P1", "1.00"), pool: "nopool" } });
    expect([pool.status, pool.code, pathsOf(pool)]).toEqual([422, "INVALID_INPUT", ["pool"]]);
    expect(pool.detail).toBe('the cost line was not stored: pool: service ICT has no pool "nopool"');
    expect(pool.errors?.[0]).not.toHaveProperty("row");
    const closed = await refused("POST", "/cost-lines", { json: ictLine("P2", "1.00", "2023-06-30") });
    expect([closed.status, closed.code, pathsOf(closed)]).toEqual([409, "PERIOD_CLOSED", ["date"]]);
  });

  it("says in plain words what is missing or of the wrong kind, not in zod's", async () => {
    const res = await t.call("POST", `${p}/periods`, { key: t.keys.approverA, json: {} });
    const period = (await res.json()) as Refusal;
    expect([res.status, period.errors]).toEqual([422, [{ path: "name", message: "is required; expected text" }]]);
    const { amount: _, ...noAmount } = ictLine("W1", "1.00");
    const line = await refused("POST", "/cost-lines", { json: { ...noAmount, service: 7 } });
    expect([line.status, line.errors?.map((e) => `${e.path}: ${e.message}`)]).toEqual([
      422,
      ["service: expected text, not 7", "amount: is required"],
    ]);
  });

  it("an unknown field is named in the path: one issue per field", async () => {
    const one = await refused("POST", "/cost-lines", { json: { ...ictLine("U1", "1.00"), colour: "red", size: "L" } });
    expect([one.status, pathsOf(one)]).toEqual([422, ["colour", "size"]]);
    const imported = await refused("POST", "/cost-lines/import", {
      json: { items: [{ ...ictLine("U2", "1.00"), id2: "x" }] },
    });
    expect(imported.errors?.map((e) => [e.path, e.row, e.column])).toEqual([["items[0].id2", 1, "id2"]]);
  });
});
