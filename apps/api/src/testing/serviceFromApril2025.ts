/**
 * A service HR of the demo taking part from April 2025: in the reports of 2025/26 on, so in none of
 * closed 2024/25's.
 *
 * @param lead - the partner that leads it
 * @returns the service as `POST …/services` (or the store's `createService`) takes it
 */
export function serviceFromApril2025(lead: string) {
  return { id: "HR", name: "HR", lead, pools: [{ id: "staff", name: "Staff" }], effectiveFrom: "2025-04-01" };
}
