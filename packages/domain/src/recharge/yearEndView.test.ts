import { describe, expect, it } from "vitest";
import { runOf } from "../testing/runs.js";
import { oneServiceDocument } from "../testing/scenarios.js";
import type { RechargeRun } from "./rechargeRun.js";
import { yearEndView } from "./yearEndView.js";

const gbp = (minor: number) => ({ currency: "GBP", minor });
/** SVC, shared equally by CCC, HDC and SCDC: £240 budgeted (£20 a quarter each), £300 spent (£100 each). */
function year(lead = "HDC"): RechargeRun {
  const doc = (id: string, date: string, amount: string) => {
    const d = oneServiceDocument({ costLines: [{ id, service: "SVC", pool: "pool", date, amount }] });
    return { ...d, services: d.services.map((s) => ({ ...s, lead })) };
  };
  return runOf(doc("C1", "2024-05-31", "300.00"), doc("B1", "2024-04-01", "240.00"));
}

describe("yearEndView", () => {
  it("shows a partner that leads nothing its own advances, true-up, variance and what it pays", () => {
    const view = yearEndView(year(), "SCDC");
    expect(view.advances?.map((a) => [a.partner, a.quarter, a.amount.minor])).toEqual([
      ["SCDC", "2024/25-Q1", 2000],
      ["SCDC", "2024/25-Q2", 2000],
      ["SCDC", "2024/25-Q3", 2000],
      ["SCDC", "2024/25-Q4", 2000],
    ]);
    expect(view.trueUp?.lines.map((l) => [l.partner, l.charge.minor, l.advances.minor, l.trueUp.minor])).toEqual([
      ["SCDC", 10_000, 8_000, 2_000],
    ]);
    expect(view.trueUp?.byPartner).toEqual([
      { partner: "SCDC", advances: gbp(8_000), charge: gbp(10_000), trueUp: gbp(2_000) },
    ]);
    expect(view.trueUpSettlement).toEqual({
      invoices: [{ from: "SCDC", to: "HDC", amount: gbp(2_000) }],
      positions: [{ partner: "SCDC", receivable: gbp(0), payable: gbp(2_000), net: gbp(-2_000) }],
      settlement: [{ from: "SCDC", to: "HDC", amount: gbp(2_000) }],
    });
    expect(view.variance?.map((v) => [v.partner, v.variance.minor, v.cost.minor, v.share.minor, v.fx.minor])).toEqual([
      ["SCDC", 2_000, 2_000, 0, 0],
    ]);
  });

  it("shows the lead every partner's rows of its service, but only its own totals and transfers", () => {
    const view = yearEndView(year(), "HDC");
    expect(view.advances?.length).toBe(12);
    expect(view.trueUp?.lines.map((l) => [l.partner, l.trueUp.minor])).toEqual([
      ["CCC", 2_000],
      ["HDC", 2_000],
      ["SCDC", 2_000],
    ]);
    expect(view.trueUp?.byPartner.map((p) => p.partner)).toEqual(["HDC"]);
    expect(view.trueUpSettlement?.invoices.map((i) => [i.from, i.to, i.amount.minor])).toEqual([
      ["CCC", "HDC", 2_000],
      ["SCDC", "HDC", 2_000],
    ]);
    expect(view.trueUpSettlement?.positions.map((p) => [p.partner, p.net.minor])).toEqual([["HDC", 4_000]]);
    expect(view.variance?.map((v) => v.partner)).toEqual(["CCC", "HDC", "SCDC"]);
  });

  it("takes the leads the run recorded: a lead changed after the run changes nothing in it", () => {
    const made = year("HDC");
    // The same run, whoever leads SVC today: HDC led it then, so HDC sees every row and CCC its own.
    expect([yearEndView(made, "HDC").trueUp?.lines.length, yearEndView(made, "CCC").trueUp?.lines.length]).toEqual([
      3, 1,
    ]);
    const after = year("CCC");
    expect([yearEndView(after, "HDC").trueUp?.lines.length, yearEndView(after, "CCC").trueUp?.lines.length]).toEqual([
      1, 3,
    ]);
    // What decides is the lead in the run's allocation, nothing else.
    const relabelled: RechargeRun = {
      ...made,
      allocation: {
        ...made.allocation,
        byService: made.allocation.byService.map((s) => ({ ...s, lead: "SCDC" as typeof s.lead })),
      },
    };
    expect(yearEndView(relabelled, "SCDC").variance?.length).toBe(3);
    expect(yearEndView(relabelled, "HDC").variance?.length).toBe(1);
  });

  it("has nothing for a run without the budget", () => {
    expect(yearEndView(runOf(oneServiceDocument()), "HDC")).toEqual({});
  });
});
