import { parseMoney, type SavingsReport, scenarioSavings } from "@3c/domain";
import { demoScenario } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { loadExcel } from "./loadExcel.js";
import { savingsCsv } from "./savingsCsv.js";
import { savingsWorkbook } from "./savingsWorkbook.js";

const report = scenarioSavings(demoScenario(), "2024/25") as SavingsReport;
// No field of this report holds a comma or quote (ids, years, decimals), so a split reads it back.
const [head = [], ...body] = savingsCsv(report)
  .split("\r\n")
  .slice(0, -1)
  .map((line) => line.split(","));
const rows = body.map((cells) => Object.fromEntries(head.map((h, i) => [h, cells[i] ?? ""])));
const pence = (decimal: string | undefined) => parseMoney(decimal ?? "", "GBP").minor;
const MONEY = ["indexedBaseline", "contribution", "saving", "cumulative"] as const;

const serviceRows = rows.filter((r) => r.service !== "");
const partnerRows = rows.filter((r) => r.service === "" && r.partner !== "");
const partnershipRows = rows.filter((r) => r.service === "" && r.partner === "");

describe("savingsCsv", () => {
  it("writes the service rows, then a total row per partner and year, then the partnership's per year", () => {
    expect(report).not.toBeNull();
    expect(serviceRows).toHaveLength(report.services.length);
    expect(partnerRows.map((r) => [r.partner, r.year])).toEqual(
      report.partners.flatMap((p) => p.years.map((y) => [p.partner, y.year])),
    );
    expect(partnershipRows.map((r) => r.year)).toEqual(report.years);
    expect(rows).toEqual([...serviceRows, ...partnerRows, ...partnershipRows]);
  });

  it("totals each partner's year as the sum of its service rows, to the penny", () => {
    for (const p of partnerRows) {
      const mine = serviceRows.filter((s) => s.partner === p.partner && s.year === p.year);
      for (const m of MONEY) expect(mine.reduce((sum, s) => sum + pence(s[m]), 0)).toBe(pence(p[m]));
    }
  });

  it("totals the partnership's year as the sum of the partners' rows, ending at the report's totals", () => {
    for (const all of partnershipRows) {
      const parts = partnerRows.filter((p) => p.year === all.year);
      for (const m of [...MONEY, "oneOffNet", "netCumulative"] as const)
        expect(parts.reduce((sum, p) => sum + pence(p[m]), 0)).toBe(pence(all[m]));
      expect([all.percentOfBaseline, all.targetPercent, all.targetAmount, all.targetMet]).toEqual(["", "", "", ""]);
    }
    const last = partnershipRows.at(-1);
    expect([pence(last?.cumulative), pence(last?.netCumulative)]).toEqual([
      report.total.saving.minor,
      report.total.netSaving.minor,
    ]);
    expect(last).toEqual({
      year: "2024/25",
      partner: "",
      service: "",
      indexedBaseline: "10594260.00",
      contribution: "9004177.54",
      saving: "1590082.46",
      cumulative: "9743554.46",
      percentOfBaseline: "",
      targetPercent: "",
      targetAmount: "",
      targetMet: "",
      oneOffNet: "0.00",
      netCumulative: "8033554.46",
    });
  });

  it("gives each partner's and the partnership's total row the figures of the workbook's By partner sheet", async () => {
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await savingsWorkbook(report)).buffer as ArrayBuffer);
    const sheet = wb.getWorksheet("By partner");
    const cell = (v: unknown) => (v === null || v === undefined ? "" : String(v));
    expect(sheet?.rowCount).toBe(partnerRows.length + partnershipRows.length + 1);
    [...partnerRows, ...partnershipRows].forEach((r, i) => {
      const row = sheet?.getRow(i + 2);
      const money = (c: number) => parseMoney(cell(row?.getCell(c).value), "GBP").minor;
      expect([cell(row?.getCell(1).value), cell(row?.getCell(2).value)]).toEqual([r.year, r.partner]);
      expect([money(3), money(4), money(5), money(7), money(11), money(12)]).toEqual(
        [...MONEY, "oneOffNet", "netCumulative"].map((m) => pence(r[m])),
      );
      expect([cell(row?.getCell(6).value), cell(row?.getCell(8).value), cell(row?.getCell(10).value)]).toEqual([
        r.percentOfBaseline,
        r.targetPercent,
        r.targetMet === "" ? "" : r.targetMet === "true" ? "yes" : "no",
      ]);
    });
  });
});
