import {
  canonicalJson,
  checkManifest,
  DEFAULT_TIME_ZONE,
  DomainError,
  formatInstant,
  loadScenario,
  type ManifestCheck,
  parsePeriod,
  type RechargeInput,
  type RechargeRun,
  type RoundingMode,
  type RunManifest,
  rechargeRun,
  type Scenario,
  type ScenarioDocument,
} from "@3c/domain";
import type { Actor } from "./Actor.js";
import type { Queryable } from "./db/index.js";
import { closedPeriodOf, closedPeriods } from "./periods.js";
import type { Page } from "./records/index.js";
import { type StoreContext, write } from "./StoreContext.js";
import { type RowIssue, StoreError } from "./StoreError.js";
import { scenarioDocument } from "./scenarioDocument.js";
import { listPartners } from "./structure.js";

/** How a run's statements are numbered and dated, and whether the year's budget is used. */
export interface RunOptions {
  readonly issueDate: string;
  readonly dueDate?: string;
  /** Statement number per partner; default `<run id>/<partner>`. */
  readonly numbers?: Readonly<Record<string, string>>;
  readonly vat?: { readonly ratePercent: string; readonly rounding: RoundingMode };
  /** For a year's run: also work out advances, true-up and variance from the stored budget. */
  readonly budget?: boolean;
  /** Year-end policies for a year's run with the budget: the domain's `RechargeInput.policies`. */
  readonly policies?: RunPolicies;
  /**
   * For dampening: the ids of the stored, active rule versions that made the basis before the
   * change (the actuals are also allocated by these, for the comparison).
   */
  readonly previousRules?: readonly string[];
}

/** The year-end policies a run may be drafted with, as JSON (see the domain's `TrueUpPolicies`). */
export type RunPolicies = NonNullable<RechargeInput["policies"]>;

/**
 * How a reversal's own statements (credit notes, or invoices for the reversal of a reversal) are
 * dated and numbered: by the reversal's issue date, in the period it is booked in. Everything else
 * (VAT, budget, policies) is the reversed run's: a reversal takes back exactly what was charged.
 */
export interface ReversalOptions {
  /** Default: the day the reversal is drafted, in Europe/London. */
  readonly issueDate?: string;
  readonly dueDate?: string;
  /** Statement number per partner; default the reversed run's number with `-R` appended. */
  readonly numbers?: Readonly<Record<string, string>>;
}

/**
 * A run's life: drafted, approved by a second person, posted; a posted run may be reversed. A draft
 * made in error may be discarded instead: kept, never approved.
 */
export type RunStatus = "draft" | "approved" | "posted" | "reversed" | "discarded";

/** A stored recharge run, without its (large) result. */
export interface StoredRun {
  readonly id: string;
  readonly period: string;
  /** `recharge`, or `reversal` of the run in `reverses`. */
  readonly kind: "recharge" | "reversal";
  readonly reverses: string | null;
  readonly status: RunStatus;
  /**
   * The options the run's result was computed with (what `checkRun` re-runs). A reversal carries
   * its recharge run's, and its own statement options under `reversal` (absent from a reversal
   * drafted before reversals took them: its documents keep the recharge run's dates and period).
   */
  readonly options: RunOptions & {
    readonly numbers: Readonly<Record<string, string>>;
    readonly reversal?: ReversalOptions & { readonly issueDate: string };
  };
  readonly manifest: RunManifest;
  readonly preparedBy: string;
  readonly preparedAt: string;
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  readonly postedAt: string | null;
  /** Who discarded the draft, when and why; null unless `discarded`. */
  readonly discardedBy: string | null;
  readonly discardedAt: string | null;
  readonly discardReason: string | null;
  readonly version: number;
}

interface RunRow {
  id: string;
  period: string;
  kind: "recharge" | "reversal";
  reverses: string | null;
  status: RunStatus;
  options: StoredRun["options"];
  manifest: RunManifest;
  prepared_key: string;
  prepared_actor: string;
  prepared_at: string;
  approved_actor: string | null;
  approved_at: string | null;
  posted_at: string | null;
  discarded_actor: string | null;
  discarded_at: string | null;
  discard_reason: string | null;
  version: number;
}

const COLUMNS =
  "id, period, kind, reverses, status, options, manifest, prepared_key, prepared_actor, prepared_at, approved_actor, approved_at, posted_at, discarded_actor, discarded_at, discard_reason, version";

