import { DomainError } from "../errors/index.js";
import { type EpochSeconds, parseInstant } from "./instant.js";

/** Incident priorities, most urgent first. */
export const PRIORITIES = ["P1", "P2", "P3", "P4"] as const;

/** One of {@link PRIORITIES}. */
export type Priority = (typeof PRIORITIES)[number];

/** A partner council hit by an outage, and how many of its users. */
export interface PartnerImpact {
  readonly partner: string;
  /** Users affected: a whole number, zero or more. */
  readonly users: number;
}

/** One entry of the outage log, as recorded. Instants are ISO 8601 with an offset or `Z`. */
export interface Outage {
  readonly id: string;
  /** When the outage began, e.g. `2024-10-27T00:30:00+01:00`. */
  readonly start: string;
  /** When service was restored; absent while the outage is still open. */
  readonly end?: string;
  /** Services affected (ids with a calendar), at least one. */
  readonly services: readonly string[];
  /** Systems affected, free text (`"Email"`, `"Server room chiller"`). */
  readonly systems: readonly string[];
  /** Partners affected with their users affected, at least one partner. */
  readonly partners: readonly PartnerImpact[];
  /** Planned maintenance (true) or an incident (false). */
  readonly planned: boolean;
  readonly priority: Priority;
  /** When the incident was resolved, if later than the end or recorded separately; default `end`. */
  readonly resolvedAt?: string;
}

/** An outage with its instants read and its open end closed: what the calculations use. */
export interface TimedOutage {
  readonly outage: Outage;
  readonly start: EpochSeconds;
  readonly end: EpochSeconds;
  /** Whether the log had no end and `asAt` closed it. */
  readonly open: boolean;
  /** When it was resolved (`resolvedAt`, else `end`); undefined while open. */
  readonly resolved: EpochSeconds | undefined;
}

/**
 * Reads and checks an outage log: unique ids, instants with offsets, end not before start,
 * resolution not before start, at least one service and partner, each partner once, whole users.
 *
 * An open outage (no `end`) needs `asAt`, the instant the report is taken: the domain reads no
 * clock, so it cannot guess how long an open outage has lasted. It is then treated as ending at
 * `asAt`. An open outage that begins at or after `asAt` had not begun when the report was taken:
 * it reaches no time before `asAt`, so it is checked like any entry but left out of the result,
 * and every calculation that reads the log through here counts nothing for it. A recorded (closed)
 * outage is a fact of the log and is kept whenever it falls: `asAt` only closes open ones.
 *
 * @param log - the outage log
 * @param asAt - when the report is taken (ISO 8601 instant), needed only for open outages
 * @returns the outages with their instants, in log order, without the open ones not begun by `asAt`
 * @throws DomainError `INVALID_OUTAGE` (a bad entry; an open outage without `asAt`), `INVALID_TIME`
 * @example
 * readOutageLog([{ id: "INC-9", start: "2025-04-02T09:00:00+01:00", services: ["ICT"], systems: [],
 *   partners: [{ partner: "CCC", users: 10 }], planned: false, priority: "P2" }], "2025-03-31T23:00:00Z"); // []
 */
export function readOutageLog(log: readonly Outage[], asAt?: string): TimedOutage[] {
  return readEveryOutage(log, asAt).filter((o) => !o.open || o.start < o.end);
}

/** Reads and checks every entry of the log, closing open ones at `asAt` (their end, if they begin after it, is their start). */
function readEveryOutage(log: readonly Outage[], asAt: string | undefined): TimedOutage[] {
  const reportAt = asAt === undefined ? undefined : parseInstant(asAt, "asAt");
  const ids = new Set<string>();
  return log.map((outage, i) => {
    const where = `outages[${i}]`;
    const fail = (field: string, message: string): never => {
      throw new DomainError("INVALID_OUTAGE", `${where}.${field} (outage ${outage.id}): ${message}`, {
        path: `${where}.${field}`,
      });
    };
    if (ids.has(outage.id)) fail("id", "appears more than once in the log");
    ids.add(outage.id);
    const start = parseInstant(outage.start, `${where}.start`);
    let end: number;
    if (outage.end === undefined) {
      if (reportAt === undefined) fail("end", "the outage is still open; record its end or give asAt");
      // Not begun by asAt: kept as a zero-length entry here, then left out by readOutageLog.
      end = Math.max(reportAt as number, start);
    } else {
      end = parseInstant(outage.end, `${where}.end`);
      if (end < start) fail("end", `ends at ${outage.end}, before it starts at ${outage.start}`);
    }
    let resolved = outage.end === undefined ? undefined : end;
    if (outage.resolvedAt !== undefined) {
      resolved = parseInstant(outage.resolvedAt, `${where}.resolvedAt`);
      if (resolved < start) fail("resolvedAt", `${outage.resolvedAt} is before the start ${outage.start}`);
    }
    if (outage.services.length === 0) fail("services", "no service is affected; list at least one");
    if (new Set(outage.services).size !== outage.services.length) fail("services", "a service is listed twice");
    if (outage.partners.length === 0) fail("partners", "no partner is affected; list at least one");
    const partners = new Set<string>();
    outage.partners.forEach((p, k) => {
      if (partners.has(p.partner)) fail(`partners[${k}].partner`, `${p.partner} is listed twice`);
      partners.add(p.partner);
      if (!Number.isSafeInteger(p.users) || p.users < 0) {
        fail(`partners[${k}].users`, `${p.users} is not a whole number of users, zero or more`);
      }
    });
    if (!(PRIORITIES as readonly string[]).includes(outage.priority)) {
      fail("priority", `${JSON.stringify(outage.priority)} is not one of P1, P2, P3, P4`);
    }
    return { outage, start, end, open: outage.end === undefined, resolved };
  });
}
