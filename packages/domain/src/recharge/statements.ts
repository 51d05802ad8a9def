import { DomainError } from "../errors/index.js";
import { divideRounded, Fraction, type RoundingMode, toFraction } from "../exact/index.js";
import { bigintToMinor, type Money } from "../money/index.js";
import { sumMinor } from "../money/Money.js";
import type { CalendarDate } from "../period/index.js";
import { type AllocationResult, type BasisStep, type LineKind, lineShares } from "../run/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";
import type { Scenario } from "../scenario/Scenario.js";
import type { Transfer } from "./settlement.js";

/** Numbers and dates for a set of statements: always the caller's, never invented here. */
export interface StatementOptions {
  /** Statement number for each partner that receives one, from the issuer's own numbering. */
  readonly numbers: Readonly<Record<string, string>>;
  readonly issueDate: CalendarDate;
  readonly dueDate?: CalendarDate;
  /** VAT on lines marked `vat: "standard"`: the rate in percent (e.g. `"20"`) and how it is rounded. */
  readonly vat?: { readonly ratePercent: string; readonly rounding: RoundingMode };
}

/** Driver quantities behind a statement line. */
export interface StatementDriver {
  readonly driver: string;
  readonly period: string;
  /** This partner's quantity and everyone's total, as given. */
  readonly quantity: string;
  readonly total: string;
}

/** One line of a statement: one allocation's charge to the partner. */
export interface StatementLine {
  readonly service: ServiceId;
  /** The lead council that issues the charge. */
  readonly issuer: PartnerId;
  readonly pool: string;
  /** `cost`, third-party `income` (netted off, negative), or `support` costs received. */
  readonly kind: LineKind;
  readonly rule: string;
  readonly basis: string;
  readonly basisPeriod: string;
  readonly drivers: readonly StatementDriver[];
  /** Pool total the partner's share is of. */
  readonly poolAmount: Money;
  /** The partner's share of the pool amount, in percent to four places. */
  readonly sharePercent: string;
  readonly amount: Money;
  /** The part of `amount` that comes from standard-rated lines. */
  readonly vatable: Money;
  /** VAT on `vatable`, shown apart from the amount. */
  readonly vat: Money;
  /** The allocation this line comes from, for drill-down. */
  readonly allocation: string;
}

/** What a partner is charged by one lead. */
export interface IssuerTotal {
  readonly issuer: PartnerId;
  readonly cost: Money;
  readonly income: Money;
  readonly total: Money;
}

/** A partner's recharge statement for a period: an invoice, or a credit note when negative. */
export interface Statement {
  readonly number: string;
  readonly type: "invoice" | "credit-note";
  readonly partner: PartnerId;
  readonly partnerName: string;
  readonly period: string;
  readonly issueDate: CalendarDate;
  readonly dueDate?: CalendarDate;
  readonly lines: readonly StatementLine[];
  readonly byIssuer: readonly IssuerTotal[];
  /** Cost and support charges before income. */
  readonly charges: Money;
  /** Third-party income netted off (negative or zero). */
  readonly incomeNetted: Money;
  /** Charges less income, before VAT. */
  readonly total: Money;
  /** VAT on standard-rated lines, shown apart. */
  readonly vat: Money;
  readonly totalWithVat: Money;
  /** Shares of services the partner leads itself: retained, not invoiced. */
  readonly retained: readonly { readonly service: ServiceId; readonly amount: Money }[];
}

/** Statements for every partner, and the gross invoices (payer → lead) they amount to. */
export interface StatementSet {
  readonly period: string;
  readonly statements: readonly Statement[];
  /** One per payer and issuing lead, the amounts settled gross. */
  readonly invoices: readonly Transfer[];
}

function collectDrivers(step: BasisStep, partner: string, into: StatementDriver[]): void {
  for (const d of step.drivers ?? []) {
    const own = d.quantities.find((q) => q.partner === partner);
    if (own === undefined) continue;
    const total = d.quantities.reduce((s, q) => s.add(toFraction(q.quantity, "quantity")), Fraction.ZERO);
    const places = Math.max(0, ...d.quantities.map((q) => q.quantity.split(".")[1]?.length ?? 0));
    into.push({
      driver: d.driver,
      period: d.period,
      quantity: own.quantity,
      total: total.toDecimalString(places, "half-even"),
    });
  }
  for (const s of step.steps ?? []) collectDrivers(s, partner, into);
}

