/*
 * The demo partnership: 3C Shared Services (Cambridge City, Huntingdonshire and South
 * Cambridgeshire) for the financial year 2024/25.
 *
 * ILLUSTRATIVE FIGURES, NOT REAL LEDGERS. The amounts are scaled from the committee papers (3C ICT
 * about £6.1m a year combined, 3C Legal about £1.7m; Building Control about £1.3m is assumed) and
 * varied month by month so that runs look like real ones. No figure comes from any council's
 * accounts; the drivers, rates and shares are invented for the demo.
 *
 * The document is plain data and deterministic: every amount and quantity is written out below,
 * and cost lines are laid out from the monthly tables with no randomness and no clock.
 */

import type { BasisDocument, ScenarioDocument } from "../schema/scenarioSchema.js";
import { demoKpis, demoMeasurements } from "./demoKpis.js";
import { demoAvailability, demoCalendars, demoOutageCost, demoOutages } from "./demoOutages.js";
import { demoSavings } from "./demoSavings.js";

/** The months of 2024/25: the month-end date each ledger line is posted on, and its name. */
const MONTHS = [
  { end: "2024-04-30", label: "April 2024" },
  { end: "2024-05-31", label: "May 2024" },
  { end: "2024-06-30", label: "June 2024" },
  { end: "2024-07-31", label: "July 2024" },
  { end: "2024-08-31", label: "August 2024" },
  { end: "2024-09-30", label: "September 2024" },
  { end: "2024-10-31", label: "October 2024" },
  { end: "2024-11-30", label: "November 2024" },
  { end: "2024-12-31", label: "December 2024" },
  { end: "2025-01-31", label: "January 2025" },
  { end: "2025-02-28", label: "February 2025" },
  { end: "2025-03-31", label: "March 2025" },
] as const;

/** Twelve monthly amounts, April first: the tuple type makes the compiler check the count. */
type Twelve = readonly [string, string, string, string, string, string, string, string, string, string, string, string];

/** Monthly ledger totals of one cost pool, April 2024 to March 2025, in pounds. */
interface MonthlyPool {
  readonly service: string;
  readonly pool: string;
  /** Start of each line id: `ICT-STAFF` gives `ICT-STAFF-2024-04`. */
  readonly prefix: string;
  readonly description: string;
  readonly amounts: Twelve;
}

