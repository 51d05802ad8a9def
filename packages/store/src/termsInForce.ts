import { addDays, parseDate, parsePeriod, periodOf, shiftPeriod } from "@3c/domain";
import type { Queryable } from "./db/index.js";
import { lastClosedEnd, type Period } from "./periods.js";
import { type RowIssue, StoreError } from "./StoreError.js";
import type { SectionName, StoredSections } from "./sections.js";
import { SETTINGS_TERMS, type TermsSubject } from "./terms.js";

/**
 * One activation of a section's partnership-wide terms, as recorded in the history: from its year
 * (null: from the beginning) until an activation recorded after it, from the same or an earlier
 * year, takes over.
 */
export interface TermsRecord {
  /** The section, or `settings` for the partnership's settings. */
  readonly section: TermsSubject;
  /** Its place in the section's history: the order of activation, 1 first. */
  readonly seq: number;
  /** The first financial year it rates, e.g. `2025/26`; null: from the beginning. */
  readonly effectiveFrom: string | null;
  /** The terms version that took effect; null for the terms stored before any version. */
  readonly termsVersion: string | null;
  /** The section as activated (only its partnership-wide terms are read from it); null: no section. */
  readonly body: unknown;
  readonly recordedAt: string;
}

/** A stretch of financial years over which one recorded activation's terms are in force. */
export interface TermsInForce {
  /** The section, or `settings` for the partnership's settings. */
  readonly section: TermsSubject;
  /** The first year, e.g. `2024/25`; null: from the beginning. */
  readonly effectiveFrom: string | null;
  /** The first year after the stretch; null: still in force. */
  readonly until: string | null;
  /** The terms version in force; null for the terms stored before any version. */
  readonly termsVersion: string | null;
  /** When the version took effect (its last consent); null for the terms stored before any version. */
  readonly agreedAt: string | null;
}

/**
 * Lays terms in force over a section as stored: the partnership-wide terms from `inForce`, every
 * service's part from `stored` (as the section's writers left it).
 */
export type TermsOverlay = (section: SectionName, inForce: unknown, stored: unknown) => unknown;

/** Whether a record from `from` rates `year`: from the beginning rates every year. */
const startsBy = (from: string | null, year: string) => from === null || from <= year;

/**
 * The record whose terms are in force for a year: of the records with `effectiveFrom` on or before
 * it, the one activated last.
 *
 * @param records - one section's history, in any order
 * @param year - a financial year, e.g. `2024/25`
 * @returns the record in force, or undefined when none rates the year (then none exists at all:
 *   the first record of a history is from the beginning)
 * @example
 * termsRecordFor([{ seq: 1, effectiveFrom: null, ... }, { seq: 2, effectiveFrom: "2025/26", ... }], "2024/25");
 * // the record with seq 1
 */
export function termsRecordFor(records: readonly TermsRecord[], year: string): TermsRecord | undefined {
  let found: TermsRecord | undefined;
  for (const r of records) if (startsBy(r.effectiveFrom, year) && (found === undefined || r.seq > found.seq)) found = r;
  return found;
}

/**
 * A section's history as stretches of years, oldest first: each activation is in force from its
 * year on, cutting short every stretch from that year or later.
 *
 * @param records - one section's history, in any order
 * @returns the stretches in force, contiguous from the earliest, the last one open
 */
export function termsTimeline(records: readonly TermsRecord[]): TermsInForce[] {
  let stretches: TermsInForce[] = [];
  for (const r of [...records].sort((a, b) => a.seq - b.seq)) {
    const from = r.effectiveFrom;
    stretches = stretches.filter((s) => from !== null && (s.effectiveFrom === null || s.effectiveFrom < from));
    const last = stretches.at(-1);
    if (last !== undefined) stretches[stretches.length - 1] = { ...last, until: from };
    stretches.push({
      section: r.section,
      effectiveFrom: from,
      until: null,
      termsVersion: r.termsVersion,
      agreedAt: r.termsVersion === null ? null : r.recordedAt,
    });
  }
  return stretches;
}

