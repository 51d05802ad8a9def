export {
  DOMAIN_ERROR_CODES,
  DomainError,
  type DomainErrorCode,
  type DomainErrorOptions,
  isDomainError,
  unreachable,
  type ValidationIssue,
} from "./DomainError.js";
