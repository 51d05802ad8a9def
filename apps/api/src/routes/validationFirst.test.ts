import { demoScenarioDocument } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { ictLine, seedDemo, serviceFromApril2025, useTestApp } from "../testing/index.js";

// The demo with 2024/25 closed: ICT led by HDC, LEGAL and BC by CCC. Every write below touches the
// closed year; an invalid one answers 422 with its field paths, a valid one 409 (or 403).
const t = useTestApp({
  seed: seedDemo,
  keys: {
    admin: "3c/CCC/admin",
    approver: "3c/HDC/approver",
    financeHdc: "3c/HDC/finance",
    financeCcc: "3c/CCC/finance",
  },
  withKeys: async (app, keys) => {
    const call = (path: string, json?: unknown) =>
      app.call("POST", `/v1/partnerships/3c${path}`, { key: keys.approver, json });
    expect((await call("/periods", { name: "2024/25" })).status).toBe(201);
    expect((await call("/periods/2024-25/close")).status).toBe(200);
  },
  per: "test",
});
const { keys } = t;
const base = "/v1/partnerships/3c";
const SECTIONS = ["budgets", "kpis", "measurements", "calendars", "outages", "availability", "savings"];

interface Problem {
  readonly status: number;
  readonly code: string;
  readonly errors: readonly { readonly path: string; readonly row?: number; readonly message: string }[];
}

/** A refusal: its status, code and the paths (with the row, for an import) of its errors. */
const answer = async (res: Response) => {
  const problem = (await res.json()) as Problem;
  expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  return [res.status, problem.code, problem.errors.map((e) => (e.row === undefined ? e.path : `${e.row}:${e.path}`))];
};
const get = async (path: string) => {
  const res = await t.call("GET", `${base}${path}`, { key: keys.approver });
  return [res.status, await res.text()];
};
/** What a refused write must leave as it was: the sections, the closed year's cost lines, the audit chain. */
const state = async () => {
  const audit: unknown[] = [];
  for (let after: number | null = 0; after !== null; ) {
    const page = (await (
      await t.call("GET", `${base}/audit?limit=1000&after=${after}`, { key: keys.approver })
    ).json()) as {
      items: unknown[];
      nextAfter: number | null;
    };
    audit.push(...page.items);
    after = page.nextAfter;
  }
  return {
    sections: await Promise.all(SECTIONS.map((s) => get(`/sections/${s}`))),
    lines: await get("/cost-lines?period=2024/25&limit=10000"),
    audit,
    verify: await get("/audit/verify"),
  };
};
const put = (path: string, json: unknown, key = keys.financeHdc) => t.call("PUT", `${base}${path}`, { key, json });
const post = (path: string, json: unknown, key = keys.financeHdc) => t.call("POST", `${base}${path}`, { key, json });
const csv = (path: string, text: string, key = keys.financeHdc) => t.call("POST", `${base}${path}`, { key, text });

const measurements = demoScenarioDocument.measurements ?? [];
/** The first stored measurement of ICT-KPI-2 (led by HDC) in the closed year, and its place. */
const at = measurements.findIndex((m) => m.kpi === "ICT-KPI-2" && m.period === "2024/25-Q1");
const measured = measurements[at] as Readonly<Record<string, unknown>>;
const budgets = demoScenarioDocument.budgets ?? [];
const ictStaff = budgets.findIndex((b) => b.service === "ICT" && b.pool === "staff");

