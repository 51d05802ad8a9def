import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenario, parseDate, parseMoney, type RechargeRun, rechargeRun, scenarioJsonSchema } from "@3c/domain";
import { demoBudgetDocument, demoBudgetScenario, demoScenarioDocument } from "@3c/domain/demo";
import { loadExcel } from "@3c/workbooks";
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { API_OPTIONS } from "../src/api/apiClient.js";
import { STORED_RUN_OPTIONS } from "../src/api/storedRunArgs.js";
import { COMMON_OPTIONS, INPUT_OPTIONS } from "../src/args.js";
import { COMMANDS, helpText } from "../src/help.js";
import { STATEMENT_OPTIONS } from "../src/recharge/statementOptions.js";
import { writeTemplate } from "../src/workbook/writeTemplate.js";
import { CLI_ROOT, expectGolden, runCli, runCliProcess } from "./runCli.js";

const fixture = (name: string) => join(CLI_ROOT, "test/fixtures", name);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "3c-cli-"));
  writeFileSync(join(dir, "demo.json"), JSON.stringify(demoScenarioDocument, null, 2));
  writeFileSync(join(dir, "demo.yaml"), stringify(demoScenarioDocument));
  writeFileSync(join(dir, "demo-budget.yaml"), stringify(demoBudgetDocument));
  // What-if: Huntingdonshire's ICT users corrected from 890 to 990 for the year.
  const proposed = {
    ...demoScenarioDocument,
    drivers: (demoScenarioDocument.drivers ?? []).map((d) =>
      d.driver === "users" && d.partner === "HDC" ? { ...d, quantity: "990" } : d,
    ),
  };
  writeFileSync(join(dir, "proposed.json"), JSON.stringify(proposed, null, 2));
  // Malformed on purpose (so they live here, not as fixtures the formatter would reject).
  writeFileSync(
    join(dir, "broken-syntax.json"),
    '{\n  "schemaVersion": 1,\n  "partners": [ { "id": "A", "name": "A" } ],\n}\n',
  );
  writeFileSync(join(dir, "broken.yaml"), "schemaVersion: 1\npartners:\n  - id: A\n   name: bad indent\n");
});

