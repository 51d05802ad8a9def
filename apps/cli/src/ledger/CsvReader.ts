/** Called for each record: its fields and the line number (1-based) where it starts. */
export type RecordHandler = (fields: string[], line: number) => void;

/**
 * Called when the text ends inside a quoted field: the line its record starts on, the field's
 * index (0-based) and how many lines the record would take, the field holding the rest of the file.
 */
export type UnclosedQuoteHandler = (line: number, field: number, lines: number) => void;

/**
 * The most characters one record may take, by default: far more than any ledger line (a line with a
 * cell of notes runs to a few thousand), far less than V8's longest string (2^29 − 24 characters),
 * which a quote left open near the start of a large export would otherwise reach, failing as an
 * internal error. Reading stops there, not at the end of the file.
 */
export const MAX_RECORD_CHARS = 2 ** 27;

/**
 * A record that runs past the reader's limit: a quote left open (whose cell would take the rest of
 * the file), or a file without line breaks the reader knows (lines ending with CR alone).
 */
export class CsvRecordTooLong extends Error {
  override readonly name = "CsvRecordTooLong";
  /** The line (1-based) the record starts on. */
  readonly line: number;
  /** The quoted cell left open, when one is: the line its quote opens on and its field (0-based). */
  readonly quote: { readonly line: number; readonly field: number } | undefined;
  /** The limit, in characters. */
  readonly limit: number;

  /**
   * @param line - where the record starts
   * @param quote - the open quote's line and field, if any
   * @param limit - the limit that was passed
   */
  constructor(line: number, quote: { readonly line: number; readonly field: number } | undefined, limit: number) {
    super(
      `the record starting on line ${line} runs past ${limit} characters${quote === undefined ? "" : ` (a quote opens on line ${quote.line} and is not closed)`}`,
    );
    this.line = line;
    this.quote = quote;
    this.limit = limit;
  }
}

/**
 * A streaming CSV reader (RFC 4180: quoted fields with `""` escapes and line breaks, LF or CRLF).
 * Text is pushed in chunks of any size; each complete record is handed on at once, so memory holds
 * one chunk and one partial record, never the file. Records without a quote take a fast path
 * (`split`), which is most of a ledger export.
 *
 * @example
 * const reader = new CsvReader(",", (fields, line) => …);
 * for await (const chunk of stream) reader.push(chunk);
 * reader.end();
 */
export class CsvReader {
  /**
   * Read at most this many fields of a quote-free record (the rest of the line is dropped): a
   * caller that needs only the first columns saves making strings of the others.
   */
  fieldLimit: number | undefined = undefined;
  private pending = "";
  /** Where the walk of the pending record stands: inside a quoted field. */
  private quoted = false;
  /** The pending record's current field has no character yet (only there does a quote open one). */
  private fieldEmpty = true;
  /** The walk ended on a quote inside a quoted field: it closes the field, or the next one doubles it. */
  private quoteAtEnd = false;
  /** The field the walk is in (0-based), and the line breaks it has passed inside quoted fields. */
  private walkField = 0;
  private walkLines = 0;
  /** Where the walk's open quote opened: the field, and the line breaks before it in the record. */
  private quoteField = 0;
  private quoteLines = 0;
  private line = 1;
  private readonly delimiter: string;
  private readonly onRecord: RecordHandler;
  private readonly onUnclosed: UnclosedQuoteHandler | undefined;
  private readonly maxRecord: number;

  /**
   * @param delimiter - one character, e.g. `,` or `;`
   * @param onRecord - receives each record
   * @param onUnclosed - told of a quoted field the text ends inside, whose record is not handed on:
   *   a quote left open swallows every line after it, which must not pass for one long cell
   * @param maxRecord - the most characters a record may take ({@link MAX_RECORD_CHARS})
   */
  constructor(
    delimiter: string,
    onRecord: RecordHandler,
    onUnclosed?: UnclosedQuoteHandler,
    maxRecord = MAX_RECORD_CHARS,
  ) {
    this.delimiter = delimiter;
    this.onRecord = onRecord;
    this.onUnclosed = onUnclosed;
    this.maxRecord = maxRecord;
  }

  /**
   * Reads a chunk of text, handing on every record it completes.
   *
   * @param chunk - the next piece of the file's text
   * @throws CsvRecordTooLong when the record being read runs past the limit (nothing more is read)
   */
  push(chunk: string): void {
    let from = 0;
    if (this.pending !== "") {
      // Finish the record cut by the chunk boundary on its own small string: scanning
      // `pending + chunk` would search a rope of the whole chunk, which V8 can copy flat on every
      // search (measured: 30× slower once the function was re-optimised). Where it ends is found
      // by walking this chunk alone from where the walk of the record stood: a quoted field of many
      // lines (or a quote left open) is walked once, not again from its start at each line break.
      const end = this.recordEnd(chunk, 0);
      this.checkLength(this.pending.length + (end === -1 ? chunk.length : end));
      if (end === -1) {
        this.pending += chunk;
        return;
      }
      const record = this.pending + chunk.slice(0, end);
      this.pending = "";
      this.scan(record, 0, false);
      from = end;
    }
    const used = this.scan(chunk, from, false);
    this.pending = used === chunk.length ? "" : chunk.slice(used);
    if (this.pending !== "") {
      // The record cut by this chunk's end, walked once from its start to where it stands.
      this.resetWalk();
      this.recordEnd(this.pending, 0);
      this.checkLength(this.pending.length);
    }
  }

