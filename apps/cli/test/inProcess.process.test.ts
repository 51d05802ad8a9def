import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoScenarioDocument } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { CLI_ROOT, runCli, runCliProcess } from "./runCli.js";

// The other tests run `3c` in process (runCli: main with captured output), a real process costing
// about a second of CPU each. Here a real `3c` process and the in-process run of the same
// arguments must give the same bytes and exit code: each exit code, files read and written
// relative to the working directory, the calculator without a terminal.
describe("3c in process gives what the real process gives", () => {
  const dir = mkdtempSync(join(tmpdir(), "3c-in-process-"));
  writeFileSync(join(dir, "demo.json"), JSON.stringify(demoScenarioDocument));
  const cases: [string, readonly string[], string, number][] = [
    ["the help", ["--help"], CLI_ROOT, 0],
    ["a usage error", ["frobnicate"], CLI_ROOT, 2],
    [
      "a quarter's statement lines as CSV",
      ["recharge", "--demo", "--period", "2024/25-Q3", "--format", "csv"],
      CLI_ROOT,
      0,
    ],
    ["a scenario file read from the working directory", ["settle", "demo.json", "--period", "2024/25"], dir, 0],
    ["an invalid scenario's problems", ["validate", "invalid.yaml"], join(CLI_ROOT, "test/fixtures"), 1],
    [
      "an API that does not answer",
      ["recharge", "--demo", "--period", "2024/25", "--api", "http://127.0.0.1:1", "--key", "k"],
      CLI_ROOT,
      3,
    ],
    ["the calculator without a terminal", ["calc", "--demo", "--period", "2024/25-Q3"], CLI_ROOT, 0],
    ["a workbook written to the working directory", ["template", "--demo", "--out", "demo.xlsx"], dir, 0],
  ];
  for (const [what, args, cwd, code] of cases)
    it(`${what}: exit ${code}`, async () => {
      const real = await runCliProcess(args, { cwd });
      expect(real.code).toBe(code);
      expect(await runCli(args, { cwd })).toEqual(real);
    });
});
