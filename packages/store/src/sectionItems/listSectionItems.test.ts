import { demoScenarioDocument } from "@3c/domain/demo";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { systemActor } from "../Actor.js";
import { useTestStore } from "../testing/index.js";
import type { SectionItemFilter } from "./listSectionItems.js";
import { type SectionItemKindName, sectionItemKind } from "./sectionItemKinds.js";

const system = systemActor();
const store = useTestStore({ seed: (s) => s.seedDemo(system) });

// KPIs whose codes hold the characters ids order by ("T-1" < "T1" < "T10" < "T_1"), of two services.
const codes = ["T-1", "T_1", "T1", "T10"];
const testKpis = codes.map((code, k) => ({
  code,
  name: `Test KPI ${code}`,
  service: k % 2 === 0 ? "ICT" : "LEGAL",
  unit: "percent",
  polarity: "higher-is-better",
  targets: [{ year: "2030/31", value: "95" }],
}));
const WHO = [undefined, "CCC", "HDC", "SCDC"];
/** Month `m` (0-based) from April 2030, its number written with a leading zero in odd years. */
const month = (m: number) => {
  const y = 2030 + Math.floor(m / 12);
  const p = (m % 12) + 1;
  return `${y}/${String((y + 1) % 100).padStart(2, "0")}-P${y % 2 === 1 && p < 10 ? "0" : ""}${p}`;
};
/** 4 KPIs × 4 partners × 96 months: 1,536 measurements, more than a batch of rows. */
const extra = codes.flatMap((kpi) =>
  WHO.flatMap((partner) =>
    Array.from({ length: 96 }, (_, m) => ({
      kpi,
      period: month(m),
      ...(partner === undefined ? {} : { partner }),
      numerator: String(m % 10),
      denominator: "10",
    })),
  ),
);

/** The listing as the whole section gives it: every entry of the kind that passes the filters, in id order. */
async function wholeSection(kindName: SectionItemKindName, filter: SectionItemFilter): Promise<string[]> {
  const kind = sectionItemKind(kindName);
  const fits = (name: keyof SectionItemFilter) => filter[name] !== undefined && kind.filters.includes(name);
  return kind
    .entries(await store.getSections("3c"))
    .filter(
      (e) =>
        (!fits("service") || e.services.includes(filter.service as string)) &&
        (!fits("partner") || e.partners.includes(filter.partner as string)) &&
        (!fits("kpi") || e.kpi === filter.kpi) &&
        (!fits("period") || (e.span !== undefined && e.span.start >= "2031-04-01" && e.span.end <= "2032-04-01")),
    )
    .map((e) => e.id)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every page of a listing, followed by its cursors. */
async function everyPage(kindName: SectionItemKindName, filter: SectionItemFilter, limit: number) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await store.listSectionItems("3c", kindName, filter, {
      limit,
      ...(cursor === undefined ? {} : { cursor }),
    });
    pages.push(page.items.map((i) => i.id));
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
}