const toRun = (r: RunRow): StoredRun => ({
  id: r.id,
  period: r.period,
  kind: r.kind,
  reverses: r.reverses,
  status: r.status,
  options: r.options,
  manifest: r.manifest,
  preparedBy: r.prepared_actor,
  preparedAt: r.prepared_at,
  approvedBy: r.approved_actor,
  approvedAt: r.approved_at,
  postedAt: r.posted_at,
  discardedBy: r.discarded_actor,
  discardedAt: r.discarded_at,
  discardReason: r.discard_reason,
  version: r.version,
});

/**
 * What the audit record of a run transition hashes: enough to identify the run and its state, so
 * two runs (or two states of one run) never hash alike; the result itself is in the output hash. A
 * reversal's output hash is the reversed run's, which does not hold the dates and numbers its own
 * statements go out with (decision 169), so those are hashed beside it: what was drafted and
 * approved is what goes out.
 *
 * @param run - the run
 * @returns its id, period, kind, status, output hash and who prepared, approved and posted it when
 *   (and discarded it, when and why, once discarded; a reversal's own statement options)
 */
export function auditedRun(run: StoredRun) {
  return {
    id: run.id,
    period: run.period,
    kind: run.kind,
    reverses: run.reverses,
    status: run.status,
    outputHash: run.manifest.outputHash,
    preparedBy: run.preparedBy,
    preparedAt: run.preparedAt,
    approvedBy: run.approvedBy,
    approvedAt: run.approvedAt,
    postedAt: run.postedAt,
    // Only a reversal drafted with its own statement options names them: every other record hashes as it always has.
    ...(run.options.reversal === undefined ? {} : { reversal: run.options.reversal }),
    // Only a discarded run names these: the records of every other state hash as they always have.
    ...(run.status === "discarded"
      ? { discardedBy: run.discardedBy, discardedAt: run.discardedAt, discardReason: run.discardReason }
      : {}),
    version: run.version,
  };
}

/**
 * Lists a partnership's runs, newest first.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param filter - only runs of this period
 * @returns the runs (without results)
 */
export async function listRuns(
  q: Queryable,
  partnershipId: string,
  filter: { readonly period?: string } = {},
): Promise<StoredRun[]> {
  const period = filter.period === undefined ? undefined : parsePeriod(filter.period).name;
  const rows = await q.query<RunRow>(
    `SELECT ${COLUMNS} FROM runs WHERE partnership_id = $1${period === undefined ? "" : " AND period = $2"} ORDER BY seq DESC`,
    period === undefined ? [partnershipId] : [partnershipId, period],
  );
  return rows.map(toRun);
}

/**
 * Lists a partnership's runs a page at a time, newest first (keyset pagination on the runs' order
 * of creation: stable while runs are drafted). A page holds at most `limit` runs, those after the
 * run `cursor` in that order, i.e. older than it; its `nextCursor` is its last run's id, or null
 * on the last page.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param filter - only runs of this period
 * @param page - at most `limit` runs after the run `cursor`
 * @returns the page (runs without results)
 * @throws StoreError `INVALID_INPUT` at `cursor` for a cursor that names no run of the partnership
 * @throws DomainError `INVALID_PERIOD` for a bad period filter
 */
export async function pageRuns(
  q: Queryable,
  partnershipId: string,
  filter: { readonly period?: string },
  page: { readonly limit: number; readonly cursor?: string },
): Promise<Page<StoredRun>> {
  const params: unknown[] = [partnershipId];
  const where = ["partnership_id = $1"];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (filter.period !== undefined) where.push(`period = ${param(parsePeriod(filter.period, "period").name)}`);
  if (page.cursor !== undefined) {
    const [after] = await q.query<{ seq: number }>("SELECT seq FROM runs WHERE partnership_id = $1 AND id = $2", [
      partnershipId,
      page.cursor,
    ]);
    if (after === undefined) {
      const message = `no run ${JSON.stringify(page.cursor)}: a cursor is the nextCursor of the previous page`;
      throw new StoreError("INVALID_INPUT", `cursor: ${message}`, [{ field: "cursor", message }]);
    }
    where.push(`seq < ${param(after.seq)}`);
  }
  const rows = await q.query<RunRow>(
    `SELECT ${COLUMNS} FROM runs WHERE ${where.join(" AND ")} ORDER BY seq DESC LIMIT ${param(page.limit + 1)}`,
    params,
  );
  const items = rows.slice(0, page.limit).map(toRun);
  return { items, nextCursor: rows.length > page.limit ? (items[items.length - 1]?.id ?? null) : null };
}

/**
 * Reads one run.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param id - the run
 * @param lock - lock the row for the rest of the transaction
 * @returns the run, or undefined
 */
