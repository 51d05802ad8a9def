import { DomainError } from "@3c/domain";
import type { Actor } from "../Actor.js";
import type { Queryable } from "../db/index.js";
import { type StoreContext, type WriteOutcome, write } from "../StoreContext.js";
import { type RowIssue, StoreError, type StoreErrorCode } from "../StoreError.js";
import {
  appendToSection,
  checkSectionWrite,
  getSections,
  type SectionName,
  type SectionWriteOptions,
  type StoredSections,
  writeSection,
} from "../sections.js";
import { getPartnership } from "../structure.js";
import type { TermsVersion } from "../terms.js";
import { isObject, nulFields, retell, uniqueIssues } from "./sectionItemIssues.js";
import { type SectionItemDocument, type SectionItemKindName, sectionItemKind } from "./sectionItemKinds.js";
import { readSectionWindow, type SectionWindow } from "./sectionWindow.js";

/** Options of {@link addSectionItems}. */
export interface SectionItemsOptions {
  /**
   * The caller's checks of the section write the items make, given the section's new value: the
   * same as for a write of the whole section (who may change which part, dated parts, whether the
   * change waits for every partner's consent), so both are judged alike.
   */
  readonly checks?: (section: SectionName, body: unknown) => SectionWriteOptions;
  /**
   * Problems the caller found in some items before the store saw them (a CSV cell that cannot be
   * read): reported with the store's own; those items are not placed, and the write fails.
   */
  readonly rejected?: readonly RowIssue[];
}

/** What adding section items did. */
export interface SectionItemsWrite {
  readonly kind: SectionItemKindName;
  /** How many items were added (0 for an import of nothing). */
  readonly imported: number;
  /** The items added, each with its id, as listed. */
  readonly items: readonly SectionItemDocument[];
  readonly section: SectionName;
  /**
   * The content hash of the section written; absent for an import of nothing, and for items appended
   * to a measurements or outages section already stored, which is not read whole to hash it.
   */
  readonly hash?: string;
  /** Set when the items change partnership-wide terms: kept as a proposed terms version, nothing stored yet. */
  readonly terms?: TermsVersion;
}

type Json = Readonly<Record<string, unknown>>;

/**
 * Appends placed items to a section through its window: the section write's checks (the domain's
 * validation, entitlement, closed periods) over the window, then the items appended in the database.
 * The audit record is the section's (`section.put`), holding what was appended and from which index
 * rather than the whole section before and after.
 */
async function appendInWindow(
  tx: Queryable,
  at: string,
  partnershipId: string,
  window: SectionWindow,
  body: unknown,
  before: StoredSections,
  checks: SectionWriteOptions,
): Promise<{ hash?: string; terms?: TermsVersion; audit: WriteOutcome<unknown>["audit"] }> {
  const { section } = window;
  await checkSectionWrite(tx, at, partnershipId, section, body, before, checks);
  const neighbours = (before[section] as readonly unknown[] | undefined)?.length ?? 0;
  const appended = (body as readonly unknown[]).slice(neighbours);
  // The record's `from` is the section's length, its first new item's index: positions may have gaps.
  await appendToSection(tx, partnershipId, section, appended, window.next, at);
  return {
    audit: { action: "section.put", target: `sections/${section}`, after: { from: window.length, appended } },
  };
}

/**
 * Adds items of one kind to their scenario section, all or nothing: each item is given its id
 * from its natural key and refused when that id is already stored (`ALREADY_EXISTS`) or given twice;
 * the others are appended to the section as stored (inside the write's transaction, so concurrent
 * additions do not overwrite each other) and the section is written by the same path as a whole
 * section write ({@link writeSection}: the domain's `parseScenario` over the partnership's document,
 * the caller's entitlement check, closed periods, a proposed terms version for partnership-wide
 * terms, one audit record). Every problem is reported at once, by item index and field where it is an
 * item's. An import of no items stores nothing and appends no audit record. Measurements and outages
 * added to their stored section are checked in its window (the stored items of the same KPI or id,
 * {@link readSectionWindow}) and inserted as rows, so the write costs the items, not the section.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param kindName - which kind of item
 * @param items - the items, as in the scenario document (a KPI target with its KPI's `kpi` code)
 * @param actor - who adds them
 * @param options - the section write's checks, and problems found before
 * @returns what was added, with the section's hash, or the terms version proposed
 * @throws StoreError `NOT_FOUND` for an unknown partnership; `INVALID_INPUT` with every problem of
 *   the items (their own, and the section's with them), whatever they are dated; only when there is
 *   none, with every problem of the valid write: `NOT_PERMITTED` when the entitlement check refuses
 *   any part, else `PERIOD_CLOSED` for a changed part in a closed period, else `ALREADY_EXISTS` when
 *   an id is stored
 * @example
 * await addSectionItems(ctx, "p1", "measurements", [{ kpi: "ICT-KPI-1", period: "2024/25-Q1", value: "99.1" }], actor);
 */
