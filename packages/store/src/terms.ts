import type { Queryable } from "./db/index.js";
import type { Consent } from "./rules.js";
import type { SectionName } from "./sections.js";
import { listPartners } from "./structure.js";

/**
 * A change of a scenario section's partnership-wide terms, proposed and waiting for (or having had)
 * the consent of an approver of every partner, as a rule version does.
 */
export interface TermsVersion {
  /** `terms-1`, `terms-2`... in the order proposed. */
  readonly id: string;
  readonly section: SectionName;
  /** The section as proposed; its partnership-wide terms are what takes effect. */
  readonly body: unknown;
  /** The section as stored when proposed (null if there was none): what the terms change. */
  readonly base: unknown;
  /** `proposed` until an approver of every partner has consented; then `active`: the terms are in the section. */
  readonly status: "proposed" | "active";
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly activatedAt: string | null;
  readonly consents: readonly Consent[];
  /** Partners whose consent is still missing. */
  readonly awaiting: readonly string[];
  readonly version: number;
}

interface TermsRow {
  id: string;
  section: SectionName;
  body: unknown;
  base: unknown;
  status: "proposed" | "active";
  proposed_by: string;
  proposed_at: string;
  activated_at: string | null;
  version: number;
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
    `SELECT id, section, body, base, status, proposed_by, proposed_at, activated_at, version FROM term_versions WHERE partnership_id = $1${
      id === undefined ? "" : " AND id = $2"
    } ORDER BY seq`,
    id === undefined ? [partnershipId] : [partnershipId, id],
  );
  if (rows.length === 0) return [];
  const consents = await q.query<{
    term_id: string;
    partner_id: string;
    key_id: string;
    actor: string;
    consented_at: string;
  }>(
    "SELECT term_id, partner_id, key_id, actor, consented_at FROM term_consents WHERE partnership_id = $1 ORDER BY partner_id",
    [partnershipId],
  );
  const partners = (await listPartners(q, partnershipId)).map((p) => p.id);
  return rows.map((r) => {
    const given = consents
      .filter((c) => c.term_id === r.id)
      .map((c) => ({ partner: c.partner_id, keyId: c.key_id, actor: c.actor, at: c.consented_at }));
    return {
      id: r.id,
      section: r.section,
      body: r.body,
      base: r.base,
      status: r.status,
      proposedBy: r.proposed_by,
      proposedAt: r.proposed_at,
      activatedAt: r.activated_at,
      consents: given,
      // Once active, the partners that joined later are not waited for.
      awaiting: r.status === "active" ? [] : partners.filter((p) => !given.some((c) => c.partner === p)),
      version: r.version,
    };
  });
}

/**
 * Inserts a proposed terms version in the caller's write transaction (which holds the partnership's
 * write lock, so the next number is safe to take).
 *
 * @param tx - the open transaction
 * @param partnershipId - the partnership
 * @param section - the section
 * @param body - the section as proposed
 * @param base - the section as stored now, if any
 * @param by - who proposed it
 * @param at - when
 * @returns the proposed version
 */
export async function insertTerms(
  tx: Queryable,
  partnershipId: string,
  section: SectionName,
  body: unknown,
  base: unknown,
  by: string,
  at: string,
): Promise<TermsVersion> {
  const [last] = await tx.query<{ seq: number | null }>(
    "SELECT MAX(seq) AS seq FROM term_versions WHERE partnership_id = $1",
    [partnershipId],
  );
  const seq = (last?.seq ?? 0) + 1;
  const id = `terms-${seq}`;
  await tx.query(
    "INSERT INTO term_versions (partnership_id, id, seq, section, body, base, status, proposed_by, proposed_at) VALUES ($1, $2, $3, $4, $5, $6, 'proposed', $7, $8)",
    [partnershipId, id, seq, section, JSON.stringify(body), base === undefined ? null : JSON.stringify(base), by, at],
  );
  const [version] = await listTerms(tx, partnershipId, id);
  return version as TermsVersion;
}