export async function getRun(
  q: Queryable,
  partnershipId: string,
  id: string,
  lock = false,
): Promise<StoredRun | undefined> {
  const rows = await q.query<RunRow>(
    `SELECT ${COLUMNS} FROM runs WHERE partnership_id = $1 AND id = $2${lock ? " FOR UPDATE" : ""}`,
    [partnershipId, id],
  );
  const row = rows[0];
  return row === undefined ? undefined : toRun(row);
}

/**
 * Reads a run's whole result: the domain's recharge run as it was computed.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param id - the run
 * @returns the result, or undefined
 */
export async function getRunResult(q: Queryable, partnershipId: string, id: string): Promise<RechargeRun | undefined> {
  const rows = await q.query<{ result: string }>("SELECT result FROM runs WHERE partnership_id = $1 AND id = $2", [
    partnershipId,
    id,
  ]);
  const row = rows[0];
  return row === undefined ? undefined : (JSON.parse(row.result) as RechargeRun);
}

async function refuseClosed(tx: Queryable, partnershipId: string, periodName: string, what: string): Promise<void> {
  const p = parsePeriod(periodName);
  const shut = closedPeriodOf(await closedPeriods(tx, partnershipId), p);
  if (shut !== undefined)
    throw new StoreError(
      "PERIOD_CLOSED",
      `${what}: period ${shut.name} is closed; corrections are reversal runs in an open period`,
    );
}

/**
 * A period's stored document loaded as a run reads it — a draft, its approval, `…/check` and the
 * API's preview of a draft alike (decision 181). The actual figures hold the period's driver
 * quantities only, so no rule's driver is checked up front: the run refuses, at once, every
 * quantity its lines need and lack. A budget keeps the up-front check: it estimates every rule.
 *
 * @param document - the period's scenario document (`scenarioDocument`), actual or budget
 * @param figures - which it is
 * @returns the scenario the run takes
 * @throws DomainError `INVALID_SCENARIO` listing every problem
 */
export function runScenario(document: ScenarioDocument, figures: "actual" | "budget"): Scenario {
  return loadScenario(document, figures === "actual" ? { driverQuantities: "when-run" } : {});
}

async function rechargeInput(
  tx: Queryable,
  partnershipId: string,
  period: string,
  options: StoredRun["options"],
): Promise<RechargeInput> {
  const actual = await scenarioDocument(tx, partnershipId, period, "actual");
  const scenario = runScenario(actual, "actual");
  const budget =
    options.budget === true
      ? runScenario(await scenarioDocument(tx, partnershipId, period, "budget"), "budget")
      : undefined;
  const previousRules =
    options.previousRules === undefined
      ? undefined
      : runScenario({ ...actual, rules: await ruleDocuments(tx, partnershipId, options.previousRules) }, "actual")
          .rules;
  return {
    scenario,
    period,
    statements: {
      numbers: options.numbers,
      issueDate: options.issueDate as RechargeInput["statements"]["issueDate"],
      ...(options.dueDate === undefined
        ? {}
        : { dueDate: options.dueDate as RechargeInput["statements"]["issueDate"] }),
      ...(options.vat === undefined ? {} : { vat: options.vat }),
    },
    ...(budget === undefined ? {} : { budget }),
    ...(options.policies === undefined ? {} : { policies: options.policies }),
    ...(previousRules === undefined ? {} : { previousRules }),
  };
}

/** The documents of stored, active rule versions, in the order given; every unknown id reported. */
async function ruleDocuments(
  q: Queryable,
  partnershipId: string,
  ids: readonly string[],
): Promise<NonNullable<ScenarioDocument["rules"]>> {
  const rows = await q.query<{ id: string; document: NonNullable<ScenarioDocument["rules"]>[number] }>(
    "SELECT id, document FROM rule_versions WHERE partnership_id = $1 AND status = 'active' AND id = ANY($2::text[])",
    [partnershipId, [...ids]],
  );
  const byId = new Map(rows.map((r) => [r.id, r.document]));
  const missing = ids.flatMap((id, index) =>
    byId.has(id)
      ? []
      : [
          {
            index,
            field: "previousRules",
            message: `no active rule version ${JSON.stringify(id)} in this partnership`,
          },
        ],
  );
  if (missing.length > 0)
    throw new StoreError("INVALID_INPUT", "previousRules names rule versions that are not active here", missing);
  return ids.map((id) => byId.get(id) as NonNullable<ScenarioDocument["rules"]>[number]);
}

