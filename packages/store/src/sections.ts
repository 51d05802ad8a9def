import { parsePeriod, parseScenario, type ScenarioDocument } from "@3c/domain";
import type { Actor } from "./Actor.js";
import { contentHash } from "./audit/index.js";
import type { Queryable } from "./db/index.js";
import { measurementsOfMovedKpis } from "./measurementsOfMovedKpis.js";
import { outagesBeforeStartInNewZone } from "./outagesBeforeStartInNewZone.js";
import { closedPeriodOf, closedPeriods } from "./periods.js";
import { reservedIdProblem } from "./reservedIds.js";
import { rowsBeforeStart } from "./rowsBeforeStart.js";
import { type StoreContext, type WriteOutcome, write } from "./StoreContext.js";
import { type RowIssue, StoreError } from "./StoreError.js";
import { type ScenarioLeads, scenarioDocument } from "./scenarioDocument.js";
import { sectionsAmong } from "./sectionsAmong.js";
import { activateSettings, requireSettingsBase } from "./settings.js";
import { listServices, type Service } from "./structure.js";
import { insertTerms, listTerms, SETTINGS_TERMS, type TermsVersion } from "./terms.js";
import {
  closedForTerms,
  earliestTermsYear,
  listTermsRecords,
  recordTermsInForce,
  sectionsForYear,
  type TermsOverlay,
  type TermsRecord,
  termsYear,
} from "./termsInForce.js";
import { lockVersion, requireProposed } from "./versionEndings.js";

/**
 * The sections of the domain's scenario document that the store keeps whole, one value per
 * partnership, each validated by the domain's own schema and cross-checks.
 */
export const SECTION_NAMES = [
  "savings",
  "kpis",
  "measurements",
  "kpiScheme",
  "calendars",
  "outages",
  "outageCost",
  "availability",
  "budgets",
] as const;

/** A stored section's name, as in the scenario document and in URLs. */
export type SectionName = (typeof SECTION_NAMES)[number];

/** The stored sections of a partnership, by name: each exactly the scenario document's value. */
export type StoredSections = { readonly [K in SectionName]?: NonNullable<ScenarioDocument[K]> };

/**
 * Whether a string names a stored section.
 *
 * @param name - candidate
 * @returns true for one of {@link SECTION_NAMES}
 */
export function isSectionName(name: string): name is SectionName {
  return (SECTION_NAMES as readonly string[]).includes(name);
}

/**
 * The sections kept as rows, one per item (`scenario_section_items`, migration 14), each with the
 * field the domain's rules between its items read: a measurement's KPI (periods of one KPI and
 * partner may not overlap), an outage's id (given once). They are the ones fed an item at a time.
 */
export const ROW_SECTIONS: Readonly<Partial<Record<SectionName, string>>> = { measurements: "kpi", outages: "id" };

const rowSections = Object.keys(ROW_SECTIONS)
  .map((s) => `'${s}'`)
  .join(", ");

/**
 * The SQL of a stored section's value: a section kept as rows is assembled from them, in order.
 *
 * @param s - the alias of `scenario_sections` in the query
 * @returns an SQL expression
 */
export function sectionBodySql(s: string): string {
  return `CASE WHEN ${s}.section IN (${rowSections}) AND jsonb_typeof(${s}.body) = 'array'
    THEN COALESCE((SELECT jsonb_agg(i.item ORDER BY i.position) FROM scenario_section_items i
      WHERE i.partnership_id = ${s}.partnership_id AND i.section = ${s}.section), '[]'::jsonb)
    ELSE ${s}.body END`;
}

/**
 * Reads every stored section of a partnership.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @returns the sections it has
 */
export async function getSections(q: Queryable, partnershipId: string): Promise<StoredSections> {
  const rows = await q.query<{ section: SectionName; body: unknown }>(
    `SELECT s.section, ${sectionBodySql("s")} AS body FROM scenario_sections s WHERE s.partnership_id = $1 ORDER BY s.section`,
    [partnershipId],
  );
  return Object.fromEntries(rows.map((r) => [r.section, r.body])) as StoredSections;
}

