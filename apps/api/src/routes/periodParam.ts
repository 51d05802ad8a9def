/**
 * A period as written in a URL: `2024-25-Q1` (or `2024%2F25-Q1`) for `2024/25-Q1`.
 *
 * @param text - the path segment
 * @returns the period name with its slash
 */
export function periodFromPath(text: string): string {
  return text.replace(/^(\d{4})-(\d{2})(?=$|-)/, "$1/$2");
}
