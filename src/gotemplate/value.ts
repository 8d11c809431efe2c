/**
 * The Go value model used by the template engine and every function.
 *
 * A Go value is represented by a plain JavaScript value wherever the mapping is lossless:
 *
 * | Go                                   | JavaScript                                             |
 * |--------------------------------------|--------------------------------------------------------|
 * | invalid reflect.Value ("no value")   | `undefined` (only inside the executor)                 |
 * | nil (in an `interface {}` slot)       | `null`                                                 |
 * | string                               | `string` (see gostring.ts for bytes that are not UTF-8) |
 * | bool                                 | `boolean`                                              |
 * | float64                              | `number` (always float64, even when integral)          |
 * | int, int64, uint8, … (all integers)  | {@link GoInt}: a type plus a `bigint`                   |
 * | complex128                           | {@link GoComplex}                                      |
 * | map[string]interface {}              | `Map<string, GoValue>`                                 |
 * | []interface {}                       | `GoValue[]`                                            |
 * | []byte                               | `Uint8Array`                                           |
 * | other unnamed maps/slices            | Map/Array tagged with {@link GO_TYPE} (`[]string`, …)  |
 * | named map/slice types                | {@link GoNamed} (`chartutil.Values`, `chart.Files`, …) |
 * | structs and pointers to structs      | {@link GoStruct} subclasses                            |
 *
 * Integers beyond 2^53: every Go integer is a `bigint`, so int64 values such as `--set
 * a=9007199254740993` keep their exact value through arithmetic, printing, toJson and toYaml.
 * float64 stays a JS number, which is exactly IEEE-754 binary64 like Go's float64.
 */
import { compareBytes } from './gostring.js';
import {
  assignableTo,
  type GoType,
  type Kind,
  T_BOOL,
  T_BYTES,
  T_COMPLEX128,
  T_FLOAT64,
  T_INT,
  T_INT64,
  T_MAP,
  T_SLICE,
  T_STRING,
} from './types.js';

export type GoValue = unknown;
export type GoMap = Map<string, GoValue>;

/** Symbol under which unnamed typed containers (`[]string`, `map[string]string`) record their type. */
export const GO_TYPE: unique symbol = Symbol.for('helmless.goType') as any;

/** A Go integer of any integer type. Immutable. */
export class GoInt {
  constructor(
    readonly type: GoType,
    readonly v: bigint,
  ) {}
  toString(): string {
    return this.v.toString();
  }
}

const smallInts: GoInt[] = [];
const smallInt64s: GoInt[] = [];
for (let i = -16; i <= 256; i++) {
  smallInts.push(new GoInt(T_INT, BigInt(i)));
  smallInt64s.push(new GoInt(T_INT64, BigInt(i)));
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Wraps a bigint to 64-bit two's complement, like Go's integer overflow. */
export function wrapInt64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

/** A Go `int` (64-bit on every platform helm ships for). */
export function goInt(n: number | bigint): GoInt {
  if (typeof n === 'number') {
    if (Number.isInteger(n) && n >= -16 && n <= 256) return smallInts[n + 16]!;
    return new GoInt(T_INT, BigInt(Math.trunc(n)));
  }
  if (n >= -16n && n <= 256n) return smallInts[Number(n) + 16]!;
  return new GoInt(T_INT, wrapInt64(n));
}

/** A Go `int64`. */
export function goInt64(n: number | bigint): GoInt {
  if (typeof n === 'number') {
    if (Number.isInteger(n) && n >= -16 && n <= 256) return smallInt64s[n + 16]!;
    return new GoInt(T_INT64, BigInt(Math.trunc(n)));
  }
  if (n >= -16n && n <= 256n) return smallInt64s[Number(n) + 16]!;
  return new GoInt(T_INT64, wrapInt64(n));
}

/** An integer of an explicit integer type (uint8, uint64, int32, …). */
export function goIntOf(type: GoType, n: number | bigint): GoInt {
  if (type === T_INT) return goInt(n);
  if (type === T_INT64) return goInt64(n);
  return new GoInt(type, typeof n === 'number' ? BigInt(Math.trunc(n)) : n);
}

export { INT64_MAX, INT64_MIN };

/** A Go complex128 (template literals like `1i`). */
export class GoComplex {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}
}

/**
 * A value of a named map or slice type, e.g. `chartutil.Values` or `chart.Files`. The same
 * underlying Map may also be reachable as a plain `map[string]interface {}` (a subchart's `.Values`
 * is its parent's `.Values.sub`), so the name lives on this view, not on the Map.
 */
export class GoNamed {
  constructor(
    readonly type: GoType,
    readonly value: GoMap | GoValue[] | Uint8Array,
  ) {}
}

/**
 * Base class of struct values and pointers to structs (`.Capabilities`, semver versions, time.Time,
 * certificates). Fields are own properties named exactly like the Go fields; `goType` is either the
 * struct type or a pointer type whose elem is the struct type.
 */
