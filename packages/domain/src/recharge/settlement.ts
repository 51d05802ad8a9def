import { DomainError } from "../errors/index.js";
import { type CurrencyCode, checkMinor, type Money } from "../money/index.js";
import { sumMinor } from "../money/Money.js";
import type { PartnerId } from "../scenario/ids.js";

/** Money one partner owes another: an invoice, or a transfer that settles positions. */
export interface Transfer {
  /** Who pays. */
  readonly from: PartnerId;
  /** Who is paid. */
  readonly to: PartnerId;
  readonly amount: Money;
}

/** A partner's position across all invoices of a period. */
export interface NetPosition {
  readonly partner: PartnerId;
  /** What others owe it (as a lead). */
  readonly receivable: Money;
  /** What it owes others (as a partner). */
  readonly payable: Money;
  /** Receivable − payable: positive means it is owed money. */
  readonly net: Money;
}

function byPartner(a: { readonly partner: string }, b: { readonly partner: string }): number {
  return a.partner < b.partner ? -1 : a.partner > b.partner ? 1 : 0;
}

/**
 * Nets invoices into each partner's position. The positions always sum to exactly zero; the
 * function checks it.
 *
 * @param invoices - who owes whom, in one currency
 * @param partners - every partner to report (those without invoices get zero)
 * @param currency - the invoices' currency
 * @returns one position per partner, in id order
 * @throws DomainError `CURRENCY_MISMATCH` for an invoice in another currency; `CONSERVATION_BROKEN`
 *   if the positions do not sum to zero (never expected)
 */
export function netPositions(
  invoices: readonly Transfer[],
  partners: readonly PartnerId[],
  currency: CurrencyCode,
): NetPosition[] {
  const receivable = new Map<string, number>(partners.map((p) => [p, 0]));
  const payable = new Map<string, number>(partners.map((p) => [p, 0]));
  for (const inv of invoices) {
    if (inv.amount.currency !== currency) {
      throw new DomainError(
        "CURRENCY_MISMATCH",
        `Invoice from ${inv.from} to ${inv.to} is in ${inv.amount.currency}, not ${currency}`,
      );
    }
    receivable.set(inv.to, checkMinor((receivable.get(inv.to) ?? 0) + inv.amount.minor));
    payable.set(inv.from, checkMinor((payable.get(inv.from) ?? 0) + inv.amount.minor));
  }
  const money = (minor: number): Money => ({ currency, minor: minor + 0 });
  const positions = [...receivable.keys()].sort().map((partner) => {
    const r = receivable.get(partner) ?? 0;
    const p = payable.get(partner) ?? 0;
    const net = sumMinor([r, -p], `net position of ${partner}`);
    return { partner: partner as PartnerId, receivable: money(r), payable: money(p), net: money(net) };
  });
  const total = sumMinor(
    positions.map((x) => x.net.minor),
    "net positions",
  );
  if (total !== 0) {
    throw new DomainError("CONSERVATION_BROKEN", `Net positions sum to ${total}, not zero; this is a bug`);
  }
  return positions;
}

/** Beyond this many non-zero positions the exact search gives way to a greedy plan. */
const EXACT_LIMIT = 18;

/**
 * The fewest transfers that clear every position. Positions that cancel out within a group can
 * settle inside it, so the minimum is (non-zero positions) − (largest number of disjoint groups
 * that each sum to zero); it is found exactly by dynamic programming over subsets, and inside each
 * group the largest debtor pays the largest creditor until all are clear. For three partners that
 * is at most two transfers. Deterministic: ties go by partner id.
 *
 * Beyond 18 non-zero positions the group search would be slow, so one greedy pass is used (still
 * at most one fewer transfer than positions).
 *
 * @param positions - net positions summing to zero
 * @returns transfers, each clearing at least one position
 * @throws DomainError `CONSERVATION_BROKEN` if the positions do not sum to zero
 * @example planSettlement(netPositions(invoices, partners, "GBP"))
 */
