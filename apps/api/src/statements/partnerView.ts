import type { RechargeRun, Transfer } from "@3c/domain";
import { statementFor } from "./statementFor.js";

/**
 * Rows of a run's figures a partner may see: its own (`partner`), and those of services it leads.
 *
 * @param partner - the key's partner
 * @param leads - service id → its lead
 * @returns the filter for rows that name a partner and, optionally, a service
 */
export function ownOrLed(
  partner: string,
  leads: ReadonlyMap<string, string>,
): (row: { readonly partner: string; readonly service?: string }) => boolean {
  return (row) => row.partner === partner || (row.service !== undefined && leads.get(row.service) === partner);
}

/**
 * The transfers a partner pays or receives.
 *
 * @param partner - the key's partner
 * @param transfers - invoices or settlement transfers
 * @returns those from or to the partner
 */
export function transfersOf(partner: string, transfers: readonly Transfer[]): Transfer[] {
  return transfers.filter((t) => t.from === partner || t.to === partner);
}

/**
 * The year-end figures of a run (advances, true-up, its settlement, the variance) a partner may
 * see: its own rows and those of the services it leads; its own totals and net position; the
 * transfers it pays or receives.
 *
 * @param run - the domain's recharge run
 * @param partner - the key's partner
 * @param leads - service id → its lead
 * @returns the filtered figures (each undefined when the run has none)
 */
export function yearEndView(run: RechargeRun, partner: string, leads: ReadonlyMap<string, string>) {
  const mine = ownOrLed(partner, leads);
  const { trueUp, trueUpSettlement } = run;
  return {
    advances: run.advances?.filter(mine),
    trueUp: trueUp && {
      ...trueUp,
      lines: trueUp.lines.filter(mine),
      byPartner: trueUp.byPartner.filter((p) => p.partner === partner),
    },
    trueUpSettlement: trueUpSettlement && {
      invoices: transfersOf(partner, trueUpSettlement.invoices),
      positions: trueUpSettlement.positions.filter((p) => p.partner === partner),
      settlement: transfersOf(partner, trueUpSettlement.settlement),
    },
    variance: run.variance?.filter(mine),
  };
}

/**
 * What a partner may see of a whole recharge run: its manifest, the statements it receives or
 * (as a lead's view) issues, the invoices and settlement transfers it pays or receives, its own
 * net position, and its year-end figures ({@link yearEndView}). The allocation itself (every
 * partner's share of every pool) is not part of it.
 *
 * @param run - the domain's recharge run
 * @param partner - the key's partner
 * @param leads - service id → its lead
 * @returns the partner's view
 */
export function runView(run: RechargeRun, partner: string, leads: ReadonlyMap<string, string>) {
  return {
    manifest: run.manifest,
    partner,
    period: run.statements.period,
    statements: run.statements.statements.flatMap((s) => statementFor(partner, s) ?? []),
    invoices: transfersOf(partner, run.statements.invoices),
    positions: run.positions.filter((p) => p.partner === partner),
    settlement: transfersOf(partner, run.settlement),
    ...(run.advances === undefined ? {} : yearEndView(run, partner, leads)),
  };
}
