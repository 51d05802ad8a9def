import { DomainError } from "../errors/index.js";
import { zero } from "../money/index.js";
import { parsePeriod, periodOf } from "../period/index.js";
import { type AllocationResult, runAllocation } from "../run/index.js";
import {
  type Contribution,
  contributionsFromRun,
  type SavingsPlan,
  type SavingsReport,
  type SavingsReportOptions,
  savingsReport,
} from "../savings/index.js";
import type { Scenario } from "../scenario/Scenario.js";

/** Options for {@link scenarioSavings}: terms by year, and earlier years' runs when the caller has them. */
export interface ScenarioSavingsOptions extends SavingsReportOptions {
  /**
   * Allocations of whole earlier years, by year (e.g. `"2024/25"`): each gives that year's
   * contributions, as the year's own report takes them from its run. For a caller that keeps each
   * year's lines apart (the API loads one year's scenario at a time); without it, each earlier year
   * with cost or income lines in the scenario is run from the scenario. Entries for the year
   * reported or later years are ignored (the year's own run is `run`).
   */
  readonly runsByYear?: Readonly<Record<string, AllocationResult>>;
}

/**
 * Savings per council up to and including a year, from a scenario: the savings agreement's
 * baselines, indices, targets and the one-off items of those years, and each year's contributions
 * as that year's own report counts them. A year with lines (cost or income) is counted from a run
 * of them: the year's own run (`run`, else the scenario's), an earlier year's given in
 * `options.runsByYear`, else run from the scenario. A run replaces the contributions recorded for
 * its year of each service it charges, with its input hash as their source; a service it charges
 * nothing for (no lines of it in the year) keeps the year's recorded contributions, so a year
 * recorded before its lines were kept is still reported. A partner with a baseline for a service a
 * run charges but no share of it contributed £0 that year. Contributions and one-off items
 * recorded for later years are left out: each later year has its own report. The scenario's
 * agreement rates every year unless `options` give years their own terms (see {@link savingsReport}).
 * So every earlier year in a later report carries the figures of that year's own report.
 *
 * @param scenario - a scenario with a `savings` section
 * @param year - the financial year reported, e.g. `2024/25`
 * @param run - the year's allocation when the caller already has it (its input hash becomes the source)
 * @param options - terms for particular years (`termsByYear`), e.g. those in force in earlier
 *   years; earlier years' runs (`runsByYear`)
 * @returns the savings report, or null when the scenario has no savings agreement
 * @throws DomainError `INVALID_PERIOD` when `year` is not a year or a run of `runsByYear` is not of
 *   the year it is given for, and whatever allocating or {@link savingsReport} throws
 * @example scenarioSavings(demoScenario(), "2024/25")?.partners.map((p) => [p.partner, p.saving])
 */
export function scenarioSavings(
  scenario: Scenario,
  year: string,
  run?: AllocationResult,
  options: ScenarioSavingsOptions = {},
): SavingsReport | null {
  const plan = scenario.savings;
  if (plan === undefined) return null;
  const period = parsePeriod(year, "year");
  if (period.kind !== "year") {
    throw new DomainError("INVALID_PERIOD", `Savings are reported for a financial year; got ${year}`, { path: "year" });
  }
  const { runsByYear = {}, ...reportOptions } = options;
  for (const [key, given] of Object.entries(runsByYear)) {
    if (given.period.name !== key) {
      throw new DomainError(
        "INVALID_PERIOD",
        `runsByYear.${key}: the run given is of ${given.period.name}, not of ${key}`,
        {
          path: `runsByYear.${key}`,
        },
      );
    }
  }
  // The partnership's years up to and including this one: later years have reports of their own.
  const upTo = (y: string) => parsePeriod(y).start < period.end;
  const before = (y: string) => parsePeriod(y).start < period.start;
  // Earlier years with lines: each counted from its run, as its own report counts it.
  const earlier = new Set<string>(Object.keys(runsByYear).filter(before));
  const yearOfMonth = new Map<string, string>();
  for (const lines of [scenario.costLines, scenario.income]) {
    for (const l of lines) {
      if (l.date >= period.start) continue;
      const month = l.date.slice(0, 7);
      let y = yearOfMonth.get(month);
      if (y === undefined) {
        y = periodOf(l.date, "year").name;
        yearOfMonth.set(month, y);
        earlier.add(y);
      }
    }
  }
  const fromRuns: Contribution[] = [];
  // Services each run charged, by year: their recorded contributions of that year give way to the run's.
  const charged = new Set<string>();
  const years = [...earlier].sort().map((y) => runsByYear[y] ?? runAllocation(scenario, parsePeriod(y, "year")));
  for (const r of [...years, run ?? runAllocation(scenario, period)]) {
    const counted = yearContributions(plan, r);
    fromRuns.push(...counted);
    for (const c of counted) charged.add(`${c.year}\u0000${c.service}`);
  }
  const history = plan.contributions.filter((c) => upTo(c.year) && !charged.has(`${c.year}\u0000${c.service}`));
  return savingsReport(
    { ...plan, contributions: history, oneOffs: plan.oneOffs.filter((o) => upTo(o.year)) },
    fromRuns,
    reportOptions,
  );
}

/**
 * A year's contributions from its run: each partner's share of each service the run charged, and
 * £0 for a partner with a baseline for such a service but no share of it (a run lists no share of
 * nothing: no users this year is a figure, not a gap). A service the run charged nothing for (no
 * lines of it in the year) has none, so its recorded contributions stay.
 */
function yearContributions(plan: SavingsPlan, run: AllocationResult): Contribution[] {
  const fromRun = contributionsFromRun(run);
  const charged = new Set<string>(fromRun.map((c) => c.service));
  const shared = new Set(fromRun.map((c) => `${c.partner}\u0000${c.service}`));
  const source = fromRun[0]?.source;
  for (const b of plan.baselines) {
    const key = `${b.partner}\u0000${b.service}`;
    if (!charged.has(b.service) || shared.has(key)) continue;
    shared.add(key);
    fromRun.push({
      partner: b.partner,
      service: b.service,
      year: run.period.name,
      amount: zero(plan.currency),
      ...(source === undefined ? {} : { source }),
    });
  }
  return fromRun;
}
