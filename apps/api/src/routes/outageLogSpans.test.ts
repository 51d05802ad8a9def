import type { TermsRecord } from "@3c/store";
import { describe, expect, it } from "vitest";
import { outageLogSpans } from "./outageLogSpans.js";

const always = { start: "0000-01-01", end: "9999-12-31" };
const record = (seq: number, effectiveFrom: string | null, body: unknown): TermsRecord => ({
  section: "availability",
  seq,
  effectiveFrom,
  termsVersion: null,
  body,
  recordedAt: "2025-06-01T00:00:00Z",
});

describe("outageLogSpans", () => {
  it("is the years themselves without a loggedFrom, from the first quarter beginning on or after one otherwise", () => {
    expect(outageLogSpans(always, { kpis: {} }, [])).toEqual([always]);
    expect(outageLogSpans(always, { loggedFrom: "2024-08-15" }, [])).toEqual([{ ...always, start: "2024-10-01" }]);
    expect(outageLogSpans(always, { loggedFrom: "2024-07-01" }, [])).toEqual([{ ...always, start: "2024-07-01" }]);
    // A service from 2025: its own start, the log being complete before it.
    const years = { start: "2025-07-01", end: "9999-12-31" };
    expect(outageLogSpans(years, { loggedFrom: "2023-04-01" }, [])).toEqual([years]);
    expect(outageLogSpans(always, undefined, [])).toEqual([]);
  });

  it("reads each year's loggedFrom from the availability terms in force then, not the stored ones", () => {
    const history = [
      record(1, null, { loggedFrom: "2023-04-01" }),
      record(2, "2025/26", { loggedFrom: "2026-04-01" }),
      record(1, null, { loggedFrom: "2030-01-01" }), // another section's history is not read
    ].map((r, i) => (i === 2 ? { ...r, section: "savings" as const } : r));
    expect(outageLogSpans(always, { loggedFrom: "2026-04-01" }, history)).toEqual([
      { start: "2023-04-01", end: "2025-04-01" },
      { start: "2026-04-01", end: "9999-12-31" },
    ]);
    // Years without an availability section in force have no readings.
    const dropped = [record(1, null, null), record(2, "2025/26", { loggedFrom: "2025-05-01" })];
    expect(outageLogSpans(always, {}, dropped)).toEqual([{ start: "2025-07-01", end: "9999-12-31" }]);
  });
});
