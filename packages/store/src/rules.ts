import { parseScenario, type ScenarioDocument } from "@3c/domain";
import type { Actor } from "./Actor.js";
import type { Queryable } from "./db/index.js";
import { startOf } from "./pools.js";
import { type StoreContext, write } from "./StoreContext.js";
import { StoreError } from "./StoreError.js";
import { getPartnership, listPartners, listServices } from "./structure.js";
import {
  endVersion,
  lockVersion,
  PROPOSAL_COLUMNS,
  type Proposal,
  type ProposalRow,
  proposalsOf,
  requireProposed,
} from "./versionEndings.js";

/** A rule as written in the scenario document. */
export type RuleDocument = NonNullable<ScenarioDocument["rules"]>[number];

/** One partner's recorded consent to a rule version. */
export interface Consent {
  readonly partner: string;
  readonly keyId: string;
  readonly actor: string;
  readonly at: string;
}

/** A versioned, effective-dated rule and the consents it has gathered, or how it ended unagreed. */
export interface RuleVersion extends Proposal {
  readonly id: string;
  readonly document: RuleDocument;
}

interface RuleRow extends ProposalRow {
  document: RuleDocument;
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
    `SELECT id, document, ${PROPOSAL_COLUMNS} FROM rule_versions WHERE partnership_id = $1${
      id === undefined ? "" : " AND id = $2"
    } ORDER BY id`,
    id === undefined ? [partnershipId] : [partnershipId, id],
  );
  const proposal = await proposalsOf(q, "rule", partnershipId);
  return rows.map((r) => ({ id: r.id, document: r.document, ...proposal(r) }));
}

/**
 * Inserts a rule version in the caller's transaction, proposed or (for seeding) already active.
 *
 * @param tx - the open transaction
 * @param partnershipId - the partnership
 * @param rule - the rule document
 * @param status - `proposed`, or `active` when its consents are recorded with it
 * @param by - who proposed it (their name, key and partner are recorded)
 * @param at - when
 */
export async function insertRule(
  tx: Queryable,
  partnershipId: string,
  rule: RuleDocument,
  status: "proposed" | "active",
  by: Actor,
  at: string,
): Promise<void> {
  await tx.query(
    "INSERT INTO rule_versions (partnership_id, id, service_id, pool_id, effective_from, document, status, proposed_by, proposed_at, activated_at, proposed_key, proposed_partner) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    [
      partnershipId,
      rule.id,
      rule.service,
      rule.pool ?? null,
      rule.effectiveFrom,
      JSON.stringify(rule),
      status,
      by.name,
      at,
      status === "active" ? at : null,
      by.keyId,
      by.partner,
    ],
  );
}

/**
 * Checks a proposed rule the way the domain will when runs use it: the partnership's structure and
 * active rules plus this one, through `parseScenario`. Problems with the rule's drivers are left
 * out: their quantities may be imported after the rule is agreed. A rule of a pool or service taking
 * effect before its start is refused at `effectiveFrom`.
 *
 * @param q - the open transaction
 * @param partnershipId - the partnership
 * @param rule - the proposed rule
 * @throws StoreError `INVALID_INPUT` with each problem of the rule, by field
 */
