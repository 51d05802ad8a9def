export { contributionsFromRun } from "./contributionsFromRun.js";
export { type IndexFactor, type IndexStep, indexFactor } from "./indexFactor.js";
export { type PartnershipSavingsYear, partnershipSavingsTotals } from "./partnershipSavingsTotals.js";
export { type Payback, type PaybackYear, payback } from "./payback.js";
export {
  type Baseline,
  type Contribution,
  type Indexation,
  type IndexSeries,
  type OneOffItem,
  type OneOffSplit,
  SAVINGS_ATTRIBUTIONS,
  type SavingsAttribution,
  type SavingsPlan,
} from "./SavingsPlan.js";
export { type SavingsTerms, savingsTermsOf } from "./SavingsTerms.js";
export {
  type PartnerSavings,
  type PartnerSavingsYear,
  type SavingLineage,
  type SavingsReport,
  type SavingsReportOptions,
  type SavingTarget,
  type ServiceSaving,
  savingsReport,
} from "./savingsReport.js";
export { savingsTermsProblems } from "./savingsTermsProblems.js";
export { type OneOffShare, splitOneOff } from "./splitOneOff.js";
