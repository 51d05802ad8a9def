import type { AllocationResult } from "../run/index.js";

/**
 * Each service's lead as an allocation recorded it: the lead when the run was made, whatever the
 * partnership's services say now. A service that changed lead inside the run's period maps to the
 * list of its leads in date order: no one partner led it through the run.
 *
 * @param allocation - an allocation (a recharge run's `allocation`)
 * @returns service id → its lead in that allocation, or its leads when it had several
 * @example serviceLeads(run.allocation).get("ICT"); // "HDC"
 */
export function serviceLeads(
  allocation: Pick<AllocationResult, "byService">,
): ReadonlyMap<string, string | readonly string[]> {
  return new Map(
    allocation.byService.map((s) => [
      s.service as string,
      s.leads === undefined ? (s.lead as string) : s.leads.map((l) => l.lead as string),
    ]),
  );
}
