import type { ValidationIssue } from "../errors/index.js";
import { isRoundingMode, toFraction } from "../exact/index.js";
import { parsePeriod } from "../period/index.js";
import { SAVINGS_ATTRIBUTIONS } from "./SavingsPlan.js";
import type { SavingsTerms } from "./SavingsTerms.js";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether a name is a financial year exactly as the domain writes it, e.g. `2024/25`. */
function isYearName(name: string): boolean {
  try {
    const p = parsePeriod(name);
    return p.kind === "year" && p.name === name;
  } catch {
    return false;
  }
}

/** A problem with an exact decimal, or none: `positive` refuses zero as well as negatives. */
function decimalProblem(value: unknown, positive: boolean): string | undefined {
  if (typeof value !== "string") return "expected an exact decimal as a string";
  let sign: number;
  try {
    const f = toFraction(value, "value");
    sign = f.isZero() ? 0 : f.num < 0n ? -1 : 1;
  } catch {
    return `${JSON.stringify(value)} is not an exact decimal`;
  }
  if (sign < 0 || (positive && sign === 0)) return `must be ${positive ? "greater than zero" : "zero or more"}`;
  return undefined;
}

/** The problems of one year's terms, with paths under `where`. */
function termsProblems(terms: unknown, where: string): ValidationIssue[] {
  if (!isObject(terms)) return [{ path: where, message: "expected the year's savings terms as an object" }];
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path: `${where}.${path}`, message });
  if (!isRoundingMode(terms.rounding)) add("rounding", `${JSON.stringify(terms.rounding)} is not a rounding mode`);
  if (!(SAVINGS_ATTRIBUTIONS as readonly unknown[]).includes(terms.attribution))
    add("attribution", `${JSON.stringify(terms.attribution)} is not one of ${SAVINGS_ATTRIBUTIONS.join(", ")}`);
  if (terms.targetPercent !== undefined) {
    const problem = decimalProblem(terms.targetPercent, false);
    if (problem !== undefined) add("targetPercent", problem);
  }
  if (terms.serviceTargets !== undefined) {
    if (!isObject(terms.serviceTargets)) add("serviceTargets", "expected a percentage per service id");
    else
      for (const [service, percent] of Object.entries(terms.serviceTargets)) {
        const problem = decimalProblem(percent, false);
        if (problem !== undefined) add(`serviceTargets.${service}`, problem);
      }
  }
  if (terms.source !== undefined && typeof terms.source !== "string") add("source", "expected text");
  if (!Array.isArray(terms.indices)) add("indices", "expected a list of index series");
  else {
    const seen = new Set<string>();
    terms.indices.forEach((series: unknown, i) => {
      const at = `indices[${i}]`;
      if (!isObject(series) || typeof series.id !== "string" || !isObject(series.values)) {
        add(at, "expected an index series { id, name, values }");
        return;
      }
      if (seen.has(series.id)) add(`${at}.id`, `a second index series ${JSON.stringify(series.id)}`);
      seen.add(series.id);
      for (const [year, value] of Object.entries(series.values)) {
        if (!isYearName(year)) add(`${at}.values.${year}`, "expected a financial year such as 2024/25");
        const problem = decimalProblem(value, true);
        if (problem !== undefined) add(`${at}.values.${year}`, problem);
      }
    });
  }
  return issues;
}

/**
 * Checks the terms given to a savings report for particular years, as the savings section's schema
 * checks the plan's own: each key a financial year written as `2024/25`, each value a rounding
 * mode, an attribution rule, non-negative targets and index series with unique ids and a positive
 * exact value per financial year. Reports every problem at once.
 *
 * @param termsByYear - the terms by financial year ({@link SavingsTerms} each), as a caller passed them
 * @returns the problems, each with its path (e.g. `termsByYear.2024/25.attribution`); none when valid
 * @example savingsTermsProblems({ "2024/25": { rounding: "half-up", attribution: "each", indices: [] } });
 * // [{ path: "termsByYear.2024/25.attribution", message: '"each" is not one of actual, pro-rata, equal' }]
 */
export function savingsTermsProblems(termsByYear: unknown): ValidationIssue[] {
  if (!isObject(termsByYear)) return [{ path: "termsByYear", message: "expected savings terms by financial year" }];
  return Object.entries(termsByYear).flatMap(([year, terms]) => [
    ...(isYearName(year)
      ? []
      : [{ path: `termsByYear.${year}`, message: `${JSON.stringify(year)} is not a financial year such as 2024/25` }]),
    ...termsProblems(terms, `termsByYear.${year}`),
  ]);
}
