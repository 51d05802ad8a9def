import { parseScenario, type ScenarioDocument } from "@3c/domain";
import type { Actor } from "./Actor.js";
import type { Queryable } from "./db/index.js";
import { type StoreContext, write } from "./StoreContext.js";
import { StoreError } from "./StoreError.js";
import { getPartnership, listPartners, listServices } from "./structure.js";

/** A rule as written in the scenario document. */
export type RuleDocument = NonNullable<ScenarioDocument["rules"]>[number];

/** One partner's recorded consent to a rule version. */
export interface Consent {
  readonly partner: string;
  readonly keyId: string;
  readonly actor: string;
  readonly at: string;
}

/** A versioned, effective-dated rule and the consents it has gathered. */
export interface RuleVersion {
  readonly id: string;
  readonly document: RuleDocument;
  /** `proposed` until an approver of every partner has consented; then `active` and used by runs. */
  readonly status: "proposed" | "active";
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly activatedAt: string | null;
  readonly consents: readonly Consent[];
  /** Partners whose consent is still missing. */
  readonly awaiting: readonly string[];
  readonly version: number;
}

interface RuleRow {
  id: string;
  document: RuleDocument;
  status: "proposed" | "active";
  proposed_by: string;
  proposed_at: string;
  activated_at: string | null;
  version: number;
}

/**
 * Lists rule versions with their consents.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param id - only this rule, if given
 * @returns the rule versions in id order
 */
export async function listRules(q: Queryable, partnershipId: string, id?: string): Promise<RuleVersion[]> {
  const rows = await q.query<RuleRow>(
    `SELECT id, document, status, proposed_by, proposed_at, activated_at, version FROM rule_versions WHERE partnership_id = $1${
      id === undefined ? "" : " AND id = $2"
    } ORDER BY id`,
    id === undefined ? [partnershipId] : [partnershipId, id],
  );
  const consents = await q.query<{
    rule_id: string;
    partner_id: string;
    key_id: string;
    actor: string;
    consented_at: string;
  }>(
    "SELECT rule_id, partner_id, key_id, actor, consented_at FROM rule_consents WHERE partnership_id = $1 ORDER BY partner_id",
    [partnershipId],
  );
  const partners = (await listPartners(q, partnershipId)).map((p) => p.id);
  return rows.map((r) => {
    const given = consents
      .filter((c) => c.rule_id === r.id)
      .map((c) => ({ partner: c.partner_id, keyId: c.key_id, actor: c.actor, at: c.consented_at }));
    return {
      id: r.id,
      document: r.document,
      status: r.status,
      proposedBy: r.proposed_by,
      proposedAt: r.proposed_at,
      activatedAt: r.activated_at,
      consents: given,
      awaiting: partners.filter((p) => !given.some((c) => c.partner === p)),
      version: r.version,
    };
  });
}

/**
 * Inserts a rule version in the caller's transaction, proposed or (for seeding) already active.
 *
 * @param tx - the open transaction
 * @param partnershipId - the partnership
 * @param rule - the rule document
 * @param status - `proposed`, or `active` when its consents are recorded with it
 * @param by - who proposed it
 * @param at - when
 */
export async function insertRule(
  tx: Queryable,
  partnershipId: string,
  rule: RuleDocument,
  status: "proposed" | "active",
  by: string,
  at: string,
): Promise<void> {
  await tx.query(
    "INSERT INTO rule_versions (partnership_id, id, service_id, pool_id, effective_from, document, status, proposed_by, proposed_at, activated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    [
      partnershipId,
      rule.id,
      rule.service,
      rule.pool ?? null,
      rule.effectiveFrom,
      JSON.stringify(rule),
      status,
      by,
      at,
      status === "active" ? at : null,
    ],
  );
}

/**
 * Checks a proposed rule the way the domain will when runs use it: the partnership's structure and
 * active rules plus this one, through `parseScenario`. Problems with the rule's drivers are left
 * out: their quantities may be imported after the rule is agreed.
 *
 * @param q - the open transaction
 * @param partnershipId - the partnership
 * @param rule - the proposed rule
 * @throws StoreError `INVALID_INPUT` with each problem of the rule, by field
 */
