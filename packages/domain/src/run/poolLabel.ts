import { SERVICE_WIDE } from "./RuleBook.js";

const SUPPORT = "@support:";

/**
 * A pool as people read it. The run keeps two kinds of pool of its own beside the scenario's: the
 * one a support service's costs land in within each service it supports (`@support:ICT`), and the
 * one a service-wide rule's income without a pool is kept under (`@service`). Their ids stay in the
 * run's JSON and its CSV, where callers join on them; tables, workbooks and messages name them by
 * this label. A pool of the scenario is named by its id.
 *
 * @param pool - a pool id of a run
 * @returns `support from ICT` for `@support:ICT`, `service-wide` for `@service`, otherwise the id
 * @example poolLabel("@support:ICT") // "support from ICT"
 */
export function poolLabel(pool: string): string {
  if (pool === SERVICE_WIDE) return "service-wide";
  if (pool.startsWith(SUPPORT)) return `support from ${pool.slice(SUPPORT.length)}`;
  return pool;
}

/**
 * A service's pool as a message names it: `ICT/staff`, `BC/support from ICT`, and the service
 * alone for what its service-wide rule shares (`ICT`).
 *
 * @param service - the service id
 * @param pool - a pool id of the service in a run
 * @returns the place, for people
 * @example poolPlace("BC", "@support:ICT") // "BC/support from ICT"
 */
export function poolPlace(service: string, pool: string): string {
  return pool === SERVICE_WIDE ? service : `${service}/${poolLabel(pool)}`;
}
