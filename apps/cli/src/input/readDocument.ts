import { constants } from "node:buffer";
import { type FileHandle, open } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { CliError } from "../CliError.js";

/** The formats `3c` reads a scenario from. */
export type DocumentFormat = "json" | "yaml" | "xlsx";

/**
 * The format of a scenario file, from its extension.
 *
 * @param path - file path
 * @returns json, yaml or xlsx
 * @throws CliError usage, for any other extension
 */
export function documentFormat(path: string): DocumentFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".json") return "json";
  if (ext === ".yaml" || ext === ".yml") return "yaml";
  if (ext === ".xlsx") return "xlsx";
  throw new CliError("usage", `${path}: expected a .json, .yaml, .yml or .xlsx scenario file`);
}

/**
 * The largest file `3c` reads whole, in bytes: Node's limit for reading a file into one buffer
 * (2 GiB less a byte). A ledger's CSV is read as a stream and has no such limit.
 */
export const MAX_FILE_BYTES = 2 ** 31 - 1;

/**
 * Reads a file, turning a missing, unreadable or too large file into an input error that names it.
 * The size is checked on the opened file before it is read, so a file past the limit is refused
 * in those words rather than with Node's own error, and without reading it.
 *
 * @param path - file path, as the user gave it (errors name it so)
 * @param cwd - the directory a relative path is read from (the command's `io.cwd`)
 * @param limit - the most bytes read ({@link MAX_FILE_BYTES}; smaller in tests)
 * @returns the file's bytes
 * @throws CliError input, when the file cannot be read or is larger than the limit
 */
export async function readInputFile(path: string, cwd: string, limit: number = MAX_FILE_BYTES): Promise<Buffer> {
  let handle: FileHandle | undefined;
  let size: number;
  try {
    handle = await open(resolve(cwd, path), "r");
    size = (await handle.stat()).size;
    if (size <= limit) return await handle.readFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String(error);
    throw new CliError("input", `${path}: cannot read the file (${why})`);
  } finally {
    await handle?.close();
  }
  throw new CliError(
    "input",
    `${path}: too large to read (${size.toLocaleString("en-GB")} bytes); 3c reads a file of at most ${limit.toLocaleString("en-GB")} bytes`,
  );
}

/**
 * A document file's bytes as text (UTF-8). A file longer than the longest string V8 can make
 * (`buffer.constants.MAX_STRING_LENGTH`, about 512 MB) cannot be read as one text: it is refused as
 * bad input naming the file, where decoding it failed as an internal error.
 *
 * @param bytes - the file's bytes
 * @param path - the file's name, as the user gave it
 * @param limit - the most bytes read as text (V8's limit; smaller in tests): UTF-8 never takes
 *   fewer bytes than characters, so a file within it always decodes
 * @returns the text
 * @throws CliError input, for a file past the limit
 */
export function textOf(bytes: Uint8Array, path: string, limit: number = constants.MAX_STRING_LENGTH): string {
  if (bytes.length > limit)
    throw new CliError(
      "input",
      `${path}: ${bytes.length.toLocaleString("en-GB")} bytes, more than the ${limit.toLocaleString("en-GB")} 3c can read as one document; expected a smaller file (a ledger's lines go in a CSV given with --ledger, which is read line by line)`,
    );
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8");
}

/** Line and column (1-based) of a character offset in a text. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/**
 * Parses a JSON document, reporting a syntax error with its line and column.
 *
 * @param text - the file's text
 * @param path - the file's name, for messages
 * @returns the parsed value
 * @throws CliError input, for invalid JSON
 */
export function parseJsonDocument(text: string, path: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const where = at === null ? "" : (({ line, column }) => `:${line}:${column}`)(lineColumn(text, Number(at[1])));
    throw new CliError(
      "input",
      `${path}${where}: not valid JSON (${message.replace(/ in JSON at position \d+.*/, "")})`,
    );
  }
}

/**
 * Parses a YAML document, reporting a syntax error with its line and column.
 *
 * @param text - the file's text
 * @param path - the file's name, for messages
 * @returns the parsed value
 * @throws CliError input, for invalid YAML
 */
export async function parseYamlDocument(text: string, path: string): Promise<unknown> {
  const { parseDocument } = await import("yaml");
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => {
      const { line, column } = lineColumn(text, e.pos[0]);
      return { path: `${path}:${line}:${column}`, message: e.message.split("\n")[0] ?? e.message };
    });
    throw new CliError("input", `${path}: not valid YAML`, issues);
  }
  return doc.toJS({ maxAliasCount: 100 });
}