/**
 * The earliest year terms may take effect from, given the closed periods: the year after the last
 * one with a closed period, since a closed period's figures are not changed after closing.
 *
 * @param closed - the closed periods
 * @returns the first financial year starting on or after the end of every closed period, or null
 *   (from the beginning) when none is closed
 */
export function earliestTermsYear(closed: readonly Pick<Period, "end">[]): string | null {
  const end = lastClosedEnd(closed);
  if (end === undefined) return null;
  return shiftPeriod(periodOf(addDays(parseDate(end), -1), "year"), 1).name;
}

/**
 * Reads the year terms take effect from.
 *
 * @param text - a financial year, `2025/26` or `2025-26`
 * @param field - where it was given, for the error
 * @returns its name, e.g. `2025/26`
 * @throws StoreError `INVALID_INPUT` on `field` for anything but a financial year
 */
export function termsYear(text: string, field = "effectiveFrom"): string {
  const name = text.replace(/^(\d{4})-(\d{2})$/, "$1/$2");
  let year: string | undefined;
  try {
    const p = parsePeriod(name, field);
    if (p.kind === "year") year = p.name;
  } catch {
    year = undefined;
  }
  if (year === undefined)
    throw new StoreError("INVALID_INPUT", `${field} ${JSON.stringify(text)} is not a financial year`, [
      { field, message: "expected a financial year such as 2025/26" },
    ]);
  return year;
}

/**
 * Refuses terms from a year when a period of that year or a later one is closed: they would re-rate
 * its figures.
 *
 * @param closed - the closed periods
 * @param effectiveFrom - the first year the terms rate (null: from the beginning)
 * @returns one issue on `effectiveFrom` naming the closed periods concerned, or none
 */
export function closedForTerms(closed: readonly Period[], effectiveFrom: string | null): RowIssue[] {
  const start = effectiveFrom === null ? undefined : parsePeriod(effectiveFrom).start;
  const shut = closed.filter((p) => start === undefined || p.end > start).map((p) => p.name);
  if (shut.length === 0) return [];
  const earliest = earliestTermsYear(closed);
  return [
    {
      field: "effectiveFrom",
      message: `terms ${effectiveFrom === null ? "from the beginning" : `from ${effectiveFrom}`} would re-rate closed period${
        shut.length === 1 ? "" : "s"
      } ${[...shut].sort().join(", ")}: a closed period keeps the terms it was reported under; take effect from ${earliest} or later`,
    },
  ];
}

interface RecordRow {
  section: TermsSubject;
  seq: number;
  effective_from: string | null;
  term_id: string | null;
  body: unknown;
  recorded_at: string;
}

/**
 * Reads the history of terms in force of a partnership's sections.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param section - only this section's (or the settings'), if given
 * @returns the records, by section and in the order activated
 */
export async function listTermsRecords(
  q: Queryable,
  partnershipId: string,
  section?: TermsSubject,
): Promise<TermsRecord[]> {
  const rows = await q.query<RecordRow>(
    `SELECT section, seq, effective_from, term_id, body, recorded_at FROM terms_in_force WHERE partnership_id = $1${
      section === undefined ? "" : " AND section = $2"
    } ORDER BY section, seq`,
    section === undefined ? [partnershipId] : [partnershipId, section],
  );
  return rows.map((r) => ({
    section: r.section,
    seq: Number(r.seq),
    effectiveFrom: r.effective_from,
    termsVersion: r.term_id,
    body: r.body,
    recordedAt: r.recorded_at,
  }));
}

/**
 * Records, in the activation's transaction, that a terms version's section is in force from its
 * year. A section's first activation first records the terms it replaces (`before`: the section as
 * first written, or none) as in force from the beginning, so the years before keep them.
 *
 * @param tx - the open transaction
 * @param partnershipId - the partnership
 * @param section - the section, or `settings`
 * @param effectiveFrom - the version's first year (null: from the beginning)
 * @param termsVersion - the version's id
 * @param body - the section (or settings) as activated
 * @param before - the section (or settings) as stored before the activation, if any
 * @param at - when
 * @returns the records appended
 */