describe("reading measurements and outages, which are kept as rows", () => {
  it("stores with each row the id its kind gives the item, for every shape of period and partner", async () => {
    const period = fc
      .tuple(
        fc.integer({ min: 2000, max: 2098 }),
        fc.oneof(
          fc.constant(""),
          fc.integer({ min: 1, max: 4 }).map((q) => `-Q${q}`),
          fc.integer({ min: 1, max: 12 }).map((p) => `-P${p}`),
          fc.integer({ min: 1, max: 9 }).map((p) => `-P0${p}`),
        ),
      )
      .map(([y, p]) => `${y}/${String((y + 1) % 100).padStart(2, "0")}${p}`);
    const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/);
    const item = fc.oneof(
      fc
        .record({ kpi: id, period, partner: id, value: fc.constant("1") }, { requiredKeys: ["kpi", "period", "value"] })
        .map((m) => ({ section: "measurements" as const, item: m })),
      fc
        .record({ id, start: fc.constant("2024-05-01T10:00:00Z") })
        .map((o) => ({ section: "outages" as const, item: o })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 20 }), async (rows) => {
        // Rows written straight into the table (the database computes their ids), then rolled back.
        const stored = await store.db
          .transaction(async (tx) => {
            await tx.query(
              `INSERT INTO scenario_section_items (partnership_id, section, position, item)
               SELECT '3c', r ->> 'section', 100000 + (n - 1)::int, r -> 'item'
               FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(r, n)`,
              [JSON.stringify(rows)],
            );
            const read = await tx.query<{
              section: "measurements" | "outages";
              item: Record<string, unknown>;
              item_id: string;
            }>(
              "SELECT section, item, item_id FROM scenario_section_items WHERE position >= 100000 ORDER BY section, position",
            );
            throw Object.assign(new Error("roll back"), { read });
          })
          .catch((e: { read?: unknown }) => {
            if (e.read === undefined) throw e;
            return e.read as { section: "measurements" | "outages"; item: Record<string, unknown>; item_id: string }[];
          });
        expect(stored).toHaveLength(rows.length);
        for (const r of stored) expect(r.item_id).toBe(sectionItemKind(r.section).idOf(r.item));
      }),
      { numRuns: 40 },
    );
  });

  it("lists them page by page in id order, with every filter, as the whole section gives them", async () => {
    await store.putSection("3c", "kpis", [...(demoScenarioDocument.kpis ?? []), ...testKpis], system);
    await store.putSection("3c", "measurements", [...(demoScenarioDocument.measurements ?? []), ...extra], system);
    const filters: [SectionItemKindName, SectionItemFilter, number][] = [
      ["measurements", {}, 700],
      ["measurements", {}, 1_500],
      ["measurements", { kpi: "T_1" }, 40],
      ["measurements", { service: "LEGAL" }, 333],
      ["measurements", { partner: "CCC", period: "2031/32" }, 7],
      ["measurements", { service: "BC", kpi: "T1" }, 10],
      ["measurements", { kpi: "NONE" }, 10],
      ["outages", {}, 2],
      ["outages", { partner: "CCC", service: "ICT" }, 1],
    ];
    for (const [kind, filter, limit] of filters) {
      const pages = await everyPage(kind, filter, limit);
      const expected = await wholeSection(kind, filter);
      expect(pages.flat(), `${kind} ${JSON.stringify(filter)}`).toEqual(expected);
      expect(pages.every((p, i) => p.length === limit || i === pages.length - 1)).toBe(true);
    }
    // The first page starts after a cursor that names no stored item, in id order.
    const after = await store.listSectionItems("3c", "measurements", {}, { limit: 3, cursor: "T-1.2031" });
    const all = await wholeSection("measurements", {});
    expect(after.items.map((i) => i.id)).toEqual(all.filter((id) => id > "T-1.2031").slice(0, 3));
  });

  it("reads one by its id, with the fields the whole section gives it, and nothing for an id of another kind", async () => {
    await store.putSection("3c", "kpis", [...(demoScenarioDocument.kpis ?? []), ...testKpis], system);
    await store.putSection("3c", "measurements", [...(demoScenarioDocument.measurements ?? []), ...extra], system);
    const sections = await store.getSections("3c");
    for (const kindName of ["measurements", "outages"] as const) {
      const entries = sectionItemKind(kindName).entries(sections);
      for (const e of [entries[0], entries[Math.floor(entries.length / 2)], entries[entries.length - 1]])
        expect(await store.getSectionItem("3c", kindName, e?.id as string)).toEqual(e?.view);
    }
    const outage = sectionItemKind("outages").entries(sections)[0]?.id as string;
    expect(await store.getSectionItem("3c", "measurements", outage)).toBeUndefined();
    expect(await store.getSectionItem("3c", "outages", "T1.2030-31-P1.all")).toBeUndefined();
    expect(await store.getSectionItem("3c", "measurements", "T1.2030-31-P1.all")).toMatchObject({ kpi: "T1" });
  });
});
