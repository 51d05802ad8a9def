export {
  type AnnualReport,
  type AnnualReportOptions,
  annualReport,
  type PartnerRecharge,
  type PoolFinance,
  type ReportedOutage,
  type ReportFlag,
  type ServiceFinance,
  type ServiceOutages,
  type ServiceSavings,
} from "./annualReport.js";
export { type KpiScorecardOptions, kpiScorecard } from "./kpiScorecard.js";
export { type ScenarioSavingsOptions, scenarioSavings } from "./scenarioSavings.js";
