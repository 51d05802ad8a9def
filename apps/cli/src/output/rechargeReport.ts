import { formatMoney, type Money, type RechargeRun, type Scenario, toDecimalString } from "@3c/domain";
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
 * The statements: number, type, payer, total and VAT, and which leads issue them.
 *
 * @param run - the recharge run
 * @returns the table
 */
export function statementsTable(run: RechargeRun): string {
  return renderTable(
    ["Number", "Type", "To", "Charges", "Income", "VAT", "Total"],
    run.statements.statements.map((s) => [
      s.number,
      s.type,
      s.partner,
      formatMoney(s.charges),
      formatMoney(s.incomeNetted),
      formatMoney(s.vat),
      formatMoney(s.totalWithVat),
    ]),
    ["left", "left", "left", "right", "right", "right", "right"],
  );
}

/**
 * Net positions: what each partner is owed as a lead, what it owes, and the net.
 *
 * @param run - the recharge run
 * @returns the table
 */
export function positionsTable(run: RechargeRun): string {
  return renderTable(
    ["Partner", "Owed as lead", "Owes others", "Net"],
    run.positions.map((p) => [p.partner, formatMoney(p.receivable), formatMoney(p.payable), formatMoney(p.net)]),
    ["left", "right", "right", "right"],
  );
}

/**
 * The settlement plan, one transfer a line.
 *
 * @param run - the recharge run
 * @returns the lines, or a line saying nothing is owed
 */
export function settlementLines(run: RechargeRun): string {
  if (run.settlement.length === 0) return "  Nothing to settle.";
  return run.settlement.map((t) => `  ${t.from} pays ${t.to} ${formatMoney(t.amount)}`).join("\n");
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
    `Engine: ${run.manifest.engine.name}@${run.manifest.engine.version}`,
    `Input hash:  ${run.manifest.inputHash}`,
    `Output hash: ${run.manifest.outputHash}`,
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
  const settlement = run.trueUpSettlement?.settlement ?? [];
  if (settlement.length === 0) return "  Nothing to settle.";
  return settlement.map((t) => `  ${t.from} pays ${t.to} ${formatMoney(t.amount)}`).join("\n");
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
  const p = run.allocation.period;
  return `${stripControlLine(scenario.partnership.name)}: ${what} for ${p.name} (${p.start} to ${p.end}, end exclusive)`;
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
      run.statements.statements.length === 0 ? "  No statements: nobody is charged." : statementsTable(run),
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
 * Every statement of the run as CSV: the layout of `@3c/workbooks`' {@link statementsCsv} (a row
 * per line, then each statement's total row), the same the API writes for one statement.
 *
 * @param run - the recharge run
 * @returns the CSV text
 */
export function statementLinesCsv(run: RechargeRun): string {
  return statementsCsv(run.statements.statements);
}

/**
 * Positions and transfers as CSV.
 *
 * @param run - the recharge run
 * @returns the CSV text: one row per position, then one per transfer
 */
export function settlementCsv(run: RechargeRun): string {
  return toCsv(
    ["record", "partner", "receivable", "payable", "net", "to", "amount"],
    [
      ...run.positions.map((p) => [
        "position",
        p.partner,
        toDecimalString(p.receivable),
        toDecimalString(p.payable),
        toDecimalString(p.net),
        "",
        "",
      ]),
      ...run.settlement.map((t) => ["transfer", t.from, "", "", "", t.to, toDecimalString(t.amount)]),
    ],
  );
}
