import { currency, type Money, partnershipSavingsTotals, type SavingsReport } from "@3c/domain";
import { loadExcel, moneyFormat } from "./loadExcel.js";
import { moneyCellValue } from "./moneyCellValue.js";
import { workbookBytes } from "./workbookBytes.js";

/**
 * The savings report as an Excel workbook: a sheet `By partner` with a row per partner and year, then
 * the partnership's total of each year (bold, partner empty: the exact sums of
 * {@link partnershipSavingsTotals}, as the savings CSV's last rows), and a sheet per partner,
 * service and year, amounts as numbers in the currency's format (exact when read back, see
 * {@link moneyCellValue}), percentages as the domain's decimal text.
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
  const m = (x: Money | undefined) => (x === undefined ? null : moneyCellValue(x));

  const byPartner = wb.addWorksheet("By partner", { views: [{ state: "frozen", ySplit: 1 }] });
  byPartner.columns = [
    { header: "Year", key: "year", width: 10 },
    { header: "Partner", key: "partner", width: 10 },
    { header: "Indexed baseline", key: "baseline", width: 18, style: { numFmt: fmt } },
    { header: "Contribution", key: "contribution", width: 18, style: { numFmt: fmt } },
    { header: "Saving", key: "saving", width: 16, style: { numFmt: fmt } },
    { header: "% of baseline", key: "percent", width: 13 },
    { header: "Cumulative", key: "cumulative", width: 18, style: { numFmt: fmt } },
    { header: "Target %", key: "targetPercent", width: 10 },
    { header: "Target", key: "target", width: 16, style: { numFmt: fmt } },
    { header: "Met", key: "met", width: 6 },
    { header: "One-offs net", key: "oneOffNet", width: 16, style: { numFmt: fmt } },
    { header: "Net cumulative", key: "netCumulative", width: 18, style: { numFmt: fmt } },
  ];
  byPartner.getRow(1).font = { bold: true };
  for (const p of report.partners)
    for (const y of p.years)
      byPartner.addRow({
        year: y.year,
        partner: p.partner,
        baseline: m(y.indexedBaseline),
        contribution: m(y.contribution),
        saving: m(y.saving),
        percent: y.percentOfBaseline ?? "",
        cumulative: m(y.cumulative),
        targetPercent: y.target?.percent ?? "",
        target: m(y.target?.amount),
        met: y.target === undefined ? "" : y.target.met ? "yes" : "no",
        oneOffNet: m(y.oneOffNet),
        netCumulative: m(y.netCumulative),
      });
  for (const t of partnershipSavingsTotals(report))
    byPartner.addRow({
      year: t.year,
      partner: "",
      baseline: m(t.indexedBaseline),
      contribution: m(t.contribution),
      saving: m(t.saving),
      percent: "",
      cumulative: m(t.cumulative),
      targetPercent: "",
      target: null,
      met: "",
      oneOffNet: m(t.oneOffNet),
      netCumulative: m(t.netCumulative),
    }).font = { bold: true };

  const byService = wb.addWorksheet("By service", { views: [{ state: "frozen", ySplit: 1 }] });
  byService.columns = [
    { header: "Year", key: "year", width: 10 },
    { header: "Partner", key: "partner", width: 10 },
    { header: "Service", key: "service", width: 10 },
    { header: "Indexed baseline", key: "baseline", width: 18, style: { numFmt: fmt } },
    { header: "Contribution", key: "contribution", width: 18, style: { numFmt: fmt } },
    { header: "Saving", key: "saving", width: 16, style: { numFmt: fmt } },
    { header: "% of baseline", key: "percent", width: 13 },
    { header: "Cumulative", key: "cumulative", width: 18, style: { numFmt: fmt } },
    { header: "Target %", key: "targetPercent", width: 10 },
    { header: "Met", key: "met", width: 6 },
  ];
  byService.getRow(1).font = { bold: true };
  for (const s of report.services)
    byService.addRow({
      year: s.year,
      partner: s.partner,
      service: s.service,
      baseline: m(s.indexedBaseline),
      contribution: m(s.contribution),
      saving: m(s.saving),
      percent: s.percentOfBaseline ?? "",
      cumulative: m(s.cumulative),
      targetPercent: s.target?.percent ?? "",
      met: s.target === undefined ? "" : s.target.met ? "yes" : "no",
    });
  return workbookBytes(wb);
}
