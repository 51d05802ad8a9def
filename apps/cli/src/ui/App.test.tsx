import { parsePeriod, type RechargeRun } from "@3c/domain";
import { demoScenario, demoScenarioDocument } from "@3c/domain/demo";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { expectGolden } from "../../test/runCli.js";
import { runRecharge } from "../recharge/runRecharge.js";
import { stripControl } from "../text/stripControl.js";
import { App, type CalcInput } from "./App.js";

const period = parsePeriod("2024/25-Q3");
const statements = { numbers: { CCC: "N-CCC", HDC: "N-HDC", SCDC: "N-SCDC" }, issueDate: "2024-12-31" as never };
const KEYS = { down: "\u001b[B", up: "\u001b[A", enter: "\r", escape: "\u001b" } as const;

function open(overrides: Partial<CalcInput> = {}) {
  const exports: string[] = [];
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
  return { app, press, until, exports };
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
    expect(up).toContain("↑↓ choose  ⏎ drill down  w what-if");
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
