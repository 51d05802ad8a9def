import { parsePeriod, type RoundingMode, type ScenarioDocument } from "@3c/domain";
import type { Actor } from "./Actor.js";
import { appendAudit, GENESIS_HASH } from "./audit/index.js";
import type { Queryable } from "./db/index.js";
import { type Handover, leadOn, listHandovers } from "./handovers.js";
import { checkStart, closedPeriodEndingAfter, defaultStart, isMonthStart } from "./periods.js";
import { type CreatedIdKind, reservedIdProblem } from "./reservedIds.js";
import { type StoreContext, translateDbError, write } from "./StoreContext.js";
import { StoreError } from "./StoreError.js";

/** Partnership-wide settings that shape every run. */
export interface PartnershipSettings {
  /** How converted foreign amounts are rounded (needed once any exchange rate is recorded). */
  readonly fxRounding?: RoundingMode;
  /** How support services' costs pass to the services they serve (the scenario's `support`). */
  readonly support?: NonNullable<ScenarioDocument["support"]>;
}

/** A partnership: the councils that share services, and their accounts' currency. */
export interface Partnership {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly settings: PartnershipSettings;
  readonly version: number;
}

/** A partner council. */
export interface Partner {
  readonly id: string;
  readonly name: string;
  readonly version: number;
}

/** A cost pool of a service. */
export interface Pool {
  readonly id: string;
  readonly name: string;
  /**
   * The first day of the first month it takes part in runs and reports, `YYYY-MM-01`; absent: from
   * the beginning (the service's pools as created, and pools stored before dates were kept).
   */
  readonly effectiveFrom?: string;
}

/** A shared service, its lead council, the partners that take part, and its cost pools. */
export interface Service {
  readonly id: string;
  readonly name: string;
  /** The lead in force on the date the services were read for (today, through the API). */
  readonly lead: string;
  /** The partners that take part: every partner when the service was created without a list. */
  readonly participants: readonly string[];
  readonly pools: readonly Pool[];
  /** Its hand-overs from one lead to another, oldest first (none: `lead` has always led it). */
  readonly handovers: readonly Handover[];
  /**
   * The first day of the first month it takes part in runs and reports, `YYYY-MM-01`; absent: from
   * the beginning (services stored before dates were kept, and those added while no period was recorded).
   */
  readonly effectiveFrom?: string;
  readonly version: number;
}

/** A hand-over as asked for: the new lead and the first day it leads. */
export interface HandoverInput {
  readonly lead: string;
  /** The first day of a month, `YYYY-MM-DD`. */
  readonly effectiveFrom: string;
}

/** A service as written: participants default to every partner. */
export interface ServiceInput {
  readonly id: string;
  readonly name: string;
  readonly lead: string;
  readonly participants?: readonly string[] | undefined;
  /** Its first pools, each taking part from the service's start (a pool added later has its own: see `addPool`). */
  readonly pools: readonly Omit<Pool, "effectiveFrom">[];
  /**
   * The first day of the first month it takes part in runs and reports, `YYYY-MM-01`; absent: for
   * {@link createService}, the default start (see there); for {@link insertService}, from the beginning.
   */
  readonly effectiveFrom?: string | undefined;
}

interface PartnershipRow {
  id: string;
  name: string;
  currency: string;
  settings: PartnershipSettings;
  version: number;
}

/**
 * Creates a partnership with its partners and the start of its audit chain, in one transaction.
 *
 * @param ctx - database and clock
 * @param input - id, name, currency, settings and the first partners
 * @param actor - who creates it (usually the system)
 * @returns the partnership
 * @throws StoreError `ALREADY_EXISTS` when the id is taken
 */
