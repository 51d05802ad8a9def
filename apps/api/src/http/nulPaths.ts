import { formatPath } from "@3c/domain";

const NUL = "\u0000";

/**
 * The paths of every string (value or object key) in a value that holds the NUL character (U+0000),
 * which PostgreSQL cannot store in text or JSON: such input is refused at the door, never sent to
 * the database.
 *
 * @param value - parsed JSON, or a query or path parameter object
 * @returns the paths as people read them (`items[2].description`; `""` for a bare string), in
 *   document order; empty when there is none
 * @example
 * nulPaths({ items: [{ id: "C1" }, { id: "C\u00002" }] }); // ["items[1].id"]
 */
export function nulPaths(value: unknown): string[] {
  const found: string[] = [];
  // One path, pushed and popped as the walk goes down and up: a copy is made only for a find, so a
  // 100,000-item import costs a visit of each value, not an array per value.
  const path: PropertyKey[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (v.includes(NUL)) found.push(formatPath(path));
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(v[i]);
        path.pop();
      }
    } else if (typeof v === "object" && v !== null) {
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        path.push(k);
        if (k.includes(NUL)) found.push(formatPath(path));
        else walk((v as Record<string, unknown>)[k]);
        path.pop();
      }
    }
  };
  walk(value);
  return found;
}
