import { describe, expect, it } from "vitest";
import { runOf } from "../testing/runs.js";
import { oneServiceDocument } from "../testing/scenarios.js";
import { settlementView } from "./settlementView.js";

const gbp = (minor: number) => ({ currency: "GBP", minor });
/** SVC, led by HDC and shared equally by CCC, HDC and SCDC: £300 spent (£100 each); £240 budgeted. */
const actual = oneServiceDocument({
  costLines: [{ id: "C1", service: "SVC", pool: "pool", date: "2024-05-31", amount: "300.00" }],
});
const budget = oneServiceDocument({
  costLines: [{ id: "B1", service: "SVC", pool: "pool", date: "2024-04-01", amount: "240.00" }],
});

describe("settlementView", () => {
  it("settles a run's charges: SCDC pays the lead its £100 share", () => {
    expect(settlementView(runOf(actual), "SCDC")).toEqual({
      basis: "charges",
      invoices: [{ from: "SCDC", to: "HDC", amount: gbp(10_000) }],
      positions: [{ partner: "SCDC", receivable: gbp(0), payable: gbp(10_000), net: gbp(-10_000) }],
      settlement: [{ from: "SCDC", to: "HDC", amount: gbp(10_000) }],
    });
  });

  it("settles a year's run with the budget by its true-up: the £80 advanced is not paid again", () => {
    expect(settlementView(runOf(actual, budget), "SCDC")).toEqual({
      basis: "true-up",
      trueUp: [{ partner: "SCDC", advances: gbp(8_000), charge: gbp(10_000), trueUp: gbp(2_000) }],
      invoices: [{ from: "SCDC", to: "HDC", amount: gbp(2_000) }],
      positions: [{ partner: "SCDC", receivable: gbp(0), payable: gbp(2_000), net: gbp(-2_000) }],
      settlement: [{ from: "SCDC", to: "HDC", amount: gbp(2_000) }],
    });
  });

  it("without a partner settles the whole partnership's, by the same rule", () => {
    const charged = runOf(actual);
    expect(settlementView(charged)).toEqual({
      basis: "charges",
      invoices: charged.statements.invoices,
      positions: charged.positions,
      settlement: charged.settlement,
    });
    const year = runOf(actual, budget);
    // Each of CCC and SCDC owes HDC its £20 true-up; HDC's own £20 stays with it.
    expect(settlementView(year)).toEqual({
      basis: "true-up",
      trueUp: year.trueUp?.byPartner,
      ...year.trueUpSettlement,
    });
    expect(settlementView(year).settlement).toEqual([
      { from: "CCC", to: "HDC", amount: gbp(2_000) },
      { from: "SCDC", to: "HDC", amount: gbp(2_000) },
    ]);
  });
});
