/**
 * The flat row layout of the scenario document's sections (budgets, the savings agreement, KPIs and
 * their targets, measurements, calendars, outages...): one layout shared by the calculator's
 * workbook (a sheet per section) and the API's CSV imports of section items (the same columns), so
 * a council's workbook sheet and its CSV upload are one format. Pure: cell text in, document items
 * out, and back.
 */
import type { ValidationIssue } from "../errors/index.js";

/**
 * How a column's cell holds a field: `text` as it is; `json` as JSON (numbers, booleans, objects);
 * `list` as comma-separated strings; `pairs` as `KEY=VALUE; …` for an array of two-field objects.
 */
export type CellKind =
  | { readonly kind: "text" }
  | { readonly kind: "json" }
  | { readonly kind: "list" }
  | { readonly kind: "pairs"; readonly key: string; readonly value: string; readonly number?: boolean };

/** One column of a section sheet. */
export interface SectionColumn {
  readonly header: string;
  readonly note: string;
  readonly cell: CellKind;
  readonly width?: number;
  /**
   * A column added after workbooks were first written (`from`, `names`): a sheet without its heading
   * is read as if every cell of it were blank, so an older workbook or CSV stays valid.
   */
  readonly optional?: true;
}

/**
 * A sheet (or CSV layout) for one of the savings, KPI and availability sections: `rows` sheets hold an array of
 * the document (one item a row), `object` sheets one object (one row). Every sheet ends with an
 * `other` column where any field without a column of its own is kept as JSON, so that a document
 * always goes through a workbook and back unchanged.
 */
export interface SectionSheet {
  readonly name: string;
  readonly about: string;
  /** The document path of the array or object, e.g. `savings.baselines`. */
  readonly path: string;
  readonly shape: "rows" | "object";
  /** For an object sheet: fields of the object kept on other sheets, left out here. */
  readonly omit?: readonly string[];
  readonly columns: readonly SectionColumn[];
}

const text = (header: string, note: string, width = 14): SectionColumn => ({
  header,
  note,
  cell: { kind: "text" },
  width,
});
const json = (header: string, note: string, width = 22): SectionColumn => ({
  header,
  note,
  cell: { kind: "json" },
  width,
});
const list = (header: string, note: string, width = 20): SectionColumn => ({
  header,
  note,
  cell: { kind: "list" },
  width,
});
const OTHER: SectionColumn = {
  header: "other",
  note: 'Any other fields, as a JSON object, e.g. {"note":"…"}; usually blank',
  cell: { kind: "json" },
  width: 24,
};

