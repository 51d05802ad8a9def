import { parseScenario } from "@3c/domain";
import type { Actor } from "./Actor.js";
import { contentHash } from "./audit/index.js";
import type { Queryable } from "./db/index.js";
import { closedPeriods } from "./periods.js";
import { type StoreContext, type WriteOutcome, write } from "./StoreContext.js";
import { StoreError } from "./StoreError.js";
import { scenarioDocument } from "./scenarioDocument.js";
import { checkVersion, listPartners, type Partnership, type PartnershipSettings } from "./structure.js";
import { insertTerms, SETTINGS_TERMS, type TermsVersion } from "./terms.js";
import { closedForTerms, earliestTermsYear, recordTermsInForce, termsYear } from "./termsInForce.js";

/** How a settings write is dated when it is proposed rather than applied. */
export interface SettingsWriteOptions {
  /**
   * The first financial year the settings rate once agreed, e.g. `2025/26` (default: the year after
   * the last one with a closed period, or from the beginning when none is closed). Given, the write
   * is always a proposal — the stored settings sent with a year re-date them.
   */
  readonly effectiveFrom?: string;
}

/** What a settings write did: applied at set-up, or proposed as a terms version. */
export interface SettingsWrite {
  /** The partnership after the write: at its new version when applied, unchanged when proposed. */
  readonly partnership: Partnership;
  /** Set when the write proposed the settings: they wait for an approver of every partner. */
  readonly terms?: TermsVersion;
}

interface SettingsRow {
  id: string;
  name: string;
  currency: string;
  settings: PartnershipSettings;
  version: number;
}

/**
 * Whether a partnership is still being set up, so that its admin may write its settings directly:
 * it has no partner to consent, or it has recorded no period, stored no run and agreed no settings
 * version — no figure of any partner has yet been run, reported as closed, or agreed under them.
 * A draft counts (it may yet be approved under the settings); a discarded draft does not: it can
 * never be approved, so no figure depends on the settings it was run under.
 *
 * @param tx - the write's transaction
 * @param partnershipId - the partnership
 * @returns true while nothing depends on the settings
 */
