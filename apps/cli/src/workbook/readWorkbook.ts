import { columnLetter, SECTION_SHEETS, type SheetRow, sectionDocument, type ValidationIssue } from "@3c/domain";
import { loadExcel } from "@3c/workbooks";
import type { Cell, Worksheet } from "exceljs";
import { CliError } from "../CliError.js";
import type { ReadDocument } from "../input/loadScenario.js";
import { SHEETS, type SheetName, type SheetSpec } from "./layout.js";

/** Where a document item came from: its sheet, row and each heading's column. */
interface Origin {
  readonly sheet: string;
  readonly row: number;
  readonly columns: ReadonlyMap<string, number>;
  /** For rules written whole in the `basis` column: every basis path points there. */
  readonly basisAsJson?: boolean;
}

const REQUIRED: readonly SheetName[] = ["partnership", "partners", "services", "pools", "rules"];

/**
 * A cell's value as the text the document needs: numbers in their shortest exact form, dates as
 * YYYY-MM-DD, formulas by their result, rich text joined.
 *
 * @param cell - the cell
 * @returns the text, trimmed; `undefined` for an error value such as #REF!
 */
export function cellText(cell: Cell): string | undefined {
  const text = (v: unknown): string | undefined => {
    if (v === null || v === undefined) return "";
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10);
    if (typeof v === "object") {
      if ("error" in v) return undefined;
      if ("richText" in v && Array.isArray(v.richText)) return v.richText.map((r: { text: string }) => r.text).join("");
      if ("result" in v) return text(v.result);
      if ("formula" in v || "sharedFormula" in v) return "";
      if ("text" in v) return text(v.text);
    }
    return String(v);
  };
  return text(cell.value)?.trim();
}

/** Reads one sheet's rows as heading → text, skipping blank rows. */
function readSheet(
  ws: Worksheet,
  spec: Pick<SheetSpec, "name" | "columns">,
  issues: ValidationIssue[],
  where: (sheet: string, row: number, col?: number, header?: string) => string,
): { rows: Record<string, string>[]; origins: { row: number; columns: Map<string, number> }[] } {
  const columns = new Map<string, number>();
  ws.getRow(1).eachCell((cell, n) => {
    const h = cellText(cell);
    const known = spec.columns.find((c) => c.header.toLowerCase() === h?.toLowerCase());
    if (known !== undefined) columns.set(known.header, n);
  });
  // A column added later (a section sheet's optional one) may be missing from an older workbook.
  const missing = spec.columns.filter(
    (c) => !columns.has(c.header) && c.header !== "basis" && c.header !== "other" && c.optional !== true,
  );
  if (missing.length > 0 && ws.rowCount > 1) {
    issues.push({
      path: where(spec.name, 1),
      message: `missing heading${missing.length === 1 ? "" : "s"} ${missing.map((c) => c.header).join(", ")}; expected ${spec.columns.map((c) => c.header).join(", ")}`,
    });
  }
  // Columns holding one date: their note asks for YYYY-MM-DD (a list of dates is text anyway).
  const dateColumns = new Set(
    spec.columns
      .filter((c) => c.note.includes("YYYY-MM-DD") && !c.note.includes("comma-separated"))
      .map((c) => c.header),
  );
  const rows: Record<string, string>[] = [];
  const origins: { row: number; columns: Map<string, number> }[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const values: Record<string, string> = {};
    let blank = true;
    for (const [header, n] of columns) {
      const cell = row.getCell(n);
      const t = cellText(cell);
      if (t === undefined) {
        issues.push({ path: where(spec.name, r, n, header), message: "is an error value; expected text or a number" });
        continue;
      }
      const serial = dateColumns.has(header) ? excelSerialDate(cell.value) : undefined;
      if (serial !== undefined) {
        issues.push({
          path: where(spec.name, r, n, header),
          message: `holds the number ${t}, which is how Excel stores the date ${serial}; expected a date as text, YYYY-MM-DD (type ${serial}, or format the cell as a date)`,
        });
        continue;
      }
      if (t !== "") {
        values[header] = t;
        blank = false;
      }
    }
    if (blank) continue;
    rows.push(values);
    origins.push({ row: r, columns });
  }
  return { rows, origins };
}

/** Day 0 of Excel's date numbers (1900 system, past its 1900 leap-year slip): 1899-12-30. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * The date an Excel date number stands for, when a cell meant for a date holds a whole number in
 * the range Excel shows as dates from 1900 to 9999 (a date pasted as a value into a text cell); or
 * undefined for anything else.
 *
 * @param value - the cell's value
 * @returns e.g. `2024-10-31` for 45596
 */
export function excelSerialDate(value: unknown): string | undefined {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 61 || value > 2_958_465) return undefined;
  return new Date(EXCEL_EPOCH_MS + value * 86_400_000).toISOString().slice(0, 10);
}

const splitList = (text: string | undefined) =>
  text === undefined
    ? undefined
    : text
        .split(/[,;]/)
        .map((s) => s.trim())
        .filter((s) => s !== "");