/** The sheets of the savings agreement, budgets, KPIs, measurements and outages, in order. */
export const SECTION_SHEETS: readonly SectionSheet[] = [
  {
    name: "budgets",
    about: "Budgeted cost of each pool for a financial year, in the partnership currency.",
    path: "budgets",
    shape: "rows",
    columns: [
      text("service", "The service's id"),
      text("pool", "The pool's id"),
      text("year", "Financial year, e.g. 2024/25"),
      text("amount", "Budget, e.g. 3098000"),
      text("description", "What the budget is for", 30),
      OTHER,
    ],
  },
  {
    name: "savings settings",
    about: "The savings agreement: how savings are attributed and rounded, and the target.",
    path: "savings",
    shape: "object",
    omit: ["indices", "baselines", "contributions", "oneOffs"],
    columns: [
      text("attribution", "actual, pro-rata or equal (see docs/savings.md)"),
      text("rounding", "Rounding of indexed amounts: half-up, half-even, down, up…"),
      text("targetPercent", "Target saving as % of the indexed baseline, e.g. 15"),
      json("serviceTargets", 'Per-service targets as JSON, e.g. [{"service":"ICT","percent":"20"}]'),
      OTHER,
    ],
  },
  {
    name: "indices",
    about: "Price and pay indices that baselines are indexed by: one index a row.",
    path: "savings.indices",
    shape: "rows",
    columns: [
      text("id", "Index id, e.g. pay"),
      text("name", "What it measures", 30),
      {
        header: "values",
        note: "Each year's value: YEAR=VALUE; …, e.g. 2014/15=100; 2015/16=101",
        cell: { kind: "pairs", key: "year", value: "value" },
        width: 60,
      },
      OTHER,
    ],
  },
  {
    name: "baselines",
    about: "What each partner's service cost before sharing, and how it is indexed.",
    path: "savings.baselines",
    shape: "rows",
    columns: [
      text("partner", "Partner id"),
      text("service", "The service's id"),
      text("baseYear", "The year of the baseline, e.g. 2014/15"),
      text("amount", "Baseline cost, e.g. 1960000"),
      {
        header: "indexation",
        note: "Indices and weights: INDEX=WEIGHT; …, e.g. pay=70; prices=30",
        cell: { kind: "pairs", key: "index", value: "weight" },
        width: 24,
      },
      OTHER,
    ],
  },
  {
    name: "contributions",
    about: "What each partner paid for each service in past years (this year's come from the run).",
    path: "savings.contributions",
    shape: "rows",
    columns: [
      text("partner", "Partner id"),
      text("service", "The service's id"),
      text("year", "Financial year, e.g. 2023/24"),
      text("amount", "What the partner paid"),
      text("source", "Where the figure comes from", 34),
      OTHER,
    ],
  },
  {
    name: "one-offs",
    about: "One-off costs (set-up, redundancy) and funding, and how each is split.",
    path: "savings.oneOffs",
    shape: "rows",
    columns: [
      text("id", "Item id"),
      text("kind", "cost or funding"),
      text("category", "e.g. set-up, redundancy"),
      text("service", "The service's id; blank for the partnership"),
      text("year", "Financial year, e.g. 2015/16"),
      text("amount", "Amount"),
      json("split", 'How it is split, as JSON, e.g. {"kind":"equal"} or {"kind":"baseline"}'),
      text("description", "What it is", 40),
      OTHER,
    ],
  },
  {
    name: "KPIs",
    about: "Key performance indicators; their targets are on the sheet KPI targets.",
    path: "kpis",
    shape: "rows",
    omit: ["targets"],
    columns: [
      text("code", "Stable KPI code, e.g. ICT-KPI-1"),
      text("name", "What it measures", 40),
      {
        ...json(
          "names",
          'Renamed from a year on, as JSON (blank: never), e.g. [{"from":"2025/26","name":"Calls answered in 60s"}]: earlier years keep the name',
          30,
        ),
        optional: true,
      },
      text("service", "The service's id"),
      { ...text("from", "First financial year it is reported, e.g. 2025/26 (blank: every year)"), optional: true },
      {
        ...text("to", "Last financial year it is reported, e.g. 2026/27, for a retired KPI (blank: no end)"),
        optional: true,
      },
      text("unit", "percent, count, money, hours or days"),
      text("polarity", "higher-is-better, lower-is-better or within-band"),
      text("aggregation", "ratio, sum, mean, max, min or last (blank: by unit)"),
      json("tolerance", 'Amber tolerance as JSON, e.g. {"kind":"absolute","amount":"2"}'),
      json("monitoringOnly", "true for a KPI that is reported but not rated"),
      json("scheme", 'Its own RAG scheme as JSON, e.g. {"kind":"improvement"}'),
      json("display", 'Shown places and rounding, e.g. {"decimals":2,"rounding":"half-up"}'),
      OTHER,
    ],
  },
  {
    name: "KPI targets",
    about: "Each KPI's target versions, in order: a year or a date from which it is in force.",
    path: "kpis[].targets",
    shape: "rows",
    columns: [
      text("kpi", "The KPI's code"),
      text("year", "In force from the start of this year, e.g. 2024/25"),
      text("effectiveFrom", "Or from this date, YYYY-MM-DD"),
      text("value", "The target"),
      text("lower", "Within-band: the band's lower edge"),
      text("upper", "Within-band: the band's upper edge"),
      text("note", "Why it changed", 30),
      OTHER,
    ],
  },
  {
    name: "KPI scheme",
    about: "The partnership's RAG scheme (a KPI's own scheme wins); blank for tolerance.",
    path: "kpiScheme",
    shape: "object",
    columns: [
      text("kind", "tolerance, bands or improvement"),
      json("green", 'bands: the green band as JSON, e.g. {"kind":"absolute","amount":"1"}'),
      json("amber", "bands: the amber band as JSON"),
      OTHER,
    ],
  },
  {
    name: "measurements",
    about: "KPI measurements per period (and per council where measured per council).",
    path: "measurements",
    shape: "rows",
    columns: [
      text("kpi", "The KPI's code"),
      text("period", "2024/25-Q3 or 2024/25-P7"),
      text("partner", "Partner id when measured per council"),
      text("value", "The value, for KPIs that are not ratios"),
      text("numerator", "Ratio KPIs: e.g. calls answered in time"),
      text("denominator", "Ratio KPIs: e.g. calls"),
      text("note", "Context, or the corrective action for a Red result", 30),
      OTHER,
    ],
  },
  {
    name: "calendars",
    about: "Service calendars: when each service is agreed to be available.",
    path: "calendars",
    shape: "rows",
    columns: [
      text("id", "Calendar id"),
      text("kind", "24x7 or working-hours"),
      list(
        "services",
        "Services on this calendar, comma-separated; [] for none (a calendar only outage costing reads)",
      ),
      list("weekdays", "working-hours: e.g. Mon, Tue, Wed, Thu, Fri"),
      text("from", "working-hours: start, HH:MM"),
      text("to", "working-hours: end, HH:MM"),
      text("timeZone", "e.g. Europe/London"),
      list("bankHolidays", "Dates the service is not agreed, comma-separated YYYY-MM-DD", 40),
      json(
        "changes",
        'Later hours as JSON, each whole and in force from its date, e.g. [{"effectiveFrom":"2026-04-01","kind":"working-hours","weekdays":["Mon","Tue","Wed","Thu","Fri"],"from":"08:00","to":"17:00","timeZone":"Europe/London","bankHolidays":[]}]; blank: the hours never change',
        40,
      ),
      OTHER,
    ],
  },
  {
    name: "outages",
    about: "The outage log: each outage, the services and systems down, and the users affected.",
    path: "outages",
    shape: "rows",
    columns: [
      text("id", "Outage id"),
      text("start", "When it started, e.g. 2024-05-14T14:00:00+01:00", 26),
      text("end", "When it ended; blank while it is open", 26),
      list("services", "Services down, comma-separated"),
      list("systems", "Systems down, comma-separated"),
      json("planned", "true for planned maintenance, false for an incident"),
      text("priority", "P1 to P4"),
      {
        header: "partners",
        note: "Users affected per partner: PARTNER=USERS; …, e.g. CCC=1280; HDC=890",
        cell: { kind: "pairs", key: "partner", value: "users", number: true },
        width: 30,
      },
      OTHER,
    ],
  },
  {
    name: "outage cost",
    about: "How an outage's cost is worked out: the loaded hourly rate and the productivity lost.",
    path: "outageCost",
    shape: "object",
    columns: [
      text("currency", "e.g. GBP"),
      json("rate", 'The loaded hourly rate as JSON, e.g. {"kind":"annual-cost",…}', 40),
      text("productivityImpact", "Share of work lost while down, e.g. 0.5"),
      text("catchUpHours", "Hours per user to catch up, e.g. 0.25"),
      text("calendar", "The calendar of working time"),
      text("planned", "include or exclude planned outages"),
      text("rounding", "half-even, half-up…"),
      OTHER,
    ],
  },
  {
    name: "availability",
    about: "Availability reporting: planned outages, rounding, the KPIs it feeds and incident targets.",
    path: "availability",
    shape: "object",
    columns: [
      text("planned", "include or exclude planned outages"),
      json("percent", 'Places and rounding, e.g. {"places":2,"rounding":"half-even"}'),
      json("kpis", 'The availability KPI of each service, e.g. {"ICT":"ICT-KPI-1"}'),
      text("loggedFrom", "The log is complete from this date, YYYY-MM-DD"),
      json("incidentTargets", "Incident resolution targets as JSON", 40),
      OTHER,
    ],
  },
];

