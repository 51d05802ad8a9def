import { type Money, parseMoney, type StatementView, toDecimalString } from "@3c/domain";
import { systemActor } from "@3c/store";
import { statementsCsv } from "@3c/workbooks";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { ictLine, useTestApp } from "../testing/index.js";

const base = "/v1/partnerships/p1";
const t = useTestApp({
  per: "test",
  // approverA is named as financeA is: the same person, who may not approve what they prepared.
  keys: { financeA: "p1/A/finance", approverA: ["p1/A/approver", "finance@a"], approverB: "p1/B/approver" },
  withKeys: async (app, keys) => {
    const lines = [ictLine("L1", "100.01"), ictLine("L2", "20.00", "2024-06-30")];
    const res = await app.call("POST", `${base}/cost-lines/import`, { key: keys.financeA, json: { items: lines } });
    expect(res.status).toBe(201);
  },
});
const { keys } = t;

interface RunBody {
  id: string;
  status: string;
  version: number;
  approvedBy: string | null;
  manifest: { outputHash: string };
}

/** A statement's money as the JSON gives it. */
interface StatementMoney {
  lines: { poolAmount: Money; amount: Money; vat: Money }[];
  charges: Money;
  incomeNetted: Money;
  total: Money;
  vat: Money;
  totalWithVat: Money;
}

/** The statement's amounts in the order its sheet lists them: each line's pool amount, amount and VAT, then the totals. */
const jsonAmounts = (s: StatementMoney) =>
  [
    ...s.lines.flatMap((l) => [l.poolAmount, l.amount, l.vat]),
    s.charges,
    s.incomeNetted,
    s.total,
    s.vat,
    s.totalWithVat,
  ].map((m) => toDecimalString(m));

/** The money cells of a statement sheet (columns H, J and K), each read back by `parseMoney` as a decimal string. */
function sheetAmounts(ws: ExcelJS.Worksheet | undefined): string[] {
  const out: string[] = [];
  ws?.eachRow((row) => {
    for (const col of [8, 10, 11]) {
      const v = row.getCell(col).value;
      if (typeof v === "number") out.push(toDecimalString(parseMoney(String(v), "GBP")));
    }
  });
  return out;
}

/** HR: led by C, shared equally by A, B and C, with 30.00 of cost in Q1. */
async function addHr(): Promise<void> {
  const system = systemActor();
  await t.store.createService(
    "p1",
    { id: "HR", name: "HR", lead: "C", participants: ["A", "B", "C"], pools: [{ id: "staff", name: "Staff" }] },
    system,
  );
  await t.store.proposeRule(
    "p1",
    { id: "hr-equal", service: "HR", effectiveFrom: "2024-04-01", basis: { kind: "equal" } },
    system,
  );
  for (const p of ["A", "B", "C"])
    await t.store.consentRule("p1", "hr-equal", { ...system, partner: p, keyId: `seed-${p}`, name: `seed@${p}` });
  const line = { id: "H1", service: "HR", pool: "staff", date: "2024-05-31", amount: "30.00" };
  expect(
    (await t.call("POST", `${base}/cost-lines`, { key: await t.key("p1", "C", "finance"), json: line })).status,
  ).toBe(201);
}

async function draft(period = "2024/25-Q1"): Promise<RunBody> {
  const res = await t.call("POST", `${base}/runs`, { key: keys.financeA, json: { period, issueDate: "2024-07-15" } });
  expect(res.status).toBe(201);
  return (await res.json()) as RunBody;
}

