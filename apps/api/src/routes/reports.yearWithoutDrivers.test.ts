import { systemActor } from "@3c/store";
import { describe, expect, it } from "vitest";
import { seedDemo, useTestApp } from "../testing/index.js";

// The demo records drivers for 2024/25 only: 2025/26 is a year whose quantities are not in yet.
const t = useTestApp({
  seed: seedDemo,
  keys: { financeHdc: "3c/HDC/finance", viewer: "3c/SCDC/viewer" },
});
const { keys } = t;
const base = "/v1/partnerships/3c";

interface Card {
  kpis: { code: string; quarters: { period: string; value: { numerator?: string } | null; status: string }[] }[];
}

describe("the KPI scorecard of a year whose driver quantities are not recorded yet", () => {
  it("is scored from its KPIs and measurements (200), not refused for the recharge's missing drivers", async () => {
    // A quarter's measurements of the new year, as the docs' example imports them (HDC leads ICT).
    const csv = "kpi,period,partner,numerator,denominator\nICT-KPI-3,2025/26-Q1,CCC,4305,4950\n";
    const imported = await t.call("POST", `${base}/measurements/import`, {
      key: keys.financeHdc,
      text: csv,
    });
    expect(imported.status).toBe(201);
    const res = await t.call("GET", `${base}/reports/kpis?year=2025/26&service=ICT`, { key: keys.viewer });
    const text = await res.text();
    expect([res.status, text]).toEqual([200, expect.not.stringContaining("no quantities")]);
    const card = JSON.parse(text) as Card;
    const q1 = card.kpis.find((k) => k.code === "ICT-KPI-3")?.quarters.find((q) => q.period === "2025/26-Q1");
    expect(q1?.value).toMatchObject({ numerator: "4305" });
    // Its CSV too.
    const file = await t.call("GET", `${base}/reports/kpis?year=2025/26&service=ICT&format=csv`, { key: keys.viewer });
    expect(file.status).toBe(200);
  });
});

describe("the KPI scorecard of a service the partnership does not have", () => {
  it("is refused as the docs say: 422 INVALID_SCENARIO naming the partnership's services, not 404 as if the partnership were unknown", async () => {
    const res = await t.call("GET", `${base}/reports/kpis?year=2024/25&service=ict`, { key: keys.viewer });
    const problem = (await res.json()) as { code: string; detail: string };
    expect([res.status, problem.code]).toEqual([422, "INVALID_SCENARIO"]);
    expect(problem.detail).toContain("its services are BC, ICT, LEGAL");
  });
});

interface Money {
  minor: number;
}
interface Savings {
  years: string[];
  services: { partner: string; service: string; year: string; saving: Money; cumulative: Money }[];
  partners: { partner: string; saving: Money }[];
  partnership: { year: string }[];
}
interface Annual {
  finance: { actual: Money; recharges: unknown[] };
  savings: { partners: unknown[]; cumulative: Money; cumulativeTo: string | null };
  outages: { complete: boolean };
}
const json = async <T>(path: string): Promise<[number, T]> => {
  const res = await t.call("GET", `${base}${path}`, { key: keys.viewer });
  return [res.status, (await res.json()) as T];
};

describe("the savings and annual reports of a year with no lines and no driver quantities", () => {
  it("are reported (200) from the recorded figures: the run of a year with no lines charges nothing and needs no quantities", async () => {
    const [status, later] = await json<Savings>("/reports/savings?year=2025/26");
    const [, own] = await json<Savings>("/reports/savings?year=2024/25");
    expect(status).toBe(200);
    // 2025/26 has no figures, so its report is 2024/25's: every year up to it, 2024/25 from its run.
    expect(later.years.at(-1)).toBe("2024/25");
    expect(later).toEqual(own);
    const [annualStatus, annual] = await json<Annual>("/reports/annual/ICT?year=2025/26");
    expect(annualStatus).toBe(200);
    expect([annual.finance.actual.minor, annual.finance.recharges]).toEqual([0, []]);
    // No savings figures of ICT in 2025/26: none listed, and the cumulative is 2024/25's, not £0.
    const ict = own.services.filter((x) => x.service === "ICT" && x.year === "2024/25");
    expect(annual.savings.partners).toEqual([]);
    expect(annual.savings.cumulativeTo).toBe("2024/25");
    expect(annual.savings.cumulative.minor).toBe(ict.reduce((a, x) => a + x.cumulative.minor, 0));
    expect(annual.savings.cumulative.minor).toBe(609_388_585);
  });
});