type Json = unknown;
type Item = Record<string, Json>;

/** Sets an own property, even one named `__proto__`, without touching the prototype. */
function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Text that a cell keeps exactly: a spreadsheet trims cells and drops empty ones. */
const keeps = (t: string) => t !== "" && t.trim() === t;

/** A list item or pair part that the cell's separators leave intact. */
const plain = (t: unknown): t is string => typeof t === "string" && keeps(t) && !/[=,;]/.test(t) && !t.startsWith("[");
/** A pair's value: one word. */
const word = (t: unknown): t is string => typeof t === "string" && t !== "" && !/[=;\s]/.test(t);

const isItem = (v: Json): v is Item => typeof v === "object" && v !== null && !Array.isArray(v);

function pairsCell(value: Json, cell: Extract<CellKind, { kind: "pairs" }>): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const parts: string[] = [];
  for (const p of value) {
    if (!isItem(p) || Object.keys(p).length !== 2) return undefined;
    const k = p[cell.key];
    const v = p[cell.value];
    if (!plain(k)) return undefined;
    if (cell.number === true ? !Number.isSafeInteger(v) || Object.is(v, -0) : !word(v)) return undefined;
    parts.push(`${k}=${String(v)}`);
  }
  return parts.join("; ");
}

/**
 * A field as its cell's text, or undefined when the column cannot hold it exactly (it then goes to
 * the `other` column as JSON).
 */
