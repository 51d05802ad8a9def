/**
 * Test-only helpers: small scenario documents and a fast-check arbitrary of whole scenarios.
 * Not exported from the package.
 */
import fc from "fast-check";
import type { BasisDocument, ScenarioDocument } from "../schema/index.js";

type Doc = ScenarioDocument;

/** Three councils sharing one service with one pool; rules and lines supplied by the test. */
export function oneServiceDocument(parts: Partial<Pick<Doc, "rules" | "costLines" | "income" | "drivers">> = {}): Doc {
  return {
    schemaVersion: 1,
    partnership: { id: "test", name: "Test partnership", currency: "GBP" },
    partners: [
      { id: "CCC", name: "Cambridge City Council" },
      { id: "HDC", name: "Huntingdonshire District Council" },
      { id: "SCDC", name: "South Cambridgeshire District Council" },
    ],
    services: [{ id: "SVC", name: "Shared service", lead: "HDC", pools: [{ id: "pool", name: "Pool" }] }],
    rules: parts.rules ?? [{ id: "equal", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "equal" } }],
    costLines: parts.costLines ?? [],
    income: parts.income ?? [],
    drivers: parts.drivers ?? [],
  };
}

/** Yearly quantities of a driver for 2024/25. */
export function yearly(
  driver: string,
  quantities: Record<string, string>,
  period = "2024/25",
): NonNullable<Doc["drivers"]> {
  return Object.entries(quantities).map(([partner, quantity]) => ({ driver, partner, period, quantity }));
}

const PARTNERS = ["AA", "BB", "CC", "DD"];
const DATES = ["2024-04-01", "2024-06-30", "2024-10-02", "2024-10-03", "2025-01-15", "2025-03-31"];

function basisArb(partners: string[], depth: number): fc.Arbitrary<BasisDocument> {
  const simple: fc.Arbitrary<BasisDocument>[] = [
    fc.constant({ kind: "equal" as const }),
    fc.constant({ kind: "driver" as const, driver: "users" }),
    fc.constant({
      kind: "blended" as const,
      components: [
        { driver: "users", weight: "0.5" },
        { driver: "devices", weight: "0.5" },
      ],
    }),
    fc.constantFrom(...partners).map((partner) => ({ kind: "direct" as const, partner })),
    fc.tuple(...partners.map(() => fc.integer({ min: 1, max: 9 }))).map((ws) => ({
      kind: "fixed" as const,
      unit: "ratio" as const,
      shares: Object.fromEntries(partners.map((p, i) => [p, String(ws[i])])),
    })),
  ];
  if (depth === 0) return fc.oneof(...simple);
  const child = basisArb(partners, depth - 1);
  return fc.oneof(
    ...simple,
    fc.tuple(fc.integer({ min: 0, max: 100 }), child).map(([pct, rest]) => ({
      kind: "composite" as const,
      unit: "percent" as const,
      components: [
        { label: "a", weight: String(pct), basis: { kind: "equal" as const } },
        { label: "b", weight: String(100 - pct), basis: rest },
      ],
    })),
    fc.constantFrom(...partners).map((partner) => ({
      kind: "two-stage" as const,
      first: { partner, percent: "45.76" },
      rest: { kind: "equal" as const },
    })),
    fc.constantFrom("60", "62.50", "0.01").map((rate) => ({
      kind: "rate" as const,
      driver: "hours",
      rate,
      rounding: "half-up" as const,
      fallback: { kind: "driver" as const, driver: "users" },
    })),
  );
}

/** Options for {@link scenarioArb}. */
export interface ScenarioArbOptions {
  /** Leave out rate × quantity bases (their fixed charges do not scale or mirror). */
  readonly linearOnly?: boolean;
  /** Include support services passing costs between services. */
  readonly support?: boolean;
  /** Put some lines in US dollars, with a rate table. */
  readonly fx?: boolean;
}

