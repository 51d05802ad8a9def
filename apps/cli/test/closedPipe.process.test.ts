import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { CLI_ROOT } from "./runCli.js";

const TSX = pathToFileURL(
  createRequire(import.meta.url)
    .resolve("tsx/package.json")
    .replace(/package\.json$/, "dist/loader.mjs"),
).href;

/** Runs `3c` and closes its standard output after the first chunk, as `3c … | head -1` does. */
function runAndCloseEarly(args: readonly string[]): Promise<{ code: number | null; stderr: string; read: number }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ["--conditions=@3c/source", "--import", TSX, join(CLI_ROOT, "src/bin.ts"), ...args],
      { cwd: CLI_ROOT, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let read = 0;
    const err: Buffer[] = [];
    child.stdout.once("data", (b: Buffer) => {
      read = b.length;
      child.stdout.destroy();
    });
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stderr: Buffer.concat(err).toString("utf8"), read }));
  });
}

describe("3c writing to a pipe its reader has closed", () => {
  it("stops quietly with exit 0, as `3c schema | head` expects, instead of crashing with a stack trace", async () => {
    const r = await runAndCloseEarly(["recharge", "--demo", "--period", "2024/25", "--format", "json"]);
    expect(r.read).toBeGreaterThan(0);
    expect([r.code, r.stderr]).toEqual([0, ""]);
  });
});
