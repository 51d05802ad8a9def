export { type AuditRecord, type ChainedAuditRecord, GENESIS_HASH } from "./AuditRecord.js";
export { type AuditEntry, appendAudit, type ChainHead, lockChainHead } from "./appendAudit.js";
export { auditHash, contentHash } from "./auditHash.js";
export { type AuditVerification, listAudit, verifyAudit } from "./verifyAudit.js";
