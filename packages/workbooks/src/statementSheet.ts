import { currency, type Money, poolLabel, type StatementView } from "@3c/domain";
import type { Workbook, Worksheet } from "exceljs";
import { moneyFormat } from "./loadExcel.js";
import { moneyCellValue } from "./moneyCellValue.js";
import { stripControlLine } from "./stripControl.js";

/** Excel refuses sheet names over 31 characters or with `[]:*?/\`. */
function sheetName(text: string): string {
  return stripControlLine(text)
    .replace(/[[\]:*?/\\]/g, "-")
    .slice(0, 31);
}

/**
 * Adds one statement's sheet to a workbook, named `<partner> <type>`: the heading (document type
 * and number, to whom, period, a lead's view named as such, issue and due dates), one row per line
 * with its basis and drivers (a pool the run made named for people: `support from ICT`,
 * `service-wide`), then the totals. Amounts are numeric cells in the currency's format
 * (exact when read back, see {@link moneyCellValue}); the totals are the domain's, not formulas.
 *
 * @param wb - the workbook
 * @param s - the statement, or a lead's view of it (`view`: a "View" row says "Lines issued by X only")
 * @param partnerName - the name to show for the partner (default: the statement's own `partnerName`)
 * @returns the sheet
 */
export function addStatementSheet(wb: Workbook, s: StatementView, partnerName = s.partnerName): Worksheet {
  const c = currency(s.total.currency);
  const fmt = moneyFormat(c.symbol, c.exponent);
  const ws = wb.addWorksheet(sheetName(`${s.partner} ${s.type}`));
  ws.addRow([s.type === "invoice" ? "Recharge invoice" : "Recharge credit note", stripControlLine(s.number)]).font = {
    bold: true,
  };
  ws.addRow(["To", `${s.partner} ${stripControlLine(partnerName)}`]);
  ws.addRow(["Period", s.period]);
  if (s.view !== undefined) ws.addRow(["View", `Lines issued by ${s.view.issuer} only`]);
  ws.addRow(["Issued", s.issueDate]);
  if (s.dueDate !== undefined) ws.addRow(["Due", s.dueDate]);
  ws.addRow([]);
  const head = ws.addRow([
    "Issuer",
    "Service",
    "Pool",
    "Kind",
    "Rule",
    "Basis",
    "Drivers",
    "Pool amount",
    "Share %",
    "Amount",
    "VAT",
  ]);
  head.font = { bold: true };
  for (const l of s.lines) {
    const row = ws.addRow([
      l.issuer,
      l.service,
      stripControlLine(poolLabel(l.pool)),
      l.kind,
      stripControlLine(l.rule),
      stripControlLine(l.basis),
      l.drivers.map((d) => `${d.driver} ${d.period}: ${d.quantity} of ${d.total}`).join("; "),
      moneyCellValue(l.poolAmount),
      l.sharePercent,
      moneyCellValue(l.amount),
      moneyCellValue(l.vat),
    ]);
    for (const col of [8, 10, 11]) row.getCell(col).numFmt = fmt;
  }
  ws.addRow([]);
  const totals: [string, Money][] = [
    ["Charges", s.charges],
    ["Income netted", s.incomeNetted],
    ["Total before VAT", s.total],
    ["VAT", s.vat],
    ["Total", s.totalWithVat],
  ];
  for (const [label, m] of totals) {
    const row = ws.addRow([label, ...Array(8).fill(null), moneyCellValue(m)]);
    row.getCell(10).numFmt = fmt;
    if (label === "Total") row.font = { bold: true };
  }
  ws.columns.forEach((col, i) => {
    col.width = [10, 9, 16, 8, 22, 34, 36, 16, 9, 16, 12][i] ?? 12;
  });
  return ws;
}
