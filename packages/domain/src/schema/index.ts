export { scenarioJsonSchema } from "./jsonSchema.js";
export { formatPath, loadScenario, type ParseOptions, type ParseResult, parseScenario } from "./parseScenario.js";
export { plainMessage } from "./plainMessage.js";
export { savingsTermsFromDocument } from "./savingsTermsFromDocument.js";
export { type BasisDocument, basisSchema, type ScenarioDocument, scenarioSchema } from "./scenarioSchema.js";
export {
  type CellKind,
  type CellProblem,
  columnLetter,
  SECTION_SHEETS,
  type SectionColumn,
  type SectionSheet,
  type SheetRow,
  sectionDocument,
  sectionItem,
  sectionRow,
  sectionRows,
} from "./sectionSheets.js";
