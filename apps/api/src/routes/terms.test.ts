import { contentHash } from "@3c/store";
import { describe, expect, it } from "vitest";
import { ictLine, useTestApp } from "../testing/index.js";

// A leads ICT (A and B take part); C leads BC alone. No partner leads every service.
const p = "/v1/partnerships/p1";
const t = useTestApp({
  per: "test",
  keys: {
    adminB: "p1/B/admin",
    financeA: "p1/A/finance",
    approverA: "p1/A/approver",
    approverB: "p1/B/approver",
    approverC: "p1/C/approver",
  },
});
const { keys } = t;

interface Terms {
  id: string;
  status: string;
  awaiting: string[];
  consents: { partner: string; actor: string }[];
  activatedAt: string | null;
}
const TERMS = { rounding: "half-up", attribution: "actual", baselines: [] };
const baseline = (partner: string, amount: string) => ({ partner, service: "ICT", baseYear: "2024/25", amount });
const put = (key: string, json: unknown) => t.call("PUT", `${p}/sections/savings`, { key, json });
const consent = (key: string, id = "terms-1") => t.call("POST", `${p}/terms/${id}/consent`, { key });
const stored = async () => {
  const res = await t.call("GET", `${p}/sections/savings`, { key: keys.financeA });
  return res.status === 200 ? await res.json() : res.status;
};

/** Proposes the savings terms and has every partner's approver consent. */
async function agree(json: unknown, id: string): Promise<Response> {
  expect((await put(keys.adminB, json)).status).toBe(202);
  expect((await consent(keys.approverA, id)).status).toBe(200);
  expect((await consent(keys.approverB, id)).status).toBe(200);
  return consent(keys.approverC, id);
}

