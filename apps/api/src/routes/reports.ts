import {
  type AllocationResult,
  type AllocationRun,
  addDays,
  annualReport,
  canonicalJson,
  DomainError,
  isCalendarDate,
  isDomainError,
  isMissingDriverIssue,
  kpiScorecard,
  loadScenario,
  parsePeriod,
  type RechargeRun,
  rechargeRun,
  reportInstant,
  runAllocation,
  runView,
  type SavingsTerms,
  type Scenario,
  type ScenarioDocument,
  savingsTermsFromDocument,
  scenarioSavings,
} from "@3c/domain";
import {
  type ReportReads,
  runScenario,
  type ScenarioLeads,
  SECTION_NAMES,
  type Service,
  type StoredSections,
} from "@3c/store";
import { annualReportCsv, annualReportWorkbook, kpiCsv, kpiWorkbook, savingsCsv, savingsWorkbook } from "@3c/workbooks";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../http/AppEnv.js";
import { partnershipFor } from "../http/auth.js";
import { ApiProblem } from "../http/problem.js";
import { bearer, PartnershipParam, problems, send } from "../http/schemas.js";
import { effectiveFromQuery } from "./effectiveFromQuery.js";
import { periodFromPath } from "./periodParam.js";
import { ReportFormat, reportResponse, sendReport } from "./reportFormats.js";
import { applyTerms, mayChangeTerms, sectionChecks, termsOf } from "./sectionRules.js";
import { TermsVersionSchema } from "./terms.js";

const tags = ["Reports"];
const year = z.string().openapi({ description: "A financial year", example: "2024/25" });
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expected YYYY-MM-DD" })
  // A date of that shape that names no day (2024-02-30); any other text has the regex's one problem.
  .refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || isCalendarDate(d), {
    error: "expected a calendar date: no such day",
  });
const anyJson = (description: string) => ({
  description,
  content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
});
const SectionParam = PartnershipParam.extend({
  section: z.enum(SECTION_NAMES).openapi({ param: { name: "section", in: "path" } }),
});

/**
 * Which recharge figures (rule versions, cost and income lines, driver quantities, support settings)
 * a report's scenario is loaded with: `none` (the KPI scorecard reads none of them); or `run`, for
 * reports that read the year's run (savings, the annual report): all of them when the year has cost
 * or income lines, none when it has no lines, since its run then charges nothing and needs no driver
 * quantities.
 */
type Figures = "none" | "run";

/**
 * The scenario a year's reports run on: the stored figures of the year and every stored section,
 * with the partnership-wide terms in force for the year over it (services' parts as stored).
 * Reports of money (savings, the annual report) take each service's lead at the year's start and
 * its hand-overs inside the year, as a run does (each lead's part named); the KPI scorecard, which
 * no lead changes, takes each service's lead at the year's end. The document holds the year's
 * driver quantities only, so it is read as a run reads it (the store's `runScenario`, the domain's
 * `driverQuantities: "when-run"`): the year's run refuses only the quantities its lines need (see
 * {@link refusingMissingDrivers}), not a rule's driver no line of the year is shared by.
 */
async function yearScenario(
  reads: ReportReads,
  name: string,
  leads: ScenarioLeads,
  figures: Figures,
): Promise<Scenario> {
  const period = parsePeriod(periodFromPath(name), "year");
  if (period.kind !== "year")
    throw new ApiProblem("VALIDATION_FAILED", `reports cover a financial year such as 2024/25; got ${name}`, [
      { path: "year", message: "expected a financial year such as 2024/25" },
    ]);
  // Kept between requests while nothing the year's scenario reads has changed (`reads.kept`).
  return reads.kept(
    period.name,
    `scenario/${leads}/${figures}`,
    async () => {
      const document = await reads.reportScenarioDocument(period.name, applyTerms, leads);
      const lines = (document.costLines ?? []).length + (document.income ?? []).length > 0;
      if (figures === "none" || !lines) return loadScenario(withoutFigures(document));
      return runScenario(document, "actual");
    },
    scenarioWeight,
  );
}

