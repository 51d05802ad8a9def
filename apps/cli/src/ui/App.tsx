/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes the JSX transform explicit: tsx run from another folder does not read this package's tsconfig.
import {
  type Allocation,
  type FinancialPeriod,
  financialYear,
  formatMoney,
  lineShares,
  type Money,
  poolLabel,
  type RechargeRun,
  type Scenario,
  type ScenarioDocument,
  type StatementOptions,
} from "@3c/domain";
import { stripControlLine } from "@3c/workbooks";
import { Box, type Key, Text, useApp, useInput, useStdout } from "ink";
import { useEffect, useReducer, useState } from "react";
import {
  advancesByQuarter,
  trueUpByPartnerTable,
  trueUpLinesTable,
  trueUpSettlementLines,
} from "../output/rechargeReport.js";
import { runRecharge } from "../recharge/runRecharge.js";
import { fitLists, windowStart } from "./fitLists.js";
import { problemFit } from "./problemFit.js";
import {
  KpiScreen,
  OutagesScreen,
  type ReportScreen,
  reportExport,
  reportRows,
  SavingsScreen,
} from "./reportScreens.js";
import {
  tryWhatIf,
  WHAT_IF_KINDS,
  WHAT_IF_TITLES,
  type WhatIfKind,
  type WhatIfOutcome,
  type WhatIfTarget,
  whatIfTargets,
} from "./whatIf.js";
import { yearEndFit } from "./yearEndFit.js";

/** What the calculator opens on. */
export interface CalcInput {
  readonly scenario: Scenario;
  readonly document: ScenarioDocument;
  /** Whether the cost lines came from a ledger (and so are not in the document). */
  readonly ledgerLines: boolean;
  readonly label: string;
  readonly period: FinancialPeriod;
  readonly statements: StatementOptions;
  /** The budget of a year's advances and true-up (`--budget`), with its label: opens the year end. */
  readonly budget?: { readonly scenario: Scenario; readonly label: string };
  /**
   * The run of `scenario` for `period` (with `budget`), when the caller has already made it: the
   * calculator shows it rather than running the same inputs again.
   */
  readonly run?: RechargeRun;
  readonly colour: boolean;
  /** Writes the exports; returns what was written, for the status line. */
  readonly exportRun: (what: "xlsx" | "csv" | "json", run: RechargeRun, scenario: Scenario) => Promise<string>;
  /** Writes a report screen's export (a file name and its text); returns what was written. */
  readonly exportFile?: (name: string, content: string) => Promise<string>;
}

/** An export asked for: of the recharge run, or of a report screen. */
type ExportRequest =
  | { readonly of: "run"; readonly what: "xlsx" | "csv" | "json" }
  | { readonly of: ReportScreen; readonly what: "csv" | "json" };

type Screen =
  | { readonly kind: "overview" }
  | { readonly kind: "partner"; readonly partner: string }
  | { readonly kind: "service"; readonly partner: string; readonly service: string }
  | { readonly kind: "pool"; readonly partner: string; readonly service: string; readonly pool: string }
  | { readonly kind: "whatif-kind" }
  | { readonly kind: "whatif-pick"; readonly what: WhatIfKind }
  | { readonly kind: "whatif-edit"; readonly target: WhatIfTarget; readonly text: string }
  | { readonly kind: "export"; readonly from?: ReportScreen }
  | { readonly kind: "savings" }
  | { readonly kind: "kpi" }
  | { readonly kind: "outages" }
  | { readonly kind: "yearend" }
  | { readonly kind: "help" };

/** The keys, as the help screen lists them. */
const HELP_LINES = [
  "  ↑ ↓        move the cursor",
  "  ⏎ or →     drill down: partner → service → pool → why, with its lines",
  "  ⎋, ← or ⌫  back up one level",
  "  w          what-if: change a driver quantity, a share, a rule or a rate,",
  "             see every partner's difference as you type; ⏎ keeps it, ⎋ discards",
  "  s k o      savings per partner · KPI scorecard · outages and their cost",
  "             (for the period's financial year)",
  "  e          export statements (XLSX, CSV) or the full results (JSON);",
  "             on savings, KPIs and outages: that screen (JSON, CSV)",
  "  ?          this help",
  "  q          quit",
];

/** The key of the year end, listed in the help only when a budget is loaded. */
const YEAR_END_HELP = [
  "  y          year end with the budget: advances by quarter, each partner's",
  "             true-up by service, and the transfers that settle it",
];

/** The year end's rows besides its three lists: title, two headings, the council's title and quarters, blanks. */
const YEAR_END_FIXED = 8;
/** The overview's rows that are not its lists: the table's heading, two blanks and two headings. */
const OVERVIEW_FIXED = 5;

/** Rows of a list shown at once, so that every screen fits an 80×24 terminal. */
const PAGE = 12;

