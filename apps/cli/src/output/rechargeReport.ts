import {
  formatMoney,
  type Money,
  type NetPosition,
  type RechargeRun,
  type RunManifest,
  type Scenario,
  type StatementView,
  settlementView,
  type Transfer,
  toDecimalString,
} from "@3c/domain";
import { statementsCsv, stripControl, stripControlLine, toCsv } from "@3c/workbooks";
import { renderTable } from "./table.js";

const zero = (run: RechargeRun): Money => ({ currency: run.allocation.currency, minor: 0 });

/**
 * The partners and their names, as a legend under a report's title.
 *
 * @param scenario - the scenario run
 * @returns lines `CCC  Cambridge City Council`
 */
export function partnerLegend(scenario: Scenario): string {
  return renderTable(
    ["Partner", "Name"],
    scenario.partners.map((p) => [p.id, p.name]),
  );
}

/**
 * Each partner's charges by service, with the services' totals: the overview of a run.
 *
 * @param run - the recharge run
 * @returns the table
 */
export function chargesTable(run: RechargeRun): string {
  const a = run.allocation;
  const services = a.byService.map((s) => s.service as string).sort();
  const rows = a.byPartner.map((p) => {
    const by = new Map(p.services.map((s) => [s.service as string, s.total]));
    return [p.partner as string, ...services.map((s) => formatMoney(by.get(s) ?? zero(run))), formatMoney(p.total)];
  });
  const byService = new Map(a.byService.map((s) => [s.service as string, s.total]));
  rows.push([
    "All",
    ...services.map((s) => formatMoney(byService.get(s) ?? zero(run))),
    formatMoney(a.certificate.allocated),
  ]);
  return renderTable(["Partner", ...services, "Total"], rows, [
    "left",
    ...services.map(() => "right" as const),
    "right",
  ]);
}

/**
 * The statements: number, type, payer, total and VAT. A lead's view of another partner's statement
 * (only the lines it issues, as the API shows it) has its type marked `*`.
 *
 * @param statements - the run's statements, or those a partner may see
 * @returns the table
 */
export function statementsTable(statements: readonly StatementView[]): string {
  return renderTable(
    ["Number", "Type", "To", "Charges", "Income", "VAT", "Total"],
    statements.map((s) => [
      s.number,
      s.view === undefined ? s.type : `${s.type}*`,
      s.partner,
      formatMoney(s.charges),
      formatMoney(s.incomeNetted),
      formatMoney(s.vat),
      formatMoney(s.totalWithVat),
    ]),
    ["left", "left", "left", "right", "right", "right", "right"],
  );
}

/** The headings of a net positions table's receivable and payable columns. */
export type PositionHeadings = readonly [receivable: string, payable: string];

/**
 * Net positions, the period's or the true-up's: what each partner is owed as a lead, what it owes,
 * and the net.
 *
 * @param positions - the net positions
 * @param headings - the receivable's and the payable's headings (default: the period's, which are
 *   owed amounts; the true-up's are nets that can be negative, {@link TRUE_UP_POSITION_HEADINGS})
 * @returns the table
 */
export function netPositionsTable(
  positions: readonly NetPosition[],
  headings: PositionHeadings = ["Owed as lead", "Owes others"],
): string {
  return renderTable(
    ["Partner", ...headings, "Net"],
    positions.map((p) => [p.partner, formatMoney(p.receivable), formatMoney(p.payable), formatMoney(p.net)]),
    ["left", "right", "right", "right"],
  );
}

/**
 * The period's net positions: {@link netPositionsTable} of the run's `positions`.
 *
 * @param run - the recharge run
 * @returns the table
 */
export function positionsTable(run: RechargeRun): string {
  return netPositionsTable(run.positions);
}

/**
 * Transfers, the period's or the true-up's, one a line.
 *
 * @param transfers - the transfers
 * @returns the lines, or a line saying nothing is owed
 */