export async function createPartnership(
  ctx: StoreContext,
  input: Omit<Partnership, "version"> & { readonly partners: readonly { id: string; name: string }[] },
  actor: Actor,
): Promise<Partnership> {
  refuseReservedIds(
    input.partners.map((p, i) => ({ kind: "partner", id: p.id, field: `partners[${i}].id` })),
    `partnership ${input.id}`,
  );
  try {
    return await ctx.db.transaction(async (tx) => {
      const at = ctx.now();
      await tx.query(
        "INSERT INTO partnerships (id, name, currency, settings, created_at) VALUES ($1, $2, $3, $4, $5)",
        [input.id, input.name, input.currency, JSON.stringify(input.settings), at],
      );
      await tx.query("INSERT INTO audit_heads (partnership_id, seq, hash) VALUES ($1, 0, $2)", [
        input.id,
        GENESIS_HASH,
      ]);
      for (const p of input.partners) {
        await tx.query("INSERT INTO partners (partnership_id, id, name) VALUES ($1, $2, $3)", [input.id, p.id, p.name]);
      }
      const partnership: Partnership = {
        id: input.id,
        name: input.name,
        currency: input.currency,
        settings: input.settings,
        version: 1,
      };
      await appendAudit(
        tx,
        input.id,
        { seq: 0, hash: GENESIS_HASH },
        actor,
        {
          action: "partnership.create",
          target: `partnerships/${input.id}`,
          after: { partnership, partners: input.partners },
        },
        at,
      );
      return partnership;
    });
  } catch (error) {
    throw translateDbError(error, `partnership ${input.id}`);
  }
}

/**
 * Reads a partnership.
 *
 * @param q - database or transaction
 * @param id - the partnership id
 * @returns the partnership, or undefined
 */
export async function getPartnership(q: Queryable, id: string): Promise<Partnership | undefined> {
  const rows = await q.query<PartnershipRow>(
    "SELECT id, name, currency, settings, version FROM partnerships WHERE id = $1",
    [id],
  );
  return rows[0];
}

/**
 * Lists a partnership's partners in id order.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @returns its partners
 */
export async function listPartners(q: Queryable, partnershipId: string): Promise<Partner[]> {
  return q.query<Partner>("SELECT id, name, version FROM partners WHERE partnership_id = $1 ORDER BY id", [
    partnershipId,
  ]);
}

/**
 * Adds a partner council.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param input - id and name
 * @param actor - who adds it
 * @returns the partner
 * @throws StoreError `ALREADY_EXISTS` when the id is taken
 */
export function createPartner(
  ctx: StoreContext,
  partnershipId: string,
  input: { readonly id: string; readonly name: string },
  actor: Actor,
): Promise<Partner> {
  refuseReservedIds([{ kind: "partner", id: input.id, field: "id" }], `partner ${input.id}`);
  return write(ctx, partnershipId, actor, `partner ${input.id}`, async (tx) => {
    await tx.query("INSERT INTO partners (partnership_id, id, name) VALUES ($1, $2, $3)", [
      partnershipId,
      input.id,
      input.name,
    ]);
    const partner = { ...input, version: 1 };
    return { result: partner, audit: { action: "partner.create", target: `partners/${input.id}`, after: partner } };
  });
}

/**
 * Renames a partner, if it is still at the version the caller read (optimistic concurrency).
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param id - the partner
 * @param input - the new name
 * @param expectedVersion - the version the caller read (from its ETag), or undefined to skip the check
 * @param actor - who changes it
 * @returns the partner at its new version
 * @throws StoreError `NOT_FOUND`, `VERSION_MISMATCH`
 */
export function updatePartner(
  ctx: StoreContext,
  partnershipId: string,
  id: string,
  input: { readonly name: string },
  expectedVersion: number | undefined,
  actor: Actor,
): Promise<Partner> {
  return write(ctx, partnershipId, actor, `partner ${id}`, async (tx) => {
    const rows = await tx.query<Partner>(
      "SELECT id, name, version FROM partners WHERE partnership_id = $1 AND id = $2 FOR UPDATE",
      [partnershipId, id],
    );
    const before = rows[0];
    if (before === undefined) throw new StoreError("NOT_FOUND", `no partner ${JSON.stringify(id)}`);
    checkVersion(before.version, expectedVersion, `partner ${id}`);
    const after = { id, name: input.name, version: before.version + 1 };
    await tx.query("UPDATE partners SET name = $3, version = $4 WHERE partnership_id = $1 AND id = $2", [
      partnershipId,
      id,
      after.name,
      after.version,
    ]);
    return { result: after, audit: { action: "partner.update", target: `partners/${id}`, before, after } };
  });
}

