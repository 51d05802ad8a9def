import type { StatementView } from "./issuerView.js";
import type { RechargeRun, RunManifest } from "./rechargeRun.js";
import type { NetPosition, Transfer } from "./settlement.js";
import { statementFor } from "./statementFor.js";
import { transfersOf } from "./transfersOf.js";
import { type YearEndView, yearEndView } from "./yearEndView.js";

/** What a partner may see of a recharge run ({@link runView}). */
export interface RunView extends YearEndView {
  readonly manifest: RunManifest;
  /** The partner looking. */
  readonly partner: string;
  readonly period: string;
  /** Its own statement whole, and its lead's view of each statement it issues lines on. */
  readonly statements: readonly StatementView[];
  /** The gross invoices it pays or receives. */
  readonly invoices: readonly Transfer[];
  /** Its own net position. */
  readonly positions: readonly NetPosition[];
  /** The settlement transfers it pays or receives. */
  readonly settlement: readonly Transfer[];
}

/**
 * What a partner may see of a whole recharge run: its manifest, the statements it receives or (as
 * a lead's view, {@link statementFor}) issues, the invoices and settlement transfers it pays or
 * receives, its own net position, and for a year with the budget its year-end figures
 * ({@link yearEndView}). Leads are those the run recorded. The allocation itself (every partner's
 * share of every pool) is not part of it.
 *
 * @param run - a recharge run
 * @param partner - the partner looking
 * @returns the partner's view
 * @example
 * const run = rechargeRun({ scenario, period: "2024/25-Q3", statements: { numbers, issueDate } });
 * runView(run, "SCDC").statements; // SCDC's own statement; SCDC leads nothing, so no lead's views
 */
export function runView(run: RechargeRun, partner: string): RunView {
  return {
    manifest: run.manifest,
    partner,
    period: run.statements.period,
    statements: run.statements.statements.flatMap((s) => statementFor(partner, s) ?? []),
    invoices: transfersOf(partner, run.statements.invoices),
    positions: run.positions.filter((p) => p.partner === partner),
    settlement: transfersOf(partner, run.settlement),
    ...yearEndView(run, partner),
  };
}
