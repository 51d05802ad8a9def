import { describe, expect, it } from "vitest";
import { problemError } from "./apiClient.js";

/** The error for a 422 problem document, as its message and its issues' lines. */
function told(detail: string, errors: { path: string; message: string; code?: string }[], code = "MISSING_DRIVER") {
  const error = problemError(422, "Unprocessable Content", {
    title: "Driver quantities missing",
    detail,
    code,
    errors,
  });
  return [error.message, ...error.issues.map((i) => `  ${i.path}: ${i.message}`)];
}

describe("problemError", () => {
  it("tells a refusal of one missing driver quantity once: its sentence, not the sentence and the same issue", () => {
    const issue = {
      path: "drivers.users",
      message: "no quantity for HDC in 2024/25, needed by rule by-users (SVC/pool)",
      code: "MISSING_DRIVER",
    };
    expect(
      told('rule by-users (SVC/pool) needs driver "users" for HDC in 2024/25, but no quantity was given', [issue]),
    ).toEqual([
      'the API answered 422 Driver quantities missing: rule by-users (SVC/pool) needs driver "users" for HDC in 2024/25, but no quantity was given [MISSING_DRIVER]',
    ]);
  });

  it("tells a detail that lists its issues by its heading, and each issue once, the code on the heading", () => {
    const issues = [
      { path: "drivers.devices", message: "no quantity for HDC in 2024/25-Q3, needed by rule d (SVC/pool)" },
      { path: "drivers.users", message: "no quantity for HDC in 2024/25, needed by rule u (SVC/pool)" },
    ];
    const detail = `The run of 2024/25 needs quantities of "devices" and "users" that were not given:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join("\n")}`;
    expect(told(detail, issues)).toEqual([
      'the API answered 422 Driver quantities missing: The run of 2024/25 needs quantities of "devices" and "users" that were not given: [MISSING_DRIVER]',
      "  drivers.devices: no quantity for HDC in 2024/25-Q3, needed by rule d (SVC/pool)",
      "  drivers.users: no quantity for HDC in 2024/25, needed by rule u (SVC/pool)",
    ]);
  });

  it("keeps an issue its detail does not say: a heading naming neither its partners nor its period", () => {
    const issue = {
      path: "drivers.users",
      message: "no quantity for CCC, HDC in 2025/26, needed by rule r (ICT/staff)",
    };
    const detail = 'its lines need driver quantities that are not recorded: "users" (rules of ICT); import them';
    expect(told(detail, [issue])).toEqual([
      `the API answered 422 Driver quantities missing: ${detail} [MISSING_DRIVER]`,
      "  drivers.users: no quantity for CCC, HDC in 2025/26, needed by rule r (ICT/staff)",
    ]);
    const settings = { path: "fxRounding", message: "expected a rounding mode for converted amounts, e.g. half-even" };
    expect(
      told("the settings leave converted amounts unrounded; nothing was stored", [settings], "INVALID_INPUT"),
    ).toEqual([
      "the API answered 422 Driver quantities missing: the settings leave converted amounts unrounded; nothing was stored [INVALID_INPUT]",
      "  fxRounding: expected a rounding mode for converted amounts, e.g. half-even",
    ]);
  });

  it("tells a problem without a detail by its status and title", () => {
    expect(problemError(503, "Service Unavailable", "not json").message).toBe(
      "the API answered 503 Service Unavailable",
    );
  });
});