/**
 * Refuses ids a new partner, service or pool may not have (see {@link reservedIdProblem}), every one
 * at once.
 *
 * @param ids - each id with what it names and the field it was given in
 * @param what - the resource, for the message
 * @throws StoreError `INVALID_INPUT` naming each field
 */
export function refuseReservedIds(
  ids: readonly { readonly kind: CreatedIdKind; readonly id: string; readonly field: string }[],
  what: string,
): void {
  const issues = ids.flatMap(({ kind, id, field }) => {
    const problem = reservedIdProblem(kind, id);
    return problem === undefined ? [] : [{ field, message: problem }];
  });
  if (issues.length > 0) throw new StoreError("INVALID_INPUT", `${what} is not valid`, issues);
}

/**
 * Refuses a write to a resource that changed since the caller read it.
 *
 * @param actual - the stored version
 * @param expected - the version the caller read, if it sent one
 * @param what - the resource, for the message
 * @throws StoreError `VERSION_MISMATCH`
 */
export function checkVersion(actual: number, expected: number | undefined, what: string): void {
  if (expected !== undefined && expected !== actual) {
    throw new StoreError(
      "VERSION_MISMATCH",
      `${what} is at version ${actual}, not ${expected}: someone changed it since you read it; read it again`,
    );
  }
}

/**
 * The first run (in the order made) whose period ends after a date: one a lead hand-over from that
 * date would reach into.
 *
 * @param tx - the write's transaction
 * @param partnershipId - the partnership
 * @param date - the hand-over's date
 * @param which - `agreed`: approved or posted recharge runs only; `any`: every run and reversal but a
 *   discarded draft (nobody can approve it)
 * @returns the run, or undefined
 */
async function firstRunEndingAfter(
  tx: Queryable,
  partnershipId: string,
  date: string,
  which: "agreed" | "any",
): Promise<{ id: string; period: string; status: string } | undefined> {
  const runs = await tx.query<{ id: string; period: string; status: string }>(
    `SELECT id, period, status FROM runs WHERE partnership_id = $1${
      which === "agreed" ? " AND kind = 'recharge' AND status IN ('approved', 'posted')" : " AND status <> 'discarded'"
    } ORDER BY seq`,
    [partnershipId],
  );
  return runs.find((r) => parsePeriod(r.period).end > date);
}

/**
 * Locks a service's row for the rest of the caller's transaction (writes to one service queue
 * behind each other, across processes), checks the version the caller read, and reads the service
 * as it is today.
 *
 * @param tx - the write's transaction
 * @param partnershipId - the partnership
 * @param id - the service
 * @param expectedVersion - the version the caller read, if any
 * @param at - the write's instant
 * @returns the service, with today's lead and its hand-overs
 * @throws StoreError `NOT_FOUND`, `VERSION_MISMATCH`
 */
export async function lockService(
  tx: Queryable,
  partnershipId: string,
  id: string,
  expectedVersion: number | undefined,
  at: string,
): Promise<Service> {
  const rows = await tx.query<{ version: number }>(
    "SELECT version FROM services WHERE partnership_id = $1 AND id = $2 FOR UPDATE",
    [partnershipId, id],
  );
  const found = rows[0];
  if (found === undefined) throw new StoreError("NOT_FOUND", `no service ${JSON.stringify(id)}`);
  checkVersion(found.version, expectedVersion, `service ${id}`);
  return (await listServices(tx, partnershipId, at.slice(0, 10))).find((s) => s.id === id) as Service;
}

