import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RechargeRun, Scenario, ScenarioDocument } from "@3c/domain";
import { INPUT_OPTIONS, parseCommandArgs, periodFlag, progressSink, scenarioSource, stringFlag } from "../args.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import { colourAllowed, type Io } from "../Io.js";
import { loadBudget } from "../input/loadBudget.js";
import { loadScenario } from "../input/loadScenario.js";
import { toJson } from "../output/json.js";
import { rechargeReport, statementLinesCsv } from "../output/rechargeReport.js";
import { runRecharge } from "../recharge/runRecharge.js";
import { STATEMENT_OPTIONS, statementOptions } from "../recharge/statementOptions.js";

/**
 * Writes one of the calculator's exports into a folder, named after the period.
 *
 * @param dir - the folder
 * @param what - statements workbook, statement lines CSV, or the full run as JSON
 * @param run - the run shown
 * @param scenario - its scenario
 * @returns the file written
 */
export async function exportRun(
  dir: string,
  what: "xlsx" | "csv" | "json",
  run: RechargeRun,
  scenario: Scenario,
): Promise<string> {
  const stem = `3c-${run.allocation.period.name.replace(/\//g, "-")}`;
  const name =
    what === "xlsx" ? `${stem}-statements.xlsx` : what === "csv" ? `${stem}-statement-lines.csv` : `${stem}-run.json`;
  let content: string | Uint8Array;
  if (what === "xlsx") {
    const { statementsWorkbook } = await import("@3c/workbooks");
    content = await statementsWorkbook(run, scenario);
  } else content = what === "csv" ? statementLinesCsv(run.statements.statements) : toJson(run);
  await writeFile(join(dir, name), content);
  return name;
}

/**
 * `3c calc [FILE | --demo] [--period P] [--budget FILE|demo]`: the interactive calculator. Without a
 * terminal (a pipe, CI) it prints the overview as plain text and exits, never waiting for input.
 * With a budget (a year only, read as `3c recharge --budget` reads it) it also shows the year end:
 * advances, true-up and its settlement.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when the calculator is closed
 * @throws CliError usage or input; DomainError from the run (a budget on less than a year:
 *   `INVALID_PERIOD`)
 */
export async function calc(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...INPUT_OPTIONS,
    ...STATEMENT_OPTIONS,
    period: { type: "string" },
    budget: { type: "string" },
  });
  const source = scenarioSource(values, positionals, io.cwd);
  const period = periodFlag(values, source.demo ? "2024/25" : undefined);
  const interactive = process.stdin.isTTY === true && io.stdout.isTTY === true;
  const loaded = await loadScenario(source, progressSink(values, io));
  const statements = statementOptions(values, loaded.scenario, period);
  const budgetSpec = stringFlag(values, "budget");
  const budget = budgetSpec === undefined ? undefined : await loadBudget(budgetSpec, io.cwd);
  // With a budget the run is made before the screen opens, so that a budget on less than a year
  // fails as `3c recharge --budget` does, not inside the calculator; the screen is given it, so the
  // year (about 40 ms on the demo) is run once.
  const run =
    !interactive || budget !== undefined
      ? runRecharge(loaded.scenario, period, statements, budget?.scenario)
      : undefined;
  if (!interactive && run !== undefined) {
    io.stdout.write(rechargeReport(run, loaded.scenario));
    return EXIT.ok;
  }
  const [{ render }, { createElement }, { App }] = await Promise.all([
    import("ink"),
    import("react"),
    import("../ui/App.js"),
  ]);
  const app = render(
    createElement(App, {
      scenario: loaded.scenario,
      document: loaded.document as ScenarioDocument,
      ledgerLines: source.ledger !== undefined,
      label: loaded.label,
      period,
      statements,
      ...(budget === undefined ? {} : { budget: { scenario: budget.scenario, label: budget.label } }),
      ...(run === undefined ? {} : { run }),
      colour: colourAllowed(io.stdout, io.env, values["no-color"] === true),
      exportRun: (what, run, scenario) => exportRun(io.cwd, what, run, scenario),
      exportFile: async (name, content) => {
        await writeFile(join(io.cwd, name), content);
        return name;
      },
    }),
  );
  await app.waitUntilExit();
  return EXIT.ok;
}
