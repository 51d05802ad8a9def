import type { Queryable } from "../db/index.js";
import type { SectionName, StoredSections } from "../sections.js";
import type { SectionItemKindName } from "./sectionItemKinds.js";

/**
 * The part of a large list section that new items are checked against: the stored items they could
 * clash with under the domain's rules (their neighbours), with every other section whole.
 */
export interface SectionWindow {
  readonly section: SectionName;
  /** The stored sections, the windowed one holding only the neighbours, in stored order. */
  readonly sections: StoredSections;
  /** How many items the stored section holds: new items are appended from this index. */
  readonly length: number;
  /** Text with paths of the window (`measurements[3].period`) as paths of the stored section after the append. */
  readonly realPath: (path: string) => string;
}

/**
 * The kinds appended through a window, and the field their neighbours share with them. The domain's
 * only rules between a measurement and the others are of its KPI (periods of one KPI and partner do
 * not overlap, which includes the same key twice); between outages, that an id is given once. Every
 * other check is of the item alone, or of it against other sections, which the window holds whole.
 */
const NEIGHBOURS: Partial<Record<SectionItemKindName, { readonly section: SectionName; readonly field: string }>> = {
  measurements: { section: "measurements", field: "kpi" },
  outages: { section: "outages", field: "id" },
};

/**
 * Reads the window a write of new items of a kind is checked in, inside the write's transaction:
 * the other sections whole, and of the kind's section only the length and the stored items that
 * share the new items' neighbour field (a measurement's KPI, an outage's id), found by the database
 * without the section being read or parsed here.
 *
 * @param tx - the write's transaction
 * @param partnershipId - the partnership
 * @param kind - the kind of the new items
 * @param items - the new items, as given
 * @returns the window, or undefined when the kind is not windowed or its section is not stored as a list
 * @example
 * await readSectionWindow(tx, "p1", "measurements", [{ kpi: "ICT-KPI-1", period: "2024/25-Q1", value: "9" }]);
 */
export async function readSectionWindow(
  tx: Queryable,
  partnershipId: string,
  kind: SectionItemKindName,
  items: readonly unknown[],
): Promise<SectionWindow | undefined> {
  const spec = NEIGHBOURS[kind];
  if (spec === undefined) return undefined;
  const { section, field } = spec;
  const [stored] = await tx.query<{ length: number }>(
    "SELECT jsonb_array_length(body) AS length FROM scenario_sections WHERE partnership_id = $1 AND section = $2 AND jsonb_typeof(body) = 'array'",
    [partnershipId, section],
  );
  if (stored === undefined) return undefined;
  const keys = [
    ...new Set(
      items.flatMap((item) => {
        const value = typeof item === "object" && item !== null ? (item as Record<string, unknown>)[field] : undefined;
        return typeof value === "string" ? [value] : [];
      }),
    ),
  ];
  const neighbours =
    keys.length === 0
      ? []
      : await tx.query<{ at: number; item: unknown }>(
          `SELECT (x.ord - 1)::int AS at, x.item FROM scenario_sections s
           CROSS JOIN LATERAL jsonb_array_elements(s.body) WITH ORDINALITY AS x(item, ord)
           WHERE s.partnership_id = $1 AND s.section = $2 AND x.item ->> $3 = ANY($4::text[])
           ORDER BY x.ord`,
          [partnershipId, section, field, keys],
        );
  const others = await tx.query<{ section: SectionName; body: unknown }>(
    "SELECT section, body FROM scenario_sections WHERE partnership_id = $1 AND section <> $2 ORDER BY section",
    [partnershipId, section],
  );
  const sections = {
    ...Object.fromEntries(others.map((r) => [r.section, r.body])),
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
    realPath: (path) => path.replace(pattern, (_, w: string) => `${section}[${real(Number(w))}]`),
  };
}
