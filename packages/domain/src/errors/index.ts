export {
  DOMAIN_ERROR_CODES,
  DomainError,
  type DomainErrorCode,
  type DomainErrorOptions,
  isDomainError,
  type ValidationIssue,
} from "./DomainError.js";
