import { type SavingsReport, toDecimalString } from "@3c/domain";
import { toCsv } from "./csv.js";

/**
 * The savings report as CSV (`3c savings --format csv`, `GET …/reports/savings?format=csv`): one row per partner, service and year (every year), amounts as decimals.
 *
 * @param report - the savings report
 * @returns the CSV text
 */
export function savingsCsv(report: SavingsReport): string {
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
    ],
    report.services.map((s) => [
      s.year,
      s.partner,
      s.service,
      toDecimalString(s.indexedBaseline),
      toDecimalString(s.contribution),
      toDecimalString(s.saving),
      toDecimalString(s.cumulative),
      s.percentOfBaseline ?? "",
      s.target?.percent ?? "",
      s.target === undefined ? "" : toDecimalString(s.target.amount),
      s.target === undefined ? "" : String(s.target.met),
    ]),
  );
}
