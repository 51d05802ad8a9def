import { formatInstant, parseInstant } from "@3c/domain";
import { describe, expect, it } from "vitest";
import { ictLine, useTestApp } from "../testing/index.js";

const base = "/v1/partnerships/p1";
/** p1: ICT led by A, shared equally by A and B; 120.01 of cost in 2024/25-Q1, so B pays A 60.00. */
const t = useTestApp({
  per: "test",
  keys: { financeA: "p1/A/finance", financeB: "p1/B/finance", approverB: "p1/B/approver" },
  withKeys: async (app, keys) => {
    const lines = [ictLine("L1", "100.01"), ictLine("L2", "20.00", "2024-06-30")];
    expect(
      (await app.call("POST", `${base}/cost-lines/import`, { key: keys.financeA, json: { items: lines } })).status,
    ).toBe(201);
  },
});
const { keys } = t;

interface StatementBody {
  number: string;
  type: string;
  period: string;
  issueDate: string;
  dueDate?: string;
  total: { minor: number };
  lines: { basisPeriod: string }[];
}

const approveAndPost = async (id: string) => {
  for (const action of ["approve", "post"])
    expect((await t.call("POST", `${base}/runs/${id}/${action}`, { key: keys.approverB })).status).toBe(200);
};
/** The Q1 run, issued 15 July and due 14 August, posted: its id. */
async function postedQ1(): Promise<string> {
  const res = await t.call("POST", `${base}/runs`, {
    key: keys.financeA,
    json: { period: "2024/25-Q1", issueDate: "2024-07-15", dueDate: "2024-08-14" },
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  await approveAndPost(id);
  return id;
}
const reverse = (run: string, json: Record<string, unknown>) =>
  t.call("POST", `${base}/runs/${run}/reverse`, { key: keys.financeA, json });
const statementOf = async (run: string) =>
  (await (await t.call("GET", `${base}/runs/${run}/statements/B`, { key: keys.financeB })).json()) as StatementBody;
const dates = (s: StatementBody) => [s.number, s.type, s.period, s.issueDate, s.dueDate, s.total.minor];
const refusal = async (res: Response) => {
  const problem = (await res.json()) as { code: string; errors?: { path: string }[] };
  return [res.status, problem.code, (problem.errors ?? []).map((e) => e.path)];
};

describe("a reversal's statement options", () => {
  it("date its credit notes by its own issue date and the period it is booked in, numbered <number>-R", async () => {
    const original = await postedQ1();
    const res = await reverse(original, { period: "2024/25-Q2", issueDate: "2024-10-20", dueDate: "2024-11-19" });
    expect(res.status).toBe(201);
    const reversal = (await res.json()) as { id: string; options: Record<string, unknown> };
    expect(reversal.options.reversal).toEqual({ issueDate: "2024-10-20", dueDate: "2024-11-19" });
    const credit = await statementOf(reversal.id);
    expect(dates(credit)).toEqual([`${original}/B-R`, "credit-note", "2024/25-Q2", "2024-10-20", "2024-11-19", -6000]);
    // Its lines still say which period's charges they take back.
    expect(credit.lines.map((l) => l.basisPeriod)).toEqual(["2024/25-Q1"]);
    // The original's invoice is as it was.
    expect(dates(await statementOf(original))).toEqual([
      `${original}/B`,
      "invoice",
      "2024/25-Q1",
      "2024-07-15",
      "2024-08-14",
      6000,
    ]);
    // The list of the key's statements and the CSV say the same.
    const list = (await (
      await t.call("GET", `${base}/runs/${reversal.id}/statements`, { key: keys.financeB })
    ).json()) as {
      period: string;
      items: StatementBody[];
    };
    expect([list.period, list.items.map(dates)]).toEqual(["2024/25-Q2", [dates(credit)]]);
    const csv = await (
      await t.call("GET", `${base}/runs/${reversal.id}/statements/B?format=csv`, { key: keys.financeB })
    ).text();
    expect(csv.split("\r\n").at(-2)).toMatch(
      new RegExp(`^${original}/B-R,credit-note,B,2024/25-Q2,2024-10-20,2024-11-19,`),
    );
  });

  it("default to the day the reversal is drafted (in London), with no due date and the numbers <number>-R", async () => {
    const original = await postedQ1();
    const res = await reverse(original, { period: "2024/25-Q2" });
    expect(res.status).toBe(201);
    const reversal = (await res.json()) as { id: string; preparedAt: string; options: Record<string, unknown> };
    const drafted = formatInstant(parseInstant(reversal.preparedAt.replace(/\.\d+Z$/, "Z")), "Europe/London").slice(
      0,
      10,
    );
    expect(reversal.options.reversal).toEqual({ issueDate: drafted });
    expect(dates(await statementOf(reversal.id))).toEqual([
      `${original}/B-R`,
      "credit-note",
      "2024/25-Q2",
      drafted,
      undefined,
      -6000,
    ]);
  });

  it("take statement numbers of the reversal's own, and a reversal of it numbers after them", async () => {
    const original = await postedQ1();
    const res = await reverse(original, {
      period: "2024/25-Q2",
      issueDate: "2024-10-20",
      numbers: { B: "CN-2024-7" },
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(dates(await statementOf(id))).toEqual([
      "CN-2024-7",
      "credit-note",
      "2024/25-Q2",
      "2024-10-20",
      undefined,
      -6000,
    ]);
    await approveAndPost(id);
    const again = await reverse(id, { period: "2024/25-Q3", issueDate: "2025-01-10" });
    expect(again.status).toBe(201);
    const { id: againId } = (await again.json()) as { id: string };
    expect(dates(await statementOf(againId))).toEqual([
      "CN-2024-7-R",
      "invoice",
      "2024/25-Q3",
      "2025-01-10",
      undefined,
      6000,
    ]);
  });

  it("are refused with 422 naming each field when the credit notes could not go out so, and nothing is stored", async () => {
    const original = await postedQ1();
    const Q2 = { period: "2024/25-Q2" };
    expect(await refusal(await reverse(original, { ...Q2, issueDate: "2024-02-30" }))).toEqual([
      422,
      "VALIDATION_FAILED",
      ["issueDate"],
    ]);
    expect(await refusal(await reverse(original, { ...Q2, issueDate: "2024-10-20", dueDate: "2024-10-19" }))).toEqual([
      422,
      "VALIDATION_FAILED",
      ["dueDate"],
    ]);
    // Due before the day it is drafted, the default issue date.
    expect(await refusal(await reverse(original, { ...Q2, dueDate: "2024-10-19" }))).toEqual([
      422,
      "INVALID_INPUT",
      ["dueDate"],
    ]);
    expect(
      await refusal(await reverse(original, { ...Q2, issueDate: "2024-10-20", numbers: { A: "CN-1", B: "CN-1" } })),
    ).toEqual([422, "VALIDATION_FAILED", ["numbers.B"]]);
    expect(await refusal(await reverse(original, { ...Q2, issueDate: "2024-10-20", numbers: { Z: "CN-1" } }))).toEqual([
      422,
      "INVALID_INPUT",
      ["numbers.Z"],
    ]);
    // VAT and the rest are the reversed run's: a credit note takes back exactly what was charged.
    expect(await refusal(await reverse(original, { ...Q2, vat: { ratePercent: "20", rounding: "half-up" } }))).toEqual([
      422,
      "VALIDATION_FAILED",
      ["vat"],
    ]);
    expect((await t.store.listRuns("p1", {})).map((r) => r.id)).toEqual([original]);
  });

  it("leave a reversal drafted before they existed dated as it was: its original's issue date and period", async () => {
    const original = await postedQ1();
    const res = await reverse(original, { period: "2024/25-Q2", issueDate: "2024-10-20" });
    const { id } = (await res.json()) as { id: string };
    // A reversal stored before the reversal took options of its own carries its original's options only.
    await t.store.db.query("UPDATE runs SET options = options - 'reversal' WHERE partnership_id = 'p1' AND id = $1", [
      id,
    ]);
    expect(dates(await statementOf(id))).toEqual([
      `${original}/B-R`,
      "credit-note",
      "2024/25-Q1",
      "2024-07-15",
      "2024-08-14",
      -6000,
    ]);
  });
});
