import type { z } from "zod";
import {
  availabilityCrossCheck,
  availabilityFromDocument,
  parseAvailability,
} from "../availability/parseAvailability.js";
import { DomainError, type MissingDriverIssue, unreachable, type ValidationIssue } from "../errors/index.js";
import { Fraction, toFraction } from "../exact/index.js";
import { kpiProblems } from "../kpi/kpiProblems.js";
import { toKpiDefinition, toKpiMeasurement } from "../kpi/kpiSchema.js";
import { parseKpis } from "../kpi/parseKpis.js";
import { type CurrencyCode, isCurrencyCode, parseMoney } from "../money/index.js";
import { placesProblem } from "../money/placesProblem.js";
import { type CalendarDate, isCalendarDate, type PeriodKind, parsePeriod } from "../period/index.js";
import { type BasisProblem, rateRuleProblem, twoStageRestProblems } from "../run/RuleBook.js";
import type { OneOffSplit, SavingsPlan } from "../savings/SavingsPlan.js";
import { type CostLineStructure, checkCostLine } from "../scenario/checkCostLine.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";
import type { Basis, RuleVersion, Scenario } from "../scenario/Scenario.js";
import { PLAIN } from "./plainMessage.js";
import { toSavingsTerms } from "./savingsTermsFromDocument.js";
import { type BasisDocument, type ScenarioDocument, scenarioSchema } from "./scenarioSchema.js";

/** How {@link parseScenario} checks a document. */
export interface ParseOptions {
  /**
   * Which drivers must have quantities in the document:
   * - `"every-rule"` (the default): every driver a rule shares by has at least one quantity, of any
   *   period and partner; one named by a rule and given nowhere is refused as an issue of code
   *   `MISSING_DRIVER` at the rule's `driver`. For a document that is the whole scenario (a
   *   calculator's file), where such a driver is misspelt or its sheet left out.
   * - `"when-run"`: none up front. For a document that holds only some periods' figures (a store's
   *   year, the new year's first quarter imported so far): a run refuses, as it does for a period
   *   without quantities, only the quantities its lines need (`runAllocation`'s `MISSING_DRIVER`).
   */
  readonly driverQuantities?: "every-rule" | "when-run";
}

/** The outcome of {@link parseScenario}: the typed scenario, or every problem found. */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/**
 * Formats a path as people read it: `costLines[42].amount`.
 *
 * @param path - path segments
 * @returns the dotted path
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

function zodIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.flatMap((iss) => {
    // A discriminated union with an unknown tag reports one issue; nested unions report their own.
    if (iss.code === "invalid_union" && "errors" in iss && Array.isArray(iss.errors) && iss.errors.length > 0) {
      return [{ path: formatPath(iss.path), message: "does not match any allowed shape" }];
    }
    return [{ path: formatPath(iss.path), message: iss.message }];
  });
}

// Cross-reference checks read the raw document defensively, so they can run even when the schema
// found problems elsewhere: the user sees every problem in one pass.
type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (o: Loose, k: string): string | undefined => (typeof o[k] === "string" ? (o[k] as string) : undefined);

class Checker {
  readonly issues: ValidationIssue[] = [];
  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }
}

function checkUnique(c: Checker, items: unknown[], base: string, what: string, key = "id"): Set<string> {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    if (!isObject(item)) return;
    const id = str(item, key);
    if (id === undefined) return;
    const first = seen.get(id);
    if (first !== undefined)
      c.add(`${base}[${i}].${key}`, `duplicate ${what} id ${JSON.stringify(id)} (first at ${base}[${first}])`);
    else seen.set(id, i);
  });
  return new Set(seen.keys());
}

function sumExact(values: readonly string[]): Fraction | undefined {
  try {
    return values.reduce((s, v) => s.add(toFraction(v, "share")), Fraction.ZERO);
  } catch {
    return undefined;
  }
}

interface Context {
  partners: Set<string>;
  /** The drivers with quantities; undefined when they are not checked (`driverQuantities: "when-run"`). */
  drivers: Set<string> | undefined;
  participants: Set<string> | undefined;
  /** The rule's id, service and pool, for the issues that name them. */
  rule: string | undefined;
  service: string | undefined;
  pool: string | undefined;
}

