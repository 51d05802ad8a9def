import { type LoadedScenario, readScenarioDocument, validateDocument } from "./loadScenario.js";

/**
 * Reads the budget a year's run takes its advances, true-up and variance from: a budget scenario
 * document (budget lines as its cost lines, estimated drivers as its drivers; JSON, YAML or XLSX),
 * or `demo` for the demo partnership's budget of 2024/25.
 *
 * @param spec - the value of `--budget`: a file, or `demo`
 * @param cwd - the directory a relative file is read from (the command's `io.cwd`)
 * @returns the budget, validated, with its document (sent as is with `--api`)
 * @throws CliError input for an unreadable or invalid file, every problem listed
 * @example await loadBudget("demo") // the demo's budget of 2024/25
 */
export async function loadBudget(spec: string, cwd: string): Promise<LoadedScenario> {
  if (spec === "demo") {
    const { demoBudgetDocument } = await import("@3c/domain/demo");
    const label = "demo budget";
    const read = { document: demoBudgetDocument, locate: (p: string) => `demo budget: ${p}` };
    return { scenario: validateDocument(read, label), label, document: demoBudgetDocument };
  }
  const read = await readScenarioDocument(spec, cwd);
  return { scenario: validateDocument(read, spec), label: spec, document: read.document };
}
