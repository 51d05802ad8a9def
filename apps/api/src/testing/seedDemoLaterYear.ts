import { demoScenarioDocument } from "@3c/domain/demo";
import { systemActor } from "@3c/store";
import { indexDemoSavings } from "./indexDemoSavings.js";
import { seedDemo, type TestApp } from "./testApp.js";

/**
 * Seeds the demo (lines of 2024/25) with a later year to report: 2024/25's driver quantities again
 * for 2025/26, one ICT cost line in 2025/26 and the savings indices' 2024/25 values again for
 * 2025/26, so 2025/26's savings and annual reports count 2024/25 as an earlier year, from its run.
 *
 * @param app - the test app, empty
 */
export async function seedDemoLaterYear(app: TestApp): Promise<void> {
  await seedDemo(app);
  const drivers = (demoScenarioDocument.drivers ?? []).map((d) => ({
    ...d,
    period: d.period.replace("2024/25", "2025/26"),
  }));
  await app.store.importRecords("3c", "drivers", drivers, systemActor());
  const line = { id: "ICT-2025-1", service: "ICT", pool: "staff", date: "2025-05-31", amount: "600000.00" };
  await app.store.importRecords("3c", "cost-lines", [line], systemActor());
  await indexDemoSavings(app, "2025/26");
}
