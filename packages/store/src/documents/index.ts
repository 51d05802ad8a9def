export {
  DOCUMENT_KIND_NAMES,
  type DocumentKindName,
  documentSchema,
  documentSpan,
  isDocumentKindName,
} from "./documentKinds.js";
export { getDocument, importDocuments, listDocuments, type StoredDocument } from "./documents.js";