const belongsTo = (path: string, section: string) =>
  path === section || path.startsWith(`${section}.`) || path.startsWith(`${section}[`);

/**
 * The date ranges of the parts a section write changes, given the stored sections, the
 * partnership's services (with their starts: a service's KPIs and calendar are in the reports of
 * the years it is in) and the history of its partnership-wide terms, every section's (a year's
 * reports read the terms in force then, e.g. availability's `loggedFrom`). A part may say what the
 * writer can do instead (`hint`), added to the refusal.
 */
export type SectionSpans = (
  before: StoredSections,
  services: readonly Service[],
  terms: readonly TermsRecord[],
) => readonly {
  readonly field: string;
  readonly span: { readonly start: string; readonly end: string };
  readonly hint?: string;
}[];

/** The caller's checks of a section write, given the stored sections inside its transaction. */
export interface SectionWriteOptions {
  /**
   * The parts the writer may not change, each with its path and why (403 `NOT_PERMITTED`); also
   * given the services as read in the write's transaction, each with today's lead and its hand-overs.
   */
  readonly authorize?: (before: StoredSections, services: readonly Service[]) => readonly RowIssue[];
  /** The date ranges of the parts the write changes: any in a closed period is refused (`PERIOD_CLOSED`). */
  readonly dated?: SectionSpans;
  /**
   * Whether the write changes partnership-wide terms that need every partner's consent: then it is
   * checked as a write would be, but kept as a proposed {@link TermsVersion} and the section is not
   * changed until an approver of every partner consents ({@link consentTerms}).
   */
  readonly needsConsent?: (before: StoredSections) => boolean;
  /**
   * The first financial year the partnership-wide terms a write proposes rate once active, e.g.
   * `2025/26` (default: the year after the last one with a closed period, or from the beginning
   * when none is closed). Refused (`PERIOD_CLOSED`) when a period of that year or a later one is
   * closed, and (`INVALID_INPUT`) on a write that proposes no terms.
   */
  readonly effectiveFrom?: string;
}

/** What a section write did: the section's new content hash, or the terms version it proposed. */
export interface SectionWrite {
  readonly section: SectionName;
  /** The content hash of the section as sent. */
  readonly hash: string;
  /** Set when the write proposed terms that wait for consent: the section is unchanged so far. */
  readonly terms?: TermsVersion;
}

/**
 * Refuses a section body that the domain finds invalid in the partnership's scenario document
 * (structure, active rules, every other stored section), with the store's own rules of sections (a
 * row dated before its service takes part, a new KPI code that may not be created...). It runs
 * before any rule that reads the body's parts (who may change them, their dates), so those judge a
 * valid section only, and an invalid write answers 422 whatever period it touches.
 */
async function validateSection(
  tx: Queryable,
  partnershipId: string,
  section: SectionName,
  body: unknown,
  before: StoredSections,
): Promise<void> {
  const document = { ...(await structureDocument(tx, partnershipId)), ...before, [section]: body };
  const parsed = parseScenario(document);
  const services = await listServices(tx, partnershipId);
  const issues: RowIssue[] = [
    ...(parsed.ok ? [] : parsed.issues)
      .filter((i) => SECTION_NAMES.some((s) => belongsTo(i.path, s)))
      .map((i) => ({ field: i.path, message: i.message })),
    ...rowsBeforeStart(section, document, services),
    ...(section === "calendars" ? outagesBeforeStartInNewZone(before, document, services) : []),
    ...(section === "kpis" ? newKpiCodeProblems(before.kpis, body) : []),
    ...(section === "kpis" ? measurementsOfMovedKpis(before, document, services) : []),
  ];
  if (issues.length > 0)
    throw new StoreError("INVALID_INPUT", `the ${section} section is not valid; nothing was stored`, issues);
}

/**
 * Refuses a valid section write that changes figures of a closed period: a changed part dated in
 * one, or proposed terms rating a year with a closed period.
 */