/**
 * What a kept scenario weighs against the store's bound, in lines: its lines, driver quantities,
 * measurements and outages, the parts that grow with a partnership's data (plus one).
 */
const scenarioWeight = (s: Scenario): number =>
  1 +
  s.costLines.length +
  s.income.length +
  s.drivers.length +
  (s.measurements?.length ?? 0) +
  (s.availability?.outages.length ?? 0);

/**
 * A year's run, as the year's own savings and annual reports run it and as a later year's reports
 * count it (see {@link earlierRuns}): from the year's scenario with its figures, its missing
 * driver quantities refused as one `MISSING_DRIVER` (see {@link refusingMissingDrivers}). Kept
 * between requests like the scenario; an error is not kept.
 *
 * @param reads - the report's reads
 * @param year - the financial year, e.g. `2024/25`
 * @param scenario - the year's scenario with its figures when the caller has it (else read)
 * @returns the year's allocation
 */
function yearRun(reads: ReportReads, year: string, scenario?: Scenario): Promise<AllocationRun> {
  return reads.kept(year, "run", async () => {
    const figures = scenario ?? (await yearScenario(reads, year, "period", "run"));
    return refusingMissingDrivers(year, () => runAllocation(figures, year));
  });
}

/**
 * Runs what reads a year's run, and refuses the run's missing driver quantities as one
 * `MISSING_DRIVER` a finance officer can act on (see {@link missingDrivers}).
 *
 * @param year - the year whose run it reads
 * @param read - the report (or run) to make
 * @returns what `read` returns
 */
function refusingMissingDrivers<T>(year: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw missingDrivers(error, year) ?? error;
  }
}

/**
 * A year's run refused only because driver quantities its lines need are not recorded (every issue
 * of the domain's `MISSING_DRIVER` a `MissingDriverIssue`, read by its code and fields, never its
 * wording), as one `MISSING_DRIVER` a finance officer can act on: a detail naming the year, each
 * driver missing and the services whose rules share by it, and the run's own issues — one per
 * driver and driver period at `drivers.<driver>`, naming the partners without quantities and the
 * rules and pools that need them, as a draft of the year's period gives them. Any other error:
 * undefined (it stands).
 */
function missingDrivers(error: unknown, year: string): DomainError | undefined {
  if (!isDomainError(error, "MISSING_DRIVER")) return undefined;
  const issues = error.issues.filter(isMissingDriverIssue);
  if (issues.length === 0 || issues.length !== error.issues.length) return undefined;
  const services = new Map<string, Set<string>>();
  for (const issue of issues) {
    const found = services.get(issue.driver) ?? new Set<string>();
    for (const need of issue.neededBy ?? []) if (need.service !== undefined) found.add(need.service);
    services.set(issue.driver, found);
  }
  const rulesOf = (d: string) => `rules of ${[...(services.get(d) ?? [])].sort().join(", ")}`;
  const drivers = [...services.keys()].sort();
  return new DomainError(
    "MISSING_DRIVER",
    `${year} has cost or income lines, so its reports need the year's recharge run, and its lines need driver quantities that are not recorded: ${drivers.map((d) => `"${d}" (${rulesOf(d)})`).join(", ")}; import them (POST …/drivers/import), then ask again`,
    { path: "drivers", issues },
  );
}

/**
 * A year's scenario document without its recharge figures — rule versions, cost and income lines,
 * driver quantities and the support services' settings (which name the rules) — for the KPI
 * scorecard, which reads none of them (the domain's `kpiScorecard` reads the partners, services,
 * KPIs, measurements, RAG scheme and the outage log), and for the savings and annual reports of a
 * year with no lines, whose run charges nothing.
 */
function withoutFigures(document: ScenarioDocument): ScenarioDocument {
  const { support: _support, ...rest } = document;
  return { ...rest, rules: [], costLines: [], income: [], drivers: [] };
}

/**
 * The runs of the years before `year` that have lines, each from its own year's scenario as that
 * year's own report runs it: a savings report (and an annual report's savings section) counts each
 * earlier year from them, so its earlier years carry the figures of their own reports. The year's
 * scenario holds only its own lines, so without them an earlier year with lines and no recorded
 * contributions was left out.
 */
