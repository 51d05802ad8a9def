import { loadScenario, runAllocation } from "@3c/domain";
import { describe, expect, it } from "vitest";
import { CliError } from "./CliError.js";
import type { Io } from "./Io.js";
import { reportError } from "./main.js";

/** A run of a file giving users for CCC only, and devices for CCC in the third quarter only (or no devices rule). */
function missingDrivers(devices = true): unknown {
  const line = (id: string, date: string) => ({ id, service: "SVC", pool: "pool", date, amount: "10.00" });
  const scenario = loadScenario({
    schemaVersion: 1,
    partnership: { id: "t", name: "T", currency: "GBP" },
    partners: ["CCC", "HDC", "SCDC"].map((id) => ({ id, name: id })),
    services: [{ id: "SVC", name: "S", lead: "HDC", pools: [{ id: "pool", name: "P" }] }],
    rules: [
      { id: "by-users", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } },
      ...(devices
        ? [
            {
              id: "by-devices",
              service: "SVC",
              effectiveFrom: "2024-10-01",
              basis: { kind: "driver", driver: "devices", period: "quarter" },
            },
          ]
        : []),
    ],
    costLines: devices
      ? [line("L1", "2024-05-31"), line("L2", "2024-11-30"), line("L3", "2025-02-28")]
      : [line("L1", "2024-05-31")],
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

  it("prints each missing driver quantity of a run once a driver and period, at its path", () => {
    expect(printed(missingDrivers())).toBe(
      [
        '3c: The run of 2024/25 needs quantities of "devices" and "users" that were not given: [MISSING_DRIVER]',
        "  drivers.devices: no quantity for HDC, SCDC in 2024/25-Q3, needed by rule by-devices (SVC/pool)",
        "  drivers.devices: no quantity for CCC, HDC, SCDC in 2024/25-Q4, needed by rule by-devices (SVC/pool)",
        "  drivers.users: no quantity for HDC, SCDC in 2024/25, needed by rule by-users (SVC/pool)",
        "",
      ].join("\n"),
    );
  });

  it("prints a run's one missing driver quantity once: its sentence, not the sentence and then the same issue at its path", () => {
    expect(printed(missingDrivers(false))).toBe(
      '3c: rule by-users (SVC/pool) needs driver "users" for HDC, SCDC in 2024/25, but no quantity was given [MISSING_DRIVER]\n',
    );
  });

  it("prints a scenario's one problem under its heading, as it prints several", () => {
    let error: unknown;
    try {
      loadScenario({ schemaVersion: 1 });
    } catch (e) {
      error = e;
    }
    const [heading = "", ...lines] = printed(error).split("\n");
    expect(heading).toMatch(/^3c: The scenario has \d+ problems?: \[INVALID_SCENARIO\]$/);
    expect(lines.filter((l) => l !== "").every((l) => /^ {2}\S/.test(l))).toBe(true);
  });

  it("prints the API's issues each at its path, a message that happens to begin with its path too", () => {
    const error = new CliError("network", "the API answered 422 Driver quantities missing: … [MISSING_DRIVER]", [
      { path: "drivers.users", message: "no quantity for HDC in 2024/25, needed by rule r (SVC/pool)" },
      { path: "drivers", message: "drivers must be a list" },
    ]);
    expect(printed(error)).toBe(
      [
        "3c: the API answered 422 Driver quantities missing: … [MISSING_DRIVER]",
        "  drivers.users: no quantity for HDC in 2024/25, needed by rule r (SVC/pool)",
        "  drivers: drivers must be a list",
        "",
      ].join("\n"),
    );
  });
});
