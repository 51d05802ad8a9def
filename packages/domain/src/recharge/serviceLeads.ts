import type { AllocationResult } from "../run/index.js";

/**
 * Each service's lead as an allocation recorded it: the lead when the run was made, whatever the
 * partnership's services say now.
 *
 * @param allocation - an allocation (a recharge run's `allocation`)
 * @returns service id → its lead in that allocation
 * @example serviceLeads(run.allocation).get("ICT"); // "HDC"
 */
export function serviceLeads(allocation: Pick<AllocationResult, "byService">): ReadonlyMap<string, string> {
  return new Map(allocation.byService.map((s) => [s.service as string, s.lead as string]));
}