export function planSettlement(positions: readonly NetPosition[]): Transfer[] {
  const open = positions.filter((p) => p.net.minor !== 0).sort(byPartner);
  if (
    sumMinor(
      open.map((p) => p.net.minor),
      "net positions",
    ) !== 0
  ) {
    throw new DomainError("CONSERVATION_BROKEN", "Net positions do not sum to zero; they cannot be settled");
  }
  if (open.length === 0) return [];
  const currency = (open[0] as NetPosition).net.currency;
  const groups = open.length <= EXACT_LIMIT ? zeroSumGroups(open) : [open];
  return groups.flatMap((g) => settleGroup(g, currency));
}

/**
 * Whether each subset of the values (by bit mask) sums to zero, exactly: in numbers while the
 * values' sizes total within 2^53 (so that every subset sum is exact), else in 64-bit integers (18
 * values within ±2^53 total within ±2^58).
 */
function zeroSubsets(values: readonly number[]): Uint8Array {
  const size = 1 << values.length;
  const zero = new Uint8Array(size);
  zero[0] = 1;
  let magnitude = 0;
  for (const v of values) magnitude += Math.abs(v);
  if (magnitude <= Number.MAX_SAFE_INTEGER) {
    const sums = new Float64Array(size);
    for (let mask = 1; mask < size; mask++) {
      const low = 31 - Math.clz32(mask & -mask);
      sums[mask] = (sums[mask & (mask - 1)] as number) + (values[low] as number);
      zero[mask] = sums[mask] === 0 ? 1 : 0;
    }
  } else {
    const sums = new BigInt64Array(size);
    const big = values.map((v) => BigInt(v));
    for (let mask = 1; mask < size; mask++) {
      const low = 31 - Math.clz32(mask & -mask);
      sums[mask] = (sums[mask & (mask - 1)] as bigint) + (big[low] as bigint);
      zero[mask] = sums[mask] === 0n ? 1 : 0;
    }
  }
  return zero;
}

/** Splits positions into the largest number of disjoint groups that each sum to zero. */
function zeroSumGroups(open: readonly NetPosition[]): NetPosition[][] {
  const n = open.length;
  const size = 1 << n;
  const zero = zeroSubsets(open.map((p) => p.net.minor));
  const best = new Int8Array(size);
  const last = new Int8Array(size).fill(-1);
  for (let mask = 1; mask < size; mask++) {
    // best[mask]: most zero-sum prefixes over orders of mask; taking elements in id order breaks ties.
    let top = -1;
    let pick = -1;
    for (let i = 0; i < n; i++) {
      if ((mask & (1 << i)) === 0) continue;
      const v = best[mask ^ (1 << i)] as number;
      if (v > top) {
        top = v;
        pick = i;
      }
    }
    best[mask] = top + (zero[mask] as number);
    last[mask] = pick;
  }
  // Walk back: each time the remaining set sums to zero, a group closes.
  const groups: NetPosition[][] = [];
  let current: NetPosition[] = [];
  for (let mask = size - 1; mask !== 0; ) {
    if (zero[mask] === 1 && current.length > 0) {
      groups.push(current);
      current = [];
    }
    const i = last[mask] as number;
    current.push(open[i] as NetPosition);
    mask ^= 1 << i;
  }
  if (current.length > 0) groups.push(current);
  return groups.map((g) => g.sort(byPartner)).sort((a, b) => byPartner(a[0] as NetPosition, b[0] as NetPosition));
}

/** Largest debtor pays largest creditor until every position in a zero-sum group is clear. */
function settleGroup(group: readonly NetPosition[], currency: CurrencyCode): Transfer[] {
  const balance = new Map(group.map((p) => [p.partner, p.net.minor]));
  const transfers: Transfer[] = [];
  for (;;) {
    let debtor: PartnerId | undefined;
    let creditor: PartnerId | undefined;
    for (const [partner, v] of balance) {
      if (v < 0 && (debtor === undefined || v < (balance.get(debtor) as number))) debtor = partner;
      if (v > 0 && (creditor === undefined || v > (balance.get(creditor) as number))) creditor = partner;
    }
    if (debtor === undefined || creditor === undefined) return transfers;
    const amount = Math.min(-(balance.get(debtor) as number), balance.get(creditor) as number);
    transfers.push({ from: debtor, to: creditor, amount: { currency, minor: amount } });
    balance.set(debtor, (balance.get(debtor) as number) + amount);
    balance.set(creditor, (balance.get(creditor) as number) - amount);
  }
}
