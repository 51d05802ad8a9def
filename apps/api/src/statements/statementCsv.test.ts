import { addDays, parsePeriod, rechargeRun, type Statement, toDecimalString } from "@3c/domain";
import { demoScenario } from "@3c/domain/demo";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { statementCsv } from "./statementCsv.js";

function demoStatement(): Statement {
  const scenario = demoScenario();
  const period = parsePeriod("2024/25-Q3");
  const run = rechargeRun({
    scenario,
    period: period.name,
    statements: {
      numbers: Object.fromEntries(scenario.partners.map((p) => [p.id, `S-${p.id}`])),
      issueDate: addDays(period.end, -1),
    },
  });
  const s = run.statements.statements[0];
  if (s === undefined) throw new Error("the demo has statements");
  return s;
}

describe("statementCsv", () => {
  it("writes a row per line and a total row, amounts as the statement's exact decimals", () => {
    const s = demoStatement();
    const rows = Papa.parse<Record<string, string>>(statementCsv(s), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => r.amount)).toEqual([
      ...s.lines.map((l) => toDecimalString(l.amount)),
      toDecimalString(s.total),
    ]);
    expect(rows.at(-1)?.kind).toBe("total");
  });

  it("prefixes a text a spreadsheet would run as a formula, as every CSV 3c writes does", () => {
    const s = demoStatement();
    const line = s.lines[0];
    if (line === undefined) throw new Error("the statement has lines");
    const hostile: Statement = { ...s, lines: [{ ...line, basis: '=HYPERLINK("http://x","y")' }] };
    const rows = Papa.parse<Record<string, string>>(statementCsv(hostile), { header: true }).data;
    expect(rows[0]?.basis).toBe('\'=HYPERLINK("http://x","y")');
  });
});
