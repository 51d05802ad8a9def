import type { BasisDocument, ScenarioDocument } from "@3c/domain";
import type { SheetName } from "./layout.js";

/** A row of a sheet: cell text by column heading. */
export type Row = Readonly<Record<string, string>>;

const list = (items: readonly string[] | undefined) => (items === undefined ? "" : items.join(", "));

/**
 * The spreadsheet columns of a basis: simple kinds (equal, fixed, driver, direct) in their own
 * columns, the others whole as JSON in `basis`.
 *
 * @param basis - a rule's basis
 * @returns the rule row's basis cells
 */
export function basisCells(basis: BasisDocument): Record<string, string> {
  switch (basis.kind) {
    case "equal":
      return { kind: "equal", among: list(basis.among) };
    case "fixed":
      return {
        kind: "fixed",
        unit: basis.unit,
        shares: Object.entries(basis.shares)
          .map(([p, s]) => `${p}=${s}`)
          .join("; "),
      };
    case "driver":
      return { kind: "driver", driver: basis.driver, period: basis.period ?? "", among: list(basis.among) };
    case "direct":
      return { kind: "direct", partner: basis.partner };
    default:
      return { basis: JSON.stringify(basis) };
  }
}

/**
 * A scenario document laid out as workbook rows, sheet by sheet (the inverse of reading a workbook).
 *
 * @param doc - the document
 * @returns rows per sheet
 */
export function documentRows(doc: ScenarioDocument): Record<SheetName, Row[]> {
  const opt = (v: string | undefined) => v ?? "";
  return {
    partnership: [
      {
        id: doc.partnership.id,
        name: doc.partnership.name,
        currency: doc.partnership.currency,
        fxRounding: opt(doc.fx?.rounding),
        supportMethod: opt(doc.support?.method),
        supportOrder: list(doc.support?.order),
      },
    ],
    partners: doc.partners.map((p) => ({ id: p.id, name: p.name })),
    services: doc.services.map((s) => ({ id: s.id, name: s.name, lead: s.lead, participants: list(s.participants) })),
    handovers: doc.services.flatMap((s) =>
      (s.handovers ?? []).map((h) => ({ service: s.id, effectiveFrom: h.effectiveFrom, lead: h.lead })),
    ),
    pools: doc.services.flatMap((s) => s.pools.map((p) => ({ service: s.id, id: p.id, name: p.name }))),
    rules: doc.rules.map((r) => ({
      id: r.id,
      service: r.service,
      pool: opt(r.pool),
      effectiveFrom: r.effectiveFrom,
      ...basisCells(r.basis),
      remainder: opt(r.remainder),
      description: opt(r.description),
    })),
    "cost lines": (doc.costLines ?? []).map((l) => ({
      id: l.id,
      service: l.service,
      pool: l.pool,
      date: l.date,
      amount: l.amount,
      currency: opt(l.currency),
      vat: opt(l.vat),
      description: opt(l.description),
    })),
    income: (doc.income ?? []).map((l) => ({
      id: l.id,
      service: l.service,
      pool: opt(l.pool),
      date: l.date,
      amount: l.amount,
      description: opt(l.description),
    })),
    drivers: (doc.drivers ?? []).map((d) => ({ ...d })),
    "fx rates": (doc.fx?.rates ?? []).map((r) => ({ ...r })),
    "budget rates": (doc.fx?.budgetRates ?? []).map((r) => ({ ...r })),
    support: (doc.support?.consumption ?? []).map((c) => ({ ...c })),
  };
}
