import { currency, type Money, type RechargeRun, type Scenario } from "@3c/domain";
import { stripControlLine } from "../text/stripControl.js";
import { loadExcel, moneyFormat } from "../workbook/loadExcel.js";

/**
 * The value written to a money cell: major units as a number. Exact on reading back: for any amount
 * within ±2^53 minor units, `minor / 10^exponent` is the double nearest that decimal, its shortest
 * text is the decimal itself (≤ 15 significant digits below £10^11, which Excel keeps), so
 * `parseMoney(String(value))` gives back exactly the pennies. A test reads every cell back.
 *
 * @param m - the amount
 * @returns the cell value
 */
export function moneyCellValue(m: Money): number {
  return m.minor / 10 ** currency(m.currency).exponent;
}

/** Excel refuses sheet names over 31 characters or with `[]:*?/\`. */
function sheetName(text: string): string {
  return stripControlLine(text)
    .replace(/[[\]:*?/\\]/g, "-")
    .slice(0, 31);
}

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

  for (const s of run.statements.statements) {
    const ws = wb.addWorksheet(sheetName(`${s.partner} ${s.type}`));
    ws.addRow([s.type === "invoice" ? "Recharge invoice" : "Recharge credit note", stripControlLine(s.number)]).font = {
      bold: true,
    };
    ws.addRow(["To", `${s.partner} ${stripControlLine(names.get(s.partner) ?? s.partnerName)}`]);
    ws.addRow(["Period", s.period]);
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
        stripControlLine(l.pool),
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
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
