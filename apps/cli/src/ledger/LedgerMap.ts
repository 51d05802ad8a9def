import type { ValidationIssue } from "@3c/domain";
import { CliError } from "../CliError.js";

/** The cost-line fields a ledger column can fill. */
export const LEDGER_FIELDS = ["id", "service", "pool", "date", "amount", "currency", "vat", "description"] as const;

/** One of {@link LEDGER_FIELDS}. */
export type LedgerField = (typeof LEDGER_FIELDS)[number];

/** Date layouts ledger exports use. */
export const DATE_FORMATS = ["YYYY-MM-DD", "DD/MM/YYYY"] as const;

/**
 * How a ledger export's columns map to cost lines: a heading per field, or a fixed value for a field
 * the export does not have (e.g. every line is the ICT service).
 */
export interface LedgerMap {
  readonly delimiter: string;
  readonly dateFormat: (typeof DATE_FORMATS)[number];
  readonly columns: Readonly<Partial<Record<LedgerField, string>>>;
  readonly values: Readonly<Partial<Record<LedgerField, string>>>;
}

const REQUIRED: readonly LedgerField[] = ["service", "pool", "date", "amount"];
const isField = (k: string): k is LedgerField => (LEDGER_FIELDS as readonly string[]).includes(k);

/**
 * Checks a mapping document (the `--map` file's JSON) and the `--column FIELD=HEADING` flags over it.
 *
 * @param doc - the parsed mapping file, or undefined when there is none
 * @param columnFlags - `FIELD=HEADING` pairs
 * @param source - the mapping file's name, for messages
 * @param keepLines - whether every line keeps its id (then `id` is required)
 * @returns the mapping
 * @throws CliError input listing every problem; usage for a malformed --column
 */
export function ledgerMap(doc: unknown, columnFlags: readonly string[], source: string, keepLines: boolean): LedgerMap {
  const issues: ValidationIssue[] = [];
  const obj = (typeof doc === "object" && doc !== null && !Array.isArray(doc) ? doc : {}) as Record<string, unknown>;
  if (doc !== undefined && obj !== doc) issues.push({ path: source, message: "expected a JSON object" });
  for (const key of Object.keys(obj)) {
    if (!["delimiter", "dateFormat", "columns", "values"].includes(key))
      issues.push({
        path: `${source}: ${key}`,
        message: "unknown setting; expected delimiter, dateFormat, columns or values",
      });
  }
  const table = (key: "columns" | "values"): Partial<Record<LedgerField, string>> => {
    const v = obj[key] ?? {};
    const out: Partial<Record<LedgerField, string>> = {};
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      issues.push({ path: `${source}: ${key}`, message: "expected an object of field: text" });
      return out;
    }
    for (const [k, text] of Object.entries(v)) {
      if (!isField(k))
        issues.push({
          path: `${source}: ${key}.${k}`,
          message: `unknown field; expected one of ${LEDGER_FIELDS.join(", ")}`,
        });
      else if (typeof text !== "string") issues.push({ path: `${source}: ${key}.${k}`, message: "expected text" });
      else out[k] = text;
    }
    return out;
  };
  const columns = table("columns");
  const values = table("values");
  for (const flag of columnFlags) {
    const m = /^([a-z]+)=(.+)$/.exec(flag);
    if (m === null || !isField(m[1] as string))
      throw new CliError(
        "usage",
        `--column ${flag}: expected FIELD=HEADING with FIELD one of ${LEDGER_FIELDS.join(", ")}`,
      );
    columns[m[1] as LedgerField] = m[2] as string;
  }
  const delimiter = obj.delimiter ?? ",";
  if (typeof delimiter !== "string" || delimiter.length !== 1 || delimiter === '"' || delimiter === "\n")
    issues.push({ path: `${source}: delimiter`, message: 'expected one character such as "," or ";"' });
  const dateFormat = obj.dateFormat ?? "YYYY-MM-DD";
  if (!(DATE_FORMATS as readonly unknown[]).includes(dateFormat))
    issues.push({ path: `${source}: dateFormat`, message: `expected ${DATE_FORMATS.join(" or ")}` });
  for (const f of [...REQUIRED, ...(keepLines ? (["id"] as const) : [])]) {
    if (columns[f] === undefined && values[f] === undefined)
      issues.push({ path: `${source}: columns.${f}`, message: `no column or value gives each line's ${f}` });
  }
  if (issues.length > 0)
    throw new CliError(
      "input",
      `${source}: the ledger mapping has ${issues.length} problem${issues.length === 1 ? "" : "s"}`,
      issues,
    );
  return {
    delimiter: delimiter as string,
    dateFormat: dateFormat as LedgerMap["dateFormat"],
    columns,
    values,
  };
}
