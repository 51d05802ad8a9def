import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allocate, loadScenario, parseScenario, type Scenario } from "@3c/domain";
import { demoScenarioDocument } from "@3c/domain/demo";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CliError } from "../CliError.js";
import { readLedger } from "./readLedger.js";

const dir = mkdtempSync(join(tmpdir(), "3c-ledger-"));
const base: Scenario = loadScenario({ ...demoScenarioDocument, costLines: [] });
let n = 0;
/** Writes a ledger into `dir` and returns its name, which `readLedger` reads relative to `dir`. */
const write = (text: string) => {
  const name = `l${n++}.csv`;
  writeFileSync(join(dir, name), text);
  return name;
};
const columns = ["id=Ref", "service=Service", "pool=Pool", "date=Date", "amount=Net", "vat=VAT", "description=Text"];

describe("readLedger", () => {
  it("sums a ledger's lines per service, pool and day, keeping a support service's own lines", async () => {
    const file = write(
      "Ref,Service,Pool,Date,Net,VAT,Text\nJ1,ICT,staff,2024-04-30,100.00,,pay\nJ2,ICT,staff,2024-04-30,-0.01,,\nJ3,BC,accommodation,2024-05-31,12.5,standard,rent\nJ4,BC,accommodation,2024-05-31,0.5,standard,\n",
    );
    const result = await readLedger({ file, columns, keepLines: false }, base, dir);
    expect(result.rows).toBe(4);
    expect(result.lines).toEqual([
      {
        id: "J1",
        service: "ICT",
        pool: "staff",
        date: "2024-04-30",
        amount: { currency: "GBP", minor: 10000 },
        description: "pay",
      },
      {
        id: "J2",
        service: "ICT",
        pool: "staff",
        date: "2024-04-30",
        amount: { currency: "GBP", minor: -1 },
      },
      {
        id: "BC.accommodation.2024-05-31.vat",
        service: "BC",
        pool: "accommodation",
        date: "2024-05-31",
        amount: { currency: "GBP", minor: 1300 },
        vat: "standard",
        description: "2 ledger lines",
      },
    ]);
  });

  it("keeps every line with its own id when asked", async () => {
    const file = write("Ref,Service,Pool,Date,Net,VAT,Text\nJ1,ICT,staff,2024-04-30,100.00,,pay\n");
    const result = await readLedger({ file, columns, keepLines: true }, base, dir);
    expect(result.lines).toEqual([
      {
        id: "J1",
        service: "ICT",
        pool: "staff",
        date: "2024-04-30",
        amount: { currency: "GBP", minor: 10000 },
        description: "pay",
      },
    ]);
  });

  it("names the line and column of every bad cell", async () => {
    const file = write(
      "Ref,Service,Pool,Date,Net,VAT,Text\nJ1,ICT,desks,2024-04-30,1,,\nJ2,HR,staff,2024-02-30,1.234,zero,\nJ3,ICT,staff,30/04/2024,12x,,\n",
    );
    const error = await readLedger({ file, columns, keepLines: false }, base, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    const e = error as CliError;
    expect(e.exitCode).toBe(1);
    expect(e.message).toBe(`${file}: 7 problems in 3 lines`);
    expect(e.issues.map((i) => `${i.path.replace(file, "F")}: ${i.message}`)).toEqual([
      'F: line 2, column "Pool" (pool): service ICT has no pool "desks"; expected one of staff, licences, infrastructure, on-behalf-of',
      'F: line 3, column "Service" (service): unknown service "HR"; expected one of ICT, LEGAL, BC',
      'F: line 3, column "Date" (date): "2024-02-30" is not a calendar date; expected YYYY-MM-DD',
      'F: line 3, column "Net" (amount): "1.234" has more decimal places than GBP allows (2)',
      'F: line 3, column "VAT" (vat): "zero" is not a VAT treatment; expected outside-scope or standard',
      'F: line 4, column "Date" (date): "30/04/2024" is not a calendar date; expected YYYY-MM-DD',
      'F: line 4, column "Net" (amount): "12x" is not a decimal amount: expected digits with an optional sign and decimal point, such as 1234.56',
    ]);
  });

  it("refuses a quoted cell not closed by the end of the file, naming its line and column, instead of reading the lines after it as its text", async () => {
    // J2's description opens a quote that nothing closes: J3 and J4 would become its text, and
    // their £30.00 would vanish from the run without a word.
    const file = write(
      'Ref,Service,Pool,Date,Net,VAT,Text\nJ1,ICT,staff,2024-04-30,10.00,,pay\nJ2,ICT,staff,2024-04-30,10.00,,"5"" monitor\nJ3,ICT,staff,2024-04-30,10.00,,x\nJ4,ICT,staff,2024-04-30,20.00,,y\n',
    );
    for (const keepLines of [false, true]) {
      const error = await readLedger({ file, columns, keepLines }, base, dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CliError);
      const e = error as CliError;
      expect(e.exitCode).toBe(1);
      expect(e.message).toBe(`${file}: 1 problem in 2 lines`);
      expect(e.issues.map((i) => `${i.path.replace(file, "F")}: ${i.message}`)).toEqual([
        'F: line 3, column "Text": a quoted cell opens here and is not closed by the end of the file (lines 3 to 5 would be its text); expected a closing quote ("), a quote inside a quoted cell written twice ("")',
      ]);
    }
  });

  it("stops at a quoted cell not closed within the longest line it reads, naming the file, line and column, exit 1", async () => {
    // A quote left open near the start of an export larger than the longest string V8 can make
    // failed as an internal error (exit 4); the limit is lowered here so a small file shows it.
    const rest = "J3,ICT,staff,2024-04-30,10.00,,x\n".repeat(40);
    const file = write(
      `Ref,Service,Pool,Date,Net,VAT,Text\nJ1,ICT,staff,2024-04-30,10.00,,pay\nJ2,ICT,staff,2024-04-30,10.00,,"5"" monitor\n${rest}`,
    );
    const error = await readLedger({ file, columns, keepLines: false }, base, dir, undefined, 500).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliError);
    expect([(error as CliError).exitCode, (error as CliError).message]).toEqual([
      1,
      `${file}: line 3, column "Text": a quoted cell opens here and is not closed within 500 characters (the file was read no further); expected a closing quote ("), a quote inside a quoted cell written twice ("")`,
    ]);
    // Lines ending with CR alone are one line to the reader: refused the same way, by its first line.
    const cr = write(`Ref,Service,Pool,Date,Net,VAT,Text\r${rest.replaceAll("\n", "\r")}`);
    await expect(readLedger({ file: cr, columns, keepLines: false }, base, dir, undefined, 500)).rejects.toThrow(
      `${cr}: line 1: runs past 500 characters without a line break (the file was read no further); expected one cost per line, each ending with a line break (LF or CRLF; lines ending with CR alone are not read as lines)`,
    );
  });

  it("refuses a heading row whose quote is not closed", async () => {
    const file = write('Ref,"Service,Pool,Date,Net,VAT,Text\nJ1,ICT,staff,2024-04-30,10.00,,pay\n');
    await expect(readLedger({ file, columns, keepLines: false }, base, dir)).rejects.toThrow(
      `${file}: line 1, the heading of column 2: a quoted cell opens here and is not closed by the end of the file (lines 1 to 2 would be its text); expected a closing quote ("), a quote inside a quoted cell written twice ("")`,
    );
  });

  it("words each bad cell exactly as parseScenario words the same cost line in a document", async () => {
    const rows = [
      ["J1", "ICT", "desks", "2024-04-30", "1", "", "pay"],
      ["J2", "ICT", "staff", "2024-02-30", "1.234", "zero", "x"],
      ["bad id", "ICT", "staff", "2024-04-30", "12x", "standard", "x"],
    ];
    const file = write(`Ref,Service,Pool,Date,Net,VAT,Text\n${rows.map((r) => r.join(",")).join("\n")}\n`);
    const error = (await readLedger({ file, columns, keepLines: true }, base, dir).catch(
      (e: unknown) => e,
    )) as CliError;
    const fromLedger = error.issues.map((i) => i.message.replace(/; expected one of .*$/, ""));
    const doc = {
      ...demoScenarioDocument,
      costLines: rows.map(([id, service, pool, date, amount, vat, description]) => ({
        id,
        service,
        pool,
        date,
        amount,
        ...(vat === "" ? {} : { vat }),
        description,
      })),
    };
    const parsed = parseScenario(doc);
    const fromDocument = parsed.ok
      ? []
      : parsed.issues.filter((i) => i.path.startsWith("costLines[")).map((i) => i.message);
    expect(fromLedger.length).toBe(6);
    expect(new Set(fromLedger)).toEqual(new Set(fromDocument));
  });

  it("names a missing column and lists the headings found", async () => {
    const file = write("Ref;Service\nJ1;ICT\n");
    await expect(readLedger({ file, columns, keepLines: false }, base, dir)).rejects.toThrow(
      `${file}: line 1 has no column "Ref" (id), "Service" (service), "Pool" (pool), "Date" (date), "Net" (amount), "VAT" (vat), "Text" (description); its headings are "Ref;Service"`,
    );
  });

  it("charges every partner exactly the same whether lines are summed per day or kept", async () => {
    const pools = base.services.flatMap((s) => s.pools.map((p) => [s.id, p.id] as const));
    const row = fc.record({
      pool: fc.constantFrom(...pools),
      day: fc.integer({ min: 0, max: 364 }),
      pence: fc.integer({ min: -50_000, max: 5_000_000 }),
    });
    const start = Date.UTC(2024, 3, 1);
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), async (rows) => {
        const text = rows
          .map((r, i) => {
            const date = new Date(start + r.day * 86_400_000).toISOString().slice(0, 10);
            const sign = r.pence < 0 ? "-" : "";
            const abs = Math.abs(r.pence);
            return `J${String(i).padStart(4, "0")},${r.pool[0]},${r.pool[1]},${date},${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")},,`;
          })
          .join("\n");
        const file = write(`Ref,Service,Pool,Date,Net,VAT,Text\n${text}\n`);
        const summed = await readLedger({ file, columns, keepLines: false }, base, dir);
        const kept = await readLedger({ file, columns, keepLines: true }, base, dir);
        const a = allocate({ ...base, costLines: summed.lines }, "2024/25");
        const b = allocate({ ...base, costLines: kept.lines }, "2024/25");
        expect(a.byPartner).toEqual(b.byPartner);
      }),
      { numRuns: 1000 },
    );
  });
});
