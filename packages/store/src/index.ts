/**
 * `@3c/store`: the persistence of 3c over PGlite (embedded, on disk) or a PostgreSQL server — the
 * same SQL and migrations on both. Every write is one transaction with its audit record.
 *
 * @packageDocumentation
 */
export { type Actor, ROLES, type Role, systemActor } from "./Actor.js";
export * from "./audit/index.js";
export * from "./db/index.js";
export {
  type DateSpan,
  type Handover,
  handoversInside,
  type LeadHistory,
  leadOn,
  leadsWithin,
} from "./handovers.js";
export {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type IdempotencyClaim,
  releaseIdempotencyKey,
  type StoredResponse,
} from "./idempotency.js";
export { DEFAULT_KEY_CACHE, KeyCache, type KeyCacheOptions } from "./KeyCache.js";
export { type ApiKey, hashKey, type IssuedKey } from "./keys.js";
export { movedKpis } from "./measurementsOfMovedKpis.js";
export { MIGRATIONS, type Migration } from "./migrations/index.js";
export { migrate } from "./migrations/migrate.js";
export { type Period, reportedSpan } from "./periods.js";
export * from "./records/index.js";
export {
  type DataState,
  DEFAULT_REPORT_CACHE,
  type ReportCacheOptions,
  type ReportCacheSize,
  type ReportReads,
} from "./reports/index.js";
export { type CreatedIdKind, reservedIdProblem } from "./reservedIds.js";
export type { Consent, RuleDocument, RuleVersion } from "./rules.js";
export type { ReversalOptions, RunOptions, RunPolicies, RunStatus, StoredRun } from "./runs.js";
export { runScenario } from "./runs.js";
export { Store, type StoreOptions } from "./Store.js";
export { isStoreError, type RowIssue, STORE_ERROR_CODES, StoreError, type StoreErrorCode } from "./StoreError.js";
export type { ScenarioBasis, ScenarioLeads } from "./scenarioDocument.js";
export * from "./sectionItems/index.js";
export {
  isSectionName,
  SECTION_NAMES,
  type SectionName,
  type SectionSpans,
  type SectionWrite,
  type SectionWriteOptions,
  type StoredSections,
  type TermsActivation,
} from "./sections.js";
export type { SettingsWrite, SettingsWriteOptions } from "./settings.js";
export type { SettingsInForce } from "./settingsInForce.js";
export type {
  HandoverInput,
  Partner,
  Partnership,
  PartnershipSettings,
  Pool,
  Service,
  ServiceInput,
} from "./structure.js";
export { SETTINGS_TERMS, type TermsSubject, type TermsVersion } from "./terms.js";
export {
  earliestTermsYear,
  type SectionForYear,
  type TermsInForce,
  type TermsOverlay,
  type TermsRecord,
  termsRecordFor,
  termsTimeline,
} from "./termsInForce.js";
export type { Decline, VersionEnding, VersionStatus, Withdrawal } from "./versionEndings.js";
