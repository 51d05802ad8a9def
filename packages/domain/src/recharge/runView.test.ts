import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runOf, twoLeadsDocument, yearRunArb } from "../testing/runs.js";
import { oneServiceDocument } from "../testing/scenarios.js";
import { issuerView } from "./issuerView.js";
import type { RechargeRun } from "./rechargeRun.js";
import { runView } from "./runView.js";
import { serviceLeads } from "./serviceLeads.js";

const gbp = (minor: number) => ({ currency: "GBP", minor });

describe("runView", () => {
  it("shows a lead its own statement, its views of those it issues, and its own money", () => {
    const run = runOf(twoLeadsDocument());
    const view = runView(run, "HDC");
    // HDC receives Legal from CCC (£1,000) and issues ICT to CCC and SCDC.
    expect(
      view.statements.map((s) => [s.partner, s.view?.issuer ?? "whole", s.total.minor, s.totalWithVat.minor]),
    ).toEqual([
      ["CCC", "HDC", 450_000, 550_000],
      ["HDC", "whole", 100_000, 100_000],
      ["SCDC", "HDC", 180_000, 220_000],
    ]);
    expect(view.invoices.map((i) => [i.from, i.to, i.amount.minor])).toEqual([
      ["CCC", "HDC", 550_000],
      ["HDC", "CCC", 100_000],
      ["SCDC", "HDC", 220_000],
    ]);
    // Owed £5,500 + £2,200, owes £1,000.
    expect(view.positions).toEqual([
      { partner: "HDC", receivable: gbp(770_000), payable: gbp(100_000), net: gbp(670_000) },
    ]);
    expect(view.settlement.every((t) => t.from === "HDC" || t.to === "HDC")).toBe(true);
    expect(view.settlement.reduce((s, t) => s + (t.to === "HDC" ? 1 : -1) * t.amount.minor, 0)).toBe(670_000);
    expect([view.manifest, view.partner, view.period, view.basis]).toEqual([run.manifest, "HDC", "2024/25", "charges"]);
    expect("allocation" in view || "advances" in view).toBe(false);
  });

  it("shows a partner that leads nothing only its own statement and money", () => {
    const view = runView(runOf(twoLeadsDocument()), "SCDC");
    expect(view.statements.map((s) => [s.partner, s.view, s.totalWithVat.minor])).toEqual([
      ["SCDC", undefined, 320_000],
    ]);
    expect(view.invoices.map((i) => [i.from, i.to, i.amount.minor])).toEqual([
      ["SCDC", "CCC", 100_000],
      ["SCDC", "HDC", 220_000],
    ]);
    expect(view.positions.map((p) => [p.partner, p.net.minor])).toEqual([["SCDC", -320_000]]);
  });

  it("settles a year's run with the budget by its true-up, not the year's whole charges: the advances were paid", () => {
    // SVC, led by HDC and shared equally by CCC, HDC and SCDC: £300 spent (£100 each), £240 budgeted (£80 each).
    const actual = oneServiceDocument({
      costLines: [{ id: "C1", service: "SVC", pool: "pool", date: "2024-05-31", amount: "300.00" }],
    });
    const budget = oneServiceDocument({
      costLines: [{ id: "B1", service: "SVC", pool: "pool", date: "2024-04-01", amount: "240.00" }],
    });
    const run = runOf(actual, budget);
    const view = runView(run, "SCDC");
    // The statement is still the year's whole charge, £100; what SCDC settles is £100 less the £80 advanced.
    expect(view.statements.map((s) => [s.partner, s.total.minor])).toEqual([["SCDC", 10_000]]);
    expect(view.basis).toBe("true-up");
    expect(view.invoices).toEqual([{ from: "SCDC", to: "HDC", amount: gbp(2_000) }]);
    expect(view.positions).toEqual([{ partner: "SCDC", receivable: gbp(0), payable: gbp(2_000), net: gbp(-2_000) }]);
    expect(view.settlement).toEqual([{ from: "SCDC", to: "HDC", amount: gbp(2_000) }]);
    // The year end stays whole beside it: the true-up's lines and the partner's totals.
    expect(view.trueUp?.byPartner).toEqual([
      { partner: "SCDC", advances: gbp(8_000), charge: gbp(10_000), trueUp: gbp(2_000) },
    ]);
    expect(view.trueUpSettlement?.settlement).toEqual(view.settlement);
  });

  it("never shows a partner a line, transfer or row of which it is neither party nor lead, and shows each to those who are", () => {
    fc.assert(
      fc.property(
        fc.boolean().chain((budget) => yearRunArb({ budget })),
        (run: RechargeRun) => {
          const leads = serviceLeads(run.allocation);
          const partners = run.allocation.partners as readonly string[];
          const views = new Map(partners.map((p) => [p, runView(run, p)]));
          const mine = (p: string) => (row: { partner: string; service: string }) =>
            row.partner === p || leads.get(row.service) === p;
          for (const [p, view] of views) {
            for (const s of view.statements) {
              const whole = run.statements.statements.find((w) => w.partner === s.partner);
              expect(whole && (s.partner === p ? whole : issuerView(whole, p))).toEqual(s);
              for (const l of s.lines) expect(s.partner === p || l.issuer === p).toBe(true);
            }
            for (const t of [...view.invoices, ...view.settlement, ...(view.trueUpSettlement?.invoices ?? [])])
              expect(t.from === p || t.to === p).toBe(true);
            for (const t of view.trueUpSettlement?.settlement ?? []) expect(t.from === p || t.to === p).toBe(true);
            for (const x of [...view.positions, ...(view.trueUp?.byPartner ?? [])]) expect(x.partner).toBe(p);
            for (const x of view.trueUpSettlement?.positions ?? []) expect(x.partner).toBe(p);
            for (const row of [...(view.advances ?? []), ...(view.trueUp?.lines ?? []), ...(view.variance ?? [])])
              expect(mine(p)(row)).toBe(true);
          }
          // Nothing is hidden from those it concerns: every line reaches its partner and its issuer,
          // every transfer both its parties, every year-end row its partner and its service's lead.
          for (const s of run.statements.statements) {
            expect(views.get(s.partner)?.statements.find((x) => x.partner === s.partner)).toBe(s);
            for (const b of s.byIssuer)
              expect(views.get(b.issuer)?.statements.find((x) => x.partner === s.partner)?.total).toEqual(b.total);
          }
          // What each settles: the run's charges, or with the budget the true-up.
          const settled = run.trueUpSettlement ?? {
            invoices: run.statements.invoices,
            positions: run.positions,
            settlement: run.settlement,
          };
          for (const view of views.values())
            expect(view.basis).toBe(run.trueUpSettlement === undefined ? "charges" : "true-up");
          for (const t of settled.invoices)
            expect([views.get(t.from)?.invoices.includes(t), views.get(t.to)?.invoices.includes(t)]).toEqual([
              true,
              true,
            ]);
          for (const t of settled.settlement)
            expect([views.get(t.from)?.settlement.includes(t), views.get(t.to)?.settlement.includes(t)]).toEqual([
              true,
              true,
            ]);
          for (const row of run.trueUp?.lines ?? []) {
            expect(views.get(row.partner)?.trueUp?.lines.includes(row)).toBe(true);
            expect(views.get(leads.get(row.service) as string)?.trueUp?.lines.includes(row)).toBe(true);
          }
          const seenPositions = [...views.values()].flatMap((v) => v.positions);
          expect(seenPositions).toEqual(expect.arrayContaining([...settled.positions]));
          expect(seenPositions.length).toBe(settled.positions.length);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
