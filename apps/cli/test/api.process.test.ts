import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AllocationResult,
  diffRuns,
  diffView,
  loadScenario,
  parseDate,
  type RechargeRun,
  rechargeRun,
  runView,
} from "@3c/domain";
import { demoScenarioDocument } from "@3c/domain/demo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RealApi, startRealApi } from "./realApi.js";
import { runCli } from "./runCli.js";

let realApi: RealApi | undefined;
let url = "";
let keys: ReadonlyMap<string, string> = new Map();

beforeAll(async () => {
  realApi = await startRealApi();
  ({ url, keys } = realApi);
}, 120_000);
afterAll(() => {
  realApi?.stop();
});

describe("3c --api against the real API, seeded with the demo", () => {
  it("gives the same recharge output from the API as locally, in every format", async () => {
    const key = keys.get("HDC finance") ?? "";
    for (const format of ["table", "json", "csv"]) {
      const args = ["recharge", "--demo", "--period", "2024/25-Q3", "--format", format];
      const remote = await runCli([...args, "--api", url, "--key", key]);
      const local = await runCli(args);
      expect(remote.stderr).toBe("");
      expect(remote.code).toBe(0);
      expect(remote.stdout).toBe(local.stdout);
    }
  });

  it("gives the same year with the demo's budget from the API as locally: advances and true-up", async () => {
    const args = ["recharge", "--demo", "--period", "2024/25", "--budget", "demo"];
    const remote = await runCli([...args, "--api", url, "--key", keys.get("HDC finance") ?? ""]);
    expect([remote.code, remote.stderr]).toEqual([0, ""]);
    expect(remote.stdout).toContain("True-up settlement: 2 transfers:");
    expect(remote.stdout).toBe((await runCli(args)).stdout);
  });

  it("settles through the API exactly as locally", async () => {
    const args = ["settle", "--demo", "--period", "2024/25"];
    const remote = await runCli([...args, "--api", `${url}/`, "--key", keys.get("CCC viewer") ?? ""]);
    expect(remote.code).toBe(0);
    expect(remote.stdout).toBe((await runCli(args)).stdout);
  });

  it("settles the year-end true-up with the demo's budget through the API exactly as locally", async () => {
    const args = ["settle", "--demo", "--period", "2024/25", "--budget", "demo", "--format", "csv"];
    const remote = await runCli([...args, "--api", url, "--key", keys.get("HDC finance") ?? ""]);
    expect([remote.code, remote.stderr]).toEqual([0, ""]);
    expect(remote.stdout).toContain("transfer,CCC,,,,HDC,121735.11");
    expect(remote.stdout).toBe((await runCli(args)).stdout);
  });

  it("reports savings and the KPI scorecard of the stored partnership exactly as locally", async () => {
    const api = ["--api", url, "--key", keys.get("HDC finance") ?? "", "--partnership", "3c"];
    for (const command of ["savings", "kpi"]) {
      const remote = await runCli([command, "--year", "2024/25", ...api]);
      expect(remote.stderr).toBe("");
      expect(remote.code).toBe(0);
      expect(remote.stdout).toBe((await runCli([command, "--demo", "--year", "2024/25"])).stdout);
    }
    // The API's scorecard carries `asAt`, the instant it was taken at; the calculator prints the domain's.
    const remote = await runCli(["kpi", "--year", "2024/25", "--format", "json", ...api]);
    expect(remote.stdout).toBe((await runCli(["kpi", "--demo", "--year", "2024/25", "--format", "json"])).stdout);
  });

  it("prints the stored partnership's annual report byte for byte as locally, in every format", async () => {
    const api = ["--api", url, "--key", keys.get("HDC finance") ?? "", "--partnership", "3c"];
    for (const format of ["table", "json", "csv"]) {
      const remote = await runCli(["report", "ICT", "--year", "2024/25", "--format", format, ...api]);
      const local = await runCli(["report", "ICT", "--demo", "--year", "2024/25", "--format", format]);
      expect(remote.code).toBe(0);
      expect(remote.stdout).toBe(local.stdout);
    }
    const missing = await runCli(["report", "ICT", "--year", "2024/25", "--api", url, "--key", "k"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("give --partnership ID");
  });

  it("compares two scenarios through the API exactly as locally", async () => {
    const dir = mkdtempSync(join(tmpdir(), "3c-diff-"));
    writeFileSync(join(dir, "demo.json"), JSON.stringify(demoScenarioDocument));
    const proposed = {
      ...demoScenarioDocument,
      drivers: (demoScenarioDocument.drivers ?? []).map((d) =>
        d.driver === "users" && d.partner === "HDC" ? { ...d, quantity: "990" } : d,
      ),
    };
    writeFileSync(join(dir, "proposed.json"), JSON.stringify(proposed));
    for (const before of [["demo.json"], ["--demo"]]) {
      const args = ["diff", ...before, "proposed.json", "--period", "2024/25"];
      for (const format of ["table", "json"]) {
        const local = await runCli([...args, "--format", format], { cwd: dir });
        const remote = await runCli(
          [...args, "--format", format, "--api", url, "--key", keys.get("HDC finance") ?? ""],
          { cwd: dir },
        );
        expect(local.code).toBe(0);
        expect(remote).toEqual(local);
      }
    }
  });

  it("validates through the API exactly as locally: a valid document, and every problem of an invalid one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "3c-validate-"));
    writeFileSync(join(dir, "demo.json"), JSON.stringify(demoScenarioDocument));
    const broken = { ...demoScenarioDocument, partners: [], costLines: [{ id: "x" }] };
    writeFileSync(join(dir, "broken.json"), JSON.stringify(broken));
    const api = ["--api", url, "--key", keys.get("CCC viewer") ?? ""];
    for (const file of ["demo.json", "broken.json"]) {
      const local = await runCli(["validate", file], { cwd: dir });
      const remote = await runCli(["validate", file, ...api], { cwd: dir });
      expect(local.code).toBe(file === "demo.json" ? 0 : 1);
      expect(remote).toEqual(local);
    }
    // It is the API that answers: a refused key is the API's 401, exit 3.
    const refused = await runCli(["validate", "demo.json", "--api", url, "--key", "3c_nonsense"], { cwd: dir });
    expect(refused.code).toBe(3);
  });

  it("prints the JSON Schema the API validates against, byte for byte the local one", async () => {
    const local = await runCli(["schema"]);
    const remote = await runCli(["schema", "--api", url, "--key", keys.get("SCDC viewer") ?? ""]);
    expect(local.code).toBe(0);
    expect(remote).toEqual(local);
    expect((await runCli(["schema", "--api", url, "--key", "3c_nonsense"])).code).toBe(3);
  });

  it("exits 3 with the API's problem when the key is refused", async () => {
    const r = await runCli(["recharge", "--demo", "--period", "2024/25-Q3", "--api", url, "--key", "3c_nonsense"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^3c: the API answered 401 .*\[UNAUTHORIZED\]\n$/);
  });
});

describe("3c runs and 3c recharge --run: a stored run of the real API, seeded with the demo", () => {
  const local = ["recharge", "--demo", "--period", "2024/25-Q3"];
  const api = () => ["--api", url, "--partnership", "3c"];
  let runId = "";

  /** Drafts the demo's Q3 run with the calculator's default statement options, and approves it. */
  beforeAll(async () => {
    const call = async (key: string, method: string, path: string, body?: unknown, ifMatch?: string) =>
      (await (realApi as RealApi).call(key, method, path, body, ifMatch)) as { id: string; version: number };
    const numbers = Object.fromEntries(["CCC", "HDC", "SCDC"].map((p) => [p, `3C-2024/25-Q3-${p}`]));
    const draft = await call("HDC finance", "POST", "/runs", {
      period: "2024/25-Q3",
      issueDate: "2024-12-31",
      numbers,
      vat: { ratePercent: "20", rounding: "half-even" },
    });
    runId = draft.id;
    await call("CCC approver", "POST", `/runs/${runId}/approve`, undefined, `"${draft.version}"`);
  }, 60_000);

  it("lists the stored runs the key can see, by status and period", async () => {
    const table = await runCli(["runs", ...api(), "--key", keys.get("SCDC viewer") ?? ""]);
    expect([table.code, table.stderr]).toEqual([0, ""]);
    expect(table.stdout).toMatch(new RegExp(`^${runId} +2024/25-Q3 +recharge +approved +\\S+ `, "m"));
    const json = await runCli(["runs", ...api(), "--key", keys.get("SCDC viewer") ?? "", "--format", "json"]);
    const [listed] = JSON.parse(json.stdout) as { id: string; manifest: { outputHash: string } }[];
    const run = JSON.parse((await runCli([...local, "--format", "json"])).stdout) as NonNullable<typeof listed>;
    // The stored run is the local run: the same manifest, so the same output hash.
    expect(listed?.manifest).toEqual(run.manifest);
    expect(table.stdout).toContain(`${run.manifest.outputHash.slice(0, 12)}…`);
    const drafts = await runCli(["runs", ...api(), "--key", keys.get("SCDC viewer") ?? "", "--status", "draft"]);
    expect(drafts.stdout).toBe("No stored runs.\n");
    const other = await runCli(["runs", ...api(), "--key", keys.get("SCDC viewer") ?? "", "--period", "2024/25-Q2"]);
    expect(other.stdout).toBe("No stored runs.\n");
  });

  it("prints a partner's statement of the approved run byte for byte as the local run's, in every format", async () => {
    const dir = mkdtempSync(join(tmpdir(), "3c-run-"));
    for (const format of ["table", "json", "csv", "xlsx"]) {
      const out = format === "xlsx" ? ["--out", join(dir, "x.xlsx")] : [];
      const wanted = await runCli([...local, "--partner", "HDC", "--format", format, ...out]);
      const wantedFile = format === "xlsx" ? readFileSync(join(dir, "x.xlsx")) : undefined;
      const remote = await runCli([
        "recharge",
        ...api(),
        "--key",
        keys.get("HDC viewer") ?? "",
        "--run",
        runId,
        "--partner",
        "HDC",
        "--format",
        format,
        ...out,
      ]);
      expect([remote.code, remote.stderr]).toEqual([0, ""]);
      if (format === "xlsx") expect(readFileSync(join(dir, "x.xlsx"))).toEqual(wantedFile);
      // The table is the stored run's own layout (below); its statements table is the local one's.
      else if (format === "table")
        expect(remote.stdout).toContain(wanted.stdout.split("\n\n").find((b) => b.startsWith("Statements")));
      else expect(remote.stdout).toBe(wanted.stdout);
    }
  });

  it("lays out what the key may see of the run with the local renderers, and says what it leaves out", async () => {
    const remote = await runCli(["recharge", ...api(), "--key", keys.get("HDC finance") ?? "", "--run", runId]);
    expect([remote.code, remote.stderr]).toEqual([0, ""]);
    const whole = (await runCli(local)).stdout;
    // A line's cells: the columns' widths follow the rows shown.
    const line = (text: string, start: string) =>
      (text.split("\n").find((l) => new RegExp(`^${start}`).test(l)) ?? "(none)").replace(/ +/g, " ");
    // Its own statement and net position, the hashes: the local run's lines.
    const position = (p: string) => `${p}( +-?£[\\d,.]+){3}$`;
    for (const start of ["3C-2024/25-Q3-HDC ", position("HDC"), "Input hash:", "Output hash:", "Engine:"])
      expect(line(remote.stdout, start)).toBe(line(whole, start));
    expect(remote.stdout).toContain("As HDC may see it (the API key's partner)");
    // HDC leads ICT: its view of the others' statements is marked, the others' positions are not shown.
    expect(line(remote.stdout, "3C-2024/25-Q3-CCC ")).toMatch(/ (invoice|credit-note)\* /);
    expect(line(whole, position("CCC"))).not.toBe("(none)");
    expect(line(remote.stdout, position("CCC"))).toBe("(none)");
    expect(remote.stdout).not.toContain("Charges by service");
    for (const t of whole.split("\n").filter((l) => / pays /.test(l) && l.includes("HDC")))
      expect(remote.stdout).toContain(t);
    // The JSON is the domain's view of the local run for HDC, with the stored run.
    const json = await runCli([
      "recharge",
      ...api(),
      "--key",
      keys.get("HDC finance") ?? "",
      "--run",
      runId,
      "--format",
      "json",
    ]);
    const seen = runView(JSON.parse((await runCli([...local, "--format", "json"])).stdout) as RechargeRun, "HDC");
    const { run, ...rest } = JSON.parse(json.stdout) as { run: { id: string } };
    expect(run.id).toBe(runId);
    expect(rest).toEqual({
      partner: "HDC",
      basis: seen.basis,
      statements: seen.statements,
      invoices: seen.invoices,
      positions: seen.positions,
      settlement: seen.settlement,
    });
  });

  it("compares two stored runs with 3c diff --run --against: the domain's diff as the key may see it", async () => {
    const res = await fetch(`${url}/v1/partnerships/3c/runs`, {
      method: "POST",
      headers: { Authorization: `Bearer ${keys.get("HDC finance") ?? ""}`, "Content-Type": "application/json" },
      body: JSON.stringify({ period: "2024/25-Q2", issueDate: "2024-09-30" }),
    });
    const q2 = ((await res.json()) as { id: string }).id;
    const args = ["diff", ...api(), "--key", keys.get("HDC finance") ?? "", "--run", runId, "--against", q2];
    const json = await runCli([...args, "--format", "json"]);
    expect([json.code, json.stderr]).toEqual([0, ""]);
    const scenario = loadScenario(demoScenarioDocument);
    const numbers = Object.fromEntries(scenario.partners.map((p) => [p.id, p.id]));
    const statements = { numbers, issueDate: parseDate("2024-12-31") };
    const allocation = (period: string): AllocationResult => rechargeRun({ scenario, period, statements }).allocation;
    const [before, after] = [allocation("2024/25-Q2"), allocation("2024/25-Q3")];
    expect(JSON.parse(json.stdout)).toEqual(
      JSON.parse(JSON.stringify(diffView(diffRuns(before, after), "HDC", before, after))),
    );
    const table = await runCli(args);
    expect(table.stdout).toMatch(new RegExp(`^Differences for 2024/25-Q3: ${q2} → ${runId}\n`));
    expect(table.stdout).toContain("As HDC may see it (the API key's partner)");
    const lacking = await runCli(["diff", ...api(), "--key", "k", "--run", runId]);
    expect([lacking.code, lacking.stderr.split("\n")[0]]).toEqual([
      2,
      "3c: diff of two stored runs needs both --run RUN and --against OTHER",
    ]);
  });

  it("exits 3 with the API's problem for an unknown run, and 2 naming the flag --run lacks", async () => {
    const key = keys.get("HDC finance") ?? "";
    const unknown = await runCli(["recharge", ...api(), "--key", key, "--run", "run-999"]);
    expect([unknown.code, unknown.stdout]).toEqual([3, ""]);
    expect(unknown.stderr).toMatch(/^3c: the API answered 404 .*no run "run-999".*\[NOT_FOUND\]\n$/);
    const noApi = await runCli(["recharge", "--partnership", "3c", "--run", runId]);
    expect([noApi.code, noApi.stderr.split("\n")[0]]).toEqual([
      2,
      "3c: --run reads a stored run from the API: give --api URL --key KEY",
    ]);
    const noPartnership = await runCli(["recharge", "--api", url, "--key", key, "--run", runId]);
    expect([noPartnership.code, noPartnership.stderr.split("\n")[0]]).toEqual([
      2,
      "3c: --run reads the API's stored runs: give --partnership ID",
    ]);
    const withPeriod = await runCli(["recharge", ...api(), "--key", key, "--run", runId, "--period", "2024/25"]);
    expect([withPeriod.code, withPeriod.stderr.split("\n")[0]]).toEqual([
      2,
      "3c: --run prints a stored run as it was made: leave out --period",
    ]);
  });
});

describe("3c --api when the API fails", () => {
  let server: Server;
  let hostile = "";
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(422, { "Content-Type": "application/problem+json" });
      res.end(
        JSON.stringify({
          type: "about:blank",
          title: "Unprocessable \u001b[31mred\u001b[0m",
          status: 422,
          detail: "bad \u001b]8;;http://x\u0007link",
          code: "VALIDATION_FAILED",
          errors: [{ path: "scenario.partners[0]", message: "no \u001b[2Jclear" }],
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const address = server.address();
    hostile = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("shows the problem+json detail and issues with control sequences stripped, exit 3", async () => {
    const r = await runCli(["recharge", "--demo", "--period", "2024/25-Q3", "--api", hostile, "--key", "k"]);
    expect(r.code).toBe(3);
    expect(r.stderr).not.toContain("\u001b");
    expect(r.stderr).not.toContain("\u0007");
    expect(r.stderr).toContain("the API answered 422 Unprocessable red: bad link [VALIDATION_FAILED]");
    expect(r.stderr).toContain("  scenario.partners[0]: no clear");
  });

  it("exits 3 when nothing answers, and 2 for --api without --key", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const address = closed.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await runCli([
      "settle",
      "--demo",
      "--period",
      "2024/25",
      "--api",
      `http://127.0.0.1:${port}`,
      "--key",
      "k",
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^3c: cannot reach the API at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\n$/);
    const usage = await runCli(["recharge", "--demo", "--period", "2024/25", "--api", "http://127.0.0.1:1"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--api needs --key KEY");
  });
});
