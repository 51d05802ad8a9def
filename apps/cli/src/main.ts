import { isDomainError } from "@3c/domain";
import { stripControl } from "@3c/workbooks";
import { CliError } from "./CliError.js";
import { EXIT, EXIT_CODE_BY_DOMAIN_ERROR, type ExitCode } from "./exitCodes.js";
import { type CommandName, helpText, isCommand } from "./help.js";
import type { Io } from "./Io.js";
import { toldOnce } from "./output/toldOnce.js";

/** A command: its arguments (after the command name) in, an exit code out. */
export type Command = (argv: readonly string[], io: Io) => Promise<ExitCode>;

// Each command is loaded only when run, so that `3c schema` does not load Ink, React or exceljs.
const COMMAND_MODULES: Readonly<Record<Exclude<CommandName, "help">, () => Promise<Command>>> = {
  calc: async () => (await import("./commands/calc.js")).calc,
  recharge: async () => (await import("./commands/recharge.js")).recharge,
  settle: async () => (await import("./commands/settle.js")).settle,
  savings: async () => (await import("./commands/savings.js")).savings,
  kpi: async () => (await import("./commands/kpi.js")).kpi,
  report: async () => (await import("./commands/report.js")).report,
  diff: async () => (await import("./commands/diff.js")).diff,
  runs: async () => (await import("./commands/runs.js")).runs,
  validate: async () => (await import("./commands/validate.js")).validate,
  schema: async () => (await import("./commands/schema.js")).schema,
  template: async () => (await import("./commands/template.js")).template,
};

/** A located problem as a line of the error report: `  path: message` (an issue's message leaves its path out). */
function issueLine(issue: { readonly path: string; readonly message: string }): string {
  return `  ${issue.path}: ${issue.message}`;
}

/**
 * Prints an error and its located problems to standard error, stripped of control sequences: each
 * fact once ({@link toldOnce}), so a domain error with one problem is one line, and one listing
 * several is its heading and a line for each.
 *
 * @param io - the streams
 * @param error - the error caught
 * @returns the exit code for it
 */
export function reportError(io: Io, error: unknown): ExitCode {
  const lines: string[] = [];
  let code: ExitCode;
  if (error instanceof CliError) {
    lines.push(`3c: ${error.message}`);
    for (const i of error.issues) lines.push(issueLine(i));
    if (error.kind === "usage") lines.push("Run 3c --help for usage.");
    code = error.exitCode;
  } else if (isDomainError(error)) {
    const { heading, issues } = toldOnce(error.message, error.issues);
    lines.push(`3c: ${heading} [${error.code}]`);
    for (const i of issues) lines.push(issueLine(i));
    code = EXIT_CODE_BY_DOMAIN_ERROR[error.code];
  } else {
    lines.push(
      `3c: internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    code = EXIT.internal;
  }
  io.stderr.write(`${lines.map((l) => stripControl(l)).join("\n")}\n`);
  return code;
}

/**
 * Runs `3c` with its arguments.
 *
 * @param argv - the arguments after `3c`
 * @param io - streams, environment and working directory
 * @returns the exit code
 */
export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === "--help" || first === "-h") {
      io.stdout.write(helpText());
      return EXIT.ok;
    }
    if (!isCommand(first)) throw new CliError("usage", `unknown command ${JSON.stringify(first)}`);
    if (first === "help") {
      const topic = rest[0];
      if (topic !== undefined && !isCommand(topic))
        throw new CliError("usage", `unknown command ${JSON.stringify(topic)}`);
      io.stdout.write(helpText(topic));
      return EXIT.ok;
    }
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout.write(helpText(first));
      return EXIT.ok;
    }
    const command = await COMMAND_MODULES[first]();
    return await command(rest, io);
  } catch (error) {
    return reportError(io, error);
  }
}