const money = (m: Money | undefined, currency: string) =>
  formatMoney(m ?? { currency: currency as Money["currency"], minor: 0 });
const signed = (m: Money) => (m.minor > 0 ? `+${formatMoney(m)}` : formatMoney(m));
const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + " ".repeat(n - s.length));
const padL = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);

/** The window of a long list that keeps the cursor in view. */
function windowOf<T>(items: readonly T[], cursor: number): { items: readonly T[]; offset: number } {
  const offset = Math.max(0, Math.min(cursor - Math.floor(PAGE / 2), items.length - PAGE));
  return { items: items.slice(offset, offset + PAGE), offset };
}

/**
 * The interactive recharging calculator: overview, drill-down to the basis of every amount,
 * what-if with every partner's difference as you type, exports, and help. Every figure is the
 * domain's: the screen only lays it out.
 *
 * @param props - the scenario, period, statement options, colour switch and exporter
 * @returns the Ink element
 */
/** The calculator's whole state: changed only by keys, through {@link reduce}. */
interface State {
  readonly base: { readonly document: ScenarioDocument; readonly scenario: Scenario; readonly ledgerLines: boolean };
  readonly screen: Screen;
  readonly history: readonly Screen[];
  readonly cursor: number;
  readonly status: string;
  readonly kept: number;
  /** An export asked for and not yet written. */
  readonly exporting: ExportRequest | undefined;
  readonly quit: boolean;
}

/** A key press as Ink reports it. */
interface KeyPress {
  readonly input: string;
  readonly key: Key;
}

const runs = new WeakMap<Scenario, WeakMap<object, RechargeRun>>();
const NO_BUDGET = {};
/** What a run of the calculator is made from: the period, statements and budget, and the run given. */
type RunProps = Pick<CalcInput, "scenario" | "period" | "statements" | "budget" | "run">;

/**
 * The run of a scenario (with the budget, if loaded), worked out once per scenario and budget: for
 * the scenario the calculator opened on, the run it was given, if any.
 */
function runOf(scenario: Scenario, props: RunProps): RechargeRun {
  const byBudget = runs.get(scenario) ?? new WeakMap<object, RechargeRun>();
  runs.set(scenario, byBudget);
  const budget = props.budget?.scenario;
  let run = byBudget.get(budget ?? NO_BUDGET);
  if (run === undefined) {
    run =
      scenario === props.scenario && props.run !== undefined
        ? props.run
        : runRecharge(scenario, props.period, props.statements, budget);
    byBudget.set(budget ?? NO_BUDGET, run);
  }
  return run;
}

function whatIfOf(state: State, props: Pick<CalcInput, "period">): WhatIfOutcome | undefined {
  const s = state.screen;
  return s.kind === "whatif-edit" && s.text.trim() !== ""
    ? tryWhatIf(state.base, props.period, s.target, s.text)
    : undefined;
}

function allocationsOf(run: RechargeRun, service: string, pool: string): Allocation[] {
  return run.allocation.allocations.filter((a) => a.service === service && a.pool === pool);
}

/** The financial year of the period shown: the report screens cover a whole year. */
function yearOf(props: Pick<CalcInput, "period">): string {
  return financialYear(props.period.startYear).name;
}

function listLength(state: State, run: RechargeRun, props: Pick<CalcInput, "period">): number {
  const s = state.screen;
  const charges = (p: string) => run.allocation.byPartner.find((x) => x.partner === p);
  switch (s.kind) {
    case "overview":
      return run.allocation.byPartner.length;
    case "partner":
      return charges(s.partner)?.services.length ?? 0;
    case "service":
      return charges(s.partner)?.services.find((x) => x.service === s.service)?.pools.length ?? 0;
    case "pool":
      return allocationsOf(run, s.service, s.pool).reduce((n, a) => n + a.lines.ids.length, 0);
    case "whatif-kind":
      return WHAT_IF_KINDS.length;
    case "whatif-pick":
      return whatIfTargets(state.base.document, s.what).length;
    case "savings":
    case "kpi":
    case "outages":
      return reportRows(state.base.scenario, yearOf(props), s.kind);
    case "yearend":
      return run.trueUp?.byPartner.length ?? 0;
    default:
      return 0;
  }
}

/**
 * The calculator's response to a key: a pure function of the state, so that keys typed faster
 * than the screen redraws are each applied to the state the one before left.
 */
