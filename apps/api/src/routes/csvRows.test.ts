import { describe, expect, it } from "vitest";
import { ApiProblem } from "../http/problem.js";
import { csvRows } from "./csvRows.js";

const FIELDS = ["id", "service", "amount", "description"];

function issuesOf(text: string) {
  try {
    csvRows(text, FIELDS);
  } catch (error) {
    if (error instanceof ApiProblem) return error.errors.map((i) => [i.row, i.column, i.message]);
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("csvRows", () => {
  it("reads each row into an item named by the header, in any column order, leaving empty cells out", () => {
    expect(csvRows('amount,id,description\r\n10.50,C1,"Pay, April"\r\n11.00,C2,\r\n', FIELDS)).toEqual([
      { amount: "10.50", id: "C1", description: "Pay, April" },
      { amount: "11.00", id: "C2" },
    ]);
  });

  it("skips blank lines", () => {
    expect(csvRows("id\n\nC1\n\n", FIELDS)).toEqual([{ id: "C1" }]);
  });

  it("reports unknown and repeated columns on row 1", () => {
    expect(issuesOf("id,colour,id\nC1,red,C2\n")).toEqual([
      [1, "colour", "unknown column; expected some of id, service, amount, description"],
      [1, "id", "repeated column"],
    ]);
  });

  it("reports every row with too few or too many fields by its record number", () => {
    expect(issuesOf("id,amount\nC1,1\nC2\nC3,1,x\n")).toEqual([
      [3, "", "Too few fields: expected 2 fields but parsed 1"],
      [4, "", "Too many fields: expected 2 fields but parsed 3"],
    ]);
  });

  it("reports an unbalanced quote with its record number", () => {
    const issues = issuesOf('id,description\nC1,ok\nC2,"never closed\n');
    expect(issues.map(([row, column]) => [row, column])).toContainEqual([3, ""]);
  });
});
