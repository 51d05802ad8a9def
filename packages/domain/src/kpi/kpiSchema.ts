import { z } from "zod";
import { ROUNDING_MODES } from "../exact/index.js";
import type { CalendarDate } from "../period/index.js";
import { parsePeriod } from "../period/index.js";
import {
  amountSchema,
  dateSchema,
  idSchema,
  periodNameSchema,
  quantitySchema,
  textSchema,
} from "../schema/primitives.js";
import {
  KPI_AGGREGATIONS,
  KPI_POLARITIES,
  KPI_UNITS,
  type KpiAggregation,
  type KpiDefinition,
  type KpiDisplay,
  type KpiTarget,
  type KpiUnit,
  WILSON_CONFIDENCES,
} from "./KpiDefinition.js";
import type { KpiMeasurement } from "./KpiMeasurement.js";
import { kpiFirstDay } from "./kpiFirstDay.js";
import { kpiSpanProblems, MAX_KPI_DECIMALS } from "./kpiProblems.js";

/** A signed exact decimal in a KPI's unit (targets, values). */
const kpiNumberSchema = amountSchema.meta({
  description: "Exact decimal as a string, in the KPI's unit (97.8 for 97.8%).",
  examples: ["80", "97.8"],
});

const toleranceSchema = z
  .discriminatedUnion("kind", [
    z
      .strictObject({ kind: z.literal("absolute"), amount: quantitySchema })
      .meta({ description: "A fixed distance in the KPI's unit (percentage points for a % KPI)." }),
    z
      .strictObject({ kind: z.literal("relative"), percent: quantitySchema })
      .meta({ description: "A percentage of the target (10 = 10% of the target)." }),
  ])
  .meta({ description: "A distance from the target: absolute, or relative to the target." });

/** Schema of a RAG scheme as written in a document. */
export const ragSchemeSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("tolerance") }).meta({
      description: "Green when met, Amber within the KPI's tolerance, Red beyond.",
    }),
    z.strictObject({ kind: z.literal("bands"), green: toleranceSchema, amber: toleranceSchema }).meta({
      description: "Green within the green band of the target, Amber within the amber band, Red beyond.",
    }),
    z.strictObject({ kind: z.literal("improvement") }).meta({
      description: "As tolerance, but Amber rather than Red when better than the same period last year.",
    }),
  ])
  .meta({ description: "How a value is rated Green, Amber or Red against its target." });

const targetSchema = z
  .strictObject({
    year: periodNameSchema.optional().meta({ description: "In force from the start of this financial year." }),
    effectiveFrom: dateSchema.optional().meta({ description: "In force from this date (for a mid-year change)." }),
    value: kpiNumberSchema.optional().meta({ description: "The target of a higher- or lower-is-better KPI." }),
    lower: kpiNumberSchema.optional().meta({ description: "The lower edge of a within-band KPI's band." }),
    upper: kpiNumberSchema.optional().meta({ description: "The upper edge of a within-band KPI's band." }),
    notApplicable: z.literal(true).optional().meta({ description: "The KPI is suspended from this date." }),
    note: textSchema.optional(),
  })
  .superRefine((t, ctx) => {
    if ((t.year === undefined) === (t.effectiveFrom === undefined)) {
      ctx.addIssue({ code: "custom", message: "give either year or effectiveFrom" });
    }
    if (t.year !== undefined && !/^\d{4}\/\d{2}$/.test(t.year)) {
      ctx.addIssue({ code: "custom", path: ["year"], message: `${t.year} is not a financial year such as 2024/25` });
    }
    const kinds = [t.value !== undefined, t.lower !== undefined || t.upper !== undefined, t.notApplicable === true];
    if (kinds.filter(Boolean).length !== 1) {
      ctx.addIssue({ code: "custom", message: "give a value, a band (lower and upper) or notApplicable: true" });
    } else if ((t.lower === undefined) !== (t.upper === undefined)) {
      ctx.addIssue({ code: "custom", message: "a band needs both lower and upper" });
    }
  })
  .meta({ description: "One version of a target, in force until the next one." });

