import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "vitest";
import { main } from "../src/main.js";

/** The CLI package's folder. */
export const CLI_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** tsx's loader by absolute URL: a process started in a temporary folder cannot find it by name. */
export const TSX = pathToFileURL(
  createRequire(import.meta.url)
    .resolve("tsx/package.json")
    .replace(/package\.json$/, "dist/loader.mjs"),
).href;

/** What a `3c` process did. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment every `3c` run of the tests starts from: no colour, and nothing of the test runner's. */
function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...extra };
}

/**
 * Runs `3c` in this process: the CLI's `main` with the arguments, standard output and error captured
 * as bytes, the environment and working directory given (what `src/bin.ts` hands it in a real
 * process, less the terminal: neither stream is one). A process start costs about a second of CPU
 * (tsx compiling the CLI and the domain); in process the modules are compiled once per test file.
 * What only a real process shows (`--version`, exit codes as the shell sees them, a closed pipe)
 * is tested with {@link runCliProcess}, and `inProcess.process.test.ts` checks that both ways give the same
 * bytes and exit codes.
 *
 * @param args - the arguments after `3c`
 * @param options - working directory, extra environment, and the clock (milliseconds since the epoch;
 *   default the real one)
 * @returns exit code and output
 */
export async function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; now?: number } = {},
): Promise<CliResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const into = (chunks: Buffer[]) => ({
    write(chunk: string | Uint8Array) {
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
      return true;
    },
  });
  // Relative paths are read and written under io.cwd alone: the test process's own working
  // directory is left as it is, so a command that read from it would fail these tests.
  const cwd = options.cwd ?? CLI_ROOT;
  const { now } = options;
  const code = await main(args, {
    stdout: into(out),
    stderr: into(err),
    env: cliEnv(options.env),
    cwd,
    ...(now === undefined ? {} : { now: () => now }),
  });
  return { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}

/**
 * Runs `3c` as a real process from its TypeScript source (the `@3c/source` condition makes it read
 * the domain's source too), so `npm test` needs no build. Standard input is closed and there is no
 * terminal: the plain, non-interactive path.
 *
 * @param args - the arguments after `3c`
 * @param options - working directory and extra environment
 * @returns exit code and output
 */
export function runCliProcess(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ["--conditions=@3c/source", "--import", TSX, join(CLI_ROOT, "src/bin.ts"), ...args],
      {
        cwd: options.cwd ?? CLI_ROOT,
        env: cliEnv(options.env),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", fail);
    child.on("close", (code) =>
      done({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}

/**
 * Compares text with a golden file under test/golden; `UPDATE_GOLDEN=1` rewrites the file instead.
 * A missing golden file fails the test (it is never created silently).
 *
 * @param name - the golden file's name
 * @param actual - the text produced
 */
export function expectGolden(name: string, actual: string): void {
  const path = join(CLI_ROOT, "test/golden", name);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(existsSync(path), `golden file ${name} is missing: run UPDATE_GOLDEN=1 npx vitest run`).toBe(true);
  expect(actual).toBe(readFileSync(path, "utf8"));
}
