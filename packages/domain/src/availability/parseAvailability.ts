import type { z } from "zod";
import { DomainError, isDomainError, unreachable, type ValidationIssue } from "../errors/index.js";
import { Fraction, toFraction } from "../exact/index.js";
import { isCurrencyCode, parseMoney } from "../money/index.js";
import { placesProblem } from "../money/placesProblem.js";
import { type CalendarDate, isCalendarDate } from "../period/index.js";
import { formatPath, type ParseResult } from "../schema/parseScenario.js";
import { PLAIN } from "../schema/plainMessage.js";
import type { PercentFormat, PlannedTreatment } from "./availability.js";
import { type AvailabilityDocument, availabilitySectionsSchema } from "./availabilitySchema.js";
import type { IncidentTarget } from "./incidentResolution.js";
import { parseInstant } from "./instant.js";
import type { LoadedRateInput } from "./loadedHourlyRate.js";
import { parseTimeOfDay } from "./localTime.js";
import type { Outage } from "./Outage.js";
import type { OutageCostSettings } from "./outageCost.js";
import type { CalendarChange, CalendarHours, ServiceCalendar } from "./ServiceCalendar.js";

/** An incident target from the document, optionally for one service only. */
export interface IncidentTargetSetting extends IncidentTarget {
  readonly service?: string;
}

/** Availability reporting settings from the document. */
export interface AvailabilitySettings {
  readonly planned: PlannedTreatment;
  readonly percent: PercentFormat;
  /** KPI id of each service's availability, by service id. */
  readonly kpis: Readonly<Record<string, string>>;
  /** The outage log is complete from this date: readings are derived only for periods from it. */
  readonly loggedFrom?: CalendarDate;
  readonly incidentTargets: readonly IncidentTargetSetting[];
}

/** The availability sections of a document as domain types. */
export interface AvailabilityInputs {
  /** Each service's calendar, by service id (what {@link availability} takes). */
  readonly calendars: Readonly<Record<string, ServiceCalendar>>;
  /** Each calendar by its own id. */
  readonly calendarsById: Readonly<Record<string, ServiceCalendar>>;
  readonly outages: readonly Outage[];
  readonly outageCost?: OutageCostSettings;
  readonly settings?: AvailabilitySettings;
}

/** Options for {@link parseAvailability}. */
export interface ParseAvailabilityOptions {
  /** The partnership's partners: outages naming any other are reported. */
  readonly partners?: readonly string[];
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (o: Loose, k: string): string | undefined => (typeof o[k] === "string" ? (o[k] as string) : undefined);

function quietly<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (isDomainError(error)) return undefined;
    throw error;
  }
}

/**
 * The checks of {@link parseAvailability} that its schema does not make: references between
 * entries, overlaps, partners. For callers that already ran the schema (`parseScenario`).
 *
 * @param input - the availability sections of a document
 * @param options - the partnership's partners
 * @returns every problem found, with paths
 */
export function availabilityCrossCheck(input: unknown, options: ParseAvailabilityOptions): ValidationIssue[] {
  return crossCheck(input, options);
}

