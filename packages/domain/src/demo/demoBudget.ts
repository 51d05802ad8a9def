/*
 * The demo partnership's budget for 2024/25, as the partners agreed it in February 2024: the
 * budgeted cost of each pool phased over the year's months, and each partner's estimated driver
 * quantities. A year's recharge run takes it as its budget scenario: quarterly advances from it,
 * then the true-up and the variance against the demo's actual figures.
 *
 * ILLUSTRATIVE FIGURES, like the rest of the demo. The budget lines are the demo's `budgets` section
 * (one amount per pool for the year) laid out month by month with the domain's `apportion`, so each
 * pool's lines sum exactly to its budget, and the annual report's budget-vs-actual and a run's
 * variance start from the same figures.
 */

import { apportion } from "../allocation/index.js";
import { parseMoney, toDecimalString } from "../money/index.js";
import type { ScenarioDocument } from "../schema/scenarioSchema.js";
import { demoScenarioDocument } from "./demoScenario.js";

/** The months of 2024/25 (`YYYY-MM`) and their last days, the dates the budget lines are posted on. */
const MONTH_ENDS = [
  "2024-04-30",
  "2024-05-31",
  "2024-06-30",
  "2024-07-31",
  "2024-08-31",
  "2024-09-30",
  "2024-10-31",
  "2024-11-30",
  "2024-12-31",
  "2025-01-31",
  "2025-02-28",
  "2025-03-31",
] as const;

/**
 * How a pool's budget is phased over the months, April first, where it is not evenly: the ICT
 * licences renew in April (the enterprise agreement, three months' worth) and October (two).
 */
const PHASING: Readonly<Record<string, readonly string[]>> = {
  "ICT.licences": ["3", "1", "1", "1", "1", "1", "2", "1", "1", "1", "1", "1"],
};
const EVEN = MONTH_ENDS.map(() => "1");

/**
 * One budget line per pool and month: the pool's budget for 2024/25 apportioned over the months by
 * its phasing (largest remainder; ids in date order, so leftover pennies go to the earliest
 * months). Ids like `BUDGET-ICT-licences-2024-04` never clash with the actual lines' ids.
 */
const budgetLines = (demoScenarioDocument.budgets ?? [])
  .filter((b) => b.year === "2024/25")
  .flatMap((b) => {
    const where = `budgets.${b.service}.${b.pool}`;
    const phasing = PHASING[`${b.service}.${b.pool}`] ?? EVEN;
    const months = apportion(
      parseMoney(b.amount, demoScenarioDocument.partnership.currency, { path: where }),
      MONTH_ENDS.map((end, i) => ({ id: end.slice(0, 7), weight: phasing[i] ?? "1" })),
      { where },
    );
    return months.shares.map((share, i) => ({
      id: `BUDGET-${b.service}-${b.pool}-${share.id}`,
      service: b.service,
      pool: b.pool,
      // Safe: one share per month, in MONTH_ENDS order.
      date: MONTH_ENDS[i] as string,
      amount: toDecimalString(share.amount),
      description: `Budget 2024/25, ${b.service} ${b.pool}, ${share.id}`,
    }));
  });

const PARTNERS = ["CCC", "HDC", "SCDC"] as const;
type DemoPartner = (typeof PARTNERS)[number];

/** One estimated quantity per partner for the year 2024/25. */
const yearly = (driver: string, quantities: Readonly<Record<DemoPartner, string>>) =>
  PARTNERS.map((partner) => ({ driver, partner, period: "2024/25", quantity: quantities[partner] }));

/** Estimated quantities per partner for each quarter of 2024/25, Q1 first. */
const quarterly = (driver: string, quantities: Readonly<Record<DemoPartner, readonly string[]>>) =>
  PARTNERS.flatMap((partner) =>
    quantities[partner].map((quantity, q) => ({ driver, partner, period: `2024/25-Q${q + 1}`, quantity })),
  );

/**
 * The estimates of February 2024, for every driver the rules use. Users, devices, hours and
 * applications are last year's counts rounded, a little off the year's actuals (so the true-up
 * moves money for shares as well as for costs); the Legal hours are the service level agreement's,
 * agreed in advance, so the same as the actuals. Each partner's quarters add up to its year.
 */
const budgetDrivers = [
  ...yearly("users", { CCC: "1250", HDC: "900", SCDC: "770" }),
  ...yearly("devices", { CCC: "1500", HDC: "1100", SCDC: "950" }),
  ...yearly("hours", { CCC: "8400", HDC: "5900", SCDC: "5300" }),
  ...quarterly("agreed-hours", {
    CCC: ["2000", "2000", "2000", "2000"],
    HDC: ["1450", "1450", "1450", "1450"],
    SCDC: ["1300", "1300", "1300", "1300"],
  }),
  ...yearly("applications", { CCC: "1450", HDC: "1900", SCDC: "2150" }),
  ...quarterly("applications", {
    CCC: ["360", "370", "365", "355"],
    HDC: ["475", "490", "480", "455"],
    SCDC: ["530", "550", "545", "525"],
  }),
];

/**
 * The demo's budget for 2024/25 as a scenario document: the demo's partnership, services, rules and
 * support with the budget lines as its cost lines and the estimated drivers as its drivers, no
 * income. Every line is in sterling (the demo's licence invoices are recorded already converted),
 * so it needs no budget exchange rates. What the API stores as `budget-lines` and `budget-drivers`,
 * and what a recharge run takes as `budget`.
 */
export const demoBudgetDocument: ScenarioDocument = {
  schemaVersion: 1,
  partnership: demoScenarioDocument.partnership,
  partners: demoScenarioDocument.partners,
  services: demoScenarioDocument.services,
  rules: demoScenarioDocument.rules,
  costLines: budgetLines,
  income: [],
  drivers: budgetDrivers,
  ...(demoScenarioDocument.support === undefined ? {} : { support: demoScenarioDocument.support }),
};
