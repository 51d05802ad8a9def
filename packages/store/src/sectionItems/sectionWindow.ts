import type { Queryable } from "../db/index.js";
import { ROW_SECTIONS, type SectionName, type StoredSections, sectionBodySql } from "../sections.js";
import type { SectionItemKindName } from "./sectionItemKinds.js";

/**
 * The part of a large list section that new items are checked against: the stored items they could
 * clash with under the domain's rules (their neighbours), with every other section whole but the
 * other section kept as rows, to which no rule relates them.
 */
export interface SectionWindow {
  readonly section: SectionName;
  /** The stored sections, the windowed one holding only the neighbours, in stored order. */
  readonly sections: StoredSections;
  /** How many items the stored section holds: new items are appended from this index. */
  readonly length: number;
  /** The stored position of each item of the window's section, in order. */
  readonly positions: readonly number[];
  /** Text with paths of the window (`measurements[3].period`) as paths of the stored section after the append. */
  readonly realPath: (path: string) => string;
}

/** The kinds appended through a window: those whose section is kept as rows. */
const WINDOWED: Partial<Record<SectionItemKindName, SectionName>> = {
  measurements: "measurements",
  outages: "outages",
};

/**
 * Reads the window a write of new items of a kind is checked in, inside the write's transaction:
 * of the kind's section (kept as rows, {@link ROW_SECTIONS}) only its length and the stored items
 * that share the new items' neighbour field — a measurement's KPI (the domain's only rule between
 * measurements: periods of one KPI and partner do not overlap, which includes the same key twice),
 * an outage's id (given once) — found by index; every other section whole, except the other
 * section kept as rows, to which no rule relates these items.
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
  const [stored] = await tx.query<{ length: number }>(
    `SELECT (SELECT COALESCE(max(i.position) + 1, 0) FROM scenario_section_items i
       WHERE i.partnership_id = s.partnership_id AND i.section = s.section)::int AS length
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
  const length = Number(stored.length);
  const real = (w: number) => {
    const n = neighbours[w];
    return n === undefined ? length + (w - neighbours.length) : Number(n.at);
  };
  const pattern = new RegExp(`\\b${section}\\[(\\d+)\\]`, "g");
  return {
    section,
    sections,
    length,
    positions: neighbours.map((n) => Number(n.at)),
    realPath: (path) => path.replace(pattern, (_, w: string) => `${section}[${real(Number(w))}]`),
  };
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