async function earlierRuns(reads: ReportReads, year: string): Promise<Record<string, AllocationResult>> {
  const out: Record<string, AllocationResult> = {};
  for (const y of await reads.yearsWithLines(year)) out[y] = await yearRun(reads, y);
  return out;
}

/** `asAt` of the reports that read the outage log: an ISO 8601 instant, or a date (its first instant in UK time). */
const asAtQuery = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2}))?$/, {
    error: "expected an ISO 8601 instant such as 2025-03-31T17:00:00+01:00, or a date YYYY-MM-DD",
  })
  .openapi({
    description:
      "When the report is taken: open outages end here. An instant, or a date (its first instant in UK time). Default: the earlier of the year's end and now",
    example: "2025-03-31T17:00:00+01:00",
  });

/** The store's clock in POSIX seconds, for the domain's `reportInstant` (a report's default `asAt`). */
const storeSeconds = (c: Context<AppEnv>): number => Math.floor(Date.parse(c.var.store.now()) / 1000);

/**
 * The savings terms in force in the years up to a report's year, from the history of terms: so a
 * cumulative report rates every earlier year as that year's own report did, not by the report's
 * year's terms (the report's own year is listed too, so its lines name their version). A year keeps
 * the report's terms when the section has no history (its stored terms rate every year) or had no
 * agreement then. Later years are not in the report (the domain's `scenarioSavings` covers the years
 * up to and including its own). Each year's terms name their
 * version as their `source` (none for the terms stored before any version).
 */
async function savingsTermsByYear(
  reads: ReportReads,
  scenario: Scenario,
  year: string,
  runs: Readonly<Record<string, AllocationResult>>,
): Promise<Record<string, SavingsTerms>> {
  const plan = scenario.savings;
  if (plan === undefined) return {};
  const recorded = plan.contributions.map((x) => x.year).filter((y) => y < year);
  const years = [...new Set([...recorded, ...Object.keys(runs), year])].sort();
  const out: Record<string, SavingsTerms> = {};
  for (const { year: y, body, record } of await reads.sectionByYear("savings", years, applyTerms)) {
    if (record === undefined || body === undefined) continue;
    out[y] = savingsTermsFromDocument(body, record.termsVersion ?? undefined);
  }
  return out;
}

/**
 * Registers the partnership's scenario sections (savings agreement, KPIs, measurements, calendars,
 * outages, availability, budgets...) and the reports computed from the stored data by the domain:
 * savings per partner, the KPI scorecard, the annual report of a service, and a recharge preview.
 * Reports answer the domain's own JSON (money as `{ currency, minor }`), or with `?format=csv|xlsx`
 * the shared spreadsheet layouts of `@3c/workbooks` as an attachment.
 *
 * @param app - the app
 */
