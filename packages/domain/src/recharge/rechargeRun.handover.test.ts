import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../period/index.js";
import { annualReport } from "../report/index.js";
import { loadScenario, type ScenarioDocument } from "../schema/index.js";
import { budgetScenario } from "./budgetScenario.js";
import { rechargeRun } from "./rechargeRun.js";
import { runView } from "./runView.js";
import { serviceLeads } from "./serviceLeads.js";

/**
 * ICT, led by HDC until CCC takes it over on 1 October 2024; shared equally, leftover pennies to
 * the lead. Half a year's costs under each lead, and a budget of £90,000 for the year.
 */
const doc: ScenarioDocument = {
  schemaVersion: 1,
  partnership: { id: "3c", name: "3C", currency: "GBP" },
  partners: [
    { id: "CCC", name: "Cambridge City Council" },
    { id: "HDC", name: "Huntingdonshire District Council" },
    { id: "SCDC", name: "South Cambridgeshire District Council" },
  ],
  services: [
    {
      id: "ICT",
      name: "3C ICT",
      lead: "HDC",
      pools: [{ id: "staff", name: "Staff" }],
      handovers: [{ effectiveFrom: "2024-10-01", lead: "CCC" }],
    },
  ],
  rules: [{ id: "eq", service: "ICT", effectiveFrom: "2024-04-01", basis: { kind: "equal" }, remainder: "to-lead" }],
  costLines: [
    { id: "H1", service: "ICT", pool: "staff", date: "2024-09-30", amount: "30000.01" },
    { id: "H2", service: "ICT", pool: "staff", date: "2024-10-01", amount: "60000.02" },
  ],
  income: [],
  drivers: [],
  budgets: [{ service: "ICT", pool: "staff", year: "2024/25", amount: "90000.00" }],
};

const scenario = loadScenario(doc);
const run = rechargeRun({
  scenario,
  period: "2024/25",
  statements: { numbers: { CCC: "C-1", HDC: "H-1", SCDC: "S-1" }, issueDate: "2025-04-30" as CalendarDate },
  budget: budgetScenario(scenario, "2024/25"),
});
const gbp = (minor: number) => ({ currency: "GBP", minor });

