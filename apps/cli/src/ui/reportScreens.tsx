/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes the JSX transform explicit: tsx run from another folder does not read this package's tsconfig.
import {
  type AnnualReport,
  annualReport,
  describeTarget,
  formatMoney,
  type KpiScorecard,
  type KpiStatus,
  kpiScorecard,
  type Money,
  periodTarget,
  type SavingsReport,
  type Scenario,
  scenarioSavings,
  toDecimalString,
} from "@3c/domain";
import { kpiCsv, savingsCsv, stripControlLine, toCsv } from "@3c/workbooks";
import { Box, Text } from "ink";
import { duration } from "../output/annualReportText.js";
import { toJson } from "../output/json.js";
import { clip, DIRECTION_ARROW, STATUS_WORD } from "../output/kpiReport.js";
import { paybackText } from "../output/savingsReport.js";

/** The calculator's report screens. */
export type ReportScreen = "savings" | "kpi" | "outages";

/** A report worked out for a screen, or why it could not be. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** Each service's outages section of the annual report, for the services that have a calendar. */
export interface OutagesView {
  readonly year: string;
  readonly services: readonly { readonly service: string; readonly outages: NonNullable<AnnualReport["outages"]> }[];
}

/** What the report screens show for a scenario and year. */
export interface ReportData {
  readonly savings: Outcome<SavingsReport | null>;
  readonly kpi: Outcome<KpiScorecard>;
  readonly outages: Outcome<OutagesView>;
}

function attempt<T>(work: () => T): Outcome<T> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
}

const cache = new WeakMap<Scenario, Map<string, Partial<ReportData>>>();

/**
 * One report screen's data for a scenario and year, worked out on first use and kept per scenario
 * (a what-if that is kept makes a new scenario, so a new report).
 *
 * @param scenario - the scenario shown
 * @param year - the financial year, e.g. `2024/25`
 * @param screen - which report
 * @returns the report, or the domain's problem with it
 */
export function reportData<S extends ReportScreen>(scenario: Scenario, year: string, screen: S): ReportData[S] {
  let byYear = cache.get(scenario);
  if (byYear === undefined) {
    byYear = new Map();
    cache.set(scenario, byYear);
  }
  const entry = byYear.get(year) ?? {};
  byYear.set(year, entry);
  const known = entry[screen];
  if (known !== undefined) return known as ReportData[S];
  const made: ReportData[ReportScreen] =
    screen === "savings"
      ? attempt(() => scenarioSavings(scenario, year))
      : screen === "kpi"
        ? attempt(() => kpiScorecard(scenario, year))
        : attempt(() => ({
            year,
            services: scenario.services.flatMap((s) => {
              if (scenario.availability?.calendars[s.id] === undefined) return [];
              const outages = annualReport(scenario, s.id, year).outages;
              return outages === null ? [] : [{ service: s.id as string, outages }];
            }),
          }));
  (entry as Record<ReportScreen, unknown>)[screen] = made;
  return made as ReportData[S];
}

/** How many rows the cursor moves over on a report screen. */
export function reportRows(scenario: Scenario, year: string, screen: ReportScreen): number {
  switch (screen) {
    case "savings": {
      const d = reportData(scenario, year, "savings");
      return d.ok && d.value !== null ? d.value.partners.length : 0;
    }
    case "kpi": {
      const d = reportData(scenario, year, "kpi");
      return d.ok ? d.value.kpis.length : 0;
    }
    case "outages": {
      const d = reportData(scenario, year, "outages");
      return d.ok ? d.value.services.reduce((n, s) => n + s.outages.outages.length, 0) : 0;
    }
  }
}

/**
 * The file a report screen exports, named after the year.
 *
 * @param scenario - the scenario shown
 * @param year - the financial year
 * @param screen - which report
 * @param format - JSON (the domain's own data) or CSV (its rows)
 * @returns the file name and content, or undefined when there is nothing to export
 */
export function reportExport(
  scenario: Scenario,
  year: string,
  screen: ReportScreen,
  format: "json" | "csv",
): { readonly name: string; readonly content: string } | undefined {
  const d = reportData(scenario, year, screen);
  if (!d.ok || d.value === null) return undefined;
  const name = `3c-${year.replace(/\//g, "-")}-${screen}.${format}`;
  if (format === "json") return { name, content: toJson(d.value) };
  switch (screen) {
    case "savings":
      return { name, content: savingsCsv(d.value as SavingsReport) };
    case "kpi":
      return { name, content: kpiCsv(d.value as KpiScorecard) };
    case "outages":
      return { name, content: outagesCsv(d.value as OutagesView) };
  }
}