async function checkRule(q: Queryable, partnershipId: string, rule: RuleDocument): Promise<void> {
  const partnership = await getPartnership(q, partnershipId);
  if (partnership === undefined) throw new StoreError("NOT_FOUND", `no partnership ${JSON.stringify(partnershipId)}`);
  const active = await q.query<{ document: RuleDocument }>(
    "SELECT document FROM rule_versions WHERE partnership_id = $1 ORDER BY id",
    [partnershipId],
  );
  const rules = [...active.map((r) => r.document), rule];
  const at = `rules[${rules.length - 1}]`;
  const parsed = parseScenario({
    schemaVersion: 1,
    partnership: { id: partnership.id, name: partnership.name, currency: partnership.currency },
    partners: (await listPartners(q, partnershipId)).map((p) => ({ id: p.id, name: p.name })),
    services: (await listServices(q, partnershipId)).map((s) => ({
      id: s.id,
      name: s.name,
      lead: s.lead,
      participants: [...s.participants],
      pools: s.pools.map((p) => ({ ...p })),
    })),
    rules,
  });
  if (parsed.ok) return;
  const issues = parsed.issues
    .filter((i) => (i.path === at || i.path.startsWith(`${at}.`)) && !i.path.endsWith(".driver"))
    .map((i) => ({ field: i.path.slice(at.length + 1), message: i.message }));
  if (issues.length > 0) throw new StoreError("INVALID_INPUT", `rule ${rule.id} is not valid`, issues);
}

/**
 * Proposes a new rule version (a new basis from a date). It takes effect in runs only once an
 * approver of every partner has consented.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param rule - the rule document (validated by the caller against the domain's schema)
 * @param actor - who proposes it
 * @returns the proposed version
 * @throws StoreError `ALREADY_EXISTS`; `INVALID_INPUT` with every problem the domain finds in the rule
 *   against the partnership's structure and rules (unknown service, pool or partner, percentages not
 *   totalling 100, a second version on the same date…)
 */
export function proposeRule(
  ctx: StoreContext,
  partnershipId: string,
  rule: RuleDocument,
  actor: Actor,
): Promise<RuleVersion> {
  return write(ctx, partnershipId, actor, `rule ${rule.id}`, async (tx, at) => {
    await checkRule(tx, partnershipId, rule);
    await insertRule(tx, partnershipId, rule, "proposed", actor.name, at);
    const [version] = await listRules(tx, partnershipId, rule.id);
    return {
      result: version as RuleVersion,
      audit: { action: "rule.propose", target: `rules/${rule.id}`, after: rule },
    };
  });
}

/**
 * Records the consent of the actor's partner to a proposed rule version; the version becomes active
 * when every partner has consented.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param id - the rule version
 * @param actor - an approver of a partner
 * @returns the rule version after the consent
 * @throws StoreError `NOT_FOUND`; `INVALID_STATE` when already active or this partner already consented
 */
export function consentRule(ctx: StoreContext, partnershipId: string, id: string, actor: Actor): Promise<RuleVersion> {
  return write(ctx, partnershipId, actor, `consent to rule ${id}`, async (tx, at) => {
    const [before] = await listRules(tx, partnershipId, id);
    if (before === undefined) throw new StoreError("NOT_FOUND", `no rule version ${JSON.stringify(id)}`);
    if (before.status === "active") throw new StoreError("INVALID_STATE", `rule version ${id} is already active`);
    if (before.consents.some((c) => c.partner === actor.partner))
      throw new StoreError("INVALID_STATE", `${actor.partner} has already consented to rule version ${id}`);
    await tx.query(
      "INSERT INTO rule_consents (partnership_id, rule_id, partner_id, key_id, actor, consented_at) VALUES ($1, $2, $3, $4, $5, $6)",
      [partnershipId, id, actor.partner, actor.keyId, actor.name, at],
    );
    if (before.awaiting.length === 1 && before.awaiting[0] === actor.partner) {
      await tx.query(
        "UPDATE rule_versions SET status = 'active', activated_at = $3, version = version + 1 WHERE partnership_id = $1 AND id = $2",
        [partnershipId, id, at],
      );
    } else {
      await tx.query("UPDATE rule_versions SET version = version + 1 WHERE partnership_id = $1 AND id = $2", [
        partnershipId,
        id,
      ]);
    }
    const [after] = await listRules(tx, partnershipId, id);
    return {
      result: after as RuleVersion,
      audit: { action: "rule.consent", target: `rules/${id}`, before: before.consents, after: after?.consents },
    };
  });
}
