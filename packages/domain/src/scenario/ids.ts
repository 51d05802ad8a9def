import { DomainError } from "../errors/index.js";

declare const partnerIdBrand: unique symbol;
declare const serviceIdBrand: unique symbol;

/** Identifier of a partner council, e.g. `CCC`. */
export type PartnerId = string & { readonly [partnerIdBrand]: true };
/** Identifier of a shared service, e.g. `ICT`. */
export type ServiceId = string & { readonly [serviceIdBrand]: true };

/** Identifiers: a letter or digit, then letters, digits, `.`, `_` or `-`, at most 64 characters. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function check(text: string, what: string): void {
  if (!ID_PATTERN.test(text)) {
    throw new DomainError(
      "INVALID_SCENARIO",
      `${JSON.stringify(text)} is not a valid ${what} id; use letters, digits, '.', '_' or '-' (at most 64)`,
    );
  }
}

/**
 * Validates and brands a partner id.
 *
 * @param text - e.g. `"CCC"`
 * @returns the branded id
 * @throws DomainError `INVALID_SCENARIO` when the id is malformed
 */
export function partnerId(text: string): PartnerId {
  check(text, "partner");
  return text as PartnerId;
}

/**
 * Validates and brands a service id.
 *
 * @param text - e.g. `"ICT"`
 * @returns the branded id
 * @throws DomainError `INVALID_SCENARIO` when the id is malformed
 */
export function serviceId(text: string): ServiceId {
  check(text, "service");
  return text as ServiceId;
}