/** Canonical JSON of options, without statement numbers when the caller left them to default. */
function comparable(options: object, withNumbers: boolean): string {
  const { numbers, ...rest } = options as Record<string, unknown>;
  const keep: Record<string, unknown> = withNumbers ? { ...rest, numbers } : rest;
  return canonicalJson(keep);
}

/**
 * The uniqueness rule of drafts: a draft identical to one still waiting (same period, same stored
 * inputs, rates and budget, same options) is refused, naming the waiting draft. Writes to a
 * partnership are serialised by its audit chain head, so concurrent identical requests on several
 * processes create exactly one draft.
 */
async function refuseTwin(
  tx: Queryable,
  partnershipId: string,
  period: string,
  given: RunOptions,
  manifest: RunManifest,
): Promise<void> {
  const drafts = await tx.query<{ id: string; options: Record<string, unknown> }>(
    `SELECT id, options FROM runs
     WHERE partnership_id = $1 AND period = $2 AND kind = 'recharge' AND status = 'draft'
       AND manifest->>'inputHash' = $3 AND manifest->>'ratesHash' = $4 AND COALESCE(manifest->>'budgetHash', '') = $5
     ORDER BY seq`,
    [partnershipId, period, manifest.inputHash, manifest.ratesHash, manifest.budgetHash ?? ""],
  );
  const withNumbers = given.numbers !== undefined;
  const twin = drafts.find((d) => comparable(d.options, withNumbers) === comparable(given, withNumbers));
  if (twin !== undefined)
    throw new StoreError(
      "ALREADY_EXISTS",
      `an identical draft ${twin.id} of ${period} is waiting for approval (same data, same options): approve it, or change the data first`,
    );
}

/**
 * Drafts a recharge run for a period: assembles the scenario from the stored rows, runs the domain's
 * `rechargeRun`, and stores the result and its manifest, in one transaction.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param input - the period and the statement options
 * @param actor - the preparer (a finance user)
 * @returns the draft run
 * @throws StoreError `INVALID_INPUT` (a statement number for a partner the partnership does not
 *   have), `PERIOD_CLOSED`; DomainError when the data does not make a valid scenario
 */
export function createRun(
  ctx: StoreContext,
  partnershipId: string,
  input: { readonly period: string } & RunOptions,
  actor: Actor,
): Promise<StoredRun> {
  const { period: periodName, ...given } = input;
  const period = parsePeriod(periodName).name;
  return write(ctx, partnershipId, actor, "run", async (tx, at) => {
    const partners = await listPartners(tx, partnershipId);
    // A number for a partner the partnership does not have (a typo of one it has) would be kept in
    // the run's options and numbered nothing: refused before the closed periods, as any invalid write.
    const known = new Set(partners.map((p) => p.id));
    const strangers = Object.keys(given.numbers ?? {}).filter((p) => !known.has(p));
    if (strangers.length > 0)
      throw new StoreError(
        "INVALID_INPUT",
        `statement numbers are given for partners the partnership does not have: ${strangers.join(", ")}`,
        strangers.map((p) => ({
          field: `numbers.${p}`,
          message: `no partner ${JSON.stringify(p)}; the partners are ${[...known].sort().join(", ")}`,
        })),
      );
    await refuseClosed(tx, partnershipId, period, `cannot run ${period}`);
    const [{ seq }] = (await tx.query<{ seq: number }>(
      "SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM runs WHERE partnership_id = $1",
      [partnershipId],
    )) as [{ seq: number }];
    const id = `run-${seq}`;
    const numbers = given.numbers ?? Object.fromEntries(partners.map((p) => [p.id, `${id}/${p.id}`]));
    const options = { ...given, numbers };
    const result = rechargeRun(await rechargeInput(tx, partnershipId, period, options));
    await refuseTwin(tx, partnershipId, period, given, result.manifest);
    await tx.query(
      `INSERT INTO runs (partnership_id, id, seq, period, kind, status, options, manifest, output_hash, result, prepared_key, prepared_actor, prepared_at)
       VALUES ($1, $2, $3, $4, 'recharge', 'draft', $5, $6, $7, $8, $9, $10, $11)`,
      [
        partnershipId,
        id,
        seq,
        period,
        JSON.stringify(options),
        JSON.stringify(result.manifest),
        result.manifest.outputHash,
        JSON.stringify(result),
        actor.keyId,
        actor.name,
        at,
      ],
    );
    const run = (await getRun(tx, partnershipId, id)) as StoredRun;
    return { result: run, audit: { action: "run.create", target: `runs/${id}`, after: result.manifest } };
  });
}