function parseShares(text: string | undefined): Record<string, string> | string | undefined {
  if (text === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const part of text.split(/[;,]/)) {
    if (part.trim() === "") continue;
    const m = /^\s*([^=:\s]+)\s*[=:]\s*(\S+)\s*$/.exec(part);
    if (m === null) return text; // the schema reports it with the expected form
    out[m[1] as string] = m[2] as string;
  }
  return out;
}

/** Keeps only defined values, so optional fields stay absent rather than undefined. */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Reads a scenario workbook (as written by `3c template`) into a scenario document, and gives a
 * locator that names, for any document path, the sheet, row and column it came from:
 * `costLines[3].amount` → `file.xlsx: sheet "cost lines", row 5, column E (amount)`.
 *
 * @param bytes - the XLSX file
 * @param file - its name, for messages
 * @returns the document and its locator
 * @throws CliError input when the file is not a workbook, a required sheet is missing, a heading
 *   is missing or a cell holds an error or malformed JSON
 */
export async function readWorkbook(bytes: Uint8Array, file: string): Promise<ReadDocument> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new CliError("input", `${file}: not an Excel workbook (.xlsx) (${(error as Error).message})`);
  }
  const where = (sheet: string, row: number, col?: number, header?: string) =>
    `${file}: sheet "${sheet}", row ${row}${col === undefined ? "" : `, column ${columnLetter(col)} (${header})`}`;
  const issues: ValidationIssue[] = [];
  const missingSheets = REQUIRED.filter((name) => wb.getWorksheet(name) === undefined);
  if (missingSheets.length > 0) {
    throw new CliError(
      "input",
      `${file}: missing sheet${missingSheets.length === 1 ? "" : "s"} ${missingSheets.map((s) => `"${s}"`).join(", ")}; start from 3c template`,
    );
  }
  const sheets = new Map<SheetName, ReturnType<typeof readSheet>>();
  for (const spec of SHEETS) {
    const ws = wb.getWorksheet(spec.name);
    sheets.set(spec.name, ws === undefined ? { rows: [], origins: [] } : readSheet(ws, spec, issues, where));
  }
  const rowsOf = (name: SheetName) => sheets.get(name)?.rows ?? [];
  const origins = new Map<string, Origin>();
  const sectionRowsOf = new Map<string, SheetRow[]>();
  for (const spec of SECTION_SHEETS) {
    const ws = wb.getWorksheet(spec.name);
    if (ws === undefined) continue;
    const read = readSheet(ws, spec, issues, where);
    sectionRowsOf.set(
      spec.name,
      read.rows.map((cells, i) => ({
        cells,
        row: read.origins[i]?.row ?? 0,
        columns: read.origins[i]?.columns ?? new Map(),
      })),
    );
  }
  const note = (path: string, sheet: SheetName, i: number, basisAsJson = false) => {
    const o = sheets.get(sheet)?.origins[i];
    if (o !== undefined) origins.set(path, { sheet, row: o.row, columns: o.columns, basisAsJson });
  };

  const [partnership = {}] = rowsOf("partnership");
  note("partnership", "partnership", 0);
  note("fx", "partnership", 0);
  note("support", "partnership", 0);
  const services = rowsOf("services").map((s, i) => {
    note(`services[${i}]`, "services", i);
    const pools = rowsOf("pools")
      .map((p, j) => ({ p, j }))
      .filter(({ p }) => p.service === s.id);
    pools.forEach(({ j }, k) => {
      note(`services[${i}].pools[${k}]`, "pools", j);
    });
    // A service's hand-overs in the sheet's row order, which the domain checks is oldest first.
    const handovers = rowsOf("handovers")
      .map((h, j) => ({ h, j }))
      .filter(({ h }) => h.service === s.id);
    handovers.forEach(({ j }, k) => {
      note(`services[${i}].handovers[${k}]`, "handovers", j);
    });
    return defined({
      id: s.id,
      name: s.name,
      lead: s.lead,
      participants: splitList(s.participants),
      pools: pools.map(({ p }) => defined({ id: p.id, name: p.name })),
      handovers:
        handovers.length === 0
          ? undefined
          : handovers.map(({ h }) => defined({ effectiveFrom: h.effectiveFrom, lead: h.lead })),
    });
  });
  for (const sheet of ["pools", "handovers"] as const)
    rowsOf(sheet).forEach((p, j) => {
      if (!rowsOf("services").some((s) => s.id === p.service)) {
        const o = sheets.get(sheet)?.origins[j];
        issues.push({
          path: where(sheet, o?.row ?? 0, o?.columns.get("service"), "service"),
          message: `unknown service ${JSON.stringify(p.service ?? "")}; expected an id on the sheet services`,
        });
      }
    });
  const rules = rowsOf("rules").map((r, i) => {
    let basis: unknown;
    const json = r.basis !== undefined;
    note(`rules[${i}]`, "rules", i, json);
    if (json) {
      try {
        basis = JSON.parse(r.basis as string);
      } catch (error) {
        const o = sheets.get("rules")?.origins[i];
        issues.push({
          path: where("rules", o?.row ?? 0, o?.columns.get("basis"), "basis"),
          message: `not valid JSON (${(error as Error).message}); expected a basis such as {"kind":"equal"}`,
        });
      }
    } else {
      basis = defined({
        kind: r.kind,
        unit: r.unit,
        shares: parseShares(r.shares),
        driver: r.driver,
        period: r.period,
        among: splitList(r.among),
        partner: r.partner,
      });
    }
    return defined({
      id: r.id,
      service: r.service,
      pool: r.pool,
      effectiveFrom: r.effectiveFrom,
      basis,
      remainder: r.remainder,
      description: r.description,
    });
  });
  const rowsAs = (sheet: SheetName, collection: string) =>
    rowsOf(sheet).map((r, i) => {
      note(`${collection}[${i}]`, sheet, i);
      return defined({ ...r });
    });
  const costLines = rowsAs("cost lines", "costLines");
  const income = rowsAs("income", "income");
  const drivers = rowsAs("drivers", "drivers");
  const rates = rowsAs("fx rates", "fx.rates");
  const budgetRates = rowsAs("budget rates", "fx.budgetRates");
  const consumption = rowsAs("support", "support.consumption");
  const sections = sectionDocument(
    (sheet) => sectionRowsOf.get(sheet) ?? [],
    (path, sheet, row) => origins.set(path, { sheet, row: row.row, columns: row.columns }),
    (sheet, row, header, message) =>
      issues.push({ path: where(sheet, row.row, row.columns.get(header), header), message }),
    issues,
    where,
  );
  if (issues.length > 0)
    throw new CliError(
      "input",
      `${file}: the workbook has ${issues.length} problem${issues.length === 1 ? "" : "s"}`,
      issues,
    );

  const document = defined({
    schemaVersion: 1,
    partnership: defined({ id: partnership.id, name: partnership.name, currency: partnership.currency }),
    partners: rowsAs("partners", "partners"),
    services,
    rules,
    costLines,
    income,
    drivers,
    fx:
      partnership.fxRounding === undefined && rates.length === 0
        ? undefined
        : defined({
            rounding: partnership.fxRounding,
            rates,
            budgetRates: budgetRates.length > 0 ? budgetRates : undefined,
          }),
    support:
      partnership.supportMethod === undefined && consumption.length === 0
        ? undefined
        : defined({ method: partnership.supportMethod, order: splitList(partnership.supportOrder), consumption }),
    ...sections,
  });
  return { document, locate: (path) => locate(path, origins, where, file) };
}