async function refuseClosed(
  tx: Queryable,
  partnershipId: string,
  section: SectionName,
  spans: ReturnType<SectionSpans>,
  termsFrom?: { readonly effectiveFrom: string | null },
): Promise<void> {
  const closed = spans.length === 0 && termsFrom === undefined ? [] : await closedPeriods(tx, partnershipId);
  const shut = [
    ...(termsFrom === undefined ? [] : closedForTerms(closed, termsFrom.effectiveFrom)),
    ...spans.flatMap(({ field, span, hint }) => {
      const p = closedPeriodOf(closed, span);
      const instead = hint === undefined ? "" : `; ${hint}`;
      return p === undefined
        ? []
        : [{ field, message: `period ${p.name} is closed: its figures are not changed after closing${instead}` }];
    }),
  ];
  if (shut.length > 0)
    throw new StoreError(
      "PERIOD_CLOSED",
      `the ${section} section changes figures of a closed period; nothing was stored`,
      shut,
    );
}

/** The KPIs a write adds (codes not stored before) whose codes may not be created, each at its `code`. */
function newKpiCodeProblems(stored: StoredSections["kpis"], body: unknown): RowIssue[] {
  if (!Array.isArray(body)) return [];
  const known = new Set((stored ?? []).map((k) => k.code));
  return body.flatMap((k: unknown, i) => {
    const code = typeof k === "object" && k !== null ? (k as { code?: unknown }).code : undefined;
    const problem = typeof code !== "string" || known.has(code) ? undefined : reservedIdProblem("KPI", code);
    return problem === undefined ? [] : [{ field: `kpis[${i}].code`, message: problem }];
  });
}

async function storeSection(tx: Queryable, partnershipId: string, section: SectionName, body: unknown, at: string) {
  // A section kept as rows stores `[]` as its body and each item as a row.
  const rows = ROW_SECTIONS[section] !== undefined && Array.isArray(body);
  await tx.query(
    `INSERT INTO scenario_sections (partnership_id, section, body, updated_at, item_count) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (partnership_id, section)
     DO UPDATE SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at, item_count = EXCLUDED.item_count`,
    [partnershipId, section, rows ? "[]" : JSON.stringify(body), at, rows ? (body as readonly unknown[]).length : 0],
  );
  await tx.query("DELETE FROM scenario_section_items WHERE partnership_id = $1 AND section = $2", [
    partnershipId,
    section,
  ]);
  if (rows) await insertItems(tx, partnershipId, section, body as readonly unknown[], 0);
}

/** Inserts items of a section kept as rows, the first at `from`, with each one's neighbour field. */
async function insertItems(
  tx: Queryable,
  partnershipId: string,
  section: SectionName,
  items: readonly unknown[],
  from: number,
) {
  if (items.length === 0) return;
  await tx.query(
    `INSERT INTO scenario_section_items (partnership_id, section, position, neighbour, item)
     SELECT $1::text, $2::text, $3::int + (x.ord - 1)::int, x.item ->> $4::text, x.item
     FROM jsonb_array_elements($5::jsonb) WITH ORDINALITY AS x(item, ord)`,
    [partnershipId, section, from, ROW_SECTIONS[section] ?? null, JSON.stringify(items)],
  );
}

/**
 * Appends items to a stored section kept as rows ({@link ROW_SECTIONS}), as rows, without reading
 * or printing the section: what an append costs is the items'.
 *
 * @param tx - the write's transaction
 * @param partnershipId - the partnership
 * @param section - a section kept as rows, stored
 * @param items - the items, as they are stored
 * @param from - the first item's position: after the last stored one (positions may have gaps, so
 *   not necessarily the section's length)
 * @param at - the write's instant
 */
export async function appendToSection(
  tx: Queryable,
  partnershipId: string,
  section: SectionName,
  items: readonly unknown[],
  from: number,
  at: string,
): Promise<void> {
  await insertItems(tx, partnershipId, section, items, from);
  await tx.query(
    `UPDATE scenario_sections SET updated_at = $3, item_count = item_count + $4::int
     WHERE partnership_id = $1 AND section = $2`,
    [partnershipId, section, at, items.length],
  );
}

