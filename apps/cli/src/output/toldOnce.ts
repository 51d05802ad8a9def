import type { ValidationIssue } from "@3c/domain";

/** An error as `3c` tells it: one heading line, then the located problems the heading does not already say. */
export interface ToldOnce {
  /** The error's own line: its whole message when that is the story, or the first line of a list's heading. */
  readonly heading: string;
  /** The problems to list under the heading, each once (none when the heading says the one there is). */
  readonly issues: readonly ValidationIssue[];
}

/**
 * The names an issue's message gives — ids, periods, amounts, quoted values: the words that carry
 * its facts (`HDC`, `2024/25`, `by-users`, `SVC/pool`), as against the words that phrase them.
 */
function namesIn(message: string): string[] {
  const quoted = [...message.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? "");
  const words = message
    .split(/[\s,;()"]+/)
    .map((w) => w.replace(/[.:]+$/, ""))
    .filter((w) => /[A-Z0-9_/@:.-]/.test(w));
  return [...quoted, ...words].filter((w) => w !== "");
}

/**
 * Tells an error's message and its issues so that each fact is said once:
 * - one issue whose message is the error's own (a `DomainError` made without a list): the message;
 * - a message of several lines is a heading with its issues listed under it (`The scenario has 2
 *   problems:` then `  path: message` each, as the domain and the API's problem details write
 *   them): its first line, then every issue;
 * - a one-line message with one issue that it already says — it holds the issue's message, or every
 *   name the issue gives (a run's one missing driver quantity: `rule r (SVC/pool) needs driver
 *   "users" for HDC in 2024/25, …` says all of `drivers.users: no quantity for HDC in 2024/25, needed
 *   by rule r (SVC/pool)`): the message alone, one line;
 * - otherwise the message, then every issue (a heading such as `the settings are not valid`, whose
 *   issues say why).
 *
 * @param message - the error's message (a domain error's, or a problem's detail)
 * @param issues - its located problems
 * @returns the heading and the issues to list under it
 * @example toldOnce("The run needs …:\n  drivers.a: …\n  drivers.b: …", issues) // { heading: "The run needs …:", issues }
 */
export function toldOnce(message: string, issues: readonly ValidationIssue[]): ToldOnce {
  const [only, ...others] = issues;
  if (only !== undefined && others.length === 0 && only.message === message) return { heading: message, issues: [] };
  const [first = "", ...rest] = message.split("\n");
  if (rest.length > 0 && issues.length > 0) return { heading: first, issues };
  if (only !== undefined && others.length === 0) {
    const names = namesIn(only.message);
    if (message.includes(only.message) || (names.length > 0 && names.every((n) => message.includes(n))))
      return { heading: message, issues: [] };
  }
  return { heading: message, issues };
}
