import { describe, expect, it } from "vitest";
import { systemActor } from "./Actor.js";
import { reservedIdProblem } from "./reservedIds.js";
import { actorFor, SMALL, storeErrorOf, useTestStore } from "./testing/index.js";

describe("reservedIdProblem", () => {
  it("reserves the partner id `all`, exactly, and only for partners", () => {
    expect(reservedIdProblem("partner", "all")).toContain('"all" is reserved');
    expect([
      reservedIdProblem("partner", "ALL"),
      reservedIdProblem("service", "all"),
      reservedIdProblem("KPI", "all"),
    ]).toEqual([undefined, undefined, undefined]);
  });

  it("refuses a '.' in a partner, service, pool or KPI id, and accepts the rest of the domain's id pattern", () => {
    for (const kind of ["partner", "service", "pool", "KPI"] as const) {
      expect(reservedIdProblem(kind, "a.b")).toBe(
        `a ${kind} id must not contain '.': item ids join ids with '.', so "a.b" would make them ambiguous`,
      );
      expect(reservedIdProblem(kind, "ICT-KPI_1")).toBeUndefined();
    }
  });
});

describe("reserved ids at creation in the store", () => {
  const store = useTestStore();
  const admin = actorFor("A", "admin");
  const kpi = (code: string) => ({
    code,
    name: `${code} calls answered in time`,
    service: "ICT",
    unit: "percent",
    polarity: "higher-is-better",
    targets: [{ year: "2024/25", value: "95" }],
  });

  it("refuse a new KPI code with '.', and keep one stored before the rule", async () => {
    const refused = await storeErrorOf(store.putSection(SMALL.id, "kpis", [kpi("ICT-1"), kpi("ICT.2")], admin));
    expect([refused.code, refused.issues?.map((i) => i.field)]).toEqual(["INVALID_INPUT", ["kpis[1].code"]]);
    // Stored before the rule (written here as an older version would have): kept, and written again.
    await store.db.query(
      "INSERT INTO scenario_sections (partnership_id, section, body, updated_at) VALUES ($1, 'kpis', $2, now())",
      [SMALL.id, JSON.stringify([kpi("OLD.1")])],
    );
    await store.putSection(SMALL.id, "kpis", [kpi("OLD.1"), kpi("ICT-1")], admin);
    expect(((await store.getSections(SMALL.id)).kpis ?? []).map((k) => k.code)).toEqual(["OLD.1", "ICT-1"]);
  });

  it("refuse a partnership's first partners named `all` or with '.', naming each", async () => {
    const refused = await storeErrorOf(
      store.createPartnership(
        {
          id: "p9",
          name: "P",
          currency: "GBP",
          settings: {},
          partners: [
            { id: "all", name: "All" },
            { id: "B", name: "B" },
            { id: "C.1", name: "C" },
          ],
        },
        systemActor(),
      ),
    );
    expect([refused.code, refused.issues?.map((i) => i.field)]).toEqual([
      "INVALID_INPUT",
      ["partners[0].id", "partners[2].id"],
    ]);
  });
});
