import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { problemFit } from "./problemFit.js";

describe("problemFit", () => {
  it("shows every line that fits, and otherwise as many as fit above a line counting the rest", () => {
    expect(problemFit(["a", "b"], 2, 80)).toEqual({ shown: ["a", "b"], more: 0 });
    expect(problemFit(["a", "b", "c"], 2, 80)).toEqual({ shown: ["a"], more: 2 });
    expect(problemFit(["a", "b"], 0, 80)).toEqual({ shown: [], more: 2 });
  });

  it("counts a line longer than the terminal is wide as the rows it wraps to", () => {
    expect(problemFit(["x".repeat(81), "b"], 2, 80)).toEqual({ shown: [], more: 2 });
    expect(problemFit(["x".repeat(81), "b"], 3, 80)).toEqual({ shown: ["x".repeat(81), "b"], more: 0 });
  });

  it("never takes more rows than it has (unless it has none), and never loses a line uncounted", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 200 })),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 120 }),
        (lines, rows, width) => {
          const { shown, more } = problemFit(lines, rows, width);
          const rowsOf = (l: string) => Math.max(1, Math.ceil([...l].length / width));
          const used = shown.reduce((n, l) => n + rowsOf(l), 0) + (more > 0 ? 1 : 0);
          expect(used <= rows || (rows === 0 && shown.length === 0)).toBe(true);
          expect(shown).toEqual(lines.slice(0, shown.length));
          expect(shown.length + more).toBe(lines.length);
        },
      ),
    );
  });
});
