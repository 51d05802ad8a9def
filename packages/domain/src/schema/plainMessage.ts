import type { z } from "zod";

/** How a problem names the kind of value a field takes. */
const KIND: Readonly<Record<string, string>> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  bigint: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  date: "a date",
  null: "null",
};

/** A value as a problem shows it: short, and never a whole object or list. */
function shown(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

/**
 * The domain's words for zod's generic problems, passed to every parse the domain makes (a
 * per-parse error map: a schema's own message still wins). zod says `Invalid input: expected string,
 * received undefined`; a finance officer reading a workbook's problems, or a developer reading a
 * 422, is told `is required; expected text`. Problems this does not word keep zod's message.
 *
 * @param issue - zod's raw issue, with the input it was given
 * @returns the message, or undefined for zod's own
 * @example parseScenario({}) // partners: "is required; expected a list", schemaVersion: "is required; expected 1"
 */
export const plainMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type": {
      const what = KIND[issue.expected] ?? issue.expected;
      return issue.input === undefined
        ? `is required; expected ${what}`
        : `expected ${what}, not ${shown(issue.input)}`;
    }
    case "invalid_value": {
      const values = issue.values.map((v) => JSON.stringify(v));
      const allowed =
        values.length <= 2 ? values.join(" or ") : `one of ${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;
      return issue.input === undefined
        ? `is required; expected ${allowed}`
        : `expected ${allowed}, not ${shown(issue.input)}`;
    }
    case "too_small":
      return issue.origin === "array" && Array.isArray(issue.input)
        ? `expected at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}, not ${issue.input.length}`
        : undefined;
    case "unrecognized_keys":
      return `unknown field${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
    default:
      return undefined;
  }
};

/** The parse options every domain parse passes: `schema.safeParse(input, PLAIN)`. */
export const PLAIN = { error: plainMessage } as const;
