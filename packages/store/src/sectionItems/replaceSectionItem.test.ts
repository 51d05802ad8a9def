import { demoScenarioDocument } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { systemActor } from "../Actor.js";
import { contentHash } from "../audit/index.js";
import { actorFor, storeErrorOf, useTestStore } from "../testing/index.js";

const system = systemActor();
const store = useTestStore({ seed: (s) => s.seedDemo(system) });
// ICT is led by HDC.
const financeHdc = actorFor("HDC", "finance");

const measurements = demoScenarioDocument.measurements ?? [];
const outages = demoScenarioDocument.outages ?? [];
const ict2 = measurements.flatMap((m, i) => (m.kpi === "ICT-KPI-2" ? [i] : []));
const idOf = (m: { kpi: string; period: string; partner?: string | undefined }) =>
  `${m.kpi}.${m.period.replace("/", "-")}.${m.partner ?? "all"}`;

/** Everything a refused write could have changed: the sections and the audit chain's length. */
const state = async () => ({ sections: await store.getSections("3c"), audit: (await store.verifyAudit("3c")).records });

describe("replacing or removing a stored measurement or outage", () => {
  it("updates its row in place, leaving every other item as it was, with one audit record of the row", async () => {
    const audit = await store.verifyAudit("3c");
    const at = ict2[1] as number;
    const stored = measurements[at] as (typeof measurements)[number];
    const item = { ...stored, numerator: "7", denominator: "8" };
    const changed = await store.replaceSectionItem("3c", "measurements", idOf(stored), item, financeHdc);
    expect(changed.item).toEqual({ id: idOf(stored), ...item });
    expect((await store.getSections("3c")).measurements).toEqual(measurements.map((m, i) => (i === at ? item : m)));
    expect(await store.verifyAudit("3c")).toMatchObject({ valid: true, records: audit.records + 1 });
    const [record] = await store.listAudit("3c", audit.records, 1);
    expect(record).toMatchObject({
      action: "section.put",
      target: "sections/measurements",
      beforeHash: contentHash({ at, item: stored }),
      afterHash: contentHash({ at, item }),
    });
  });

  it("deletes its row, so the section reads without it and an addition lands last", async () => {
    const at = ict2[0] as number;
    const stored = measurements[at] as (typeof measurements)[number];
    await store.deleteSectionItem("3c", "measurements", idOf(stored), financeHdc);
    const without = measurements.filter((_, i) => i !== at);
    expect((await store.getSections("3c")).measurements).toEqual(without);
    const added = { kpi: "ICT-KPI-2", period: "2026/27-Q1", numerator: "1", denominator: "2" };
    await store.addSectionItems("3c", "measurements", [added], financeHdc);
    expect((await store.getSections("3c")).measurements).toEqual([...without, added]);
    await store.deleteSectionItem("3c", "outages", outages[0]?.id as string, financeHdc);
    expect((await store.getSections("3c")).outages).toEqual(outages.slice(1));
    expect((await store.verifyAudit("3c")).valid).toBe(true);
  });

  it("reads in order whatever order the rows are stored in, and names a later neighbour by its place after the removal", async () => {
    // A replaced row is stored anew, after the others in the table: the section's order is still the positions'.
    const [first, second] = ict2 as [number, number];
    const moved = measurements[second] as (typeof measurements)[number];
    await store.replaceSectionItem("3c", "measurements", idOf(moved), { ...moved, numerator: "3" }, financeHdc);
    await store.deleteSectionItem(
      "3c",
      "measurements",
      idOf(measurements[first] as (typeof measurements)[number]),
      financeHdc,
    );
    const without = measurements
      .map((m, i) => (i === second ? { ...moved, numerator: "3" } : m))
      .filter((_, i) => i !== first);
    expect((await store.getSections("3c")).measurements).toEqual(without);
    const stored = measurements[second] as (typeof measurements)[number];
    // July lies in the second quarter, which the first of ICT-KPI-2's stored measurements after the removed one is.
    expect(stored.period).toBe("2023/24-Q2");
    const clash = { kpi: "ICT-KPI-2", period: "2023/24-P4", numerator: "1", denominator: "2" };
    const error = await storeErrorOf(store.addSectionItems("3c", "measurements", [clash], financeHdc));
    expect(error.issues[0]?.message).toBe(
      `${clash.period} overlaps measurements[${second - 1}] (${stored.period}) of ICT-KPI-2 for the partnership`,
    );
  });

  it("removes the first of the section without moving a later row: every later item's place is one less, counted", async () => {
    const positions = async (section: string) =>
      (
        await store.db.query<{ position: number }>(
          "SELECT position FROM scenario_section_items WHERE partnership_id = '3c' AND section = $1 ORDER BY position",
          [section],
        )
      ).map((r) => Number(r.position));
    const first = measurements[0] as (typeof measurements)[number];
    await store.deleteSectionItem("3c", "measurements", idOf(first), financeHdc);
    await store.deleteSectionItem("3c", "outages", outages[0]?.id as string, financeHdc);
    // No row after the removed one was rewritten: the positions keep a gap where it was.
    expect(await positions("measurements")).toEqual(measurements.map((_, i) => i).slice(1));
    expect(await positions("outages")).toEqual(outages.map((_, i) => i).slice(1));
    // A later measurement is named one place earlier: ICT-KPI-3's first, by a clash with it.
    const ict3 = measurements.findIndex((m) => m.kpi === "ICT-KPI-3");
    const later = measurements[ict3] as (typeof measurements)[number];
    const clash = { ...later, period: later.period.replace("-Q1", "-P1") };
    const error = await storeErrorOf(store.addSectionItems("3c", "measurements", [clash], financeHdc));
    expect(error.issues.map((i) => i.message)).toEqual([
      `${clash.period} overlaps measurements[${ict3 - 1}] (${later.period}) of ICT-KPI-3 for ${later.partner}`,
    ]);
    // The audit records tell places in the section: an addition from its length, a removal at its place.
    const audit = await store.verifyAudit("3c");
    const added = { kpi: "ICT-KPI-2", period: "2026/27-Q1", numerator: "1", denominator: "2" };
    await store.addSectionItems("3c", "measurements", [added], financeHdc);
    const second = measurements[1] as (typeof measurements)[number];
    await store.deleteSectionItem("3c", "measurements", idOf(second), financeHdc);
    const records = await store.listAudit("3c", audit.records, 2);
    expect(records.map((r) => [r.beforeHash, r.afterHash])).toEqual([
      [null, contentHash({ from: measurements.length - 1, appended: [added] })],
      [contentHash({ at: 0, item: second }), contentHash({ at: 0 })],
    ]);
    expect((await store.getSections("3c")).measurements).toEqual([...measurements.slice(2), added]);
    expect(await positions("measurements")).toEqual([...measurements.map((_, i) => i).slice(2), measurements.length]);
  });

  it("refuses a replacement whose key gives another id at the key's field, an unknown id as NOT_FOUND, storing nothing", async () => {
    const before = await state();
    const stored = measurements[ict2[0] as number] as (typeof measurements)[number];
    const moved = await storeErrorOf(
      store.replaceSectionItem("3c", "measurements", idOf(stored), { ...stored, period: "2030/31" }, financeHdc),
    );
    expect([moved.code, moved.issues.map((i) => i.field)]).toEqual(["INVALID_INPUT", ["period"]]);
    expect(moved.issues[0]?.message).toContain("an id does not change; delete the item and add the new one");
    const outage = outages[2] as (typeof outages)[number];
    const renamed = await storeErrorOf(
      store.replaceSectionItem("3c", "outages", outage.id, { ...outage, id: "OTHER" }, financeHdc),
    );
    expect(renamed.issues.map((i) => i.field)).toEqual(["id"]);
    const missing = await storeErrorOf(store.deleteSectionItem("3c", "outages", "NO-SUCH", financeHdc));
    expect(missing.code).toBe("NOT_FOUND");
    expect(await state()).toEqual(before);
  });

  it("tells a refusal of its own fields, and a stored neighbour by its place in the section, not the window's", async () => {
    const before = await state();
    // A KPI whose measurements are not the section's first: window places and section places differ.
    const ict3 = measurements.flatMap((m, i) => (m.kpi === "ICT-KPI-3" ? [i] : []));
    expect(ict3[0]).toBeGreaterThan(0);
    const stored = measurements[ict3[1] as number] as (typeof measurements)[number];
    const error = await storeErrorOf(
      store.replaceSectionItem("3c", "measurements", idOf(stored), { ...stored, numerator: "1" }, financeHdc, {
        checks: () => ({ authorize: () => [{ field: "measurements[1]", message: "see measurements[0]" }] }),
      }),
    );
    expect([error.code, error.issues]).toEqual([
      "NOT_PERMITTED",
      [{ index: 0, field: "", message: `see measurements[${ict3[0]}]` }],
    ]);
    const invalid = await storeErrorOf(
      store.replaceSectionItem("3c", "measurements", idOf(stored), { ...stored, denominator: "0" }, financeHdc),
    );
    expect(invalid.code).toBe("INVALID_INPUT");
    expect(invalid.issues.map((i) => [i.index, i.field])).toContainEqual([0, "denominator"]);
    expect(await state()).toEqual(before);
  });
});

