/**
 * What happens to the minor units left over after every recipient has received the whole-unit
 * floor of its exact quota.
 *
 * - `largest-remainder`: Hamilton's method; one unit each to the recipients with the largest
 *   fractional remainders, ties broken by recipient id (never by input order). The default.
 * - `to-lead`: all leftover units to the lead recipient (the service's lead council).
 * - `largest-share`: all leftover units to the recipient with the largest weight (ties by id).
 * - `unallocated`: nobody gets them; they are reported as an explicit unallocated remainder.
 */
export const REMAINDER_POLICIES = ["largest-remainder", "to-lead", "largest-share", "unallocated"] as const;

/** One of {@link REMAINDER_POLICIES}. */
export type RemainderPolicy = (typeof REMAINDER_POLICIES)[number];
