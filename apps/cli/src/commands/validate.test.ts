import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Io } from "../Io.js";
import { validate } from "./validate.js";

describe("3c validate with a large ledger", () => {
  // Over 8 MiB, the size from which the progress bar draws, in a folder of its own: the command
  // is given that folder as its `cwd` and the file by a relative name.
  const dir = mkdtempSync(join(tmpdir(), "3c-progress-"));
  const rows = Array.from({ length: 300_000 }, (_, i) => `J${String(i).padStart(7, "0")},2024-10-31,ICT,staff,1.00`);
  writeFileSync(join(dir, "big.csv"), `Ref,Date,Service,Pool,Net\n${rows.join("\n")}\n`);
  const columns = ["id=Ref", "date=Date", "service=Service", "pool=Pool", "amount=Net"].flatMap((c) => ["--column", c]);
  const run = async (extra: readonly string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = {
      stdout: { write: (s) => out.push(String(s)) },
      stderr: { write: (s) => err.push(String(s)), isTTY: true },
      env: {},
      cwd: dir,
    };
    const code = await validate(["--demo", "--ledger", "big.csv", ...columns, ...extra], io);
    return { code, out: out.join(""), err: err.join("") };
  };

  it("reads the ledger from its own folder and draws the progress bar on its own standard error", async () => {
    const r = await run([]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("300000 cost lines from big.csv");
    expect(r.err).toMatch(/^\r\[[#-]{24}\] +\d+% {2}[\d,]+ lines {2}.+ lines\/s {2}ETA /);
    // The bar is cleared when the ledger is read.
    expect(r.err.endsWith(`\r${" ".repeat(78)}\r`)).toBe(true);
  });

  it("draws nothing with --no-progress", async () => {
    const r = await run(["--no-progress"]);
    expect([r.code, r.err]).toEqual([0, ""]);
  });
});