function checkBasis(c: Checker, basis: unknown, path: string, ctx: Context): void {
  if (!isObject(basis)) return;
  const knownPartner = (id: unknown, p: string) => {
    if (typeof id !== "string") return;
    if (!ctx.partners.has(id)) c.add(p, `unknown partner ${JSON.stringify(id)}`);
    else if (ctx.participants !== undefined && !ctx.participants.has(id)) {
      c.add(p, `partner ${JSON.stringify(id)} does not take part in this service`);
    }
  };
  const knownDriver = (d: unknown, p: string) => {
    if (typeof d !== "string" || ctx.drivers === undefined || ctx.drivers.has(d)) return;
    const issue: MissingDriverIssue = {
      path: p,
      message: `no quantities are given for driver ${JSON.stringify(d)}`,
      code: "MISSING_DRIVER",
      driver: d,
      ...(ctx.rule === undefined
        ? {}
        : {
            neededBy: [
              {
                rule: ctx.rule,
                ...(ctx.service === undefined ? {} : { service: ctx.service }),
                ...(ctx.pool === undefined ? {} : { pool: ctx.pool }),
              },
            ],
          }),
    };
    c.issues.push(issue);
  };
  for (const [i, id] of list(basis.among).entries()) {
    knownPartner(id, `${path}.among[${i}]`);
    if (list(basis.among).indexOf(id) < i)
      c.add(`${path}.among[${i}]`, `partner ${JSON.stringify(id)} is listed twice`);
  }
  switch (basis.kind) {
    case "fixed": {
      const shares = isObject(basis.shares) ? basis.shares : {};
      for (const id of Object.keys(shares)) knownPartner(id, `${path}.shares.${id}`);
      const values = Object.values(shares).filter((v): v is string => typeof v === "string");
      const total = sumExact(values);
      if (basis.unit === "percent" && total !== undefined && !total.equals(Fraction.of(100n))) {
        c.add(
          `${path}.shares`,
          `percentages total ${total.toDecimalString(6, "half-even").replace(/\.?0+$/, "")}, not exactly 100`,
        );
      }
      if (total?.isZero()) c.add(`${path}.shares`, "shares total zero");
      break;
    }
    case "driver":
    case "rate":
      knownDriver(basis.driver, `${path}.driver`);
      if (basis.kind === "rate") checkBasis(c, basis.fallback, `${path}.fallback`, ctx);
      break;
    case "blended":
      list(basis.components).forEach((comp, i) => {
        if (isObject(comp)) knownDriver(comp.driver, `${path}.components[${i}].driver`);
      });
      break;
    case "direct":
      knownPartner(basis.partner, `${path}.partner`);
      break;
    case "two-stage": {
      const first = isObject(basis.first) ? basis.first : {};
      knownPartner(first.partner, `${path}.first.partner`);
      const pct = typeof first.percent === "string" ? sumExact([first.percent]) : undefined;
      if (pct !== undefined && pct.compare(Fraction.of(100n)) > 0) c.add(`${path}.first.percent`, "cannot exceed 100");
      checkBasis(c, basis.rest, `${path}.rest`, ctx);
      break;
    }
    case "composite": {
      const comps = list(basis.components).filter(isObject);
      const total = sumExact(comps.map((x) => x.weight).filter((v): v is string => typeof v === "string"));
      if (basis.unit === "percent" && total !== undefined && !total.equals(Fraction.of(100n))) {
        c.add(
          `${path}.components`,
          `weights total ${total.toDecimalString(6, "half-even").replace(/\.?0+$/, "")}, not exactly 100`,
        );
      }
      checkUnique(c, comps, `${path}.components`, "component", "label");
      list(basis.components).forEach((comp, i) => {
        if (isObject(comp)) checkBasis(c, comp.basis, `${path}.components[${i}].basis`, ctx);
      });
      break;
    }
    default:
      break;
  }
}

/**
 * A service's hand-overs: each from the first day of a month, later than the one before, to a
 * known participant that is not the lead before it.
 */
function checkHandovers(
  c: Checker,
  service: Loose,
  i: number,
  lead: string | undefined,
  partners: ReadonlySet<string>,
  participants: readonly string[],
): void {
  let before = lead;
  let last: string | undefined;
  list(service.handovers).forEach((h, j) => {
    if (!isObject(h)) return;
    const path = `services[${i}].handovers[${j}]`;
    const from = str(h, "effectiveFrom");
    const to = str(h, "lead");
    if (from !== undefined && isCalendarDate(from)) {
      if (!from.endsWith("-01")) c.add(`${path}.effectiveFrom`, `${from} is not the first day of a month`);
      if (last !== undefined && from <= last) c.add(`${path}.effectiveFrom`, `${from} is not later than ${last}`);
      last = from;
    }
    if (to === undefined) return;
    if (!partners.has(to)) c.add(`${path}.lead`, `unknown partner ${JSON.stringify(to)}`);
    else if (!participants.includes(to)) c.add(`${path}.lead`, `${to} does not take part in the service`);
    if (to === before) c.add(`${path}.lead`, `${to} already leads the service before ${from ?? "this hand-over"}`);
    before = to;
  });
}

/** The canonical name of a period, or the text itself when it is not a period. */
function canonicalPeriodName(text: string | undefined): string | undefined {
  try {
    return text === undefined ? undefined : parsePeriod(text).name;
  } catch {
    return text;
  }
}

/** A rate rule's problem (see `rateRuleProblem`), read from a raw rule that may be malformed. */
function rateProblemOf(rule: Loose): string | undefined {
  try {
    const pool = str(rule, "pool");
    return rateRuleProblem({ basis: toBasis(rule.basis as BasisDocument), ...(pool === undefined ? {} : { pool }) });
  } catch {
    return undefined; // a malformed basis is reported by the schema
  }
}

/** Where a raw rule's two-stage rest names its first partner (see `twoStageRestProblems`). */
function twoStageProblemsOf(rule: Loose): BasisProblem[] {
  try {
    return twoStageRestProblems(toBasis(rule.basis as BasisDocument));
  } catch {
    return []; // a malformed basis is reported by the schema
  }
}

