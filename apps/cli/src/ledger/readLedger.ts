import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { StringDecoder } from "node:string_decoder";
import {
  type CalendarDate,
  type CostLine,
  type CostLineField,
  type CurrencyCode,
  costLineChecker,
  costLineStructure,
  currency,
  ID_PATTERN,
  isDomainError,
  type Scenario,
  type ServiceId,
  type ValidationIssue,
} from "@3c/domain";
import { CliError } from "../CliError.js";
import { parseJsonDocument, readInputFile, textOf } from "../input/readDocument.js";
import { CsvReader, CsvRecordTooLong, MAX_RECORD_CHARS } from "./CsvReader.js";
import { LEDGER_FIELDS, type LedgerField, type LedgerMap, ledgerMap } from "./LedgerMap.js";
import type { LedgerOptions } from "./LedgerOptions.js";
import { minorUnits } from "./minorUnits.js";
import { ProgressBar, type ProgressSink } from "./ProgressBar.js";

/** At most this many problems are listed; the count of all is given. */
const MAX_ISSUES = 50;

/** The cost lines read from a ledger export. */
export interface LedgerResult {
  readonly lines: CostLine[];
  /** Data rows read (the header excluded). */
  readonly rows: number;
  /** Whether lines were summed per service, pool, day, currency and VAT treatment. */
  readonly aggregated: boolean;
}

interface Group {
  service: string;
  pool: string;
  date: string;
  currency: string;
  vat: string;
  minor: number;
  count: number;
}

/** `DD/MM/YYYY` → `YYYY-MM-DD` (null when the text is not in that layout); ISO dates pass through to be checked. */
function isoDate(text: string, format: LedgerMap["dateFormat"]): string | null {
  if (format === "DD/MM/YYYY") {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    return m === null ? null : `${m[3]}-${(m[2] as string).padStart(2, "0")}-${(m[1] as string).padStart(2, "0")}`;
  }
  return text;
}

/**
 * Identifiers for summed lines: `SERVICE.POOL.DATE` (with `.CUR` for a foreign currency and `.vat`
 * for standard-rated), readable in drill-down; numbered `LEDGER-000001`… in the same order if any
 * would be ambiguous or too long.
 */
function groupIds(groups: readonly Group[], base: string): string[] {
  const readable = groups.map(
    (g) =>
      `${g.service}.${g.pool}.${g.date}${g.currency === base ? "" : `.${g.currency}`}${g.vat === "standard" ? ".vat" : ""}`,
  );
  const ok = readable.every((id) => ID_PATTERN.test(id)) && new Set(readable).size === readable.length;
  return ok ? readable : groups.map((_, i) => `LEDGER-${String(i + 1).padStart(6, "0")}`);
}

/**
 * Streams a ledger export (CSV) into cost lines for a scenario, checking every row against it:
 * known service and pool, a calendar date, an exact amount in a known currency (with exchange
 * rates when foreign), a VAT treatment. Memory holds one chunk of the file at a time.
 *
 * By default lines are summed per service, pool, day, currency and VAT treatment, and memory stays
 * bounded by the number of such days, not lines. Every partner's charges are exactly those of the
 * individual lines (an allocation splits its group's total, and all of one pool's lines of one day
 * fall in the same group; a property test checks). Lines of support services, whose costs are
 * passed on line by line, are kept. What is worked out line by line inside a group — VAT on the
 * pennies standard-rated lines contributed, the conversion of foreign lines — applies to the day's
 * total instead, which can differ by a penny; `keepLines` keeps every ledger line, with its own id,
 * for line-exact VAT, conversion and lineage.
 *
 * @param options - file, mapping and mode
 * @param scenario - the validated scenario whose services, pools and rates the lines must match
 * @param cwd - the directory relative paths are read from (the command's `io.cwd`)
 * @param progress - where to draw a progress bar (only if it is a terminal)
 * @param maxRecord - the most characters one line (or quoted cell of several lines) may take
 *   ({@link MAX_RECORD_CHARS}; smaller in tests)
 * @returns the cost lines
 * @throws CliError input listing every problem (the first 50, and how many in all); input naming
 *   the file and line, and the column of a quote left open, when a line runs past `maxRecord`
 */
