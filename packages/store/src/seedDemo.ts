import { demoBudgetDocument, demoScenarioDocument } from "@3c/domain/demo";
import type { Actor } from "./Actor.js";
import { type ImportOptions, importRecords } from "./records/index.js";
import { insertRule } from "./rules.js";
import type { StoreContext } from "./StoreContext.js";
import { write } from "./StoreContext.js";
import { putSection, SECTION_NAMES } from "./sections.js";
import { createPartnership, insertService, type Partnership } from "./structure.js";

/**
 * Seeds the demo partnership from `@3c/domain/demo`: partners, services and pools, its rules (active,
 * with the system's consent recorded for every partner), cost lines, income and drivers, the budget
 * of 2024/25 (`demoBudgetDocument`'s lines and estimated drivers, so a year's run with the budget
 * works on the demo as it is), and the scenario sections (budgets, savings agreement, KPIs,
 * measurements, calendars, outages...). Each step is an audited write.
 *
 * @param ctx - database and clock
 * @param actor - the system
 * @param options - import options (none needed for the system)
 * @returns the partnership
 * @throws StoreError `ALREADY_EXISTS` when it is already seeded
 */
export async function seedDemo(ctx: StoreContext, actor: Actor, options: ImportOptions = {}): Promise<Partnership> {
  const doc = demoScenarioDocument;
  const id = doc.partnership.id;
  const partnership = await createPartnership(
    ctx,
    {
      id,
      name: doc.partnership.name,
      currency: doc.partnership.currency,
      settings: doc.support === undefined ? {} : { support: doc.support },
      partners: doc.partners,
    },
    actor,
  );
  await write(ctx, id, actor, "demo structure", async (tx, at) => {
    for (const s of doc.services) await insertService(tx, id, s);
    for (const r of doc.rules) {
      await insertRule(tx, id, r, "active", actor, at);
      for (const p of doc.partners) {
        await tx.query(
          "INSERT INTO rule_consents (partnership_id, rule_id, partner_id, key_id, actor, consented_at) VALUES ($1, $2, $3, $4, $5, $6)",
          [id, r.id, p.id, actor.keyId, actor.name, at],
        );
      }
    }
    return {
      result: undefined,
      audit: { action: "demo.seed", target: `partnerships/${id}`, after: { services: doc.services, rules: doc.rules } },
    };
  });
  await importRecords(ctx, id, "cost-lines", doc.costLines ?? [], actor, options);
  await importRecords(ctx, id, "income", doc.income ?? [], actor, options);
  await importRecords(ctx, id, "drivers", doc.drivers ?? [], actor, options);
  await importRecords(ctx, id, "budget-lines", demoBudgetDocument.costLines ?? [], actor, options);
  await importRecords(ctx, id, "budget-drivers", demoBudgetDocument.drivers ?? [], actor, options);
  for (const section of SECTION_NAMES) {
    const body = doc[section];
    if (body !== undefined) await putSection(ctx, id, section, body, actor);
  }
  return partnership;
}
