import type { ApiKey, Role, Service, StoredSections } from "@3c/store";
import { describe, expect, it } from "vitest";
import { applyTerms, sectionNeedsConsent, sectionRule, sectionSpans, termsOf } from "./sectionRules.js";

// A leads ICT, C leads BC.
const services: Service[] = [
  { id: "ICT", name: "ICT", lead: "A", participants: ["A", "B"], pools: [], handovers: [], version: 1 },
  { id: "BC", name: "BC", lead: "C", participants: ["C"], pools: [], handovers: [], version: 1 },
];
const key = (partner: string, role: Role = "finance"): ApiKey => ({
  id: `k-${partner}`,
  partnership: "p1",
  partner,
  role,
  name: `${role}@${partner}`,
  createdAt: "2024-01-01T00:00:00Z",
});
const budget = (service: string, amount: string) => ({ service, pool: "staff", year: "2024/25", amount });
const paths = (issues: readonly { field: string }[]) => issues.map((i) => i.field);

describe("the section rule", () => {
  it("gives a dated part of a service handed over to the lead in force during its dates", () => {
    // ICT passes from A to B on 2024-10-01: the year 2024/25 spans it; 2023/24 is A's, 2025/26 B's.
    const handover = { effectiveFrom: "2024-10-01", previousLead: "A", lead: "B", recordedAt: "", recordedBy: "" };
    const handedOver = services.map((s) => (s.id === "ICT" ? { ...s, lead: "B", handovers: [handover] } : s));
    const ict = (year: string) => [{ service: "ICT", pool: "staff", year, amount: "1.00" }];
    const refused = (partner: string, year: string) =>
      sectionRule("budgets", ict(year), key(partner), handedOver)({}).map((i) => i.message);
    expect([
      refused("A", "2023/24"),
      refused("B", "2025/26"),
      refused("A", "2024/25"),
      refused("B", "2024/25"),
    ]).toEqual([[], [], [], []]);
    expect(refused("B", "2023/24")).toEqual([
      "budgets[0] belongs to ICT (led by A): only the finance users of a service's lead change its part",
    ]);
    expect(refused("A", "2025/26")).toEqual([
      "budgets[0] belongs to ICT (led by B): only the finance users of a service's lead change its part",
    ]);
    expect(refused("C", "2024/25")).toEqual([
      "budgets[0] belongs to ICT (led by A then B): only the finance users of a service's lead change its part",
    ]);
  });

  it("lets a lead's finance users change the items of the services it leads, and no others", () => {
    const before: StoredSections = { budgets: [budget("ICT", "1.00"), budget("BC", "2.00")] };
    const mine = [budget("ICT", "5.00"), budget("BC", "2.00")];
    expect(sectionRule("budgets", mine, key("A"), services)(before)).toEqual([]);
    expect(paths(sectionRule("budgets", mine, key("C"), services)(before))).toEqual(["budgets[0]", "budgets[0]"]);
    expect(paths(sectionRule("budgets", mine, key("B"), services)(before))).toEqual(["budgets[0]", "budgets[0]"]);
  });

  it("checks only what changes: items unchanged, reordered or repeated as stored need no right", () => {
    const before: StoredSections = { budgets: [budget("ICT", "1.00"), budget("BC", "2.00"), budget("BC", "2.00")] };
    const reordered = [budget("BC", "2.00"), budget("BC", "2.00"), budget("ICT", "1.00")];
    expect(sectionRule("budgets", reordered, key("B"), services)(before)).toEqual([]);
    // Dropping one of two identical BC items is a change to BC.
    const dropped = [budget("BC", "2.00"), budget("ICT", "1.00")];
    expect(paths(sectionRule("budgets", dropped, key("A"), services)(before))).toEqual(["budgets[1]"]);
  });

  it("refuses removing another lead's items, naming the stored item", () => {
    const before: StoredSections = { budgets: [budget("BC", "2.00")] };
    const [issue] = sectionRule("budgets", [], key("A"), services)(before);
    expect(issue?.field).toBe("budgets[0]");
    expect(issue?.message).toContain("of the stored section (removed or replaced)");
    expect(issue?.message).toContain("BC (led by C)");
  });

  it("leaves partnership-wide terms to an admin, or to the finance users of a partner that leads every service", () => {
    const terms = { rounding: "half-up", attribution: "actual", baselines: [] };
    expect(paths(sectionRule("savings", terms, key("A"), services)({}))).toEqual([
      "savings.rounding",
      "savings.attribution",
    ]);
    expect(sectionRule("savings", terms, key("B", "admin"), services)({})).toEqual([]);
    const soleLead = services.map((s) => ({ ...s, lead: "A" }));
    expect(sectionRule("savings", terms, key("A"), soleLead)({})).toEqual([]);
    expect(paths(sectionRule("kpiScheme", { kind: "tolerance" }, key("A"), services)({}))).toEqual(["kpiScheme"]);
  });

  it("keeps an admin to partnership-wide terms: a service's part is its lead's finance users'", () => {
    const terms = { rounding: "half-up", attribution: "actual", baselines: [] };
    const before = { savings: terms } as StoredSections;
    const baseline = { partner: "A", service: "ICT", baseYear: "2024/25", amount: "1.00" };
    const withBaseline = { ...terms, baselines: [baseline] };
    expect(paths(sectionRule("savings", withBaseline, key("A", "admin"), services)(before))).toEqual([
      "savings.baselines[0]",
    ]);
    expect(sectionRule("savings", withBaseline, key("A"), services)(before)).toEqual([]);
    const halfEven = { ...terms, rounding: "half-even" };
    expect(sectionRule("savings", halfEven, key("A", "admin"), services)(before)).toEqual([]);
    expect(paths(sectionRule("savings", halfEven, key("A"), services)(before))).toEqual([
      "savings.rounding",
      "savings.rounding",
    ]);
  });

  it("refuses a service's part in a write that changes partnership-wide terms, even to a key that may write both", () => {
    const terms = { rounding: "half-up", attribution: "actual", baselines: [] };
    const before = { savings: terms } as StoredSections;
    const body = {
      ...terms,
      rounding: "half-even",
      baselines: [{ partner: "A", service: "ICT", baseYear: "2024/25", amount: "1.00" }],
    };
    const soleLead = services.map((s) => ({ ...s, lead: "A" }));
    const issues = sectionRule("savings", body, key("A"), soleLead)(before);
    expect(paths(issues)).toEqual(["savings.baselines[0]"]);
    expect(issues[0]?.message).toContain("write of its own");
  });

  it("scopes a one-off cost by its service, or to the partnership without one", () => {
    const split = { kind: "equal" };
    const oneOff = (service?: string) => ({
      id: `o-${service ?? "all"}`,
      kind: "cost",
      category: "set-up",
      year: "2024/25",
      amount: "1.00",
      split,
      ...(service === undefined ? {} : { service }),
    });
    const terms = { rounding: "half-up", attribution: "actual", baselines: [] };
    const before = { savings: terms } as StoredSections;
    expect(sectionRule("savings", { ...terms, oneOffs: [oneOff("ICT")] }, key("A"), services)(before)).toEqual([]);
    const shared = { ...terms, oneOffs: [oneOff()] };
    expect(paths(sectionRule("savings", shared, key("A"), services)(before))).toEqual(["savings.oneOffs[0]"]);
    expect(sectionRule("savings", shared, key("B", "admin"), services)(before)).toEqual([]);
  });

  it("gives measurements and incident targets their KPI's service, and availability's KPI map its keys", () => {
    const before = {
      kpis: [
        { code: "ICT-1", service: "ICT" },
        { code: "BC-1", service: "BC" },
      ],
    } as unknown as StoredSections;
    const measurements = [
      { kpi: "ICT-1", period: "2024/25-Q1", value: "1" },
      { kpi: "BC-1", period: "2024/25-Q1", value: "1" },
    ];
    expect(paths(sectionRule("measurements", measurements, key("A"), services)(before))).toEqual(["measurements[1]"]);
    const availability = {
      planned: "count",
      percent: { places: 2, rounding: "half-up" },
      kpis: { ICT: "ICT-1", BC: "BC-1" },
      incidentTargets: [{ kpi: "BC-1", priority: "P1", withinHours: "4" }],
    };
    const settled = { ...before, availability: { ...availability, kpis: {}, incidentTargets: [] } } as StoredSections;
    expect(paths(sectionRule("availability", availability, key("C"), services)(settled))).toEqual([
      "availability.kpis.ICT",
    ]);
  });

  it("scopes calendars and outages by every service they name", () => {
    const outage = { id: "o1", services: ["ICT", "BC"] };
    expect(paths(sectionRule("outages", [outage], key("A"), services)({}))).toEqual(["outages[0]"]);
    expect(paths(sectionRule("outages", [{ ...outage, services: ["ICT"] }], key("A"), services)({}))).toEqual([]);
    expect(sectionRule("calendars", [{ id: "c", services: ["BC"] }], key("C"), services)({})).toEqual([]);
  });

  it("dates the changed parts for the closed-period check: a budget's year, an outage's day; unchanged parts not", () => {
    const before: StoredSections = { budgets: [budget("ICT", "1.00")] };
    expect(sectionSpans("budgets", [budget("ICT", "1.00")])(before, services)).toEqual([]);
    expect(sectionSpans("budgets", [budget("ICT", "2.00")])(before, services)).toEqual([
      { field: "budgets[0]", span: { start: "2024-04-01", end: "2025-04-01" } },
      { field: "budgets[0]", span: { start: "2024-04-01", end: "2025-04-01" } },
    ]);
    const outage = { id: "o1", services: ["ICT"], start: "2025-03-31T23:30:00Z" };
    expect(sectionSpans("outages", [outage])({}, services)).toEqual([
      // 23:30 UTC on 31 March is 00:30 on 1 April in British Summer Time: both days are covered.
      { field: "outages[0]", span: { start: "2025-03-31", end: "2025-04-02" } },
    ]);
  });

  it("dates a KPI moved to another service, removed or renamed by the years its service is reported in; a figure field by its figures", () => {
    const kpi = { code: "K1", service: "ICT", name: "Uptime" };
    const before = {
      kpis: [kpi, { ...kpi, code: "K2" }],
      measurements: [
        { kpi: "K1", period: "2024/25-Q1", value: "1" },
        { kpi: "K2", period: "2024/25-Q2", value: "1" },
        { kpi: "K1", period: "2024/25-Q3", value: "1" },
      ],
    } as unknown as StoredSections;
    const moved = [
      { ...kpi, service: "BC" },
      { ...kpi, code: "K2" },
    ];
    // ICT has no start: every year's scorecard shows its KPIs, measured or not.
    const always = { start: "0000-01-01", end: "9999-12-31" };
    expect(sectionSpans("kpis", moved)(before, services)).toEqual([{ field: "kpis[0].service", span: always }]);
    expect(sectionSpans("kpis", [{ ...kpi, code: "K2" }])(before, services)).toEqual([
      { field: "kpis[0]", span: always },
    ]);
    // A service from July 2025 is in the reports of 2025/26 on: dated from its start, which every
    // closed year of those reports meets and a quarter closed before it does not.
    const later = services.map((s) => (s.id === "ICT" ? { ...s, effectiveFrom: "2025-07-01" } : s));
    expect(sectionSpans("kpis", [kpi])(before, later)).toEqual([
      { field: "kpis[1]", span: { start: "2025-07-01", end: "9999-12-31" } },
    ]);
    // Its name is printed in its row of every year it is shown; its tolerance read only where it has figures.
    expect(
      sectionSpans("kpis", [
        { ...kpi, name: "Availability" },
        { ...kpi, code: "K2" },
      ])(before, services),
    ).toEqual([{ field: "kpis[0].name", span: always }]);
    const tolerance = { kind: "absolute", amount: "1" };
    expect(
      sectionSpans("kpis", [
        { ...kpi, tolerance },
        { ...kpi, code: "K2" },
      ])(before, services),
    ).toEqual([
      { field: "kpis[0].tolerance", span: { start: "2024-04-01", end: "2024-07-01" } },
      { field: "kpis[0].tolerance", span: { start: "2024-10-01", end: "2025-01-01" } },
    ]);
  });

  it("dates a calendars write from the first day its hours change, for good: a later change leaves earlier days alone", () => {
    const hours = { kind: "working-hours", weekdays: ["Mon"], from: "08:00", to: "18:00", timeZone: "Europe/London" };
    const desk = { id: "desk", ...hours, bankHolidays: ["2024-12-25"], services: ["ICT"] };
    const later = (effectiveFrom: string, to: string) => ({ effectiveFrom, ...hours, to, bankHolidays: [] });
    const before = { calendars: [desk] } as unknown as StoredSections;
    const spans = (calendars: unknown[], stored: StoredSections = before) =>
      sectionSpans("calendars", calendars)(stored, services);
    const from = (start: string) => ({ start, end: "9999-12-31" });
    expect(spans([desk])).toEqual([]);
    // Undated hours are in force from the beginning; a bank holiday on a day served changes that day on.
    expect(spans([{ ...desk, to: "17:00" }])).toEqual([{ field: "calendars[0]", span: from("0000-01-01") }]);
    expect(spans([{ ...desk, bankHolidays: ["2024-12-25", "2026-12-28"] }])).toEqual([
      { field: "calendars[0]", span: from("2026-12-28") },
    ]);
    const changed = { ...desk, changes: [later("2025-04-01", "17:00")] };
    expect(spans([changed])).toEqual([{ field: "calendars[0].changes[0]", span: from("2025-04-01") }]);
    // A change that repeats the hours before it changes no day but its own bank holidays; one moved
    // earlier changes from the earlier date.
    expect(spans([{ ...desk, changes: [later("2025-04-01", "18:00")] }])).toEqual([]);
    expect(spans([{ ...desk, changes: [{ ...later("2025-04-01", "18:00"), bankHolidays: ["2025-12-29"] }] }])).toEqual([
      { field: "calendars[0].changes[0]", span: from("2025-12-29") },
    ]);
    const stored = { calendars: [changed] } as unknown as StoredSections;
    expect(spans([{ ...desk, changes: [later("2024-10-01", "17:00")] }], stored)).toEqual([
      { field: "calendars[0].changes[0]", span: from("2024-10-01") },
    ]);
    expect(spans([desk], stored)).toEqual([{ field: "calendars[0]", span: from("2025-04-01") }]);
    // A service moved to a calendar of other hours changes its hours from the first day they differ.
    const other = { ...desk, id: "other", services: [], changes: [later("2025-01-06", "12:00")] };
    expect(
      spans(
        [
          { ...desk, services: [] },
          { ...other, services: ["ICT"] },
        ],
        {
          calendars: [desk, other],
        } as unknown as StoredSections,
      ),
    ).toEqual([{ field: "calendars[1].services[0]", span: from("2025-01-06") }]);
    // A service joining or leaving the calendars gains or loses its availability in the years it is reported in.
    const starts = services.map((s) => (s.id === "BC" ? { ...s, effectiveFrom: "2025-07-01" } : s));
    expect(sectionSpans("calendars", [{ ...desk, services: ["ICT", "BC"] }])(before, starts)).toEqual([
      { field: "calendars[0].services[1]", span: from("2025-07-01") },
    ]);
    expect(spans([{ ...desk, services: [] }])).toEqual([
      { field: "calendars[0].services[0]", span: from("0000-01-01") },
    ]);
    // What changes no figure is no change: the weekdays' order, a bank holiday on a day not served (a Saturday).
    const week = { ...desk, weekdays: ["Mon", "Tue"] };
    expect(
      sectionSpans("calendars", [{ ...week, weekdays: ["Tue", "Mon"], bankHolidays: ["2024-12-25", "2025-05-03"] }])(
        { calendars: [week] } as unknown as StoredSections,
        services,
      ),
    ).toEqual([]);
  });

  it("asks every partner's consent exactly when a partnership-wide part is added, removed or replaced", () => {
    const terms = { rounding: "half-up", attribution: "actual", baselines: [] };
    const before = { savings: terms, kpiScheme: { kind: "tolerance" } } as StoredSections;
    const baselines = [{ partner: "A", service: "ICT", baseYear: "2024/25", amount: "1.00" }];
    expect(sectionNeedsConsent("savings", { ...terms, baselines })(before)).toBe(false);
    expect(sectionNeedsConsent("savings", terms)(before)).toBe(false);
    expect(sectionNeedsConsent("savings", { ...terms, targetPercent: "15" })(before)).toBe(true);
    const { attribution: _, ...removed } = terms;
    expect(sectionNeedsConsent("savings", removed)(before)).toBe(true);
    expect(sectionNeedsConsent("kpiScheme", { kind: "tolerance" })(before)).toBe(false);
    expect(sectionNeedsConsent("kpiScheme", { kind: "improvement" })(before)).toBe(true);
    expect(sectionNeedsConsent("budgets", [budget("ICT", "1.00")])(before)).toBe(false);
  });

  it("puts agreed terms over the section as stored then, keeping every service's part", () => {
    const oneOff = (id: string, service?: string) => ({ id, year: "2024/25", ...(service ? { service } : {}) });
    const stored = {
      rounding: "half-up",
      attribution: "actual",
      targetPercent: "15",
      baselines: [{ partner: "A", service: "ICT" }],
      oneOffs: [oneOff("ict", "ICT"), oneOff("old")],
    };
    const proposed = { rounding: "half-even", attribution: "equal", baselines: [], oneOffs: [oneOff("new")] };
    expect(applyTerms("savings", proposed, stored)).toEqual({
      rounding: "half-even",
      attribution: "equal",
      baselines: [{ partner: "A", service: "ICT" }],
      oneOffs: [oneOff("ict", "ICT"), oneOff("new")],
    });
    const availability = { planned: "count", kpis: { ICT: "ICT-1" }, incidentTargets: [{ kpi: "ICT-1" }] };
    expect(applyTerms("availability", { planned: "exclude", kpis: {}, incidentTargets: [] }, availability)).toEqual({
      planned: "exclude",
      kpis: { ICT: "ICT-1" },
      incidentTargets: [{ kpi: "ICT-1" }],
    });
    expect(applyTerms("savings", proposed, undefined)).toBe(proposed);
    expect(applyTerms("kpiScheme", { kind: "improvement" }, { kind: "tolerance" })).toEqual({ kind: "improvement" });
  });

  it("reads a section's terms alone, so a service's part never makes a terms version stale", () => {
    const terms = { rounding: "half-up", attribution: "actual", baselines: [] };
    const baselines = [{ partner: "A", service: "ICT", baseYear: "2024/25", amount: "1.00" }];
    expect(termsOf("savings", { ...terms, baselines })).toEqual(termsOf("savings", terms));
    expect(termsOf("savings", { baselines, attribution: "actual", rounding: "half-up" })).toEqual(
      termsOf("savings", terms),
    );
    expect(termsOf("savings", { ...terms, rounding: "half-even" })).not.toEqual(termsOf("savings", terms));
    expect(termsOf("budgets", [budget("ICT", "1.00")])).toEqual([]);
  });
});
