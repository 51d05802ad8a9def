import { type Money, sum } from "../money/index.js";
import type { SavingsReport } from "./savingsReport.js";

/** The partnership's savings of one year: the sums of its partners' figures for that year. */
export interface PartnershipSavingsYear {
  readonly year: string;
  readonly indexedBaseline: Money;
  readonly contribution: Money;
  readonly saving: Money;
  readonly cumulative: Money;
  readonly oneOffNet: Money;
  readonly netCumulative: Money;
}

/**
 * The partnership's total of each year of a savings report: the report's own `partnership` field,
 * which `savingsReport` fills with this (and the savings CSV and workbook of `@3c/workbooks`
 * print as their last rows). Each figure the exact sum of the partners' figures of that
 * year (no re-rounding; no percentage or target, as the partnership has none of its own). The last
 * year's `cumulative` and `netCumulative` are the report's total saving and net saving.
 *
 * @param report - the savings report, or the parts of one the totals are taken from (its currency,
 *   years and partners)
 * @returns one total per year of the report, in its order
 * @example
 * const [last] = partnershipSavingsTotals(report).slice(-1); // last.cumulative equals report.total.saving
 */
export function partnershipSavingsTotals(
  report: Pick<SavingsReport, "currency" | "years" | "partners">,
): PartnershipSavingsYear[] {
  return report.years.map((year) => {
    const of = report.partners.flatMap((p) => p.years.filter((y) => y.year === year));
    // Money's sum is exact even where a running total passes 2^53 on the way.
    const total = (pick: (y: (typeof of)[number]) => Money) => sum(of.map(pick), report.currency);
    return {
      year,
      indexedBaseline: total((y) => y.indexedBaseline),
      contribution: total((y) => y.contribution),
      saving: total((y) => y.saving),
      cumulative: total((y) => y.cumulative),
      oneOffNet: total((y) => y.oneOffNet),
      netCumulative: total((y) => y.netCumulative),
    };
  });
}