/**
 * Every outage of the year as CSV: service, id, start, end, priority, users, lengths and cost.
 *
 * @param view - the outages of each service
 * @returns the CSV text
 */
export function outagesCsv(view: OutagesView): string {
  return toCsv(
    ["service", "outage", "start", "end", "planned", "priority", "users", "elapsedSeconds", "inServiceSeconds", "cost"],
    view.services.flatMap((s) =>
      s.outages.outages.map((o) => [
        s.service,
        o.id,
        o.start,
        o.end ?? "",
        String(o.planned),
        o.priority,
        String(o.users),
        String(o.elapsedSeconds),
        String(o.inServiceSeconds),
        o.cost === undefined ? "" : toDecimalString(o.cost),
      ]),
    ),
  );
}

const pad = (s: string, n: number) => {
  const chars = [...s];
  return chars.length >= n ? chars.slice(0, n).join("") : s + " ".repeat(n - chars.length);
};
const padL = (s: string, n: number) => {
  const len = [...s].length;
  return len >= n ? s : " ".repeat(n - len) + s;
};

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/**
 * A text bar for an amount against the largest: whole blocks and an eighth block, so that a
 * difference of one eighth of a cell shows. Exact: worked out on integer minor units.
 *
 * @param amount - the amount
 * @param largest - the amount that fills the bar
 * @param width - the bar's width in cells
 * @returns the bar, padded to the width (empty for amounts of zero or less)
 */
export function bar(amount: Money, largest: Money, width: number): string {
  if (amount.minor <= 0 || largest.minor <= 0) return " ".repeat(width);
  const eighths = Number((BigInt(Math.min(amount.minor, largest.minor)) * BigInt(width * 8)) / BigInt(largest.minor));
  const text = "█".repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] ?? "");
  return pad(text, width);
}

/** Ink colour of a RAG status. */
const STATUS_COLOUR: Readonly<Record<KpiStatus, string | undefined>> = {
  green: "green",
  amber: "yellow",
  red: "red",
  blue: "blue",
  grey: "gray",
  "no-data": undefined,
  "not-applicable": undefined,
};

/** What every report screen is drawn with. */
export interface ReportScreenProps {
  readonly scenario: Scenario;
  readonly year: string;
  readonly cursor: number;
  readonly colour: boolean;
}

function Problem({ text }: { readonly text: string }): React.JSX.Element {
  return <Text>{`Cannot work this out: ${stripControlLine(text)}`}</Text>;
}

/**
 * Savings per partner for the year with a bar chart, the chosen partner by service, and each
 * partner since the first year after one-off costs. Fits 80×24.
 *
 * @param props - scenario, year, cursor, colour
 * @returns the screen's body
 */
