import {
  allocate,
  diffRuns,
  type FinancialPeriod,
  isDomainError,
  parseScenario,
  type RunDiff,
  type Scenario,
  type ScenarioDocument,
} from "@3c/domain";
import { toldOnce } from "../output/toldOnce.js";

/** The kinds of what-if change the calculator offers. */
export const WHAT_IF_KINDS = ["driver", "share", "rule", "fx"] as const;

/** One of {@link WHAT_IF_KINDS}. */
export type WhatIfKind = (typeof WHAT_IF_KINDS)[number];

/** Words for each kind, for menus. */
export const WHAT_IF_TITLES: Readonly<Record<WhatIfKind, string>> = {
  driver: "a driver quantity (users, hours, applications…)",
  share: "a fixed share of a rule",
  rule: "a rule's basis (equal, or by a driver)",
  fx: "an exchange rate",
};

/** Something in the scenario that can be changed: what it is now and where it lives. */
export interface WhatIfTarget {
  readonly kind: WhatIfKind;
  /** For people: `users · CCC · 2024/25`. */
  readonly label: string;
  /** The value now, as text. */
  readonly current: string;
  /** What to type, for the prompt. */
  readonly hint: string;
  /** Where in the document: index of the driver, rule or rate, and the partner for a share. */
  readonly index: number;
  readonly partner?: string;
}

/**
 * Everything of one kind that a what-if can change in a scenario document.
 *
 * @param doc - the scenario document
 * @param kind - drivers, shares, rules or exchange rates
 * @returns the targets, in document order
 */
export function whatIfTargets(doc: ScenarioDocument, kind: WhatIfKind): WhatIfTarget[] {
  switch (kind) {
    case "driver":
      return (doc.drivers ?? []).map((d, index) => ({
        kind,
        label: `${d.driver} · ${d.partner} · ${d.period}`,
        current: d.quantity,
        hint: "a quantity, e.g. 1250",
        index,
      }));
    case "share":
      return doc.rules.flatMap((r, index) =>
        r.basis.kind === "fixed"
          ? Object.entries(r.basis.shares).map(([partner, share]) => ({
              kind,
              label: `${r.id} · ${partner}${r.basis.kind === "fixed" && r.basis.unit === "percent" ? " (%)" : ""}`,
              current: share,
              hint: "a share, e.g. 30 (percentages must still total 100)",
              index,
              partner,
            }))
          : [],
      );
    case "rule":
      return doc.rules.map((r, index) => ({
        kind,
        label: `${r.id} (${r.service}${r.pool === undefined ? "" : `/${r.pool}`})`,
        current: r.basis.kind === "driver" ? r.basis.driver : r.basis.kind,
        hint: `equal, or a driver: ${[...new Set((doc.drivers ?? []).map((d) => d.driver))].join(", ")}`,
        index,
      }));
    case "fx":
      return (doc.fx?.rates ?? []).map((r, index) => ({
        kind,
        label: `${r.currency} · ${r.date}`,
        current: r.rate,
        hint: "units per one of the partnership currency, e.g. 1.2714",
        index,
      }));
  }
}

/**
 * The document with one what-if change made (the input is not modified).
 *
 * @param doc - the scenario document
 * @param target - what to change
 * @param value - the new value, as typed
 * @returns the changed document
 */
export function applyWhatIf(doc: ScenarioDocument, target: WhatIfTarget, value: string): ScenarioDocument {
  const v = value.trim();
  switch (target.kind) {
    case "driver":
      return {
        ...doc,
        drivers: (doc.drivers ?? []).map((d, i) => (i === target.index ? { ...d, quantity: v } : d)),
      };
    case "share":
      return {
        ...doc,
        rules: doc.rules.map((r, i) =>
          i === target.index && r.basis.kind === "fixed"
            ? { ...r, basis: { ...r.basis, shares: { ...r.basis.shares, [target.partner as string]: v } } }
            : r,
        ),
      };
    case "rule":
      return {
        ...doc,
        rules: doc.rules.map((r, i) =>
          i === target.index
            ? { ...r, basis: v === "equal" ? { kind: "equal" as const } : { kind: "driver" as const, driver: v } }
            : r,
        ),
      };
    case "fx":
      return {
        ...doc,
        fx:
          doc.fx === undefined
            ? undefined
            : { ...doc.fx, rates: doc.fx.rates.map((r, i) => (i === target.index ? { ...r, rate: v } : r)) },
      };
  }
}

/** The outcome of trying a what-if: the changed scenario and every partner's difference, or why not. */
export type WhatIfOutcome =
  | { readonly ok: true; readonly document: ScenarioDocument; readonly scenario: Scenario; readonly diff: RunDiff }
  | {
      readonly ok: false;
      /** Why not, in one line: the one problem, or the heading of several. */
      readonly problem: string;
      /** Each of several problems, `path: message`, under the heading (none when the line says it all). */
      readonly issues: readonly string[];
    };

/**
 * Tries a what-if: changes the document, validates it with the domain, allocates the period and
 * compares with the base, partner by partner. A ledger's lines (which are not in the document)
 * are carried over.
 *
 * @param base - the base document and scenario
 * @param period - the period
 * @param target - what to change
 * @param value - the new value, as typed
 * @returns the changed scenario and diff, or every problem found (each once, as `3c` prints an error)
 */
export function tryWhatIf(
  base: { readonly document: ScenarioDocument; readonly scenario: Scenario; readonly ledgerLines: boolean },
  period: FinancialPeriod,
  target: WhatIfTarget,
  value: string,
): WhatIfOutcome {
  const document = applyWhatIf(base.document, target, value);
  const parsed = parseScenario(document);
  if (!parsed.ok) {
    const located = parsed.issues.map((i) => `${i.path}: ${i.message}`);
    return located.length === 1
      ? { ok: false, problem: located[0] as string, issues: [] }
      : { ok: false, problem: `The change leaves ${located.length} problems:`, issues: located };
  }
  const scenario = base.ledgerLines ? { ...parsed.value, costLines: base.scenario.costLines } : parsed.value;
  try {
    return {
      ok: true,
      document,
      scenario,
      diff: diffRuns(allocate(base.scenario, period), allocate(scenario, period)),
    };
  } catch (error) {
    if (isDomainError(error)) {
      const { heading, issues } = toldOnce(error.message, error.issues);
      return { ok: false, problem: heading, issues: issues.map((i) => `${i.path}: ${i.message}`) };
    }
    const [first = "", ...rest] = (error instanceof Error ? error.message : String(error)).split("\n");
    return { ok: false, problem: first, issues: rest };
  }
}
