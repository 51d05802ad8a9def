import { isCalendarDate, parsePeriod } from "@3c/domain";
import { z } from "zod";

/** The document kinds, by their name in URLs. */
export const DOCUMENT_KIND_NAMES = [
  "baselines",
  "one-off-costs",
  "kpi-definitions",
  "kpi-targets",
  "kpi-measurements",
  "outages",
  "service-calendars",
] as const;

/** A document kind's name. */
export type DocumentKindName = (typeof DOCUMENT_KIND_NAMES)[number];

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const id = z.string().regex(ID, { error: "letters, digits, '.', '_' or '-' (at most 64)" });
const date = z.string().refine(isCalendarDate, { error: "expected a calendar date YYYY-MM-DD" });
const period = z.string().refine(
  (v) => {
    try {
      parsePeriod(v);
      return true;
    } catch {
      return false;
    }
  },
  { error: "expected a financial period such as 2024/25 or 2024/25-Q3" },
);
const decimal = z.string().regex(/^[+-]?\d+(\.\d+)?$/, { error: 'expected a decimal string such as "1234.56"' });

/**
 * The fields the store relies on, per kind; every other field is kept as given. Amounts must be
 * decimal strings wherever these name them. These are placeholders for the domain's own schemas.
 */
const SCHEMAS: Readonly<Record<DocumentKindName, z.ZodType<Record<string, unknown>>>> = {
  baselines: z.looseObject({ id, service: id, partner: id, year: period, amount: decimal }),
  "one-off-costs": z.looseObject({ id, service: id, date, amount: decimal, partner: id.optional() }),
  "kpi-definitions": z.looseObject({ id, service: id, name: z.string().min(1) }),
  "kpi-targets": z.looseObject({ id, kpi: id, service: id, period }),
  "kpi-measurements": z.looseObject({ id, kpi: id, service: id, period, partner: id.optional() }),
  outages: z.looseObject({ id, service: id, start: z.string().min(1), end: z.string().min(1) }),
  "service-calendars": z.looseObject({ id, service: id }),
};

/**
 * The schema of a document kind.
 *
 * @param kind - the kind
 * @returns its zod schema (the required fields; others pass through)
 */
export function documentSchema(kind: DocumentKindName): z.ZodType<Record<string, unknown>> {
  return SCHEMAS[kind];
}

/**
 * The dates a document falls on, to refuse it in a closed period: its `date`, its `period` or
 * `year`, or the day its outage starts.
 *
 * @param doc - a valid document
 * @returns [start, end), or undefined when it is not dated
 */
export function documentSpan(doc: Readonly<Record<string, unknown>>): { start: string; end: string } | undefined {
  const text = (k: string) => (typeof doc[k] === "string" ? (doc[k] as string) : undefined);
  const p = text("period") ?? text("year");
  if (p !== undefined) {
    const fp = parsePeriod(p);
    return { start: fp.start, end: fp.end };
  }
  const d = text("date") ?? text("start")?.slice(0, 10);
  if (d === undefined || !isCalendarDate(d)) return undefined;
  const next = new Date(`${d}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return { start: d, end: next.toISOString().slice(0, 10) };
}

/**
 * Whether a string names a document kind.
 *
 * @param name - candidate
 * @returns true for one of {@link DOCUMENT_KIND_NAMES}
 */
export function isDocumentKindName(name: string): name is DocumentKindName {
  return (DOCUMENT_KIND_NAMES as readonly string[]).includes(name);
}
