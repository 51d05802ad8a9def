import type { RechargeRun } from "./rechargeRun.js";
import type { NetPosition, Transfer } from "./settlement.js";
import { transfersOf } from "./transfersOf.js";
import { yearEndView } from "./yearEndView.js";

/** What a partner settles of a run: its basis, and the invoices, position and transfers settled. */
export interface SettlementView {
  /**
   * `charges`: the run's charges, its statements' gross invoices netted; `true-up`: a year's run
   * with the budget, whose quarterly advances have been invoiced and paid, settles its true-up.
   */
  readonly basis: "charges" | "true-up";
  /** For `true-up`: the partner's advances, charge and true-up. */
  readonly trueUp?: NonNullable<RechargeRun["trueUp"]>["byPartner"];
  readonly invoices: readonly Transfer[];
  readonly positions: readonly NetPosition[];
  readonly settlement: readonly Transfer[];
}

/**
 * What a partner settles of a run (decision 167): the run's charges, or — for a year's run with the
 * budget — the year-end true-up, the same invoices, position and transfers as its year end's
 * `trueUpSettlement`, since the advances have been paid and settling the year's whole charges as
 * well would charge it twice. One answer for every door (the API's `…/settlement` and its preview
 * of a draft), so they never disagree.
 *
 * @param result - the recharge run
 * @param partner - the partner looking
 * @returns its basis, and the invoices, position and transfers it pays or receives
 * @example settlementView(yearRunWithBudget, "SCDC").basis; // "true-up"
 */
export function settlementView(result: RechargeRun, partner: string): SettlementView {
  const yearEnd = result.trueUpSettlement === undefined ? undefined : yearEndView(result, partner);
  if (yearEnd?.trueUpSettlement === undefined)
    return {
      basis: "charges",
      invoices: transfersOf(partner, result.statements.invoices),
      positions: result.positions.filter((p) => p.partner === partner),
      settlement: transfersOf(partner, result.settlement),
    };
  return {
    basis: "true-up",
    ...(yearEnd.trueUp === undefined ? {} : { trueUp: yearEnd.trueUp.byPartner }),
    ...yearEnd.trueUpSettlement,
  };
}
