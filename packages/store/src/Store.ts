import type { ManifestCheck, RechargeRun, ScenarioDocument } from "@3c/domain";
import type { Actor, Role } from "./Actor.js";
import { type AuditVerification, type ChainedAuditRecord, listAudit, verifyAudit } from "./audit/index.js";
import { type Database, type DatabaseConfig, openDatabase } from "./db/index.js";
import { deepFreeze } from "./deepFreeze.js";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type IdempotencyClaim,
  releaseIdempotencyKey,
  type StoredResponse,
} from "./idempotency.js";
import { DEFAULT_KEY_CACHE, KeyCache, type KeyCacheOptions } from "./KeyCache.js";
import { type ApiKey, createKey, findKeyByHash, hashKey, type IssuedKey, listKeys, revokeKey } from "./keys.js";
import { migrate } from "./migrations/migrate.js";
import { closePeriod, listPeriods, openPeriod, type Period } from "./periods.js";
import { addPool } from "./pools.js";
import {
  getRecord,
  type ImportOptions,
  type ImportResult,
  importRecords,
  listRecords,
  type Page,
  type RecordDocument,
  type RecordFilter,
  type RecordKindName,
} from "./records/index.js";
import {
  DEFAULT_REPORT_CACHE,
  ReportCache,
  type ReportCacheOptions,
  type ReportCacheSize,
  type ReportReads,
  reportReads,
} from "./reports/index.js";
import {
  consentRule,
  declineRule,
  listRules,
  proposeRule,
  type RuleDocument,
  type RuleVersion,
  withdrawRule,
} from "./rules.js";
import {
  approveRun,
  checkRun,
  createRun,
  discardRun,
  getRun,
  getRunResult,
  listRuns,
  pageRuns,
  postRun,
  type ReversalOptions,
  type RunOptions,
  reverseRun,
  type StoredRun,
} from "./runs.js";
import type { StoreContext } from "./StoreContext.js";
import { type ScenarioBasis, type ScenarioLeads, scenarioDocument } from "./scenarioDocument.js";
import {
  addSectionItems,
  getSectionItem,
  listSectionItems,
  replaceSectionItem,
  type SectionItemChange,
  type SectionItemDocument,
  type SectionItemFilter,
  type SectionItemKindName,
  type SectionItemsOptions,
  type SectionItemsWrite,
} from "./sectionItems/index.js";
import {
  consentTerms,
  getSections,
  putSection,
  reportScenarioDocument,
  type SectionName,
  type SectionWrite,
  type SectionWriteOptions,
  type StoredSections,
  type TermsActivation,
} from "./sections.js";
import { seedDemo } from "./seedDemo.js";
import { type SettingsWrite, type SettingsWriteOptions, updateSettings } from "./settings.js";
import { listSettingsInForce, type SettingsInForce } from "./settingsInForce.js";
import {
  cancelHandover,
  createPartner,
  createPartnership,
  createService,
  getPartnership,
  type HandoverInput,
  listPartners,
  listServices,
  type Partner,
  type Partnership,
  type PartnershipSettings,
  type Pool,
  type Service,
  type ServiceInput,
  updatePartner,
  updateService,
} from "./structure.js";
import { declineTerms, listTerms, type TermsVersion, withdrawTerms } from "./terms.js";
import {
  listTermsInForce,
  type SectionForYear,
  sectionByYear,
  sectionsForYear,
  type TermsInForce,
  type TermsOverlay,
  termsYear,
} from "./termsInForce.js";
import { yearsWithLines } from "./yearsWithLines.js";

/** Options of {@link Store.open}. */
export interface StoreOptions {
  /** The clock, as ISO text; default the system clock. Tests pass a fixed one. */
  readonly now?: () => string;
  /**
   * How long a found API key is trusted without asking the database (default 5 s, see
   * {@link KeyCache}); `false` asks every time.
   */
  readonly keyCache?: KeyCacheOptions | false;
  /**
   * What a year's reports are made from (its scenario, its run) is kept in this process between
   * requests, bounded in lines (default {@link DEFAULT_REPORT_CACHE}); `false` keeps nothing. See
   * {@link Store.readForReports}.
   */
  readonly reportCache?: ReportCacheOptions | false;
}

