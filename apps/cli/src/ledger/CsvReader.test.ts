import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { CsvReader, CsvRecordTooLong } from "./CsvReader.js";

function readAll(chunks: readonly string[], delimiter = ","): [string[], number][] {
  const out: [string[], number][] = [];
  const reader = new CsvReader(delimiter, (f, line) => out.push([f, line]));
  for (const c of chunks) reader.push(c);
  reader.end();
  return out;
}

const encode = (rows: readonly (readonly string[])[], eol: string) =>
  rows.map((r) => r.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(",")).join(eol) + eol;

describe("CsvReader", () => {
  it("reads plain records with their line numbers", () => {
    expect(readAll(["id,amount\nL1,12.50\r\nL2,-3\n"])).toEqual([
      [["id", "amount"], 1],
      [["L1", "12.50"], 2],
      [["L2", "-3"], 3],
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    expect(readAll(['a,"b, ""c""\nd",e\nf,g'])).toEqual([
      [["a", 'b, "c"\nd', "e"], 1],
      [["f", "g"], 3],
    ]);
  });

  it("reports a quoted field the text ends inside, with the line its record starts on and the field, and hands no record on", () => {
    const out: [string[], number][] = [];
    const unclosed: [number, number, number][] = [];
    const reader = new CsvReader(
      ",",
      (f, line) => out.push([f, line]),
      (line, field, lines) => unclosed.push([line, field, lines]),
    );
    for (const c of ["a,b\nc,", '"d\ne,f\n', "g,h\n"]) reader.push(c);
    reader.end();
    expect(out).toEqual([[["a", "b"], 1]]);
    expect(unclosed).toEqual([[2, 1, 3]]);
    // Closed, the same text is one record of three lines.
    expect(readAll(["a,b\nc,", '"d\ne,f\n', 'g,h"\n'])).toEqual([
      [["a", "b"], 1],
      [["c", "d\ne,f\ng,h"], 2],
    ]);
  });

  it("stops at a record running past its limit, naming the line it starts on and where its open quote opens", () => {
    const tooLong = (chunks: readonly string[], limit: number) => {
      const out: number[] = [];
      const reader = new CsvReader(",", (_, line) => out.push(line), undefined, limit);
      try {
        for (const c of chunks) reader.push(c);
        reader.end();
      } catch (error) {
        if (!(error instanceof CsvRecordTooLong)) throw error;
        return { read: out, line: error.line, quote: error.quote };
      }
      return { read: out };
    };
    // The quote opens in the third field of line 4, after a quoted cell of two lines (3 and 4).
    const open = ["a,b\nc,d\n", 'e,"f\ng",', '"h\n', "i\n".repeat(20)];
    expect(tooLong(open, 30)).toEqual({ read: [1, 2], line: 3, quote: { line: 4, field: 2 } });
    // Lines ending with CR alone: one record with no line break.
    expect(tooLong(["a,b\r", "c,d\r".repeat(5), "e,f\r".repeat(5)], 30)).toEqual({
      read: [],
      line: 1,
      quote: undefined,
    });
    // Within the limit, the same text is read as without one.
    expect(tooLong(["a,b\nc,d\n", 'e,"f\ng",', '"h\n', 'i"\n'], 30)).toEqual({ read: [1, 2, 3] });
  });

  it("reads every record of a text whose records are all within its limit as without a limit", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (rows, cuts) => {
          const text = encode(rows, "\n");
          const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...at].map((from, i) => text.slice(from, [...at, text.length][i]));
          // Each record is within the limit, whatever its quoting: at most twice its fields' text, and delimiters.
          const limit = rows.reduce((m, r) => Math.max(m, r.join(",").length * 2 + r.length * 2 + 2), 0);
          const out: [string[], number][] = [];
          const reader = new CsvReader(",", (f, line) => out.push([f, line]), undefined, limit);
          for (const c of chunks) reader.push(c);
          reader.end();
          expect(out).toEqual(readAll(chunks));
        },
      ),
    );
  });

  it("reads a semicolon-separated export", () => {
    expect(readAll(["a;b\n1;2\n"], ";")).toEqual([
      [["a", "b"], 1],
      [["1", "2"], 2],
    ]);
  });

  it("reads only the first fields of a quote-free record when limited", () => {
    const out: string[][] = [];
    const reader = new CsvReader(",", (f) => out.push(f));
    reader.fieldLimit = 2;
    reader.push("a,b,c,d\n1,2,3\n");
    reader.end();
    expect(out).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("splits a quote-free record exactly as String.split with the same limit would", () => {
    const field = fc.stringMatching(/^[a-z0-9 ;.-]{0,6}$/);
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 1, maxLength: 7 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(",", ";"),
        fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
        fc.constantFrom("\n", "\r\n"),
        (rows, delimiter, limit, eol) => {
          const lines = rows.map((r) => r.join(delimiter)).filter((l) => l !== "");
          const out: string[][] = [];
          const reader = new CsvReader(delimiter, (f) => out.push(f));
          reader.fieldLimit = limit;
          reader.push(lines.join(eol) + eol);
          reader.end();
          expect(out).toEqual(lines.map((l) => l.split(delimiter, limit)));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("skips blank lines but counts them", () => {
    expect(readAll(["a\n\nb\n"])).toEqual([
      [["a"], 1],
      [["b"], 3],
    ]);
  });

  it("reads the same records, and the same quote left open, however any text is cut into chunks", () => {
    // Quotes anywhere, not only as a well-formed file has them: opening a field, doubled, closing,
    // inside an unquoted field, cut from their pair by a chunk's end, left open.
    const text = fc.string({ unit: fc.constantFrom("a", ",", '"', '""', "\n", "\r\n", "\r", " "), maxLength: 40 });
    const read = (chunks: readonly string[]) => {
      const out: unknown[] = [];
      const reader = new CsvReader(
        ",",
        (f, line) => out.push([f, line]),
        (line, field, lines) => out.push(["unclosed", line, field, lines]),
      );
      for (const c of chunks) reader.push(c);
      reader.end();
      return out;
    };
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 8 }), (whole, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let at = 0;
        for (const p of points) {
          chunks.push(whole.slice(at, p));
          at = p;
        }
        chunks.push(whole.slice(at));
        expect(read(chunks)).toEqual(read([whole]));
      }),
      { numRuns: 2000 },
    );
  });

  it("finishes a quoted field of many lines, cut into many chunks, reading each character once", () => {
    // A field of 5,000 lines pushed a line at a time: each push walks only its own chunk. (Scanning
    // the record again from its start at every line break, as before, took minutes on a ledger of
    // 40,000 lines with a quote left open.)
    const lines = Array.from({ length: 5_000 }, (_, i) => `line ${i}`);
    const out: [string[], number][] = [];
    const reader = new CsvReader(",", (f, line) => out.push([f, line]));
    const walked = vi.spyOn(reader as unknown as { scan: () => number }, "scan");
    reader.push('a,"');
    for (const l of lines) reader.push(`${l}\n`);
    reader.push('",b\nc,d\n');
    reader.end();
    expect(out).toEqual([
      [["a", `${lines.join("\n")}\n`, "b"], 1],
      [["c", "d"], 5_002],
    ]);
    expect(walked.mock.calls.length).toBeLessThan(20);
  });

  it("reads the same records however the text is cut into chunks", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "1", ",", '"', "\n", "\r\n", " ", "é") });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom("\n", "\r\n"),
        fc.array(fc.nat(), { maxLength: 6 }),
        (rows, eol, cuts) => {
          const text = encode(rows, eol);
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let at = 0;
          for (const p of points) {
            chunks.push(text.slice(at, p));
            at = p;
          }
          chunks.push(text.slice(at));
          expect(readAll(chunks).map(([f]) => f)).toEqual(readAll([text]).map(([f]) => f));
          expect(readAll([text]).map(([f]) => f)).toEqual(rows.map((r) => [...r]));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
