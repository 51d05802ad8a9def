import type { CalendarDate } from "../period/index.js";
import type { KpiDefinition, KpiTarget } from "./KpiDefinition.js";

/**
 * Test helper: a KPI definition with sensible defaults (a % KPI, higher is better, ratio, target
 * 80 from 2019/20, one decimal half-up), overridden by `over`.
 *
 * @param over - fields to replace
 * @returns the definition
 */
export function testKpi(over: Partial<KpiDefinition> = {}): KpiDefinition {
  return {
    code: "LEGAL-KPI-1",
    name: "Successful litigation outcomes",
    service: "LEGAL",
    unit: "percent",
    polarity: "higher-is-better",
    aggregation: "ratio",
    targets: [valueTarget("2019-04-01", "80")],
    monitoringOnly: false,
    display: { decimals: 1, rounding: "half-up" },
    ...over,
  };
}

/**
 * Test helper: a value target.
 *
 * @param from - effective date
 * @param value - the target
 * @returns the target version
 */
export function valueTarget(from: string, value: string): KpiTarget {
  return { kind: "value", effectiveFrom: from as CalendarDate, value };
}