// Staff pools carry the 2024 pay award from November (with arrears back to April in November).
// ICT licences renew in April (the annual enterprise agreement) and October; they are billed in US
// dollars and shown here already converted to sterling.
const MONTHLY: readonly MonthlyPool[] = [
  {
    service: "ICT",
    pool: "staff",
    prefix: "ICT-STAFF",
    description: "3C ICT staff (pay, on-costs, agency)",
    amounts: [
      "253298.52",
      "251989.50",
      "246396.25",
      "250699.16",
      "249592.19",
      "249238.63",
      "250820.09",
      "288550.41",
      "259321.18",
      "255757.45",
      "252485.77",
      "259617.24",
    ],
  },
  {
    service: "ICT",
    pool: "licences",
    prefix: "ICT-LICENCES",
    description: "3C ICT software licences and subscriptions (USD invoices converted to GBP)",
    amounts: [
      "312771.28",
      "100066.94",
      "98752.43",
      "95174.28",
      "90693.73",
      "96938.89",
      "176396.85",
      "98693.90",
      "97451.85",
      "90463.31",
      "95538.46",
      "91840.40",
    ],
  },
  {
    service: "ICT",
    pool: "infrastructure",
    prefix: "ICT-INFRA",
    description: "3C ICT infrastructure (data centre, network, devices, hosting)",
    amounts: [
      "90864.31",
      "94321.77",
      "101911.14",
      "100921.54",
      "103214.32",
      "92598.34",
      "96099.84",
      "96760.25",
      "90562.79",
      "88769.28",
      "101658.54",
      "121960.18",
    ],
  },
  {
    service: "ICT",
    pool: "on-behalf-of",
    prefix: "ICT-OBO",
    description: "3C ICT budget managed on behalf of South Cambridgeshire (its own systems)",
    amounts: [
      "39136.57",
      "36231.68",
      "36165.31",
      "38811.34",
      "37108.62",
      "36496.39",
      "39320.51",
      "38497.52",
      "38062.78",
      "38647.49",
      "36164.91",
      "36979.80",
    ],
  },
  {
    service: "LEGAL",
    pool: "staff",
    prefix: "LEGAL-STAFF",
    description: "3C Legal Practice staff (solicitors, legal executives, support)",
    amounts: [
      "102041.14",
      "102440.11",
      "99545.41",
      "99701.16",
      "101789.73",
      "100332.07",
      "101195.20",
      "114029.96",
      "104078.13",
      "102901.43",
      "104251.22",
      "102804.68",
    ],
  },
  {
    service: "LEGAL",
    pool: "case-costs",
    prefix: "LEGAL-CASES",
    description: "3C Legal Practice case costs (counsel, court fees, searches)",
    amounts: [
      "54659.52",
      "49864.02",
      "30259.16",
      "28871.11",
      "27790.63",
      "38858.05",
      "45978.32",
      "54185.84",
      "33173.28",
      "29524.43",
      "44131.58",
      "33406.50",
    ],
  },
  {
    service: "BC",
    pool: "staff",
    prefix: "BC-STAFF",
    description: "3C Building Control staff (surveyors, technical support)",
    amounts: [
      "82384.44",
      "84570.14",
      "83325.69",
      "81690.26",
      "83907.58",
      "83753.03",
      "81960.60",
      "91691.91",
      "85426.48",
      "84785.81",
      "86203.70",
      "85602.26",
    ],
  },
  {
    service: "BC",
    pool: "accommodation",
    prefix: "BC-ACCOM",
    description: "3C Building Control accommodation (office rent, service charge, utilities)",
    amounts: [
      "24680.13",
      "22791.01",
      "22445.90",
      "24301.34",
      "25794.73",
      "24958.92",
      "21984.90",
      "23686.12",
      "21880.47",
      "23649.73",
      "22885.67",
      "21775.11",
    ],
  },
];

/** One cost line per pool and month: ids like `ICT-STAFF-2024-04` sort in date order within a pool. */
const costLines = MONTHLY.flatMap((pool) =>
  MONTHS.map((month, i) => ({
    id: `${pool.prefix}-${month.end.slice(0, 7)}`,
    service: pool.service,
    pool: pool.pool,
    date: month.end,
    // Safe: both MONTHS and every `amounts` tuple have exactly twelve entries.
    amount: pool.amounts[i] as string,
    description: `${pool.description}, ${month.label}`,
  })),
);

/**
 * The 2024/25 budget of each pool: set the previous February, a little above actual staff costs (a
 * vacancy factor that did not happen) and below actual licence costs (the dollar moved). Exact: sums
 * the monthly pence, applies the pool's factor in per cent and rounds to the nearest £1,000.
 */
const BUDGET_PERCENT: Readonly<Record<string, bigint>> = { staff: 101n, licences: 93n };
const budgets = MONTHLY.map((pool) => {
  const pence = pool.amounts.reduce((acc, a) => acc + BigInt(a.replace(".", "")), 0n);
  const pounds = (pence * (BUDGET_PERCENT[pool.pool] ?? 98n) + 5_000_000n) / 10_000_000n;
  return { service: pool.service, pool: pool.pool, year: "2024/25", amount: `${pounds * 1000n}` };
});

const PARTNERS = ["CCC", "HDC", "SCDC"] as const;
type DemoPartner = (typeof PARTNERS)[number];

/** Building Control applications per quarter, Q1 to Q4; each partner's quarters add up to its year. */
const BC_APPLICATIONS: Readonly<Record<DemoPartner, readonly string[]>> = {
  CCC: ["352", "380", "371", "357"],
  HDC: ["470", "512", "493", "460"],
  SCDC: ["528", "575", "556", "521"],
};

/** Hours agreed in the Legal service level agreement, the same in each quarter. */
const LEGAL_AGREED_HOURS: Readonly<Record<DemoPartner, readonly string[]>> = {
  CCC: ["2000", "2000", "2000", "2000"],
  HDC: ["1450", "1450", "1450", "1450"],
  SCDC: ["1300", "1300", "1300", "1300"],
};