async function inSetUp(tx: Queryable, partnershipId: string): Promise<boolean> {
  if ((await listPartners(tx, partnershipId)).length === 0) return true;
  const [used] = await tx.query<{ used: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM periods WHERE partnership_id = $1)
         OR EXISTS (SELECT 1 FROM runs WHERE partnership_id = $1 AND status <> 'discarded')
         OR EXISTS (SELECT 1 FROM terms_in_force WHERE partnership_id = $1 AND section = $2) AS used`,
    [partnershipId, SETTINGS_TERMS],
  );
  return used?.used !== true;
}

/**
 * Refuses support settings that the domain finds invalid against the partnership's services (a
 * consumption or a place in the order naming a service it does not have...), and settings without
 * an FX rounding mode while exchange rates are recorded (converted amounts would have none), which
 * would otherwise be refused only when a period is run.
 *
 * @param tx - the write's transaction
 * @param partnershipId - the partnership
 * @param settings - the settings to check
 * @throws StoreError `INVALID_INPUT` with every problem, each at its `support…` path or at `fxRounding`
 */
async function checkSettings(tx: Queryable, partnershipId: string, settings: PartnershipSettings): Promise<void> {
  if (settings.fxRounding === undefined) {
    const [rates] = await tx.query<{ recorded: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM fx_rates WHERE partnership_id = $1) AS recorded",
      [partnershipId],
    );
    if (rates?.recorded === true)
      throw new StoreError("INVALID_INPUT", "the settings leave converted amounts unrounded; nothing was stored", [
        {
          field: "fxRounding",
          message: "exchange rates are recorded: expected a rounding mode for converted amounts, e.g. half-even",
        },
      ]);
  }
  if (settings.support === undefined) return;
  // Every service and active rule, whatever its start; no figures (none is dated 1900/01).
  const {
    fx: _f,
    support: _s,
    ...structure
  } = await scenarioDocument(tx, partnershipId, "1900/01", "actual", "latest");
  const parsed = parseScenario({ ...structure, support: settings.support });
  const issues = (parsed.ok ? [] : parsed.issues)
    .filter((i) => i.path === "support" || i.path.startsWith("support.") || i.path.startsWith("support["))
    .map((i) => ({ field: i.path, message: i.message }));
  if (issues.length > 0)
    throw new StoreError(
      "INVALID_INPUT",
      "the support settings are not valid for the partnership's services; nothing was stored",
      issues,
    );
}

/**
 * Writes a partnership's settings (FX rounding, support services), if it is still at the version the
 * caller read. While the partnership is being set up — no partner yet, or no period recorded, no run
 * stored and no settings version agreed — the settings are replaced at once, as before. After that
 * they change what every partner pays, so a change is kept as a proposed terms version (section
 * `settings`) that takes effect from a financial year once an approver of every partner consents
 * (`consentTerms`), as a section's partnership-wide terms do; closed years keep the settings they
 * were run under. Settings sent unchanged without `effectiveFrom` change nothing: the version stays
 * and nothing is audited.
 *
 * @param ctx - database and clock
 * @param id - the partnership
 * @param settings - the settings, whole
 * @param expectedVersion - the partnership's version the caller read, if any
 * @param actor - who writes (the caller checks it is an admin)
 * @param options - `effectiveFrom`: the first year proposed settings rate
 * @returns the partnership, and the terms version when the write proposed the settings
 * @throws StoreError `NOT_FOUND`, `VERSION_MISMATCH`; `INVALID_INPUT` for support settings naming
 *   services the partnership does not have (each problem at its path), and on `effectiveFrom` when it
 *   is not a financial year; `PERIOD_CLOSED` on `effectiveFrom` when a period of that year or a later
 *   one is closed
 * @example
 * const { terms } = await updateSettings(ctx, "3c", { fxRounding: "half-even", support }, 4, admin, {
 *   effectiveFrom: "2025/26",
 * });
 * terms?.awaiting; // every partner's approver, then 2025/26 on is charged with these settings
 */
export function updateSettings(
  ctx: StoreContext,
  id: string,
  settings: PartnershipSettings,
  expectedVersion: number | undefined,
  actor: Actor,
  options: SettingsWriteOptions = {},
): Promise<SettingsWrite> {
  return write<SettingsWrite>(ctx, id, actor, `partnership ${id}`, async (tx, at) => {
    const [before] = await tx.query<SettingsRow>(
      "SELECT id, name, currency, settings, version FROM partnerships WHERE id = $1 FOR UPDATE",
      [id],
    );
    if (before === undefined) throw new StoreError("NOT_FOUND", `no partnership ${JSON.stringify(id)}`);
    checkVersion(before.version, expectedVersion, `partnership ${id}`);
    const changed = contentHash(settings) !== contentHash(before.settings);
    if (changed) await checkSettings(tx, id, settings);
    const proposes = options.effectiveFrom !== undefined || (changed && !(await inSetUp(tx, id)));
    // Sent as stored, they change nothing: no write, no new version, no audit record (decision 195).
    if (!proposes && !changed) return { result: { partnership: before }, audit: undefined };
    if (!proposes) {
      const after: Partnership = { ...before, settings, version: before.version + 1 };
      await tx.query("UPDATE partnerships SET settings = $2, version = $3 WHERE id = $1", [
        id,
        JSON.stringify(settings),
        after.version,
      ]);
      return {
        result: { partnership: after },
        audit: { action: "partnership.settings", target: `partnerships/${id}`, before, after },
      };
    }
    return proposeSettings(tx, at, before, settings, actor, options.effectiveFrom);
  });
}

/** Keeps settings as a proposed terms version from a year that re-rates nothing closed. */
async function proposeSettings(
  tx: Queryable,
  at: string,
  partnership: Partnership,
  settings: PartnershipSettings,
  actor: Actor,
  given: string | undefined,
): Promise<WriteOutcome<SettingsWrite>> {
  const closed = await closedPeriods(tx, partnership.id);
  const effectiveFrom = given === undefined ? earliestTermsYear(closed) : termsYear(given);
  const shut = closedForTerms(closed, effectiveFrom);
  if (shut.length > 0)
    throw new StoreError(
      "PERIOD_CLOSED",
      "the settings would change what a closed period was charged; nothing was stored",
      shut,
    );
  const terms = await insertTerms(
    tx,
    partnership.id,
    SETTINGS_TERMS,
    settings,
    partnership.settings,
    effectiveFrom,
    actor,
    at,
  );
  return {
    result: { partnership, terms },
    audit: { action: "terms.propose", target: `terms/${terms.id}`, after: { effectiveFrom, body: settings } },
  };
}

/**
 * Refuses a consent to a settings version proposed over settings that have changed since (another
 * version took effect, or the admin set them while setting up): its partners would consent to undo
 * that change.
 *
 * @param tx - the consent's transaction
 * @param partnershipId - the partnership
 * @param proposal - the settings version
 * @returns the partnership's settings as stored now
 * @throws StoreError `INVALID_STATE` when stale
 */
export async function requireSettingsBase(
  tx: Queryable,
  partnershipId: string,
  proposal: TermsVersion,
): Promise<PartnershipSettings> {
  const [row] = await tx.query<{ settings: PartnershipSettings }>(
    "SELECT settings FROM partnerships WHERE id = $1 FOR UPDATE",
    [partnershipId],
  );
  const stored = row?.settings ?? {};
  if (contentHash(proposal.base ?? {}) !== contentHash(stored))
    throw new StoreError(
      "INVALID_STATE",
      `the partnership's settings have changed since terms version ${proposal.id} was proposed: it can no longer take effect; propose the settings again`,
    );
  return stored;
}