describe("partnership-wide terms of a section", () => {
  it("wait as a proposed terms version until an approver of every partner consents, then take effect", async () => {
    const proposed = await put(keys.adminB, TERMS);
    expect([proposed.status, proposed.headers.get("Location")]).toEqual([202, `${p}/terms/terms-1`]);
    expect(await proposed.json()).toMatchObject({ id: "terms-1", status: "proposed", awaiting: ["A", "B", "C"] });
    expect(await stored()).toBe(404);

    expect(((await (await consent(keys.approverA)).json()) as Terms).awaiting).toEqual(["B", "C"]);
    const again = await consent(keys.approverA);
    expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([409, "INVALID_STATE"]);
    expect((await consent(keys.financeA)).status).toBe(403);
    expect((await consent(keys.approverB)).status).toBe(200);
    expect(await stored()).toBe(404);

    const last = (await (await consent(keys.approverC)).json()) as Terms;
    expect([last.status, last.awaiting, last.consents.map((c) => c.partner)]).toEqual(["active", [], ["A", "B", "C"]]);
    expect(last.activatedAt).not.toBeNull();
    expect(await stored()).toEqual(TERMS);
    const log = (await (await t.call("GET", `${p}/audit?limit=1000`, { key: keys.approverA })).json()) as {
      items: { action: string; actor: string }[];
    };
    expect(log.items.filter((r) => r.action.startsWith("terms.")).map((r) => r.action)).toEqual([
      "terms.propose",
      "terms.consent",
      "terms.consent",
      "terms.activate",
    ]);
    expect(await (await t.call("GET", `${p}/audit/verify`, { key: keys.approverA })).json()).toMatchObject({
      valid: true,
    });
  });

  it("keep the services' parts their leads changed while the partners consented", async () => {
    expect((await agree(TERMS, "terms-1")).status).toBe(200);
    expect((await put(keys.adminB, { ...TERMS, rounding: "half-even" })).status).toBe(202);
    // ICT's lead adds its baselines meanwhile: a service's part only, stored at once.
    const baselines = [baseline("A", "1000.00"), baseline("B", "500.00")];
    expect((await put(keys.financeA, { ...TERMS, baselines })).status).toBe(200);
    for (const key of [keys.approverA, keys.approverB, keys.approverC])
      expect((await consent(key, "terms-2")).status).toBe(200);
    expect(await stored()).toEqual({ ...TERMS, rounding: "half-even", baselines });
  });

  it("are not changed with a service's part in one write, which would wait with them", async () => {
    const res = await put(keys.adminB, { ...TERMS, baselines: [baseline("A", "1.00")] });
    const problem = (await res.json()) as { code: string; errors: { path: string; message: string }[] };
    expect([res.status, problem.code, problem.errors.map((e) => e.path)]).toEqual([
      403,
      "NOT_PERMITTED",
      ["savings.baselines[0]"],
    ]);
    expect(problem.errors[0]?.message).toMatch(/write of its own/);
    expect((await t.call("GET", `${p}/terms`, { key: keys.financeA }).then((r) => r.json())) as unknown).toEqual({
      items: [],
      inForce: [],
    });
  });

  it("are refused at the last consent if they would change a closed period's figures, recording no consent", async () => {
    const oneOff = {
      id: "set-up",
      kind: "cost",
      category: "set-up",
      year: "2024/25",
      amount: "300.00",
      split: { kind: "equal" },
    };
    expect((await put(keys.adminB, { ...TERMS, oneOffs: [oneOff] })).status).toBe(202);
    expect((await consent(keys.approverA)).status).toBe(200);
    expect((await consent(keys.approverB)).status).toBe(200);
    expect((await t.call("POST", `${p}/periods`, { key: keys.approverA, json: { name: "2024/25" } })).status).toBe(201);
    expect((await t.call("POST", `${p}/periods/2024-25/close`, { key: keys.approverA })).status).toBe(200);
    const refused = await consent(keys.approverC);
    const problem = (await refused.json()) as { code: string; errors: { path: string }[] };
    // Proposed with nothing closed, the terms were from the beginning: they would re-rate 2024/25 too.
    expect([refused.status, problem.code, problem.errors.map((e) => e.path)]).toEqual([
      409,
      "PERIOD_CLOSED",
      ["effectiveFrom", "savings.oneOffs[0]"],
    ]);
    const terms = (await (await t.call("GET", `${p}/terms/terms-1`, { key: keys.financeA })).json()) as Terms;
    expect([terms.status, terms.awaiting]).toEqual(["proposed", ["C"]]);
    expect(await stored()).toBe(404);
  });

  it("proposed over terms that another version then changed are stale: no consent is taken", async () => {
    expect((await agree(TERMS, "terms-1")).status).toBe(200);
    expect((await put(keys.adminB, { ...TERMS, rounding: "half-even" })).status).toBe(202);
    const target = await put(keys.adminB, { ...TERMS, targetPercent: "15" });
    expect(((await target.json()) as { base: unknown }).base).toEqual(TERMS);
    for (const key of [keys.approverA, keys.approverB, keys.approverC])
      expect((await consent(key, "terms-2")).status).toBe(200);
    // terms-3 would put rounding back to half-up, which its partners did not consent to undo.
    const stale = await consent(keys.approverA, "terms-3");
    const problem = (await stale.json()) as { code: string; detail: string };
    expect([stale.status, problem.code]).toEqual([409, "INVALID_STATE"]);
    expect(problem.detail).toMatch(/propose the terms again/);
    const terms = (await (await t.call("GET", `${p}/terms/terms-3`, { key: keys.financeA })).json()) as Terms;
    expect(terms.consents).toEqual([]);
    expect(await stored()).toEqual({ ...TERMS, rounding: "half-even" });
  });

  it("are listed in the order proposed; an unknown version answers 404", async () => {
    expect((await agree(TERMS, "terms-1")).status).toBe(200);
    expect((await put(keys.adminB, { ...TERMS, attribution: "pro-rata" })).status).toBe(202);
    const list = (await (await t.call("GET", `${p}/terms`, { key: keys.financeA })).json()) as { items: Terms[] };
    expect(list.items.map((v) => [v.id, v.status])).toEqual([
      ["terms-1", "active"],
      ["terms-2", "proposed"],
    ]);
    expect((await t.call("GET", `${p}/terms/terms-9`, { key: keys.financeA })).status).toBe(404);
    expect((await consent(keys.approverA, "terms-9")).status).toBe(404);
  });
});

