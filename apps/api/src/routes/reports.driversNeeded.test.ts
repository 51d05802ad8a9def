import { systemActor } from "@3c/store";
import { describe, expect, it } from "vitest";
import { indexDemoSavings, seedDemo, useTestApp } from "../testing/index.js";

// The new year's first quarter as finance imports it: one ICT staff line of 2025/26 and the driver
// quantities its run needs — users (ICT's rules), and hours and applications, since ICT passes 6%
// and 4% of its costs to Legal and Building Control as support, which their service-wide rules share.
// No devices (ICT's infrastructure rule) and no agreed hours (Legal's SLA rule): no line of the
// year falls under those rules yet.
const t = useTestApp({
  seed: async (app) => {
    await seedDemo(app);
    const line = { id: "ICT-2025-1", service: "ICT", pool: "staff", date: "2025-05-31", amount: "1000.00" };
    await app.store.importRecords("3c", "cost-lines", [line], systemActor());
    const yearly = (driver: string, q: Record<string, string>) =>
      Object.entries(q).map(([partner, quantity]) => ({ driver, partner, period: "2025/26", quantity }));
    const drivers = [
      ...yearly("users", { CCC: "1300", HDC: "900", SCDC: "800" }),
      ...yearly("hours", { CCC: "8000", HDC: "6000", SCDC: "6000" }),
      ...yearly("applications", { CCC: "1500", HDC: "2000", SCDC: "2500" }),
    ];
    await app.store.importRecords("3c", "drivers", drivers, systemActor());
    await indexDemoSavings(app, "2025/26");
  },
  keys: { viewer: "3c/SCDC/viewer", financeHdc: "3c/HDC/finance", approver: "3c/CCC/approver" },
});
const base = "/v1/partnerships/3c";

interface Money {
  minor: number;
}
interface Annual {
  finance: {
    actual: Money;
    supportNet: Money;
    net: Money;
    recharges: { partner: string; amount: Money; percent: string }[];
  };
}
interface Savings {
  services: { partner: string; service: string; year: string; contribution: Money }[];
}
const get = async <T>(path: string): Promise<T> => {
  const res = await t.call("GET", `${base}${path}`, { key: t.keys.viewer });
  const text = await res.text();
  expect([res.status, text]).toEqual([200, expect.any(String)]);
  return JSON.parse(text) as T;
};

describe("the reports of a year whose lines have the driver quantities they need, though other rules' are not recorded", () => {
  it("are reported (200) with the year's run: the run refuses only the quantities its lines need, not every rule's", async () => {
    const { finance } = await get<Annual>("/reports/annual/ICT?year=2025/26");
    // £1,000 of staff costs; 10% of ICT's reciprocal total (£1,001.20) passed to Legal and Building
    // Control, 2% of Legal's (£60.07) back: £98.92 net out, £901.08 shared by the staff rule (40%
    // equally, 60% by users 1300 : 900 : 800, so 39.33%, 31.33%, 29.33%) and, for the £1.20 received,
    // the service-wide rule (by users).
    expect([finance.actual.minor, finance.supportNet.minor, finance.net.minor]).toEqual([100_000, -9_892, 90_108]);
    expect(finance.recharges.map((r) => [r.partner, r.amount.minor, r.percent])).toEqual([
      ["CCC", 35_443, "39.33"],
      ["HDC", 28_234, "31.33"],
      ["SCDC", 26_431, "29.33"],
    ]);
    expect(finance.recharges.reduce((sum, r) => sum + r.amount.minor, 0)).toBe(finance.net.minor);
    // The savings report counts the same run: ICT's 2025/26 contributions are those recharges.
    const savings = await get<Savings>("/reports/savings?year=2025/26");
    const ict = savings.services.filter((x) => x.service === "ICT" && x.year === "2025/26");
    expect(ict.map((x) => [x.partner, x.contribution.minor])).toEqual([
      ["CCC", 35_443],
      ["HDC", 28_234],
      ["SCDC", 26_431],
    ]);
  });
});

