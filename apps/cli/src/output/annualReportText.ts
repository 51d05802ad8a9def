import { type AnnualReport, formatMoney, type Money, toDecimalString } from "@3c/domain";
import { toCsv } from "./csv.js";
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
      f.recharges.map((p) => [p.partner, money(p.amount), `${p.percent}%`, p.retained ? "lead (retained)" : ""]),
      ["left", "right", "right", "left"],
    ),
    "",
    `Input hash ${f.inputHash}`,
  ];
}

function savingsLines(r: AnnualReport): string[] {
  const s = r.savings;
  if (s === null) return ["No savings agreement or no baselines for this service."];
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
    `Cumulative ${money(s.cumulative)} (${s.attribution} attribution)`,
    ...(s.oneOffs.length === 0
      ? []
      : [
          "",
          renderTable(
            ["One-off item", "Kind", "Year", "Amount", "Split"],
            s.oneOffs.map((o) => [o.item, o.kind, o.year, money(o.amount), o.split]),
            ["left", "left", "left", "right", "left"],
          ),
        ]),
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
  return [
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
      ? "No outages in the year."
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
    `${r.service.id} ${r.service.name}, led by ${r.service.lead}`,
    "",
    ...section("Finance", financeLines(r)),
    ...section("Savings", savingsLines(r)),
    ...section("KPIs", kpiLines(r, colour)),
    ...section("Outages", [...outageLines(r), "", "Lost: outage time within agreed service hours."]),
    ...section("Review flags", flagLines(r)),
  ].join("\n");
}

/**
 * `3c report --format csv`: the report's figures in long form, one `section,item,measure,value` row
 * each, amounts as decimals.
 *
 * @param r - the report
 * @returns the CSV text
 */
export function annualReportCsv(r: AnnualReport): string {
  const rows: string[][] = [];
  const m = (x: Money | null) => (x === null ? "" : toDecimalString(x));
  const f = r.finance;
  rows.push(
    ["finance", r.service.id, "budget", m(f.budget)],
    ["finance", r.service.id, "actual", m(f.actual)],
    ["finance", r.service.id, "variance", m(f.variance)],
    ["finance", r.service.id, "income", m(f.income)],
    ["finance", r.service.id, "supportNet", m(f.supportNet)],
    ["finance", r.service.id, "net", m(f.net)],
  );
  for (const p of f.pools)
    rows.push(
      ["pool", p.pool, "budget", m(p.budget)],
      ["pool", p.pool, "actual", m(p.actual)],
      ["pool", p.pool, "variance", m(p.variance)],
    );
  for (const p of f.recharges)
    rows.push(["recharge", p.partner, "amount", m(p.amount)], ["recharge", p.partner, "percent", p.percent]);
  for (const s of r.savings?.partners ?? [])
    rows.push(
      ["savings", s.partner, "indexedBaseline", m(s.indexedBaseline)],
      ["savings", s.partner, "contribution", m(s.contribution)],
      ["savings", s.partner, "saving", m(s.saving)],
      ["savings", s.partner, "cumulative", m(s.cumulative)],
      ["savings", s.partner, "percentOfBaseline", s.percentOfBaseline ?? ""],
      ["savings", s.partner, "targetMet", s.target === undefined ? "" : String(s.target.met)],
    );
  for (const k of r.kpis?.kpis ?? [])
    rows.push(
      ["kpi", k.code, "value", k.yearToDate.value?.display ?? ""],
      ["kpi", k.code, "status", k.yearToDate.status],
      ["kpi", k.code, "vsLastYear", k.yearToDate.direction.lastYear],
      ["kpi", k.code, "predictedStatus", k.predictedYearEnd?.status ?? ""],
    );
  for (const a of r.outages?.availability ?? [])
    rows.push(
      ["availability", a.partner ?? a.service, "percent", a.percent ?? ""],
      ["availability", a.partner ?? a.service, "downtimeSeconds", String(a.downtimeSeconds)],
    );
  for (const o of r.outages?.outages ?? [])
    rows.push(
      ["outage", o.id, "inServiceSeconds", String(o.inServiceSeconds)],
      ...(o.cost === undefined ? [] : [["outage", o.id, "cost", m(o.cost)]]),
    );
  for (const p of r.outages?.cost?.byPartner ?? []) rows.push(["outageCost", p.partner, "amount", m(p.amount)]);
  for (const fl of r.reviewFlags) rows.push(["reviewFlag", fl.kpi, fl.kind, fl.message]);
  return toCsv(["section", "item", "measure", "value"], rows);
}