/**
 * Puts an agreed settings version into force, in the last consent's transaction: checked again
 * against the closed periods (one may have closed while consents were collected), stored as the
 * partnership's latest agreed settings, and recorded in the history of terms in force from the
 * version's year (the first activation first records the settings it replaces, from the beginning).
 *
 * @param tx - the consent's transaction
 * @param partnershipId - the partnership
 * @param proposal - the settings version
 * @param stored - the settings as stored now
 * @param at - when
 * @returns the settings before and the activation, for the audit record
 * @throws StoreError `INVALID_INPUT` when the support settings are no longer valid for the
 *   partnership's services; else `PERIOD_CLOSED` on `effectiveFrom`
 */
export async function activateSettings(
  tx: Queryable,
  partnershipId: string,
  proposal: TermsVersion,
  stored: PartnershipSettings,
  at: string,
): Promise<{ before: PartnershipSettings; after: unknown }> {
  const { effectiveFrom } = proposal;
  // Validation first, as for every write: settings no longer valid answer 422 whatever year they rate.
  await checkSettings(tx, partnershipId, proposal.body as PartnershipSettings);
  const shut = closedForTerms(await closedPeriods(tx, partnershipId), effectiveFrom);
  if (shut.length > 0)
    throw new StoreError(
      "PERIOD_CLOSED",
      `settings version ${proposal.id} would change what a closed period was charged; the consent was not recorded`,
      shut,
    );
  await tx.query("UPDATE partnerships SET settings = $2, version = version + 1 WHERE id = $1", [
    partnershipId,
    JSON.stringify(proposal.body),
  ]);
  await recordTermsInForce(tx, partnershipId, SETTINGS_TERMS, effectiveFrom, proposal.id, proposal.body, stored, at);
  return { before: stored, after: { termsVersion: proposal.id, effectiveFrom, body: proposal.body } };
}