describe("a quarter's run of the new year, whose lines have the driver quantities they need", () => {
  it("is previewed, drafted and reproduced, though other rules' quantities are not recorded", async () => {
    const key = t.keys.financeHdc;
    const preview = await t.call("GET", `${base}/recharge?period=2025-26-Q1`, { key });
    expect(preview.status).toBe(200);
    const drafted = await t.call("POST", `${base}/runs`, {
      key,
      json: { period: "2025/26-Q1", issueDate: "2025-07-15" },
    });
    expect(drafted.status).toBe(201);
    const { id } = (await drafted.json()) as { id: string };
    const check = await t.call("GET", `${base}/runs/${id}/check`, { key });
    expect(await check.json()).toMatchObject({ reproduced: true, differences: [] });
    // The quarter holds the year's only line, so its run charges what the year's annual report does:
    // HDC, ICT's lead, receives the ICT recharges of CCC and SCDC (£354.43 + £264.31).
    const { positions } = (await (await t.call("GET", `${base}/runs/${id}/settlement`, { key })).json()) as {
      positions: { partner: string; receivable: Money; payable: Money }[];
    };
    const { finance } = await get<Annual>("/reports/annual/ICT?year=2025/26");
    const hdc = finance.recharges.find((r) => r.partner === "HDC")?.amount.minor ?? 0;
    expect(positions.map((p) => [p.partner, p.receivable.minor])).toEqual([["HDC", finance.net.minor - hdc]]);
  });

  it("is refused, 422 MISSING_DRIVER naming the quantity, when a line needs one not recorded; nothing is stored", async () => {
    const key = t.keys.financeHdc;
    // An infrastructure line: ICT shares it half by users, half by devices, and no devices of 2025/26 are recorded.
    const line = { id: "ICT-2025-2", service: "ICT", pool: "infrastructure", date: "2025-06-30", amount: "500.00" };
    expect((await t.call("POST", `${base}/cost-lines`, { key, json: line })).status).toBe(201);
    const before = (await (await t.call("GET", `${base}/runs`, { key })).json()) as { items: unknown[] };
    for (const [method, path, json] of [
      ["GET", "/recharge?period=2025-26-Q1", undefined],
      ["POST", "/runs", { period: "2025/26-Q1", issueDate: "2025-07-15" }],
    ] as const) {
      const res = await t.call(method, `${base}${path}`, { key, ...(json === undefined ? {} : { json }) });
      const problem = (await res.json()) as { code: string; detail: string; errors: unknown[] };
      expect([res.status, problem.code]).toEqual([422, "MISSING_DRIVER"]);
      expect(problem.detail).toContain('"devices"');
      // One issue per driver and period missing, at the driver, naming the rule and pool that need it
      // (as docs/api.md says), its message without its path.
      expect(problem.errors).toEqual([
        {
          path: "drivers.devices",
          message:
            "no quantity for CCC, HDC, SCDC in 2025/26, needed by rule ict-infrastructure-v1 (ICT/infrastructure)",
          code: "MISSING_DRIVER",
        },
      ]);
    }
    const after = (await (await t.call("GET", `${base}/runs`, { key })).json()) as { items: unknown[] };
    expect(after.items).toEqual(before.items);
  });

  it("refuses the approval of the quarter's earlier draft, 409 RUN_STALE in one line, the run's refusal's issues in errors[]", async () => {
    const key = t.keys.financeHdc;
    // Besides the infrastructure line above, a Legal staff line: its SLA rule charges the hours agreed
    // for the quarter, none recorded (imported by CCC, Legal's lead).
    const line = { id: "LEGAL-2025-1", service: "LEGAL", pool: "staff", date: "2025-06-30", amount: "300.00" };
    await t.store.importRecords("3c", "cost-lines", [line], systemActor());
    const { items } = (await (await t.call("GET", `${base}/runs`, { key })).json()) as {
      items: { id: string; period: string; status: string }[];
    };
    const draft = items.find((r) => r.period === "2025/26-Q1" && r.status === "draft");
    const res = await t.call("POST", `${base}/runs/${draft?.id}/approve`, { key: t.keys.approver });
    const problem = (await res.json()) as { code: string; detail: string; errors: unknown[] };
    expect([res.status, problem.code]).toEqual([409, "RUN_STALE"]);
    expect(problem.detail).toBe(
      `run ${draft?.id} can no longer be re-run from the stored data (MISSING_DRIVER): The run of 2025/26-Q1 needs quantities of "agreed-hours" and "devices" that were not given; draft 2025/26-Q1 again and approve the new draft`,
    );
    expect(problem.errors).toEqual([
      {
        path: "drivers.agreed-hours",
        message: "no quantity for CCC, HDC, SCDC in 2025/26-Q1, needed by rule legal-staff-v1 (LEGAL/staff)",
        code: "MISSING_DRIVER",
      },
      {
        path: "drivers.devices",
        message: "no quantity for CCC, HDC, SCDC in 2025/26, needed by rule ict-infrastructure-v1 (ICT/infrastructure)",
        code: "MISSING_DRIVER",
      },
    ]);
  });
});
