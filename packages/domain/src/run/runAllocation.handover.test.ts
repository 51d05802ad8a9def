import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../hash/index.js";
import { rechargeRun } from "../recharge/rechargeRun.js";
import { loadScenario, type ScenarioDocument } from "../schema/index.js";
import { scenarioArb } from "../testing/scenarios.js";
import { allocate, runAllocation } from "./runAllocation.js";

const MONTH_STARTS = [
  "2024-01-01",
  "2024-05-01",
  "2024-07-01",
  "2024-10-01",
  "2024-11-01",
  "2025-01-01",
  "2025-03-01",
  "2025-04-01",
  "2025-06-01",
];

/** A scenario with hand-overs on some of its services, some inside 2024/25 and some outside. */
const withHandovers = (options: Parameters<typeof scenarioArb>[0] = { linearOnly: true }) =>
  scenarioArb(options).chain((doc) =>
    fc
      .array(
        fc.tuple(
          fc.subarray(MONTH_STARTS, { minLength: 0, maxLength: 3 }),
          fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        ),
        {
          minLength: doc.services.length,
          maxLength: doc.services.length,
        },
      )
      .map((picks): ScenarioDocument => {
        const partners = doc.partners.map((p) => p.id);
        const services = doc.services.map((s, i) => {
          const [dates, leads] = picks[i] as [string[], number[]];
          let before = s.lead;
          const handovers = dates.map((effectiveFrom, k) => {
            // Any partner but the lead before it.
            const others = partners.filter((p) => p !== before);
            const lead = others[(leads[k] as number) % others.length] as string;
            before = lead;
            return { effectiveFrom, lead };
          });
          return handovers.length === 0 ? s : { ...s, handovers };
        });
        return { ...doc, services };
      }),
  );

const dateOf = (doc: ScenarioDocument) =>
  new Map([...(doc.costLines ?? []), ...(doc.income ?? [])].map((l) => [l.id as string, l.date as string]));