/** The document as the schema parsed it, when it did: sections it checked need no second look. */
type ParsedDocument = z.output<typeof scenarioSchema>;

function crossCheck(doc: unknown, parsed: ParsedDocument | undefined, options: ParseOptions): ValidationIssue[] {
  const c = new Checker();
  if (!isObject(doc)) return c.issues;
  const code = isObject(doc.partnership) ? str(doc.partnership, "currency") : undefined;
  if (code !== undefined && /^[A-Z]{3}$/.test(code) && !isCurrencyCode(code)) {
    c.add("partnership.currency", `unknown currency ${JSON.stringify(code)}`);
  }
  const partners = checkUnique(c, list(doc.partners), "partners", "partner");
  const services = list(doc.services);
  const serviceIds = checkUnique(c, services, "services", "service");
  const pools = new Map<string, Set<string>>();
  const participants = new Map<string, Set<string>>();
  services.forEach((s, i) => {
    if (!isObject(s)) return;
    const id = str(s, "id") ?? "";
    pools.set(id, checkUnique(c, list(s.pools), `services[${i}].pools`, "pool"));
    const lead = str(s, "lead");
    if (lead !== undefined && !partners.has(lead))
      c.add(`services[${i}].lead`, `unknown partner ${JSON.stringify(lead)}`);
    const parts =
      s.participants === undefined
        ? [...partners]
        : list(s.participants).filter((p): p is string => typeof p === "string");
    list(s.participants).forEach((p, j) => {
      if (typeof p === "string" && !partners.has(p))
        c.add(`services[${i}].participants[${j}]`, `unknown partner ${JSON.stringify(p)}`);
    });
    if (s.participants !== undefined && lead !== undefined && !parts.includes(lead)) {
      c.add(`services[${i}].participants`, `the lead ${lead} must be one of the participants`);
    }
    checkHandovers(c, s, i, lead, partners, parts);
    participants.set(id, new Set(parts));
  });
  const driverNames = new Set(
    list(doc.drivers)
      .filter(isObject)
      .map((d) => str(d, "driver") ?? ""),
  );
  const checkServicePool = (item: Loose, base: string) => {
    const service = str(item, "service");
    if (service === undefined) return;
    if (!serviceIds.has(service)) {
      c.add(`${base}.service`, `unknown service ${JSON.stringify(service)}`);
      return;
    }
    const pool = str(item, "pool");
    if (pool !== undefined && !pools.get(service)?.has(pool)) {
      c.add(`${base}.pool`, `service ${service} has no pool ${JSON.stringify(pool)}`);
    }
  };

  checkUnique(c, list(doc.rules), "rules", "rule");
  const versions = new Map<string, number>();
  list(doc.rules).forEach((r, i) => {
    if (!isObject(r)) return;
    checkServicePool(r, `rules[${i}]`);
    const key = `${str(r, "service")}\u0000${str(r, "pool") ?? ""}\u0000${str(r, "effectiveFrom")}`;
    const first = versions.get(key);
    if (first !== undefined)
      c.add(
        `rules[${i}].effectiveFrom`,
        `rules[${first}] already takes effect on this date for the same service and pool`,
      );
    else versions.set(key, i);
    const problem = rateProblemOf(r);
    if (problem !== undefined) c.add(`rules[${i}].basis`, problem);
    for (const p of twoStageProblemsOf(r)) c.add(`rules[${i}].basis.${p.path}`, p.message);
    const ctx: Context = {
      partners,
      drivers: options.driverQuantities === "when-run" ? undefined : driverNames,
      participants: participants.get(str(r, "service") ?? ""),
      rule: str(r, "id"),
      service: str(r, "service"),
      pool: str(r, "pool"),
    };
    checkBasis(c, r.basis, `rules[${i}].basis`, ctx);
  });

  const fxCurrencies = new Set<string>();
  if (isObject(doc.fx)) {
    const seen = new Map<string, number>();
    list(doc.fx.rates).forEach((r, i) => {
      if (!isObject(r)) return;
      const cur = str(r, "currency");
      if (cur !== undefined && /^[A-Z]{3}$/.test(cur) && !isCurrencyCode(cur)) {
        c.add(`fx.rates[${i}].currency`, `unknown currency ${JSON.stringify(cur)}`);
      }
      if (cur !== undefined) fxCurrencies.add(cur);
      const key = `${cur}\u0000${str(r, "date")}`;
      const first = seen.get(key);
      if (first !== undefined)
        c.add(`fx.rates[${i}]`, `a ${cur} rate for this date is already given at fx.rates[${first}]`);
      else seen.set(key, i);
    });
    const seenBudget = new Map<string, number>();
    list(doc.fx.budgetRates).forEach((r, i) => {
      if (!isObject(r)) return;
      const year = str(r, "year");
      if (year !== undefined && canonicalPeriodName(year) !== year.replace(/-.*$/, "")) {
        c.add(`fx.budgetRates[${i}].year`, `${JSON.stringify(year)} is not a financial year; expected e.g. 2024/25`);
      }
      const key = `${str(r, "currency")}\u0000${year}`;
      const first = seenBudget.get(key);
      if (first !== undefined) {
        c.add(
          `fx.budgetRates[${i}]`,
          `a budget rate for this currency and year is already given at fx.budgetRates[${first}]`,
        );
      } else seenBudget.set(key, i);
    });
  }
  const checkAmount = (item: Loose, base: string) => {
    const amount = str(item, "amount");
    const own = str(item, "currency");
    const lineCurrency = own ?? code;
    if (lineCurrency === undefined || amount === undefined) return;
    if (!isCurrencyCode(lineCurrency)) {
      if (own !== undefined && /^[A-Z]{3}$/.test(own))
        c.add(`${base}.currency`, `unknown currency ${JSON.stringify(own)}`);
      return;
    }
    if (lineCurrency !== code && !fxCurrencies.has(lineCurrency)) {
      c.add(
        `${base}.currency`,
        `the line is in ${lineCurrency} but fx.rates has no ${lineCurrency} rates to convert it to ${code}`,
      );
    }
    checkPlaces(c, amount, lineCurrency, `${base}.amount`);
  };
  checkUnique(c, list(doc.costLines), "costLines", "cost line");
  const lineStructure: CostLineStructure = {
    currency: code,
    pools: new Map([...pools].filter(([id]) => serviceIds.has(id))),
    fxCurrencies,
  };
  list(doc.costLines).forEach((l, i) => {
    if (!isObject(l)) return;
    for (const issue of checkCostLine(l, lineStructure)) c.add(`costLines[${i}].${issue.field}`, issue.message);
  });
  checkUnique(c, list(doc.income), "income", "income line");
  list(doc.income).forEach((l, i) => {
    if (!isObject(l)) return;
    checkServicePool(l, `income[${i}]`);
    checkAmount(l, `income[${i}]`);
    if (str(l, "amount")?.startsWith("-")) {
      c.add(
        `income[${i}].amount`,
        "income is money received: give it as a positive amount (a refund of income is a cost line)",
      );
    }
  });

  // Every line must have a rule to share it: its pool's own, or the service-wide one (which also
  // shares income without a pool and support costs the service receives).
  const ruled = new Set<string>();
  for (const r of list(doc.rules).filter(isObject)) ruled.add(`${str(r, "service")}\u0000${str(r, "pool") ?? ""}`);
  const unruled = new Set<string>();
  const needRule = (service: string | undefined, pool: string | undefined, path: string, what: string) => {
    if (service === undefined || !serviceIds.has(service)) return;
    if (pool !== undefined && ruled.has(`${service}\u0000${pool}`)) return;
    if (ruled.has(`${service}\u0000`)) return;
    const key = `${service}\u0000${pool ?? ""}`;
    if (unruled.has(key)) return; // once per pool is enough
    unruled.add(key);
    c.add(
      path,
      `${what}, but service ${service} has no rule for it${pool === undefined ? "" : ` (none for pool ${pool})`} and no service-wide rule`,
    );
  };
  list(doc.costLines).forEach((l, i) => {
    if (isObject(l)) needRule(str(l, "service"), str(l, "pool"), `costLines[${i}].pool`, "this line must be shared");
  });
  list(doc.income).forEach((l, i) => {
    if (isObject(l)) needRule(str(l, "service"), str(l, "pool"), `income[${i}]`, "this income must be shared");
  });
  if (isObject(doc.support)) {
    list(doc.support.consumption).forEach((x, i) => {
      if (isObject(x))
        needRule(str(x, "to"), undefined, `support.consumption[${i}].to`, "support costs received must be shared");
    });
  }

  const driverKeys = new Map<string, number>();
  list(doc.drivers).forEach((d, i) => {
    if (!isObject(d)) return;
    const partner = str(d, "partner");
    if (partner !== undefined && !partners.has(partner))
      c.add(`drivers[${i}].partner`, `unknown partner ${JSON.stringify(partner)}`);
    // "2024/25-P7" and "2024/25-P07" are the same period: compare canonical names.
    const key = `${str(d, "driver")}\u0000${partner}\u0000${canonicalPeriodName(str(d, "period"))}`;
    const first = driverKeys.get(key);
    if (first !== undefined)
      c.add(`drivers[${i}]`, `duplicate quantity for this driver, partner and period (first at drivers[${first}])`);
    else driverKeys.set(key, i);
  });

  if (isObject(doc.support)) {
    const sup = doc.support;
    const totals = new Map<string, Fraction>();
    list(sup.consumption).forEach((x, i) => {
      if (!isObject(x)) return;
      const from = str(x, "from");
      const to = str(x, "to");
      for (const [k, v] of [
        ["from", from],
        ["to", to],
      ] as const) {
        if (v !== undefined && !serviceIds.has(v))
          c.add(`support.consumption[${i}].${k}`, `unknown service ${JSON.stringify(v)}`);
      }
      if (from !== undefined && from === to)
        c.add(`support.consumption[${i}].to`, "a service cannot consume its own output");
      const share = str(x, "share");
      const f = share === undefined ? undefined : sumExact([share]);
      if (from !== undefined && f !== undefined) {
        const t = (totals.get(from) ?? Fraction.ZERO).add(f);
        totals.set(from, t);
        if (t.compare(Fraction.ONE) > 0)
          c.add(`support.consumption[${i}].share`, `shares of ${from}'s output consumed by other services exceed 1`);
      }
    });
    list(sup.order).forEach((s, i) => {
      if (typeof s === "string" && !serviceIds.has(s))
        c.add(`support.order[${i}]`, `unknown service ${JSON.stringify(s)}`);
    });
    if (sup.method === "step-down" && !Array.isArray(sup.order))
      c.add("support.order", "step-down needs the order in which services are closed");
  }
  checkBudgets(c, doc, serviceIds, pools);
  checkSavings(c, doc.savings, partners, serviceIds);
  if (code !== undefined && isCurrencyCode(code)) checkPartnershipAmounts(c, doc, code);
  checkKpis(c, doc, partners, serviceIds, parsed);
  checkAvailability(c, doc, partners, serviceIds, parsed !== undefined);
  return c.issues;
}