/** Whole random scenarios for 2024/25: 2–4 partners, 1–3 services, versioned rules, lines, income. */
export function scenarioArb(options: ScenarioArbOptions = {}): fc.Arbitrary<Doc> {
  return fc.integer({ min: 2, max: 4 }).chain((np) => {
    const partners = PARTNERS.slice(0, np);
    const anyBasis = basisArb(partners, 1).filter((b) => !options.linearOnly || !JSON.stringify(b).includes('"rate"'));
    // Rate × quantity needs a version in force for the whole year and a pool of its own, so
    // versioned chains and service-wide rules avoid it; pool p1 (when there is one) may use it.
    const linear = basisArb(partners, 1).filter((b) => !JSON.stringify(b).includes('"rate"'));
    const quantity = fc.integer({ min: 1, max: 5000 }).map(String);
    const serviceArb = fc.record({
      pools: fc.integer({ min: 1, max: 2 }),
      rules: fc.array(fc.tuple(fc.constantFrom(...DATES.slice(1)), linear), { maxLength: 2 }),
      first: linear,
      poolFirst: linear,
      second: anyBasis,
    });
    return fc
      .record({
        services: fc.array(serviceArb, { minLength: 1, maxLength: 3 }),
        users: fc.tuple(...partners.map(() => quantity)),
        devices: fc.tuple(...partners.map(() => quantity)),
        hours: fc.tuple(...partners.map(() => quantity)),
        lines: fc.array(
          fc.record({
            service: fc.nat(),
            pool: fc.nat(),
            date: fc.constantFrom(...DATES),
            minor: fc.integer({ min: -2_000_000, max: 50_000_000 }),
          }),
          { maxLength: 40 },
        ),
        income: fc.array(
          fc.record({
            service: fc.nat(),
            date: fc.constantFrom(...DATES),
            minor: fc.integer({ min: 0, max: 1_000_000 }),
          }),
          {
            maxLength: 4,
          },
        ),
        consumption: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 30 })), { maxLength: 3 }),
        dollars: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        rates: fc.array(fc.integer({ min: 100, max: 200 }), { minLength: DATES.length, maxLength: DATES.length }),
        method: fc.constantFrom("reciprocal" as const, "step-down" as const, "direct" as const),
      })
      .map((r): Doc => {
        const ns = r.services.length;
        const services = r.services.map((s, i) => ({
          id: `S${i}`,
          name: `Service ${i}`,
          lead: partners[i % np] as string,
          pools: Array.from({ length: s.pools }, (_, k) => ({ id: `p${k}`, name: `Pool ${k}` })),
        }));
        const rules = r.services.flatMap((s, i) => [
          { id: `S${i}-wide`, service: `S${i}`, effectiveFrom: "2024-04-01", basis: s.first },
          ...s.rules.map(([date, b], k) => ({
            id: `S${i}-p0-v${k}`,
            service: `S${i}`,
            pool: "p0",
            effectiveFrom: date,
            basis: b,
          })),
          { id: `S${i}-p0-v-first`, service: `S${i}`, pool: "p0", effectiveFrom: "2024-04-01", basis: s.poolFirst },
          ...(s.pools > 1
            ? [{ id: `S${i}-p1`, service: `S${i}`, pool: "p1", effectiveFrom: "2024-04-01", basis: s.second }]
            : []),
        ]);
        // Keep one rule per (service, pool, date).
        const seen = new Set<string>();
        const uniqueRules = rules.filter((rule) => {
          const key = `${rule.service}/${"pool" in rule ? rule.pool : ""}/${rule.effectiveFrom}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        const money = (minor: number) => {
          const sign = minor < 0 ? "-" : "";
          const abs = Math.abs(minor);
          return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
        };
        const costLines = r.lines.map((l, i) => {
          const s = services[l.service % ns] as (typeof services)[number];
          return {
            id: `L${String(i).padStart(3, "0")}`,
            service: s.id,
            pool: (s.pools[l.pool % s.pools.length] as { id: string }).id,
            date: l.date,
            amount: money(l.minor),
          };
        });
        if (options.fx) {
          costLines.forEach((l, i) => {
            if (r.dollars[i]) Object.assign(l, { currency: "USD" });
          });
        }
        const income = r.income.map((l, i) => ({
          id: `I${i}`,
          service: `S${l.service % ns}`,
          date: l.date,
          amount: money(l.minor),
        }));
        const drivers = (["users", "devices", "hours"] as const).flatMap((d) =>
          partners.map((p, i) => ({ driver: d, partner: p, period: "2024/25", quantity: r[d][i] as string })),
        );
        const doc: Doc = {
          schemaVersion: 1,
          partnership: { id: "prop", name: "Property partnership", currency: "GBP" },
          partners: partners.map((id) => ({ id, name: `Council ${id}` })),
          services,
          rules: uniqueRules,
          costLines,
          income,
          drivers,
        };
        const withFx: Doc = options.fx
          ? {
              ...doc,
              fx: {
                rounding: "half-even",
                rates: DATES.map((date, i) => ({ currency: "USD", date, rate: `1.${String(r.rates[i]).slice(1)}` })),
                budgetRates: [{ currency: "USD", year: "2024/25", rate: "1.30" }],
              },
            }
          : doc;
        if (!options.support || ns < 2) return withFx;
        const totals = new Map<string, number>();
        const consumption = r.consumption.flatMap(([a, b, pct]) => {
          const from = `S${a % ns}`;
          const to = `S${b % ns}`;
          const used = (totals.get(from) ?? 0) + pct;
          if (from === to || used > 60) return [];
          totals.set(from, used);
          return [{ from, to, share: (pct / 100).toFixed(2) }];
        });
        const unique = [...new Map(consumption.map((c) => [`${c.from}>${c.to}`, c])).values()];
        return { ...withFx, support: { method: r.method, order: services.map((s) => s.id), consumption: unique } };
      });
  });
}

/** A permutation of a list chosen by fast-check. */
export function shuffle<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((item, i) => ({ item, key: keys[i % Math.max(1, keys.length)] ?? 0, i }))
    .sort((a, b) => a.key - b.key || b.i - a.i)
    .map((x) => x.item);
}
