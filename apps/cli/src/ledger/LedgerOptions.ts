/** How to read a ledger export, as the command line gave it. */
export interface LedgerOptions {
  /** The CSV file. */
  readonly file: string;
  /** A mapping file (JSON), when given. */
  readonly map?: string;
  /** `--column FIELD=HEADER` pairs, applied over the mapping file's columns. */
  readonly columns: readonly string[];
  /** Keep every ledger line as its own cost line instead of one per service, pool and day. */
  readonly keepLines: boolean;
}
