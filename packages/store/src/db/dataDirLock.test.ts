import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isStoreError } from "../StoreError.js";
import { LOCK_FILE, lockDataDir } from "./dataDirLock.js";
import { openPglite } from "./openPglite.js";

const freshDir = () => mkdtempSync(join(tmpdir(), "3c-lock-"));
const holder = (pid: number, host = hostname()) =>
  `${JSON.stringify({ pid, host, since: "2026-01-01T00:00:00.000Z" })}\n`;

describe("a PGlite data directory is one process's at a time", () => {
  it("refuses a second open of the same directory while the first is open, and allows it after close", async () => {
    const dir = freshDir();
    const first = await openPglite(dir);
    await first.query("CREATE TABLE t (x int)");
    const second = openPglite(dir).then(
      () => "opened",
      (e: unknown) => e,
    );
    const refusal = await second;
    expect(isStoreError(refusal, "DATA_DIR_IN_USE")).toBe(true);
    expect((refusal as Error).message).toContain(dir);
    expect((refusal as Error).message).toContain(`process ${process.pid}`);
    await first.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await openPglite(dir);
    expect(await again.query<{ n: number }>("SELECT count(*)::int AS n FROM t")).toEqual([{ n: 0 }]);
    await again.close();
  });

  it("refuses a directory that another live process holds", async () => {
    const dir = freshDir();
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      writeFileSync(join(dir, LOCK_FILE), holder(other.pid as number));
      expect(() => lockDataDir(dir)).toThrow(`in use by process ${other.pid}`);
      // The refusal leaves the other process's lock as it was.
      expect(readFileSync(join(dir, LOCK_FILE), "utf8")).toBe(holder(other.pid as number));
    } finally {
      other.kill("SIGKILL");
    }
  });

  it("takes over a lock whose process has ended, and one left empty", () => {
    const dir = freshDir();
    const ended = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(join(dir, LOCK_FILE), holder(ended));
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);

    writeFileSync(join(dir, LOCK_FILE), "");
    lockDataDir(dir).release();
  });

  it("counts a lock written on another host as held", () => {
    const dir = freshDir();
    writeFileSync(join(dir, LOCK_FILE), holder(1, `not-${hostname()}`));
    expect(() => lockDataDir(dir)).toThrow("in use by process 1");
  });

  it("releases only its own lock, once", () => {
    const dir = freshDir();
    const lock = lockDataDir(dir);
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      // Someone removed ours and another process took the directory: releasing must not remove theirs.
      writeFileSync(join(dir, LOCK_FILE), holder(other.pid as number));
      lock.release();
      lock.release();
      expect(readFileSync(join(dir, LOCK_FILE), "utf8")).toBe(holder(other.pid as number));
    } finally {
      other.kill("SIGKILL");
    }
  });
});