/**
 * The persistence of 3c: every read and write of a partnership's data, over PGlite or PostgreSQL.
 * Every write is one transaction with its audit record; every read is scoped to one partnership.
 *
 * @example
 * const store = await Store.open({ dataDir: "./.3c-data" });
 * const page = await store.listRecords("3c", "cost-lines", { period: "2024/25-Q1" }, { limit: 100 });
 */
export class Store {
  private readonly ctx: StoreContext;
  private readonly keys: KeyCache;
  private readonly reports: ReportCache | undefined;

  /**
   * @param db - an open, migrated database
   * @param options - the clock
   */
  constructor(
    readonly db: Database,
    options: StoreOptions = {},
  ) {
    this.ctx = { db, now: options.now ?? (() => new Date().toISOString()) };
    this.keys = new KeyCache(options.keyCache === false ? { ttlMs: 0 } : (options.keyCache ?? DEFAULT_KEY_CACHE));
    this.reports =
      options.reportCache === false ? undefined : new ReportCache(options.reportCache ?? DEFAULT_REPORT_CACHE);
  }

  /**
   * Opens the configured database and applies pending migrations.
   *
   * @param config - server URL, data directory or memory
   * @param options - the clock
   * @returns the store
   */
  static async open(config: DatabaseConfig, options: StoreOptions = {}): Promise<Store> {
    const db = await openDatabase(config);
    try {
      await migrate(db);
    } catch (error) {
      await db.close();
      throw error;
    }
    return new Store(db, options);
  }

  /** Closes the database. */
  close(): Promise<void> {
    return this.db.close();
  }

  /**
   * Checks the database answers.
   *
   * @returns true when a trivial query succeeds
   */
  async ping(): Promise<boolean> {
    const rows = await this.db.query<{ ok: number }>("SELECT 1 AS ok");
    return Number(rows[0]?.ok) === 1;
  }

  // Partnerships, partners, services

  /** See {@link createPartnership}. */
  createPartnership(input: Parameters<typeof createPartnership>[1], actor: Actor): Promise<Partnership> {
    return createPartnership(this.ctx, input, actor);
  }
  /** See {@link getPartnership}. */
  getPartnership(id: string): Promise<Partnership | undefined> {
    return getPartnership(this.db, id);
  }
  /** See {@link updateSettings}. */
  updateSettings(
    id: string,
    settings: PartnershipSettings,
    expectedVersion: number | undefined,
    actor: Actor,
    options: SettingsWriteOptions = {},
  ): Promise<SettingsWrite> {
    return updateSettings(this.ctx, id, settings, expectedVersion, actor, options);
  }
  /**
   * Which settings charged each financial year: see {@link listSettingsInForce}.
   *
   * @param id - the partnership
   * @returns the stretches, oldest first (none for an unknown partnership)
   */
  async listSettingsInForce(id: string): Promise<SettingsInForce[]> {
    const partnership = await getPartnership(this.db, id);
    return partnership === undefined ? [] : listSettingsInForce(this.db, id, partnership.settings);
  }
  /** See {@link listPartners}. */
  listPartners(partnershipId: string): Promise<Partner[]> {
    return listPartners(this.db, partnershipId);
  }
  /** See {@link createPartner}. */
  createPartner(partnershipId: string, input: { id: string; name: string }, actor: Actor): Promise<Partner> {
    return createPartner(this.ctx, partnershipId, input, actor);
  }
  /** See {@link updatePartner}. */
  updatePartner(
    partnershipId: string,
    id: string,
    input: { name: string },
    expectedVersion: number | undefined,
    actor: Actor,
  ): Promise<Partner> {
    return updatePartner(this.ctx, partnershipId, id, input, expectedVersion, actor);
  }
  /** See {@link listServices}: each service shows the lead in force today (by the store's clock). */
  listServices(partnershipId: string): Promise<Service[]> {
    return listServices(this.db, partnershipId, this.ctx.now().slice(0, 10));
  }
  /** See {@link createService}. */
  createService(partnershipId: string, input: ServiceInput, actor: Actor): Promise<Service> {
    return createService(this.ctx, partnershipId, input, actor);
  }
  /** See {@link updateService}. */
  updateService(
    partnershipId: string,
    id: string,
    input: HandoverInput,
    expectedVersion: number | undefined,
    actor: Actor,
  ): Promise<Service> {
    return updateService(this.ctx, partnershipId, id, input, expectedVersion, actor);
  }
  /** See {@link cancelHandover}. */
  cancelHandover(
    partnershipId: string,
    id: string,
    effectiveFrom: string,
    expectedVersion: number | undefined,
    actor: Actor,
  ): Promise<Service> {
    return cancelHandover(this.ctx, partnershipId, id, effectiveFrom, expectedVersion, actor);
  }
  /** See {@link addPool}. */
  addPool(
    partnershipId: string,
    serviceId: string,
    pool: Pool,
    expectedVersion: number | undefined,
    actor: Actor,
  ): Promise<Service> {
    return addPool(this.ctx, partnershipId, serviceId, pool, expectedVersion, actor);
  }

