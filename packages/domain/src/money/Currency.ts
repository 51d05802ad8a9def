import { DomainError } from "../errors/index.js";

/** An ISO 4217 currency with its minor-unit exponent. */
export interface Currency {
  /** ISO 4217 alphabetic code, e.g. `GBP`. */
  readonly code: CurrencyCode;
  /** Digits of the minor unit: 2 for GBP (pence), 0 for JPY, 3 for BHD. */
  readonly exponent: number;
  /** Symbol used when formatting for people. */
  readonly symbol: string;
  /** English name. */
  readonly name: string;
}

const TABLE = {
  GBP: { exponent: 2, symbol: "£", name: "Pound sterling" },
  USD: { exponent: 2, symbol: "$", name: "US dollar" },
  EUR: { exponent: 2, symbol: "€", name: "Euro" },
  CHF: { exponent: 2, symbol: "CHF ", name: "Swiss franc" },
  CAD: { exponent: 2, symbol: "CA$", name: "Canadian dollar" },
  AUD: { exponent: 2, symbol: "A$", name: "Australian dollar" },
  NZD: { exponent: 2, symbol: "NZ$", name: "New Zealand dollar" },
  SEK: { exponent: 2, symbol: "SEK ", name: "Swedish krona" },
  NOK: { exponent: 2, symbol: "NOK ", name: "Norwegian krone" },
  DKK: { exponent: 2, symbol: "DKK ", name: "Danish krone" },
  INR: { exponent: 2, symbol: "₹", name: "Indian rupee" },
  JPY: { exponent: 0, symbol: "¥", name: "Japanese yen" },
  BHD: { exponent: 3, symbol: "BHD ", name: "Bahraini dinar" },
  KWD: { exponent: 3, symbol: "KWD ", name: "Kuwaiti dinar" },
} as const;

/** ISO 4217 codes this library knows. */
export type CurrencyCode = keyof typeof TABLE;

/** Every currency this library knows, by code. */
export const CURRENCIES: Readonly<Record<CurrencyCode, Currency>> = Object.fromEntries(
  Object.entries(TABLE).map(([code, c]) => [code, { code, ...c }]),
) as Record<CurrencyCode, Currency>;

/**
 * Whether a string is a known ISO 4217 code.
 *
 * @param code - anything
 * @returns true for `"GBP"`, `"USD"`, `"EUR"`, …
 */
export function isCurrencyCode(code: unknown): code is CurrencyCode {
  return typeof code === "string" && Object.hasOwn(TABLE, code);
}

/**
 * Looks up a currency by ISO 4217 code.
 *
 * @param code - e.g. `"GBP"`
 * @returns the currency with its exponent and symbol
 * @throws DomainError `UNKNOWN_CURRENCY` for a code this library does not know
 */
export function currency(code: string): Currency {
  if (!isCurrencyCode(code)) {
    throw new DomainError(
      "UNKNOWN_CURRENCY",
      `Unknown currency ${JSON.stringify(code)}; expected an ISO 4217 code such as ${Object.keys(TABLE).slice(0, 3).join(", ")}`,
    );
  }
  return CURRENCIES[code];
}
