/**
 * Conversions shared by many Sprig functions: spf13/cast's ToInt64/ToInt/ToFloat64 (as Sprig v3.3
 * uses them), Sprig's `strval`, its notion of "empty", and reflect.DeepEqual.
 */
import { formatValue } from '../gotemplate/fmt.js';
import { bytesToString } from '../gotemplate/gostring.js';
import { parseGoFloat, parseGoInt } from '../gotemplate/strconv.js';
import { isFloatKind, isIntKind } from '../gotemplate/types.js';
import {
  float64ToInt64,
  GoComplex,
  GoInt,
  GoNamed,
  GoStruct,
  type GoValue,
  isTrue,
  typeOf,
} from '../gotemplate/value.js';

/** cast's trimZeroDecimal: "1.000" → "1" (only when every digit after the point is 0). */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') foundZero = true;
    else return s;
  }
  return s;
}

/**
 * cast.ToInt64E: the int64 value of v, or undefined when cast would return an error (callers that
 * ignore the error, like Sprig's `int64`, then use 0).
 */
export function castToInt64(v: GoValue): bigint | undefined {
  if (v === null || v === undefined) return 0n;
  if (v instanceof GoInt) return BigInt.asIntN(64, v.v);
  switch (typeof v) {
    case 'number':
      return float64ToInt64(v);
    case 'boolean':
      return v ? 1n : 0n;
    case 'string':
      try {
        return parseGoInt(trimZeroDecimal(v), 0, 0);
      } catch {
        return undefined;
      }
  }
  return undefined;
}

/** cast.ToFloat64E: the float64 value of v, or undefined where cast returns an error. */
export function castToFloat64(v: GoValue): number | undefined {
  if (v === null || v === undefined) return 0;
  if (v instanceof GoInt) return Number(v.v);
  switch (typeof v) {
    case 'number':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      try {
        return parseGoFloat(v);
      } catch {
        return undefined;
      }
  }
  return undefined;
}

/** Sprig's strval: strings as is, []byte decoded, Stringers via String(), everything else `%v`. */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return bytesToString(v);
  if (v === undefined) return formatValue(null);
  return formatValue(v);
}

/** Sprig's `empty`: nil, zero numbers, false, and empty strings, slices and maps. */
export function isEmpty(v: GoValue): boolean {
  return !isTrue(v);
}

/** reflect.DeepEqual over GoValues: identical dynamic types and deeply equal contents. */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b;
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (!ta || !tb || ta.name !== tb.name) return false;
  if (typeof a !== 'object') return a === b; // string, bool, float64 (NaN !== NaN like Go)
  if (a instanceof GoInt) return a.v === (b as GoInt).v;
  if (a instanceof GoComplex) return a.re === (b as GoComplex).re && a.im === (b as GoComplex).im;
  if (a instanceof GoNamed) return deepEqual((a as GoNamed).value, (b as GoNamed).value);
  if (a instanceof Uint8Array) {
    const bb = b as Uint8Array;
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== bb[i]) return false;
    return true;
  }
  if (Array.isArray(a)) {
    const bb = b as GoValue[];
    if (a === bb) return true;
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  if (a instanceof Map) {
    const bb = b as Map<string, GoValue>;
    if (a === bb) return true;
    if (a.size !== bb.size) return false;
    for (const [k, v] of a) {
      if (!bb.has(k)) return false;
      if (!deepEqual(v, bb.get(k))) return false;
    }
    return true;
  }
  if (a instanceof GoStruct) {
    if (a === b) return true;
    if (ta.deepEqual) return ta.deepEqual(a, b); // types with unmodelled fields (time.Time)
    const t = ta.kind === 'ptr' ? ta.elem! : ta;
    for (const f of t.fields ?? []) if (!deepEqual((a as any)[f.name], (b as any)[f.name])) return false;
    return true;
  }
  return a === b;
}

/** True for Go integer and float values (what Sprig's math functions accept without parsing). */
export function isNumber(v: GoValue): boolean {
  if (typeof v === 'number') return true;
  if (v instanceof GoInt) return true;
  const t = typeOf(v);
  return t !== undefined && (isIntKind(t.kind) || isFloatKind(t.kind));
}
