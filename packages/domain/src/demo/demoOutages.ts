import type { ScenarioDocument } from "../schema/index.js";

type Doc = ScenarioDocument;

/** England and Wales bank holidays in 2023/24 and 2024/25. */
const BANK_HOLIDAYS = [
  "2023-04-07",
  "2023-04-10",
  "2023-05-01",
  "2023-05-08",
  "2023-05-29",
  "2023-08-28",
  "2023-12-25",
  "2023-12-26",
  "2024-01-01",
  "2024-03-29",
  "2024-04-01",
  "2024-05-06",
  "2024-05-27",
  "2024-08-26",
  "2024-12-25",
  "2024-12-26",
  "2025-01-01",
];

/** 3C ICT's agreed service hours: weekdays 08:00–18:00, London time, bank holidays excepted. */
export const demoCalendars: NonNullable<Doc["calendars"]> = [
  {
    id: "office-hours",
    kind: "working-hours",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
    from: "08:00",
    to: "18:00",
    timeZone: "Europe/London",
    bankHolidays: BANK_HOLIDAYS,
    services: ["ICT"],
  },
];

type Impact = readonly [ccc: number, hdc: number, scdc: number];
const hit = ([ccc, hdc, scdc]: Impact) =>
  [
    { partner: "CCC", users: ccc },
    { partner: "HDC", users: hdc },
    { partner: "SCDC", users: scdc },
  ].filter((p) => p.users > 0);

const ALL: Impact = [1280, 890, 760];

/**
 * The ICT outage log for two years: incidents and planned work, with the councils' users
 * affected. August 2024 has the two data-centre failures the Q2 KPI note explains. Illustrative.
 */
export const demoOutages: NonNullable<Doc["outages"]> = [
  ["OUT-2023-001", "2023-05-17T09:20:00+01:00", "2023-05-17T11:05:00+01:00", ["Email"], false, "P2", ALL],
  ["OUT-2023-002", "2023-06-24T07:00:00+01:00", "2023-06-24T13:00:00+01:00", ["Network core"], true, "P4", ALL],
  [
    "OUT-2023-003",
    "2023-09-12T13:40:00+01:00",
    "2023-09-12T16:10:00+01:00",
    ["Revenues and benefits"],
    false,
    "P1",
    [0, 890, 0],
  ],
  ["OUT-2023-004", "2023-11-08T08:00:00Z", "2023-11-08T12:30:00Z", ["Internet access", "VPN"], false, "P1", ALL],
  ["OUT-2024-005", "2024-02-20T10:15:00Z", "2024-02-20T11:00:00Z", ["Planning portal"], false, "P3", [1280, 0, 760]],
  ["OUT-2024-006", "2024-05-14T14:00:00+01:00", "2024-05-14T15:30:00+01:00", ["Telephony"], false, "P2", ALL],
  ["OUT-2024-007", "2024-06-29T06:00:00+01:00", "2024-06-29T14:00:00+01:00", ["Storage"], true, "P4", ALL],
  [
    "OUT-2024-008",
    "2024-08-06T08:45:00+01:00",
    "2024-08-07T12:15:00+01:00",
    ["Data centre A", "Email", "Files"],
    false,
    "P1",
    ALL,
  ],
  [
    "OUT-2024-009",
    "2024-08-20T09:30:00+01:00",
    "2024-08-20T17:45:00+01:00",
    ["Data centre A", "Finance system"],
    false,
    "P1",
    ALL,
  ],
  ["OUT-2024-010", "2024-10-27T00:30:00+01:00", "2024-10-27T03:00:00Z", ["Backups"], true, "P4", [0, 890, 0]],
  ["OUT-2024-011", "2024-11-19T11:00:00Z", "2024-11-19T12:20:00Z", ["Housing system"], false, "P2", [1280, 0, 0]],
  ["OUT-2025-012", "2025-02-04T08:00:00Z", "2025-02-04T09:10:00Z", ["Internet access"], false, "P1", ALL],
].map(([id, start, end, systems, planned, priority, impact]) => ({
  id: id as string,
  start: start as string,
  end: end as string,
  services: ["ICT"],
  systems: systems as string[],
  planned: planned as boolean,
  priority: priority as "P1" | "P2" | "P3" | "P4",
  partners: hit(impact as Impact),
}));

/** Outages cost at £25,000 a year per person including on-costs over 1,924 productive hours. */
export const demoOutageCost: NonNullable<Doc["outageCost"]> = {
  currency: "GBP",
  rate: { kind: "annual-cost", annualCost: "25000", productiveHoursPerYear: "1924" },
  productivityImpact: "0.5",
  catchUpHours: "0.25",
  calendar: "office-hours",
  planned: "exclude",
  rounding: "half-even",
};

/** Availability excludes planned work and feeds ICT-KPI-1; the log is complete from April 2023. */
export const demoAvailability: NonNullable<Doc["availability"]> = {
  planned: "exclude",
  percent: { places: 2, rounding: "half-even" },
  kpis: { ICT: "ICT-KPI-1" },
  loggedFrom: "2023-04-01",
};
