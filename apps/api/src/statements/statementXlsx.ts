import { type Money, type StatementView, toDecimalString } from "@3c/domain";
import ExcelJS from "exceljs";

// Excel holds numbers as binary floating point; each cell is written from the exact decimal string
// and shown to two places, so what a person reads is the exact figure. The exact strings are in
// the JSON and CSV forms.
const num = (m: Money) => Number(toDecimalString(m));

/**
 * A statement as an Excel workbook: the heading, one row per line, and the totals. A lead's view
 * says so under the heading ("Lines issued by A only").
 *
 * @param s - the statement, or a lead's view of it
 * @returns the .xlsx file
 */
export async function statementXlsx(s: StatementView): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Statement");
  ws.addRow([s.type === "invoice" ? "Recharge invoice" : "Recharge credit note", s.number]);
  ws.addRow(["Partner", `${s.partner} ${s.partnerName}`]);
  ws.addRow(["Period", s.period]);
  if (s.view !== undefined) ws.addRow(["View", `Lines issued by ${s.view.issuer} only`]);
  ws.addRow(["Issued", s.issueDate, "Due", s.dueDate ?? ""]);
  ws.addRow([]);
  const header = ws.addRow([
    "Service",
    "Issuer",
    "Pool",
    "Kind",
    "Rule",
    "Basis",
    "Pool amount",
    "Share %",
    "Amount",
    "VAT",
  ]);
  header.font = { bold: true };
  for (const l of s.lines) {
    ws.addRow([
      l.service,
      l.issuer,
      l.pool,
      l.kind,
      l.rule,
      l.basis,
      num(l.poolAmount),
      l.sharePercent,
      num(l.amount),
      num(l.vat),
    ]);
  }
  ws.addRow([]);
  ws.addRow(["Charges", "", "", "", "", "", "", "", num(s.charges)]);
  ws.addRow(["Income netted", "", "", "", "", "", "", "", num(s.incomeNetted)]);
  ws.addRow(["Total", "", "", "", "", "", "", "", num(s.total), num(s.vat)]).font = { bold: true };
  ws.addRow(["Total with VAT", "", "", "", "", "", "", "", num(s.totalWithVat)]);
  for (const col of [7, 9, 10]) ws.getColumn(col).numFmt = "#,##0.00;-#,##0.00";
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
