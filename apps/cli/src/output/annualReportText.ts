import { type AnnualReport, addDays, type CalendarDate, formatMoney, type Money } from "@3c/domain";
import { leadPartDays } from "@3c/workbooks";
import { colourStatuses, kpiFlagLines, kpiQuartersTable, kpiSummaryTable } from "./kpiReport.js";
import { renderTable } from "./table.js";

const money = (m: Money | null): string => (m === null ? "—" : formatMoney(m));
const pct = (p: string | null): string => (p === null ? "—" : `${p}%`);

/**
 * A length of time as hours and minutes.
 *
 * @param seconds - whole seconds
 * @returns e.g. `27h 30m`, `45m`
 */
export function duration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m}m` : `${h}h ${String(m).padStart(2, "0")}m`;
}

function section(title: string, body: readonly string[]): string[] {
  return [title, "=".repeat(title.length), ...body, ""];
}

function financeLines(r: AnnualReport): string[] {
  const f = r.finance;
  return [
    `Budget ${money(f.budget)}   Actual ${money(f.actual)}   Variance ${money(f.variance)} (${pct(f.variancePercent)})`,
    `Income ${money(f.income)}   Support net ${money(f.supportNet)}`,
    `Net cost borne by the partners ${money(f.net)}`,
    "",
    renderTable(
      ["Pool", "Budget", "Actual", "Variance"],
      f.pools.map((p) => [p.pool, money(p.budget), money(p.actual), money(p.variance)]),
      ["left", "right", "right", "right"],
    ),
    "",
    renderTable(
      ["Partner", "Paid", "Share", ""],
      f.recharges.map((p) => [
        p.partner,
        money(p.amount),
        `${p.percent}%`,
        // A service that changed lead in the year: a row per partner per lead, named by its part.
        [p.retained ? "lead (retained)" : "", p.lead === undefined ? "" : `under ${p.lead} ${partOf(p)}`]
          .filter((t) => t !== "")
          .join(", "),
      ]),
      ["left", "right", "right", "left"],
    ),
    "",
    `Input hash ${f.inputHash}`,
  ];
}

function savingsLines(r: AnnualReport): string[] {
  const s = r.savings;
  if (s === null) return ["No savings agreement or no baselines for this service."];
  // A year with no figures for the service yet: said so, its running total the last year's.
  const to = s.cumulativeTo === undefined || s.cumulativeTo === r.year ? "" : ` to ${s.cumulativeTo ?? r.year}`;
  const cumulative = `Cumulative ${money(s.cumulative)}${to} (${s.attribution} attribution)`;
  if (s.partners.length === 0)
    return [
      `No savings figures of ${r.service.id} for ${r.year}: no contribution is recorded for it and the year has no lines of the service to run.`,
      cumulative,
      ...oneOffLines(s),
    ];
  return [
    renderTable(
      ["Partner", "Baseline", "Saving", "% base", "Cumulative", "Target met"],
      s.partners.map((p) => [
        p.partner,
        money(p.indexedBaseline),
        money(p.saving),
        pct(p.percentOfBaseline),
        money(p.cumulative),
        p.target === undefined ? "—" : `${p.target.met ? "yes" : "no"} (${p.target.percent}%)`,
      ]),
      ["left", "right", "right", "right", "right", "left"],
    ),
    "",
    `All partners: saving ${money(s.total.saving)} on ${money(s.total.indexedBaseline)}`,
    cumulative,
    ...oneOffLines(s),
  ];
}

function oneOffLines(s: NonNullable<AnnualReport["savings"]>): string[] {
  return s.oneOffs.length === 0
    ? []
    : [
        "",
        renderTable(
          ["One-off item", "Kind", "Year", "Amount", "Split"],
          s.oneOffs.map((o) => [o.item, o.kind, o.year, money(o.amount), o.split]),
          ["left", "left", "left", "right", "left"],
        ),
      ];
}

function kpiLines(r: AnnualReport, colour: boolean): string[] {
  if (r.kpis === null || r.kpis.kpis.length === 0) return ["No KPIs for this service."];
  const paint = colour ? colourStatuses : (t: string) => t;
  return [paint(kpiSummaryTable(r.kpis)), "", paint(kpiQuartersTable(r.kpis))];
}

function outageLines(r: AnnualReport): string[] {
  const o = r.outages;
  if (o === null) return ["No service calendar for this service."];
  const costs = o.cost !== null;
  // A year still running when the report was taken: only its months ended by then are read.
  const partial =
    o.complete !== false
      ? []
      : o.to === o.from
        ? ["Nothing read yet: no month of the year had ended when the report was taken.", ""]
        : [
            `Months ended when the report was taken only: ${o.from} to ${addDays(o.to, -1)}; the month in progress and those to come are read as each ends.`,
            "",
          ];
  return [
    ...partial,
    renderTable(
      ["Who", "Availability", "Agreed", "Down", "Outages"],
      o.availability.map((a) => [
        a.partner ?? "service",
        pct(a.percent),
        duration(a.agreedSeconds),
        duration(a.downtimeSeconds),
        String(a.outageCount),
      ]),
      ["left", "right", "right", "right", "right"],
    ),
    "",
    o.outages.length === 0
      ? `No outages in the ${o.complete === false ? "months read" : "year"}.`
      : renderTable(
          ["Outage", "Start", "Kind", "Users", "Lost", ...(costs ? ["Cost"] : [])],
          o.outages.map((x) => [
            x.id,
            x.start.replace("T", " ").replace(/:00(\.0+)?(?=Z|[+-]\d\d:\d\d$)/, ""),
            `${x.priority}${x.planned ? " planned" : ""}`,
            String(x.users),
            duration(x.inServiceSeconds),
            ...(costs ? [x.cost === undefined ? "—" : formatMoney(x.cost)] : []),
          ]),
          ["left", "left", "left", "right", "right", "right"],
        ),
    ...(o.cost === null
      ? []
      : [
          "",
          renderTable(
            ["Outage cost", "Amount"],
            [...o.cost.byPartner.map((p) => [p.partner, formatMoney(p.amount)]), ["Total", formatMoney(o.cost.total)]],
            ["left", "right"],
          ),
        ]),
  ];
}

function flagLines(r: AnnualReport): string[] {
  if (r.reviewFlags.length === 0) return ["None."];
  const card = r.kpis;
  return card === null ? r.reviewFlags.map((f) => `  ${f.kpi}: ${f.message}`) : kpiFlagLines(card);
}

/**
 * `3c report` as text: the standard annual report's sections, Finance, Savings, KPIs, Outages and
 * Review flags, in 80 columns.
 *
 * @param r - the report
 * @param colour - whether to colour RAG status words
 * @returns the text, ending with a newline
 */
export function annualReportText(r: AnnualReport, colour: boolean): string {
  return [
    `${r.partnership.name}: annual report ${r.year}`,
    `${r.service.id} ${r.service.name}, led by ${
      r.service.leads === undefined
        ? r.service.lead
        : r.service.leads.map((l) => `${l.lead} ${partOf({ leadFrom: l.from, leadTo: l.to })}`).join(", then ")
    }`,
    "",
    ...section("Finance", financeLines(r)),
    ...section("Savings", savingsLines(r)),
    ...section("KPIs", kpiLines(r, colour)),
    ...section("Outages", [...outageLines(r), "", "Lost: outage time within agreed service hours."]),
    ...section("Review flags", flagLines(r)),
  ].join("\n");
}

// A lead's part of the year as a reader says it: its first and last days.
function partOf(p: { readonly leadFrom?: CalendarDate; readonly leadTo?: CalendarDate }): string {
  const days = leadPartDays(p);
  return days === undefined ? "" : `${days.first} to ${days.last}`;
}
