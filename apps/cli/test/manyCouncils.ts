import type { ScenarioDocument } from "@3c/domain";

/** District councils' ids and places, for generated partnerships of up to ten. */
const PLACES = [
  ["BDC", "Broadland"],
  ["BRX", "Broxbourne"],
  ["CBC", "Castle Point Borough"],
  ["DAC", "Dacorum Borough"],
  ["EHDC", "East Hertfordshire District"],
  ["HBC", "Hertsmere Borough"],
  ["NHDC", "North Hertfordshire District"],
  ["SADC", "St Albans City and District"],
  ["TRDC", "Three Rivers District"],
  ["WBC", "Welwyn Hatfield Borough"],
] as const;
const QUARTER_ENDS = ["2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31"] as const;

/**
 * A generated partnership of `n` councils (2 to 10) with long names, sharing three services for
 * 2024/25 (ICT by users, Legal equally, Building Control by applications), and its budget: the same
 * structure with budgeted lines and estimated quantities, so every council has a true-up.
 * Test-only: for the calculator's screens at more councils than the demo's three.
 *
 * @param n - how many councils
 * @returns the scenario document, its budget document and statement numbers for every council
 */
export function manyCouncils(n: number): {
  readonly document: ScenarioDocument;
  readonly budget: ScenarioDocument;
  readonly numbers: Readonly<Record<string, string>>;
} {
  const places = PLACES.slice(0, n);
  const ids = places.map(([id]) => id as string);
  const services = [
    { id: "ICT", name: "Shared ICT", lead: ids[0] ?? "", pools: [{ id: "staff", name: "Staff" }] },
    { id: "LEGAL", name: "Shared Legal", lead: ids[1] ?? "", pools: [{ id: "staff", name: "Staff" }] },
    { id: "BC", name: "Building Control", lead: ids[2 % n] ?? "", pools: [{ id: "staff", name: "Staff" }] },
  ];
  const document = (scale: number, quantity: (i: number) => number): ScenarioDocument => ({
    schemaVersion: 1,
    partnership: { id: "many", name: `${n} councils' shared services partnership`, currency: "GBP" },
    partners: places.map(([id, place], i) => ({
      id,
      name: `${place} Council, shared services partner no. ${i + 1}`,
    })),
    services,
    rules: [
      { id: "ict-users", service: "ICT", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } },
      { id: "legal-equal", service: "LEGAL", effectiveFrom: "2024-04-01", basis: { kind: "equal" } },
      {
        id: "bc-applications",
        service: "BC",
        effectiveFrom: "2024-04-01",
        basis: { kind: "driver", driver: "applications" },
      },
    ],
    costLines: services.flatMap((s, k) =>
      QUARTER_ENDS.map((date, q) => ({
        id: `${s.id}-${date}`,
        service: s.id,
        pool: "staff",
        date,
        amount: `${(((k + 2) * 123_457 + q * 9_876) * scale).toFixed(0)}.${String(11 * (q + k)).padStart(2, "0")}`,
      })),
    ),
    income: [],
    drivers: ids.flatMap((partner, i) => [
      { driver: "users", partner, period: "2024/25", quantity: String(quantity(i) * 10) },
      { driver: "applications", partner, period: "2024/25", quantity: String(quantity(i + 3)) },
    ]),
  });
  return {
    document: document(1, (i) => 40 + 13 * i),
    budget: document(0.95, (i) => 45 + 11 * ((i * 7) % 10)),
    numbers: Object.fromEntries(ids.map((id, i) => [id, `SS-${String(i + 1).padStart(4, "0")}`])),
  };
}
