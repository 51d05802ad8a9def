import { type AnnualReport, addDays, type Money, toDecimalString } from "@3c/domain";
import { toCsv } from "./csv.js";
import { leadPartDays } from "./leadPartDays.js";

/**
 * The annual report as CSV (`3c report --format csv`, `GET …/reports/annual/{service}?format=csv`):
 * the report's figures in long form, one `section,item,measure,value` row each, amounts as
 * decimals. Each council's recharge has its `amount`, `percent` and whether the lead `retained` it
 * (`true`/`false`), as the workbook's Recharges sheet; a part of a year with a hand-over adds its
 * `lead`, `from` and `to`. A year still running when the report was taken says its outage figures
 * cover the months ended by then (`availability,<service>,monthsEndedThrough,<last day>`, or `none`
 * before the first month ended).
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
  for (const p of f.recharges) {
    // A service that changed lead in the year has a row per partner per lead: the item names the
    // part by its first day (`HDC@2024-10-01`), and the part's lead and dates follow.
    const item = p.leadFrom === undefined ? p.partner : `${p.partner}@${p.leadFrom}`;
    // `retained`: the lead's own share (kept, not invoiced), as the workbook's "Retained by the lead".
    rows.push(
      ["recharge", item, "amount", m(p.amount)],
      ["recharge", item, "percent", p.percent],
      ["recharge", item, "retained", String(p.retained)],
    );
    if (p.lead !== undefined)
      rows.push(
        ["recharge", item, "lead", p.lead],
        ["recharge", item, "from", leadPartDays(p)?.first ?? ""],
        ["recharge", item, "to", leadPartDays(p)?.last ?? ""],
      );
  }
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
  // A year still running when the report was taken: its outage figures cover the months ended by
  // then, and say so (a complete year's rows are as they were).
  if (r.outages !== null && r.outages.complete === false)
    rows.push([
      "availability",
      r.service.id,
      "monthsEndedThrough",
      // Taken before the year's first month ended: nothing read, no day to name.
      r.outages.to === r.outages.from ? "none" : addDays(r.outages.to, -1),
    ]);
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
