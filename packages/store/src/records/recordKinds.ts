import {
  addDays,
  type CalendarDate,
  fromMinor,
  parseMoney,
  parsePeriod,
  scenarioSchema,
  toDecimalString,
} from "@3c/domain";
import type { z } from "zod";

/** The kinds of record a partnership holds in bulk, by their name in URLs. */
export const RECORD_KIND_NAMES = [
  "cost-lines",
  "income",
  "drivers",
  "fx-rates",
  "budget-lines",
  "budget-drivers",
  "budget-fx-rates",
] as const;

/** A record kind's name. */
export type RecordKindName = (typeof RECORD_KIND_NAMES)[number];

/** A column's SQL type: money is `bigint` minor units, quantities and rates `numeric`. */
type SqlType = "text" | "date" | "numeric" | "bigint";

/** A record as the API shows it: its id and its fields as in the scenario document. */
export type RecordDocument = { readonly id: string } & Readonly<Record<string, string>>;

/** How one kind of record is validated, stored and read back. */
export interface RecordKind {
  readonly name: RecordKindName;
  /** Singular, for messages. */
  readonly label: string;
  readonly table: string;
  /** Constant columns that tell this kind from its sibling in the same table (actual or budget). */
  readonly fixed: Readonly<Record<string, string>>;
  /** The scenario document's schema of one item. */
  readonly schema: z.ZodType<Record<string, unknown>>;
  /** The CSV column layout, in order (the document's fields). */
  readonly fields: readonly string[];
  /** The SQL columns after `partnership_id`, `id` and the fixed ones, with their types. */
  readonly columns: readonly (readonly [string, SqlType])[];
  /** The record's id: given for lines, derived from the natural key for the others. */
  idOf(doc: Readonly<Record<string, string>>): string;
  /** The column values in `columns` order (throws DomainError for an amount the currency cannot hold). */
  toRow(doc: Readonly<Record<string, string>>, partnershipCurrency: string): (string | null)[];
  /** The document back from a row read with every column as text. */
  fromRow(row: Readonly<Record<string, string | null>>): RecordDocument;
  /** The dates the record falls on, [start, end), to refuse it in a closed period. */
  span(doc: Readonly<Record<string, string>>): { readonly start: string; readonly end: string } | undefined;
  /** The column filtered by `?service=` and `?partner=`, if the kind has one. */
  readonly serviceColumn?: string;
  readonly partnerColumn?: string;
  /** How `?period=` filters: by a date column inside the period, or a period column within it. */
  readonly periodFilter?: "date" | "span" | "year";
}

const shape = scenarioSchema.shape;
const costLineSchema = shape.costLines.unwrap().element;
const incomeSchema = shape.income.unwrap().element;
const driverSchema = shape.drivers.unwrap().element;
const fxShape = shape.fx.unwrap().shape;
const fxRateSchema = fxShape.rates.element;
const budgetRateSchema = fxShape.budgetRates.unwrap().element;

const opt = (row: Readonly<Record<string, string | null>>, key: string, column: string) => {
  const v = row[column];
  return v === null || v === undefined ? {} : { [key]: v };
};
const req = (row: Readonly<Record<string, string | null>>, column: string): string => row[column] ?? "";
const money = (row: Readonly<Record<string, string | null>>) =>
  toDecimalString(fromMinor(BigInt(req(row, "amount_minor")), req(row, "currency")));
// The domain's day arithmetic, not a Date: this runs for every row of an import (a Date and its ISO
// string were about 3 µs a row, 0.3 s of a 100,000-line import).
const nextDay = (date: string): string => addDays(date as CalendarDate, 1);
// "2024/25" in an id: slashes would need escaping in URLs.
const periodKey = (period: string) => parsePeriod(period).name.replace("/", "-");

function costLines(name: "cost-lines" | "budget-lines", basis: "actual" | "budget"): RecordKind {
  return {
    name,
    label: basis === "actual" ? "cost line" : "budget line",
    table: "cost_lines",
    fixed: { basis },
    schema: costLineSchema as z.ZodType<Record<string, unknown>>,
    fields: ["id", "service", "pool", "date", "amount", "currency", "vat", "description"],
    columns: [
      ["service_id", "text"],
      ["pool_id", "text"],
      ["date", "date"],
      ["amount_minor", "bigint"],
      ["currency", "text"],
      ["vat", "text"],
      ["description", "text"],
    ],
    idOf: (d) => d.id ?? "",
    toRow: (d, cur) => {
      const currency = d.currency ?? cur;
      return [
        d.service ?? "",
        d.pool ?? "",
        d.date ?? "",
        String(parseMoney(d.amount ?? "", currency, { path: "amount" }).minor),
        currency,
        d.vat ?? null,
        d.description ?? null,
      ];
    },
    fromRow: (r) => ({
      id: req(r, "id"),
      service: req(r, "service_id"),
      pool: req(r, "pool_id"),
      date: req(r, "date"),
      amount: money(r),
      currency: req(r, "currency"),
      ...opt(r, "vat", "vat"),
      ...opt(r, "description", "description"),
    }),
    span: (d) => (d.date === undefined ? undefined : { start: d.date, end: nextDay(d.date) }),
    serviceColumn: "service_id",
    periodFilter: "date",
  };
}