export async function addSectionItems(
  ctx: StoreContext,
  partnershipId: string,
  kindName: SectionItemKindName,
  items: readonly unknown[],
  actor: Actor,
  options: SectionItemsOptions = {},
): Promise<SectionItemsWrite> {
  const kind = sectionItemKind(kindName);
  const rejected = options.rejected ?? [];
  if (items.length === 0 && rejected.length === 0) {
    if ((await getPartnership(ctx.db, partnershipId)) === undefined)
      throw new StoreError("NOT_FOUND", `no partnership ${JSON.stringify(partnershipId)}`);
    return { kind: kindName, imported: 0, items: [], section: kind.section };
  }
  const attempt = async (
    tx: Queryable,
    at: string,
    window: SectionWindow | undefined,
  ): Promise<WriteOutcome<SectionItemsWrite>> => {
    const before = window?.sections ?? (await getSections(tx, partnershipId));
    // The request's problems (422), and the ids already stored (409, once every item is valid).
    const issues: RowIssue[] = [...rejected];
    const conflicts: RowIssue[] = [];
    const skip = new Set(rejected.map((i) => i.index));
    const stored = new Set(kind.entries(before).map((e) => e.id));
    const given = new Set<string>();
    const accepted: { index: number; item: Json }[] = [];
    for (const [index, item] of items.entries()) {
      if (skip.has(index)) continue;
      const add = (field: string, message: string) => issues.push({ index, field, message });
      if (!isObject(item)) {
        add("", `expected a ${kind.label} as a JSON object`);
        continue;
      }
      const nul = nulFields(item);
      for (const field of nul) add(field, "holds the NUL character (U+0000), which cannot be stored");
      if (nul.length > 0) continue;
      const id = kind.idOf(item);
      if (id !== undefined && stored.has(id))
        conflicts.push({
          index,
          field: kind.keyField,
          message: `${kind.label} ${JSON.stringify(id)} is already stored`,
        });
      else if (id !== undefined && given.has(id))
        add(kind.keyField, `${kind.label} ${JSON.stringify(id)} is given more than once`);
      else {
        if (id !== undefined) given.add(id);
        accepted.push({ index, item });
      }
    }
    const placed = kind.place(before, accepted);
    issues.push(...placed.issues);
    // The section write's refusal of a valid section: who may change it, or a closed period.
    let refusal: { code: StoreErrorCode; issues: RowIssue[] } | undefined;
    let outcome: { hash?: string; terms?: TermsVersion; audit: WriteOutcome<unknown>["audit"] } | undefined;
    const checks = placed.paths.size > 0 ? (options.checks?.(kind.section, placed.body) ?? {}) : {};
    // Terms wait as a version of the whole section: proposed over the window, they would hold only it.
    if (window !== undefined && checks.needsConsent?.(before) === true) return attempt(tx, at, undefined);
    // Paths of the window (a stored neighbour's, in a field or named in a message) are told as the section's.
    const real = async (told: RowIssue[]): Promise<RowIssue[]> => {
      if (window === undefined) return told;
      const path = await window.realPaths(told.flatMap((i) => [i.field, i.message]));
      return told.map((i) => ({
        ...i,
        field: i.index === undefined ? path(i.field) : i.field,
        message: path(i.message),
      }));
    };
    if (placed.paths.size > 0)
      try {
        if (window === undefined) {
          const written = await writeSection(tx, at, partnershipId, kind.section, placed.body, before, actor, checks);
          outcome = { ...written.result, audit: written.audit };
        } else outcome = await appendInWindow(tx, at, partnershipId, window, placed.body, before, checks);
      } catch (error) {
        // The domain's conversion after validation (an amount with more places than the currency)
        // throws rather than lists: located by its path, it is told of its row as the others are.
        if (error instanceof DomainError && error.path !== undefined)
          issues.push(...(await real(retell([{ field: error.path, message: error.message }], placed.paths))));
        else {
          if (!(error instanceof StoreError) || error.issues.length === 0) throw error;
          const dated = error.code === "PERIOD_CLOSED" ? (index: number) => kind.datedField?.(items[index]) : undefined;
          const told = await real(retell(error.issues, placed.paths, dated));
          if (error.code === "NOT_PERMITTED" || error.code === "PERIOD_CLOSED")
            refusal = { code: error.code, issues: told };
          else issues.push(...told);
        }
      }
    // An invalid request answers 422 with its problems only: the rules after validation judge a valid one.
    const [code, problems]: [StoreErrorCode, RowIssue[]] =
      issues.length > 0
        ? ["INVALID_INPUT", issues]
        : [
            refusal?.code ?? (conflicts.length > 0 ? "ALREADY_EXISTS" : "INVALID_INPUT"),
            [...conflicts, ...(refusal?.issues ?? [])],
          ];
    if (problems.length > 0 || outcome === undefined) {
      const unique = uniqueIssues(problems);
      const bad = new Set(unique.flatMap((i) => (i.index === undefined ? [] : [i.index]))).size;
      throw new StoreError(
        code,
        `${bad} of ${items.length} ${kind.name} item(s) are not valid; nothing was stored`,
        unique,
      );
    }
    const paths = new Set(placed.paths.values());
    const after = { ...before, [kind.section]: placed.body };
    const added = kind.entries(after).filter((e) => paths.has(e.path));
    return {
      result: {
        kind: kindName,
        imported: added.length,
        items: added.map((e) => e.view),
        section: kind.section,
        ...(outcome.hash === undefined ? {} : { hash: outcome.hash }),
        ...(outcome.terms === undefined ? {} : { terms: outcome.terms }),
      },
      audit: outcome.audit,
    };
  };
  return write(ctx, partnershipId, actor, kind.label, async (tx, at) =>
    attempt(tx, at, await readSectionWindow(tx, partnershipId, kindName, items)),
  );
}
