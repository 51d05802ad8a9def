import { describe, expect, it } from "vitest";
import { openPglite } from "../db/index.js";
import { getSections } from "../sections.js";
import { MIGRATIONS } from "./index.js";
import { migrate } from "./migrate.js";

describe("migration 14 (measurements and outages as rows)", () => {
  it("moves the stored items into rows in their order, with their neighbour field, and reads every section back as it was", async () => {
    const db = await openPglite();
    try {
      await migrate(
        db,
        MIGRATIONS.filter((m) => m.id < 14),
      );
      const measurements = [
        { kpi: "K2", period: "2024/25", value: "1" },
        { kpi: "K1", period: "2024/25", partner: "A", value: "2" },
      ];
      const outages = [{ id: "O9", start: "2024-05-01T10:00:00Z" }];
      const kpiScheme = { kind: "improvement" };
      await db.exec(
        "INSERT INTO partnerships (id, name, currency, settings, created_at) VALUES ('p1', 'P', 'GBP', '{}', 'then')",
      );
      for (const [section, body] of Object.entries({ measurements, outages, kpiScheme }))
        await db.query(
          "INSERT INTO scenario_sections (partnership_id, section, body, updated_at) VALUES ('p1', $1, $2, '2025-01-01T00:00:00Z')",
          [section, JSON.stringify(body)],
        );
      expect(
        await migrate(
          db,
          MIGRATIONS.filter((m) => m.id <= 14),
        ),
      ).toEqual([14]);
      expect(
        await db.query("SELECT section, position, neighbour FROM scenario_section_items ORDER BY section, position"),
      ).toEqual([
        { section: "measurements", position: 0, neighbour: "K2" },
        { section: "measurements", position: 1, neighbour: "K1" },
        { section: "outages", position: 0, neighbour: "O9" },
      ]);
      expect(await getSections(db, "p1")).toEqual({ kpiScheme, measurements, outages });
    } finally {
      await db.close();
    }
  });
});
