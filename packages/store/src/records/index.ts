export { type ImportOptions, type ImportResult, importRecords } from "./importRecords.js";
export { countRecords, getRecord, listRecords, type Page, type RecordFilter } from "./listRecords.js";
export {
  isRecordKindName,
  RECORD_KIND_NAMES,
  type RecordDocument,
  type RecordKind,
  type RecordKindName,
  recordKind,
} from "./recordKinds.js";
