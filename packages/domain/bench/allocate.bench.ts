/**
 * Allocation benchmark: 1,000,000 cost lines across 3 partners by a monthly driver rule.
 *
 * Compares, in one process and on the same data:
 *   - the engine: allocate() — every line read, checked (id order, currency, rule version in
 *     force, driver period) and grouped, each group's total split exactly, conservation proved;
 *   - the floor: a naive plain-number loop doing a running split per line, with nothing else;
 *   - decimal.js: the same per-line algorithm with decimal.js for every line's arithmetic;
 * and checks that all give identical totals per partner. Also times the engine with every line's
 * pennies worked out (allocate, then lineShares for every allocation — what a lineage export
 * does), and runAllocation(), which adds the SHA-256 content hash of the inputs.
 *
 * Run: npm run bench   (LINES=200000 npm run bench for a quicker look)
 */
import { Decimal } from "decimal.js";
import {
  allocate,
  type CostLine,
  fromMinor,
  lineShares,
  parseDate,
  partnerId,
  runAllocation,
  type Scenario,
  serviceId,
} from "../src/index.js";

const LINES = Number(process.env.LINES ?? 1_000_000);
const REPEATS = Number(process.env.REPEATS ?? 7);
const PARTNERS = ["CCC", "HDC", "SCDC"].map(partnerId);
const ICT = serviceId("ICT");

// Deterministic data: ids in ledger (id) order, dates cycling through the twelve months of 2024/25.
function scenario(): Scenario {
  let seed = 20240401;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  const months = Array.from({ length: 12 }, (_, m) => {
    const month = ((m + 3) % 12) + 1;
    return parseDate(`${month >= 4 ? 2024 : 2025}-${String(month).padStart(2, "0")}-15`);
  });
  const costLines: CostLine[] = new Array(LINES);
  for (let i = 0; i < LINES; i++) {
    costLines[i] = {
      id: `CL${String(i).padStart(8, "0")}`,
      service: ICT,
      pool: "licences",
      date: months[i % 12] as CostLine["date"],
      // Between -£1,000 and £99,000: some credits among the costs.
      amount: fromMinor((next() % 10_000_000) - 100_000, "GBP"),
    };
  }
  return {
    partnership: { id: "bench", name: "Benchmark", currency: "GBP" },
    partners: PARTNERS.map((id) => ({ id, name: id })),
    services: [
      {
        id: ICT,
        name: "ICT",
        lead: PARTNERS[1] as (typeof PARTNERS)[number],
        participants: PARTNERS,
        pools: [{ id: "licences", name: "Licences" }],
      },
    ],
    rules: [
      {
        id: "by-users",
        service: ICT,
        effectiveFrom: parseDate("2024-04-01"),
        basis: { kind: "driver", driver: "users", period: "month" },
        remainder: "largest-remainder",
      },
    ],
    costLines,
    income: [],
    drivers: months.flatMap((_, m) =>
      PARTNERS.map((partner, k) => ({
        driver: "users",
        partner,
        period: `2024/25-P${m + 1}`,
        quantity: String(1000 + 137 * k + 11 * m),
      })),
    ),
  };
}

type Totals = number[];

/** The engine, then every line's shares, summed per partner. */
function withLineShares(s: Scenario): Totals {
  const result = allocate(s, "2024/25");
  const totals = [0, 0, 0];
  for (const allocation of result.allocations) {
    const lines = lineShares(allocation, result.partners);
    lines.recipients.forEach((recipient, r) => {
      const column = lines.shares[r] as readonly number[];
      let sum = 0;
      for (let j = 0; j < column.length; j++) sum += column[j] as number;
      const k = result.partners.indexOf(recipient as (typeof PARTNERS)[number]);
      totals[k] = (totals[k] as number) + sum;
    });
  }
  return totals;
}

/** Quantities per month and partner, read once, as plain numbers. */
function monthlyWeights(s: Scenario): number[][] {
  return Array.from({ length: 12 }, (_, m) =>
    PARTNERS.map((p) => Number(s.drivers.find((d) => d.partner === p && d.period === `2024/25-P${m + 1}`)?.quantity)),
  );
}

function monthOf(date: string): number {
  const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  return (month + 8) % 12;
}

/**
 * The floor: the same running-total Hamilton split per line, written as one plain-number loop
 * with no validation, no rules, no lineage objects. The fastest this arithmetic goes in JS.
 */
function floor(s: Scenario): Totals {
  const weights = monthlyWeights(s);
  const running = new Float64Array(12);
  const prev = new Float64Array(36);
  const totals = [0, 0, 0];
  const cur = [0, 0, 0];
  const rem = [0, 0, 0];
  for (let i = 0; i < s.costLines.length; i++) {
    const line = s.costLines[i] as CostLine;
    const m = monthOf(line.date);
    const w = weights[m] as number[];
    const total = (w[0] as number) + (w[1] as number) + (w[2] as number);
    const c = (running[m] as number) + line.amount.minor;
    running[m] = c;
    const a = c < 0 ? -c : c;
    let left = a;
    for (let k = 0; k < 3; k++) {
      const p = a * (w[k] as number);
      const f = Math.floor(p / total);
      cur[k] = f;
      rem[k] = p - f * total;
      left -= f;
    }
    while (left > 0) {
      const best =
        (rem[0] as number) >= (rem[1] as number)
          ? (rem[0] as number) >= (rem[2] as number)
            ? 0
            : 2
          : (rem[1] as number) >= (rem[2] as number)
            ? 1
            : 2;
      cur[best] = (cur[best] as number) + 1;
      rem[best] = -1;
      left--;
    }
    for (let k = 0; k < 3; k++) {
      const share = c < 0 ? -(cur[k] as number) : (cur[k] as number);
      totals[k] = (totals[k] as number) + share - (prev[m * 3 + k] as number);
      prev[m * 3 + k] = share;
    }
  }
  return totals;
}