export abstract class GoStruct {
  abstract readonly goType: GoType;
  /** The address fmt prints for a pointer to data in helm's binary (a type descriptor), if known. */
  get staticAddress(): number | undefined {
    return undefined;
  }
}

/** The struct type behind a struct value or pointer. */
export function structType(s: GoStruct): GoType {
  const t = s.goType;
  return t.kind === 'ptr' ? t.elem! : t;
}

/**
 * Marks a copy of a struct value that is no longer addressable: Go copies a struct passed to an
 * `interface {}` parameter, so what a function returns (or a list or dict holds) is a copy whose
 * pointer-receiver methods (`KubeVersion.String`, `GitVersion`) neither printing nor calls can reach.
 */
const UNADDRESSABLE: unique symbol = Symbol.for('helmless.unaddressable') as any;

/** Whether a struct type's methods have pointer receivers, so an unaddressable value lacks them. */
function ptrMethods(v: GoValue): boolean {
  return v instanceof GoStruct && v.goType.kind === 'struct' && v.goType.stringerOnPtr === true;
}

/** The value an `interface {}` parameter receives: a struct with pointer-receiver methods is copied. */
export function interfaceCopy(v: GoValue): GoValue {
  if (!ptrMethods(v) || (v as any)[UNADDRESSABLE] === true) return v;
  const c = Object.assign(Object.create(Object.getPrototypeOf(v)), v);
  c[UNADDRESSABLE] = true;
  return c;
}

/** True for such a copy: its pointer-receiver methods are out of reach. */
export function lacksPtrMethods(v: GoValue): boolean {
  return ptrMethods(v) && (v as any)[UNADDRESSABLE] === true;
}

/** Go's token.IsExported: encoders skip unexported struct fields (helm 4's KubeVersion.normalizedVersion). */
export function isExported(name: string): boolean {
  return /^\p{Lu}/u.test(name);
}

/**
 * Reads a field of a struct value, including fields promoted from embedded structs (Go's
 * FieldByName: the shallowest match wins). Undefined when the struct has no such field.
 */
export function structField(s: GoStruct, name: string): { value: GoValue; type: GoType } | undefined {
  return fieldIn(structType(s), s, name);
}

function fieldIn(t: GoType, holder: any, name: string): { value: GoValue; type: GoType } | undefined {
  const fields = t.fields;
  if (!fields || holder === null || holder === undefined) return undefined;
  for (const f of fields) if (f.name === name) return { value: holder[name], type: f.type };
  for (const f of fields) {
    if (!f.embedded) continue;
    const inner = holder[f.name];
    const et = f.type.kind === 'ptr' ? f.type.elem! : f.type;
    const found = fieldIn(et, inner, name);
    if (found) return found;
  }
  return undefined;
}

/** Marks a Map or Array with an unnamed Go type other than the default `map[string]interface {}` / `[]interface {}`. */
export function withType<T extends object>(container: T, type: GoType): T {
  (container as any)[GO_TYPE] = type;
  return container;
}

/** A `[]string` slice. */
export function stringSlice(items: string[]): string[] {
  return withType(items, { kind: 'slice', name: '[]string', elem: T_STRING });
}

/**
 * Marks an empty Map or Array as a Go *nil* map or slice held in an interface (e.g. what Sprig's
 * `rest (list)` or `regexFindAll` without a match return): it prints `[]`/`map[]` and has kind slice/map
 * like an empty one, but encoding/json and yaml write `null` for it.
 */
export const GO_NIL: unique symbol = Symbol.for('helmless.goNil') as any;

/** A nil slice of the given type (default `[]interface {}`). */
export function nilSlice<T = GoValue>(type?: GoType): T[] {
  const a: T[] = [];
  (a as any)[GO_NIL] = true;
  return type ? withType(a, type) : a;
}

/** A nil `map[string]interface {}`. */
export function nilMap(): GoMap {
  const m: GoMap = new Map();
  (m as any)[GO_NIL] = true;
  return m;
}

/** True for a value made by {@link nilSlice} or {@link nilMap} that is still empty. */
export function isNilContainer(v: GoValue): boolean {
  return (
    (Array.isArray(v) && (v as any)[GO_NIL] === true && v.length === 0) ||
    (v instanceof Map && (v as any)[GO_NIL] === true && v.size === 0)
  );
}

/** Dynamic Go type of a value; `undefined` for nil and invalid values. */
export function typeOf(v: GoValue): GoType | undefined {
  switch (typeof v) {
    case 'string':
      return T_STRING;
    case 'number':
      return T_FLOAT64;
    case 'boolean':
      return T_BOOL;
    case 'object':
      if (v === null) return undefined;
      if (v instanceof GoInt) return v.type;
      if (v instanceof Map) return (v as any)[GO_TYPE] ?? T_MAP;
      if (Array.isArray(v)) return (v as any)[GO_TYPE] ?? T_SLICE;
      if (v instanceof GoNamed) return v.type;
      if (v instanceof GoStruct) return v.goType;
      if (v instanceof Uint8Array) return T_BYTES;
      if (v instanceof GoComplex) return T_COMPLEX128;
      return undefined;
    default:
      return undefined;
  }
}

