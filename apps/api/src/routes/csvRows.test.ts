import { describe, expect, it } from "vitest";
import { ApiProblem } from "../http/problem.js";
import { csvRows } from "./csvRows.js";

const FIELDS = ["id", "service", "amount", "description"];

function layoutIssuesOf(text: string) {
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
    expect(csvRows('amount,id,description\r\n10.50,C1,"Pay, April"\r\n11.00,C2,\r\n', FIELDS)).toEqual({
      items: [
        { amount: "10.50", id: "C1", description: "Pay, April" },
        { amount: "11.00", id: "C2" },
      ],
      rejected: [],
    });
  });

  it("skips blank lines", () => {
    expect(csvRows("id\n\nC1\n\n", FIELDS)).toEqual({ items: [{ id: "C1" }], rejected: [] });
  });

  it("reads a header without rows as no items", () => {
    expect(csvRows("id,amount\n", FIELDS)).toEqual({ items: [], rejected: [] });
  });

  it("refuses a CSV without a header row, empty or blank, naming row 1", () => {
    for (const text of ["", "\n\n"])
      expect(layoutIssuesOf(text)).toEqual([
        [1, "", "no header row; expected some of id, service, amount, description"],
      ]);
  });

  it("reports unknown and repeated columns on row 1", () => {
    expect(layoutIssuesOf("id,colour,id\nC1,red,C2\n")).toEqual([
      [1, "colour", "unknown column; expected some of id, service, amount, description"],
      [1, "id", "repeated column"],
    ]);
  });

  it("hands back every row with too few or too many fields by its item index, and still reads the others", () => {
    const { items, rejected } = csvRows("id,amount\nC1,1\nC2\nC3,1,x\nC4,2\n", FIELDS);
    expect(rejected).toEqual([
      { index: 1, field: "", message: "Too few fields: expected 2 fields but parsed 1" },
      { index: 2, field: "", message: "Too many fields: expected 2 fields but parsed 3" },
    ]);
    // Every row keeps its place, so item i is still CSV record i + 2.
    expect(items.map((i) => i.id)).toEqual(["C1", "C2", "C3", "C4"]);
  });

  it("hands back an unbalanced quote with the index of its row", () => {
    const { rejected } = csvRows('id,description\nC1,ok\nC2,"never closed\n', FIELDS);
    expect(rejected.map((i) => i.index)).toContain(1);
  });
});
