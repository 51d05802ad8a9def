import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { StoreError } from "../StoreError.js";

/** The file that marks a PGlite data directory as open, inside the directory. */
export const LOCK_FILE = "3c.lock";

/** What a lock file holds: who opened the directory, and when. */
interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/** A held lock on a data directory; {@link DataDirLock.release} gives it up. */
export interface DataDirLock {
  /** Removes the lock file if it is still this lock's. Safe to call twice. */
  release(): void;
}

/**
 * Takes a PGlite data directory for this process alone. PGlite is PostgreSQL in one process with no
 * server to arbitrate: two processes on one directory each keep their own picture of the files and
 * overwrite each other's writes (a key created by `keys:create` beside a running API was refused and
 * then lost). So the directory is locked by a file created exclusively (`O_EXCL`) holding the
 * process id and host; a lock whose process has ended (a crash, `kill -9`) is taken over.
 *
 * @param dataDir - the data directory (created if missing)
 * @returns the lock, to release when the database closes
 * @throws StoreError `DATA_DIR_IN_USE` naming the directory and the process that holds it
 * @example
 * const lock = lockDataDir("./.3c-data");
 * try { ... } finally { lock.release(); }
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(path);
      if (holder !== undefined && !isStale(holder)) {
        throw new StoreError(
          "DATA_DIR_IN_USE",
          `the data directory ${dataDir} is in use by process ${holder.pid} on ${holder.host} since ${holder.since}: ` +
            "PGlite serves one process, so stop that process first (a running API, or keys:create) — " +
            `or, if no process uses it, delete ${path}; for several processes use DATABASE_URL (a PostgreSQL server)`,
        );
      }
      // Its process has ended (or the file is empty: a process that died between creating and
      // writing it): take it over. Another process doing the same at this instant loses the `wx` race.
      try {
        unlinkSync(path);
      } catch (gone) {
        if ((gone as NodeJS.ErrnoException).code !== "ENOENT") throw gone;
      }
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify(me)}\n`);
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        const now = readHolder(path);
        if (now?.pid === me.pid && now.host === me.host && now.since === me.since) unlinkSync(path);
      },
    };
  }
  throw new StoreError("DATA_DIR_IN_USE", `the data directory ${dataDir} is being opened by another process`);
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const held = JSON.parse(readFileSync(path, "utf8")) as Partial<LockHolder>;
    if (typeof held.pid !== "number" || typeof held.host !== "string" || typeof held.since !== "string")
      return undefined;
    return held as LockHolder;
  } catch {
    return undefined;
  }
}

// A holder on this host is alive while signal 0 reaches its process (EPERM: alive, someone else's).
// On another host (a shared disk) nothing here can tell, so it counts as alive.
function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
