import { parsePeriod, shiftPeriod } from "@3c/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SectionName } from "./sections.js";
import {
  closedForTerms,
  earliestTermsYear,
  type TermsRecord,
  termsRecordFor,
  termsTimeline,
  termsYear,
} from "./termsInForce.js";
import { actorFor, SMALL, storeErrorOf, useTestStore } from "./testing/index.js";

const year = (start: number) => `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
const record = (seq: number, effectiveFrom: string | null, termsVersion: string | null = `terms-${seq}`) =>
  ({
    section: "kpiScheme",
    seq,
    effectiveFrom,
    termsVersion,
    body: { seq },
    recordedAt: "2025-01-01T00:00:00.000Z",
  }) satisfies TermsRecord;
const closedPeriod = (name: string, start: string, end: string) => ({
  name,
  start,
  end,
  status: "closed" as const,
  closedAt: "2025-05-01T00:00:00.000Z",
  closedBy: "approver@a",
  version: 2,
});

describe("the history of terms in force", () => {
  it("gives each year the terms of the latest activation from that year or earlier, for any sequence of activations", () => {
    const activations = fc.array(fc.option(fc.integer({ min: 2020, max: 2030 }), { nil: null }), {
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(activations, fc.integer({ min: 2018, max: 2032 }), (froms, y) => {
        const records = froms.map((f, i) => record(i + 1, f === null ? null : year(f)));
        const shuffled = [...records].reverse();
        const latest = records.filter((r) => r.effectiveFrom === null || r.effectiveFrom <= year(y)).at(-1);
        expect(termsRecordFor(shuffled, year(y))).toEqual(latest);
        // The timeline says the same: the stretch holding the year is the latest activation's.
        const stretches = termsTimeline(shuffled);
        const holding = stretches.filter(
          (s) => (s.effectiveFrom === null || s.effectiveFrom <= year(y)) && (s.until === null || year(y) < s.until),
        );
        expect(holding.map((s) => s.termsVersion)).toEqual(latest === undefined ? [] : [latest.termsVersion]);
        // Contiguous stretches, each starting where the one before ends, the last one open.
        stretches.forEach((s, i) => {
          expect(s.until).toBe(stretches[i + 1]?.effectiveFrom ?? null);
          if (i > 0) expect(s.effectiveFrom).not.toBeNull();
        });
      }),
      { numRuns: 1000 },
    );
  });

  it("cuts short a later stretch when terms are agreed from an earlier year, as one timeline", () => {
    const records = [record(1, null, null), record(2, "2026/27"), record(3, "2025/26"), record(4, "2027/28")];
    expect(termsTimeline(records).map((s) => [s.effectiveFrom, s.until, s.termsVersion])).toEqual([
      [null, "2025/26", null],
      ["2025/26", "2027/28", "terms-3"],
      ["2027/28", null, "terms-4"],
    ]);
    expect(termsRecordFor(records, "2026/27")?.termsVersion).toBe("terms-3");
    expect(termsRecordFor(records, "2024/25")?.termsVersion).toBeNull();
    expect(termsRecordFor([], "2024/25")).toBeUndefined();
  });

  it("lets terms take effect, by default, from the year after the last one with a closed period", () => {
    expect(earliestTermsYear([])).toBeNull();
    expect(earliestTermsYear([closedPeriod("2024/25", "2024-04-01", "2025-04-01")])).toBe("2025/26");
    expect(
      earliestTermsYear([
        closedPeriod("2024/25", "2024-04-01", "2025-04-01"),
        closedPeriod("2025/26-Q1", "2025-04-01", "2025-07-01"),
      ]),
    ).toBe("2026/27");
    expect(earliestTermsYear([closedPeriod("2025/26-P12", "2026-03-01", "2026-04-01")])).toBe("2026/27");
  });

  it("lets terms take effect from the default year and from none before it, for any closed periods", () => {
    const periodName = fc.oneof(
      fc.integer({ min: 2020, max: 2030 }).map(year),
      fc
        .tuple(fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 1, max: 4 }))
        .map(([y, q]) => `${year(y)}-Q${q}`),
      fc
        .tuple(fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 1, max: 12 }))
        .map(([y, m]) => `${year(y)}-P${m}`),
    );
    fc.assert(
      fc.property(fc.array(periodName, { maxLength: 6 }), (names) => {
        const closed = names.map((name) => {
          const p = parsePeriod(name);
          return closedPeriod(p.name, p.start, p.end);
        });
        const earliest = earliestTermsYear(closed);
        expect(closedForTerms(closed, earliest)).toEqual([]);
        if (earliest === null) expect(closed).toEqual([]);
        else expect(closedForTerms(closed, shiftPeriod(parsePeriod(earliest), -1).name)).toHaveLength(1);
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses terms from a year with a closed period, or a year before one, naming effectiveFrom", () => {
    const closed = [closedPeriod("2025/26-Q1", "2025-04-01", "2025-07-01")];
    expect(closedForTerms(closed, "2026/27")).toEqual([]);
    expect(closedForTerms([], null)).toEqual([]);
    for (const from of ["2025/26", "2024/25", null]) {
      const [issue, ...rest] = closedForTerms(closed, from);
      expect([issue?.field, rest]).toEqual(["effectiveFrom", []]);
      expect(issue?.message).toMatch(/closed period 2025\/26-Q1.*from 2026\/27 or later/);
    }
  });

  it("reads a financial year written either way, and refuses anything else on effectiveFrom", () => {
    expect([termsYear("2025/26"), termsYear("2025-26")]).toEqual(["2025/26", "2025/26"]);
    for (const bad of ["2025/26-Q1", "2025", "next year"])
      expect(() => termsYear(bad)).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
  });
});

describe("terms agreed from a year, in the store", () => {
  const store = useTestStore();
  const p = SMALL.id;
  const admin = actorFor("A", "admin");
  const lenient = { kind: "bands", green: { kind: "absolute", amount: "2" }, amber: { kind: "absolute", amount: "5" } };
  const strict = { kind: "tolerance" };
  const activation = { apply: (_s: SectionName, proposed: unknown) => proposed };
  const whole = (_s: SectionName, inForce: unknown) => inForce;
  const propose = (body: unknown, effectiveFrom?: string) =>
    store.putSection(p, "kpiScheme", body, admin, {
      needsConsent: () => true,
      ...(effectiveFrom === undefined ? {} : { effectiveFrom }),
    });
  const consentAll = async (id: string) => {
    for (const partner of ["A", "B"]) await store.consentTerms(p, id, actorFor(partner, "approver"), activation);
  };
  const close = async (name: string) => {
    await store.openPeriod(p, name, admin);
    await store.closePeriod(p, name, undefined, actorFor("A", "approver"));
  };
  const schemeOf = async (y: string) => (await store.sectionsForYear(p, y, whole)).kpiScheme;

  it("keep a closed year's terms when stricter ones are agreed from the next year", async () => {
    const first = (await propose(lenient)).terms;
    expect(first?.effectiveFrom).toBeNull();
    await consentAll("terms-1");
    await close("2024/25");
    const second = (await propose(strict)).terms;
    expect([second?.id, second?.effectiveFrom]).toEqual(["terms-2", "2025/26"]);
    // Proposed but not agreed: every year keeps the lenient scheme.
    expect([await schemeOf("2024/25"), await schemeOf("2025/26")]).toEqual([lenient, lenient]);
    await consentAll("terms-2");
    expect([
      await schemeOf("2023/24"),
      await schemeOf("2024/25"),
      await schemeOf("2025-26"),
      await schemeOf("2030/31"),
    ]).toEqual([lenient, lenient, strict, strict]);
    // The stored section holds the latest terms agreed.
    expect((await store.getSections(p)).kpiScheme).toEqual(strict);
    expect((await store.listTermsInForce(p)).map((s) => [s.section, s.effectiveFrom, s.until, s.termsVersion])).toEqual(
      [
        ["kpiScheme", null, "2025/26", "terms-1"],
        ["kpiScheme", "2025/26", null, "terms-2"],
      ],
    );
    expect((await store.verifyAudit(p)).valid).toBe(true);
  });

  it("keep the section as first written in force from the beginning, and none before a section's first terms", async () => {
    // A section written before any version (as the demo seeds its sections) has no history.
    await store.putSection(p, "kpiScheme", lenient, admin);
    expect(await store.listTermsInForce(p)).toEqual([]);
    expect(await schemeOf("2019/20")).toEqual(lenient);
    await close("2024/25");
    await propose(strict);
    await consentAll("terms-1");
    expect([await schemeOf("2024/25"), await schemeOf("2025/26")]).toEqual([lenient, strict]);
    expect((await store.listTermsInForce(p)).map((s) => [s.effectiveFrom, s.termsVersion])).toEqual([
      [null, null],
      ["2025/26", "terms-1"],
    ]);
  });

  it("leave the years before a section's first terms without the section", async () => {
    await propose(strict, "2026/27");
    await consentAll("terms-1");
    expect([await schemeOf("2025/26"), await schemeOf("2026/27")]).toEqual([undefined, strict]);
    // The years before, without the section, are not listed as terms in force.
    expect((await store.listTermsInForce(p)).map((s) => [s.effectiveFrom, s.until, s.termsVersion])).toEqual([
      ["2026/27", null, "terms-1"],
    ]);
  });

  it("read one section for several years at once, each with the record of the terms in force, as each year's reads do", async () => {
    const years = ["2024/25", "2025-26", "2026/27"];
    // No history yet: the stored section rates every year, with no record.
    await store.putSection(p, "kpiScheme", lenient, admin);
    expect(await store.sectionByYear(p, "kpiScheme", years, whole)).toEqual(
      ["2024/25", "2025/26", "2026/27"].map((year) => ({ year, body: lenient })),
    );
    await propose(strict, "2026/27");
    await consentAll("terms-1");
    const read = await store.sectionByYear(p, "kpiScheme", years, whole);
    expect(read.map((r) => [r.year, r.body, r.record?.termsVersion, r.record?.effectiveFrom])).toEqual([
      ["2024/25", lenient, null, null],
      ["2025/26", lenient, null, null],
      ["2026/27", strict, "terms-1", "2026/27"],
    ]);
    for (const r of read) expect(r.body).toEqual(await schemeOf(r.year));
    await expect(store.sectionByYear(p, "kpiScheme", ["2025/26-Q1"], whole)).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });

  it("refuse terms from a year with a closed period, at proposal, recording nothing", async () => {
    await close("2024/25");
    const audit = await store.verifyAudit(p);
    const error = await storeErrorOf(propose(strict, "2024/25"));
    expect([error.code, error.issues.map((i) => i.field)]).toEqual(["PERIOD_CLOSED", ["effectiveFrom"]]);
    expect(await store.listTerms(p)).toEqual([]);
    expect(await store.verifyAudit(p)).toEqual(audit);
  });

  it("refuse the last consent when a period of the terms' year closed meanwhile, recording no consent", async () => {
    await propose(strict, "2025/26");
    await store.consentTerms(p, "terms-1", actorFor("A", "approver"), activation);
    await close("2025/26-Q1");
    const audit = await store.verifyAudit(p);
    const error = await storeErrorOf(store.consentTerms(p, "terms-1", actorFor("B", "approver"), activation));
    expect([error.code, error.issues.map((i) => i.field)]).toEqual(["PERIOD_CLOSED", ["effectiveFrom"]]);
    const [terms] = await store.listTerms(p);
    expect([terms?.status, terms?.awaiting]).toEqual(["proposed", ["B"]]);
    expect(await store.listTermsInForce(p)).toEqual([]);
    expect((await store.getSections(p)).kpiScheme).toBeUndefined();
    expect(await store.verifyAudit(p)).toEqual(audit);
  });

  it("refuse an effectiveFrom on a write that proposes no terms, or one that is not a financial year", async () => {
    const plain = await storeErrorOf(store.putSection(p, "kpiScheme", strict, admin, { effectiveFrom: "2025/26" }));
    expect([plain.code, plain.issues.map((i) => i.field)]).toEqual(["INVALID_INPUT", ["effectiveFrom"]]);
    const quarter = await storeErrorOf(propose(strict, "2025/26-Q1"));
    expect([quarter.code, quarter.issues.map((i) => i.field)]).toEqual(["INVALID_INPUT", ["effectiveFrom"]]);
    expect(await store.getSections(p)).toEqual({});
  });
});
