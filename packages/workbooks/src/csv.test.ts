import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "./csv.js";

describe("csvField", () => {
  it("quotes a field with a comma, quote or line break and doubles its quotes (RFC 4180)", () => {
    expect(csvField('equally between A, B "and" C')).toBe('"equally between A, B ""and"" C"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("plain")).toBe("plain");
  });

  it("prefixes a field a spreadsheet would run as a formula, and leaves amounts and the domain's pools alone", () => {
    expect(["=SUM(A1)", "+cmd", "-x", "@evil"].map(csvField)).toEqual(["'=SUM(A1)", "'+cmd", "'-x", "'@evil"]);
    expect(["-12.50", "+3", "@service", "@support:ICT"].map(csvField)).toEqual([
      "-12.50",
      "+3",
      "@service",
      "@support:ICT",
    ]);
  });

  it("never lets a field start with a formula character unless it is a number or a domain pool", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = csvField(s).replace(/^"/, "");
        if (/^[=+\-@]/.test(out)) expect(out).toMatch(/^([+-]?\d|@service|@support:)/);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("toCsv", () => {
  it("writes a header and rows with CRLF line ends", () => {
    expect(toCsv(["a", "b"], [["1", "x,y"]])).toBe('a,b\r\n1,"x,y"\r\n');
  });
});