export function transferLines(transfers: readonly Transfer[]): string {
  if (transfers.length === 0) return "  Nothing to settle.";
  return transfers.map((t) => `  ${t.from} pays ${t.to} ${formatMoney(t.amount)}`).join("\n");
}

/**
 * The settlement plan, one transfer a line.
 *
 * @param run - the recharge run
 * @returns the lines, or a line saying nothing is owed
 */
export function settlementLines(run: RechargeRun): string {
  return transferLines(run.settlement);
}

/**
 * The proof and the run's identity: conservation certificate and hashes.
 *
 * @param run - the recharge run
 * @returns the lines
 */
export function proofLines(run: RechargeRun): string {
  const c = run.allocation.certificate;
  return [
    `Conservation: money in ${formatMoney(c.moneyIn)} = allocated ${formatMoney(c.allocated)} + unallocated ${formatMoney(c.unallocated)}: ${c.balanced ? "balanced to the penny" : "DOES NOT BALANCE"} over ${c.pools.length} pools and ${c.lineCount} lines.`,
    manifestLines(run.manifest),
  ].join("\n");
}

/**
 * The run's identity: the engine and the input and output hashes of its manifest.
 *
 * @param manifest - the run's manifest
 * @returns the lines
 */
export function manifestLines(manifest: RunManifest): string {
  return [
    `Engine: ${manifest.engine.name}@${manifest.engine.version}`,
    `Input hash:  ${manifest.inputHash}`,
    `Output hash: ${manifest.outputHash}`,
  ].join("\n");
}

/** A year's advances by quarter: the quarters, and each partner's advance in each of them. */
export interface QuarterAdvances {
  /** The quarters, e.g. `2024/25-Q1`, in order. */
  readonly quarters: readonly string[];
  /** Each partner's advances, one a quarter in the order of {@link QuarterAdvances.quarters}. */
  readonly byPartner: ReadonlyMap<string, readonly Money[]>;
}

/**
 * Each partner's advances from the budget, summed by quarter over its services.
 *
 * @param run - a year's recharge run with the budget
 * @returns the quarters and each partner's advance in each; no quarters for a run without the budget
 * @example advancesByQuarter(run).byPartner.get("CCC") // four amounts, Q1 to Q4
 */
export function advancesByQuarter(run: RechargeRun): QuarterAdvances {
  const advances = run.advances ?? [];
  const quarters = [...new Set(advances.map((a) => a.quarter as string))].sort();
  const byPartner = new Map<string, Money[]>();
  for (const p of run.trueUp?.byPartner ?? [])
    byPartner.set(
      p.partner,
      quarters.map(() => zero(run)),
    );
  for (const a of advances) {
    const row = byPartner.get(a.partner) ?? quarters.map(() => zero(run));
    const i = quarters.indexOf(a.quarter);
    row[i] = { currency: run.allocation.currency, minor: (row[i]?.minor ?? 0) + a.amount.minor };
    byPartner.set(a.partner, row);
  }
  return { quarters, byPartner };
}

/**
 * The true-up for each service of every partner, or of one: advances, charge and true-up; with the
 * lead of each part when a service changed lead in the year.
 *
 * @param run - a year's recharge run with the budget
 * @param partner - only this partner's lines, without the partner column
 * @returns the table (its heading row first, then one row per line in the run's order)
 */
export function trueUpLinesTable(run: RechargeRun, partner?: string): string {
  const all = run.trueUp?.lines ?? [];
  const lines = partner === undefined ? all : all.filter((l) => l.partner === partner);
  // The lead of each part only when a service changed lead in the year.
  const parts = all.some((l) => l.lead !== undefined);
  const who = (l: (typeof all)[number]) => (partner === undefined ? [l.partner as string] : []);
  return renderTable(
    [
      ...(partner === undefined ? ["Partner"] : []),
      "Service",
      ...(parts ? ["Lead"] : []),
      "Advances",
      "Charge",
      "True-up",
    ],
    lines.map((l) => [
      ...who(l),
      l.service,
      ...(parts ? [l.lead === undefined ? "" : `${l.lead} from ${l.leadFrom}`] : []),
      formatMoney(l.advances),
      formatMoney(l.charge),
      formatMoney(l.trueUp),
    ]),
    [
      ...(partner === undefined ? ["left" as const] : []),
      "left",
      ...(parts ? ["left" as const] : []),
      "right",
      "right",
      "right",
    ],
  );
}

