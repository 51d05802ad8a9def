import { canonicalJson, DomainError } from "@3c/domain";
import type { Actor } from "../Actor.js";
import type { Queryable } from "../db/index.js";
import { type StoreContext, type WriteOutcome, write } from "../StoreContext.js";
import { type RowIssue, StoreError } from "../StoreError.js";
import {
  checkSectionWrite,
  getSections,
  replaceSectionRow,
  type SectionName,
  type SectionWriteOptions,
  writeSection,
} from "../sections.js";
import type { TermsVersion } from "../terms.js";
import type { SectionItemsOptions } from "./addSectionItems.js";
import { isObject, nulFields, retell, uniqueIssues } from "./sectionItemIssues.js";
import { type SectionItemDocument, type SectionItemKindName, sectionItemKind } from "./sectionItemKinds.js";
import { readSectionWindow, type SectionWindow } from "./sectionWindow.js";

/** What replacing or removing one section item did. */
export interface SectionItemChange {
  readonly kind: SectionItemKindName;
  readonly section: SectionName;
  /** The item as stored now (a replacement) or as it was (a removal), with its id. */
  readonly item: SectionItemDocument;
  /** Set when the change is of partnership-wide terms: kept as a proposed terms version, nothing stored yet. */
  readonly terms?: TermsVersion;
}

type Json = Readonly<Record<string, unknown>>;

/**
 * Every value of the neighbour field an id may have been made from: its prefixes up to a `.`, and
 * itself (ids join their key's fields by `.`, and a field may hold `.` too).
 */
function neighbourKeys(id: string): string[] {
  return [...id.matchAll(/\./g)].map((m) => id.slice(0, m.index)).concat(id);
}

/** The request's own problems with a replacement: not an object, NUL characters, another id. */
function itemProblems(kind: ReturnType<typeof sectionItemKind>, id: string, stored: Json, item: unknown): RowIssue[] {
  if (!isObject(item)) return [{ index: 0, field: "", message: `expected a ${kind.label} as a JSON object` }];
  const nul = nulFields(item);
  if (nul.length > 0)
    return nul.map((field) => ({
      index: 0,
      field,
      message: "holds the NUL character (U+0000), which cannot be stored",
    }));
  const given = kind.idOf(item);
  if (given === id) return [];
  const moved = kind.keyFields.filter((f) => canonicalJson(item[f] ?? null) !== canonicalJson(stored[f] ?? null));
  const message = `gives the ${kind.label} the id ${given === undefined ? "of no item" : JSON.stringify(given)}, not ${JSON.stringify(id)}: an id does not change; delete the item and add the new one`;
  return (moved.length > 0 ? moved : [kind.keyField]).map((field) => ({ index: 0, field, message }));
}

/**
 * Replaces one section item, found by its id, with `item` — or removes it when `item` is undefined —
 * all or nothing, by the same checks as a write of the whole section (the caller's entitlement
 * check, closed periods, consent for partnership-wide terms, the domain's `parseScenario` over the
 * partnership's document), since the section's change is judged by its diff with the stored
 * section: the old item removed, the new one added. A replacement keeps the id: one whose natural
 * key gives another id is refused at the key's fields. Measurements and outages are changed in
 * their window (the stored items of the same KPI or id, {@link readSectionWindow}) and as one row
 * updated or deleted — no other row changes: positions may have gaps, and an item's index in the
 * section (in problems, in the audit record) is counted; other kinds write their (small) section
 * whole. One audit record, `section.put` on `sections/{section}`, in the same transaction: of a
 * whole write the section before and after; of a row `{ at, item }` before and after (`item`
 * absent after a removal). A replacement equal to the stored item (in any key order) is checked,
 * then writes nothing and appends no audit record.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param kindName - which kind of item
 * @param id - the item's id
 * @param item - its new value, as `POST` takes it (a KPI target with its KPI's `kpi` code), or undefined to remove it
 * @param actor - who changes it
 * @param options - the section write's checks
 * @returns the item as stored now (or as it was), or the terms version proposed
 * @throws StoreError `NOT_FOUND` for an unknown partnership or item, `NOT_PERMITTED` when the entitlement
 *   check refuses the old or new item, `PERIOD_CLOSED` when either is dated in a closed period,
 *   `INVALID_INPUT` with every problem (the id changed, what depends on a removed item)
 * @example
 * await replaceSectionItem(ctx, "p1", "measurements", "ICT-KPI-1.2024-25-Q1.all", { kpi: "ICT-KPI-1", period: "2024/25-Q1", value: "98.5" }, actor);
 */
