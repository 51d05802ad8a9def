import { DomainError, parseScenario, type RechargeInput, rechargeRun, scenarioCounts } from "@3c/domain";
import { ApiProblem, problemIssue } from "../http/problem.js";

/** The body of `POST /v1/calculate`, after its schema has checked it. */
export interface CalculateRequest {
  readonly scenario: Record<string, unknown>;
  readonly budget?: Record<string, unknown> | undefined;
  readonly period: string;
  readonly statements: {
    readonly numbers: Record<string, string>;
    readonly issueDate: string;
    readonly dueDate?: string | undefined;
    readonly vat?: { readonly ratePercent: string; readonly rounding: string } | undefined;
  };
}

function load(doc: unknown, path: string) {
  const parsed = parseScenario(doc);
  if (!parsed.ok)
    throw new ApiProblem(
      "VALIDATION_FAILED",
      `the ${path} is not a valid scenario: ${parsed.issues.length} problem(s)`,
      parsed.issues.map((i) => problemIssue(i, i.path === "" ? path : `${path}.${i.path}`)),
    );
  return parsed.value;
}

/**
 * The stateless calculation: reads the scenario (and budget) with the domain's `parseScenario`,
 * runs `rechargeRun` and prints the run as JSON. Pure, so it runs the same on the event loop or in a
 * worker thread ({@link CalculationPool}).
 *
 * @param input - the checked request body
 * @returns the domain's recharge run as JSON text
 * @throws ApiProblem `VALIDATION_FAILED` for a scenario or budget that is not valid, and whatever
 *   `rechargeRun` throws (a `DomainError`)
 */
export function calculate(input: CalculateRequest): string {
  const { dueDate, vat, ...rest } = input.statements;
  type Day = RechargeInput["statements"]["issueDate"];
  const scenario = load(input.scenario, "scenario");
  const budget = input.budget === undefined ? undefined : load(input.budget, "budget");
  try {
    const run = rechargeRun({
      scenario,
      period: input.period,
      statements: {
        ...rest,
        issueDate: rest.issueDate as Day,
        ...(dueDate === undefined ? {} : { dueDate: dueDate as Day }),
        ...(vat === undefined ? {} : { vat: vat as NonNullable<RechargeInput["statements"]["vat"]> }),
      },
      ...(budget === undefined ? {} : { budget }),
    });
    return JSON.stringify(run);
  } catch (error) {
    throw inStatements(error);
  }
}

/** The statement options' own fields, as the domain names them (relative to the options). */
const STATEMENT_FIELD = /^(numbers|issueDate|dueDate|vat)(\.|$)/;

/**
 * A domain error about a statement option, re-rooted at the request's `statements` (the domain
 * names `vat.ratePercent`; the body holds it at `statements.vat.ratePercent`); any other error as it is.
 */
function inStatements(error: unknown): unknown {
  if (!(error instanceof DomainError) || error.path === undefined || !STATEMENT_FIELD.test(error.path)) return error;
  return new DomainError(error.code, error.message, { path: `statements.${error.path}`, cause: error });
}

/**
 * The stateless check: reads a scenario document with the domain's `parseScenario` and prints the
 * verdict as JSON — every problem with its path, or what the document holds.
 *
 * @param scenario - the document
 * @returns `{ valid: false, issues }` or `{ valid: true, counts }` as JSON text
 */
export function validate(scenario: Record<string, unknown>): string {
  const parsed = parseScenario(scenario);
  if (!parsed.ok) return JSON.stringify({ valid: false, issues: parsed.issues.map((i) => problemIssue(i)) });
  return JSON.stringify({ valid: true, counts: scenarioCounts(parsed.value) });
}

/** Work for a calculation thread. */
export type Job =
  | { readonly kind: "calculate"; readonly input: CalculateRequest }
  | { readonly kind: "validate"; readonly scenario: Record<string, unknown> };

/**
 * Does a job.
 *
 * @param job - a calculation or a check
 * @returns its answer as JSON text
 */
export function perform(job: Job): string {
  return job.kind === "calculate" ? calculate(job.input) : validate(job.scenario);
}

/** An error as it crosses from a worker thread: what the API needs to answer it the same way. */
export type CalculationError =
  | {
      readonly kind: "api";
      readonly code: ApiProblem["code"];
      readonly detail: string;
      readonly errors: ApiProblem["errors"];
    }
  | {
      readonly kind: "domain";
      readonly code: DomainError["code"];
      readonly message: string;
      readonly path: string | undefined;
      readonly issues: DomainError["issues"];
    }
  | { readonly kind: "other"; readonly message: string; readonly stack: string | undefined };

/**
 * Flattens an error for `postMessage`.
 *
 * @param error - what the calculation threw
 * @returns its plain form
 */
export function toCalculationError(error: unknown): CalculationError {
  if (error instanceof ApiProblem)
    return { kind: "api", code: error.code, detail: error.message, errors: error.errors };
  if (error instanceof DomainError)
    return { kind: "domain", code: error.code, message: error.message, path: error.path, issues: error.issues };
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: "other", message: e.message, stack: e.stack };
}

/**
 * Rebuilds an error from its plain form, as the class the API's problem mapping knows.
 *
 * @param error - the plain form
 * @returns the error to throw
 */
export function fromCalculationError(error: CalculationError): Error {
  switch (error.kind) {
    case "api":
      return new ApiProblem(error.code, error.detail, error.errors);
    case "domain":
      return new DomainError(error.code, error.message, {
        ...(error.path === undefined ? {} : { path: error.path }),
        issues: error.issues,
      });
    default: {
      const e = new Error(error.message);
      if (error.stack !== undefined) e.stack = error.stack;
      return e;
    }
  }
}
