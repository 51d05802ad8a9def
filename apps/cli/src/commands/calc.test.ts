import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePeriod } from "@3c/domain";
import { demoScenario } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { runRecharge } from "../recharge/runRecharge.js";
import { statementOptions } from "../recharge/statementOptions.js";
import { exportRun } from "./calc.js";

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
