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
 * The value with its objects' keys in sorted order, for the engine's own JSON.stringify to print,
 * which is faster than printing in JavaScript (decision 87). JSON.stringify prints an object's keys
 * in insertion order, except array-index keys ("0", "10"), which come first in numeric order; an
 * object with one gives up (`INDEX_KEY`) and `print` prints the value.
 *
 * A plain object or array whose keys are in order already and whose members need no copy is handed
 * back as it is, not copied: most of a run's objects (every amount's `{ currency, minor }`) are
 * built in order, and copying them was a third of printing a small run's result and much of its
 * garbage. Only plain objects and arrays are shared: anything else (a class instance, a `Date`,
 * whose `toJSON` JSON.stringify would call) is copied into a plain object of its own keys.
 */
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const n = value.length;
    let out: unknown[] | undefined = shareable(value, Array.prototype) ? undefined : new Array(n);
    for (let i = 0; i < n; i++) {
      const v: unknown = value[i];
      const c = v === null || typeof v !== "object" ? v : sortedCopy(v);
      if (out === undefined) {
        if (c === v) continue;
        out = value.slice(0, i);
      }
      out[i] = c;
    }
    return out === undefined ? value : out;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const n = keys.length;
  if (n === 0) return shareable(record, Object.prototype) ? record : {};
  // Object.keys lists array-index keys first: one there is in the first place.
  const first = keys[0] as string;
  const c0 = first.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57 && INDEX.test(first) && Number(first) < 4294967295) throw INDEX_KEY;
  let sorted = shareable(record, Object.prototype);
  for (let i = 1; sorted && i < n; i++) if ((keys[i - 1] as string) > (keys[i] as string)) sorted = false;
  if (!sorted) sortKeys(keys);
  // In order: shared unless a member needs a copy, then copied, the members before it as they are.
  let out: Record<string, unknown> | undefined = sorted ? undefined : {};
  for (let i = 0; i < n; i++) {
    const k = keys[i] as string;
    const v = record[k];
    const c = v === null || typeof v !== "object" ? v : sortedCopy(v);
    if (out === undefined) {
      if (c === v) continue;
      out = {};
      for (let j = 0; j < i; j++) put(out, keys[j] as string, record[keys[j] as string]);
    }
    put(out, k, c);
  }
  return out === undefined ? record : out;
}

/**
 * Whether JSON.stringify prints a value as the copy would: a plain object or array (of `prototype`)
 * with no `toJSON` of its own. The copy never had a non-enumerable `toJSON` (an array's, or one
 * defined as not enumerable), which JSON.stringify would call on the value itself.
 */
function shareable(value: object, prototype: object): boolean {
  return Object.getPrototypeOf(value) === prototype && (value as { toJSON?: unknown }).toJSON === undefined;
}

function put(out: Record<string, unknown>, k: string, c: unknown): void {
  if (c === undefined) return;
  if (k === "__proto__")
    Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
  else out[k] = c;
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
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return sortKeys(keys);
  return keys;
}

/**
 * Sorts keys in place by UTF-16 code units, as `Array.prototype.sort` does: by insertion for the
 * few keys an object has, which is about three times faster than the built-in sort on a run's
 * objects (a dozen keys at most).
 */
function sortKeys(keys: string[]): string[] {
  const n = keys.length;
  if (n > 32) return keys.sort();
  for (let i = 1; i < n; i++) {
    const k = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > k; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = k;
  }
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
