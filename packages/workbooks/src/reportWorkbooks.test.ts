import { createHash } from "node:crypto";
import { annualReport, kpiScorecard, loadScenario, parseMoney, scenarioSavings, toDecimalString } from "@3c/domain";
import { demoScenario, demoScenarioDocument, withDemoHandover } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { annualReportCsv } from "./annualReportCsv.js";
import { annualReportWorkbook } from "./annualReportWorkbook.js";
import { kpiWorkbook, percentCell, RAG_FILLS } from "./kpiWorkbook.js";
import { loadExcel } from "./loadExcel.js";
import { savingsWorkbook } from "./savingsWorkbook.js";

const scenario = demoScenario();
const pence = (v: unknown) => parseMoney(String(v), "GBP").minor;

async function read(bytes: Uint8Array) {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  return wb;
}

describe("the report workbooks, on the demo partnership", () => {
  it("write each partner's savings by year and by service to the exact pennies, the same bytes each time", async () => {
    const report = scenarioSavings(scenario, "2024/25");
    if (report === null) throw new Error("the demo has savings");
    const bytes = await savingsWorkbook(report);
    expect(await savingsWorkbook(report)).toEqual(bytes);
    const wb = await read(bytes);
    const byPartner = wb.getWorksheet("By partner");
    const years = report.partners.flatMap((p) => p.years.map((y) => ({ partner: p.partner, y })));
    expect(byPartner?.rowCount).toBe(years.length + report.years.length + 1);
    years.forEach(({ partner, y }, i) => {
      const row = byPartner?.getRow(i + 2);
      expect([row?.getCell(1).value, row?.getCell(2).value]).toEqual([y.year, partner]);
      expect([3, 4, 5, 7].map((c) => pence(row?.getCell(c).value))).toEqual([
        y.indexedBaseline.minor,
        y.contribution.minor,
        y.saving.minor,
        y.cumulative.minor,
      ]);
    });
    const last = byPartner?.getRow(years.length + report.years.length + 1);
    expect([last?.getCell(1).value, last?.getCell(2).value, last?.font?.bold]).toEqual(["2024/25", "", true]);
    expect([3, 4, 5, 7, 11, 12].map((c) => pence(last?.getCell(c).value))).toEqual([
      1059426000, 900417754, 159008246, 974355446, 0, 803355446,
    ]);
    expect([pence(last?.getCell(7).value), pence(last?.getCell(12).value)]).toEqual([
      report.total.saving.minor,
      report.total.netSaving.minor,
    ]);
    expect([6, 8, 9, 10].map((c) => last?.getCell(c).value ?? "")).toEqual(["", "", "", ""]);
    const byService = wb.getWorksheet("By service");
    report.services.forEach((s, i) => {
      expect(pence(byService?.getRow(i + 2).getCell(6).value)).toBe(s.saving.minor);
    });
    expect(byPartner?.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  });

  it("write the savings workbook byte for byte as before its two sheets shared one column declaration", async () => {
    // Golden digests of the demo's file, with and without the ICT hand-over, as written when each sheet
    // declared its own columns: a change of layout must change these on purpose (or exceljs's output did).
    const digest = async (s: typeof scenario) => {
      const report = scenarioSavings(s, "2024/25");
      if (report === null) throw new Error("the demo has savings");
      return createHash("sha256")
        .update(await savingsWorkbook(report))
        .digest("hex");
    };
    expect(await digest(scenario)).toBe("f73a7a0ca975cced6a2cae7fff6d0a1e405ed3882831f1cbaf7f5a4a25eb6225");
    expect(await digest(loadScenario(withDemoHandover(demoScenarioDocument)))).toBe(
      "3d8e6b06cd908b6b727eb51d9c208fc8e979f3364552f761bc3c95d9508ef5fe",
    );
  });

  it("write the KPI scorecard with each status in its RAG fill", async () => {
    const card = kpiScorecard(scenario, "2024/25");
    const ws = (await read(await kpiWorkbook(card))).getWorksheet("KPIs");
    const rows = card.kpis.flatMap((k) => [
      ...[...k.quarters, k.yearToDate].map((r) => [k.code, "", r] as const),
      ...k.partners.flatMap((p) => [...p.quarters, p.yearToDate].map((r) => [k.code, p.partner, r] as const)),
    ]);
    expect(ws?.rowCount).toBe(rows.length + 1);
    rows.forEach(([code, partner, r], i) => {
      const row = ws?.getRow(i + 2);
      expect([row?.getCell(1).value, row?.getCell(3).value, row?.getCell(4).value, row?.getCell(7).value]).toEqual([
        code,
        partner,
        r.period,
        r.status,
      ]);
      const fill = row?.getCell(7).fill;
      expect(fill?.type === "pattern" ? fill.fgColor?.argb : undefined).toBe(RAG_FILLS[r.status]);
    });
  });

  it("write a service's annual report with its finance and each council's recharge to the exact pennies", async () => {
    const r = annualReport(scenario, "ICT", "2024/25");
    const wb = await read(await annualReportWorkbook(r));
    const finance = wb.getWorksheet("Finance");
    expect([2, 3, 4].map((n) => pence(finance?.getRow(n).getCell(2).value))).toEqual([
      r.finance.budget?.minor,
      r.finance.actual.minor,
      r.finance.variance?.minor,
    ]);
    const recharges = wb.getWorksheet("Recharges");
    r.finance.recharges.forEach((p, i) => {
      const row = recharges?.getRow(i + 2);
      expect([row?.getCell(1).value, pence(row?.getCell(2).value)]).toEqual([p.partner, p.amount.minor]);
    });
  });
});

describe("the annual report of a service that changed lead in the year", () => {
  // The demo's ICT, led by HDC, handed to CCC from 1 October 2024.
  const handed = loadScenario(withDemoHandover(demoScenarioDocument));
  const report = annualReport(handed, "ICT", "2024/25");
  const parts = report.finance.recharges;

  it("names each recharge row's lead and dates in the workbook", async () => {
    expect(new Set(parts.map((p) => p.lead))).toEqual(new Set(["HDC", "CCC"]));
    const wb = await read(await annualReportWorkbook(report));
    const sheet = wb.getWorksheet("Recharges");
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      "Partner",
      "Amount",
      "Share",
      "Retained by the lead",
      "Lead",
      "From",
      "To",
    ]);
    parts.forEach((p, i) => {
      const row = sheet?.getRow(i + 2);
      expect([row?.getCell(1).value, pence(row?.getCell(2).value), row?.getCell(4).value]).toEqual([
        p.partner,
        p.amount.minor,
        p.retained ? "yes" : "no",
      ]);
      expect([5, 6, 7].map((c) => row?.getCell(c).value)).toEqual(
        p.lead === "HDC" ? ["HDC", "2024-04-01", "2024-09-30"] : ["CCC", "2024-10-01", "2025-03-31"],
      );
    });
  });

  it("gives each part its own item in the CSV, with its lead and last day", () => {
    const rows = annualReportCsv(report)
      .trim()
      .split(/\r?\n/)
      .map((l) => l.split(","));
    for (const p of parts) {
      const item = `${p.partner}@${p.leadFrom}`;
      const of = (measure: string) => rows.find((r) => r[0] === "recharge" && r[1] === item && r[2] === measure)?.[3];
      expect([of("amount"), of("lead"), of("from"), of("to")]).toEqual([
        toDecimalString(p.amount),
        p.lead,
        p.leadFrom,
        p.lead === "HDC" ? "2024-09-30" : "2025-03-31",
      ]);
    }
    // A report without a hand-over keeps its rows as they were: one item per partner, no lead rows.
    const plain = annualReportCsv(annualReport(scenario, "ICT", "2024/25"));
    expect(plain).not.toContain("@");
    expect(plain.split("\n").some((l) => l.startsWith("recharge,HDC,amount,"))).toBe(true);
  });
});

