import type { RechargeRun, Scenario } from "@3c/domain";
import { statementViewsWorkbook } from "./statementViewsWorkbook.js";

/**
 * Every partner's statement as an Excel workbook: a summary sheet, then one sheet per statement
 * with its lines, basis and drivers ({@link statementViewsWorkbook} of the run's statements).
 * Amounts are numeric cells in the currency's format, so they add up in Excel; totals are the
 * domain's, not formulas.
 *
 * @param run - the recharge run
 * @param scenario - the scenario it ran on (names)
 * @returns the XLSX file's bytes
 */
export async function statementsWorkbook(run: RechargeRun, scenario: Scenario): Promise<Uint8Array> {
  return statementViewsWorkbook(run.statements.statements, {
    currency: run.allocation.currency,
    date: run.allocation.period.start,
    names: new Map(scenario.partners.map((p) => [p.id as string, p.name])),
  });
}
