import {
  formatMoney,
  type Money,
  type NetPosition,
  type RechargeRun,
  type RunManifest,
  type Scenario,
  type StatementView,
  type Transfer,
  toDecimalString,
} from "@3c/domain";
import { statementsCsv, stripControl, stripControlLine, toCsv } from "@3c/workbooks";
import { CliError } from "../CliError.js";
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

/**
 * Each partner's year: its advances, its charge and the true-up between them.
 *
 * @param run - a year's recharge run with the budget
 * @returns the table (its heading row first, then one row per partner in the run's order)
 */
export function trueUpByPartnerTable(run: RechargeRun): string {
  return renderTable(
    ["Partner", "Advances", "Charge", "True-up"],
    (run.trueUp?.byPartner ?? []).map((p) => [
      p.partner,
      formatMoney(p.advances),
      formatMoney(p.charge),
      formatMoney(p.trueUp),
    ]),
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
    trueUpByPartnerTable(run),
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

/**
 * The settlement as a plain-text report: positions and transfers.
 *
 * @param run - the recharge run
 * @param scenario - the scenario it ran on
 * @returns the report, ending with a newline
 */
export function settlementReport(run: RechargeRun, scenario: Scenario): string {
  return stripControl(
    [
      heading(run, scenario, "settlement"),
      "",
      positionsTable(run),
      "",
      `${run.settlement.length} transfer${run.settlement.length === 1 ? "" : "s"} settle every position (instead of ${run.statements.invoices.length} invoice${run.statements.invoices.length === 1 ? "" : "s"} paid gross):`,
      settlementLines(run),
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
 * The year-end true-up's settlement as a plain-text report (`3c settle --budget`): each partner's
 * advances, charge and true-up, the net positions of the true-ups (each partner's owed to or
 * refunded by each lead, netted; they sum to zero) and the fewest transfers that settle them.
 *
 * @param run - a year's recharge run with the budget
 * @param scenario - the scenario it ran on
 * @returns the report, ending with a newline
 * @throws CliError usage when the run has no true-up (it was run without the budget)
 */
export function trueUpSettlementReport(run: RechargeRun, scenario: Scenario): string {
  const { invoices, positions, settlement } = trueUpSettlementOf(run);
  return stripControl(
    [
      heading(run, scenario, "year-end true-up settlement"),
      "",
      "Each partner's year: the advances it paid from the budget, its actual charge, and the true-up:",
      trueUpByPartnerTable(run),
      "",
      "Net positions of the true-up (net as a lead less net to its leads; they sum to zero):",
      netPositionsTable(positions, TRUE_UP_POSITION_HEADINGS),
      TRUE_UP_SIGN_LEGEND,
      "",
      `${settlement.length} transfer${settlement.length === 1 ? "" : "s"} settle the true-up (instead of ${invoices.length} true-up${invoices.length === 1 ? "" : "s"} paid to or by each lead):`,
      transferLines(settlement),
      "",
    ].join("\n"),
  );
}

/**
 * The run's true-up settlement, which only a year's run with the budget has.
 *
 * @param run - the recharge run
 * @returns the true-up's invoices, net positions and transfers
 * @throws CliError usage for a run without the budget
 */
export function trueUpSettlementOf(run: RechargeRun): NonNullable<RechargeRun["trueUpSettlement"]> {
  if (run.trueUpSettlement === undefined) {
    throw new CliError("usage", `the run of ${run.allocation.period.name} has no true-up: give --budget FILE|demo`);
  }
  return run.trueUpSettlement;
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
 * The period's positions and transfers as CSV: {@link positionsCsv} of the run's.
 *
 * @param run - the recharge run
 * @returns the CSV text: one row per position, then one per transfer
 */
export function settlementCsv(run: RechargeRun): string {
  return positionsCsv(run.positions, run.settlement);
}

/**
 * The year-end true-up's positions and transfers as CSV (`3c settle --budget --format csv`), in
 * the layout of {@link settlementCsv}.
 *
 * @param run - a year's recharge run with the budget
 * @returns the CSV text: one row per position, then one per transfer
 * @throws CliError usage when the run has no true-up
 */
export function trueUpSettlementCsv(run: RechargeRun): string {
  const { positions, settlement } = trueUpSettlementOf(run);
  return positionsCsv(positions, settlement);
}

/**
 * Net positions and the transfers that settle them as CSV.
 *
 * @param positions - the net positions
 * @param transfers - the transfers
 * @returns the CSV text: one row per position (`record` `position`), then one per transfer (`transfer`)
 */
export function positionsCsv(positions: readonly NetPosition[], transfers: readonly Transfer[]): string {
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
      ...transfers.map((t) => ["transfer", t.from, "", "", "", t.to, toDecimalString(t.amount)]),
    ],
  );
}
