import type { ApiKey, Service } from "@3c/store";
import { describe, expect, it } from "vitest";
import { rowRule } from "./rowRules.js";

// ICT (A and B take part) passes from A to B on 2024-10-01; C leads BC alone.
const handover = { effectiveFrom: "2024-10-01", previousLead: "A", lead: "B", recordedAt: "", recordedBy: "" };
const services = new Map<string, Service>([
  [
    "ICT",
    { id: "ICT", name: "ICT", lead: "B", participants: ["A", "B"], pools: [], handovers: [handover], version: 2 },
  ],
  ["BC", { id: "BC", name: "BC", lead: "C", participants: ["C"], pools: [], handovers: [], version: 1 }],
]);
const key = (partner: string): ApiKey => ({
  id: `k-${partner}`,
  partnership: "p1",
  partner,
  role: "finance",
  name: `finance@${partner}`,
  createdAt: "2024-01-01T00:00:00Z",
});

describe("the row rule after a hand-over", () => {
  it("gives a service's lines to the lead on each line's date", () => {
    const line = (date: string) => ({ id: "L", service: "ICT", pool: "staff", date, amount: "1.00" });
    const check = (partner: string, date: string) => rowRule("cost-lines", key(partner))(line(date), services);
    expect([check("A", "2024-09-30"), check("B", "2024-10-01")]).toEqual([undefined, undefined]);
    expect([check("B", "2024-09-30"), check("A", "2024-10-01")]).toEqual([
      "service ICT is led by A on 2024-09-30: only A's finance users write its lines of that date",
      "service ICT is led by B on 2024-10-01: only B's finance users write its lines of that date",
    ]);
    const income = { id: "I", service: "ICT", date: "2024-09-30", amount: "1.00" };
    expect(rowRule("income", key("B"))(income, services)).toBe(
      "service ICT is led by A on 2024-09-30: only A's finance users write its lines of that date",
    );
  });

  it("lets a lead during the quantities' period write a participant's driver quantities", () => {
    const quantity = (period: string) => ({ driver: "users", partner: "A", period, quantity: "1" });
    const check = (partner: string, period: string) => rowRule("drivers", key(partner))(quantity(period), services);
    // B leads ICT for part of 2024/25 (from October) and all of Q3; not in Q2.
    expect([check("B", "2024/25"), check("B", "2024/25-Q3"), check("A", "2024/25-Q2")]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(check("B", "2024/25-Q2")).toBe(
      "only A or the lead of a service it takes part in, during the quantities' period, may write its driver quantities",
    );
  });

  it("lets a lead of any service during the rate's dates record an exchange rate", () => {
    const rate = (date: string) => ({ currency: "EUR", date, rate: "1.17" });
    const check = (partner: string, date: string) => rowRule("fx-rates", key(partner))(rate(date), services);
    expect([check("A", "2024-09-30"), check("B", "2024-10-01"), check("C", "2024-09-30")]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect([check("A", "2024-10-01"), check("B", "2024-09-30")]).toEqual([
      "exchange rates are recorded by the finance users of a service's lead during the rate's dates",
      "exchange rates are recorded by the finance users of a service's lead during the rate's dates",
    ]);
  });
});