  // Keys

  /** See {@link createKey}. */
  createKey(
    input: { partnership: string; partner: string; role: Role; name: string },
    actor: Actor,
    options: { readonly firstAdmin?: boolean } = {},
  ): Promise<IssuedKey> {
    return createKey(this.ctx, input, actor, options);
  }
  /**
   * Finds the live key a bearer token belongs to: from this process's {@link KeyCache} while
   * fresh, else from the database (see {@link findKeyByHash}).
   *
   * @param secret - the bearer token
   * @returns the key, or undefined when unknown or revoked
   */
  async findKey(secret: string): Promise<ApiKey | undefined> {
    const hash = hashKey(secret);
    const held = this.keys.get(hash);
    if (held !== undefined) return held;
    const key = await findKeyByHash(this.db, hash);
    if (key !== undefined) this.keys.set(hash, key);
    return key;
  }
  /** See {@link revokeKey}; the key also stops working in this process at once. */
  async revokeKey(partnershipId: string, id: string, actor: Actor): Promise<ApiKey> {
    const key = await revokeKey(this.ctx, partnershipId, id, actor);
    this.keys.evict(id);
    return key;
  }
  /** Run results read lately, by partnership and run id (see `getRunResult`). */
  private readonly runResults = new Map<string, RechargeRun>();
  /** Forgets every API key this process holds, so the next request of each asks the database. */
  forgetKeys(): void {
    this.keys.clear();
  }
  /** See {@link listKeys}. */
  listKeys(partnershipId: string): Promise<ApiKey[]> {
    return listKeys(this.db, partnershipId);
  }

  // Records

  /** See {@link importRecords}. */
  importRecords(
    partnershipId: string,
    kind: RecordKindName,
    items: readonly unknown[],
    actor: Actor,
    options?: ImportOptions,
  ): Promise<ImportResult> {
    return importRecords(this.ctx, partnershipId, kind, items, actor, options);
  }
  /** See {@link listRecords}. */
  listRecords(
    partnershipId: string,
    kind: RecordKindName,
    filter: RecordFilter,
    page: { limit: number; cursor?: string },
  ): Promise<Page<RecordDocument>> {
    return listRecords(this.db, partnershipId, kind, filter, page);
  }
  /** See {@link getRecord}. */
  getRecord(partnershipId: string, kind: RecordKindName, id: string): Promise<RecordDocument | undefined> {
    return getRecord(this.db, partnershipId, kind, id);
  }

  // Periods

  /** See {@link listPeriods}. */
  listPeriods(partnershipId: string): Promise<Period[]> {
    return listPeriods(this.db, partnershipId);
  }
  /** See {@link openPeriod}. */
  openPeriod(partnershipId: string, name: string, actor: Actor): Promise<Period> {
    return openPeriod(this.ctx, partnershipId, name, actor);
  }
  /** See {@link closePeriod}. */
  closePeriod(partnershipId: string, name: string, expectedVersion: number | undefined, actor: Actor): Promise<Period> {
    return closePeriod(this.ctx, partnershipId, name, expectedVersion, actor);
  }

  // Rules

