export { type Advance, quarterlyAdvances } from "./advances.js";
export { budgetScenario } from "./budgetScenario.js";
export { type Change, diffRuns, type RunDiff } from "./diffRuns.js";
export { type DiffView, diffView } from "./diffView.js";
export { fxSensitivity, type SensitivityCase } from "./fxSensitivity.js";
export { issuerView, type StatementView } from "./issuerView.js";
export { ownOrLed } from "./ownOrLed.js";
export {
  checkManifest,
  type ManifestCheck,
  type RechargeInput,
  type RechargeRun,
  type RunManifest,
  rechargeRun,
} from "./rechargeRun.js";
export { type RunView, runView } from "./runView.js";
export { serviceLeads } from "./serviceLeads.js";
export { type NetPosition, netPositions, planSettlement, type Transfer } from "./settlement.js";
export { type SettlementView, settlementView } from "./settlementView.js";
export { statementFor } from "./statementFor.js";
export {
  buildStatements,
  type IssuerTotal,
  type Statement,
  type StatementDriver,
  type StatementLine,
  type StatementOptions,
  type StatementSet,
} from "./statements.js";
export { transfersOf } from "./transfersOf.js";
export { type PolicyAdjustment, type TrueUpLine, type TrueUpPolicies, type TrueUpResult, trueUp } from "./trueUp.js";
export { chargeVariance, type VarianceLine } from "./variance.js";
export { type YearEndView, yearEndView } from "./yearEndView.js";
