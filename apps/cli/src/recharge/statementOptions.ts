import {
  addDays,
  type FinancialPeriod,
  isDomainError,
  parseDate,
  type Scenario,
  type StatementOptions,
} from "@3c/domain";
import { type FlagValues, stringFlag } from "../args.js";
import { CliError } from "../CliError.js";

/** Flags that number and date statements. */
export const STATEMENT_OPTIONS = {
  "issue-date": { type: "string" },
  "due-date": { type: "string" },
  "number-prefix": { type: "string" },
  "vat-rate": { type: "string" },
} as const;

function dateFlag(values: FlagValues, name: string): ReturnType<typeof parseDate> | undefined {
  const text = stringFlag(values, name);
  if (text === undefined) return undefined;
  try {
    return parseDate(text, `--${name}`);
  } catch (error) {
    if (isDomainError(error)) throw new CliError("usage", error.message);
    throw error;
  }
}

/**
 * Statement numbers and dates from the flags, with defaults that never read the clock: the issue
 * date is the period's last day, numbers are `PREFIX-PARTNER` with prefix `3C-PERIOD`, VAT 20%
 * rounded half-even (used only when a line is standard-rated).
 *
 * @param values - parsed flags
 * @param scenario - the partners to number
 * @param period - the period the statements are for
 * @returns the domain's statement options
 * @throws CliError usage for a malformed date, a rate over 100 percent, or a due date before the issue date
 */
export function statementOptions(values: FlagValues, scenario: Scenario, period: FinancialPeriod): StatementOptions {
  const prefix = stringFlag(values, "number-prefix") ?? `3C-${period.name}`;
  const rate = stringFlag(values, "vat-rate") ?? "20";
  // At most 100: the domain refuses any other rate too, but here the flag is named.
  if (!/^\d{1,3}(\.\d{1,4})?$/.test(rate) || Number.parseFloat(rate) > 100)
    throw new CliError(
      "usage",
      `--vat-rate: expected a percentage from 0 to 100 such as 20 or 17.5, not ${JSON.stringify(rate)}`,
    );
  const issueDate = dateFlag(values, "issue-date") ?? addDays(period.end, -1);
  const due = dateFlag(values, "due-date");
  if (due !== undefined && due < issueDate)
    throw new CliError("usage", `--due-date: ${due} is before the issue date ${issueDate}; expected that day or later`);
  return {
    numbers: Object.fromEntries(scenario.partners.map((p) => [p.id, `${prefix}-${p.id}`])),
    issueDate,
    ...(due === undefined ? {} : { dueDate: due }),
    vat: { ratePercent: rate, rounding: "half-even" },
  };
}
