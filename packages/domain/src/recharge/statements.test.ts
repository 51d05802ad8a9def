import { describe, expect, it } from "vitest";
import { demoScenario } from "../demo/index.js";
import { isDomainError } from "../errors/index.js";
import type { CalendarDate } from "../period/index.js";
import { allocate } from "../run/index.js";
import { loadScenario, type ScenarioDocument } from "../schema/index.js";
import { codeOf } from "../testing/errors.js";
import { oneServiceDocument, yearly } from "../testing/scenarios.js";
import { netPositions, planSettlement } from "./settlement.js";
import { buildStatements } from "./statements.js";

const options = {
  numbers: { CCC: "HDC-2024-0101", HDC: "CCC-2024-0042", SCDC: "MIX-7" },
  issueDate: "2025-04-30" as CalendarDate,
};

const twoLeads: ScenarioDocument = {
  ...oneServiceDocument(),
  services: [
    { id: "ICT", name: "3C ICT", lead: "HDC", pools: [{ id: "licences", name: "Licences" }] },
    { id: "LEGAL", name: "3C Legal", lead: "CCC", pools: [{ id: "staff", name: "Staff" }] },
  ],
  rules: [
    { id: "ict-users", service: "ICT", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } },
    { id: "legal-equal", service: "LEGAL", effectiveFrom: "2024-04-01", basis: { kind: "equal" } },
  ],
  costLines: [
    { id: "I1", service: "ICT", pool: "licences", date: "2024-05-31", amount: "10000.00" },
    { id: "L1", service: "LEGAL", pool: "staff", date: "2024-05-31", amount: "3000.00" },
  ],
  income: [{ id: "X1", service: "ICT", date: "2024-06-30", amount: "1000.00" }],
  drivers: yearly("users", { CCC: "500", HDC: "300", SCDC: "200" }),
};

