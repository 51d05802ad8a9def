import type { Scenario } from "@3c/domain";
import { API_OPTIONS, apiTarget, fetchReport, PARTNERSHIP_OPTION } from "../api/apiClient.js";
import {
  type FlagValues,
  formatFlag,
  INPUT_OPTIONS,
  outFlag,
  parseCommandArgs,
  progressSink,
  scenarioSource,
  stringFlag,
  yearFlag,
} from "../args.js";
import { CliError } from "../CliError.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import { colourAllowed, type Io } from "../Io.js";
import { loadScenario } from "../input/loadScenario.js";
import { toJson } from "../output/json.js";
import { writeOutput } from "../output/writeOutput.js";

/** What the table of a report is written with. */
export interface ReportContext<A> {
  /** The partnership's name: the scenario's, or the API's. */
  readonly name: string;
  readonly year: string;
  /** Whether the table may be coloured: to a terminal that allows it, not to a file. */
  readonly colour: boolean;
  readonly args: A;
}

/**
 * What one report command (`3c kpi`, `3c savings`, `3c report`) states; {@link reportCommand}
 * does the rest. `R` is the report, `A` the command's own arguments.
 */
export interface ReportSpec<R, A> {
  /** The command's own flags, beside the scenario's, the API's, `--year`, `--format` and `--out`. */
  readonly options?: Parameters<typeof parseCommandArgs>[1];
  /**
   * Reads the command's own arguments (checked first) and leaves the positionals that name the scenario.
   *
   * @throws CliError usage
   */
  readonly args: (values: FlagValues, positionals: readonly string[]) => { args: A; files: readonly string[] };
  /**
   * Works the report out on a scenario read here.
   *
   * @throws CliError input; DomainError from the domain
   */
  readonly local: (scenario: Scenario, label: string, args: A, year: string) => R;
  /** The report's path on the API, after the partnership, with its query. */
  readonly remote: (args: A, year: string) => string;
  /**
   * The report from the API's answer, where the answer adds to it (default: the answer itself).
   *
   * @throws CliError usage, for a report the command refuses to write (as `local` would)
   */
  readonly fromApi?: (answer: unknown, args: A, year: string) => R;
  readonly table: (report: R, context: ReportContext<A>) => string;
  readonly csv: (report: R) => string;
  /** The workbook (its writer imported only when asked for). */
  readonly xlsx: (report: R) => Promise<Uint8Array>;
}

/**
 * What the report commands share: parse the flags, read the scenario (file, workbook, demo or
 * ledger) and work the report out here — or, with `--api`, fetch the partnership's report from the
 * API — then write it as a table, JSON, CSV or a workbook, to standard output or `--out`.
 *
 * @param argv - the command's arguments
 * @param io - streams
 * @param spec - what differs between the commands
 * @returns 0 when the report was written
 * @throws CliError usage, input, or network for API failures (usage for `--ledger` with `--api`,
 *   or `--partnership` without it: a flag that would change nothing); DomainError from the domain
 * @example
 * return reportCommand(argv, io, { args: (_, files) => ({ args: {}, files }), local, remote, table, csv, xlsx });
 */
export async function reportCommand<R, A>(argv: readonly string[], io: Io, spec: ReportSpec<R, A>): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...INPUT_OPTIONS,
    ...API_OPTIONS,
    ...PARTNERSHIP_OPTION,
    ...spec.options,
    year: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
  });
  const { args, files } = spec.args(values, positionals);
  const source = scenarioSource(values, files, io.cwd);
  const year = yearFlag(values);
  const format = formatFlag(values, ["table", "json", "csv", "xlsx"]);
  const out = outFlag(values, format);
  const target = apiTarget(values);
  // Each flag does something or is refused: a ledger is read only here, the partnership only there.
  if (target !== undefined && source.ledger !== undefined)
    throw new CliError(
      "usage",
      "--api reports on the API's stored data: leave out --ledger (import the ledger into the API instead)",
    );
  if (target === undefined && stringFlag(values, "partnership") !== undefined)
    throw new CliError("usage", "--partnership goes with --api URL --key KEY (the API's stored data)");
  let report: R;
  let name: string;
  if (target === undefined) {
    const { scenario, label } = await loadScenario(source, progressSink(values, io));
    report = spec.local(scenario, label, args, year);
    name = scenario.partnership.name;
  } else {
    const remote = await fetchReport(target, values, spec.remote(args, year), source.demo || source.file !== undefined);
    report = spec.fromApi === undefined ? (remote.report as R) : spec.fromApi(remote.report, args, year);
    name = remote.name;
  }
  switch (format) {
    case "table": {
      const colour = out === undefined && colourAllowed(io.stdout, io.env, values["no-color"] === true);
      await writeOutput(io, out, spec.table(report, { name, year, colour, args }));
      break;
    }
    case "json":
      await writeOutput(io, out, toJson(report));
      break;
    case "csv":
      await writeOutput(io, out, spec.csv(report));
      break;
    case "xlsx":
      await writeOutput(io, out, await spec.xlsx(report));
      break;
  }
  return EXIT.ok;
}
