import { describe, expect, it } from "vitest";
import { openPglite } from "../db/index.js";
import { scenarioDocument } from "../scenarioDocument.js";
import { listServices } from "../structure.js";
import { MIGRATIONS } from "./index.js";
import { migrate } from "./migrate.js";

describe("migration 13 (a service's start)", () => {
  it("leaves services stored before it from the beginning, in every period's scenario; a date is a month's first day", async () => {
    const db = await openPglite();
    try {
      await migrate(
        db,
        MIGRATIONS.filter((m) => m.id < 13),
      );
      await db.exec(`
        INSERT INTO partnerships (id, name, currency, settings, created_at) VALUES ('p1', 'P', 'GBP', '{}', 'then');
        INSERT INTO partners (partnership_id, id, name) VALUES ('p1', 'A', 'A');
        INSERT INTO services (partnership_id, id, name, lead) VALUES ('p1', 'ICT', 'ICT', 'A');
        INSERT INTO pools (partnership_id, service_id, id, name, position) VALUES ('p1', 'ICT', 'staff', 'Staff', 0);
      `);
      expect(
        await migrate(
          db,
          MIGRATIONS.filter((m) => m.id <= 13),
        ),
      ).toEqual([13]);
      const [ict] = await listServices(db, "p1");
      expect([ict?.effectiveFrom, ict?.pools]).toEqual([undefined, [{ id: "staff", name: "Staff" }]]);
      for (const period of ["2010/11", "2025/26-Q1"])
        expect((await scenarioDocument(db, "p1", period, "actual")).services.map((s) => s.id)).toEqual(["ICT"]);
      await expect(db.exec("UPDATE services SET effective_from = '2025-04-15'")).rejects.toThrow(/check constraint/);
    } finally {
      await db.close();
    }
  });
});
