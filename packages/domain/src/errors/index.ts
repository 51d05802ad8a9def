export {
  DOMAIN_ERROR_CODES,
  DomainError,
  type DomainErrorCode,
  type DomainErrorOptions,
  type DriverNeed,
  isDomainError,
  isMissingDriverIssue,
  type MissingDriverIssue,
  unreachable,
  type ValidationIssue,
} from "./DomainError.js";
