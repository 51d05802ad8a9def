import { type RowIssue, StoreError } from "@3c/store";
import type { Context } from "hono";
import type { AppEnv } from "../http/AppEnv.js";
import { ApiProblem, CsvImportFailure } from "../http/problem.js";

/** A CSV body read into items, with the rows that could not be read at all. */
export interface CsvItems {
  readonly items: readonly unknown[];
  readonly rejected: readonly RowIssue[];
}

/**
 * Answers a bulk import by its content type: `text/csv` is read by `readCsv` and a store refusal is
 * told by CSV row and column; `application/json` is the validated `{ items }`; anything else 415.
 * Records and section items import alike through it.
 *
 * @param c - the request's context
 * @param readCsv - reads the CSV text into items
 * @param add - stores the items, all or nothing, and answers
 * @param columnOf - the CSV column of an issue's field, where a layout's fields are not all columns
 * @returns the answer of `add`
 * @throws ApiProblem `UNSUPPORTED_MEDIA_TYPE`; CsvImportFailure for a refused CSV import
 */
export async function importBody<Answer>(
  c: Context<AppEnv>,
  readCsv: (text: string) => CsvItems,
  add: (items: readonly unknown[], rejected?: readonly RowIssue[]) => Promise<Answer>,
  columnOf?: (field: string) => string,
): Promise<Answer> {
  const type = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "text/csv") {
    const { items, rejected } = readCsv(await c.req.text());
    try {
      return await add(items, rejected);
    } catch (error) {
      if (error instanceof StoreError && error.issues.length > 0) throw new CsvImportFailure(error, columnOf);
      throw error;
    }
  }
  if (type !== "application/json") throw new ApiProblem("UNSUPPORTED_MEDIA_TYPE", "send application/json or text/csv");
  const { items } = (c.req as unknown as { valid(target: "json"): { items: unknown[] } }).valid("json");
  return add(items);
}
