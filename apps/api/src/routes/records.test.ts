import { describe, expect, it } from "vitest";
import { ictLine, useTestApp } from "../testing/index.js";

const t = useTestApp({ per: "test", keys: { financeA: "p1/A/finance" } });
const { keys } = t;
const base = "/v1/partnerships/p1";

interface ProblemBody {
  status: number;
  code: string;
  errors: { path: string; row: number; column: string; message: string }[];
}

describe("records", () => {
  it("are added, read back exactly, listed by period and paged with a cursor", async () => {
    const lines = [ictLine("L3", "0.01", "2024-07-01"), ictLine("L1", "1234567.89"), ictLine("L2", "-5.00")];
    const res = await t.call("POST", `${base}/cost-lines/import`, { key: keys.financeA, json: { items: lines } });
    expect([res.status, await res.json()]).toEqual([201, { kind: "cost-lines", imported: 3 }]);
    const one = await t.call("GET", `${base}/cost-lines/L1`, { key: keys.financeA });
    expect(await one.json()).toEqual({ ...ictLine("L1", "1234567.89"), currency: "GBP" });
    const page1 = (await (await t.call("GET", `${base}/cost-lines?limit=2`, { key: keys.financeA })).json()) as {
      items: { id: string }[];
      nextCursor: string;
    };
    expect([page1.items.map((l) => l.id), page1.nextCursor]).toEqual([["L1", "L2"], "L2"]);
    const page2 = await (await t.call("GET", `${base}/cost-lines?limit=2&cursor=L2`, { key: keys.financeA })).json();
    expect(page2).toMatchObject({ items: [{ id: "L3" }], nextCursor: null });
    const q1 = await (
      await t.call("GET", `${base}/cost-lines?period=2024/25-Q1&service=ICT`, { key: keys.financeA })
    ).json();
    expect((q1 as { items: { id: string }[] }).items.map((l) => l.id)).toEqual(["L1", "L2"]);
  });

  it("import as CSV in the documented layout", async () => {
    const csv =
      'id,service,pool,date,amount,description\r\nC1,ICT,staff,2024-04-30,10.50,"Pay, April"\r\nC2,ICT,staff,2024-05-31,11.00,\r\n';
    const res = await t.call("POST", `${base}/cost-lines/import`, { key: keys.financeA, text: csv });
    expect(res.status).toBe(201);
    const c1 = await (await t.call("GET", `${base}/cost-lines/C1`, { key: keys.financeA })).json();
    expect(c1).toEqual({ ...ictLine("C1", "10.50", "2024-04-30"), currency: "GBP", description: "Pay, April" });
  });

  it("report every bad CSV row by row number, column and reason, and store none", async () => {
    const csv = [
      "id,service,pool,date,amount",
      "C1,ICT,staff,2024-04-30,10.50",
      "C2,ICT,staff,2024-02-30,1",
      "C3,ICT,nope,2024-04-30,1",
      "C4,ICT,staff,2024-04-30,1.234",
    ].join("\n");
    const res = await t.call("POST", `${base}/cost-lines/import`, { key: keys.financeA, text: csv });
    const body = (await res.json()) as ProblemBody;
    expect([res.status, res.headers.get("Content-Type")]).toEqual([422, "application/problem+json"]);
    expect(body.errors.map((e) => [e.row, e.column])).toEqual([
      [3, "date"],
      [4, "pool"],
      [5, "amount"],
    ]);
    const list = await (await t.call("GET", `${base}/cost-lines`, { key: keys.financeA })).json();
    expect(list).toEqual({ items: [], nextCursor: null });
  });

  it("count CSV rows from the header in every refusal, including a closed period's", async () => {
    const approverA = await t.key("p1", "A", "approver");
    await t.call("POST", `${base}/periods`, { key: approverA, json: { name: "2024/25-Q1" } });
    await t.call("POST", `${base}/periods/2024-25-Q1/close`, { key: approverA });
    const csv = "id,service,pool,date,amount\nC1,ICT,staff,2024-07-01,1\nC2,ICT,staff,2024-04-30,1\n";
    const res = await t.call("POST", `${base}/cost-lines/import`, { key: keys.financeA, text: csv });
    const body = (await res.json()) as ProblemBody;
    expect([res.status, body.code, body.errors.map((e) => [e.row, e.column, e.path])]).toEqual([
      409,
      "PERIOD_CLOSED",
      [[3, "date", "row 3.date"]],
    ]);
  });

  it("refuse a CSV with unknown columns", async () => {
    const res = await t.call("POST", `${base}/cost-lines/import`, { key: keys.financeA, text: "id,colour\nC1,red\n" });
    expect(((await res.json()) as ProblemBody).errors).toMatchObject([{ column: "colour", row: 1 }]);
  });

  it("refuse other content types with 415", async () => {
    const res = await t.call("POST", `${base}/cost-lines/import`, {
      key: keys.financeA,
      text: "<xml/>",
      type: "application/xml",
    });
    expect(res.status).toBe(415);
  });

  it("import 100,000 cost lines all or nothing: a bad row at 99,999 leaves nothing behind", async () => {
    const items = Array.from({ length: 100_000 }, (_, i) =>
      ictLine(`L${String(i).padStart(6, "0")}`, `${i}.${i % 100}`),
    );
    items[99_998] = { ...ictLine("L099998", "12.345") };
    const res = await t.call("POST", `${base}/cost-lines/import`, { key: keys.financeA, json: { items } });
    const body = (await res.json()) as ProblemBody;
    expect([res.status, body.errors.map((e) => [e.row, e.path])]).toEqual([422, [[99_999, "items[99998].amount"]]]);
    const list = await (await t.call("GET", `${base}/cost-lines?limit=1`, { key: keys.financeA })).json();
    expect(list).toEqual({ items: [], nextCursor: null });
    items[99_998] = ictLine("L099998", "12.34");
    const ok = await t.call("POST", `${base}/cost-lines/import`, { key: keys.financeA, json: { items } });
    expect([ok.status, await ok.json()]).toEqual([201, { kind: "cost-lines", imported: 100_000 }]);
  });

  it("are refused with 409 when dated in a closed period", async () => {
    const approverA = await t.key("p1", "A", "approver");
    await t.call("POST", `${base}/periods`, { key: approverA, json: { name: "2024/25-Q1" } });
    const close = await t.call("POST", `${base}/periods/2024-25-Q1/close`, { key: approverA });
    expect(close.status).toBe(200);
    const res = await t.call("POST", `${base}/cost-lines`, { key: keys.financeA, json: ictLine("L1", "1.00") });
    const body = (await res.json()) as ProblemBody;
    // One record is not an import of one: the path is its field, with no row or column.
    expect([res.status, body.code, body.errors[0]?.path, body.errors[0]?.column]).toEqual([
      409,
      "PERIOD_CLOSED",
      "date",
      undefined,
    ]);
    const later = await t.call("POST", `${base}/cost-lines`, {
      key: keys.financeA,
      json: ictLine("L2", "1.00", "2024-07-01"),
    });
    expect(later.status).toBe(201);
  });

  it("answer 409 for a record whose id is already stored, and 422 for one given twice", async () => {
    expect(
      (await t.call("POST", `${base}/cost-lines`, { key: keys.financeA, json: ictLine("L1", "1.00") })).status,
    ).toBe(201);
    const again = await t.call("POST", `${base}/cost-lines`, { key: keys.financeA, json: ictLine("L1", "2.00") });
    expect([again.status, ((await again.json()) as ProblemBody).code]).toEqual([409, "ALREADY_EXISTS"]);
    const twice = await t.call("POST", `${base}/cost-lines/import`, {
      key: keys.financeA,
      json: { items: [ictLine("L2", "1.00"), ictLine("L2", "1.00")] },
    });
    const body = (await twice.json()) as ProblemBody;
    expect([twice.status, body.errors.map((e) => e.row)]).toEqual([422, [2]]);
  });

  it("refuse another lead's lines with 403, naming the rows", async () => {
    const financeB = await t.key("p1", "B", "finance");
    const res = await t.call("POST", `${base}/cost-lines/import`, {
      key: financeB,
      json: { items: [ictLine("L1", "1.00")] },
    });
    const body = (await res.json()) as ProblemBody;
    expect([res.status, body.code, body.errors[0]?.row]).toEqual([403, "NOT_PERMITTED", 1]);
  });
});
