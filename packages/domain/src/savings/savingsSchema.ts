import { z } from "zod";
import {
  amountSchema,
  idSchema,
  periodNameSchema,
  quantitySchema,
  roundingSchema,
  textSchema,
} from "../schema/primitives.js";
import { SAVINGS_ATTRIBUTIONS } from "./SavingsPlan.js";

const yearSchema = periodNameSchema.refine((v) => /^\d{4}\/\d{2}$/.test(v), {
  error: (iss) => `${JSON.stringify(iss.input)} is not a financial year; expected e.g. 2024/25`,
});

const oneOffSplitSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("equal"), among: z.array(idSchema).min(1).optional() }),
  z.strictObject({
    kind: z.literal("fixed"),
    unit: z.enum(["percent", "ratio"]),
    shares: z.record(idSchema, quantitySchema),
  }),
  z.strictObject({ kind: z.literal("baseline") }).meta({ description: "In proportion to the partners' baselines." }),
  z
    .strictObject({ kind: z.literal("contribution") })
    .meta({ description: "In proportion to the partners' contributions in the item's year." }),
  z.strictObject({ kind: z.literal("direct"), partner: idSchema }),
]);

/** The `savings` section of a scenario document: the partnership's savings agreement. */
export const savingsSchema = z
  .strictObject({
    rounding: roundingSchema.meta({ description: "How indexed baselines, targets and percentages are rounded." }),
    attribution: z.enum(SAVINGS_ATTRIBUTIONS).meta({
      description: "actual: each partner's own saving; pro-rata: by contribution; equal: equal shares of the total.",
    }),
    targetPercent: quantitySchema.optional().meta({ description: "Target saving, % of the indexed baseline." }),
    serviceTargets: z.array(z.strictObject({ service: idSchema, percent: quantitySchema })).optional(),
    indices: z
      .array(
        z.strictObject({
          id: idSchema,
          name: textSchema,
          values: z.array(z.strictObject({ year: yearSchema, value: quantitySchema })).min(1),
        }),
      )
      .optional()
      .meta({ description: "Pay and price index series, a value per financial year." }),
    baselines: z
      .array(
        z.strictObject({
          partner: idSchema,
          service: idSchema,
          baseYear: yearSchema,
          amount: amountSchema,
          indexation: z
            .array(z.strictObject({ index: idSchema, weight: quantitySchema }))
            .min(1)
            .optional(),
        }),
      )
      .meta({ description: "Each partner's own annual cost of a service before sharing." }),
    contributions: z
      .array(
        z.strictObject({
          partner: idSchema,
          service: idSchema,
          year: yearSchema,
          amount: amountSchema,
          source: textSchema.optional(),
        }),
      )
      .optional()
      .meta({ description: "Past years' contributions (recharged share, plus the lead's retained share)." }),
    oneOffs: z
      .array(
        z.strictObject({
          id: idSchema,
          kind: z.enum(["cost", "funding"]),
          category: idSchema.meta({ description: "e.g. set-up, redundancy, transformation, grant" }),
          service: idSchema.optional(),
          year: yearSchema,
          amount: amountSchema,
          split: oneOffSplitSchema,
          description: textSchema.optional(),
        }),
      )
      .optional()
      .meta({ description: "One-off costs and their external funding, each split by its own rule." }),
  })
  .meta({ description: "Savings per council: baselines, indexation, target, attribution and one-off items." });

/** The `savings` section as a user writes it. */
export type SavingsDocument = z.input<typeof savingsSchema>;
