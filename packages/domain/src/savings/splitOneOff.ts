import { apportion, type WeightInput } from "../allocation/index.js";
import { DomainError, unreachable } from "../errors/index.js";
import { toFraction } from "../exact/index.js";
import type { Money } from "../money/index.js";
import type { PartnerId } from "../scenario/ids.js";
import type { Baseline, Contribution, OneOffItem } from "./SavingsPlan.js";

/** How one one-off item was shared. */
export interface OneOffShare {
  readonly item: string;
  readonly kind: OneOffItem["kind"];
  readonly category: string;
  readonly service?: string;
  readonly year: string;
  readonly amount: Money;
  readonly split: OneOffItem["split"]["kind"];
  /** The weights used, in partner order. */
  readonly weights: readonly { readonly partner: PartnerId; readonly weight: string }[];
  readonly shares: readonly { readonly partner: PartnerId; readonly amount: Money }[];
}

/** Each partner's amounts summed as a weight: in bigint, since a weight need not be an amount of money. */
function summedWeights(entries: readonly { partner: PartnerId; minor: number }[]): WeightInput[] {
  const totals = new Map<string, bigint>();
  for (const e of entries) totals.set(e.partner, (totals.get(e.partner) ?? 0n) + BigInt(e.minor));
  return [...totals].map(([id, minor]) => ({ id, weight: String(minor) }));
}

/**
 * Splits a one-off cost or its funding between partners by its own rule, exactly: the shares sum to
 * the item's amount (largest remainder, ties by partner id).
 *
 * @param item - the one-off cost or funding
 * @param baselines - the partners' baselines (for `baseline` splits, and who shares by default)
 * @param contributions - the partners' contributions (for `contribution` splits)
 * @returns the item's weights and shares
 * @throws DomainError `INVALID_RULE` for percentages not totalling 100 or negative contributions,
 *   `MISSING_CONTRIBUTION` when a `contribution` split finds none for the item's year,
 *   `NO_RECIPIENTS` or `ZERO_TOTAL_WEIGHT` when nobody can bear it
 * @example splitOneOff({ id: "grant", kind: "funding", category: "grant", year: "2015/16", amount, split: { kind: "equal" } }, baselines, [])
 */
export function splitOneOff(
  item: OneOffItem,
  baselines: readonly Baseline[],
  contributions: readonly Contribution[],
): OneOffShare {
  const where = `oneOffs.${item.id}`;
  const inScope = (service: string) => item.service === undefined || service === item.service;
  let weights: WeightInput[];
  const split = item.split;
  switch (split.kind) {
    case "equal": {
      const among = split.among ?? [...new Set(baselines.filter((b) => inScope(b.service)).map((b) => b.partner))];
      weights = among.map((id) => ({ id, weight: "1" }));
      break;
    }
    case "fixed": {
      weights = Object.entries(split.shares).map(([id, weight]) => ({ id, weight }));
      if (split.unit === "percent") {
        const total = weights.reduce(
          (acc, w) => acc.add(toFraction(w.weight, `${where}.shares.${w.id}`)),
          toFraction("0", where),
        );
        if (!total.equals(toFraction("100", where))) {
          throw new DomainError(
            "INVALID_RULE",
            `${where}: percentages total ${total.toDecimalString(4, "half-even")}, expected exactly 100`,
            {
              path: `${where}.split.shares`,
            },
          );
        }
      }
      break;
    }
    case "baseline":
      weights = summedWeights(
        baselines.filter((b) => inScope(b.service)).map((b) => ({ partner: b.partner, minor: b.amount.minor })),
      );
      break;
    case "contribution": {
      const relevant = contributions.filter((c) => c.year === item.year && inScope(c.service));
      if (relevant.length === 0) {
        throw new DomainError("MISSING_CONTRIBUTION", `${where}: no contributions in ${item.year} to split it by`, {
          path: `${where}.split`,
        });
      }
      if (relevant.some((c) => c.amount.minor < 0)) {
        throw new DomainError("INVALID_RULE", `${where}: a negative contribution cannot be a weight`, {
          path: `${where}.split`,
        });
      }
      weights = summedWeights(relevant.map((c) => ({ partner: c.partner, minor: c.amount.minor })));
      break;
    }
    case "direct":
      weights = [{ id: split.partner, weight: "1" }];
      break;
    default:
      return unreachable(split);
  }
  const result = apportion(item.amount, weights, { where });
  const sortedWeights = [...weights].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    item: item.id,
    kind: item.kind,
    category: item.category,
    ...(item.service === undefined ? {} : { service: item.service }),
    year: item.year,
    amount: item.amount,
    split: split.kind,
    weights: sortedWeights.map((w) => ({ partner: w.id as PartnerId, weight: String(w.weight) })),
    shares: result.shares.map((s) => ({ partner: s.id as PartnerId, amount: s.amount })),
  };
}
