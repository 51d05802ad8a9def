import { DomainError } from "../errors/index.js";
import { divideRounded, type RoundingMode } from "./RoundingMode.js";

/** A fraction as plain data: numerator and denominator as decimal integer strings, reduced. */
export interface FractionData {
  readonly numerator: string;
  readonly denominator: string;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/**
 * An exact rational number over bigint, always reduced with a positive denominator. Used where a
 * decimal would round: quotas, blended shares and the reciprocal solve.
 *
 * @example Fraction.of(1n, 3n).add(Fraction.of(2n, 3n)).equals(Fraction.ONE) // true
 */
export class Fraction {
  static readonly ZERO = new Fraction(0n, 1n);
  static readonly ONE = new Fraction(1n, 1n);

  /** Numerator (carries the sign). */
  readonly num: bigint;
  /** Denominator, always positive. */
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  /**
   * Builds a reduced fraction.
   *
   * @param num - numerator
   * @param den - denominator, non-zero
   * @returns num/den reduced
   * @throws DomainError `DIVISION_BY_ZERO` when `den` is zero
   */
  static of(num: bigint, den = 1n): Fraction {
    if (den === 0n) throw new DomainError("DIVISION_BY_ZERO", "A fraction cannot have a zero denominator");
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcd(num, den);
    return g > 1n ? new Fraction(num / g, den / g) : new Fraction(num, den);
  }

  /**
   * Reads a fraction back from its plain-data form.
   *
   * @param data - numerator and denominator strings
   * @returns the fraction
   */
  static fromData(data: FractionData): Fraction {
    return Fraction.of(BigInt(data.numerator), BigInt(data.denominator));
  }

  add(other: Fraction): Fraction {
    return Fraction.of(this.num * other.den + other.num * this.den, this.den * other.den);
  }

  sub(other: Fraction): Fraction {
    return Fraction.of(this.num * other.den - other.num * this.den, this.den * other.den);
  }

  mul(other: Fraction): Fraction {
    return Fraction.of(this.num * other.num, this.den * other.den);
  }

  div(other: Fraction): Fraction {
    if (other.num === 0n) throw new DomainError("DIVISION_BY_ZERO", "Cannot divide by a zero fraction");
    return Fraction.of(this.num * other.den, this.den * other.num);
  }

  neg(): Fraction {
    return new Fraction(-this.num, this.den);
  }

  /** @returns negative, zero or positive as this is less than, equal to or greater than `other` */
  compare(other: Fraction): number {
    const d = this.num * other.den - other.num * this.den;
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  }

  equals(other: Fraction): boolean {
    return this.num === other.num && this.den === other.den;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  /**
   * Rounds to an integer by a named mode.
   *
   * @param mode - rounding mode
   * @returns the rounded integer
   */
  round(mode: RoundingMode): bigint {
    return divideRounded(this.num, this.den, mode);
  }

  /**
   * Prints the value as a decimal with a fixed number of places.
   *
   * @param places - digits after the point
   * @param mode - how to round the last digit
   * @returns e.g. `"45.7600"`
   */
  toDecimalString(places: number, mode: RoundingMode): string {
    const scaled = divideRounded(this.num * 10n ** BigInt(places), this.den, mode);
    const negative = scaled < 0n;
    const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, "0");
    const whole = digits.slice(0, digits.length - places);
    const frac = digits.slice(digits.length - places);
    return `${negative ? "-" : ""}${whole}${places > 0 ? `.${frac}` : ""}`;
  }

  /** @returns `"n/d"`, or `"n"` for integers */
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }

  /** @returns the plain-data form */
  toData(): FractionData {
    return { numerator: this.num.toString(), denominator: this.den.toString() };
  }
}
