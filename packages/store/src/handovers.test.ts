import { addDays, dateOf, parseDate } from "@3c/domain";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "./Actor.js";
import { type Handover, handoversInside, type LeadHistory, leadOn, leadsWithin } from "./handovers.js";
import type { StoreError } from "./StoreError.js";
import { actorFor, SMALL, storeErrorOf, tickingClock, useTestStore } from "./testing/index.js";

const handover = (effectiveFrom: string, previousLead: string, lead: string): Handover => ({
  effectiveFrom,
  previousLead,
  lead,
  recordedAt: "2024-09-01T00:00:00.000Z",
  recordedBy: "admin@a",
});

/** Building Control: HDC leads it until SCDC takes over on 1 October 2024. */
const BC: LeadHistory = { id: "BC", lead: "SCDC", handovers: [handover("2024-10-01", "HDC", "SCDC")] };

describe("the lead in force", () => {
  it("is the previous lead up to the day before a hand-over and the new lead from its date", () => {
    expect([
      leadOn(BC, "2024-04-01"),
      leadOn(BC, "2024-09-30"),
      leadOn(BC, "2024-10-01"),
      leadOn(BC, "2030-01-01"),
    ]).toEqual(["HDC", "HDC", "SCDC", "SCDC"]);
  });

  it("is the service's only lead when it was never handed over", () => {
    expect(leadOn({ id: "ICT", lead: "CCC", handovers: [] }, "2024-06-01")).toBe("CCC");
  });

  it("over a quarter on either side of a hand-over is one lead; over the year around it, both in turn", () => {
    expect(leadsWithin(BC, { start: "2024-07-01", end: "2024-10-01" })).toEqual(["HDC"]);
    expect(leadsWithin(BC, { start: "2024-10-01", end: "2025-01-01" })).toEqual(["SCDC"]);
    expect(leadsWithin(BC, { start: "2024-04-01", end: "2025-04-01" })).toEqual(["HDC", "SCDC"]);
    expect(handoversInside(BC, { start: "2024-04-01", end: "2025-04-01" }).map((h) => h.effectiveFrom)).toEqual([
      "2024-10-01",
    ]);
    expect(handoversInside(BC, { start: "2024-10-01", end: "2025-01-01" })).toEqual([]);
  });

  // Histories as the store writes them: months strictly increasing, each lead differing from the one before.
  const history = fc
    .tuple(
      fc.constantFrom("A", "B", "C"),
      fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 6 }),
      fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 6, maxLength: 6 }),
    )
    .map(([first, months, steps]): LeadHistory => {
      const leads = ["A", "B", "C"];
      let lead: string = first;
      const handovers = [...months]
        .sort((a, b) => a - b)
        .map((m, i) => {
          const next = leads[(leads.indexOf(lead) + (steps[i] ?? 1)) % 3] as string;
          const h = handover(dateOf(2020 + Math.floor(m / 12), (m % 12) + 1, 1), lead, next);
          lead = next;
          return h;
        });
      return { id: "S", lead, handovers };
    });
  const day = fc.integer({ min: 0, max: 4000 }).map((n) => addDays(parseDate("2019-06-01"), n));

  it("changes exactly on a hand-over's date: the previous lead the day before, the new lead that day", () => {
    fc.assert(
      fc.property(history, (s) => {
        for (const h of s.handovers) {
          expect(leadOn(s, addDays(parseDate(h.effectiveFrom), -1))).toBe(h.previousLead);
          expect(leadOn(s, h.effectiveFrom)).toBe(h.lead);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("over any range holds every day's lead, and is that one lead when no hand-over falls inside", () => {
    fc.assert(
      fc.property(
        history,
        day,
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 399 }),
        (s, start, n, k) => {
          const span = { start, end: addDays(start, n) };
          const leads = leadsWithin(s, span);
          const inside = addDays(start, k % n);
          expect(leads).toContain(leadOn(s, inside));
          if (handoversInside(s, span).length === 0) expect(leads).toEqual([leadOn(s, start)]);
          else expect(leads).toEqual([leadOn(s, start), ...handoversInside(s, span).map((h) => h.lead)]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

const store = useTestStore({ now: tickingClock() });
const system = systemActor();
const admin = actorFor("A", "admin");

/** What a refused hand-over must leave as it was: the services and the audit chain. */
async function snapshot() {
  return { services: await store.listServices(SMALL.id), audit: (await store.verifyAudit(SMALL.id)).records };
}

describe("handing a service over", () => {
  it("appends to its history, kept in date order with who recorded it, and moves today's lead only once in force", async () => {
    const first = await store.updateService(SMALL.id, "ICT", { lead: "B", effectiveFrom: "2024-10-01" }, 1, admin);
    expect([first.lead, first.version, first.handovers]).toEqual([
      "B",
      2,
      [
        {
          effectiveFrom: "2024-10-01",
          previousLead: "A",
          lead: "B",
          recordedAt: expect.any(String),
          recordedBy: "admin@a",
        },
      ],
    ]);
    // A hand-over announced for later: today (2025-01-01 by the store's clock) B still leads.
    const second = await store.updateService(SMALL.id, "ICT", { lead: "A", effectiveFrom: "2025-04-01" }, 2, admin);
    expect(second.lead).toBe("B");
    const [ict] = await store.listServices(SMALL.id);
    expect(ict?.handovers.map((h) => [h.effectiveFrom, h.previousLead, h.lead])).toEqual([
      ["2024-10-01", "A", "B"],
      ["2025-04-01", "B", "A"],
    ]);
    expect(["2024-09-30", "2024-10-01", "2025-03-31", "2025-04-01"].map((d) => leadOn(ict as LeadHistory, d))).toEqual([
      "A",
      "B",
      "B",
      "A",
    ]);
    const log = await store.listAudit(SMALL.id, 0, 100);
    expect(log.slice(-2).map((r) => [r.action, r.target])).toEqual([
      ["service.handover", "services/ICT"],
      ["service.handover", "services/ICT"],
    ]);
    expect(await store.verifyAudit(SMALL.id)).toMatchObject({ valid: true });
  });

  it("refuses a date that is not a month's first day, a lead that takes no part or already leads, and changes nothing", async () => {
    const before = await snapshot();
    const cases = [
      [{ lead: "B", effectiveFrom: "2024-10-15" }, "effectiveFrom"],
      [{ lead: "B", effectiveFrom: "2024-02-30" }, "effectiveFrom"],
      [{ lead: "Z", effectiveFrom: "2024-10-01" }, "lead"],
      [{ lead: "A", effectiveFrom: "2024-10-01" }, "lead"],
    ] as const;
    for (const [input, field] of cases) {
      const error = await storeErrorOf(store.updateService(SMALL.id, "ICT", input, undefined, admin));
      expect([error.code, error.issues.map((i) => i.field)]).toEqual(["INVALID_INPUT", [field]]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a date not later than the latest hand-over: history is appended, never rewritten", async () => {
    await store.updateService(SMALL.id, "ICT", { lead: "B", effectiveFrom: "2024-10-01" }, undefined, admin);
    const before = await snapshot();
    // Even to the lead in force then (A led until 2024-09-30): the date is refused first.
    for (const [lead, effectiveFrom] of [
      ["A", "2024-10-01"],
      ["B", "2024-07-01"],
      ["A", "2024-07-01"],
    ] as const) {
      const error = await storeErrorOf(store.updateService(SMALL.id, "ICT", { lead, effectiveFrom }, undefined, admin));
      expect([error.code, error.issues.map((i) => i.field)]).toEqual(["INVALID_STATE", ["effectiveFrom"]]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a date before the end of a closed period, which would change who led it", async () => {
    await store.openPeriod(SMALL.id, "2024/25-Q2", system);
    await store.closePeriod(SMALL.id, "2024/25-Q2", undefined, actorFor("A", "approver"));
    const before = await snapshot();
    for (const effectiveFrom of ["2024-08-01", "2024-04-01"]) {
      const error = await storeErrorOf(
        store.updateService(SMALL.id, "ICT", { lead: "B", effectiveFrom }, undefined, admin),
      );
      expect([error.code, error.message, error.issues.map((i) => i.field)]).toEqual([
        "PERIOD_CLOSED",
        `period 2024/25-Q2 is closed: a hand-over from ${effectiveFrom} would change who led service ICT in it`,
        ["effectiveFrom"],
      ]);
    }
    expect(await snapshot()).toEqual(before);
    // From the day after the closed period on, it may.
    expect(
      (await store.updateService(SMALL.id, "ICT", { lead: "B", effectiveFrom: "2024-10-01" }, 1, admin)).version,
    ).toBe(2);
  });

  it("refuses a date before the end of an approved or posted run's period, whose statements name the leads of its time", async () => {
    const finance = actorFor("A", "finance");
    const line = (id: string, date: string) => ({ id, service: "ICT", pool: "staff", date, amount: "10.00" });
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "2024-10-15"), line("L2", "2025-02-15")], finance);
    const q3 = await store.createRun(SMALL.id, { period: "2024/25-Q3", issueDate: "2025-01-15" }, finance);
    await store.approveRun(SMALL.id, q3.id, undefined, actorFor("B", "approver"));
    // A draft binds nobody: it is drafted again once the data (here, the lead) changed.
    await store.createRun(SMALL.id, { period: "2024/25-Q4", issueDate: "2025-04-15" }, finance);
    const before = await snapshot();
    const error = await storeErrorOf(
      store.updateService(SMALL.id, "ICT", { lead: "B", effectiveFrom: "2024-12-01" }, undefined, admin),
    );
    expect([error.code, error.message, error.issues]).toEqual([
      "INVALID_STATE",
      "run run-1 of 2024/25-Q3 is approved, its statements issued by the leads of its time: a hand-over of service ICT from 2024-12-01 would contradict it; post and reverse it first, or hand over from after its period",
      [{ field: "effectiveFrom", message: "must be on or after 2025-01-01, the day after run run-1's period" }],
    ]);
    expect(await snapshot()).toEqual(before);
    const after = await store.updateService(SMALL.id, "ICT", { lead: "B", effectiveFrom: "2025-01-01" }, 1, admin);
    expect(after.handovers.map((h) => h.effectiveFrom)).toEqual(["2025-01-01"]);
  });

  it("for the same date at once: exactly one is recorded, the others refused whole", async () => {
    const records = (await store.verifyAudit(SMALL.id)).records;
    const attempts = await Promise.allSettled(
      ["B", "B", "B", "B", "B", "B"].map((lead) =>
        store.updateService(SMALL.id, "ICT", { lead, effectiveFrom: "2024-10-01" }, undefined, admin),
      ),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    for (const a of attempts)
      if (a.status === "rejected") expect(["INVALID_STATE", "ALREADY_EXISTS"]).toContain((a.reason as StoreError).code);
    const [ict] = await store.listServices(SMALL.id);
    expect([ict?.version, ict?.handovers.length]).toEqual([2, 1]);
    const rows = await store.db.query<{ n: number }>("SELECT count(*)::int AS n FROM service_handovers");
    expect(rows[0]?.n).toBe(1);
    expect(await store.verifyAudit(SMALL.id)).toMatchObject({ valid: true, records: records + 1 });
  });
});

describe("cancelling a hand-over still to come", () => {
  // The store's clock reads 2025-01-01: hand-overs from 2025-04-01 on are still to come.
  const handOver = (lead: string, effectiveFrom: string) =>
    store.updateService(SMALL.id, "ICT", { lead, effectiveFrom }, undefined, admin);

  it("removes the latest, gives the service back its previous lead at its next version, and audits it; the date can then be used again", async () => {
    await handOver("B", "2025-04-01");
    await handOver("A", "2025-07-01");
    const records = (await store.verifyAudit(SMALL.id)).records;
    const after = await store.cancelHandover(SMALL.id, "ICT", "2025-07-01", 3, admin);
    expect([after.lead, after.version, after.handovers.map((h) => [h.effectiveFrom, h.lead])]).toEqual([
      "A",
      4,
      [["2025-04-01", "B"]],
    ]);
    const log = await store.listAudit(SMALL.id, 0, 100);
    expect([log.at(-1)?.action, log.at(-1)?.target, log.at(-1)?.partner]).toEqual([
      "service.handover.cancel",
      "services/ICT/handovers/2025-07-01",
      "A",
    ]);
    expect(await store.verifyAudit(SMALL.id)).toMatchObject({ valid: true, records: records + 1 });
    // The lead after the history is B again: the next hand-over is from B, and may take the same date.
    expect((await storeErrorOf(handOver("B", "2025-07-01"))).issues).toEqual([
      { field: "lead", message: "B already leads service ICT on the day before 2025-07-01" },
    ]);
    await store.cancelHandover(SMALL.id, "ICT", "2025-04-01", undefined, admin);
    const [ict] = await store.listServices(SMALL.id);
    expect([ict?.lead, ict?.version, ict?.handovers]).toEqual(["A", 5, []]);
    const again = await handOver("B", "2025-04-01");
    expect(again.handovers.map((h) => [h.effectiveFrom, h.previousLead, h.lead])).toEqual([["2025-04-01", "A", "B"]]);
  });

  it("refuses one that is not the latest, is in force, is not there, or was read at another version, changing nothing", async () => {
    await handOver("B", "2024-10-01");
    await handOver("A", "2025-04-01");
    await handOver("B", "2025-07-01");
    const before = await snapshot();
    const refusal = async (effectiveFrom: string, version?: number, service = "ICT") => {
      const e = await storeErrorOf(store.cancelHandover(SMALL.id, service, effectiveFrom, version, admin));
      return [e.code, e.message];
    };
    expect(await refusal("2025-04-01")).toEqual([
      "INVALID_STATE",
      "the hand-over of service ICT to A from 2025-04-01 is not the latest: the hand-over to B from 2025-07-01 follows it; only the latest can be cancelled, so cancel that one first",
    ]);
    expect((await refusal("2025-07-01", 2))[0]).toBe("VERSION_MISMATCH");
    expect(await refusal("2025-10-01")).toEqual(["NOT_FOUND", 'service ICT has no hand-over from "2025-10-01"']);
    expect(await refusal("2025-07-01", undefined, "HR")).toEqual(["NOT_FOUND", 'no service "HR"']);
    expect(await snapshot()).toEqual(before);
    await store.cancelHandover(SMALL.id, "ICT", "2025-07-01", 4, admin);
    await store.cancelHandover(SMALL.id, "ICT", "2025-04-01", 5, admin);
    expect(await refusal("2024-10-01")).toEqual([
      "INVALID_STATE",
      "the hand-over of service ICT to B from 2024-10-01 is in force (today is 2025-01-01): a hand-over that has taken effect is part of the service's history; hand the service over again instead",
    ]);
  });

  it("refuses while a run of a period from its date on exists, draft or not; a run of the period before does not count", async () => {
    await handOver("B", "2025-04-01");
    const line = (id: string, date: string) => ({ id, service: "ICT", pool: "staff", date, amount: "10.00" });
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "2025-03-15")], actorFor("A", "finance"));
    await store.importRecords(SMALL.id, "cost-lines", [line("L2", "2025-05-15")], actorFor("B", "finance"));
    await store.createRun(SMALL.id, { period: "2024/25-Q4", issueDate: "2025-04-15" }, actorFor("A", "finance"));
    const q1 = await store.createRun(
      SMALL.id,
      { period: "2025/26-Q1", issueDate: "2025-07-15" },
      actorFor("B", "finance"),
    );
    const before = await snapshot();
    const error = await storeErrorOf(store.cancelHandover(SMALL.id, "ICT", "2025-04-01", undefined, admin));
    expect([error.code, error.message]).toEqual([
      "INVALID_STATE",
      `run ${q1.id} of 2025/26-Q1 (draft) was made with the leads from 2025-04-01 on, so the hand-over of service ICT to B from 2025-04-01 cannot be cancelled`,
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("is no longer refused for a draft that has been discarded: nobody can approve it", async () => {
    await handOver("B", "2025-04-01");
    const line = { id: "L2", service: "ICT", pool: "staff", date: "2025-05-15", amount: "10.00" };
    await store.importRecords(SMALL.id, "cost-lines", [line], actorFor("B", "finance"));
    const q1 = await store.createRun(
      SMALL.id,
      { period: "2025/26-Q1", issueDate: "2025-07-15" },
      actorFor("B", "finance"),
    );
    await store.discardRun(
      SMALL.id,
      q1.id,
      "drafted before the hand-over was agreed",
      undefined,
      actorFor("B", "finance"),
    );
    const after = await store.cancelHandover(SMALL.id, "ICT", "2025-04-01", undefined, admin);
    expect([after.lead, after.handovers]).toEqual(["A", []]);
  });

  it("refuses while a period ending after its date is closed", async () => {
    await handOver("B", "2025-04-01");
    await store.openPeriod(SMALL.id, "2025/26-Q1", system);
    await store.closePeriod(SMALL.id, "2025/26-Q1", undefined, actorFor("A", "approver"));
    const before = await snapshot();
    const error = await storeErrorOf(store.cancelHandover(SMALL.id, "ICT", "2025-04-01", undefined, admin));
    expect([error.code, error.message]).toEqual([
      "PERIOD_CLOSED",
      "period 2025/26-Q1 is closed and ends after 2025-04-01: it was closed with B leading service ICT from then, so the hand-over of service ICT to B from 2025-04-01 cannot be cancelled",
    ]);
    expect(await snapshot()).toEqual(before);
  });
});

describe("runs after a hand-over", () => {
  const line = (id: string, date: string) => ({ id, service: "ICT", pool: "staff", date, amount: "10.00" });

  beforeEach(async () => {
    await store.importRecords(SMALL.id, "cost-lines", [line("L1", "2024-09-15")], actorFor("A", "finance"));
    await store.importRecords(SMALL.id, "cost-lines", [line("L2", "2024-10-15")], actorFor("B", "finance"));
    await store.updateService(SMALL.id, "ICT", { lead: "B", effectiveFrom: "2024-10-01" }, undefined, admin);
  });

  it("take the lead in force over their period: the quarter before the date has the previous lead", async () => {
    const lead = async (period: string) => (await store.scenarioDocument(SMALL.id, period)).services?.[0]?.lead;
    expect([await lead("2024/25-Q2"), await lead("2024/25-Q3"), await lead("2024/25-P6")]).toEqual(["A", "B", "A"]);
  });

  it("of a period the hand-over falls inside carry it, and charge each line by the lead on its date", async () => {
    const handovers = async (period: string) => (await store.scenarioDocument(SMALL.id, period)).services?.[0];
    expect(await handovers("2024/25")).toMatchObject({
      lead: "A",
      handovers: [{ effectiveFrom: "2024-10-01", lead: "B" }],
    });
    // A period under one lead gives the document it always did: no hand-overs at all.
    expect("handovers" in ((await handovers("2024/25-Q2")) ?? {})).toBe(false);
    const year = await store.createRun(
      SMALL.id,
      { period: "2024/25", issueDate: "2025-04-30" },
      actorFor("A", "finance"),
    );
    const result = await store.getRunResult(SMALL.id, year.id);
    expect(result?.allocation.byService[0]?.leads?.map((l) => [l.lead, l.from, l.total.minor])).toEqual([
      ["A", "2024-04-01", 1000],
      ["B", "2024-10-01", 1000],
    ]);
    // Each partner pays the other for the half-year the other led: £5 each way.
    expect(
      result?.statements.statements.map((st) => [st.partner, st.lines.map((l) => [l.issuer, l.amount.minor])]),
    ).toEqual([
      ["A", [["B", 500]]],
      ["B", [["A", 500]]],
    ]);
  });
});