export function SavingsScreen(props: ReportScreenProps): React.JSX.Element {
  const d = reportData(props.scenario, props.year, "savings");
  if (!d.ok) return <Problem text={d.problem} />;
  const report = d.value;
  if (report === null) return <Text>No savings agreement in this scenario (section savings).</Text>;
  const rows = report.partners.flatMap((p) => {
    const y = p.years.find((v) => v.year === props.year);
    return y === undefined ? [] : [{ partner: p.partner as string, y }];
  });
  const largest = rows.reduce<Money>((m, r) => (r.y.saving.minor > m.minor ? r.y.saving : m), {
    currency: report.currency,
    minor: 0,
  });
  const chosen = rows[props.cursor]?.partner;
  const c = (colour: string): { color?: string } => (props.colour ? { color: colour } : {});
  return (
    <Box flexDirection="column">
      <Text bold>{`Savings ${props.year}: against the indexed baseline (${report.attribution} attribution)`}</Text>
      <Text
        bold
      >{`  ${pad("Partner", 8)}${padL("Saving", 14)}${padL("% base", 8)}  ${pad("", 28)}${pad("Target", 12)}`}</Text>
      {rows.map((r, i) => (
        <Text key={r.partner} inverse={i === props.cursor && props.colour}>
          {`${i === props.cursor ? "›" : " "} ${pad(r.partner, 8)}${padL(formatMoney(r.y.saving), 14)}${padL(r.y.percentOfBaseline === null ? "—" : `${r.y.percentOfBaseline}%`, 8)}  `}
          <Text {...c(r.y.target === undefined || r.y.target.met ? "green" : "yellow")}>
            {bar(r.y.saving, largest, 28)}
          </Text>
          {r.y.target === undefined ? "" : ` ${r.y.target.percent}% ${r.y.target.met ? "met" : "short"}`}
        </Text>
      ))}
      <Text> </Text>
      <Text bold>{`${chosen ?? ""} by service, ${props.year}`}</Text>
      {report.services
        .filter((s) => s.partner === chosen && s.year === props.year)
        .map((s) => (
          <Text key={s.service}>
            {`  ${pad(s.service, 8)}${padL(formatMoney(s.saving), 14)}${padL(s.percentOfBaseline === null ? "—" : `${s.percentOfBaseline}%`, 8)}  cumulative ${formatMoney(s.cumulative)}`}
          </Text>
        ))}
      <Text> </Text>
      <Text bold>{`Since ${report.years[0] ?? ""}, after one-off costs`}</Text>
      <Text
        bold
      >{`  ${pad("Partner", 8)}${padL("Saved", 15)}${padL("One-offs net", 14)}${padL("Net", 15)}  Payback`}</Text>
      {report.partners.map((p) => (
        <Text key={p.partner}>
          {`  ${pad(p.partner, 8)}${padL(formatMoney(p.saving), 15)}${padL(formatMoney(p.oneOff.net), 14)}${padL(formatMoney(p.netSaving), 15)}  ${paybackText(p.payback)}`}
        </Text>
      ))}
    </Box>
  );
}

/**
 * The KPI scorecard: year to date, target, RAG status (coloured), direction against last year,
 * each quarter's status, the predicted year end, and the chosen KPI's name, reason and flags.
 *
 * @param props - scenario, year, cursor, colour
 * @returns the screen's body
 */
export function KpiScreen(props: ReportScreenProps): React.JSX.Element {
  const d = reportData(props.scenario, props.year, "kpi");
  if (!d.ok) return <Problem text={d.problem} />;
  const kpis = d.value.kpis;
  if (kpis.length === 0) return <Text>No KPIs are defined in this scenario.</Text>;
  const offset = Math.max(0, Math.min(props.cursor - 5, kpis.length - 10));
  const status = (s: KpiStatus, width: number) => (
    <Text {...(props.colour && STATUS_COLOUR[s] !== undefined ? { color: STATUS_COLOUR[s] } : {})}>
      {pad(STATUS_WORD[s], width)}
    </Text>
  );
  const chosen = kpis[props.cursor];
  const notes =
    chosen === undefined ? [] : [...chosen.reviewFlags.map((f) => f.message), ...chosen.warnings.map((w) => w.message)];
  return (
    <Box flexDirection="column">
      <Text bold>{`KPI scorecard ${props.year}   ↑ improved ↓ worse → same (against last year)`}</Text>
      <Text
        bold
      >{`  ${pad("KPI", 12)}${padL("Year", 7)}${padL("Target", 8)}  ${pad("Status", 8)}LY  ${pad("Q1 Q2 Q3 Q4", 13)}Year end`}</Text>
      {kpis.slice(offset, offset + 10).map((k, j) => {
        const i = offset + j;
        // What the year to date was judged against (a sum KPI's target profiled to its months).
        const target = k.yearToDate.target === null ? "—" : periodTarget(k.yearToDate.target);
        return (
          <Text key={k.code} inverse={i === props.cursor && props.colour}>
            {`${i === props.cursor ? "›" : " "} ${pad(k.code, 12)}${padL(k.yearToDate.value?.display ?? "—", 7)}${padL(target, 8)}  `}
            {status(k.yearToDate.status, 8)}
            {`${DIRECTION_ARROW[k.yearToDate.direction.lastYear]}   `}
            {k.quarters.slice(0, 4).map((q) => (
              <Text key={q.period}>
                {status(q.status, 1)}
                {`${DIRECTION_ARROW[q.direction.previous]} `}
              </Text>
            ))}{" "}
            {k.predictedYearEnd === null ? "—" : status(k.predictedYearEnd.status, 6)}
          </Text>
        );
      })}
      <Text> </Text>
      {chosen !== undefined && (
        <Box flexDirection="column">
          <Text bold>{clip(`${chosen.code} ${stripControlLine(chosen.name)}`, 80)}</Text>
          <Text>{clip(`Year to date: ${stripControlLine(chosen.yearToDate.reason)}`, 80)}</Text>
          {chosen.yearToDate.target?.forPeriod !== undefined && (
            <Text>
              {clip(
                `Target for ${chosen.yearToDate.target.forPeriod.months} month${chosen.yearToDate.target.forPeriod.months === 1 ? "" : "s"}: ${describeTarget(chosen.yearToDate.target)}`,
                80,
              )}
            </Text>
          )}
          {chosen.predictedYearEnd !== null && (
            <Text>
              {clip(
                `Year end (${chosen.predictedYearEnd.method}): ${chosen.predictedYearEnd.value.display} ${STATUS_WORD[chosen.predictedYearEnd.status]}`,
                80,
              )}
            </Text>
          )}
          {notes.slice(0, 2).map((n) => (
            <Text key={n} {...(props.colour ? { color: "yellow" } : {})}>
              {clip(`! ${stripControlLine(n)}`, 80)}
            </Text>
          ))}
          {notes.length > 2 && <Text dimColor>{`  and ${notes.length - 2} more (3c kpi lists them all)`}</Text>}
        </Box>
      )}
    </Box>
  );
}

