import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RechargeRun, runView } from "@3c/domain";
import { statementViewsWorkbook } from "@3c/workbooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RealApi, startRealApi } from "./realApi.js";
import { runCli } from "./runCli.js";

let api: RealApi;
/** The demo's year 2024/25 run with the budget, and its Q3 run, each stored and approved. */
let year = "";
let q3 = "";

/** Drafts a run as HDC's finance officer and has SCDC's approver approve it. */
async function approvedRun(body: unknown): Promise<string> {
  const draft = (await api.call("HDC finance", "POST", "/runs", body)) as { id: string; version: number };
  await api.call("SCDC approver", "POST", `/runs/${draft.id}/approve`, undefined, `"${draft.version}"`);
  return draft.id;
}

beforeAll(async () => {
  api = await startRealApi();
  year = await approvedRun({ period: "2024/25", issueDate: "2025-04-30", budget: true });
  // The calculator's default statement options, so that the statements are the local run's.
  q3 = await approvedRun({
    period: "2024/25-Q3",
    issueDate: "2024-12-31",
    numbers: Object.fromEntries(["CCC", "HDC", "SCDC"].map((p) => [p, `3C-2024/25-Q3-${p}`])),
    vat: { ratePercent: "20", rounding: "half-even" },
  });
}, 120_000);
afterAll(() => api?.stop());

const stored = (key: string, command: string, run: string, ...more: string[]) =>
  runCli([command, "--api", api.url, "--key", api.keys.get(key) ?? "", "--partnership", "3c", "--run", run, ...more]);

describe("3c settle --run: a stored budget run's year end, as the key may see it", () => {
  const local = ["settle", "--demo", "--period", "2024/25", "--budget", "demo", "--partner", "HDC"];

  it("is the local run's year end for the key's partner, byte for byte in json and csv, by the same renderers", async () => {
    for (const format of ["json", "csv"]) {
      const remote = await stored("HDC finance", "settle", year, "--partner", "HDC", "--format", format);
      expect([remote.code, remote.stderr]).toEqual([0, ""]);
      expect(remote.stdout).toBe((await runCli([...local, "--format", format])).stdout);
    }
    // HDC leads ICT: it receives CCC's share of the true-up; SCDC's transfer is not its own.
    const csv = (await runCli([...local, "--format", "csv"])).stdout;
    expect(csv).toContain("transfer,CCC,,,,HDC,121735.11");
    expect(csv).not.toContain("SCDC");
  });

  it("lays out the table as the local one's body, saying whose view it is and what it leaves out", async () => {
    const remote = await stored("HDC approver", "settle", year);
    expect([remote.code, remote.stderr]).toEqual([0, ""]);
    const [, ...body] = (await runCli(local)).stdout.split("\n\n");
    expect(remote.stdout).toContain(body.join("\n\n"));
    expect(remote.stdout).toContain(`Stored run ${year} (recharge), approved: prepared by `);
    expect(remote.stdout).toContain("As HDC may see it (the API key's partner)");
    expect(remote.stdout).toMatch(/^HDC +£2,827,164\.44 +£2,783,644\.44 +-£43,520\.00$/m);
    expect(remote.stdout).not.toMatch(/^(CCC|SCDC) /m);
    // Without --partner, the JSON names the run and whose view it is.
    const json = await stored("HDC approver", "settle", year, "--format", "json");
    const { run, partner, ...rest } = JSON.parse(json.stdout) as { run: { id: string }; partner: string };
    expect([run.id, partner]).toEqual([year, "HDC"]);
    expect(rest).toEqual(JSON.parse((await runCli([...local, "--format", "json"])).stdout));
  });

  it("exits 3 with the API's problem for a run without the budget or a key that may not read the year end", async () => {
    const quarter = await stored("HDC finance", "settle", q3);
    expect([quarter.code, quarter.stdout]).toEqual([3, ""]);
    expect(quarter.stderr).toBe(
      `3c: the API answered 409 Not allowed in this state: run ${q3} was not run with the budget ({"budget": true} on a year) [INVALID_STATE]\n`,
    );
    const viewer = await stored("HDC viewer", "settle", year);
    expect([viewer.code, viewer.stdout]).toEqual([3, ""]);
    expect(viewer.stderr).toMatch(/^3c: the API answered 403 Your role may not do this.*\[FORBIDDEN\]\n$/);
  });

  it("refuses a local run's flags, and another partner's figures, with a usage error", async () => {
    const budget = await stored("HDC finance", "settle", year, "--budget", "demo");
    expect([budget.code, budget.stderr.split("\n")[0]]).toEqual([
      2,
      "3c: --run prints a stored run as it was made: leave out --budget",
    ]);
    const other = await stored("HDC finance", "settle", year, "--partner", "CCC");
    expect([other.code, other.stderr.split("\n")[0]]).toEqual([
      2,
      `3c: --partner: the year end of run ${year} as HDC may see it (the API key's partner) has HDC's figures only, not "CCC"'s`,
    ]);
  });
});

describe("3c recharge --run --format xlsx without --partner", () => {
  it("writes every statement the key may see, laid out from the view: a lead's views marked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "3c-run-"));
    const file = join(dir, "seen.xlsx");
    const remote = await stored("HDC viewer", "recharge", q3, "--format", "xlsx", "--out", file);
    expect([remote.code, remote.stderr]).toEqual([0, ""]);
    const local = JSON.parse(
      (await runCli(["recharge", "--demo", "--period", "2024/25-Q3", "--format", "json"])).stdout,
    ) as RechargeRun;
    const seen = runView(local, "HDC").statements;
    expect(seen.filter((s) => s.view !== undefined).map((s) => s.partner)).toEqual(["CCC", "SCDC"]);
    const wanted = await statementViewsWorkbook(seen, { currency: "GBP", date: "2024-10-01" });
    expect(readFileSync(file)).toEqual(Buffer.from(wanted));
  });
});

describe("3c recharge --run of a stored budget run --format json", () => {
  it("settles what the domain's view of the local run settles for the key's partner: the true-up", async () => {
    const remote = await stored("HDC finance", "recharge", year, "--format", "json");
    expect([remote.code, remote.stderr]).toEqual([0, ""]);
    const local = JSON.parse(
      (await runCli(["recharge", "--demo", "--period", "2024/25", "--budget", "demo", "--format", "json"])).stdout,
    ) as RechargeRun;
    const seen = runView(local, "HDC");
    const { basis, trueUp, invoices, positions, settlement } = JSON.parse(remote.stdout) as Record<string, unknown>;
    expect({ basis, trueUp, invoices, positions, settlement }).toEqual(
      JSON.parse(
        JSON.stringify({
          basis: "true-up",
          trueUp: seen.trueUp?.byPartner,
          invoices: seen.invoices,
          positions: seen.positions,
          settlement: seen.settlement,
        }),
      ),
    );
    // Like with like: the view's settlement is its true-up's, not the year's whole charges.
    expect(seen.basis).toBe("true-up");
    expect(seen.settlement).toEqual(seen.trueUpSettlement?.settlement);
  });
});
