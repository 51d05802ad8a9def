import type { NetPosition, RunManifest, RunView, StatementView, Transfer } from "@3c/domain";
import { type FlagValues, stringFlag } from "../args.js";
import { CliError } from "../CliError.js";
import type { TrueUpSettlementShown } from "../output/rechargeReport.js";
import { type ApiTarget, callApi } from "./apiClient.js";

/** A stored run as `GET /v1/partnerships/ID/runs` lists it: the API's `Run` schema (the store's `StoredRun`). */
export interface StoredRunSummary {
  readonly id: string;
  readonly period: string;
  readonly kind: "recharge" | "reversal";
  readonly reverses: string | null;
  readonly status: "draft" | "approved" | "posted" | "reversed" | "discarded";
  readonly manifest: RunManifest;
  readonly preparedBy: string;
  readonly preparedAt: string;
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  readonly postedAt: string | null;
  /** Who discarded a discarded draft, when and why (absent from an API before drafts could be discarded). */
  readonly discardedBy?: string | null;
  readonly discardedAt?: string | null;
  readonly discardReason?: string | null;
  readonly version: number;
}

/** A stored run and the partnership it is of, as every key that may read the run may see them. */
export interface StoredRunHead {
  /** The partnership's name, for the title. */
  readonly name: string;
  /** The partnership's currency, which is its runs' (it is set when the partnership is made). */
  readonly currency: string;
  readonly run: StoredRunSummary;
}

/**
 * What an API key may see of a stored run: the run, and of the domain's {@link RunView} of its
 * partner the statements (`…/statements`: its own whole, its lead's view of those it issues lines
 * on) and the invoices, net position and settlement transfers (`…/settlement`). The allocation
 * (every partner's charges by service) is not part of it.
 */
export interface StoredRunView
  extends StoredRunHead,
    Pick<RunView, "partner" | "statements" | "invoices" | "positions" | "settlement"> {
  /**
   * What the invoices, position and settlement settle: the run's `charges`, or, for a year's run
   * with the budget, the year-end `true-up` (the quarterly advances paid).
   */
  readonly basis: "charges" | "true-up";
  /** For a `true-up` basis: the partner's advances, charge and true-up, as the API gives them. */
  readonly trueUp?: TrueUpSettlementShown["trueUp"];
}

/**
 * What an API key may see of a stored run's year end (`…/year-end`, finance and approver keys): its
 * partner's own advances, charge and true-up, its own net position of the true-up, and the true-ups
 * and transfers it pays or receives — the true-up's settlement as `3c settle --budget` shows it.
 */
export interface StoredYearEnd extends StoredRunHead {
  readonly partner: string;
  readonly shown: TrueUpSettlementShown;
}

/**
 * The partnership's path on the API, from `--partnership ID`.
 *
 * @param values - parsed flags
 * @param what - what needs it, for the error, e.g. `--run`
 * @returns `/v1/partnerships/ID`
 * @throws CliError usage without --partnership
 */
export function partnershipPath(values: FlagValues, what: string): string {
  const id = stringFlag(values, "partnership");
  if (id === undefined) throw new CliError("usage", `${what} reads the API's stored runs: give --partnership ID`);
  return `/v1/partnerships/${encodeURIComponent(id)}`;
}

/** The most runs the API lists in one page. */
const RUNS_PAGE = 10_000;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null;
}

function itemsOf<T>(answer: unknown, path: string): T[] {
  if (!isObject(answer) || !Array.isArray(answer.items))
    throw new CliError("network", `the API's answer to GET ${path} has no items`);
  return answer.items as T[];
}

/**
 * The stored runs the key can see, newest first: every page of the list, each as large as the API
 * allows, following its `nextCursor`.
 *
 * @param target - the API and key
 * @param base - the partnership's path ({@link partnershipPath})
 * @param period - only this period's runs, e.g. `2024/25-Q3`
 * @returns the runs
 * @throws CliError network for API failures
 */
export async function listStoredRuns(target: ApiTarget, base: string, period?: string): Promise<StoredRunSummary[]> {
  const runs: StoredRunSummary[] = [];
  let cursor: string | undefined;
  do {
    // The API takes a period in a path's form, `2024-25-Q3`.
    const query = new URLSearchParams({
      ...(period === undefined ? {} : { period: period.replace("/", "-") }),
      limit: String(RUNS_PAGE),
      ...(cursor === undefined ? {} : { cursor }),
    });
    const path = `${base}/runs?${query}`;
    const answer = await callApi(target, "GET", path);
    runs.push(...itemsOf<StoredRunSummary>(answer, path));
    const next = isObject(answer) ? answer.nextCursor : undefined;
    cursor = typeof next === "string" ? next : undefined;
  } while (cursor !== undefined);
  return runs;
}

