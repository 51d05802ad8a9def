import { z } from "@hono/zod-openapi";

/** The range and default of an integer query parameter, and what it means for the API reference. */
export interface IntegerQueryOptions {
  readonly min: number;
  readonly max: number;
  /** The value taken when the parameter is absent. */
  readonly default: number;
  readonly description: string;
}

const DIGITS = /^[0-9]+$/;

/**
 * An integer query parameter: a plain decimal integer (digits only) within its range. `Number()`
 * and `z.coerce.number()` also read `1e3`, `10.0`, ` 10`, `+10` and `0x10`, so a client that sends
 * them would be answered as if it had written something else; here each is refused, with the range.
 * The API reference shows it as an integer with its minimum, maximum and default.
 *
 * @param options - the range, the default and a description
 * @returns the parameter's schema (a number once valid)
 * @example
 * query: z.object({ limit: integerQuery({ min: 1, max: 1000, default: 100, description: "Records per page" }) })
 */
export function integerQuery(options: IntegerQueryOptions) {
  const { min, max, description } = options;
  const inRange = (text: string) => DIGITS.test(text) && Number(text) >= min && Number(text) <= max;
  return z
    .string()
    .refine(inRange, {
      error: (issue) =>
        `expected a whole number from ${min} to ${max}, in digits only, not ${JSON.stringify(issue.input)}`,
    })
    .transform(Number)
    .default(options.default)
    .openapi({ type: "integer", minimum: min, maximum: max, default: options.default, description });
}
