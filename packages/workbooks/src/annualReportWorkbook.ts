import { type AnnualReport, addDays, currency, type Money } from "@3c/domain";
import type { Worksheet } from "exceljs";
import { addKpiSheet, percentCell } from "./kpiWorkbook.js";
import { leadPartDays } from "./leadPartDays.js";
import { loadExcel, moneyFormat } from "./loadExcel.js";
import { moneyCellValue } from "./moneyCellValue.js";
import { stripControlLine } from "./stripControl.js";
import { workbookBytes } from "./workbookBytes.js";

/**
 * A service's annual report as an Excel workbook: finance (with pools and each council's
 * recharge), savings, the KPI scorecard, availability and outages, review flags. Money is numeric
 * in the currency's format (exact when read back, see {@link moneyCellValue}), percentages are
 * percentages, KPI statuses are words filled in their RAG colour.
 *
 * @param r - the annual report
 * @returns the XLSX file's bytes
 */
export async function annualReportWorkbook(r: AnnualReport): Promise<Uint8Array> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = "3c";
  // A fixed date keeps the file the same for the same report (no clock in the output).
  wb.created = new Date("2024-04-01T00:00:00Z");
  wb.modified = wb.created;
  const c = currency(r.currency);
  const fmt = moneyFormat(c.symbol, c.exponent);
  const m = (x: Money | null | undefined) => (x === null || x === undefined ? null : moneyCellValue(x));
  const sheet = (name: string, columns: { header: string; key: string; width: number; money?: boolean }[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = columns.map((col) => ({
      header: col.header,
      key: col.key,
      width: col.width,
      ...(col.money === true ? { style: { numFmt: fmt } } : {}),
    }));
    ws.getRow(1).font = { bold: true };
    return ws;
  };
  const percent = (ws: Worksheet, row: number, key: string, value: string | null | undefined) => {
    const p = percentCell(value);
    const cell = ws.getRow(row).getCell(key);
    cell.value = p.value;
    cell.numFmt = p.numFmt;
  };

  const f = r.finance;
  const finance = sheet("Finance", [
    { header: `${stripControlLine(r.service.name)} ${r.year}`, key: "measure", width: 28 },
    { header: "Amount", key: "amount", width: 18, money: true },
  ]);
  finance.addRows([
    { measure: "Budget", amount: m(f.budget) },
    { measure: "Actual", amount: m(f.actual) },
    { measure: "Variance", amount: m(f.variance) },
  ]);
  const vp = finance.addRow({ measure: "Variance % of budget" });
  percent(finance, vp.number, "amount", f.variancePercent);
  finance.addRows([
    { measure: "Income", amount: m(f.income) },
    { measure: "Support (net)", amount: m(f.supportNet) },
    { measure: "Net", amount: m(f.net) },
  ]);

  const pools = sheet("Pools", [
    { header: "Pool", key: "pool", width: 16 },
    { header: "Name", key: "name", width: 30 },
    { header: "Budget", key: "budget", width: 16, money: true },
    { header: "Actual", key: "actual", width: 16, money: true },
    { header: "Variance", key: "variance", width: 16, money: true },
  ]);
  for (const p of f.pools)
    pools.addRow({
      pool: stripControlLine(p.pool),
      name: stripControlLine(p.name),
      budget: m(p.budget),
      actual: m(p.actual),
      variance: m(p.variance),
    });

  // A service that changed lead in the year has a row per partner per lead: the lead and its dates
  // say which part each row is (columns added only then, so other reports' files are unchanged).
  const byLead = f.recharges.some((p) => p.lead !== undefined);
  const recharges = sheet("Recharges", [
    { header: "Partner", key: "partner", width: 10 },
    { header: "Amount", key: "amount", width: 16, money: true },
    { header: "Share", key: "percent", width: 10 },
    { header: "Retained by the lead", key: "retained", width: 20 },
    ...(byLead
      ? [
          { header: "Lead", key: "lead", width: 10 },
          { header: "From", key: "from", width: 12 },
          { header: "To", key: "to", width: 12 },
        ]
      : []),
  ]);
  for (const p of f.recharges) {
    const row = recharges.addRow({
      partner: p.partner,
      amount: m(p.amount),
      retained: p.retained ? "yes" : "no",
      ...(p.lead === undefined ? {} : { lead: p.lead, from: leadPartDays(p)?.first, to: leadPartDays(p)?.last }),
    });
    percent(recharges, row.number, "percent", p.percent);
  }

  if (r.savings !== null) {
    const savings = sheet("Savings", [
      { header: "Partner", key: "partner", width: 10 },
      { header: "Indexed baseline", key: "baseline", width: 18, money: true },
      { header: "Contribution", key: "contribution", width: 18, money: true },
      { header: "Saving", key: "saving", width: 16, money: true },
      { header: "Cumulative", key: "cumulative", width: 16, money: true },
      { header: "% of baseline", key: "percent", width: 13 },
      { header: "Target met", key: "met", width: 11 },
    ]);
    for (const s of r.savings.partners) {
      const row = savings.addRow({
        partner: s.partner,
        baseline: m(s.indexedBaseline),
        contribution: m(s.contribution),
        saving: m(s.saving),
        cumulative: m(s.cumulative),
        met: s.target === undefined ? "" : s.target.met ? "yes" : "no",
      });
      percent(savings, row.number, "percent", s.percentOfBaseline);
    }
  }

  if (r.kpis !== null) addKpiSheet(wb, r.kpis);

  if (r.outages !== null) {
    const availability = sheet("Availability", [
      { header: "Service", key: "service", width: 10 },
      { header: "Partner", key: "partner", width: 10 },
      { header: "Availability", key: "percent", width: 13 },
      { header: "Downtime (hours)", key: "downtime", width: 16 },
      { header: "Outages", key: "count", width: 9 },
    ]);
    for (const a of r.outages.availability) {
      const row = availability.addRow({
        service: a.service,
        partner: a.partner ?? "",
        downtime: a.downtimeSeconds / 3600,
        count: a.outageCount,
      });
      row.getCell("downtime").numFmt = "0.00";
      percent(availability, row.number, "percent", a.percent);
    }
    // A year still running when the report was taken: the figures cover the months ended by then.
    if (r.outages.complete === false)
      availability.addRow({
        service:
          r.outages.to === r.outages.from
            ? "No month of the year had ended when the report was taken: nothing read yet"
            : `Months ended through ${addDays(r.outages.to, -1)} only`,
      });
    const outages = sheet("Outages", [
      { header: "Outage", key: "id", width: 14 },
      { header: "Start", key: "start", width: 26 },
      { header: "End", key: "end", width: 26 },
      { header: "Priority", key: "priority", width: 9 },
      { header: "Planned", key: "planned", width: 9 },
      { header: "Users", key: "users", width: 8 },
      { header: "In service time (hours)", key: "inService", width: 22 },
      { header: "Cost", key: "cost", width: 14, money: true },
    ]);
    for (const o of r.outages.outages) {
      const row = outages.addRow({
        id: stripControlLine(o.id),
        start: o.start,
        end: o.end ?? "",
        priority: stripControlLine(o.priority),
        planned: o.planned ? "yes" : "no",
        users: o.users,
        inService: o.inServiceSeconds / 3600,
        cost: m(o.cost),
      });
      row.getCell("inService").numFmt = "0.00";
    }
    if (r.outages.cost !== null) {
      const cost = sheet("Outage cost", [
        { header: "Partner", key: "partner", width: 10 },
        { header: "Cost", key: "amount", width: 16, money: true },
      ]);
      for (const p of r.outages.cost.byPartner) cost.addRow({ partner: p.partner, amount: m(p.amount) });
      cost.addRow({ partner: "Total", amount: m(r.outages.cost.total) }).font = { bold: true };
    }
  }

  if (r.reviewFlags.length > 0) {
    const flags = sheet("Review flags", [
      { header: "KPI", key: "kpi", width: 12 },
      { header: "Kind", key: "kind", width: 18 },
      { header: "Message", key: "message", width: 90 },
    ]);
    for (const fl of r.reviewFlags)
      flags.addRow({ kpi: stripControlLine(fl.kpi), kind: fl.kind, message: stripControlLine(fl.message) });
  }
  return workbookBytes(wb);
}
