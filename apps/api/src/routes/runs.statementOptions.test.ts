import { describe, expect, it } from "vitest";
import { ictLine, useTestApp } from "../testing/index.js";

const base = "/v1/partnerships/p1";
/** p1: partners A, B, C; ICT led by A and shared by A and B, with cost in 2024/25-Q1. */
const t = useTestApp({
  keys: { financeA: "p1/A/finance" },
  withKeys: async (app, keys) => {
    const res = await app.call("POST", `${base}/cost-lines`, { key: keys.financeA, json: ictLine("L1", "100.01") });
    expect(res.status).toBe(201);
  },
});
const { keys } = t;

const draft = (options: Record<string, unknown>) =>
  t.call("POST", `${base}/runs`, { key: keys.financeA, json: { period: "2024/25-Q1", ...options } });
const refusal = async (res: Response) => {
  const problem = (await res.json()) as { code: string; errors?: { path: string }[] };
  return [res.status, problem.code, (problem.errors ?? []).map((e) => e.path)];
};

describe("a run's statement options", () => {
  it("are refused with 422 naming each field when the statements could not be sent as they are, and nothing is stored", async () => {
    // 30 February does not exist: statements dated so could not be sent.
    expect(await refusal(await draft({ issueDate: "2024-02-30" }))).toEqual([422, "VALIDATION_FAILED", ["issueDate"]]);
    // Due before it is issued.
    expect(await refusal(await draft({ issueDate: "2024-07-15", dueDate: "2024-07-14" }))).toEqual([
      422,
      "VALIDATION_FAILED",
      ["dueDate"],
    ]);
    // Two partners' statements under one number; a blank number.
    expect(
      await refusal(await draft({ issueDate: "2024-07-15", numbers: { A: "INV-1", B: "INV-1", C: " " } })),
    ).toEqual([422, "VALIDATION_FAILED", ["numbers.B", "numbers.C"]]);
    // A number for a partner the partnership does not have is not silently kept in the run's options.
    expect(
      await refusal(await draft({ issueDate: "2024-07-15", numbers: { A: "INV-1", B: "INV-2", Z: "INV-3" } })),
    ).toEqual([422, "INVALID_INPUT", ["numbers.Z"]]);
    // A VAT rate below nothing would make VAT a deduction; above 100% it is no rate at all.
    for (const ratePercent of ["-20", "100.01"])
      expect(
        await refusal(await draft({ issueDate: "2024-07-15", vat: { ratePercent, rounding: "half-up" } })),
      ).toEqual([422, "VALIDATION_FAILED", ["vat.ratePercent"]]);
    expect(await t.store.listRuns("p1", {})).toEqual([]);
    // What the same options give when they are right: due on the day it is issued is allowed.
    const ok = await draft({
      issueDate: "2024-07-15",
      dueDate: "2024-07-15",
      numbers: { A: "INV-1", B: "INV-2" },
      vat: { ratePercent: "20", rounding: "half-up" },
    });
    expect(ok.status).toBe(201);
  });

  it("of the recharge preview: an issue date that is no calendar date is refused with 422", async () => {
    const res = await t.call("GET", `${base}/recharge?period=2024/25-Q1&issueDate=2024-02-30`, {
      key: keys.financeA,
    });
    expect(await refusal(res)).toEqual([422, "VALIDATION_FAILED", ["issueDate"]]);
  });
});
