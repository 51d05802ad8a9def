import { addDays, issuerView, parseMoney, parsePeriod, type RechargeRun, rechargeRun } from "@3c/domain";
import { demoScenario } from "@3c/domain/demo";
import type { Worksheet } from "exceljs";
import { describe, expect, it } from "vitest";
import { loadExcel } from "./loadExcel.js";
import { statementsWorkbook } from "./statementsWorkbook.js";
import { statementWorkbook } from "./statementWorkbook.js";

const scenario = demoScenario();
const period = parsePeriod("2024/25-Q3");

function demoRun(): RechargeRun {
  return rechargeRun({
    scenario,
    period: period.name,
    statements: {
      numbers: Object.fromEntries(scenario.partners.map((p) => [p.id, `3C-${period.name}-${p.id}`])),
      issueDate: addDays(period.end, -1),
      vat: { ratePercent: "20", rounding: "half-even" },
    },
  });
}

async function read(bytes: Uint8Array) {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  return wb;
}

const pence = (v: unknown) => parseMoney(String(v), "GBP").minor;

/** Every cell of a sheet as `[row, column, value]`, to compare two sheets whole. */
function cells(ws: Worksheet | undefined): [number, number, unknown][] {
  const out: [number, number, unknown][] = [];
  ws?.eachRow((row, r) => {
    row.eachCell((cell, c) => {
      out.push([r, c, cell.value]);
    });
  });
  return out;
}

/** The money of a statement sheet: each line's pool amount, amount and VAT, then the five totals. */
function sheetMoney(ws: Worksheet | undefined): number[] {
  const out: number[] = [];
  ws?.eachRow((row) => {
    for (const col of [8, 10, 11]) {
      const v = row.getCell(col).value;
      if (typeof v === "number") out.push(pence(v));
    }
  });
  return out;
}

describe("statementsWorkbook", () => {
  it("writes a summary and a sheet per statement whose every money cell reads back to the exact pennies", async () => {
    const run = demoRun();
    const wb = await read(await statementsWorkbook(run, scenario));
    const statements = run.statements.statements;
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Summary", ...statements.map((s) => `${s.partner} ${s.type}`)]);
    const summary = wb.getWorksheet("Summary");
    statements.forEach((s, i) => {
      const row = summary?.getRow(i + 2);
      expect([5, 6, 7, 8].map((c) => pence(row?.getCell(c).value))).toEqual([
        s.charges.minor,
        s.incomeNetted.minor,
        s.vat.minor,
        s.totalWithVat.minor,
      ]);
      expect(sheetMoney(wb.worksheets[i + 1])).toEqual([
        ...s.lines.flatMap((l) => [l.poolAmount.minor, l.amount.minor, l.vat.minor]),
        s.charges.minor,
        s.incomeNetted.minor,
        s.total.minor,
        s.vat.minor,
        s.totalWithVat.minor,
      ]);
    });
    expect(summary?.getRow(2).getCell(8).numFmt).toBe('"£"#,##0.00;-"£"#,##0.00');
  });

  it("names the pools the run made for people (support from ICT, service-wide), the scenario's by their ids", async () => {
    const run = demoRun();
    const wb = await read(await statementsWorkbook(run, scenario));
    const statements = run.statements.statements;
    statements.forEach((s, i) => {
      const pools: unknown[] = [];
      wb.worksheets[i + 1]?.eachRow((row) => {
        if (s.lines.some((l) => l.issuer === row.getCell(1).value)) pools.push(row.getCell(3).value);
      });
      const named = (pool: string) =>
        pool === "@service" ? "service-wide" : pool.startsWith("@support:") ? `support from ${pool.slice(9)}` : pool;
      expect(pools).toEqual(s.lines.map((l) => named(l.pool)));
    });
    const all = statements.flatMap((s) => s.lines.map((l) => l.pool));
    expect(all).toContain("@support:ICT");
    expect(all).toContain("@service");
  });

  it("writes the same bytes for the same run", async () => {
    const run = demoRun();
    expect(await statementsWorkbook(run, scenario)).toEqual(await statementsWorkbook(run, scenario));
  });
});

describe("statementWorkbook", () => {
  it("writes one statement as the calculator's sheet for it, cell for cell", async () => {
    const run = demoRun();
    const all = await read(await statementsWorkbook(run, scenario));
    for (const [i, s] of run.statements.statements.entries()) {
      const one = await read(await statementWorkbook(s));
      expect(one.worksheets.map((w) => w.name)).toEqual([`${s.partner} ${s.type}`]);
      expect(cells(one.worksheets[0])).toEqual(cells(all.worksheets[i + 1]));
    }
  });

  it("says on a lead's view whose lines it holds, with that view's totals", async () => {
    const run = demoRun();
    const whole = run.statements.statements.find((s) => new Set(s.lines.map((l) => l.issuer)).size > 1);
    if (whole === undefined) throw new Error("the demo has a statement with lines from two leads");
    const issuer = whole.lines[0]?.issuer ?? "";
    const view = issuerView(whole, issuer);
    const ws = (await read(await statementWorkbook(view))).worksheets[0];
    expect([ws?.getCell("A4").value, ws?.getCell("B4").value]).toEqual(["View", `Lines issued by ${issuer} only`]);
    expect(sheetMoney(ws)).toEqual([
      ...view.lines.flatMap((l) => [l.poolAmount.minor, l.amount.minor, l.vat.minor]),
      view.charges.minor,
      view.incomeNetted.minor,
      view.total.minor,
      view.vat.minor,
      view.totalWithVat.minor,
    ]);
    expect(view.lines.length).toBeLessThan(whole.lines.length);
  });

  it("writes the same bytes for the same statement", async () => {
    const s = demoRun().statements.statements[0];
    if (s === undefined) throw new Error("the demo has statements");
    expect(await statementWorkbook(s)).toEqual(await statementWorkbook(s));
  });
});