// Cross-reference checks read the raw document defensively, so they run even when the schema found
// problems elsewhere: the user sees every problem in one pass.
function crossCheck(input: unknown, options: ParseAvailabilityOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  if (!isObject(input)) return issues;
  const calendarIds = new Set<string>();
  const serviceCalendar = new Map<string, string>();
  list(input.calendars).forEach((c, i) => {
    if (!isObject(c)) return;
    const id = str(c, "id");
    if (id !== undefined) {
      if (calendarIds.has(id)) add(`calendars[${i}].id`, `calendar ${id} is defined more than once`);
      calendarIds.add(id);
    }
    list(c.services).forEach((s, k) => {
      if (typeof s !== "string") return;
      const other = serviceCalendar.get(s);
      if (other !== undefined) add(`calendars[${i}].services[${k}]`, `service ${s} already has calendar ${other}`);
      else serviceCalendar.set(s, id ?? `calendars[${i}]`);
    });
    checkWindow(c, `calendars[${i}]`, add);
    let last: string | undefined;
    list(c.changes).forEach((change, k) => {
      if (!isObject(change)) return;
      const where = `calendars[${i}].changes[${k}]`;
      checkWindow(change, where, add);
      const from = str(change, "effectiveFrom");
      if (from === undefined || !isCalendarDate(from)) return;
      if (last !== undefined && from === last) {
        add(`${where}.effectiveFrom`, `changes[${k - 1}] already takes effect on ${from}; one change a day`);
      } else if (last !== undefined && from < last) {
        add(`${where}.effectiveFrom`, `${from} is before ${last} (changes[${k - 1}]); list changes in date order`);
      }
      last = from;
    });
  });
  const partners = options.partners === undefined ? undefined : new Set(options.partners);
  const outageIds = new Set<string>();
  list(input.outages).forEach((o, i) => {
    if (!isObject(o)) return;
    const where = `outages[${i}]`;
    const id = str(o, "id");
    if (id !== undefined) {
      if (outageIds.has(id)) add(`${where}.id`, `outage ${id} appears more than once`);
      outageIds.add(id);
    }
    const start = quietly(() => parseInstant(str(o, "start") ?? ""));
    const end = quietly(() => parseInstant(str(o, "end") ?? ""));
    const resolved = quietly(() => parseInstant(str(o, "resolvedAt") ?? ""));
    if (start !== undefined && end !== undefined && end < start) add(`${where}.end`, "is before the start");
    if (start !== undefined && resolved !== undefined && resolved < start) {
      add(`${where}.resolvedAt`, "is before the start");
    }
    const seenServices = new Set<string>();
    list(o.services).forEach((s, k) => {
      if (typeof s !== "string") return;
      if (seenServices.has(s)) add(`${where}.services[${k}]`, `service ${s} is listed twice`);
      seenServices.add(s);
      if (!serviceCalendar.has(s)) add(`${where}.services[${k}]`, `service ${s} has no calendar; give it one`);
    });
    const seenPartners = new Set<string>();
    list(o.partners).forEach((p, k) => {
      const partner = isObject(p) ? str(p, "partner") : undefined;
      if (partner === undefined) return;
      if (seenPartners.has(partner)) add(`${where}.partners[${k}].partner`, `partner ${partner} is listed twice`);
      seenPartners.add(partner);
      if (partners !== undefined && !partners.has(partner)) {
        add(`${where}.partners[${k}].partner`, `${partner} is not a partner of the partnership`);
      }
    });
  });
  if (isObject(input.outageCost)) {
    const calendar = str(input.outageCost, "calendar");
    if (calendar !== undefined && !calendarIds.has(calendar)) {
      add("outageCost.calendar", `there is no calendar ${calendar}`);
    }
    const impact = str(input.outageCost, "productivityImpact");
    const f = impact === undefined ? undefined : quietly(() => toFraction(impact, "productivityImpact"));
    if (f !== undefined && f.compare(Fraction.ONE) > 0) add("outageCost.productivityImpact", "must be between 0 and 1");
    const code = str(input.outageCost, "currency");
    if (code !== undefined && /^[A-Z]{3}$/.test(code) && !isCurrencyCode(code)) {
      add("outageCost.currency", `${code} is not a currency the domain knows`);
    }
    const rate = input.outageCost.rate;
    if (code !== undefined && isCurrencyCode(code) && isObject(rate))
      for (const field of ["annualCost", "salary", "perHour"] as const) {
        const amount = str(rate, field);
        if (amount === undefined) continue;
        const problem = placesProblem(amount, code);
        if (problem !== undefined) add(`outageCost.rate.${field}`, problem);
      }
  }
  if (isObject(input.availability)) {
    const settings = input.availability;
    if (isObject(settings.kpis)) {
      for (const service of Object.keys(settings.kpis)) {
        if (!serviceCalendar.has(service)) add(`availability.kpis.${service}`, `service ${service} has no calendar`);
      }
    }
    list(settings.incidentTargets).forEach((t, i) => {
      const within = isObject(t) ? str(t, "withinHours") : undefined;
      const seconds = within === undefined ? undefined : quietly(() => toFraction(within, "withinHours"));
      if (seconds !== undefined && seconds.mul(Fraction.of(3600n)).den !== 1n) {
        add(`availability.incidentTargets[${i}].withinHours`, `${within} hours is not a whole number of seconds`);
      }
    });
  }
  return issues;
}