  /** Refuses a pending record of `length` characters past the limit, saying where it starts and any open quote. */
  private checkLength(length: number): void {
    if (length <= this.maxRecord) return;
    const quote = this.quoted ? { line: this.line + this.quoteLines, field: this.quoteField } : undefined;
    throw new CsvRecordTooLong(this.line, quote, this.maxRecord);
  }

  /** Hands on the last record, if the file does not end with a line break. */
  end(): void {
    if (this.pending !== "") this.scan(this.pending, 0, true);
    this.pending = "";
    this.resetWalk();
  }

  private resetWalk(): void {
    this.quoted = false;
    this.fieldEmpty = true;
    this.quoteAtEnd = false;
    this.walkField = 0;
    this.walkLines = 0;
    this.quoteField = 0;
    this.quoteLines = 0;
  }

  /** Counts the line breaks of `text[from, to)` into the walk's, for where a later quote opens. */
  private countLines(text: string, from: number, to: number): void {
    for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) this.walkLines++;
  }

  /**
   * Walks the pending record on through `text` from `from`, as `scan` reads a record: a quote
   * opens a quoted field only as its first character, a doubled quote inside one is a quote, and a
   * line break outside quotes ends the record.
   *
   * @returns the index just after the line break that ends the record, or -1 when `text` ends first
   *   (the walk's state kept for the next chunk)
   */
  private recordEnd(text: string, from: number): number {
    const d = this.delimiter.charCodeAt(0);
    const n = text.length;
    let i = from;
    if (this.quoteAtEnd && i < n) {
      this.quoteAtEnd = false;
      if (text.charCodeAt(i) === 34) {
        this.fieldEmpty = false;
        i++;
      } else this.quoted = false;
    }
    while (i < n) {
      if (this.quoted) {
        const q = text.indexOf('"', i);
        this.countLines(text, i, q === -1 ? n : q);
        if (q === -1) {
          this.fieldEmpty = false;
          return -1;
        }
        if (q > i) this.fieldEmpty = false;
        if (q + 1 === n) {
          this.quoteAtEnd = true;
          return -1;
        }
        if (text.charCodeAt(q + 1) === 34) {
          this.fieldEmpty = false;
          i = q + 2;
        } else {
          this.quoted = false;
          i = q + 1;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 10) {
        this.resetWalk();
        return i + 1;
      }
      if (c === 34 && this.fieldEmpty) {
        this.quoted = true;
        this.quoteField = this.walkField;
        this.quoteLines = this.walkLines;
      } else {
        this.fieldEmpty = c === d;
        if (c === d) this.walkField++;
      }
      i++;
    }
    return -1;
  }

  /**
   * The fields of a quote-free record `text[start, stop)`, at most `fieldLimit` of them: as
   * `text.slice(start, stop).split(delimiter, fieldLimit)` gives them, without making the line's
   * own string or the strings of fields past the limit.
   */
  private fieldsOf(text: string, start: number, stop: number): string[] {
    const d = this.delimiter;
    const limit = this.fieldLimit ?? Number.POSITIVE_INFINITY;
    const fields: string[] = [];
    let from = start;
    while (fields.length < limit) {
      const at = text.indexOf(d, from);
      if (at === -1 || at >= stop) {
        fields.push(text.slice(from, stop));
        break;
      }
      fields.push(text.slice(from, at));
      from = at + d.length;
    }
    return fields;
  }

  /** Reads whole records from `text` starting at `from`; returns where the unread rest begins. */
  private scan(text: string, from: number, final: boolean): number {
    const d = this.delimiter;
    let start = from;
    const n = text.length;
    // The next quote at or after `start`, found once and again only when passed: searching from
    // every line would rescan the rest of a quote-free chunk each time.
    let quote = text.indexOf('"', from);
    while (start < n) {
      let nl = text.indexOf("\n", start);
      if (nl === -1) {
        if (!final) return start;
        nl = n;
      }
      let stop = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (quote !== -1 && quote < start) quote = text.indexOf('"', start);
      if (quote === -1 || quote >= stop) {
        // Fast path: no quotes on this line.
        if (stop > start) this.onRecord(this.fieldsOf(text, start, stop), this.line);
        this.line++;
        start = nl + 1;
        continue;
      }
      // Slow path: a quoted field, possibly spanning lines.
      const fields: string[] = [];
      let field = "";
      let i = start;
      let quoted = false;
      let lines = 1;
      for (;;) {
        if (i >= n) {
          if (!final) return start; // the record continues in the next chunk
          if (quoted) {
            // The last line break was the file's own end, not a line of the field.
            this.onUnclosed?.(this.line, fields.length, field.endsWith("\n") ? lines - 1 : lines);
            this.line += lines;
            return n;
          }
          fields.push(field);
          break;
        }
        const c = text.charCodeAt(i);
        if (quoted) {
          if (c === 34) {
            if (text.charCodeAt(i + 1) === 34) {
              field += '"';
              i += 2;
            } else {
              quoted = false;
              i++;
            }
          } else {
            if (c === 10) lines++;
            field += text[i];
            i++;
          }
        } else if (c === 34 && field === "") {
          quoted = true;
          i++;
        } else if (text.startsWith(d, i)) {
          fields.push(field);
          field = "";
          i += d.length;
        } else if (c === 10 || (c === 13 && text.charCodeAt(i + 1) === 10)) {
          fields.push(field);
          i += c === 13 ? 2 : 1;
          break;
        } else {
          field += text[i];
          i++;
        }
      }
      this.onRecord(fields, this.line);
      this.line += lines;
      start = i;
      stop = i;
    }
    return n;
  }
}
