/**
 * Allocates the demo partnership's 2024/25 costs and prints who pays what, by service, with the
 * run's conservation certificate and input hash; for the year, also each council's advances and
 * true-up from the demo's budget. `npm run demo` (from the repository root).
 */
import { DEMO_PERIOD, demoBudgetScenario, demoScenario } from "../src/demo/index.js";
import { formatMoney, type Money, parseDate, rechargeRun } from "../src/index.js";

const period = process.argv[2] ?? DEMO_PERIOD;
const scenario = demoScenario();
// Statement numbers and dates are the finance teams' own; these are the demo's.
const numbers = Object.fromEntries(scenario.partners.map((p, i) => [p.id, `DEMO-${String(i + 1).padStart(4, "0")}`]));
// The demo's budget is for the year 2024/25: a year's run takes it for the advances and true-up.
const budget = period === DEMO_PERIOD ? { budget: demoBudgetScenario() } : {};
const recharge = rechargeRun({
  scenario,
  period,
  statements: { numbers, issueDate: parseDate("2025-04-30") },
  ...budget,
});
const run = recharge.allocation;
const names = new Map(scenario.partners.map((p) => [p.id, p.name]));
const services = scenario.services.map((s) => s.id).sort();
const cell = (m: Money | undefined) => formatMoney(m ?? { currency: run.currency, minor: 0 }).padStart(16);

console.log(
  `${scenario.partnership.name}: allocation for ${run.period.name} (${run.period.start} to ${run.period.end}, end exclusive)`,
);
console.log("Figures are illustrative.\n");
console.log(`${"Council".padEnd(40)}${services.map((s) => s.padStart(16)).join("")}${"Total".padStart(16)}`);
for (const p of run.byPartner) {
  const byService = new Map(p.services.map((s) => [s.service as string, s.total]));
  console.log(
    `${(names.get(p.partner) ?? p.partner).padEnd(40)}${services.map((s) => cell(byService.get(s))).join("")}${cell(p.total)}`,
  );
}
const byService = new Map(run.byService.map((s) => [s.service as string, s.total]));
console.log(
  `${"All councils".padEnd(40)}${services.map((s) => cell(byService.get(s))).join("")}${cell(run.certificate.allocated)}`,
);
if (run.support !== undefined) {
  console.log(`\nSupport costs passed between services (${run.support.method} method):`);
  for (const f of run.support.flows) console.log(`  ${f.from} → ${f.to}: ${formatMoney(f.amount)}`);
}
console.log("\nStatements (the lead of each service charges the others; its own share is retained):");
for (const st of recharge.statements.statements) {
  const from = st.byIssuer.map((b) => `${formatMoney(b.total)} from ${b.issuer}`).join(", ");
  console.log(`  ${st.number} ${st.type} to ${st.partner}: ${formatMoney(st.total)} (${from})`);
}
console.log(`\nSettle net instead of ${recharge.statements.invoices.length} invoices:`);
for (const t of recharge.settlement) console.log(`  ${t.from} pays ${t.to} ${formatMoney(t.amount)}`);
if (recharge.trueUp !== undefined) {
  console.log("\nYear end with the budget (advances paid by quarter from the budget, then the true-up):");
  for (const p of recharge.trueUp.byPartner) {
    console.log(
      `  ${p.partner.padEnd(5)} advanced ${formatMoney(p.advances).padStart(14)}, charged ${formatMoney(p.charge).padStart(14)}: true-up ${formatMoney(p.trueUp)}`,
    );
  }
}
const c = run.certificate;
console.log(
  `\nConservation: money in ${formatMoney(c.moneyIn)} = allocated ${formatMoney(c.allocated)} + unallocated ${formatMoney(c.unallocated)} — ${c.balanced ? "balanced to the penny" : "DOES NOT BALANCE"} across ${c.pools.length} pools and ${c.lineCount} lines.`,
);
console.log(`Input hash (SHA-256): ${run.inputHash}  engine ${run.engine.name}@${run.engine.version}`);
console.log(`Output hash (SHA-256): ${recharge.manifest.outputHash}`);
