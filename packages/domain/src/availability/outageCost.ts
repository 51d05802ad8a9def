import { apportion, type Share } from "../allocation/index.js";
import { DomainError } from "../errors/index.js";
import {
  type DecimalInput,
  divideRounded,
  Fraction,
  type FractionData,
  type RoundingMode,
  toFraction,
} from "../exact/index.js";
import { bigintToMinor, type Money, sum } from "../money/index.js";
import { type CalendarDate, type FinancialPeriod, parsePeriod } from "../period/index.js";
import { type LoadedRate, type LoadedRateInput, loadedHourlyRate } from "./loadedHourlyRate.js";
import { type Outage, readOutageLog } from "./Outage.js";
import { readUntil } from "./readUntil.js";
import { calendarIntervals, calendarIntervalsAround, calendarSpan, type ServiceCalendar } from "./ServiceCalendar.js";
import { overlapSeconds } from "./TimeInterval.js";

/** Settings for {@link outageCost}. */
export interface OutageCostSettings {
  /** The loaded hourly rate of a user's time. */
  readonly rate: LoadedRateInput;
  /** Share of a user's work lost while the outage lasts, exact, 0 to 1 (`"1"`, `"0.5"`). */
  readonly productivityImpact: DecimalInput;
  /** Hours each affected user spends catching up afterwards; default none. */
  readonly catchUpHours?: DecimalInput;
  /** When users would have been working: only outage time inside it is lost. */
  readonly window: ServiceCalendar;
  /** Whether planned maintenance is costed too (`include`) or left out (`exclude`). */
  readonly planned: "include" | "exclude";
  /** How the exact cost of each outage is rounded to the minor unit. */
  readonly rounding: RoundingMode;
  /** When the report is taken (ISO 8601): open outages end here, and one beginning at or after it counts nothing. Needed only if some are open. */
  readonly asAt?: string;
  /**
   * Read the period only up to this day (exclusive), as `availability`'s `until`: hours lost from
   * it on, and outages starting from it on, cost nothing. Default: the period's end.
   */
  readonly until?: CalendarDate;
}

/** The cost of one outage within a period. */
export interface OutageCostLine {
  readonly id: string;
  /** Users affected, all partners. */
  readonly users: number;
  /** Hours per user lost within the window in the period, exact. */
  readonly hoursLost: FractionData;
  /** Catch-up hours per user charged in this period (the period the outage started in), exact. */
  readonly catchUpHours: FractionData;
  /** The cost before rounding, in minor units: users × (hoursLost × impact + catchUp) × rate. */
  readonly exactMinor: FractionData;
  /** The cost, rounded once by the settings' rounding mode. */
  readonly cost: Money;
  /** The cost split between partners by users affected (largest remainder; sums exactly). */
  readonly byPartner: readonly Share[];
}

/** The result of {@link outageCost}. */
export interface OutageCostReport {
  readonly period: string;
  readonly rate: LoadedRate;
  /** Outages overlapping the period, in order of start then id. */
  readonly outages: readonly OutageCostLine[];
  /** Each partner's total over the outages, sorted by partner. */
  readonly byPartner: readonly Share[];
  /** Sum of the outages' costs; equals the sum of `byPartner` exactly. */
  readonly total: Money;
}

/**
 * The cost of outages to the partners in a period: users affected × hours lost within the working
 * window × productivity impact × loaded hourly rate, plus catch-up hours × users × rate.
 *
 * Each outage is costed exactly and rounded once; its cost is then attributed to the partners by
 * users affected through {@link apportion}, so the partners' parts sum exactly to it. An outage
 * spanning two periods is costed in each for the hours lost in each; its catch-up hours are
 * charged once, in the period in which it started, and only if it cost some working time. Outages
 * that overlap are each costed: merge them in the log if they are one event.
 *
 * @param log - the outage log
 * @param period - a financial period or its name
 * @param settings - rate, impact, catch-up, window, planned, rounding, asAt
 * @returns per-outage costs, per-partner totals and the total
 * @throws DomainError `INVALID_OUTAGE`, `INVALID_DECIMAL` (impact outside 0–1, negative catch-up),
 *   `INVALID_TIME`, `INVALID_CALENDAR`, `INVALID_PERIOD` (also an `until` that is no calendar date),
 *   `AMOUNT_OVERFLOW`
 * @example
 * // 2,000 users down for one working hour at £25,000 a year over 1,924 hours: £25,987.53
 * outageCost(log, "2024/25-Q1", { rate: { kind: "annual-cost", annualCost: parseMoney("25000", "GBP"),
 *   productiveHoursPerYear: "1924" }, productivityImpact: "1", window: officeHours, planned: "exclude",
 *   rounding: "half-even" }).total // £25,987.53
 */