export async function replaceSectionItem(
  ctx: StoreContext,
  partnershipId: string,
  kindName: SectionItemKindName,
  id: string,
  item: unknown,
  actor: Actor,
  options: Pick<SectionItemsOptions, "checks"> = {},
): Promise<SectionItemChange> {
  const kind = sectionItemKind(kindName);
  const attempt = async (
    tx: Queryable,
    at: string,
    window: SectionWindow | undefined,
  ): Promise<WriteOutcome<SectionItemChange>> => {
    const before = window?.sections ?? (await getSections(tx, partnershipId));
    const entry = kind.entries(before).find((e) => e.id === id);
    if (entry === undefined) throw new StoreError("NOT_FOUND", `no ${kind.label} ${JSON.stringify(id)}`);
    const own = item === undefined ? [] : itemProblems(kind, id, entry.view, item);
    if (own.length > 0)
      throw new StoreError("INVALID_INPUT", `the ${kind.label} is not valid; nothing was stored`, own);
    const body = kind.replace(before, entry.path, item as Json | undefined);
    const checks: SectionWriteOptions = options.checks?.(kind.section, body) ?? {};
    // Terms wait as a version of the whole section: proposed over the window, they would hold only it.
    if (window !== undefined && checks.needsConsent?.(before) === true) return attempt(tx, at, undefined);
    const removed = window === undefined ? -1 : Number(/\[(\d+)\]$/.exec(entry.path)?.[1]);
    let outcome: { terms?: TermsVersion; audit: WriteOutcome<unknown>["audit"] };
    try {
      if (window === undefined) {
        const written = await writeSection(tx, at, partnershipId, kind.section, body, before, actor, checks);
        outcome = { ...written.result, audit: written.audit };
      } else {
        await checkSectionWrite(tx, at, partnershipId, kind.section, body, before, checks);
        const stored = (before[kind.section] as readonly unknown[])[removed];
        if (item !== undefined && canonicalJson(item) === canonicalJson(stored)) {
          // The item sent as stored changes nothing: no row written, no audit record (as a section).
          outcome = { audit: undefined };
        } else {
          const position = window.positions[removed] as number;
          // The record's `at` is the item's index in the section, as read: positions may have gaps.
          const index = (await window.indexesOf([position])).get(position) as number;
          await replaceSectionRow(tx, partnershipId, kind.section, position, item, at);
          outcome = {
            audit: {
              action: "section.put",
              target: `sections/${kind.section}`,
              before: { at: index, item: stored },
              after: item === undefined ? { at: index } : { at: index, item },
            },
          };
        }
      }
    } catch (error) {
      // As for an addition: the domain's conversion after validation throws, located by its path.
      const found =
        error instanceof DomainError && error.path !== undefined
          ? new StoreError("INVALID_INPUT", error.message, [{ field: error.path, message: error.message }])
          : error;
      if (!(found instanceof StoreError) || found.issues.length === 0) throw error;
      // A refusal's paths are the stored section's; the domain's are of the section after the change.
      const real =
        window === undefined
          ? (path: string) => path
          : await window.realPaths(
              [entry.path, ...found.issues.flatMap((i) => [i.field, i.message])],
              item === undefined && found.code === "INVALID_INPUT" ? removed : undefined,
            );
      const located = found.issues.map((i) => ({ ...i, field: real(i.field), message: real(i.message) }));
      const path = real(entry.path);
      // A replacement's problems are told of its own fields; a removal's at the section's paths.
      const told =
        item === undefined
          ? located
          : retell(
              located,
              new Map([[0, path]]),
              found.code === "PERIOD_CLOSED" ? () => kind.datedField?.(item) : undefined,
            );
      throw new StoreError(
        found.code,
        `the ${kind.label} ${JSON.stringify(id)} was not ${item === undefined ? "removed" : "replaced"}; nothing was stored`,
        uniqueIssues(told),
      );
    }
    const after = { ...before, [kind.section]: body };
    const view = item === undefined ? entry.view : kind.entries(after).find((e) => e.path === entry.path)?.view;
    return {
      result: {
        kind: kindName,
        section: kind.section,
        item: view ?? entry.view,
        ...(outcome.terms === undefined ? {} : { terms: outcome.terms }),
      },
      audit: outcome.audit,
    };
  };
  return write(ctx, partnershipId, actor, kind.label, async (tx, at) =>
    attempt(
      tx,
      at,
      await readSectionWindow(tx, partnershipId, kindName, item === undefined ? [] : [item], neighbourKeys(id)),
    ),
  );
}
