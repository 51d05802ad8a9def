import { parseScenario, type Scenario, type ValidationIssue } from "@3c/domain";
import { CliError } from "../CliError.js";
import type { LedgerOptions } from "../ledger/LedgerOptions.js";
import type { ProgressSink } from "../ledger/ProgressBar.js";
import { documentFormat, parseJsonDocument, parseYamlDocument, readInputFile, textOf } from "./readDocument.js";

/** Where the scenario comes from, as the command line said. */
export interface ScenarioSource {
  /** A scenario file (JSON, YAML or XLSX), or undefined with `demo`. */
  readonly file?: string;
  readonly demo: boolean;
  /** Cost lines from a ledger export, replacing the scenario's own. */
  readonly ledger?: LedgerOptions;
  /** The directory relative paths are read from (the command's `io.cwd`). */
  readonly cwd: string;
}

/** A scenario read and validated, with the name to show for it. */
export interface LoadedScenario {
  readonly scenario: Scenario;
  /** The file name, or `demo`. */
  readonly label: string;
  /** The document as read (before validation), for what-if edits and exports. */
  readonly document: unknown;
}

/** A document read from a file, and how to name the location of a path inside it. */
export interface ReadDocument {
  readonly document: unknown;
  /** Turns a document path (`costLines[3].amount`) into where it is in the file. */
  readonly locate: (path: string) => string;
}

/**
 * Reads a scenario document from a JSON, YAML or XLSX file.
 *
 * @param file - the path, as the user gave it
 * @param cwd - the directory a relative path is read from
 * @returns the plain document and a locator for its paths
 * @throws CliError usage for an unknown extension; input for an unreadable or malformed file
 */
export async function readScenarioDocument(file: string, cwd: string): Promise<ReadDocument> {
  const format = documentFormat(file);
  const bytes = await readInputFile(file, cwd);
  switch (format) {
    case "json":
      return { document: parseJsonDocument(textOf(bytes, file), file), locate: (p) => `${file}: ${p}` };
    case "yaml":
      return { document: await parseYamlDocument(textOf(bytes, file), file), locate: (p) => `${file}: ${p}` };
    case "xlsx": {
      const { readWorkbook } = await import("../workbook/readWorkbook.js");
      return readWorkbook(bytes, file);
    }
  }
}

/**
 * Validates a scenario document with the domain's rules, naming every problem's location.
 *
 * @param read - the document and its locator
 * @param label - the file name, for the summary line
 * @returns the typed scenario
 * @throws CliError input, listing every problem
 */
export function validateDocument(read: ReadDocument, label: string): Scenario {
  const result = parseScenario(read.document);
  if (result.ok) return result.value;
  throw scenarioProblems(read, label, result.issues);
}

/**
 * Reads the scenario document a command names — a file, or the demo — without validating it.
 *
 * @param source - file or demo
 * @returns the document with its locator, and the name to show for it
 * @throws CliError usage when neither or both of a file and --demo are given; input for unreadable files
 */
export async function readSource(source: ScenarioSource): Promise<{ read: ReadDocument; label: string }> {
  if (source.demo && source.file !== undefined) throw new CliError("usage", "give a scenario FILE or --demo, not both");
  if (!source.demo && source.file === undefined)
    throw new CliError("usage", "give a scenario FILE (JSON, YAML or XLSX) or --demo");
  if (source.demo) {
    const { demoScenarioDocument } = await import("@3c/domain/demo");
    return { read: { document: demoScenarioDocument, locate: (p) => `demo: ${p}` }, label: "demo" };
  }
  const label = source.file as string;
  return { read: await readScenarioDocument(label, source.cwd), label };
}

/**
 * Names every problem of a scenario document where it is in the file, as one input error.
 *
 * @param read - the document's locator
 * @param label - the file name, for the summary line
 * @param found - the problems, with their paths in the document
 * @returns the error to throw
 */
export function scenarioProblems(read: ReadDocument, label: string, found: readonly ValidationIssue[]): CliError {
  const issues = found.map((i) => ({ path: read.locate(i.path || "(document)"), message: i.message }));
  return new CliError(
    "input",
    `${label}: the scenario has ${issues.length} problem${issues.length === 1 ? "" : "s"}`,
    issues,
  );
}

/**
 * Reads, validates and (with a ledger) completes the scenario a command runs on.
 *
 * @param source - file or demo, and the ledger
 * @param progress - where to draw the ledger's progress bar, if anywhere
 * @returns the scenario, its label and its document
 * @throws CliError usage when neither or both of a file and --demo are given; input for invalid files
 */
export async function loadScenario(source: ScenarioSource, progress?: ProgressSink): Promise<LoadedScenario> {
  const { read, label } = await readSource(source);
  if (source.ledger === undefined) return { scenario: validateDocument(read, label), label, document: read.document };
  // The ledger replaces the scenario's cost lines: validate the rest, then read the lines against it.
  const rest = { ...(read.document as Record<string, unknown>), costLines: [] };
  const base = validateDocument({ ...read, document: rest }, label);
  const { readLedger } = await import("../ledger/readLedger.js");
  const ledger = await readLedger(source.ledger, base, source.cwd, progress);
  return { scenario: { ...base, costLines: ledger.lines }, label, document: rest };
}