/** Each partner's year of a true-up: its advances, its charge and the true-up between them. */
export type PartnerTrueUp = NonNullable<RechargeRun["trueUp"]>["byPartner"][number];

/**
 * Each partner's year: its advances, its charge and the true-up between them.
 *
 * @param byPartner - the true-up's partners (a run's, or those a partner may see)
 * @returns the table (its heading row first, then one row per partner in the order given)
 */
export function trueUpByPartnerTable(byPartner: readonly PartnerTrueUp[]): string {
  return renderTable(
    ["Partner", "Advances", "Charge", "True-up"],
    byPartner.map((p) => [p.partner, formatMoney(p.advances), formatMoney(p.charge), formatMoney(p.trueUp)]),
    ["left", "right", "right", "right"],
  );
}

/**
 * The transfers that settle the true-ups, one a line.
 *
 * @param run - a year's recharge run with the budget
 * @returns the lines, or a line saying nothing is owed
 */
export function trueUpSettlementLines(run: RechargeRun): string {
  return transferLines(run.trueUpSettlement?.settlement ?? []);
}

/**
 * A year's end with the budget: each partner's advances by quarter, then its true-up for each
 * service (for a service that changed lead, for each lead's part), and the transfers that settle
 * the true-ups.
 *
 * @param run - a year's recharge run with the budget
 * @returns the lines, or an empty list for a run without the budget
 */
export function yearEndLines(run: RechargeRun): string[] {
  const { advances, trueUp, trueUpSettlement } = run;
  if (advances === undefined || trueUp === undefined || trueUpSettlement === undefined) return [];
  const { quarters, byPartner } = advancesByQuarter(run);
  const settlement = trueUpSettlement.settlement;
  return [
    "Advances from the budget (each partner's estimated charge, paid by quarter):",
    renderTable(
      ["Partner", ...quarters.map((q) => q.slice(-2)), "Year"],
      trueUp.byPartner.map((p) => [
        p.partner,
        ...(byPartner.get(p.partner) ?? []).map((m) => formatMoney(m)),
        formatMoney(p.advances),
      ]),
      ["left", ...quarters.map(() => "right" as const), "right"],
    ),
    "",
    "True-up (the year's actual charge less the advances: positive is a further charge, negative a refund):",
    trueUpLinesTable(run),
    "",
    trueUpByPartnerTable(trueUp.byPartner),
    "",
    `True-up settlement: ${settlement.length} transfer${settlement.length === 1 ? "" : "s"}:`,
    trueUpSettlementLines(run),
    "",
  ];
}

function heading(run: RechargeRun, scenario: Scenario, what: string): string {
  return periodHeading(scenario.partnership.name, run.allocation.period, what);
}

/**
 * A report's title: the partnership, what the report is, and the period with its dates.
 *
 * @param name - the partnership's name
 * @param p - the period
 * @param what - e.g. `recharge`
 * @returns the line
 */
export function periodHeading(
  name: string,
  p: { readonly name: string; readonly start: string; readonly end: string },
  what: string,
): string {
  return `${stripControlLine(name)}: ${what} for ${p.name} (${p.start} to ${p.end}, end exclusive)`;
}

/**
 * The whole recharge as a plain-text report: charges, statements, positions, settlement, for a
 * year with the budget its advances and true-up, and the proof.
 *
 * @param run - the recharge run
 * @param scenario - the scenario it ran on (names)
 * @returns the report, ending with a newline
 */
