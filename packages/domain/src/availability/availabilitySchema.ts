import { z } from "zod";
import { isDomainError } from "../errors/index.js";
import {
  amountSchema,
  currencyCodeSchema,
  dateSchema,
  idSchema,
  positiveSchema,
  quantitySchema,
  roundingSchema,
  textSchema,
} from "../schema/primitives.js";
import { parseInstant } from "./instant.js";
import { parseTimeOfDay } from "./localTime.js";
import { PRIORITIES } from "./Outage.js";
import { WEEKDAYS } from "./ServiceCalendar.js";
import { checkTimeZone } from "./timeZone.js";

function accepts(check: (text: string) => unknown): (text: string) => boolean {
  return (text) => {
    try {
      check(text);
      return true;
    } catch (error) {
      if (isDomainError(error)) return false;
      throw error;
    }
  };
}

/** An ISO 8601 instant with an offset or `Z`, to the second. */
export const instantSchema = z
  .string()
  .refine(accepts(parseInstant), {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not an instant; expected ISO 8601 with an offset, e.g. 2024-10-27T00:30:00+01:00`,
  })
  .meta({
    description: "Instant: ISO 8601 date and time to the second with an offset or Z.",
    examples: ["2024-10-27T00:30:00+01:00", "2024-10-27T00:30:00Z"],
    pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?(Z|[+-]\\d{2}:\\d{2})$",
  });

/** A local time of day `HH:MM`, `00:00` to `24:00`. */
export const timeOfDaySchema = z
  .string()
  .refine(accepts(parseTimeOfDay), {
    error: (iss) => `${JSON.stringify(iss.input)} is not a time of day; expected HH:MM from 00:00 to 24:00`,
  })
  .meta({ description: "Local time of day, HH:MM (24:00 is midnight at the end of the day).", examples: ["08:00"] });

/** An IANA time-zone name the runtime knows. */
export const timeZoneSchema = z
  .string()
  .refine(accepts(checkTimeZone), {
    error: (iss) => `${JSON.stringify(iss.input)} is not a known time zone; expected e.g. Europe/London`,
  })
  .meta({ description: "IANA time zone.", examples: ["Europe/London"] });

// A calendar may serve no service: then only outage costing reads it, as the hours users work.
const services = z.array(idSchema).meta({
  description:
    "The services this calendar applies to; each service has one calendar. None: a calendar only outage costing reads (outageCost.calendar).",
});

const hours24x7 = {
  kind: z.literal("24x7"),
  timeZone: timeZoneSchema.optional().meta({ description: "Zone of each day's midnight; default Europe/London." }),
};
const workingHours = {
  kind: z.literal("working-hours"),
  weekdays: z.array(z.enum(WEEKDAYS)).min(1),
  from: timeOfDaySchema,
  to: timeOfDaySchema,
  timeZone: timeZoneSchema,
  bankHolidays: z.array(dateSchema).meta({ description: "Days with no service (bank holidays)." }),
};

/** Hours in force from a date: a calendar's later version. */
export const calendarChangeSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ effectiveFrom: dateSchema, ...hours24x7 }).meta({ description: "Round the clock from the date." }),
    z
      .strictObject({ effectiveFrom: dateSchema, ...workingHours })
      .meta({ description: "Working hours from the date, bank holidays excepted." }),
  ])
  .meta({
    description:
      "The calendar's hours from effectiveFrom (a local date, inclusive) until the next change; the years before keep the earlier hours.",
  });

const changes = z.array(calendarChangeSchema).optional().meta({
  description:
    "Later hours, each in force from its date until the next, in date order, one a day. None: the hours are in force for good.",
});

/** A service calendar as written: 24x7 or working hours, later changes of hours, and the services it applies to. */
export const calendarSchema = z.discriminatedUnion("kind", [
  z.strictObject({ id: idSchema, ...hours24x7, services, changes }).meta({ description: "Service round the clock." }),
  z
    .strictObject({ id: idSchema, ...workingHours, services, changes })
    .meta({ description: "Service on some weekdays between two local times, bank holidays excepted." }),
]);

/** One outage log entry as written. */
export const outageSchema = z
  .strictObject({
    id: idSchema,
    start: instantSchema,
    end: instantSchema.optional().meta({ description: "When service was restored; omit while open." }),
    services: z.array(idSchema).min(1),
    systems: z.array(textSchema).meta({ description: "Systems affected, free text." }),
    partners: z
      .array(
        z.strictObject({
          partner: idSchema,
          users: z.int().min(0).meta({ description: "Users of this partner affected." }),
        }),
      )
      .min(1),
    planned: z.boolean().meta({ description: "Planned maintenance (true) or an incident (false)." }),
    priority: z.enum(PRIORITIES),
    resolvedAt: instantSchema.optional().meta({ description: "When the incident was resolved; default the end." }),
  })
  .meta({ description: "An outage: when, what, whom it hit, planned or not, priority." });

const hours = quantitySchema.meta({ description: "Productive hours per person a year, e.g. 1924 (37 h × 52 weeks)." });

/** The loaded hourly rate as written. */
export const loadedRateSchema = z.discriminatedUnion("kind", [
  z
    .strictObject({ kind: z.literal("annual-cost"), annualCost: amountSchema, productiveHoursPerYear: hours })
    .meta({ description: "Cost per person a year including on-costs, over productive hours." }),
  z
    .strictObject({
      kind: z.literal("salary-plus-on-costs"),
      salary: amountSchema,
      onCostPercent: quantitySchema,
      productiveHoursPerYear: hours,
    })
    .meta({ description: "Salary plus on-costs as a percentage of it, over productive hours." }),
  z.strictObject({ kind: z.literal("hourly"), perHour: amountSchema }).meta({ description: "A loaded rate per hour." }),
]);

/** Outage-cost settings as written. */
export const outageCostSchema = z
  .strictObject({
    currency: currencyCodeSchema,
    rate: loadedRateSchema,
    productivityImpact: quantitySchema.meta({ description: "Share of work lost during an outage, 0 to 1." }),
    catchUpHours: quantitySchema.optional().meta({ description: "Catch-up hours per affected user; default 0." }),
    calendar: idSchema.meta({ description: "The calendar (id) of the hours users would have worked." }),
    planned: z.enum(["include", "exclude"]),
    rounding: roundingSchema,
  })
  .meta({ description: "How to cost outages: users × hours lost × impact × loaded hourly rate (+ catch-up)." });

/** Availability reporting settings as written. */
export const availabilitySettingsSchema = z
  .strictObject({
    planned: z
      .enum(["count", "exclude"])
      .meta({ description: "Planned maintenance counts as downtime, or is taken out of agreed time." }),
    percent: z.strictObject({ places: z.int().min(0).max(10), rounding: roundingSchema }),
    kpis: z
      .record(idSchema, idSchema)
      .optional()
      .meta({ description: "KPI id of each service's availability, by service id." }),
    loggedFrom: dateSchema.optional().meta({
      description:
        "The outage log is complete from this date: KPI readings are derived from it for periods starting on or after it (default: only the year reported).",
    }),
    incidentTargets: z
      .array(
        z.strictObject({
          kpi: idSchema,
          priority: z.enum(PRIORITIES),
          withinHours: positiveSchema.meta({ description: "Hours allowed from start to resolution, e.g. 4." }),
          clock: z
            .enum(["elapsed", "service"])
            .optional()
            .meta({ description: "Count every hour (elapsed, the default) or only agreed service hours." }),
          service: idSchema.optional(),
        }),
      )
      .optional(),
  })
  .meta({ description: "How availability is reported and which KPIs it feeds." });

/**
 * The availability sections of a document: `calendars`, `outages`, `outageCost` and
 * `availability` settings, each optional, ready to spread into the scenario schema.
 */
export const availabilitySectionsSchema = z.object({
  calendars: z.array(calendarSchema).optional(),
  outages: z.array(outageSchema).optional(),
  outageCost: outageCostSchema.optional(),
  availability: availabilitySettingsSchema.optional(),
});

/** The availability sections as a user writes them. */
export type AvailabilityDocument = z.input<typeof availabilitySectionsSchema>;
