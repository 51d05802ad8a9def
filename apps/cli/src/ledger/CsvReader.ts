/** Called for each record: its fields and the line number (1-based) where it starts. */
export type RecordHandler = (fields: string[], line: number) => void;

/**
 * Called when the text ends inside a quoted field: the line its record starts on, the field's
 * index (0-based) and how many lines the record would take, the field holding the rest of the file.
 */
export type UnclosedQuoteHandler = (line: number, field: number, lines: number) => void;

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
  private line = 1;
  private readonly delimiter: string;
  private readonly onRecord: RecordHandler;
  private readonly onUnclosed: UnclosedQuoteHandler | undefined;

  /**
   * @param delimiter - one character, e.g. `,` or `;`
   * @param onRecord - receives each record
   * @param onUnclosed - told of a quoted field the text ends inside, whose record is not handed on:
   *   a quote left open swallows every line after it, which must not pass for one long cell
   */
  constructor(delimiter: string, onRecord: RecordHandler, onUnclosed?: UnclosedQuoteHandler) {
    this.delimiter = delimiter;
    this.onRecord = onRecord;
    this.onUnclosed = onUnclosed;
  }

  /**
   * Reads a chunk of text, handing on every record it completes.
   *
   * @param chunk - the next piece of the file's text
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
    }
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
      if (c === 34 && this.fieldEmpty) this.quoted = true;
      else this.fieldEmpty = c === d;
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
