import { type Money, type SavingsReport, type SavingTarget, toDecimalString } from "@3c/domain";
import { toCsv } from "./csv.js";

const dec = (m: Money | undefined) => (m === undefined ? "" : toDecimalString(m));

const targetCells = (t: SavingTarget | undefined) =>
  t === undefined ? ["", "", ""] : [t.percent, toDecimalString(t.amount), String(t.met)];

/**
 * The savings report as CSV (`3c savings --format csv`, `GET …/reports/savings?format=csv`): one
 * row per partner, service and year (every year); then each partner's total of each year, with the
 * service empty (the `By partner` sheet of {@link savingsWorkbook}'s figures, target, one-offs and
 * net cumulative included); then the partnership's total of each year, with partner and service
 * empty: the report's own `partnership` totals (the exact sums of the partners'), with no
 * percentage or target (the partnership has none of its own). Amounts are decimals; the last year's partnership `cumulative` and
 * `netCumulative` are the report's total saving and net saving.
 *
 * @param report - the savings report
 * @returns the CSV text
 */
export function savingsCsv(report: SavingsReport): string {
  const services = report.services.map((s) => [
    s.year,
    s.partner,
    s.service,
    dec(s.indexedBaseline),
    dec(s.contribution),
    dec(s.saving),
    dec(s.cumulative),
    s.percentOfBaseline ?? "",
    ...targetCells(s.target),
    "",
    "",
  ]);
  const partners = report.partners.flatMap((p) =>
    p.years.map((y) => [
      y.year,
      p.partner,
      "",
      dec(y.indexedBaseline),
      dec(y.contribution),
      dec(y.saving),
      dec(y.cumulative),
      y.percentOfBaseline ?? "",
      ...targetCells(y.target),
      dec(y.oneOffNet),
      dec(y.netCumulative),
    ]),
  );
  const partnership = report.partnership.map((t) => [
    t.year,
    "",
    "",
    dec(t.indexedBaseline),
    dec(t.contribution),
    dec(t.saving),
    dec(t.cumulative),
    "",
    "",
    "",
    "",
    dec(t.oneOffNet),
    dec(t.netCumulative),
  ]);
  return toCsv(
    [
      "year",
      "partner",
      "service",
      "indexedBaseline",
      "contribution",
      "saving",
      "cumulative",
      "percentOfBaseline",
      "targetPercent",
      "targetAmount",
      "targetMet",
      "oneOffNet",
      "netCumulative",
    ],
    [...services, ...partners, ...partnership],
  );
}
