import { z } from "zod";
import { describeBadDecimal, isDecimalString, ROUNDING_MODES } from "../exact/index.js";
import { isCalendarDate, PERIOD_KINDS, parsePeriod } from "../period/index.js";
import { ID_PATTERN } from "../scenario/ids.js";

/** Plain decimal, as JSON Schema consumers see it (the zod check also bounds the digits). */
const DECIMAL_JSON_PATTERN = "^[+-]?\\d+(\\.\\d+)?$";

/** An identifier: letters, digits, `.`, `_`, `-`; at most 64 characters. */
export const idSchema = z
  .string()
  .regex(ID_PATTERN, {
    error: (iss) => `${JSON.stringify(iss.input)} is not a valid id; use letters, digits, '.', '_' or '-' (at most 64)`,
  })
  .meta({ description: "Identifier: a letter or digit, then letters, digits, '.', '_' or '-' (at most 64)." });

/** Free text shown to people. */
export const textSchema = z.string().min(1, { error: "must not be empty" }).max(500);

function decimal(description: string, nonNegative: boolean) {
  return z
    .string({
      error: (iss) =>
        iss.input === undefined
          ? "is required"
          : `expected a decimal string such as "1234.56", got ${typeof iss.input}`,
    })
    .superRefine((value, ctx) => {
      if (!isDecimalString(value)) {
        ctx.addIssue({
          code: "custom",
          message: `${JSON.stringify(value)} is not a decimal: ${describeBadDecimal(value)}`,
        });
      } else if (nonNegative && value.startsWith("-")) {
        ctx.addIssue({ code: "custom", message: `${JSON.stringify(value)} is negative; expected zero or more` });
      }
    })
    .meta({
      description,
      examples: nonNegative ? ["1234.5"] : ["1234.56", "-0.01"],
      pattern: nonNegative ? "^\\+?\\d+(\\.\\d+)?$" : DECIMAL_JSON_PATTERN,
    });
}

/** A money amount in major units as an exact decimal string. */
export const amountSchema = z
  .string({
    error: (iss) =>
      iss.input === undefined
        ? "is required"
        : `expected a decimal amount as a string such as "1234.56", got ${typeof iss.input}`,
  })
  .superRefine((value, ctx) => {
    if (!isDecimalString(value)) {
      ctx.addIssue({
        code: "custom",
        message: `${JSON.stringify(value)} is not a decimal amount: ${describeBadDecimal(value)}`,
      });
    }
  })
  .meta({
    description: "Amount in major units as an exact decimal string; never a JSON number.",
    examples: ["1234.56", "-0.01"],
    pattern: DECIMAL_JSON_PATTERN,
  });

/** A non-negative exact decimal (weights, quantities, rates, percentages). */
export const quantitySchema = decimal("Exact non-negative decimal as a string.", true);

/** A calendar date `YYYY-MM-DD`. */
export const dateSchema = z
  .string()
  .refine(isCalendarDate, {
    error: (iss) => `${JSON.stringify(iss.input)} is not a calendar date; expected YYYY-MM-DD`,
  })
  .meta({ description: "Calendar date, YYYY-MM-DD.", examples: ["2024-04-01"], format: "date" });

/** A UK financial period name. */
export const periodNameSchema = z
  .string()
  .refine(
    (v) => {
      try {
        parsePeriod(v);
        return true;
      } catch {
        return false;
      }
    },
    {
      error: (iss) =>
        `${JSON.stringify(iss.input)} is not a financial period; expected 2024/25, 2024/25-Q3 or 2024/25-P7`,
    },
  )
  .meta({
    description: "UK financial period: a year (2024/25), quarter (2024/25-Q3) or month (2024/25-P7).",
    examples: ["2024/25", "2024/25-Q3"],
    pattern: "^\\d{4}/\\d{2}(-(Q[1-4]|P(0?[1-9]|1[0-2])))?$",
  });

/** Granularity of driver quantities. */
export const periodKindSchema = z
  .enum(PERIOD_KINDS)
  .meta({ description: "Which period's driver quantities apply to a cost: year, quarter or month." });

/** Rounding mode names. */
export const roundingSchema = z.enum(ROUNDING_MODES);

/** An exact decimal greater than zero (exchange rates). */
export const positiveSchema = quantitySchema.refine((v) => /[1-9]/.test(v), { error: "must be greater than zero" });

/** An ISO 4217 currency code. */
export const currencyCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: "expected an ISO 4217 code such as GBP, USD or EUR" })
  .meta({ description: "ISO 4217 currency code.", examples: ["GBP", "USD", "EUR"] });