/**
 * Lists an amount with more decimal places than its currency has (the build would refuse it);
 * an amount that is not a decimal at all is the schema's to report.
 */
function checkPlaces(c: Checker, amount: unknown, code: CurrencyCode, path: string): void {
  const problem = typeof amount === "string" ? placesProblem(amount, code) : undefined;
  if (problem !== undefined) c.add(path, problem);
}

/** The amounts in the partnership's currency other than lines: budgets and the savings agreement's. */
function checkPartnershipAmounts(c: Checker, doc: Loose, code: CurrencyCode): void {
  list(doc.budgets).forEach((b, i) => {
    if (isObject(b)) checkPlaces(c, b.amount, code, `budgets[${i}].amount`);
  });
  if (!isObject(doc.savings)) return;
  for (const part of ["baselines", "contributions", "oneOffs"] as const)
    list(doc.savings[part]).forEach((x, i) => {
      if (isObject(x)) checkPlaces(c, x.amount, code, `savings.${part}[${i}].amount`);
    });
}

const isYearName = (v: string | undefined) => v !== undefined && /^\d{4}\/\d{2}$/.test(v);

function checkBudgets(c: Checker, doc: Loose, serviceIds: Set<string>, pools: Map<string, Set<string>>): void {
  const seen = new Map<string, number>();
  list(doc.budgets).forEach((b, i) => {
    if (!isObject(b)) return;
    const service = str(b, "service");
    const pool = str(b, "pool");
    const year = str(b, "year");
    if (service !== undefined && !serviceIds.has(service))
      c.add(`budgets[${i}].service`, `unknown service ${JSON.stringify(service)}`);
    else if (service !== undefined && pool !== undefined && !pools.get(service)?.has(pool))
      c.add(`budgets[${i}].pool`, `service ${service} has no pool ${JSON.stringify(pool)}`);
    if (year !== undefined && !isYearName(year) && canonicalPeriodName(year) !== undefined)
      c.add(`budgets[${i}].year`, `${JSON.stringify(year)} is not a financial year; budgets are annual, e.g. 2024/25`);
    const key = `${service}\u0000${pool}\u0000${year}`;
    const first = seen.get(key);
    if (first !== undefined)
      c.add(`budgets[${i}]`, `a second budget for ${service}/${pool} in ${year} (first at budgets[${first}])`);
    else seen.set(key, i);
  });
}

