import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runOf, twoLeadsDocument, yearRunArb } from "../testing/runs.js";
import { issuerView } from "./issuerView.js";
import type { Statement } from "./statements.js";

const gbp = (minor: number) => ({ currency: "GBP", minor });
const statementOf = (partner: string, doc = twoLeadsDocument()) => {
  const found = runOf(doc).statements.statements.find((s) => s.partner === partner);
  if (found === undefined) throw new Error(`no statement for ${partner}`);
  return found;
};

describe("issuerView", () => {
  it("keeps only the lines one lead issues and totals them again, VAT apart, to the penny", () => {
    // SCDC owes HDC 20% of ICT (£2,000 of licences less £200 of income, VAT on the licences) and
    // CCC a third of Legal (£1,000, no VAT).
    const scdc = statementOf("SCDC");
    expect([scdc.total, scdc.vat, scdc.totalWithVat]).toEqual([gbp(280_000), gbp(40_000), gbp(320_000)]);
    const hdc = issuerView(scdc, "HDC");
    expect(hdc.lines.map((l) => [l.service, l.issuer, l.kind, l.amount.minor, l.vat.minor])).toEqual([
      ["ICT", "HDC", "income", -20_000, 0],
      ["ICT", "HDC", "cost", 200_000, 40_000],
    ]);
    expect([hdc.type, hdc.charges, hdc.incomeNetted, hdc.total, hdc.vat, hdc.totalWithVat]).toEqual([
      "invoice",
      gbp(200_000),
      gbp(-20_000),
      gbp(180_000),
      gbp(40_000),
      gbp(220_000),
    ]);
    expect(hdc.byIssuer).toEqual([{ issuer: "HDC", cost: gbp(200_000), income: gbp(-20_000), total: gbp(180_000) }]);
    expect(hdc.view?.issuer).toBe("HDC");
    const ccc = issuerView(scdc, "CCC");
    expect([ccc.lines.map((l) => l.service), ccc.total, ccc.vat, ccc.totalWithVat]).toEqual([
      ["LEGAL"],
      gbp(100_000),
      gbp(0),
      gbp(100_000),
    ]);
  });

  it("leaves out the shares the receiving partner retains as a lead itself", () => {
    // CCC leads Legal and keeps its £1,000 third; HDC's view of CCC's statement shows ICT only.
    const ccc = statementOf("CCC");
    expect(ccc.retained).toEqual([{ service: "LEGAL", amount: gbp(100_000) }]);
    const seen = issuerView(ccc, "HDC");
    expect([seen.retained, seen.total, seen.totalWithVat, seen.number, seen.partner]).toEqual([
      [],
      gbp(450_000),
      gbp(550_000),
      "HDC-0101",
      "CCC",
    ]);
  });

  it("is a credit note when the lead's lines net to a refund, whatever the whole statement is", () => {
    // WASTE (led by HDC) takes in £90 of income against £30 of cost: each of the three is refunded £20.
    const doc = {
      ...twoLeadsDocument(),
      services: [
        ...twoLeadsDocument().services,
        { id: "WASTE", name: "Waste", lead: "HDC", pools: [{ id: "pool", name: "Pool" }] },
      ],
      rules: [
        ...twoLeadsDocument().rules,
        { id: "waste-equal", service: "WASTE", effectiveFrom: "2024-04-01", basis: { kind: "equal" as const } },
      ],
      costLines: [
        { id: "L1", service: "LEGAL", pool: "staff", date: "2024-05-31", amount: "3000.00" },
        { id: "W1", service: "WASTE", pool: "pool", date: "2024-05-01", amount: "30.00" },
      ],
      income: [{ id: "W2", service: "WASTE", date: "2024-05-02", amount: "90.00" }],
    };
    const scdc = statementOf("SCDC", doc);
    expect([scdc.type, scdc.total]).toEqual(["invoice", gbp(98_000)]);
    const seen = issuerView(scdc, "HDC");
    expect([seen.type, seen.charges, seen.incomeNetted, seen.total]).toEqual([
      "credit-note",
      gbp(1_000),
      gbp(-3_000),
      gbp(-2_000),
    ]);
  });

  it("keeps the statement's own type when the lead's lines net to nothing", () => {
    const base = statementOf("SCDC");
    const line = (kind: "cost" | "income", minor: number) => ({
      ...(base.lines[0] as Statement["lines"][number]),
      issuer: "HDC" as Statement["lines"][number]["issuer"],
      kind,
      amount: gbp(minor) as Statement["total"],
    });
    const statement: Statement = { ...base, type: "credit-note", lines: [line("cost", 500), line("income", -500)] };
    const seen = issuerView(statement, "HDC");
    expect([seen.type, seen.total, seen.charges, seen.incomeNetted]).toEqual([
      "credit-note",
      gbp(0),
      gbp(500),
      gbp(-500),
    ]);
  });

  it("totals exactly the lines it shows, equal to the lead's own total on the statement and its invoice", () => {
    fc.assert(
      fc.property(yearRunArb({ budget: false }), (run) => {
        for (const statement of run.statements.statements) {
          for (const { issuer, cost, income, total } of statement.byIssuer) {
            const seen = issuerView(statement, issuer);
            const sum = (pick: (l: (typeof seen.lines)[number]) => number) =>
              seen.lines.reduce((s, l) => s + pick(l), 0);
            expect(seen.lines.every((l) => l.issuer === issuer)).toBe(true);
            expect(seen.total.minor).toBe(sum((l) => l.amount.minor));
            expect(seen.vat.minor).toBe(sum((l) => l.vat.minor));
            expect(seen.incomeNetted.minor).toBe(sum((l) => (l.kind === "income" ? l.amount.minor : 0)));
            expect(seen.charges.minor + seen.incomeNetted.minor).toBe(seen.total.minor);
            expect(seen.totalWithVat.minor).toBe(seen.total.minor + seen.vat.minor);
            expect([seen.charges, seen.incomeNetted, seen.total]).toEqual([cost, income, total]);
            const invoice = run.statements.invoices.find((i) => i.from === statement.partner && i.to === issuer);
            expect(invoice?.amount).toEqual(seen.totalWithVat);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("splits a statement whole: its issuers' views sum to its totals, and with what it retains to the partner's charge", () => {
    fc.assert(
      fc.property(yearRunArb({ budget: false }), (run) => {
        for (const statement of run.statements.statements) {
          const views = statement.byIssuer.map((b) => issuerView(statement, b.issuer));
          const sum = (pick: (s: (typeof views)[number]) => number) => views.reduce((s, v) => s + pick(v), 0);
          expect(sum((v) => v.lines.length)).toBe(statement.lines.length);
          expect(sum((v) => v.charges.minor)).toBe(statement.charges.minor);
          expect(sum((v) => v.incomeNetted.minor)).toBe(statement.incomeNetted.minor);
          expect(sum((v) => v.total.minor)).toBe(statement.total.minor);
          expect(sum((v) => v.vat.minor)).toBe(statement.vat.minor);
          expect(sum((v) => v.totalWithVat.minor)).toBe(statement.totalWithVat.minor);
          const retained = statement.retained.reduce((s, r) => s + r.amount.minor, 0);
          const charge = run.allocation.byPartner.find((p) => p.partner === statement.partner)?.total.minor;
          expect(sum((v) => v.total.minor) + retained).toBe(charge);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
