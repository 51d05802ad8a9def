/**
 * JSON with object keys in sorted order, so equal values always print the same text.
 *
 * @param value - JSON-compatible data
 * @returns canonical JSON text
 * @example
 * canonicalJson({ b: 1, a: [2, { d: null, c: "x" }] }); // '{"a":[2,{"c":"x","d":null}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return print(value);
}

// Strings JSON prints as themselves between quotes (no quote, backslash, control character or
// surrogate); anything else goes through JSON.stringify.
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON escapes exactly these characters
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

function scalar(v: unknown): string {
  if (typeof v === "string") return PLAIN.test(v) ? `"${v}"` : JSON.stringify(v);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
  return JSON.stringify(v) ?? "null";
}

// Most objects are built with their keys in order already: check before sorting.
function sortedKeys(record: object): string[] {
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return keys.sort();
  return keys;
}

// One pass with a single accumulating string: a run's manifest hash prints the whole result, so
// the per-node arrays of the straightforward version (entries, filter, sort, map, join) were most
// of a small run's cost. Keys sort by UTF-16 code units, as `a < b` does.
function print(value: unknown): string {
  if (value === null || typeof value !== "object") return scalar(value);
  if (Array.isArray(value)) {
    const n = value.length;
    if (n === 0) return "[]";
    let out = "[";
    for (let i = 0; i < n; i++) {
      const v: unknown = value[i];
      if (i > 0) out += ",";
      out += v === null || typeof v !== "object" ? scalar(v) : print(v);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = sortedKeys(record);
  let out = "{";
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    if (!first) out += ",";
    first = false;
    out += `${scalar(k)}:`;
    out += v === null || typeof v !== "object" ? scalar(v) : print(v);
  }
  return `${out}}`;
}