const AVAILABILITY_SECTIONS = ["calendars", "outages", "outageCost", "availability"] as const;

function availabilitySections(doc: Loose): Loose | undefined {
  if (AVAILABILITY_SECTIONS.every((k) => doc[k] === undefined)) return undefined;
  return Object.fromEntries(AVAILABILITY_SECTIONS.filter((k) => doc[k] !== undefined).map((k) => [k, doc[k]]));
}

function checkAvailability(
  c: Checker,
  doc: Loose,
  partners: Set<string>,
  serviceIds: Set<string>,
  schemaPassed: boolean,
): void {
  const sections = availabilitySections(doc);
  if (sections === undefined) return;
  // The scenario schema holds the availability sections' schema: when it passed, only the
  // cross-references are left to check.
  if (schemaPassed) {
    for (const issue of availabilityCrossCheck(sections, { partners: [...partners] })) c.add(issue.path, issue.message);
  } else {
    const parsed = parseAvailability(sections, { partners: [...partners] });
    if (!parsed.ok) for (const issue of parsed.issues) c.add(issue.path, issue.message);
  }
  const service = (path: string, v: unknown) => {
    if (typeof v === "string" && !serviceIds.has(v)) c.add(path, `unknown service ${JSON.stringify(v)}`);
  };
  for (const section of ["calendars", "outages"] as const) {
    list(doc[section]).forEach((entry, i) => {
      if (!isObject(entry)) return;
      list(entry.services).forEach((s, j) => {
        service(`${section}[${i}].services[${j}]`, s);
      });
    });
  }
  const kpiCodes = new Set(
    list(doc.kpis)
      .map((k) => (isObject(k) ? str(k, "code") : undefined))
      .filter((k) => k !== undefined),
  );
  const settings = isObject(doc.availability) ? doc.availability : undefined;
  const derived = new Set<string>();
  if (settings !== undefined && isObject(settings.kpis)) {
    for (const [s, kpi] of Object.entries(settings.kpis)) {
      service(`availability.kpis.${s}`, s);
      if (typeof kpi !== "string") continue;
      derived.add(kpi);
      if (!kpiCodes.has(kpi)) c.add(`availability.kpis.${s}`, `no KPI ${JSON.stringify(kpi)} is defined in kpis`);
    }
  }
  list(settings?.incidentTargets).forEach((t, i) => {
    if (!isObject(t)) return;
    const kpi = str(t, "kpi");
    if (kpi !== undefined) derived.add(kpi);
    if (kpi !== undefined && !kpiCodes.has(kpi))
      c.add(`availability.incidentTargets[${i}].kpi`, `no KPI ${JSON.stringify(kpi)} is defined in kpis`);
    if (t.service !== undefined) service(`availability.incidentTargets[${i}].service`, t.service);
  });
  list(doc.measurements).forEach((m, i) => {
    const kpi = isObject(m) ? str(m, "kpi") : undefined;
    if (kpi !== undefined && derived.has(kpi))
      c.add(
        `measurements[${i}].kpi`,
        `${kpi} is measured from the outage log (availability settings); do not record it too`,
      );
  });
}