function reduce(state: State, { input, key }: KeyPress, props: RunProps): State {
  const screen = state.screen;
  const go = (next: Screen): State => ({ ...state, history: [...state.history, screen], screen: next, cursor: 0 });
  const back = (status = state.status): State => ({
    ...state,
    screen: state.history[state.history.length - 1] ?? { kind: "overview" },
    history: state.history.slice(0, -1),
    cursor: 0,
    status,
  });
  if (screen.kind === "whatif-edit") {
    if (key.escape) return back("What-if discarded.");
    if (key.return) {
      const o = whatIfOf(state, props);
      if (o?.ok !== true) return state;
      return {
        ...state,
        base: { document: o.document, scenario: o.scenario, ledgerLines: state.base.ledgerLines },
        kept: state.kept + 1,
        status: `Kept: ${screen.target.label} = ${screen.text.trim()}. This is now the base.`,
        history: [],
        screen: { kind: "overview" },
        cursor: 0,
      };
    }
    if (key.backspace || key.delete) return { ...state, screen: { ...screen, text: screen.text.slice(0, -1) } };
    if (input !== "" && !key.ctrl && !key.meta && /^[\x20-\x7e]+$/.test(input))
      return { ...state, screen: { ...screen, text: screen.text + input } };
    return state;
  }
  if (input === "q" || (key.ctrl && input === "c")) return { ...state, quit: true };
  if (input === "?") return screen.kind === "help" ? back() : go({ kind: "help" });
  if (key.escape || key.leftArrow || key.backspace) return state.history.length > 0 ? back() : state;
  const run = runOf(state.base.scenario, props);
  if (key.upArrow) return { ...state, cursor: Math.max(0, state.cursor - 1) };
  if (key.downArrow)
    return { ...state, cursor: Math.min(Math.max(0, listLength(state, run, props) - 1), state.cursor + 1) };
  if (input === "w") return go({ kind: "whatif-kind" });
  if (input === "e") {
    const from =
      screen.kind === "savings" || screen.kind === "kpi" || screen.kind === "outages" ? screen.kind : undefined;
    return go(from === undefined ? { kind: "export" } : { kind: "export", from });
  }
  if (input === "y" && props.budget !== undefined) return screen.kind === "yearend" ? state : go({ kind: "yearend" });
  if (input === "s" || input === "k" || input === "o") {
    const kind = input === "s" ? "savings" : input === "k" ? "kpi" : "outages";
    return screen.kind === kind ? state : go({ kind });
  }
  if (screen.kind === "export" && screen.from !== undefined && (input === "c" || input === "j")) {
    return { ...back("Writing…"), exporting: { of: screen.from, what: input === "c" ? "csv" : "json" } };
  }
  if (screen.kind === "export" && screen.from === undefined && (input === "x" || input === "c" || input === "j")) {
    return {
      ...back("Writing…"),
      exporting: { of: "run", what: input === "x" ? "xlsx" : input === "c" ? "csv" : "json" },
    };
  }
  if (!key.return && !key.rightArrow) return state;
  const cursor = state.cursor;
  const charges = (p: string) => run.allocation.byPartner.find((x) => x.partner === p);
  switch (screen.kind) {
    case "overview": {
      const p = run.allocation.byPartner[cursor];
      return p === undefined ? state : go({ kind: "partner", partner: p.partner });
    }
    case "partner": {
      const s = charges(screen.partner)?.services[cursor];
      return s === undefined ? state : go({ kind: "service", partner: screen.partner, service: s.service });
    }
    case "service": {
      const pool = charges(screen.partner)?.services.find((x) => x.service === screen.service)?.pools[cursor];
      return pool === undefined
        ? state
        : go({ kind: "pool", partner: screen.partner, service: screen.service, pool: pool.pool });
    }
    case "whatif-kind": {
      const what = WHAT_IF_KINDS[cursor];
      return what === undefined ? state : go({ kind: "whatif-pick", what });
    }
    case "whatif-pick": {
      const target = whatIfTargets(state.base.document, screen.what)[cursor];
      return target === undefined ? state : go({ kind: "whatif-edit", target, text: "" });
    }
    default:
      return state;
  }
}

/** The what-if edit screen's rows above a problem: what is changed, the value typed, a blank. */
const WHAT_IF_EDIT_FIXED = 3;

/**
 * Why a what-if cannot be run: its line, then each of several problems indented under it, as many as
 * the screen's rows hold at its width and "… and n more" for the rest.
 */
function WhatIfProblem(props: {
  readonly problem: string;
  readonly issues: readonly string[];
  readonly rows: number;
  readonly width: number;
  readonly colour: { color?: string };
}): React.JSX.Element {
  const headRows = Math.max(1, Math.ceil([...props.problem].length / Math.max(1, props.width)));
  const fit = problemFit(
    props.issues.map((i) => `  ${i}`),
    props.rows - headRows,
    props.width,
  );
  return (
    <Box flexDirection="column">
      <Text {...props.colour}>{props.problem}</Text>
      {fit.shown.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: two problems may read alike; their order is their identity
        <Text key={i} {...props.colour}>
          {line}
        </Text>
      ))}
      {fit.more > 0 && <Text dimColor>{`  … and ${fit.more} more`}</Text>}
    </Box>
  );
}

