import type { Actor } from "./Actor.js";
import type { Queryable } from "./db/index.js";
import { type StoreContext, write } from "./StoreContext.js";
import type { SectionName } from "./sections.js";
import { endVersion, PROPOSAL_COLUMNS, type Proposal, type ProposalRow, proposalsOf } from "./versionEndings.js";

/**
 * The partnership's settings (`fxRounding`, `support`) as a subject of terms versions: they change
 * what every partner pays as much as a section's partnership-wide terms do, so a change of them after
 * set-up is proposed, consented to and dated the same way (see `updateSettings`).
 */
export const SETTINGS_TERMS = "settings" as const;

/** What a terms version changes: a scenario section's partnership-wide terms, or the partnership's settings. */
export type TermsSubject = SectionName | typeof SETTINGS_TERMS;

/**
 * A change of a scenario section's partnership-wide terms (or of the partnership's settings), proposed and waiting for (or having had)
 * the consent of an approver of every partner, as a rule version does.
 */
export interface TermsVersion extends Proposal {
  /** `terms-1`, `terms-2`... in the order proposed. */
  readonly id: string;
  /** The section whose terms it changes, or `settings` for the partnership's settings. */
  readonly section: TermsSubject;
  /** The section as proposed (the settings, whole, for `settings`); its partnership-wide terms are what takes effect (once `active`). */
  readonly body: unknown;
  /** The section as stored when proposed (null if there was none): what the terms change. */
  readonly base: unknown;
  /** The first financial year the terms rate once active, e.g. `2025/26`; null: from the beginning. */
  readonly effectiveFrom: string | null;
}

interface TermsRow extends ProposalRow {
  section: TermsSubject;
  body: unknown;
  base: unknown;
  effective_from: string | null;
}

/**
 * Lists terms versions with their consents.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param id - only this version, if given
 * @returns the versions in the order proposed
 */
export async function listTerms(q: Queryable, partnershipId: string, id?: string): Promise<TermsVersion[]> {
  const rows = await q.query<TermsRow>(
    `SELECT id, section, body, base, effective_from, ${PROPOSAL_COLUMNS} FROM term_versions WHERE partnership_id = $1${
      id === undefined ? "" : " AND id = $2"
    } ORDER BY seq`,
    id === undefined ? [partnershipId] : [partnershipId, id],
  );
  if (rows.length === 0) return [];
  const proposal = await proposalsOf(q, "terms", partnershipId);
  return rows.map((r) => ({
    id: r.id,
    section: r.section,
    body: r.body,
    base: r.base,
    effectiveFrom: r.effective_from,
    ...proposal(r),
  }));
}

/**
 * Inserts a proposed terms version in the caller's write transaction (which holds the partnership's
 * write lock, so the next number is safe to take).
 *
 * @param tx - the open transaction
 * @param partnershipId - the partnership
 * @param section - the section, or `settings`
 * @param body - the section (or settings) as proposed
 * @param base - the section (or settings) as stored now, if any
 * @param effectiveFrom - the first financial year the terms rate (null: from the beginning)
 * @param by - who proposed it (their name, key and partner are recorded)
 * @param at - when
 * @returns the proposed version
 */
export async function insertTerms(
  tx: Queryable,
  partnershipId: string,
  section: TermsSubject,
  body: unknown,
  base: unknown,
  effectiveFrom: string | null,
  by: Actor,
  at: string,
): Promise<TermsVersion> {
  const [last] = await tx.query<{ seq: number | null }>(
    "SELECT MAX(seq) AS seq FROM term_versions WHERE partnership_id = $1",
    [partnershipId],
  );
  const seq = (last?.seq ?? 0) + 1;
  const id = `terms-${seq}`;
  await tx.query(
    "INSERT INTO term_versions (partnership_id, id, seq, section, body, base, status, proposed_by, proposed_at, proposed_key, proposed_partner, effective_from) VALUES ($1, $2, $3, $4, $5, $6, 'proposed', $7, $8, $9, $10, $11)",
    [
      partnershipId,
      id,
      seq,
      section,
      JSON.stringify(body),
      base === undefined ? null : JSON.stringify(base),
      by.name,
      at,
      by.keyId,
      by.partner,
      effectiveFrom,
    ],
  );
  const [version] = await listTerms(tx, partnershipId, id);
  return version as TermsVersion;
}

/**
 * Declines a proposed terms version for the actor's partner (an approver's answer instead of its
 * consent): the terms can no longer take effect and the section stays as it is; the version records
 * who declined it, for which partner, when and why.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param id - the terms version
 * @param reason - why, a non-blank text
 * @param actor - an approver of a partner that has not consented to it
 * @returns the declined version
 * @throws StoreError `NOT_FOUND`; `INVALID_INPUT` for a blank reason; `NOT_PERMITTED` for the system;
 *   `INVALID_STATE` when it is active, declined or withdrawn, or the partner has consented to it
 * @example
 * await declineTerms(ctx, "3c", "terms-2", "indexation by CPI was not agreed at the board", approverOfC);
 */
export function declineTerms(
  ctx: StoreContext,
  partnershipId: string,
  id: string,
  reason: string,
  actor: Actor,
): Promise<TermsVersion> {
  return write(ctx, partnershipId, actor, `decline of terms ${id}`, async (tx, at) => {
    await endVersion(tx, "terms", partnershipId, id, { how: "decline", reason }, actor, at);
    const [after] = (await listTerms(tx, partnershipId, id)) as [TermsVersion];
    return {
      result: after,
      audit: {
        action: "terms.decline",
        target: `terms/${id}`,
        after: { id, status: after.status, declined: after.declined },
      },
    };
  });
}

/**
 * Withdraws a proposed terms version on behalf of the partner its proposer acted for: the terms can
 * no longer take effect and the section stays as it is.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param id - the terms version
 * @param actor - a key of the proposer's partner (the caller checks its role)
 * @returns the withdrawn version
 * @throws StoreError `NOT_FOUND`; `NOT_PERMITTED` for a key of another partner; `INVALID_STATE` when
 *   it is active, declined or withdrawn
 */
export function withdrawTerms(
  ctx: StoreContext,
  partnershipId: string,
  id: string,
  actor: Actor,
): Promise<TermsVersion> {
  return write(ctx, partnershipId, actor, `withdrawal of terms ${id}`, async (tx, at) => {
    await endVersion(tx, "terms", partnershipId, id, { how: "withdraw" }, actor, at);
    const [after] = (await listTerms(tx, partnershipId, id)) as [TermsVersion];
    return {
      result: after,
      audit: {
        action: "terms.withdraw",
        target: `terms/${id}`,
        after: { id, status: after.status, withdrawn: after.withdrawn },
      },
    };
  });
}
