#!/usr/bin/env node
// Runs the test suites of the domain, the store, the workbook layouts and the calculator on other
// Node majors than the one running npm, to show that what councils embed works there too. Each
// Node comes from the npm package `node` (fetched once into npm's cache). Usage:
// node scripts/test-compat.mjs [--api] [--published [--calculator]] [major...] (default 22 24).
// `--api` adds the API's suite (the longest, about four minutes a Node); `--published` runs only
// the packages councils embed (`@3c/domain` and `@3c/workbooks`), and `--calculator` adds the
// calculator's (`3c`, what finance teams run, about 75 s): CI runs those three on Node 24 to stay
// well inside its time budget; the store's and the API's run here on demand.
import { execFileSync, spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const withApi = args.includes("--api");
const published = args.includes("--published");
const calculator = args.includes("--calculator");
const asked = args.filter((a) => a !== "--api" && a !== "--published" && a !== "--calculator");
const majors = asked.length > 0 ? asked : ["22", "24"];
const suites = published
  ? ["packages/domain", ...(calculator ? ["apps/cli"] : []), "packages/workbooks"]
  : [...(withApi ? ["apps/api"] : []), "packages/store", "packages/domain", "apps/cli", "packages/workbooks"];
const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

// The suites of one Node run side by side, as many at once as the machine has cores (on CI's two
// cores each vitest runs one worker, so two suites fill the machine instead of one): the longest
// first, each one's report printed whole when it ends.
const width = Math.max(1, Math.min(suites.length, availableParallelism()));

function runSuite(node, version, suite) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(node, [vitest, "run"], {
      cwd: join(root, suite),
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (s) => (output += s));
    child.stderr.setEncoding("utf8").on("data", (s) => (output += s));
    child.on("close", (status) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const ok = status === 0;
      if (!ok) process.stdout.write(output); // the whole report, to see what failed
      const counts = output.match(/^\s*Tests\s+.*$/m)?.[0].trim() ?? "no test count printed";
      console.log(`test:compat — Node ${version}, ${suite}: ${ok ? "passed" : "FAILED"} in ${seconds} s (${counts})`);
      resolve(ok);
    });
  });
}

let failed = 0;
for (const major of majors) {
  if (!/^\d+$/.test(major)) throw new Error(`expected a Node major version such as 24, got ${JSON.stringify(major)}`);
  const node = execFileSync(npx, ["-y", `node@${major}`, "-p", "process.execPath"], { encoding: "utf8" }).trim();
  const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  const waiting = [...suites];
  const lane = async () => {
    for (let suite = waiting.shift(); suite !== undefined; suite = waiting.shift()) {
      if (!(await runSuite(node, version, suite))) failed++;
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
}
process.exit(failed === 0 ? 0 : 1);