async function checkRule(q: Queryable, partnershipId: string, rule: RuleDocument): Promise<void> {
  const partnership = await getPartnership(q, partnershipId);
  if (partnership === undefined) throw new StoreError("NOT_FOUND", `no partnership ${JSON.stringify(partnershipId)}`);
  // Declined and withdrawn versions are out of the way: a rule may be proposed again on their date.
  const active = await q.query<{ document: RuleDocument }>(
    "SELECT document FROM rule_versions WHERE partnership_id = $1 AND status IN ('proposed', 'active') ORDER BY id",
    [partnershipId],
  );
  const rules = [...active.map((r) => r.document), rule];
  const at = `rules[${rules.length - 1}]`;
  const services = await listServices(q, partnershipId);
  const from = startOf(services, rule.service, rule.pool);
  const early =
    from !== undefined && rule.effectiveFrom < from.start
      ? [
          {
            field: "effectiveFrom",
            message: `${from.what} takes part from ${from.start}: a rule of it takes effect on or after ${from.start}`,
          },
        ]
      : [];
  const parsed = parseScenario({
    schemaVersion: 1,
    partnership: { id: partnership.id, name: partnership.name, currency: partnership.currency },
    partners: (await listPartners(q, partnershipId)).map((p) => ({ id: p.id, name: p.name })),
    services: services.map((s) => ({
      id: s.id,
      name: s.name,
      lead: s.lead,
      participants: [...s.participants],
      pools: s.pools.map((p) => ({ id: p.id, name: p.name })),
    })),
    rules,
  });
  const issues = [
    ...(parsed.ok ? [] : parsed.issues)
      .filter((i) => (i.path === at || i.path.startsWith(`${at}.`)) && !i.path.endsWith(".driver"))
      .map((i) => ({ field: i.path.slice(at.length + 1), message: i.message })),
    ...early,
  ];
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
    await insertRule(tx, partnershipId, rule, "proposed", actor, at);
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
 * @throws StoreError `NOT_FOUND`; `INVALID_STATE` when already active, declined or withdrawn, or this
 *   partner already consented
 */
export function consentRule(ctx: StoreContext, partnershipId: string, id: string, actor: Actor): Promise<RuleVersion> {
  return write(ctx, partnershipId, actor, `consent to rule ${id}`, async (tx, at) => {
    requireProposed("rule", id, (await lockVersion(tx, "rule", partnershipId, id)).status);
    const [before] = (await listRules(tx, partnershipId, id)) as [RuleVersion];
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
      audit: {
        action: "rule.consent",
        target: `rules/${id}`,
        before: { id, status: before.status, consents: before.consents },
        after: { id, status: after?.status, consents: after?.consents },
      },
    };
  });
}

/**
 * Declines a proposed rule version for the actor's partner (an approver's answer instead of its
 * consent): the version can no longer become active, and records who declined it, for which
 * partner, when and why.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param id - the rule version
 * @param reason - why, a non-blank text
 * @param actor - an approver of a partner that has not consented to it
 * @returns the declined version
 * @throws StoreError `NOT_FOUND`; `INVALID_INPUT` for a blank reason; `NOT_PERMITTED` for the system;
 *   `INVALID_STATE` when it is active, declined or withdrawn, or the partner has consented to it
 * @example
 * await declineRule(ctx, "3c", "ict-2025", "the driver double-counts shared users", approverOfB);
 */
export function declineRule(
  ctx: StoreContext,
  partnershipId: string,
  id: string,
  reason: string,
  actor: Actor,
): Promise<RuleVersion> {
  return write(ctx, partnershipId, actor, `decline of rule ${id}`, async (tx, at) => {
    await endVersion(tx, "rule", partnershipId, id, { how: "decline", reason }, actor, at);
    const [after] = (await listRules(tx, partnershipId, id)) as [RuleVersion];
    return {
      result: after,
      audit: {
        action: "rule.decline",
        target: `rules/${id}`,
        after: { id, status: after.status, declined: after.declined },
      },
    };
  });
}

/**
 * Withdraws a proposed rule version on behalf of the partner its proposer acted for: the version can
 * no longer become active, and records who withdrew it and when.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param id - the rule version
 * @param actor - a key of the proposer's partner (the caller checks its role)
 * @returns the withdrawn version
 * @throws StoreError `NOT_FOUND`; `NOT_PERMITTED` for a key of another partner; `INVALID_STATE` when
 *   it is active, declined or withdrawn
 */
export function withdrawRule(ctx: StoreContext, partnershipId: string, id: string, actor: Actor): Promise<RuleVersion> {
  return write(ctx, partnershipId, actor, `withdrawal of rule ${id}`, async (tx, at) => {
    await endVersion(tx, "rule", partnershipId, id, { how: "withdraw" }, actor, at);
    const [after] = (await listRules(tx, partnershipId, id)) as [RuleVersion];
    return {
      result: after,
      audit: {
        action: "rule.withdraw",
        target: `rules/${id}`,
        after: { id, status: after.status, withdrawn: after.withdrawn },
      },
    };
  });
}
