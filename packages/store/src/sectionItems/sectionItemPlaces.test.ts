import { demoScenarioDocument } from "@3c/domain/demo";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { systemActor } from "../Actor.js";
import { contentHash } from "../audit/index.js";
import { storeErrorOf, useTestStore } from "../testing/index.js";
import { sectionItemKind } from "./sectionItemKinds.js";

const system = systemActor();
const store = useTestStore({ seed: (s) => s.seedDemo(system) });

type Measurement = {
  kpi: string;
  period: string;
  partner?: string;
  numerator?: string;
  denominator?: string;
  value?: string;
};
const seeded = (demoScenarioDocument.measurements ?? []) as readonly Measurement[];
const codes = [...new Set(seeded.map((m) => m.kpi))];
const idOf = (m: Measurement) => sectionItemKind("measurements").idOf(m) as string;
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** The month a quarter starts with: a period overlapping that quarter only (`2023/24-Q2` → `2023/24-P4`). */
const monthOf = (quarter: string) => quarter.replace(/-Q(\d)$/, (_, q: string) => `-P${(Number(q) - 1) * 3 + 1}`);

/** One write: each is checked against the section as a renumbered array would hold it (the model). */
type Command =
  | { readonly op: "add"; readonly kpi: string; readonly quarter: number }
  | { readonly op: "remove"; readonly pick: number }
  | { readonly op: "replace"; readonly pick: number; readonly numerator: string }
  | { readonly op: "clash"; readonly pick: number }
  | { readonly op: "refuse"; readonly pick: number }
  | { readonly op: "poison"; readonly pick: number; readonly other: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  // Appends weigh most: removals need items to remove, and appends land after the gaps.
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant("add" as const), kpi: fc.constantFrom(...codes), quarter: fc.nat(11) }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("remove" as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("replace" as const), pick: fc.nat(), numerator: fc.constantFrom("1", "7") }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("clash" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("refuse" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("poison" as const), pick: fc.nat(), other: fc.nat() }) },
);

/** A quarter from 2025/26 on: after the demo's, so an added measurement clashes only with another added one. */
const quarter = (q: number) => {
  const y = 2025 + Math.floor(q / 4);
  return `${y}/${String((y + 1) % 100).padStart(2, "0")}-Q${(q % 4) + 1}`;
};

/** The audit record the last write appended. */
const lastRecord = async () => {
  const { records } = await store.verifyAudit("3c");
  const [record] = await store.listAudit("3c", records - 1, 1);
  return record;
};

