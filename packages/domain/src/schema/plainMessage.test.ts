import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseScenario } from "./parseScenario.js";
import { PLAIN } from "./plainMessage.js";

const problems = (input: unknown) => {
  const result = parseScenario(input);
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
};

describe("the domain's words for zod's generic problems", () => {
  it("says what is required, and of what kind, for an empty document", () => {
    expect(problems({})).toEqual([
      "partners: is required; expected a list",
      "partnership: is required; expected an object",
      "rules: is required; expected a list",
      "schemaVersion: is required; expected 1",
      "services: is required; expected a list",
    ]);
  });

  it("names the value given, an unknown field and a list too short", () => {
    const found = problems({
      partnership: { id: 5, name: "x", currency: "GBP", extra: 1 },
      partners: [],
      services: "no",
    });
    expect(found.filter((p) => !p.startsWith("rules") && !p.startsWith("schemaVersion"))).toEqual([
      "partners: expected at least 1 item, not 0",
      'partnership: unknown field "extra"',
      "partnership.id: expected text, not 5",
      'services: expected a list, not "no"',
    ]);
  });

  it("lists the allowed values, and keeps a schema's own message and zod's for what it does not word", () => {
    const schema = z.object({
      unit: z.enum(["a", "b", "c"]),
      pair: z.enum(["x", "y"]),
      own: z.string({ error: "say it yourself" }),
      at: z.number().min(3),
    });
    const found = schema.safeParse({ unit: "d", pair: null, own: 1, at: 2 }, PLAIN);
    expect(found.success ? [] : found.error.issues.map((i) => i.message)).toEqual([
      'expected one of "a", "b" or "c", not "d"',
      'expected "x" or "y", not null',
      "say it yourself",
      z.number().min(3).safeParse(2).error?.issues[0]?.message,
    ]);
  });
});
