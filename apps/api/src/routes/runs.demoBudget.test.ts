import { demoScenarioDocument } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { demoYearCharges, seedDemo, useTestApp } from "../testing/index.js";

const base = "/v1/partnerships/3c";

/** The year's run with the budget, drafted on the demo as `npm start` seeds it: nothing imported. */
const drafts: { status: number; id: string }[] = [];
const t = useTestApp({
  seed: seedDemo,
  keys: {
    financeCcc: "3c/CCC/finance",
    financeHdc: "3c/HDC/finance",
    financeScdc: "3c/SCDC/finance",
    approverScdc: "3c/SCDC/approver",
  },
  withKeys: async (app, keys) => {
    const res = await app.call("POST", `${base}/runs`, {
      key: keys.financeHdc,
      json: { period: "2024/25", issueDate: "2025-04-30", budget: true },
    });
    drafts.push({ status: res.status, id: ((await res.json()) as { id: string }).id });
  },
});
const { keys } = t;
const run = () => drafts[0]?.id ?? "";

interface Amount {
  minor: number;
}
interface YearEnd {
  partner: string;
  advances: { partner: string; service: string; quarter: string; lead?: string; amount: Amount }[];
  trueUp: {
    lines: { partner: string; service: string; lead?: string; advances: Amount; actual: Amount; trueUp: Amount }[];
    byPartner: { partner: string; advances: Amount; charge: Amount; trueUp: Amount }[];
  };
  trueUpSettlement: { invoices: { from: string; to: string; amount: Amount }[] };
  variance: { partner: string; service: string; budget: Amount; actual: Amount; variance: Amount }[];
}

describe("a year's run of the seeded demo with its budget", () => {
  it("needs nothing imported: it is drafted, approved by a second person and reproduces", async () => {
    expect(drafts.map((d) => d.status)).toEqual([201]);
    const id = run();
    const approved = await t.call("POST", `${base}/runs/${id}/approve`, { key: keys.approverScdc });
    expect(await approved.json()).toMatchObject({ status: "approved" });
    const check = await (await t.call("GET", `${base}/runs/${id}/check`, { key: keys.financeHdc })).json();
    expect(check).toMatchObject({ reproduced: true, differences: [] });
  });

  it("advances and trues up every partner's charge for every service to the year's actual charge, to the penny", async () => {
    const actual = demoYearCharges(demoScenarioDocument);
    const seen: string[] = [];
    for (const [partner, key] of [
      ["CCC", keys.financeCcc],
      ["HDC", keys.financeHdc],
      ["SCDC", keys.financeScdc],
    ] as const) {
      const res = await t.call("GET", `${base}/runs/${run()}/year-end`, { key });
      expect(res.status).toBe(200);
      const yearEnd = (await res.json()) as YearEnd;
      for (const line of yearEnd.trueUp.lines.filter((l) => l.partner === partner)) {
        const advanced = yearEnd.advances
          .filter((a) => a.partner === partner && a.service === line.service)
          .reduce((s, a) => s + a.amount.minor, 0);
        expect([line.advances.minor, advanced + line.trueUp.minor]).toEqual([
          advanced,
          actual.get(`${line.service}/${partner}/`),
        ]);
        seen.push(`${line.service}/${partner}/`);
      }
      // Its own totals: the year's charge less what it advanced.
      const [own] = yearEnd.trueUp.byPartner;
      expect(own?.partner).toBe(partner);
      expect((own?.advances.minor ?? 0) + (own?.trueUp.minor ?? 0)).toBe(own?.charge.minor);
    }
    expect(seen.sort()).toEqual([...actual.keys()].sort());
  });

  it("invoices each partner's true-up by the service's lead, and shows SCDC its own figures only", async () => {
    const yearEnd = (await (
      await t.call("GET", `${base}/runs/${run()}/year-end`, { key: keys.financeScdc })
    ).json()) as YearEnd;
    // SCDC leads nothing: it sees its own three services, each owed to or refunded by its lead.
    const lines = yearEnd.trueUp.lines;
    expect(lines.map((l) => [l.service, l.partner])).toEqual([
      ["BC", "SCDC"],
      ["ICT", "SCDC"],
      ["LEGAL", "SCDC"],
    ]);
    const leads: Record<string, string> = { ICT: "HDC", LEGAL: "CCC", BC: "CCC" };
    expect(yearEnd.trueUpSettlement.invoices).toEqual(
      lines.map((l) => ({ from: "SCDC", to: leads[l.service], amount: l.trueUp })),
    );
    // Worked figures: advances of £2,906,802.22 against a charge of £2,883,689.25, a refund of £23,112.97.
    expect(yearEnd.trueUp.byPartner).toEqual([
      {
        partner: "SCDC",
        advances: { currency: "GBP", minor: 290_680_222 },
        charge: { currency: "GBP", minor: 288_368_925 },
        trueUp: { currency: "GBP", minor: -2_311_297 },
      },
    ]);
    expect(yearEnd.variance.every((v) => v.actual.minor - v.budget.minor === v.variance.minor)).toBe(true);
  });
});

