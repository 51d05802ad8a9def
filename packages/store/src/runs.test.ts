import { describe, expect, it } from "vitest";
import { contentHash } from "./audit/index.js";
import { auditedRun } from "./runs.js";
import { actorFor, SMALL, seedSmall, tickingClock, useTestStore } from "./testing/index.js";

const financeA = actorFor("A", "finance");
const approverB = actorFor("B", "approver");

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
  },
});

describe("the audit records of run transitions", () => {
  it("hash the run's identity and state before and after, so no two approvals or postings hash alike", async () => {
    const runs = [
      await store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-15" }, financeA),
      await store.createRun(SMALL.id, { period: "2024/25-Q2", issueDate: "2024-10-15" }, financeA),
    ];
    const states = [];
    for (const run of runs) {
      const approved = await store.approveRun(SMALL.id, run.id, undefined, approverB);
      const posted = await store.postRun(SMALL.id, run.id, undefined, approverB);
      states.push([run, approved], [approved, posted]);
    }
    const reversal = await store.reverseRun(SMALL.id, "run-1", "2024/25-Q3", financeA);
    const original = await store.getRun(SMALL.id, "run-1");
    const log = (await store.listAudit(SMALL.id, 0, 100)).filter((r) => r.action.startsWith("run."));
    const transitions = log.filter((r) => r.action === "run.approve" || r.action === "run.post");
    expect(transitions.map((r) => [r.action, r.target])).toEqual([
      ["run.approve", "runs/run-1"],
      ["run.post", "runs/run-1"],
      ["run.approve", "runs/run-2"],
      ["run.post", "runs/run-2"],
    ]);
    expect(transitions.map((r) => [r.beforeHash, r.afterHash])).toEqual(
      states.map(([before, after]) => [
        contentHash(auditedRun(before as NonNullable<typeof original>)),
        contentHash(auditedRun(after as NonNullable<typeof original>)),
      ]),
    );
    // One record's after is the next one's before (the same state); otherwise all differ.
    expect(new Set(transitions.map((r) => r.beforeHash)).size).toBe(4);
    expect(new Set(transitions.map((r) => r.afterHash)).size).toBe(4);
    expect(auditedRun(runs[0] as NonNullable<typeof original>)).toMatchObject({
      id: "run-1",
      period: "2024/25-Q1",
      status: "draft",
      outputHash: runs[0]?.manifest.outputHash,
    });
    const reverse = log.find((r) => r.action === "run.reverse");
    expect([reverse?.target, reverse?.beforeHash]).toEqual([
      `runs/${reversal.id}`,
      contentHash(auditedRun(original as NonNullable<typeof original>)),
    ]);
    expect(reverse?.afterHash).toBe(contentHash({ ...auditedRun(reversal), manifest: original?.manifest }));
  });
});

describe("the audit records of a reversal", () => {
  it("hash the dates and numbers its credit notes go out with, which its output hash (the reversed run's) does not hold", async () => {
    const run = await store.createRun(SMALL.id, { period: "2024/25-Q1", issueDate: "2024-07-15" }, financeA);
    await store.approveRun(SMALL.id, run.id, undefined, approverB);
    const posted = await store.postRun(SMALL.id, run.id, undefined, approverB);
    const own = { issueDate: "2024-10-20", dueDate: "2024-11-19", numbers: { B: "CN-7" } };
    const reversal = await store.reverseRun(SMALL.id, run.id, "2024/25-Q2", financeA, own);
    expect(auditedRun(reversal)).toMatchObject({
      kind: "reversal",
      outputHash: posted.manifest.outputHash,
      reversal: own,
    });
    const approved = await store.approveRun(SMALL.id, reversal.id, undefined, approverB);
    const log = (await store.listAudit(SMALL.id, 0, 100)).filter((r) => r.target === `runs/${reversal.id}`);
    expect(log.map((r) => [r.action, r.afterHash])).toEqual([
      ["run.reverse", contentHash({ ...auditedRun(reversal), manifest: posted.manifest })],
      ["run.approve", contentHash(auditedRun(approved))],
    ]);
    // A recharge run's statements are in its output hash: its record is as it always was.
    expect(auditedRun(posted)).not.toHaveProperty("reversal");
  });
});