/** Schema of a KPI definition as a user writes it in a document. */
export const kpiDefinitionSchema = z
  .strictObject({
    code: idSchema.meta({ description: "Stable KPI code, e.g. LEGAL-KPI-1." }),
    name: textSchema.meta({
      description: "What it measures: printed in every year before its first renaming (names).",
    }),
    names: z
      .array(
        z
          .strictObject({
            from: periodNameSchema.meta({ description: "The first financial year it is printed, e.g. 2025/26." }),
            name: textSchema,
          })
          .meta({ description: "The KPI's name from a financial year on." }),
      )
      .optional()
      .meta({
        description:
          "Renamings, in order of their years (none before from): a year's scorecard and reports print the latest one from that year or earlier, else name, so a closed year keeps the name it printed.",
      }),
    service: idSchema,
    from: periodNameSchema.optional().meta({
      description:
        "The first financial year it is reported, e.g. 2025/26: earlier years' scorecards leave it out. Default: every year its service is in effect.",
    }),
    to: periodNameSchema.optional().meta({
      description:
        "The last financial year it is reported, e.g. 2026/27, for a retired KPI: later years' scorecards leave it out. Default: every year from `from` on.",
    }),
    unit: z.enum(KPI_UNITS),
    polarity: z.enum(KPI_POLARITIES),
    aggregation: z.enum(KPI_AGGREGATIONS).optional().meta({
      description:
        "How measurements combine. Default: ratio for percent, sum for count and money; required for hours and days.",
    }),
    targets: z.array(targetSchema).meta({ description: "Target versions; periods are judged by the one in force." }),
    tolerance: toleranceSchema.optional(),
    monitoringOnly: z.boolean().optional().meta({ description: "Grey, never rated. Default false." }),
    scheme: ragSchemeSchema.optional().meta({ description: "This KPI's own RAG scheme." }),
    blue: toleranceSchema.optional().meta({ description: "Blue when the target is beaten by at least this much." }),
    review: z
      .strictObject({ margin: quantitySchema, periods: z.int().min(1) })
      .optional()
      .meta({ description: "Flag the target for review when beaten by margin in this many quarters running." }),
    sample: z
      .strictObject({ lowResponseRate: quantitySchema, confidence: z.enum(WILSON_CONFIDENCES) })
      .optional()
      .meta({ description: "Response rate (%) below which a Wilson interval is given. Default 50, at 95%." }),
    display: z
      .strictObject({ decimals: z.int().min(0).max(MAX_KPI_DECIMALS), rounding: z.enum(ROUNDING_MODES) })
      .optional()
      .meta({ description: "Places and rounding mode for shown values. Default: by unit, half-up." }),
  })
  .superRefine((k, ctx) => {
    // A name that is no period at all ("2025") is reported once, by the field's own schema.
    const isPeriod = (name: string | undefined) => name !== undefined && periodNameSchema.safeParse(name).success;
    if (isPeriod(k.from) && kpiFirstDay({ from: k.from }) === undefined) {
      ctx.addIssue({ code: "custom", path: ["from"], message: `${k.from} is not a financial year such as 2025/26` });
    }
    if (k.to === undefined || isPeriod(k.to)) {
      for (const problem of kpiSpanProblems(k)) ctx.addIssue({ code: "custom", ...problem });
    }
    k.names?.forEach((n, j) => {
      if (isPeriod(n.from) && kpiFirstDay(n) === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["names", j, "from"],
          message: `${n.from} is not a financial year such as 2025/26`,
        });
    });
    if (k.aggregation === undefined && (k.unit === "hours" || k.unit === "days")) {
      ctx.addIssue({
        code: "custom",
        path: ["aggregation"],
        message: `is required for a KPI in ${k.unit}: say how values combine (ratio, sum, mean, last, max or min)`,
      });
    }
  })
  .meta({ title: "KPI", description: "A key performance indicator and its targets over time." });

