import { demoScenarioDocument } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { systemActor } from "../Actor.js";
import { contentHash } from "../audit/index.js";
import { actorFor, storeErrorOf, useTestStore } from "../testing/index.js";

const system = systemActor();
const store = useTestStore({ seed: (s) => s.seedDemo(system) });
// ICT is led by HDC.
const financeHdc = actorFor("HDC", "finance");
const financeCcc = actorFor("CCC", "finance");

const measurements = demoScenarioDocument.measurements ?? [];
const outages = demoScenarioDocument.outages ?? [];
const ict2 = measurements.findIndex((m) => m.kpi === "ICT-KPI-2");

describe("adding items to a stored measurements or outages section", () => {
  it("appends the item after the stored ones, leaving them as they were, with one audit record of what was appended", async () => {
    const audit = await store.verifyAudit("3c");
    const item = { kpi: "ICT-KPI-2", period: "2025/26-Q1", numerator: "9", denominator: "10" };
    const written = await store.addSectionItems("3c", "measurements", [item], financeHdc);
    expect(written.items).toEqual([{ id: "ICT-KPI-2.2025-26-Q1.all", ...item }]);
    expect((await store.getSections("3c")).measurements).toEqual([...measurements, item]);
    expect(await store.verifyAudit("3c")).toMatchObject({ valid: true, records: audit.records + 1 });
    const [record] = await store.listAudit("3c", audit.records, 1);
    expect(record).toMatchObject({
      action: "section.put",
      target: "sections/measurements",
      // The record's hashes are of what was appended and where, not of the whole section.
      beforeHash: null,
      afterHash: contentHash({ from: measurements.length, appended: [item] }),
    });
  });

  it("leaves no appended row behind a shorter whole-section write, and appends after what that write stored", async () => {
    const item = (period: string) => ({ kpi: "ICT-KPI-2", period, numerator: "9", denominator: "10" });
    await store.addSectionItems("3c", "outages", [{ ...outages[0], id: "extra" }], financeHdc);
    await store.addSectionItems("3c", "measurements", [item("2025/26-Q1"), item("2025/26-Q2")], financeHdc);
    const kept = measurements.slice(0, 2);
    await store.putSection("3c", "measurements", kept, system);
    expect((await store.getSections("3c")).measurements).toEqual(kept);
    await store.addSectionItems("3c", "measurements", [item("2025/26-Q3")], financeHdc);
    const after = await store.getSections("3c");
    expect([after.measurements, after.outages]).toEqual([
      [...kept, item("2025/26-Q3")],
      [...outages, { ...outages[0], id: "extra" }],
    ]);
    expect((await store.verifyAudit("3c")).valid).toBe(true);
  });

  it("refuses a period overlapping a stored measurement of the same KPI, naming the stored one by its place in the section", async () => {
    const stored = measurements[ict2];
    const item = { kpi: "ICT-KPI-2", period: `${stored?.period.slice(0, 7)}-P1`, numerator: "1", denominator: "2" };
    const error = await storeErrorOf(store.addSectionItems("3c", "measurements", [item], financeHdc));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.issues).toEqual([
      {
        index: 0,
        field: "period",
        message: `${item.period} overlaps measurements[${ict2}] (${stored?.period}) of ICT-KPI-2 for the partnership`,
      },
    ]);
    expect((await store.getSections("3c")).measurements).toEqual(measurements);
  });

  it("refuses a measurement already stored as ALREADY_EXISTS, and another council's lead as NOT_PERMITTED", async () => {
    const stored = measurements[ict2] as object;
    const again = await storeErrorOf(store.addSectionItems("3c", "measurements", [stored], financeHdc));
    expect(again.code).toBe("ALREADY_EXISTS");
    const outage = { ...outages[3], id: "NEW-1" };
    const refused = await storeErrorOf(
      store.addSectionItems("3c", "outages", [outage], financeCcc, {
        checks: () => ({ authorize: (_before, _services) => [{ field: "outages[0]", message: "not yours" }] }),
      }),
    );
    // The window's first place is the new outage's: told of the item, as the whole section's write tells it.
    expect([refused.code, refused.issues]).toEqual(["NOT_PERMITTED", [{ index: 0, field: "", message: "not yours" }]]);
    const dup = await storeErrorOf(store.addSectionItems("3c", "outages", [outages[7]], financeHdc));
    expect([dup.code, dup.issues]).toEqual([
      "ALREADY_EXISTS",
      [{ index: 0, field: "id", message: `outage ${JSON.stringify(outages[7]?.id)} is already stored` }],
    ]);
    expect((await store.getSections("3c")).outages).toEqual(outages);
  });

  it("tells a problem at a stored neighbour by the neighbour's place in the section, not the window's", async () => {
    const item = { kpi: "ICT-KPI-2", period: "2025/26-Q1", numerator: "9", denominator: "10" };
    const error = await storeErrorOf(
      store.addSectionItems("3c", "measurements", [item], financeHdc, {
        checks: () => ({ authorize: () => [{ field: "measurements[0].kpi", message: "see measurements[1]" }] }),
      }),
    );
    const ict = measurements.flatMap((m, i) => (m.kpi === "ICT-KPI-2" ? [i] : []));
    expect(error.issues).toEqual([{ field: `measurements[${ict[0]}].kpi`, message: `see measurements[${ict[1]}]` }]);
  });
});