describe("recharge runs", () => {
  it("are drafted by the domain from the stored data, approved by another person and posted", async () => {
    const run = await draft();
    expect([run.id, run.status, run.manifest.outputHash]).toEqual([
      "run-1",
      "draft",
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
    const self = await t.call("POST", `${base}/runs/run-1/approve`, { key: keys.approverA });
    expect([self.status, ((await self.json()) as { code: string }).code]).toEqual([403, "FOUR_EYES"]);
    const approved = await t.call("POST", `${base}/runs/run-1/approve`, {
      key: keys.approverB,
      headers: { "If-Match": '"1"' },
    });
    expect(approved.headers.get("ETag")).toBe('"2"');
    expect(await approved.json()).toMatchObject({ status: "approved", approvedBy: "approver@b", version: 2 });
    const stale = await t.call("POST", `${base}/runs/run-1/post`, {
      key: keys.approverB,
      headers: { "If-Match": '"1"' },
    });
    expect(stale.status).toBe(412);
    const posted = await t.call("POST", `${base}/runs/run-1/post`, {
      key: keys.approverB,
      headers: { "If-Match": '"2"' },
    });
    expect(await posted.json()).toMatchObject({ status: "posted" });
    const check = await (await t.call("GET", `${base}/runs/run-1/check`, { key: keys.financeA })).json();
    expect(check).toMatchObject({ reproduced: true, differences: [] });
  });

  it("give one approval when two approvers approve at once", async () => {
    await draft();
    const approverC = await t.key("p1", "C", "approver");
    const [a, b] = await Promise.all([
      t.call("POST", `${base}/runs/run-1/approve`, { key: keys.approverB }),
      t.call("POST", `${base}/runs/run-1/approve`, { key: approverC }),
    ]);
    expect([a?.status, b?.status].sort()).toEqual([200, 409]);
    const log = (await (await t.call("GET", `${base}/audit?limit=1000`, { key: keys.approverB })).json()) as {
      items: { action: string }[];
    };
    expect(log.items.filter((r) => r.action === "run.approve")).toHaveLength(1);
  });

  it("refuse to approve a draft the stored data no longer gives, and approve the new draft", async () => {
    const stale = await draft();
    await t.call("POST", `${base}/cost-lines`, { key: keys.financeA, json: ictLine("L3", "2.00") });
    const refused = await t.call("POST", `${base}/runs/run-1/approve`, { key: keys.approverB });
    const problem = (await refused.json()) as { code: string; detail: string };
    expect([refused.status, problem.code]).toEqual([409, "RUN_STALE"]);
    expect(problem.detail).toContain("inputHash");
    const after = (await (await t.call("GET", `${base}/runs/run-1`, { key: keys.financeA })).json()) as RunBody;
    expect([after.status, after.version, after.approvedBy]).toEqual(["draft", stale.version, null]);
    const fresh = await draft();
    const approved = await t.call("POST", `${base}/runs/${fresh.id}/approve`, { key: keys.approverB });
    expect([approved.status, ((await approved.json()) as RunBody).status]).toEqual([200, "approved"]);
  });

  it("serve statements as JSON, CSV and XLSX with exact amounts", async () => {
    await draft();
    const json = (await (await t.call("GET", `${base}/runs/run-1/statements/B`, { key: keys.financeA })).json()) as {
      total: { minor: number };
      partner: string;
    } & StatementMoney;
    // 120.01 split equally between A and B: 60.01 and 60.00, the odd penny by the domain's tie-break.
    expect([json.partner, json.total.minor]).toEqual(["B", 6000]);
    const csv = await (
      await t.call("GET", `${base}/runs/run-1/statements/B?format=csv`, { key: keys.financeA })
    ).text();
    expect(csv.split("\r\n")[0]).toBe(
      "number,type,partner,period,issueDate,dueDate,issuer,service,pool,kind,rule,basis,basisPeriod,drivers,poolAmount,sharePercent,amount,vat,currency",
    );
    expect(csv).toContain(",A,,,total,,,,,,,60.00,0.00,GBP");
    // The calculator's layout (`3c recharge --format csv`) of the very statement the JSON gives, byte for byte.
    expect(csv).toBe(statementsCsv([json as unknown as StatementView]));
    const xlsx = await t.call("GET", `${base}/runs/run-1/statements/B?format=xlsx`, { key: keys.financeA });
    expect([xlsx.status, xlsx.headers.get("Content-Type"), xlsx.headers.get("Content-Disposition")]).toEqual([
      200,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      'attachment; filename="run-1_B.xlsx"',
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    // The calculator's sheet for one statement: no summary, the same layout as `3c recharge --format xlsx`.
    expect(wb.worksheets.map((w) => w.name)).toEqual(["B invoice"]);
    const ws = wb.getWorksheet("B invoice");
    expect([ws?.getCell("A1").value, ws?.getCell("B1").value]).toEqual(["Recharge invoice", "run-1/B"]);
    expect(sheetAmounts(ws)).toEqual(jsonAmounts(json));
    expect(sheetAmounts(ws).slice(-1)).toEqual(["60.00"]);
  });

  it("answer a statement's CSV as the calculator's file of the whole run restricted to that statement", async () => {
    await addHr();
    await draft();
    const result = await t.store.getRunResult("p1", "run-1");
    if (result === undefined) throw new Error("the run is stored");
    // What `3c recharge --format csv` writes for this run: every statement, each with its total row.
    const [header, ...rows] = statementsCsv(result.statements.statements).split("\r\n").slice(0, -1);
    const financeB = await t.key("p1", "B", "finance");
    const csv = await (await t.call("GET", `${base}/runs/run-1/statements/B?format=csv`, { key: financeB })).text();
    const own = rows.filter((r) => r.startsWith("run-1/B,"));
    expect(own.map((r) => r.split(",").slice(6, 8))).toEqual([
      ["C", "HR"],
      ["A", "ICT"],
      ["", ""],
    ]);
    expect(csv).toBe(`${[header, ...own].join("\r\n")}\r\n`);
  });

  it("show a partner only the statements it receives or issues", async () => {
    await draft();
    const financeB = await t.key("p1", "B", "finance");
    const financeC = await t.key("p1", "C", "finance");
    const list = async (key: string) =>
      (
        (await (await t.call("GET", `${base}/runs/run-1/statements`, { key })).json()) as {
          items: { partner: string }[];
        }
      ).items.map((s) => s.partner);
    expect([await list(keys.financeA), await list(financeB), await list(financeC)]).toEqual([["B"], ["B"], []]);
    expect((await t.call("GET", `${base}/runs/run-1/statements/B`, { key: financeC })).status).toBe(404);
  });

  it("settle, diff and reverse", async () => {
    await draft();
    const settlement = (await (
      await t.call("GET", `${base}/runs/run-1/settlement`, { key: keys.financeA })
    ).json()) as {
      settlement: { from: string; to: string; amount: { minor: number } }[];
    };
    expect(settlement.settlement).toEqual([{ from: "B", to: "A", amount: { currency: "GBP", minor: 6000 } }]);
    // Approved and posted before L3 arrives: a draft the data no longer gives cannot be approved.
    await t.call("POST", `${base}/runs/run-1/approve`, { key: keys.approverB });
    await t.call("POST", `${base}/runs/run-1/post`, { key: keys.approverB });
    await t.call("POST", `${base}/cost-lines`, { key: keys.financeA, json: ictLine("L3", "2.00") });
    await draft();
    const diff = (await (
      await t.call("GET", `${base}/runs/run-2/diff?against=run-1`, { key: keys.financeA })
    ).json()) as {
      changed: boolean;
      partners: { partner: string; change: { minor: number } }[];
    };
    // A sees its own whole charge, and every partner's charge for ICT, which it leads.
    expect([diff.changed, diff.partners.map((p) => [p.partner, p.change.minor])]).toEqual([true, [["A", 100]]]);
    const services = (
      diff as unknown as { services: { service: string; partner: string; change: { minor: number } }[] }
    ).services;
    expect(services.map((r) => [r.service, r.partner, r.change.minor])).toEqual([
      ["ICT", "A", 100],
      ["ICT", "B", 100],
    ]);
    const reversal = await t.call("POST", `${base}/runs/run-1/reverse`, {
      key: keys.financeA,
      json: { period: "2024/25-Q2" },
    });
    expect(await reversal.json()).toMatchObject({ id: "run-3", status: "draft" });
    const statement = (await (
      await t.call("GET", `${base}/runs/run-3/statements/B`, { key: keys.financeA })
    ).json()) as {
      type: string;
      total: { minor: number };
    };
    expect([statement.type, statement.total.minor]).toEqual(["credit-note", -6000]);
    type Settled = {
      invoices: { from: string; to: string; amount: { minor: number } }[];
      positions: {
        partner: string;
        receivable: { minor: number };
        payable: { minor: number };
        net: { minor: number };
      }[];
      settlement: { from: string; to: string; amount: { minor: number } }[];
    };
    const settled = async (run: string, key: string) =>
      (await (await t.call("GET", `${base}/runs/${run}/settlement`, { key })).json()) as Settled;
    const undo = await settled("run-3", keys.financeA);
    // Money moves back: the transfer the other way, positive.
    expect(undo.settlement).toEqual([{ from: "A", to: "B", amount: { currency: "GBP", minor: 6000 } }]);
    // The invoices are the credit notes the statements are: same payer and payee, amounts negated.
    expect(undo.invoices).toEqual([{ from: "B", to: "A", amount: { currency: "GBP", minor: -6000 } }]);
    // Every partner's position is what its invoices say, in the reversal as in the original.
    for (const key of [keys.financeA, await t.key("p1", "B", "finance")]) {
      for (const run of ["run-1", "run-3"]) {
        const { invoices, positions } = await settled(run, key);
        const [own] = positions;
        const sum = (side: "from" | "to") =>
          invoices.filter((i) => i[side] === own?.partner).reduce((s, i) => s + i.amount.minor, 0);
        expect([own?.receivable.minor, own?.payable.minor]).toEqual([sum("to"), sum("from")]);
      }
    }
  });

  it("show a lead only its own lines of a statement that two leads issue lines on, in JSON, CSV and XLSX", async () => {
    await addHr();
    await draft();
    const financeC = await t.key("p1", "C", "finance");
    const financeB = await t.key("p1", "B", "finance");
    type Seen = {
      total: { minor: number };
      totalWithVat: { minor: number };
      lines: { service: string }[];
      retained: unknown[];
      view?: { issuer: string };
    };
    const seen = async (key: string) =>
      (await (await t.call("GET", `${base}/runs/run-1/statements/B`, { key })).json()) as Seen & StatementMoney;
    const figures = (s: Seen) => [s.lines.map((l) => l.service), s.total.minor, s.totalWithVat.minor, s.view?.issuer];
    // B's statement: ICT 60.00 issued by A, HR 10.00 (30.00 three ways) issued by C; 70.00 in all.
    expect(figures(await seen(financeB))).toEqual([["HR", "ICT"], 7000, 7000, undefined]);
    expect(figures(await seen(keys.financeA))).toEqual([["ICT"], 6000, 6000, "A"]);
    expect(figures(await seen(financeC))).toEqual([["HR"], 1000, 1000, "C"]);
    const csv = await (await t.call("GET", `${base}/runs/run-1/statements/B?format=csv`, { key: financeC })).text();
    expect(csv.split("\r\n").slice(1, -1)).toEqual([
      'run-1/B,invoice,B,2024/25-Q1,2024-07-15,,C,HR,staff,cost,hr-equal,"equally between A, B, C",2024/25-Q1,,30.00,33.3333,10.00,0.00,GBP',
      "run-1/B,invoice,B,2024/25-Q1,2024-07-15,,C,,,total,,,,,,,10.00,0.00,GBP",
    ]);
    const xlsx = await t.call("GET", `${base}/runs/run-1/statements/B?format=xlsx`, { key: financeC });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.getWorksheet("B invoice");
    expect([ws?.getCell("A4").value, ws?.getCell("B4").value]).toEqual(["View", "Lines issued by C only"]);
    expect(sheetAmounts(ws)).toEqual(jsonAmounts(await seen(financeC)));
    const list = async (key: string) =>
      (
        (await (await t.call("GET", `${base}/runs/run-1/statements`, { key })).json()) as {
          items: { partner: string; total: { minor: number }; view?: { issuer: string } }[];
        }
      ).items.map((s) => [s.partner, s.total.minor, s.view?.issuer ?? "whole"]);
    expect(await list(keys.financeA)).toEqual([
      ["A", 1000, "whole"],
      ["B", 6000, "A"],
    ]);
    expect(await list(financeC)).toEqual([
      ["A", 1000, "C"],
      ["B", 1000, "C"],
    ]);
  });

  it("show each partner only the invoices and transfers it pays or receives, and its own position", async () => {
    await addHr();
    await draft();
    const settlement = async (key: string) =>
      (await (await t.call("GET", `${base}/runs/run-1/settlement`, { key })).json()) as Record<string, unknown>;
    const gbp = (minor: number) => ({ currency: "GBP", minor });
    // Invoices B→A 60.00, B→C 10.00, A→C 10.00: A is owed 50.00, C 20.00, B owes 70.00.
    expect(await settlement(await t.key("p1", "C", "viewer"))).toEqual({
      run: "run-1",
      partner: "C",
      basis: "charges",
      invoices: [
        { from: "A", to: "C", amount: gbp(1000) },
        { from: "B", to: "C", amount: gbp(1000) },
      ],
      positions: [{ partner: "C", receivable: gbp(2000), payable: gbp(0), net: gbp(2000) }],
      settlement: [{ from: "B", to: "C", amount: gbp(2000) }],
    });
    const a = await settlement(keys.financeA);
    expect([a.invoices, a.settlement]).toEqual([
      [
        { from: "A", to: "C", amount: gbp(1000) },
        { from: "B", to: "A", amount: gbp(6000) },
      ],
      [{ from: "B", to: "A", amount: gbp(5000) }],
    ]);
  });

  it("work out advances, true-up and variance for a year with the budget", async () => {
    const budget = [ictLine("B1", "100.00", "2024-04-01"), ictLine("B2", "20.00", "2024-10-01")];
    expect(
      (await t.call("POST", `${base}/budget-lines/import`, { key: keys.financeA, json: { items: budget } })).status,
    ).toBe(201);
    const res = await t.call("POST", `${base}/runs`, {
      key: keys.financeA,
      json: { period: "2024/25", issueDate: "2025-04-30", budget: true },
    });
    expect(res.status).toBe(201);
    const yearEnd = (await (await t.call("GET", `${base}/runs/run-1/year-end`, { key: keys.financeA })).json()) as {
      advances: { partner: string; amount: { minor: number } }[];
      trueUp: { lines: { partner: string; trueUp: { minor: number } }[] };
    };
    // Budget 120.00 and actual 120.01, both split equally: B's advances total 60.00, its true-up 0.00.
    const advancesB = yearEnd.advances.filter((a) => a.partner === "B").reduce((s, a) => s + a.amount.minor, 0);
    expect(advancesB).toBe(6000);
    expect(yearEnd.trueUp.lines.filter((l) => l.partner === "B").map((l) => l.trueUp.minor)).toEqual([0]);
    await draft();
    expect((await t.call("GET", `${base}/runs/run-2/year-end`, { key: keys.financeA })).status).toBe(409);
  });

  it("apply the agreement's year-end policies, stored with the run so that its check reproduces", async () => {
    // Budget 200.00 shared equally: B advances 100.00; actual 120.01: B bears 60.00, a 40.00 refund.
    const budget = [ictLine("B1", "100.00", "2024-04-01"), ictLine("B2", "100.00", "2024-10-01")];
    await t.call("POST", `${base}/budget-lines/import`, { key: keys.financeA, json: { items: budget } });
    const year = { period: "2024/25", issueDate: "2025-04-30", budget: true };
    type YearEnd = {
      trueUp: {
        lines: { partner: string; charge: { minor: number }; trueUp: { minor: number }; adjustments: unknown[] }[];
      };
    };
    const trueUps = async (run: string) => {
      const body = (await (
        await t.call("GET", `${base}/runs/${run}/year-end`, { key: keys.financeA })
      ).json()) as YearEnd;
      return body.trueUp.lines.map((l) => [l.partner, l.charge.minor, l.trueUp.minor, l.adjustments]);
    };
    expect((await t.call("POST", `${base}/runs`, { key: keys.financeA, json: year })).status).toBe(201);
    expect(await trueUps("run-1")).toEqual([
      ["A", 6001, -3999, []],
      ["B", 6000, -4000, []],
    ]);
    const floored = await t.call("POST", `${base}/runs`, {
      key: keys.financeA,
      json: { ...year, policies: { floorCredits: true } },
    });
    expect(await floored.json()).toMatchObject({ id: "run-2", options: { policies: { floorCredits: true } } });
    // B's refund of 40.00 is floored to nothing: it bears its advances, 100.00; the lead keeps the 40.00.
    expect(await trueUps("run-2")).toEqual([
      [
        "A",
        2001,
        -7999,
        [{ policy: "credit-floor", amount: { currency: "GBP", minor: -4000 }, note: expect.any(String) }],
      ],
      ["B", 10000, 0, [{ policy: "credit-floor", amount: { currency: "GBP", minor: 4000 }, note: expect.any(String) }]],
    ]);
    const check = await (await t.call("GET", `${base}/runs/run-2/check`, { key: keys.financeA })).json();
    expect(check).toMatchObject({ reproduced: true, differences: [] });
  });

  it("dampen a change of basis against the stored rule versions named as the previous basis", async () => {
    // Before 2024/25 ICT was shared 75/25 between A and B; from 2024-04-01 it is shared equally.
    const system = systemActor();
    await t.store.proposeRule(
      "p1",
      {
        id: "ict-fixed",
        service: "ICT",
        effectiveFrom: "2023-04-01",
        basis: { kind: "fixed", unit: "percent", shares: { A: "75", B: "25" } },
      },
      system,
    );
    for (const p of ["A", "B", "C"])
      await t.store.consentRule("p1", "ict-fixed", { ...system, partner: p, keyId: `seed-${p}`, name: `seed@${p}` });
    await t.call("POST", `${base}/budget-lines`, { key: keys.financeA, json: ictLine("B1", "120.00", "2024-04-01") });
    const res = await t.call("POST", `${base}/runs`, {
      key: keys.financeA,
      json: {
        period: "2024/25",
        issueDate: "2025-04-30",
        budget: true,
        policies: { dampening: { maxIncreasePercent: "10", borneBy: "lead" } },
        previousRules: ["ict-fixed", "bc-direct"],
      },
    });
    expect(res.status).toBe(201);
    const yearEnd = (await (await t.call("GET", `${base}/runs/run-1/year-end`, { key: keys.financeA })).json()) as {
      trueUp: { lines: { partner: string; charge: { minor: number }; trueUp: { minor: number } }[] };
    };
    // 120.01 by the old basis gives B 30.00, capped at +10%: 33.00, not the 60.00 of equal shares; the
    // lead A bears the 27.00 over the cap (60.01 + 27.00). Both advanced 60.00 of the 120.00 budget.
    expect(yearEnd.trueUp.lines.map((l) => [l.partner, l.charge.minor, l.trueUp.minor])).toEqual([
      ["A", 8701, 2701],
      ["B", 3300, -2700],
    ]);
    const check = await (await t.call("GET", `${base}/runs/run-1/check`, { key: keys.financeA })).json();
    expect(check).toMatchObject({ reproduced: true, differences: [] });
  });

  it("refuse policies the domain cannot apply, and previous rules that are not active here, with 422", async () => {
    const problem = async (json: unknown) => {
      const res = await t.call("POST", `${base}/runs`, { key: keys.financeA, json });
      const body = (await res.json()) as { code: string; errors?: { path: string }[] };
      return [res.status, body.code, body.errors?.map((e) => e.path)];
    };
    const year = { period: "2024/25", issueDate: "2025-04-30", budget: true };
    expect(await problem({ ...year, period: "2024/25-Q1", policies: { floorCredits: true } })).toEqual([
      422,
      "INVALID_PERIOD",
      expect.anything(),
    ]);
    expect(await problem({ ...year, policies: { dampening: { maxIncreasePercent: "10", borneBy: "lead" } } })).toEqual([
      422,
      "INVALID_SCENARIO",
      ["previousRules"],
    ]);
    expect(await problem({ ...year, previousRules: ["ict-equal", "nope"] })).toEqual([
      422,
      "INVALID_INPUT",
      expect.arrayContaining([expect.stringContaining("previousRules")]),
    ]);
    expect(await problem({ ...year, policies: { tolerancePoints: "three" } })).toEqual([
      422,
      "VALIDATION_FAILED",
      ["policies.tolerancePoints"],
    ]);
    expect(await t.store.listRuns("p1", {})).toEqual([]);
  });

  it("are refused with 409 in a closed period", async () => {
    await t.call("POST", `${base}/periods`, { key: keys.approverB, json: { name: "2024/25" } });
    await t.call("POST", `${base}/periods/2024-25/close`, { key: keys.approverB });
    const res = await t.call("POST", `${base}/runs`, {
      key: keys.financeA,
      json: { period: "2024/25-Q1", issueDate: "2024-07-15" },
    });
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([409, "PERIOD_CLOSED"]);
  });

  it("report data the domain cannot run as 422 with its issues", async () => {
    await t.call("POST", `${base}/cost-lines`, {
      key: await t.key("p1", "C", "finance"),
      json: { id: "BC1", service: "BC", pool: "staff", date: "2024-05-01", amount: "1.00", currency: "USD" },
    });
    const res = await t.call("POST", `${base}/runs`, {
      key: keys.financeA,
      json: { period: "2024/25-Q1", issueDate: "2024-07-15" },
    });
    const body = (await res.json()) as { status: number; code: string; errors: { path: string }[] };
    expect([body.status, body.code]).toEqual([422, "INVALID_SCENARIO"]);
    expect(body.errors.map((e) => e.path)).toContain("costLines[0].currency");
  });

  it("show a run's figures to the leads it recorded: a lead changed afterwards changes nothing in that run", async () => {
    // A leads ICT (A and B take part) when run-1, a year with the budget, is made; then ICT passes to
    // B from the year's first day.
    const budget = [ictLine("B1", "100.00", "2024-04-01"), ictLine("B2", "20.00", "2024-10-01")];
    await t.call("POST", `${base}/budget-lines/import`, { key: keys.financeA, json: { items: budget } });
    const year = { period: "2024/25", issueDate: "2025-04-30", budget: true };
    expect((await t.call("POST", `${base}/runs`, { key: keys.financeA, json: year })).status).toBe(201);
    const financeB = await t.key("p1", "B", "finance");
    const handOver = await t.call("PATCH", `${base}/services/ICT`, {
      key: await t.key("p1", "A", "admin"),
      json: { lead: "B", effectiveFrom: "2024-04-01" },
      headers: { "If-Match": '"1"' },
    });
    expect([handOver.status, ((await handOver.json()) as { lead: string }).lead]).toEqual([200, "B"]);
    type YearEnd = { trueUp: { lines: { service: string; partner: string }[] }; advances: { partner: string }[] };
    const seen = async (run: string, key: string) => {
      const body = (await (await t.call("GET", `${base}/runs/${run}/year-end`, { key })).json()) as YearEnd;
      return [
        body.trueUp.lines.map((l) => `${l.service}/${l.partner}`),
        [...new Set(body.advances.map((a) => a.partner))],
      ];
    };
    // run-1: A led ICT then, so A still sees B's ICT rows; B, the lead now, sees only its own.
    expect(await seen("run-1", keys.financeA)).toEqual([
      ["ICT/A", "ICT/B"],
      ["A", "B"],
    ]);
    expect(await seen("run-1", financeB)).toEqual([["ICT/B"], ["B"]]);
    const statement = async (run: string, key: string) => {
      const res = await t.call("GET", `${base}/runs/${run}/statements/B`, { key });
      return res.status === 200 ? ((await res.json()) as { view?: { issuer: string } }).view?.issuer : res.status;
    };
    expect(await statement("run-1", keys.financeA)).toBe("A");
    // ICT's data is B's to write now; a run made after the hand-over is B's to see as the lead, not A's.
    expect((await t.call("POST", `${base}/cost-lines`, { key: financeB, json: ictLine("L3", "2.00") })).status).toBe(
      201,
    );
    expect((await t.call("POST", `${base}/runs`, { key: keys.financeA, json: year })).status).toBe(201);
    expect(await seen("run-2", financeB)).toEqual([
      ["ICT/A", "ICT/B"],
      ["A", "B"],
    ]);
    expect(await seen("run-2", keys.financeA)).toEqual([["ICT/A"], ["A"]]);
    expect(await statement("run-2", keys.financeA)).toBe(404);
    // The diff of the two runs (ICT up 2.00, 1.00 each): ICT changed hands between them, so each
    // sees only its own ICT row, not the other's.
    const diff = async (key: string) => {
      const res = await t.call("GET", `${base}/runs/run-2/diff?against=run-1`, { key });
      const body = (await res.json()) as { services: { partner: string; change: { minor: number } }[] };
      return body.services.map((r) => [r.partner, r.change.minor]);
    };
    expect([await diff(keys.financeA), await diff(financeB)]).toEqual([[["A", 100]], [["B", 100]]]);
  });

  it("hand a service only to a partner that takes part in it, at the version read", async () => {
    const admin = await t.key("p1", "A", "admin");
    const patch = (lead: string, version: string) =>
      t.call("PATCH", `${base}/services/ICT`, {
        key: admin,
        json: { lead, effectiveFrom: "2024-04-01" },
        headers: { "If-Match": `"${version}"` },
      });
    const outsider = await patch("C", "1");
    expect([
      outsider.status,
      ((await outsider.json()) as { errors: { path: string }[] }).errors.map((e) => e.path),
    ]).toEqual([422, ["lead"]]);
    expect((await patch("B", "2")).status).toBe(412);
    expect((await patch("B", "1")).status).toBe(200);
    expect((await t.store.listServices("p1")).find((s) => s.id === "ICT")?.lead).toBe("B");
  });
});
