import { describe, expect, it } from "vitest";
import { ictLine, useTestApp } from "../testing/index.js";

const base = "/v1/partnerships/p1";
/** p1: ICT led by A, shared equally by A and B, with cost in 2024/25-Q1. */
const t = useTestApp({
  per: "test",
  keys: { financeA: "p1/A/finance", approverB: "p1/B/approver" },
  withKeys: async (app, keys) => {
    const res = await app.call("POST", `${base}/cost-lines`, { key: keys.financeA, json: ictLine("L1", "100.01") });
    expect(res.status).toBe(201);
  },
});
const { keys } = t;

const call = (method: string, path: string, json?: unknown) =>
  t.call(method, `${base}${path}`, { key: path === "/runs" ? keys.financeA : keys.approverB, json });
const code = async (res: Response): Promise<[number, { code?: string; detail?: string }]> => [
  res.status,
  (await res.json()) as { code?: string; detail?: string },
];

describe("closing a period while an approved run of it waits to be posted", () => {
  it("is refused naming the run, which is then posted, and the period closed", async () => {
    expect((await call("POST", "/runs", { period: "2024/25-Q1", issueDate: "2024-07-15" })).status).toBe(201);
    expect((await call("POST", "/runs/run-1/approve")).status).toBe(200);
    expect((await call("POST", "/periods", { name: "2024/25-Q1" })).status).toBe(201);
    // Closed now, the approved run could never be posted (posting refuses a closed period), nor
    // reversed (only a posted run is), nor drafted again: the quarter's charges would never be posted.
    const [status, problem] = await code(await call("POST", "/periods/2024-25-Q1/close"));
    expect([status, problem.code, problem.detail]).toEqual([409, "INVALID_STATE", expect.stringContaining("run-1")]);
    expect((await call("POST", "/runs/run-1/post")).status).toBe(200);
    expect((await call("POST", "/periods/2024-25-Q1/close")).status).toBe(200);
  });

  it("is refused for a quarter of an approved year's run too, while a waiting draft does not block", async () => {
    expect((await call("POST", "/runs", { period: "2024/25", issueDate: "2025-04-30" })).status).toBe(201);
    expect((await call("POST", "/runs/run-1/approve")).status).toBe(200);
    expect((await call("POST", "/runs", { period: "2024/25-Q2", issueDate: "2024-10-15" })).status).toBe(201);
    expect((await call("POST", "/periods", { name: "2024/25-Q2" })).status).toBe(201);
    const [status, problem] = await code(await call("POST", "/periods/2024-25-Q2/close"));
    expect([status, problem.code, problem.detail]).toEqual([409, "INVALID_STATE", expect.stringContaining("run-1")]);
    expect((await call("POST", "/runs/run-1/post")).status).toBe(200);
    // run-2, a draft of Q2, is no one's signed figures: the period closes, and the draft goes with it.
    expect((await call("POST", "/periods/2024-25-Q2/close")).status).toBe(200);
  });
});
