import { parseScenario, type ScenarioDocument } from "@3c/domain";
import type { Actor } from "./Actor.js";
import { contentHash } from "./audit/index.js";
import type { Queryable } from "./db/index.js";
import { closedPeriodOf, closedPeriods } from "./periods.js";
import { type StoreContext, write } from "./StoreContext.js";
import { type RowIssue, StoreError } from "./StoreError.js";
import { scenarioDocument } from "./scenarioDocument.js";

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
 * Reads every stored section of a partnership.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @returns the sections it has
 */
export async function getSections(q: Queryable, partnershipId: string): Promise<StoredSections> {
  const rows = await q.query<{ section: SectionName; body: unknown }>(
    "SELECT section, body FROM scenario_sections WHERE partnership_id = $1 ORDER BY section",
    [partnershipId],
  );
  return Object.fromEntries(rows.map((r) => [r.section, r.body])) as StoredSections;
}

const belongsTo = (path: string, section: string) =>
  path === section || path.startsWith(`${section}.`) || path.startsWith(`${section}[`);

/** The caller's checks of a section write, given the stored sections inside its transaction. */
export interface SectionWriteOptions {
  /** The parts the writer may not change, each with its path and why (403 `NOT_PERMITTED`). */
  readonly authorize?: (before: StoredSections) => readonly RowIssue[];
  /** The date ranges of the parts the write changes: any in a closed period is refused (`PERIOD_CLOSED`). */
  readonly dated?: (
    before: StoredSections,
  ) => readonly { readonly field: string; readonly span: { readonly start: string; readonly end: string } }[];
}

/**
 * Replaces one section of a partnership, whole, in one audited transaction. The section is checked
 * as part of the partnership's scenario document (its structure, active rules and every other stored
 * section) by the domain's `parseScenario`, so a KPI naming an unknown service, a measurement of an
 * unknown KPI or a savings baseline of an unknown partner is refused with its path. Sections that
 * refer to others are therefore written in order (KPIs before measurements, calendars and outages
 * before availability).
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param section - which section
 * @param body - its new value, exactly as in the scenario document
 * @param actor - who writes
 * @param options - the caller's checks, given the stored sections inside the write's transaction
 *   (so they judge what is really replaced): `authorize` answers the parts refused, `dated` the
 *   date ranges of the parts changed
 * @returns the section's name and content hash
 * @throws StoreError `NOT_FOUND` for an unknown partnership, `NOT_PERMITTED` with every part
 *   `authorize` refuses, `PERIOD_CLOSED` with every changed part dated in a closed period (both
 *   checked before validation), `INVALID_INPUT` with every problem
 */
export function putSection(
  ctx: StoreContext,
  partnershipId: string,
  section: SectionName,
  body: unknown,
  actor: Actor,
  options: SectionWriteOptions = {},
): Promise<{ section: SectionName; hash: string }> {
  return write(ctx, partnershipId, actor, `section ${section}`, async (tx, at) => {
    const before = await getSections(tx, partnershipId);
    const refused = options.authorize?.(before) ?? [];
    if (refused.length > 0)
      throw new StoreError(
        "NOT_PERMITTED",
        `this key may not change every part of the ${section} section; nothing was stored`,
        refused,
      );
    const spans = options.dated?.(before) ?? [];
    const closed = spans.length === 0 ? [] : await closedPeriods(tx, partnershipId);
    const shut = spans.flatMap(({ field, span }) => {
      const p = closedPeriodOf(closed, span);
      return p === undefined
        ? []
        : [{ field, message: `period ${p.name} is closed: its figures are not changed after closing` }];
    });
    if (shut.length > 0)
      throw new StoreError(
        "PERIOD_CLOSED",
        `the ${section} section changes figures of a closed period; nothing was stored`,
        shut,
      );
    const document = { ...(await structureDocument(tx, partnershipId)), ...before, [section]: body };
    const parsed = parseScenario(document);
    if (!parsed.ok) {
      const issues: RowIssue[] = parsed.issues
        .filter((i) => SECTION_NAMES.some((s) => belongsTo(i.path, s)))
        .map((i) => ({ field: i.path, message: i.message }));
      if (issues.length > 0)
        throw new StoreError("INVALID_INPUT", `the ${section} section is not valid; nothing was stored`, issues);
    }
    await tx.query(
      `INSERT INTO scenario_sections (partnership_id, section, body, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (partnership_id, section) DO UPDATE SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at`,
      [partnershipId, section, JSON.stringify(body), at],
    );
    const hash = contentHash(body) as string;
    return {
      result: { section, hash },
      audit: {
        action: "section.put",
        target: `sections/${section}`,
        ...(before[section] === undefined ? {} : { before: before[section] }),
        after: body,
      },
    };
  });
}

/** The partnership's structure and active rules, without figures: what sections are checked against. */
async function structureDocument(q: Queryable, partnershipId: string): Promise<ScenarioDocument> {
  const {
    costLines: _l,
    income: _i,
    drivers: _d,
    fx: _f,
    ...structure
  } = await scenarioDocument(q, partnershipId, "1900/01", "actual");
  return structure;
}

/**
 * Assembles the scenario document a year's reports run on: the stored figures of the year (as for
 * a run of the whole year) and every stored section.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param year - a financial year, e.g. `2024/25`
 * @returns the scenario document, for the domain's `loadScenario`
 * @throws StoreError `NOT_FOUND` for an unknown partnership; DomainError `INVALID_PERIOD` for a bad year
 */
export async function reportScenarioDocument(
  q: Queryable,
  partnershipId: string,
  year: string,
): Promise<ScenarioDocument> {
  const figures = await scenarioDocument(q, partnershipId, year, "actual");
  return { ...figures, ...(await getSections(q, partnershipId)) };
}
