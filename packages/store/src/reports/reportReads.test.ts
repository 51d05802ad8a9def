import { describe, expect, it } from "vitest";
import { systemActor } from "../Actor.js";
import { Store } from "../Store.js";
import { actorFor, restoreStore, SMALL, snapshotStore, tickingClock, useTestStore } from "../testing/index.js";

const store = useTestStore({ now: tickingClock() });
const system = systemActor();
const overlay = (stored: unknown) => stored;
const line = (id: string, date: string, amount = "10.00") => ({ id, service: "ICT", pool: "staff", date, amount });
const importLine = (id: string, date: string, partnership: string = SMALL.id) =>
  store.importRecords(partnership, "cost-lines", [line(id, date)], system);

/**
 * What a year's reports keep: 2024/25's cost lines, read in a snapshot and kept as the year's
 * "lines" — and how many times they were made — so a test sees when the store gave the kept value
 * and when it read the year again.
 */
let made = 0;
const keptLines = (partnership: string = SMALL.id, year = "2024/25") =>
  store.readForReports(partnership, (reads) =>
    reads.kept(year, "lines", async () => {
      made++;
      const doc = await reads.reportScenarioDocument(year, overlay);
      return (doc.costLines ?? []).map((l) => `${l.id} ${l.amount}`);
    }),
  );