describe("the settlement of a year's run with the budget", () => {
  type Transfer = { from: string; to: string; amount: Amount };
  interface Settlement {
    basis: string;
    trueUp?: YearEnd["trueUp"]["byPartner"];
    invoices: Transfer[];
    positions: { partner: string; net: Amount }[];
    settlement: Transfer[];
  }
  const settlementOf = async (of: string, key: string) =>
    (await (await t.call("GET", `${base}/runs/${of}/settlement`, { key })).json()) as Settlement;

  it("settles the true-up, not the year's whole charges again, the advances having been paid", async () => {
    const settled = await settlementOf(run(), keys.financeScdc);
    const yearEnd = (await (
      await t.call("GET", `${base}/runs/${run()}/year-end`, { key: keys.financeScdc })
    ).json()) as YearEnd & { trueUpSettlement: Omit<Settlement, "basis" | "trueUp"> };
    expect(settled).toEqual({
      run: run(),
      partner: "SCDC",
      basis: "true-up",
      trueUp: yearEnd.trueUp.byPartner,
      ...yearEnd.trueUpSettlement,
    });
    // Worked figures: SCDC advanced £23,112.97 more than its charge, so it is owed that back (a
    // positive net position), where the year's charges netted had it pay £2,812,604.71 on top.
    expect(settled.positions.map((p) => [p.partner, p.net.minor])).toEqual([["SCDC", 2_311_297]]);
    const received = settled.settlement.filter((x) => x.to === "SCDC").reduce((sum, x) => sum + x.amount.minor, 0);
    const paid = settled.settlement.filter((x) => x.from === "SCDC").reduce((sum, x) => sum + x.amount.minor, 0);
    expect(received - paid).toBe(2_311_297);
  });

  it("leaves every partner square once the true-up transfers are made", async () => {
    const nets = new Map<string, number>();
    const transfers = new Map<string, Transfer>();
    for (const key of [keys.financeCcc, keys.financeHdc, keys.financeScdc]) {
      const settled = await settlementOf(run(), key);
      expect(settled.basis).toBe("true-up");
      for (const p of settled.positions) nets.set(p.partner, p.net.minor);
      for (const x of settled.settlement) transfers.set(`${x.from}>${x.to}`, x);
    }
    expect([...nets.values()].reduce((a, b) => a + b, 0)).toBe(0);
    // A positive net is owed to the partner: each transfer it receives settles part of it.
    const after = new Map(nets);
    for (const x of transfers.values()) {
      after.set(x.from, (after.get(x.from) ?? 0) + x.amount.minor);
      after.set(x.to, (after.get(x.to) ?? 0) - x.amount.minor);
    }
    expect([...after.values()]).toEqual([0, 0, 0]);
  });
});

describe("the preview of a year's run with the budget", () => {
  it("settles the true-up, as the settlement of the run drafted from the same data does", async () => {
    const preview = (await (
      await t.call("GET", `${base}/recharge?period=2024-25&issueDate=2025-04-30&budget=true`, {
        key: keys.financeScdc,
      })
    ).json()) as Record<string, unknown> & { trueUpSettlement: unknown };
    const settled = (await (
      await t.call("GET", `${base}/runs/${run()}/settlement`, { key: keys.financeScdc })
    ).json()) as Record<string, unknown>;
    const { basis, invoices, positions, settlement } = settled;
    expect(basis).toBe("true-up");
    // Not the year's whole charges netted again beside the true-up: the same figures as the run's.
    expect([preview.basis, preview.invoices, preview.positions, preview.settlement]).toEqual([
      basis,
      invoices,
      positions,
      settlement,
    ]);
    expect(preview.trueUpSettlement).toEqual({ invoices, positions, settlement });
  });

  it("of a quarter settles its charges, basis charges", async () => {
    const preview = (await (
      await t.call("GET", `${base}/recharge?period=2024-25-Q3`, { key: keys.financeScdc })
    ).json()) as Record<string, unknown>;
    expect(preview.basis).toBe("charges");
  });
});

