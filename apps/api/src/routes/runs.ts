import {
  diffRuns,
  diffView,
  isCalendarDate,
  type RechargeRun,
  ROUNDING_MODES,
  type Statement,
  settlementView,
  statementFor,
  yearEndView,
} from "@3c/domain";
import type { RunPolicies, StoredRun } from "@3c/store";
import { statementsCsv, statementWorkbook } from "@3c/workbooks";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../http/AppEnv.js";
import { expectedVersion, partnershipFor, setVersion } from "../http/auth.js";
import { noBody } from "../http/noBody.js";
import { pageQuery } from "../http/pageQuery.js";
import { ApiProblem } from "../http/problem.js";
import { bearer, PartnershipParam, problems, send } from "../http/schemas.js";
import {
  negateAmounts,
  type ReversalDating,
  reverseStatement,
  reverseTransfers,
  reverseYearEnd,
} from "../statements/index.js";
import { periodFromPath } from "./periodParam.js";
import { reportResponse, sendReport } from "./reportFormats.js";

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expected YYYY-MM-DD" })
  // A date of that shape that names no day (2024-02-30); any other text has the regex's one problem.
  .refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || isCalendarDate(d), {
    error: "expected a calendar date: no such day",
  });
const percent = z.string().regex(/^\d+(\.\d+)?$/, { error: 'expected a decimal string such as "3" or "2.5"' });
/** Whether a non-negative decimal string (`percent`) is at most 100, exactly. */
const atMost100 = (rate: string): boolean => {
  const [whole = "", fraction = ""] = rate.split(".");
  const units = BigInt(whole);
  return units < 100n || (units === 100n && /^0*$/.test(fraction));
};
const Run = z
  .object({
    id: z.string(),
    period: z.string(),
    kind: z.enum(["recharge", "reversal"]),
    reverses: z.string().nullable(),
    status: z.enum(["draft", "approved", "posted", "reversed", "discarded"]),
    options: z.record(z.string(), z.unknown()).openapi({
      description:
        "The options its result was computed with; a reversal's are its recharge run's, with its own statement options under `reversal`",
    }),
    manifest: z.record(z.string(), z.unknown()),
    preparedBy: z.string(),
    preparedAt: z.string(),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
    postedAt: z.string().nullable(),
    discardedBy: z.string().nullable().openapi({ description: "Who discarded the draft; null unless discarded" }),
    discardedAt: z.string().nullable(),
    discardReason: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi("Run");
/** Statement numbers per partner, as a run and a reversal take them. */
const StatementNumbers = z.record(z.string(), z.string());
/**
 * The checks of statement options that the request alone decides (the same for every
 * partnership): due no earlier than issued, each partner's statement under a number of its own.
 */
function checkStatementOptions(
  input: {
    readonly issueDate?: string | undefined;
    readonly dueDate?: string | undefined;
    readonly numbers?: Record<string, string> | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  if (
    input.dueDate !== undefined &&
    input.issueDate !== undefined &&
    isCalendarDate(input.dueDate) &&
    input.dueDate < input.issueDate
  )
    ctx.addIssue({
      code: "custom",
      path: ["dueDate"],
      message: `expected a due date on or after the issue date ${input.issueDate}`,
    });
  const first = new Map<string, string>();
  for (const [partner, number] of Object.entries(input.numbers ?? {})) {
    const taken = first.get(number.trim());
    if (number.trim() === "")
      ctx.addIssue({ code: "custom", path: ["numbers", partner], message: "expected a statement number, not blank" });
    else if (taken !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["numbers", partner],
        message: `expected a number of its own: ${JSON.stringify(number)} is ${taken}'s statement number too`,
      });
    else first.set(number.trim(), partner);
  }
}
const RunInput = z
  .strictObject({
    period: z.string().openapi({ example: "2024/25-Q3" }),
    issueDate: date,
    dueDate: date.optional().openapi({ description: "On or after the issue date" }),
    numbers: StatementNumbers.optional().openapi({
      description:
        "Statement number per partner of the partnership, each its own and not blank; default `<run id>/<partner>`",
    }),
    vat: z
      .strictObject({
        ratePercent: percent
          .refine(atMost100, { error: "expected a rate of at most 100 percent" })
          .openapi({ description: "VAT rate in percent, 0 to 100, e.g. 20" }),
        rounding: z.enum(ROUNDING_MODES),
      })
      .optional(),
    budget: z
      .boolean()
      .optional()
      .openapi({ description: "A year's run: advances, true-up and variance from the budget" }),
    policies: z
      .strictObject({
        tolerancePoints: percent
          .optional()
          .openapi({ description: "Tolerance band in percentage points: shares within it keep the estimate's split" }),
        floorCredits: z
          .boolean()
          .optional()
          .openapi({ description: "No refund to a partner other than the lead: its negative true-up becomes 0" }),
        dampening: z
          .strictObject({
            maxIncreasePercent: percent,
            borneBy: z.enum(["others", "lead"]),
            services: z
              .array(z.string())
              .optional()
              .openapi({ description: "Services whose basis changed; default all" }),
          })
          .optional()
          .openapi({ description: "No partner's charge rises more than this over the previous basis (previousRules)" }),
      })
      .optional()
      .openapi({ description: "Year-end policies of the agreement (a year's run with the budget)" }),
    previousRules: z
      .array(z.string())
      .min(1)
      .optional()
      .openapi({ description: "For dampening: ids of the active rule versions that made the previous basis" }),
  })
  // Statements sent as drafted: due no earlier than issued, each under a number of its own.
  .superRefine(checkStatementOptions)
  .openapi("RunInput");
const ReversalInput = z
  .strictObject({
    period: z.string().openapi({ description: "The open period the reversal is booked in", example: "2024/25-Q4" }),
    issueDate: date.optional().openapi({
      description: "The reversal's statements' issue date; default the day it is drafted (Europe/London)",
    }),
    dueDate: date.optional().openapi({ description: "On or after the issue date; default none" }),
    numbers: StatementNumbers.optional().openapi({
      description:
        "Statement number per partner of the partnership, each its own and not blank; default the reversed statement's number with `-R` appended",
    }),
  })
  .superRefine(checkStatementOptions)
  .openapi("ReversalInput");
const DiscardInput = z
  .strictObject({
    reason: z
      .string()
      .max(1000)
      .refine((r) => r.trim() !== "", { error: "expected why the draft is discarded, not blank" })
      .openapi({ description: "Why the draft is discarded, kept with it", example: "drafted for the wrong period" }),
  })
  .openapi("DiscardInput");
const RunParam = PartnershipParam.extend({ run: z.string().openapi({ param: { name: "run", in: "path" } }) });
const base = "/v1/partnerships/{partnership}/runs";
const anyJson = (description: string) => ({
  description,
  content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
});
const runJson = (description: string) => ({ description, content: { "application/json": { schema: Run } } });

async function loadRun(
  c: Context<AppEnv>,
  id: string,
  runId: string,
): Promise<{ run: StoredRun; result: RechargeRun; reversals: number; chain: readonly StoredRun[] }> {
  const run = await c.var.store.getRun(id, runId);
  const result = run === undefined ? undefined : await c.var.store.getRunResult(id, runId);
  if (run === undefined || result === undefined) throw new ApiProblem("NOT_FOUND", `no run ${JSON.stringify(runId)}`);
  const chain = await reversalChain(c, id, run);
  return { run, result, reversals: chain.length, chain };
}

/**
 * The reversals that stand between a run and the recharge run whose result it carries, first
 * first: none for a recharge run, its reversal, then the reversal of that reversal (which charges
 * again what the first credited), and so on. Every reversal stores the recharge run's result, so
 * its documents are that result reversed once per reversal in the chain, each dated as that
 * reversal was drafted.
 */
async function reversalChain(c: Context<AppEnv>, id: string, run: StoredRun): Promise<StoredRun[]> {
  const chain: StoredRun[] = [];
  let at: StoredRun | undefined = run;
  while (at?.kind === "reversal" && at.reverses !== null) {
    chain.unshift(at);
    at = await c.var.store.getRun(id, at.reverses);
  }
  return chain;
}

/** How a reversal's own statements are dated: undefined for one drafted before reversals took options. */
function datingOf(reversal: StoredRun): ReversalDating | undefined {
  const own = reversal.options.reversal;
  return own === undefined ? undefined : { ...own, period: reversal.period };
}

/** `f` applied `times` times to `value`. */
function repeat<T>(times: number, f: (value: T) => T, value: T): T {
  let out = value;
  for (let i = 0; i < times; i += 1) out = f(out);
  return out;
}

/**
 * The statements of a run as they stand, and the period they are of: a reversal's are those of the
 * run it reverses, reversed, in the period the reversal is booked in.
 */
function statementsOf(
  result: RechargeRun,
  chain: readonly StoredRun[],
): { readonly period: string; readonly statements: readonly Statement[] } {
  const datings = chain.map(datingOf);
  return {
    period: datings.reduce((period, d) => d?.period ?? period, result.statements.period),
    statements: result.statements.statements.map((s) => datings.reduce((at, d) => reverseStatement(at, d), s)),
  };
}

/** The policies as given, without keys zod leaves undefined (the stored options are exact JSON). */
function definedOnly(policies: { readonly [k: string]: unknown }): RunPolicies {
  return JSON.parse(JSON.stringify(policies)) as RunPolicies;
}

/**
 * Registers recharge runs: draft, approve, post, reverse, check; statements, settlement and diff.
 *
 * @param app - the app
 */
export function registerRuns(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags: ["Runs"],
      summary: "Recharge runs, newest first: filter and page (with a cursor)",
      description:
        "A page holds at most `limit` runs, those older than the run `cursor` names (the `nextCursor` of the previous page, the last run's id on it; null on the last page); a cursor that names no run answers 422 at `cursor`.",
      security: bearer,
      request: {
        params: PartnershipParam,
        query: z.object({
          period: z
            .string()
            .optional()
            .openapi({ description: "Only runs of this period, e.g. 2024/25-Q1 (or 2024-25-Q1)" }),
          ...pageQuery,
        }),
      },
      responses: {
        200: {
          description: "A page of runs",
          content: {
            "application/json": { schema: z.object({ items: z.array(Run), nextCursor: z.string().nullable() }) },
          },
        },
        ...problems(404, 422),
      },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:shared");
      const { period, limit, cursor } = c.req.valid("query");
      const page = await c.var.store.pageRuns(id, period === undefined ? {} : { period: periodFromPath(period) }, {
        limit,
        ...(cursor === undefined ? {} : { cursor }),
      });
      return send(c, page);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags: ["Runs"],
      summary: "Draft a recharge run: the domain computes it from the stored data (finance)",
      security: bearer,
      request: {
        params: PartnershipParam,
        body: { content: { "application/json": { schema: RunInput } }, required: true },
      },
      responses: { 201: runJson("The draft run"), ...problems(403, 404, 409, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "run:prepare");
      const input = c.req.valid("json");
      const run = await c.var.store.createRun(
        id,
        {
          period: input.period,
          issueDate: input.issueDate,
          ...(input.dueDate === undefined ? {} : { dueDate: input.dueDate }),
          ...(input.numbers === undefined ? {} : { numbers: input.numbers }),
          ...(input.vat === undefined ? {} : { vat: input.vat }),
          ...(input.budget === undefined ? {} : { budget: input.budget }),
          ...(input.policies === undefined ? {} : { policies: definedOnly(input.policies) }),
          ...(input.previousRules === undefined ? {} : { previousRules: input.previousRules }),
        },
        c.var.actor,
      );
      setVersion(c, run.version);
      return send(c, run, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{run}`,
      tags: ["Runs"],
      summary: "One run: status, who prepared and approved it, its manifest (ETag: its version)",
      security: bearer,
      request: { params: RunParam },
      responses: { 200: runJson("The run"), ...problems(404) },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:shared");
      const run = await c.var.store.getRun(id, c.req.valid("param").run);
      if (run === undefined) throw new ApiProblem("NOT_FOUND", `no run ${JSON.stringify(c.req.valid("param").run)}`);
      setVersion(c, run.version);
      return send(c, run);
    },
  );

  const none = { approve: noBody("approving a run"), post: noBody("posting a run") };
  for (const action of ["approve", "post"] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `${base}/{run}/${action}`,
        tags: ["Runs"],
        summary:
          action === "approve"
            ? "Approve a draft: by an approver who did not prepare it (four eyes); If-Match"
            : "Post an approved run; If-Match",
        security: bearer,
        request: { params: RunParam, body: none[action].body },
        middleware: none[action].middleware,
        responses: { 200: runJson("The run"), ...problems(403, 404, 409, 412, 415, 422) },
      }),
      async (c) => {
        const id = partnershipFor(c, action === "approve" ? "run:approve" : "run:post");
        const runId = c.req.valid("param").run;
        const store = c.var.store;
        const run =
          action === "approve"
            ? await store.approveRun(id, runId, expectedVersion(c), c.var.actor)
            : await store.postRun(id, runId, expectedVersion(c), c.var.actor);
        setVersion(c, run.version);
        return send(c, run);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{run}/reverse`,
      tags: ["Runs"],
      summary: "Draft the reversal of a posted run, booked in an open period (finance)",
      description:
        "The reversal's documents are the posted run's reversed: credit notes numbered `<number>-R` (or the `numbers` given), of the period the reversal is booked in and dated by its own `issueDate` (default the day it is drafted, Europe/London) and `dueDate` (default none); the settlement the other way. VAT and everything else are the posted run's. A posted reversal may be reversed in turn, which charges again what it credited. A run has one reversal at a time: another answers 409 `INVALID_STATE` naming it, unless that one is booked in a period closed since, where it can never be approved or posted, or discarded.",
      security: bearer,
      request: {
        params: RunParam,
        body: { content: { "application/json": { schema: ReversalInput } }, required: true },
      },
      responses: { 201: runJson("The draft reversal"), ...problems(403, 404, 409, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "run:prepare");
      const { period, issueDate, dueDate, numbers } = c.req.valid("json");
      const run = await c.var.store.reverseRun(id, c.req.valid("param").run, period, c.var.actor, {
        ...(issueDate === undefined ? {} : { issueDate }),
        ...(dueDate === undefined ? {} : { dueDate }),
        ...(numbers === undefined ? {} : { numbers }),
      });
      setVersion(c, run.version);
      return send(c, run, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{run}/discard`,
      tags: ["Runs"],
      summary: "Discard a draft made in error, with the reason (finance); If-Match",
      description:
        "The run is kept, `discarded`, with who discarded it, when and why (its id may be cited, and the audit chain refers to it); it can no longer be approved, and no longer stands in the way of an identical draft or of another reversal of the run it reverses. A draft reversal is discarded the same way. Allowed in a closed period: no figure changes. An approved or posted run answers 409 `INVALID_STATE` (post it, then reverse it). A discarded run answers 200 as it stands, whatever the version or reason, and nothing more is recorded.",
      security: bearer,
      request: {
        params: RunParam,
        body: { content: { "application/json": { schema: DiscardInput } }, required: true },
      },
      responses: { 200: runJson("The discarded run"), ...problems(403, 404, 409, 412, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "run:prepare");
      const run = await c.var.store.discardRun(
        id,
        c.req.valid("param").run,
        c.req.valid("json").reason,
        expectedVersion(c),
        c.var.actor,
      );
      setVersion(c, run.version);
      return send(c, run);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{run}/check`,
      tags: ["Runs"],
      summary: "Re-run from the stored data and compare with the stored manifest",
      security: bearer,
      request: { params: RunParam },
      responses: { 200: anyJson("Whether it reproduced, and which hashes differ"), ...problems(403, 404, 409, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "run:diff");
      return send(c, await c.var.store.checkRun(id, c.req.valid("param").run));
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{run}/statements`,
      tags: ["Statements"],
      summary: "The statements the key's partner receives or issues as a lead",
      security: bearer,
      request: { params: RunParam },
      responses: { 200: anyJson("The statements"), ...problems(403, 404) },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:statements");
      const { run, result, chain } = await loadRun(c, id, c.req.valid("param").run);
      const { period, statements } = statementsOf(result, chain);
      const items = statements.flatMap((s) => statementFor(c.var.key.partner, s) ?? []);
      return send(c, { run: run.id, period, items });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{run}/statements/{partner}`,
      tags: ["Statements"],
      summary: "One partner's statement as JSON, CSV or XLSX (?format=json|csv|xlsx)",
      description:
        "CSV is the calculator's statement CSV (`3c recharge --format csv`) restricted to this statement: a row per line, then its total row. XLSX is the calculator's sheet for the statement (`3c recharge --format xlsx` writes one per statement), from `@3c/workbooks`: money cells read back to the exact minor unit; a lead's view has a `View` row naming whose lines it holds.",
      security: bearer,
      request: {
        params: RunParam.extend({ partner: z.string().openapi({ param: { name: "partner", in: "path" } }) }),
        query: z.object({ format: z.enum(["json", "csv", "xlsx"]).default("json") }),
      },
      responses: {
        200: reportResponse("The statement"),
        ...problems(403, 404, 422),
      },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:statements");
      const { run: runId, partner } = c.req.valid("param");
      const { result, chain } = await loadRun(c, id, runId);
      const whole = statementsOf(result, chain).statements.find((s) => s.partner === partner);
      const statement = whole === undefined ? undefined : statementFor(c.var.key.partner, whole);
      if (statement === undefined)
        throw new ApiProblem("NOT_FOUND", `no statement for ${JSON.stringify(partner)} in run ${runId}`);
      // The number's own `/` become `_` here (`run-1_B`), as statements' files have always been named.
      const file = statement.number.replaceAll(/[^A-Za-z0-9._-]/g, "_");
      return sendReport(c, c.req.valid("query").format, file, statement, {
        // The calculator's statement CSV restricted to this statement (decision: one statement CSV).
        csv: (s) => statementsCsv([s]),
        xlsx: statementWorkbook,
      });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{run}/settlement`,
      tags: ["Statements"],
      summary: "The invoices and settlement transfers the key's partner pays or receives, and its net position",
      description:
        "`basis` says what is settled. `charges`: the run's charges, its statements' gross invoices netted. `true-up`, for a year's run with the budget: the year-end true-up, because the quarterly advances have been invoiced and paid — settling the year's whole charges as well would charge it twice. Then `trueUp` is the partner's advances, charge and true-up, the invoices are each partner's true-up owed to (or, negative, refunded by) each service's lead, and the positions and transfers settle them; the year's whole charges stay in the statements and `…/year-end`. A reversal's invoices are the reversed run's, every amount negated, as its statements are; its positions (and `trueUp`) are negated with them (a partner's `receivable` is still the sum of the invoices it is paid). Its settlement is the reversed run's transfers with payer and payee swapped, positive amounts: money moves back.",
      security: bearer,
      request: { params: RunParam },
      responses: { 200: anyJson("Invoices, positions and settlement"), ...problems(404) },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:shared");
      const { run, result, reversals } = await loadRun(c, id, c.req.valid("param").run);
      const partner = c.var.key.partner;
      const body = { run: run.id, partner, ...settlementView(result, partner) };
      // An odd number of reversals undoes the run's settlement; an even number restores it.
      return send(
        c,
        reversals % 2 === 1 ? { ...negateAmounts(body), settlement: reverseTransfers(body.settlement) } : body,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{run}/year-end`,
      tags: ["Runs"],
      summary:
        "A year's run with the budget: advances, true-up, its settlement and the variance, of the key's partner and of the services it leads",
      description:
        "A reversal's year end is the reversed run's with every amount negated, and its true-up settled the other way: the same transfers, payer and payee swapped.",
      security: bearer,
      request: { params: RunParam },
      responses: { 200: anyJson("The domain's year-end figures"), ...problems(403, 404, 409) },
    }),
    async (c) => {
      const id = partnershipFor(c, "run:diff");
      const { run, result, reversals } = await loadRun(c, id, c.req.valid("param").run);
      if (result.advances === undefined)
        throw new ApiProblem("INVALID_STATE", `run ${run.id} was not run with the budget ({"budget": true} on a year)`);
      const partner = c.var.key.partner;
      const yearEnd = { run: run.id, partner, ...yearEndView(result, partner) };
      return send(c, repeat(reversals, reverseYearEnd, yearEnd));
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{run}/diff`,
      tags: ["Runs"],
      summary:
        "What changed against another run (?against=run-1): the key's partner's own charges, and each partner's charges for the services it leads",
      description:
        "A reversal's charges are those of the run it reverses negated, as its statements are: a run diffed with its reversal shows every charge taken back.",
      security: bearer,
      request: { params: RunParam, query: z.object({ against: z.string() }) },
      responses: { 200: anyJson("The domain's diff, from the other run to this one"), ...problems(403, 404, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "run:diff");
      const after = await loadRun(c, id, c.req.valid("param").run);
      const before = await loadRun(c, id, c.req.valid("query").against);
      // A reversal's charges are the reversed run's negated, as its statements are.
      const allocation = (r: typeof after) =>
        r.reversals % 2 === 1 ? negateAmounts(r.result.allocation) : r.result.allocation;
      const [from, to] = [allocation(before), allocation(after)];
      return send(c, diffView(diffRuns(from, to), c.var.key.partner, from, to));
    },
  );
}
