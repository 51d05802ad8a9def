import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isStoreError } from "./StoreError.js";
import { actorFor, SMALL, seedSmall, tickingClock, useTestStore } from "./testing/index.js";

const financeA = actorFor("A", "finance");

const store = useTestStore({
  now: tickingClock(),
  seed: async (s) => {
    await seedSmall(s);
    const line = (id: string, amount: string, date: string) => ({ id, service: "ICT", pool: "staff", date, amount });
    await s.importRecords(
      SMALL.id,
      "cost-lines",
      [line("L1", "100.01", "2024-05-31"), line("L2", "20.00", "2024-08-31")],
      financeA,
    );
    const drafts = [
      ["2024/25-Q1", "2024-07-15"],
      ["2024/25-Q2", "2024-10-15"],
      ["2024/25-Q1", "2024-07-16"],
      ["2024/25-Q3", "2025-01-15"],
      ["2024/25-Q1", "2024-07-17"],
    ] as const;
    for (const [period, issueDate] of drafts) await s.createRun(SMALL.id, { period, issueDate }, financeA);
  },
});

describe("a page of runs", () => {
  it("holds the runs newest first, each once, page after page by the cursor, with or without a period", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(undefined, "2024/25-Q1", "2024/25-Q2", "2024/25-Q4"),
        async (limit, period) => {
          const filter = period === undefined ? {} : { period };
          const seen: string[] = [];
          let cursor: string | undefined;
          for (;;) {
            const page = await store.pageRuns(SMALL.id, filter, { limit, ...(cursor === undefined ? {} : { cursor }) });
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((r) => r.id));
            if (page.nextCursor === null) break;
            expect(page.nextCursor).toBe(page.items.at(-1)?.id);
            cursor = page.nextCursor;
          }
          expect(seen).toEqual((await store.listRuns(SMALL.id, filter)).map((r) => r.id));
        },
      ),
      { numRuns: 30 },
    );
    const first = await store.pageRuns(SMALL.id, {}, { limit: 2 });
    expect([first.items.map((r) => [r.id, r.period]), first.nextCursor]).toEqual([
      [
        ["run-5", "2024/25-Q1"],
        ["run-4", "2024/25-Q3"],
      ],
      "run-4",
    ]);
  });

  it("is refused at its cursor when the cursor names no run", async () => {
    const refusal = await store.pageRuns(SMALL.id, {}, { limit: 2, cursor: "run-99" }).catch((e: unknown) => e);
    expect(isStoreError(refusal, "INVALID_INPUT")).toBe(true);
    expect((refusal as { issues: unknown }).issues).toEqual([
      { field: "cursor", message: 'no run "run-99": a cursor is the nextCursor of the previous page' },
    ]);
  });
});
