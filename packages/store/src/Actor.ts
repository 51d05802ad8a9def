/** What a key may do within its partnership (see docs/api.md for the entitlement table). */
export const ROLES = ["viewer", "finance", "approver", "admin"] as const;

/** A key's role. */
export type Role = (typeof ROLES)[number];

/** Who is making a write: recorded in the audit log with it. */
export interface Actor {
  /** The API key's id (never its secret), or `system` for commands run on the server itself. */
  readonly keyId: string;
  /** The person or system the key was issued to, e.g. `alice@hdc`: four eyes compares these. */
  readonly name: string;
  /** The partner council the key acts for; null for the system. */
  readonly partner: string | null;
  readonly role: Role | "system";
  /** The request that made the write, to find it in the logs. */
  readonly requestId: string;
}

/**
 * The actor for commands run on the server itself (creating a partnership or its first key).
 *
 * @param requestId - an id to find the command in the logs
 * @returns the system actor
 */
export function systemActor(requestId = "system"): Actor {
  return { keyId: "system", name: "system", partner: null, role: "system", requestId };
}
