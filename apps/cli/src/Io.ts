/** Where a command writes and what it knows of its surroundings; real streams, or buffers in tests. */
export interface Io {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory that relative paths are read from and written to. */
  readonly cwd: string;
  /** The clock, in milliseconds since the epoch (`Date.now` when absent; tests set it). */
  readonly now?: () => number;
}

/**
 * The clock of a command's surroundings in POSIX seconds, for the domain's `reportInstant`.
 *
 * @param io - the command's surroundings
 * @returns whole seconds since the epoch
 */
export function nowSeconds(io: Io): number {
  return Math.floor((io.now ?? Date.now)() / 1000);
}

/** The part of a writable stream that `3c` uses. */
export interface OutputStream {
  write(chunk: string | Uint8Array): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * Whether colour may be used on a stream: only on a terminal, and never when `NO_COLOR` is set
 * (any non-empty value, per no-color.org) or `--no-color` was given.
 *
 * @param stream - the stream to write to
 * @param env - the environment
 * @param noColorFlag - whether --no-color was given
 * @returns true when colour codes may be written
 */
export function colourAllowed(
  stream: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
  noColorFlag = false,
): boolean {
  return stream.isTTY === true && !noColorFlag && (env.NO_COLOR ?? "") === "";
}
