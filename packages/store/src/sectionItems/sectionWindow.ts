import type { Queryable } from "../db/index.js";
import { ROW_SECTIONS, type SectionName, type StoredSections, sectionBodySql } from "../sections.js";
import type { SectionItemKindName } from "./sectionItemKinds.js";

/**
 * The part of a large list section that new items are checked against: the stored items they could
 * clash with under the domain's rules (their neighbours), with every other section whole but the
 * other section kept as rows, to which no rule relates them.
 *
 * A stored item's place in the section (its index, `measurements[41]`) is not its row's position:
 * positions keep the section's order but may have gaps (a removal renumbers nothing), so a place is
 * counted on the rows' key — the rows before it, or the section's length less the rows after it,
 * whichever side is shorter — and only where one is told: a problem's path, an audit record's `at`.
 */
export interface SectionWindow {
  readonly section: SectionName;
  /** The stored sections, the windowed one holding only the neighbours, in stored order. */
  readonly sections: StoredSections;
  /** How many items the stored section holds (its `item_count`): new items are appended from this index. */
  readonly length: number;
  /** The position an appended item takes: after the last stored one. */
  readonly next: number;
  /** The stored position of each item of the window's section, in order. */
  readonly positions: readonly number[];
  /** The place in the section (the rows before it) of each stored position given. */
  indexesOf(positions: readonly number[]): Promise<ReadonlyMap<number, number>>;
  /**
   * How to tell text with paths of the window (`measurements[3].period`) as paths of the stored
   * section: after the append (a place past the neighbours is a new item's), or, given `removed`
   * (a window place), after that item's removal (a place after it is one earlier). The places the
   * texts name are counted at once, so the texts told must be among those given.
   */
  realPaths(texts: readonly string[], removed?: number): Promise<(text: string) => string>;
}

/** The kinds appended through a window: those whose section is kept as rows. */
const WINDOWED: Partial<Record<SectionItemKindName, SectionName>> = {
  measurements: "measurements",
  outages: "outages",
};

/**
 * Reads the window a write of new items of a kind is checked in, inside the write's transaction:
 * of the kind's section (kept as rows, {@link ROW_SECTIONS}) only its length, the position after
 * its last item and the stored items that share the new items' neighbour field — a measurement's
 * KPI (the domain's only rule between measurements: periods of one KPI and partner do not overlap,
 * which includes the same key twice), an outage's id (given once) — found by index; every other
 * section whole, except the other section kept as rows, to which no rule relates these items. Its
 * items' places in the section are counted only when asked ({@link SectionWindow}).
 *
 * @param tx - the write's transaction
 * @param partnershipId - the partnership
 * @param kind - the kind of the new items
 * @param items - the new items, as given
 * @param keys - more values of the neighbour field to read the stored items of (an item's id may name one)
 * @returns the window, or undefined when the kind is not windowed or its section is not stored
 * @example
 * await readSectionWindow(tx, "p1", "measurements", [{ kpi: "ICT-KPI-1", period: "2024/25-Q1", value: "9" }]);
 */
export async function readSectionWindow(
  tx: Queryable,
  partnershipId: string,
  kind: SectionItemKindName,
  items: readonly unknown[],
  keys: readonly string[] = [],
): Promise<SectionWindow | undefined> {
  const section = WINDOWED[kind];
  const field = section === undefined ? undefined : ROW_SECTIONS[section];
  if (section === undefined || field === undefined) return undefined;
  const [stored] = await tx.query<{ length: number; next: number }>(
    `SELECT s.item_count AS length, (SELECT COALESCE(max(i.position) + 1, 0) FROM scenario_section_items i
       WHERE i.partnership_id = s.partnership_id AND i.section = s.section)::int AS next
     FROM scenario_sections s WHERE s.partnership_id = $1 AND s.section = $2 AND jsonb_typeof(s.body) = 'array'`,
    [partnershipId, section],
  );
  if (stored === undefined) return undefined;
  const wanted = [
    ...new Set([
      ...keys,
      ...items.flatMap((item) => {
        const value = typeof item === "object" && item !== null ? (item as Record<string, unknown>)[field] : undefined;
        return typeof value === "string" ? [value] : [];
      }),
    ]),
  ];
  const neighbours =
    wanted.length === 0
      ? []
      : await tx.query<{ at: number; item: unknown }>(
          `SELECT position AS at, item FROM scenario_section_items
           WHERE partnership_id = $1 AND section = $2 AND neighbour = ANY($3::text[]) ORDER BY position`,
          [partnershipId, section, wanted],
        );
  const sections = {
    ...(await sectionsBesideRows(tx, partnershipId)),
    [section]: neighbours.map((n) => n.item),
  } as StoredSections;
  const positions = neighbours.map((n) => Number(n.at));
  const length = Number(stored.length);
  const next = Number(stored.next);
  const indexesOf = (at: readonly number[]) => placesOf(tx, partnershipId, section, { length, next }, at);
  const pattern = new RegExp(`\\b${section}\\[(\\d+)\\]`, "g");
  return {
    section,
    sections,
    length,
    next,
    positions,
    indexesOf,
    async realPaths(texts, removed) {
      // The stored place each window place names: after a removal, a place from the removed one on is the next one's.
      const storedAt = (w: number) => (removed !== undefined && w >= removed ? w + 1 : w);
      const named = texts.flatMap((t) => [...t.matchAll(pattern)].map((m) => storedAt(Number(m[1]))));
      const places = await indexesOf(named.flatMap((s) => (s < positions.length ? [positions[s] as number] : [])));
      const gone = removed === undefined ? undefined : positions[removed];
      const real = (s: number) => {
        const position = positions[s];
        if (position === undefined) return length + (s - positions.length);
        const at = places.get(position) as number;
        return gone !== undefined && position > gone ? at - 1 : at;
      };
      return (text) => text.replace(pattern, (_, w: string) => `${section}[${real(storedAt(Number(w)))}]`);
    },
  };
}