/** One quantity per partner for the year 2024/25. */
const yearly = (driver: string, quantities: Readonly<Record<DemoPartner, string>>) =>
  PARTNERS.map((partner) => ({ driver, partner, period: "2024/25", quantity: quantities[partner] }));

/** Quantities per partner for each quarter of 2024/25, Q1 first. */
const quarterly = (driver: string, quantities: Readonly<Record<DemoPartner, readonly string[]>>) =>
  PARTNERS.flatMap((partner) =>
    quantities[partner].map((quantity, q) => ({ driver, partner, period: `2024/25-Q${q + 1}`, quantity })),
  );

/**
 * A rule as written in the document. `ScenarioDocument` types a basis as `unknown` (the schema's
 * input type), so the rules are typed here to have the compiler check every basis.
 */
type RuleDocument = Omit<ScenarioDocument["rules"][number], "basis"> & { basis: BasisDocument };

const rules: readonly RuleDocument[] = [
  // 3C ICT
  {
    id: "ict-service-v1",
    service: "ICT",
    effectiveFrom: "2024-04-01",
    basis: { kind: "driver", driver: "users" },
    description: "Service-wide: third-party income and support received, by users",
  },
  {
    id: "ict-staff-v1",
    service: "ICT",
    pool: "staff",
    effectiveFrom: "2024-04-01",
    basis: {
      kind: "composite",
      unit: "percent",
      components: [
        { label: "core", weight: "40", basis: { kind: "equal" } },
        { label: "usage", weight: "60", basis: { kind: "driver", driver: "users" } },
      ],
    },
    description: "Staff: 40% equally (the core team every council needs), 60% by users",
  },
  {
    id: "ict-licences-v1",
    service: "ICT",
    pool: "licences",
    effectiveFrom: "2024-04-01",
    basis: { kind: "driver", driver: "users" },
    description: "Licences are bought per user: by users",
  },
  {
    id: "ict-infrastructure-v1",
    service: "ICT",
    pool: "infrastructure",
    effectiveFrom: "2024-04-01",
    basis: {
      kind: "blended",
      components: [
        { driver: "users", weight: "0.5" },
        { driver: "devices", weight: "0.5" },
      ],
    },
    description: "Infrastructure: average of the users share and the devices share",
  },
  {
    id: "ict-on-behalf-of-v1",
    service: "ICT",
    pool: "on-behalf-of",
    effectiveFrom: "2024-04-01",
    basis: { kind: "direct", partner: "SCDC" },
    description: "Budget managed on behalf of South Cambridgeshire: all to SCDC",
  },
  // 3C Legal Practice
  {
    id: "legal-service-v1",
    service: "LEGAL",
    effectiveFrom: "2024-04-01",
    basis: { kind: "driver", driver: "hours" },
    description: "Service-wide: third-party income and support received, by hours recorded",
  },
  {
    id: "legal-staff-v1",
    service: "LEGAL",
    pool: "staff",
    effectiveFrom: "2024-04-01",
    basis: {
      kind: "rate",
      driver: "agreed-hours",
      rate: "62.50",
      rounding: "half-up",
      period: "quarter",
      fallback: { kind: "driver", driver: "hours" },
    },
    description: "Staff: hours agreed each quarter at £62.50 an hour; under- or over-recovery by hours recorded",
  },
  {
    id: "legal-case-costs-v1",
    service: "LEGAL",
    pool: "case-costs",
    effectiveFrom: "2024-04-01",
    basis: { kind: "equal" },
    remainder: "to-lead",
    description: "Case costs: equal shares due to the nature of the work; odd pennies to the lead",
  },
  // 3C Building Control
  {
    id: "bc-service-v1",
    service: "BC",
    effectiveFrom: "2024-04-01",
    basis: { kind: "driver", driver: "applications" },
    description: "Service-wide: third-party income and support received, by applications",
  },
  {
    id: "bc-staff-v1",
    service: "BC",
    pool: "staff",
    effectiveFrom: "2024-04-01",
    basis: { kind: "fixed", unit: "percent", shares: { CCC: "24", HDC: "56", SCDC: "20" } },
    description: "Staff: fixed agreed shares 24/56/20",
  },
  {
    id: "bc-staff-v2",
    service: "BC",
    pool: "staff",
    effectiveFrom: "2024-10-03",
    basis: { kind: "driver", driver: "applications", period: "quarter" },
    description: "Staff from 3 October 2024, as agreed by all three partners: by applications in each quarter",
  },
  {
    id: "bc-accommodation-v1",
    service: "BC",
    pool: "accommodation",
    effectiveFrom: "2024-04-01",
    basis: {
      kind: "two-stage",
      first: { partner: "CCC", percent: "45.76" },
      rest: { kind: "driver", driver: "applications" },
    },
    description: "Accommodation: 45.76% to Cambridge City (the host), the remaining 54.24% by applications",
  },
];

