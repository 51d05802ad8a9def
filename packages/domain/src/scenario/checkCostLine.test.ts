import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../schema/parseScenario.js";
import { oneServiceDocument } from "../testing/scenarios.js";
import { checkCostLine, costLineChecker, costLineIssuesAt, costLineStructure } from "./checkCostLine.js";

/** The test partnership in GBP with a second pool, a service-wide rule and euro exchange rates. */
function document(costLines: unknown[]) {
  const base = oneServiceDocument();
  return {
    ...base,
    services: [{ ...base.services[0], pools: [...(base.services[0]?.pools ?? []), { id: "other", name: "Other" }] }],
    fx: { rounding: "half-even", rates: [{ currency: "EUR", date: "2024-04-01", rate: "0.85" }] },
    costLines,
  };
}

const structure = (() => {
  const parsed = parseScenario(document([]));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return costLineStructure(parsed.value);
})();

const valid = { id: "L1", service: "SVC", pool: "pool", date: "2024-04-30", amount: "100.00" };

// Each field drawn from good values, near misses and wrong types, or left out.
const field = (...values: unknown[]) => fc.option(fc.constantFrom(...values), { nil: undefined });
const lineArb = fc.record({
  id: field("L1", "bad id!", "", 7),
  service: field("SVC", "NOPE", "", "a b"),
  pool: field("pool", "other", "missing", "", null),
  date: field("2024-04-30", "2024-02-30", "30/04/2024", 20240430),
  amount: field("100", "-12.5", "1.234", "1.2.3", "abc", "", 12.5, "0.001"),
  currency: field("GBP", "EUR", "USD", "JPY", "ZZZ", "gbp", ""),
  vat: field("standard", "outside-scope", "exempt", ""),
  description: field("Rent", "", "x".repeat(501)),
});

describe("checkCostLine", () => {
  it("finds exactly the problems parseScenario finds in that line", () => {
    fc.assert(
      fc.property(lineArb, (line) => {
        const parsed = parseScenario(document([line]));
        const expected = parsed.ok
          ? []
          : parsed.issues
              .filter((i) => i.path.startsWith("costLines[0]."))
              // A rule for every pool needs the rules, not just the structure.
              .filter((i) => !i.message.startsWith("this line must be shared"))
              .map((i) => `${i.path}: ${i.message}`);
        const own = costLineIssuesAt(checkCostLine(line, structure), "costLines[0]").map(
          (i) => `${i.path}: ${i.message}`,
        );
        expect([...new Set(own)].sort()).toEqual([...expected].sort());
      }),
      { numRuns: 1000 },
    );
  });

  it("checks a stream of lines exactly as it checks each alone, with or without ids", () => {
    const withIds = costLineChecker(structure);
    const withoutIds = costLineChecker(structure, { ids: false });
    fc.assert(
      fc.property(lineArb, (line) => {
        expect(withIds(line)).toEqual(checkCostLine(line, structure));
        expect(withoutIds(line)).toEqual(checkCostLine(line, structure, { ids: false }));
      }),
      { numRuns: 1000 },
    );
  });

  it("passes a valid line with no problems, allocating nothing", () => {
    expect(checkCostLine(valid, structure)).toEqual([]);
    expect(checkCostLine(valid, structure)).toBe(checkCostLine({ ...valid, currency: "EUR" }, structure));
  });

  it("names the field and what was expected for each problem", () => {
    expect(checkCostLine({ ...valid, pool: "rent", amount: "12.345" }, structure)).toEqual([
      { field: "pool", message: 'service SVC has no pool "rent"' },
      { field: "amount", message: '"12.345" has more decimal places than GBP allows (2)' },
    ]);
    expect(checkCostLine({ ...valid, service: "ICT", currency: "USD" }, structure)).toEqual([
      { field: "service", message: 'unknown service "ICT"' },
      { field: "currency", message: "the line is in USD but fx.rates has no USD rates to convert it to GBP" },
    ]);
    expect(checkCostLine({ ...valid, date: "2024-02-30" }, structure)).toEqual([
      { field: "date", message: '"2024-02-30" is not a calendar date; expected YYYY-MM-DD' },
    ]);
  });

  it("leaves out the id check when a line has no id of its own", () => {
    const { id: _, ...withoutId } = valid;
    expect(checkCostLine(withoutId, structure, { ids: false })).toEqual([]);
    expect(checkCostLine(withoutId, structure).map((i) => i.field)).toEqual(["id"]);
    expect(checkCostLine({ ...valid, id: "no spaces" }, structure).map((i) => i.field)).toEqual(["id"]);
  });
});
