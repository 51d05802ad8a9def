import { DomainError, type ValidationIssue } from "../errors/index.js";
import { isDecimalString, MAX_DECIMAL_DIGITS } from "../exact/index.js";
import { currency, isCurrencyCode, parseMoney } from "../money/index.js";
import { isCalendarDate } from "../period/index.js";
import { PLAIN } from "../schema/plainMessage.js";
import { costLineSchema } from "../schema/scenarioSchema.js";
import { ID_PATTERN } from "./ids.js";
import type { Scenario } from "./Scenario.js";

/**
 * What a cost line is checked against: the partnership's currency, each service's pools, and the
 * currencies that have exchange rates.
 */
export interface CostLineStructure {
  /** The partnership's currency (`partnership.currency`); undefined when the document lacks one. */
  readonly currency: string | undefined;
  /** Each service's id, with the ids of its pools. */
  readonly pools: ReadonlyMap<string, ReadonlySet<string>>;
  /** Currencies with exchange rates (`fx.rates[].currency`). */
  readonly fxCurrencies: ReadonlySet<string>;
}

/** The fields of a cost line as written in a document (`costLines[i]`). */
export type CostLineField = "id" | "service" | "pool" | "date" | "amount" | "currency" | "vat" | "description";

/** A problem with one field of a cost line. */
export interface CostLineIssue {
  readonly field: CostLineField;
  readonly message: string;
}

/**
 * The structure of a parsed scenario that its cost lines are checked against.
 *
 * @param scenario - a parsed scenario
 * @returns its currency, services with their pools, and currencies with exchange rates
 */
export function costLineStructure(scenario: Scenario): CostLineStructure {
  return {
    currency: scenario.partnership.currency,
    pools: new Map(scenario.services.map((s) => [s.id as string, new Set(s.pools.map((p) => p.id))])),
    fxCurrencies: new Set((scenario.fx?.rates ?? []).map((r) => r.currency as string)),
  };
}

const NO_ISSUES: readonly CostLineIssue[] = Object.freeze([]);
const FIELDS = Object.keys(costLineSchema.shape) as CostLineField[];
const SHAPE = costLineSchema.shape;
/** The fields a line may leave out (optional in the schema). */
const OPTIONAL: ReadonlySet<CostLineField> = new Set(["currency", "vat", "description"]);

/** Options for {@link checkCostLine}. */
export interface CheckCostLineOptions {
  /** False when the lines have no ids of their own (summed from a ledger): `id` is not checked. */
  readonly ids?: boolean;
}
const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** Whether the field's value passes its schema; a cheap test, the schema itself only on failure. */
function passes(field: CostLineField, v: unknown): boolean {
  if (typeof v !== "string") return false;
  switch (field) {
    case "id":
    case "service":
    case "pool":
      return ID_PATTERN.test(v);
    case "date":
      return isCalendarDate(v);
    case "amount":
      return isDecimalString(v);
    case "currency":
      return CURRENCY_PATTERN.test(v);
    case "vat":
      return v === "outside-scope" || v === "standard";
    case "description":
      return v.length >= 1 && v.length <= 500;
    default:
      return false;
  }
}

/** Decimal places written in a decimal string. */
function add(issues: CostLineIssue[] | undefined, field: CostLineField, message: string): CostLineIssue[] {
  const out = issues ?? [];
  out.push({ field, message });
  return out;
}

function str(line: Readonly<Record<string, unknown>>, k: CostLineField): string | undefined {
  const v = line[k];
  return typeof v === "string" ? v : undefined;
}

function places(amount: string): number {
  const dot = amount.indexOf(".");
  return dot === -1 ? 0 : amount.length - dot - 1;
}

/**
 * Checks one cost line of a document against the scenario's structure, exactly as
 * `parseScenario` checks each of `costLines`: every field's form (the same messages as the
 * document schema), a known service and one of its pools, a known currency with exchange rates
 * when foreign, and no more decimal places than the currency has. Checks that need the other
 * lines — unique ids, a rule for every pool — are not made here.
 *
 * Built for streams of lines: a valid line allocates nothing, and the schema is consulted only to
 * word a problem.
 *
 * @param line - the line as written (`{ id, service, pool, date, amount, currency?, vat?, description? }`)
 * @param structure - what to check it against (see {@link costLineStructure})
 * @param options - `ids: false` for lines without ids of their own
 * @returns the problems, in the order of the fields; empty (and shared) when the line is valid
 * @example
 * const structure = costLineStructure(scenario);
 * checkCostLine({ id: "L1", service: "ICT", pool: "staff", date: "2024-04-30", amount: "12.345" }, structure);
 * // [{ field: "amount", message: '"12.345" has more decimal places than GBP allows (2)' }]
 */