export function rechargeReport(run: RechargeRun, scenario: Scenario): string {
  const first = run.statements.statements[0];
  return stripControl(
    [
      heading(run, scenario, "recharge"),
      "",
      partnerLegend(scenario),
      "",
      "Charges by service (each partner's share, its own services included):",
      chargesTable(run),
      "",
      `Statements${first === undefined ? "" : ` issued ${first.issueDate}`} (each lead charges the others; its own share is retained):`,
      run.statements.statements.length === 0
        ? "  No statements: nobody is charged."
        : statementsTable(run.statements.statements),
      "",
      "Net positions:",
      positionsTable(run),
      "",
      `Settlement: ${run.settlement.length} transfer${run.settlement.length === 1 ? "" : "s"} instead of ${run.statements.invoices.length} invoice${run.statements.invoices.length === 1 ? "" : "s"}:`,
      settlementLines(run),
      "",
      ...yearEndLines(run),
      proofLines(run),
      "",
    ].join("\n"),
  );
}

/** A settlement as `3c settle` shows it: the invoices it replaces, the net positions and the transfers. */
export interface SettlementShown {
  readonly invoices: readonly Transfer[];
  readonly positions: readonly NetPosition[];
  readonly settlement: readonly Transfer[];
}

/** The year-end true-up's settlement as `3c settle --budget` shows it: each partner's year first. */
export interface TrueUpSettlementShown extends SettlementShown {
  readonly trueUp: readonly PartnerTrueUp[];
}

/**
 * What `3c settle` shows of a run, whole or as one partner may see it: the domain's
 * {@link settlementView}, the one rule of what a run settles — its charges, or for a year's run with
 * the budget the year-end true-up (each partner's year first), the advances having been paid.
 *
 * @param run - the recharge run
 * @param partner - only this partner's part: its own position (and year), the invoices and
 *   transfers it pays or receives
 * @returns the invoices, positions and transfers, in `3c settle`'s JSON order; a true-up's with
 *   `trueUp` ({@link isTrueUpShown})
 */
export function settlementShown(run: RechargeRun, partner?: string): SettlementShown | TrueUpSettlementShown {
  const { basis, trueUp, ...shown } = settlementView(run, partner);
  return basis === "true-up" ? { trueUp: trueUp ?? [], ...shown } : shown;
}

/**
 * Whether what {@link settlementShown} gave is the year-end true-up's settlement.
 *
 * @param shown - a settlement shown
 * @returns true for the true-up's
 */
export function isTrueUpShown(shown: SettlementShown | TrueUpSettlementShown): shown is TrueUpSettlementShown {
  return "trueUp" in shown;
}

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
const verb = (n: number, word: string): string => `${word}${n === 1 ? "s" : ""}`;

/**
 * The settlement as a plain-text report: positions and transfers.
 *
 * @param run - the recharge run
 * @param scenario - the scenario it ran on
 * @param shown - what to show of it, whole or one partner's part ({@link settlementShown})
 * @param partner - the partner whose part `shown` is, when it is one partner's
 * @returns the report, ending with a newline
 */
export function settlementReport(
  run: RechargeRun,
  scenario: Scenario,
  shown: SettlementShown,
  partner?: string,
): string {
  const transfers = `${count(shown.settlement.length, "transfer")} ${verb(shown.settlement.length, "settle")}`;
  return stripControl(
    [
      heading(run, scenario, "settlement"),
      "",
      netPositionsTable(shown.positions),
      "",
      partner === undefined
        ? `${transfers} every position (instead of ${count(shown.invoices.length, "invoice")} paid gross):`
        : `${transfers} ${partner}'s position (instead of ${count(shown.invoices.length, "invoice")} it pays or receives gross):`,
      transferLines(shown.settlement),
      "",
    ].join("\n"),
  );
}

/**
 * The true-up positions' column headings: a lead refunds when its services' true-ups are credits, and
 * a partner is refunded when its own are, so each column is a net whose sign the legend explains
 * ("Owed as lead" read falsely of a negative figure).
 */
