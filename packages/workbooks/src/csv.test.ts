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

  it("prefixes a formula that starts with a number, such as -1+HYPERLINK(…), which a spreadsheet runs", () => {
    expect(csvField("-1+HYPERLINK(evil)")).toBe("'-1+HYPERLINK(evil)");
    expect(csvField('+1+cmd|" /C calc"!A0')).toBe(`"'+1+cmd|"" /C calc""!A0"`);
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(["-0.01", "+12", "-1234567.89"].map(csvField)).toEqual(["-0.01", "+12", "-1234567.89"]);
  });

  it("never lets a field start with a formula character unless it is a plain decimal number or a domain pool", () => {
    const risky = fc.oneof(
      fc.string(),
      fc.tuple(fc.constantFrom("-", "+", "=", "@"), fc.integer(), fc.string()).map(([c, n, s]) => `${c}${n}${s}`),
    );
    fc.assert(
      fc.property(risky, (s) => {
        const out = csvField(s);
        const text = /^"/.test(out) ? out.slice(1, -1).replace(/""/g, '"') : out;
        if (/^[=+\-@]/.test(text)) expect(text).toMatch(/^([+-]?\d+(\.\d+)?$|@service$|@support:[A-Za-z0-9._-]+$)/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("toCsv", () => {
  it("writes a header and rows with CRLF line ends", () => {
    expect(toCsv(["a", "b"], [["1", "x,y"]])).toBe('a,b\r\n1,"x,y"\r\n');
  });
});