/** The same algorithm with decimal.js doing each line's arithmetic, as a careful naive port would. */
function decimalJs(s: Scenario): Totals {
  const weights = monthlyWeights(s).map((w) => w.map((x) => new Decimal(x)));
  const running = Array.from({ length: 12 }, () => new Decimal(0));
  const prev = Array.from({ length: 36 }, () => new Decimal(0));
  const totals = [new Decimal(0), new Decimal(0), new Decimal(0)];
  for (const line of s.costLines) {
    const m = monthOf(line.date);
    const w = weights[m] as Decimal[];
    const total = (w[0] as Decimal).plus(w[1] as Decimal).plus(w[2] as Decimal);
    const c = (running[m] as Decimal).plus(new Decimal(line.amount.minor));
    running[m] = c;
    const a = c.abs();
    const quotas = w.map((wk) => a.times(wk).dividedBy(total));
    const cur = quotas.map((q) => q.floor());
    const rem = quotas.map((q, k) => q.minus(cur[k] as Decimal));
    let left = a.minus(cur.reduce((x, y) => x.plus(y), new Decimal(0))).toNumber();
    const order = [0, 1, 2].sort((x, y) => (rem[y] as Decimal).comparedTo(rem[x] as Decimal) || x - y);
    for (const k of order) {
      if (left <= 0) break;
      cur[k] = (cur[k] as Decimal).plus(1);
      left--;
    }
    for (let k = 0; k < 3; k++) {
      const share = c.isNegative() ? (cur[k] as Decimal).negated() : (cur[k] as Decimal);
      totals[k] = (totals[k] as Decimal).plus(share.minus(prev[m * 3 + k] as Decimal));
      prev[m * 3 + k] = share;
    }
  }
  return totals.map((t) => t.toNumber());
}

type Row = { name: string; ms: number; totals: Totals };

/**
 * Times candidates round-robin — one run of each, then again — so that the machine's drift (other
 * load, heap growth) falls on all of them alike; reports each one's median.
 */
function timeTogether(repeats: number, candidates: readonly (readonly [string, () => Totals])[]): Row[] {
  const times = candidates.map(() => [] as number[]);
  const totals = candidates.map(([, fn]) => fn()); // warm-up: let the JIT compile the hot loops
  for (let i = 0; i < repeats; i++) {
    candidates.forEach(([, fn], k) => {
      const start = performance.now();
      totals[k] = fn();
      (times[k] as number[]).push(performance.now() - start);
    });
  }
  return candidates.map(([name], k) => {
    const sorted = (times[k] as number[]).sort((x, y) => x - y);
    return { name, ms: sorted[Math.floor(sorted.length / 2)] as number, totals: totals[k] as Totals };
  });
}

const s = scenario();
console.log(
  `Allocation benchmark: ${LINES.toLocaleString("en-GB")} cost lines, 3 partners, monthly driver rule; median of ${REPEATS}, round-robin (decimal.js: median of 3)`,
);
console.log(`node ${process.version}, ${process.platform} ${process.arch}\n`);
const [eng, flo, lines, full] = timeTogether(REPEATS, [
  ["engine (allocate)", () => allocate(s, "2024/25").byPartner.map((p) => p.total.minor)],
  ["floor (naive plain-number loop)", () => floor(s)],
  ["engine + every line's shares", () => withLineShares(s)],
  ["runAllocation (+ SHA-256 of inputs)", () => runAllocation(s, "2024/25").byPartner.map((p) => p.total.minor)],
]) as [Row, Row, Row, Row];
const [dec] = timeTogether(3, [["decimal.js per line", () => decimalJs(s)]]) as [Row];
const rows = [eng, flo, dec];
const perSecond = (ms: number) => (LINES / ms) * 1000;
for (const r of [...rows, lines, full]) {
  console.log(
    `${r.name.padEnd(38)} ${r.ms.toFixed(1).padStart(8)} ms ${(perSecond(r.ms) / 1e6).toFixed(2).padStart(7)} M lines/s`,
  );
}
const identical = [flo, dec, lines, full].every((r) => JSON.stringify(r.totals) === JSON.stringify(eng.totals));
console.log(`\ntotals per partner (pence): ${eng.totals.join(", ")}`);
console.log(
  `identical totals from all five (engine, floor, decimal.js, line shares, runAllocation): ${identical ? "yes" : "NO"}`,
);
const checks = [
  ["engine ≥ 10 M lines/s", perSecond(eng.ms) >= 10e6, `${(perSecond(eng.ms) / 1e6).toFixed(2)} M`],
  ["engine ≥ 1/3 of the floor's speed", eng.ms <= 3 * flo.ms, `${((flo.ms / eng.ms) * 100).toFixed(0)}% of floor`],
  ["engine ≥ 20x decimal.js", dec.ms >= 20 * eng.ms, `${(dec.ms / eng.ms).toFixed(1)}x`],
  ["identical totals", identical, identical ? "yes" : "no"],
] as const;
for (const [what, ok, figure] of checks) console.log(`${ok ? "PASS" : "MISS"}  ${what.padEnd(36)} ${figure}`);
console.log(
  `info  with every line's shares:          ${(perSecond(lines.ms) / 1e6).toFixed(2)} M lines/s (${((flo.ms / lines.ms) * 100).toFixed(0)}% of floor)`,
);
