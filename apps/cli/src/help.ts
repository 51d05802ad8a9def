import { CLI_VERSION } from "./version.js";

/** The commands of `3c`, in the order help lists them. */
export const COMMANDS = [
  "calc",
  "recharge",
  "settle",
  "savings",
  "kpi",
  "report",
  "diff",
  "runs",
  "validate",
  "schema",
  "template",
  "help",
] as const;

/** One of {@link COMMANDS}. */
export type CommandName = (typeof COMMANDS)[number];

const INPUTS = `Inputs (every command that reads a scenario):
  FILE | --scenario FILE   scenario: .json, .yaml/.yml, or an .xlsx workbook (see 3c template)
  --demo                   the built-in demo partnership (illustrative figures)
  --ledger CSV             cost lines from a ledger export, replacing the scenario's own
  --map FILE               the ledger's column mapping (JSON); or one --column FIELD=HEADER each
  --keep-lines             keep every ledger line (default: one line per service, pool, day)
  --no-progress            no progress bar while a large ledger is read (drawn on a terminal only)`;

const HELP: Readonly<Record<CommandName | "main", string>> = {
  main: `3c ${CLI_VERSION}: the recharging calculator of a shared-services partnership

Usage: 3c COMMAND [FILE] [options]

Commands:
  calc       open the interactive calculator (overview, drill-down, what-if, exports)
  recharge   each partner's charges and statements for a period
  settle     net positions and the fewest transfers that settle them
  savings    each partner's savings against baseline and target, and since the start
  kpi        the KPI scorecard: RAG status, direction of travel, year-end prediction
  report     a service's standard annual report: finance, savings, KPIs, outages
  diff       every partner's difference between two scenarios
  runs       the recharge runs stored in the 3c API (read one with 3c recharge --run,
             its year end with 3c settle --run)
  validate   check a scenario (and ledger), reporting every problem with its location
  schema     print the scenario document's JSON Schema
  template   write a blank annotated Excel template (--demo: filled with the demo)
  help       help on a command: 3c help recharge

Examples:
  3c calc --demo
  3c recharge --demo --period 2024/25-Q3
  3c recharge base.yaml --period 2024/25 --format xlsx --out statements.xlsx
  3c recharge --scenario base.json --ledger ledger.csv --map map.json --period 2024/25-Q3 --format csv
  3c settle partnership.xlsx --period 2024/25
  3c savings --demo --year 2024/25
  3c kpi --demo --year 2024/25 --service ICT
  3c report ICT --demo --year 2024/25 --format json --out ict-2024-25.json
  3c diff base.json proposed.json --period 2024/25
  3c runs --api https://3c.example.org --key 3c_… --partnership 3c --status approved
  3c recharge --api https://3c.example.org --key 3c_… --partnership 3c --run run-1
  3c validate partnership.xlsx
  3c template --demo --out demo.xlsx

Options: -h, --help   this help (3c help COMMAND for a command's)
         -V, --version  the version
--out FILE writes to a file: one ending .json, .csv or .xlsx in that format unless --format says
otherwise. Colours follow the terminal; NO_COLOR=1 or --no-color turns them off. Without a
terminal (pipes, CI) 3c prints plain output and never waits for input.

Exit codes: 0 ok, 1 invalid input (every problem is listed with its location), 2 usage error,
3 API or network error, 4 internal error (a bug in 3c: please report it).`,
  calc: `Usage: 3c calc [FILE | --demo] [--period PERIOD] [--budget FILE|demo] [ledger options]

Opens the interactive calculator: each partner's charges, what it is owed as a lead, its net
position and the settlement plan; drill down partner → service → pool → lines with the basis of
every amount; what-if on shares, driver quantities, rules and exchange rates; export statements
(XLSX, CSV) and full results (JSON). Press ? inside for the keys. Needs a terminal.

  --period PERIOD   e.g. 2024/25 or 2024/25-Q3 (default with --demo: 2024/25)
  --budget FILE|demo
                    a year only, as for 3c recharge: adds the year end (key y): advances
                    by quarter, each partner's true-up and the transfers that settle it
  --issue-date DATE, --due-date DATE, --number-prefix TEXT, --vat-rate PERCENT
                    the statements' dates, numbers and VAT rate, as for 3c recharge (the
                    exports' statements; the VAT rate changes the invoices and net positions)

${INPUTS}

Examples:
  3c calc --demo
  3c calc --demo --budget demo
  3c calc partnership.xlsx --period 2024/25-Q3`,
  recharge: `Usage: 3c recharge [FILE | --demo] --period PERIOD [options]

Allocates the period, builds every partner's statement and plans the settlement.

  --period PERIOD        2024/25, 2024/25-Q3 or 2024/25-P7 (required)
  --format FORMAT        table (default), json (the full run), csv (statement lines and totals), xlsx
  --out PATH             write to a file instead of standard output (required for xlsx); a name
                         ending .json, .csv or .xlsx sets the format when --format is not given
  --issue-date DATE      statements' issue date (default: the period's last day)
  --due-date DATE        statements' due date (default: none)
  --number-prefix TEXT   statement numbers are PREFIX-PARTNER (default: 3C-PERIOD, e.g. 3C-2024/25-Q3-CCC)
  --vat-rate PERCENT     VAT rate for standard-rated lines (default 20), rounded half-even
  --budget FILE|demo     a year only: the budget scenario (budget lines as its cost lines,
                         estimated drivers) for each partner's quarterly advances, the true-up
                         and its settlement; demo: the demo partnership's budget of 2024/25
  --partner X            only the statement to partner X (json: that statement; xlsx: its sheet,
                         as the API's .../statements/X?format=xlsx)
  --api URL --key KEY    run it on the 3c API (POST /v1/calculate) instead of here: the same
                         output; exit 3 when the API cannot be reached or refuses

A stored run of the API, as the key may see it (no FILE, --demo, --period or statement options:
the run was made already):
  --api URL --key KEY --partnership ID --run RUN
                         the run's statements (its partner's own whole, and as a lead the lines
                         it issues on others', marked *), its partner's net position and the
                         transfers it pays or receives, by the same renderers; json: the run and
                         those; csv: those statements; xlsx: a summary and a sheet each (a lead's
                         views marked). An unknown run is the API's 404, exit 3. List the runs
                         with 3c runs

${INPUTS}

Examples:
  3c recharge --demo --period 2024/25-Q3
  3c recharge --demo --period 2024/25 --budget demo
  3c recharge base.yaml --period 2024/25 --format json --out run.json
  3c recharge base.xlsx --period 2024/25-Q3 --format xlsx --out statements.xlsx
  3c recharge base.yaml --period 2024/25-Q3 --api https://3c.example.org --key 3c_…
  3c recharge --api https://3c.example.org --key 3c_… --partnership 3c --run run-1 --format csv`,
  settle: `Usage: 3c settle [FILE | --demo] --period PERIOD [--budget FILE|demo] [--partner X]
                 [--format table|json|csv] [--out PATH] [--api URL --key KEY]

Each partner's net position (owed as a lead less owed to others) and the fewest transfers that
settle every position, instead of paying each invoice gross.

  --budget FILE|demo     a year only: settle the year-end true-up instead (the advances from the
                         budget paid): each partner's advances, charge and true-up, the true-ups'
                         net positions (summing to zero) and the fewest transfers; the budget as
                         3c recharge --budget takes it (demo: the demo partnership's of 2024/25)
  --partner X            only partner X's part: its own year and net position, the invoices and
                         transfers it pays or receives (what the API shows X's key)
  --vat-rate PERCENT     VAT rate for standard-rated lines, as for 3c recharge: each invoice is
                         settled with its VAT (default 20). The statements' dates and numbers
                         are 3c recharge's (its --issue-date, --due-date, --number-prefix):
                         settle refuses them, as no position or transfer depends on them

A stored budget run's year end, from the API, as the key may see it (finance, approver or admin
keys; no FILE, --demo, --period, --budget or statement options: the run was made already):
  --api URL --key KEY --partnership ID --run RUN
                         the key's partner's part of the year-end true-up settlement
                         (GET .../runs/RUN/year-end), by the same renderers: json and csv are
                         the local run's with --partner, byte for byte. A run without the budget
                         (409) or a key that may not read the year end (403) is the API's
                         problem, exit 3

${INPUTS}

Examples:
  3c settle --demo --period 2024/25
  3c settle --demo --period 2024/25 --budget demo --format csv
  3c settle --api https://3c.example.org --key 3c_… --partnership 3c --run run-4`,
  savings: `Usage: 3c savings [FILE | --demo] --year YEAR [--format table|json|csv|xlsx] [--out PATH]

Each partner's saving for the year against its indexed baseline (baseline less what it paid),
as a % of the baseline, cumulative since the first year and against the agreed target; by
service; and since the first year after one-off costs, with the payback year.

  --year YEAR       a financial year, e.g. 2024/25 (required); one with no savings figures
                    is refused (exit 2), naming the years that have them
  --format FORMAT   table (default), json (the domain's SavingsReport), csv (partner, service,
                    year; then partner and partnership totals), xlsx (by partner and by
                    service, amounts in £ format; needs --out)
  --out PATH        write to a file instead of standard output; a name ending .json, .csv or
                    .xlsx sets the format when --format is not given
  --api URL --key KEY   with --partnership ID: the API's report of the partnership's stored data

${INPUTS}

Examples:
  3c savings --demo --year 2024/25
  3c savings partnership.xlsx --year 2024/25 --format csv --out savings.csv
  3c savings --demo --year 2024/25 --format xlsx --out savings.xlsx`,
  kpi: `Usage: 3c kpi [FILE | --demo] --year YEAR [--service SERVICE] [--as-at WHEN] [--format table|json|csv|xlsx] [--out PATH]

The KPI scorecard for the year: each KPI's year to date against target with its RAG status
(coloured on a terminal), direction of travel against last year (↑ improved, ↓ worse, → same),
the predicted year end, each quarter, and the points flagged for review.

  --year YEAR       a financial year, e.g. 2024/25 (required); one not begun when the
                    scorecard is taken is refused (exit 2)
  --service ID      only this service's KPIs
  --as-at WHEN      when the scorecard is taken: outages still open end there, and one not begun
                    counts nothing. An ISO 8601 instant, or a date (its first instant in UK time).
                    Default: the earlier of the year's end and now, as the API takes it
  --format FORMAT   table (default), json (the domain's KpiScorecard), csv (one row per period),
                    xlsx (one row per period, percentages as %, status filled in its RAG colour;
                    needs --out)
  --out PATH        write to a file instead of standard output; a name ending .json, .csv or
                    .xlsx sets the format when --format is not given
  --api URL --key KEY   with --partnership ID: the API's report of the partnership's stored data

${INPUTS}

Examples:
  3c kpi --demo --year 2024/25
  3c kpi partnership.yaml --year 2024/25 --service ICT --format csv
  3c kpi --demo --year 2024/25 --format xlsx --out kpis.xlsx`,
  report: `Usage: 3c report SERVICE [FILE | --demo] --year YEAR [--as-at WHEN] [--format table|json|csv|xlsx] [--out PATH]

The standard annual report of one shared service, the same for every service: Finance (budget
against actual by pool, what each partner paid), Savings, KPIs, Outages (availability, the log
and its cost) and Review flags.

  --year YEAR       a financial year, e.g. 2024/25 (required); one not begun when the
                    report is taken is refused (exit 2)
  --as-at WHEN      when the report is taken: outages still open end there, and one not begun
                    counts nothing. An ISO 8601 instant, or a date (its first instant in UK time).
                    Default: the earlier of the year's end and now, as the API takes it
  --format FORMAT   table (default), json (the domain's AnnualReport), csv (section,item,measure,value),
                    xlsx (a sheet per section, money in £ format, percentages as %, KPI status
                    filled in its RAG colour; needs --out)
  --out PATH        write to a file instead of standard output; a name ending .json, .csv or
                    .xlsx sets the format when --format is not given
  --api URL --key KEY   with --partnership ID: the API's report of the partnership's stored data

${INPUTS}

Examples:
  3c report ICT --demo --year 2024/25
  3c report LEGAL partnership.xlsx --year 2024/25 --format json --out legal.json
  3c report ICT --demo --year 2024/25 --format xlsx --out ict-2024-25.xlsx`,
  diff: `Usage: 3c diff BEFORE AFTER --period PERIOD [--format table|json|csv] [--out PATH]
       3c diff --demo AFTER --period PERIOD [...]

Allocates both scenarios for the period and shows every partner's exact difference in total, by
service and by pool. BEFORE and AFTER are scenario files (JSON, YAML or XLSX); --demo in place of
BEFORE compares AFTER with the demo partnership (e.g. a copy of 3c template --demo, changed).
With --api URL --key KEY the API allocates both (its stateless calculation); the output is the same.

Two stored runs of the API instead (no files, no --period), as the key may see their difference
(its partner's own charge, and each partner's for the services it led in both runs):
  --api URL --key KEY --partnership ID --run RUN --against OTHER
                    the difference from run OTHER to run RUN (GET .../runs/RUN/diff?against=OTHER)

Examples:
  3c diff base.json proposed.json --period 2024/25
  3c diff --demo proposed.xlsx --period 2024/25
  3c diff --api https://3c.example.org --key 3c_… --partnership 3c --run run-2 --against run-1`,
  runs: `Usage: 3c runs --api URL --key KEY --partnership ID [--period PERIOD] [--status STATUS]
               [--format table|json] [--out PATH]

The partnership's recharge runs stored in the 3c API, newest first: id, period, kind (a reversal
names the run it reverses), status, who prepared and approved each and when, and the start of its
manifest's output hash (json: the API's runs whole, the manifest included). Read one with
3c recharge --api URL --key KEY --partnership ID --run RUN.

  --period PERIOD   only this period's runs, e.g. 2024/25-Q3
  --status STATUS   only runs in this status: draft, approved, posted, reversed or discarded

Example:
  3c runs --api https://3c.example.org --key 3c_… --partnership 3c --period 2024/25-Q3`,
  validate: `Usage: 3c validate [FILE | --demo] [--ledger CSV --map FILE] [--api URL --key KEY]

Checks a scenario (and a ledger export) and lists every problem with its location: the path in a
JSON or YAML document, the sheet, row and column in a workbook, the line and column in a CSV.
With --api URL --key KEY the API checks the document (the rules of the version it runs); the
output is the same. Exit code 0 when valid, 1 when not.

${INPUTS}

Examples:
  3c validate partnership.yaml
  3c validate --scenario base.json --ledger ledger.csv --map map.json
  3c validate partnership.xlsx --api https://3c.example.org --key 3c_…`,
  schema: `Usage: 3c schema [--out PATH] [--api URL --key KEY]

Prints the JSON Schema (draft 2020-12) of the scenario document; with --api URL --key KEY, the
schema the API validates against.

Example:
  3c schema --out scenario.schema.json`,
  template: `Usage: 3c template [--demo] --out PATH.xlsx

Writes an Excel workbook with one annotated sheet per kind of input (partners, services, their
hand-overs to a new lead, pools, rules, cost lines, income, drivers, FX rates, budget rates, support, budgets, the savings
agreement, KPIs and their targets, measurements, calendars, outages, outage cost, availability);
hover a heading for what to enter. --demo fills it with the demo partnership. 3c reads such a workbook back wherever it takes
a scenario file.

Examples:
  3c template --out partnership.xlsx
  3c template --demo --out demo.xlsx`,
  help: `Usage: 3c help [COMMAND]

Shows help on 3c or one of its commands.`,
};

/**
 * The help text of `3c` or one of its commands.
 *
 * @param command - a command name, or undefined for the overview
 * @returns the text to print
 */
export function helpText(command?: CommandName): string {
  return `${HELP[command ?? "main"]}\n`;
}

/**
 * Whether a word is one of the commands.
 *
 * @param word - e.g. `recharge`
 * @returns true when it names a command
 */
export function isCommand(word: string): word is CommandName {
  return (COMMANDS as readonly string[]).includes(word);
}
