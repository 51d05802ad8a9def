import { formatMoney, loadScenario, parsePeriod, parseScenario, type RechargeRun, scenarioSavings } from "@3c/domain";
import { demoBudgetDocument, demoScenario, demoScenarioDocument, withDemoHandover } from "@3c/domain/demo";
import { stripControl } from "@3c/workbooks";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { manyCouncils } from "../../test/manyCouncils.js";
import { expectGolden } from "../../test/runCli.js";
import { runRecharge } from "../recharge/runRecharge.js";
import { App, type CalcInput } from "./App.js";

const period = parsePeriod("2024/25-Q3");
const statements = { numbers: { CCC: "N-CCC", HDC: "N-HDC", SCDC: "N-SCDC" }, issueDate: "2024-12-31" as never };
const KEYS = { down: "\u001b[B", up: "\u001b[A", enter: "\r", escape: "\u001b" } as const;

function open(overrides: Partial<CalcInput> = {}) {
  const exports: string[] = [];
  const files = new Map<string, string>();
  const app = render(
    <App
      scenario={demoScenario()}
      document={demoScenarioDocument}
      ledgerLines={false}
      label="demo"
      period={period}
      statements={statements}
      colour={false}
      exportRun={async (what: string, run: RechargeRun) => {
        exports.push(`${what}:${run.allocation.period.name}`);
        return `file.${what}`;
      }}
      exportFile={async (name: string, content: string) => {
        files.set(name, content);
        return name;
      }}
      {...overrides}
    />,
  );
  const frame = () => app.lastFrame() ?? "";
  const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // Ink renders after input on a later turn of the event loop, later still on a busy machine: after
  // each key, wait until the frame has stopped changing (or 5 s), rather than a fixed time.
  const settled = async () => {
    await tick(30);
    let last = frame();
    for (let waited = 0; waited < 5000; waited += 30) {
      await tick(30);
      const now = frame();
      if (now === last) return now;
      last = now;
    }
    return last;
  };
  const press = async (...keys: string[]) => {
    if (keys.length === 0) return settled();
    for (const k of keys) {
      app.stdin.write(k);
      await settled();
    }
    return frame();
  };
  /** Waits (up to 5 s) until the frame shows `text`, for work that finishes after the key's render. */
  const until = async (text: string) => {
    for (let waited = 0; waited < 5000 && !frame().includes(text); waited += 20) await tick(20);
    return frame();
  };
  return { app, press, until, exports, files };
}

const width = (frame: string) => Math.max(...frame.split("\n").map((l) => [...l].length));

