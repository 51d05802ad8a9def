export { aggregateMeasurements, type KpiAggregate } from "./aggregateMeasurements.js";
export { describeTarget, periodTarget, yearTarget } from "./describeTarget.js";
export { directionOfTravel, type KpiBand } from "./directionOfTravel.js";
export {
  DEFAULT_RAG_SCHEME,
  DEFAULT_SAMPLE_RULE,
  type EvaluateKpisInput,
  evaluateKpis,
} from "./evaluateKpis.js";
export { formatKpiNumber } from "./formatKpiNumber.js";
export { type JudgeKpiInput, judgeKpi, type KpiJudgement } from "./judgeKpi.js";
export {
  KPI_AGGREGATIONS,
  KPI_POLARITIES,
  KPI_UNITS,
  type KpiAggregation,
  type KpiDefinition,
  type KpiDisplay,
  type KpiName,
  type KpiPolarity,
  type KpiReviewRule,
  type KpiSampleRule,
  type KpiTarget,
  type KpiUnit,
  WILSON_CONFIDENCES,
  type WilsonConfidence,
} from "./KpiDefinition.js";
export type { KpiMeasurement } from "./KpiMeasurement.js";
export type {
  KpiDirection,
  KpiInterval,
  KpiPartnerResult,
  KpiPeriodResult,
  KpiPrediction,
  KpiResult,
  KpiReviewFlag,
  KpiScorecard,
  KpiStatus,
  KpiTargetForPeriod,
  KpiTargetInForce,
  KpiValue,
  KpiWarning,
} from "./KpiScorecard.js";
export { KPI_STATUSES, KPI_WARNING_KINDS } from "./KpiScorecard.js";
export { type KpiTolerance, toleranceAmount } from "./KpiTolerance.js";
export { KPI_FIGURE_FIELDS } from "./kpiFigureFields.js";
export { kpiEndDay, kpiFirstDay, kpiReportedIn } from "./kpiFirstDay.js";
export { kpiNameFor } from "./kpiNameFor.js";
export { kpiProblems, MAX_KPI_DECIMALS } from "./kpiProblems.js";
export {
  DEFAULT_KPI_DECIMALS,
  type KpiDefinitionDocument,
  type KpiMeasurementDocument,
  kpiDefinitionSchema,
  kpiMeasurementSchema,
  ragSchemeSchema,
  toKpiDefinition,
  toKpiMeasurement,
} from "./kpiSchema.js";
export { type KpiDocument, parseKpis } from "./parseKpis.js";
export { RAG_SCHEME_KINDS, type RagScheme } from "./RagScheme.js";
export { targetInForce } from "./targetInForce.js";
export { WILSON_PLACES, WILSON_PRECISION, wilsonInterval } from "./wilsonInterval.js";
