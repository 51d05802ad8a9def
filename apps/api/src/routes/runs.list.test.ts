import { describe, expect, it } from "vitest";
import { ictLine, useTestApp } from "../testing/index.js";

const base = "/v1/partnerships/p1";
const t = useTestApp({
  keys: { financeA: "p1/A/finance", viewerB: "p1/B/viewer" },
  withKeys: async (app, keys) => {
    const lines = [ictLine("L1", "100.01"), ictLine("L2", "20.00", "2024-08-31")];
    expect(
      (await app.call("POST", `${base}/cost-lines/import`, { key: keys.financeA, json: { items: lines } })).status,
    ).toBe(201);
    for (const [period, issueDate] of [
      ["2024/25-Q1", "2024-07-15"],
      ["2024/25-Q2", "2024-10-15"],
      ["2024/25-Q1", "2024-07-16"],
    ])
      expect((await app.call("POST", `${base}/runs`, { key: keys.financeA, json: { period, issueDate } })).status).toBe(
        201,
      );
  },
});

interface Page {
  items: { id: string; period: string }[];
  nextCursor: string | null;
}

const list = async (query: string) => {
  const res = await t.call("GET", `${base}/runs${query}`, { key: t.keys.viewerB });
  return { status: res.status, body: (await res.json()) as Page & { code?: string; errors?: unknown } };
};

describe("the runs list", () => {
  it("is paged newest first by limit and cursor, as the other lists are, with a period filter", async () => {
    const first = await list("?limit=2");
    expect([first.status, first.body.items.map((r) => r.id), first.body.nextCursor]).toEqual([
      200,
      ["run-3", "run-2"],
      "run-2",
    ]);
    const second = await list("?limit=2&cursor=run-2");
    expect(second.body).toMatchObject({ items: [{ id: "run-1" }], nextCursor: null });
    const q1 = await list("?period=2024-25-Q1&limit=1&cursor=run-3");
    expect([q1.body.items.map((r) => [r.id, r.period]), q1.body.nextCursor]).toEqual([[["run-1", "2024/25-Q1"]], null]);
    const all = await list("");
    expect([all.body.items.map((r) => r.id), all.body.nextCursor]).toEqual([["run-3", "run-2", "run-1"], null]);
  });

  it("refuses a limit out of its range or not in digits, and a cursor that names no run, with 422 at the parameter", async () => {
    for (const limit of ["0", "10001", "1e3", "2.0"]) {
      const res = await list(`?limit=${limit}`);
      expect([res.status, res.body.code, res.body.errors]).toEqual([
        422,
        "VALIDATION_FAILED",
        [{ path: "limit", message: `expected a whole number from 1 to 10000, in digits only, not "${limit}"` }],
      ]);
    }
    const unknown = await list("?cursor=run-9");
    expect([unknown.status, unknown.body.code, unknown.body.errors]).toEqual([
      422,
      "INVALID_INPUT",
      [{ path: "cursor", message: 'no run "run-9": a cursor is the nextCursor of the previous page' }],
    ]);
  });
});