describe("runAllocation across hand-overs: properties", () => {
  it("charges every line under the lead in force on its date, and conserves money per lead and per service", () => {
    fc.assert(
      fc.property(withHandovers(), (doc) => {
        const scenario = loadScenario(doc);
        const r = allocate(scenario, "2024/25");
        const dates = dateOf(doc);
        for (const s of r.byService) {
          const service = scenario.services.find((x) => x.id === s.service);
          const inside = (service?.handovers ?? []).filter(
            (h) => h.effectiveFrom > "2024-04-01" && h.effectiveFrom < "2025-04-01",
          );
          expect(s.leads === undefined).toBe(inside.length === 0);
          if (s.leads === undefined) continue;
          // The lead parts sum exactly to the service, partner by partner.
          expect(s.leads.reduce((t, l) => t + l.total.minor, 0)).toBe(s.total.minor);
          expect(s.leads.reduce((t, l) => t + l.unallocated.minor, 0)).toBe(s.unallocated.minor);
          for (const p of s.shares) {
            const parts = s.leads.flatMap((l) => l.shares.filter((x) => x.partner === p.partner));
            expect(parts.reduce((t, x) => t + x.amount.minor, 0)).toBe(p.amount.minor);
          }
          for (const l of s.leads) {
            expect(l.shares.reduce((t, x) => t + x.amount.minor, 0) + l.unallocated.minor).toBe(l.total.minor);
          }
        }
        for (const a of r.allocations) {
          expect(a.shares.reduce((t, x) => t + x.amount.minor, 0) + a.unallocated.minor).toBe(a.total.minor);
          const service = scenario.services.find((x) => x.id === a.service);
          if (a.lead === undefined) continue;
          for (const id of a.lines.ids) {
            const date = dates.get(id.split("@")[0] as string) as string;
            expect(date >= (a.leadFrom as string) && date < (a.leadTo as string)).toBe(true);
            // The lead named is the lead in force on the line's date.
            const inForce =
              (service?.handovers ?? []).filter((h) => h.effectiveFrom <= date).at(-1)?.lead ?? service?.lead;
            expect(a.lead).toBe(inForce);
          }
        }
        for (const p of r.byPartner) {
          for (const s of p.services) {
            if (s.byLead !== undefined) expect(s.byLead.reduce((t, l) => t + l.total.minor, 0)).toBe(s.total.minor);
          }
        }
        expect(r.certificate.balanced).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("conserves money when support services that change lead pass costs on", () => {
    fc.assert(
      fc.property(withHandovers({ linearOnly: true, support: true }), (doc) => {
        const r = allocate(loadScenario(doc), "2024/25");
        expect(r.certificate.balanced).toBe(true);
        for (const s of r.byService) {
          if (s.leads !== undefined) expect(s.leads.reduce((t, l) => t + l.total.minor, 0)).toBe(s.total.minor);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("gives byte-identical output and hash to a scenario without hand-overs when none falls inside the period", () => {
    fc.assert(
      fc.property(scenarioArb(), fc.constantFrom("2025-04-01", "2025-06-01"), (doc, after) => {
        const plain = runAllocation(loadScenario(doc), "2024/25");
        // An empty list is no hand-over at all: the same bytes and the same hash.
        const empty = loadScenario({ ...doc, services: doc.services.map((s) => ({ ...s, handovers: [] })) });
        expect(canonicalJson(runAllocation(empty, "2024/25"))).toBe(canonicalJson(plain));
        // A hand-over after the period changes nothing the run computes; the hash covers it.
        const later = loadScenario({
          ...doc,
          services: doc.services.map((s) => ({
            ...s,
            handovers: [{ effectiveFrom: after, lead: doc.partners.find((p) => p.id !== s.lead)?.id as string }],
          })),
        });
        const { inputHash, ...rest } = runAllocation(later, "2024/25");
        const { inputHash: plainHash, ...plainRest } = plain;
        expect(canonicalJson(rest)).toBe(canonicalJson(plainRest));
        expect(inputHash).not.toBe(plainHash);
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps a year's true-up whole: advances plus true-up is the charge, and each part's charges sum to its actuals", () => {
    fc.assert(
      fc.property(withHandovers(), (doc) => {
        const scenario = loadScenario(doc);
        const run = rechargeRun({
          scenario,
          period: "2024/25",
          statements: { numbers: { AA: "A", BB: "B", CC: "C", DD: "D" }, issueDate: "2025-04-30" as never },
          budget: scenario,
        });
        for (const l of run.trueUp?.lines ?? []) expect(l.advances.minor + l.trueUp.minor).toBe(l.charge.minor);
        const parts = new Map<string, number>();
        for (const l of run.trueUp?.lines ?? []) {
          const key = `${l.service}/${l.leadFrom ?? ""}`;
          parts.set(key, (parts.get(key) ?? 0) + l.charge.minor);
        }
        for (const s of run.allocation.byService) {
          for (const part of s.leads ?? []) {
            const allocated = part.total.minor - part.unallocated.minor;
            expect(parts.get(`${s.service}/${part.from}`) ?? 0).toBe(allocated);
          }
        }
        expect(run.positions.reduce((t, p) => t + p.net.minor, 0)).toBe(0);
        expect(run.trueUpSettlement?.positions.reduce((t, p) => t + p.net.minor, 0)).toBe(0);
        // Every statement line of a service that changed lead is issued by the lead of its part.
        const byId = new Map(run.allocation.allocations.map((a) => [a.id, a]));
        for (const st of run.statements.statements) {
          for (const line of st.lines) {
            const a = byId.get(line.allocation);
            if (a?.lead !== undefined) expect(line.issuer).toBe(a.lead);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("runAllocation across hand-overs: rate × quantity", () => {
  it("refuses agreed quantities for a year that a hand-over divides, naming the hand-over", () => {
    const doc: ScenarioDocument = {
      schemaVersion: 1,
      partnership: { id: "t", name: "T", currency: "GBP" },
      partners: [
        { id: "CCC", name: "C" },
        { id: "HDC", name: "H" },
      ],
      services: [
        {
          id: "LEGAL",
          name: "Legal",
          lead: "CCC",
          pools: [{ id: "sla", name: "SLA" }],
          handovers: [{ effectiveFrom: "2024-10-01", lead: "HDC" }],
        },
      ],
      rules: [
        {
          id: "hours",
          service: "LEGAL",
          pool: "sla",
          effectiveFrom: "2024-04-01",
          basis: { kind: "rate", driver: "agreed-hours", rate: "60", rounding: "half-up", fallback: { kind: "equal" } },
        },
      ],
      costLines: [{ id: "L1", service: "LEGAL", pool: "sla", date: "2024-05-31", amount: "1000.00" }],
      income: [],
      drivers: [
        { driver: "agreed-hours", partner: "CCC", period: "2024/25", quantity: "10" },
        { driver: "agreed-hours", partner: "HDC", period: "2024/25", quantity: "10" },
      ],
    };
    expect(() => allocate(loadScenario(doc), "2024/25")).toThrow(
      "rule hours (LEGAL/sla) charges agreed quantities for 2024/25, but LEGAL changes lead on 2024-10-01, inside it; agree quantities for each lead's months",
    );
    // Without the hand-over the same year runs.
    const [legal] = doc.services;
    const oneLead = { ...doc, services: [{ ...legal, handovers: [] }] } as ScenarioDocument;
    expect(allocate(loadScenario(oneLead), "2024/25").certificate.balanced).toBe(true);
  });
});

describe("runAllocation across hand-overs: parts that cancel", () => {
  it("lists a partner's service whose parts cancel over the year, so each part is still owed to its lead", () => {
    // Found by the true-up property: a penny charged under AA and a penny credited under BB net to
    // nothing for AA over the year, and the service had dropped out of AA's charges and its true-up.
    const doc: ScenarioDocument = {
      schemaVersion: 1,
      partnership: { id: "p", name: "P", currency: "GBP" },
      partners: [
        { id: "AA", name: "Council AA" },
        { id: "BB", name: "Council BB" },
      ],
      services: [
        {
          id: "S0",
          name: "Service 0",
          lead: "AA",
          pools: [{ id: "p0", name: "Pool 0" }],
          handovers: [{ effectiveFrom: "2025-01-01", lead: "BB" }],
        },
      ],
      rules: [{ id: "r", service: "S0", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } }],
      costLines: [
        { id: "L0", service: "S0", pool: "p0", date: "2024-04-01", amount: "0.01" },
        { id: "L1", service: "S0", pool: "p0", date: "2025-03-31", amount: "-0.01" },
      ],
      drivers: [
        { driver: "users", partner: "AA", period: "2024/25", quantity: "1" },
        { driver: "users", partner: "BB", period: "2024/25", quantity: "1" },
      ],
    };
    const scenario = loadScenario(doc);
    const run = rechargeRun({
      scenario,
      period: "2024/25",
      statements: { numbers: { AA: "A", BB: "B" }, issueDate: "2025-04-30" as never },
      budget: scenario,
    });
    const aa = run.allocation.byPartner.find((p) => p.partner === "AA");
    expect(aa?.total.minor).toBe(0);
    expect(aa?.services.map((s) => [s.service, s.total.minor, s.byLead?.map((l) => [l.lead, l.total.minor])])).toEqual([
      [
        "S0",
        0,
        [
          ["AA", 1],
          ["BB", -1],
        ],
      ],
    ]);
    const lines = (run.trueUp?.lines ?? []).filter((l) => l.partner === "AA");
    expect(lines.map((l) => [l.lead, l.charge.minor, l.advances.minor + l.trueUp.minor])).toEqual([
      ["AA", 1, 1],
      ["BB", -1, -1],
    ]);
  });
});