describe("what a year's reports keep between requests", () => {
  it("is given again, the same value and frozen, while the partnership's data state is the same", async () => {
    await importLine("L1", "2024-06-30");
    made = 0;
    const first = await keptLines();
    const again = await keptLines();
    expect(first).toEqual(["L1 10.00"]);
    expect(again).toBe(first);
    expect(Object.isFrozen(again)).toBe(true);
    expect(made).toBe(1);
  });

  it("is made again after records are imported into the year, cost lines or driver quantities", async () => {
    await importLine("L1", "2024-06-30");
    made = 0;
    await keptLines();
    await importLine("L2", "2025-03-31");
    expect(await keptLines()).toEqual(["L1 10.00", "L2 10.00"]);
    await store.importRecords(
      SMALL.id,
      "drivers",
      [{ driver: "users", partner: "A", period: "2024/25", quantity: "3" }],
      system,
    );
    await keptLines();
    expect(made).toBe(3);
  });

  it("is given again after writes that cannot change the year: another year's records, a key, a run, a period's status", async () => {
    await importLine("L1", "2024-06-30");
    made = 0;
    const first = await keptLines();
    await importLine("L0", "2024-03-31");
    await importLine("L9", "2025-04-01");
    await store.importRecords(
      SMALL.id,
      "drivers",
      [{ driver: "users", partner: "A", period: "2025/26", quantity: "3" }],
      system,
    );
    await store.importRecords(SMALL.id, "budget-lines", [line("B1", "2025-06-30")], system);
    await store.createKey({ partnership: SMALL.id, partner: "A", role: "viewer", name: "reader" }, system);
    const run = await store.createRun(
      SMALL.id,
      { period: "2025/26-Q1", issueDate: "2025-07-01" },
      actorFor("A", "finance"),
    );
    await store.approveRun(SMALL.id, run.id, undefined, actorFor("B", "approver"));
    await store.openPeriod(SMALL.id, "2025/26-Q2", system);
    await store.closePeriod(SMALL.id, "2025/26-Q2", undefined, system);
    expect(await keptLines()).toBe(first);
    expect(made).toBe(1);
  });

  it("is made again after any other write, even one that leaves the year's lines as they were (a rule's consent, a service, a section)", async () => {
    await importLine("L1", "2024-06-30");
    made = 0;
    await keptLines();
    await store.proposeRule(
      SMALL.id,
      { id: "ict-equal-v2", service: "ICT", effectiveFrom: "2024-10-01", basis: { kind: "equal" } },
      actorFor("A", "finance"),
    );
    await keptLines();
    await store.consentRule(SMALL.id, "ict-equal-v2", actorFor("A", "approver"));
    await keptLines();
    await store.createService(
      SMALL.id,
      { id: "HR", name: "HR", lead: "B", pools: [{ id: "staff", name: "Staff" }] },
      system,
    );
    await keptLines();
    expect(made).toBe(4);
  });

  it("is given again after a section is sent exactly as stored, which writes nothing, and made again after a real change", async () => {
    await store.putSection(SMALL.id, "kpiScheme", { kind: "tolerance" }, system);
    await importLine("L1", "2024-06-30");
    made = 0;
    const first = await keptLines();
    await store.putSection(SMALL.id, "kpiScheme", { kind: "tolerance" }, system);
    expect(await keptLines()).toBe(first);
    await store.putSection(SMALL.id, "kpiScheme", { kind: "improvement" }, system);
    await keptLines();
    expect(made).toBe(2);
  });

  it("is not carried over from another history of the partnership, such as one after its data was put back", async () => {
    await importLine("L1", "2024-06-30");
    await snapshotStore(store);
    // Another process's store over the same database keeps 2024/25 with L1 and L2 (history A)...
    const other = new Store(store.db);
    await importLine("L2", "2024-07-31");
    const kept = () =>
      other.readForReports(SMALL.id, (reads) =>
        reads.kept("2024/25", "lines", async () =>
          ((await reads.reportScenarioDocument("2024/25", overlay)).costLines ?? []).map((l) => l.id),
        ),
      );
    expect(await kept()).toEqual(["L1", "L2"]);
    // ...then the data is put back to before L2 and written again (history B): L3 in 2024/25 at
    // L2's place in the chain, and an import into another year, which alone would carry it over.
    await restoreStore(store);
    await importLine("L3", "2024-08-31");
    await importLine("L9", "2025-04-01");
    expect(await kept()).toEqual(["L1", "L3"]);
  });

  it("is made once when requests ask for it at once at the same state (on a server, each in its own snapshot)", async () => {
    await importLine("L1", "2024-06-30");
    made = 0;
    const answers = await Promise.all([keptLines(), keptLines(), keptLines(), keptLines()]);
    expect(made).toBe(1);
    for (const a of answers) expect(a).toBe(answers[0]);
    // Once made, a later state is made again, once.
    await importLine("L2", "2024-07-31");
    await Promise.all([keptLines(), keptLines()]);
    expect(made).toBe(2);
  });

  it("is kept apart for each partnership, and a write to one leaves what another keeps", async () => {
    await store.createPartnership({ ...SMALL, id: "p2" }, system);
    await store.createService(
      "p2",
      { id: "ICT", name: "ICT", lead: "A", pools: [{ id: "staff", name: "Staff" }] },
      system,
    );
    await importLine("L1", "2024-06-30");
    await importLine("M1", "2024-07-31", "p2");
    made = 0;
    expect(await keptLines()).toEqual(["L1 10.00"]);
    expect(await keptLines("p2")).toEqual(["M1 10.00"]);
    await importLine("M2", "2024-08-31", "p2");
    expect(await keptLines()).toEqual(["L1 10.00"]);
    expect(await keptLines("p2")).toEqual(["M1 10.00", "M2 10.00"]);
    expect(made).toBe(3);
  });

  it("weighs against the bound what its reader says, else the year's cost and income lines plus one", async () => {
    await importLine("L1", "2024-06-30");
    await importLine("L2", "2024-07-31");
    const before = store.keptForReports.lines;
    await keptLines();
    expect(store.keptForReports.lines - before).toBe(3);
    await store.readForReports(SMALL.id, (reads) =>
      reads.kept(
        "2024/25",
        "weighed",
        () => "x",
        () => 7,
      ),
    );
    expect(store.keptForReports.lines - before).toBe(10);
  });

  it("is never kept when the store keeps nothing, nor an error, nor for an unknown partnership", async () => {
    const bare = new Store(store.db, { reportCache: false });
    let calls = 0;
    const count = () => bare.readForReports(SMALL.id, (reads) => reads.kept("2024/25", "n", () => ++calls));
    expect([await count(), await count()]).toEqual([1, 2]);
    const failing = () =>
      store.readForReports(SMALL.id, (reads) =>
        reads.kept("2024/25", "failing", () => {
          calls++;
          throw new Error("refused");
        }),
      );
    await expect(failing()).rejects.toThrow("refused");
    await expect(failing()).rejects.toThrow("refused");
    expect(calls).toBe(4);
    const unknown = () => store.readForReports("nobody", (reads) => reads.kept("2024/25", "n", () => ++calls));
    expect([await unknown(), await unknown()]).toEqual([5, 6]);
  });

  it("reads the data state and the data in one snapshot: a write committed meanwhile is in neither", async () => {
    await importLine("L1", "2024-06-30");
    const seen = await store.readForReports(SMALL.id, async (reads) => {
      const write = importLine("L2", "2024-07-31");
      // On a server the write commits while the snapshot is open; PGlite's one connection holds it
      // until the snapshot ends.
      if (store.db.kind === "postgres") await write;
      const doc = await reads.reportScenarioDocument("2024/25", overlay);
      return { state: reads.state, lines: (doc.costLines ?? []).map((l) => l.id), write };
    });
    await seen.write;
    expect(seen.lines).toEqual(["L1"]);
    const after = await store.readForReports(SMALL.id, async (reads) => reads.state);
    expect(after?.seq).toBe((seen.state?.seq ?? 0) + 1);
  });
});

describe("the records a kept year is checked by", () => {
  it("are only ever added by the store: no statement of its source updates or deletes them", async () => {
    // A kept year carried over an import is checked by its count of each kind: sound only while
    // records are never changed or removed (see `unchangedSince`).
    const { readdir, readFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const root = new URL("..", import.meta.url).pathname;
    const files = (await readdir(root, { recursive: true })).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.startsWith("migrations"),
    );
    const tables = ["cost_lines", "income", "drivers", "fx_rates"];
    const changing = new RegExp(`(UPDATE|DELETE FROM|TRUNCATE)\\s+(${tables.join("|")})\\b`, "i");
    const found: string[] = [];
    for (const f of files) if (changing.test(await readFile(join(root, f), "utf8"))) found.push(f);
    expect(found).toEqual([]);
    expect(files.length).toBeGreaterThan(20);
  });
});
