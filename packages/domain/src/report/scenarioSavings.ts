import { DomainError } from "../errors/index.js";
import { zero } from "../money/index.js";
import { parsePeriod } from "../period/index.js";
import { type AllocationResult, runAllocation } from "../run/index.js";
import {
  contributionsFromRun,
  type SavingsReport,
  type SavingsReportOptions,
  savingsReport,
} from "../savings/index.js";
import type { Scenario } from "../scenario/Scenario.js";

/**
 * Savings per council up to and including a year, from a scenario: the savings agreement's
 * baselines, indices, targets and the one-off items of those years, earlier years' contributions as
 * recorded, and the year's contributions from a run of the scenario's own cost lines (which replace
 * any recorded for that year of each service the run charges), with the run's input hash as their
 * source. A service the run charges nothing for in the year (no lines of it) keeps the year's
 * recorded contributions, so a year recorded before its lines were kept is still reported. A
 * partner with a baseline for a service the run charges but no share of it contributed £0. Contributions and one-off
 * items recorded for later years are left out: each later year has its own report. The scenario's
 * agreement rates every year unless `options` give earlier years their own terms (see
 * {@link savingsReport}).
 *
 * @param scenario - a scenario with a `savings` section
 * @param year - the financial year the scenario's lines cover, e.g. `2024/25`
 * @param run - the year's allocation when the caller already has it (its input hash becomes the source)
 * @param options - terms for particular years (`termsByYear`), e.g. those in force in earlier years
 * @returns the savings report, or null when the scenario has no savings agreement
 * @throws DomainError `INVALID_PERIOD` when `year` is not a year, and whatever allocating or
 *   {@link savingsReport} throws
 * @example scenarioSavings(demoScenario(), "2024/25")?.partners.map((p) => [p.partner, p.saving])
 */
export function scenarioSavings(
  scenario: Scenario,
  year: string,
  run?: AllocationResult,
  options: SavingsReportOptions = {},
): SavingsReport | null {
  const plan = scenario.savings;
  if (plan === undefined) return null;
  const period = parsePeriod(year, "year");
  if (period.kind !== "year") {
    throw new DomainError("INVALID_PERIOD", `Savings are reported for a financial year; got ${year}`, { path: "year" });
  }
  // The partnership's years up to and including this one: later years have reports of their own.
  const upTo = (y: string) => parsePeriod(y).start < period.end;
  const fromRun = contributionsFromRun(run ?? runAllocation(scenario, period));
  // The run replaces the year's recorded contributions of the services it charged; a service it
  // charged nothing for (no lines of the year, as for a year before the lines were kept) keeps its
  // recorded ones, else the year would vanish from the report and its savings from the totals.
  const charged = new Set<string>(fromRun.map((c) => c.service));
  // A run lists no share of nothing: a partner with a baseline for a service the run charges, but
  // no share of it (no users this year), contributed nothing, which is a figure, not a gap.
  const shared = new Set(fromRun.map((c) => `${c.partner}\u0000${c.service}`));
  const source = fromRun[0]?.source;
  for (const b of plan.baselines) {
    const key = `${b.partner}\u0000${b.service}`;
    if (!charged.has(b.service) || shared.has(key)) continue;
    shared.add(key);
    fromRun.push({
      partner: b.partner,
      service: b.service,
      year: period.name,
      amount: zero(plan.currency),
      ...(source === undefined ? {} : { source }),
    });
  }
  const history = plan.contributions.filter((c) => upTo(c.year) && (c.year !== period.name || !charged.has(c.service)));
  return savingsReport(
    { ...plan, contributions: history, oneOffs: plan.oneOffs.filter((o) => upTo(o.year)) },
    fromRun,
    options,
  );
}