/**
 * Replaces or removes one item of a stored section kept as rows ({@link ROW_SECTIONS}), by its
 * position, without reading or printing the section: one row updated, or one deleted. No other row
 * changes, so a removal leaves a gap in the positions: the section's order is still theirs, and an
 * item's index in the section is the count of rows before it (the section's `item_count`, migration
 * 18, says how many there are).
 *
 * @param tx - the write's transaction
 * @param partnershipId - the partnership
 * @param section - a section kept as rows, stored
 * @param position - the item's position
 * @param item - its new value, or undefined to remove it
 * @param at - the write's instant
 */
export async function replaceSectionRow(
  tx: Queryable,
  partnershipId: string,
  section: SectionName,
  position: number,
  item: unknown,
  at: string,
): Promise<void> {
  const where = "partnership_id = $1 AND section = $2";
  if (item === undefined) {
    // The later rows keep their positions: the section's order is theirs, gaps and all.
    await tx.query(`DELETE FROM scenario_section_items WHERE ${where} AND position = $3`, [
      partnershipId,
      section,
      position,
    ]);
  } else
    await tx.query(
      `UPDATE scenario_section_items SET item = $4::jsonb, neighbour = $4::jsonb ->> $5::text
       WHERE ${where} AND position = $3`,
      [partnershipId, section, position, JSON.stringify(item), ROW_SECTIONS[section] ?? null],
    );
  await tx.query(`UPDATE scenario_sections SET updated_at = $3, item_count = item_count - $4::int WHERE ${where}`, [
    partnershipId,
    section,
    at,
    item === undefined ? 1 : 0,
  ]);
}

/**
 * Replaces one section of a partnership, whole, in one audited transaction. The section is checked
 * as part of the partnership's scenario document (its structure, active rules and every other stored
 * section) by the domain's `parseScenario`, so a KPI naming an unknown service, a measurement of an
 * unknown KPI or a savings baseline of an unknown partner is refused with its path. Sections that
 * refer to others are therefore written in order (KPIs before measurements, calendars and outages
 * before availability). A write that changes partnership-wide terms (as `needsConsent` judges) is
 * checked the same way, then kept as a proposed terms version instead, to take effect from the
 * financial year `effectiveFrom` (see {@link SectionWriteOptions}).
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param section - which section
 * @param body - its new value, exactly as in the scenario document
 * @param actor - who writes
 * @param options - the caller's checks, given the stored sections inside the write's transaction
 *   (so they judge what is really replaced): `authorize` answers the parts refused, `dated` the
 *   date ranges of the parts changed, `needsConsent` whether the write waits for every partner;
 *   `effectiveFrom` the first year proposed terms rate
 * @returns the section's name and content hash, and the terms version when one was proposed
 * @throws StoreError, the first that applies, in this order: `NOT_FOUND` for an unknown
 *   partnership; `INVALID_INPUT` with every problem of the section, and on `effectiveFrom` when it
 *   is not a financial year or the write proposes no terms; `NOT_PERMITTED` with every part
 *   `authorize` refuses; `PERIOD_CLOSED` with every changed part dated in a closed period and, for
 *   proposed terms, on `effectiveFrom` when a period of that year or later is closed. So the rules
 *   that read the body's parts (`authorize`, `dated`, `needsConsent`) are given a valid section only
 */
export function putSection(
  ctx: StoreContext,
  partnershipId: string,
  section: SectionName,
  body: unknown,
  actor: Actor,
  options: SectionWriteOptions = {},
): Promise<SectionWrite> {
  return write<SectionWrite>(ctx, partnershipId, actor, `section ${section}`, async (tx, at) =>
    writeSection(tx, at, partnershipId, section, body, await getSections(tx, partnershipId), actor, options),
  );
}