describe("partnership-wide terms from a financial year", () => {
  const lenient = { kind: "bands", green: { kind: "absolute", amount: "2" }, amber: { kind: "absolute", amount: "5" } };
  const strict = { kind: "tolerance" };
  const quarters = (year: string) => [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
  const kpi = {
    code: "ICT-1",
    name: "ICT availability",
    service: "ICT",
    unit: "percent",
    polarity: "higher-is-better",
    targets: [{ year: "2024/25", value: "95" }],
    tolerance: { kind: "absolute", amount: "2" },
  };
  // 94% against a 95% target in both years: Green under the lenient bands, Amber under tolerance.
  const measurements = [...quarters("2024/25"), ...quarters("2025/26")].map((period) => ({
    kpi: "ICT-1",
    period,
    numerator: "94",
    denominator: "100",
  }));
  const section = (name: string, key: string, json: unknown, query = "") =>
    t.call("PUT", `${p}/sections/${name}${query}`, { key, json });
  const consentAll = async (id: string) => {
    for (const key of [keys.approverA, keys.approverB, keys.approverC]) {
      const res = await consent(key, id);
      if (res.status !== 200) return res;
    }
    return undefined;
  };
  const close = async (name: string) => {
    expect((await t.call("POST", `${p}/periods`, { key: keys.approverA, json: { name } })).status).toBe(201);
    expect((await t.call("POST", `${p}/periods/${name.replace("/", "-")}/close`, { key: keys.approverA })).status).toBe(
      200,
    );
  };
  interface Scorecard {
    kpis: { scheme: unknown; yearToDate: { status: string }; quarters: { status: string }[] }[];
  }
  const scorecard = async (year: string) =>
    (await (await t.call("GET", `${p}/reports/kpis?year=${year}`, { key: keys.financeA })).json()) as Scorecard;
  const rag = async (year: string) => {
    const [result] = (await scorecard(year)).kpis;
    return [result?.scheme, result?.yearToDate.status];
  };
  const terms = async () =>
    (await (await t.call("GET", `${p}/terms`, { key: keys.financeA })).json()) as {
      items: (Terms & { effectiveFrom: string | null })[];
      inForce: { section: string; effectiveFrom: string | null; until: string | null; termsVersion: string | null }[];
    };
  const auditLog = async () =>
    (
      (await (await t.call("GET", `${p}/audit?limit=1000`, { key: keys.approverA })).json()) as {
        items: { action: string; target: string; afterHash: string | null }[];
      }
    ).items;
  const problemOf = async (res: Response) => {
    const body = (await res.json()) as { code: string; errors?: { path: string; message: string }[] };
    return [res.status, body.code, body.errors?.map((e) => e.path)];
  };

  /** KPIs and two years of measurements; the lenient scheme agreed (from the beginning); 2024/25 closed. */
  async function greenYearClosed(): Promise<void> {
    expect((await section("kpis", keys.financeA, [kpi])).status).toBe(200);
    expect((await section("measurements", keys.financeA, measurements)).status).toBe(200);
    expect((await section("kpiScheme", keys.adminB, lenient)).status).toBe(202);
    expect(await consentAll("terms-1")).toBeUndefined();
    await close("2024/25");
  }

  it("keep a closed year Green when a stricter RAG scheme is agreed from the next year, which it rates", async () => {
    await greenYearClosed();
    const before = await scorecard("2024/25");
    const annual = () =>
      t.call("GET", `${p}/reports/annual/ICT?year=2024/25`, { key: keys.financeA }).then((r) => r.json());
    const annualBefore = await annual();
    expect(JSON.stringify(annualBefore)).toContain('"green"');
    expect(await rag("2024/25")).toEqual([lenient, "green"]);
    expect(await rag("2025/26")).toEqual([lenient, "green"]);

    // No effectiveFrom: the year after the last one with a closed period.
    const proposed = await section("kpiScheme", keys.adminB, strict);
    expect(proposed.status).toBe(202);
    expect(await proposed.json()).toMatchObject({ id: "terms-2", effectiveFrom: "2025/26", status: "proposed" });
    expect(await consentAll("terms-2")).toBeUndefined();

    expect(await scorecard("2024/25")).toEqual(before);
    expect(await annual()).toEqual(annualBefore);
    expect(await rag("2024/25")).toEqual([lenient, "green"]);
    expect(await rag("2025/26")).toEqual([strict, "amber"]);
    expect((await scorecard("2025/26")).kpis[0]?.quarters.map((q) => q.status)).toEqual([
      "amber",
      "amber",
      "amber",
      "amber",
    ]);

    // What a scrutiny officer sees: which version rates which years, and the section as a year read it.
    expect((await terms()).inForce).toEqual([
      {
        section: "kpiScheme",
        effectiveFrom: null,
        until: "2025/26",
        termsVersion: "terms-1",
        agreedAt: expect.any(String),
      },
      {
        section: "kpiScheme",
        effectiveFrom: "2025/26",
        until: null,
        termsVersion: "terms-2",
        agreedAt: expect.any(String),
      },
    ]);
    const read = (query: string) =>
      t.call("GET", `${p}/sections/kpiScheme${query}`, { key: keys.financeA }).then((r) => r.json());
    expect([await read("?year=2024-25"), await read("?year=2025/26"), await read("")]).toEqual([
      lenient,
      strict,
      strict,
    ]);

    // The audit binds the year to the proposal and to the activation.
    const log = await auditLog();
    const propose = log.find((r) => r.action === "terms.propose" && r.target === "terms/terms-2");
    expect(propose?.afterHash).toBe(contentHash({ effectiveFrom: "2025/26", body: strict }));
    const activate = log.filter((r) => r.action === "terms.activate").at(-1);
    expect(activate?.afterHash).toBe(contentHash({ termsVersion: "terms-2", effectiveFrom: "2025/26", body: strict }));
  });

  it("keep a closed year's savings per council when the attribution changes from the next year, in every later report too", async () => {
    expect((await agree(TERMS, "terms-1")).status).toBe(200);
    // ICT costs £1,600 a year, shared equally: A and B pay £800 each against baselines of £1,000
    // and £850, own savings £200 and £50. 2024/25's contributions are recorded as its run gave them.
    const baselines = [baseline("A", "1000.00"), baseline("B", "850.00")];
    const contributions = ["A", "B"].map((partner) => ({ partner, service: "ICT", year: "2024/25", amount: "800.00" }));
    expect((await put(keys.financeA, { ...TERMS, baselines, contributions })).status).toBe(200);
    for (const line of [ictLine("L24", "1600.00", "2024-05-31"), ictLine("L25", "1600.00", "2025-05-31")])
      expect((await t.call("POST", `${p}/cost-lines`, { key: keys.financeA, json: line })).status).toBe(201);
    await close("2024/25");
    interface Line {
      year: string;
      partner: string;
      saving: { minor: number };
      cumulative: { minor: number };
      percentOfBaseline: string;
      lineage: { attribution: string; terms?: string };
    }
    interface Savings {
      attribution: string;
      services: Line[];
      partners: {
        partner: string;
        saving: { minor: number };
        years: { year: string; cumulative: { minor: number } }[];
      }[];
      total: { saving: { minor: number } };
    }
    const savings = async (year: string) =>
      (await (await t.call("GET", `${p}/reports/savings?year=${year}`, { key: keys.financeA })).json()) as Savings;
    const lines = (r: Savings, year: string) =>
      r.services
        .filter((l) => l.year === year)
        .map((l) => [l.partner, l.saving.minor, l.cumulative.minor, l.percentOfBaseline, l.lineage.attribution]);
    const closedYear = await savings("2024/25");
    expect(lines(closedYear, "2024/25")).toEqual([
      ["A", 20000, 20000, "20.00", "actual"],
      ["B", 5000, 5000, "5.88", "actual"],
    ]);

    expect((await agree({ ...TERMS, baselines, contributions, attribution: "equal" }, "terms-2")).status).toBe(200);
    expect(await savings("2024/25")).toEqual(closedYear);
    const after = await savings("2025/26");
    // 2024/25 as its own report has it, by the terms in force then; 2025/26 shared equally.
    expect(after.attribution).toBe("equal");
    expect(lines(after, "2024/25")).toEqual(lines(closedYear, "2024/25"));
    expect(lines(after, "2025/26")).toEqual([
      ["A", 12500, 32500, "12.50", "equal"],
      ["B", 12500, 17500, "14.71", "equal"],
    ]);
    expect(after.services.map((l) => [l.year, l.lineage.terms])).toEqual([
      ["2024/25", "terms-1"],
      ["2024/25", "terms-1"],
      ["2025/26", "terms-2"],
      ["2025/26", "terms-2"],
    ]);
    expect(after.partners.map((x) => [x.partner, x.saving.minor, x.years.map((y) => y.cumulative.minor)])).toEqual([
      ["A", 32500, [20000, 32500]],
      ["B", 17500, [5000, 17500]],
    ]);
    expect(after.total.saving.minor).toBe(50000);
    // The annual report of ICT for 2025/26 runs on the same figures.
    const annual = (await (
      await t.call("GET", `${p}/reports/annual/ICT?year=2025/26`, { key: keys.financeA })
    ).json()) as { savings: { partners: Line[]; cumulative: { minor: number } } };
    expect(annual.savings.partners).toEqual(after.services.filter((l) => l.year === "2025/26"));
    expect(annual.savings.cumulative.minor).toBe(50000);
    // The stored section keeps the services' parts; the year's reads lay each year's terms over them.
    const read = (year: string) =>
      t.call("GET", `${p}/sections/savings?year=${year}`, { key: keys.financeA }).then((r) => r.json());
    expect([await read("2024/25"), await read("2025/26")]).toEqual([
      { ...TERMS, baselines, contributions },
      { ...TERMS, baselines, contributions, attribution: "equal" },
    ]);
    // A later year's contributions recorded after all are not in the closed year's report.
    const later = ["A", "B"].map((partner) => ({ partner, service: "ICT", year: "2025/26", amount: "700.00" }));
    const now = (await stored()) as { contributions: unknown[] };
    expect((await put(keys.financeA, { ...now, contributions: [...now.contributions, ...later] })).status).toBe(200);
    expect(await savings("2024/25")).toEqual(closedYear);
  });

  it("are refused from a year with a closed period when proposed, changing nothing", async () => {
    await greenYearClosed();
    const before = [await terms(), (await auditLog()).length];
    const refused = await section("kpiScheme", keys.adminB, strict, "?effectiveFrom=2024/25");
    expect(await problemOf(refused)).toEqual([409, "PERIOD_CLOSED", ["effectiveFrom"]]);
    expect([await terms(), (await auditLog()).length]).toEqual(before);
    expect(await rag("2024/25")).toEqual([lenient, "green"]);
  });

  it("are refused at the last consent when a period of their year closed meanwhile, changing nothing", async () => {
    await greenYearClosed();
    expect((await section("kpiScheme", keys.adminB, strict, "?effectiveFrom=2025-26")).status).toBe(202);
    expect((await consent(keys.approverA, "terms-2")).status).toBe(200);
    expect((await consent(keys.approverB, "terms-2")).status).toBe(200);
    await close("2025/26-Q1");
    const before = [await terms(), (await auditLog()).length];
    const refused = await consent(keys.approverC, "terms-2");
    expect(await problemOf(refused)).toEqual([409, "PERIOD_CLOSED", ["effectiveFrom"]]);
    expect([await terms(), (await auditLog()).length]).toEqual(before);
    expect((await terms()).items[1]).toMatchObject({ status: "proposed", awaiting: ["C"], effectiveFrom: "2025/26" });
    expect(await rag("2025/26")).toEqual([lenient, "green"]);
  });

  it("re-date terms already agreed when the section as stored is proposed again from another year", async () => {
    await greenYearClosed();
    expect((await section("kpiScheme", keys.adminB, strict, "?effectiveFrom=2026/27")).status).toBe(202);
    expect(await consentAll("terms-2")).toBeUndefined();
    expect([await rag("2025/26"), await rag("2026/27")]).toEqual([
      [lenient, "green"],
      [strict, "no-data"],
    ]);
    // Not every partner's to move: ICT's lead (no lead of every service) may not.
    const refused = await section("kpiScheme", keys.financeA, strict, "?effectiveFrom=2025/26");
    expect(await problemOf(refused)).toEqual([403, "NOT_PERMITTED", ["effectiveFrom"]]);
    const redated = await section("kpiScheme", keys.adminB, strict, "?effectiveFrom=2025/26");
    expect(redated.status).toBe(202);
    expect(await redated.json()).toMatchObject({ id: "terms-3", effectiveFrom: "2025/26", body: strict, base: strict });
    expect(await consentAll("terms-3")).toBeUndefined();
    expect([await rag("2024/25"), await rag("2025/26")]).toEqual([
      [lenient, "green"],
      [strict, "amber"],
    ]);
    expect((await terms()).inForce.map((s) => [s.effectiveFrom, s.until, s.termsVersion])).toEqual([
      [null, "2025/26", "terms-1"],
      ["2025/26", null, "terms-3"],
    ]);
  });

  it("refuse an effectiveFrom that is not a financial year, or on a write that proposes no terms", async () => {
    expect(await problemOf(await section("kpiScheme", keys.adminB, strict, "?effectiveFrom=2025/26-Q1"))).toEqual([
      422,
      "VALIDATION_FAILED",
      ["effectiveFrom"],
    ]);
    expect((await section("kpis", keys.financeA, [kpi])).status).toBe(200);
    expect(await problemOf(await section("kpis", keys.financeA, [kpi], "?effectiveFrom=2025/26"))).toEqual([
      422,
      "INVALID_INPUT",
      ["effectiveFrom"],
    ]);
    expect((await terms()).items).toEqual([]);
  });
});