async function transition(
  ctx: StoreContext,
  partnershipId: string,
  id: string,
  expectedVersion: number | undefined,
  actor: Actor,
  action: "approve" | "post",
): Promise<StoredRun> {
  return write(ctx, partnershipId, actor, `run ${id}`, async (tx, at) => {
    // The row lock makes two concurrent approvals of one run queue: the second sees it approved.
    const before = await getRun(tx, partnershipId, id, true);
    if (before === undefined) throw new StoreError("NOT_FOUND", `no run ${JSON.stringify(id)}`);
    if (expectedVersion !== undefined && expectedVersion !== before.version)
      throw new StoreError("VERSION_MISMATCH", `run ${id} is at version ${before.version}, not ${expectedVersion}`);
    // The run's state first: a run that can never take this step (a discarded draft, a posted
    // run) says so whatever its period, rather than blame the period's close.
    if (action === "approve" && before.status !== "draft")
      throw new StoreError("INVALID_STATE", `run ${id} is ${before.status}; only a draft can be approved`);
    if (action === "post" && before.status !== "approved")
      throw new StoreError("INVALID_STATE", `run ${id} is ${before.status}; only an approved run can be posted`);
    await refuseClosed(tx, partnershipId, before.period, `cannot ${action} run ${id}`);
    const rows = await tx.query<{ prepared_key: string }>(
      "SELECT prepared_key FROM runs WHERE partnership_id = $1 AND id = $2",
      [partnershipId, id],
    );
    if (action === "approve") {
      if (rows[0]?.prepared_key === actor.keyId || before.preparedBy === actor.name)
        throw new StoreError(
          "FOUR_EYES",
          `run ${id} was prepared by ${before.preparedBy}: another person must approve it (four eyes)`,
        );
      if (before.kind === "recharge") await refuseStale(tx, partnershipId, before);
      await tx.query(
        "UPDATE runs SET status = 'approved', approved_key = $3, approved_actor = $4, approved_at = $5, version = version + 1 WHERE partnership_id = $1 AND id = $2",
        [partnershipId, id, actor.keyId, actor.name, at],
      );
    } else {
      await tx.query(
        "UPDATE runs SET status = 'posted', posted_at = $3, version = version + 1 WHERE partnership_id = $1 AND id = $2",
        [partnershipId, id, at],
      );
      if (before.reverses !== null) {
        await tx.query(
          "UPDATE runs SET status = 'reversed', version = version + 1 WHERE partnership_id = $1 AND id = $2",
          [partnershipId, before.reverses],
        );
      }
    }
    const after = (await getRun(tx, partnershipId, id)) as StoredRun;
    return {
      result: after,
      audit: {
        action: `run.${action}`,
        target: `runs/${id}`,
        before: auditedRun(before),
        after: auditedRun(after),
      },
    };
  });
}

/**
 * Refuses to approve a draft that the stored data no longer gives: a line imported, a driver
 * corrected, a rule version agreed or a lead handed over since it was drafted. The approver would
 * otherwise put their name to figures the ledger no longer supports. The draft is re-run in the
 * approval's transaction (which holds the partnership's write lock, so nothing changes meanwhile)
 * and its manifest compared, hash by hash, as `…/check` does. A draft the data can no longer run at
 * all is refused in one line naming the run's refusal (its code and first sentence), with the
 * refusal's problems as the error's issues and the refusal as its cause.
 */
async function refuseStale(tx: Queryable, partnershipId: string, run: StoredRun): Promise<void> {
  const redraft = `draft ${run.period} again and approve the new draft`;
  let check: ManifestCheck;
  try {
    check = checkManifest(await rechargeInput(tx, partnershipId, run.period, run.options), run.manifest);
  } catch (error) {
    if (!(error instanceof DomainError || error instanceof StoreError)) throw error;
    // One line: the refusal's code and first sentence (a refusal of several problems heads their
    // list with one); the problems themselves as the error's issues, where they add to it.
    const [head = ""] = error.message.split("\n");
    const issues: readonly RowIssue[] =
      error instanceof StoreError
        ? error.issues
        : error.issues.length > 1 || error.issues[0]?.message !== error.message
          ? error.issues.map((i) => ({
              field: i.path,
              message: i.message,
              ...(i.code === undefined ? {} : { code: i.code }),
            }))
          : [];
    throw new StoreError(
      "RUN_STALE",
      `run ${run.id} can no longer be re-run from the stored data (${error.code}): ${head.replace(/:$/, "")}; ${redraft}`,
      issues,
      { cause: error },
    );
  }
  if (!check.reproduced)
    throw new StoreError(
      "RUN_STALE",
      `run ${run.id} no longer reproduces from the stored data: ${check.differences.join(", ")} changed since it was drafted; ${redraft}`,
    );
}

