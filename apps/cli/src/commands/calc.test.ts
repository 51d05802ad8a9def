import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePeriod } from "@3c/domain";
import { demoScenario } from "@3c/domain/demo";
import { render } from "ink-testing-library";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Io } from "../Io.js";
import { runRecharge } from "../recharge/runRecharge.js";
import { statementOptions } from "../recharge/statementOptions.js";
import { calc, exportRun } from "./calc.js";

// Every run the calculator makes is counted; the terminal's screen is captured, not drawn.
vi.mock("../recharge/runRecharge.js", async (original) => {
  const actual = await original<typeof import("../recharge/runRecharge.js")>();
  return { runRecharge: vi.fn(actual.runRecharge) };
});
const screens: ReactElement[] = [];
vi.mock("ink", async (original) => ({
  ...(await original<typeof import("ink")>()),
  render: (element: ReactElement) => {
    screens.push(element);
    return { waitUntilExit: () => Promise.resolve() };
  },
}));

describe("the calculator's exports", () => {
  const scenario = demoScenario();
  const period = parsePeriod("2024/25-Q3");
  const run = runRecharge(scenario, period, statementOptions({}, scenario, period));
  const dir = mkdtempSync(join(tmpdir(), "3c-export-"));

  it("writes the statements workbook, the statement lines and the full run, named after the period", async () => {
    expect(await exportRun(dir, "xlsx", run, scenario)).toBe("3c-2024-25-Q3-statements.xlsx");
    expect(await exportRun(dir, "csv", run, scenario)).toBe("3c-2024-25-Q3-statement-lines.csv");
    expect(await exportRun(dir, "json", run, scenario)).toBe("3c-2024-25-Q3-run.json");
    const json = JSON.parse(readFileSync(join(dir, "3c-2024-25-Q3-run.json"), "utf8")) as typeof run;
    expect(json.manifest).toEqual(run.manifest);
    expect(readFileSync(join(dir, "3c-2024-25-Q3-statement-lines.csv"), "utf8").split("\r\n")[0]).toBe(
      "number,type,partner,period,issueDate,dueDate,issuer,service,pool,kind,rule,basis,basisPeriod,drivers,poolAmount,sharePercent,amount,vat,currency",
    );
    expect(readFileSync(join(dir, "3c-2024-25-Q3-statements.xlsx")).subarray(0, 2).toString("latin1")).toBe("PK");
  });
});

describe("the calculator with a budget", () => {
  const tty = Object.getOwnPropertyDescriptor(process.stdin, "isTTY");
  afterEach(() => {
    if (tty === undefined) Reflect.deleteProperty(process.stdin, "isTTY");
    else Object.defineProperty(process.stdin, "isTTY", tty);
  });

  it("runs the year once, before the screen opens, and the year end shows that run", async () => {
    Object.defineProperty(process.stdin, "isTTY", { value: true, configurable: true });
    const io: Io = {
      stdout: { write: () => true, isTTY: true },
      stderr: { write: () => true },
      env: {},
      cwd: tmpdir(),
    };
    vi.mocked(runRecharge).mockClear();
    expect(await calc(["--demo", "--period", "2024/25", "--budget", "demo", "--no-progress"], io)).toBe(0);
    expect(vi.mocked(runRecharge)).toHaveBeenCalledTimes(1);
    const [made] = vi.mocked(runRecharge).mock.results;
    const screen = screens.at(-1);
    if (made?.type !== "return" || screen === undefined) throw new Error("the calculator did not open");
    expect((screen.props as { run?: unknown }).run).toBe(made.value);
    // The screen, drawn and taken to the year end, runs nothing more.
    const app = render(screen);
    app.stdin.write("y");
    for (let waited = 0; waited < 5000 && !(app.lastFrame() ?? "").includes("True-up settlement"); waited += 20)
      await new Promise((r) => setTimeout(r, 20));
    expect(app.lastFrame()).toContain("True-up settlement");
    expect(vi.mocked(runRecharge)).toHaveBeenCalledTimes(1);
    app.unmount();
  });
});
