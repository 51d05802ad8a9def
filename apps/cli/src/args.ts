import { parseArgs } from "node:util";
import { type FinancialPeriod, isDomainError, parseDate, parseInstant, parsePeriod } from "@3c/domain";
import { CliError } from "./CliError.js";
import type { Io } from "./Io.js";
import type { ScenarioSource } from "./input/loadScenario.js";
import type { ProgressSink } from "./ledger/ProgressBar.js";

/** A flag's declaration for `node:util` parseArgs. */
type OptionSpec = { readonly type: "string" | "boolean"; readonly short?: string; readonly multiple?: boolean };

/** Flags shared by every command that reads a scenario. */
export const INPUT_OPTIONS = {
  scenario: { type: "string" },
  demo: { type: "boolean" },
  ledger: { type: "string" },
  map: { type: "string" },
  column: { type: "string", multiple: true },
  "keep-lines": { type: "boolean" },
  "no-progress": { type: "boolean" },
} as const satisfies Record<string, OptionSpec>;

/** Flags every command accepts. */
export const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
  "no-color": { type: "boolean" },
} as const satisfies Record<string, OptionSpec>;

/** Parsed flag values: strings, booleans and repeated strings. */
export type FlagValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

/**
 * Parses a command's arguments strictly: an unknown flag or a missing value is a usage error. A flag
 * the command does not take is refused as unknown even where a sibling command takes it (`3c settle
 * --issue-date`: settling uses no statement date), with the reason when the command gives one.
 *
 * @param argv - the arguments after the command name
 * @param options - the command's flags (the common ones are added)
 * @param notTaken - why the command does not take a flag its siblings take, by flag name
 * @returns flag values and positional arguments
 * @throws CliError usage
 */
export function parseCommandArgs(
  argv: readonly string[],
  options: Readonly<Record<string, OptionSpec>>,
  notTaken: Readonly<Record<string, string>> = {},
): { values: FlagValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as FlagValues, positionals };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    const flag = /^Unknown option '--([^'=]+)'/.exec(message)?.[1];
    const why = flag === undefined ? undefined : notTaken[flag];
    throw new CliError("usage", why === undefined ? message : `${message}: ${why}`);
  }
}

/**
 * A string flag's value.
 *
 * @param values - parsed flags
 * @param name - the flag
 * @returns its value, or undefined when absent
 */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

/**
 * The period named by `--period`, checked.
 *
 * @param values - parsed flags
 * @param fallback - the period when the flag is absent, if there is a default
 * @returns the financial period
 * @throws CliError usage when absent without a default, or not a period
 */
export function periodFlag(values: FlagValues, fallback?: string): FinancialPeriod {
  const text = stringFlag(values, "period") ?? fallback;
  if (text === undefined) throw new CliError("usage", "--period is required, e.g. --period 2024/25 or 2024/25-Q3");
  try {
    return parsePeriod(text, "--period");
  } catch (error) {
    if (isDomainError(error)) throw new CliError("usage", error.message);
    throw error;
  }
}

/** The formats a file name's extension names. */
const FILE_FORMATS = ["json", "csv", "xlsx"] as const;

/**
 * The output format named by `--format`; without it, the one `--out`'s extension names (`.json`,
 * `.csv`, `.xlsx`), so `--out statements.xlsx` writes a workbook rather than text Excel cannot
 * open; otherwise the command's default.
 *
 * @param values - parsed flags
 * @param allowed - the command's formats, the default first
 * @returns the format
 * @throws CliError usage for any other value, or an `--out` extension naming a format the command does not write
 */
export function formatFlag<F extends string>(values: FlagValues, allowed: readonly [F, ...F[]]): F {
  const given = stringFlag(values, "format");
  const out = stringFlag(values, "out");
  const extension = out === undefined ? undefined : /\.([a-z]+)$/i.exec(out)?.[1]?.toLowerCase();
  const named = FILE_FORMATS.find((f) => f === extension);
  if (given === undefined && named !== undefined && !(allowed as readonly string[]).includes(named)) {
    const files = allowed.filter((f) => (FILE_FORMATS as readonly string[]).includes(f)).map((f) => `.${f}`);
    throw new CliError(
      "usage",
      `--out ${out}: this command writes ${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}, not ${named}; give --format, or a file name ending ${files.join(" or ")}`,
    );
  }
  const text = given ?? named ?? allowed[0];
  if (!(allowed as readonly string[]).includes(text))
    throw new CliError("usage", `--format must be one of ${allowed.join(", ")}, not ${JSON.stringify(text)}`);
  return text as F;
}

