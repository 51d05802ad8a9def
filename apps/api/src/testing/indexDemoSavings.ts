import { demoScenarioDocument } from "@3c/domain/demo";
import { systemActor } from "@3c/store";
import type { TestApp } from "./testApp.js";

/**
 * Stores the demo's savings agreement with each index's last value (2024/25's) again for `year`, so
 * that year's savings can be indexed: the demo's indices end at 2024/25.
 *
 * @param app - the test app, seeded with the demo
 * @param year - the later year, e.g. `2025/26`
 */
export async function indexDemoSavings(app: TestApp, year: string): Promise<void> {
  const savings = demoScenarioDocument.savings;
  if (savings === undefined) throw new Error("the demo has a savings agreement");
  const indices = (savings.indices ?? []).map((x) => ({
    ...x,
    values: [...x.values, { year, value: x.values.at(-1)?.value as string }],
  }));
  await app.store.putSection("3c", "savings", { ...savings, indices }, systemActor());
}
