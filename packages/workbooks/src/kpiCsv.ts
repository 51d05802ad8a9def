import { describeTarget, type KpiPeriodResult, type KpiScorecard } from "@3c/domain";
import { toCsv } from "./csv.js";

/**
 * A period's target as text: the value, a band `lower–upper`, `n/a`, or empty when none is set; a
 * sum KPI's target profiled to the period's months with the year's in brackets (`100000 (400000 a year)`).
 */
function targetText(r: KpiPeriodResult): string {
  return r.target === null ? "" : describeTarget(r.target);
}

/**
 * The KPI scorecard as CSV (`3c kpi --format csv`, `GET …/reports/kpis?format=csv`): one row per KPI and period (Q1–Q4, then the year), partners' rows after.
 *
 * @param card - the scorecard
 * @returns the CSV text
 */
export function kpiCsv(card: KpiScorecard): string {
  const row = (code: string, partner: string, r: KpiPeriodResult) => [
    code,
    partner,
    r.period,
    r.value?.display ?? "",
    r.value?.numerator ?? "",
    r.value?.denominator ?? "",
    targetText(r),
    r.status,
    r.direction.previous,
    r.direction.lastYear,
    r.reason,
  ];
  return toCsv(
    [
      "kpi",
      "partner",
      "period",
      "value",
      "numerator",
      "denominator",
      "target",
      "status",
      "vsPrevious",
      "vsLastYear",
      "reason",
    ],
    card.kpis.flatMap((k) => [
      ...[...k.quarters, k.yearToDate].map((r) => row(k.code, "", r)),
      ...k.partners.flatMap((p) => [...p.quarters, p.yearToDate].map((r) => row(k.code, p.partner, r))),
    ]),
  );
}