/** The demo partnership as a scenario document, exactly as a user would write it in JSON or YAML. */
export const demoScenarioDocument: ScenarioDocument = {
  schemaVersion: 1,
  partnership: { id: "3c", name: "3C Shared Services (illustrative demo)", currency: "GBP" },
  partners: [
    { id: "CCC", name: "Cambridge City Council" },
    { id: "HDC", name: "Huntingdonshire District Council" },
    { id: "SCDC", name: "South Cambridgeshire District Council" },
  ],
  services: [
    {
      id: "ICT",
      name: "3C ICT",
      lead: "HDC",
      pools: [
        { id: "staff", name: "Staff" },
        { id: "licences", name: "Software licences" },
        { id: "infrastructure", name: "Infrastructure" },
        { id: "on-behalf-of", name: "Managed on behalf of South Cambridgeshire" },
      ],
    },
    {
      id: "LEGAL",
      name: "3C Legal Practice",
      lead: "CCC",
      pools: [
        { id: "staff", name: "Staff" },
        { id: "case-costs", name: "Case costs" },
      ],
    },
    {
      id: "BC",
      name: "3C Building Control",
      lead: "CCC",
      participants: ["CCC", "HDC", "SCDC"],
      pools: [
        { id: "staff", name: "Staff" },
        { id: "accommodation", name: "Accommodation" },
      ],
    },
  ],
  rules: [...rules],
  costLines,
  income: [
    {
      id: "ICT-INC-2024-12",
      service: "ICT",
      date: "2024-12-31",
      amount: "15600.00",
      description: "ICT support sold to a local housing association",
    },
    {
      id: "LEGAL-INC-2024-09",
      service: "LEGAL",
      date: "2024-09-30",
      amount: "38450.00",
      description: "Legal work sold to another public body (a county council)",
    },
    {
      id: "LEGAL-INC-2025-03",
      service: "LEGAL",
      date: "2025-03-31",
      amount: "27320.00",
      description: "Legal work sold to parish councils and a fire authority",
    },
    {
      id: "BC-INC-2024-07",
      service: "BC",
      pool: "staff",
      date: "2024-07-31",
      amount: "31275.00",
      description: "Building control fee income from partnered work for a neighbouring authority",
    },
    {
      id: "BC-INC-2025-01",
      service: "BC",
      pool: "staff",
      date: "2025-01-31",
      amount: "28940.00",
      description: "Building control fee income from partnered work for a neighbouring authority",
    },
  ],
  drivers: [
    ...yearly("users", { CCC: "1280", HDC: "890", SCDC: "760" }),
    ...yearly("devices", { CCC: "1545", HDC: "1108", SCDC: "962" }),
    ...yearly("hours", { CCC: "8412.5", HDC: "5946.25", SCDC: "5318.75" }),
    ...quarterly("agreed-hours", LEGAL_AGREED_HOURS),
    ...yearly("applications", { CCC: "1460", HDC: "1935", SCDC: "2180" }),
    ...quarterly("applications", BC_APPLICATIONS),
  ],
  budgets,
  savings: demoSavings,
  kpis: demoKpis,
  measurements: demoMeasurements,
  calendars: demoCalendars,
  outages: demoOutages,
  outageCost: demoOutageCost,
  availability: demoAvailability,
  support: {
    method: "reciprocal",
    consumption: [
      { from: "ICT", to: "LEGAL", share: "0.06" },
      { from: "ICT", to: "BC", share: "0.04" },
      { from: "LEGAL", to: "ICT", share: "0.02" },
    ],
  },
};
