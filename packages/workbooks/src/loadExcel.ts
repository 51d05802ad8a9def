/** The exceljs module's namespace (its types describe named exports). */
export type ExcelJs = typeof import("exceljs");

/**
 * Loads exceljs on demand (it is large: only the commands that read or write workbooks pay for it).
 * exceljs is CommonJS: under Node's ESM loader its exports arrive as `default`.
 *
 * @returns the exceljs namespace
 */
export async function loadExcel(): Promise<ExcelJs> {
  const mod = (await import("exceljs")) as unknown as { default?: ExcelJs } & ExcelJs;
  return mod.default ?? mod;
}

/**
 * The Excel number format for amounts in a currency: symbol, thousands, two places, minus for credits.
 *
 * @param symbol - e.g. `£`
 * @param places - the currency's minor-unit exponent
 * @returns the format code
 */
export function moneyFormat(symbol: string, places: number): string {
  const digits = places > 0 ? `.${"0".repeat(places)}` : "";
  return `"${symbol}"#,##0${digits};-"${symbol}"#,##0${digits}`;
}