export const TRUE_UP_POSITION_HEADINGS: PositionHeadings = ["Net as lead", "Net to its leads"];

/** What the signs of {@link TRUE_UP_POSITION_HEADINGS} mean, printed under the table. */
export const TRUE_UP_SIGN_LEGEND =
  "(Net as lead: + the others owe it true-ups, - it refunds them. Net to its leads: + it owes them, - they refund it.)";

/**
 * The body of the year-end true-up's settlement, below its title: each partner's advances, charge
 * and true-up, the net positions of the true-ups (each partner's owed to or refunded by each lead,
 * netted; over every partner they sum to zero) and the fewest transfers that settle them. A local
 * run's report and a stored run's (`3c settle --run`) both lay it out here.
 *
 * @param shown - the true-up's settlement, whole or one partner's part
 * @param partner - the partner whose part `shown` is, when it is one partner's (its own year and
 *   position: they do not sum to zero)
 * @returns the lines, the last one empty
 */
export function trueUpSettlementBody(shown: TrueUpSettlementShown, partner?: string): string[] {
  const { invoices, positions, settlement } = shown;
  const transfers = `${count(settlement.length, "transfer")} ${verb(settlement.length, "settle")}`;
  return [
    `${partner === undefined ? "Each partner's" : `${partner}'s`} year: the advances it paid from the budget, its actual charge, and the true-up:`,
    trueUpByPartnerTable(shown.trueUp),
    "",
    partner === undefined
      ? "Net positions of the true-up (net as a lead less net to its leads; they sum to zero):"
      : `${partner}'s net position of the true-up (net as a lead less net to its leads):`,
    netPositionsTable(positions, TRUE_UP_POSITION_HEADINGS),
    TRUE_UP_SIGN_LEGEND,
    "",
    partner === undefined
      ? `${transfers} the true-up (instead of ${count(invoices.length, "true-up")} paid to or by each lead):`
      : `${transfers} ${partner}'s part of the true-up (instead of ${count(invoices.length, "true-up")} it pays or receives):`,
    transferLines(settlement),
    "",
  ];
}

/**
 * The year-end true-up's settlement as a plain-text report (`3c settle --budget`): its title, then
 * {@link trueUpSettlementBody}.
 *
 * @param run - a year's recharge run with the budget
 * @param scenario - the scenario it ran on
 * @param shown - what to show of it, whole or one partner's part ({@link settlementShown})
 * @param partner - the partner whose part `shown` is, when it is one partner's
 * @returns the report, ending with a newline
 */
export function trueUpSettlementReport(
  run: RechargeRun,
  scenario: Scenario,
  shown: TrueUpSettlementShown,
  partner?: string,
): string {
  return stripControl(
    [heading(run, scenario, "year-end true-up settlement"), "", ...trueUpSettlementBody(shown, partner)].join("\n"),
  );
}

/**
 * Statements as CSV: the layout of `@3c/workbooks`' {@link statementsCsv} (a row per line, then
 * each statement's total row), the same the API writes for one statement.
 *
 * @param statements - every statement of the run, or those a partner may see
 * @returns the CSV text
 */
export function statementLinesCsv(statements: readonly StatementView[]): string {
  return statementsCsv(statements);
}

/**
 * Net positions and the transfers that settle them as CSV.
 *
 * @param shown - the net positions and the transfers (the period's or the true-up's, whole or a partner's)
 * @returns the CSV text: one row per position (`record` `position`), then one per transfer (`transfer`)
 */
export function positionsCsv({ positions, settlement }: SettlementShown): string {
  return toCsv(
    ["record", "partner", "receivable", "payable", "net", "to", "amount"],
    [
      ...positions.map((p) => [
        "position",
        p.partner,
        toDecimalString(p.receivable),
        toDecimalString(p.payable),
        toDecimalString(p.net),
        "",
        "",
      ]),
      ...settlement.map((t) => ["transfer", t.from, "", "", "", t.to, toDecimalString(t.amount)]),
    ],
  );
}
