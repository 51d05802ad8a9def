/**
 * `npm run test:processes -w @3c/api`: the API as several processes, end to end. Starts the real
 * server (`src/main.ts --demo`) with `WEB_CONCURRENCY=2` on a fresh schema of the PostgreSQL
 * server named by `TEST_DATABASE_URL` (or `DATABASE_URL`), and checks across both processes:
 *
 * 1. both answer (each request's `requestId` is found in one process's log line, with its `pid`);
 * 2. 50 parallel identical run creations with one `Idempotency-Key`, spread over both: one run;
 * 3. 50 parallel approvals of that run, spread over both: one approval;
 * 4. a key revoked through one process is refused by the other within `KEY_CACHE_SECONDS`;
 * 5. the audit chain verifies; the server stops cleanly on SIGTERM.
 *
 * Exits 0 when every check holds, 1 with the failed check's message otherwise; at most a minute.
 * Not a vitest test: it needs a database server, and a test that skips itself without one would
 * pass while proving nothing. `.ci/run` runs it in its PostgreSQL phase.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "@3c/store";

const KEY_CACHE_SECONDS = 2;
/** Slack on top of the key cache's time for the poll interval and a busy machine. */
const REVOCATION_SLACK_MS = 1500;
const DEADLINE_MS = 60_000;
const PARALLEL = 50;
const root = fileURLToPath(new URL("..", import.meta.url));
const tsx = join(root, "../../node_modules/.bin/tsx");
const started = Date.now();

class CheckFailed extends Error {}
const check = (ok: boolean, message: string): void => {
  if (!ok) throw new CheckFailed(message);
};
const say = (line: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
if (url === undefined || url === "") {
  process.stderr.write(
    "test:processes needs a PostgreSQL server: set TEST_DATABASE_URL (as .ci/run does), e.g.\n" +
      "  TEST_DATABASE_URL=postgres://user:password@localhost:5432/db npm run test:processes -w @3c/api\n",
  );
  process.exit(1);
}

/** The server: its child process, what it printed, and which process served each request id. */
interface Server {
  readonly child: ChildProcess;
  port: number;
  keys: ReadonlyMap<string, string>;
  readonly pidOf: Map<string, number>;
  output: string;
}

/** The server's primary process, once spawned: ended with its workers whatever happens. */
let spawned: ChildProcess | undefined;

/** Starts `src/main.ts --demo` on the schema, and waits until all its processes listen. */
function startServer(databaseUrl: string): Promise<Server> {
  // Its own process group, so a failed check can end the primary and its workers together.
  const child = spawn(tsx, ["--conditions=@3c/source", "src/main.ts", "--demo", "--port", "0"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      WEB_CONCURRENCY: "2",
      KEY_CACHE_SECONDS: String(KEY_CACHE_SECONDS),
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  spawned = child;
  const server: Server = { child, port: 0, keys: new Map(), pidOf: new Map(), output: "" };
  let pending = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      server.output += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.startsWith("{")) continue;
        const entry = JSON.parse(line) as { pid?: number; requestId?: string; processes?: number; port?: number };
        if (entry.requestId !== undefined && entry.pid !== undefined) server.pidOf.set(entry.requestId, entry.pid);
        if (entry.port !== undefined) {
          if (entry.processes !== 2) {
            reject(new CheckFailed(`the server listens as ${entry.processes ?? 1} process(es), expected 2`));
            return;
          }
          // The primary logs this once every process listens; the demo keys were printed before.
          const keys = new Map<string, string>();
          for (const m of server.output.matchAll(/^ {2}(\w+)\s+(\w+)\s+(3c_[A-Za-z0-9_-]{43})$/gm))
            keys.set(`${m[1]}/${m[2]}`, m[3] as string);
          server.port = entry.port;
          server.keys = keys;
          resolve(server);
        }
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      server.output += chunk.toString();
    });
    child.on("exit", (code) =>
      reject(new CheckFailed(`the server exited with ${code} before listening:\n${server.output}`)),
    );
  });
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly requestId: string;
}

/**
 * One request. With no agent, on a connection of its own (the primary hands each new connection to
 * the next process in turn); with a keep-alive agent of one socket, on that agent's connection.
 */
