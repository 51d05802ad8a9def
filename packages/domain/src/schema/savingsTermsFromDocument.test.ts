import { describe, expect, it } from "vitest";
import type { DomainError } from "../errors/index.js";
import { savingsTermsFromDocument } from "./savingsTermsFromDocument.js";

describe("savingsTermsFromDocument", () => {
  it("reads a savings section's rounding, attribution, targets and indices in the plan's shape, with their source", () => {
    const terms = savingsTermsFromDocument(
      {
        rounding: "half-even",
        attribution: "pro-rata",
        targetPercent: "15",
        serviceTargets: [{ service: "LEGAL", percent: "12.5" }],
        indices: [
          {
            id: "pay",
            name: "Pay",
            values: [
              { year: "2014/15", value: "100" },
              { year: "2024/25", value: "131.2" },
            ],
          },
        ],
        baselines: [{ partner: "CCC", service: "ICT", baseYear: "2014/15", amount: "1000" }],
      },
      "terms-7",
    );
    expect(terms).toEqual({
      rounding: "half-even",
      attribution: "pro-rata",
      targetPercent: "15",
      serviceTargets: { LEGAL: "12.5" },
      indices: [{ id: "pay", name: "Pay", values: { "2014/15": "100", "2024/25": "131.2" } }],
      source: "terms-7",
    });
  });

  it("refuses a section that is not valid, with the path of every problem under savings", () => {
    let error: DomainError | undefined;
    try {
      savingsTermsFromDocument({ rounding: "nearest", attribution: "actual", baselines: [{ partner: "CCC" }] });
    } catch (e) {
      error = e as DomainError;
    }
    expect(error?.code).toBe("INVALID_SCENARIO");
    expect(error?.issues?.map((i) => i.path)).toContain("savings.rounding");
    expect(error?.issues?.some((i) => i.path.startsWith("savings.baselines[0]."))).toBe(true);
  });
});
