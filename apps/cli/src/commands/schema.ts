import { scenarioJsonSchema } from "@3c/domain";
import { API_OPTIONS, apiTarget, callApi } from "../api/apiClient.js";
import { parseCommandArgs, stringFlag } from "../args.js";
import { CliError } from "../CliError.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { writeOutput } from "../output/writeOutput.js";

/**
 * `3c schema [--out PATH] [--api URL --key KEY]`: prints the scenario document's JSON Schema —
 * with `--api`, the one the API validates against (`GET /v1/schema`).
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns exit code 0
 * @throws CliError usage for unexpected arguments; network for API failures
 */
export async function schema(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, { out: { type: "string" }, ...API_OPTIONS });
  if (positionals.length > 0) throw new CliError("usage", `unexpected argument ${JSON.stringify(positionals[0])}`);
  const target = apiTarget(values);
  const schema = target === undefined ? scenarioJsonSchema() : await callApi(target, "GET", "/v1/schema");
  await writeOutput(io, stringFlag(values, "out"), `${JSON.stringify(schema, null, 2)}\n`);
  return EXIT.ok;
}
