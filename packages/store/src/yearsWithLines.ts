import { parsePeriod, periodOf } from "@3c/domain";
import type { Queryable } from "./db/index.js";

/**
 * The financial years before a year in which the partnership has actual cost lines or income
 * dated: the earlier years whose savings and reports are counted from a run of their lines. Read by
 * the dates' index a year at a time (one lookup per year with lines, not a scan of every line).
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param year - a financial year, e.g. `2025/26`: only years before it are listed
 * @returns the years, earliest first, named as `2024/25`
 * @throws DomainError `INVALID_PERIOD` for a bad year
 */
export async function yearsWithLines(q: Queryable, partnershipId: string, year: string): Promise<string[]> {
  const before = parsePeriod(year, "year").start;
  const years: string[] = [];
  let from = "0001-01-01";
  for (;;) {
    const [row] = await q.query<{ first: string | null }>(
      `SELECT least(
         (SELECT min(date) FROM cost_lines WHERE partnership_id = $1 AND basis = 'actual' AND date >= $2 AND date < $3),
         (SELECT min(date) FROM income WHERE partnership_id = $1 AND date >= $2 AND date < $3)
       )::text AS first`,
      [partnershipId, from, before],
    );
    const first = row?.first ?? null;
    if (first === null) return years;
    const found = periodOf(first as Parameters<typeof periodOf>[0], "year");
    years.push(found.name);
    from = found.end;
  }
}
