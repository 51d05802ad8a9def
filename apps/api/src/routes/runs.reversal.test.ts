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
  total: { minor: number };
}

/** The issue date of a reversal booked in a quarter: the 15th of the month after it. */
const ISSUED: Record<string, string> = { "2024/25-Q2": "2024-10-15", "2024/25-Q3": "2025-01-15" };

/** Drafts, approves and posts: a run's id, or a reversal's of `reverse` booked in `period`. */
async function posted(reverse?: { run: string; period: string }): Promise<string> {
  const res =
    reverse === undefined
      ? await t.call("POST", `${base}/runs`, {
          key: keys.financeA,
          json: { period: "2024/25-Q1", issueDate: "2024-07-15" },
        })
      : await t.call("POST", `${base}/runs/${reverse.run}/reverse`, {
          key: keys.financeA,
          json: { period: reverse.period, issueDate: ISSUED[reverse.period] },
        });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  for (const action of ["approve", "post"])
    expect((await t.call("POST", `${base}/runs/${id}/${action}`, { key: keys.approverB })).status).toBe(200);
  return id;
}

const statementOf = async (run: string, key = keys.financeB) =>
  (await (await t.call("GET", `${base}/runs/${run}/statements/B`, { key })).json()) as StatementBody;
const settlementOf = async (run: string) =>
  (await (await t.call("GET", `${base}/runs/${run}/settlement`, { key: keys.financeB })).json()) as {
    invoices: { from: string; to: string; amount: { minor: number } }[];
    positions: { net: { minor: number } }[];
    settlement: { from: string; to: string; amount: { minor: number } }[];
  };

describe("the reversal of a reversal", () => {
  it("charges again what the first reversal credited: the original's amounts, numbered after the reversal's", async () => {
    const original = await posted();
    const reversal = await posted({ run: original, period: "2024/25-Q2" });
    const again = await posted({ run: reversal, period: "2024/25-Q3" });
    const figures = (s: StatementBody) => [s.number, s.type, s.total.minor];
    expect(figures(await statementOf(original))).toEqual([`${original}/B`, "invoice", 6000]);
    expect(figures(await statementOf(reversal))).toEqual([`${original}/B-R`, "credit-note", -6000]);
    // Not a second credit note under the first one's number: B would be credited 60.00 twice.
    expect(figures(await statementOf(again))).toEqual([`${original}/B-R-R`, "invoice", 6000]);
    // Its CSV says the same, dated by its own issue date in the period it is booked in.
    const csv = await (
      await t.call("GET", `${base}/runs/${again}/statements/B?format=csv`, { key: keys.financeB })
    ).text();
    expect(csv.split("\r\n").at(-2)).toBe(
      `${original}/B-R-R,invoice,B,2024/25-Q3,2025-01-15,,,,,total,,,,,,,60.00,0.00,GBP`,
    );
    // The money moves as in the original: B pays A.
    const settled = await settlementOf(again);
    expect([settled.invoices, settled.positions.map((p) => p.net.minor), settled.settlement]).toEqual([
      [{ from: "B", to: "A", amount: { currency: "GBP", minor: 6000 } }],
      [-6000],
      [{ from: "B", to: "A", amount: { currency: "GBP", minor: 6000 } }],
    ]);
    const runs = (await (await t.call("GET", `${base}/runs`, { key: keys.financeB })).json()) as {
      items: { id: string; status: string }[];
    };
    expect(runs.items.map((r) => [r.id, r.status])).toEqual([
      [again, "posted"],
      [reversal, "reversed"],
      [original, "reversed"],
    ]);
  });
});

describe("the diff of a run with its reversal", () => {
  it("shows the charges the reversal takes back, as its statements do", async () => {
    const original = await posted();
    const reversal = await posted({ run: original, period: "2024/25-Q2" });
    const diff = (await (
      await t.call("GET", `${base}/runs/${reversal}/diff?against=${original}`, { key: keys.financeA })
    ).json()) as {
      changed: boolean;
      partners: { partner: string; before: { minor: number }; after: { minor: number }; change: { minor: number } }[];
      services: { service: string; partner: string; after: { minor: number } }[];
    };
    // A sees its own whole charge (60.01, its share of ICT) and each partner's of ICT, which it leads.
    expect(diff.changed).toBe(true);
    expect(diff.partners.map((p) => [p.partner, p.before.minor, p.after.minor, p.change.minor])).toEqual([
      ["A", 6001, -6001, -12002],
    ]);
    expect(diff.services.map((s) => [s.service, s.partner, s.after.minor])).toEqual([
      ["ICT", "A", -6001],
      ["ICT", "B", -6000],
    ]);
  });
});

describe("a reversal that can never be posted", () => {
  it("no longer blocks a new reversal once the period it is booked in is closed, while one that may still be posted does", async () => {
    const original = await posted();
    const stuck = await t.call("POST", `${base}/runs/${original}/reverse`, {
      key: keys.financeA,
      json: { period: "2024/25-Q2" },
    });
    expect(stuck.status).toBe(201);
    const { id: stuckId } = (await stuck.json()) as { id: string };
    const reverseAgain = () =>
      t.call("POST", `${base}/runs/${original}/reverse`, { key: keys.financeA, json: { period: "2024/25-Q3" } });
    // While it may still be approved and posted, a second reversal is refused naming it.
    const twice = await reverseAgain();
    const problem = (await twice.json()) as { code: string; detail: string };
    expect([twice.status, problem.code, problem.detail]).toEqual([
      409,
      "INVALID_STATE",
      expect.stringContaining(stuckId),
    ]);
    // Q2 is closed before anyone approves the reversal booked in it: it can be neither approved nor posted.
    expect(
      (await t.call("POST", `${base}/periods`, { key: keys.approverB, json: { name: "2024/25-Q2" } })).status,
    ).toBe(201);
    expect((await t.call("POST", `${base}/periods/2024-25-Q2/close`, { key: keys.approverB })).status).toBe(200);
    const approve = await t.call("POST", `${base}/runs/${stuckId}/approve`, { key: keys.approverB });
    expect([approve.status, ((await approve.json()) as { code: string }).code]).toEqual([409, "PERIOD_CLOSED"]);
    // The posted run is still corrected, by a reversal in an open period.
    const reversal = await reverseAgain();
    expect(reversal.status).toBe(201);
    const { id } = (await reversal.json()) as { id: string };
    for (const action of ["approve", "post"])
      expect((await t.call("POST", `${base}/runs/${id}/${action}`, { key: keys.approverB })).status).toBe(200);
    expect((await statementOf(id)).total.minor).toBe(-6000);
  });
});