/**
 * The checks of a section write inside its transaction, without storing anything, in this order:
 * the domain's validation, whether it proposes terms (and from which year), the caller's
 * entitlement check, closed periods. {@link writeSection} runs them before it stores; an append of items to a
 * large section (`addSectionItems`) runs them over the section's window (the stored items the new
 * ones could clash with, and the new ones) before it appends.
 *
 * @param tx - the write's transaction
 * @param at - the write's instant
 * @param partnershipId - the partnership
 * @param section - which section
 * @param body - its new value
 * @param before - the stored sections, read in `tx`
 * @param options - the caller's checks, as for {@link putSection}
 * @returns whether the write proposes terms, and the first year they would rate (null when not)
 * @throws StoreError as {@link putSection}
 */
export async function checkSectionWrite(
  tx: Queryable,
  at: string,
  partnershipId: string,
  section: SectionName,
  body: unknown,
  before: StoredSections,
  options: SectionWriteOptions,
): Promise<{ readonly proposes: boolean; readonly effectiveFrom: string | null }> {
  // Validation first: the caller's rules below read the body's parts, and judge a valid one only.
  await validateSection(tx, partnershipId, section, body, before);
  const proposes = options.needsConsent?.(before) === true;
  if (!proposes && options.effectiveFrom !== undefined)
    throw new StoreError(
      "INVALID_INPUT",
      `this write of the ${section} section changes no partnership-wide terms, so it has no effectiveFrom; nothing was stored`,
      [{ field: "effectiveFrom", message: "dates partnership-wide terms only; this write changes none" }],
    );
  const effectiveFrom = proposes
    ? options.effectiveFrom === undefined
      ? earliestTermsYear(await closedPeriods(tx, partnershipId))
      : termsYear(options.effectiveFrom)
    : null;
  const services =
    options.authorize === undefined && options.dated === undefined
      ? []
      : await listServices(tx, partnershipId, at.slice(0, 10));
  const refused = options.authorize === undefined ? [] : options.authorize(before, services);
  if (refused.length > 0)
    throw new StoreError(
      "NOT_PERMITTED",
      `this key may not change every part of the ${section} section; nothing was stored`,
      refused,
    );
  await refuseClosed(
    tx,
    partnershipId,
    section,
    options.dated === undefined ? [] : options.dated(before, services, await listTermsRecords(tx, partnershipId)),
    proposes ? { effectiveFrom } : undefined,
  );
  return { proposes, effectiveFrom };
}

/**
 * The work of a section write inside its transaction, given the stored sections read under the
 * write's lock: the domain's validation, the caller's checks, closed periods, then the section (or
 * a proposed terms version) stored, with its audit record. {@link putSection} and the section items'
 * writes (`addSectionItems`) share it, so both are checked, stored and audited alike.
 *
 * @param tx - the write's transaction
 * @param at - the write's instant
 * @param partnershipId - the partnership
 * @param section - which section
 * @param body - its new value
 * @param before - the stored sections, read in `tx`
 * @param actor - who writes
 * @param options - the caller's checks, as for {@link putSection}
 * @returns the result and the audit record, for `write`
 * @throws StoreError as {@link putSection}
 */
export async function writeSection(
  tx: Queryable,
  at: string,
  partnershipId: string,
  section: SectionName,
  body: unknown,
  before: StoredSections,
  actor: Actor,
  options: SectionWriteOptions,
): Promise<WriteOutcome<SectionWrite>> {
  const { proposes, effectiveFrom } = await checkSectionWrite(tx, at, partnershipId, section, body, before, options);
  const hash = contentHash(body) as string;
  if (proposes) {
    const terms = await insertTerms(tx, partnershipId, section, body, before[section], effectiveFrom, actor, at);
    return {
      result: { section, hash, terms },
      audit: { action: "terms.propose", target: `terms/${terms.id}`, after: { effectiveFrom, body } },
    };
  }
  // The section sent as stored changes nothing: nothing is written and nothing audited, so a client
  // that sends its whole section again (a feed, a retry) leaves the log and the reports' data state as they were.
  if (before[section] !== undefined && contentHash(before[section]) === hash)
    return { result: { section, hash }, audit: undefined };
  await storeSection(tx, partnershipId, section, body, at);
  return {
    result: { section, hash },
    audit: {
      action: "section.put",
      target: `sections/${section}`,
      ...(before[section] === undefined ? {} : { before: before[section] }),
      after: body,
    },
  };
}

