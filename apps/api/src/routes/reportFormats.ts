import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { send } from "../http/schemas.js";

/** The media type of an XLSX workbook. */
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The `format` query parameter of a report: the domain's JSON (default), CSV or an XLSX workbook. */
export const ReportFormat = z.enum(["json", "csv", "xlsx"]).default("json").openapi({
  description:
    "`json` (default): the domain's report; `csv`: one flat table, amounts as exact decimal strings; `xlsx`: the calculator's workbook, amounts as numeric cells that read back to the exact minor unit",
});

/**
 * The 200 response of a report in OpenAPI: JSON, CSV or XLSX, as the statement route declares its forms.
 *
 * @param description - what the report is
 * @returns the response object
 */
export function reportResponse(description: string) {
  return {
    description: `${description} (JSON, or with \`format\` a CSV or XLSX attachment)`,
    content: {
      "application/json": { schema: z.record(z.string(), z.unknown()) },
      "text/csv": { schema: z.string() },
      [XLSX_TYPE]: { schema: z.string().openapi({ format: "binary" }) },
    },
  };
}

/**
 * Answers a report in the format asked for: the domain's JSON, or an attachment named
 * `<file>.csv` / `<file>.xlsx` written by the shared layouts of `@3c/workbooks`.
 *
 * @param c - the request's context
 * @param format - the `format` query parameter
 * @param file - the attachment's name without extension (characters outside `A-Za-z0-9._-` become `_`)
 * @param report - the domain's report
 * @param writers - its CSV and XLSX layouts
 * @returns the response
 */
export async function sendReport<R>(
  c: Context,
  format: "json" | "csv" | "xlsx",
  file: string,
  report: R,
  writers: { readonly csv: (report: R) => string; readonly xlsx: (report: R) => Promise<Uint8Array> },
): Promise<never> {
  const name = file.replaceAll("/", "-").replaceAll(/[^A-Za-z0-9._-]/g, "_");
  if (format === "csv")
    return c.body(writers.csv(report), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}.csv"`,
    }) as never;
  if (format === "xlsx")
    return c.body((await writers.xlsx(report)) as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="${name}.xlsx"`,
    }) as never;
  return send(c, report);
}
