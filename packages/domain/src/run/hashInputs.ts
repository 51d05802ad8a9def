import { canonicalFx } from "../fx/index.js";
import { ContentHasher, canonicalJson, sortedBy } from "../hash/index.js";
import type { FinancialPeriod } from "../period/index.js";
import type { Basis, CostLine, Scenario } from "../scenario/Scenario.js";
import { ENGINE_NAME, ENGINE_VERSION } from "../version.js";
import { SERVICE_WIDE } from "./RuleBook.js";

/** A basis with its unordered lists sorted, so that list order never changes the hash. */
function normalizeBasis(basis: Basis): Basis {
  const among = "among" in basis && basis.among !== undefined ? { among: [...basis.among].sort() } : {};
  switch (basis.kind) {
    case "blended":
      return { ...basis, ...among, components: [...basis.components].sort((a, b) => (a.driver < b.driver ? -1 : 1)) };
    case "rate":
      return { ...basis, ...among, fallback: normalizeBasis(basis.fallback) };
    case "two-stage":
      return { ...basis, rest: normalizeBasis(basis.rest) };
    case "composite":
      return {
        ...basis,
        components: [...basis.components]
          .sort((a, b) => (a.label < b.label ? -1 : 1))
          .map((c) => ({ ...c, basis: normalizeBasis(c.basis) })),
      };
    default:
      return { ...basis, ...among };
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The bytes of a typed array in little-endian order, whatever the platform's own order. */
function littleEndian(values: Uint32Array | Float64Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const view = new DataView(new ArrayBuffer(values.byteLength));
  values.forEach((v, i) => {
    if (values instanceof Float64Array) view.setFloat64(i * 8, v, true);
    else view.setUint32(i * 4, v, true);
  });
  return new Uint8Array(view.buffer);
}

/**
 * SHA-256 of everything that determines an allocation: engine and version, period, partners,
 * services (with their hand-overs, when they have any), rule versions, drivers, support, foreign lines as given with the rate table, VAT
 * treatments, and the period's cost and income lines in canonical order. Unordered lists are sorted
 * first, so input order never changes the hash.
 *
 * @param scenario - the scenario as allocated (lines converted to the partnership currency)
 * @param period - the run period
 * @param costLines - the period's cost lines in canonical order (converted)
 * @param incomeOrder - positions of the period's income lines, in canonical order
 * @param given - the scenario as given (foreign lines in their own currency)
 * @returns 64 hex digits
 */
export function hashInputs(
  scenario: Scenario,
  period: FinancialPeriod,
  costLines: readonly CostLine[],
  incomeOrder: readonly number[],
  given: Scenario,
): string {
  const h = new ContentHasher();
  h.add(`3c-allocation-run\n${ENGINE_NAME}@${ENGINE_VERSION}\nperiod ${period.name}\n`);
  h.add(`partnership ${scenario.partnership.id} ${scenario.partnership.currency}\n`);
  for (const p of sortedBy(scenario.partners, (p) => p.id)) h.add(`partner ${p.id}\n`);
  for (const s of sortedBy(scenario.services, (s) => s.id)) {
    const pools = s.pools.map((p) => p.id).sort();
    // Hand-overs only when there are any, so that a service with one lead hashes as it always did.
    const handovers = s.handovers === undefined || s.handovers.length === 0 ? {} : { handovers: s.handovers };
    h.add(
      `service ${canonicalJson({ id: s.id, lead: s.lead, participants: [...s.participants].sort(), pools, ...handovers })}\n`,
    );
  }
  for (const r of sortedBy(scenario.rules, (r) => r.id)) {
    const basis = normalizeBasis(r.basis);
    h.add(
      `rule ${canonicalJson({ id: r.id, service: r.service, pool: r.pool, effectiveFrom: r.effectiveFrom, basis, remainder: r.remainder })}\n`,
    );
  }
  const driverKey = (d: Scenario["drivers"][number]) => `${d.driver}\u0000${d.period}\u0000${d.partner}`;
  for (const d of sortedBy(scenario.drivers, driverKey))
    h.add(`driver ${d.driver} ${d.period} ${d.partner} ${d.quantity}\n`);
  if (scenario.support !== undefined) {
    // Consumption is a set (its order means nothing); the step-down order is a sequence.
    const consumption = sortedBy(scenario.support.consumption, (c) => `${c.from}\u0000${c.to}\u0000${c.share}`);
    h.add(`support ${canonicalJson({ ...scenario.support, consumption })}\n`);
  }
  // Lines as given in other currencies, and the rates that converted them (the columns below hold
  // the converted amounts); standard-rated lines for VAT.
  if (given.fx !== undefined) {
    h.add(`fx ${canonicalJson(canonicalFx(given.fx))}\n`);
  }
  const base = given.partnership.currency;
  for (const l of sortedBy(
    given.costLines.filter((x) => x.amount.currency !== base || x.vat !== undefined),
    (x) => x.id,
  )) {
    h.add(`line-as-given ${l.id} ${l.amount.currency} ${l.amount.minor} ${l.vat ?? "outside-scope"}\n`);
  }
  // Cost lines are the bulk: hash them as columns of fixed-width binary (ids as text), which
  // halves the bytes compared with one text line each and builds no string per line.
  const n = costLines.length;
  const poolNo = new Uint32Array(n);
  const dates = new Uint32Array(n);
  const minors = new Float64Array(n);
  // Pools numbered in order of first appearance; a nested map avoids building a key per line.
  const poolKeys: [string, string][] = [];
  const poolNos = new Map<string, Map<string, number>>();
  let lastService = "";
  let lastPool = "";
  let lastNo = -1;
  for (let j = 0; j < n; j++) {
    const l = costLines[j] as CostLine;
    if (l.service !== lastService || l.pool !== lastPool) {
      let byPool = poolNos.get(l.service);
      if (byPool === undefined) {
        byPool = new Map();
        poolNos.set(l.service, byPool);
      }
      let no = byPool.get(l.pool);
      if (no === undefined) {
        no = poolKeys.length;
        byPool.set(l.pool, no);
        poolKeys.push([l.service, l.pool]);
      }
      lastService = l.service;
      lastPool = l.pool;
      lastNo = no;
    }
    poolNo[j] = lastNo;
    const d = l.date;
    // YYYYMMDD as an integer, read from the characters.
    dates[j] =
      (d.charCodeAt(0) - 48) * 10_000_000 +
      (d.charCodeAt(1) - 48) * 1_000_000 +
      (d.charCodeAt(2) - 48) * 100_000 +
      (d.charCodeAt(3) - 48) * 10_000 +
      (d.charCodeAt(5) - 48) * 1000 +
      (d.charCodeAt(6) - 48) * 100 +
      (d.charCodeAt(8) - 48) * 10 +
      (d.charCodeAt(9) - 48);
    minors[j] = l.amount.minor;
  }
  h.add(`cost-pools ${canonicalJson(poolKeys)}\ncost-lines ${n}\n`);
  // Ids one a line, added a few thousand at a time: the same text as one join of a million ids,
  // without building (and mapping memory for) a string of tens of megabytes.
  const piece: string[] = [];
  for (let j = 0; j < n; j++) {
    piece.push((costLines[j] as CostLine).id);
    if (piece.length === 4096 || j === n - 1) {
      h.add(`${piece.join("\n")}\n`);
      piece.length = 0;
    }
  }
  if (n === 0) h.add("\n");
  h.add("columns pool:u32le date:u32le minor:f64le\n");
  h.addBytes(littleEndian(poolNo));
  h.addBytes(littleEndian(dates));
  h.addBytes(littleEndian(minors));
  for (const i of incomeOrder) {
    const l = scenario.income[i] as Scenario["income"][number];
    h.add(`income ${l.id} ${l.service} ${l.pool ?? SERVICE_WIDE} ${l.date} ${l.amount.minor}\n`);
  }
  return h.digest();
}
