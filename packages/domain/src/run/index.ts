export type {
  Allocation,
  AllocationLines,
  AllocationResult,
  AllocationRun,
  BasisStep,
  ConservationCertificate,
  LeadSplit,
  LineKind,
  LineShares,
  PartnerAmount,
  PartnerCharges,
  PartnerLeadCharge,
  PartnerPoolCharge,
  PartnerServiceCharge,
  PoolCertificate,
  PoolSplit,
  QuantityUsed,
  ServiceSplit,
  SupportResult,
} from "./AllocationRun.js";
export type { PlanSpec } from "./BasisPlan.js";
export { type LineLineage, lineShares, traceLines, UNALLOCATED } from "./lineShares.js";
export { poolLabel, poolPlace } from "./poolLabel.js";
export { SERVICE_WIDE, supportPool } from "./RuleBook.js";
export { allocate, runAllocation } from "./runAllocation.js";
