import { addDays, type FinancialPeriod, parsePeriod, type ScenarioDocument } from "@3c/domain";
import type { Queryable } from "./db/index.js";
import { handoversInside, leadOn } from "./handovers.js";
import { inEffect } from "./periods.js";
import { listRecords, type RecordKindName } from "./records/index.js";
import { StoreError } from "./StoreError.js";
import { settingsForYear } from "./settingsInForce.js";
import { getPartnership, listPartners, listServices, type Service } from "./structure.js";

/** Which figures a scenario is assembled from: the actuals or the budget. */
export type ScenarioBasis = "actual" | "budget";

/**
 * Which lead each service has in an assembled scenario:
 * - `period`: the lead in force at the period's start, with the service's hand-overs strictly
 *   inside the period, so the domain charges each line by the lead on its date (runs, and reports
 *   of money);
 * - `period-end`: the lead on the period's last day (reports the lead does not change, e.g. KPIs);
 * - `latest`: the lead after the latest hand-over, and every service and pool whatever its start
 *   (checks of the structure only).
 */
export type ScenarioLeads = "period" | "period-end" | "latest";

type Doc = Readonly<Record<string, string>>;

async function all(q: Queryable, partnershipId: string, kind: RecordKindName, period?: string): Promise<Doc[]> {
  const out: Doc[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listRecords(q, partnershipId, kind, period === undefined ? {} : { period }, {
      limit: 50_000,
      ...(cursor === undefined ? {} : { cursor }),
    });
    out.push(...page.items);
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
}

const strip = ({ id: _id, ...rest }: Doc): Doc => rest;

/**
 * Assembles the domain's scenario document for a partnership and a period from the stored rows:
 * structure, the rule versions every partner has consented to, and the period's lines, the year's
 * driver quantities and the rates. The domain then validates it and runs it, so no rule is
 * re-implemented here. A service and a pool take part only in periods that end after their start
 * (with their rules, and a service with its place in the support settings): one added later leaves
 * the scenarios of earlier periods, and so their runs' hashes, as they were. The FX rounding and
 * support settings are those in force for the period's financial year (`settingsForYear`).
 *
 * @param q - database or transaction (inside a write, a consistent snapshot)
 * @param partnershipId - the partnership
 * @param periodName - the run's period, e.g. `2024/25-Q3`
 * @param basis - actual figures, or the budget (budget lines, estimated drivers, budget rates)
 * @param leads - which lead each service has (default: the lead in force over the period)
 * @returns the scenario document, for `loadScenario`
 * @throws StoreError `NOT_FOUND` for an unknown partnership, `INVALID_INPUT` when rates are recorded
 *   without an FX rounding mode in force for the period's year
 */
export async function scenarioDocument(
  q: Queryable,
  partnershipId: string,
  periodName: string,
  basis: ScenarioBasis,
  leads: ScenarioLeads = "period",
): Promise<ScenarioDocument> {
  const partnership = await getPartnership(q, partnershipId);
  if (partnership === undefined) throw new StoreError("NOT_FOUND", `no partnership ${JSON.stringify(partnershipId)}`);
  const period: FinancialPeriod = parsePeriod(periodName);
  const year = parsePeriod(period.name.slice(0, 7)).name;
  const partners = await listPartners(q, partnershipId);
  const services = (await listServices(q, partnershipId))
    .filter((s) => leads === "latest" || inEffect(s, period))
    .map((s) => ({
      ...s,
      lead: leads === "latest" ? s.lead : leadOn(s, leads === "period" ? period.start : addDays(period.end, -1)),
      pools: s.pools.filter((p) => leads === "latest" || inEffect(p, period)),
    }));
  const serving = new Set(services.map((s) => s.id));
  const pooled = new Set(services.flatMap((s) => s.pools.map((p) => `${s.id}\u0000${p.id}`)));
  const rules = (
    await q.query<{ document: NonNullable<ScenarioDocument["rules"]>[number] }>(
      "SELECT document FROM rule_versions WHERE partnership_id = $1 AND status = 'active' ORDER BY id",
      [partnershipId],
    )
  ).filter((r) =>
    r.document.pool === undefined
      ? serving.has(r.document.service)
      : pooled.has(`${r.document.service}\u0000${r.document.pool}`),
  );
  const budget = basis === "budget";
  const costLines = (await all(q, partnershipId, budget ? "budget-lines" : "cost-lines", period.name)).map((l) =>
    l.currency === partnership.currency ? (({ currency: _c, ...rest }) => rest)(l) : l,
  );
  const income = budget ? [] : await all(q, partnershipId, "income", period.name);
  const drivers = (await all(q, partnershipId, budget ? "budget-drivers" : "drivers", year)).map(strip);
  const rates = (await all(q, partnershipId, "fx-rates", period.name)).map(strip);
  const budgetRates = (await all(q, partnershipId, "budget-fx-rates", year)).map(strip);
  // The settings in force for the period's financial year (a period never spans two years), so a
  // change agreed from a later year leaves earlier periods' scenarios, and their runs' hashes, as
  // they were; the structure checks (`latest`) read the latest agreed.
  const { fxRounding, support } =
    leads === "latest" ? partnership.settings : await settingsForYear(q, partnershipId, partnership.settings, year);
  if ((rates.length > 0 || budgetRates.length > 0) && fxRounding === undefined) {
    throw new StoreError(
      "INVALID_INPUT",
      `exchange rates are recorded but the partnership has no settings.fxRounding in force for ${year} to round converted amounts`,
    );
  }
  return {
    schemaVersion: 1,
    partnership: { id: partnership.id, name: partnership.name, currency: partnership.currency },
    partners: partners.map((p) => ({ id: p.id, name: p.name })),
    services: services.map((s) => ({
      id: s.id,
      name: s.name,
      lead: s.lead,
      participants: [...s.participants],
      pools: s.pools.map((p) => ({ id: p.id, name: p.name })),
      // Only hand-overs strictly inside the period, and only when there are any: a period under one
      // lead gives the document (and the run's hash) it always did.
      ...handoversOf(s, leads, period),
    })),
    rules: rules.map((r) => r.document),
    costLines: costLines as NonNullable<ScenarioDocument["costLines"]>,
    income: income as NonNullable<ScenarioDocument["income"]>,
    drivers: drivers as NonNullable<ScenarioDocument["drivers"]>,
    ...(fxRounding === undefined || (rates.length === 0 && budgetRates.length === 0)
      ? {}
      : {
          fx: {
            rounding: fxRounding,
            rates: rates as NonNullable<ScenarioDocument["fx"]>["rates"],
            ...(budgetRates.length === 0
              ? {}
              : { budgetRates: budgetRates as NonNullable<NonNullable<ScenarioDocument["fx"]>["budgetRates"]> }),
          },
        }),
    ...(support === undefined ? {} : { support: supportAmong(support, serving) }),
  };
}

/**
 * The support settings among the services in a scenario: a consumption or a place in the order
 * naming a service not in effect is left out (it has no costs in the period to pass or receive), so
 * the settings naming a service added later still give earlier periods the settings they had.
 *
 * @param support - the partnership's support settings
 * @param serving - the ids of the services in the scenario
 * @returns the settings without the services not in it
 */
function supportAmong(
  support: NonNullable<ScenarioDocument["support"]>,
  serving: ReadonlySet<string>,
): NonNullable<ScenarioDocument["support"]> {
  const { order, consumption, ...rest } = support;
  const named = [...(order ?? []), ...consumption.flatMap((c) => [c.from, c.to])];
  if (named.every((s) => serving.has(s))) return support;
  return {
    ...rest,
    ...(order === undefined ? {} : { order: order.filter((s) => serving.has(s)) }),
    consumption: consumption.filter((c) => serving.has(c.from) && serving.has(c.to)),
  };
}

/**
 * A service's hand-overs strictly inside the period, as the domain's scenario takes them, when
 * `leads` is `period` and there are any.
 *
 * @param service - the service with its stored hand-overs
 * @param leads - which lead each service has
 * @param period - the period
 * @returns `{ handovers }`, or nothing
 */
function handoversOf(
  service: Service,
  leads: ScenarioLeads,
  period: FinancialPeriod,
): { handovers?: { effectiveFrom: string; lead: string }[] } {
  if (leads !== "period") return {};
  const inside = handoversInside(service, period);
  return inside.length === 0
    ? {}
    : { handovers: inside.map((h) => ({ effectiveFrom: h.effectiveFrom, lead: h.lead })) };
}
