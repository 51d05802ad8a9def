/**
 * One timed candidate of the ingest benchmark, in its own process so that each starts with fresh
 * memory: `bare` streams the CSV through the reader and counts records (`papaparse`: the same with
 * papaparse's streaming parser, for comparison); `recharge` runs the whole
 * `3c recharge` command in-process. Prints `{"ms":…,"rows":…,"maxRssMB":…}`.
 */
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { config } from "zod";
import { CsvReader } from "../src/ledger/CsvReader.js";

// As src/bin.ts does before loading the domain (zod without its per-schema compilation).
config({ jitless: true });
const { main } = await import("../src/main.js");

const [mode = "", ...args] = process.argv.slice(2);
const t0 = performance.now();
let rows = 0;
if (mode === "bare") {
  const reader = new CsvReader(",", () => {
    rows++;
  });
  const decoder = new StringDecoder("utf8");
  for await (const chunk of createReadStream(args[0] as string, { highWaterMark: 1 << 20 })) {
    reader.push(decoder.write(chunk as Buffer));
  }
  reader.push(decoder.end());
  reader.end();
  rows--; // the heading
} else if (mode === "papaparse") {
  const { default: Papa } = await import("papaparse");
  await new Promise<void>((done, fail) => {
    Papa.parse(createReadStream(args[0] as string, { highWaterMark: 1 << 20, encoding: "utf8" }), {
      step: () => {
        rows++;
      },
      complete: () => done(),
      error: fail,
    });
  });
  rows--; // the heading
} else {
  const sink = { write: () => true };
  const code = await main([mode, ...args], { stdout: sink, stderr: process.stderr, env: {}, cwd: process.cwd() });
  if (code !== 0) process.exit(code);
}
const ms = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ ms, rows, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
