import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  annualReport,
  kpiScorecard,
  parseMoney,
  parseScenario,
  type Scenario,
  scenarioSavings,
  toDecimalString,
} from "@3c/domain";
import { demoScenarioDocument } from "@3c/domain/demo";
import { loadExcel } from "@3c/workbooks";
import { describe, expect, it } from "vitest";
import { expectGolden, runCli } from "./runCli.js";

function demo(): Scenario {
  const parsed = parseScenario(demoScenarioDocument);
  if (!parsed.ok) throw new Error("the demo does not parse");
  return parsed.value;
}

const longest = (text: string) => Math.max(...text.split("\n").map((l) => [...l].length));

/** An ICT outage still open at the end of 2024/25, begun three days before it. */
const openOutage = {
  id: "OUT-OPEN-1",
  start: "2025-03-28T09:00:00Z",
  services: ["ICT"],
  systems: ["Network core"],
  partners: [{ partner: "SCDC", users: 760 }],
  planned: false,
  priority: "P1",
} as const;
describe("3c savings, kpi and report on the demo partnership", () => {
  it("shows each partner's savings for the year in 80 columns", async () => {
    const r = await runCli(["savings", "--demo", "--year", "2024/25"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expectGolden("savings-demo-year.txt", r.stdout);
    expect(longest(r.stdout)).toBeLessThanOrEqual(80);
  });

  it("writes the domain's savings report as JSON and a row per partner, service and year, then partner and partnership totals, as CSV", async () => {
    const json = await runCli(["savings", "--demo", "--year", "2024/25", "--format", "json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(scenarioSavings(demo(), "2024/25"))));
    const csv = await runCli(["savings", "--demo", "--year", "2024/25", "--format", "csv"]);
    expect(csv.code).toBe(0);
    expectGolden("savings-demo-year.csv", csv.stdout);
    // The JSON carries the partnership's total of each year that the CSV's last rows print.
    const totals = csv.stdout
      .trim()
      .split("\r\n")
      .filter((l) => l.startsWith("2024/25,,,"));
    const [last] = JSON.parse(json.stdout).partnership.slice(-1);
    expect(totals).toEqual([
      `2024/25,,,${[last.indexedBaseline, last.contribution, last.saving, last.cumulative].map((m) => toDecimalString(m)).join(",")},,,,,${toDecimalString(last.oneOffNet)},${toDecimalString(last.netCumulative)}`,
    ]);
  });

  it("writes the savings as a workbook whose amounts read back to the penny", async () => {
    const dir = mkdtempSync(join(tmpdir(), "3c-savings-"));
    const r = await runCli(["savings", "--demo", "--year", "2024/25", "--format", "xlsx", "--out", "s.xlsx"], {
      cwd: dir,
    });
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "s.xlsx"));
    const report = scenarioSavings(demo(), "2024/25");
    if (report === null) throw new Error("the demo has savings");
    const sheet = wb.getWorksheet("By service");
    expect(sheet?.rowCount).toBe(report.services.length + 1);
    report.services.forEach((s, i) => {
      const row = sheet?.getRow(i + 2);
      expect([row?.getCell(1).value, row?.getCell(2).value, row?.getCell(3).value]).toEqual([
        s.year,
        s.partner,
        s.service,
      ]);
      expect(parseMoney(String(row?.getCell(6).value), "GBP").minor).toBe(s.saving.minor);
      expect(parseMoney(String(row?.getCell(8).value), "GBP").minor).toBe(s.cumulative.minor);
    });
    const usage = await runCli(["savings", "--demo", "--year", "2024/25", "--format", "xlsx"]);
    expect(usage.code).toBe(2);
  });

  it("shows the KPI scorecard with status words, arrows, year end and review flags", async () => {
    const r = await runCli(["kpi", "--demo", "--year", "2024/25"]);
    expect(r.code).toBe(0);
    expectGolden("kpi-demo-year.txt", r.stdout);
    expect(longest(r.stdout)).toBeLessThanOrEqual(80);
    expect(r.stdout).not.toContain("\u001b[");
  });

  it("limits the scorecard to one service and writes JSON and CSV", async () => {
    const json = await runCli(["kpi", "--demo", "--year", "2024/25", "--service", "ICT", "--format", "json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(
      JSON.parse(JSON.stringify(kpiScorecard(demo(), "2024/25", { service: "ICT" }))),
    );
    const csv = await runCli(["kpi", "--demo", "--year", "2024/25", "--service", "ICT", "--format", "csv"]);
    expect(csv.code).toBe(0);
    expectGolden("kpi-demo-ict.csv", csv.stdout);
  });

  it("writes the KPI scorecard as a workbook: values as percentages, statuses as words in RAG fills", async () => {
    const dir = mkdtempSync(join(tmpdir(), "3c-kpi-"));
    const r = await runCli(["kpi", "--demo", "--year", "2024/25", "--format", "xlsx", "--out", "k.xlsx"], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "k.xlsx"));
    const card = kpiScorecard(demo(), "2024/25");
    const sheet = wb.getWorksheet("KPIs");
    const periods = card.kpis.flatMap((k) => [
      ...[...k.quarters, k.yearToDate].map((p) => ({ k, partner: "", p })),
      ...k.partners.flatMap((x) => [...x.quarters, x.yearToDate].map((p) => ({ k, partner: x.partner, p }))),
    ]);
    expect(sheet?.rowCount).toBe(periods.length + 1);
    const fills: Record<string, string> = {
      green: "FFC6EFCE",
      amber: "FFFFEB9C",
      red: "FFFFC7CE",
      blue: "FFBDD7EE",
      grey: "FFD9D9D9",
    };
    let percents = 0;
    periods.forEach(({ k, partner, p }, i) => {
      const row = sheet?.getRow(i + 2);
      expect([row?.getCell(1).value, row?.getCell(3).value, row?.getCell(4).value]).toEqual([
        k.code,
        partner,
        p.period,
      ]);
      const status = row?.getCell(7);
      expect(status?.value).toBe(p.status);
      const fill = status?.fill;
      expect(fill?.type === "pattern" ? fill.fgColor?.argb : undefined).toBe(fills[p.status]);
      const value = row?.getCell(5);
      if (p.value === null) expect(value?.value ?? null).toBeNull();
      else if (k.unit === "percent") {
        percents++;
        expect(value?.value).toBe(Number(p.value.display) / 100);
        expect(value?.numFmt).toMatch(/^0(\.0+)?%$/);
      } else expect(value?.value).toBe(Number(p.value.display));
    });
    expect(percents).toBeGreaterThan(0);
    const usage = await runCli(["kpi", "--demo", "--year", "2024/25", "--format", "xlsx"]);
    expect(usage.code).toBe(2);
  });

  it("writes the annual report as a workbook: money to the penny, shares as percentages, a sheet per section", async () => {
    const dir = mkdtempSync(join(tmpdir(), "3c-report-"));
    const args = ["report", "ICT", "--demo", "--year", "2024/25", "--format", "xlsx", "--out", "r.xlsx"];
    const r = await runCli(args, { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "r.xlsx"));
    const report = annualReport(demo(), "ICT", "2024/25");
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "Finance",
      "Pools",
      "Recharges",
      "Savings",
      "KPIs",
      "Availability",
      "Outages",
      "Outage cost",
      ...(report.reviewFlags.length > 0 ? ["Review flags"] : []),
    ]);
    const pence = (v: unknown) => parseMoney(String(v), "GBP").minor;
    const finance = wb.getWorksheet("Finance");
    expect(pence(finance?.getRow(3).getCell(2).value)).toBe(report.finance.actual.minor);
    expect(finance?.getRow(3).getCell(2).numFmt).toContain("£");
    const pools = wb.getWorksheet("Pools");
    report.finance.pools.forEach((p, i) => {
      expect(pools?.getRow(i + 2).getCell(1).value).toBe(p.pool);
      expect(pence(pools?.getRow(i + 2).getCell(4).value)).toBe(p.actual.minor);
    });
    const recharges = wb.getWorksheet("Recharges");
    report.finance.recharges.forEach((p, i) => {
      const row = recharges?.getRow(i + 2);
      expect(row?.getCell(1).value).toBe(p.partner);
      expect(pence(row?.getCell(2).value)).toBe(p.amount.minor);
      expect(row?.getCell(3).value).toBe(Number(p.percent) / 100);
      expect(row?.getCell(3).numFmt).toMatch(/%$/);
    });
    const kpis = wb.getWorksheet("KPIs");
    const statuses = new Set<unknown>();
    kpis?.eachRow((row, n) => {
      if (n > 1) statuses.add(row.getCell(7).value);
    });
    expect([...statuses].every((s) => typeof s === "string")).toBe(true);
    const cost = wb.getWorksheet("Outage cost");
    const total = cost?.getRow(cost.rowCount);
    expect(total?.getCell(1).value).toBe("Total");
    expect(pence(total?.getCell(2).value)).toBe(report.outages?.cost?.total.minor);
  });

  it("prints the standard annual report of a service as sections in 80 columns", async () => {
    const r = await runCli(["report", "ICT", "--demo", "--year", "2024/25"]);
    expect(r.code).toBe(0);
    expectGolden("report-demo-ict.txt", r.stdout);
    expect(longest(r.stdout)).toBeLessThanOrEqual(80);
    const titles = r.stdout.split("\n").filter((_, i, all) => /^=+$/.test(all[i + 1] ?? ""));
    expect(titles).toEqual(["Finance", "Savings", "KPIs", "Outages", "Review flags"]);
  });

  it("writes the report as the domain's JSON and as long-form CSV", async () => {
    const json = await runCli(["report", "LEGAL", "--demo", "--year", "2024/25", "--format", "json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(annualReport(demo(), "LEGAL", "2024/25"))));
    const csv = await runCli(["report", "ICT", "--demo", "--year", "2024/25", "--format", "csv"]);
    expect(csv.code).toBe(0);
    expectGolden("report-demo-ict.csv", csv.stdout);
  });

  it("reports a log with outages still open, one not begun by --as-at, as the domain does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "3c-open-"));
    const open = openOutage;
    const doc = {
      ...demoScenarioDocument,
      outages: [
        ...(demoScenarioDocument.outages ?? []),
        open,
        { ...open, id: "OUT-OPEN-2", start: "2025-06-02T08:00:00Z" },
      ],
    };
    writeFileSync(join(dir, "open.json"), JSON.stringify(doc));
    const parsed = parseScenario(doc);
    if (!parsed.ok) throw new Error("the document does not parse");
    const asAt = "2025-03-31T23:00:00Z";
    const kpi = await runCli(["kpi", "open.json", "--year", "2024/25", "--as-at", asAt, "--format", "json"], {
      cwd: dir,
    });
    expect([kpi.code, kpi.stderr]).toEqual([0, ""]);
    expect(JSON.parse(kpi.stdout)).toEqual(JSON.parse(JSON.stringify(kpiScorecard(parsed.value, "2024/25", { asAt }))));
    const args = ["report", "ICT", "open.json", "--year", "2024/25", "--format", "json"];
    const report = await runCli([...args, "--as-at", asAt], { cwd: dir });
    expect([report.code, report.stderr]).toEqual([0, ""]);
    const expected = annualReport(parsed.value, "ICT", "2024/25", { asAt });
    expect(JSON.parse(report.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(expected.outages?.outages.map((o) => o.id).filter((id) => id.startsWith("OUT-OPEN"))).toEqual([
      "OUT-OPEN-1",
    ]);
  });

  it("takes a past year's report at its end without --as-at, and a date as its first instant in UK time", async () => {
    const dir = mkdtempSync(join(tmpdir(), "3c-asat-"));
    const doc = {
      ...demoScenarioDocument,
      outages: [...(demoScenarioDocument.outages ?? []), openOutage],
    };
    writeFileSync(join(dir, "open.json"), JSON.stringify(doc));
    const parsed = parseScenario(doc);
    if (!parsed.ok) throw new Error("the document does not parse");
    const reportJson = async (...more: string[]) =>
      runCli(["report", "ICT", "open.json", "--year", "2024/25", "--format", "json", ...more], { cwd: dir });
    const atEnd = annualReport(parsed.value, "ICT", "2024/25", { asAt: "2025-03-31T23:00:00Z" });
    const byDefault = await reportJson();
    expect([byDefault.code, byDefault.stderr]).toEqual([0, ""]);
    expect(JSON.parse(byDefault.stdout)).toEqual(JSON.parse(JSON.stringify(atEnd)));
    // 31 March 2025 began at 23:00 UTC the day before (British Summer Time from 30 March).
    const byDate = await reportJson("--as-at", "2025-03-31");
    const atDate = annualReport(parsed.value, "ICT", "2024/25", { asAt: "2025-03-30T23:00:00Z" });
    expect(JSON.parse(byDate.stdout)).toEqual(JSON.parse(JSON.stringify(atDate)));
    expect(byDate.stdout).not.toBe(byDefault.stdout);
    const kpi = await runCli(["kpi", "open.json", "--year", "2024/25", "--format", "json"], { cwd: dir });
    expect([kpi.code, kpi.stderr]).toEqual([0, ""]);
    expect(JSON.parse(kpi.stdout)).toEqual(
      JSON.parse(JSON.stringify(kpiScorecard(parsed.value, "2024/25", { asAt: "2025-03-31T23:00:00Z" }))),
    );
  });

  it("exits 2 for a malformed --as-at, naming the flag and both forms it takes, before reading the file", async () => {
    const usage = (why: string) => `3c: --as-at: ${why}\nRun 3c --help for usage.\n`;
    const cases: [string, string][] = [
      [
        "2025-03-31T17:00",
        usage('"2025-03-31T17:00" has no offset; add Z or an offset such as +01:00 (or convert a local time first)'),
      ],
      [
        "yesterday",
        usage(
          '"yesterday" is neither an ISO 8601 instant nor a date; expected e.g. 2025-03-31T17:00:00Z, 2025-03-31T18:00:00+01:00 or 2025-03-31 (a date: its first instant in UK time)',
        ),
      ],
      ["2025-02-30", usage('"2025-02-30" is not a calendar date; expected YYYY-MM-DD such as 2024-04-01')],
    ];
    for (const [asAt, stderr] of cases) {
      for (const command of [["kpi"], ["report", "ICT"]]) {
        // The file does not exist: the flag is checked first, as --period and --year are.
        const r = await runCli([...command, "missing.json", "--year", "2024/25", "--as-at", asAt]);
        expect(r).toEqual({ code: 2, stdout: "", stderr });
      }
    }
  });

  it("exits 2 without --year, with a quarter for a year, or without a service", async () => {
    const missing = await runCli(["savings", "--demo"]);
    expect(missing).toEqual({
      code: 2,
      stdout: "",
      stderr: "3c: --year is required, e.g. --year 2024/25\nRun 3c --help for usage.\n",
    });
    const quarter = await runCli(["kpi", "--demo", "--year", "2024/25-Q3"]);
    expect(quarter.code).toBe(2);
    expect(quarter.stderr).toContain("--year: 2024/25-Q3 is not a financial year");
    const noService = await runCli(["report", "--year", "2024/25"]);
    expect(noService.code).toBe(2);
    expect(noService.stderr).toContain("give the SERVICE");
  });

  it("refuses a savings report of a year with no figures, naming the years that have them, in every format, writing nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "3c-no-savings-"));
    // The demo records contributions of 2015/16 to 2023/24; its cost lines are of 2024/25.
    const message =
      "3c: --year 2030/31: no savings figures for 2030/31 (no contributions recorded for it, and no cost lines of it); the years with figures are 2015/16 to 2024/25\nRun 3c --help for usage.\n";
    for (const format of ["table", "json", "csv", "xlsx"]) {
      const r = await runCli(["savings", "--demo", "--year", "2030/31", "--format", format, "--out", `s.${format}`], {
        cwd: dir,
      });
      expect(r).toEqual({ code: 2, stdout: "", stderr: message });
    }
    expect(readdirSync(dir)).toEqual([]);
    const before = await runCli(["savings", "--demo", "--year", "2014/15"]);
    expect([before.code, before.stderr.split("\n")[0]]).toEqual([
      2,
      "3c: --year 2014/15: no savings figures for 2014/15 (no contributions recorded for it, and no cost lines of it); the years with figures are 2015/16 to 2024/25",
    ]);
    // A year with recorded figures and none from lines is reported as before.
    expect((await runCli(["savings", "--demo", "--year", "2023/24"])).code).toBe(0);
  });

  it("refuses a KPI scorecard and an annual report of a year not begun when taken, in every format, writing nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "3c-not-begun-"));
    const now = Date.parse("2026-11-24T16:00:00Z");
    const notBegun =
      "--year 2030/31: the year begins on 2030-04-01, and the report is taken now (2026-11-24T16:00:00Z), so nothing of 2030/31 can have been measured yet; ask for 2026/27 or an earlier year";
    for (const format of ["table", "json", "csv", "xlsx"]) {
      for (const command of [["kpi"], ["report", "ICT"]]) {
        const r = await runCli([...command, "--demo", "--year", "2030/31", "--format", format, "--out", "r.out"], {
          cwd: dir,
          now,
        });
        expect(r).toEqual({ code: 2, stdout: "", stderr: `3c: ${notBegun}\nRun 3c --help for usage.\n` });
      }
    }
    expect(existsSync(join(dir, "r.out"))).toBe(false);
    // Taken with --as-at on the first instant of the year: nothing of it had happened either.
    const atStart = await runCli(["kpi", "--demo", "--year", "2026/27", "--as-at", "2026-04-01"], { now });
    expect([atStart.code, atStart.stderr.split("\n")[0]]).toEqual([
      2,
      "3c: --year 2026/27: the year begins on 2026-04-01, and the report is taken at --as-at 2026-03-31T23:00:00Z, so nothing of 2026/27 can have been measured yet; ask for 2025/26 or an earlier year, or give an --as-at within the year",
    ]);
  });

  it("shows the running year's scorecard with availability read only from the periods ended by now: no 100% for the months to come", async () => {
    const now = Date.parse("2026-11-24T16:00:00Z");
    const r = await runCli(["kpi", "--demo", "--year", "2026/27", "--service", "ICT", "--format", "json"], { now });
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const card = kpiScorecard(demo(), "2026/27", { service: "ICT", asAt: "2026-11-24T16:00:00Z" });
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(card)));
    const ict = card.kpis.find((k) => k.code === "ICT-KPI-1");
    // Q3 is October's reading alone (November has not ended); Q4 has not begun.
    expect(ict?.quarters.map((q) => q.value?.measurements ?? 0)).toEqual([1, 1, 1, 0]);
    expect(ict?.quarters[3]?.status).toBe("no-data");
    expect(ict?.predictedYearEnd?.method).toBe("to-date");
  });

  it("exits 1 for a service the partnership does not have", async () => {
    const r = await runCli(["report", "PARKS", "--demo", "--year", "2024/25"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      '3c: No service "PARKS" in the partnership; its services are BC, ICT, LEGAL [INVALID_SCENARIO]\n',
    );
  });

  it("gives the same report from the demo's workbook as from the demo", async () => {
    const dir = mkdtempSync(join(tmpdir(), "3c-reports-"));
    const made = await runCli(["template", "--demo", "--out", "demo.xlsx"], { cwd: dir });
    expect(made.code).toBe(0);
    const fromWorkbook = await runCli(["report", "ICT", "demo.xlsx", "--year", "2024/25", "--format", "json"], {
      cwd: dir,
    });
    const fromDemo = await runCli(["report", "ICT", "--demo", "--year", "2024/25", "--format", "json"]);
    expect(fromWorkbook.stderr).toBe("");
    expect(fromWorkbook.stdout).toBe(fromDemo.stdout);
  });

  it("documents the three commands with examples in --help", async () => {
    for (const command of ["savings", "kpi", "report"]) {
      const r = await runCli(["help", command]);
      expect(r.code).toBe(0);
      expectGolden(`help-${command}.txt`, r.stdout);
    }
  });
});