  /** See {@link listRules}. */
  listRules(partnershipId: string, id?: string): Promise<RuleVersion[]> {
    return listRules(this.db, partnershipId, id);
  }
  /** See {@link proposeRule}. */
  proposeRule(partnershipId: string, rule: RuleDocument, actor: Actor): Promise<RuleVersion> {
    return proposeRule(this.ctx, partnershipId, rule, actor);
  }
  /** See {@link consentRule}. */
  consentRule(partnershipId: string, id: string, actor: Actor): Promise<RuleVersion> {
    return consentRule(this.ctx, partnershipId, id, actor);
  }
  /** See {@link declineRule}. */
  declineRule(partnershipId: string, id: string, reason: string, actor: Actor): Promise<RuleVersion> {
    return declineRule(this.ctx, partnershipId, id, reason, actor);
  }
  /** See {@link withdrawRule}. */
  withdrawRule(partnershipId: string, id: string, actor: Actor): Promise<RuleVersion> {
    return withdrawRule(this.ctx, partnershipId, id, actor);
  }

  // Scenario and runs

  /** See {@link scenarioDocument}. */
  scenarioDocument(partnershipId: string, period: string, basis: ScenarioBasis = "actual") {
    return scenarioDocument(this.db, partnershipId, period, basis, "period");
  }
  /** See {@link listRuns}. */
  listRuns(partnershipId: string, filter?: { period?: string }): Promise<StoredRun[]> {
    return listRuns(this.db, partnershipId, filter);
  }
  /** See {@link pageRuns}. */
  pageRuns(
    partnershipId: string,
    filter: { period?: string },
    page: { limit: number; cursor?: string },
  ): Promise<Page<StoredRun>> {
    return pageRuns(this.db, partnershipId, filter, page);
  }
  /** See {@link getRun}. */
  getRun(partnershipId: string, id: string): Promise<StoredRun | undefined> {
    return getRun(this.db, partnershipId, id);
  }
  /**
   * See {@link getRunResult}. A run's result is written once, when the run is made, and never
   * changed (approval, posting and reversal change only its status), so the last few read are
   * held in this process, frozen: a statement read then costs no query and no parse of the whole
   * result.
   */
  async getRunResult(partnershipId: string, id: string): Promise<RechargeRun | undefined> {
    const key = `${partnershipId}\u0000${id}`;
    const held = this.runResults.get(key);
    if (held !== undefined) {
      // Most recently used last: the first entry is the one to drop.
      this.runResults.delete(key);
      this.runResults.set(key, held);
      return held;
    }
    const result = await getRunResult(this.db, partnershipId, id);
    if (result === undefined) return undefined;
    if (this.runResults.size >= RUN_RESULTS_HELD) this.runResults.delete(this.runResults.keys().next().value as string);
    this.runResults.set(key, deepFreeze(result));
    return result;
  }
  /** Forgets the run results this process holds (between tests, which empty the tables). */
  forgetRunResults(): void {
    this.runResults.clear();
  }
  /** See {@link createRun}. */
  createRun(partnershipId: string, input: { period: string } & RunOptions, actor: Actor): Promise<StoredRun> {
    return createRun(this.ctx, partnershipId, input, actor);
  }
  /** See {@link approveRun}. */
  approveRun(partnershipId: string, id: string, expectedVersion: number | undefined, actor: Actor): Promise<StoredRun> {
    return approveRun(this.ctx, partnershipId, id, expectedVersion, actor);
  }
  /** See {@link postRun}. */
  postRun(partnershipId: string, id: string, expectedVersion: number | undefined, actor: Actor): Promise<StoredRun> {
    return postRun(this.ctx, partnershipId, id, expectedVersion, actor);
  }
  /** See {@link reverseRun}. */
  reverseRun(
    partnershipId: string,
    id: string,
    period: string,
    actor: Actor,
    statements?: ReversalOptions,
  ): Promise<StoredRun> {
    return reverseRun(this.ctx, partnershipId, id, period, actor, statements);
  }
  /** See {@link discardRun}. */
  discardRun(
    partnershipId: string,
    id: string,
    reason: string,
    expectedVersion: number | undefined,
    actor: Actor,
  ): Promise<StoredRun> {
    return discardRun(this.ctx, partnershipId, id, reason, expectedVersion, actor);
  }
  /** See {@link checkRun}. */
  checkRun(partnershipId: string, id: string): Promise<ManifestCheck> {
    return checkRun(this.ctx, partnershipId, id);
  }

  // Scenario sections and reports

