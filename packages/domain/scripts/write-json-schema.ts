/**
 * Writes the JSON Schema files shipped with the package (schema/*.json) from the zod schemas.
 * Run with `npm run schema:write -w @3c/domain`; a test fails when the files are out of date.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { scenarioJsonSchema } from "../src/schema/index.js";

/** Every JSON Schema file the package ships, by file name. */
export const SCHEMA_FILES: Record<string, () => Record<string, unknown>> = {
  "scenario.schema.json": scenarioJsonSchema,
};

/**
 * Renders a schema file's text.
 *
 * @param make - the schema factory
 * @returns pretty-printed JSON with a final newline
 */
export function renderSchema(make: () => Record<string, unknown>): string {
  return `${JSON.stringify(make(), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, make] of Object.entries(SCHEMA_FILES)) {
    const path = fileURLToPath(new URL(`../schema/${name}`, import.meta.url));
    writeFileSync(path, renderSchema(make));
    console.log(`wrote ${path}`);
  }
}