export function registerReports(app: OpenAPIHono<AppEnv>): void {
  const base = "/v1/partnerships/{partnership}";

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/sections/{section}`,
      tags: ["Sections"],
      summary: "One section of the partnership's scenario document, as stored or as a year's reports read it",
      description: `Sections: ${SECTION_NAMES.join(", ")}. Their shapes are the scenario document's (the domain's JSON Schema). Without \`year\`, exactly as stored: its partnership-wide terms are the latest agreed, which may take effect only from a later year. With \`year\`, as that year's reports read it: the partnership-wide terms in force for the year (\`GET …/terms\` lists which version rates which years) over the services' parts as stored; 404 when the section had no terms in force that year.`,
      security: bearer,
      request: {
        params: SectionParam,
        query: z.object({
          year: year.optional().openapi({ description: "A financial year: the section as its reports read it" }),
        }),
      },
      responses: {
        200: { description: "The section", content: { "application/json": { schema: z.unknown() } } },
        ...problems(403, 404, 422),
      },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:shared");
      const { section } = c.req.valid("param");
      const { year: y } = c.req.valid("query");
      const sections =
        y === undefined ? await c.var.store.getSections(id) : await c.var.store.sectionsForYear(id, y, applyTerms);
      const body = sections[section];
      if (body === undefined)
        throw new ApiProblem("NOT_FOUND", `no ${section} section is stored${y === undefined ? "" : ` for ${y}`}`);
      return send(c, body);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: `${base}/sections/{section}`,
      tags: ["Sections"],
      summary: "Replace one section of the partnership's scenario document, whole (finance, admin)",
      description:
        "Only the parts that change are checked, against the stored section: a part that belongs to services (a budget line, a KPI, its measurements, a calendar, an outage, a savings baseline...) is changed by the finance users of the lead of every service it names; a part that concerns the whole partnership (the RAG scheme, savings indices, attribution and target, one-off costs without a service, outage-cost and availability settings) by an admin, or by the finance users of a partner that leads every service, and such a change takes effect only once an approver of every partner consents: the write answers 202 with a proposed terms version (`…/terms/{terms}`), and may then change no service's part. Anything else answers 403 `NOT_PERMITTED` listing every refused part by path. A changed part dated in a closed period (a measurement's period, a budget's, contribution's or one-off's year, an outage's start; a calendar's hours from the first day they change: a calendar's first hours are in force from the beginning, each of its `changes` from its `effectiveFrom`; a KPI's targets from the first day the target in force changes; a KPI moved to another service or with a changed rating field, such as its polarity, in each period it has a measurement; a KPI's name in each year that prints it — a year prints the latest renaming (`names`) from it or earlier, else `name` — so a renaming from an open year is stored while closed years keep their name) answers 409 `PERIOD_CLOSED`. Proposed terms rate the years from `effectiveFrom` on (default: the year after the last one with a closed period; from the beginning when none is closed): a period of that year or a later one closed answers 409 `PERIOD_CLOSED` on `effectiveFrom`, so a closed year keeps the terms it was reported under. The section exactly as stored with an `effectiveFrom` proposes its agreed terms again from that year (re-dating them), by the same keys and with the same consents; `effectiveFrom` on any other write that proposes no terms answers 422. Validated first, by the domain's schema and cross-checks against the partnership's structure and its other sections: an invalid section answers 422 with every problem at its path, whatever period it touches; only a valid one is judged by the rules above (403, then 409). Write sections that others refer to first (KPIs before measurements, calendars and outages before availability). A section sent exactly as stored (in any key order), without `effectiveFrom`, is checked the same way and then changes nothing: 200 with its hash, nothing written and no audit record.",
      security: bearer,
      request: {
        params: SectionParam,
        query: effectiveFromQuery(
          "The first financial year the partnership-wide terms this write proposes rate once agreed, e.g. 2025/26",
        ),
        body: { content: { "application/json": { schema: z.unknown() } }, required: true },
      },
      responses: {
        200: {
          description: "Stored, or already stored as sent (nothing written): the section and its content hash",
          content: { "application/json": { schema: z.object({ section: z.string(), hash: z.string() }) } },
        },
        202: {
          description:
            "The write changes partnership-wide terms: kept as a proposed terms version (at `Location`) until an approver of every partner consents; the section is unchanged so far",
          content: { "application/json": { schema: TermsVersionSchema } },
        },
        ...problems(403, 404, 409, 413, 422),
      },
    }),
    async (c) => {
      const id = partnershipFor(c, "write:sections");
      const { section } = c.req.valid("param");
      const body = c.req.valid("json");
      const { effectiveFrom } = c.req.valid("query");
      const key = c.var.key;
      // The section exactly as stored, with a year: its agreed terms proposed again from that year.
      const redates = (before: StoredSections) =>
        effectiveFrom !== undefined &&
        before[section] !== undefined &&
        canonicalJson(before[section]) === canonicalJson(body) &&
        termsOf(section, body).length > 0;
      // Judged against the services as read in the write's transaction (a hand-over meanwhile counts).
      const checks = sectionChecks(section, body, key);
      const authorize = (before: StoredSections, services: readonly Service[]) => {
        const issues = [...(checks.authorize?.(before, services) ?? [])];
        if (redates(before) && !mayChangeTerms(key, services))
          issues.push({
            field: "effectiveFrom",
            message: `when the ${section} section's partnership-wide terms take effect concerns the whole partnership: it is changed by an admin, or by the finance users of a partner that leads every service`,
          });
        return issues;
      };
      const needsConsent = (before: StoredSections) => checks.needsConsent?.(before) === true || redates(before);
      const written = await c.var.store.putSection(id, section, body, c.var.actor, {
        ...checks,
        authorize,
        needsConsent,
        ...(effectiveFrom === undefined ? {} : { effectiveFrom }),
      });
      if (written.terms !== undefined) {
        c.header("Location", `/v1/partnerships/${id}/terms/${written.terms.id}`);
        return send(c, written.terms, 202);
      }
      return send(c, written);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/reports/savings`,
      tags,
      summary: "Savings per partner up to a year: the domain's `scenarioSavings`",
      description:
        "Each year up to `year` is rated by the savings terms in force in that year (`GET …/terms` lists them; each line's `lineage.terms` names the terms version), so an earlier year's lines and running totals are those of that year's own report. Contributions and one-off items recorded for later years are not in it: a report covers the partnership's years up to and including `year`. The year's contributions come from a run of its cost lines; a service with no lines in the year keeps the contributions recorded for it. Each earlier year with lines is counted from a run of that year's own figures, as its own report counts it. A year with no cost or income lines needs no driver quantities (its run charges nothing); a year's run needs only the quantities its lines need (those of the rules in force on their dates, and of the rules sharing the support they pass on), and a year whose lines need quantities that are not recorded answers 422 `MISSING_DRIVER` naming the year, each driver and the services whose rules share by it (`errors[].path` `drivers.<driver>`, `errors[].code` `MISSING_DRIVER`).",
      security: bearer,
      request: { params: PartnershipParam, query: z.object({ year, format: ReportFormat }) },
      responses: { 200: reportResponse("The savings report"), ...problems(403, 404, 409, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:reports");
      const { year: y, format } = c.req.valid("query");
      const name = parsePeriod(periodFromPath(y)).name;
      // Every read in one snapshot, with the partnership's data state the kept scenarios and runs are checked by.
      const report = await c.var.store.readForReports(id, async (reads) => {
        const scenario = await yearScenario(reads, y, "period", "run");
        if (scenario.savings === undefined)
          throw new ApiProblem("NOT_FOUND", "the partnership has no savings agreement stored");
        const runsByYear = await earlierRuns(reads, name);
        const termsByYear = await savingsTermsByYear(reads, scenario, name, runsByYear);
        const run = await yearRun(reads, name, scenario);
        return refusingMissingDrivers(name, () => scenarioSavings(scenario, name, run, { termsByYear, runsByYear }));
      });
      if (report === null) throw new ApiProblem("NOT_FOUND", "the partnership has no savings agreement stored");
      return sendReport(c, format, `savings-${name}`, report, { csv: savingsCsv, xlsx: savingsWorkbook });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/reports/kpis`,
      tags,
      summary: "The KPI scorecard of a year, for every service or one: the domain's `kpiScorecard`",
      security: bearer,
      request: {
        params: PartnershipParam,
        query: z.object({ year, service: z.string().optional(), asAt: asAtQuery.optional(), format: ReportFormat }),
      },
      responses: {
        200: reportResponse("The scorecard, with `asAt`: the instant it was taken at"),
        ...problems(403, 404, 422),
      },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:reports");
      const q = c.req.valid("query");
      // A service the year's partnership does not have is the domain's 422, naming its services.
      const scenario = await c.var.store.readForReports(id, (reads) =>
        yearScenario(reads, q.year, "period-end", "none"),
      );
      const name = parsePeriod(periodFromPath(q.year)).name;
      const asAt = reportInstant(q.asAt, name, storeSeconds(c));
      const card = kpiScorecard(scenario, name, { ...(q.service === undefined ? {} : { service: q.service }), asAt });
      const file = `kpis-${name}${q.service === undefined ? "" : `-${q.service}`}`;
      return sendReport(c, q.format, file, { ...card, asAt }, { csv: kpiCsv, xlsx: kpiWorkbook });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/reports/annual/{service}`,
      tags,
      summary: "The standard annual report of a service: the domain's `annualReport`",
      description:
        "Taken at `asAt`. The outages section reads the months of the year ended by then (`outages.from`, `to`, `complete`): a running year's months to come are not counted as served. The savings section counts earlier years as the savings report does. A year with no cost or income lines needs no driver quantities; a year whose lines need driver quantities that are not recorded answers 422 `MISSING_DRIVER`, as the savings report does.",
      security: bearer,
      request: {
        params: PartnershipParam.extend({ service: z.string().openapi({ param: { name: "service", in: "path" } }) }),
        query: z.object({ year, asAt: asAtQuery.optional(), format: ReportFormat }),
      },
      responses: {
        200: reportResponse("The annual report, with `asAt`: the instant it was taken at"),
        ...problems(403, 404, 409, 422),
      },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:reports");
      const { service } = c.req.valid("param");
      const q = c.req.valid("query");
      const name = parsePeriod(periodFromPath(q.year), "year").name;
      const asAt = reportInstant(q.asAt, name, storeSeconds(c));
      const report = await c.var.store.readForReports(id, async (reads) => {
        const scenario = await yearScenario(reads, q.year, "period", "run");
        if (!scenario.services.some((s) => s.id === service))
          throw new ApiProblem("NOT_FOUND", `no service ${JSON.stringify(service)}`);
        // Earlier years' runs only for a savings section (the service has baselines).
        const saved = scenario.savings?.baselines.some((b) => b.service === service) === true;
        const runs = saved ? await earlierRuns(reads, name) : {};
        const termsByYear = await savingsTermsByYear(reads, scenario, name, runs);
        const run = await yearRun(reads, name, scenario);
        const options = { savingsTermsByYear: termsByYear, savingsRunsByYear: runs, asAt, run };
        return { ...refusingMissingDrivers(name, () => annualReport(scenario, service, name, options)), asAt };
      });
      return sendReport(c, q.format, `annual-report-${service}-${name}`, report, {
        csv: annualReportCsv,
        xlsx: annualReportWorkbook,
      });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/recharge`,
      tags,
      summary: "What a draft run of a period would compute now, stored nothing: the domain's `rechargeRun`",
      description:
        "The key's partner's view of the run (as the run endpoints show a stored run): the manifest; its own statements whole and, as a lead, its view of the statements it issues; what it settles, as `…/runs/{id}/settlement` says (`basis`: `charges`, or for a year with the budget `true-up`, the advances having been paid): the invoices and settlement transfers it pays or receives, its own net position; for a year with the budget, its year-end figures and those of the services it leads. Statement numbers default to `preview/<partner>`, the issue date to the period's last day.",
      security: bearer,
      request: {
        params: PartnershipParam,
        query: z.object({
          period: z.string().openapi({ example: "2024/25-Q3" }),
          issueDate: date.optional(),
          budget: z.enum(["true", "false"]).optional().openapi({ description: "A year's run against the budget" }),
        }),
      },
      responses: { 200: anyJson("The key's partner's view of the run"), ...problems(403, 404, 409, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:statements");
      const q = c.req.valid("query");
      const period = parsePeriod(periodFromPath(q.period));
      const budget = q.budget === "true";
      const [actual, planned, partners] = await Promise.all([
        c.var.store.scenarioDocument(id, period.name, "actual"),
        budget ? c.var.store.scenarioDocument(id, period.name, "budget") : Promise.resolve(undefined),
        c.var.store.listPartners(id),
      ]);
      const run: RechargeRun = rechargeRun({
        // Read as a draft reads it (the store's `runScenario`): only the quantities lines need.
        scenario: runScenario(actual, "actual"),
        period: period.name,
        statements: {
          numbers: Object.fromEntries(partners.map((p) => [p.id, `preview/${p.id}`])),
          issueDate: q.issueDate === undefined ? addDays(period.end, -1) : (q.issueDate as typeof period.end),
        },
        ...(planned === undefined ? {} : { budget: runScenario(planned, "budget") }),
      });
      // Settled as the drafted run's `…/settlement` would be (runView settles by settlementView).
      return send(c, runView(run, c.var.key.partner));
    },
  );
}
