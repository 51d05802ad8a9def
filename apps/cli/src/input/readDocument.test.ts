import { describe, expect, it } from "vitest";
import { CliError } from "../CliError.js";
import { textOf } from "./readDocument.js";

describe("textOf", () => {
  it("decodes a file within the limit, and refuses one past it as bad input naming the file", () => {
    const bytes = new TextEncoder().encode('{"schemaVersion": 1, "name": "Café"}');
    expect(textOf(bytes, "s.json", bytes.length)).toBe('{"schemaVersion": 1, "name": "Café"}');
    const error = (() => {
      try {
        return textOf(bytes, "s.json", 10);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CliError);
    expect([(error as CliError).exitCode, (error as CliError).message]).toEqual([
      1,
      "s.json: 37 bytes, more than the 10 3c can read as one document; expected a smaller file (a ledger's lines go in a CSV given with --ledger, which is read line by line)",
    ]);
  });
});
