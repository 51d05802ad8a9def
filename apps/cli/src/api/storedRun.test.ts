import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchStoredRun, listStoredRuns } from "./storedRun.js";

/** The requests the stand-in API was sent, and its listening URL. */
const asked: string[] = [];
let url = "";
// A stand-in for the API's runs list, paged as the API pages it: run-3 and run-2, then run-1.
/** A budget year's run, run-9, as the API answers for SCDC: its settlement is the true-up's. */
const gbp = (minor: number) => ({ currency: "GBP", minor });
const budgetRun: Record<string, unknown> = {
  "/v1/partnerships/3c": { name: "3C", currency: "GBP" },
  "/v1/partnerships/3c/runs/run-9": { id: "run-9", period: "2024/25", kind: "recharge", manifest: {} },
  "/v1/partnerships/3c/runs/run-9/statements": { items: [] },
  "/v1/partnerships/3c/runs/run-9/settlement": {
    run: "run-9",
    partner: "SCDC",
    basis: "true-up",
    trueUp: [{ partner: "SCDC", advances: gbp(300), charge: gbp(200), trueUp: gbp(-100) }],
    invoices: [{ from: "SCDC", to: "HDC", amount: gbp(-100) }],
    positions: [{ partner: "SCDC", receivable: gbp(0), payable: gbp(-100), net: gbp(100) }],
    settlement: [{ from: "HDC", to: "SCDC", amount: gbp(100) }],
  },
};
const server = createServer((req, res) => {
  asked.push(req.url ?? "");
  const fixed = budgetRun[req.url ?? ""];
  if (fixed !== undefined) {
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(fixed));
    return;
  }
  const cursor = new URL(req.url ?? "", "http://x").searchParams.get("cursor");
  const page =
    cursor === null
      ? { items: [{ id: "run-3" }, { id: "run-2" }], nextCursor: "run-2" }
      : { items: [{ id: "run-1" }], nextCursor: null };
  res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(page));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the stored runs", () => {
  it("are every page of the API's list, in its order, each asked for as large as the API allows", async () => {
    const runs = await listStoredRuns({ url, key: "3c_test" }, "/v1/partnerships/3c", "2024/25-Q3");
    expect(runs.map((r) => r.id)).toEqual(["run-3", "run-2", "run-1"]);
    expect(asked).toEqual([
      "/v1/partnerships/3c/runs?period=2024-25-Q3&limit=10000",
      "/v1/partnerships/3c/runs?period=2024-25-Q3&limit=10000&cursor=run-2",
    ]);
  });
});

describe("a stored run", () => {
  it("keeps what its settlement settles and, for a budget year, the partner's advances, charge and true-up", async () => {
    const view = await fetchStoredRun({ url, key: "3c_test" }, "/v1/partnerships/3c", "run-9");
    const settlement = budgetRun["/v1/partnerships/3c/runs/run-9/settlement"] as Record<string, unknown>;
    expect([view.partner, view.basis, view.trueUp, view.settlement]).toEqual([
      "SCDC",
      "true-up",
      settlement.trueUp,
      settlement.settlement,
    ]);
  });
});
