export type {
  Allocation,
  AllocationRun,
  BasisStep,
  ConservationCertificate,
  LineKind,
  LineShares,
  PartnerAmount,
  PartnerCharges,
  PartnerPoolCharge,
  PartnerServiceCharge,
  PoolCertificate,
  PoolSplit,
  QuantityUsed,
  ServiceSplit,
  SupportResult,
} from "./AllocationRun.js";
export { SERVICE_WIDE, supportPool } from "./RuleBook.js";
export { type RunOptions, runAllocation, UNALLOCATED } from "./runAllocation.js";