function checkKpis(
  c: Checker,
  doc: Loose,
  partners: Set<string>,
  serviceIds: Set<string>,
  parsedDoc: ParsedDocument | undefined,
): void {
  if (doc.kpis === undefined && doc.measurements === undefined) return;
  if (parsedDoc !== undefined) {
    // The schema already checked each KPI and measurement: only their relations are left.
    const kpis = (parsedDoc.kpis ?? []).map(toKpiDefinition);
    const measurements = (parsedDoc.measurements ?? []).map(toKpiMeasurement);
    for (const issue of kpiProblems(kpis, measurements)) c.add(issue.path, issue.message);
  } else {
    const parsed = parseKpis({ kpis: doc.kpis, measurements: doc.measurements });
    if (!parsed.ok) for (const issue of parsed.issues) c.add(issue.path, issue.message);
  }
  list(doc.kpis).forEach((k, i) => {
    const service = isObject(k) ? str(k, "service") : undefined;
    if (service !== undefined && !serviceIds.has(service))
      c.add(`kpis[${i}].service`, `unknown service ${JSON.stringify(service)}`);
  });
  list(doc.measurements).forEach((m, i) => {
    const partner = isObject(m) ? str(m, "partner") : undefined;
    if (partner !== undefined && !partners.has(partner))
      c.add(`measurements[${i}].partner`, `unknown partner ${JSON.stringify(partner)}`);
  });
}

function checkSavings(c: Checker, savings: unknown, partners: Set<string>, serviceIds: Set<string>): void {
  if (!isObject(savings)) return;
  const partner = (path: string, v: unknown) => {
    if (typeof v === "string" && !partners.has(v)) c.add(path, `unknown partner ${JSON.stringify(v)}`);
  };
  const service = (path: string, v: unknown) => {
    if (typeof v === "string" && !serviceIds.has(v)) c.add(path, `unknown service ${JSON.stringify(v)}`);
  };
  const indexIds = checkUnique(c, list(savings.indices), "savings.indices", "index");
  list(savings.indices).forEach((s, i) => {
    if (isObject(s)) checkUnique(c, list(s.values), `savings.indices[${i}].values`, "year", "year");
  });
  list(savings.serviceTargets).forEach((t, i) => {
    if (isObject(t)) service(`savings.serviceTargets[${i}].service`, t.service);
  });
  const baselineKeys = new Map<string, number>();
  list(savings.baselines).forEach((b, i) => {
    if (!isObject(b)) return;
    partner(`savings.baselines[${i}].partner`, b.partner);
    service(`savings.baselines[${i}].service`, b.service);
    const key = `${str(b, "partner")}\u0000${str(b, "service")}`;
    const first = baselineKeys.get(key);
    if (first !== undefined)
      c.add(
        `savings.baselines[${i}]`,
        `a second baseline for ${str(b, "partner")} ${str(b, "service")} (first at savings.baselines[${first}])`,
      );
    else baselineKeys.set(key, i);
    list(b.indexation).forEach((x, j) => {
      const index = isObject(x) ? str(x, "index") : undefined;
      if (index !== undefined && !indexIds.has(index))
        c.add(`savings.baselines[${i}].indexation[${j}].index`, `unknown index ${JSON.stringify(index)}`);
    });
  });
  list(savings.contributions).forEach((x, i) => {
    if (!isObject(x)) return;
    partner(`savings.contributions[${i}].partner`, x.partner);
    service(`savings.contributions[${i}].service`, x.service);
    if (!baselineKeys.has(`${str(x, "partner")}\u0000${str(x, "service")}`) && partners.has(str(x, "partner") ?? ""))
      c.add(`savings.contributions[${i}]`, `${str(x, "partner")} has no baseline for ${str(x, "service")}`);
  });
  checkUnique(c, list(savings.oneOffs), "savings.oneOffs", "one-off item");
  list(savings.oneOffs).forEach((o, i) => {
    if (!isObject(o)) return;
    if (o.service !== undefined) service(`savings.oneOffs[${i}].service`, o.service);
    const split = o.split;
    if (!isObject(split)) return;
    partner(`savings.oneOffs[${i}].split.partner`, split.partner);
    list(split.among).forEach((p, j) => {
      partner(`savings.oneOffs[${i}].split.among[${j}]`, p);
    });
    if (isObject(split.shares)) {
      for (const p of Object.keys(split.shares)) partner(`savings.oneOffs[${i}].split.shares.${p}`, p);
      if (split.unit === "percent") {
        const total = sumExact(Object.values(split.shares).filter((v): v is string => typeof v === "string"));
        if (total !== undefined && !total.equals(Fraction.of(100n)))
          c.add(
            `savings.oneOffs[${i}].split.shares`,
            `percentages total ${total.toDecimalString(4, "half-even")}, expected exactly 100`,
          );
      }
    }
  });
}