/** A working-hours window that ends before it starts, as a problem at `where.to`. */
function checkWindow(c: Loose, where: string, add: (path: string, message: string) => void): void {
  const from = quietly(() => parseTimeOfDay(str(c, "from") ?? ""));
  const to = quietly(() => parseTimeOfDay(str(c, "to") ?? ""));
  if (c.kind === "working-hours" && from !== undefined && to !== undefined && from >= to) {
    add(`${where}.to`, `service ends at ${str(c, "to")}, not after it starts at ${str(c, "from")}`);
  }
}

type CalendarOutput = NonNullable<z.output<typeof availabilitySectionsSchema>["calendars"]>[number];
type ChangeOutput = NonNullable<CalendarOutput["changes"]>[number];

function toHours(x: CalendarOutput | ChangeOutput): CalendarHours {
  switch (x.kind) {
    case "24x7":
      return x.timeZone === undefined ? { kind: "24x7" } : { kind: "24x7", timeZone: x.timeZone };
    case "working-hours":
      return {
        kind: "working-hours",
        weekdays: x.weekdays,
        from: x.from,
        to: x.to,
        timeZone: x.timeZone,
        bankHolidays: x.bankHolidays as CalendarDate[],
      };
    default:
      return unreachable(x);
  }
}

function toCalendar(c: readonly CalendarOutput[]): ServiceCalendar[] {
  return c.map((x): ServiceCalendar => {
    // An undated calendar stays exactly as before: no `changes` field, so every figure is unchanged.
    if (x.changes === undefined) return toHours(x);
    const changes = x.changes.map(
      (change): CalendarChange => ({ effectiveFrom: change.effectiveFrom as CalendarDate, ...toHours(change) }),
    );
    return { ...toHours(x), changes };
  });
}

function toRate(rate: NonNullable<AvailabilityDocument["outageCost"]>["rate"], code: string): LoadedRateInput {
  switch (rate.kind) {
    case "annual-cost":
      return {
        kind: "annual-cost",
        annualCost: parseMoney(rate.annualCost, code, { path: "outageCost.rate.annualCost" }),
        productiveHoursPerYear: rate.productiveHoursPerYear,
      };
    case "salary-plus-on-costs":
      return {
        kind: "salary-plus-on-costs",
        salary: parseMoney(rate.salary, code, { path: "outageCost.rate.salary" }),
        onCostPercent: rate.onCostPercent,
        productiveHoursPerYear: rate.productiveHoursPerYear,
      };
    case "hourly":
      return { kind: "hourly", perHour: parseMoney(rate.perHour, code, { path: "outageCost.rate.perHour" }) };
    default:
      return unreachable(rate);
  }
}

/**
 * Turns validated availability sections into domain types: calendars by service and by id, the
 * outage log, outage-cost settings and reporting settings.
 *
 * @param doc - sections that passed {@link availabilitySectionsSchema}
 * @returns the domain inputs
 * @throws DomainError `INVALID_AMOUNT`, `PRECISION_LOSS` (amounts), `INVALID_CALENDAR` (an unknown
 *   calendar id), `INVALID_OUTAGE` (a target that is not whole seconds)
 */
