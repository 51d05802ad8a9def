import { firstLoggedQuarter, outageKpiMeasurements, parseInstant, periodInterval } from "../availability/index.js";
import { DomainError } from "../errors/index.js";
import {
  evaluateKpis,
  type KpiDefinition,
  type KpiMeasurement,
  type KpiScorecard,
  kpiFirstDay,
  kpiReportedIn,
} from "../kpi/index.js";
import { type FinancialPeriod, parsePeriod, shiftPeriod, subdivide } from "../period/index.js";
import type { Scenario } from "../scenario/Scenario.js";

/** Options for {@link kpiScorecard}. */
export interface KpiScorecardOptions {
  /** Only the KPIs of this service. */
  readonly service?: string;
  /** When the scorecard is taken (ISO 8601 instant): open outages end here, and one beginning at or after it counts nothing. Needed only if some are open. */
  readonly asAt?: string;
}

/**
 * The periods the outage log gives readings for: the quarters of the year and the year before (for
 * direction of travel) from the first one the log is complete for (`from`) — but only as far as the
 * report instant reaches. A quarter that has ended by `asAt` is read whole; of the quarter still
 * running at `asAt`, each month that has ended by then (so the quarter is made of its months, and
 * the evaluation warns that it is incomplete); a period not ended by `asAt` gets no reading. The
 * log cannot show an outage that has not yet happened, so reading a period beyond `asAt` would
 * count the time still to come as available: 100% for a year that has not begun. Without `asAt`
 * (a caller with no open outage and no clock) every quarter is read, as the log is taken as complete.
 */
function loggedPeriods(year: FinancialPeriod, from: string, asAt: string | undefined): FinancialPeriod[] {
  const quarters = [...subdivide(shiftPeriod(year, -1), "quarter"), ...subdivide(year, "quarter")].filter(
    (q) => q.start >= from,
  );
  if (asAt === undefined) return quarters;
  const taken = parseInstant(asAt, "asAt");
  const ended = (p: FinancialPeriod) => periodInterval(p).end <= taken;
  return quarters.flatMap((q) => {
    if (ended(q)) return [q];
    if (periodInterval(q).start >= taken) return [];
    return subdivide(q, "month").filter(ended);
  });
}

/**
 * KPI readings derived from the outage log for the periods {@link loggedPeriods} gives, from the
 * date the log is complete (`loggedFrom`, default the year's start): a quarter before it, or not
 * ended by `asAt`, gets no reading rather than a false 100%. A KPI reported from a year (`from`)
 * gets none before it, as it may have no measurement there.
 */
function derivedMeasurements(
  scenario: Scenario,
  kpis: readonly KpiDefinition[],
  year: FinancialPeriod,
  asAt: string | undefined,
): KpiMeasurement[] {
  const inputs = scenario.availability;
  const settings = inputs?.settings;
  if (inputs === undefined || settings === undefined) return [];
  const from = settings.loggedFrom === undefined ? year.start : firstLoggedQuarter(settings.loggedFrom);
  const partners = scenario.partners.map((p) => p.id);
  // Each KPI's first day ("" for one without `from`: before every period).
  const firstDay = new Map(kpis.map((k) => [k.code, kpiFirstDay(k) ?? ""]));
  return loggedPeriods(year, from, asAt).flatMap((q) =>
    outageKpiMeasurements(inputs, q, { partners, ...(asAt === undefined ? {} : { asAt }) }).filter((m) => {
      const first = firstDay.get(m.kpi);
      return first !== undefined && q.start >= first;
    }),
  );
}

/**
 * The partnership's KPI scorecard for a year, from a scenario: its KPI definitions and recorded
 * measurements, plus the readings its availability settings derive from the outage log, judged by
 * the partnership's RAG scheme unless a KPI names its own. The same scorecard the annual report
 * shows, for every service at once.
 *
 * @param scenario - a scenario with `kpis` (and `measurements`, `availability` as it has them)
 * @param year - a financial year, e.g. `2024/25`
 * @param options - one service only; when the scorecard is taken (open outages end there, and the
 *   outage log gives readings only for periods ended by then: none for a year not begun)
 * @returns the scorecard (no KPIs when the scenario defines none)
 * @throws DomainError `INVALID_PERIOD` when `year` is not a year, `INVALID_SCENARIO` when `service`
 *   is not one of the partnership's, and whatever evaluation throws
 * @example kpiScorecard(demoScenario(), "2024/25").kpis.map((k) => [k.code, k.yearToDate.status])
 */
export function kpiScorecard(scenario: Scenario, year: string, options: KpiScorecardOptions = {}): KpiScorecard {
  const period = parsePeriod(year, "year");
  if (period.kind !== "year") {
    throw new DomainError("INVALID_PERIOD", `A KPI scorecard covers a financial year; got ${year}`, { path: "year" });
  }
  if (options.service !== undefined && !scenario.services.some((s) => s.id === options.service)) {
    // A mistyped service (`ict`) would otherwise show "no KPIs", as if it had none.
    throw new DomainError(
      "INVALID_SCENARIO",
      `No service ${JSON.stringify(options.service)} in the partnership; its services are ${scenario.services
        .map((s) => s.id)
        .sort()
        .join(", ")}`,
      { path: "service" },
    );
  }
  const kpis = (scenario.kpis ?? []).filter(
    (k) => (options.service === undefined || k.service === options.service) && kpiReportedIn(k, period),
  );
  const codes = new Set(kpis.map((k) => k.code));
  return evaluateKpis({
    kpis,
    measurements: [
      ...(scenario.measurements ?? []).filter((m) => codes.has(m.kpi)),
      ...derivedMeasurements(scenario, kpis, period, options.asAt),
    ],
    year: period.name,
    ...(scenario.kpiScheme === undefined ? {} : { scheme: scenario.kpiScheme }),
  });
}
