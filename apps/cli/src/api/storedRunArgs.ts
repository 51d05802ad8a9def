import { type FlagValues, formatFlag, outFlag, stringFlag } from "../args.js";
import { CliError } from "../CliError.js";
import type { ParsedRunArgs } from "../recharge/runFromArgs.js";
import { type ApiTarget, apiTarget } from "./apiClient.js";
import { partnershipPath } from "./storedRun.js";

/** The flags that read a stored run from the API, and pick one partner's part of it. */
export const STORED_RUN_OPTIONS = {
  run: { type: "string" },
  partnership: { type: "string" },
  partner: { type: "string" },
} as const;

/** Flags that describe a run to make here, which a stored run (made already) does not take. */
const LOCAL_ONLY = [
  "scenario",
  "demo",
  "ledger",
  "map",
  "column",
  "keep-lines",
  "period",
  "budget",
  "issue-date",
  "due-date",
  "number-prefix",
  "vat-rate",
] as const;

/**
 * Whether the command line asks for a stored run (`--run RUN`) rather than one made here.
 *
 * @param values - parsed flags
 * @returns true with `--run`
 * @throws CliError usage for `--partnership` without `--run`
 */
export function asksForStoredRun(values: FlagValues): boolean {
  if (stringFlag(values, "run") !== undefined) return true;
  if (stringFlag(values, "partnership") !== undefined)
    throw new CliError("usage", "--partnership goes with --run RUN (a stored run of the API)");
  return false;
}

/** A stored run as a command line asks for it: which, from where, and how to write it out. */
export interface StoredRunRequest<F extends string> {
  /** The run, e.g. `run-1`. */
  readonly id: string;
  readonly target: ApiTarget;
  /** The partnership's path on the API, `/v1/partnerships/ID`. */
  readonly base: string;
  readonly format: F;
  readonly out: string | undefined;
  /** `--partner X`: one partner's part only. */
  readonly partner: string | undefined;
}

/**
 * Reads what `3c recharge --run` and `3c settle --run` share: the API, the partnership, the run, the
 * format and output, `--partner`; a local run's flags (FILE, `--demo`, `--period`, `--budget`,
 * statement options) are refused rather than ignored, since the run was made already.
 *
 * @param parsed - the command line
 * @param formats - the command's formats, the default first
 * @returns the request
 * @throws CliError usage for a missing --api or --partnership, a local run's flags, a bad format
 */
export function storedRunRequest<F extends string>(
  { values, positionals }: ParsedRunArgs,
  formats: readonly [F, ...F[]],
): StoredRunRequest<F> {
  const id = stringFlag(values, "run") ?? "";
  const target = apiTarget(values);
  if (target === undefined)
    throw new CliError("usage", "--run reads a stored run from the API: give --api URL --key KEY");
  const base = partnershipPath(values, "--run");
  const given = LOCAL_ONLY.find((f) => values[f] !== undefined);
  if (given !== undefined || positionals.length > 0)
    throw new CliError(
      "usage",
      `--run prints a stored run as it was made: leave out ${given === undefined ? JSON.stringify(positionals[0]) : `--${given}`}`,
    );
  const format = formatFlag(values, formats);
  return { id, target, base, format, out: outFlag(values, format), partner: stringFlag(values, "partner") };
}