/** How the terms a version proposed are written into the section when the last partner consents. */
export interface TermsActivation {
  /** The section to store: the proposed terms over what is stored now (service parts may have changed since). */
  readonly apply: (section: SectionName, proposed: unknown, stored: unknown) => unknown;
  /** The date ranges of the parts the activation changes, for the closed-period check. */
  readonly dated?: (section: SectionName, body: unknown) => SectionSpans;
  /**
   * A section's partnership-wide terms, comparable as canonical JSON: when those of the section as
   * stored now differ from those of the version's base, another version changed them meanwhile and
   * this one is stale (what its partners consent to would undo that change).
   */
  readonly termsOf?: (section: SectionName, body: unknown) => unknown;
}

/**
 * Records the consent of the actor's partner to a proposed terms version. When it is the last
 * partner awaited, the proposed terms are written into the section (through `apply`, over the
 * section as stored then), checked as any section write is, recorded in the history of terms in
 * force from the version's `effectiveFrom`, and the version becomes active: one transaction, so a
 * consent that would activate invalid terms, or terms that would re-rate a period closed since the
 * proposal, is not recorded either. A version of the partnership's settings (section `settings`,
 * see `updateSettings`) is stale once the stored settings differ from its base, and takes effect
 * whole (`activation` is not used for it).
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param id - the terms version
 * @param actor - an approver of a partner
 * @param activation - how the terms enter the section, and their dates
 * @returns the terms version after the consent
 * @throws StoreError `NOT_FOUND`; `INVALID_STATE` when already active, declined or withdrawn, this
 *   partner already consented, or the version is stale (its base's terms differ from the stored section's, as
 *   `termsOf` reads them); on activation `PERIOD_CLOSED` (a changed dated part, or `effectiveFrom`)
 *   or `INVALID_INPUT` as {@link putSection}
 */
export function consentTerms(
  ctx: StoreContext,
  partnershipId: string,
  id: string,
  actor: Actor,
  activation: TermsActivation,
): Promise<TermsVersion> {
  return write(ctx, partnershipId, actor, `consent to terms ${id}`, async (tx, at) => {
    requireProposed("terms", id, (await lockVersion(tx, "terms", partnershipId, id)).status);
    const [proposal] = (await listTerms(tx, partnershipId, id)) as [TermsVersion];
    if (proposal.consents.some((c) => c.partner === actor.partner))
      throw new StoreError("INVALID_STATE", `${actor.partner} has already consented to terms version ${id}`);
    const last = proposal.awaiting.length === 1 && proposal.awaiting[0] === actor.partner;
    let activated: { target: string; before?: unknown; after: unknown } | undefined;
    if (proposal.section === SETTINGS_TERMS) {
      // The partnership's settings: terms whole, no service's part, nothing dated but the year.
      const stored = await requireSettingsBase(tx, partnershipId, proposal);
      await insertConsent(tx, partnershipId, id, actor, at);
      if (last)
        activated = {
          target: `partnerships/${partnershipId}`,
          ...(await activateSettings(tx, partnershipId, proposal, stored, at)),
        };
    } else {
      const section = proposal.section;
      const before = await getSections(tx, partnershipId);
      const terms = (body: unknown) =>
        body === undefined || body === null ? null : contentHash(activation.termsOf?.(section, body) ?? null);
      if (activation.termsOf !== undefined && terms(proposal.base) !== terms(before[section]))
        throw new StoreError(
          "INVALID_STATE",
          `the partnership-wide terms of the ${section} section have changed since terms version ${id} was proposed (another version took effect): it can no longer take effect; propose the terms again`,
        );
      await insertConsent(tx, partnershipId, id, actor, at);
      if (last) {
        const body = activation.apply(section, proposal.body, before[section]);
        await validateSection(tx, partnershipId, section, body, before);
        const spans =
          activation.dated === undefined
            ? []
            : activation.dated(section, body)(
                before,
                await listServices(tx, partnershipId),
                await listTermsRecords(tx, partnershipId),
              );
        const { effectiveFrom } = proposal;
        await refuseClosed(tx, partnershipId, section, spans, { effectiveFrom });
        await storeSection(tx, partnershipId, section, body, at);
        await recordTermsInForce(tx, partnershipId, section, effectiveFrom, id, body, before[section], at);
        activated = {
          target: `sections/${section}`,
          ...(before[section] === undefined ? {} : { before: before[section] }),
          after: { termsVersion: id, effectiveFrom, body },
        };
      }
    }
    await tx.query(
      `UPDATE term_versions SET version = version + 1${last ? ", status = 'active', activated_at = $3" : ""} WHERE partnership_id = $1 AND id = $2`,
      last ? [partnershipId, id, at] : [partnershipId, id],
    );
    const [after] = await listTerms(tx, partnershipId, id);
    return {
      result: after as TermsVersion,
      audit:
        activated === undefined
          ? {
              action: "terms.consent",
              target: `terms/${id}`,
              before: { id, status: proposal.status, consents: proposal.consents },
              after: { id, status: after?.status, consents: after?.consents },
            }
          : { action: "terms.activate", ...activated },
    };
  });
}