function toCell(value: Json, cell: CellKind): string | undefined {
  switch (cell.kind) {
    case "text":
      return typeof value === "string" && keeps(value) ? value : undefined;
    case "json":
      return JSON.stringify(value);
    case "list":
      if (!Array.isArray(value) || !value.every(plain)) return undefined;
      // An empty list is written "[]": a blank cell is a field not given, which is not the same.
      return value.length === 0 ? "[]" : value.join(", ");
    case "pairs":
      return pairsCell(value, cell);
  }
}

/**
 * An item laid out as a section sheet's row: each field in its column, the rest in `other`.
 *
 * @param item - an element of the section (or the section's object)
 * @param sheet - the sheet
 * @param extra - cells that come before the item's own (the KPI code on KPI targets)
 * @returns cell text by heading
 * @example
 * sectionRow({ service: "ICT", pool: "staff", year: "2024/25", amount: "1000.00", note: "x" }, budgetsSheet);
 * // { service: "ICT", pool: "staff", year: "2024/25", amount: "1000.00", other: '{"note":"x"}' }
 */
export function sectionRow(
  item: Item,
  sheet: SectionSheet,
  extra: Record<string, string> = {},
): Record<string, string> {
  const row: Record<string, string> = { ...extra };
  const other: Item = {};
  for (const [field, value] of Object.entries(item)) {
    if (sheet.omit?.includes(field) || value === undefined) continue;
    const column = sheet.columns.find((c) => c.header === field && c.header !== "other" && !(field in extra));
    const cell = column === undefined ? undefined : toCell(value, column.cell);
    if (cell === undefined) setOwn(other, field, value);
    else setOwn(row, field, cell);
  }
  if (Object.keys(other).length > 0) row.other = JSON.stringify(other);
  return row;
}

/**
 * The section sheets' rows for a scenario document (the inverse of {@link sectionDocument}).
 *
 * @param doc - the document, as plain data
 * @returns rows per sheet name
 */
export function sectionRows(doc: Readonly<Record<string, Json>>): Record<string, Record<string, string>[]> {
  const out: Record<string, Record<string, string>[]> = {};
  for (const sheet of SECTION_SHEETS) {
    if (sheet.path === "kpis[].targets") {
      const kpis = Array.isArray(doc.kpis) ? doc.kpis.filter(isItem) : [];
      out[sheet.name] = kpis.flatMap((k) =>
        (Array.isArray(k.targets) ? k.targets.filter(isItem) : []).map((t) =>
          sectionRow(t, sheet, { kpi: String(k.code) }),
        ),
      );
      continue;
    }
    const value = at(doc, sheet.path);
    out[sheet.name] =
      sheet.shape === "object"
        ? isItem(value)
          ? [sectionRow(value, sheet)]
          : []
        : Array.isArray(value)
          ? value.filter(isItem).map((v) => sectionRow(v, sheet))
          : [];
  }
  return out;
}

function at(doc: Readonly<Record<string, Json>>, path: string): Json {
  let v: Json = doc;
  for (const key of path.split(".")) v = isItem(v) ? v[key] : undefined;
  return v;
}

/** A row read from a sheet: cell text by heading, its row number and where each heading is. */
export interface SheetRow {
  readonly cells: Readonly<Record<string, string>>;
  readonly row: number;
  readonly columns: ReadonlyMap<string, number>;
}

/** Reports a problem in one cell. */
export type CellProblem = (sheet: string, row: SheetRow, header: string, message: string) => void;

function fromCell(text: string, cell: CellKind, problem: (message: string) => void): Json {
  switch (cell.kind) {
    case "text":
      return text;
    case "json":
      try {
        return JSON.parse(text);
      } catch (error) {
        problem(`not valid JSON (${(error as Error).message})`);
        return undefined;
      }
    case "list":
      if (text.startsWith("[")) return fromCell(text, { kind: "json" }, problem);
      return text
        .split(/[,;]/)
        .map((s) => s.trim())
        .filter((s) => s !== "");
    case "pairs": {
      if (text.startsWith("[")) return fromCell(text, { kind: "json" }, problem);
      const out: Item[] = [];
      for (const part of text.split(";")) {
        if (part.trim() === "") continue;
        const m = /^\s*([^=\s][^=]*?)\s*=\s*(\S+)\s*$/.exec(part);
        if (m === null) {
          problem(
            `"${part.trim()}" is not ${cell.key}=${cell.value}; expected e.g. ${cell.key === "partner" ? "CCC=1280; HDC=890" : "pay=70; prices=30"}`,
          );
          continue;
        }
        const v = cell.number === true ? Number(m[2]) : (m[2] as string);
        if (cell.number === true && !Number.isInteger(v)) {
          problem(`${m[2]} is not a whole number of ${cell.value}`);
          continue;
        }
        out.push({ [cell.key]: m[1] as string, [cell.value]: v });
      }
      return out;
    }
  }
}

