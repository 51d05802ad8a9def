import type { Actor } from "./Actor.js";
import type { Queryable } from "./db/index.js";
import type { Consent } from "./rules.js";
import { StoreError } from "./StoreError.js";
import { listPartners } from "./structure.js";

/** Where a proposed version stands: waiting, in effect, or ended without taking effect. */
export type VersionStatus = "proposed" | "active" | "declined" | "withdrawn";

/** An approver's refusal, for its partner, of a proposed version: it can no longer take effect. */
export interface Decline {
  /** The partner the approver declined for. */
  readonly partner: string;
  readonly keyId: string;
  readonly actor: string;
  readonly at: string;
  /** Why, as the approver wrote it. */
  readonly reason: string;
}

/** The proposer's partner taking a proposed version back: it can no longer take effect. */
export interface Withdrawal {
  /** The partner that withdrew it (the proposer's); null for the system. */
  readonly partner: string | null;
  readonly keyId: string;
  readonly actor: string;
  readonly at: string;
}

/** How a version ended without taking effect, and who proposed it for which partner, as listed. */
export interface VersionEnding {
  /** The partner the proposer acted for (its finance and admin keys may withdraw the version); null for the system. */
  readonly proposedByPartner: string | null;
  /** Set when the status is `declined`. */
  readonly declined: Decline | null;
  /** Set when the status is `withdrawn`. */
  readonly withdrawn: Withdrawal | null;
}

/** The columns of a version's row that {@link endingOf} reads. */
export interface EndingRow {
  readonly status: VersionStatus;
  readonly proposed_partner: string | null;
  readonly ended_at: string | null;
  readonly ended_by: string | null;
  readonly ended_key: string | null;
  readonly ended_partner: string | null;
  readonly end_reason: string | null;
}

/** The select list of {@link EndingRow}'s columns other than `status`. */
export const ENDING_COLUMNS = "proposed_partner, ended_at, ended_by, ended_key, ended_partner, end_reason";

/**
 * Reads how a version ended from its row.
 *
 * @param row - the version's row
 * @returns the proposer's partner, and the decline or withdrawal when the status says so
 */
export function endingOf(row: EndingRow): VersionEnding {
  const who = { keyId: row.ended_key ?? "", actor: row.ended_by ?? "", at: row.ended_at ?? "" };
  return {
    proposedByPartner: row.proposed_partner,
    declined:
      row.status === "declined" ? { partner: row.ended_partner ?? "", ...who, reason: row.end_reason ?? "" } : null,
    withdrawn: row.status === "withdrawn" ? { partner: row.ended_partner, ...who } : null,
  };
}

/** The two kinds of version that wait for every partner's consent. */
export type VersionKind = "rule" | "terms";

const KINDS = {
  rule: { table: "rule_versions", consents: "rule_consents", ref: "rule_id", label: "rule version" },
  terms: { table: "term_versions", consents: "term_consents", ref: "term_id", label: "terms version" },
} as const;

/** What every rule and terms version lists besides its own content: where it stands, who proposed it, the consents. */
export interface Proposal extends VersionEnding {
  /**
   * `proposed` until an approver of every partner has consented; then `active`. `declined` (by a
   * partner's approver) or `withdrawn` (by the proposer's partner) ends it without effect.
   */
  readonly status: VersionStatus;
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly activatedAt: string | null;
  readonly consents: readonly Consent[];
  /** Partners whose consent is still missing; none once the version is no longer `proposed`. */
  readonly awaiting: readonly string[];
  readonly version: number;
}

/** The columns of a version's row that {@link proposalsOf} reads. */
export interface ProposalRow extends EndingRow {
  readonly id: string;
  readonly proposed_by: string;
  readonly proposed_at: string;
  readonly activated_at: string | null;
  readonly version: number;
}

/** The select list of {@link ProposalRow}'s columns other than `id`. */
export const PROPOSAL_COLUMNS = `status, proposed_by, proposed_at, activated_at, version, ${ENDING_COLUMNS}`;

/**
 * Reads the consents of a partnership's versions of one kind, and gives back what turns a version's
 * row into its {@link Proposal} fields.
 *
 * @param q - database or transaction
 * @param kind - rule or terms versions
 * @param partnershipId - the partnership
 * @returns the row's status, proposer, consents, awaited partners and ending
 */
export async function proposalsOf(
  q: Queryable,
  kind: VersionKind,
  partnershipId: string,
): Promise<(row: ProposalRow) => Proposal> {
  const { consents: table, ref } = KINDS[kind];
  const consents = await q.query<{
    ref: string;
    partner_id: string;
    key_id: string;
    actor: string;
    consented_at: string;
  }>(
    `SELECT ${ref} AS ref, partner_id, key_id, actor, consented_at FROM ${table} WHERE partnership_id = $1 ORDER BY partner_id`,
    [partnershipId],
  );
  const partners = (await listPartners(q, partnershipId)).map((p) => p.id);
  return (r) => {
    const given = consents
      .filter((c) => c.ref === r.id)
      .map((c) => ({ partner: c.partner_id, keyId: c.key_id, actor: c.actor, at: c.consented_at }));
    return {
      status: r.status,
      proposedBy: r.proposed_by,
      proposedAt: r.proposed_at,
      activatedAt: r.activated_at,
      consents: given,
      // Once active, partners that joined later are not waited for; once ended, nobody is.
      awaiting: r.status !== "proposed" ? [] : partners.filter((p) => !given.some((c) => c.partner === p)),
      version: r.version,
      ...endingOf(r),
    };
  };
}

