export {
  DOMAIN_ERROR_CODES,
  DomainError,
  type DomainErrorCode,
  type DomainErrorOptions,
  isDomainError,
  isMissingDriverIssue,
  type MissingDriverIssue,
  unreachable,
  type ValidationIssue,
} from "./DomainError.js";