describe("the calculator's screens", () => {
  it("opens on the overview: charges by service, net positions and the settlement, within 80×24", async () => {
    const { app, press } = open();
    const frame = await press();
    expectGolden("frames/overview.txt", `${frame}\n`);
    expect(width(frame)).toBeLessThanOrEqual(80);
    expect(frame.split("\n").length).toBeLessThanOrEqual(24);
    const run = runRecharge(demoScenario(), period, statements);
    expect(frame).toContain(`SCDC pays HDC £723,419.53`);
    expect(run.settlement[0]?.amount.minor).toBe(72341953);
    app.unmount();
  });

  it("fits a whole year's larger figures in 80 columns", async () => {
    const { app, press } = open({ period: parsePeriod("2024/25") });
    const frame = await press();
    // (The test terminal marks its cursor with an inverse-video space: strip the codes to compare.)
    expect(stripControl(frame)).toContain(
      "  SCDC     £453,864.21 £1,871,406.47   £558,418.57  £2,883,689.25 -£2,883,689.25",
    );
    expect(width(frame)).toBeLessThanOrEqual(80);
    app.unmount();
  });

  it("says who charged each part of a service that changed lead in the period", async () => {
    // The demo's ICT, led by HDC, handed to CCC from 1 October 2024, over the whole year.
    const document = withDemoHandover(demoScenarioDocument);
    const { app, press } = open({ scenario: loadScenario(document), document, period: parsePeriod("2024/25") });
    const hdc = await press(KEYS.down, KEYS.enter);
    expect(stripControl(hdc)).toMatch(/ICT +£[\d,.]+ {2}charged by itself \(retained\), then CCC\n/);
    expect(width(hdc)).toBeLessThanOrEqual(80);
    await press(KEYS.escape);
    const scdc = await press(KEYS.down, KEYS.down, KEYS.enter);
    expect(stripControl(scdc)).toMatch(/SCDC .*\n(.*\n)*.*ICT +£[\d,.]+ {2}charged by HDC, then CCC\n/);
    app.unmount();
  });

  it("drills down partner → service → pool to why the partner pays it", async () => {
    const { app, press } = open();
    const partner = await press(KEYS.down, KEYS.enter);
    expectGolden("frames/partner-hdc.txt", `${partner}\n`);
    const service = await press(KEYS.enter);
    expectGolden("frames/service-hdc-bc.txt", `${service}\n`);
    const pool = await press(KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
    expectGolden("frames/pool-hdc-bc-staff.txt", `${pool}\n`);
    expect(pool).toContain("Why HDC pays this: BC · staff");
    for (const frame of [partner, service, pool]) {
      expect(width(frame)).toBeLessThanOrEqual(80);
      expect(frame.split("\n").length).toBeLessThanOrEqual(24);
    }
    const up = await press(KEYS.escape, KEYS.escape, KEYS.escape);
    expect(up).toContain("↑↓ ⏎ drill down  w what-if  s savings  k KPIs  o outages");
    app.unmount();
  });

  it("shows every partner's difference as a driver quantity is typed, and keeps it", async () => {
    const { app, press } = open();
    await press("w", KEYS.enter); // a driver quantity
    const list = await press();
    expect(list).toContain("users · HDC · 2024/25");
    const edit = await press(KEYS.down, KEYS.enter);
    expect(edit).toContain("users · HDC · 2024/25: now 890");
    const typed = await press("9", "9", "0");
    expectGolden("frames/what-if-users.txt", `${typed}\n`);
    expect(width(typed)).toBeLessThanOrEqual(80);
    const kept = await press(KEYS.enter);
    expect(kept).toContain("1 change kept");
    expect(kept).toContain("Kept: users · HDC · 2024/25 = 990. This is now the base.");
    app.unmount();
  });

  it("says what is wrong with a value that breaks a rule, and discards it", async () => {
    const { app, press } = open();
    await press("w", KEYS.down, KEYS.enter); // a fixed share
    await press(KEYS.enter); // bc-staff-v1 · CCC (%)
    const typed = await press("3", "0");
    expect(typed).toMatch(/rules\[9\]\.basis\.shares: percentages total 106, not exactly 100/);
    const discarded = await press(KEYS.escape);
    expect(discarded).toContain("What-if discarded.");
    app.unmount();
  });

  it("exports from any screen", async () => {
    const { app, press, until, exports } = open();
    await press(KEYS.enter, "e");
    await press("x");
    const frame = await until("Wrote file.xlsx");
    expect(exports).toEqual(["xlsx:2024/25-Q3"]);
    expect(frame).toContain("Wrote file.xlsx");
    app.unmount();
  });

  it("shows the keys on screen with ?", async () => {
    const { app, press } = open();
    const help = await press("?");
    expectGolden("frames/help.txt", `${help}\n`);
    app.unmount();
  });
});

describe("the calculator's report screens", () => {
  const fits = (frame: string) => {
    expect(width(frame)).toBeLessThanOrEqual(80);
    expect(frame.split("\n").length).toBeLessThanOrEqual(24);
  };

  it("shows savings per partner for the period's year with a bar chart, and a partner by service", async () => {
    const { app, press } = open();
    const frame = await press("s");
    expectGolden("frames/savings.txt", `${frame}\n`);
    fits(frame);
    expect(frame).toContain("Savings 2024/25");
    expect(frame).toMatch(/› CCC\s+£597,618\.65\s+15\.19%\s+█{28}\s+15% met/);
    const hdc = await press(KEYS.down);
    expect(hdc).toContain("HDC by service, 2024/25");
    expect(hdc).toContain("£283,996.92");
    app.unmount();
  });

  it("shows the KPI scorecard with status words, arrows, quarters and the chosen KPI's flags", async () => {
    const { app, press } = open();
    const frame = await press("k");
    expectGolden("frames/kpi.txt", `${frame}\n`);
    fits(frame);
    expect(frame).toContain("› ICT-KPI-1     98.99      95  GREEN   ↓");
    const third = await press(KEYS.down, KEYS.down);
    expect(third).toContain("ICT-KPI-3 Service desk calls answered within 60 seconds");
    expect(third).toContain("! ICT-KPI-3 is Red for 2024/25-Q2 with no corrective-action note");
    app.unmount();
  });

  it("shows outages with availability, the service time each took and what they cost", async () => {
    const { app, press } = open();
    const frame = await press("o");
    expectGolden("frames/outages.txt", `${frame}\n`);
    fits(frame);
    expect(frame).toContain("ICT: availability 98.99% · 5 outages · 25h 45m lost · cost £518,110.07");
    expect(frame).toContain("OUT-2024-008");
    app.unmount();
  });

  it("exports a report screen as the domain's JSON and as CSV", async () => {
    const { app, press, until, files } = open();
    // Writing is asynchronous: wait for the file rather than for a fixed time.
    const written = async (name: string) => {
      for (let i = 0; i < 200 && !files.has(name); i++) await new Promise((r) => setTimeout(r, 10));
      return files.get(name) ?? "";
    };
    await press("s", "e", "j");
    const json = await written("3c-2024-25-savings.json");
    expect(await until("Wrote 3c-")).toContain("Wrote 3c-2024-25-savings.json");
    const parsed = parseScenario(demoScenarioDocument);
    if (!parsed.ok) throw new Error("the demo does not parse");
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(scenarioSavings(parsed.value, "2024/25"))));
    await press("k", "e", "c");
    expect((await written("3c-2024-25-kpi.csv")).split("\r\n")[0]).toBe(
      "kpi,partner,period,value,numerator,denominator,target,status,vsPrevious,vsLastYear,reason",
    );
    await press("o", "e", "c");
    expect(await written("3c-2024-25-outages.csv")).toContain("ICT,OUT-2024-008,");
    app.unmount();
  });
});