/**
 * Locks a version's row for the rest of the transaction (`SELECT … FOR UPDATE`), so a consent and a
 * decline or withdrawal of one version never both succeed, on a server with several processes.
 *
 * @param tx - the open transaction
 * @param kind - rule or terms version
 * @param partnershipId - the partnership
 * @param id - the version
 * @returns its status and proposer's partner
 * @throws StoreError `NOT_FOUND` when there is no such version
 */
export async function lockVersion(
  tx: Queryable,
  kind: VersionKind,
  partnershipId: string,
  id: string,
): Promise<{ status: VersionStatus; proposedByPartner: string | null }> {
  const { table, label } = KINDS[kind];
  const [row] = await tx.query<{ status: VersionStatus; proposed_partner: string | null }>(
    `SELECT status, proposed_partner FROM ${table} WHERE partnership_id = $1 AND id = $2 FOR UPDATE`,
    [partnershipId, id],
  );
  if (row === undefined) throw new StoreError("NOT_FOUND", `no ${label} ${JSON.stringify(id)}`);
  return { status: row.status, proposedByPartner: row.proposed_partner };
}

/**
 * Refuses an answer to a version that is no longer proposed.
 *
 * @param kind - rule or terms version
 * @param id - the version
 * @param status - its status
 * @throws StoreError `INVALID_STATE` unless the status is `proposed`
 */
export function requireProposed(kind: VersionKind, id: string, status: VersionStatus): void {
  if (status !== "proposed")
    throw new StoreError(
      "INVALID_STATE",
      `${KINDS[kind].label} ${id} is already ${status}${status === "active" ? "" : ": it can no longer take effect"}`,
    );
}

/** How a version ends: declined by a partner's approver (with a reason), or withdrawn by its proposer's partner. */
export type Ending = { readonly how: "decline"; readonly reason: string } | { readonly how: "withdraw" };

/**
 * Ends a proposed version without it taking effect, in the caller's write transaction, after
 * locking its row: a decline by an approver's partner that has not consented (with a non-blank
 * reason), or a withdrawal by a key of the partner the proposer acted for (any partner's key when
 * the system proposed it). The caller checks the key's role.
 *
 * @param tx - the open transaction
 * @param kind - rule or terms version
 * @param partnershipId - the partnership
 * @param id - the version
 * @param ending - decline (with its reason) or withdraw
 * @param actor - who ends it
 * @param at - when
 * @throws StoreError `NOT_FOUND`; `INVALID_INPUT` (field `reason`) for a blank reason;
 *   `NOT_PERMITTED` for a withdrawal by another partner than the proposer's, or a decline by no
 *   partner; `INVALID_STATE` when the version is active, declined or withdrawn already, or (for a
 *   decline) the actor's partner has consented to it
 */
export async function endVersion(
  tx: Queryable,
  kind: VersionKind,
  partnershipId: string,
  id: string,
  ending: Ending,
  actor: Actor,
  at: string,
): Promise<void> {
  const { table, consents, ref, label } = KINDS[kind];
  const locked = await lockVersion(tx, kind, partnershipId, id);
  if (ending.how === "decline" && ending.reason.trim() === "")
    throw new StoreError("INVALID_INPUT", `a decline of ${label} ${id} needs a reason`, [
      { field: "reason", message: "expected a non-empty reason" },
    ]);
  if (ending.how === "withdraw" && locked.proposedByPartner !== null && locked.proposedByPartner !== actor.partner)
    throw new StoreError(
      "NOT_PERMITTED",
      `${label} ${id} was proposed for ${locked.proposedByPartner}: only its keys may withdraw it`,
    );
  if (ending.how === "decline" && actor.partner === null)
    throw new StoreError("NOT_PERMITTED", `${label} ${id} is declined by an approver of a partner`);
  requireProposed(kind, id, locked.status);
  if (ending.how === "decline") {
    const given = await tx.query(
      `SELECT 1 FROM ${consents} WHERE partnership_id = $1 AND ${ref} = $2 AND partner_id = $3`,
      [partnershipId, id, actor.partner],
    );
    if (given.length > 0)
      throw new StoreError(
        "INVALID_STATE",
        `${actor.partner} has already consented to ${label} ${id}; its consent stands (the proposer's partner may withdraw the version)`,
      );
  }
  await tx.query(
    `UPDATE ${table} SET status = $3, ended_at = $4, ended_by = $5, ended_key = $6, ended_partner = $7, end_reason = $8, version = version + 1 WHERE partnership_id = $1 AND id = $2`,
    [
      partnershipId,
      id,
      ending.how === "decline" ? "declined" : "withdrawn",
      at,
      actor.name,
      actor.keyId,
      actor.partner,
      ending.how === "decline" ? ending.reason : null,
    ],
  );
}