/** The terminal's height in rows (24 when it does not say), drawn again when the terminal is resized. */
function useRows(): number {
  const { stdout } = useStdout();
  const [, resized] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    stdout.on("resize", resized);
    return () => {
      stdout.off("resize", resized);
    };
  }, [stdout]);
  return stdout.rows ?? 24;
}

/**
 * The interactive recharging calculator: overview, drill-down to the basis of every amount,
 * what-if with every partner's difference as you type, exports, and help. Every figure is the
 * domain's: the screen only lays it out.
 *
 * @param props - the scenario, period, statement options, colour switch and exporter
 * @returns the Ink element
 */
export function App(props: CalcInput): React.JSX.Element {
  const { exit } = useApp();
  const [state, dispatch] = useReducer(
    // An export is asked for once: the next key clears the request.
    (s: State, k: KeyPress) => reduce(s.exporting === undefined ? s : { ...s, exporting: undefined }, k, props),
    undefined,
    (): State => ({
      base: { document: props.document, scenario: props.scenario, ledgerLines: props.ledgerLines },
      screen: { kind: "overview" },
      history: [],
      cursor: 0,
      status: "",
      kept: 0,
      exporting: undefined,
      quit: false,
    }),
  );
  const [written, setWritten] = useState<{ readonly seen: State; readonly text: string } | undefined>(undefined);
  // Keys typed (or pasted) faster than the terminal is read arrive together, e.g. "ej": each
  // printable character is its own key press, so none is lost.
  useInput((input, key) => {
    const chars = [...input];
    if (chars.length > 1 && !key.ctrl && !key.meta && chars.every((ch) => ch >= " " && ch !== "\u007f"))
      for (const ch of chars) dispatch({ input: ch, key });
    else dispatch({ input, key });
  });
  const { base, screen, cursor, kept } = state;
  const run = runOf(base.scenario, props);
  const rows = useRows();
  const columns = useStdout().stdout.columns ?? 80;
  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);
  const year = yearOf(props);
  useEffect(() => {
    const request = state.exporting;
    if (request === undefined) return;
    const writing = (): Promise<string> => {
      if (request.of === "run") return props.exportRun(request.what, run, base.scenario);
      const file = reportExport(base.scenario, year, request.of, request.what);
      if (file === undefined) return Promise.reject(new Error("nothing to export on this screen"));
      if (props.exportFile === undefined) return Promise.reject(new Error("exports are not available here"));
      return props.exportFile(file.name, file.content);
    };
    writing().then(
      (file) => setWritten({ seen: state, text: `Wrote ${file}` }),
      (error: unknown) =>
        setWritten({ seen: state, text: `Export failed: ${error instanceof Error ? error.message : String(error)}` }),
    );
  }, [state, run, base.scenario, year, props.exportRun, props.exportFile]);
  // An export's result replaces the status until the next key.
  const status = written !== undefined && written.seen === state ? written.text : state.status;
  // The rows a screen's body may take: all but the title, footer, status (when there is one) and the blanks around the body.
  const bodyRows = rows - (status === "" ? 4 : 5);
  const currency = run.allocation.currency;
  const c = (colour: string): { color?: string } => (props.colour ? { color: colour } : {});
  const names = new Map(base.scenario.partners.map((p) => [p.id as string, stripControlLine(p.name)]));
  const partners = run.allocation.byPartner;
  const partnerCharges = (p: string) => partners.find((x) => x.partner === p);
  const serviceCharge = (p: string, s: string) => partnerCharges(p)?.services.find((x) => x.service === s);
  const whatIfOutcome = whatIfOf(state, props);

  const title = `${stripControlLine(base.scenario.partnership.name)} · ${props.period.name}${kept > 0 ? ` · ${kept} change${kept === 1 ? "" : "s"} kept` : ""}`;
  const keys: Record<Screen["kind"], string> = {
    overview:
      props.budget === undefined
        ? "↑↓ ⏎ drill down  w what-if  s savings  k KPIs  o outages  e export  ? help  q"
        : "↑↓ ⏎ drill  w what-if  y year end  s savings  k KPIs  o outages  e export  ? q",
    partner: "↑↓ choose  ⏎ drill down  ⎋ back  w what-if  e export  ? help  q quit",
    service: "↑↓ choose  ⏎ why  ⎋ back  w what-if  e export  ? help  q quit",
    pool: "↑↓ scroll lines  ⎋ back  w what-if  e export  ? help  q quit",
    "whatif-kind": "↑↓ choose  ⏎ pick  ⎋ back",
    "whatif-pick": "↑↓ choose  ⏎ change it  ⎋ back",
    "whatif-edit": "type the new value  ⏎ keep  ⎋ discard",
    export:
      screen.kind === "export" && screen.from !== undefined
        ? "c CSV  j JSON  ⎋ back"
        : "x statements (XLSX)  c statement lines (CSV)  j full results (JSON)  ⎋ back",
    savings: "↑↓ choose partner  k KPIs  o outages  e export  ⎋ back  ? help  q quit",
    kpi: "↑↓ choose KPI  s savings  o outages  e export  ⎋ back  ? help  q quit",
    outages: "↑↓ scroll  s savings  k KPIs  e export  ⎋ back  ? help  q quit",
    yearend: "↑↓ choose partner  w what-if  e export  ⎋ back  ? help  q quit",
    help: "? or ⎋ back",
  };

  const marker = (i: number) => (i === cursor ? "›" : " ");
  const body = (): React.JSX.Element => {
    switch (screen.kind) {
      case "overview": {
        const services = run.allocation.byService.map((s) => s.service as string).sort();
        const positions = new Map(run.positions.map((p) => [p.partner as string, p]));
        // As many councils, positions and transfers as the terminal's height holds, the councils and
        // positions around the chosen council; each list cut short says how many more there are.
        const fit = fitLists(
          bodyRows - OVERVIEW_FIXED,
          { councils: partners.length, positions: run.positions.length, transfers: run.settlement.length },
          { councils: 3, positions: 3, transfers: 1 },
        );
        const chosen = partners[cursor]?.partner;
        const from = windowStart(partners.length, fit.councils, cursor);
        const fromPosition = windowStart(
          run.positions.length,
          fit.positions,
          Math.max(
            0,
            run.positions.findIndex((p) => p.partner === chosen),
          ),
        );
        const more = (n: number, what: string) => n > 0 && <Text dimColor>{`  … ${n} more ${what}`}</Text>;
        return (
          <Box flexDirection="column">
            <Text bold>
              {` ${pad("Partner", 7)}${services.map((s) => padL(s.slice(0, 13), 14)).join("")}${padL("Total", 15)}${padL("Net", 15)}`}
            </Text>
            {partners.slice(from, from + fit.councils).map((p, j) => {
              const i = from + j;
              const by = new Map(p.services.map((s) => [s.service as string, s.total]));
              const net = positions.get(p.partner)?.net;
              return (
                <Text key={p.partner} inverse={i === cursor && props.colour}>
                  {`${marker(i)} ${pad(p.partner, 6)}${services.map((s) => padL(money(by.get(s), currency), 14)).join("")}${padL(formatMoney(p.total), 15)}`}
                  <Text {...c(net !== undefined && net.minor < 0 ? "red" : "green")}>
                    {padL(money(net, currency), 15)}
                  </Text>
                </Text>
              );
            })}
            {more(partners.length - fit.councils, "councils: ↑↓ moves through them")}
            <Text> </Text>
            <Text bold>Owed as lead · owes others · net</Text>
            {run.positions.slice(fromPosition, fromPosition + fit.positions).map((p) => (
              <Text key={p.partner}>
                {`  ${pad(p.partner, 7)}${padL(formatMoney(p.receivable), 15)}${padL(formatMoney(p.payable), 15)}${padL(formatMoney(p.net), 15)}  ${pad(names.get(p.partner) ?? "", 22)}`}
              </Text>
            ))}
            {more(run.positions.length - fit.positions, "councils' positions: ↑↓ moves through them")}
            <Text> </Text>
            <Text
              bold
            >{`Settlement: ${run.settlement.length} transfer${run.settlement.length === 1 ? "" : "s"} instead of ${run.statements.invoices.length} invoices`}</Text>
            {run.settlement.slice(0, fit.transfers).map((t) => (
              <Text key={`${t.from}-${t.to}`}>{`  ${t.from} pays ${t.to} ${formatMoney(t.amount)}`}</Text>
            ))}
            {more(run.settlement.length - fit.transfers, "transfers: 3c settle lists them all")}
          </Box>
        );
      }
      case "partner": {
        const p = partnerCharges(screen.partner);
        const st = run.statements.statements.find((s) => s.partner === screen.partner);
        return (
          <Box flexDirection="column">
            <Text
              bold
            >{`${screen.partner} ${names.get(screen.partner) ?? ""}: ${formatMoney(p?.total ?? { currency, minor: 0 })} in all`}</Text>
            {(p?.services ?? []).map((s, i) => {
              const service = base.scenario.services.find((x) => x.id === s.service);
              // A service that changed lead in the period is charged by each lead for its part.
              const leads = s.byLead?.map((l) => l.lead) ?? [service?.lead ?? "?"];
              const by = (l: string) => (l === screen.partner ? "itself (retained)" : l);
              const said =
                leads.length === 1 && leads[0] === screen.partner
                  ? "leads it: its own share, retained"
                  : `charged by ${leads.map(by).join(", then ")}`;
              return (
                <Text key={s.service} inverse={i === cursor && props.colour}>
                  {`${marker(i)} ${pad(s.service, 8)}${padL(formatMoney(s.total), 15)}  ${said}`}
                </Text>
              );
            })}
            <Text> </Text>
            {st === undefined ? (
              <Text>No statement: nothing is charged to it by another lead.</Text>
            ) : (
              <Text>{`Statement ${stripControlLine(st.number)} (${st.type}): ${formatMoney(st.totalWithVat)}, issued ${st.issueDate}`}</Text>
            )}
          </Box>
        );
      }
      case "service": {
        const s = serviceCharge(screen.partner, screen.service);
        return (
          <Box flexDirection="column">
            <Text
              bold
            >{`${screen.partner} · ${screen.service}: ${formatMoney(s?.total ?? { currency, minor: 0 })}`}</Text>
            <Text bold>{`  ${pad("Pool", 22)}${padL("Cost", 15)}${padL("Income", 13)}${padL("Total", 15)}`}</Text>
            {(s?.pools ?? []).map((x, i) => (
              <Text key={x.pool} inverse={i === cursor && props.colour}>
                {`${marker(i)} ${pad(stripControlLine(poolLabel(x.pool)), 22)}${padL(formatMoney(x.cost), 15)}${padL(formatMoney(x.income), 13)}${padL(formatMoney(x.total), 15)}`}
              </Text>
            ))}
          </Box>
        );
      }
      case "pool": {
        const allocations = allocationsOf(run, screen.service, screen.pool);
        const rows: string[] = [];
        const why: React.JSX.Element[] = [];
        for (const a of allocations) {
          const mine = a.basis.apportionment?.recipients.find((r) => r.id === screen.partner);
          const share = a.shares.find((s) => s.partner === screen.partner)?.amount;
          why.push(
            <Box key={a.id} flexDirection="column">
              <Text>
                <Text bold>{`${a.kind} · rule ${stripControlLine(a.rule)}`}</Text>
                {` · ${stripControlLine(a.basis.label)} · pool ${formatMoney(a.total)} → ${screen.partner} ${money(share, currency)}`}
              </Text>
              {(a.basis.drivers ?? []).map((d) => (
                <Text key={`${d.driver}${d.period}`}>
                  {`  ${d.driver} ${d.period}: ${d.quantities.map((q) => `${q.partner} ${q.quantity}`).join(", ")}`}
                </Text>
              ))}
              {mine !== undefined && (
                <Text {...c("cyan")}>{`  share ${mine.percent}% · ${stripControlLine(mine.reason)}`}</Text>
              )}
              {(a.basis.steps ?? []).map((step) => {
                const own = step.apportionment?.recipients.find((r) => r.id === screen.partner);
                const part = step.shares.find((x) => x.partner === screen.partner)?.amount;
                return (
                  <Text key={step.label}>
                    {`  ${stripControlLine(step.label)}: ${formatMoney(step.amount)} → ${money(part, currency)}${own === undefined ? "" : ` (${own.percent}%)`}`}
                  </Text>
                );
              })}
            </Box>,
          );
          const detail = lineShares(a, run.allocation.partners);
          const column = detail.recipients.indexOf(screen.partner);
          detail.ids.forEach((id, j) => {
            const part = column === -1 ? 0 : (detail.shares[column]?.[j] ?? 0);
            rows.push(
              `${pad(stripControlLine(id), 30)}${padL(formatMoney({ currency, minor: detail.amounts[j] ?? 0 }), 15)}${padL(formatMoney({ currency, minor: part }), 14)}`,
            );
          });
        }
        const page = windowOf(rows, cursor);
        return (
          <Box flexDirection="column">
            <Text
              bold
            >{`Why ${screen.partner} pays this: ${screen.service} · ${stripControlLine(poolLabel(screen.pool))}`}</Text>
            {why}
            <Text bold>{`  ${pad("Line", 30)}${padL("Amount", 15)}${padL(`${screen.partner} bears`, 14)}`}</Text>
            {page.items.slice(0, 8).map((r, i) => (
              <Text
                key={r}
                inverse={page.offset + i === cursor && props.colour}
              >{`${marker(page.offset + i)} ${r}`}</Text>
            ))}
            <Text dimColor>{`  ${rows.length} line${rows.length === 1 ? "" : "s"}`}</Text>
          </Box>
        );
      }
      case "whatif-kind":
        return (
          <Box flexDirection="column">
            <Text bold>What if… change</Text>
            {WHAT_IF_KINDS.map((k, i) => (
              <Text key={k} inverse={i === cursor && props.colour}>{`${marker(i)} ${WHAT_IF_TITLES[k]}`}</Text>
            ))}
          </Box>
        );
      case "whatif-pick": {
        const targets = whatIfTargets(base.document, screen.what);
        const page = windowOf(targets, cursor);
        return (
          <Box flexDirection="column">
            <Text bold>{`Change ${WHAT_IF_TITLES[screen.what]}:`}</Text>
            {targets.length === 0 && <Text>None in this scenario.</Text>}
            {page.items.map((t, i) => (
              <Text key={`${t.label}`} inverse={page.offset + i === cursor && props.colour}>
                {`${marker(page.offset + i)} ${pad(stripControlLine(t.label), 50)} ${stripControlLine(t.current)}`}
              </Text>
            ))}
          </Box>
        );
      }
      case "whatif-edit": {
        const o = whatIfOutcome;
        return (
          <Box flexDirection="column">
            <Text
              bold
            >{`${stripControlLine(screen.target.label)}: now ${stripControlLine(screen.target.current)}`}</Text>
            <Text>{`New value (${screen.target.hint}): ${screen.text}█`}</Text>
            <Text> </Text>
            {o === undefined && <Text dimColor>Type a value to see every partner's difference.</Text>}
            {o?.ok === false && (
              <WhatIfProblem
                problem={stripControlLine(o.problem)}
                issues={o.issues.map((i) => stripControlLine(i))}
                rows={bodyRows - WHAT_IF_EDIT_FIXED}
                width={columns}
                colour={c("red")}
              />
            )}
            {o?.ok === true && (
              <Box flexDirection="column">
                <Text
                  bold
                >{`  ${pad("Partner", 8)}${padL("Base", 16)}${padL("What-if", 16)}${padL("Difference", 16)}`}</Text>
                {o.diff.partners.map((p) => (
                  <Text key={p.partner}>
                    {`  ${pad(p.partner, 8)}${padL(formatMoney(p.before), 16)}${padL(formatMoney(p.after), 16)}`}
                    <Text {...c(p.change.minor > 0 ? "red" : p.change.minor < 0 ? "green" : "gray")}>
                      {padL(signed(p.change), 16)}
                    </Text>
                  </Text>
                ))}
                {o.diff.services.slice(0, 6).map((s) => (
                  <Text
                    key={`${s.service}${s.partner}`}
                    dimColor
                  >{`    ${pad(`${s.service} · ${s.partner}`, 22)}${padL(signed(s.change), 16)}`}</Text>
                ))}
                {!o.diff.changed && <Text>No partner's charge changes.</Text>}
              </Box>
            )}
          </Box>
        );
      }
      case "savings":
      case "kpi":
      case "outages": {
        const view = { scenario: base.scenario, year: yearOf(props), cursor, colour: props.colour };
        return screen.kind === "savings" ? (
          <SavingsScreen {...view} />
        ) : screen.kind === "kpi" ? (
          <KpiScreen {...view} />
        ) : (
          <OutagesScreen {...view} />
        );
      }
      case "yearend":
        return (
          <YearEnd
            run={run}
            budget={props.budget?.label ?? ""}
            names={names}
            cursor={cursor}
            colour={props.colour}
            rows={bodyRows}
          />
        );
      case "export":
        if (screen.from !== undefined)
          return (
            <Box flexDirection="column">
              <Text
                bold
              >{`Export the ${screen.from === "kpi" ? "KPI scorecard" : screen.from} for ${yearOf(props)} to the current folder:`}</Text>
              <Text>{"  c  its rows (CSV)"}</Text>
              <Text>{"  j  the domain's report (JSON)"}</Text>
            </Box>
          );
        return (
          <Box flexDirection="column">
            <Text bold>{`Export ${props.period.name} to the current folder:`}</Text>
            <Text>{"  x  every partner's statement, one workbook (XLSX, formatted money)"}</Text>
            <Text>{"  c  every statement line (CSV)"}</Text>
            <Text>{"  j  the full results with the run's manifest (JSON)"}</Text>
          </Box>
        );
      case "help":
        return (
          <Box flexDirection="column">
            <Text bold>Keys</Text>
            {[
              ...HELP_LINES.slice(0, -2),
              ...(props.budget === undefined ? [] : YEAR_END_HELP),
              ...HELP_LINES.slice(-2),
            ].map((line) => (
              <Text key={line}>{line}</Text>
            ))}
            <Text> </Text>
            <Text>{`Figures: ${stripControlLine(props.label)}, ${props.period.name}; every amount is exact to the penny.`}</Text>
          </Box>
        );
    }
  };

  return (
    <Box flexDirection="column" width={80}>
      <Text bold {...c("blue")}>
        {pad(title, 80)}
      </Text>
      <Text> </Text>
      {body()}
      <Text> </Text>
      {status !== "" && <Text {...c("yellow")}>{pad(stripControlLine(status), 80)}</Text>}
      <Text dimColor>{keys[screen.kind]}</Text>
    </Box>
  );
}

/**
 * The year end with the budget: each partner's advances, charge and true-up, with its name cut to
 * fit as the overview cuts it (the chosen one's advances by quarter and true-up by service, per
 * lead part where a service changed lead), and the transfers that settle the true-ups. The tables
 * are the `3c recharge --budget` report's; as many of their rows as fit the terminal's height are
 * shown (the councils around the chosen one), each list cut short saying how many more there are.
 */
function YearEnd(props: {
  readonly run: RechargeRun;
  readonly budget: string;
  readonly names: ReadonlyMap<string, string>;
  readonly cursor: number;
  readonly colour: boolean;
  /** The rows the screen's body may take. */
  readonly rows: number;
}): React.JSX.Element {
  const { run, cursor } = props;
  const trueUp = run.trueUp;
  const settlement = run.trueUpSettlement?.settlement ?? [];
  if (trueUp === undefined) return <Text>No budget: the year end needs --budget.</Text>;
  const partner = trueUp.byPartner[cursor]?.partner ?? "";
  const quarters = advancesByQuarter(run);
  // A true-up is coloured as a what-if difference: red a further charge, green a refund.
  const c = (m: number): { color?: string } =>
    props.colour ? { color: m > 0 ? "red" : m < 0 ? "green" : "gray" } : {};
  // The true-up is the tables' last column, right-aligned: its cell is the line's last characters.
  const split = (line: string, width: number): [string, string] => [
    line.slice(0, line.length - width),
    line.slice(line.length - width),
  ];
  const widthOf = (amounts: readonly Money[]) =>
    Math.max("True-up".length, ...amounts.map((m) => formatMoney(m).length));
  const [head = "", ...rows] = trueUpByPartnerTable(trueUp.byPartner).split("\n");
  const partnerWidth = widthOf(trueUp.byPartner.map((p) => p.trueUp));
  const lines = trueUp.lines.filter((l) => l.partner === partner);
  const [lineHead = "", ...lineRows] = trueUpLinesTable(run, partner).split("\n");
  const lineWidth = widthOf(lines.map((l) => l.trueUp));
  const transfers = trueUpSettlementLines(run).split("\n");
  const fit = yearEndFit(props.rows - YEAR_END_FIXED, {
    councils: rows.length,
    lines: lineRows.length,
    transfers: transfers.length,
  });
  // The councils around the chosen one, as a long list of the overview's drill-down is windowed.
  const offset = windowStart(rows.length, fit.councils, cursor);
  // Each council's name after its row, cut to what is left of 80 columns, at most the overview's 22.
  const nameWidth = Math.min(22, 80 - 2 - (rows[0]?.length ?? 0) - 2);
  const more = (n: number, what: string) =>
    n > 0 && <Text dimColor>{`  … ${n} more ${what}: 3c recharge --budget lists them all`}</Text>;
  return (
    <Box flexDirection="column">
      <Text bold>
        {pad(
          `Year end ${run.allocation.period.name} · budget: ${stripControlLine(props.budget)} · true-up = charge − advances`,
          80,
        ).trimEnd()}
      </Text>
      <Text bold wrap="truncate-end">{`  ${head}`}</Text>
      {rows.slice(offset, offset + fit.councils).map((row, j) => {
        const i = offset + j;
        const [left, cell] = split(row, partnerWidth);
        const council = trueUp.byPartner[i]?.partner ?? "";
        return (
          <Text key={council || i} inverse={i === cursor && props.colour} wrap="truncate-end">
            {`${i === cursor ? "›" : " "} ${left}`}
            <Text {...c(trueUp.byPartner[i]?.trueUp.minor ?? 0)}>{cell}</Text>
            {nameWidth > 0 ? `  ${pad(props.names.get(council) ?? "", nameWidth)}`.trimEnd() : ""}
          </Text>
        );
      })}
      {rows.length > fit.councils && (
        <Text dimColor>{`  … ${rows.length - fit.councils} more councils: ↑↓ moves through them`}</Text>
      )}
      <Text> </Text>
      <Text bold wrap="truncate-end">
        {pad(`${partner}: advances by quarter; true-up by service (+ further charge, - refund)`, 80).trimEnd()}
      </Text>
      <Text wrap="truncate-end">{`  ${quarters.quarters.map((q, i) => `${q.slice(-2)} ${formatMoney(quarters.byPartner.get(partner)?.[i] ?? { currency: run.allocation.currency, minor: 0 })}`).join("  ")}`}</Text>
      <Text bold wrap="truncate-end">{`  ${lineHead}`}</Text>
      {lineRows.slice(0, fit.lines).map((row, i) => {
        const [left, cell] = split(row, lineWidth);
        return (
          <Text key={`${lines[i]?.service}${lines[i]?.lead ?? ""}`} wrap="truncate-end">
            {`  ${left}`}
            <Text {...c(lines[i]?.trueUp.minor ?? 0)}>{cell}</Text>
          </Text>
        );
      })}
      {more(lineRows.length - fit.lines, "lines")}
      <Text> </Text>
      <Text bold>{`True-up settlement: ${settlement.length} transfer${settlement.length === 1 ? "" : "s"}`}</Text>
      {transfers.slice(0, fit.transfers).map((t) => (
        <Text key={t} wrap="truncate-end">
          {t}
        </Text>
      ))}
      {more(transfers.length - fit.transfers, "transfers")}
    </Box>
  );
}
