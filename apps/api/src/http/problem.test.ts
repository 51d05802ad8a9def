import { DomainError, type MissingDriverIssue } from "@3c/domain";
import { describe, expect, it } from "vitest";
import { toProblem } from "./problem.js";

/** A database error as PGlite and node-postgres raise it: a message and a SQLSTATE `code`. */
const dbError = (code: string) =>
  Object.assign(new Error("invalid byte sequence for encoding UTF8: 0x00"), { code, severity: "ERROR" });

describe("toProblem", () => {
  it("answers the database's refusal of a character it cannot store (22021, 22P05) as 422, revealing no SQL", () => {
    for (const code of ["22021", "22P05"]) {
      const { problem, unexpected } = toProblem(dbError(code), "req-1");
      expect([problem.status, problem.code, unexpected]).toEqual([422, "VALIDATION_FAILED", false]);
      expect(problem.detail).toBe("the request holds a character the database cannot store (such as U+0000, NUL)");
    }
  });

  it("answers any other database error as a 500 that reveals nothing", () => {
    const { problem, unexpected } = toProblem(dbError("42P01"), "req-2");
    expect([problem.status, problem.code, unexpected]).toEqual([500, "INTERNAL", true]);
    expect(problem.detail).toBe("Something went wrong; quote req-2 when you report it");
  });

  it("gives a domain error's issues their path, message and code: the fields the problem schema documents, no others", () => {
    const missing: MissingDriverIssue = {
      path: "drivers.users",
      message: "no quantity for CCC in 2025/26, needed by rule ict-staff-v1 (ICT/staff)",
      code: "MISSING_DRIVER",
      driver: "users",
      neededBy: [{ rule: "ict-staff-v1", service: "ICT", pool: "staff" }],
      period: "2025/26",
      partners: ["CCC"],
    };
    const other = { path: "costLines[0].amount", message: "not a decimal amount" };
    const error = new DomainError("MISSING_DRIVER", missing.message, { issues: [missing, other] });
    const { problem } = toProblem(error, "req-3");
    expect([problem.status, problem.errors]).toEqual([
      422,
      [{ path: missing.path, message: missing.message, code: "MISSING_DRIVER" }, other],
    ]);
  });
});