describe("the savings and annual reports of a year with lines and no driver quantities", () => {
  it("are refused as MISSING_DRIVER (422) naming the year, each driver its lines need and the services whose rules share by it", async () => {
    const line = { id: "ICT-2025-1", service: "ICT", pool: "staff", date: "2025-05-31", amount: "1000.00" };
    await t.store.importRecords("3c", "cost-lines", [line], systemActor());
    for (const path of ["/reports/savings?year=2025/26", "/reports/annual/ICT?year=2025/26"]) {
      const res = await t.call("GET", `${base}${path}`, { key: keys.viewer });
      const problem = (await res.json()) as {
        code: string;
        detail: string;
        errors: { path: string; message: string; code?: string }[];
      };
      expect([res.status, problem.code]).toEqual([422, "MISSING_DRIVER"]);
      // ICT's staff rule shares by users; ICT's support passed to Legal and Building Control is
      // shared by their service-wide rules (hours, applications). No line falls under ICT's
      // infrastructure rule (devices) or Legal's SLA rule (agreed hours): those are not asked for.
      expect(problem.detail).toBe(
        '2025/26 has cost or income lines, so its reports need the year\'s recharge run, and its lines need driver quantities that are not recorded: "applications" (rules of BC), "hours" (rules of LEGAL), "users" (rules of ICT); import them (POST …/drivers/import), then ask again',
      );
      // Its issues are the run's own, as a draft of the year's quarter would give them: one per
      // driver and period, naming the rules and pools that need it.
      expect(problem.errors).toEqual(
        [
          ["applications", "bc-service-v1 (BC/support from ICT)"],
          ["hours", "legal-service-v1 (LEGAL/support from ICT)"],
          ["users", "ict-staff-v1 (ICT/staff)"],
        ].map(([driver, rule]) => ({
          path: `drivers.${driver}`,
          message: `no quantity for CCC, HDC, SCDC in 2025/26, needed by rule ${rule}`,
          code: "MISSING_DRIVER",
        })),
      );
    }
  });
});

describe("a year whose lines lack some partners' quantities in one driver period and every partner's in another", () => {
  it("names, per period, the partners without quantities", async () => {
    const line = (id: string, date: string) => ({ id, service: "LEGAL", pool: "staff", date, amount: "1000.00" });
    await t.store.importRecords(
      "3c",
      "cost-lines",
      [line("LEGAL-2025-1", "2025-05-31"), line("LEGAL-2025-2", "2025-08-31")],
      systemActor(),
    );
    const quantities = (driver: string, period: string, partners: string[]) =>
      partners.map((partner) => ({ driver, partner, period, quantity: "100" }));
    const all = ["CCC", "HDC", "SCDC"];
    await t.store.importRecords(
      "3c",
      "drivers",
      [
        ...["users", "hours", "applications"].flatMap((d) => quantities(d, "2025/26", all)),
        // Legal's staff are charged by the hours agreed each quarter: CCC's for the first quarter only.
        ...quantities("agreed-hours", "2025/26-Q1", ["CCC"]),
      ],
      systemActor(),
    );
    const res = await t.call("GET", `${base}/reports/annual/LEGAL?year=2025/26`, { key: keys.viewer });
    const problem = (await res.json()) as { code: string; errors: { path: string; message: string }[] };
    expect([res.status, problem.code]).toEqual([422, "MISSING_DRIVER"]);
    expect(problem.errors.map((e) => [e.path, e.message])).toEqual([
      ["drivers.agreed-hours", "no quantity for HDC, SCDC in 2025/26-Q1, needed by rule legal-staff-v1 (LEGAL/staff)"],
      [
        "drivers.agreed-hours",
        "no quantity for CCC, HDC, SCDC in 2025/26-Q2, needed by rule legal-staff-v1 (LEGAL/staff)",
      ],
    ]);
  });
});
