import { isDomainError } from "../errors/index.js";

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
