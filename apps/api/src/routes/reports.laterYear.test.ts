import { describe, expect, it } from "vitest";
import { seedDemoLaterYear, useTestApp } from "../testing/index.js";

// The demo (lines of 2024/25 only, earlier years recorded as contributions) with a later year to report.
const t = useTestApp({
  seed: async (app) => {
    await seedDemoLaterYear(app);
  },
  keys: { viewer: "3c/SCDC/viewer" },
});
const base = "/v1/partnerships/3c";

interface Money {
  minor: number;
}
interface Row {
  partner: string;
  service: string;
  year: string;
  saving: Money;
  cumulative: Money;
}
interface Savings {
  years: string[];
  services: Row[];
  partnership: { year: string }[];
}
const get = async <T>(path: string): Promise<T> => {
  const res = await t.call("GET", `${base}${path}`, { key: t.keys.viewer });
  const body = await res.json();
  expect([res.status, body]).toEqual([200, expect.anything()]);
  return body as T;
};

describe("a savings report of a year after one whose figures come from its run", () => {
  it("carries 2024/25's figures from 2024/25's run, as 2024/25's own report does, in its years and cumulative", async () => {
    const later = await get<Savings>("/reports/savings?year=2025/26");
    const own = await get<Savings>("/reports/savings?year=2024/25");
    expect(later.years.slice(-2)).toEqual(["2024/25", "2025/26"]);
    expect(later.services.filter((s) => s.year !== "2025/26")).toEqual(own.services);
    expect(later.partnership.slice(0, -1)).toEqual(own.partnership);
    // ICT's cumulative runs on from 2024/25's: CCC's £2,335,149.40 to then.
    const ict = (r: Savings, year: string) => r.services.filter((s) => s.service === "ICT" && s.year === year);
    const before = ict(own, "2024/25");
    expect(before.map((s) => s.cumulative.minor)).toEqual([233_514_940, 174_227_492, 201_646_153]);
    expect(ict(later, "2025/26").map((s) => s.cumulative.minor)).toEqual(
      ict(later, "2025/26").map((s, i) => (before[i]?.cumulative.minor ?? 0) + s.saving.minor),
    );
    // The annual report's savings section runs on from it too.
    const annual = await get<{ savings: { partners: Row[] } }>("/reports/annual/ICT?year=2025/26");
    expect(annual.savings.partners).toEqual(ict(later, "2025/26"));
  });
});
