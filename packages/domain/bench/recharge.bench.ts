/**
 * Recharge benchmark: a whole year's recharge run over 1,000,000 cost lines, 3 partners,
 * 3 services (each with its own lead), 12 months — allocation with the content hash, statements,
 * net positions, the settlement plan and the manifest's output hash. Target: under 1 second.
 *
 * The same run prints, as a baseline on the same lines, the naive plain-number floor (one running
 * split per line, nothing else) so the figure can be read against this machine's speed.
 *
 * Run: npm run bench:recharge   (LINES=200000 for a quicker look)
 */
import {
  type CalendarDate,
  type CostLine,
  fromMinor,
  parseDate,
  partnerId,
  rechargeRun,
  type Scenario,
  serviceId,
} from "../src/index.js";

const LINES = Number(process.env.LINES ?? 1_000_000);
const REPEATS = Number(process.env.REPEATS ?? 3);
const PARTNERS = ["CCC", "HDC", "SCDC"].map(partnerId);
const SERVICES = [
  { id: serviceId("BC"), lead: PARTNERS[0], pools: ["staff", "accommodation"] },
  { id: serviceId("ICT"), lead: PARTNERS[1], pools: ["staff", "licences", "infrastructure"] },
  { id: serviceId("LEGAL"), lead: PARTNERS[0], pools: ["staff", "case-costs"] },
] as const;

function scenario(): Scenario {
  let seed = 20250331;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  const months = Array.from({ length: 12 }, (_, m) => {
    const month = ((m + 3) % 12) + 1;
    return parseDate(`${month >= 4 ? 2024 : 2025}-${String(month).padStart(2, "0")}-28`);
  });
  const costLines: CostLine[] = new Array(LINES);
  for (let i = 0; i < LINES; i++) {
    const service = SERVICES[i % 3] as (typeof SERVICES)[number];
    costLines[i] = {
      id: `L${String(i).padStart(8, "0")}`,
      service: service.id,
      pool: service.pools[i % service.pools.length] as string,
      date: months[(i >> 2) % 12] as CalendarDate,
      amount: fromMinor((next() % 2_000_000) - 20_000, "GBP"),
    };
  }
  const quantity = (k: number, m: number) => String(900 + 211 * k + 7 * m);
  return {
    partnership: { id: "bench", name: "Benchmark", currency: "GBP" },
    partners: PARTNERS.map((id) => ({ id, name: id })),
    services: SERVICES.map((s) => ({
      id: s.id,
      name: s.id,
      lead: s.lead as (typeof PARTNERS)[number],
      participants: PARTNERS,
      pools: s.pools.map((id) => ({ id, name: id })),
    })),
    rules: [
      {
        id: "ict",
        service: SERVICES[1].id,
        effectiveFrom: parseDate("2024-04-01"),
        basis: { kind: "driver", driver: "users", period: "month" },
        remainder: "largest-remainder",
      },
      {
        id: "legal",
        service: SERVICES[2].id,
        effectiveFrom: parseDate("2024-04-01"),
        basis: { kind: "driver", driver: "hours", period: "quarter" },
        remainder: "largest-remainder",
      },
      {
        id: "bc",
        service: SERVICES[0].id,
        effectiveFrom: parseDate("2024-04-01"),
        basis: { kind: "equal" },
        remainder: "largest-remainder",
      },
      {
        id: "bc-v2",
        service: SERVICES[0].id,
        effectiveFrom: parseDate("2024-10-03"),
        basis: { kind: "fixed", unit: "percent", shares: { CCC: "24", HDC: "56", SCDC: "20" } },
        remainder: "largest-remainder",
      },
    ],
    costLines,
    income: [],
    drivers: [
      ...months.flatMap((_, m) =>
        PARTNERS.map((partner, k) => ({
          driver: "users",
          partner,
          period: `2024/25-P${m + 1}`,
          quantity: quantity(k, m),
        })),
      ),
      ...[1, 2, 3, 4].flatMap((q) =>
        PARTNERS.map((partner, k) => ({ driver: "hours", partner, period: `2024/25-Q${q}`, quantity: quantity(k, q) })),
      ),
    ],
  };
}

/** The floor: one running three-way split per line with plain numbers, nothing else. */
function floor(s: Scenario): number {
  const running = new Float64Array(64);
  let checksum = 0;
  const w = [1000, 1211, 1422];
  const total = 3633;
  for (let i = 0; i < s.costLines.length; i++) {
    const line = s.costLines[i] as CostLine;
    const d = line.date;
    const g = ((d.charCodeAt(5) - 48) * 10 + (d.charCodeAt(6) - 48)) * 3 + (i % 3);
    const c = (running[g] as number) + line.amount.minor;
    running[g] = c;
    const a = c < 0 ? -c : c;
    let left = a;
    let best = 0;
    let top = -1;
    for (let k = 0; k < 3; k++) {
      const p = a * (w[k] as number);
      const f = Math.floor(p / total);
      const r = p - f * total;
      if (r > top) {
        top = r;
        best = k;
      }
      left -= f;
      checksum += f;
    }
    checksum += left > 0 ? best : 0;
  }
  return checksum;
}

function median(fn: () => unknown, repeats: number): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const s = scenario();
const numbers = { CCC: "R-1", HDC: "R-2", SCDC: "R-3" };
const run = () =>
  rechargeRun({ scenario: s, period: "2024/25", statements: { numbers, issueDate: parseDate("2025-04-30") } });
const result = run();
console.log(
  `Recharge benchmark: ${LINES.toLocaleString("en-GB")} cost lines, 3 partners, 3 services, 12 months; median of ${REPEATS}`,
);
console.log(`node ${process.version}, ${process.platform} ${process.arch}\n`);
const recharge = median(run, REPEATS);
const base = median(() => floor(s), REPEATS);
console.log(`rechargeRun (allocate, hash, statements, settlement, manifest) ${recharge.toFixed(1).padStart(8)} ms`);
console.log(`floor (naive running split per line)                          ${base.toFixed(1).padStart(8)} ms`);
console.log(
  `\nstatements: ${result.statements.statements.length}, transfers: ${result.settlement.length}, positions sum: ${result.positions.reduce((t, p) => t + p.net.minor, 0)}p`,
);
console.log(
  `${recharge < 1000 ? "PASS" : "MISS"}  recharge run under 1 second: ${recharge.toFixed(0)} ms (${(recharge / base).toFixed(1)}x the floor)`,
);