describe("a year's run across a hand-over on 1 October", () => {
  it("charges each half-year's costs under the lead of its dates, the leftover pennies to that lead", () => {
    const a = run.allocation;
    expect(a.allocations.map((x) => [x.id, x.lead, x.lines.ids, x.shares.map((s) => s.amount.minor)])).toEqual([
      ["ICT/staff/cost/eq/2024/25@2024-04-01", "HDC", ["H1"], [1_000_000, 1_000_001, 1_000_000]],
      ["ICT/staff/cost/eq/2024/25@2024-10-01", "CCC", ["H2"], [2_000_002, 2_000_000, 2_000_000]],
    ]);
    const ict = a.byService[0];
    expect(ict?.lead).toBe("HDC");
    expect(ict?.total).toEqual(gbp(9_000_003));
    expect(ict?.leads?.map((l) => [l.lead, l.from, l.to, l.total.minor])).toEqual([
      ["HDC", "2024-04-01", "2024-10-01", 3_000_001],
      ["CCC", "2024-10-01", "2025-04-01", 6_000_002],
    ]);
    expect(
      a.byPartner.find((p) => p.partner === "SCDC")?.services[0]?.byLead?.map((l) => [l.lead, l.total.minor]),
    ).toEqual([
      ["HDC", 1_000_000],
      ["CCC", 2_000_000],
    ]);
    expect(serviceLeads(a).get("ICT")).toEqual(["HDC", "CCC"]);
  });

  it("lists the service on a partner's statement once per lead, each issued by that lead", () => {
    const [ccc, hdc, scdc] = run.statements.statements;
    expect(scdc?.lines.map((l) => [l.service, l.issuer, l.amount.minor])).toEqual([
      ["ICT", "HDC", 1_000_000],
      ["ICT", "CCC", 2_000_000],
    ]);
    expect(scdc?.byIssuer.map((b) => [b.issuer, b.total.minor])).toEqual([
      ["CCC", 2_000_000],
      ["HDC", 1_000_000],
    ]);
    expect(scdc?.total).toEqual(gbp(3_000_000));
    // CCC pays HDC for the first half and keeps its own share of the second; HDC the other way round.
    expect(ccc?.lines.map((l) => [l.issuer, l.amount.minor])).toEqual([["HDC", 1_000_000]]);
    expect(ccc?.retained).toEqual([{ service: "ICT", amount: gbp(2_000_002) }]);
    expect(hdc?.lines.map((l) => [l.issuer, l.amount.minor])).toEqual([["CCC", 2_000_000]]);
    expect(hdc?.retained).toEqual([{ service: "ICT", amount: gbp(1_000_001) }]);
  });

  it("nets the invoices of both leads into one settlement", () => {
    expect(run.statements.invoices).toEqual([
      { from: "CCC", to: "HDC", amount: gbp(1_000_000) },
      { from: "HDC", to: "CCC", amount: gbp(2_000_000) },
      { from: "SCDC", to: "CCC", amount: gbp(2_000_000) },
      { from: "SCDC", to: "HDC", amount: gbp(1_000_000) },
    ]);
    // CCC is owed £40,000 and owes £10,000; HDC is owed £20,000 and owes £20,000; SCDC owes £30,000.
    expect(run.positions.map((p) => [p.partner, p.net.minor])).toEqual([
      ["CCC", 3_000_000],
      ["HDC", 0],
      ["SCDC", -3_000_000],
    ]);
    expect(run.settlement).toEqual([{ from: "SCDC", to: "CCC", amount: gbp(3_000_000) }]);
  });

  it("advances each lead's budgeted half over its own quarters, to that lead", () => {
    // £45,000 budgeted for each half: £15,000 a partner, £7,500 a quarter.
    const scdc = run.advances?.filter((x) => x.partner === "SCDC");
    expect(scdc?.map((x) => [x.quarter, x.lead, x.amount.minor])).toEqual([
      ["2024/25-Q1", "HDC", 750_000],
      ["2024/25-Q2", "HDC", 750_000],
      ["2024/25-Q3", "CCC", 750_000],
      ["2024/25-Q4", "CCC", 750_000],
    ]);
  });

  it("trues up each lead's part on its own, and settles the year with one transfer", () => {
    expect(
      run.trueUp?.lines.map((l) => [l.lead, l.partner, l.isLead, l.charge.minor, l.advances.minor, l.trueUp.minor]),
    ).toEqual([
      ["HDC", "CCC", false, 1_000_000, 1_500_000, -500_000],
      ["HDC", "HDC", true, 1_000_001, 1_500_000, -499_999],
      ["HDC", "SCDC", false, 1_000_000, 1_500_000, -500_000],
      ["CCC", "CCC", true, 2_000_002, 1_500_000, 500_002],
      ["CCC", "HDC", false, 2_000_000, 1_500_000, 500_000],
      ["CCC", "SCDC", false, 2_000_000, 1_500_000, 500_000],
    ]);
    // HDC refunds £5,000 each to CCC and SCDC; HDC and SCDC each pay CCC £5,000 more: HDC owes CCC £15,000.
    expect(run.trueUpSettlement?.invoices).toEqual([
      { from: "CCC", to: "HDC", amount: gbp(-500_000) },
      { from: "SCDC", to: "HDC", amount: gbp(-500_000) },
      { from: "HDC", to: "CCC", amount: gbp(500_000) },
      { from: "SCDC", to: "CCC", amount: gbp(500_000) },
    ]);
    expect(run.trueUpSettlement?.positions.map((p) => [p.partner, p.net.minor])).toEqual([
      ["CCC", 1_500_000],
      ["HDC", -1_500_000],
      ["SCDC", 0],
    ]);
    expect(run.trueUpSettlement?.settlement).toEqual([{ from: "HDC", to: "CCC", amount: gbp(1_500_000) }]);
  });

  it("shows each lead the year-end rows of the part it led, and no other", () => {
    const hdc = runView(run, "HDC");
    expect(hdc.trueUp?.lines.map((l) => [l.lead, l.partner])).toEqual([
      ["HDC", "CCC"],
      ["HDC", "HDC"],
      ["HDC", "SCDC"],
      ["CCC", "HDC"],
    ]);
    expect(hdc.statements.map((s) => [s.partner, s.view?.issuer ?? "own", s.total.minor])).toEqual([
      ["CCC", "HDC", 1_000_000],
      ["HDC", "own", 2_000_000],
      ["SCDC", "HDC", 1_000_000],
    ]);
  });

  it("names each part's lead and its retained share in the annual report", () => {
    const report = annualReport(scenario, "ICT", "2024/25");
    expect(report.service.leads).toEqual([
      { lead: "HDC", from: "2024-04-01", to: "2024-10-01" },
      { lead: "CCC", from: "2024-10-01", to: "2025-04-01" },
    ]);
    expect(report.finance.recharges.map((r) => [r.lead, r.partner, r.amount.minor, r.retained])).toEqual([
      ["HDC", "CCC", 1_000_000, false],
      ["HDC", "HDC", 1_000_001, true],
      ["HDC", "SCDC", 1_000_000, false],
      ["CCC", "CCC", 2_000_002, true],
      ["CCC", "HDC", 2_000_000, false],
      ["CCC", "SCDC", 2_000_000, false],
    ]);
  });
});
