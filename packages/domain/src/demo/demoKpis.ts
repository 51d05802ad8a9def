import type { ScenarioDocument } from "../schema/index.js";

type KpiSection = NonNullable<ScenarioDocument["kpis"]>;
type MeasurementSection = NonNullable<ScenarioDocument["measurements"]>;

const QUARTERS = [
  "2023/24-Q1",
  "2023/24-Q2",
  "2023/24-Q3",
  "2023/24-Q4",
  "2024/25-Q1",
  "2024/25-Q2",
  "2024/25-Q3",
  "2024/25-Q4",
] as const;

/** Quarterly `[numerator, denominator]` pairs for 2023/24 Q1 to 2024/25 Q4. */
const ratios = (kpi: string, pairs: readonly (readonly [string, string])[], partner?: string): MeasurementSection =>
  pairs.map(([numerator, denominator], i) => ({
    kpi,
    period: QUARTERS[i] as string,
    ...(partner === undefined ? {} : { partner }),
    numerator,
    denominator,
  }));

/**
 * The demo partnership's KPIs, one business plan per service, with targets per financial year. The
 * ICT availability KPI (`ICT-KPI-1`) is measured from the outage log. Illustrative.
 */
export const demoKpis: KpiSection = [
  {
    code: "ICT-KPI-1",
    name: "ICT service availability in working hours",
    service: "ICT",
    unit: "percent",
    polarity: "higher-is-better",
    targets: [{ year: "2023/24", value: "95" }],
    tolerance: { kind: "absolute", amount: "2" },
    display: { decimals: 2, rounding: "half-up" },
  },
  {
    code: "ICT-KPI-2",
    name: "Critical incidents fixed within 4 hours",
    service: "ICT",
    unit: "percent",
    polarity: "higher-is-better",
    targets: [{ year: "2023/24", value: "90" }],
    tolerance: { kind: "absolute", amount: "5" },
    scheme: { kind: "improvement" },
  },
  {
    code: "ICT-KPI-3",
    name: "Service desk calls answered within 60 seconds",
    service: "ICT",
    unit: "percent",
    polarity: "higher-is-better",
    targets: [{ year: "2023/24", value: "85" }],
    tolerance: { kind: "absolute", amount: "5" },
  },
  {
    code: "LEGAL-KPI-1",
    name: "Litigation cases concluded successfully",
    service: "LEGAL",
    unit: "percent",
    polarity: "higher-is-better",
    targets: [{ year: "2023/24", value: "80" }],
    tolerance: { kind: "absolute", amount: "5" },
    review: { margin: "15", periods: 4 },
  },
  {
    code: "LEGAL-KPI-2",
    name: "Client satisfaction (survey of instructing officers)",
    service: "LEGAL",
    unit: "percent",
    polarity: "higher-is-better",
    targets: [{ year: "2023/24", value: "80" }],
    tolerance: { kind: "absolute", amount: "5" },
  },
  {
    code: "BC-KPI-1",
    name: "Full plans applications decided within 5 weeks",
    service: "BC",
    unit: "percent",
    polarity: "higher-is-better",
    targets: [
      { year: "2023/24", value: "85" },
      { year: "2024/25", value: "88", note: "Raised in the 2024/25 business plan" },
    ],
    scheme: { kind: "bands", green: { kind: "absolute", amount: "1" }, amber: { kind: "absolute", amount: "5" } },
  },
  {
    code: "BC-KPI-2",
    name: "Average working days from request to site inspection",
    service: "BC",
    unit: "days",
    polarity: "lower-is-better",
    aggregation: "mean",
    targets: [{ year: "2023/24", value: "2" }],
    tolerance: { kind: "relative", percent: "25" },
    display: { decimals: 1, rounding: "half-up" },
  },
  {
    code: "BC-KPI-3",
    name: "Share of building control applications won against approved inspectors",
    service: "BC",
    unit: "percent",
    polarity: "higher-is-better",
    targets: [{ year: "2023/24", value: "70" }],
    monitoringOnly: true,
  },
];

/** Two years of quarterly measurements (the availability KPI comes from the outage log). */
export const demoMeasurements: MeasurementSection = [
  ...ratios("ICT-KPI-2", [
    ["41", "44"],
    ["38", "43"],
    ["45", "47"],
    ["36", "42"],
    ["40", "43"],
    ["35", "41"],
    ["44", "46"],
    ["39", "42"],
  ]).map((m) =>
    m.period === "2024/25-Q2"
      ? { ...m, note: "Two data-centre failures in August; failover runbook rewritten and tested in October" }
      : m,
  ),
  ...ratios(
    "ICT-KPI-3",
    [
      ["4210", "4890"],
      ["4105", "4720"],
      ["4380", "5010"],
      ["4290", "4980"],
      ["4402", "5011"],
      ["3790", "4866"],
      ["4255", "4913"],
      ["4318", "4950"],
    ],
    "CCC",
  ),
  ...ratios(
    "ICT-KPI-3",
    [
      ["2990", "3410"],
      ["2874", "3302"],
      ["3102", "3490"],
      ["3011", "3415"],
      ["3050", "3470"],
      ["2601", "3395"],
      ["3001", "3388"],
      ["3079", "3472"],
    ],
    "HDC",
  ),
  ...ratios(
    "ICT-KPI-3",
    [
      ["2610", "3002"],
      ["2533", "2940"],
      ["2701", "3090"],
      ["2644", "3021"],
      ["2688", "3065"],
      ["2290", "2997"],
      ["2640", "3010"],
      ["2705", "3079"],
    ],
    "SCDC",
  ),
  // Q1 and Q2 of 2024/25: 98 of 100 and 391 of 400, 489 of 500 = 97.8% for the half year.
  ...ratios("LEGAL-KPI-1", [
    ["49", "50"],
    ["58", "60"],
    ["44", "45"],
    ["53", "55"],
    ["98", "100"],
    ["391", "400"],
    ["57", "59"],
    ["62", "64"],
  ]),
  // A survey with a 30% return: 51 of 60 responses satisfied, from 200 officers asked.
  ...QUARTERS.map((period, i) => ({
    kpi: "LEGAL-KPI-2",
    period,
    numerator: ["47", "49", "50", "46", "52", "51", "48", "53"][i] as string,
    denominator: ["58", "61", "60", "57", "62", "60", "59", "63"][i] as string,
    responses: Number(["58", "61", "60", "57", "62", "60", "59", "63"][i]),
    population: 200,
  })),
  ...ratios("BC-KPI-1", [
    ["171", "198"],
    ["180", "205"],
    ["166", "192"],
    ["158", "187"],
    ["181", "204"],
    ["175", "201"],
    ["150", "190"],
    ["172", "195"],
  ]).map((m) =>
    m.period === "2024/25-Q3"
      ? { ...m, note: "Two surveyor vacancies; agency cover from January and a recruitment campaign" }
      : m,
  ),
  ...QUARTERS.map((period, i) => ({
    kpi: "BC-KPI-2",
    period,
    value: ["1.8", "1.9", "2.1", "2.2", "1.7", "1.9", "2.6", "2.0"][i] as string,
  })),
  ...ratios("BC-KPI-3", [
    ["402", "561"],
    ["418", "590"],
    ["377", "540"],
    ["366", "530"],
    ["431", "590"],
    ["440", "601"],
    ["397", "561"],
    ["405", "566"],
  ]),
];