/** reflect.Kind name of a value, `invalid` for nil (what Sprig's `kindOf` prints). */
export function kindOf(v: GoValue): Kind | 'invalid' {
  const t = typeOf(v);
  if (!t) return 'invalid';
  return t.kind;
}

/** Go type name as `%T` and Sprig's `typeOf` print it (`<nil>` for nil). */
export function typeName(v: GoValue): string {
  return typeOf(v)?.name ?? '<nil>';
}

/** The underlying Map of a map value (plain, tagged or named), else undefined. */
export function asMap(v: GoValue): GoMap | undefined {
  if (v instanceof Map) return v;
  if (v instanceof GoNamed && v.value instanceof Map) return v.value;
  return undefined;
}

/** The underlying Array of a slice value (plain, tagged or named); bytes are not included. */
export function asSlice(v: GoValue): GoValue[] | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof GoNamed && Array.isArray(v.value)) return v.value;
  return undefined;
}

/**
 * True only for a `map[string]interface {}` itself, which is what a Go type switch or assertion
 * `v.(map[string]interface{})` accepts (a `chartutil.Values` or `map[string]string` is rejected).
 */
export function isPlainMap(v: GoValue): v is GoMap {
  return v instanceof Map && (v as any)[GO_TYPE] === undefined;
}

/** True only for a `[]interface {}` itself, as a Go type switch sees it. */
export function isPlainSlice(v: GoValue): v is GoValue[] {
  return Array.isArray(v) && (v as any)[GO_TYPE] === undefined;
}

/** Whether a value of dynamic type `from` may be passed where `to` is expected. */
export function valueAssignable(v: GoValue, to: GoType): boolean {
  const t = typeOf(v);
  if (!t) return to.kind === 'interface' || to.kind === 'map' || to.kind === 'slice' || to.kind === 'ptr';
  return assignableTo(t, to);
}

/** Number of elements (maps, slices, strings in bytes), or undefined when len is not defined. */
export function goLen(v: GoValue): number | undefined {
  if (typeof v === 'string') return utf8Length(v);
  if (v instanceof Map) return v.size;
  if (Array.isArray(v)) return v.length;
  if (v instanceof Uint8Array) return v.length;
  if (v instanceof GoNamed) return goLen(v.value);
  return undefined;
}

/** Go's truthiness for `if`, `with`, `and`, `or`, `not` (text/template isTrue). */
export function isTrue(v: GoValue): boolean {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
    case 'undefined':
      return false;
    case 'object':
      if (v === null) return false;
      if (v instanceof GoInt) return v.v !== 0n;
      if (v instanceof Map) return v.size > 0;
      if (Array.isArray(v)) return v.length > 0;
      if (v instanceof GoNamed) return isTrue(v.value);
      if (v instanceof Uint8Array) return v.length > 0;
      if (v instanceof GoComplex) return v.re !== 0 || v.im !== 0;
      if (v instanceof GoStruct && v.goType.kind === 'interface') return false; // a nil error
      return true; // structs and non-nil pointers
    default:
      return true;
  }
}

/** Length of a Go string in bytes. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 2; // 4 bytes for 2 UTF-16 units
        i++;
        continue;
      }
      n += 2;
    } else if (c >= 0xdc80 && c <= 0xdcff) {
      // surrogate-escaped raw byte: 1 byte, already counted
    } else n += 2;
  }
  return n;
}

/** Converts a JS number of integral value to int64 the way Go's `int64(f)` does on amd64. */
export function float64ToInt64(f: number): bigint {
  if (Number.isNaN(f) || !Number.isFinite(f) || f >= 2 ** 63 || f < -(2 ** 63)) {
    return INT64_MIN; // amd64 CVTTSD2SQ yields 0x8000000000000000 for out-of-range inputs
  }
  return BigInt(Math.trunc(f));
}

/** Integer value of any Go integer as a JS number (lossy beyond 2^53). */
export function intNumber(v: GoInt): number {
  return Number(v.v);
}

export function isGoInt(v: GoValue): v is GoInt {
  return v instanceof GoInt;
}

/** A fresh `map[string]interface {}`. */
export function newMap(entries?: Iterable<readonly [string, GoValue]>): GoMap {
  return new Map(entries);
}

/** Keys of a map in Go's byte-wise sorted order (range, fmt, encoding/json). */
export function sortedKeys(m: GoMap): string[] {
  const keys = [...m.keys()];
  keys.sort(compareGoStrings);
  return keys;
}

/** Byte-wise comparison of two Go strings (UTF-8 byte order equals code point order). */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // UTF-16 unit order equals code point order except for surrogates (pairs and escaped bytes).
    if ((ca >= 0xd800 && ca <= 0xdfff) || (cb >= 0xd800 && cb <= 0xdfff)) return compareBytes(a, b);
    return ca < cb ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