describe("buildStatements", () => {
  it("charges each partner its share by the lead of each service, netting income, retaining the lead's own share", () => {
    const scenario = loadScenario(twoLeads);
    const set = buildStatements(allocate(scenario, "2024/25"), scenario, options);
    const ccc = set.statements.find((s) => s.partner === "CCC");
    // CCC: ICT by users 50% of £10,000 less 50% of £1,000 income, from HDC; it leads Legal and keeps £1,000.
    expect(ccc?.lines.map((l) => [l.service, l.issuer, l.kind, l.sharePercent, l.amount.minor])).toEqual([
      ["ICT", "HDC", "income", "50.0000", -50_000],
      ["ICT", "HDC", "cost", "50.0000", 500_000],
    ]);
    expect(ccc?.lines[1]?.drivers).toEqual([{ driver: "users", period: "2024/25", quantity: "500", total: "1000" }]);
    expect([ccc?.number, ccc?.type, ccc?.charges.minor, ccc?.incomeNetted.minor, ccc?.total.minor]).toEqual([
      "HDC-2024-0101",
      "invoice",
      500_000,
      -50_000,
      450_000,
    ]);
    expect(ccc?.retained).toEqual([{ service: "LEGAL", amount: { currency: "GBP", minor: 100_000 } }]);
    const scdc = set.statements.find((s) => s.partner === "SCDC");
    expect(scdc?.byIssuer.map((b) => [b.issuer, b.total.minor])).toEqual([
      ["CCC", 100_000],
      ["HDC", 180_000],
    ]);
    expect(set.invoices.map((i) => [i.from, i.to, i.amount.minor])).toEqual([
      ["CCC", "HDC", 450_000],
      ["HDC", "CCC", 100_000],
      ["SCDC", "CCC", 100_000],
      ["SCDC", "HDC", 180_000],
    ]);
  });

  it("issues a credit note when income exceeds the charges", () => {
    const doc = oneServiceDocument({
      costLines: [{ id: "C", service: "SVC", pool: "pool", date: "2024-05-01", amount: "30.00" }],
      income: [{ id: "I", service: "SVC", date: "2024-05-02", amount: "90.00" }],
    });
    const scenario = loadScenario(doc);
    const set = buildStatements(allocate(scenario, "2024/25"), scenario, options);
    expect(set.statements.map((s) => [s.partner, s.type, s.total.minor])).toEqual([
      ["CCC", "credit-note", -2_000],
      ["SCDC", "credit-note", -2_000],
    ]);
  });

  it("agrees with the run: invoiced plus retained is each partner's whole charge", () => {
    const scenario = demoScenario();
    const run = allocate(scenario, "2024/25");
    const set = buildStatements(run, scenario, options);
    for (const p of run.byPartner) {
      const statement = set.statements.find((s) => s.partner === p.partner);
      const retained = statement?.retained.reduce((s, r) => s + r.amount.minor, 0) ?? 0;
      expect((statement?.total.minor ?? 0) + retained).toBe(p.total.minor);
    }
    const plan = planSettlement(netPositions(set.invoices, run.partners, "GBP"));
    expect(plan.length).toBeLessThanOrEqual(2);
  });

  it("shows VAT apart on standard-rated lines only, computed exactly on the pennies they contributed", () => {
    const doc = oneServiceDocument({
      costLines: [
        { id: "L1", service: "SVC", pool: "pool", date: "2024-05-01", amount: "300.00" },
        { id: "L2", service: "SVC", pool: "pool", date: "2024-05-02", amount: "600.01", vat: "standard" },
      ],
    });
    const scenario = loadScenario(doc);
    const run = allocate(scenario, "2024/25");
    expect(codeOf(() => buildStatements(run, scenario, options))).toBe("INVALID_SCENARIO");
    const set = buildStatements(run, scenario, { ...options, vat: { ratePercent: "20", rounding: "half-up" } });
    // £900.01 equally: CCC 30,001p; running totals put 20,001p of it on L2, so VAT is £40.00 (4,000.2p).
    const ccc = set.statements.find((s) => s.partner === "CCC");
    expect([ccc?.total.minor, ccc?.lines[0]?.vatable.minor, ccc?.vat.minor, ccc?.totalWithVat.minor]).toEqual([
      30_001, 20_001, 4_000, 34_001,
    ]);
    expect(set.invoices.find((i) => i.from === "CCC")?.amount.minor).toBe(34_001);
  });

  it("refuses a VAT rate outside 0 to 100 percent and a due date before the issue date, at their fields", () => {
    const scenario = loadScenario(twoLeads);
    const run = allocate(scenario, "2024/25");
    const refused = (extra: object) => {
      try {
        buildStatements(run, scenario, { ...options, ...extra });
      } catch (error) {
        return isDomainError(error) ? [error.code, error.path] : error;
      }
      return "built";
    };
    expect(refused({ vat: { ratePercent: "100.01", rounding: "half-up" } })).toEqual([
      "INVALID_SCENARIO",
      "vat.ratePercent",
    ]);
    expect(refused({ vat: { ratePercent: "-1", rounding: "half-up" } })).toEqual([
      "INVALID_SCENARIO",
      "vat.ratePercent",
    ]);
    expect(refused({ dueDate: "2025-04-29" })).toEqual(["INVALID_SCENARIO", "dueDate"]);
    // The edges are rates and dates a council may use.
    expect(refused({ vat: { ratePercent: "100", rounding: "half-up" } })).toBe("built");
    expect(refused({ vat: { ratePercent: "0", rounding: "half-up" } })).toBe("built");
    expect(refused({ dueDate: "2025-04-30" })).toBe("built");
  });

  it("never invents a statement number", () => {
    const scenario = loadScenario(twoLeads);
    expect(
      codeOf(() => buildStatements(allocate(scenario, "2024/25"), scenario, { ...options, numbers: { CCC: "1" } })),
    ).toBe("INVALID_SCENARIO");
  });
});
