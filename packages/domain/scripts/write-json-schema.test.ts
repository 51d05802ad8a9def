import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderSchema, SCHEMA_FILES } from "./write-json-schema.js";

describe("shipped JSON Schema files", () => {
  it.each(Object.keys(SCHEMA_FILES))("%s matches the zod schema (run npm run schema:write -w @3c/domain)", (name) => {
    const onDisk = readFileSync(new URL(`../schema/${name}`, import.meta.url), "utf8");
    expect(onDisk).toBe(renderSchema(SCHEMA_FILES[name] as () => Record<string, unknown>));
  });
});
