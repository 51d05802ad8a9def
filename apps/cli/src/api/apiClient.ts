import type { ValidationIssue } from "@3c/domain";
import { type FlagValues, stringFlag } from "../args.js";
import { CliError } from "../CliError.js";
import { toldOnce } from "../output/toldOnce.js";

/** Flags that send a command to the 3c API instead of running it locally. */
export const API_OPTIONS = {
  api: { type: "string" },
  key: { type: "string" },
} as const;

/** Where the API is and the key to call it with. */
export interface ApiTarget {
  /** The API's base URL, e.g. `http://127.0.0.1:3000` (without `/v1`). */
  readonly url: string;
  readonly key: string;
}

/**
 * The API named by `--api URL --key KEY`, if any.
 *
 * @param values - parsed flags
 * @returns the target, or undefined to run locally
 * @throws CliError usage when one flag comes without the other, or the URL is not http(s)
 */
export function apiTarget(values: FlagValues): ApiTarget | undefined {
  const url = stringFlag(values, "api");
  const key = stringFlag(values, "key");
  if (url === undefined && key === undefined) return undefined;
  if (url === undefined) throw new CliError("usage", "--key goes with --api URL");
  if (key === undefined) throw new CliError("usage", "--api needs --key KEY (an API key of the partnership)");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError("usage", `--api: ${JSON.stringify(url)} is not a URL; expected e.g. http://127.0.0.1:3000`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new CliError("usage", `--api: expected an http or https URL, not ${JSON.stringify(url)}`);
  return { url: url.replace(/\/+$/, ""), key };
}

/** An RFC 9457 problem document as the API sends it. */
interface Problem {
  readonly title?: unknown;
  readonly status?: unknown;
  readonly detail?: unknown;
  readonly code?: unknown;
  readonly errors?: unknown;
}

function problemIssues(errors: unknown): ValidationIssue[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e) => {
    if (typeof e !== "object" || e === null) return [];
    const o = e as Record<string, unknown>;
    const where = [o.path, o.row === undefined ? undefined : `row ${String(o.row)}`, o.column]
      .filter((x) => x !== undefined && x !== "")
      .map(String)
      .join(", ");
    return [{ path: where || "(request)", message: typeof o.message === "string" ? o.message : JSON.stringify(o) }];
  });
}

/**
 * The error for an API's refusal: its status, title, detail and code on one line, then its issues —
 * each fact once, as a local error is told ({@link toldOnce}): a detail that lists its issues is
 * cut to its heading, and one that already says its one issue is told alone.
 *
 * @param status - the HTTP status
 * @param statusText - the status's text, the title when the answer has none
 * @param body - the parsed answer, a problem document or anything else
 * @returns a `CliError("network")`, exit 3
 */
export function problemError(status: number, statusText: string, body: unknown): CliError {
  const p = (typeof body === "object" && body !== null ? body : {}) as Problem;
  const title = typeof p.title === "string" ? p.title : statusText;
  const code = typeof p.code === "string" ? ` [${p.code}]` : "";
  const listed = problemIssues(p.errors);
  if (typeof p.detail !== "string")
    return new CliError("network", `the API answered ${status} ${title}${code}`, listed);
  const { heading, issues } = toldOnce(p.detail, listed);
  return new CliError("network", `the API answered ${status} ${title}: ${heading}${code}`, issues);
}

/**
 * Sends a JSON request to the API and returns its JSON answer. Every failure — the network, a
 * problem+json answer, an answer that is not JSON — is a `CliError("network")`, exit 3, with the
 * problem's title, detail, code and issues (the caller's error report strips control sequences).
 *
 * @param target - the API and key
 * @param method - GET or POST
 * @param path - the path after the base URL, e.g. `/v1/calculate`
 * @param body - the JSON body, for POST
 * @returns the parsed JSON answer
 * @throws CliError network
 */
export async function callApi(
  target: ApiTarget,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${target.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${target.key}`,
        Accept: "application/json, application/problem+json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(
      "network",
      `cannot reach the API at ${target.url} (${cause?.code ?? cause?.message ?? (error as Error).message})`,
    );
  }
  const text = await res.text().catch(() => "");
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) throw problemError(res.status, res.statusText, json);
  if (json === undefined) throw new CliError("network", `the API's answer to ${method} ${path} is not JSON`);
  return json;
}

/** The flag naming the partnership whose stored data the API reports on. */
export const PARTNERSHIP_OPTION = { partnership: { type: "string" } } as const;

/**
 * A report of a partnership's stored data from the API (`/v1/partnerships/ID/reports/…`), with the
 * partnership's name for the title.
 *
 * @param target - the API and key
 * @param values - parsed flags (`--partnership ID`)
 * @param path - the report's path after the partnership, with its query
 * @param hasFile - whether a scenario FILE or --demo was also given
 * @returns the report's JSON and the partnership's name
 * @throws CliError usage without --partnership or with a FILE; network for API failures
 */
export async function fetchReport(
  target: ApiTarget,
  values: FlagValues,
  path: string,
  hasFile: boolean,
): Promise<{ readonly report: unknown; readonly name: string }> {
  const id = stringFlag(values, "partnership");
  if (id === undefined)
    throw new CliError("usage", "--api reports on a partnership's stored data: give --partnership ID");
  if (hasFile)
    throw new CliError("usage", "--api reports on the API's stored data: give --partnership ID, not a FILE or --demo");
  const base = `/v1/partnerships/${encodeURIComponent(id)}`;
  const [partnership, report] = await Promise.all([
    callApi(target, "GET", base),
    callApi(target, "GET", `${base}${path}`),
  ]);
  const name = (partnership as { name?: unknown }).name;
  return { report, name: typeof name === "string" ? name : id };
}
