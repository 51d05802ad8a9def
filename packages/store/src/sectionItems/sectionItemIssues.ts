import type { RowIssue } from "../StoreError.js";

type Json = Readonly<Record<string, unknown>>;

/** Whether a value is a JSON object (not an array, not null). */
export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The fields of an item whose name or value (at any depth) holds U+0000, which PostgreSQL cannot store.
 *
 * @param item - the item
 * @returns the fields' names
 */
export function nulFields(item: Json): string[] {
  return Object.entries(item)
    .filter(([k, v]) => k.includes("\u0000") || (JSON.stringify(v) ?? "").includes("\\u0000"))
    .map(([k]) => k);
}

const inside = (path: string, of: string) => path === of || path.startsWith(`${of}.`) || path.startsWith(`${of}[`);

/**
 * The section write's problems told of the request's items: a problem at or under an item's path
 * is that item's (its path made relative: `budgets[3].amount` → item 0, `amount`); one at the list
 * element that holds items (a KPI whose target was added) is each of theirs; anything else
 * (another section's or a partnership-wide field's) is reported as it is.
 *
 * @param issues - the section write's problems, at the section's paths
 * @param paths - each item's path in the section, by its index in the request
 * @param datedField - the field a problem at an item itself is told at, by the item's index (a closed period's date)
 * @returns the problems, an item's with its index
 */
export function retell(
  issues: readonly RowIssue[],
  paths: ReadonlyMap<number, string>,
  datedField?: (index: number) => string | undefined,
): RowIssue[] {
  const placed = [...paths];
  return issues.flatMap((issue): RowIssue[] => {
    const own = placed.find(([, p]) => inside(issue.field, p));
    if (own !== undefined) {
      const rest = issue.field.slice(own[1].length).replace(/^\./, "");
      return [{ index: own[0], field: rest === "" ? (datedField?.(own[0]) ?? "") : rest, message: issue.message }];
    }
    const held = issue.field.endsWith("]") ? placed.filter(([, p]) => p.startsWith(issue.field)) : [];
    if (held.length > 0) return held.map(([index]) => ({ index, field: "", message: issue.message }));
    return [{ field: issue.field, message: issue.message }];
  });
}

/**
 * Problems once each (the same problem may come from two checks), in item order, the request's
 * own problems first.
 *
 * @param issues - the problems
 * @returns them without repeats, sorted by item index
 */
export function uniqueIssues(issues: readonly RowIssue[]): RowIssue[] {
  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const key = JSON.stringify([i.index, i.field, i.message]);
    const first = !seen.has(key);
    seen.add(key);
    return first;
  });
  return unique.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
}