export async function readLedger(
  options: LedgerOptions,
  scenario: Scenario,
  cwd: string,
  progress?: ProgressSink,
  maxRecord = MAX_RECORD_CHARS,
): Promise<LedgerResult> {
  const mapDoc =
    options.map === undefined
      ? undefined
      : parseJsonDocument(textOf(await readInputFile(options.map, cwd), options.map), options.map);
  const map = ledgerMap(mapDoc, options.columns, options.map ?? "--column", options.keepLines);
  const file = options.file;
  const path = resolve(cwd, file);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new CliError("input", `${file}: cannot read the file (no such file)`);
  }

  const base = scenario.partnership.currency as string;
  const structure = costLineStructure(scenario);
  const checkKept = costLineChecker(structure);
  const checkSummed = costLineChecker(structure, { ids: false });
  const dates = new Map<string, string | null>();
  const issues: ValidationIssue[] = [];
  let problems = 0;
  const problem = (line: number, field: LedgerField, message: string) => {
    problems++;
    if (issues.length < MAX_ISSUES) {
      const heading = map.columns[field];
      issues.push({
        path: `${file}: line ${line}${heading === undefined ? `, ${field} (from the mapping)` : `, column ${JSON.stringify(heading)} (${field})`}`,
        message,
      });
    }
  };

  // What a finance officer can type instead of an unknown service or pool.
  const hint = (field: CostLineField, service: string): string => {
    if (field === "service") return `; expected one of ${[...structure.pools.keys()].join(", ")}`;
    const pools = field === "pool" ? structure.pools.get(service) : undefined;
    return pools === undefined ? "" : `; expected one of ${[...pools].join(", ")}`;
  };

  let index: Record<LedgerField, number> | undefined;
  let headingRow: readonly string[] | undefined;
  const fixed = map.values;
  let rows = 0;
  // Sums by service, then pool, then day (the raw date text; with currency and VAT appended when
  // not the defaults): nested maps, so that a line costs no key string of its own.
  const groups = new Map<string, Map<string, Map<string, Group>>>(
    scenario.services.map((sv) => [sv.id as string, new Map(sv.pools.map((p) => [p.id, new Map<string, Group>()]))]),
  );
  const baseExponent = currency(base).exponent;
  const lines: CostLine[] = [];
  const ids = new Set<string>();
  // Support services pass each line's cost on by running totals in line order, so summing their
  // lines could move a penny between the pools and services it lands in: they are kept.
  const suppliers = new Set((scenario.support?.consumption ?? []).map((c) => c.from as string));

  let onRow: (f: string[], line: number) => void = () => {};
  const onHeader = (f: string[]) => {
    const headings = f.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, "") : h).trim());
    headingRow = headings;
    const found = {} as Record<LedgerField, number>;
    const missing: string[] = [];
    for (const field of LEDGER_FIELDS) {
      const h = map.columns[field];
      found[field] = h === undefined ? -1 : headings.indexOf(h);
      if (h !== undefined && found[field] === -1) missing.push(`${JSON.stringify(h)} (${field})`);
    }
    if (missing.length > 0) {
      throw new CliError(
        "input",
        `${file}: line 1 has no column ${missing.join(", ")}; its headings are ${headings.map((h) => JSON.stringify(h)).join(", ")}`,
      );
    }
    index = found;
    onRow = rowReader(found);
    // Lines that are summed need neither their id nor their description.
    const used = LEDGER_FIELDS.filter(
      (k) => options.keepLines || suppliers.size > 0 || (k !== "id" && k !== "description"),
    );
    reader.fieldLimit = Math.max(...used.map((k) => found[k])) + 1;
  };

  // Cells are trimmed only when they start or end with white space: most do not.
  const cell = (f: string[], i: number, value: string): string => {
    if (i === -1) return value;
    const t = f[i] ?? "";
    return t.length > 0 && (t.charCodeAt(0) <= 32 || t.charCodeAt(t.length - 1) <= 32) ? t.trim() : t;
  };

  function rowReader(at: Record<LedgerField, number>): (f: string[], line: number) => void {
    const [iId, iService, iPool, iDate, iAmount, iCurrency, iVat, iText] = [
      at.id,
      at.service,
      at.pool,
      at.date,
      at.amount,
      at.currency,
      at.vat,
      at.description,
    ];
    const [vId, vService, vPool, vDate, vAmount, vCurrency, vVat, vText] = LEDGER_FIELDS.map((k) => fixed[k] ?? "");
    const iso = map.dateFormat === "YYYY-MM-DD";
    const probe: Record<LedgerField, string | undefined> = {
      id: undefined,
      service: "",
      pool: "",
      date: "",
      amount: "",
      currency: "",
      vat: "",
      description: undefined,
    };
    return (f, line) => {
      rows++;
      const service = cell(f, iService, vService as string);
      const pool = cell(f, iPool, vPool as string);
      const rawDate = cell(f, iDate, vDate as string);
      let date = iso ? rawDate : dates.get(rawDate);
      if (date === undefined) {
        date = isoDate(rawDate, map.dateFormat);
        dates.set(rawDate, date);
      }
      const code = cell(f, iCurrency, vCurrency as string) || base;
      const vat = cell(f, iVat, vVat as string) || "outside-scope";
      const amount = cell(f, iAmount, vAmount as string);
      const kept = options.keepLines || (suppliers.size > 0 && suppliers.has(service));
      // A support service's lines keep their own ids even when summing: see below.
      const id = !kept
        ? undefined
        : iId === -1 && !options.keepLines
          ? `${service}.line-${line}`
          : cell(f, iId, vId as string);
      const description = kept ? cell(f, iText, vText as string) : "";
      // The domain's own check of a cost line, with its messages; the ledger's columns for paths.
      // One object for every row, refilled: the checker keeps nothing of it, and a million rows
      // make no garbage here.
      probe.id = id;
      probe.service = service;
      probe.pool = pool;
      probe.date = date ?? ""; // not in the ledger's layout: reported as a date problem
      probe.amount = amount;
      probe.currency = code;
      probe.vat = vat;
      probe.description = description === "" ? undefined : description;
      const found = (kept ? checkKept : checkSummed)(probe);
      let ok = found.length === 0;
      if (!ok)
        for (const issue of found) {
          // A date is reported in the ledger's own layout when that is not the domain's.
          if (issue.field === "date" && map.dateFormat !== "YYYY-MM-DD")
            problem(line, "date", `${JSON.stringify(rawDate)} is not a date; expected ${map.dateFormat}`);
          else problem(line, issue.field, `${issue.message}${hint(issue.field, service)}`);
        }
      const byDay = groups.get(service)?.get(pool);
      let minor = 0;
      if (ok) {
        try {
          minor = minorUnits(amount, code, code === base ? baseExponent : currency(code).exponent, "amount");
        } catch (error) {
          if (!isDomainError(error)) throw error;
          problem(line, "amount", error.message);
          ok = false;
        }
      }
      if (!kept) {
        if (!ok || byDay === undefined) return;
        const key = code === base && vat === "outside-scope" ? rawDate : `${rawDate}\u0000${code}\u0000${vat}`;
        const g = byDay.get(key);
        if (g === undefined)
          byDay.set(key, { service, pool, date: date as string, currency: code, vat, minor, count: 1 });
        else {
          g.minor += minor;
          g.count++;
        }
        return;
      }
      if (!ok || id === undefined) return;
      if (ids.has(id)) {
        problem(line, "id", `duplicate line id ${JSON.stringify(id)}`);
        return;
      }
      ids.add(id);
      lines.push({
        id,
        service: service as ServiceId,
        pool,
        date: date as CalendarDate,
        amount: { currency: code as CurrencyCode, minor },
        ...(vat === "standard" ? { vat: "standard" as const } : {}),
        ...(description === "" ? {} : { description }),
      });
    };
  }
  const onRecord = (f: string[], line: number) => (index === undefined ? onHeader(f) : onRow(f, line));

  // A quote left open takes the rest of the file as one cell: its lines would vanish from the run.
  let unclosed: ValidationIssue | undefined;
  const onUnclosed = (line: number, field: number, spans: number) => {
    const heading = headingRow?.[field];
    unclosed = {
      path: `${file}: line ${line}, ${heading === undefined ? `the heading of column ${field + 1}` : `column ${JSON.stringify(heading)}`}`,
      message: `a quoted cell opens here and is not closed by the end of the file (lines ${line} to ${line + spans - 1} would be its text); expected a closing quote ("), a quote inside a quoted cell written twice ("")`,
    };
    if (index === undefined) return;
    rows++;
    problems++;
    if (issues.length < MAX_ISSUES) issues.push(unclosed);
  };
  const reader = new CsvReader(map.delimiter, onRecord, onUnclosed, maxRecord);
  const decoder = new StringDecoder("utf8");
  const bar = progress === undefined ? undefined : new ProgressBar(progress, size);
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      reader.push(decoder.write(chunk as Buffer));
      bar?.update((chunk as Buffer).length, rows);
    }
    reader.push(decoder.end());
    reader.end();
  } catch (error) {
    if (error instanceof CsvRecordTooLong) throw tooLong(file, error, headingRow);
    throw error;
  } finally {
    bar?.done(rows);
  }
  if (index === undefined && unclosed !== undefined)
    throw new CliError("input", `${unclosed.path}: ${unclosed.message}`);
  if (index === undefined)
    throw new CliError("input", `${file}: the file is empty; expected a heading row, then one line per cost`);
  if (problems > 0) {
    const more = problems > issues.length ? ` (the first ${issues.length} are listed)` : "";
    throw new CliError(
      "input",
      `${file}: ${problems} problem${problems === 1 ? "" : "s"} in ${rows} lines${more}`,
      issues,
    );
  }
  if (options.keepLines) return { lines, rows, aggregated: false };
  lines.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // Days written differently (1/4/2024, 01/04/2024) are the same day: merge by the date itself.
  const merged = new Map<string, Group>();
  for (const byPool of groups.values())
    for (const byDay of byPool.values())
      for (const g of byDay.values()) {
        const key = `${g.service}\u0000${g.pool}\u0000${g.date}\u0000${g.currency}\u0000${g.vat}`;
        const m = merged.get(key);
        if (m === undefined) merged.set(key, g);
        else {
          m.minor += g.minor;
          m.count += g.count;
        }
      }
  const sorted = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  const groupId = groupIds(sorted, base);
  return {
    rows,
    aggregated: true,
    lines: [
      ...lines,
      ...sorted.map((g, i): CostLine => {
        if (!Number.isSafeInteger(g.minor))
          throw new CliError(
            "input",
            `${file}: the ${g.service} ${g.pool} lines of ${g.date} add up beyond the exact range of amounts`,
          );
        return {
          id: groupId[i] as string,
          service: g.service as ServiceId,
          pool: g.pool,
          date: g.date as CalendarDate,
          amount: { currency: g.currency as CurrencyCode, minor: g.minor + 0 },
          ...(g.vat === "standard" ? { vat: "standard" as const } : {}),
          description: `${g.count} ledger line${g.count === 1 ? "" : "s"}`,
        };
      }),
    ],
  };
}

/**
 * The refusal of a ledger line that runs past the reader's limit: a quote left open, whose cell
 * would take the rest of the file, named by the line and column it opens on; or a file without a
 * line break the reader knows, named by the line it was reading.
 *
 * @param file - the ledger's name, as given
 * @param error - the reader's error
 * @param heading - the heading row, once read
 * @returns an input error (exit 1)
 */
function tooLong(file: string, error: CsvRecordTooLong, heading: readonly string[] | undefined): CliError {
  const limit = error.limit.toLocaleString("en-GB");
  if (error.quote !== undefined) {
    const column = heading?.[error.quote.field];
    return new CliError(
      "input",
      `${file}: line ${error.quote.line}, ${column === undefined ? `the heading of column ${error.quote.field + 1}` : `column ${JSON.stringify(column)}`}: a quoted cell opens here and is not closed within ${limit} characters (the file was read no further); expected a closing quote ("), a quote inside a quoted cell written twice ("")`,
    );
  }
  return new CliError(
    "input",
    `${file}: line ${error.line}: runs past ${limit} characters without a line break (the file was read no further); expected one cost per line, each ending with a line break (LF or CRLF; lines ending with CR alone are not read as lines)`,
  );
}