export function checkCostLine(
  line: Readonly<Record<string, unknown>>,
  structure: CostLineStructure,
  options: CheckCostLineOptions = {},
): readonly CostLineIssue[] {
  const checkId = options.ids !== false;
  // No closures made per line (add and str are module functions): the check runs on every line of
  // a ledger or an import.
  let issues: CostLineIssue[] | undefined;
  for (const field of FIELDS) {
    const v = line[field];
    if ((v === undefined && OPTIONAL.has(field)) || (field === "id" && !checkId)) continue;
    if (passes(field, v)) continue;
    const result = SHAPE[field].safeParse(v, PLAIN);
    if (!result.success) for (const iss of result.error.issues) issues = add(issues, field, iss.message);
  }
  // The references, as parseScenario's cross-checks read them: defensively, so a line with a
  // malformed field still has its other fields checked.
  const service = str(line, "service");
  if (service !== undefined) {
    const pools = structure.pools.get(service);
    const pool = str(line, "pool");
    if (pools === undefined) issues = add(issues, "service", `unknown service ${JSON.stringify(service)}`);
    else if (pool === undefined) issues = add(issues, "pool", "is required");
    else if (!pools.has(pool)) issues = add(issues, "pool", `service ${service} has no pool ${JSON.stringify(pool)}`);
  }
  const amount = str(line, "amount");
  const own = str(line, "currency");
  const code = own ?? structure.currency;
  if (code !== undefined && amount !== undefined) {
    if (!isCurrencyCode(code)) {
      if (own !== undefined && CURRENCY_PATTERN.test(own))
        issues = add(issues, "currency", `unknown currency ${JSON.stringify(own)}`);
    } else {
      if (code !== structure.currency && !structure.fxCurrencies.has(code)) {
        issues = add(
          issues,
          "currency",
          `the line is in ${code} but fx.rates has no ${code} rates to convert it to ${structure.currency}`,
        );
      }
      const exponent = currency(code).exponent;
      if (places(amount) > exponent) {
        try {
          parseMoney(amount, code);
        } catch (error) {
          if (error instanceof DomainError && error.code === "PRECISION_LOSS")
            issues = add(
              issues,
              "amount",
              `${JSON.stringify(amount)} has more decimal places than ${code} allows (${exponent})`,
            );
        }
      }
    }
  }
  // In the order of the fields, as a reader scans the line.
  if (issues === undefined) return NO_ISSUES;
  return issues.length === 1 ? issues : issues.sort((a, b) => FIELDS.indexOf(a.field) - FIELDS.indexOf(b.field));
}

/**
 * {@link checkCostLine}'s problems as validation issues at `base.field`.
 *
 * @param issues - the line's problems
 * @param base - the line's path, e.g. `costLines[42]`
 * @returns the issues with paths such as `costLines[42].amount`
 */
export function costLineIssuesAt(issues: readonly CostLineIssue[], base: string): ValidationIssue[] {
  return issues.map((i) => ({ path: `${base}.${i.field}`, message: i.message }));
}

/** Whether `text` is a plain decimal of at most `exponent` places: then it passes the schema and parses exactly. */
function plainAmount(text: string, exponent: number): boolean {
  // Within the digit limit whatever the sign and point; isDecimalString reads the characters.
  return text.length <= MAX_DECIMAL_DIGITS && isDecimalString(text) && places(text) <= exponent;
}

/** A memo of at most `limit` answers; beyond that it answers without remembering. */
function memo<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    let v = seen.get(key);
    if (v === undefined && !seen.has(key)) {
      v = compute(key);
      if (seen.size < limit) seen.set(key, v);
    }
    return v as T;
  };
}

/**
 * {@link checkCostLine} for a stream of lines against one structure: the same problems, with the
 * answers for a valid line's service, pool, date and currency remembered, so that a ledger of a
 * million lines is checked at the speed of reading it.
 *
 * @param structure - what to check the lines against (see {@link costLineStructure})
 * @param options - `ids: false` for lines without ids of their own
 * @returns a function that checks one line, as {@link checkCostLine} does
 * @example
 * const check = costLineChecker(costLineStructure(scenario), { ids: false });
 * for (const line of lines) for (const issue of check(line)) report(issue.field, issue.message);
 */
export function costLineChecker(
  structure: CostLineStructure,
  options: CheckCostLineOptions = {},
): (line: Readonly<Record<string, unknown>>) => readonly CostLineIssue[] {
  const checkId = options.ids !== false;
  // Services and pools whose ids are well formed: a line naming one has both right.
  const wellFormed = new Map<string, Set<string>>();
  for (const [service, pools] of structure.pools) {
    if (ID_PATTERN.test(service)) wellFormed.set(service, new Set([...pools].filter((p) => ID_PATTERN.test(p))));
  }
  const dateOk = memo(4096, isCalendarDate);
  // A currency's exponent when a line may be in it (known, and convertible), else -1.
  const usable = memo(256, (code) =>
    CURRENCY_PATTERN.test(code) &&
    isCurrencyCode(code) &&
    (code === structure.currency || structure.fxCurrencies.has(code))
      ? currency(code).exponent
      : -1,
  );
  const base = structure.currency !== undefined && isCurrencyCode(structure.currency) ? structure.currency : undefined;
  const baseExponent = base === undefined ? -1 : usable(base);
  // Ledgers come sorted by date more often than not: comparing with the last good date is
  // cheaper than hashing each line's date for the memo.
  let lastDate = "";
  const dateGood = (date: string) => {
    if (date === lastDate) return true;
    if (!dateOk(date)) return false;
    lastDate = date;
    return true;
  };
  return (line) => {
    const { id, service, pool, date, amount, vat, description } = line;
    const own = line.currency;
    if (
      typeof service === "string" &&
      typeof pool === "string" &&
      typeof date === "string" &&
      typeof amount === "string" &&
      wellFormed.get(service)?.has(pool) === true &&
      dateGood(date) &&
      (vat === undefined || vat === "outside-scope" || vat === "standard") &&
      (description === undefined ||
        (typeof description === "string" && description.length >= 1 && description.length <= 500)) &&
      (!checkId || (typeof id === "string" && ID_PATTERN.test(id)))
    ) {
      const exponent = own === undefined || own === base ? baseExponent : typeof own === "string" ? usable(own) : -1;
      if (exponent !== -1 && plainAmount(amount, exponent)) return NO_ISSUES;
    }
    return checkCostLine(line, structure, options);
  };
}
