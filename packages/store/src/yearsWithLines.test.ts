import { describe, expect, it } from "vitest";
import { systemActor } from "./Actor.js";
import { SMALL, useTestStore } from "./testing/index.js";

const store = useTestStore();
const line = (id: string, date: string, basis: "cost-lines" | "budget-lines" = "cost-lines") =>
  store.importRecords(SMALL.id, basis, [{ id, service: "ICT", pool: "staff", date, amount: "10.00" }], systemActor());

describe("the years before a year with lines", () => {
  it("lists each financial year with actual cost lines or income dated before it, earliest first, and no budget lines", async () => {
    await line("A", "2022-04-01");
    await line("B", "2023-03-31");
    await line("C", "2024-03-31");
    await line("D", "2025-04-01");
    await line("BUDGET", "2020-06-01", "budget-lines");
    await store.importRecords(
      SMALL.id,
      "income",
      [{ id: "I", service: "ICT", date: "2021-01-15", amount: "5.00" }],
      systemActor(),
    );
    expect(await store.yearsWithLines(SMALL.id, "2025/26")).toEqual(["2020/21", "2022/23", "2023/24"]);
    expect(await store.yearsWithLines(SMALL.id, "2026/27")).toEqual(["2020/21", "2022/23", "2023/24", "2025/26"]);
    expect(await store.yearsWithLines(SMALL.id, "2020/21")).toEqual([]);
  });
});