describe("the reversal of a posted year's run with the budget", () => {
  it("negates the year end's amounts and settles the true-up the other way, in positive transfers", async () => {
    const id = run();
    await t.call("POST", `${base}/runs/${id}/approve`, { key: keys.approverScdc });
    expect((await t.call("POST", `${base}/runs/${id}/post`, { key: keys.approverScdc })).status).toBe(200);
    const reversal = await t.call("POST", `${base}/runs/${id}/reverse`, {
      key: keys.financeHdc,
      json: { period: "2025/26-Q1" },
    });
    expect(reversal.status).toBe(201);
    const reversed = ((await reversal.json()) as { id: string }).id;
    type Transfer = { from: string; to: string; amount: Amount };
    type Settled = YearEnd & { trueUpSettlement: { positions: { net: Amount }[]; settlement: Transfer[] } };
    const yearEnd = async (of: string) =>
      (await (await t.call("GET", `${base}/runs/${of}/year-end`, { key: keys.financeHdc })).json()) as Settled;
    const [original, undo] = [await yearEnd(id), await yearEnd(reversed)];
    const minus = (a: Amount) => ({ ...a, minor: -a.minor || 0 });
    expect(undo.trueUp.byPartner).toEqual(
      original.trueUp.byPartner.map((p) => ({
        ...p,
        advances: minus(p.advances),
        charge: minus(p.charge),
        trueUp: minus(p.trueUp),
      })),
    );
    // HDC's true-up is settled with someone: the reversal pays it back the other way, never "-£".
    expect(original.trueUpSettlement.settlement.length).toBeGreaterThan(0);
    expect(undo.trueUpSettlement.settlement).toEqual(
      original.trueUpSettlement.settlement.map((s) => ({ from: s.to, to: s.from, amount: s.amount })),
    );
    expect(undo.trueUpSettlement.settlement.every((s) => s.amount.minor > 0)).toBe(true);
    expect(undo.trueUpSettlement.invoices).toEqual(
      original.trueUpSettlement.invoices.map((s) => ({ ...s, amount: minus(s.amount) })),
    );
    expect(undo.trueUpSettlement.positions.map((p) => p.net)).toEqual(
      original.trueUpSettlement.positions.map((p) => minus(p.net)),
    );
    // Its settlement is the true-up's undone: the same transfers the other way.
    const settled = async (of: string) =>
      (await (await t.call("GET", `${base}/runs/${of}/settlement`, { key: keys.financeHdc })).json()) as {
        basis: string;
        settlement: Transfer[];
      };
    const [paid, repaid] = [await settled(id), await settled(reversed)];
    expect([paid.basis, paid.settlement]).toEqual(["true-up", original.trueUpSettlement.settlement]);
    expect([repaid.basis, repaid.settlement]).toEqual(["true-up", undo.trueUpSettlement.settlement]);
  });
});

describe("docs/api.md's walk-through, in its order", () => {
  it("step 1's two ICT lines, then step 5's year: SCDC bears £2,884,246.85 and £22,555.37 comes back", async () => {
    // Step 1 imports these two lines (£2,092.17 of ICT in 2024/25-Q3) before step 5 drafts the year.
    const csv = [
      "id,service,pool,date,amount,currency,description",
      "ICT-LIC-2024-11-A,ICT,licences,2024-11-20,1250.00,GBP,Extra licences for the planning team",
      "ICT-INFRA-2024-12-A,ICT,infrastructure,2024-12-10,842.17,GBP,Replacement network switch",
    ].join("\n");
    const imported = await t.call("POST", `${base}/cost-lines/import`, {
      key: keys.financeHdc,
      text: csv,
    });
    expect(imported.status).toBe(201);
    const drafted = await t.call("POST", `${base}/runs`, {
      key: keys.financeHdc,
      json: { period: "2024/25", issueDate: "2025-04-30", budget: true },
    });
    expect(drafted.status).toBe(201);
    const id = ((await drafted.json()) as { id: string }).id;
    const yearEnd = (await (
      await t.call("GET", `${base}/runs/${id}/year-end`, { key: keys.financeScdc })
    ).json()) as YearEnd;
    // The same advances (the budget did not change); SCDC's share of the two lines, £557.60, is in
    // its charge and so off its refund, against the seeded demo's £2,883,689.25 and £23,112.97.
    expect(yearEnd.trueUp.byPartner).toEqual([
      {
        partner: "SCDC",
        advances: { currency: "GBP", minor: 290_680_222 },
        charge: { currency: "GBP", minor: 288_424_685 },
        trueUp: { currency: "GBP", minor: -2_255_537 },
      },
    ]);
  });
});