function call(
  server: Server,
  method: string,
  path: string,
  options: { key?: string; json?: unknown; headers?: Record<string, string>; agent?: http.Agent } = {},
): Promise<Answer> {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.key !== undefined) headers.Authorization = `Bearer ${options.key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: server.port, method, path, headers, agent: options.agent ?? false },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => {
          const type = res.headers["content-type"] ?? "";
          resolve({
            status: res.statusCode ?? 0,
            body: type.includes("json") && text !== "" ? JSON.parse(text) : text,
            requestId: String(res.headers["x-request-id"] ?? ""),
          });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The process that served a request, from its log line (which may reach us just after the answer). */
async function pidOf(server: Server, answer: Answer): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const pid = server.pidOf.get(answer.requestId);
    if (pid !== undefined) return pid;
    await sleep(20);
  }
  throw new CheckFailed(`no process logged request ${answer.requestId}`);
}

/** The distinct processes that served some answers. */
async function pidsOf(server: Server, answers: readonly Answer[]): Promise<Set<number>> {
  return new Set(await Promise.all(answers.map((a) => pidOf(server, a))));
}

/** A keep-alive connection to each process: opens connections until two different processes hold one. */
async function pinnedConnections(server: Server): Promise<Map<number, http.Agent>> {
  const pinned = new Map<number, http.Agent>();
  for (let attempt = 0; attempt < 20 && pinned.size < 2; attempt++) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const pid = await pidOf(server, await call(server, "GET", "/healthz", { agent }));
    if (pinned.has(pid)) agent.destroy();
    else pinned.set(pid, agent);
  }
  check(pinned.size === 2, `could not open a connection to each of the two processes (reached ${pinned.size})`);
  return pinned;
}

const count = (answers: readonly Answer[], status: number) => answers.filter((a) => a.status === status).length;
const statuses = (answers: readonly Answer[]) =>
  [...new Set(answers.map((a) => a.status))].map((s) => `${s} × ${count(answers, s)}`).join(", ");

async function checks(server: Server): Promise<void> {
  const key = (name: string) => {
    const secret = server.keys.get(name);
    check(secret !== undefined, `the server did not print the demo key ${name}:\n${server.output}`);
    return secret as string;
  };
  const finance = key("HDC/finance");
  const approver = key("CCC/approver");
  const admin = key("SCDC/admin");
  const base = "/v1/partnerships/3c";

  // 1. Both processes answer.
  const health = await Promise.all(Array.from({ length: 6 }, () => call(server, "GET", "/healthz")));
  check(count(health, 200) === 6, `GET /healthz: ${statuses(health)}`);
  const pids = await pidsOf(server, health);
  check(pids.size === 2, `6 connections reached ${pids.size} process(es), expected 2`);
  say(`both processes answer: pids ${[...pids].join(", ")}`);

  // 2. 50 parallel identical run creations with one Idempotency-Key, over both processes: one run.
  const draft = { period: "2024/25-Q1", issueDate: "2024-07-15" };
  const created = await Promise.all(
    Array.from({ length: PARALLEL }, () =>
      call(server, "POST", `${base}/runs`, { key: finance, json: draft, headers: { "Idempotency-Key": "procs-1" } }),
    ),
  );
  check(
    created.every((a) => a.status === 201 || a.status === 409) && count(created, 201) >= 1,
    `${PARALLEL} run creations answered ${statuses(created)}; expected 201 (first or replayed) or 409 (in flight)`,
  );
  const ids = new Set(created.filter((a) => a.status === 201).map((a) => (a.body as { id: string }).id));
  check(ids.size === 1, `the 201 answers name ${ids.size} different runs: ${[...ids].join(", ")}`);
  check((await pidsOf(server, created)).size === 2, "the run creations did not reach both processes");
  const runs = await call(server, "GET", `${base}/runs`, { key: finance });
  const stored = (runs.body as { items: { id: string }[] }).items;
  check(stored.length === 1, `${stored.length} runs stored after ${PARALLEL} identical creations, expected 1`);
  const runId = stored[0]?.id as string;
  say(`${PARALLEL} parallel creations with one Idempotency-Key: ${statuses(created)}; one run, ${runId}`);

  // 3. 50 parallel approvals, over both processes: one approval.
  const approvals = await Promise.all(
    Array.from({ length: PARALLEL }, () => call(server, "POST", `${base}/runs/${runId}/approve`, { key: approver })),
  );
  check(
    count(approvals, 200) === 1 && count(approvals, 409) === PARALLEL - 1,
    `${PARALLEL} approvals answered ${statuses(approvals)}; expected one 200 and ${PARALLEL - 1} × 409`,
  );
  check((await pidsOf(server, approvals)).size === 2, "the approvals did not reach both processes");
  const run = await call(server, "GET", `${base}/runs/${runId}`, { key: finance });
  check((run.body as { status: string }).status === "approved", `run ${runId} is not approved after the approvals`);
  say(`${PARALLEL} parallel approvals: ${statuses(approvals)}`);

  // 4. A key revoked through one process is refused by the other within KEY_CACHE_SECONDS.
  const issued = await call(server, "POST", `${base}/keys`, {
    key: admin,
    json: { partner: "SCDC", role: "viewer", name: "procs-viewer" },
  });
  check(issued.status === 201, `issuing a key answered ${issued.status}`);
  const { key: viewerKey, secret: viewer } = issued.body as { key: { id: string }; secret: string };
  const [[revoker, viaRevoker], [other, viaOther]] = [...(await pinnedConnections(server))] as [
    [number, http.Agent],
    [number, http.Agent],
  ];
  for (const agent of [viaRevoker, viaOther]) {
    const warm = await call(server, "GET", base, { key: viewer, agent });
    check(warm.status === 200, `the new key was refused (${warm.status}) before its revocation`);
  }
  const revoked = await call(server, "DELETE", `${base}/keys/${viewerKey.id}`, { key: admin, agent: viaRevoker });
  check(revoked.status === 200 && (await pidOf(server, revoked)) === revoker, `revoking answered ${revoked.status}`);
  const revokedAt = Date.now();
  const here = await call(server, "GET", base, { key: viewer, agent: viaRevoker });
  check(here.status === 401, `the revoking process (pid ${revoker}) still accepts the key: ${here.status}`);
  let refused: Answer | undefined;
  while (Date.now() - revokedAt <= KEY_CACHE_SECONDS * 1000 + REVOCATION_SLACK_MS) {
    const answer = await call(server, "GET", base, { key: viewer, agent: viaOther });
    check((await pidOf(server, answer)) === other, `the connection to pid ${other} moved to another process`);
    if (answer.status === 401) {
      refused = answer;
      break;
    }
    check(answer.status === 200, `the other process answered ${answer.status} to the revoked key`);
    await sleep(100);
  }
  const after = Date.now() - revokedAt;
  check(
    refused !== undefined,
    `pid ${other} still accepts a key revoked through pid ${revoker} after ${after} ms (KEY_CACHE_SECONDS=${KEY_CACHE_SECONDS})`,
  );
  for (const agent of [viaRevoker, viaOther]) agent.destroy();
  say(
    `key revoked through pid ${revoker}: refused there at once, by pid ${other} after ${after} ms (KEY_CACHE_SECONDS=${KEY_CACHE_SECONDS})`,
  );

  // 5. The audit chain that both processes appended to verifies.
  const audit = await call(server, "GET", `${base}/audit/verify`, { key: approver });
  const verified = audit.body as { valid: boolean; records: number };
  check(
    audit.status === 200 && verified.valid === true,
    `the audit chain does not verify: ${JSON.stringify(audit.body)}`,
  );
  say(`audit chain verifies: ${verified.records} records`);
}

/** Stops the server with SIGTERM and waits for it to exit. */
function stopServer(server: Server): Promise<number | null> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve(server.child.exitCode);
    server.child.removeAllListeners("exit");
    server.child.on("exit", (code) => resolve(code));
    server.child.kill("SIGTERM");
  });
}

/** Ends what is left of the server's process group (primary and workers), after a failure. */
function killServer(): void {
  if (spawned?.pid === undefined) return;
  try {
    process.kill(-spawned.pid, "SIGKILL");
  } catch {
    // ESRCH: every process of the group has already exited.
  }
}

const schema = `procs_${randomBytes(6).toString("hex")}`;
const schemaUrl = new URL(url);
schemaUrl.searchParams.set("options", `-c search_path=${schema}`);
// Creates the fresh schema the server's migrations fill.
const db = await openDatabase({ url, schema });
let server: Server | undefined;
const deadline = setTimeout(() => {
  process.stderr.write(`test:processes: FAILED: not done within ${DEADLINE_MS / 1000} s\n${server?.output ?? ""}\n`);
  killServer();
  process.exit(1);
}, DEADLINE_MS);
let failed = false;
try {
  say(`starting src/main.ts --demo with WEB_CONCURRENCY=2 on schema ${schema}`);
  server = await startServer(schemaUrl.toString());
  await checks(server);
  const code = await stopServer(server);
  check(code === 0, `the server exited with ${code} on SIGTERM, expected 0`);
  say("stopped cleanly on SIGTERM");
} catch (error) {
  failed = true;
  const message = error instanceof CheckFailed ? error.message : String((error as Error)?.stack ?? error);
  process.stderr.write(`test:processes: FAILED: ${message}\n`);
  killServer();
} finally {
  clearTimeout(deadline);
  await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.close();
}
if (failed) process.exit(1);
say("test:processes: every check passed");