describe("3c on the demo partnership", () => {
  it("lists every command with examples and the exit codes in --help", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    expectGolden("help.txt", r.stdout);
  });

  it("prints the package's version with --version", async () => {
    // Answered by src/bin.ts before main is loaded: only a real process shows it.
    const r = await runCliProcess(["--version"]);
    const pkg = JSON.parse(readFileSync(join(CLI_ROOT, "package.json"), "utf8")) as { version: string };
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it("names in each command's help every flag the command accepts, and accepts every flag its options name", async () => {
    // Every flag 3c knows of: the shared declarations, and each flag any help or the calculator's page names.
    const known = new Set<string>(
      [INPUT_OPTIONS, STATEMENT_OPTIONS, API_OPTIONS, STORED_RUN_OPTIONS, COMMON_OPTIONS].flatMap((o) =>
        Object.keys(o),
      ),
    );
    const page = readFileSync(join(CLI_ROOT, "../../docs/calculator.md"), "utf8");
    for (const text of [page, ...COMMANDS.map((c) => helpText(c))])
      for (const m of text.matchAll(/--([a-z][a-z-]*[a-z])/g)) known.add(m[1] ?? "");
    // Flags of every command, explained once in 3c --help.
    const global = new Set(["help", "no-color"]);
    const problems: string[] = [];
    for (const command of COMMANDS.filter((c) => c !== "help")) {
      const help = helpText(command);
      // The flags the help offers this command: its usage lines and its option lines, not prose
      // that names another command's flags.
      const [usage = ""] = help.split("\n\n");
      const optionLines = help.split("\n").filter((l) => /^\s+(-\w, )?--[a-z]/.test(l));
      const offered = (flag: string) => new RegExp(`--${flag}\\b`).test([usage, ...optionLines].join("\n"));
      for (const flag of known) {
        // Alone, a string flag lacks its value and a boolean one lacks the rest: either way it is
        // refused as unknown only when the command does not take it.
        const r = await runCli([command, `--${flag}`], { cwd: dir });
        const accepted = !r.stderr.includes(`Unknown option '--${flag}'`);
        const named = new RegExp(`--${flag}\\b`).test(help);
        if (accepted && !named && !global.has(flag))
          problems.push(`3c ${command} takes --${flag}, its help does not say`);
        if (!accepted && offered(flag)) problems.push(`3c ${command}'s help offers --${flag}, it refuses it`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("refuses each flag a command would ignore, exit 2 naming it, before reading anything", async () => {
    const refused = async (args: string[]) => {
      const r = await runCli(args, { cwd: dir });
      return [r.code, r.stdout, r.stderr.split("\n")[0]];
    };
    const settle = ["settle", "--demo", "--period", "2024/25"];
    for (const flag of ["--issue-date=2025-04-30", "--due-date=2025-05-30", "--number-prefix=INV"])
      expect(await refused([...settle, flag])).toEqual([
        2,
        "",
        `3c: Unknown option '${flag.split("=")[0]}': 3c settle does not use the statements' dates or numbers (no position or transfer depends on them); give ${flag.split("=")[0]} to 3c recharge`,
      ]);
    // The VAT rate is settled with each invoice: taken.
    expect((await runCli([...settle, "--vat-rate", "0"])).code).toBe(0);
    const api = ["--api", "http://127.0.0.1:9", "--key", "k"];
    expect(await refused(["savings", "--year", "2024/25", ...api, "--partnership", "3c", "--ledger", "l.csv"])).toEqual(
      [
        2,
        "",
        "3c: --api reports on the API's stored data: leave out --ledger (import the ledger into the API instead)",
      ],
    );
    expect(await refused(["kpi", "--demo", "--year", "2024/25", "--partnership", "3c"])).toEqual([
      2,
      "",
      "3c: --partnership goes with --api URL --key KEY (the API's stored data)",
    ]);
    expect(await refused(["diff", "--demo", "proposed.json", "--period", "2024/25", "--partnership", "3c"])).toEqual([
      2,
      "",
      "3c: --partnership goes with --run RUN --against OTHER (two stored runs of the API)",
    ]);
    expect(await refused(["recharge", ...api, "--partnership", "3c", "--run", "run-1", "--map", "m.json"])).toEqual([
      2,
      "",
      "3c: --run prints a stored run as it was made: leave out --map",
    ]);
  });

  it("explains a command with help COMMAND", async () => {
    const r = await runCli(["help", "recharge"]);
    expect(r.code).toBe(0);
    expectGolden("help-recharge.txt", r.stdout);
  });

  it("prints only one partner's statement with --partner, and exits 2 naming the partners there are", async () => {
    const q3 = ["recharge", "--demo", "--period", "2024/25-Q3"];
    const whole = await runCli([...q3, "--format", "csv"]);
    const one = await runCli([...q3, "--format", "csv", "--partner", "SCDC"]);
    expect(one.code).toBe(0);
    const [heading, ...rows] = whole.stdout.split("\r\n");
    // The whole run's CSV (CRLF), restricted to the rows of the statement to SCDC.
    expect(one.stdout).toBe(
      `${[heading, ...rows.filter((r) => r.startsWith("3C-2024/25-Q3-SCDC,"))].join("\r\n")}\r\n`,
    );
    const json = JSON.parse((await runCli([...q3, "--format", "json", "--partner", "SCDC"])).stdout);
    const run = JSON.parse((await runCli([...q3, "--format", "json"])).stdout) as RechargeRun;
    expect(json).toEqual(run.statements.statements.find((s) => s.partner === "SCDC"));
    const table = await runCli([...q3, "--partner", "SCDC"]);
    expect(table.stdout).toMatch(/^Number +Type +To .*\n3C-2024\/25-Q3-SCDC +invoice +SCDC .*\n\n/m);
    const none = await runCli([...q3, "--partner", "XYZ"]);
    expect([none.code, none.stderr.split("\n")[0]]).toEqual([
      2,
      '3c: --partner: no statement to "XYZ" in the run; there are statements to CCC, HDC, SCDC',
    ]);
    const stray = await runCli([...q3, "--partnership", "3c"]);
    expect([stray.code, stray.stderr.split("\n")[0]]).toEqual([
      2,
      "3c: --partnership goes with --run RUN (a stored run of the API)",
    ]);
    const runs = await runCli(["runs", "--partnership", "3c"]);
    expect([runs.code, runs.stderr.split("\n")[0]]).toEqual([
      2,
      "3c: runs lists the API's stored runs: give --api URL --key KEY",
    ]);
  });

  it("exits 2 with a usage error for an unknown command or flag", async () => {
    expect(await runCli(["frobnicate"])).toEqual({
      code: 2,
      stdout: "",
      stderr: '3c: unknown command "frobnicate"\nRun 3c --help for usage.\n',
    });
    const r = await runCli(["recharge", "--demo", "--period", "2024/25", "--colour"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("3c: Unknown option '--colour'\nRun 3c --help for usage.\n");
  });

  it("exits 2 when --period is missing or is not a financial period", async () => {
    const missing = await runCli(["recharge", "--demo"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--period is required");
    const expected = (flag: string, text: string) =>
      `3c: ${flag}: "${text}" is not a UK financial period; expected a year such as 2024/25, a quarter such as 2024/25-Q3 or a month such as 2024/25-P7\nRun 3c --help for usage.\n`;
    // The flag is named once, not followed by the domain's own field name.
    const bad = await runCli(["recharge", "--demo", "--period", "2024-Q3"]);
    expect(bad).toEqual({ code: 2, stdout: "", stderr: expected("--period", "2024-Q3") });
    const year = await runCli(["savings", "--demo", "--year", "2024-25"]);
    expect(year).toEqual({ code: 2, stdout: "", stderr: expected("--year", "2024-25") });
  });

  it("exits 2 naming the flag for a VAT rate over 100 percent or a due date before the issue date", async () => {
    const rate = await runCli(["recharge", "--demo", "--period", "2024/25-Q3", "--vat-rate", "100.5"]);
    expect([rate.code, rate.stdout, rate.stderr.split("\n")[0]]).toEqual([
      2,
      "",
      '3c: --vat-rate: expected a percentage from 0 to 100 such as 20 or 17.5, not "100.5"',
    ]);
    const due = await runCli(["recharge", "--demo", "--period", "2024/25-Q3", "--due-date", "2024-12-30"]);
    expect([due.code, due.stdout, due.stderr.split("\n")[0]]).toEqual([
      2,
      "",
      "3c: --due-date: 2024-12-30 is before the issue date 2024-12-31; expected that day or later",
    ]);
  });

  it("writes the format --out's extension names when --format is not given, and refuses one the command does not write", async () => {
    const out = mkdtempSync(join(tmpdir(), "3c-out-"));
    const cases: [string[], string, string][] = [
      [["recharge", "--demo", "--period", "2024/25-Q3"], "statements.xlsx", "xlsx"],
      [["recharge", "--demo", "--period", "2024/25-Q3"], "lines.CSV", "csv"],
      [["recharge", "--demo", "--period", "2024/25-Q3"], "run.json", "json"],
      [["settle", "--demo", "--period", "2024/25"], "positions.csv", "csv"],
      [["savings", "--demo", "--year", "2024/25"], "savings.xlsx", "xlsx"],
      [["kpi", "--demo", "--year", "2024/25"], "kpis.csv", "csv"],
      [["report", "ICT", "--demo", "--year", "2024/25"], "ict.json", "json"],
      [["diff", "--demo", join(dir, "proposed.json"), "--period", "2024/25"], "diff.csv", "csv"],
    ];
    for (const [args, file, format] of cases) {
      const byName = await runCli([...args, "--out", file], { cwd: out });
      const byFlag = await runCli([...args, "--format", format, "--out", `flag-${file}`], { cwd: out });
      expect([byName.code, byName.stderr]).toEqual([0, ""]);
      expect(byFlag.code).toBe(0);
      expect(readFileSync(join(out, file))).toEqual(readFileSync(join(out, `flag-${file}`)));
    }
    // --format says what to write, whatever the name.
    const table = await runCli(["savings", "--demo", "--year", "2024/25", "--format", "table", "--out", "t.csv"], {
      cwd: out,
    });
    expect(table.code).toBe(0);
    expect(readFileSync(join(out, "t.csv"), "utf8")).toMatch(
      /^3C Shared Services \(illustrative demo\): savings 2024\/25\n/,
    );
    // A workbook named for a command that writes none is refused, not written as text Excel cannot open.
    const settle = await runCli(["settle", "--demo", "--period", "2024/25", "--out", "settle.xlsx"], { cwd: out });
    expect(settle).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "3c: --out settle.xlsx: this command writes table, json or csv, not xlsx; give --format, or a file name ending .json or .csv\nRun 3c --help for usage.\n",
    });
    expect(existsSync(join(out, "settle.xlsx"))).toBe(false);
  });

  it("prints the domain's JSON Schema", async () => {
    const r = await runCli(["schema"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(scenarioJsonSchema());
  });

  it("validates the demo and says what it holds", async () => {
    const r = await runCli(["validate", "--demo"]);
    expect(r.code).toBe(0);
    expectGolden("validate-demo.txt", r.stdout);
  });

  it("reports a JSON syntax error with its line and column, exit 1", async () => {
    const r = await runCli(["validate", "broken-syntax.json"], { cwd: dir });
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: "3c: broken-syntax.json:4:1: not valid JSON (Expected double-quoted property name)\n",
    });
  });

  it("reports a YAML syntax error with its line and column, exit 1", async () => {
    const r = await runCli(["validate", "broken.yaml"], { cwd: dir });
    expect(r.code).toBe(1);
    expectGolden("validate-broken-yaml.txt", r.stderr);
  });

  it("lists every problem of an invalid scenario with its path, exit 1", async () => {
    const r = await runCli(["validate", "invalid.yaml"], { cwd: join(CLI_ROOT, "test/fixtures") });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expectGolden("validate-invalid.txt", r.stderr);
  });

  it("recharges a quarter as a table", async () => {
    const r = await runCli(["recharge", "--demo", "--period", "2024/25-Q3"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expectGolden("recharge-demo-q3.txt", r.stdout);
  });

  it("recharges the demo's year with its budget: advances by quarter, the true-up and its settlement", async () => {
    const r = await runCli(["recharge", "--demo", "--period", "2024/25", "--budget", "demo"]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expectGolden("recharge-demo-year-budget.txt", r.stdout.slice(r.stdout.indexOf("Advances from the budget")));
    // The same budget from a file gives the same run; a quarter has no advances.
    const demo = await runCli(["recharge", "--demo", "--period", "2024/25", "--budget", "demo", "--format", "json"]);
    const file = await runCli([
      "recharge",
      "--demo",
      "--period",
      "2024/25",
      "--budget",
      join(dir, "demo-budget.yaml"),
      "--format",
      "json",
    ]);
    expect(file.stdout).toBe(demo.stdout);
    const run = JSON.parse(demo.stdout) as { trueUp: { byPartner: { trueUp: { minor: number } }[] } };
    expect(run.trueUp.byPartner.map((p) => p.trueUp.minor)).toEqual([2_181_051, -4_352_000, -2_311_297]);
    const quarter = await runCli(["recharge", "--demo", "--period", "2024/25-Q3", "--budget", "demo"]);
    expect([quarter.code, quarter.stderr]).toEqual([1, expect.stringContaining("[INVALID_PERIOD]")]);
  });

  it("gives the same run from the demo written as JSON and as YAML", async () => {
    const base = await runCli(["recharge", "--demo", "--period", "2024/25", "--format", "json"]);
    const json = await runCli(["recharge", join(dir, "demo.json"), "--period", "2024/25", "--format", "json"]);
    const yaml = await runCli([
      "recharge",
      "--scenario",
      join(dir, "demo.yaml"),
      "--period",
      "2024/25",
      "--format",
      "json",
    ]);
    expect(json.stdout).toBe(base.stdout);
    expect(yaml.stdout).toBe(base.stdout);
    const run = JSON.parse(base.stdout) as {
      manifest: { outputHash: string };
      allocation: { certificate: { balanced: boolean } };
    };
    expect(run.allocation.certificate.balanced).toBe(true);
    expectGolden("recharge-demo-year.manifest.json", `${JSON.stringify(run.manifest, null, 2)}\n`);
  });

  it("writes the statement lines as CSV", async () => {
    const r = await runCli([
      "recharge",
      "--demo",
      "--period",
      "2024/25-Q3",
      "--format",
      "csv",
      "--issue-date",
      "2025-01-15",
    ]);
    expect(r.code).toBe(0);
    expectGolden("recharge-demo-q3.csv", r.stdout);
  });

  it("writes statements to XLSX whose money cells read back to the exact pennies", async () => {
    const out = join(dir, "statements.xlsx");
    const r = await runCli(["recharge", "--demo", "--period", "2024/25-Q3", "--format", "xlsx", "--out", out]);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    const json = await runCli(["recharge", "--demo", "--period", "2024/25-Q3", "--format", "json"]);
    const run = JSON.parse(json.stdout) as {
      statements: {
        statements: { number: string; totalWithVat: { minor: number }; lines: { amount: { minor: number } }[] }[];
      };
    };
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const summary = wb.getWorksheet("Summary");
    const totals = run.statements.statements.map((_, i) => summary?.getRow(i + 2).getCell(8));
    expect(totals.map((c) => parseMoney(String(c?.value), "GBP").minor)).toEqual(
      run.statements.statements.map((s) => s.totalWithVat.minor),
    );
    expect(totals[0]?.numFmt).toBe('"£"#,##0.00;-"£"#,##0.00');
    const sheet = wb.worksheets[1];
    const amounts: number[] = [];
    sheet?.eachRow((row) => {
      const v = row.getCell(10).value;
      if (typeof v === "number" && row.getCell(2).value !== null) amounts.push(parseMoney(String(v), "GBP").minor);
    });
    expect(amounts).toEqual(run.statements.statements[0]?.lines.map((l) => l.amount.minor));
  });

  it("refuses --format xlsx without --out, exit 2", async () => {
    const r = await runCli(["recharge", "--demo", "--period", "2024/25", "--format", "xlsx"]);
    expect(r.code).toBe(2);
  });

  it("settles the year with the fewest transfers", async () => {
    const r = await runCli(["settle", "--demo", "--period", "2024/25"]);
    expect(r.code).toBe(0);
    expectGolden("settle-demo-year.txt", r.stdout);
    const csv = await runCli(["settle", "--demo", "--period", "2024/25", "--format", "csv"]);
    expectGolden("settle-demo-year.csv", csv.stdout);
  });

  it("settles the demo's year-end true-up with --budget: the domain's positions, summing to zero, and its fewest transfers", async () => {
    const year = ["settle", "--demo", "--period", "2024/25", "--budget", "demo"];
    const r = await runCli(year);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expectGolden("settle-demo-year-budget.txt", r.stdout);
    const csv = await runCli([...year, "--format", "csv"]);
    expectGolden("settle-demo-year-budget.csv", csv.stdout);
    // The JSON is the domain's own true-up settlement of the year run with the budget.
    const json = await runCli([...year, "--format", "json"]);
    const run = rechargeRun({
      scenario: loadScenario(demoScenarioDocument),
      period: "2024/25",
      statements: { numbers: { CCC: "1", HDC: "2", SCDC: "3" }, issueDate: parseDate("2025-03-31") },
      budget: demoBudgetScenario(),
    });
    const expected = run.trueUpSettlement;
    if (expected === undefined) throw new Error("a year with the budget has a true-up settlement");
    const got = JSON.parse(json.stdout) as typeof expected & { trueUp: unknown };
    expect(got).toEqual(
      JSON.parse(JSON.stringify({ period: run.allocation.period, trueUp: run.trueUp?.byPartner, ...expected })),
    );
    expect(got.positions.reduce((sum, p) => sum + p.net.minor, 0)).toBe(0);
    // Paying the transfers leaves every partner square: net less received plus paid is zero.
    for (const p of got.positions) {
      const moved = got.settlement.reduce(
        (sum, t) => sum + (t.from === p.partner ? t.amount.minor : 0) - (t.to === p.partner ? t.amount.minor : 0),
        0,
      );
      expect(p.net.minor + moved).toBe(0);
    }
    expect(got.settlement.map((t) => [t.from, t.to, t.amount.minor])).toEqual([
      ["CCC", "HDC", 12_173_511],
      ["CCC", "SCDC", 2_311_297],
    ]);
    // A quarter is refused exactly as 3c recharge --budget refuses it.
    const quarter = await runCli(["settle", "--demo", "--period", "2024/25-Q3", "--budget", "demo"]);
    const refused = await runCli(["recharge", "--demo", "--period", "2024/25-Q3", "--budget", "demo"]);
    expect(quarter).toEqual(refused);
    expect([quarter.code, quarter.stderr]).toEqual([1, expect.stringContaining("[INVALID_PERIOD]")]);
  });

  it("explains settle's --budget in help settle", async () => {
    const r = await runCli(["help", "settle"]);
    expect(r.code).toBe(0);
    expectGolden("help-settle.txt", r.stdout);
  });

  it("shows every partner's difference when a driver quantity changes", async () => {
    const r = await runCli(["diff", "demo.json", "proposed.json", "--period", "2024/25"], { cwd: dir });
    expect(r.code).toBe(0);
    expectGolden("diff-demo-users.txt", r.stdout);
  });

  it("compares a scenario with the demo: --demo stands for BEFORE, as it stands for FILE elsewhere", async () => {
    const period = ["--period", "2024/25"];
    for (const format of ["table", "json", "csv"]) {
      const demo = await runCli(["diff", "--demo", "proposed.json", ...period, "--format", format], { cwd: dir });
      const files = await runCli(["diff", "demo.json", "proposed.json", ...period, "--format", format], { cwd: dir });
      expect([demo.code, demo.stderr]).toEqual([0, ""]);
      expect(demo.stdout).toBe(files.stdout.replace("demo.json → proposed.json", "demo → proposed.json"));
    }
    const usage = (message: string) => ({ code: 2, stdout: "", stderr: `3c: ${message}\nRun 3c --help for usage.\n` });
    expect(await runCli(["diff", "--demo", ...period], { cwd: dir })).toEqual(
      usage("diff --demo needs the scenario to compare with the demo: 3c diff --demo AFTER --period P"),
    );
    expect(await runCli(["diff", "--demo", "demo.json", "proposed.json", ...period], { cwd: dir })).toEqual(
      usage("give BEFORE once: as a file or as --demo, not both"),
    );
    const stored = ["--api", "http://127.0.0.1:1", "--key", "k", "--partnership", "3c", "--run", "a", "--against", "b"];
    expect(await runCli(["diff", ...stored, "--demo"], { cwd: dir })).toEqual(
      usage("--run compares two stored runs: leave out --demo"),
    );
  });

  it("strips terminal control sequences from names in the input", async () => {
    const r = await runCli(["recharge", fixture("hostile.yaml"), "--period", "2024/25"]);
    expect(r.code).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(r.stdout).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(r.stdout).toContain("Two councils: recharge for 2024/25");
    expect(r.stdout).toContain("Council A\n");
  });

  it("prints the calculator's overview and exits when there is no terminal", async () => {
    const r = await runCli(["calc", "--demo", "--period", "2024/25-Q3"]);
    const recharge = await runCli(["recharge", "--demo", "--period", "2024/25-Q3"]);
    expect(r).toEqual({ code: 0, stdout: recharge.stdout, stderr: "" });
  });

  it("reads the calculator's budget as 3c recharge does: the year end without a terminal, a quarter refused", async () => {
    const year = ["--demo", "--period", "2024/25", "--budget", join(dir, "demo-budget.yaml")];
    const r = await runCli(["calc", ...year]);
    const recharge = await runCli(["recharge", ...year]);
    expect(r).toEqual({ code: 0, stdout: recharge.stdout, stderr: "" });
    expect(r.stdout).toContain("True-up settlement: 2 transfers:");
    const quarter = await runCli(["calc", "--demo", "--period", "2024/25-Q3", "--budget", "demo"]);
    const refused = await runCli(["recharge", "--demo", "--period", "2024/25-Q3", "--budget", "demo"]);
    expect(quarter).toEqual(refused);
    expect([quarter.code, quarter.stderr]).toEqual([1, expect.stringContaining("[INVALID_PERIOD]")]);
  });

  it("names a missing file, exit 1", async () => {
    const r = await runCli(["recharge", "nowhere.json", "--period", "2024/25"], { cwd: dir });
    expect(r).toEqual({ code: 1, stdout: "", stderr: "3c: nowhere.json: cannot read the file (no such file)\n" });
  });
});

describe("3c and Excel workbooks", () => {
  it("runs a workbook with the ICT hand-over exactly as the same scenario in JSON", async () => {
    // The demo's ICT, led by HDC, handed to CCC from 1 October 2024, written both ways.
    const handed = {
      ...demoScenarioDocument,
      services: demoScenarioDocument.services.map((s) =>
        s.id === "ICT" ? { ...s, handovers: [{ effectiveFrom: "2024-10-01", lead: "CCC" }] } : s,
      ),
    };
    writeFileSync(join(dir, "handed.json"), JSON.stringify(handed, null, 2));
    writeFileSync(join(dir, "handed.xlsx"), await writeTemplate(handed));
    const args = ["--period", "2024/25", "--format", "json"];
    const fromWorkbook = await runCli(["recharge", "handed.xlsx", ...args], { cwd: dir });
    const fromJson = await runCli(["recharge", "handed.json", ...args], { cwd: dir });
    expect(fromWorkbook.code).toBe(0);
    expect(fromWorkbook.stdout).toBe(fromJson.stdout);
    const run = JSON.parse(fromWorkbook.stdout) as {
      allocation: { byService: { service: string; leads?: { lead: string }[] }[] };
    };
    const ict = run.allocation.byService.find((s) => s.service === "ICT");
    expect(ict?.leads?.map((l) => l.lead)).toEqual(["HDC", "CCC"]);
  });

  it("writes the demo as a workbook that reads back to the same recharge", async () => {
    const made = await runCli(["template", "--demo", "--out", "demo.xlsx"], { cwd: dir });
    expect(made).toEqual({ code: 0, stdout: "", stderr: "Wrote demo.xlsx (the demo partnership).\n" });
    const fromWorkbook = await runCli(["recharge", "demo.xlsx", "--period", "2024/25", "--format", "json"], {
      cwd: dir,
    });
    const fromDemo = await runCli(["recharge", "--demo", "--period", "2024/25", "--format", "json"]);
    expect(fromWorkbook.code).toBe(0);
    expect(fromWorkbook.stdout).toBe(fromDemo.stdout);
  });

  it("writes a blank template whose sheets and headings carry notes", async () => {
    const made = await runCli(["template", "--out", "blank.xlsx"], { cwd: dir });
    expect(made.code).toBe(0);
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "blank.xlsx"));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "README",
      "partnership",
      "partners",
      "services",
      "handovers",
      "pools",
      "rules",
      "cost lines",
      "income",
      "drivers",
      "fx rates",
      "budget rates",
      "support",
      "budgets",
      "savings settings",
      "indices",
      "baselines",
      "contributions",
      "one-offs",
      "KPIs",
      "KPI targets",
      "KPI scheme",
      "measurements",
      "calendars",
      "outages",
      "outage cost",
      "availability",
    ]);
    const head = wb.getWorksheet("cost lines")?.getRow(1);
    expect(head?.getCell(5).value).toBe("amount");
    expect(JSON.stringify(head?.getCell(5).note)).toContain("negative for a credit");
  });

  it("names the sheet, row and column of every problem in a workbook, exit 1", async () => {
    await runCli(["template", "--demo", "--out", "bad.xlsx"], { cwd: dir });
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "bad.xlsx"));
    const set = (sheet: string, row: number, col: number, value: string | number) => {
      const ws = wb.getWorksheet(sheet);
      if (ws === undefined) throw new Error(sheet);
      ws.getRow(row).getCell(col).value = value;
    };
    set("cost lines", 5, 5, "12.345"); // amount: too many places
    set("cost lines", 6, 4, "31/04/2024"); // date: not ISO
    let fixedRule = 0;
    wb.getWorksheet("rules")?.eachRow((row, n) => {
      if (row.getCell(1).value === "bc-staff-v1") fixedRule = n;
    });
    set("rules", fixedRule, 7, "CCC=24; HDC=56"); // fixed percentages no longer total 100
    set("partners", 4, 1, "S C D C"); // not an identifier
    set("drivers", 2, 4, 12.5); // a number typed in: fine
    await wb.xlsx.writeFile(join(dir, "bad.xlsx"));
    const r = await runCli(["validate", "bad.xlsx"], { cwd: dir });
    expect(r.code).toBe(1);
    expectGolden("validate-bad-workbook.txt", r.stderr);
  });

  it("refuses a file that is not a workbook, exit 1", async () => {
    writeFileSync(join(dir, "fake.xlsx"), "not a zip");
    const r = await runCli(["validate", "fake.xlsx"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^3c: fake\.xlsx: not an Excel workbook \(\.xlsx\)/);
  });
});

describe("3c and ledger exports", () => {
  const ledger = ["--demo", "--ledger", "test/fixtures/ledger.csv", "--map", "test/fixtures/ledger-map.json"];

  it("recharges a quarter from a ledger export and a column mapping", async () => {
    const r = await runCli(["recharge", ...ledger, "--period", "2024/25-Q3"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expectGolden("recharge-ledger-q3.txt", r.stdout);
  });

  it("gives the same charges with every line kept", async () => {
    const summed = await runCli(["settle", ...ledger, "--period", "2024/25-Q3", "--format", "json"]);
    const kept = await runCli(["settle", ...ledger, "--keep-lines", "--period", "2024/25-Q3", "--format", "json"]);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toBe(summed.stdout);
  });

  it("maps columns with --column flags instead of a file", async () => {
    const r = await runCli([
      "validate",
      "--demo",
      "--ledger",
      "test/fixtures/ledger.csv",
      ...["id=Journal", "service=Service", "pool=Subjective", "date=Posted", "amount=Net"].flatMap((c) => [
        "--column",
        c,
      ]),
    ]);
    // The mapping says nothing of the date format: DD/MM/YYYY dates are refused, with their line.
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[1]).toBe(
      '  test/fixtures/ledger.csv: line 2, column "Posted" (date): "31/10/2024" is not a calendar date; expected YYYY-MM-DD',
    );
  });

  it("lists every bad cell of a ledger with its line and column, exit 1", async () => {
    const r = await runCli([
      "recharge",
      "--demo",
      "--ledger",
      "test/fixtures/ledger-bad.csv",
      "--map",
      "test/fixtures/ledger-map.json",
      "--period",
      "2024/25",
    ]);
    expect(r.code).toBe(1);
    expectGolden("recharge-ledger-bad.txt", r.stderr);
  });

  it("refuses ledger flags without a ledger, exit 2", async () => {
    const r = await runCli(["recharge", "--demo", "--map", "m.json", "--period", "2024/25"]);
    expect(r.code).toBe(2);
  });
});