describe("keys that arrive together", () => {
  it("applies each of several keys typed faster than the terminal is read", async () => {
    const { app, press } = open();
    const frame = await press("ke");
    expect(frame).toContain("Export the KPI scorecard for 2024/25");
    app.unmount();
  });
});

describe("the calculator's year end with the budget", () => {
  const year = parsePeriod("2024/25");
  const budget = { scenario: loadScenario(demoBudgetDocument), label: "demo budget" };
  const fits = (frame: string) => {
    expect(width(frame)).toBeLessThanOrEqual(80);
    expect(frame.split("\n").length).toBeLessThanOrEqual(24);
  };

  it("shows each partner's advances, charge and true-up, the chosen one's quarters and services, and the settlement: the domain's figures", async () => {
    const { app, press } = open({ period: year, budget });
    const overview = await press();
    expect(overview).toContain("y year end");
    const frame = await press("y");
    expectGolden("frames/year-end.txt", `${frame}\n`);
    fits(frame);
    // Every figure is the domain's year end for the same inputs.
    const run = runRecharge(demoScenario(), year, statements, budget.scenario);
    const trueUp = run.trueUp;
    if (trueUp === undefined || run.advances === undefined || run.trueUpSettlement === undefined)
      throw new Error("the year has no true-up");
    const text = stripControl(frame);
    for (const p of trueUp.byPartner)
      expect(text).toMatch(
        new RegExp(
          `${p.partner} +${[p.advances, p.charge, p.trueUp].map((m) => formatMoney(m).replace(/[$.]/g, "\\$&")).join(" +")}  [A-Z][^\n]*\n`,
        ),
      );
    const first = trueUp.byPartner[0]?.partner;
    const quarters = ["Q1", "Q2", "Q3", "Q4"].map((q) =>
      run.advances?.filter((a) => a.partner === first && a.quarter.endsWith(q)).reduce((n, a) => n + a.amount.minor, 0),
    );
    expect(text).toContain(
      `  ${quarters.map((m, i) => `Q${i + 1} ${formatMoney({ currency: "GBP", minor: m ?? 0 })}`).join("  ")}`,
    );
    for (const l of trueUp.lines.filter((x) => x.partner === first))
      expect(text).toMatch(
        new RegExp(
          `  ${l.service} +${formatMoney(l.advances).replace(/[$.]/g, "\\$&")} .*${formatMoney(l.trueUp).replace(/[$.]/g, "\\$&")}\n`,
        ),
      );
    for (const t of run.trueUpSettlement.settlement)
      expect(text).toContain(`  ${t.from} pays ${t.to} ${formatMoney(t.amount)}`);
    // ↓ chooses the next partner: its services.
    const second = trueUp.byPartner[1]?.partner ?? "";
    const next = stripControl(await press(KEYS.down));
    expect(next).toContain(`${second}: advances by quarter`);
    for (const l of trueUp.lines.filter((x) => x.partner === second)) expect(next).toContain(formatMoney(l.charge));
    const back = await press(KEYS.escape);
    expect(back).toContain("Owed as lead · owes others · net");
    app.unmount();
  });

  it("shows each lead's part of a service that changed lead, within 80×24", async () => {
    const document = withDemoHandover(demoScenarioDocument);
    const scenario = loadScenario(document);
    const { app, press } = open({ scenario, document, period: year, budget });
    const frame = stripControl(await press("y", KEYS.down));
    fits(frame);
    const run = runRecharge(scenario, year, statements, budget.scenario);
    const parts = run.trueUp?.lines.filter((l) => l.partner === "HDC" && l.lead !== undefined) ?? [];
    expect(parts.length).toBe(2);
    for (const l of parts)
      expect(frame).toMatch(
        new RegExp(
          `  ${l.service} +${l.lead} from ${l.leadFrom} .*${formatMoney(l.trueUp).replace(/[$.]/g, "\\$&")}\n`,
        ),
      );
    app.unmount();
  });

  it("offers the key, in the footer and the help, only when a budget is loaded", async () => {
    const without = open({ period: year });
    expect(await without.press()).not.toContain("year end");
    expect(await without.press("y")).toContain("Owed as lead · owes others · net");
    expect(await without.press("?")).not.toContain("year end");
    without.app.unmount();
    const withBudget = open({ period: year, budget });
    const help = await withBudget.press("?");
    expect(help).toContain("  y          year end with the budget");
    fits(help);
    withBudget.app.unmount();
  });
});