describe("the annual report's CSV and workbook", () => {
  const handed = loadScenario(withDemoHandover(demoScenarioDocument));
  it.each([
    ["the demo", scenario],
    ["the demo with ICT handed from HDC to CCC on 1 October", handed],
  ])("carry the same recharge figures, retained shares included, for %s", async (_, s) => {
    const report = annualReport(s, "ICT", "2024/25");
    const csv = annualReportCsv(report)
      .trim()
      .split(/\r?\n/)
      .map((l) => l.split(","));
    const items = [...new Set(csv.filter((r) => r[0] === "recharge").map((r) => r[1] as string))];
    const ofCsv = (item: string, measure: string) =>
      csv.find((r) => r[0] === "recharge" && r[1] === item && r[2] === measure)?.[3] ?? "";
    const fromCsv = items.map((item) => ({
      partner: item.split("@")[0],
      pence: pence(ofCsv(item, "amount")),
      percent: percentCell(ofCsv(item, "percent")).value,
      retained: ofCsv(item, "retained") === "true" ? "yes" : "no",
      dates: [ofCsv(item, "lead"), ofCsv(item, "from"), ofCsv(item, "to")],
    }));
    const ws = (await read(await annualReportWorkbook(report))).getWorksheet("Recharges");
    const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
    const fromXlsx = report.finance.recharges.map((_, i) => {
      const row = ws?.getRow(i + 2);
      return {
        partner: row?.getCell(1).value,
        pence: pence(row?.getCell(2).value),
        percent: row?.getCell(3).value,
        retained: row?.getCell(4).value,
        dates: [5, 6, 7].map((c) => text(row?.getCell(c).value)),
      };
    });
    expect(fromCsv).toEqual(fromXlsx);
    expect(ws?.rowCount).toBe(items.length + 1);
    // Each lead (one, or one per part of the year) keeps its own share: exactly one retained row each.
    const leads = new Set(report.finance.recharges.map((p) => p.lead ?? report.service.lead));
    expect(fromCsv.filter((r) => r.retained === "yes").map((r) => r.partner)).toEqual([...leads]);
  });
});