function drivers(name: "drivers" | "budget-drivers", basis: "actual" | "budget"): RecordKind {
  return {
    name,
    label: basis === "actual" ? "driver quantity" : "estimated driver quantity",
    table: "drivers",
    fixed: { basis },
    schema: driverSchema as z.ZodType<Record<string, unknown>>,
    fields: ["driver", "partner", "period", "quantity"],
    columns: [
      ["driver", "text"],
      ["partner_id", "text"],
      ["period", "text"],
      ["start_date", "date"],
      ["end_date", "date"],
      ["quantity", "numeric"],
    ],
    idOf: (d) => `${d.driver}.${d.partner}.${periodKey(d.period ?? "")}`,
    toRow: (d) => {
      const p = parsePeriod(d.period ?? "");
      return [d.driver ?? "", d.partner ?? "", p.name, p.start, p.end, d.quantity ?? ""];
    },
    fromRow: (r) => ({
      id: req(r, "id"),
      driver: req(r, "driver"),
      partner: req(r, "partner_id"),
      period: req(r, "period"),
      quantity: req(r, "quantity"),
    }),
    span: (d) => {
      const p = parsePeriod(d.period ?? "");
      return { start: p.start, end: p.end };
    },
    partnerColumn: "partner_id",
    periodFilter: "span",
  };
}

const KINDS: Readonly<Record<RecordKindName, RecordKind>> = {
  "cost-lines": costLines("cost-lines", "actual"),
  "budget-lines": costLines("budget-lines", "budget"),
  income: {
    name: "income",
    label: "income line",
    table: "income",
    fixed: {},
    schema: incomeSchema as z.ZodType<Record<string, unknown>>,
    fields: ["id", "service", "pool", "date", "amount", "description"],
    columns: [
      ["service_id", "text"],
      ["pool_id", "text"],
      ["date", "date"],
      ["amount_minor", "bigint"],
      ["currency", "text"],
      ["description", "text"],
    ],
    idOf: (d) => d.id ?? "",
    toRow: (d, cur) => [
      d.service ?? "",
      d.pool ?? null,
      d.date ?? "",
      String(parseMoney(d.amount ?? "", cur, { path: "amount" }).minor),
      cur,
      d.description ?? null,
    ],
    fromRow: (r) => ({
      id: req(r, "id"),
      service: req(r, "service_id"),
      ...opt(r, "pool", "pool_id"),
      date: req(r, "date"),
      amount: money(r),
      ...opt(r, "description", "description"),
    }),
    span: (d) => (d.date === undefined ? undefined : { start: d.date, end: nextDay(d.date) }),
    serviceColumn: "service_id",
    periodFilter: "date",
  },
  drivers: drivers("drivers", "actual"),
  "budget-drivers": drivers("budget-drivers", "budget"),
  "fx-rates": {
    name: "fx-rates",
    label: "exchange rate",
    table: "fx_rates",
    fixed: { kind: "actual" },
    schema: fxRateSchema as z.ZodType<Record<string, unknown>>,
    fields: ["currency", "date", "rate"],
    columns: [
      ["currency", "text"],
      ["date", "date"],
      ["rate", "numeric"],
    ],
    idOf: (d) => `${d.currency}.${d.date}`,
    toRow: (d) => [d.currency ?? "", d.date ?? "", d.rate ?? ""],
    fromRow: (r) => ({ id: req(r, "id"), currency: req(r, "currency"), date: req(r, "date"), rate: req(r, "rate") }),
    span: (d) => (d.date === undefined ? undefined : { start: d.date, end: nextDay(d.date) }),
    periodFilter: "date",
  },
  "budget-fx-rates": {
    name: "budget-fx-rates",
    label: "budget exchange rate",
    table: "fx_rates",
    fixed: { kind: "budget" },
    schema: budgetRateSchema as z.ZodType<Record<string, unknown>>,
    fields: ["currency", "year", "rate"],
    columns: [
      ["currency", "text"],
      ["year", "text"],
      ["rate", "numeric"],
    ],
    idOf: (d) => `${d.currency}.${periodKey(d.year ?? "")}`,
    toRow: (d) => [d.currency ?? "", parsePeriod(d.year ?? "").name, d.rate ?? ""],
    fromRow: (r) => ({ id: req(r, "id"), currency: req(r, "currency"), year: req(r, "year"), rate: req(r, "rate") }),
    span: (d) => {
      const p = parsePeriod(d.year ?? "");
      return { start: p.start, end: p.end };
    },
    periodFilter: "year",
  },
};

/**
 * The definition of a record kind.
 *
 * @param name - the kind's URL name
 * @returns how it is validated, stored and read
 */
export function recordKind(name: RecordKindName): RecordKind {
  return KINDS[name];
}

/**
 * Whether a string names a record kind.
 *
 * @param name - candidate
 * @returns true for one of {@link RECORD_KIND_NAMES}
 */
export function isRecordKindName(name: string): name is RecordKindName {
  return (RECORD_KIND_NAMES as readonly string[]).includes(name);
}
