import { DomainError, type DriverNeed, type MissingDriverIssue } from "../errors/index.js";
import { parsePeriod } from "../period/index.js";
import { poolPlace } from "./poolLabel.js";

/** What a run found missing: a driver's quantities for some partners in a period, and who needs them. */
export type DriverShortfall = Pick<MissingDriverIssue, "driver" | "neededBy" | "period" | "partners">;

/**
 * The one refusal of the driver quantities a run needs and lacks, and the one wording of it: a
 * `MISSING_DRIVER` with an issue per driver and driver period, at `drivers.<driver>`, naming every
 * partner without a quantity in that period and every rule and pool that needs them. A driver that
 * several rules or pools share by is named once a period, not once for each: the remedy, importing
 * the driver's quantities of the period, is the same for all of them.
 *
 * Each issue's message leaves out its path (`no quantity for HDC in 2024/25, needed by rule r
 * (SVC/pool)`), as every issue's does; the error's message is whole sentences: one shortfall says
 * what needs it (`rule r (SVC/pool) needs driver "users" for HDC in 2024/25, but no quantity was
 * given`), several are listed a line each under a sentence naming the drivers.
 *
 * @param found - what was found missing, in any order, repeats allowed (a rule's costs and its
 *   income need the same quantities; a blend's parts may lack the same driver)
 * @param run - the run's period, for the message, when known
 * @returns the error to throw
 */
export function missingDriverError(found: readonly DriverShortfall[], run?: string): DomainError {
  const byKey = new Map<string, { driver: string; period?: string; partners: Set<string>; needs: Set<string> }>();
  const needs = new Map<string, DriverNeed>();
  for (const f of found) {
    const key = `${f.driver}\u0000${f.period ?? ""}`;
    const at = byKey.get(key) ?? {
      driver: f.driver,
      ...(f.period === undefined ? {} : { period: f.period }),
      partners: new Set<string>(),
      needs: new Set<string>(),
    };
    for (const p of f.partners ?? []) at.partners.add(p);
    for (const n of f.neededBy ?? []) {
      const k = needKey(n);
      needs.set(k, n);
      at.needs.add(k);
    }
    byKey.set(key, at);
  }
  const issues = [...byKey.values()]
    .map((g) => ({ ...g, start: g.period === undefined ? "" : parsePeriod(g.period).start }))
    .sort((a, b) => compare(a.driver, b.driver) || compare(a.start, b.start) || compare(a.period, b.period))
    .map(({ driver, period, partners, needs: keys }): MissingDriverIssue => {
      const neededBy = [...keys].sort().map((k) => needs.get(k) as DriverNeed);
      const who = [...partners].sort();
      return {
        path: `drivers.${driver}`,
        message: `no quantity${gapOf(who, period)}${neededBy.length === 0 ? "" : `, needed by ${needersOf(neededBy)}`}`,
        code: "MISSING_DRIVER",
        driver,
        ...(neededBy.length === 0 ? {} : { neededBy }),
        ...(period === undefined ? {} : { period }),
        partners: who,
      };
    });
  const drivers = [...new Set(issues.map((i) => i.driver))];
  const path = drivers.length === 1 ? `drivers.${drivers[0]}` : "drivers";
  const [only] = issues;
  const theRun = `The run${run === undefined ? "" : ` of ${run}`}`;
  let message: string;
  if (issues.length === 1 && only !== undefined) {
    const { neededBy = [], partners = [], period } = only;
    const subject =
      neededBy.length === 0
        ? `${theRun} needs`
        : `${needersOf(neededBy)} ${ruleCount(neededBy) === 1 ? "needs" : "need"}`;
    message = `${subject} driver ${JSON.stringify(only.driver)}${gapOf(partners, period)}, but no quantity was given`;
  } else {
    const listed = issues.map((i) => `  ${i.path}: ${i.message}`).join("\n");
    message = `${theRun} needs quantities of ${andList(drivers.map((d) => JSON.stringify(d)))} that were not given:\n${listed}`;
  }
  return new DomainError("MISSING_DRIVER", message, { path, issues });
}

/** Whose quantities are missing, and when: ` for HDC, SCDC in 2024/25-Q3`. */
const gapOf = (partners: readonly string[], period: string | undefined) =>
  `${partners.length === 0 ? "" : ` for ${partners.join(", ")}`}${period === undefined ? "" : ` in ${period}`}`;

const needKey = (n: DriverNeed) => `${n.rule}\u0000${n.service ?? ""}\u0000${n.pool ?? ""}`;

const compare = (a: string | undefined, b: string | undefined) =>
  (a ?? "") < (b ?? "") ? -1 : (a ?? "") > (b ?? "") ? 1 : 0;

const ruleCount = (needs: readonly DriverNeed[]) => new Set(needs.map((n) => n.rule)).size;

/**
 * The rules and pools that need a driver, as a run names them: `rules a (SVC/a) and b (SVC/b, SVC/c)`,
 * a service-wide rule's own costs by the service and the support passed to it by where it came from
 * (`rule s (BC, BC/support from ICT)`).
 */
function needersOf(needs: readonly DriverNeed[]): string {
  const places = new Map<string, string[]>();
  for (const n of needs) {
    const place =
      n.service !== undefined && n.pool !== undefined ? poolPlace(n.service, n.pool) : (n.service ?? n.pool ?? "");
    const at = places.get(n.rule) ?? [];
    if (place !== "") at.push(place);
    places.set(n.rule, at);
  }
  const named = [...places].map(([rule, at]) => `${rule}${at.length === 0 ? "" : ` (${at.join(", ")})`}`);
  return `${named.length === 1 ? "rule" : "rules"} ${andList(named)}`;
}

function andList(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