/**
 * Where `--out` sends the output: a workbook cannot go to a terminal or a pipe, so `--format
 * xlsx` needs a path.
 *
 * @param values - parsed flags
 * @param format - the format `formatFlag` chose
 * @returns the path, or undefined for standard output
 * @throws CliError usage for `--format xlsx` without `--out`
 */
export function outFlag(values: FlagValues, format: string): string | undefined {
  const out = stringFlag(values, "out");
  if (format === "xlsx" && out === undefined) throw new CliError("usage", "--format xlsx needs --out PATH.xlsx");
  return out;
}

/**
 * Where the scenario comes from: `FILE`, `--scenario FILE` or `--demo`, and a ledger.
 *
 * @param values - parsed flags
 * @param positionals - positional arguments (at most one, the file)
 * @param cwd - the directory relative paths are read from (the command's `io.cwd`)
 * @returns the source
 * @throws CliError usage for extra positionals, two files, or ledger flags without a ledger
 */
export function scenarioSource(values: FlagValues, positionals: readonly string[], cwd: string): ScenarioSource {
  if (positionals.length > 1) throw new CliError("usage", `unexpected argument ${JSON.stringify(positionals[1])}`);
  const flag = stringFlag(values, "scenario");
  if (flag !== undefined && positionals.length > 0)
    throw new CliError("usage", "give the scenario once: as FILE or as --scenario FILE");
  const file = flag ?? positionals[0];
  const ledgerFile = stringFlag(values, "ledger");
  const map = stringFlag(values, "map");
  const columns = (Array.isArray(values.column) ? values.column : []).filter((c): c is string => typeof c === "string");
  if (ledgerFile === undefined && (map !== undefined || columns.length > 0 || values["keep-lines"] === true))
    throw new CliError("usage", "--map, --column and --keep-lines describe a ledger: give it with --ledger CSV");
  return {
    ...(file === undefined ? {} : { file }),
    demo: values.demo === true,
    cwd,
    ...(ledgerFile === undefined
      ? {}
      : {
          ledger: {
            file: ledgerFile,
            ...(map === undefined ? {} : { map }),
            columns,
            keepLines: values["keep-lines"] === true,
          },
        }),
  };
}

/**
 * The financial year named by `--year`, checked.
 *
 * @param values - parsed flags
 * @returns the year's name, e.g. `2024/25`
 * @throws CliError usage when absent or not a financial year
 */
export function yearFlag(values: FlagValues): string {
  const text = stringFlag(values, "year");
  if (text === undefined) throw new CliError("usage", "--year is required, e.g. --year 2024/25");
  try {
    const period = parsePeriod(text, "--year");
    if (period.kind !== "year") throw new CliError("usage", `--year: ${text} is not a financial year, e.g. 2024/25`);
    return period.name;
  } catch (error) {
    if (isDomainError(error)) throw new CliError("usage", error.message);
    throw error;
  }
}

/**
 * The instant named by `--as-at`, checked as the flag it is: an ISO 8601 instant with an offset,
 * or a date (the domain's `reportInstant` takes it as its first instant in UK time). A malformed
 * one is a usage error naming the flag, as a malformed `--issue-date` is, not the domain's
 * `INVALID_TIME` of a field `asAt` in a file.
 *
 * @param values - parsed flags
 * @returns the text as given, or undefined when absent
 * @throws CliError usage when it is neither an instant nor a date
 */
export function asAtFlag(values: FlagValues): string | undefined {
  const text = stringFlag(values, "as-at");
  if (text === undefined) return undefined;
  try {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) parseDate(text, "--as-at");
    else parseInstant(text, "--as-at");
    return text;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    // The domain's own reason where it has one (no offset, fractions of a second, a day that does
    // not exist); for anything else, both forms the flag takes.
    const generic = / is not an ISO 8601 instant;/.test(error.message);
    throw new CliError(
      "usage",
      generic
        ? `--as-at: ${JSON.stringify(text)} is neither an ISO 8601 instant nor a date; expected e.g. 2025-03-31T17:00:00Z, 2025-03-31T18:00:00+01:00 or 2025-03-31 (a date: its first instant in UK time)`
        : error.message,
    );
  }
}

/**
 * Where a command draws a ledger's progress bar: its standard error (the bar draws only on a
 * terminal), or nowhere with `--no-progress`.
 *
 * @param values - parsed flags
 * @param io - the command's surroundings
 * @returns the stream, or undefined
 */
export function progressSink(values: FlagValues, io: Io): ProgressSink | undefined {
  return values["no-progress"] === true ? undefined : io.stderr;
}