/**
 * Builds each partner's recharge statement for a run's period. The lead of each service charges
 * every other partner its share of every pool; the lead's own share is retained, not invoiced.
 * A service that changed lead in the period is charged by each lead for its own months: its lines
 * name that lead as issuer, so a partner's statement lists the service once per lead.
 * Income shares are netted off; a statement whose total is negative is a credit note. A partner
 * charged nothing gets no statement.
 *
 * @param run - an allocation of the period
 * @param scenario - the scenario it ran on (partner names, VAT treatments); leads are the run's
 * @param options - statement numbers per partner, issue and due dates
 * @returns the statements and the gross invoices between partners
 * @throws DomainError `INVALID_SCENARIO` when a partner that needs a statement has no number, the
 * VAT rate is outside 0 to 100 percent, or the due date is before the issue date
 */
export function buildStatements(run: AllocationResult, scenario: Scenario, options: StatementOptions): StatementSet {
  // The lead in force at the period's start, as the run recorded it; an allocation of a service
  // that changed lead in the period names its own.
  const leads = new Map(run.byService.map((s) => [s.service as string, s.lead]));
  const names = new Map(scenario.partners.map((p) => [p.id as string, p.name]));
  const money = (minor: number): Money => ({ currency: run.currency, minor: minor + 0 });
  const vatable = vatableShares(run, scenario);
  if (vatable.size > 0 && options.vat === undefined) {
    throw new DomainError(
      "INVALID_SCENARIO",
      "Some cost lines are standard-rated for VAT, but no VAT rate was given for the statements",
      {
        path: "vat",
      },
    );
  }
  const vatRate = options.vat === undefined ? Fraction.ZERO : vatFraction(options.vat.ratePercent);
  if (options.dueDate !== undefined && options.dueDate < options.issueDate) {
    throw new DomainError(
      "INVALID_SCENARIO",
      `The statements' due date ${options.dueDate} is before their issue date ${options.issueDate}; expected a due date on or after it`,
      { path: "dueDate" },
    );
  }
  const vatOn = (base: number) => ({
    vatable: money(base),
    vat: money(
      base === 0
        ? 0
        : bigintToMinor(
            divideRounded(BigInt(base) * vatRate.num, vatRate.den, options.vat?.rounding ?? "half-even"),
            "VAT",
          ),
    ),
  });
  const statements: Statement[] = [];
  const invoices: Transfer[] = [];
  for (const partner of run.partners) {
    const lines: StatementLine[] = [];
    const retained = new Map<ServiceId, number[]>();
    for (const a of run.allocations) {
      const share = a.shares.find((s) => s.partner === partner);
      if (share === undefined) continue;
      const issuer = a.lead ?? (leads.get(a.service) as PartnerId);
      if (issuer === partner) {
        const kept = retained.get(a.service);
        if (kept === undefined) retained.set(a.service, [share.amount.minor]);
        else kept.push(share.amount.minor);
        continue;
      }
      const drivers: StatementDriver[] = [];
      collectDrivers(a.basis, partner, drivers);
      const percent =
        a.total.minor === 0
          ? "0.0000"
          : Fraction.of(BigInt(share.amount.minor) * 100n, BigInt(a.total.minor)).toDecimalString(4, "half-even");
      lines.push({
        service: a.service,
        issuer,
        pool: a.pool,
        kind: a.kind,
        rule: a.rule,
        basis: a.basis.label,
        basisPeriod: a.basisPeriod,
        drivers,
        poolAmount: a.total,
        sharePercent: percent,
        amount: share.amount,
        ...vatOn(vatable.get(`${a.id}\u0000${partner}`) ?? 0),
        allocation: a.id,
      });
    }
    if (lines.length === 0) continue;
    const number = options.numbers[partner];
    if (number === undefined) {
      throw new DomainError(
        "INVALID_SCENARIO",
        `No statement number was given for ${partner}, which is charged in ${run.period.name}`,
        {
          path: `numbers.${partner}`,
        },
      );
    }
    const issuers = [...new Set(lines.map((l) => l.issuer))].sort();
    const byIssuer = issuers.map((issuer) => {
      const where = `${partner}'s statement from ${issuer}`;
      const { income, total, vat } = lineTotals(
        lines.filter((l) => l.issuer === issuer),
        where,
      );
      invoices.push({ from: partner, to: issuer, amount: money(sumMinor([total, vat], `invoice of ${where}`)) });
      return {
        issuer,
        cost: money(sumMinor([total, -income], `charges of ${where}`)),
        income: money(income),
        total: money(total),
      };
    });
    const where = `${partner}'s statement`;
    const { income, total, vat } = lineTotals(lines, where);
    statements.push({
      number,
      type: total < 0 ? "credit-note" : "invoice",
      partner,
      partnerName: names.get(partner) ?? partner,
      period: run.period.name,
      issueDate: options.issueDate,
      ...(options.dueDate === undefined ? {} : { dueDate: options.dueDate }),
      lines,
      byIssuer,
      charges: money(sumMinor([total, -income], `charges of ${where}`)),
      incomeNetted: money(income),
      total: money(total),
      vat: money(vat),
      totalWithVat: money(sumMinor([total, vat], `total with VAT of ${where}`)),
      retained: [...retained]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([service, amounts]) => ({
          service,
          amount: money(sumMinor(amounts, `${partner}'s retained ${service}`)),
        })),
    });
  }
  return { period: run.period.name, statements, invoices };
}

