/**
 * The part of shopspring/decimal v1.4.0 that Sprig's float functions (addf, subf, mulf, divf,
 * add1f) use: NewFromFloat (the shortest decimal that round-trips), exact Add/Sub/Mul, Div rounded
 * half away from zero to 16 decimal places, and Float64 (the nearest double).
 */

import { formatValue } from '../gotemplate/fmt.js';
import { FuncError } from '../gotemplate/funcs.js';

/** value × 10^exp. */
export interface Decimal {
  readonly value: bigint;
  readonly exp: number;
}

/** decimal.DivisionPrecision. */
const DIVISION_PRECISION = 16;

/** decimal.NewFromFloat: panics on NaN and ±Inf like the Go library. */
export function decimalFromFloat(f: number): Decimal {
  if (Number.isNaN(f) || !Number.isFinite(f)) {
    throw new FuncError(`Cannot create a Decimal from ${formatValue(f)}`);
  }
  if (f === 0) return { value: 0n, exp: 0 };
  // toExponential() without digits prints the shortest round-trip digits, like Go's shortest.
  const text = f.toExponential();
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text)!;
  const frac = m[3] ?? '';
  const digits = `${m[1]}${m[2]}${frac}`;
  return { value: BigInt(digits), exp: Number(m[4]) - frac.length };
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Rescales to the smaller exponent so two decimals can be added exactly. */
function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  if (a.exp === b.exp) return [a.value, b.value, a.exp];
  if (a.exp < b.exp) return [a.value, b.value * pow10(b.exp - a.exp), a.exp];
  return [a.value * pow10(a.exp - b.exp), b.value, b.exp];
}

export function decimalAdd(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { value: x + y, exp };
}

export function decimalSub(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { value: x - y, exp };
}

export function decimalMul(a: Decimal, b: Decimal): Decimal {
  return { value: a.value * b.value, exp: a.exp + b.exp };
}

/** Decimal.Div: DivRound(b, 16), rounding a remainder of at least half away from zero. */
export function decimalDiv(a: Decimal, b: Decimal): Decimal {
  if (b.value === 0n) throw new FuncError('decimal division by 0');
  const precision = DIVISION_PRECISION;
  const e = a.exp - b.exp + precision;
  let aa: bigint;
  let bb: bigint;
  if (e < 0) {
    aa = a.value;
    bb = b.value * pow10(-e);
  } else {
    aa = a.value * pow10(e);
    bb = b.value;
  }
  let q = aa / bb; // truncated, like big.Int.QuoRem
  const r = aa - q * bb;
  const abs = (x: bigint): bigint => (x < 0n ? -x : x);
  if (2n * abs(r) >= abs(bb)) {
    const negative = a.value < 0n !== b.value < 0n && a.value !== 0n;
    q += negative ? -1n : 1n;
  }
  return { value: q, exp: -precision };
}

/** Decimal.Float64: the double nearest to the exact decimal value (zero is +0). */
export function decimalToFloat(d: Decimal): number {
  if (d.value === 0n) return 0;
  return Number(`${d.value}e${d.exp}`);
}
