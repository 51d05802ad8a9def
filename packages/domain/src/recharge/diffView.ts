import type { AllocationResult } from "../run/index.js";
import type { RunDiff } from "./diffRuns.js";
import { ownOrLed } from "./ownOrLed.js";
import { serviceLeads } from "./serviceLeads.js";

/** What a partner may see of a {@link RunDiff}, and who it is. */
export interface DiffView extends RunDiff {
  /** The partner looking. */
  readonly partner: string;
}

/**
 * What a partner may see of the diff of two runs: its own whole charge (`partners`), and each
 * partner's charge by service and pool for the services it led in both runs (in each run that has
 * the service: {@link ownOrLed}), as the runs recorded their leads; `changed` says whether anything
 * it sees changed.
 *
 * @param diff - `diffRuns(before, after)`
 * @param partner - the partner looking
 * @param before - the allocation the diff is from
 * @param after - the allocation the diff is to
 * @returns the partner's rows of the diff
 * @example diffView(diffRuns(q2.allocation, q3.allocation), "HDC", q2.allocation, q3.allocation);
 */
export function diffView(
  diff: RunDiff,
  partner: string,
  before: Pick<AllocationResult, "byService">,
  after: Pick<AllocationResult, "byService">,
): DiffView {
  const mine = ownOrLed(partner, serviceLeads(before), serviceLeads(after));
  const partners = diff.partners.filter((p) => p.partner === partner);
  const services = diff.services.filter(mine);
  const pools = diff.pools.filter(mine);
  return {
    ...diff,
    partner,
    partners,
    services,
    pools,
    changed: [...partners, ...services].some((r) => r.change.minor !== 0) || pools.length > 0,
  };
}