describe("a write touching a closed period is validated first", () => {
  it("section PUT: an invalid budget of the closed year answers 422 at its field, a valid change 409, nothing stored", async () => {
    const before = await state();
    const bad = budgets.map((b, i) => (i === ictStaff ? { ...b, amount: "lots" } : b));
    expect(await answer(await put("/sections/budgets", bad))).toEqual([
      422,
      "INVALID_INPUT",
      [`budgets[${ictStaff}].amount`],
    ]);
    const good = budgets.map((b, i) => (i === ictStaff ? { ...b, amount: "1000" } : b));
    expect(await answer(await put("/sections/budgets", good))).toEqual([
      409,
      "PERIOD_CLOSED",
      [`budgets[${ictStaff}]`, `budgets[${ictStaff}]`],
    ]);
    expect(await state()).toEqual(before);
  });

  it("section PUT: calendar hours the domain refuses answer 422, not 409 by a raw comparison", async () => {
    const before = await state();
    const calendars = (demoScenarioDocument.calendars ?? []).map((c, i) =>
      i === 0 ? { ...c, weekdays: ["Funday"] } : c,
    );
    const [status, code, paths] = await answer(await put("/sections/calendars", calendars, keys.admin));
    expect([status, code, (paths as string[]).every((p) => p.startsWith("calendars[0].weekdays"))]).toEqual([
      422,
      "INVALID_INPUT",
      true,
    ]);
    expect(await state()).toEqual(before);
  });

  it("section PUT by a key that does not lead the part: the invalid write answers 422, the valid one 403", async () => {
    const before = await state();
    const bad = measurements.map((m, i) => (i === at ? { ...m, numerator: "many" } : m));
    expect(await answer(await put("/sections/measurements", bad, keys.financeCcc))).toEqual([
      422,
      "INVALID_INPUT",
      [`measurements[${at}].numerator`],
    ]);
    const good = measurements.map((m, i) => (i === at ? { ...m, numerator: "39" } : m));
    expect(await answer(await put("/sections/measurements", good, keys.financeCcc))).toEqual([
      403,
      "NOT_PERMITTED",
      [`measurements[${at}]`, `measurements[${at}]`],
    ]);
    expect(await state()).toEqual(before);
  });

  it("item POST, PUT and DELETE: an invalid item of the closed year answers 422 at its own fields, a valid one 409", async () => {
    const before = await state();
    const id = "ICT-KPI-2.2024-25-Q1.all";
    const item = { kpi: "ICT-KPI-2", period: "2024/25-Q1", numerator: "1", denominator: "2" };
    expect(await answer(await post("/measurements", { ...item, partner: "CCC", denominator: "none" }))).toEqual([
      422,
      "INVALID_INPUT",
      ["denominator"],
    ]);
    expect(await answer(await post("/measurements", { ...item, partner: "CCC" }))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["period"],
    ]);
    expect(await answer(await put(`/measurements/${id}`, { ...measured, numerator: "many" }))).toEqual([
      422,
      "INVALID_INPUT",
      ["numerator"],
    ]);
    expect(await answer(await put(`/measurements/${id}`, { ...measured, numerator: "39" }))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["period"],
    ]);
    // Removing a KPI its measurements (of the closed year, too) need: the section left would be invalid.
    const [status, code, paths] = await answer(
      await t.call("DELETE", `${base}/kpis/ICT-KPI-2`, { key: keys.financeHdc }),
    );
    expect([status, code, (paths as string[]).every((p) => /^measurements\[\d+\]\.kpi$/.test(p))]).toEqual([
      422,
      "INVALID_INPUT",
      true,
    ]);
    expect(await state()).toEqual(before);
  });

  it("item import, JSON and CSV: a bad row answers 422 at its row, though another row is of the closed year", async () => {
    const before = await state();
    const good = { kpi: "ICT-KPI-2", period: "2024/25-Q1", partner: "CCC", numerator: "1", denominator: "2" };
    const bad = { kpi: "ICT-KPI-2", period: "2025/26-Q1", numerator: "x", denominator: "2" };
    expect(await answer(await post("/measurements/import", { items: [good, bad] }))).toEqual([
      422,
      "INVALID_INPUT",
      ["2:items[1].numerator"],
    ]);
    const text = "kpi,period,partner,numerator,denominator\nICT-KPI-2,2024/25-Q1,CCC,1,2\nICT-KPI-2,2025/26-Q1,,x,2\n";
    expect(await answer(await csv("/measurements/import", text))).toEqual([
      422,
      "INVALID_INPUT",
      ["3:row 3.numerator"],
    ]);
    expect(await answer(await post("/measurements/import", { items: [good] }))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["1:items[0].period"],
    ]);
    expect(await state()).toEqual(before);
  });

  it("records: a line the domain refuses answers 422 at its field, whether alone or beside a line of the closed year", async () => {
    const before = await state();
    expect(await answer(await post("/cost-lines", ictLine("V1", "10.001", "2024-06-30")))).toEqual([
      422,
      "INVALID_INPUT",
      ["amount"],
    ]);
    expect(await answer(await post("/cost-lines", ictLine("V1", "10.00", "2024-06-30")))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["date"],
    ]);
    const lines = [ictLine("V2", "1.00", "2024-06-30"), { ...ictLine("V3", "1.00", "2025-06-30"), pool: "nopool" }];
    expect(await answer(await post("/cost-lines/import", { items: lines }))).toEqual([
      422,
      "INVALID_INPUT",
      ["2:items[1].pool"],
    ]);
    const text = "id,service,pool,date,amount\nV2,ICT,staff,2024-06-30,1.00\nV3,ICT,staff,2025-06-30,1.001\n";
    expect(await answer(await csv("/cost-lines/import", text))).toEqual([422, "INVALID_INPUT", ["3:row 3.amount"]]);
    // A line of a service the key does not lead, invalid: 422 first; valid: 403.
    expect(await answer(await post("/cost-lines", ictLine("V4", "1.001", "2024-06-30"), keys.financeCcc))).toEqual([
      422,
      "INVALID_INPUT",
      ["amount"],
    ]);
    expect(await answer(await post("/cost-lines", ictLine("V4", "1.00", "2025-06-30"), keys.financeCcc))).toEqual([
      403,
      "NOT_PERMITTED",
      [""],
    ]);
    expect(await state()).toEqual(before);
  });

  it("settings: support settings the domain refuses answer 422 though their year is closed", async () => {
    const before = await state();
    const res = await t.call("PUT", `${base}/settings?effectiveFrom=2024/25`, {
      key: keys.admin,
      json: { fxRounding: "half-even", support: { method: "direct", order: ["NOPE"], consumption: [] } },
    });
    const [status, code] = await answer(res);
    expect([status, code]).toEqual([422, "INVALID_INPUT"]);
    expect(await state()).toEqual(before);
  });

  it("a hand-over: a lead that already leads answers 422 though the date is in a closed year", async () => {
    const before = await state();
    const patch = (json: unknown) => t.call("PATCH", `${base}/services/ICT`, { key: keys.admin, json });
    expect(await answer(await patch({ lead: "HDC", effectiveFrom: "2024-10-01" }))).toEqual([
      422,
      "INVALID_INPUT",
      ["lead"],
    ]);
    expect(await answer(await patch({ lead: "CCC", effectiveFrom: "2024-10-01" }))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["effectiveFrom"],
    ]);
    expect(await state()).toEqual(before);
  });

  it("a pool: a start before its service's answers 422 though it is in a closed year", async () => {
    expect((await post("/services", serviceFromApril2025("HDC"), keys.admin)).status).toBe(201);
    const before = await state();
    const pool = { id: "agency", name: "Agency staff", effectiveFrom: "2024-06-01" };
    expect(await answer(await post("/services/HR/pools", pool, keys.admin))).toEqual([
      422,
      "INVALID_INPUT",
      ["effectiveFrom"],
    ]);
    expect(await answer(await post("/services/ICT/pools", pool, keys.admin))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["effectiveFrom"],
    ]);
    expect(await state()).toEqual(before);
  });

  it("a service: a participant that is not a partner answers 422 though its start is in a closed year", async () => {
    const before = await state();
    const hr = { ...serviceFromApril2025("HDC"), effectiveFrom: "2024-06-01" };
    expect(await answer(await post("/services", { ...hr, participants: ["HDC", "NOPE"] }, keys.admin))).toEqual([
      422,
      "INVALID_INPUT",
      ["participants[1]"],
    ]);
    expect(await answer(await post("/services", hr, keys.admin))).toEqual([409, "PERIOD_CLOSED", ["effectiveFrom"]]);
    expect(await state()).toEqual(before);
  });
});
