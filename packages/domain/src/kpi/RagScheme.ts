import type { KpiTolerance } from "./KpiTolerance.js";

/** The names of the RAG schemes. */
export const RAG_SCHEME_KINDS = ["tolerance", "bands", "improvement"] as const;

/**
 * How a KPI's value becomes Green, Amber or Red against its target. Chosen for the partnership
 * (the `scheme` given to `evaluateKpis`) or per KPI (the definition's `scheme`, which wins).
 *
 * - `tolerance`: Green when the target is met, Amber when short by no more than the KPI's
 *   tolerance, Red beyond it.
 * - `bands`: fixed bands around the target, whatever the KPI's own tolerance: Green when short by
 *   no more than `green` (e.g. 1% of the target), Amber up to `amber` (e.g. 5%), Red beyond.
 * - `improvement`: as `tolerance`, except that a value beyond the tolerance is Amber, not Red, when
 *   it is better than the same period last year ("Amber if more than 10% off but improved").
 *
 * A KPI with a `blue` threshold is Blue under every scheme when it beats its target by that much.
 */
export type RagScheme =
  | { readonly kind: "tolerance" }
  | { readonly kind: "bands"; readonly green: KpiTolerance; readonly amber: KpiTolerance }
  | { readonly kind: "improvement" };
