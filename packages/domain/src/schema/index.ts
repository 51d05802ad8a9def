export { scenarioJsonSchema } from "./jsonSchema.js";
export { formatPath, loadScenario, type ParseResult, parseScenario } from "./parseScenario.js";
export { savingsTermsFromDocument } from "./savingsTermsFromDocument.js";
export { type BasisDocument, basisSchema, type ScenarioDocument, scenarioSchema } from "./scenarioSchema.js";