/**
 * One row of a section sheet as a document item: each column's cell decoded, `other` merged in.
 *
 * @param sheet - the sheet
 * @param row - the row read
 * @param problem - reports a cell that cannot be read, with its location
 * @param skip - headings that are not fields of the item (the KPI code on KPI targets)
 * @returns the item
 * @example
 * sectionItem(outagesSheet, { cells: { id: "O1", services: "ICT, LEGAL", planned: "false" }, row: 2, columns }, report);
 * // { id: "O1", services: ["ICT", "LEGAL"], planned: false }
 */
export function sectionItem(
  sheet: SectionSheet,
  row: SheetRow,
  problem: CellProblem,
  skip: readonly string[] = [],
): Item {
  const item: Item = {};
  for (const column of sheet.columns) {
    const t = row.cells[column.header];
    if (t === undefined || skip.includes(column.header)) continue;
    const value = fromCell(t, column.cell, (m) => problem(sheet.name, row, column.header, m));
    if (value === undefined) continue;
    if (column.header === "other") {
      if (isItem(value)) for (const [k, v] of Object.entries(value)) setOwn(item, k, v);
      else problem(sheet.name, row, "other", 'expected a JSON object such as {"note":"…"}');
    } else item[column.header] = value;
  }
  return item;
}

/**
 * Builds the document's savings, budget, KPI and availability sections from the section sheets'
 * rows, and records where each item came from.
 *
 * @param rowsOf - the rows of a sheet by name (empty when the workbook lacks it)
 * @param note - records that a document path came from a sheet row
 * @param problem - reports a cell that cannot be read
 * @param issues - where problems that are not in a cell go (a target for an unknown KPI)
 * @param where - names a sheet row
 * @returns the sections to merge into the document (absent when their sheets are empty)
 */
export function sectionDocument(
  rowsOf: (sheet: string) => readonly SheetRow[],
  note: (path: string, sheet: string, row: SheetRow) => void,
  problem: CellProblem,
  issues: ValidationIssue[],
  where: (sheet: string, row: number) => string,
): Record<string, Json> {
  const doc: Record<string, Json> = {};
  const put = (path: string, value: Json) => {
    const keys = path.split(".");
    let o = doc;
    for (const k of keys.slice(0, -1)) {
      if (!isItem(o[k])) o[k] = {};
      o = o[k] as Item;
    }
    o[keys[keys.length - 1] as string] = value;
  };
  for (const sheet of SECTION_SHEETS) {
    if (sheet.path === "kpis[].targets") continue;
    const rows = rowsOf(sheet.name);
    if (rows.length === 0) continue;
    if (sheet.shape === "object") {
      const [first, ...more] = rows;
      if (first === undefined) continue;
      for (const r of more)
        issues.push({ path: where(sheet.name, r.row), message: "this sheet holds one row; expected only row 2" });
      note(sheet.path, sheet.name, first);
      const existing = at(doc, sheet.path);
      put(sheet.path, { ...(isItem(existing) ? existing : {}), ...sectionItem(sheet, first, problem) });
    } else {
      put(
        sheet.path,
        rows.map((r, i) => {
          note(`${sheet.path}[${i}]`, sheet.name, r);
          return sectionItem(sheet, r, problem);
        }),
      );
    }
  }
  const targets = SECTION_SHEETS.find((s) => s.path === "kpis[].targets");
  if (targets !== undefined) {
    const kpis = Array.isArray(doc.kpis) ? (doc.kpis as Item[]) : [];
    for (const k of kpis) k.targets = [];
    const counts = new Map<string, number>();
    for (const r of rowsOf(targets.name)) {
      const code = r.cells.kpi ?? "";
      const i = kpis.findIndex((k) => k.code === code);
      const kpi = kpis[i];
      if (kpi === undefined) {
        issues.push({
          path: `${where(targets.name, r.row)}, column ${columnLetter(r.columns.get("kpi") ?? 1)} (kpi)`,
          message: `unknown KPI ${JSON.stringify(code)}; expected a code on the sheet KPIs`,
        });
        continue;
      }
      const n = counts.get(code) ?? 0;
      counts.set(code, n + 1);
      note(`kpis[${i}].targets[${n}]`, targets.name, r);
      (kpi.targets as Item[]).push(sectionItem(targets, r, problem, ["kpi"]));
    }
  }
  return doc;
}

/**
 * Spreadsheet column letters: 1 → A, 27 → AA.
 *
 * @param n - the column number, from 1
 * @returns its letters
 */
export function columnLetter(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
