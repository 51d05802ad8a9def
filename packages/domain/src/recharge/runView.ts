import type { StatementView } from "./issuerView.js";
import type { RechargeRun, RunManifest } from "./rechargeRun.js";
import type { NetPosition, Transfer } from "./settlement.js";
import { type SettlementView, settlementView } from "./settlementView.js";
import { statementFor } from "./statementFor.js";
import { type YearEndView, yearEndView } from "./yearEndView.js";

/** What a partner may see of a recharge run ({@link runView}). */
export interface RunView extends YearEndView {
  readonly manifest: RunManifest;
  /** The partner looking. */
  readonly partner: string;
  readonly period: string;
  /** Its own statement whole, and its lead's view of each statement it issues lines on. */
  readonly statements: readonly StatementView[];
  /**
   * What `invoices`, `positions` and `settlement` settle ({@link settlementView}): the run's
   * `charges`, or for a year's run with the budget its `true-up` (the advances having been paid).
   */
  readonly basis: SettlementView["basis"];
  /** The gross invoices it pays or receives: of the charges, or of the true-up. */
  readonly invoices: readonly Transfer[];
  /** Its own net position: of the charges, or of the true-up. */
  readonly positions: readonly NetPosition[];
  /** The settlement transfers it pays or receives: of the charges, or of the true-up. */
  readonly settlement: readonly Transfer[];
}

/**
 * What a partner may see of a whole recharge run: its manifest, the statements it receives or (as
 * a lead's view, {@link statementFor}) issues, what it settles ({@link settlementView}: the
 * invoices and settlement transfers it pays or receives and its own net position — of the run's
 * charges, or for a year's run with the budget of the year-end true-up, the advances having been
 * paid), and for a year with the budget its year-end figures ({@link yearEndView}). The statements
 * stay the year's whole charges. Leads are those the run recorded. The allocation itself (every
 * partner's share of every pool) is not part of it.
 *
 * @param run - a recharge run
 * @param partner - the partner looking
 * @returns the partner's view
 * @example
 * const run = rechargeRun({ scenario, period: "2024/25-Q3", statements: { numbers, issueDate } });
 * runView(run, "SCDC").statements; // SCDC's own statement; SCDC leads nothing, so no lead's views
 */
export function runView(run: RechargeRun, partner: string): RunView {
  // The true-up's totals are in the year end's `trueUp`, lines and all.
  const { trueUp: _totals, ...settled } = settlementView(run, partner);
  return {
    manifest: run.manifest,
    partner,
    period: run.statements.period,
    statements: run.statements.statements.flatMap((s) => statementFor(partner, s) ?? []),
    ...settled,
    ...yearEndView(run, partner),
  };
}