interface ServiceRow {
  id: string;
  name: string;
  lead: string;
  participants: string[] | null;
  effective_from: string | null;
  version: number;
}

/**
 * Lists a partnership's services in id order, each with its pools in the order they were given and
 * its hand-overs.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param on - the date whose lead each service shows, `YYYY-MM-DD`; default the lead after the
 *   latest hand-over
 * @returns its services
 */
export async function listServices(q: Queryable, partnershipId: string, on?: string): Promise<Service[]> {
  const services = await q.query<ServiceRow>(
    "SELECT id, name, lead, participants, effective_from::text AS effective_from, version FROM services WHERE partnership_id = $1 ORDER BY id",
    [partnershipId],
  );
  const pools = await q.query<{ service_id: string; id: string; name: string; effective_from: string | null }>(
    "SELECT service_id, id, name, effective_from::text AS effective_from FROM pools WHERE partnership_id = $1 ORDER BY service_id, position, id",
    [partnershipId],
  );
  const everyone = (await listPartners(q, partnershipId)).map((p) => p.id);
  const handovers = await listHandovers(q, partnershipId);
  return services.map((s) => {
    const history = { id: s.id, lead: s.lead, handovers: handovers.get(s.id) ?? [] };
    return {
      id: s.id,
      name: s.name,
      lead: on === undefined ? s.lead : leadOn(history, on),
      participants: s.participants ?? everyone,
      pools: pools
        .filter((p) => p.service_id === s.id)
        .map((p) => ({
          id: p.id,
          name: p.name,
          ...(p.effective_from === null ? {} : { effectiveFrom: p.effective_from }),
        })),
      handovers: history.handovers,
      ...(s.effective_from === null ? {} : { effectiveFrom: s.effective_from }),
      version: s.version,
    };
  });
}

/**
 * Adds a shared service with its pools. The service and the pools it is given take part in the
 * runs and reports of periods from its `effectiveFrom` on: given (the first day of a month that no
 * closed period ends after), or by default the first day of the earliest open period, not before
 * the day after the latest closed one; the day after the latest closed period when none is open;
 * from the beginning while the partnership has recorded no period. So runs of earlier periods keep
 * reproducing, and lines, budgets, rules and section items of the service dated before its start
 * are refused.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param input - the service
 * @param actor - who adds it
 * @returns the service
 * @throws StoreError `ALREADY_EXISTS`; `INVALID_INPUT` for an unknown lead or participant, or (field
 *   `effectiveFrom`) a start that is not a month's first day; `PERIOD_CLOSED` when a closed period
 *   ends after the start, naming the earliest date allowed
 * @example
 * await createService(ctx, "3c", { id: "HR", name: "HR", lead: "A", pools: [{ id: "staff", name: "Staff" }], effectiveFrom: "2025-04-01" }, admin);
 */
export function createService(
  ctx: StoreContext,
  partnershipId: string,
  input: ServiceInput,
  actor: Actor,
): Promise<Service> {
  return write(ctx, partnershipId, actor, `service ${input.id}`, async (tx, at) => {
    // Validation first: only a valid service is checked against closed periods.
    await checkServiceInput(tx, partnershipId, input);
    if (input.effectiveFrom !== undefined)
      await checkStart(tx, partnershipId, input.effectiveFrom, `service ${input.id}`);
    const effectiveFrom = input.effectiveFrom ?? (await defaultStart(tx, partnershipId));
    await insertServiceRows(tx, partnershipId, { ...input, effectiveFrom });
    const service = (await listServices(tx, partnershipId, at.slice(0, 10))).find((s) => s.id === input.id) as Service;
    return { result: service, audit: { action: "service.create", target: `services/${input.id}`, after: service } };
  });
}

