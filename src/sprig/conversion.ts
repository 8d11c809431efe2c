/**
 * Sprig v3.3.0 conversion functions: atoi, int, int64, float64, toDecimal. They never fail: every
 * unconvertible input becomes 0, following strconv and spf13/cast v1.7.0 exactly.
 */
import { sprint } from '../gotemplate/fmt.js';
import type { FuncDef } from '../gotemplate/funcs.js';
import { fn } from '../gotemplate/funcs.js';
import { parseGoInt } from '../gotemplate/strconv.js';
import { T_FLOAT64, T_INT, T_INT64, T_INTERFACE, T_STRING } from '../gotemplate/types.js';
import { type GoValue, INT64_MAX, INT64_MIN } from '../gotemplate/value.js';
import { castToFloat64, castToInt64 } from './conv.js';

const UINT64_MAX = (1n << 64n) - 1n;

/**
 * strconv.Atoi's value, errors ignored as Sprig does: a syntax error gives 0, an out-of-range
 * number the clamped int64 (ParseUint stops at the first overflow, before any later bad digit).
 */
export function atoiValue(s: string): bigint {
  let i = 0;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    i = 1;
  }
  if (i >= s.length) return 0n;
  let n = 0n;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return 0n;
    n = n * 10n + BigInt(c - 48);
    if (n > UINT64_MAX) return neg ? INT64_MIN : INT64_MAX;
  }
  if (!neg && n > INT64_MAX) return INT64_MAX;
  if (neg && n > -INT64_MIN) return INT64_MIN;
  return neg ? -n : n;
}

/** Sprig's toInt64 (cast.ToInt64 with the error dropped). */
export function toInt64(v: GoValue): bigint {
  return castToInt64(v) ?? 0n;
}

/** Sprig's toFloat64 (cast.ToFloat64 with the error dropped). */
export function toFloat64(v: GoValue): number {
  return castToFloat64(v) ?? 0;
}

/** Sprig's toDecimal: fmt.Sprint(v) read as an octal int64, 0 on any error. */
function toDecimal(v: GoValue): bigint {
  try {
    return parseGoInt(sprint([v]), 8, 64);
  } catch {
    return 0n;
  }
}

export const conversionFunctions: Record<string, FuncDef> = {
  atoi: fn([T_STRING], T_INT, (s: string) => atoiValue(s)),
  int: fn([T_INTERFACE], T_INT, (v: GoValue) => toInt64(v)),
  int64: fn([T_INTERFACE], T_INT64, (v: GoValue) => toInt64(v)),
  float64: fn([T_INTERFACE], T_FLOAT64, (v: GoValue) => toFloat64(v)),
  toDecimal: fn([T_INTERFACE], T_INT64, (v: GoValue) => toDecimal(v)),
};
