import { z } from "zod";
import { REMAINDER_POLICIES } from "../allocation/index.js";
import {
  availabilitySettingsSchema,
  calendarSchema,
  outageCostSchema,
  outageSchema,
} from "../availability/availabilitySchema.js";
import type { RoundingMode } from "../exact/index.js";
import { kpiDefinitionSchema, kpiMeasurementSchema, ragSchemeSchema } from "../kpi/kpiSchema.js";
import { savingsSchema } from "../savings/savingsSchema.js";
import { SUPPORT_METHODS, VAT_TREATMENTS } from "../scenario/Scenario.js";
import {
  amountSchema,
  currencyCodeSchema,
  dateSchema,
  idSchema,
  periodKindSchema,
  periodNameSchema,
  positiveSchema,
  quantitySchema,
  roundingSchema,
  textSchema,
} from "./primitives.js";

/** One cost line as written in a scenario document (`costLines[i]`). */
export const costLineSchema = z.strictObject({
  id: idSchema,
  service: idSchema,
  pool: idSchema,
  date: dateSchema,
  amount: amountSchema,
  currency: currencyCodeSchema.optional(),
  vat: z
    .enum(VAT_TREATMENTS, {
      error: (iss) => `${JSON.stringify(iss.input)} is not a VAT treatment; expected ${VAT_TREATMENTS.join(" or ")}`,
    })
    .optional(),
  description: textSchema.optional(),
});

/** The basis of a rule as written in a scenario document. */
export type BasisDocument =
  | { kind: "equal"; among?: string[] | undefined }
  | { kind: "fixed"; unit: "percent" | "ratio"; shares: Record<string, string> }
  | { kind: "driver"; driver: string; period?: "year" | "quarter" | "month" | undefined; among?: string[] | undefined }
  | {
      kind: "blended";
      components: { driver: string; weight: string }[];
      period?: "year" | "quarter" | "month" | undefined;
      among?: string[] | undefined;
    }
  | { kind: "direct"; partner: string }
  | {
      kind: "rate";
      driver: string;
      rate: string;
      rounding: RoundingMode;
      period?: "year" | "quarter" | "month" | undefined;
      among?: string[] | undefined;
      fallback: BasisDocument;
    }
  | { kind: "two-stage"; first: { partner: string; percent: string }; rest: BasisDocument }
  | {
      kind: "composite";
      unit: "percent" | "ratio";
      components: { label: string; weight: string; basis: BasisDocument }[];
    };

const among = z
  .array(idSchema)
  .min(1)
  .optional()
  .meta({ description: "Only these partners share; default: the service's participants." });

/** Schema of a rule basis; recursive through rate, two-stage and composite. */
export const basisSchema: z.ZodType<BasisDocument, BasisDocument> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("equal"), among }).meta({ description: "Equal shares." }),
    z
      .strictObject({
        kind: z.literal("fixed"),
        unit: z.enum(["percent", "ratio"]),
        shares: z.record(idSchema, quantitySchema),
      })
      .meta({ description: "Fixed agreed shares: percentages totalling exactly 100, or ratios." }),
    z
      .strictObject({ kind: z.literal("driver"), driver: idSchema, period: periodKindSchema.optional(), among })
      .meta({ description: "Shares in proportion to a usage driver (users, devices, hours, cases…)." }),
    z
      .strictObject({
        kind: z.literal("blended"),
        components: z.array(z.strictObject({ driver: idSchema, weight: quantitySchema })).min(2),
        period: periodKindSchema.optional(),
        among,
      })
      .meta({ description: "Weighted mix of two or more driver shares." }),
    z.strictObject({ kind: z.literal("direct"), partner: idSchema }).meta({ description: "All to one partner." }),
    z
      .strictObject({
        kind: z.literal("rate"),
        driver: idSchema,
        rate: quantitySchema,
        rounding: roundingSchema,
        period: periodKindSchema.optional(),
        among,
        fallback: basisSchema,
      })
      .meta({
        description: "Agreed quantity × agreed rate; the under- or over-recovery is split by the fallback basis.",
      }),
    z
      .strictObject({
        kind: z.literal("two-stage"),
        first: z.strictObject({ partner: idSchema, percent: quantitySchema }),
        rest: basisSchema,
      })
      .meta({ description: "A fixed percentage to one partner, the rest across the others by another basis." }),
    z
      .strictObject({
        kind: z.literal("composite"),
        unit: z.enum(["percent", "ratio"]),
        components: z.array(z.strictObject({ label: idSchema, weight: quantitySchema, basis: basisSchema })).min(2),
      })
      .meta({ description: "Parts of the pool split by different bases, e.g. 40% equally and 60% by users." }),
  ]),
);

