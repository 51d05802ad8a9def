/**
 * A sorted copy of a list, by a text key: how unordered inputs (partners, rules, rates) are put in
 * one canonical order before they are hashed, so that input order never changes a hash.
 *
 * @param items - the list
 * @param key - each item's sort key
 * @returns a new list in ascending key order
 */
export function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, k: key(item) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.item);
}