/**
 * Approves a draft run. The approver must be another person than the preparer (four eyes). Under
 * concurrency exactly one approval succeeds: the run's row is locked and its status re-read.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param id - the run
 * @param expectedVersion - the version the caller read, if any
 * @param actor - the approver
 * @returns the approved run
 * @throws StoreError, in this order: `NOT_FOUND`, `VERSION_MISMATCH`, `INVALID_STATE` (not a draft:
 *   a discarded one too, whatever its period), `PERIOD_CLOSED`, `FOUR_EYES` (the approver prepared
 *   it), `RUN_STALE` (the stored data no longer gives the draft; when it can no longer run it, the
 *   run's refusal's problems as its issues, each with its domain code where it has one)
 */
export function approveRun(
  ctx: StoreContext,
  partnershipId: string,
  id: string,
  expectedVersion: number | undefined,
  actor: Actor,
): Promise<StoredRun> {
  return transition(ctx, partnershipId, id, expectedVersion, actor, "approve");
}

/**
 * Posts an approved run: its statements are final. Posting a reversal marks the run it reverses as
 * reversed.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param id - the run
 * @param expectedVersion - the version the caller read, if any
 * @param actor - who posts it
 * @returns the posted run
 * @throws StoreError, in this order: `NOT_FOUND`, `VERSION_MISMATCH`, `INVALID_STATE` (not approved,
 *   whatever its period), `PERIOD_CLOSED`
 */
export function postRun(
  ctx: StoreContext,
  partnershipId: string,
  id: string,
  expectedVersion: number | undefined,
  actor: Actor,
): Promise<StoredRun> {
  return transition(ctx, partnershipId, id, expectedVersion, actor, "post");
}

/**
 * Discards a draft made in error (the wrong period, the wrong options, a reversal booked in the
 * wrong period): the run is kept, marked `discarded` with who discarded it, when and why, since
 * its id may be cited and the audit chain refers to it; it can no longer be approved, and no longer
 * stands in the way of an identical draft or of another reversal of the run it reversed. Allowed
 * in a closed period: discarding changes no figure of it. Discarding a discarded run answers it as
 * it stands, whatever version or reason is given, and writes nothing (a retry of a discard that
 * was answered but whose answer was lost).
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param id - the draft run
 * @param reason - why it is discarded (not blank)
 * @param expectedVersion - the version the caller read, if any
 * @param actor - who discards it
 * @returns the discarded run
 * @throws StoreError `NOT_FOUND`, `INVALID_INPUT` (a blank reason), `VERSION_MISMATCH`,
 *   `INVALID_STATE` (approved, posted or reversed: no longer a draft)
 */
export async function discardRun(
  ctx: StoreContext,
  partnershipId: string,
  id: string,
  reason: string,
  expectedVersion: number | undefined,
  actor: Actor,
): Promise<StoredRun> {
  if (reason.trim() === "")
    throw new StoreError("INVALID_INPUT", "a discard needs a reason", [
      { field: "reason", message: "expected why the draft is discarded, not blank" },
    ]);
  // Already discarded: nothing to write, so no audit record either. A discard that lands while
  // this one waits for the partnership's lock is found under the lock, and the transaction undone.
  const done = await getRun(ctx.db, partnershipId, id);
  if (done?.status === "discarded") return done;
  try {
    return await write(ctx, partnershipId, actor, `run ${id}`, async (tx, at) => {
      const before = await getRun(tx, partnershipId, id, true);
      if (before === undefined) throw new StoreError("NOT_FOUND", `no run ${JSON.stringify(id)}`);
      if (before.status === "discarded") throw new AlreadyDiscarded(before);
      if (expectedVersion !== undefined && expectedVersion !== before.version)
        throw new StoreError("VERSION_MISMATCH", `run ${id} is at version ${before.version}, not ${expectedVersion}`);
      if (before.status !== "draft")
        throw new StoreError(
          "INVALID_STATE",
          `run ${id} is ${before.status}; only a draft can be discarded${
            before.status === "approved"
              ? " (post it, then reverse it in an open period)"
              : before.status === "posted"
                ? " (reverse it in an open period)"
                : ""
          }`,
        );
      await tx.query(
        `UPDATE runs SET status = 'discarded', discarded_key = $3, discarded_actor = $4, discarded_at = $5, discard_reason = $6, version = version + 1
         WHERE partnership_id = $1 AND id = $2`,
        [partnershipId, id, actor.keyId, actor.name, at, reason.trim()],
      );
      const after = (await getRun(tx, partnershipId, id)) as StoredRun;
      return {
        result: after,
        audit: { action: "run.discard", target: `runs/${id}`, before: auditedRun(before), after: auditedRun(after) },
      };
    });
  } catch (error) {
    if (error instanceof AlreadyDiscarded) return error.run;
    throw error;
  }
}

