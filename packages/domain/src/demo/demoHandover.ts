import type { ScenarioDocument } from "../schema/scenarioSchema.js";

/**
 * A change of lead the demo can show: 3C ICT, led by Huntingdonshire, passes to Cambridge City
 * from 1 October 2024, half-way through the demo's year. Charges, advances and true-ups of ICT are
 * then owed to HDC for April to September and to CCC from October.
 */
export const DEMO_HANDOVER = { service: "ICT", effectiveFrom: "2024-10-01", lead: "CCC" } as const;

/**
 * A demo document (the actuals, {@link demoScenarioDocument}, or the budget,
 * {@link demoBudgetDocument}) with {@link DEMO_HANDOVER} recorded on its service; the other
 * services and everything else as they are.
 *
 * @param doc - a scenario document with the demo's services
 * @returns a new document; `doc` is not changed
 * @example annualReport(loadScenario(withDemoHandover(demoScenarioDocument)), "ICT", DEMO_PERIOD)
 */
export function withDemoHandover(doc: ScenarioDocument): ScenarioDocument {
  const { service, effectiveFrom, lead } = DEMO_HANDOVER;
  return {
    ...doc,
    services: doc.services.map((s) =>
      s.id === service ? { ...s, handovers: [...(s.handovers ?? []), { effectiveFrom, lead }] } : s,
    ),
  };
}