/** The many-councils screens' cases: how many councils, in a terminal of how many columns × rows. */
const MANY_COUNCILS_TERMINALS: readonly (readonly [number, number, number])[] = [
  [6, 80, 24],
  [6, 120, 40],
  [10, 80, 24],
  [10, 120, 40],
];
const year = parsePeriod("2024/25");
/** A money figure as a regular expression's text. */
const money = (m: Parameters<typeof formatMoney>[0]) => formatMoney(m).replace(/[$.]/g, "\\$&");

describe("the calculator's overview with many councils", () => {
  it("shows every problem of a value that breaks a rule in two ways, and how many more when the terminal is short", async () => {
    const { app, press } = open();
    await press("w", KEYS.down, KEYS.enter); // a fixed share
    await press(KEYS.enter); // bc-staff-v1 · CCC (%)
    const typed = await press("-", "1");
    expect(typed).toContain("The change leaves 2 problems:");
    expect(typed).toContain("  rules[9].basis.shares: percentages total 75, not exactly 100");
    expect(typed).toContain('  rules[9].basis.shares.CCC: "-1" is negative; expected zero or more');
    // Nine rows: the title, the footer and their blanks leave five, three of them the edit's own.
    Object.defineProperty(app.stdout, "rows", { value: 9 });
    app.stdout.emit("resize");
    const short = await press();
    expect(short.split("\n").length).toBeLessThanOrEqual(9);
    expect(short).toContain("The change leaves 2 problems:");
    expect(short).toContain("  … and 2 more");
    app.unmount();
  });

  it.each(MANY_COUNCILS_TERMINALS)(
    "fits %i councils in a %i×%i terminal for every council chosen: its charges and its position in view",
    async (n, columns, rows) => {
      const generated = manyCouncils(n);
      const scenario = loadScenario(generated.document);
      const statements = { numbers: generated.numbers, issueDate: "2025-04-30" as never };
      const { app, press } = open({ scenario, document: generated.document, period: year, statements });
      Object.defineProperty(app.stdout, "columns", { value: columns });
      Object.defineProperty(app.stdout, "rows", { value: rows });
      app.stdout.emit("resize");
      const run = runRecharge(scenario, year, statements);
      const partners = run.allocation.byPartner;
      if (partners.length !== n) throw new Error("the year does not charge each council");
      let frame = stripControl(await press());
      for (let chosen = 0; chosen < n; chosen++) {
        if (chosen > 0) frame = stripControl(await press(KEYS.down));
        const lines = frame.split("\n");
        expect(lines.length).toBeLessThanOrEqual(rows);
        expect(width(frame)).toBeLessThanOrEqual(80);
        const partner = partners[chosen]?.partner ?? "";
        const position = run.positions.find((p) => p.partner === partner);
        if (position === undefined) throw new Error(`no position for ${partner}`);
        expect(lines.filter((l) => l.startsWith("› "))).toEqual([
          expect.stringMatching(
            new RegExp(`^› ${partner} .* ${money(partners[chosen]?.total ?? position.net)} +${money(position.net)}$`),
          ),
        ]);
        expect(lines).toContainEqual(
          expect.stringMatching(
            new RegExp(
              `^  ${partner} +${[position.receivable, position.payable, position.net].map(money).join(" +")}  `,
            ),
          ),
        );
        // The councils' table: the rows after its heading, up to its "more" line or the blank after it.
        const table = lines.slice(lines.findIndex((l) => l.startsWith(" Partner")) + 1);
        const councils = table.findIndex((l) => !/^[› ] [A-Z]/.test(l));
        if (rows >= 40)
          expect([
            councils,
            run.settlement.every((t) => frame.includes(`  ${t.from} pays ${t.to} ${formatMoney(t.amount)}\n`)),
          ]).toEqual([n, true]);
        else if (councils < n) expect(lines).toContain(`  … ${n - councils} more councils: ↑↓ moves through them`);
      }
      app.unmount();
    },
  );
});

