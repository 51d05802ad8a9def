import { describe, expect, it } from "vitest";
import { DomainError } from "../errors/index.js";
import { parseMoney } from "../money/index.js";
import { runAllocation } from "../run/index.js";
import type { BasisKind } from "../scenario/index.js";
import { type BasisDocument, parseScenario } from "../schema/index.js";
import { DEMO_PERIOD, demoScenario, demoScenarioDocument } from "./index.js";

const doc = demoScenarioDocument;

/** Every basis kind, checked by the compiler: a new kind must be added here. */
const ALL_KINDS = Object.keys({
  equal: true,
  fixed: true,
  driver: true,
  blended: true,
  direct: true,
  rate: true,
  "two-stage": true,
  composite: true,
} satisfies Record<BasisKind, true>);

function kindsIn(basis: BasisDocument, into: Set<string>): Set<string> {
  into.add(basis.kind);
  if (basis.kind === "rate") kindsIn(basis.fallback, into);
  if (basis.kind === "two-stage") kindsIn(basis.rest, into);
  if (basis.kind === "composite") for (const c of basis.components) kindsIn(c.basis, into);
  return into;
}

/** Exact total in pence of the document's cost lines, optionally for one service and a date range. */
function costPence(service?: string, from = "0000-00-00", to = "9999-99-99"): number {
  return (doc.costLines ?? [])
    .filter((l) => (service === undefined || l.service === service) && l.date >= from && l.date < to)
    .reduce((s, l) => s + parseMoney(l.amount, "GBP").minor, 0);
}

function incomePence(from = "0000-00-00", to = "9999-99-99"): number {
  return (doc.income ?? [])
    .filter((l) => l.date >= from && l.date < to)
    .reduce((s, l) => s + parseMoney(l.amount, "GBP").minor, 0);
}

describe("the demo scenario", () => {
  it("validates with no issues", () => {
    const result = parseScenario(doc);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it("writes every amount and quantity as a decimal string, amounts with two decimals", () => {
    for (const l of [...(doc.costLines ?? []), ...(doc.income ?? [])]) expect(l.amount).toMatch(/^\d+\.\d{2}$/);
    for (const d of doc.drivers ?? []) expect(d.quantity).toMatch(/^\d+(\.\d+)?$/);
  });

  it("has a cost line for every pool in every month of 2024/25, with ids in date order", () => {
    for (const service of doc.services) {
      for (const pool of service.pools) {
        const lines = (doc.costLines ?? []).filter((l) => l.service === service.id && l.pool === pool.id);
        expect(lines).toHaveLength(12);
        expect(lines.every((l) => l.date >= "2024-04-01" && l.date < "2025-04-01")).toBe(true);
        const byId = [...lines].sort((a, b) => (a.id < b.id ? -1 : 1)).map((l) => l.date);
        expect(byId).toEqual([...byId].sort());
        expect(new Set(lines.map((l) => l.amount)).size).toBeGreaterThan(1);
      }
    }
  });

  it("uses every rule basis kind as a rule's own basis", () => {
    // The document type leaves a basis as `unknown` (the schema's input type).
    const bases = doc.rules.map((r) => r.basis as BasisDocument);
    expect([...new Set(bases.map((b) => b.kind))].sort()).toEqual([...ALL_KINDS].sort());
    const nested = bases.reduce((s, b) => kindsIn(b, s), new Set<string>());
    expect([...nested].sort()).toEqual([...ALL_KINDS].sort());
  });

  it("gives every pool a rule and every service a service-wide rule", () => {
    for (const service of doc.services) {
      expect(doc.rules.some((r) => r.service === service.id && r.pool === undefined)).toBe(true);
      for (const pool of service.pools) {
        expect(doc.rules.some((r) => r.service === service.id && r.pool === pool.id)).toBe(true);
      }
    }
  });

  it("changes the Building Control staff basis from 3 October 2024", () => {
    const versions = doc.rules.filter((r) => r.service === "BC" && r.pool === "staff").map((r) => r.effectiveFrom);
    expect(versions).toEqual(["2024-04-01", "2024-10-03"]);
  });

  it("costs ICT between £5.9m and £6.3m, Legal between £1.6m and £1.8m and Building Control about £1.3m", () => {
    const ict = costPence("ICT");
    const legal = costPence("LEGAL");
    const bc = costPence("BC");
    expect(ict).toBeGreaterThanOrEqual(590_000_000);
    expect(ict).toBeLessThanOrEqual(630_000_000);
    expect(legal).toBeGreaterThanOrEqual(160_000_000);
    expect(legal).toBeLessThanOrEqual(180_000_000);
    expect(bc).toBeGreaterThanOrEqual(120_000_000);
    expect(bc).toBeLessThanOrEqual(140_000_000);
  });

  it("balances for the year 2024/25: money in equals allocated plus unallocated", () => {
    const run = runAllocation(demoScenario(), DEMO_PERIOD);
    const { certificate } = run;
    expect(certificate.balanced).toBe(true);
    expect(certificate.moneyIn.minor).toBe(certificate.allocated.minor + certificate.unallocated.minor);
    expect(certificate.moneyIn.minor).toBe(costPence() - incomePence());
    expect(certificate.lineCount).toBeGreaterThanOrEqual((doc.costLines ?? []).length + (doc.income ?? []).length);
    expect(run.byPartner.map((p) => p.partner)).toEqual(["CCC", "HDC", "SCDC"]);
    const flows = new Map(run.support?.flows.map((f) => [`${f.from}>${f.to}`, f.amount.minor]));
    for (const key of ["ICT>LEGAL", "ICT>BC", "LEGAL>ICT"]) expect(flows.get(key)).toBeGreaterThan(0);
  });

  it("splits Building Control staff by both versions of its rule in the year", () => {
    const run = runAllocation(demoScenario(), DEMO_PERIOD);
    const rules = new Set(run.allocations.filter((a) => a.service === "BC" && a.pool === "staff").map((a) => a.rule));
    expect([...rules].sort()).toEqual(["bc-staff-v1", "bc-staff-v2"]);
  });

  it("gives the same run, with the same hash, every time", () => {
    expect(runAllocation(demoScenario(), DEMO_PERIOD)).toEqual(runAllocation(demoScenario(), DEMO_PERIOD));
  });

  it("also runs for the quarter 2024/25-Q3, charging the hours agreed for that quarter", () => {
    const run = runAllocation(demoScenario(), "2024/25-Q3");
    expect(run.certificate.balanced).toBe(true);
    expect(run.certificate.moneyIn.minor).toBe(run.certificate.allocated.minor + run.certificate.unallocated.minor);
    const q3In = costPence(undefined, "2024-10-01", "2025-01-01") - incomePence("2024-10-01", "2025-01-01");
    expect(run.certificate.moneyIn.minor).toBe(q3In);
    const legalStaff = run.allocations.filter((a) => a.service === "LEGAL" && a.pool === "staff");
    expect(legalStaff.map((a) => a.basisPeriod)).toEqual(["2024/25-Q3"]);
  });

  it("refuses a month for the Legal staff rate, whose hours are agreed per quarter", () => {
    const monthly = () => runAllocation(demoScenario(), "2024/25-P7");
    expect(monthly).toThrow(DomainError);
    expect(monthly).toThrow(expect.objectContaining({ code: "INVALID_RULE" }));
  });
});
