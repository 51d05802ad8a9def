import { currency as currencyOf, type StatementView } from "@3c/domain";
import { loadExcel, moneyFormat } from "./loadExcel.js";
import { moneyCellValue } from "./moneyCellValue.js";
import { addStatementSheet } from "./statementSheet.js";
import { stripControlLine } from "./stripControl.js";
import { workbookBytes } from "./workbookBytes.js";

/** What a statements workbook needs beside the statements: their currency and a date for the file. */
export interface StatementViewsWorkbookOptions {
  /** The run's currency (ISO 4217), for the summary's money format even when no statement is shown. */
  readonly currency: string;
  /** The file's date when there is no statement to take the issue date of, e.g. the period's first day. */
  readonly date: string;
  /** Partners' names for their sheets (default: each statement's own `partnerName`, as at the run). */
  readonly names?: ReadonlyMap<string, string>;
}

/**
 * Statements as an Excel workbook: a summary sheet, then one sheet per statement with its lines,
 * basis and drivers. The statements may be a run's every one or what a partner may see of them: a
 * lead's view (`view`) has its type marked on the summary (`invoice (lines by HDC only)`) and a
 * `View` row on its sheet, so its totals cannot pass for the whole statement's. Amounts are numeric
 * cells in the currency's format, so they add up in Excel; totals are the domain's, not formulas.
 *
 * @param statements - the statements, or the views of them a partner may see
 * @param options - the currency, the date when there is no statement, and names
 * @returns the XLSX file's bytes
 * @example await statementViewsWorkbook(runView(run, "HDC").statements, { currency: "GBP", date: "2024-10-01" })
 */
export async function statementViewsWorkbook(
  statements: readonly StatementView[],
  options: StatementViewsWorkbookOptions,
): Promise<Uint8Array> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = "3c";
  // A fixed date keeps the file the same for the same statements (no clock in the output).
  wb.created = new Date(`${statements[0]?.issueDate ?? options.date}T00:00:00Z`);
  wb.modified = wb.created;
  const c = currencyOf(options.currency);
  const fmt = moneyFormat(c.symbol, c.exponent);

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
  for (const s of statements) {
    summary.addRow({
      number: stripControlLine(s.number),
      type: s.view === undefined ? s.type : `${s.type} (lines by ${s.view.issuer} only)`,
      partner: s.partner,
      name: stripControlLine(s.partnerName),
      charges: moneyCellValue(s.charges),
      income: moneyCellValue(s.incomeNetted),
      vat: moneyCellValue(s.vat),
      total: moneyCellValue(s.totalWithVat),
    });
  }

  for (const s of statements) addStatementSheet(wb, s, options.names?.get(s.partner) ?? s.partnerName);
  return workbookBytes(wb);
}