export function outageCost(
  log: readonly Outage[],
  period: FinancialPeriod | string,
  settings: OutageCostSettings,
): OutageCostReport {
  const p = typeof period === "string" ? parsePeriod(period) : period;
  const rate = loadedHourlyRate(settings.rate, "rate");
  const perHour = Fraction.fromData(rate.minorPerHour);
  const impact = toFraction(settings.productivityImpact, "productivityImpact");
  if (impact.num < 0n || impact.compare(Fraction.ONE) > 0) {
    throw new DomainError("INVALID_DECIMAL", `productivityImpact: ${impact} is not between 0 and 1`, {
      path: "productivityImpact",
    });
  }
  const catchUp = toFraction(settings.catchUpHours ?? "0", "catchUpHours");
  if (catchUp.num < 0n) {
    throw new DomainError("INVALID_DECIMAL", "catchUpHours: cannot be negative", { path: "catchUpHours" });
  }
  const end = readUntil(p, settings.until);
  const span = calendarSpan(settings.window, p.start, end);
  const windowInPeriod = calendarIntervals(settings.window, p.start, end);
  const inScope = readOutageLog(log, settings.asAt)
    .filter((o) => settings.planned === "include" || !o.outage.planned)
    .filter((o) => (o.start === o.end ? o.start >= span.start : o.end > span.start) && o.start < span.end)
    .sort((a, b) => a.start - b.start || (a.outage.id < b.outage.id ? -1 : a.outage.id > b.outage.id ? 1 : 0));
  // Catch-up needs to know whether an outage cost any working time at all, also outside the period:
  // one window over the dates of every outage charged here.
  const starting = inScope.filter((o) => o.start >= span.start);
  const wholeWindow =
    catchUp.isZero() || starting.length === 0
      ? []
      : calendarIntervalsAround(
          settings.window,
          starting.reduce((m, o) => Math.min(m, o.start), Number.POSITIVE_INFINITY),
          starting.reduce((m, o) => Math.max(m, o.end), Number.NEGATIVE_INFINITY),
        );
  const lines: OutageCostLine[] = inScope.map((o) => {
    const lostSeconds = overlapSeconds(o, windowInPeriod);
    let charged = Fraction.ZERO;
    if (o.start >= span.start && !catchUp.isZero() && overlapSeconds(o, wholeWindow) > 0) {
      charged = catchUp;
    }
    const users = o.outage.partners.reduce((s, x) => s + x.users, 0);
    const hoursLost = Fraction.of(BigInt(lostSeconds), 3600n);
    const exact = Fraction.of(BigInt(users)).mul(hoursLost.mul(impact).add(charged)).mul(perHour);
    const cost: Money = {
      currency: rate.currency,
      minor: bigintToMinor(divideRounded(exact.num, exact.den, settings.rounding), `outage ${o.outage.id} cost`),
    };
    const byPartner: Share[] =
      users === 0
        ? o.outage.partners
            .map((x) => ({ id: x.partner, amount: { currency: rate.currency, minor: 0 } }))
            .sort((a, b) => (a.id < b.id ? -1 : 1))
        : [
            ...apportion(
              cost,
              o.outage.partners.map((x) => ({ id: x.partner, weight: BigInt(x.users) })),
              { where: `outage ${o.outage.id} cost` },
            ).shares,
          ];
    return {
      id: o.outage.id,
      users,
      hoursLost: hoursLost.toData(),
      catchUpHours: charged.toData(),
      exactMinor: exact.toData(),
      cost,
      byPartner,
    };
  });
  const totals = new Map<string, Money[]>();
  for (const line of lines) {
    for (const s of line.byPartner) {
      const amounts = totals.get(s.id);
      if (amounts === undefined) totals.set(s.id, [s.amount]);
      else amounts.push(s.amount);
    }
  }
  const byPartner = [...totals.keys()].sort().map((id) => ({ id, amount: sum(totals.get(id) ?? [], rate.currency) }));
  return {
    period: p.name,
    rate,
    outages: lines,
    byPartner,
    total: sum(
      lines.map((l) => l.cost),
      rate.currency,
    ),
  };
}
