import type { z } from "zod";
import { DomainError, type ValidationIssue } from "../errors/index.js";
import type { SavingsTerms } from "../savings/SavingsTerms.js";
import { savingsSchema } from "../savings/savingsSchema.js";
import { PLAIN } from "./plainMessage.js";

/** The terms of a validated savings section, in the plan's shape (maps by service id and by year). */
export function toSavingsTerms(doc: z.output<typeof savingsSchema>): SavingsTerms {
  return {
    rounding: doc.rounding,
    attribution: doc.attribution,
    ...(doc.targetPercent === undefined ? {} : { targetPercent: doc.targetPercent }),
    ...(doc.serviceTargets === undefined
      ? {}
      : { serviceTargets: Object.fromEntries(doc.serviceTargets.map((t) => [t.service, t.percent])) }),
    indices: (doc.indices ?? []).map((s) => ({
      id: s.id,
      name: s.name,
      values: Object.fromEntries(s.values.map((v) => [v.year, v.value])),
    })),
  };
}

/**
 * Reads the savings terms (rounding, attribution, targets, indices) of a scenario document's
 * `savings` section, e.g. the section as an earlier year's reports read it, for
 * `savingsReport`'s `termsByYear`.
 *
 * @param section - a `savings` section as written in a scenario document
 * @param source - where the terms come from (e.g. a terms version's id), kept as the terms' `source`
 * @returns the section's terms
 * @throws DomainError `INVALID_SCENARIO` listing every problem of the section, with paths under `savings`
 * @example savingsTermsFromDocument({ rounding: "half-up", attribution: "equal", baselines: [] }).attribution // "equal"
 */
export function savingsTermsFromDocument(section: unknown, source?: string): SavingsTerms {
  const parsed = savingsSchema.safeParse(section, PLAIN);
  if (!parsed.success) {
    const issues: ValidationIssue[] = parsed.error.issues.map((i) => ({
      path: i.path.reduce<string>((at, p) => (typeof p === "number" ? `${at}[${p}]` : `${at}.${String(p)}`), "savings"),
      message: i.message,
    }));
    throw new DomainError(
      "INVALID_SCENARIO",
      `The savings section has ${issues.length} problem${issues.length === 1 ? "" : "s"}:\n${issues
        .map((i) => `  ${i.path}: ${i.message}`)
        .join("\n")}`,
      { path: "savings", issues },
    );
  }
  const terms = toSavingsTerms(parsed.data);
  return source === undefined ? terms : { ...terms, source };
}