/** The sheet of each top-level collection, for problems with a whole collection (e.g. none given). */
const SHEET_OF: Readonly<Record<string, string>> = {
  partnership: "partnership",
  partners: "partners",
  services: "services",
  rules: "rules",
  costLines: "cost lines",
  income: "income",
  drivers: "drivers",
  fx: "fx rates",
  support: "support",
  budgets: "budgets",
  savings: "savings settings",
  kpis: "KPIs",
  kpiScheme: "KPI scheme",
  measurements: "measurements",
  calendars: "calendars",
  outages: "outages",
  outageCost: "outage cost",
  availability: "availability",
};

/** Field names in document paths that have a different heading in the workbook. */
const HEADING_OF: Readonly<Record<string, string>> = {
  "fx.rounding": "fxRounding",
  "support.method": "supportMethod",
  "support.order": "supportOrder",
};

function locate(
  path: string,
  origins: ReadonlyMap<string, Origin>,
  where: (sheet: string, row: number, col?: number, header?: string) => string,
  file: string,
): string {
  // The longest item path that the document path starts with: `rules[2]` for `rules[2].basis.unit`.
  let prefix = path;
  while (prefix !== "" && !origins.has(prefix)) {
    const shorter = prefix.replace(/(\.[^.[\]]*|\[\d+\])$/, "");
    prefix = shorter === prefix ? "" : shorter;
  }
  const origin = origins.get(prefix);
  if (origin === undefined) {
    const sheet = SHEET_OF[path.split(/[.[]/)[0] ?? ""];
    return sheet === undefined ? `${file}: ${path}` : `${where(sheet, 2).replace(/, row 2$/, "")} (${path})`;
  }
  const rest = path.slice(prefix.length).replace(/^\./, "").split(/[.[]/);
  let field = HEADING_OF[`${prefix}.${rest[0]}`] ?? rest[0] ?? "";
  if (prefix.startsWith("rules[") && field === "basis")
    field = origin.basisAsJson === true ? "basis" : (rest[1] ?? "kind");
  // A field without a column of its own is kept in the section sheets' `other` column.
  const own = origin.columns.get(field);
  const col = own ?? origin.columns.get("other");
  if (own === undefined && col !== undefined) field = "other";
  return where(origin.sheet, origin.row, col, col === undefined ? undefined : field);
}
