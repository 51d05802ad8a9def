import { loadScenario, parseDate, rechargeRun, type ScenarioDocument } from "@3c/domain";
import { DEMO_PERIOD } from "@3c/domain/demo";

/**
 * Each partner's actual charge for each service of a demo document's year 2024/25, worked out by
 * the bare domain (no store, no API): the figure a year's advances and true-up must add up to. A
 * service that changed lead in the year gives one charge per lead's part.
 *
 * @param doc - the demo document (with or without a hand-over)
 * @returns pence by `service/partner/lead` (the lead empty for a service under one lead all year)
 * @example demoYearCharges(demoScenarioDocument).get("ICT/SCDC/") // SCDC's ICT charge for the year
 */
export function demoYearCharges(doc: ScenarioDocument): Map<string, number> {
  const scenario = loadScenario(doc);
  const numbers = Object.fromEntries(scenario.partners.map((p) => [p.id, p.id]));
  const run = rechargeRun({
    scenario,
    period: DEMO_PERIOD,
    statements: { numbers, issueDate: parseDate("2025-04-30") },
  });
  const out = new Map<string, number>();
  for (const { partner, services } of run.allocation.byPartner) {
    for (const s of services) {
      if (s.byLead === undefined) out.set(`${s.service}/${partner}/`, s.total.minor);
      else for (const part of s.byLead) out.set(`${s.service}/${partner}/${part.lead}`, part.total.minor);
    }
  }
  return out;
}