/**
 * Hands a service to another lead from the first day of a month, if the service is still at the
 * version the caller read. The hand-over is appended to the service's history: runs of periods
 * before the date keep the previous lead as the issuer, and who writes a dated row follows the row's
 * date. Runs already made keep the lead they recorded.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param id - the service
 * @param input - the new lead (a partner that takes part in the service, other than the lead in
 *   force the day before) and the first day it leads (the first day of a month)
 * @param expectedVersion - the version the caller read (from its ETag), or undefined to skip the check
 * @param actor - who hands it over
 * @returns the service at its new version, showing today's lead and every hand-over
 * @throws StoreError `NOT_FOUND`, `VERSION_MISMATCH`; `INVALID_INPUT` (by field) for a date that is
 *   not the first day of a month or before the service's start, or a lead that does not take part
 *   or already leads then;
 *   `PERIOD_CLOSED` when a closed period ends after the date (it would change who led it);
 *   `INVALID_STATE` when the date is not later than the service's latest hand-over, or when an
 *   approved or posted run (not reversed) has a period ending after it (its statements name the
 *   previous lead)
 * @example
 * await updateService(ctx, "3c", "BC", { lead: "SCDC", effectiveFrom: "2024-10-01" }, 3, actor);
 */
export function updateService(
  ctx: StoreContext,
  partnershipId: string,
  id: string,
  input: HandoverInput,
  expectedVersion: number | undefined,
  actor: Actor,
): Promise<Service> {
  return write(ctx, partnershipId, actor, `hand-over of service ${id}`, async (tx, at) => {
    const before = await lockService(tx, partnershipId, id, expectedVersion, at);
    const today = at.slice(0, 10);
    const from = input.effectiveFrom;
    // History is appended: the lead in force the day before is the lead after the latest hand-over.
    const previous = (await listServices(tx, partnershipId)).find((s) => s.id === id)?.lead as string;
    const latest = before.handovers.at(-1);
    const issues: { field: string; message: string }[] = [];
    if (!isMonthStart(from))
      issues.push({
        field: "effectiveFrom",
        message: `${JSON.stringify(from)} is not the first day of a month (YYYY-MM-01): a hand-over takes effect from a month's start, so every month (and every run of whole months) falls wholly under one lead`,
      });
    if (before.effectiveFrom !== undefined && from < before.effectiveFrom)
      issues.push({
        field: "effectiveFrom",
        message: `service ${id} takes part from ${before.effectiveFrom}: a hand-over of it takes effect on or after ${before.effectiveFrom}`,
      });
    if (!before.participants.includes(input.lead))
      issues.push({
        field: "lead",
        message: `the lead ${input.lead} must be one of the participants (${before.participants.join(", ")})`,
      });
    // (The lead after the latest hand-over leads the day before a date after it: earlier dates are refused below.)
    else if (input.lead === previous && !(latest !== undefined && from <= latest.effectiveFrom))
      issues.push({ field: "lead", message: `${input.lead} already leads service ${id} on the day before ${from}` });
    // Validation first: only a valid hand-over reaches the history, closed periods and runs.
    if (issues.length > 0) throw new StoreError("INVALID_INPUT", `the hand-over of service ${id} is not valid`, issues);
    if (latest !== undefined && from <= latest.effectiveFrom)
      throw new StoreError(
        "INVALID_STATE",
        `service ${id} was handed over to ${latest.lead} from ${latest.effectiveFrom}: hand-overs are appended, never rewritten, so a new one must take effect after ${latest.effectiveFrom}`,
        [{ field: "effectiveFrom", message: `must be later than ${latest.effectiveFrom}, the latest hand-over` }],
      );
    const shut = await closedPeriodEndingAfter(tx, partnershipId, from);
    if (shut !== undefined)
      throw new StoreError(
        "PERIOD_CLOSED",
        `period ${shut.name} is closed: a hand-over from ${from} would change who led service ${id} in it`,
        [
          {
            field: "effectiveFrom",
            message: `must be on or after ${shut.end}, the day after closed period ${shut.name}`,
          },
        ],
      );
    // An agreed run issued by the previous lead for dates from then on would contradict the history.
    const issued = await firstRunEndingAfter(tx, partnershipId, from, "agreed");
    if (issued !== undefined)
      throw new StoreError(
        "INVALID_STATE",
        `run ${issued.id} of ${issued.period} is ${issued.status}, its statements issued by the leads of its time: a hand-over of service ${id} from ${from} would contradict it; post and reverse it first, or hand over from after its period`,
        [
          {
            field: "effectiveFrom",
            message: `must be on or after ${parsePeriod(issued.period).end}, the day after run ${issued.id}'s period`,
          },
        ],
      );
    await tx.query(
      `INSERT INTO service_handovers (partnership_id, service_id, effective_from, previous_lead, lead, recorded_at, recorded_by, recorded_key, recorded_partner)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [partnershipId, id, from, previous, input.lead, at, actor.name, actor.keyId, actor.partner],
    );
    await tx.query("UPDATE services SET lead = $3, version = $4 WHERE partnership_id = $1 AND id = $2", [
      partnershipId,
      id,
      input.lead,
      before.version + 1,
    ]);
    const after = (await listServices(tx, partnershipId, today)).find((s) => s.id === id) as Service;
    return { result: after, audit: { action: "service.handover", target: `services/${id}`, before, after } };
  });
}

/**
 * Cancels a service's latest hand-over while it is still to come and nothing depends on it: a
 * hand-over recorded by mistake (the wrong lead, the wrong month) is withdrawn rather than undone by
 * another. The hand-over's row is removed, the service's lead after its history goes back to the
 * hand-over's previous lead, and the service moves to its next version; the audit record names the
 * service and the date (`services/<id>/handovers/<date>`). Rows written under it (lines, drivers,
 * sections dated from its date) stay: they are the service's data, written now by the previous lead.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param id - the service
 * @param effectiveFrom - the date of the hand-over to cancel, `YYYY-MM-DD`: the service's latest
 * @param expectedVersion - the version the caller read (from its ETag), or undefined to skip the check
 * @param actor - who cancels it
 * @returns the service at its new version, showing today's lead and the hand-overs left
 * @throws StoreError `NOT_FOUND` for an unknown service or no hand-over of the service on that date;
 *   `VERSION_MISMATCH`; `INVALID_STATE` when it is not the latest, is already in force (on or before
 *   today), or a run (of any status) has a period ending after its date; `PERIOD_CLOSED` when a
 *   closed period ends after its date
 * @example
 * await cancelHandover(ctx, "3c", "BC", "2025-10-01", 4, admin);
 */
export function cancelHandover(
  ctx: StoreContext,
  partnershipId: string,
  id: string,
  effectiveFrom: string,
  expectedVersion: number | undefined,
  actor: Actor,
): Promise<Service> {
  return write(ctx, partnershipId, actor, `hand-over of service ${id}`, async (tx, at) => {
    const before = await lockService(tx, partnershipId, id, expectedVersion, at);
    const today = at.slice(0, 10);
    const target = before.handovers.find((h) => h.effectiveFrom === effectiveFrom);
    if (target === undefined)
      throw new StoreError("NOT_FOUND", `service ${id} has no hand-over from ${JSON.stringify(effectiveFrom)}`);
    const what = `the hand-over of service ${id} to ${target.lead} from ${effectiveFrom}`;
    const latest = before.handovers.at(-1) as Handover;
    if (latest !== target)
      throw new StoreError(
        "INVALID_STATE",
        `${what} is not the latest: the hand-over to ${latest.lead} from ${latest.effectiveFrom} follows it; only the latest can be cancelled, so cancel that one first`,
      );
    if (effectiveFrom <= today)
      throw new StoreError(
        "INVALID_STATE",
        `${what} is in force (today is ${today}): a hand-over that has taken effect is part of the service's history; hand the service over again instead`,
      );
    const shut = await closedPeriodEndingAfter(tx, partnershipId, effectiveFrom);
    if (shut !== undefined)
      throw new StoreError(
        "PERIOD_CLOSED",
        `period ${shut.name} is closed and ends after ${effectiveFrom}: it was closed with ${target.lead} leading service ${id} from then, so ${what} cannot be cancelled`,
      );
    // Any run of a period from the date on was made with the new lead: draft, approved, posted,
    // reversed, or a reversal booked then.
    const made = await firstRunEndingAfter(tx, partnershipId, effectiveFrom, "any");
    if (made !== undefined)
      throw new StoreError(
        "INVALID_STATE",
        `run ${made.id} of ${made.period} (${made.status}) was made with the leads from ${effectiveFrom} on, so ${what} cannot be cancelled`,
      );
    await tx.query(
      "DELETE FROM service_handovers WHERE partnership_id = $1 AND service_id = $2 AND effective_from = $3",
      [partnershipId, id, effectiveFrom],
    );
    await tx.query("UPDATE services SET lead = $3, version = $4 WHERE partnership_id = $1 AND id = $2", [
      partnershipId,
      id,
      target.previousLead,
      before.version + 1,
    ]);
    const after = (await listServices(tx, partnershipId, today)).find((s) => s.id === id) as Service;
    return {
      result: after,
      audit: { action: "service.handover.cancel", target: `services/${id}/handovers/${effectiveFrom}`, before, after },
    };
  });
}

