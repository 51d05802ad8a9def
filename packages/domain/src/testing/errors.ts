import { type DomainError, isDomainError } from "../errors/index.js";

/**
 * Test helper: the DomainError code a call throws, "not a DomainError: …" for any other throw, or
 * undefined when it returns.
 *
 * @param fn - the call
 * @returns the code thrown, if any
 */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isDomainError(error) ? error.code : `not a DomainError: ${String(error)}`;
  }
  return undefined;
}

/**
 * Test helper: the DomainError a call throws; fails the test when it returns or throws anything else.
 *
 * @param fn - the call
 * @returns the error thrown
 */
export function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw new Error(`expected a DomainError, got ${String(error)}`);
  }
  throw new Error("expected a DomainError, but the call returned");
}
