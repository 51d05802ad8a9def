/** One column of a workbook sheet: its heading, the document field it fills, and a note for people. */
export interface ColumnSpec {
  readonly header: string;
  readonly note: string;
  readonly width?: number;
  /** Added after workbooks were first written: an older workbook without the heading reads it as blank. */
  readonly optional?: true;
}

/** One sheet of the scenario workbook. */
export interface SheetSpec {
  readonly name: string;
  /** What the sheet holds, shown in the README sheet. */
  readonly about: string;
  readonly columns: readonly ColumnSpec[];
}

const col = (header: string, note: string, width = 14): ColumnSpec => ({ header, note, width });

/**
 * The sheets of the scenario workbook, in order. Headings are the document's field names so that the
 * workbook, the JSON document and error messages use the same words.
 */
export const SHEETS = [
  {
    name: "partnership",
    about: "The partnership: one row. Its currency is the one recharges are made in.",
    columns: [
      col("id", "Identifier: letters, digits, '.', '_' or '-' (e.g. 3c)"),
      col("name", "The partnership's name", 36),
      col("currency", "ISO 4217 code of the recharges, e.g. GBP"),
      col(
        "fxRounding",
        "How converted foreign amounts round to pence: half-even, half-up, down, up… (blank when no FX)",
      ),
      col("supportMethod", "How support services pass costs on: direct, step-down or reciprocal (blank when none)"),
      col("supportOrder", "For step-down: services in closing order, comma-separated"),
    ],
  },
  {
    name: "partners",
    about: "The councils in the partnership, one a row.",
    columns: [col("id", "Short identifier, e.g. CCC"), col("name", "Full name, e.g. Cambridge City Council", 40)],
  },
  {
    name: "services",
    about: "The shared services, each with the lead council that delivers it and recharges the others.",
    columns: [
      col("id", "Short identifier, e.g. ICT"),
      col("name", "Name, e.g. 3C ICT", 28),
      col("lead", "The lead council's partner id"),
      col("participants", "Partner ids sharing the service, comma-separated; blank for every partner", 20),
    ],
  },
  {
    name: "handovers",
    about:
      "Changes of a service's lead, oldest first: from each date (the first day of a month) the new lead charges the others. The services sheet's lead is the lead before the first.",
    columns: [
      col("service", "The service's id"),
      col("effectiveFrom", "First day the new lead leads, YYYY-MM-DD: the first day of a month"),
      col("lead", "The new lead council's partner id: one of the service's participants"),
    ],
  },
  {
    name: "pools",
    about: "The cost pools of each service (staff, licences, accommodation…).",
    columns: [
      col("service", "The service's id"),
      col("id", "Pool identifier, e.g. staff"),
      col("name", "Pool name", 30),
    ],
  },
  {
    name: "rules",
    about:
      "How each pool (or the whole service, pool blank) is shared, from a date. Simple bases use the kind's columns; rate, blended, two-stage and composite bases are written whole in the basis column as JSON.",
    columns: [
      col("id", "Rule version id, e.g. ict-staff-v2", 22),
      col("service", "The service's id"),
      col("pool", "The pool's id; blank for the service-wide rule"),
      col("effectiveFrom", "First day in force, YYYY-MM-DD"),
      col("kind", "equal, fixed, driver or direct (or leave blank and fill basis)"),
      col("unit", "fixed: percent (totalling exactly 100) or ratio"),
      col("shares", "fixed: partner=share pairs, e.g. CCC=24; HDC=56; SCDC=20", 26),
      col("driver", "driver: the driver's name, e.g. users"),
      col("period", "driver: whose quantities apply: year (default), quarter or month"),
      col("among", "equal or driver: only these partners, comma-separated; blank for all participants"),
      col("partner", "direct: the partner that bears it all"),
      col("basis", 'Any basis as JSON, e.g. {"kind":"two-stage",…}; overrides the columns before it', 40),
      col("remainder", "Leftover pennies: largest-remainder (default), to-lead or keep"),
      col("description", "Why this rule, in words", 40),
    ],
  },
  {
    name: "cost lines",
    about: "Costs incurred by each service's lead, to be shared (or give a ledger export with --ledger).",
    columns: [
      col("id", "Unique line id (e.g. the journal reference)", 22),
      col("service", "The service's id"),
      col("pool", "The pool's id"),
      col("date", "Transaction date, YYYY-MM-DD"),
      col("amount", "Amount, e.g. 1234.56; negative for a credit"),
      col("currency", "Blank for the partnership currency; e.g. USD for a dollar invoice (needs FX rates)"),
      col("vat", "outside-scope (default) or standard"),
      col("description", "What the cost is", 40),
    ],
  },
  {
    name: "income",
    about: "Third-party income (services sold to other bodies): reduces what partners pay.",
    columns: [
      col("id", "Unique income line id", 22),
      col("service", "The service's id"),
      col("pool", "The pool whose rule shares it; blank for the service-wide rule"),
      col("date", "Date received, YYYY-MM-DD"),
      col("amount", "Amount received, positive"),
      col("description", "Who paid for what", 40),
    ],
  },
  {
    name: "drivers",
    about: "Each partner's quantity of each driver (users, devices, hours, applications…) for a period.",
    columns: [
      col("driver", "Driver name, e.g. users"),
      col("partner", "Partner id"),
      col("period", "2024/25, 2024/25-Q3 or 2024/25-P7"),
      col("quantity", "Exact non-negative number"),
    ],
  },
  {
    name: "fx rates",
    about: "Exchange rates by date: units of the foreign currency per one unit of the partnership currency.",
    columns: [col("currency", "e.g. USD"), col("date", "YYYY-MM-DD"), col("rate", "e.g. 1.2714 (dollars per pound)")],
  },
  {
    name: "budget rates",
    about: "The rate each year's budget was set at, for the FX variance.",
    columns: [col("currency", "e.g. USD"), col("year", "Financial year, e.g. 2024/25"), col("rate", "e.g. 1.25")],
  },
  {
    name: "support",
    about: "What share of a support service's output each other service consumes (ICT serving Legal).",
    columns: [
      col("from", "The support service's id"),
      col("to", "The service it serves"),
      col("share", "Fraction of the output, e.g. 0.08"),
    ],
  },
] as const satisfies readonly SheetSpec[];

/** A sheet's name. */
export type SheetName = (typeof SHEETS)[number]["name"];
