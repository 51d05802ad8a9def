import { describe, expect, it } from "vitest";
import { colourAllowed } from "./Io.js";

describe("colourAllowed", () => {
  const tty = { isTTY: true, write: () => true };
  it("allows colour on a terminal", () => {
    expect(colourAllowed(tty, {})).toBe(true);
  });
  it("respects NO_COLOR with any value, and --no-color", () => {
    expect(colourAllowed(tty, { NO_COLOR: "1" })).toBe(false);
    expect(colourAllowed(tty, { NO_COLOR: "yes" })).toBe(false);
    expect(colourAllowed(tty, {}, true)).toBe(false);
  });
  it("never colours a pipe", () => {
    expect(colourAllowed({ write: () => true }, {})).toBe(false);
  });
});
