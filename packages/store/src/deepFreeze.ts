/**
 * Freezes a plain value and everything in it, so a value held for many readers cannot be changed by
 * one of them.
 *
 * @param value - the value
 * @returns the same value, frozen
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