/** Schema of a KPI measurement as a user writes it in a document. */
export const kpiMeasurementSchema = z
  .strictObject({
    kpi: idSchema,
    period: periodNameSchema,
    partner: idSchema.optional().meta({ description: "The council measured; absent for the whole partnership." }),
    value: kpiNumberSchema.optional(),
    numerator: quantitySchema.optional(),
    denominator: quantitySchema.optional(),
    responses: z.int().min(0).optional().meta({ description: "Responses received, for a sample." }),
    population: z.int().min(1).optional().meta({ description: "Surveyed or eligible, for a sample." }),
    note: textSchema.optional().meta({ description: "Corrective action or commentary." }),
  })
  .meta({ title: "KPI measurement", description: "A KPI's value, or numerator and denominator, for one period." });

/** A KPI definition as written in a document. */
export type KpiDefinitionDocument = z.input<typeof kpiDefinitionSchema>;
/** A KPI measurement as written in a document. */
export type KpiMeasurementDocument = z.input<typeof kpiMeasurementSchema>;

/** The decimals shown when a document gives no display rule. */
export const DEFAULT_KPI_DECIMALS: Readonly<Record<KpiUnit, number>> = {
  percent: 1,
  count: 0,
  money: 2,
  hours: 1,
  days: 1,
};

/** `{ key: value }`, or nothing when the value is absent (optional fields stay absent, not undefined). */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}

function defaultAggregation(unit: KpiUnit): KpiAggregation {
  return unit === "percent" ? "ratio" : unit === "hours" || unit === "days" ? "mean" : "sum";
}

/**
 * Turns a parsed KPI definition document into a {@link KpiDefinition}, filling in the documented
 * defaults (aggregation by unit, display by unit with half-up rounding, not monitoring-only).
 *
 * @param doc - the output of `kpiDefinitionSchema.parse`
 * @returns the definition
 * @example toKpiDefinition(kpiDefinitionSchema.parse(json)).targets[0]?.effectiveFrom // "2019-04-01"
 */
export function toKpiDefinition(doc: z.output<typeof kpiDefinitionSchema>): KpiDefinition {
  const display: KpiDisplay = doc.display ?? { decimals: DEFAULT_KPI_DECIMALS[doc.unit], rounding: "half-up" };
  return {
    code: doc.code,
    name: doc.name,
    ...opt(
      "names",
      doc.names?.map((n) => ({ from: n.from, name: n.name })),
    ),
    service: doc.service,
    ...opt("from", doc.from),
    ...opt("to", doc.to),
    unit: doc.unit,
    polarity: doc.polarity,
    aggregation: doc.aggregation ?? defaultAggregation(doc.unit),
    targets: doc.targets.map((t): KpiTarget => {
      const effectiveFrom = (t.effectiveFrom ??
        (t.year === undefined ? "" : parsePeriod(t.year).start)) as CalendarDate;
      const note = opt("note", t.note);
      if (t.value !== undefined) return { kind: "value", effectiveFrom, value: t.value, ...note };
      if (t.lower !== undefined && t.upper !== undefined)
        return { kind: "band", effectiveFrom, lower: t.lower, upper: t.upper, ...note };
      return { kind: "not-applicable", effectiveFrom, ...note };
    }),
    ...opt("tolerance", doc.tolerance),
    monitoringOnly: doc.monitoringOnly ?? false,
    ...opt("scheme", doc.scheme),
    ...opt("blue", doc.blue),
    ...opt("review", doc.review),
    ...opt("sample", doc.sample),
    display,
  };
}

/**
 * Turns a parsed measurement document into a {@link KpiMeasurement}, with the period's canonical
 * name (`2024/25-P07` becomes `2024/25-P7`).
 *
 * @param doc - the output of `kpiMeasurementSchema.parse`
 * @returns the measurement
 */
export function toKpiMeasurement(doc: z.output<typeof kpiMeasurementSchema>): KpiMeasurement {
  return {
    kpi: doc.kpi,
    period: parsePeriod(doc.period).name,
    ...opt("partner", doc.partner),
    ...opt("value", doc.value),
    ...opt("numerator", doc.numerator),
    ...opt("denominator", doc.denominator),
    ...opt("responses", doc.responses),
    ...opt("population", doc.population),
    ...opt("note", doc.note),
  };
}
