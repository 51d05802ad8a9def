import { describe, expect, it } from "vitest";
import { demoScenario } from "../demo/index.js";
import { scenarioCounts } from "./scenarioCounts.js";

describe("scenarioCounts", () => {
  it("counts the demo partnership's partners, services, rule versions, lines and driver quantities", () => {
    const s = demoScenario();
    expect(scenarioCounts(s)).toEqual({
      partners: 3,
      services: 3,
      rules: s.rules.length,
      costLines: s.costLines.length,
      income: s.income.length,
      drivers: s.drivers.length,
    });
    expect(scenarioCounts({ ...s, costLines: s.costLines.slice(0, 5), income: [] })).toMatchObject({
      costLines: 5,
      income: 0,
    });
  });
});
