import type { ValidationIssue } from "../errors/index.js";
import { formatPath, type ParseResult } from "../schema/parseScenario.js";
import { PLAIN } from "../schema/plainMessage.js";
import type { KpiDefinition } from "./KpiDefinition.js";
import type { KpiMeasurement } from "./KpiMeasurement.js";
import { kpiProblems } from "./kpiProblems.js";
import { kpiDefinitionSchema, kpiMeasurementSchema, toKpiDefinition, toKpiMeasurement } from "./kpiSchema.js";

/** KPI definitions and measurements, ready for `evaluateKpis`. */
export interface KpiDocument {
  readonly kpis: readonly KpiDefinition[];
  readonly measurements: readonly KpiMeasurement[];
}

/**
 * Validates the `kpis` and `measurements` sections of a document and builds the typed values.
 * Reports every problem at once, in document order, each with its path
 * (`measurements[3].denominator: "0" is not a decimal greater than zero`).
 *
 * @param input - an object with optional `kpis` and `measurements` arrays (other keys are ignored)
 * @returns the definitions and measurements, or all problems found
 * @example
 * const result = parseKpis(JSON.parse(text));
 * if (result.ok) evaluateKpis({ ...result.value, year: "2024/25" });
 */
export function parseKpis(input: unknown): ParseResult<KpiDocument> {
  const issues: ValidationIssue[] = [];
  const doc =
    typeof input === "object" && input !== null && !Array.isArray(input)
      ? (input as Record<string, unknown>)
      : undefined;
  if (doc === undefined)
    return { ok: false, issues: [{ path: "", message: "expected an object with kpis and measurements" }] };
  const section = <T>(key: string, parse: (item: unknown, at: string) => T | undefined): (T | undefined)[] => {
    const raw = doc[key];
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) {
      issues.push({ path: key, message: "expected a list" });
      return [];
    }
    return raw.map((item, i) => parse(item, `${key}[${i}]`));
  };
  const rejected = new Set<unknown>();
  const kpis = section("kpis", (item, at) => {
    const r = kpiDefinitionSchema.safeParse(item, PLAIN);
    if (r.success) return toKpiDefinition(r.data);
    if (typeof item === "object" && item !== null) rejected.add((item as Record<string, unknown>).code);
    for (const iss of r.error.issues) issues.push({ path: joinPath(at, formatPath(iss.path)), message: iss.message });
    return undefined;
  });
  const measurements = section("measurements", (item, at) => {
    const r = kpiMeasurementSchema.safeParse(item, PLAIN);
    if (r.success) return toKpiMeasurement(r.data);
    for (const iss of r.error.issues) issues.push({ path: joinPath(at, formatPath(iss.path)), message: iss.message });
    return undefined;
  });
  // Measurements of a KPI the schema rejected are not checked against it (it would look unknown).
  issues.push(
    ...kpiProblems(
      kpis,
      measurements.map((m) => (m !== undefined && rejected.has(m.kpi) ? undefined : m)),
    ),
  );
  if (issues.length > 0) {
    const sortKey = (path: string) => path.replace(/\[(\d+)\]/g, (_, n: string) => `[${n.padStart(10, "0")}]`);
    issues.sort((a, b) => (sortKey(a.path) < sortKey(b.path) ? -1 : sortKey(a.path) > sortKey(b.path) ? 1 : 0));
    return { ok: false, issues };
  }
  return {
    ok: true,
    value: {
      kpis: kpis.filter((k): k is KpiDefinition => k !== undefined),
      measurements: measurements.filter((m): m is KpiMeasurement => m !== undefined),
    },
  };
}

function joinPath(base: string, rest: string): string {
  return rest === "" ? base : rest.startsWith("[") ? `${base}${rest}` : `${base}.${rest}`;
}
