import { formatMoney, type Payback, type SavingsReport } from "@3c/domain";
import { renderTable } from "./table.js";

const pct = (p: string | null): string => (p === null ? "—" : `${p}%`);

/**
 * A payback status in words.
 *
 * @param p - the partner's payback
 * @returns the year it paid back, e.g. `2017/18 (2.40 yrs)`, `none needed` or `not yet, £… short`
 */
export function paybackText(p: Payback): string {
  switch (p.status) {
    case "none-needed":
      return "none needed";
    case "paid-back":
      return `${p.year} (${p.years} yrs)`;
    case "not-yet":
      return `not yet, ${formatMoney(p.shortfall)} short`;
  }
}

/**
 * The year's savings per partner: saving, % of the indexed baseline, cumulative, target and
 * whether it was met; then `All`, the partnership's year from the report's own `partnership`
 * totals (no percentage or target, as the CSV's and workbook's total rows). Fits 80 columns for
 * amounts under £100m.
 *
 * @param report - the savings report
 * @param year - the financial year shown
 * @returns the table
 */
export function partnerSavingsTable(report: SavingsReport, year: string): string {
  const rows = report.partners.flatMap((p) => {
    const y = p.years.find((v) => v.year === year);
    if (y === undefined) return [];
    return [
      [
        p.partner as string,
        formatMoney(y.indexedBaseline),
        formatMoney(y.saving),
        pct(y.percentOfBaseline),
        formatMoney(y.cumulative),
        y.target === undefined ? "—" : `${y.target.percent}%`,
        y.target === undefined ? "—" : y.target.met ? "yes" : "no",
      ],
    ];
  });
  const all = report.partnership.find((t) => t.year === year);
  if (all !== undefined && rows.length > 1)
    rows.push([
      "All",
      formatMoney(all.indexedBaseline),
      formatMoney(all.saving),
      "—",
      formatMoney(all.cumulative),
      "—",
      "—",
    ]);
  return renderTable(["Partner", "Baseline", "Saving", "% base", "Cumulative", "Target", "Met"], rows, [
    "left",
    "right",
    "right",
    "right",
    "right",
    "right",
    "left",
  ]);
}

/**
 * The year's savings per partner and service.
 *
 * @param report - the savings report
 * @param year - the financial year shown
 * @returns the table
 */
export function serviceSavingsTable(report: SavingsReport, year: string): string {
  return renderTable(
    ["Partner", "Service", "Saving", "% base", "Cumulative", "Target", "Met"],
    report.services
      .filter((s) => s.year === year)
      .map((s) => [
        s.partner,
        s.service,
        formatMoney(s.saving),
        pct(s.percentOfBaseline),
        formatMoney(s.cumulative),
        s.target === undefined ? "—" : `${s.target.percent}%`,
        s.target === undefined ? "—" : s.target.met ? "yes" : "no",
      ]),
    ["left", "left", "right", "right", "right", "right", "left"],
  );
}

/**
 * Since the first year: each partner's total saving, its net one-off costs, the net gain and payback.
 *
 * @param report - the savings report
 * @returns the table
 */
export function savingsToDateTable(report: SavingsReport): string {
  return renderTable(
    ["Partner", "Saved to date", "One-offs net", "Net saving", "Payback"],
    report.partners.map((p) => [
      p.partner,
      formatMoney(p.saving),
      formatMoney(p.oneOff.net),
      formatMoney(p.netSaving),
      paybackText(p.payback),
    ]),
    ["left", "right", "right", "right", "left"],
  );
}

/**
 * `3c savings` as text: the year per partner, per partner and service, and since the first year.
 *
 * @param report - the savings report
 * @param partnership - the partnership (its name is the title)
 * @param year - the financial year shown
 * @returns the report, ending with a newline
 */
export function savingsReportText(report: SavingsReport, partnership: { readonly name: string }, year: string): string {
  const first = report.years[0] ?? year;
  return [
    `${partnership.name}: savings ${year}`,
    `Attribution: ${report.attribution}; baselines indexed; cumulative since ${first}`,
    "",
    partnerSavingsTable(report, year),
    "",
    `By service, ${year}:`,
    serviceSavingsTable(report, year),
    "",
    `Since ${first}, after one-off costs:`,
    savingsToDateTable(report),
    "",
    `All partners since ${first}: saved ${formatMoney(report.total.saving)}`,
    `  less one-offs net ${formatMoney(report.total.oneOffNet)} = ${formatMoney(report.total.netSaving)}`,
    "",
  ].join("\n");
}
