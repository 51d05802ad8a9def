import { describe, expect, it } from "vitest";
import { runOf, twoLeadsDocument } from "../testing/runs.js";
import { serviceLeads } from "./serviceLeads.js";

describe("serviceLeads", () => {
  it("reads each service's lead from the allocation, as it was when the run was made", () => {
    expect([...serviceLeads(runOf(twoLeadsDocument()).allocation)]).toEqual([
      ["ICT", "HDC"],
      ["LEGAL", "CCC"],
    ]);
    expect(serviceLeads(runOf(twoLeadsDocument("SCDC")).allocation).get("ICT")).toBe("SCDC");
  });
});
