// `node apps/api/scripts/startCheck.mjs <command...>`: starts the API with the given command (e.g.
// `npm start`, the Quick start's main job, or `node apps/api/dist/main.js --demo`), waits for the URL
// it prints, checks that `/health` answers ok and `/v1/...` refuses a request without a key, then
// sends SIGTERM and expects a clean exit. Each run gets a fresh PGlite data directory and port 0.
// Plain JavaScript, so that it checks a built server without tsx. Exits 1 with the server's output
// on any failure.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// `--stop-command`: send SIGTERM to the command's own process (npm) rather than to the server, as a
// supervisor or `docker stop` does, and expect the server to stop within 15 s all the same.
const stopCommand = process.argv[2] === "--stop-command";
const [command, ...args] = process.argv.slice(stopCommand ? 3 : 2);
if (command === undefined) {
  process.stderr.write("usage: startCheck.mjs [--stop-command] <command> [args...]\n");
  process.exit(2);
}
const dataDir = mkdtempSync(join(tmpdir(), "3c-start-check-"));
// Its own process group, so that SIGTERM reaches the server under npm and sh too.
const child = spawn(command, args, {
  env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", PORT: "0", LOG_LEVEL: "warn" },
  stdio: ["ignore", "pipe", "pipe"],
  detached: true,
});
let output = "";
child.stdout.on("data", (chunk) => {
  output += chunk;
});
child.stderr.on("data", (chunk) => {
  output += chunk;
});
const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));

function fail(why) {
  process.stderr.write(
    `start check of \`${[command, ...args].join(" ")}\` failed: ${why}\n--- its output ---\n${output}\n`,
  );
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {}
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
}

/**
 * The server's own process: in the child's process group, running `main.ts` or `main.js`, and not
 * the parent of another such process (tsx's launcher runs the server as its child). From `ps`.
 */
function serverPid() {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,pgid=,args="], { encoding: "utf8" })
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m) => m !== null && Number(m[3]) === child.pid && /\bmain\.[jt]s\b/.test(m[4]))
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]) }));
  const leaf = rows.find((r) => !rows.some((other) => other.ppid === r.pid));
  if (leaf === undefined) fail("no server process (main.ts or main.js) found under the command");
  return leaf.pid;
}

const started = Date.now();
let base;
while (base === undefined) {
  base = /3c API: +(http:\S+)/.exec(output)?.[1];
  if (base !== undefined) break;
  if (child.exitCode !== null) fail(`it exited with ${child.exitCode} before listening`);
  if (Date.now() - started > 120_000) fail("no URL printed within 120 s");
  await new Promise((r) => setTimeout(r, 100));
}
const health = await fetch(`${base}/health`);
const body = await health.json();
if (health.status !== 200 || body.status !== "ok") fail(`/health answered ${health.status} ${JSON.stringify(body)}`);
const anonymous = await fetch(`${base}/v1/partnerships/3c`);
if (anonymous.status !== 401) fail(`a request without a key answered ${anonymous.status}, not 401`);
const pid = serverPid();
if (stopCommand) {
  // npm answers with its own exit (it dies of the signal it passed on), so what counts is that the
  // server's process is gone.
  process.kill(child.pid, "SIGTERM");
  const until = Date.now() + 15_000;
  while (isRunning(pid)) {
    if (Date.now() > until)
      fail(`the server (pid ${pid}) still runs 15 s after SIGTERM to ${command} (pid ${child.pid})`);
    await new Promise((r) => setTimeout(r, 100));
  }
} else {
  // SIGTERM to the server process alone: npm and sh die of a signal they are sent themselves, and
  // then pass that on as their exit rather than the server's own.
  process.kill(pid, "SIGTERM");
  const timer = setTimeout(() => fail("still running 15 s after SIGTERM"), 15_000);
  const { code, signal } = await exited;
  clearTimeout(timer);
  if (code !== 0) fail(`it exited with ${code ?? signal} after SIGTERM`);
}
rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(
  `start check: \`${[command, ...args].join(" ")}\` listened on ${base} after ${((Date.now() - started) / 1000).toFixed(1)} s, /health ok, stopped cleanly${stopCommand ? ` (SIGTERM to ${command} alone)` : ""}\n`,
);

function isRunning(p) {
  try {
    process.kill(p, 0);
    return true;
  } catch {
    return false;
  }
}
