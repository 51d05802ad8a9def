import {
  type KpiPeriodResult,
  type KpiScorecard,
  type KpiStatus,
  type KpiUnit,
  periodTarget,
  yearTarget,
} from "@3c/domain";
import type { Workbook, Worksheet } from "exceljs";
import { loadExcel } from "./loadExcel.js";
import { stripControlLine } from "./stripControl.js";
import { workbookBytes } from "./workbookBytes.js";

/** Fill colours of the RAG statuses (Excel's own "good", "neutral" and "bad" cell styles, and blue/grey). */
export const RAG_FILLS: Readonly<Record<KpiStatus, string | undefined>> = {
  green: "FFC6EFCE",
  amber: "FFFFEB9C",
  red: "FFFFC7CE",
  blue: "FFBDD7EE",
  grey: "FFD9D9D9",
  "no-data": undefined,
  "not-applicable": undefined,
};

/**
 * A percentage cell for a decimal percent from the domain (`"97.85"`): the fraction as a number
 * (0.9785) with a percent format of as many places as the text has, so Excel shows `97.85%`. The
 * domain's text stays the figure of record (JSON, CSV); the cell is its nearest double.
 *
 * @param percent - the domain's decimal percent, or null
 * @returns the cell's value and number format (null value when there is none)
 */
export function percentCell(percent: string | null | undefined): { value: number | null; numFmt: string } {
  if (percent === null || percent === undefined || percent === "") return { value: null, numFmt: "0%" };
  const dot = percent.indexOf(".");
  const places = dot === -1 ? 0 : percent.length - dot - 1;
  return { value: Number(percent) / 100, numFmt: places === 0 ? "0%" : `0.${"0".repeat(places)}%` };
}

/** A KPI value's cell: percent units as percentages, others as numbers of the displayed places. */
function valueCell(unit: KpiUnit, display: string | undefined): { value: number | null; numFmt: string } {
  if (display === undefined) return { value: null, numFmt: "General" };
  if (unit === "percent") return percentCell(display);
  const dot = display.indexOf(".");
  const places = dot === -1 ? 0 : display.length - dot - 1;
  return { value: Number(display), numFmt: places === 0 ? "#,##0" : `#,##0.${"0".repeat(places)}` };
}

/**
 * Writes a status cell: the status as text, filled in its RAG colour.
 *
 * @param sheet - the worksheet
 * @param row - row number
 * @param col - column number
 * @param status - the KPI status
 */
export function statusCell(sheet: Worksheet, row: number, col: number, status: KpiStatus): void {
  const cell = sheet.getCell(row, col);
  cell.value = status;
  const fill = RAG_FILLS[status];
  if (fill !== undefined) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: fill } };
}

/**
 * Adds the scorecard's sheet to a workbook: one row per KPI, partner and period (the quarters, then
 * the year to date), with the value formatted by the KPI's unit, the target it was judged against
 * (a sum KPI's yearly target profiled to the period's months, the year's figure in the last column), the
 * status in its RAG colour and the direction of travel.
 *
 * @param wb - the workbook
 * @param card - the scorecard
 * @param name - the sheet's name
 */
export function addKpiSheet(wb: Workbook, card: KpiScorecard, name = "KPIs"): void {
  const sheet = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: "KPI", key: "kpi", width: 12 },
    { header: "Name", key: "name", width: 36 },
    { header: "Partner", key: "partner", width: 9 },
    { header: "Period", key: "period", width: 13 },
    { header: "Value", key: "value", width: 11 },
    { header: "Target", key: "target", width: 11 },
    { header: "Status", key: "status", width: 14 },
    { header: "vs previous", key: "previous", width: 11 },
    { header: "vs last year", key: "lastYear", width: 11 },
    { header: "Numerator", key: "numerator", width: 12 },
    { header: "Denominator", key: "denominator", width: 12 },
    { header: "Reason", key: "reason", width: 50 },
    // Last, so the columns people look up by position stay where they were.
    { header: "Target a year", key: "yearTarget", width: 13 },
  ];
  sheet.getRow(1).font = { bold: true };
  const add = (k: KpiScorecard["kpis"][number], partner: string, r: KpiPeriodResult) => {
    const value = valueCell(k.unit, r.value?.display);
    const t = r.target;
    // The figure the period was judged against; a sum KPI's profiled target has the year's in the last column.
    const judged = t?.forPeriod?.value ?? t?.value;
    const target = t?.kind === "value" && judged !== undefined ? valueCell(k.unit, judged) : undefined;
    const targetText = t === null ? null : periodTarget(t);
    const yearly = t === null ? null : (yearTarget(t) ?? null);
    const row = sheet.addRow({
      kpi: stripControlLine(k.code),
      name: stripControlLine(k.name),
      partner,
      period: r.period,
      value: value.value,
      target: target === undefined ? targetText : target.value,
      yearTarget: yearly,
      previous: r.direction.previous,
      lastYear: r.direction.lastYear,
      numerator: r.value?.numerator === undefined ? null : Number(r.value.numerator),
      denominator: r.value?.denominator === undefined ? null : Number(r.value.denominator),
      reason: stripControlLine(r.reason),
    });
    row.getCell("value").numFmt = value.numFmt;
    if (target !== undefined) row.getCell("target").numFmt = target.numFmt;
    statusCell(sheet, row.number, 7, r.status);
  };
  for (const k of card.kpis) {
    for (const r of [...k.quarters, k.yearToDate]) add(k, "", r);
    for (const p of k.partners) for (const r of [...p.quarters, p.yearToDate]) add(k, p.partner, r);
  }
}

/**
 * The KPI scorecard as an Excel workbook (see {@link addKpiSheet}).
 *
 * @param card - the scorecard
 * @returns the XLSX file's bytes
 */
export async function kpiWorkbook(card: KpiScorecard): Promise<Uint8Array> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = "3c";
  // A fixed date keeps the file the same for the same scorecard (no clock in the output).
  wb.created = new Date("2024-04-01T00:00:00Z");
  wb.modified = wb.created;
  addKpiSheet(wb, card);
  return workbookBytes(wb);
}
