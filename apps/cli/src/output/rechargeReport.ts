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
  const quarters = [...new Set(advances.map((a) => a.quarter))].sort();
  const byQuarter = new Map<string, number>();
  for (const a of advances)
    byQuarter.set(
      `${a.partner}\u0000${a.quarter}`,
      (byQuarter.get(`${a.partner}\u0000${a.quarter}`) ?? 0) + a.amount.minor,
    );
  const money = (minor: number) => formatMoney({ currency: run.allocation.currency, minor });
  const settlement = trueUpSettlement.settlement;
  const parts = trueUp.lines.some((l) => l.lead !== undefined);
  const amounts = (l: (typeof trueUp.lines)[number]) => [
    formatMoney(l.advances),
    formatMoney(l.charge),
    formatMoney(l.trueUp),
  ];
  return [
    "Advances from the budget (each partner's estimated charge, paid by quarter):",
    renderTable(
      ["Partner", ...quarters.map((q) => q.slice(-2)), "Year"],
      trueUp.byPartner.map((p) => [
        p.partner,
        ...quarters.map((q) => money(byQuarter.get(`${p.partner}\u0000${q}`) ?? 0)),
        formatMoney(p.advances),
      ]),
      ["left", ...quarters.map(() => "right" as const), "right"],
    ),
    "",
    "True-up (the year's actual charge less the advances: positive is a further charge, negative a refund):",
    // The lead of each part only when a service changed lead in the year.
    parts
      ? renderTable(
          ["Partner", "Service", "Lead", "Advances", "Charge", "True-up"],
          trueUp.lines.map((l) => [
            l.partner,
            l.service,
            l.lead === undefined ? "" : `${l.lead} from ${l.leadFrom}`,
            ...amounts(l),
          ]),
          ["left", "left", "left", "right", "right", "right"],
        )
      : renderTable(
          ["Partner", "Service", "Advances", "Charge", "True-up"],
          trueUp.lines.map((l) => [l.partner, l.service, ...amounts(l)]),
          ["left", "left", "right", "right", "right"],
        ),
    "",
    renderTable(
      ["Partner", "Advances", "Charge", "True-up"],
      trueUp.byPartner.map((p) => [p.partner, formatMoney(p.advances), formatMoney(p.charge), formatMoney(p.trueUp)]),
      ["left", "right", "right", "right"],
    ),
    "",
    `True-up settlement: ${settlement.length} transfer${settlement.length === 1 ? "" : "s"}:`,
    settlement.length === 0
      ? "  Nothing to settle."
      : settlement.map((t) => `  ${t.from} pays ${t.to} ${formatMoney(t.amount)}`).join("\n"),
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
