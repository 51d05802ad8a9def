import type { Transfer } from "./settlement.js";

/**
 * The transfers a partner pays or receives.
 *
 * @param partner - the partner looking
 * @param transfers - invoices or settlement transfers
 * @returns those from or to the partner, in their order
 * @example transfersOf("SCDC", run.settlement);
 */
export function transfersOf(partner: string, transfers: readonly Transfer[]): Transfer[] {
  return transfers.filter((t) => t.from === partner || t.to === partner);
}
