import type { KpiTargetInForce } from "./KpiScorecard.js";

/**
 * A scorecard row's target in words, as every reader shows it: the figure the period was judged
 * against, and when that is a `sum` KPI's yearly target profiled to the period's months, the year's
 * figure as recorded in brackets. A profiled figure that is not exact is marked `≈`.
 *
 * @param target - the row's target in force
 * @returns e.g. `"80"`, `"100000 (400000 a year)"`, `"25–50 (100–200 a year)"` or `"n/a"`
 * @example
 * describeTarget(card.kpis[0].quarters[0].target) // "100000 (400000 a year)"
 */
export function describeTarget(target: KpiTargetInForce): string {
  const yearly = yearTarget(target);
  return yearly === undefined ? periodTarget(target) : `${periodTarget(target)} (${yearly} a year)`;
}

/**
 * The year's target as recorded, when the row's was profiled to the period's months (a `sum` KPI's
 * quarter or year to date); undefined when the row was judged by the target as recorded.
 *
 * @param target - the row's target in force
 * @returns e.g. `"400000"` or `"100–200"`, or undefined
 */
export function yearTarget(target: KpiTargetInForce): string | undefined {
  const { forPeriod, ...asRecorded } = target;
  return forPeriod === undefined ? undefined : periodTarget(asRecorded);
}

/**
 * The figure a scorecard row was judged against, without the year's: the profiled target when
 * there is one, otherwise the recorded one.
 *
 * @param target - the row's target in force
 * @returns e.g. `"80"`, `"100000"`, `"≈33333.3333"`, `"25–50"` or `"n/a"`
 */
export function periodTarget(
  target: Pick<KpiTargetInForce, "kind" | "value" | "lower" | "upper" | "forPeriod">,
): string {
  const p = target.forPeriod;
  const mark = p !== undefined && !p.exact ? "≈" : "";
  switch (target.kind) {
    case "value":
      return `${mark}${p?.value ?? target.value ?? ""}`;
    case "band":
      return `${mark}${p?.lower ?? target.lower ?? ""}–${mark}${p?.upper ?? target.upper ?? ""}`;
    default:
      return "n/a";
  }
}
