import { systemActor } from "@3c/store";
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

describe("record lists", () => {
  /** The errors of a refused list, as [path, message]. */
  const refused = async (path: string) => {
    const res = await t.call("GET", `${base}/${path}`, { key: keys.financeA });
    const body = (await res.json()) as ProblemBody;
    return [res.status, body.code, body.errors.map((e) => [e.path, e.message])];
  };

  it("filter driver quantities by their partner, and refuse a partner filter on lines, income and rates", async () => {
    const drivers = [
      { driver: "users", partner: "A", period: "2024/25", quantity: "5" },
      { driver: "users", partner: "B", period: "2024/25", quantity: "7" },
    ];
    for (const kind of ["drivers", "budget-drivers"] as const)
      await t.store.importRecords("p1", kind, drivers, systemActor());
    for (const kind of ["drivers", "budget-drivers"]) {
      const res = await t.call("GET", `${base}/${kind}?partner=B`, { key: keys.financeA });
      expect((await res.json()) as unknown).toEqual({
        items: [{ id: "users.B.2024-25", driver: "users", partner: "B", period: "2024/25", quantity: "7" }],
        nextCursor: null,
      });
    }
    for (const kind of ["cost-lines", "income", "budget-lines"])
      expect(await refused(`${kind}?partner=A`)).toEqual([
        422,
        "VALIDATION_FAILED",
        [["partner", 'unknown query parameter "partner"; this route takes service, period, limit, cursor']],
      ]);
    for (const kind of ["fx-rates", "budget-fx-rates"])
      expect(await refused(`${kind}?partner=A&service=ICT`)).toEqual([
        422,
        "VALIDATION_FAILED",
        [
          ["partner", 'unknown query parameter "partner"; this route takes period, limit, cursor'],
          ["service", 'unknown query parameter "service"; this route takes period, limit, cursor'],
        ],
      ]);
    expect(await refused("drivers?service=ICT")).toEqual([
      422,
      "VALIDATION_FAILED",
      [["service", 'unknown query parameter "service"; this route takes partner, period, limit, cursor']],
    ]);
  });

  it.each(["1e3", "10.0", "%2010", "10%20", "%2B10", "0x10", "-1", "0", "10001", "", "99999999999999999999999"])(
    "refuse limit=%s: a plain decimal integer from 1 to 10000 only",
    async (limit) => {
      const shown = JSON.stringify(decodeURIComponent(limit));
      expect(await refused(`cost-lines?limit=${limit}`)).toEqual([
        422,
        "VALIDATION_FAILED",
        [["limit", `expected a whole number from 1 to 10000, in digits only, not ${shown}`]],
      ]);
    },
  );
});
