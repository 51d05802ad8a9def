import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stripControl, stripControlLine } from "./stripControl.js";

describe("stripControl", () => {
  it("removes a screen-clearing CSI sequence from a council name", () => {
    expect(stripControl("Cambridge\u001b[2J\u001b[H City")).toBe("Cambridge City");
  });

  it("removes colour codes but keeps the words", () => {
    expect(stripControl("\u001b[31;1mRed\u001b[0m text")).toBe("Red text");
  });

  it("removes an OSC window-title or clipboard sequence ended by BEL or ST", () => {
    expect(stripControl("a\u001b]0;pwned\u0007b")).toBe("ab");
    expect(stripControl("a\u001b]52;c;ZXZpbA==\u001b\\b")).toBe("ab");
  });

  it("removes 8-bit C1 controls and bare control characters but keeps tabs and newlines", () => {
    expect(stripControl("x\u009b31my\u0007z\u0000\tq\nr")).toBe("xyz\tq\nr");
  });

  it("puts a multi-line value on one line for table cells", () => {
    expect(stripControlLine("a\nb\tc")).toBe("a b c");
  });

  it("never leaves an escape or other control character, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
        expect(stripControl(s)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      }),
      { numRuns: 1000 },
    );
  });

  it("leaves text without control characters unchanged", () => {
    fc.assert(
      fc.property(
        // biome-ignore lint/suspicious/noControlCharactersInRegex: excluding them from the input
        fc.string({ unit: "grapheme" }).filter((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s)),
        (s) => {
          expect(stripControl(s)).toBe(s);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
