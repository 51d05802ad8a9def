import { currency, type RechargeRun, type Scenario } from "@3c/domain";
import { loadExcel, moneyFormat } from "./loadExcel.js";
import { moneyCellValue } from "./moneyCellValue.js";
import { addStatementSheet } from "./statementSheet.js";
import { stripControlLine } from "./stripControl.js";
import { workbookBytes } from "./workbookBytes.js";

/**
 * Every partner's statement as an Excel workbook: a summary sheet, then one sheet per statement
 * with its lines, basis and drivers. Amounts are numeric cells in the currency's format, so they
 * add up in Excel; totals are the domain's, not formulas.
 *
 * @param run - the recharge run
 * @param scenario - the scenario it ran on (names)
 * @returns the XLSX file's bytes
 */
export async function statementsWorkbook(run: RechargeRun, scenario: Scenario): Promise<Uint8Array> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = "3c";
  // A fixed date keeps the file the same for the same run (no clock in the output).
  wb.created = new Date(`${run.statements.statements[0]?.issueDate ?? run.allocation.period.start}T00:00:00Z`);
  wb.modified = wb.created;
  const c = currency(run.allocation.currency);
  const fmt = moneyFormat(c.symbol, c.exponent);
  const names = new Map(scenario.partners.map((p) => [p.id as string, p.name]));

  const summary = wb.addWorksheet("Summary");
  summary.columns = [
    { header: "Number", key: "number", width: 24 },
    { header: "Type", key: "type", width: 12 },
    { header: "Partner", key: "partner", width: 10 },
    { header: "Name", key: "name", width: 40 },
    { header: "Charges", key: "charges", width: 16, style: { numFmt: fmt } },
    { header: "Income", key: "income", width: 16, style: { numFmt: fmt } },
    { header: "VAT", key: "vat", width: 14, style: { numFmt: fmt } },
    { header: "Total", key: "total", width: 16, style: { numFmt: fmt } },
  ];
  summary.getRow(1).font = { bold: true };
  for (const s of run.statements.statements) {
    summary.addRow({
      number: stripControlLine(s.number),
      type: s.type,
      partner: s.partner,
      name: stripControlLine(s.partnerName),
      charges: moneyCellValue(s.charges),
      income: moneyCellValue(s.incomeNetted),
      vat: moneyCellValue(s.vat),
      total: moneyCellValue(s.totalWithVat),
    });
  }

  for (const s of run.statements.statements) addStatementSheet(wb, s, names.get(s.partner) ?? s.partnerName);
  return workbookBytes(wb);
}