/**
 * A VAT rate in percent as a fraction of one.
 *
 * @param ratePercent - the rate in percent, a decimal such as `"20"` or `"17.5"`
 * @returns the rate over 100
 * @throws DomainError `INVALID_AMOUNT` at `vat.ratePercent` when it is not a decimal, or
 * `INVALID_SCENARIO` there when it is outside 0 to 100 percent
 */
function vatFraction(ratePercent: string): Fraction {
  const rate = toFraction(ratePercent, "vat.ratePercent");
  if (rate.compare(Fraction.ZERO) < 0 || rate.compare(Fraction.of(100n)) > 0) {
    throw new DomainError(
      "INVALID_SCENARIO",
      `The VAT rate ${ratePercent}% is outside 0 to 100 percent; expected a rate such as 20`,
      { path: "vat.ratePercent" },
    );
  }
  return rate.div(Fraction.of(100n));
}

/**
 * A set of statement lines' income, total and VAT, each summed exactly.
 *
 * @param lines - statement lines
 * @param where - what they are, for the overflow message
 * @returns the sums in minor units
 * @throws DomainError `AMOUNT_OVERFLOW` naming the sum and `where` when one passes 2^53
 */
function lineTotals(
  lines: readonly StatementLine[],
  where: string,
): { readonly income: number; readonly total: number; readonly vat: number } {
  return {
    income: sumMinor(
      lines.filter((l) => l.kind === "income").map((l) => l.amount.minor),
      `income of ${where}`,
    ),
    total: sumMinor(
      lines.map((l) => l.amount.minor),
      `total of ${where}`,
    ),
    vat: sumMinor(
      lines.map((l) => l.vat.minor),
      `VAT of ${where}`,
    ),
  };
}

/**
 * Each partner's share of standard-rated lines in each allocation, keyed `allocation id, partner`:
 * worked out line by line (running totals), so VAT is charged on exactly the pennies those lines
 * contributed. Support lines (`id@SERVICE`) take their origin line's treatment.
 */
function vatableShares(run: AllocationResult, scenario: Scenario): Map<string, number> {
  const standard = new Set(scenario.costLines.filter((l) => l.vat === "standard").map((l) => l.id));
  const out = new Map<string, number>();
  if (standard.size === 0) return out;
  const isStandard = (id: string) => standard.has(id.includes("@") ? id.slice(0, id.indexOf("@")) : id);
  for (const a of run.allocations) {
    if (a.kind === "income" || !a.lines.ids.some(isStandard)) continue;
    const detail = lineShares(a, run.partners);
    detail.recipients.forEach((partner, r) => {
      const column = detail.shares[r] as readonly number[];
      const parts: number[] = [];
      detail.ids.forEach((id, j) => {
        if (isStandard(id)) parts.push(column[j] as number);
      });
      const sum = sumMinor(parts, `standard-rated share of ${partner} in ${a.id}`);
      if (sum !== 0) out.set(`${a.id}\u0000${partner}`, sum);
    });
  }
  return out;
}