/** Records an approver's consent, for its partner, to a terms version. */
async function insertConsent(tx: Queryable, partnershipId: string, id: string, actor: Actor, at: string) {
  await tx.query(
    "INSERT INTO term_consents (partnership_id, term_id, partner_id, key_id, actor, consented_at) VALUES ($1, $2, $3, $4, $5, $6)",
    [partnershipId, id, actor.partner, actor.keyId, actor.name, at],
  );
}

/** The partnership's structure and active rules, without figures: what sections are checked against. */
async function structureDocument(q: Queryable, partnershipId: string): Promise<ScenarioDocument> {
  const {
    costLines: _l,
    income: _i,
    drivers: _d,
    fx: _f,
    ...structure
  } = await scenarioDocument(q, partnershipId, "1900/01", "actual", "latest");
  return structure;
}

/**
 * Assembles the scenario document a year's reports run on: the stored figures of the year (as for
 * a run of the whole year) and every stored section, each with the partnership-wide terms in force
 * for the year (see {@link sectionsForYear}), so a closed year keeps the terms it was reported under.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param year - a financial year, e.g. `2024/25`
 * @param overlay - how terms in force are laid over a stored section (the caller knows which parts are terms)
 * @param leads - which lead each service has (default: the lead at the year's start with the
 *   hand-overs inside it; `period-end` for reports the lead does not change)
 * @returns the scenario document, for the domain's `loadScenario`
 * @throws StoreError `NOT_FOUND` for an unknown partnership; DomainError `INVALID_PERIOD` for a bad year
 */
export async function reportScenarioDocument(
  q: Queryable,
  partnershipId: string,
  year: string,
  overlay: TermsOverlay,
  leads: ScenarioLeads = "period",
): Promise<ScenarioDocument> {
  const figures = await scenarioDocument(q, partnershipId, year, "actual", leads);
  const name = parsePeriod(year).name;
  const sections = await sectionsForYear(q, partnershipId, await getSections(q, partnershipId), name, overlay);
  // The parts of a service or pool that takes part only from a later year leave with it (none of
  // them is dated before its start).
  const among = {
    services: new Set(figures.services.map((s) => s.id)),
    pools: new Set(figures.services.flatMap((s) => s.pools.map((p) => `${s.id}\u0000${p.id}`))),
  };
  return { ...figures, ...sectionsAmong(sections, among) };
}
