import type { Role } from "@3c/store";

/** Everything a key may be allowed to do, by the role it has. */
export const PERMISSIONS = {
  /** Partnership, partners, services, periods, rule versions, runs and their settlement; scenario sections and their items. */
  "read:shared": ["viewer", "finance", "approver", "admin"],
  /** Cost lines, income, drivers, rates and budgets (of the services the partner takes part in). */
  "read:records": ["finance", "approver", "admin"],
  /** Imports and single writes of records (within the row rules: lead's lines, own drivers). */
  "write:records": ["finance"],
  /** Partners, services and keys. */
  manage: ["admin"],
  "run:prepare": ["finance"],
  "run:approve": ["approver"],
  "run:post": ["approver"],
  "run:diff": ["finance", "approver", "admin"],
  /** Statements the partner receives or issues as a lead. */
  "read:statements": ["viewer", "finance", "approver", "admin"],
  "period:open": ["approver", "admin"],
  "period:close": ["approver"],
  "rule:propose": ["finance", "admin"],
  "rule:consent": ["approver"],
  "read:audit": ["approver", "admin"],
  calculate: ["viewer", "finance", "approver", "admin"],
  /** Shared reports computed from the stored data: savings, KPI scorecard, annual report. */
  "read:reports": ["viewer", "finance", "approver", "admin"],
  /**
   * Replacing a section of the scenario document (savings agreement, KPIs, outages, budgets...), or
   * adding its items (`…/budgets`, `…/measurements`...), within the section rules: services' parts by
   * their lead's finance users, partnership-wide parts by an admin (or a finance user of the lead of
   * every service).
   */
  "write:sections": ["finance", "admin"],
} as const satisfies Record<string, readonly Role[]>;

/** A permission name. */
export type Permission = keyof typeof PERMISSIONS;

/**
 * Whether a role has a permission.
 *
 * @param role - the key's role
 * @param permission - what it wants to do
 * @returns true when allowed
 */
export function allows(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