  /** See {@link getSections}. */
  getSections(partnershipId: string): Promise<StoredSections> {
    return getSections(this.db, partnershipId);
  }
  /** See {@link putSection}. */
  putSection(
    partnershipId: string,
    section: SectionName,
    body: unknown,
    actor: Actor,
    options: SectionWriteOptions = {},
  ): Promise<SectionWrite> {
    return putSection(this.ctx, partnershipId, section, body, actor, options);
  }
  /** See {@link addSectionItems}. */
  addSectionItems(
    partnershipId: string,
    kind: SectionItemKindName,
    items: readonly unknown[],
    actor: Actor,
    options: SectionItemsOptions = {},
  ): Promise<SectionItemsWrite> {
    return addSectionItems(this.ctx, partnershipId, kind, items, actor, options);
  }
  /** See {@link replaceSectionItem}: `item` replaces the stored item with this id. */
  replaceSectionItem(
    partnershipId: string,
    kind: SectionItemKindName,
    id: string,
    item: unknown,
    actor: Actor,
    options: Pick<SectionItemsOptions, "checks"> = {},
  ): Promise<SectionItemChange> {
    return replaceSectionItem(this.ctx, partnershipId, kind, id, item, actor, options);
  }
  /** See {@link replaceSectionItem}: removes the stored item with this id. */
  deleteSectionItem(
    partnershipId: string,
    kind: SectionItemKindName,
    id: string,
    actor: Actor,
    options: Pick<SectionItemsOptions, "checks"> = {},
  ): Promise<SectionItemChange> {
    return replaceSectionItem(this.ctx, partnershipId, kind, id, undefined, actor, options);
  }
  /** See {@link listSectionItems}. */
  listSectionItems(
    partnershipId: string,
    kind: SectionItemKindName,
    filter: SectionItemFilter,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<SectionItemDocument>> {
    return listSectionItems(this.db, partnershipId, kind, filter, page);
  }
  /** See {@link getSectionItem}. */
  getSectionItem(
    partnershipId: string,
    kind: SectionItemKindName,
    id: string,
  ): Promise<SectionItemDocument | undefined> {
    return getSectionItem(this.db, partnershipId, kind, id);
  }
  /** See {@link listTerms}. */
  listTerms(partnershipId: string, id?: string): Promise<TermsVersion[]> {
    return listTerms(this.db, partnershipId, id);
  }
  /** See {@link consentTerms}. */
  consentTerms(partnershipId: string, id: string, actor: Actor, activation: TermsActivation): Promise<TermsVersion> {
    return consentTerms(this.ctx, partnershipId, id, actor, activation);
  }
  /** See {@link declineTerms}. */
  declineTerms(partnershipId: string, id: string, reason: string, actor: Actor): Promise<TermsVersion> {
    return declineTerms(this.ctx, partnershipId, id, reason, actor);
  }
  /** See {@link withdrawTerms}. */
  withdrawTerms(partnershipId: string, id: string, actor: Actor): Promise<TermsVersion> {
    return withdrawTerms(this.ctx, partnershipId, id, actor);
  }
  /** See {@link listTermsInForce}. */
  listTermsInForce(partnershipId: string): Promise<TermsInForce[]> {
    return listTermsInForce(this.db, partnershipId);
  }
  /**
   * The stored sections as a financial year's reports read them, with the terms in force for the
   * year: see {@link sectionsForYear}.
   *
   * @param partnershipId - the partnership
   * @param year - a financial year, `2024/25` or `2024-25`
   * @param overlay - how terms in force are laid over a stored section
   * @returns the sections for the year
   * @throws StoreError `INVALID_INPUT` on `year` for anything but a financial year
   */
  async sectionsForYear(partnershipId: string, year: string, overlay: TermsOverlay): Promise<StoredSections> {
    const name = termsYear(year, "year");
    return sectionsForYear(this.db, partnershipId, await getSections(this.db, partnershipId), name, overlay);
  }
  /**
   * One section as each of several financial years' reports read it, with the record of the terms
   * in force for each: see {@link sectionByYear}.
   *
   * @param partnershipId - the partnership
   * @param section - the section
   * @param years - financial years, `2024/25` or `2024-25`
   * @param overlay - how terms in force are laid over a stored section
   * @returns for each year, in the order given (named as `2024/25`), the section and its record
   * @throws StoreError `INVALID_INPUT` on `years` for anything but a financial year
   */
  async sectionByYear(
    partnershipId: string,
    section: SectionName,
    years: readonly string[],
    overlay: TermsOverlay,
  ): Promise<SectionForYear[]> {
    const names = years.map((y) => termsYear(y, "years"));
    return sectionByYear(this.db, partnershipId, section, await getSections(this.db, partnershipId), names, overlay);
  }
  /**
   * The financial years before `year` with actual cost lines or income dated in them: see
   * {@link yearsWithLines}.
   *
   * @param partnershipId - the partnership
   * @param year - a financial year, e.g. `2025/26`
   * @returns the earlier years with lines, earliest first
   */
  yearsWithLines(partnershipId: string, year: string): Promise<string[]> {
    return yearsWithLines(this.db, partnershipId, year);
  }
  /** See {@link reportScenarioDocument}. */
  reportScenarioDocument(
    partnershipId: string,
    year: string,
    overlay: TermsOverlay,
    leads?: ScenarioLeads,
  ): Promise<ScenarioDocument> {
    return reportScenarioDocument(this.db, partnershipId, year, overlay, leads);
  }

  /**
   * Runs a report's reads of one partnership in one snapshot of the database (a read-only
   * transaction), with its data state — the head of its audit chain, which every write moves — read
   * in the same snapshot, and what the reads keep between requests (`reads.kept`): a year's
   * scenario or run made from this snapshot is given again to a later request while its data state
   * is the same, or the writes since cannot have changed the year (see {@link ReportReads.kept}).
   * So a kept value is never older than the data the request reads.
   *
   * @param partnershipId - the partnership
   * @param fn - the report, given the reads
   * @returns what `fn` returns
   * @example
   * const doc = await store.readForReports("3c", (reads) => reads.reportScenarioDocument("2024/25", overlay));
   */
  readForReports<T>(partnershipId: string, fn: (reads: ReportReads) => Promise<T>): Promise<T> {
    return this.db.snapshot(async (tx) => fn(await reportReads(tx, partnershipId, this.reports)));
  }
  /**
   * How much this process keeps for reports — entries, their weight in lines — and how many kept
   * values it gave and made (see {@link StoreOptions.reportCache}).
   */
  get keptForReports(): ReportCacheSize {
    return this.reports?.size ?? { entries: 0, lines: 0, given: 0, made: 0 };
  }
  /** Forgets what this process keeps for reports (between tests, which put back earlier data). */
  forgetReports(): void {
    this.reports?.clear();
  }

  /**
   * The store's clock: what "now" is for its writes, and for reports that default to it.
   *
   * @returns the current instant, ISO 8601 in UTC
   */
  now(): string {
    return this.ctx.now();
  }

  // Idempotency

  /** See {@link claimIdempotencyKey}; the instant is the store's clock. */
  claimIdempotencyKey(keyId: string, idempotencyKey: string, requestHash: string): Promise<IdempotencyClaim> {
    return claimIdempotencyKey(this.db, keyId, idempotencyKey, requestHash, this.ctx.now());
  }
  /** See {@link completeIdempotencyKey}. */
  completeIdempotencyKey(keyId: string, idempotencyKey: string, response: StoredResponse): Promise<void> {
    return completeIdempotencyKey(this.db, keyId, idempotencyKey, response);
  }
  /** See {@link releaseIdempotencyKey}. */
  releaseIdempotencyKey(keyId: string, idempotencyKey: string): Promise<void> {
    return releaseIdempotencyKey(this.db, keyId, idempotencyKey);
  }

  // Audit

  /** See {@link verifyAudit}. */
  verifyAudit(partnershipId: string): Promise<AuditVerification> {
    return verifyAudit(this.db, partnershipId);
  }
  /** See {@link listAudit}. */
  listAudit(partnershipId: string, after: number, limit: number): Promise<ChainedAuditRecord[]> {
    return listAudit(this.db, partnershipId, after, limit);
  }

  /** See {@link seedDemo}. */
  seedDemo(actor: Actor): Promise<Partnership> {
    return seedDemo(this.ctx, actor);
  }
}

/** How many run results a process holds: a statement page asks for one run many times over. */
const RUN_RESULTS_HELD = 8;
