import { DomainError } from "../errors/index.js";
import { type Conversion, canonicalFx, convertToBase } from "../fx/index.js";
import { canonicalJson, sha256Hex, sortedBy } from "../hash/index.js";
import { type FinancialPeriod, parsePeriod } from "../period/index.js";
import { type AllocationRun, allocate, runAllocation } from "../run/index.js";
import type { PartnerId } from "../scenario/ids.js";
import type { RuleVersion, Scenario } from "../scenario/Scenario.js";
import { ENGINE_NAME, ENGINE_VERSION } from "../version.js";
import { type Advance, quarterlyAdvances } from "./advances.js";
import { type NetPosition, netPositions, planSettlement, type Transfer } from "./settlement.js";
import { buildStatements, type StatementOptions, type StatementSet } from "./statements.js";
import { type TrueUpPolicies, type TrueUpResult, trueUp } from "./trueUp.js";
import { chargeVariance, type VarianceLine } from "./variance.js";

/** Everything a recharge run needs. */
export interface RechargeInput {
  /** The actual costs, income and drivers of the period (lines may be in foreign currencies). */
  readonly scenario: Scenario;
  /** A quarter or a year, e.g. `2024/25-Q3`. */
  readonly period: string;
  readonly statements: StatementOptions;
  /**
   * The budget for the year (budgeted costs, estimated drivers): with a year's run, gives the
   * quarterly advances, the true-up and the variance analysis.
   */
  readonly budget?: Scenario;
  /** Year-end policies (tolerance, credit floor, and dampening against `previousRules`). */
  readonly policies?: Omit<TrueUpPolicies, "dampening"> & {
    readonly dampening?: Omit<NonNullable<TrueUpPolicies["dampening"]>, "previous">;
  };
  /** The rules before a change of basis, for dampening: the actuals are also allocated by these. */
  readonly previousRules?: readonly RuleVersion[];
}

/** What identifies a recharge run, so that it can be reproduced and checked. */
export interface RunManifest {
  readonly engine: { readonly name: string; readonly version: string };
  readonly period: string;
  /** SHA-256 of the allocation's canonical inputs (see `runAllocation`). */
  readonly inputHash: string;
  /** SHA-256 of the exchange rates and of every conversion made with them. */
  readonly ratesHash: string;
  /** SHA-256 of the budget allocation's inputs, when a budget was given. */
  readonly budgetHash?: string;
  /** SHA-256 of the policies, previous rules and statement options. */
  readonly policiesHash: string;
  /**
   * SHA-256 of the output (everything but this field): the same manifest, the same bytes. Each
   * allocation's line ids and amounts are counted rather than hashed again: they are the input lines
   * themselves, in canonical order, already covered by `inputHash`.
   */
  readonly outputHash: string;
}

/** The recharge calculator's result for a period. */
export interface RechargeRun {
  readonly manifest: RunManifest;
  readonly allocation: AllocationRun;
  /** Foreign lines converted at the rate recorded for their date. */
  readonly conversions: readonly Conversion[];
  readonly statements: StatementSet;
  /** Each partner's net position across all services (sums to zero). */
  readonly positions: readonly NetPosition[];
  /** The fewest transfers that settle the positions, instead of paying the gross invoices. */
  readonly settlement: readonly Transfer[];
  readonly advances?: readonly Advance[];
  readonly trueUp?: TrueUpResult;
  /**
   * What settles the year once the advances are paid: each partner's true-up owed to (or refunded
   * by) each lead, netted, and the fewest transfers. `positions` and `settlement` above are the
   * year's whole charges, before advances.
   */
  readonly trueUpSettlement?: {
    readonly invoices: readonly Transfer[];
    readonly positions: readonly NetPosition[];
    readonly settlement: readonly Transfer[];
  };
  readonly variance?: readonly VarianceLine[];
}

/** The policies with their lists sorted. */
function canonicalPolicies(policies: RechargeInput["policies"]): unknown {
  if (policies === undefined) return null;
  const services = policies.dampening?.services;
  return services === undefined
    ? policies
    : { ...policies, dampening: { ...policies.dampening, services: [...services].sort() } };
}

/**
 * Runs the recharging calculator for a period: converts foreign lines, allocates, builds each
 * partner's statement, nets the positions and plans the settlement; for a year with a budget, also
 * the advances, the true-up under the agreement's policies and the variance analysis. The manifest
 * hashes inputs, rates, policies and output: the same input gives byte-identical output.
 *
 * @param input - scenario, period, statement options and optional budget and policies
 * @returns the run and its manifest
 * @throws DomainError `INVALID_PERIOD` for a budget or policies on less than a year,
 *   `INVALID_SCENARIO` for policies without a budget or dampening without previous rules, and
 *   whatever allocating, converting or building statements throws
 * @example const run = rechargeRun({ scenario, period: "2024/25-Q3", statements: { numbers, issueDate } });
 */
