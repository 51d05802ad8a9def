import { describe, expect, it } from "vitest";
import { poolLabel, poolPlace } from "./poolLabel.js";
import { SERVICE_WIDE, supportPool } from "./RuleBook.js";

describe("poolLabel", () => {
  it("names the run's own pools for people and a scenario's pool by its id", () => {
    expect(poolLabel(supportPool("ICT"))).toBe("support from ICT");
    expect(poolLabel(SERVICE_WIDE)).toBe("service-wide");
    expect(poolLabel("staff")).toBe("staff");
    expect(poolPlace("BC", supportPool("ICT"))).toBe("BC/support from ICT");
    expect(poolPlace("ICT", SERVICE_WIDE)).toBe("ICT");
    expect(poolPlace("ICT", "staff")).toBe("ICT/staff");
  });
});