describe("the calculator's year end with many councils", () => {
  it.each(MANY_COUNCILS_TERMINALS)(
    "fits %i councils in a %i×%i terminal for every council chosen: one line each, names cut as the overview cuts them",
    async (n, columns, rows) => {
      const generated = manyCouncils(n);
      const scenario = loadScenario(generated.document);
      const budget = { scenario: loadScenario(generated.budget), label: "generated budget" };
      const { app, press } = open({
        scenario,
        document: generated.document,
        period: year,
        statements: { numbers: generated.numbers, issueDate: "2025-04-30" as never },
        budget,
      });
      Object.defineProperty(app.stdout, "columns", { value: columns });
      Object.defineProperty(app.stdout, "rows", { value: rows });
      app.stdout.emit("resize");
      const run = runRecharge(
        scenario,
        year,
        { numbers: generated.numbers, issueDate: "2025-04-30" as never },
        budget.scenario,
      );
      const trueUp = run.trueUp;
      const transfers = run.trueUpSettlement?.settlement ?? [];
      if (trueUp === undefined || trueUp.byPartner.length !== n)
        throw new Error("the year has no true-up for each council");
      const names = new Map(scenario.partners.map((p) => [p.id as string, p.name]));
      let frame = stripControl(await press("y"));
      for (let chosen = 0; chosen < n; chosen++) {
        if (chosen > 0) frame = stripControl(await press(KEYS.down));
        const lines = frame.split("\n");
        expect(lines.length).toBeLessThanOrEqual(rows);
        expect(width(frame)).toBeLessThanOrEqual(80);
        // Each council shown is one whole line: its figures, then its name cut to 22 characters.
        const shown = trueUp.byPartner.filter((p) =>
          lines.some((l) =>
            new RegExp(
              `^[› ] ${p.partner} +${[p.advances, p.charge, p.trueUp].map(money).join(" +")}  ${(names.get(p.partner) ?? "").slice(0, 22).trimEnd()}$`,
            ).test(l),
          ),
        );
        const partner = trueUp.byPartner[chosen]?.partner ?? "";
        expect(shown.map((p) => p.partner)).toContain(partner);
        expect(lines).toContain(`${partner}: advances by quarter; true-up by service (+ further charge, - refund)`);
        for (const l of trueUp.lines.filter((x) => x.partner === partner))
          expect(frame).toMatch(
            new RegExp(`\n  ${l.service} +${money(l.advances)} +${money(l.charge)} +${money(l.trueUp)}\n`),
          );
        // A taller terminal shows every council and every transfer; a short one says how many more.
        if (rows >= 40)
          expect([
            shown.length,
            transfers.every((t) => frame.includes(`  ${t.from} pays ${t.to} ${formatMoney(t.amount)}\n`)),
          ]).toEqual([n, true]);
        else if (shown.length < n)
          expect(lines).toContain(`  … ${n - shown.length} more councils: ↑↓ moves through them`);
      }
      app.unmount();
    },
  );
});
