import {
  DEFAULT_TIME_ZONE,
  localDateOf,
  parseInstant,
  parsePeriod,
  periodInterval,
  periodOf,
  shiftPeriod,
} from "@3c/domain";
import { CliError } from "../CliError.js";

/**
 * Financial years as short ranges of consecutive years: `2015/16 to 2024/25`, `2019/20, 2021/22`.
 *
 * @param years - financial year names, in any order
 * @returns the ranges, joined with commas
 * @example yearRanges(["2016/17", "2015/16", "2018/19"]) // "2015/16 to 2016/17, 2018/19"
 */
export function yearRanges(years: readonly string[]): string {
  const sorted = [...new Set(years)].map((y) => parsePeriod(y)).sort((a, b) => a.startYear - b.startYear);
  const ranges: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1]?.startYear ?? 0) === (sorted[j]?.startYear ?? 0) + 1) j++;
    const first = sorted[i]?.name ?? "";
    const last = sorted[j]?.name ?? "";
    ranges.push(i === j ? first : `${first} to ${last}`);
    i = j + 1;
  }
  return ranges.join(", ");
}

/**
 * Refuses a savings report of a year with no savings figures: no contribution recorded for it and
 * none from the scenario's cost lines of the year. Its tables would be empty, which reads as "no
 * savings" when the year is mistyped or its figures are not in yet.
 *
 * @param year - the year asked for (`--year`)
 * @param reported - the years the report has figures for (the domain's `SavingsReport.years`)
 * @param known - every year the caller knows to have figures, to name in the message
 * @throws CliError usage, naming the year and the years with figures
 */
export function refuseSavingsYearWithoutFigures(
  year: string,
  reported: readonly string[],
  known: readonly string[],
): void {
  if (reported.includes(year)) return;
  const years = known.filter((y) => y !== year);
  const held =
    years.length === 0
      ? "there are savings figures for no year yet"
      : `the years with figures are ${yearRanges(years)}`;
  throw new CliError(
    "usage",
    `--year ${year}: no savings figures for ${year} (no contributions recorded for it, and no cost lines of it); ${held}`,
  );
}

/**
 * Refuses a KPI scorecard or annual report of a year that had not begun when it is taken (its
 * `asAt`): nothing of the year can have been measured, so every figure would be "no data" or £0,
 * which reads as a report of a quiet year. The year asked for begins at or after the instant.
 *
 * @param year - the year asked for (`--year`)
 * @param asAt - the instant the report is taken (ISO 8601)
 * @param asked - whether the instant came from `--as-at` (else the default: the earlier of the year's end and now)
 * @throws CliError usage, naming the year, the instant and the latest year begun by then
 */
export function refuseYearNotBegun(year: string, asAt: string, asked: boolean): void {
  const period = parsePeriod(year, "year");
  const taken = parseInstant(asAt, "asAt");
  if (periodInterval(period).start < taken) return;
  const current = periodOf(localDateOf(taken, DEFAULT_TIME_ZONE), "year");
  // At the very first instant of a year nothing of it has happened yet either.
  const latest = periodInterval(current).start < taken ? current : shiftPeriod(current, -1);
  const when = asked ? `at --as-at ${asAt}` : `now (${asAt})`;
  throw new CliError(
    "usage",
    `--year ${year}: the year begins on ${period.start}, and the report is taken ${when}, so nothing of ${year} can have been measured yet; ask for ${latest.name} or an earlier year${asked ? ", or give an --as-at within the year" : ""}`,
  );
}
