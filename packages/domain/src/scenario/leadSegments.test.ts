import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../period/index.js";
import type { PartnerId } from "./ids.js";
import { leadOn, leadSegments } from "./leadSegments.js";

const d = (text: string) => text as CalendarDate;
const ict = {
  lead: "HDC" as PartnerId,
  handovers: [
    { effectiveFrom: d("2024-10-01"), lead: "CCC" as PartnerId },
    { effectiveFrom: d("2025-06-01"), lead: "SCDC" as PartnerId },
  ],
};
const year = { start: d("2024-04-01"), end: d("2025-04-01") };

describe("leadOn", () => {
  it("is the first lead before any hand-over, and the new lead from the hand-over's day", () => {
    expect(leadOn(ict, d("2024-09-30"))).toBe("HDC");
    expect(leadOn(ict, d("2024-10-01"))).toBe("CCC");
    expect(leadOn(ict, d("2025-06-01"))).toBe("SCDC");
    expect(leadOn({ lead: "HDC" as PartnerId }, d("2030-01-01"))).toBe("HDC");
  });
});

describe("leadSegments", () => {
  it("splits a year at a hand-over inside it, and covers the year exactly", () => {
    expect(leadSegments(ict, year)).toEqual([
      { lead: "HDC", from: "2024-04-01", to: "2024-10-01" },
      { lead: "CCC", from: "2024-10-01", to: "2025-04-01" },
    ]);
  });

  it("gives one segment under the lead in force at the start when no hand-over falls inside", () => {
    expect(leadSegments(ict, { start: d("2025-04-01"), end: d("2025-06-01") })).toEqual([
      { lead: "CCC", from: "2025-04-01", to: "2025-06-01" },
    ]);
    // A hand-over on the first day is not inside: the whole period is the new lead's.
    expect(leadSegments(ict, { start: d("2024-10-01"), end: d("2025-01-01") })).toEqual([
      { lead: "CCC", from: "2024-10-01", to: "2025-01-01" },
    ]);
  });
});