/** Thrown inside a discard's transaction when another discard got there first: nothing to write. */
class AlreadyDiscarded extends Error {
  constructor(readonly run: StoredRun) {
    super(`run ${run.id} is already discarded`);
    this.name = "AlreadyDiscarded";
  }
}

/**
 * Drafts the reversal of a posted run, booked in an open period: the correction of a closed period
 * that never edits its history. The reversal carries the original's result; its statements are the
 * original's with every amount negated, dated by the reversal's own issue date in the period it is
 * booked in, and numbered `<number>-R` unless numbers are given. It is approved and posted like any
 * run.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param id - the posted run to reverse
 * @param period - the open period the reversal is booked in
 * @param actor - the preparer
 * @param statements - the reversal's issue date (default: the day it is drafted, in Europe/London),
 *   due date and statement numbers
 * @returns the draft reversal
 * @throws StoreError `NOT_FOUND`, `INVALID_INPUT` (a number for a partner the partnership does not
 *   have; a due date before the default issue date), `INVALID_STATE` (not posted, or already being
 *   reversed by a reversal that may still be posted: one booked in a period closed since, or
 *   discarded, no longer counts), `PERIOD_CLOSED`
 */
export function reverseRun(
  ctx: StoreContext,
  partnershipId: string,
  id: string,
  period: string,
  actor: Actor,
  statements: ReversalOptions = {},
): Promise<StoredRun> {
  const booked = parsePeriod(period).name;
  return write(ctx, partnershipId, actor, `reversal of run ${id}`, async (tx, at) => {
    const original = await getRun(tx, partnershipId, id, true);
    const own = await reversalOptions(tx, partnershipId, statements, at, original);
    if (original === undefined) throw new StoreError("NOT_FOUND", `no run ${JSON.stringify(id)}`);
    if (original.status !== "posted")
      throw new StoreError("INVALID_STATE", `run ${id} is ${original.status}; only a posted run can be reversed`);
    // A reversal drafted or approved in a period closed since can never be posted (approving and
    // posting refuse a closed period), so it no longer stands in the way of one in an open period;
    // nor does a discarded one.
    const drafted = await tx.query<{ id: string; period: string }>(
      "SELECT id, period FROM runs WHERE partnership_id = $1 AND reverses = $2 AND status <> 'discarded' ORDER BY seq",
      [partnershipId, id],
    );
    const closed = await closedPeriods(tx, partnershipId);
    const pending = drafted.find((r) => closedPeriodOf(closed, parsePeriod(r.period)) === undefined);
    if (pending !== undefined)
      throw new StoreError("INVALID_STATE", `run ${id} already has a reversal (${pending.id})`);
    await refuseClosed(tx, partnershipId, booked, `cannot book a reversal in ${booked}`);
    const [{ seq }] = (await tx.query<{ seq: number }>(
      "SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM runs WHERE partnership_id = $1",
      [partnershipId],
    )) as [{ seq: number }];
    const reversalId = `run-${seq}`;
    // The reversed run's options (those of the result carried, for `checkRun`) with its own beside them.
    const options = { ...original.options, reversal: own };
    await tx.query(
      `INSERT INTO runs (partnership_id, id, seq, period, kind, reverses, status, options, manifest, output_hash, result, prepared_key, prepared_actor, prepared_at)
       SELECT partnership_id, $3, $4, $5, 'reversal', id, 'draft', $9, manifest, output_hash, result, $6, $7, $8
       FROM runs WHERE partnership_id = $1 AND id = $2`,
      [partnershipId, id, reversalId, seq, booked, actor.keyId, actor.name, at, JSON.stringify(options)],
    );
    const run = (await getRun(tx, partnershipId, reversalId)) as StoredRun;
    return {
      result: run,
      audit: {
        action: "run.reverse",
        target: `runs/${reversalId}`,
        before: auditedRun(original),
        after: { ...auditedRun(run), manifest: original.manifest },
      },
    };
  });
}

/**
 * A reversal's own statement options as stored: the issue date given or the day it is drafted (in
 * Europe/London, where the councils are), the due date and numbers as given.
 *
 * @throws StoreError `INVALID_INPUT`: a number for a partner the partnership does not have, a due
 *   date before the issue date (the route's schema checks the pair only when both are given), a
 *   number that is another partner's default `<number>-R` (the route's schema checks only the
 *   numbers given against each other)
 */