export function availabilityFromDocument(doc: z.output<typeof availabilitySectionsSchema>): AvailabilityInputs {
  const raw = doc.calendars ?? [];
  const built = toCalendar(raw);
  const calendarsById: Record<string, ServiceCalendar> = {};
  const calendars: Record<string, ServiceCalendar> = {};
  raw.forEach((c, i) => {
    const calendar = built[i] as ServiceCalendar;
    calendarsById[c.id] = calendar;
    for (const s of c.services) calendars[s] = calendar;
  });
  const outages = (doc.outages ?? []).map(
    (o): Outage => ({
      id: o.id,
      start: o.start,
      ...(o.end === undefined ? {} : { end: o.end }),
      services: o.services,
      systems: o.systems,
      partners: o.partners.map((p) => ({ partner: p.partner, users: p.users })),
      planned: o.planned,
      priority: o.priority,
      ...(o.resolvedAt === undefined ? {} : { resolvedAt: o.resolvedAt }),
    }),
  );
  let outageCost: OutageCostSettings | undefined;
  if (doc.outageCost !== undefined) {
    const c = doc.outageCost;
    const window = calendarsById[c.calendar];
    if (window === undefined) {
      throw new DomainError("INVALID_CALENDAR", `outageCost.calendar: there is no calendar ${c.calendar}`, {
        path: "outageCost.calendar",
      });
    }
    outageCost = {
      rate: toRate(c.rate, c.currency),
      productivityImpact: c.productivityImpact,
      ...(c.catchUpHours === undefined ? {} : { catchUpHours: c.catchUpHours }),
      window,
      planned: c.planned,
      rounding: c.rounding,
    };
  }
  let settings: AvailabilitySettings | undefined;
  if (doc.availability !== undefined) {
    const a = doc.availability;
    settings = {
      planned: a.planned,
      percent: a.percent,
      kpis: a.kpis ?? {},
      ...(a.loggedFrom === undefined ? {} : { loggedFrom: a.loggedFrom as CalendarDate }),
      incidentTargets: (a.incidentTargets ?? []).map((t, i) => {
        const seconds = toFraction(t.withinHours, `availability.incidentTargets[${i}].withinHours`).mul(
          Fraction.of(3600n),
        );
        if (seconds.den !== 1n) {
          throw new DomainError(
            "INVALID_OUTAGE",
            `availability.incidentTargets[${i}].withinHours: ${t.withinHours} hours is not a whole number of seconds`,
            { path: `availability.incidentTargets[${i}].withinHours` },
          );
        }
        return {
          kpi: t.kpi,
          priority: t.priority,
          withinSeconds: Number(seconds.num),
          ...(t.clock === undefined ? {} : { clock: t.clock }),
          ...(t.service === undefined ? {} : { service: t.service }),
        };
      }),
    };
  }
  return {
    calendars,
    calendarsById,
    outages,
    ...(outageCost === undefined ? {} : { outageCost }),
    ...(settings === undefined ? {} : { settings }),
  };
}

/**
 * Validates the availability sections of a document and turns them into domain types, reporting
 * every problem at once with its path (`outages[3].end`).
 *
 * @param input - the parsed JSON or YAML document (or just its availability sections)
 * @param options - the partnership's partners, to check the outages against
 * @returns the domain inputs, or every problem found
 * @example
 * const result = parseAvailability(JSON.parse(text), { partners: ["CCC", "HDC", "SCDC"] });
 * if (result.ok) availability(result.value.outages, "2024/25-Q1", { calendars: result.value.calendars, … });
 */
export function parseAvailability(
  input: unknown,
  options: ParseAvailabilityOptions = {},
): ParseResult<AvailabilityInputs> {
  const parsed = availabilitySectionsSchema.safeParse(input, PLAIN);
  const issues: ValidationIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((iss) => ({
        path: formatPath(iss.path),
        message: iss.code === "invalid_union" ? "does not match any allowed shape" : iss.message,
      }));
  issues.push(...crossCheck(input, options));
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, value: availabilityFromDocument(parsed.data) };
}
