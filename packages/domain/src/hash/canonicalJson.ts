/**
 * JSON with object keys in sorted order, so equal values always print the same text.
 *
 * @param value - JSON-compatible data
 * @returns canonical JSON text
 * @example
 * canonicalJson({ b: 1, a: [2, { d: null, c: "x" }] }); // '{"a":[2,{"c":"x","d":null}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  let copy: unknown;
  try {
    copy = sortedCopy(value);
  } catch (e) {
    if (e !== INDEX_KEY) throw e;
    return print(value);
  }
  return JSON.stringify(copy) ?? "null";
}

// Thrown by sortedCopy at a key JSON.stringify would not print in insertion order.
const INDEX_KEY = Symbol("index key");
const INDEX = /^(?:0|[1-9]\d{0,9})$/;

/**
 * A copy of the value whose objects hold their keys in sorted order, for the engine's own
 * JSON.stringify to print, which is faster than printing in JavaScript (decision 87). JSON.stringify
 * prints an object's keys in insertion order, except array-index keys ("0", "10"), which come first
 * in numeric order; an object with one gives up the copy (`INDEX_KEY`) and `print` prints the value.
 */
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const n = value.length;
    const out: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v: unknown = value[i];
      out[i] = v === null || typeof v !== "object" ? v : sortedCopy(v);
    }
    return out;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // Object.keys lists array-index keys first: one there is in the first place.
  if (keys.length > 0 && INDEX.test(keys[0] as string) && Number(keys[0]) < 4294967295) throw INDEX_KEY;
  inOrder(keys);
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    const c = v === null || typeof v !== "object" ? v : sortedCopy(v);
    if (k === "__proto__")
      Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    else out[k] = c;
  }
  return out;
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
function inOrder(keys: string[]): string[] {
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
  const keys = inOrder(Object.keys(record));
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
