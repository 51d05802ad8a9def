import type { StatementView } from "@3c/domain";
import { loadExcel } from "./loadExcel.js";
import { addStatementSheet } from "./statementSheet.js";
import { workbookBytes } from "./workbookBytes.js";

/**
 * One statement as an Excel workbook: the calculator's sheet for that statement alone (see
 * {@link addStatementSheet}), with no summary sheet, whose one row would repeat the totals at the
 * sheet's foot. The file is the same for the same statement: its creation date is the issue date.
 *
 * @param s - the statement, or a lead's view of it (its sheet says "Lines issued by X only")
 * @returns the XLSX file's bytes
 * @example
 * const bytes = await statementWorkbook(run.statements.statements[0]);
 */
export async function statementWorkbook(s: StatementView): Promise<Uint8Array> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = "3c";
  // A fixed date keeps the file the same for the same statement (no clock in the output).
  wb.created = new Date(`${s.issueDate}T00:00:00Z`);
  wb.modified = wb.created;
  addStatementSheet(wb, s);
  return workbookBytes(wb);
}
