import type { RechargeRun } from "./rechargeRun.js";
import type { NetPosition, Transfer } from "./settlement.js";
import { transfersOf } from "./transfersOf.js";

/** What a partner, or the whole partnership, settles of a run: its basis, and the invoices, positions and transfers settled. */
export interface SettlementView {
  /**
   * `charges`: the run's charges, its statements' gross invoices netted; `true-up`: a year's run
   * with the budget, whose quarterly advances have been invoiced and paid, settles its true-up.
   */
  readonly basis: "charges" | "true-up";
  /** For `true-up`: the advances, charge and true-up of the partner (of every partner, for the whole). */
  readonly trueUp?: NonNullable<RechargeRun["trueUp"]>["byPartner"];
  readonly invoices: readonly Transfer[];
  readonly positions: readonly NetPosition[];
  readonly settlement: readonly Transfer[];
}

/**
 * What a partner settles of a run (decision 167), or without a partner what the whole partnership
 * settles: the run's charges, or — for a year's run with the budget — the year-end true-up (its
 * `trueUpSettlement`), since the advances have been paid and settling the year's whole charges as
 * well would charge it twice. The one rule for every door: the API's `…/settlement`, `runView`
 * (and so the recharge preview), `3c settle`.
 *
 * @param run - the recharge run
 * @param partner - the partner looking: its own position and true-up, the invoices and transfers it
 *   pays or receives; without it, every partner's
 * @returns its basis, and the invoices, positions and transfers settled
 * @example settlementView(yearRunWithBudget, "SCDC").basis; // "true-up"
 */
export function settlementView(run: RechargeRun, partner?: string): SettlementView {
  const transfers = (all: readonly Transfer[]) => (partner === undefined ? all : transfersOf(partner, all));
  const own = <T extends { readonly partner: string }>(rows: readonly T[]) =>
    partner === undefined ? rows : rows.filter((r) => r.partner === partner);
  const { trueUp, trueUpSettlement } = run;
  if (trueUpSettlement === undefined)
    return {
      basis: "charges",
      invoices: transfers(run.statements.invoices),
      positions: own(run.positions),
      settlement: transfers(run.settlement),
    };
  return {
    basis: "true-up",
    ...(trueUp === undefined ? {} : { trueUp: own(trueUp.byPartner) }),
    invoices: transfers(trueUpSettlement.invoices),
    positions: own(trueUpSettlement.positions),
    settlement: transfers(trueUpSettlement.settlement),
  };
}