async function reversalOptions(
  tx: Queryable,
  partnershipId: string,
  given: ReversalOptions,
  at: string,
  reversed: StoredRun | undefined,
): Promise<ReversalOptions & { readonly issueDate: string }> {
  const issueDate = given.issueDate ?? formatInstant(Math.floor(Date.parse(at) / 1000), DEFAULT_TIME_ZONE).slice(0, 10);
  const problems: { field: string; message: string }[] = [];
  if (given.dueDate !== undefined && given.dueDate < issueDate)
    problems.push({
      field: "dueDate",
      message: `expected a due date on or after the issue date ${issueDate}${
        given.issueDate === undefined ? " (the day the reversal is drafted, as no issueDate was given)" : ""
      }`,
    });
  const known = new Set((await listPartners(tx, partnershipId)).map((p) => p.id));
  for (const partner of Object.keys(given.numbers ?? {}))
    if (!known.has(partner))
      problems.push({
        field: `numbers.${partner}`,
        message: `no partner ${JSON.stringify(partner)}; the partners are ${[...known].sort().join(", ")}`,
      });
  problems.push(...(await sharedDefaultNumbers(tx, partnershipId, given.numbers ?? {}, reversed)));
  if (problems.length > 0)
    throw new StoreError("INVALID_INPUT", "the reversal's statements could not go out with these options", problems);
  return {
    issueDate,
    ...(given.dueDate === undefined ? {} : { dueDate: given.dueDate }),
    ...(given.numbers === undefined ? {} : { numbers: given.numbers }),
  };
}

/**
 * The numbers given to a reversal that another partner's credit note takes by default: a partner
 * given no number keeps its reversed statement's number with `-R`, so a number given to another
 * partner must not be that (the route checks the given numbers only against each other). Only the
 * partners with a statement in the run count.
 */
async function sharedDefaultNumbers(
  tx: Queryable,
  partnershipId: string,
  given: Readonly<Record<string, string>>,
  reversed: StoredRun | undefined,
): Promise<{ field: string; message: string }[]> {
  if (reversed === undefined || Object.keys(given).length === 0) return [];
  const result = await getRunResult(tx, partnershipId, reversed.id);
  const byDefault = new Map<string, string>();
  for (const statement of result?.statements.statements ?? []) {
    if (given[statement.partner] !== undefined) continue;
    const number = await statementNumberOf(tx, partnershipId, reversed, statement.partner, statement.number);
    byDefault.set(`${number}-R`, statement.partner);
  }
  return Object.entries(given).flatMap(([partner, number]) => {
    const other = byDefault.get(number.trim());
    return other === undefined
      ? []
      : [
          {
            field: `numbers.${partner}`,
            message: `expected a number of its own: ${JSON.stringify(number.trim())} is the number ${other}'s statement keeps (the statement it reverses with -R, as no number is given for ${other})`,
          },
        ];
  });
}

/**
 * The number a run's statement to a partner goes out under: a recharge run's as its result numbers
 * it; a reversal's its own given number, else the number of the statement it reverses with `-R`
 * (as the API numbers a reversal's statements).
 *
 * @param charged - the number of the partner's statement in the recharge run's result
 */
async function statementNumberOf(
  tx: Queryable,
  partnershipId: string,
  run: StoredRun,
  partner: string,
  charged: string,
): Promise<string> {
  if (run.kind !== "reversal" || run.reverses === null) return charged;
  const own = run.options.reversal?.numbers?.[partner];
  if (own !== undefined) return own;
  const reversed = await getRun(tx, partnershipId, run.reverses);
  return `${reversed === undefined ? charged : await statementNumberOf(tx, partnershipId, reversed, partner, charged)}-R`;
}

/**
 * Re-runs a stored run from the data now stored and compares manifests: reproduced when nothing it
 * depends on has changed since.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param id - the run
 * @returns the domain's manifest check
 * @throws StoreError `NOT_FOUND`
 */
export async function checkRun(ctx: StoreContext, partnershipId: string, id: string): Promise<ManifestCheck> {
  return ctx.db.transaction(async (tx) => {
    const run = await getRun(tx, partnershipId, id);
    if (run === undefined) throw new StoreError("NOT_FOUND", `no run ${JSON.stringify(id)}`);
    const period = run.kind === "reversal" ? run.manifest.period : run.period;
    return checkManifest(await rechargeInput(tx, partnershipId, period, run.options), run.manifest);
  });
}