/**
 * Outages of the year by service: availability, each outage with the service time it took and its
 * cost, and what they cost each partner.
 *
 * @param props - scenario, year, cursor, colour
 * @returns the screen's body
 */
export function OutagesScreen(props: ReportScreenProps): React.JSX.Element {
  const d = reportData(props.scenario, props.year, "outages");
  if (!d.ok) return <Problem text={d.problem} />;
  if (d.value.services.length === 0) return <Text>No service calendars in this scenario: no outages to show.</Text>;
  const rows = d.value.services.flatMap((s) => s.outages.outages.map((o) => ({ service: s.service, o })));
  const offset = Math.max(0, Math.min(props.cursor - 3, rows.length - 6));
  return (
    <Box flexDirection="column">
      <Text bold>{`Outages ${props.year}`}</Text>
      {d.value.services.map((s) => {
        const whole = s.outages.availability.find((a) => a.partner === undefined);
        return (
          <Text key={s.service}>
            {clip(
              `${s.service}: availability ${whole?.percent ?? "—"}% · ${whole?.outageCount ?? 0} outages · ${duration(whole?.downtimeSeconds ?? 0)} lost${s.outages.cost === null ? "" : ` · cost ${formatMoney(s.outages.cost.total)}`}`,
              80,
            )}
          </Text>
        );
      })}
      <Text> </Text>
      <Text
        bold
      >{`  ${pad("Service", 8)}${pad("Outage", 14)}${pad("Start", 17)}${pad("Pri", 4)}${padL("Users", 6)}${padL("Lost", 9)}${padL("Cost", 14)}`}</Text>
      {rows.slice(offset, offset + 6).map((r, j) => {
        const i = offset + j;
        return (
          <Text key={`${r.service}${r.o.id}`} inverse={i === props.cursor && props.colour}>
            {`${i === props.cursor ? "›" : " "} ${pad(r.service, 8)}${pad(stripControlLine(r.o.id), 14)}${pad(r.o.start.replace("T", " ").slice(0, 16), 17)}${pad(stripControlLine(r.o.priority), 4)}${padL(String(r.o.users), 6)}${padL(duration(r.o.inServiceSeconds), 9)}${padL(r.o.cost === undefined ? "—" : formatMoney(r.o.cost), 14)}`}
          </Text>
        );
      })}
      {rows.length > 6 && <Text dimColor>{`  ${rows.length} outages`}</Text>}
      <Text> </Text>
      {d.value.services.map((s) =>
        s.outages.cost === null ? null : (
          <Text key={`cost-${s.service}`}>
            {clip(
              `${s.service} cost by partner: ${s.outages.cost.byPartner.map((p) => `${p.partner} ${formatMoney(p.amount)}`).join(" · ")}`,
              80,
            )}
          </Text>
        ),
      )}
      <Text dimColor>Lost: outage time within agreed service hours (local time shown).</Text>
    </Box>
  );
}