describe("the annual report's CSV and workbook of a year still running", () => {
  const running = annualReport(scenario, "ICT", "2024/25", { asAt: "2024-11-25T12:00:00Z" });

  it("say their outage figures cover only the months ended when the report was taken, and only then", async () => {
    expect(annualReportCsv(running)).toContain(
      "availability,ICT,monthsEndedThrough,2024-10-31\r\navailability,ICT,percent,98.45",
    );
    const ws = (await read(await annualReportWorkbook(running))).getWorksheet("Availability");
    expect(ws?.getRow(ws?.rowCount ?? 0).getCell(1).value).toBe("Months ended through 2024-10-31 only");
    // A complete year's rows are as they were.
    const whole = annualReport(scenario, "ICT", "2024/25", { asAt: "2025-03-31T23:00:00Z" });
    expect(annualReportCsv(whole)).not.toContain("monthsEndedThrough");
    const sheet = (await read(await annualReportWorkbook(whole))).getWorksheet("Availability");
    expect(sheet?.rowCount).toBe(1 + (whole.outages?.availability.length ?? 0));
  });

  it("say nothing was read, not a day before the year, when no month had ended", async () => {
    const first = annualReport(scenario, "ICT", "2024/25", { asAt: "2024-04-20T12:00:00Z" });
    expect(annualReportCsv(first)).toContain("availability,ICT,monthsEndedThrough,none\r\n");
    const ws = (await read(await annualReportWorkbook(first))).getWorksheet("Availability");
    expect(ws?.getRow(ws?.rowCount ?? 0).getCell(1).value).toBe(
      "No month of the year had ended when the report was taken: nothing read yet",
    );
  });
});
