import { describe, expect, it } from "vitest";
import { isDomainError } from "../errors/index.js";
import { type ServiceId, serviceId } from "../scenario/ids.js";
import type { SupportArrangement } from "../scenario/Scenario.js";
import { supportDistribution } from "./supportDistribution.js";

const services = ["BC", "ICT", "LEGAL"] as ServiceId[];
// ICT supplies 10% of its output to Legal and 20% to Building Control; Legal supplies 5% to ICT.
const link = (from: string, to: string, share: string) => ({ from: serviceId(from), to: serviceId(to), share });
const consumption: SupportArrangement["consumption"] = [
  link("ICT", "LEGAL", "0.10"),
  link("ICT", "BC", "0.20"),
  link("LEGAL", "ICT", "0.05"),
];

function table(method: SupportArrangement["method"], order?: string[]): Record<string, Record<string, string>> {
  const phi = supportDistribution(services, { method, consumption, ...(order ? { order: order as ServiceId[] } : {}) });
  return Object.fromEntries(
    [...phi].map(([from, row]) => [from, Object.fromEntries([...row].map(([to, f]) => [to, f.toString()]))]),
  );
}

describe("supportDistribution", () => {
  it("solves the reciprocal equations exactly (hand-solved: I = 1 + 0.05L, L = 0.1I ⇒ I = 200/199)", () => {
    // Per unit of ICT's own cost: ICT total 200/199, of which 70% reaches partners through ICT's rules;
    // Legal total 20/199 (95% reaches partners); Building Control receives 20% of ICT's total.
    expect(table("reciprocal")).toEqual({
      BC: { BC: "1" },
      ICT: { ICT: "140/199", LEGAL: "19/199", BC: "40/199" },
      LEGAL: { ICT: "7/199", LEGAL: "190/199", BC: "2/199" },
    });
  });

  it("closes services in order for step-down, ignoring consumption by services already closed", () => {
    expect(table("step-down", ["ICT", "LEGAL"])).toEqual({
      BC: { BC: "1" },
      ICT: { ICT: "7/10", LEGAL: "1/10", BC: "1/5" },
      LEGAL: { LEGAL: "1" },
    });
  });

  it("passes support costs only to services that give no support for the direct method", () => {
    expect(table("direct")).toEqual({ BC: { BC: "1" }, ICT: { ICT: "7/9", BC: "2/9" }, LEGAL: { LEGAL: "1" } });
  });

  it("refuses circular arrangements with no way out and unknown or missing services", () => {
    const code = (arrangement: SupportArrangement) => {
      try {
        supportDistribution(services, arrangement);
      } catch (error) {
        return isDomainError(error) ? error.code : "other";
      }
      return undefined;
    };
    const loop = [link("ICT", "LEGAL", "1"), link("LEGAL", "ICT", "1")];
    expect(code({ method: "reciprocal", consumption: loop })).toBe("INVALID_SUPPORT_MATRIX");
    expect(code({ method: "step-down", order: ["LEGAL"] as ServiceId[], consumption })).toBe("INVALID_SUPPORT_MATRIX");
    expect(code({ method: "reciprocal", consumption: [link("ICT", "HR", "0.1")] })).toBe("INVALID_SUPPORT_MATRIX");
  });
});