describe("removing a measurement whose stored neighbour is invalid", () => {
  it("is refused, naming the neighbour by its place in the section after the removal", async () => {
    const ict3 = measurements.flatMap((m, i) => (m.kpi === "ICT-KPI-3" ? [i] : []));
    // A neighbour far from the others, after other KPIs' measurements: the last of the section.
    const late = { kpi: "ICT-KPI-3", period: "2026/27-Q1", numerator: "1", denominator: "2" };
    await store.addSectionItems("3c", "measurements", [late], financeHdc);
    expect(ict3.at(-1)).toBeLessThan(measurements.length - 1);
    // Stored before a rule tightened, say: a neighbour the domain now refuses.
    await store.db.query(
      `UPDATE scenario_section_items SET item = jsonb_set(item, '{denominator}', '"0"')
       WHERE partnership_id = '3c' AND section = 'measurements' AND position = $1`,
      [measurements.length],
    );
    const before = await state();
    const first = measurements[ict3[0] as number] as (typeof measurements)[number];
    const error = await storeErrorOf(store.deleteSectionItem("3c", "measurements", idOf(first), financeHdc));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.issues.map((i) => i.field)).toContain(`measurements[${measurements.length - 1}].denominator`);
    expect(await state()).toEqual(before);
  });
});

describe("replacing or removing an item of a section written whole", () => {
  it("refuses removing a KPI that has measurements, or a calendar an outage needs, naming what depends on it", async () => {
    const before = await state();
    const kpi = await storeErrorOf(store.deleteSectionItem("3c", "kpis", "ICT-KPI-2", financeHdc));
    expect(kpi.code).toBe("INVALID_INPUT");
    expect(kpi.issues.map((i) => i.field)).toContain(`measurements[${ict2[0]}].kpi`);
    const calendar = demoScenarioDocument.calendars?.[0]?.id as string;
    const needed = await storeErrorOf(store.deleteSectionItem("3c", "calendars", calendar, financeHdc));
    expect(needed.code).toBe("INVALID_INPUT");
    expect(needed.issues.length).toBeGreaterThan(0);
    expect(await state()).toEqual(before);
  });

  it("keeps a KPI's stored targets when the replacement gives none, and replaces a target by its id", async () => {
    const kpi = (demoScenarioDocument.kpis ?? []).find((k) => k.code === "ICT-KPI-2");
    const { targets, ...rest } = kpi as NonNullable<typeof kpi>;
    const changed = await store.replaceSectionItem("3c", "kpis", "ICT-KPI-2", { ...rest, name: "Renamed" }, system);
    expect(changed.item).toEqual({ id: "ICT-KPI-2", ...rest, name: "Renamed", targets });
    const target = (await store.listSectionItems("3c", "kpi-targets", { kpi: "ICT-KPI-2" }, { limit: 1 })).items[0];
    const { id, ...body } = target as NonNullable<typeof target>;
    const next = await store.replaceSectionItem("3c", "kpi-targets", id, { ...body, value: "12" }, system);
    expect(next.item).toMatchObject({ id, kpi: "ICT-KPI-2", value: "12" });
    const after = (await store.getSections("3c")).kpis?.find((k) => k.code === "ICT-KPI-2");
    expect(after?.targets?.length).toBe(targets?.length);
    expect((await store.verifyAudit("3c")).valid).toBe(true);
  });
});
