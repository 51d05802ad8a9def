import { parseMoney } from "../money/index.js";
import { parseDate } from "../period/index.js";
import type { AvailabilityOptions } from "./availability.js";
import type { Outage } from "./Outage.js";
import type { OutageCostSettings } from "./outageCost.js";
import type { WorkingHoursCalendar } from "./ServiceCalendar.js";

/**
 * The worked example of `docs/availability.md`, shared by the tests: 3C ICT in 2024/25-Q1, served
 * Monday to Friday 08:00–18:00 London time except the quarter's three bank holidays.
 * Illustrative figures, not the councils' own.
 */
export const officeHours: WorkingHoursCalendar = {
  kind: "working-hours",
  weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  from: "08:00",
  to: "18:00",
  timeZone: "Europe/London",
  bankHolidays: [parseDate("2024-04-01"), parseDate("2024-05-06"), parseDate("2024-05-27")],
};

/** The example's outage log. */
export const exampleLog: readonly Outage[] = [
  {
    id: "INC-1",
    start: "2024-04-10T09:00:00+01:00",
    end: "2024-04-10T10:00:00+01:00",
    services: ["ICT"],
    systems: ["Network"],
    partners: [
      { partner: "CCC", users: 800 },
      { partner: "HDC", users: 700 },
      { partner: "SCDC", users: 500 },
    ],
    planned: false,
    priority: "P1",
  },
  {
    id: "INC-2",
    start: "2024-04-10T09:30:00+01:00",
    end: "2024-04-10T11:00:00+01:00",
    services: ["ICT"],
    systems: ["Email"],
    partners: [{ partner: "CCC", users: 300 }],
    planned: false,
    priority: "P2",
  },
  {
    id: "PLN-1",
    start: "2024-05-14T17:00:00+01:00",
    end: "2024-05-14T19:00:00+01:00",
    services: ["ICT"],
    systems: ["Finance system upgrade"],
    partners: [
      { partner: "CCC", users: 800 },
      { partner: "HDC", users: 700 },
      { partner: "SCDC", users: 500 },
    ],
    planned: true,
    priority: "P4",
  },
  {
    id: "INC-3",
    start: "2024-06-08T10:00:00+01:00",
    end: "2024-06-09T16:00:00+01:00",
    services: ["ICT"],
    systems: ["Server room chiller"],
    partners: [{ partner: "SCDC", users: 800 }],
    planned: false,
    priority: "P1",
  },
  {
    id: "INC-4",
    start: "2024-06-28T17:00:00+01:00",
    end: "2024-07-01T09:30:00+01:00",
    services: ["ICT"],
    systems: ["Planning portal"],
    partners: [{ partner: "HDC", users: 100 }],
    planned: false,
    priority: "P3",
  },
];

/** The example's availability options (planned maintenance excluded). */
export const exampleOptions: AvailabilityOptions = {
  calendars: { ICT: officeHours },
  partners: ["CCC", "HDC", "SCDC"],
  planned: "exclude",
  percent: { places: 2, rounding: "half-even" },
};

/** The example's outage-cost settings: £25,000 a year including on-costs over 1,924 hours. */
export const exampleCost: OutageCostSettings = {
  rate: { kind: "annual-cost", annualCost: parseMoney("25000", "GBP"), productiveHoursPerYear: "1924" },
  productivityImpact: "1",
  window: officeHours,
  planned: "exclude",
  rounding: "half-even",
};

/** The worked example as a user writes it in a document. */
export const exampleDocument = {
  calendars: [
    {
      id: "office-hours",
      kind: "working-hours",
      weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
      from: "08:00",
      to: "18:00",
      timeZone: "Europe/London",
      bankHolidays: ["2024-04-01", "2024-05-06", "2024-05-27"],
      services: ["ICT"],
    },
    { id: "always", kind: "24x7", services: ["Web"] },
  ],
  outages: exampleLog,
  outageCost: {
    currency: "GBP",
    rate: { kind: "annual-cost", annualCost: "25000", productiveHoursPerYear: "1924" },
    productivityImpact: "1",
    calendar: "office-hours",
    planned: "exclude",
    rounding: "half-even",
  },
  availability: {
    planned: "exclude",
    percent: { places: 2, rounding: "half-even" },
    kpis: { ICT: "ict-availability" },
    incidentTargets: [{ kpi: "ict-p1-fix", priority: "P1", withinHours: "4" }],
  },
};
