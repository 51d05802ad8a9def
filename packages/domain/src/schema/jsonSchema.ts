import { z } from "zod";
import { scenarioSchema } from "./scenarioSchema.js";

/**
 * The JSON Schema (draft 2020-12) of the scenario document, generated from the zod schema. The
 * package also ships it as `@3c/domain/schema/scenario.schema.json`.
 *
 * @returns the JSON Schema object
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }),
    $id: "urn:3c:schema:scenario:1",
  };
}