/** Every read of the section, against the model: the whole section, the list (every page), each item by its id. */
async function expectReads(model: readonly Measurement[]) {
  expect((await store.getSections("3c")).measurements).toEqual(model);
  const listed: unknown[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await store.listSectionItems("3c", "measurements", {}, { limit: 25, ...(cursor ? { cursor } : {}) });
    listed.push(...page.items);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  const views = model.map((m) => ({ id: idOf(m), ...m }));
  expect(listed).toEqual([...views].sort(byId));
  for (const view of [views[0], views[Math.floor(views.length / 2)], views.at(-1)])
    if (view !== undefined) expect(await store.getSectionItem("3c", "measurements", view.id)).toEqual(view);
}

/** Runs one command against the store and the model, checking what the store answers. */
async function run(model: Measurement[], c: Command): Promise<void> {
  const at = model.length === 0 ? -1 : ("pick" in c ? c.pick : 0) % model.length;
  const stored = model[at];
  switch (c.op) {
    case "add": {
      // Shaped as the KPI's first seeded measurement (a figure, or a numerator and denominator; for a council or not).
      const item = { ...(seeded.find((m) => m.kpi === c.kpi) as Measurement), period: quarter(c.quarter) };
      if (model.some((m) => idOf(m) === idOf(item))) {
        expect((await storeErrorOf(store.addSectionItems("3c", "measurements", [item], system))).code).toBe(
          "ALREADY_EXISTS",
        );
        return;
      }
      await store.addSectionItems("3c", "measurements", [item], system);
      // An append's record is of what was appended from the section's length, as an auditor replays it.
      expect(await lastRecord()).toMatchObject({
        beforeHash: null,
        afterHash: contentHash({ from: model.length, appended: [item] }),
      });
      model.push(item);
      return;
    }
    case "remove": {
      if (stored === undefined) return;
      await store.deleteSectionItem("3c", "measurements", idOf(stored), system);
      expect(await lastRecord()).toMatchObject({
        beforeHash: contentHash({ at, item: stored }),
        afterHash: contentHash({ at }),
      });
      model.splice(at, 1);
      return;
    }
    case "replace": {
      if (stored === undefined) return;
      const item =
        stored.value === undefined ? { ...stored, numerator: c.numerator } : { ...stored, value: c.numerator };
      await store.replaceSectionItem("3c", "measurements", idOf(stored), item, system);
      expect(await lastRecord()).toMatchObject({
        beforeHash: contentHash({ at, item: stored }),
        afterHash: contentHash({ at, item }),
      });
      model[at] = item;
      return;
    }
    case "clash": {
      // A month of a stored quarter, for the same KPI and partner: the domain names the quarter's place.
      if (stored === undefined) return;
      const item = { ...stored, period: monthOf(stored.period) };
      const error = await storeErrorOf(store.addSectionItems("3c", "measurements", [item], system));
      expect(error.issues.map((i) => i.message)).toContain(
        `${item.period} overlaps measurements[${at}] (${stored.period}) of ${stored.kpi} for ${stored.partner ?? "the partnership"}`,
      );
      return;
    }
    case "refuse": {
      // A refusal naming every item of the window, in a field and in its message: each told at its place.
      if (stored === undefined) return;
      const error = await storeErrorOf(
        store.replaceSectionItem("3c", "measurements", idOf(stored), stored, system, {
          checks: () => ({
            authorize: (before) =>
              (before.measurements ?? []).map((_, w) => ({
                field: `measurements[${w}]`,
                message: `see measurements[${w}]`,
              })),
          }),
        }),
      );
      const places = model.flatMap((m, i) => (m.kpi === stored.kpi ? [i] : []));
      expect(error.code).toBe("NOT_PERMITTED");
      // The section's problems first, then the item's own (told of its fields: the whole item).
      expect(error.issues).toEqual([
        ...places.flatMap((i) =>
          i === at ? [] : [{ field: `measurements[${i}]`, message: `see measurements[${i}]` }],
        ),
        { index: 0, field: "", message: `see measurements[${at}]` },
      ]);
      return;
    }
    case "poison": {
      // A neighbour stored invalid (before a rule tightened, say): a removal is refused at its place after the removal.
      if (stored === undefined) return;
      const others = model.flatMap((m, i) => (m.kpi === stored.kpi && i !== at ? [i] : []));
      if (others.length === 0) return;
      const bad = others[c.other % others.length] as number;
      const badId = idOf(model[bad] as Measurement);
      const set = (denominator: string | undefined) =>
        store.db.query(
          `UPDATE scenario_section_items SET item = $2::jsonb
           WHERE partnership_id = '3c' AND section = 'measurements' AND item_id = $1`,
          [badId, JSON.stringify({ ...model[bad], denominator })],
        );
      await set("0");
      const error = await storeErrorOf(store.deleteSectionItem("3c", "measurements", idOf(stored), system));
      await set((model[bad] as Measurement).denominator);
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.issues.map((i) => i.field)).toContain(`measurements[${bad > at ? bad - 1 : bad}].denominator`);
      return;
    }
  }
}

describe("a section kept as rows, changed item by item", () => {
  it("reads, refuses and audits as the renumbered section would, whatever appends, removals and replacements came before", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), async (commands) => {
        // Each run starts from the demo's section, written whole: positions 0 to n-1.
        await store.putSection("3c", "measurements", seeded, system);
        const model = [...seeded];
        for (const c of commands) await run(model, c);
        await expectReads(model);
        // The section's length, kept beside it, is its rows' count.
        const [kept] = await store.db.query<{ kept: number; rows: number }>(
          `SELECT s.item_count AS kept, (SELECT count(*)::int FROM scenario_section_items i
             WHERE i.partnership_id = s.partnership_id AND i.section = s.section) AS rows
           FROM scenario_sections s WHERE s.partnership_id = '3c' AND s.section = 'measurements'`,
        );
        expect(kept).toEqual({ kept: model.length, rows: model.length });
        expect((await store.verifyAudit("3c")).valid).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});