function toBasis(doc: BasisDocument): Basis {
  const among = (a: string[] | undefined) => (a === undefined ? {} : { among: a as PartnerId[] });
  const period = (p: PeriodKind | undefined): PeriodKind => p ?? "year";
  switch (doc.kind) {
    case "equal":
      return { kind: "equal", ...among(doc.among) };
    case "fixed":
      return { kind: "fixed", unit: doc.unit, shares: { ...doc.shares } };
    case "driver":
      return { kind: "driver", driver: doc.driver, period: period(doc.period), ...among(doc.among) };
    case "blended":
      return {
        kind: "blended",
        components: doc.components.map((c) => ({ ...c })),
        period: period(doc.period),
        ...among(doc.among),
      };
    case "direct":
      return { kind: "direct", partner: doc.partner as PartnerId };
    case "rate":
      return {
        kind: "rate",
        driver: doc.driver,
        rate: doc.rate,
        rounding: doc.rounding,
        period: period(doc.period),
        ...among(doc.among),
        fallback: toBasis(doc.fallback),
      };
    case "two-stage":
      return {
        kind: "two-stage",
        first: { partner: doc.first.partner as PartnerId, percent: doc.first.percent },
        rest: toBasis(doc.rest),
      };
    case "composite":
      return {
        kind: "composite",
        unit: doc.unit,
        components: doc.components.map((c) => ({ label: c.label, weight: c.weight, basis: toBasis(c.basis) })),
      };
    default:
      return unreachable(doc);
  }
}

function toSavingsPlan(doc: NonNullable<z.output<typeof scenarioSchema>["savings"]>, code: CurrencyCode): SavingsPlan {
  const money = (amount: string, path: string) => parseMoney(amount, code, { path });
  const opt = <K extends string, V>(key: K, value: V | undefined) =>
    value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
  return {
    currency: code,
    ...toSavingsTerms(doc),
    baselines: doc.baselines.map((b, i) => ({
      partner: b.partner as PartnerId,
      service: b.service as ServiceId,
      baseYear: b.baseYear,
      amount: money(b.amount, `savings.baselines[${i}].amount`),
      ...opt("indexation", b.indexation),
    })),
    contributions: (doc.contributions ?? []).map((x, i) => ({
      partner: x.partner as PartnerId,
      service: x.service as ServiceId,
      year: x.year,
      amount: money(x.amount, `savings.contributions[${i}].amount`),
      ...opt("source", x.source),
    })),
    oneOffs: (doc.oneOffs ?? []).map((o, i) => ({
      id: o.id,
      kind: o.kind,
      category: o.category,
      ...opt("service", o.service as ServiceId | undefined),
      year: o.year,
      amount: money(o.amount, `savings.oneOffs[${i}].amount`),
      split: o.split as OneOffSplit,
      ...opt("description", o.description),
    })),
  };
}

