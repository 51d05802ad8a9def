import { DomainError } from "../errors/index.js";
import type { AllocationResult } from "../run/index.js";
import type { Contribution } from "./SavingsPlan.js";

/**
 * Reads each partner's net contribution to each service from a year's allocation: its recharged
 * share plus, for the lead, the share it retains — the figure a saving is measured against.
 *
 * @param result - an allocation of a whole financial year
 * @param source - where the figures came from, kept as lineage (default: the run's input hash, if any)
 * @returns one contribution per partner per service
 * @throws DomainError `INVALID_PERIOD` when the allocation is not of a whole year
 * @example contributionsFromRun(runAllocation(scenario, "2024/25"))
 */
export function contributionsFromRun(result: AllocationResult, source?: string): Contribution[] {
  if (!/^\d{4}\/\d{2}$/.test(result.period.name)) {
    throw new DomainError("INVALID_PERIOD", `Savings need a whole year's contributions; got ${result.period.name}`, {
      path: "period",
    });
  }
  const from = source ?? ("inputHash" in result && typeof result.inputHash === "string" ? result.inputHash : undefined);
  return result.byPartner.flatMap((p) =>
    p.services.map((s) => ({
      partner: p.partner,
      service: s.service,
      year: result.period.name,
      amount: s.total,
      ...(from === undefined ? {} : { source: from }),
    })),
  );
}