export async function recordTermsInForce(
  tx: Queryable,
  partnershipId: string,
  section: TermsSubject,
  effectiveFrom: string | null,
  termsVersion: string,
  body: unknown,
  before: unknown,
  at: string,
): Promise<void> {
  const [last] = await tx.query<{ seq: number | null }>(
    "SELECT MAX(seq) AS seq FROM terms_in_force WHERE partnership_id = $1 AND section = $2",
    [partnershipId, section],
  );
  let seq = Number(last?.seq ?? 0);
  const insert = (from: string | null, id: string | null, value: unknown) =>
    tx.query(
      "INSERT INTO terms_in_force (partnership_id, section, seq, effective_from, term_id, body, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      [partnershipId, section, ++seq, from, id, value === undefined ? null : JSON.stringify(value), at],
    );
  if (seq === 0) await insert(null, null, before);
  await insert(effectiveFrom, termsVersion, body);
}

/**
 * The sections as a financial year's reports read them: each section with a history of terms has
 * the terms in force for the year laid over it as stored (through `overlay`), or is absent when the
 * terms in force are those of no section; a section without a history is as stored.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param stored - its stored sections
 * @param year - a financial year, e.g. `2024/25`
 * @param overlay - how terms are laid over a stored section
 * @returns the sections for the year
 */
export async function sectionsForYear(
  q: Queryable,
  partnershipId: string,
  stored: StoredSections,
  year: string,
  overlay: TermsOverlay,
): Promise<StoredSections> {
  const records = await listTermsRecords(q, partnershipId);
  const out: Record<string, unknown> = { ...stored };
  // The settings' history is read by the scenario itself (`settingsForYear`), not as a section.
  const sections = records.map((r) => r.section).filter((s): s is SectionName => s !== SETTINGS_TERMS);
  for (const section of new Set(sections)) {
    const inForce = termsRecordFor(
      records.filter((r) => r.section === section),
      year,
    );
    if (inForce === undefined) continue;
    if (inForce.body === null || inForce.body === undefined || stored[section] === undefined) delete out[section];
    else out[section] = overlay(section, inForce.body, stored[section]);
  }
  return out as StoredSections;
}

/** One section as one financial year's reports read it, with the record of the terms in force. */
export interface SectionForYear {
  readonly year: string;
  /** The section as the year's reports read it (see {@link sectionsForYear}); undefined: none that year. */
  readonly body: unknown;
  /** The record whose terms are in force for the year; undefined when the section has no history of terms (its stored terms rate every year). */
  readonly record?: TermsRecord;
}

/**
 * One section as each of several financial years' reports read it, from one read of its history
 * and of the stored section: what a report covering several years needs to rate each year by the
 * terms in force then.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param section - the section
 * @param stored - its stored sections
 * @param years - financial years, e.g. `2024/25`
 * @param overlay - how terms are laid over a stored section
 * @returns for each year, in the order given, the section and the record in force
 */
export async function sectionByYear(
  q: Queryable,
  partnershipId: string,
  section: SectionName,
  stored: StoredSections,
  years: readonly string[],
  overlay: TermsOverlay,
): Promise<SectionForYear[]> {
  const records = await listTermsRecords(q, partnershipId, section);
  return years.map((year) => {
    const record = termsRecordFor(records, year);
    if (record === undefined) return { year, body: stored[section] };
    const none = record.body === null || record.body === undefined || stored[section] === undefined;
    return { year, body: none ? undefined : overlay(section, record.body, stored[section]), record };
  });
}

/**
 * What terms are in force, and from when, for every section (and the settings) with a history of terms. The years
 * before a section's first terms, when it had none (its first record holds no section), are not
 * listed: its first stretch then starts with its first version's year.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @returns each section's stretches (see {@link termsTimeline}), by section
 */
export async function listTermsInForce(q: Queryable, partnershipId: string): Promise<TermsInForce[]> {
  const records = await listTermsRecords(q, partnershipId);
  const sections = [...new Set(records.map((r) => r.section))];
  return sections.flatMap((s) => {
    const own = records.filter((r) => r.section === s);
    // Only the first record has no version; its body is null when the section did not exist.
    const none = own.some((r) => r.termsVersion === null && (r.body === null || r.body === undefined));
    return termsTimeline(own).filter((stretch) => !(none && stretch.termsVersion === null));
  });
}