function build(doc: z.output<typeof scenarioSchema>): Scenario {
  const code = doc.partnership.currency as CurrencyCode;
  const allPartners = doc.partners.map((p) => p.id as PartnerId);
  const opt = <K extends string, V>(key: K, value: V | undefined) =>
    value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
  return {
    partnership: { id: doc.partnership.id, name: doc.partnership.name, currency: code },
    partners: doc.partners.map((p) => ({ id: p.id as PartnerId, name: p.name })),
    services: doc.services.map((s) => ({
      id: s.id as ServiceId,
      name: s.name,
      lead: s.lead as PartnerId,
      participants: (s.participants ?? allPartners) as PartnerId[],
      pools: s.pools.map((p) => ({ id: p.id, name: p.name })),
      ...(s.handovers === undefined || s.handovers.length === 0
        ? {}
        : {
            handovers: s.handovers.map((h) => ({
              effectiveFrom: h.effectiveFrom as CalendarDate,
              lead: h.lead as PartnerId,
            })),
          }),
    })),
    rules: doc.rules.map(
      (r): RuleVersion => ({
        id: r.id,
        service: r.service as ServiceId,
        ...opt("pool", r.pool),
        effectiveFrom: r.effectiveFrom as CalendarDate,
        basis: toBasis(r.basis),
        remainder: r.remainder ?? "largest-remainder",
        ...opt("description", r.description),
      }),
    ),
    costLines: (doc.costLines ?? []).map((l, i) => ({
      id: l.id,
      service: l.service as ServiceId,
      pool: l.pool,
      date: l.date as CalendarDate,
      amount: parseMoney(l.amount, l.currency ?? code, { path: `costLines[${i}].amount` }),
      ...opt("vat", l.vat),
      ...opt("description", l.description),
    })),
    income: (doc.income ?? []).map((l, i) => ({
      id: l.id,
      service: l.service as ServiceId,
      ...opt("pool", l.pool),
      date: l.date as CalendarDate,
      amount: parseMoney(l.amount, code, { path: `income[${i}].amount` }),
      ...opt("description", l.description),
    })),
    drivers: (doc.drivers ?? []).map((d) => ({
      driver: d.driver,
      partner: d.partner as PartnerId,
      period: parsePeriod(d.period).name,
      quantity: d.quantity,
    })),
    ...opt(
      "fx",
      doc.fx === undefined
        ? undefined
        : {
            rounding: doc.fx.rounding,
            rates: doc.fx.rates.map((r) => ({
              currency: r.currency as CurrencyCode,
              date: r.date as CalendarDate,
              rate: r.rate,
            })),
            budgetRates: (doc.fx.budgetRates ?? []).map((r) => ({
              currency: r.currency as CurrencyCode,
              year: parsePeriod(r.year).name,
              rate: r.rate,
            })),
          },
    ),
    ...opt(
      "budgets",
      doc.budgets?.map((b, i) => ({
        service: b.service as ServiceId,
        pool: b.pool,
        year: parsePeriod(b.year).name,
        amount: parseMoney(b.amount, code, { path: `budgets[${i}].amount` }),
        ...opt("description", b.description),
      })),
    ),
    ...opt("savings", doc.savings === undefined ? undefined : toSavingsPlan(doc.savings, code)),
    ...opt("kpis", doc.kpis?.map(toKpiDefinition)),
    ...opt("measurements", doc.measurements?.map(toKpiMeasurement)),
    ...opt("kpiScheme", doc.kpiScheme),
    ...opt(
      "availability",
      availabilitySections(doc as Loose) === undefined
        ? undefined
        : availabilityFromDocument({
            ...opt("calendars", doc.calendars),
            ...opt("outages", doc.outages),
            ...opt("outageCost", doc.outageCost),
            ...opt("availability", doc.availability),
          }),
    ),
    ...opt(
      "support",
      doc.support === undefined
        ? undefined
        : {
            method: doc.support.method,
            ...opt("order", doc.support.order as ServiceId[] | undefined),
            consumption: doc.support.consumption.map((x) => ({
              from: x.from as ServiceId,
              to: x.to as ServiceId,
              share: x.share,
            })),
          },
    ),
  };
}

/**
 * Validates a scenario document and builds the typed scenario the engine runs on. Reports every
 * problem at once, each with its path (`costLines[42].amount: "12.3x" is not a decimal amount…`).
 *
 * Issues a caller may act on by kind carry a stable `code` (a driver a rule shares by with no
 * quantities: `MISSING_DRIVER`, see {@link MissingDriverIssue}); read the code, not the message.
 *
 * @param input - a parsed JSON or YAML document
 * @param options - how to check it (see {@link ParseOptions}; by default, as a whole scenario)
 * @returns the scenario, or all problems found
 * @example
 * const result = parseScenario(JSON.parse(text));
 * if (!result.ok) for (const i of result.issues) console.error(`${i.path}: ${i.message}`);
 */
export function parseScenario(input: unknown, options: ParseOptions = {}): ParseResult<Scenario> {
  const parsed = scenarioSchema.safeParse(input, PLAIN);
  const issues = [
    ...(parsed.success ? [] : zodIssues(parsed.error)),
    ...crossCheck(input, parsed.success ? parsed.data : undefined, options),
  ];
  if (issues.length > 0 || !parsed.success) {
    const seen = new Set<string>();
    const unique = issues.filter((i) => {
      const k = `${i.path}\u0000${i.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    // Document order: by path, with array indices compared as numbers.
    const sortKey = (path: string) => path.replace(/\[(\d+)\]/g, (_, n: string) => `[${n.padStart(10, "0")}]`);
    unique.sort((a, b) => (sortKey(a.path) < sortKey(b.path) ? -1 : sortKey(a.path) > sortKey(b.path) ? 1 : 0));
    return { ok: false, issues: unique };
  }
  return { ok: true, value: build(parsed.data) };
}

/**
 * Like {@link parseScenario} but throws.
 *
 * @param input - a parsed JSON or YAML document
 * @param options - how to check it (see {@link ParseOptions})
 * @returns the typed scenario
 * @throws DomainError `INVALID_SCENARIO` listing every issue (each with its code, where it has one)
 */
export function loadScenario(input: unknown, options: ParseOptions = {}): Scenario {
  const result = parseScenario(input, options);
  if (result.ok) return result.value;
  const shown = result.issues.slice(0, 20).map((i) => `  ${i.path}: ${i.message}`);
  const more = result.issues.length > 20 ? `\n  … and ${result.issues.length - 20} more` : "";
  throw new DomainError(
    "INVALID_SCENARIO",
    `The scenario has ${result.issues.length} problem${result.issues.length === 1 ? "" : "s"}:\n${shown.join("\n")}${more}`,
    { issues: result.issues },
  );
}

export type { ScenarioDocument };
