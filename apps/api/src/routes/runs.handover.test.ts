import { demoScenarioDocument, withDemoHandover } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { demoYearCharges, handOverDemo, seedDemo, useTestApp } from "../testing/index.js";

const base = "/v1/partnerships/3c";

/** The demo, with ICT handed from HDC to CCC on 1 October 2024. */
const t = useTestApp({
  seed: seedDemo,
  keys: {
    admin: "3c/HDC/admin",
    financeHdc: "3c/HDC/finance",
    approverHdc: ["3c/HDC/approver", "finance@hdc"],
    approverScdc: "3c/SCDC/approver",
    financeScdc: "3c/SCDC/finance",
    financeCcc: "3c/CCC/finance",
    viewerScdc: "3c/SCDC/viewer",
  },
  withKeys: (app, keys) => handOverDemo(app, keys.admin),
});
const { keys } = t;

interface StatementBody {
  lines: { service: string; issuer: string; amount: { minor: number } }[];
  byIssuer: { issuer: string }[];
}

describe("a year's run across a hand-over", () => {
  it("is drafted, approved by a second person, names both leads on the statements and reproduces", async () => {
    const drafted = await t.call("POST", `${base}/runs`, {
      key: keys.financeHdc,
      json: { period: "2024/25", issueDate: "2025-04-30" },
    });
    expect(drafted.status).toBe(201);
    const { id } = (await drafted.json()) as { id: string };

    // SCDC pays ICT to HDC for April to September and to CCC from October.
    const scdc = (await (
      await t.call("GET", `${base}/runs/${id}/statements/SCDC`, { key: keys.financeScdc })
    ).json()) as StatementBody;
    const ict = scdc.lines.filter((l) => l.service === "ICT");
    expect([...new Set(ict.map((l) => l.issuer))].sort()).toEqual(["CCC", "HDC"]);
    expect(scdc.byIssuer.map((b) => b.issuer)).toEqual(expect.arrayContaining(["CCC", "HDC"]));

    const self = await t.call("POST", `${base}/runs/${id}/approve`, { key: keys.approverHdc });
    expect([self.status, ((await self.json()) as { code: string }).code]).toEqual([403, "FOUR_EYES"]);
    const approved = await t.call("POST", `${base}/runs/${id}/approve`, { key: keys.approverScdc });
    expect(await approved.json()).toMatchObject({ status: "approved", approvedBy: "approver@scdc" });
    const check = await (await t.call("GET", `${base}/runs/${id}/check`, { key: keys.financeHdc })).json();
    expect(check).toMatchObject({ reproduced: true, differences: [] });
  });

  it("gives the year's annual report, with each lead's part, and the savings report", async () => {
    const annual = await t.call("GET", `${base}/reports/annual/ICT?year=2024/25`, { key: keys.viewerScdc });
    expect(annual.status).toBe(200);
    const report = (await annual.json()) as { service: { lead: string; leads?: { lead: string; from: string }[] } };
    expect(report.service.lead).toBe("HDC");
    expect(report.service.leads?.map((l) => [l.lead, l.from])).toEqual([
      ["HDC", "2024-04-01"],
      ["CCC", "2024-10-01"],
    ]);
    const savings = await t.call("GET", `${base}/reports/savings?year=2024/25`, { key: keys.viewerScdc });
    expect(savings.status).toBe(200);
    const preview = await t.call("GET", `${base}/recharge?period=2024/25`, { key: keys.financeScdc });
    expect(preview.status).toBe(200);
  });
});

interface Amount {
  minor: number;
}
interface YearEnd {
  advances: { partner: string; service: string; quarter: string; lead?: string; amount: Amount }[];
  trueUp: { lines: { partner: string; service: string; lead?: string; isLead: boolean; trueUp: Amount }[] };
  trueUpSettlement: { invoices: { from: string; to: string; amount: Amount }[] };
}

describe("a year's run with the demo's budget across the hand-over", () => {
  it("advances and trues up each lead's part of ICT to that lead, to the penny of the part's actual charge", async () => {
    const drafted = await t.call("POST", `${base}/runs`, {
      key: keys.financeHdc,
      json: { period: "2024/25", issueDate: "2025-04-30", budget: true },
    });
    expect(drafted.status).toBe(201);
    const { id } = (await drafted.json()) as { id: string };
    const actual = demoYearCharges(withDemoHandover(demoScenarioDocument));
    const seen: string[] = [];
    for (const [partner, key] of [
      ["CCC", keys.financeCcc],
      ["HDC", keys.financeHdc],
      ["SCDC", keys.financeScdc],
    ] as const) {
      const yearEnd = (await (await t.call("GET", `${base}/runs/${id}/year-end`, { key })).json()) as YearEnd;
      for (const line of yearEnd.trueUp.lines.filter((l) => l.partner === partner)) {
        const lead = line.lead ?? "";
        const advanced = yearEnd.advances.filter(
          (a) => a.partner === partner && a.service === line.service && (a.lead ?? "") === lead,
        );
        const total = advanced.reduce((s, a) => s + a.amount.minor, 0);
        expect(total + line.trueUp.minor).toBe(actual.get(`${line.service}/${partner}/${lead}`));
        seen.push(`${line.service}/${partner}/${lead}`);
        if (line.service !== "ICT") continue;
        // HDC's part is advanced in Q1 and Q2, CCC's in Q3 and Q4; each part's true-up is owed to
        // (or refunded by) its own lead.
        expect(advanced.map((a) => a.quarter)).toEqual(
          lead === "HDC" ? ["2024/25-Q1", "2024/25-Q2"] : ["2024/25-Q3", "2024/25-Q4"],
        );
        const invoices = yearEnd.trueUpSettlement.invoices.filter(
          (i) => i.from === partner && i.to === lead && i.amount.minor === line.trueUp.minor,
        );
        expect(invoices).toHaveLength(line.isLead || line.trueUp.minor === 0 ? 0 : 1);
      }
    }
    expect(seen.sort()).toEqual([...actual.keys()].sort());
    expect(seen.filter((k) => k.startsWith("ICT/"))).toEqual([
      "ICT/CCC/CCC",
      "ICT/CCC/HDC",
      "ICT/HDC/CCC",
      "ICT/HDC/HDC",
      "ICT/SCDC/CCC",
      "ICT/SCDC/HDC",
    ]);
  });
});
