import { describe, expect, it } from "vitest";
import { openPglite } from "../db/index.js";
import { MIGRATIONS } from "./index.js";
import { migrate } from "./migrate.js";

describe("migration 18 (a section kept as rows keeps its length)", () => {
  it("sets each stored section's item count to its rows, and 0 for a section written whole", async () => {
    const db = await openPglite();
    try {
      await migrate(
        db,
        MIGRATIONS.filter((m) => m.id < 18),
      );
      await db.exec(
        "INSERT INTO partnerships (id, name, currency, settings, created_at) VALUES ('p1', 'P', 'GBP', '{}', 'then')",
      );
      for (const section of ["measurements", "outages", "kpiScheme"])
        await db.query(
          "INSERT INTO scenario_sections (partnership_id, section, body, updated_at) VALUES ('p1', $1, $2, '2025-01-01T00:00:00Z')",
          [section, section === "kpiScheme" ? '{"kind":"improvement"}' : "[]"],
        );
      // Positions with a gap, as a removal leaves them: the count is of rows, not the last position.
      await db.exec(
        `INSERT INTO scenario_section_items (partnership_id, section, position, neighbour, item) VALUES
           ('p1', 'measurements', 0, 'K1', '{"kpi":"K1","period":"2024/25","value":"1"}'),
           ('p1', 'measurements', 5, 'K2', '{"kpi":"K2","period":"2024/25","value":"2"}'),
           ('p1', 'outages', 3, 'O1', '{"id":"O1"}')`,
      );
      expect(
        await migrate(
          db,
          MIGRATIONS.filter((m) => m.id <= 18),
        ),
      ).toEqual([18]);
      expect(await db.query("SELECT section, item_count FROM scenario_sections ORDER BY section")).toEqual([
        { section: "kpiScheme", item_count: 0 },
        { section: "measurements", item_count: 2 },
        { section: "outages", item_count: 1 },
      ]);
    } finally {
      await db.close();
    }
  });
});
