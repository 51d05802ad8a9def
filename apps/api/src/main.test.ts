import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DEMO_PERIOD, demoScenarioDocument } from "@3c/domain/demo";
import { Store } from "@3c/store";
import { openMigratedPglite } from "@3c/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calculate } from "./calculate/calculation.js";
import { type DemoKey, seedDemoOnce } from "./cli/seedDemo.js";

// End to end: the real server and key command, as `npm start` and `npm run keys:create` run them,
// on one PGlite data directory (these runs never use the test server database).
const root = fileURLToPath(new URL("..", import.meta.url));
const tsx = join(root, "../../node_modules/.bin/tsx");
const dataDir = mkdtempSync(join(tmpdir(), "3c-e2e-"));
const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "info" };

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// The servers after the first start on a copy of one data directory, migrated and seeded with the
// demo here as a first start seeds it (seedDemoOnce), its keys kept: a fresh directory costs each
// server a database created on disk (initdb) and the demo seeded, twice the CPU of opening a copy.
// The first-start and restart test keeps its own directory, empty at its first start.
const seeded = mkdtempSync(join(tmpdir(), "3c-e2e-seeded-"));
let demoKeys: DemoKey[] = [];
beforeAll(async () => {
  const store = new Store(await openMigratedPglite(seeded));
  try {
    demoKeys = await seedDemoOnce(store);
  } finally {
    await store.close();
  }
});
afterAll(() => rmSync(seeded, { recursive: true, force: true }));

/** A new data directory holding what the seeded one does, for one server. */
function seededCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "3c-e2e-"));
  cpSync(seeded, dir, { recursive: true });
  return dir;
}

/** The secret of a demo key of the seeded directory. */
function demoKey(partner: string, role: string): string {
  const key = demoKeys.find((k) => k.partner === partner && k.role === role);
  if (key === undefined) throw new Error(`no demo key ${partner} ${role}`);
  return key.secret;
}

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
  readonly stdout: string;
}

function start(...args: string[]): Promise<Server> {
  return startWith(env, ...args);
}

/**
 * Starts the server as one node process (tsx loaded into it), so a signal reaches the server itself
 * rather than tsx's wrapper, which stops a child that does not answer it at once: on a loaded
 * machine the wrapper ended a busy server with SIGTERM's default (exit 143) before it could stop
 * cleanly.
 */
