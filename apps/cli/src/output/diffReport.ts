import { type Change, formatMoney, poolLabel, type RunDiff, toDecimalString } from "@3c/domain";
import { toCsv } from "@3c/workbooks";
import { renderTable } from "./table.js";

const signed = (c: Change) => (c.change.minor > 0 ? `+${formatMoney(c.change)}` : formatMoney(c.change));

/**
 * A diff as a plain-text report: each partner's total, then every service and pool that changed
 * (the run's own pools by their labels, `support from ICT`; the CSV keeps their ids).
 *
 * @param diff - the domain's diff
 * @param before - label of the base
 * @param after - label of the changed scenario
 * @returns the report, ending with a newline
 */
export function diffReport(diff: RunDiff, before: string, after: string): string {
  const money = ["right", "right", "right"] as const;
  const parts = [
    `Differences for ${diff.after.period}: ${before} → ${after}`,
    "",
    renderTable(
      ["Partner", "Before", "After", "Change"],
      diff.partners.map((p) => [p.partner, formatMoney(p.before), formatMoney(p.after), signed(p)]),
      ["left", ...money],
    ),
  ];
  if (!diff.changed) parts.push("", "No partner's charge changed.");
  if (diff.services.length > 0) {
    parts.push(
      "",
      "By service:",
      renderTable(
        ["Service", "Partner", "Before", "After", "Change"],
        diff.services.map((s) => [s.service, s.partner, formatMoney(s.before), formatMoney(s.after), signed(s)]),
        ["left", "left", ...money],
      ),
    );
  }
  if (diff.pools.length > 0) {
    parts.push(
      "",
      "By pool:",
      renderTable(
        ["Service", "Pool", "Partner", "Before", "After", "Change"],
        diff.pools.map((s) => [
          s.service,
          poolLabel(s.pool),
          s.partner,
          formatMoney(s.before),
          formatMoney(s.after),
          signed(s),
        ]),
        ["left", "left", "left", ...money],
      ),
    );
  }
  return `${parts.join("\n")}\n`;
}

/**
 * A diff as CSV: one row per partner total, service and pool change.
 *
 * @param diff - the domain's diff
 * @returns the CSV text
 */
export function diffCsv(diff: RunDiff): string {
  const row = (level: string, service: string, pool: string, partner: string, c: Change) => [
    level,
    service,
    pool,
    partner,
    toDecimalString(c.before),
    toDecimalString(c.after),
    toDecimalString(c.change),
  ];
  return toCsv(
    ["level", "service", "pool", "partner", "before", "after", "change"],
    [
      ...diff.partners.map((p) => row("partner", "", "", p.partner, p)),
      ...diff.services.map((s) => row("service", s.service, "", s.partner, s)),
      ...diff.pools.map((s) => row("pool", s.service, s.pool, s.partner, s)),
    ],
  );
}
