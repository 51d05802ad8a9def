import { addDays, issuerView, parsePeriod, type RechargeRun, rechargeRun, type Scenario } from "@3c/domain";
import { demoScenario } from "@3c/domain/demo";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STATEMENT_CSV_COLUMNS, statementsCsv } from "./statementsCsv.js";

const scenario = demoScenario();

function runOf(s: Scenario, name: string): RechargeRun {
  const period = parsePeriod(name);
  return rechargeRun({
    scenario: s,
    period: period.name,
    statements: {
      numbers: Object.fromEntries(s.partners.map((p) => [p.id, `3C-${period.name}-${p.id}`])),
      issueDate: addDays(period.end, -1),
      dueDate: addDays(period.end, 29),
      vat: { ratePercent: "20", rounding: "half-even" },
    },
  });
}

const run = runOf(scenario, "2024/25-Q3");
// The demo's ICT, led by HDC, handed to CCC from 1 October 2024: statements list ICT once per lead.
const handed = runOf(
  {
    ...scenario,
    services: scenario.services.map((s) =>
      s.id === "ICT" ? { ...s, handovers: [{ effectiveFrom: "2024-10-01", lead: "CCC" }] } : s,
    ),
  } as Scenario,
  "2024/25",
);

const lines = (csv: string) => csv.split("\r\n").slice(0, -1);
const pence = (decimal: string) => BigInt(decimal.replace(".", ""));

describe("statementsCsv", () => {
  it("writes a statement's lines then its total row, the total the statement's own", () => {
    const s = run.statements.statements.find((x) => x.partner === "SCDC");
    if (s === undefined) throw new Error("the demo charges SCDC");
    const rows = lines(statementsCsv([s]));
    expect(rows[0]).toBe(STATEMENT_CSV_COLUMNS.join(","));
    expect(rows).toHaveLength(s.lines.length + 2);
    expect(rows[1]).toBe(
      "3C-2024/25-Q3-SCDC,invoice,SCDC,2024/25-Q3,2024-12-31,2025-01-30,CCC,BC,@support:ICT,support,bc-service-v1,by applications (2024/25),2024/25,applications 2024/25: 2180 of 5575,57631.44,39.1031,22535.70,0.00,GBP",
    );
    // Two drivers behind one line, in one field.
    expect(rows).toContain(
      '3C-2024/25-Q3-SCDC,invoice,SCDC,2024/25-Q3,2024-12-31,2025-01-30,CCC,LEGAL,staff,cost,legal-staff-v1,"agreed-hours × 62.50 (2024/25-Q3), rounded half-up",2024/25-Q3,agreed-hours 2024/25-Q3: 1300 of 4750; hours 2024/25: 5318.75 of 19677.50,313293.18,27.3507,85687.77,0.00,GBP',
    );
    expect(rows.at(-1)).toBe(
      "3C-2024/25-Q3-SCDC,invoice,SCDC,2024/25-Q3,2024-12-31,2025-01-30,,,,total,,,,,,,772217.12,0.00,GBP",
    );
  });

  it("totals each statement's line amounts to its total row exactly, in the run with a hand-over too", () => {
    for (const r of [run, handed]) {
      for (const s of r.statements.statements) {
        const rows = lines(statementsCsv([s])).slice(1);
        const amount = STATEMENT_CSV_COLUMNS.indexOf("amount");
        const cells = rows.map((row) => row.split(",").at(amount - STATEMENT_CSV_COLUMNS.length) ?? "");
        const total = cells.pop() ?? "";
        expect(cells.reduce((sum, c) => sum + pence(c), 0n)).toBe(pence(total));
      }
    }
  });

  it("lists a service handed over once per lead, each line naming the lead that issues it", () => {
    const s = handed.statements.statements.find((x) => x.partner === "SCDC");
    if (s === undefined) throw new Error("the demo charges SCDC");
    const issuers = lines(statementsCsv([s]))
      .slice(1, -1)
      .filter((row) => row.split(",")[7] === "ICT")
      .map((row) => row.split(",")[6]);
    expect(new Set(issuers)).toEqual(new Set(["HDC", "CCC"]));
  });

  it("names the lead on the total row of a lead's view, whose total is the view's", () => {
    const s = handed.statements.statements.find((x) => x.partner === "SCDC");
    if (s === undefined) throw new Error("the demo charges SCDC");
    const view = issuerView(s, "CCC");
    const rows = lines(statementsCsv([view])).slice(1);
    expect(rows.slice(0, -1).every((row) => row.split(",")[6] === "CCC")).toBe(true);
    expect(rows.at(-1)?.split(",").slice(6, 10)).toEqual(["CCC", "", "", "total"]);
    expect(view.total.minor).not.toBe(s.total.minor);
  });

  it("writes one statement's file as the run's file restricted to that statement, byte for byte", () => {
    const all = handed.statements.statements;
    fc.assert(
      fc.property(fc.subarray([...all.keys()]), fc.boolean(), (picked, reversed) => {
        const chosen = (reversed ? [...picked].reverse() : picked).map((i) => all[i] as (typeof all)[number]);
        const whole = lines(statementsCsv(chosen));
        const each = chosen.flatMap((s) => lines(statementsCsv([s])).slice(1));
        expect(whole).toEqual([STATEMENT_CSV_COLUMNS.join(","), ...each]);
      }),
      { numRuns: 1000 },
    );
  });

  it("prefixes a text a spreadsheet would run as a formula, as every CSV 3c writes does", () => {
    const s = run.statements.statements[0];
    const line = s?.lines[0];
    if (s === undefined || line === undefined) throw new Error("the demo has statements");
    const hostile = { ...s, lines: [{ ...line, basis: '=HYPERLINK("http://x","y")' }] };
    expect(lines(statementsCsv([hostile]))[1]).toContain(',"\'=HYPERLINK(""http://x"",""y"")",');
  });

  it("writes only the header when there are no statements", () => {
    expect(statementsCsv([])).toBe(`${STATEMENT_CSV_COLUMNS.join(",")}\r\n`);
  });
});