/** Schema of the scenario document: the partnership, its rules and its figures. */
export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(1).meta({ description: "Version of this document format." }),
    partnership: z.strictObject({
      id: idSchema,
      name: textSchema,
      currency: z.string().regex(/^[A-Z]{3}$/, { error: "expected an ISO 4217 code such as GBP" }),
    }),
    partners: z.array(z.strictObject({ id: idSchema, name: textSchema })).min(1),
    services: z.array(
      z.strictObject({
        id: idSchema,
        name: textSchema,
        lead: idSchema,
        participants: z.array(idSchema).min(1).optional(),
        pools: z.array(z.strictObject({ id: idSchema, name: textSchema })).min(1),
        handovers: z
          .array(z.strictObject({ effectiveFrom: dateSchema, lead: idSchema }))
          .optional()
          .meta({
            description:
              "Changes of lead, oldest first, each from the first day of a month: a line is charged by the lead in force on its date; `lead` is the lead before the first.",
          }),
      }),
    ),
    rules: z.array(
      z.strictObject({
        id: idSchema,
        service: idSchema,
        pool: idSchema.optional(),
        effectiveFrom: dateSchema,
        basis: basisSchema,
        remainder: z.enum(REMAINDER_POLICIES).optional(),
        description: textSchema.optional(),
      }),
    ),
    costLines: z.array(costLineSchema).optional(),
    income: z
      .array(
        z.strictObject({
          id: idSchema,
          service: idSchema,
          pool: idSchema.optional(),
          date: dateSchema,
          amount: amountSchema,
          description: textSchema.optional(),
        }),
      )
      .optional(),
    fx: z
      .strictObject({
        rounding: roundingSchema.meta({ description: "How converted amounts are rounded to the minor unit." }),
        rates: z.array(z.strictObject({ currency: currencyCodeSchema, date: dateSchema, rate: positiveSchema })).meta({
          description:
            "Recorded rates: units of the foreign currency per one unit of the partnership currency, by date.",
        }),
        budgetRates: z
          .array(z.strictObject({ currency: currencyCodeSchema, year: periodNameSchema, rate: positiveSchema }))
          .optional()
          .meta({ description: "The budget rate of each currency for each financial year." }),
      })
      .optional()
      .meta({ description: "Exchange rates for cost lines in other currencies." }),
    drivers: z
      .array(
        z.strictObject({ driver: idSchema, partner: idSchema, period: periodNameSchema, quantity: quantitySchema }),
      )
      .optional(),
    support: z
      .strictObject({
        method: z.enum(SUPPORT_METHODS),
        order: z.array(idSchema).optional(),
        consumption: z.array(z.strictObject({ from: idSchema, to: idSchema, share: quantitySchema })),
      })
      .optional(),
    budgets: z
      .array(
        z.strictObject({
          service: idSchema,
          pool: idSchema,
          year: periodNameSchema,
          amount: amountSchema,
          description: textSchema.optional(),
        }),
      )
      .optional()
      .meta({ description: "Budgeted cost of each pool for a financial year, in the partnership currency." }),
    savings: savingsSchema.optional(),
    kpis: z
      .array(kpiDefinitionSchema)
      .optional()
      .meta({ description: "Key performance indicators and their targets." }),
    measurements: z
      .array(kpiMeasurementSchema)
      .optional()
      .meta({ description: "KPI measurements per period (and per council where measured per council)." }),
    calendars: z
      .array(calendarSchema)
      .optional()
      .meta({ description: "Service calendars: when each service is agreed to be available." }),
    outages: z.array(outageSchema).optional().meta({ description: "The outage log." }),
    outageCost: outageCostSchema.optional(),
    availability: availabilitySettingsSchema.optional(),
    kpiScheme: ragSchemeSchema
      .optional()
      .meta({ description: "The partnership's RAG scheme; a KPI's own scheme wins. Default: tolerance." }),
  })
  .meta({
    title: "3C scenario",
    description:
      "A partnership of councils, the services they share, the versioned rules that split each cost pool, and the cost lines, income and drivers of the period.",
  });

/** A scenario document as a user writes it (JSON or YAML). */
export type ScenarioDocument = z.input<typeof scenarioSchema>;
