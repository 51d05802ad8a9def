import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "vitest";

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

/**
 * Runs `3c` as a real process from its TypeScript source (the `@3c/source` condition makes it read
 * the domain's source too), so `npm test` needs no build. Standard input is closed and there is no
 * terminal: the plain, non-interactive path.
 *
 * @param args - the arguments after `3c`
 * @param options - working directory and extra environment
 * @returns exit code and output
 */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ["--conditions=@3c/source", "--import", TSX, join(CLI_ROOT, "src/bin.ts"), ...args],
      {
        cwd: options.cwd ?? CLI_ROOT,
        env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...options.env },
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
