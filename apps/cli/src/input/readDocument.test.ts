import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliError } from "../CliError.js";
import { readInputFile, textOf } from "./readDocument.js";

async function refusal(read: Promise<unknown>): Promise<[number, string]> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return [(error as CliError).exitCode, (error as CliError).message];
}

describe("textOf", () => {
  it("decodes a file within the limit, and refuses one past it as bad input naming the file", () => {
    const bytes = new TextEncoder().encode('{"schemaVersion": 1, "name": "Café"}');
    expect(textOf(bytes, "s.json", bytes.length)).toBe('{"schemaVersion": 1, "name": "Café"}');
    const error = (() => {
      try {
        return textOf(bytes, "s.json", 10);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CliError);
    expect([(error as CliError).exitCode, (error as CliError).message]).toEqual([
      1,
      "s.json: 37 bytes, more than the 10 3c can read as one document; expected a smaller file (a ledger's lines go in a CSV given with --ledger, which is read line by line)",
    ]);
  });
});

describe("readInputFile", () => {
  let dir = "";
  const text = '{"schemaVersion": 1, "name": "Café"}';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "3c-read-"));
    await writeFile(join(dir, "s.json"), text);
    await mkdir(join(dir, "folder.json"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads a file up to the limit, and refuses a larger one as bad input naming it, its size and the limit", async () => {
    expect((await readInputFile("s.json", dir, 37)).toString("utf8")).toBe(text);
    expect(await refusal(readInputFile("s.json", dir, 36))).toEqual([
      1,
      "s.json: too large to read (37 bytes); 3c reads a file of at most 36 bytes",
    ]);
  });

  it("still names a missing file and a directory", async () => {
    expect(await refusal(readInputFile("nowhere.json", dir))).toEqual([
      1,
      "nowhere.json: cannot read the file (no such file)",
    ]);
    expect(await refusal(readInputFile("folder.json", dir))).toEqual([
      1,
      "folder.json: cannot read the file (is a directory)",
    ]);
  });
});