/**
 * The partnership and the stored run, and the run's further answers the key asked for, requested
 * at once.
 *
 * @param target - the API and key
 * @param base - the partnership's path ({@link partnershipPath})
 * @param id - the run, e.g. `run-1`
 * @param paths - the run's further paths, e.g. `/statements`
 * @returns the head and the answers to the paths, in their order
 * @throws CliError network for API failures (an unknown run is the API's 404)
 */
async function fetchRun(
  target: ApiTarget,
  base: string,
  id: string,
  paths: readonly string[],
): Promise<{ head: StoredRunHead; runPath: string; answers: unknown[] }> {
  const runPath = `${base}/runs/${encodeURIComponent(id)}`;
  const [partnership, run, ...answers] = await Promise.all([
    callApi(target, "GET", base),
    callApi(target, "GET", runPath),
    ...paths.map((p) => callApi(target, "GET", `${runPath}${p}`)),
  ]);
  if (!isObject(run) || typeof run.period !== "string" || !isObject(run.manifest))
    throw new CliError("network", `the API's answer to GET ${runPath} is not a run`);
  if (!isObject(partnership) || typeof partnership.currency !== "string")
    throw new CliError("network", `the API's answer to GET ${base} is not a partnership`);
  const name = typeof partnership.name === "string" ? partnership.name : base;
  return { head: { name, currency: partnership.currency, run: run as unknown as StoredRunSummary }, runPath, answers };
}

/**
 * Everything the key may see of one stored run ({@link StoredRunView}), in four requests made at once.
 *
 * @param target - the API and key
 * @param base - the partnership's path ({@link partnershipPath})
 * @param id - the run, e.g. `run-1`
 * @returns the key's view of the run
 * @throws CliError network for API failures (an unknown run is the API's 404)
 */
export async function fetchStoredRun(target: ApiTarget, base: string, id: string): Promise<StoredRunView> {
  const { head, runPath, answers } = await fetchRun(target, base, id, ["/statements", "/settlement"]);
  const [statements, settlement] = answers;
  if (!isObject(settlement) || typeof settlement.partner !== "string")
    throw new CliError("network", `the API's answer to GET ${runPath}/settlement is not a settlement`);
  return {
    ...head,
    partner: settlement.partner,
    basis: settlement.basis === "true-up" ? "true-up" : "charges",
    ...(Array.isArray(settlement.trueUp) ? { trueUp: settlement.trueUp as TrueUpSettlementShown["trueUp"] } : {}),
    statements: itemsOf<StatementView>(statements, `${runPath}/statements`),
    invoices: (settlement.invoices ?? []) as Transfer[],
    positions: (settlement.positions ?? []) as NetPosition[],
    settlement: (settlement.settlement ?? []) as Transfer[],
  };
}

/**
 * What the key may see of a stored budget run's year end ({@link StoredYearEnd}), in three requests
 * made at once. The API refuses a run made without the budget (409 `INVALID_STATE`) and a key whose
 * role may not read the year end (403): both are its problem, exit 3.
 *
 * @param target - the API and key (finance, approver or admin)
 * @param base - the partnership's path ({@link partnershipPath})
 * @param id - the run, e.g. `run-1`
 * @returns the key's view of the year end
 * @throws CliError network for API failures and refusals
 */
export async function fetchStoredYearEnd(target: ApiTarget, base: string, id: string): Promise<StoredYearEnd> {
  const { head, runPath, answers } = await fetchRun(target, base, id, ["/year-end"]);
  const [yearEnd] = answers;
  const trueUp = isObject(yearEnd) ? yearEnd.trueUp : undefined;
  const settled = isObject(yearEnd) ? yearEnd.trueUpSettlement : undefined;
  if (!isObject(yearEnd) || typeof yearEnd.partner !== "string" || !isObject(trueUp) || !isObject(settled))
    throw new CliError("network", `the API's answer to GET ${runPath}/year-end is not a year end`);
  return {
    ...head,
    partner: yearEnd.partner,
    shown: {
      trueUp: (trueUp.byPartner ?? []) as TrueUpSettlementShown["trueUp"],
      invoices: (settled.invoices ?? []) as Transfer[],
      positions: (settled.positions ?? []) as NetPosition[],
      settlement: (settled.settlement ?? []) as Transfer[],
    },
  };
}