/**
 * Inserts a service and its pools in the caller's transaction (no audit record), each pool taking
 * part from the service's `effectiveFrom` (absent: from the beginning). The date is stored as given:
 * {@link createService} resolves and checks it.
 *
 * @param tx - the open transaction
 * @param partnershipId - the partnership
 * @param input - the service
 * @throws StoreError `INVALID_INPUT` for a participant that is not a partner
 */
export async function insertService(tx: Queryable, partnershipId: string, input: ServiceInput): Promise<void> {
  await checkServiceInput(tx, partnershipId, input);
  await insertServiceRows(tx, partnershipId, input);
}

/** Refuses a service whose ids are reserved, or whose participants are not partners or leave out its lead. */
async function checkServiceInput(tx: Queryable, partnershipId: string, input: ServiceInput): Promise<void> {
  refuseReservedIds(
    [
      { kind: "service", id: input.id, field: "id" },
      ...input.pools.map((p, i) => ({ kind: "pool" as const, id: p.id, field: `pools[${i}].id` })),
    ],
    `service ${input.id}`,
  );
  if (input.participants !== undefined) {
    const partners = new Set((await listPartners(tx, partnershipId)).map((p) => p.id));
    const issues = input.participants
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => !partners.has(p))
      .map(({ p, i }) => ({ field: `participants[${i}]`, message: `unknown partner ${JSON.stringify(p)}` }));
    if (!input.participants.includes(input.lead))
      issues.push({ field: "participants", message: `the lead ${input.lead} must be one of the participants` });
    if (issues.length > 0) throw new StoreError("INVALID_INPUT", `service ${input.id} is not valid`, issues);
  }
}

/** Inserts a checked service and its pools. */
async function insertServiceRows(tx: Queryable, partnershipId: string, input: ServiceInput): Promise<void> {
  const from = input.effectiveFrom ?? null;
  await tx.query(
    "INSERT INTO services (partnership_id, id, name, lead, participants, effective_from) VALUES ($1, $2, $3, $4, $5, $6)",
    [
      partnershipId,
      input.id,
      input.name,
      input.lead,
      input.participants === undefined ? null : JSON.stringify(input.participants),
      from,
    ],
  );
  for (const [position, pool] of input.pools.entries()) {
    await tx.query(
      "INSERT INTO pools (partnership_id, service_id, id, name, position, effective_from) VALUES ($1, $2, $3, $4, $5, $6)",
      [partnershipId, input.id, pool.id, pool.name, position, from],
    );
  }
}
