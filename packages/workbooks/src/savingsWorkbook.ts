import { currency, type Money, type SavingsReport, type SavingTarget } from "@3c/domain";
import { loadExcel, moneyFormat } from "./loadExcel.js";
import { moneyCellValue } from "./moneyCellValue.js";
import { workbookBytes } from "./workbookBytes.js";

/** A column of the savings sheets: its heading, width, and whether its cells are money. */
interface SavingsColumn {
  readonly header: string;
  readonly width: number;
  readonly money?: true;
}

/**
 * Every column of the two sheets, declared once: each sheet lists the keys it shows, so a heading,
 * width or money format the sheets share cannot drift apart.
 */
const SAVINGS_COLUMNS = {
  year: { header: "Year", width: 10 },
  partner: { header: "Partner", width: 10 },
  service: { header: "Service", width: 10 },
  baseline: { header: "Indexed baseline", width: 18, money: true },
  contribution: { header: "Contribution", width: 18, money: true },
  saving: { header: "Saving", width: 16, money: true },
  percent: { header: "% of baseline", width: 13 },
  cumulative: { header: "Cumulative", width: 18, money: true },
  targetPercent: { header: "Target %", width: 10 },
  target: { header: "Target", width: 16, money: true },
  met: { header: "Met", width: 6 },
  oneOffNet: { header: "One-offs net", width: 16, money: true },
  netCumulative: { header: "Net cumulative", width: 18, money: true },
} as const satisfies Record<string, SavingsColumn>;

type SavingsColumnKey = keyof typeof SAVINGS_COLUMNS;

const BY_PARTNER: readonly SavingsColumnKey[] = [
  "year",
  "partner",
  "baseline",
  "contribution",
  "saving",
  "percent",
  "cumulative",
  "targetPercent",
  "target",
  "met",
  "oneOffNet",
  "netCumulative",
];

const BY_SERVICE: readonly SavingsColumnKey[] = [
  "year",
  "partner",
  "service",
  "baseline",
  "contribution",
  "saving",
  "percent",
  "cumulative",
  "targetPercent",
  "met",
];

/** The figures a row of either sheet shows: a service's, a partner's or the partnership's year. */
interface SavingsFigures {
  readonly indexedBaseline: Money;
  readonly contribution: Money;
  readonly saving: Money;
  readonly cumulative: Money;
  readonly percentOfBaseline?: string | null;
  readonly target?: SavingTarget;
}

const cell = (x: Money | undefined) => (x === undefined ? null : moneyCellValue(x));

/** The shared cells of a row, by column key; a sheet without a column ignores its cell. */
function figureCells(f: SavingsFigures): Partial<Record<SavingsColumnKey, unknown>> {
  return {
    baseline: cell(f.indexedBaseline),
    contribution: cell(f.contribution),
    saving: cell(f.saving),
    percent: f.percentOfBaseline ?? "",
    cumulative: cell(f.cumulative),
    targetPercent: f.target?.percent ?? "",
    target: cell(f.target?.amount),
    met: f.target === undefined ? "" : f.target.met ? "yes" : "no",
  };
}

/**
 * The savings report as an Excel workbook: a sheet `By partner` with a row per partner and year, then
 * the partnership's total of each year (bold, partner empty: the report's own `partnership` totals,
 * as the savings CSV's last rows), and a sheet per partner, service and year, amounts as numbers in
 * the currency's format (exact when read back, see {@link moneyCellValue}), percentages as the
 * domain's decimal text. The two sheets' columns come from one declaration.
 *
 * @param report - the savings report
 * @returns the XLSX file's bytes
 */
export async function savingsWorkbook(report: SavingsReport): Promise<Uint8Array> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = "3c";
  // A fixed date keeps the file the same for the same report (no clock in the output).
  wb.created = new Date("2024-04-01T00:00:00Z");
  wb.modified = wb.created;
  const c = currency(report.currency);
  const fmt = moneyFormat(c.symbol, c.exponent);
  const sheet = (name: string, keys: readonly SavingsColumnKey[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = keys.map((key) => {
      const { header, width, ...rest } = SAVINGS_COLUMNS[key] as SavingsColumn;
      return { header, key, width, ...(rest.money === true ? { style: { numFmt: fmt } } : {}) };
    });
    ws.getRow(1).font = { bold: true };
    return ws;
  };

  const byPartner = sheet("By partner", BY_PARTNER);
  for (const p of report.partners)
    for (const y of p.years)
      byPartner.addRow({
        year: y.year,
        partner: p.partner,
        ...figureCells(y),
        oneOffNet: cell(y.oneOffNet),
        netCumulative: cell(y.netCumulative),
      });
  for (const t of report.partnership)
    byPartner.addRow({
      year: t.year,
      partner: "",
      ...figureCells(t),
      oneOffNet: cell(t.oneOffNet),
      netCumulative: cell(t.netCumulative),
    }).font = { bold: true };

  const byService = sheet("By service", BY_SERVICE);
  for (const s of report.services)
    byService.addRow({ year: s.year, partner: s.partner, service: s.service, ...figureCells(s) });
  return workbookBytes(wb);
}
