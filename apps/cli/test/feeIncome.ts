import type { ScenarioDocument } from "@3c/domain";
import { demoScenarioDocument } from "@3c/domain/demo";

/**
 * The demo with a `sum` KPI: Building Control's fee income, £400,000 a year, and £100,000 of it in
 * 2024/25-Q1 — so the year to date through Q1 is judged against 400,000 × 3/12.
 */
export const demoWithFeeIncome: ScenarioDocument = {
  ...demoScenarioDocument,
  kpis: [
    ...(demoScenarioDocument.kpis ?? []),
    {
      code: "BC-KPI-5",
      name: "Fee income",
      service: "BC",
      unit: "money",
      polarity: "higher-is-better",
      aggregation: "sum",
      targets: [{ year: "2024/25", value: "400000" }],
      display: { decimals: 0, rounding: "half-up" },
    },
  ],
  measurements: [
    ...(demoScenarioDocument.measurements ?? []),
    { kpi: "BC-KPI-5", period: "2024/25-Q1", value: "100000" },
  ],
};
