import type { Advance } from "./advances.js";
import { ownOrLed } from "./ownOrLed.js";
import type { RechargeRun } from "./rechargeRun.js";
import { serviceLeads } from "./serviceLeads.js";
import { transfersOf } from "./transfersOf.js";
import type { TrueUpResult } from "./trueUp.js";
import type { VarianceLine } from "./variance.js";

/** A partner's part of a year's run with the budget; each member present when the run has it. */
export interface YearEndView {
  /** Its own advances and those of the services it led. */
  readonly advances?: readonly Advance[];
  /** True-up lines of its own and of the services it led; its own totals only. */
  readonly trueUp?: TrueUpResult;
  /** The true-up invoices and transfers it pays or receives, and its own net position. */
  readonly trueUpSettlement?: RechargeRun["trueUpSettlement"];
  /** Variance lines of its own and of the services it led. */
  readonly variance?: readonly VarianceLine[];
}

/**
 * The year-end figures of a run (advances, true-up, its settlement, the variance) a partner may
 * see: its own rows and those of the services it led when the run was made (the leads the run's
 * allocation records, {@link serviceLeads}); its own true-up totals and net position; the
 * transfers it pays or receives.
 *
 * @param run - a recharge run
 * @param partner - the partner looking
 * @returns the filtered figures; a member the run does not have is absent
 * @example yearEndView(run, "SCDC").trueUp?.byPartner; // SCDC's own totals only
 */
export function yearEndView(run: RechargeRun, partner: string): YearEndView {
  const mine = ownOrLed(partner, serviceLeads(run.allocation));
  const { advances, trueUp, trueUpSettlement, variance } = run;
  return {
    ...(advances === undefined ? {} : { advances: advances.filter(mine) }),
    ...(trueUp === undefined
      ? {}
      : {
          trueUp: {
            ...trueUp,
            lines: trueUp.lines.filter(mine),
            byPartner: trueUp.byPartner.filter((p) => p.partner === partner),
          },
        }),
    ...(trueUpSettlement === undefined
      ? {}
      : {
          trueUpSettlement: {
            invoices: transfersOf(partner, trueUpSettlement.invoices),
            positions: trueUpSettlement.positions.filter((p) => p.partner === partner),
            settlement: transfersOf(partner, trueUpSettlement.settlement),
          },
        }),
    ...(variance === undefined ? {} : { variance: variance.filter(mine) }),
  };
}