/**
 * The place in a section kept as rows of each stored position given, counted on the rows' key from
 * the nearer end: the rows before it when it lies in the first half of the positions, else the
 * section's length less the rows from it on — so a recent item's place costs as little as an early
 * one's. One position is one count; several are numbered in one pass from that end to the farthest
 * of them, so many places named at once cost the section once, not once each.
 */
async function placesOf(
  tx: Queryable,
  partnershipId: string,
  section: SectionName,
  stored: { readonly length: number; readonly next: number },
  positions: readonly number[],
): Promise<ReadonlyMap<number, number>> {
  const wanted = [...new Set(positions)];
  if (wanted.length === 0) return new Map();
  const [low, high] = [Math.min(...wanted), Math.max(...wanted)];
  // From the start, the rows up to `high`; from the end, the rows from `low` on (positions bound both).
  const fromEnd = stored.next - low < high;
  const rows =
    wanted.length === 1
      ? await tx.query<{ at: number; place: number }>(
          fromEnd
            ? `SELECT $3::int AS at, ($4::int - count(*))::int AS place FROM scenario_section_items
               WHERE partnership_id = $1 AND section = $2 AND position >= $3`
            : `SELECT $3::int AS at, count(*)::int AS place FROM scenario_section_items
               WHERE partnership_id = $1 AND section = $2 AND position < $3`,
          [partnershipId, section, low, ...(fromEnd ? [stored.length] : [])],
        )
      : await tx.query<{ at: number; place: number }>(
          fromEnd
            ? `SELECT at, place FROM (
                 SELECT position AS at, ($5::int - row_number() OVER (ORDER BY position DESC))::int AS place
                 FROM scenario_section_items WHERE partnership_id = $1 AND section = $2 AND position >= $3
               ) numbered WHERE at = ANY($4::int[])`
            : `SELECT at, place FROM (
                 SELECT position AS at, (row_number() OVER (ORDER BY position) - 1)::int AS place
                 FROM scenario_section_items WHERE partnership_id = $1 AND section = $2 AND position <= $3
               ) numbered WHERE at = ANY($4::int[])`,
          [partnershipId, section, fromEnd ? low : high, wanted, ...(fromEnd ? [stored.length] : [])],
        );
  return new Map(rows.map((r) => [Number(r.at), Number(r.place)]));
}

/**
 * Every stored section of a partnership except those kept as rows ({@link ROW_SECTIONS}): what an
 * item of a row section is read or checked with, none of them large.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @returns the sections, the row sections left out
 */
export async function sectionsBesideRows(q: Queryable, partnershipId: string): Promise<StoredSections> {
  const others = await q.query<{ section: SectionName; body: unknown }>(
    `SELECT s.section, ${sectionBodySql("s")} AS body FROM scenario_sections s
     WHERE s.partnership_id = $1 AND s.section <> ALL($2::text[]) ORDER BY s.section`,
    [partnershipId, Object.keys(ROW_SECTIONS)],
  );
  return Object.fromEntries(others.map((r) => [r.section, r.body])) as StoredSections;
}