function startWith(environment: NodeJS.ProcessEnv, ...args: string[]): Promise<Server> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=@3c/source", "src/main.ts", "--port", "0", ...args],
    {
      cwd: root,
      env: environment,
    },
  );
  let stdout = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const m = /"port":(\d+)/.exec(stdout);
      if (m?.[1] !== undefined) resolve({ child, port: Number(m[1]), stdout });
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${stdout}`)));
  });
}

function stop(server: Server): Promise<number | null> {
  return new Promise((resolve) => {
    server.child.removeAllListeners("exit");
    server.child.on("exit", (code) => resolve(code));
    server.child.kill("SIGTERM");
  });
}

describe("the real server", () => {
  it("seeds the demo once, prints its keys once, stops cleanly and keeps its data and audit chain across a restart", async () => {
    const first = await start("--demo");
    const key = /HDC\s+finance\s+(3c_[A-Za-z0-9_-]{43})/.exec(first.stdout)?.[1] as string;
    const approver = /HDC\s+approver\s+(3c_[A-Za-z0-9_-]{43})/.exec(first.stdout)?.[1] as string;
    expect(key).toMatch(/^3c_/);
    const url = (s: Server, path: string) => `http://127.0.0.1:${s.port}${path}`;
    expect((await fetch(url(first, "/healthz"))).status).toBe(200);
    const partners = await fetch(url(first, "/v1/partnerships/3c/partners"), {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(((await partners.json()) as { items: unknown[] }).items).toHaveLength(3);
    // Money written, and a run drafted from it, before the stop.
    const line = { id: "restart-1", service: "ICT", pool: "staff", date: "2024-05-20", amount: "1234.56" };
    const posted = await fetch(url(first, "/v1/partnerships/3c/cost-lines"), {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify(line),
    });
    expect(posted.status).toBe(201);
    const drafted = await fetch(url(first, "/v1/partnerships/3c/runs"), {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ period: DEMO_PERIOD, issueDate: "2025-04-30" }),
    });
    expect(drafted.status).toBe(201);
    const run = (await drafted.json()) as { id: string; manifest: { outputHash: string } };
    const verify = async (s: Server) =>
      (await (
        await fetch(url(s, "/v1/partnerships/3c/audit/verify"), { headers: { Authorization: `Bearer ${approver}` } })
      ).json()) as { valid: boolean; records: number; head: string };
    const before = await verify(first);
    expect(before.valid).toBe(true);
    expect(await stop(first)).toBe(0);

    const { stdout: secret } = await promisify(execFile)(
      tsx,
      [
        "--conditions=@3c/source",
        "src/cli/keysCreate.ts",
        "--partnership",
        "3c",
        "--partner",
        "CCC",
        "--role",
        "viewer",
      ],
      { cwd: root, env },
    );
    expect(secret.trim()).toMatch(/^3c_[A-Za-z0-9_-]{43}$/);

    const second = await start("--demo");
    expect(second.stdout).not.toMatch(/3c_[A-Za-z0-9_-]{43}/);
    for (const k of [key, secret.trim()]) {
      const res = await fetch(url(second, "/v1/partnerships/3c"), { headers: { Authorization: `Bearer ${k}` } });
      expect(res.status).toBe(200);
    }
    const auth = { headers: { Authorization: `Bearer ${key}` } };
    const kept = await fetch(url(second, "/v1/partnerships/3c/cost-lines/restart-1"), auth);
    expect(await kept.json()).toMatchObject(line);
    const keptRun = (await (await fetch(url(second, `/v1/partnerships/3c/runs/${run.id}`), auth)).json()) as {
      manifest: { outputHash: string };
    };
    expect(keptRun.manifest.outputHash).toBe(run.manifest.outputHash);
    // The chain as it was, plus the one key issued by the command in between.
    const after = await verify(second);
    expect(after.valid).toBe(true);
    expect(after.records).toBe(before.records + 1);
    expect(await stop(second)).toBe(0);
  });

  it("refuses to start with a REPORT_CACHE_LINES that is not a whole number of lines, naming it", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--conditions=@3c/source", "src/main.ts", "--port", "0"],
      {
        cwd: root,
        env: { ...env, REPORT_CACHE_LINES: "lots" },
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain("REPORT_CACHE_LINES must be a whole number of lines (0 keeps nothing); got lots");
  });

  it("runs one process on PGlite even when asked for several, saying why", async () => {
    const dir = seededCopy();
    try {
      const server = await startWith({ ...env, DATA_DIR: dir, WEB_CONCURRENCY: "2" });
      expect(server.stdout).toContain("WEB_CONCURRENCY > 1 needs DATABASE_URL");
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
      expect(await stop(server)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("calculates in its worker threads exactly as on the event loop, problems included", async () => {
    const dir = seededCopy();
    try {
      // Every body to the threads (by default a small one is calculated on the event loop).
      const server = await startWith({ ...env, DATA_DIR: dir, CALC_THREADS: "2", CALC_INLINE_BYTES: "0" }, "--demo");
      expect(server.stdout).toContain('"calcThreads":2');
      const key = demoKey("SCDC", "viewer");
      const post = (body: unknown) =>
        fetch(`http://127.0.0.1:${server.port}/v1/calculate`, {
          method: "POST",
          headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
      const input = {
        scenario: demoScenarioDocument as Record<string, unknown>,
        period: DEMO_PERIOD,
        statements: { numbers: { CCC: "C-1", HDC: "H-1", SCDC: "S-1" }, issueDate: "2025-04-30" },
      };
      const ok = await post(input);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("Content-Type")).toMatch(/^application\/json/);
      expect(await ok.text()).toBe(calculate(input));
      const bad = await post({ ...input, scenario: { ...input.scenario, partners: [] } });
      expect(bad.status).toBe(422);
      expect(bad.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
      expect(((await bad.json()) as { code: string }).code).toBe("VALIDATION_FAILED");

      // A large calculation holds a thread, not the event loop: the health check sent after it
      // is answered first.
      const lines = (input.scenario.costLines as { service: string; pool: string }[]).slice(0, 1);
      const many = Array.from({ length: 30_000 }, (_, i) => ({
        ...lines[0],
        id: `BIG${String(i).padStart(6, "0")}`,
        date: "2024-06-15",
        amount: `${(i % 900) + 100}.25`,
      }));
      const order: string[] = [];
      const big = post({ ...input, scenario: { ...input.scenario, costLines: many } }).then(async (r) => {
        order.push(`calculate ${r.status}`);
        await r.text();
      });
      await new Promise((r) => setTimeout(r, 50));
      const health = fetch(`http://127.0.0.1:${server.port}/healthz`).then((r) => order.push(`health ${r.status}`));
      await Promise.all([big, health]);
      expect(order).toEqual(["health 200", "calculate 200"]);
      expect(await stop(server)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("answers every request sent before SIGTERM, queued ones included, then exits 0", async () => {
    const dir = seededCopy();
    try {
      // Calculations on the event loop, so a large one keeps it busy while more connections queue.
      const server = await startWith({ ...env, DATA_DIR: dir, CALC_THREADS: "0" }, "--demo");
      const key = demoKey("SCDC", "viewer");
      const scenario = demoScenarioDocument as Record<string, unknown>;
      const line = (scenario.costLines as object[])[0];
      const costLines = Array.from({ length: 30_000 }, (_, i) => ({
        ...line,
        id: `BIG${String(i).padStart(6, "0")}`,
        date: "2024-06-15",
        amount: `${(i % 900) + 100}.25`,
      }));
      const big = fetch(`http://127.0.0.1:${server.port}/v1/calculate`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: JSON.stringify({
          scenario: { ...scenario, costLines },
          period: DEMO_PERIOD,
          statements: { numbers: { CCC: "C-1", HDC: "H-1", SCDC: "S-1" }, issueDate: "2025-04-30" },
        }),
      }).then(async (r) => {
        await r.text();
        return r.status;
      });
      // Each on a connection of its own (no agent), as separate clients would be.
      const health = () =>
        new Promise<number | string>((resolve) => {
          const req = get({ host: "127.0.0.1", port: server.port, path: "/healthz", agent: false }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          });
          req.on("error", (e) => resolve(e.message));
        });
      await new Promise((r) => setTimeout(r, 150));
      const queued = Array.from({ length: 8 }, health);
      await new Promise((r) => setTimeout(r, 100));
      const exit = stop(server);
      expect(await Promise.all([big, ...queued])).toEqual(Array(9).fill(200));
      expect(await exit).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("killed (SIGKILL) in the middle of a large import, opens again with the import absent and the audit chain intact; killed after one, with it kept", async () => {
    const dir = seededCopy();
    try {
      const server = await startWith({ ...env, DATA_DIR: dir }, "--demo");
      const base = `http://127.0.0.1:${server.port}/v1/partnerships/3c`;
      const finance = { Authorization: `Bearer ${demoKey("HDC", "finance")}` };
      const approver = { Authorization: `Bearer ${demoKey("HDC", "approver")}` };
      const verify = async (port: number) =>
        (await fetch(`http://127.0.0.1:${port}/v1/partnerships/3c/audit/verify`, { headers: approver })).json();
      const chain = (await verify(server.port)) as { valid: boolean; records: number };
      const pools = ["staff", "licences", "infrastructure"];
      const csv = ["id,service,pool,date,amount"];
      for (let i = 0; i < 60_000; i++)
        csv.push(`K${String(i).padStart(6, "0")},ICT,${pools[i % 3]},2024-06-20,${(i % 900) + 1}.25`);
      // The write-ahead log's newest segment now: a later one appears only while the import's rows
      // are being written (each segment is 16 MB; the import writes several), never before.
      const segments = () =>
        readdirSync(join(dir, "pg_wal"))
          .filter((f) => /^[0-9A-F]{24}$/.test(f))
          .sort();
      const last = segments().at(-1) ?? "";
      const answer = fetch(`${base}/cost-lines/import`, {
        method: "POST",
        headers: { ...finance, "Content-Type": "text/csv" },
        body: csv.join("\n"),
      }).then(
        (r) => r.status,
        () => "no answer",
      );
      for (let waited = 0; (segments().at(-1) ?? "") <= last; waited += 10) {
        if (waited > 150_000) throw new Error("the import wrote no new log segment within 150 s");
        await new Promise((r) => setTimeout(r, 10));
      }
      server.child.removeAllListeners("exit");
      const killed = new Promise((resolve) => server.child.on("exit", resolve));
      server.child.kill("SIGKILL");
      await killed;
      // Killed before it answered, in the middle of writing the rows.
      expect(await answer).toBe("no answer");

      const again = await startWith({ ...env, DATA_DIR: dir }, "--demo");
      const line = (id: string) =>
        fetch(`http://127.0.0.1:${again.port}/v1/partnerships/3c/cost-lines/${id}`, { headers: finance });
      expect([(await line("K000000")).status, (await line("K059999")).status]).toEqual([404, 404]);
      expect(await verify(again.port)).toEqual(chain);
      // And the same import is whole the second time.
      const imported = await fetch(`http://127.0.0.1:${again.port}/v1/partnerships/3c/cost-lines/import`, {
        method: "POST",
        headers: { ...finance, "Content-Type": "text/csv" },
        body: csv.join("\n"),
      });
      expect(await imported.json()).toEqual({ kind: "cost-lines", imported: 60_000 });
      expect([(await line("K000000")).status, (await line("K059999")).status]).toEqual([200, 200]);
      expect(await verify(again.port)).toMatchObject({ valid: true, records: chain.records + 1 });
      // Killed right after it answered: the answered import is kept.
      const after = await verify(again.port);
      again.child.removeAllListeners("exit");
      const gone = new Promise((resolve) => again.child.on("exit", resolve));
      again.child.kill("SIGKILL");
      await gone;
      const third = await startWith({ ...env, DATA_DIR: dir }, "--demo");
      const kept = (id: string) =>
        fetch(`http://127.0.0.1:${third.port}/v1/partnerships/3c/cost-lines/${id}`, { headers: finance });
      expect([(await kept("K000000")).status, (await kept("K059999")).status]).toEqual([200, 200]);
      expect(await verify(third.port)).toEqual(after);
      expect(await stop(third)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
