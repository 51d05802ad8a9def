import { loadScenario, runAllocation } from "@3c/domain";
import { describe, expect, it } from "vitest";
import { CliError } from "./CliError.js";
import type { Io } from "./Io.js";
import { reportError } from "./main.js";

/** A run of a file giving users for CCC only, and devices for CCC in the third quarter only. */
function missingDrivers(): unknown {
  const line = (id: string, date: string) => ({ id, service: "SVC", pool: "pool", date, amount: "10.00" });
  const scenario = loadScenario({
    schemaVersion: 1,
    partnership: { id: "t", name: "T", currency: "GBP" },
    partners: ["CCC", "HDC", "SCDC"].map((id) => ({ id, name: id })),
    services: [{ id: "SVC", name: "S", lead: "HDC", pools: [{ id: "pool", name: "P" }] }],
    rules: [
      { id: "by-users", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } },
      {
        id: "by-devices",
        service: "SVC",
        effectiveFrom: "2024-10-01",
        basis: { kind: "driver", driver: "devices", period: "quarter" },
      },
    ],
    costLines: [line("L1", "2024-05-31"), line("L2", "2024-11-30"), line("L3", "2025-02-28")],
    drivers: [
      { driver: "users", partner: "CCC", period: "2024/25", quantity: "1" },
      { driver: "devices", partner: "CCC", period: "2024/25-Q3", quantity: "1" },
    ],
  });
  try {
    runAllocation(scenario, "2024/25");
  } catch (error) {
    return error;
  }
  throw new Error("the run needs quantities the file does not give");
}

describe("reportError", () => {
  const printed = (error: unknown) => {
    const err: string[] = [];
    const io: Io = { stdout: { write: () => true }, stderr: { write: (s) => err.push(String(s)) }, env: {}, cwd: "." };
    reportError(io, error);
    return err.join("");
  };

  it("prints each missing driver quantity of a run once, not its rule twice", () => {
    expect(printed(missingDrivers())).toBe(
      [
        "3c: The run of 2024/25 needs 3 driver quantities that were not given: [MISSING_DRIVER]",
        '  rule by-users (SVC/pool) needs driver "users" for HDC, SCDC in 2024/25, but no quantity was given',
        '  rule by-devices (SVC/pool) needs driver "devices" for HDC, SCDC in 2024/25-Q3, but no quantity was given',
        '  rule by-devices (SVC/pool) needs driver "devices" for CCC, HDC, SCDC in 2024/25-Q4, but no quantity was given',
        "",
      ].join("\n"),
    );
  });

  it("prints the API's issues of a run so too, and others at their path", () => {
    const message = 'rule r (SVC/pool) needs driver "users" for HDC in 2024/25, but no quantity was given';
    const error = new CliError("network", "the API answered 422 Driver quantities missing: … [MISSING_DRIVER]", [
      { path: "rule r (SVC/pool)", message },
      { path: "costLines[0].amount", message: "not a decimal amount" },
    ]);
    expect(printed(error)).toBe(
      `3c: the API answered 422 Driver quantities missing: … [MISSING_DRIVER]\n  ${message}\n  costLines[0].amount: not a decimal amount\n`,
    );
  });
});
