import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { annualReport, kpiScorecard, parseMoney, parseScenario, type Scenario, scenarioSavings } from "@3c/domain";
import { demoScenarioDocument } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { loadExcel } from "../src/workbook/loadExcel.js";
import { expectGolden, runCli } from "./runCli.js";

function demo(): Scenario {
  const parsed = parseScenario(demoScenarioDocument);
  if (!parsed.ok) throw new Error("the demo does not parse");
  return parsed.value;
}

const longest = (text: string) => Math.max(...text.split("\n").map((l) => [...l].length));

describe("3c savings, kpi and report as processes, on the demo partnership", () => {
  it("shows each partner's savings for the year in 80 columns", async () => {
    const r = await runCli(["savings", "--demo", "--year", "2024/25"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expectGolden("savings-demo-year.txt", r.stdout);
    expect(longest(r.stdout)).toBeLessThanOrEqual(80);
  });

  it("writes the domain's savings report as JSON and a row per partner, service and year as CSV", async () => {
    const json = await runCli(["savings", "--demo", "--year", "2024/25", "--format", "json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(scenarioSavings(demo(), "2024/25"))));
    const csv = await runCli(["savings", "--demo", "--year", "2024/25", "--format", "csv"]);
    expect(csv.code).toBe(0);
    expectGolden("savings-demo-year.csv", csv.stdout);
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

  it("exits 1 for a service the partnership does not have", async () => {
    const r = await runCli(["report", "PARKS", "--demo", "--year", "2024/25"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('3c: No service "PARKS" in the partnership [INVALID_SCENARIO]\n');
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