export function rechargeRun(input: RechargeInput): RechargeRun {
  const period: FinancialPeriod = parsePeriod(input.period);
  const allocation = runAllocation(input.scenario, period);
  const conversions = allocation.conversions ?? [];
  const statements = buildStatements(allocation, input.scenario, input.statements);
  const positions = netPositions(statements.invoices, allocation.partners, allocation.currency);
  const settlement = planSettlement(positions);

  if ((input.budget !== undefined || input.policies !== undefined) && period.kind !== "year") {
    throw new DomainError(
      "INVALID_PERIOD",
      `Advances, the true-up and their policies are worked out for a whole year, not ${period.name}; run the year or leave out the budget and policies`,
    );
  }
  if (input.policies !== undefined && input.budget === undefined) {
    throw new DomainError("INVALID_SCENARIO", "Year-end policies need the budget the advances were set from", {
      path: "budget",
    });
  }
  if (input.policies?.dampening !== undefined && input.previousRules === undefined) {
    throw new DomainError(
      "INVALID_SCENARIO",
      "Dampening needs the rules in force before the change of basis (previousRules)",
      {
        path: "previousRules",
      },
    );
  }
  let yearEnd: Pick<RechargeRun, "advances" | "trueUp" | "trueUpSettlement" | "variance"> = {};
  let budgetHash: string | undefined;
  if (input.budget !== undefined) {
    const budget = convertToBase(input.budget, { basis: "budget" }).scenario;
    const budgetRun = runAllocation(budget, period);
    budgetHash = budgetRun.inputHash;
    const advances = quarterlyAdvances(budgetRun, budget);
    const { dampening, ...rest } = input.policies ?? {};
    const policies: TrueUpPolicies =
      dampening !== undefined && input.previousRules !== undefined
        ? {
            ...rest,
            dampening: { ...dampening, previous: allocate({ ...input.scenario, rules: input.previousRules }, period) },
          }
        : rest;
    const atBudgetRates = allocate(convertToBase(input.scenario, { basis: "budget" }).scenario, period);
    const yearTrueUp = trueUp(budgetRun, allocation, input.scenario, policies, advances);
    const leads = new Map(allocation.byService.map((s) => [s.service as string, s.lead]));
    // A lead's own true-up is its own; others owe theirs to the lead (or are refunded by it): the
    // lead of their part, when the service changed lead in the year.
    const invoices = yearTrueUp.lines
      .filter((l) => !l.isLead && l.trueUp.minor !== 0)
      .map((l): Transfer => ({ from: l.partner, to: l.lead ?? (leads.get(l.service) as PartnerId), amount: l.trueUp }));
    const trueUpPositions = netPositions(invoices, allocation.partners, allocation.currency);
    yearEnd = {
      advances,
      trueUp: yearTrueUp,
      trueUpSettlement: { invoices, positions: trueUpPositions, settlement: planSettlement(trueUpPositions) },
      variance: chargeVariance(budgetRun, allocation, atBudgetRates),
    };
  }

  const body = { allocation, conversions, statements, positions, settlement, ...yearEnd };
  const partial = {
    engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
    period: period.name,
    inputHash: allocation.inputHash,
    ratesHash: sha256Hex(
      canonicalJson({ fx: input.scenario.fx === undefined ? null : canonicalFx(input.scenario.fx), conversions }),
    ),
    ...(budgetHash === undefined ? {} : { budgetHash }),
    policiesHash: sha256Hex(
      canonicalJson({
        policies: canonicalPolicies(input.policies),
        previousRules: input.previousRules === undefined ? null : sortedBy(input.previousRules, (r) => r.id),
        statements: input.statements,
      }),
    ),
  };
  const hashed = {
    ...body,
    allocation: {
      ...allocation,
      allocations: allocation.allocations.map((a) => ({ ...a, lines: { count: a.lines.ids.length } })),
    },
  };
  const outputHash = sha256Hex(canonicalJson({ manifest: partial, ...hashed }));
  return { manifest: { ...partial, outputHash }, ...body };
}

/** The outcome of checking a stored run against its inputs. */
export interface ManifestCheck {
  /** Whether re-running gave exactly the stored manifest (every hash equal). */
  readonly reproduced: boolean;
  /** The fields whose hashes differ, e.g. `inputHash` when an input changed since. */
  readonly differences: readonly (keyof RunManifest)[];
  readonly manifest: RunManifest;
}

/**
 * Re-runs a recharge from its inputs and compares the result's manifest with a stored one: the way
 * to show that a stored or approved run is exactly what these inputs and this engine give.
 *
 * @param input - the inputs the stored run was made from
 * @param stored - the stored run's manifest
 * @returns whether it reproduced, and which hashes differ if not
 */
export function checkManifest(input: RechargeInput, stored: RunManifest): ManifestCheck {
  const manifest = rechargeRun(input).manifest;
  const keys = [...new Set([...Object.keys(stored), ...Object.keys(manifest)])] as (keyof RunManifest)[];
  const differences = keys
    .filter((k) => canonicalJson(stored[k] ?? null) !== canonicalJson(manifest[k] ?? null))
    .sort();
  return { reproduced: differences.length === 0, differences, manifest };
}
