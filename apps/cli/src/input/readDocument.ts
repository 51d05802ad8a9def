import { readFile } from "node:fs/promises";
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
 * Reads a file, turning a missing or unreadable file into an input error that names it.
 *
 * @param path - file path, as the user gave it (errors name it so)
 * @param cwd - the directory a relative path is read from (the command's `io.cwd`)
 * @returns the file's bytes
 * @throws CliError input, when the file cannot be read
 */
export async function readInputFile(path: string, cwd: string): Promise<Buffer> {
  try {
    return await readFile(resolve(cwd, path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String(error);
    throw new CliError("input", `${path}: cannot read the file (${why})`);
  }
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
