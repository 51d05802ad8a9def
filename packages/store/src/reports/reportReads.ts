import type { ScenarioDocument } from "@3c/domain";
import type { Queryable } from "../db/index.js";
import { deepFreeze } from "../deepFreeze.js";
import { countRecords, RECORD_KIND_NAMES } from "../records/index.js";
import type { ScenarioLeads } from "../scenarioDocument.js";
import { getSections, reportScenarioDocument, type SectionName } from "../sections.js";
import { type SectionForYear, sectionByYear, type TermsOverlay, termsYear } from "../termsInForce.js";
import { yearsWithLines } from "../yearsWithLines.js";
import { type DataState, readDataState, sameState } from "./DataState.js";
import type { ReportCache, YearCounts } from "./ReportCache.js";

/**
 * The writes after which what was made from a year's data may still be used, by their audit
 * action: an import of records (only ever added, never changed or removed) when the year holds as
 * many records of each kind as before, and writes no report reads — API keys, runs (reports run each
 * year from its data, never read a stored run) and periods' status. Any other write (a rule, a
 * consent, a hand-over, a section, terms, settings, a service, a partner...) makes it again.
 */
const IMPORTS = new Set(RECORD_KIND_NAMES.map((k) => `${k}.import`));
const UNREAD = new Set([
  "key.create",
  "key.revoke",
  "run.create",
  "run.approve",
  "run.post",
  "run.reverse",
  "run.discard",
  "period.open",
  "period.close",
]);

/** The most writes looked through for an entry to carry over; beyond, it is made again. */
const MOST_WRITES_SINCE = 1000;

/**
 * A financial year's reports' reads of one partnership, all in one snapshot of the database (see
 * `Store.readForReports`), and what they keep between requests.
 */
export interface ReportReads {
  /** The partnership. */
  readonly partnershipId: string;
  /** Its data state in this snapshot (undefined for an unknown partnership: nothing is kept). */
  readonly state: DataState | undefined;
  /** See `Store.reportScenarioDocument`. */
  reportScenarioDocument(year: string, overlay: TermsOverlay, leads?: ScenarioLeads): Promise<ScenarioDocument>;
  /** See `Store.yearsWithLines`. */
  yearsWithLines(year: string): Promise<string[]>;
  /** See `Store.sectionByYear`. */
  sectionByYear(section: SectionName, years: readonly string[], overlay: TermsOverlay): Promise<SectionForYear[]>;
  /**
   * What `make` makes from this snapshot's data of a financial year, kept in this process between
   * requests: given again while nothing it may have read has changed — the same data state, or
   * only writes since that cannot change it (records imported outside the year, keys, runs,
   * periods' status) — else made again and kept. `make` must read only through these reads and
   * depend on nothing else (no clock, no `asAt`): the year's scenario, its run. An error is not kept.
   *
   * @param year - the financial year, e.g. `2024/25`
   * @param what - what is kept of the year, e.g. `run`: one entry each
   * @param make - makes it (called at most once)
   * @param weigh - the value's weight against the cache's bound, in lines (what its memory grows
   *   with): default the year's cost and income lines plus one
   * @returns the value, kept or made, frozen: a kept value is shared by every reader
   */
  kept<T>(year: string, what: string, make: () => T | Promise<T>, weigh?: (value: T) => number): Promise<T>;
}

/**
 * A year's reports' reads over one snapshot.
 *
 * @param tx - a snapshot transaction (`Database.snapshot`)
 * @param partnershipId - the partnership
 * @param cache - what the store keeps, or undefined to keep nothing
 * @returns the reads
 */
export async function reportReads(
  tx: Queryable,
  partnershipId: string,
  cache: ReportCache | undefined,
): Promise<ReportReads> {
  const state = await readDataState(tx, partnershipId);
  return {
    partnershipId,
    state,
    reportScenarioDocument: (year, overlay, leads) => reportScenarioDocument(tx, partnershipId, year, overlay, leads),
    yearsWithLines: (year) => yearsWithLines(tx, partnershipId, year),
    sectionByYear: async (section, years, overlay) =>
      sectionByYear(
        tx,
        partnershipId,
        section,
        await getSections(tx, partnershipId),
        years.map((y) => termsYear(y, "years")),
        overlay,
      ),
    async kept<T>(year: string, what: string, make: () => T | Promise<T>, weigh?: (value: T) => number): Promise<T> {
      if (cache === undefined || state === undefined) return make();
      const name = termsYear(year, "year");
      const key = `${partnershipId}\u0000${name}\u0000${what}`;
      const held = cache.get(key);
      if (held !== undefined) {
        if (sameState(held.state, state)) {
          cache.counts.given++;
          return held.value as T;
        }
        if (await unchangedSince(tx, partnershipId, held.state, state, name, held.counts)) {
          cache.set(key, { ...held, state });
          cache.counts.given++;
          return held.value as T;
        }
      }
      // Requests of the same state asking while it is made (on a server, each in its own snapshot) share it.
      return cache.once(key, state, async () => {
        cache.counts.made++;
        const value = deepFreeze(await make());
        const counts = await yearCounts(tx, partnershipId, name);
        const weight = weigh?.(value) ?? (counts["cost-lines"] ?? 0) + (counts.income ?? 0) + 1;
        cache.set(key, { state, counts, value, weight: Math.max(1, weight) });
        return value;
      });
    },
  };
}

/**
 * How many records of each kind a financial year holds (each counted as the year's scenario
 * selects them: lines and rates dated in it, driver quantities and budget rates for it).
 */
async function yearCounts(q: Queryable, partnershipId: string, year: string): Promise<YearCounts> {
  const counts: Record<string, number> = {};
  for (const kind of RECORD_KIND_NAMES) counts[kind] = await countRecords(q, partnershipId, kind, { period: year });
  return counts;
}

/**
 * Whether nothing a year's reports read has changed between two data states of a partnership: the
 * later state descends from the earlier (the record at its `seq` has its hash), and every write
 * between is one of {@link UNREAD} or an import of records that left the year holding as many of
 * each kind as before — records are only ever added, so the same count is the same records.
 */
async function unchangedSince(
  tx: Queryable,
  partnershipId: string,
  from: DataState,
  to: DataState,
  year: string,
  counts: YearCounts,
): Promise<boolean> {
  const since = to.seq - from.seq;
  if (since <= 0 || since > MOST_WRITES_SINCE) return false;
  const rows = await tx.query<{ seq_text: string; hash: string; action: string }>(
    // Ordered by the number, not by its text ("10" < "6").
    "SELECT seq::text AS seq_text, hash, record->>'action' AS action FROM audit_log WHERE partnership_id = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq",
    [partnershipId, from.seq, to.seq],
  );
  const [first, ...writes] = rows;
  if (first === undefined || Number(first.seq_text) !== from.seq || first.hash !== from.hash) return false;
  if (writes.length !== since) return false;
  if (!writes.every((w) => UNREAD.has(w.action) || IMPORTS.has(w.action))) return false;
  if (!writes.some((w) => IMPORTS.has(w.action))) return true;
  const now = await yearCounts(tx, partnershipId, year);
  return RECORD_KIND_NAMES.every((k) => now[k] === counts[k]);
}
