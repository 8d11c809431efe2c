/**
 * text/template's built-in functions that work on reflect.Values: comparisons, `index`, `len`,
 * `not`, and the escapers. (`and`/`or`/`call` are special-cased by the executor; `print*` are plain
 * functions defined at the bottom.)
 *
 * Arguments arrive raw: `undefined` is an invalid reflect.Value, `null` a nil inside an interface.
 */

import { capacityOf, reslice } from './capacity.js';
import { formatValue, sprint, sprintf, sprintln } from './fmt.js';
import { type FuncDef, FuncError, fn } from './funcs.js';
import { bytesToString, stringToBytes } from './gostring.js';
import { isPrint } from './strconv.js';
import { type GoType, isSignedIntKind, isUintKind, T_INTERFACE, T_STRING, T_UINT8 } from './types.js';
import { asMap, asSlice, GoComplex, GoInt, GoNamed, type GoValue, goIntOf, goLen, typeOf } from './value.js';

/** The parameter type of Go builtins that take reflect.Value: no conversion at all. */
export const T_REFLECT_VALUE: GoType = { kind: 'struct', name: 'reflect.Value' };

type BasicKind = 'invalid' | 'bool' | 'complex' | 'int' | 'float' | 'string' | 'uint';

function basicKind(v: GoValue): BasicKind {
  if (v === undefined || v === null) return 'invalid';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
  }
  if (v instanceof GoInt) return isUintKind(v.type.kind) ? 'uint' : 'int';
  if (v instanceof GoComplex) return 'complex';
  return 'invalid';
}

/** Go's reflect type name for error texts. */
function typeNameOf(v: GoValue): string {
  return typeOf(v)?.name ?? '<nil>';
}

/** Go's == on two struct values of a type without an equality hook: field by field. */
function sameFields(t: GoType, a: any, b: any): boolean {
  return (t.fields ?? []).every((f) => {
    const x = a[f.name];
    const y = b[f.name];
    return x === y || (x instanceof GoInt && y instanceof GoInt && x.v === y.v);
  });
}

/** The type name after Go's indirect(): `len` and `index` report a pointer's element type. */
function indirectTypeName(v: GoValue): string {
  const t = typeOf(v);
  if (t?.kind === 'ptr' && t.elem) return t.elem.name;
  return t?.name ?? '<nil>';
}

export interface CompareOptions {
  /** Go ≥1.24 (helm 4) appends the operand types to "incompatible types for comparison". */
  typesInMessage: boolean;
}

function badComparison(a: GoValue, b: GoValue, o: CompareOptions): FuncError {
  if (o.typesInMessage)
    return new FuncError(`incompatible types for comparison: ${typeNameOf(a)} and ${typeNameOf(b)}`);
  return new FuncError('incompatible types for comparison');
}

/** isNil from text/template's funcs.go: invalid, or a nil interface/map/slice/pointer. */
function isNilValue(v: GoValue): boolean {
  return v === undefined || v === null;
}

/** indirectInterface: a nil interface becomes invalid. */
function indirectInterface(v: GoValue): GoValue {
  return v === null ? undefined : v;
}

function comparable(v: GoValue): boolean {
  if (v instanceof Map || Array.isArray(v) || v instanceof Uint8Array) return false;
  if (v instanceof GoNamed) return false;
  return true;
}

/** eq: arg1 == arg2 || arg1 == arg3 … */
export function eq(o: CompareOptions, arg1: GoValue, rest: GoValue[]): boolean {
  arg1 = indirectInterface(arg1);
  if (rest.length === 0) throw new FuncError('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (let arg of rest) {
    arg = indirectInterface(arg);
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') truth = (arg1 as GoInt).v >= 0n && (arg1 as GoInt).v === (arg as GoInt).v;
      else if (k1 === 'uint' && k2 === 'int') truth = (arg as GoInt).v >= 0n && (arg1 as GoInt).v === (arg as GoInt).v;
      else if (arg1 !== undefined && arg !== undefined) throw badComparison(arg1, arg, o);
    } else {
      switch (k1) {
        case 'bool':
        case 'float':
        case 'string':
          truth = arg1 === arg;
          break;
        case 'int':
        case 'uint':
          truth = (arg1 as GoInt).v === (arg as GoInt).v;
          break;
        case 'complex':
          truth = (arg1 as GoComplex).re === (arg as GoComplex).re && (arg1 as GoComplex).im === (arg as GoComplex).im;
          break;
        default: {
          // Both are non-basic (maps, slices, structs) or invalid.
          const ka = arg1 === undefined ? 'invalid' : (typeOf(arg1)?.kind ?? 'invalid');
          const kb = arg === undefined ? 'invalid' : (typeOf(arg)?.kind ?? 'invalid');
          if (ka !== kb && ka !== 'invalid' && kb !== 'invalid') {
            throw new FuncError(
              `non-comparable types ${sprintf('%s', [arg1])}: ${typeNameOf(arg1)}, ${typeNameOf(arg)}: ${formatValue(arg)}`,
            );
          }
          if (isNilValue(arg1) || isNilValue(arg)) truth = isNilValue(arg) === isNilValue(arg1);
          else {
            if (!comparable(arg))
              throw new FuncError(`non-comparable type ${sprintf('%s', [arg])}: ${typeNameOf(arg)}`);
            // Go's == on interfaces: identical types and equal values (struct values such as
            // time.Time compare field by field through their type's hook).
            const t1 = typeOf(arg1);
            truth =
              arg1 === arg ||
              (t1 !== undefined &&
                t1 === typeOf(arg) &&
                (t1.equal ? t1.equal(arg1, arg) : t1.kind === 'struct' && sameFields(t1, arg1, arg)));
          }
        }
      }
    }
    if (truth) return true;
  }
  return false;
}

export function lt(o: CompareOptions, arg1: GoValue, arg2: GoValue): boolean {
  arg1 = indirectInterface(arg1);
  const k1 = basicKind(arg1);
  if (k1 === 'invalid') throw new FuncError('invalid type for comparison');
  arg2 = indirectInterface(arg2);
  const k2 = basicKind(arg2);
  if (k2 === 'invalid') throw new FuncError('invalid type for comparison');
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return (arg1 as GoInt).v < 0n || (arg1 as GoInt).v < (arg2 as GoInt).v;
    if (k1 === 'uint' && k2 === 'int') return (arg2 as GoInt).v >= 0n && (arg1 as GoInt).v < (arg2 as GoInt).v;
    throw badComparison(arg1, arg2, o);
  }
  switch (k1) {
    case 'bool':
    case 'complex':
      throw new FuncError('invalid type for comparison');
    case 'float':
      return (arg1 as number) < (arg2 as number);
    case 'string':
      return compareStrings(arg1 as string, arg2 as string) < 0;
    default:
      return (arg1 as GoInt).v < (arg2 as GoInt).v;
  }
}

function compareStrings(a: string, b: string): number {
  // Go compares strings byte-wise; for valid UTF-8 this equals code point order.
  const ba = stringToBytes(a);
  const bb = stringToBytes(b);
  const n = Math.min(ba.length, bb.length);
  for (let i = 0; i < n; i++) if (ba[i] !== bb[i]) return ba[i]! - bb[i]!;
  return ba.length - bb.length;
}

export function le(o: CompareOptions, a: GoValue, b: GoValue): boolean {
  if (lt(o, a, b)) return true;
  return eq(o, a, [b]);
}

export function gt(o: CompareOptions, a: GoValue, b: GoValue): boolean {
  return !le(o, a, b);
}

export function ge(o: CompareOptions, a: GoValue, b: GoValue): boolean {
  return !lt(o, a, b);
}

export function ne(o: CompareOptions, a: GoValue, b: GoValue): boolean {
  return !eq(o, a, [b]);
}

/** len: returns an int or fails like Go. */
export function length(item: GoValue): number {
  if (item === null) throw new FuncError('len of nil pointer');
  if (item === undefined) throw new FuncError('reflect: call of reflect.Value.Type on zero Value');
  const n = goLen(item);
  if (n === undefined) throw new FuncError(`len of type ${indirectTypeName(item)}`);
  return n;
}

/** Result of `index`: the element and whether its static type is `interface {}`. */
export interface IndexResult {
  value: GoValue;
  boxed: boolean;
}

function indexArg(index: GoValue, cap: number): number {
  let x: bigint;
  if (index instanceof GoInt) x = isSignedIntKind(index.type.kind) ? index.v : index.v;
  else if (index === undefined) throw new FuncError('cannot index slice/array with nil');
  else throw new FuncError(`cannot index slice/array with type ${typeNameOf(index)}`);
  if (x < 0n || x > BigInt(cap)) throw new FuncError(`index out of range: ${x}`);
  return Number(x);
}

/** index item k1 k2 …: maps by key, slices and strings by position. */
export function index(item: GoValue, indexes: GoValue[]): IndexResult {
  item = indirectInterface(item);
  if (item === undefined) throw new FuncError('index of untyped nil');
  let boxed = false;
  for (let idx of indexes) {
    idx = indirectInterface(idx);
    if (item === null || item === undefined) throw new FuncError('index of nil pointer');
    const type = typeOf(item)!;
    if (typeof item === 'string') {
      const bytes = stringToBytes(item);
      const x = indexArg(idx, bytes.length);
      if (x === bytes.length) throw new FuncError('reflect: string index out of range');
      item = goIntOf(T_UINT8, bytes[x]!);
      boxed = false;
      continue;
    }
    if (item instanceof Uint8Array) {
      const x = indexArg(idx, item.length);
      if (x === item.length) throw new FuncError('reflect: slice index out of range');
      item = goIntOf(T_UINT8, item[x]!);
      boxed = false;
      continue;
    }
    const slice = asSlice(item);
    if (slice) {
      const x = indexArg(idx, slice.length);
      if (x === slice.length) throw new FuncError('reflect: slice index out of range');
      const elemType = (type.kind === 'slice' ? type.elem : type.underlying?.elem) ?? T_INTERFACE;
      item = slice[x];
      boxed = elemType.kind === 'interface';
      continue;
    }
    const map = asMap(item);
    if (map) {
      const keyType = (type.key ?? type.underlying?.key)!;
      let key: string;
      if (idx === undefined) throw new FuncError(`value is nil; should be of type ${keyType.name}`);
      if (typeof idx === 'string') key = idx;
      else throw new FuncError(`value has type ${typeNameOf(idx)}; should be ${keyType.name}`);
      const elemType = type.elem ?? type.underlying?.elem ?? T_INTERFACE;
      if (map.has(key)) item = map.get(key);
      else item = zeroValue(elemType);
      boxed = elemType.kind === 'interface';
      continue;
    }
    throw new FuncError(`can't index item of type ${indirectTypeName(item)}`);
  }
  return { value: item, boxed };
}

/** The zero value of a type as the model represents it (nil for reference types). */
export function zeroValue(t: GoType): GoValue {
  switch (t.kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'float64':
    case 'float32':
      return 0;
    case 'interface':
    case 'map':
    case 'slice':
    case 'ptr':
      return null;
    default:
      if (t.kind === 'int' || t.kind === 'int64' || isUintKind(t.kind) || isSignedIntKind(t.kind)) return goIntOf(t, 0);
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Escapers

/** html/template-free HTMLEscapeString. */
export function htmlEscapeString(s: string): string {
  if (!/["'&<>\0]/.test(s)) return s;
  return s.replace(/["'&<>\0]/g, (c) => {
    switch (c) {
      case '"':
        return '&#34;';
      case "'":
        return '&#39;';
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      default:
        return '\ufffd';
    }
  });
}

/** JSEscapeString. */
export function jsEscapeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      switch (ch) {
        case '\\':
          out += '\\\\';
          continue;
        case "'":
          out += "\\'";
          continue;
        case '"':
          out += '\\"';
          continue;
        case '<':
          out += '\\u003C';
          continue;
        case '>':
          out += '\\u003E';
          continue;
        case '&':
          out += '\\u0026';
          continue;
        case '=':
          out += '\\u003D';
          continue;
      }
      if (cp < 0x20) out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
      else out += ch;
      continue;
    }
    if (cp >= 0xdc80 && cp <= 0xdcff) {
      // An invalid UTF-8 byte: Go decodes it as RuneError, which is printable, so the byte itself
      // is copied to the output.
      out += ch;
      continue;
    }
    if (isPrint(cp)) out += ch;
    else out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of stringToBytes(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * evalArgs of text/template's escapers: one string as is, otherwise fmt.Sprint of the arguments
 * after printableValue, which turns a nil argument into the text `<no value>`.
 */
function escaperArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)));
}

/** Plain (non-reflect) builtins, declared like any other function. */
export const plainBuiltins: Record<string, FuncDef> = {
  print: fn([], T_STRING, (...args: GoValue[]) => sprint(args), { variadic: T_INTERFACE }),
  printf: fn([T_STRING], T_STRING, (format: string, ...args: GoValue[]) => sprintf(format, args), {
    variadic: T_INTERFACE,
  }),
  println: fn([], T_STRING, (...args: GoValue[]) => sprintln(args), { variadic: T_INTERFACE }),
  html: fn([], T_STRING, (...args: GoValue[]) => htmlEscapeString(escaperArgs(args)), { variadic: T_INTERFACE }),
  js: fn([], T_STRING, (...args: GoValue[]) => jsEscapeString(escaperArgs(args)), { variadic: T_INTERFACE }),
  urlquery: fn([], T_STRING, (...args: GoValue[]) => queryEscape(escaperArgs(args)), { variadic: T_INTERFACE }),
};

/** Go's builtin `slice` (Helm replaces it with Sprig's; kept for the bare engine). */
export function slice(item: GoValue, indexes: GoValue[]): GoValue {
  item = indirectInterface(item);
  if (item === undefined) throw new FuncError('slice of untyped nil');
  if (indexes.length > 3) throw new FuncError(`too many slice indexes: ${indexes.length}`);
  let len: number;
  let cap: number;
  let str: Uint8Array | undefined;
  const arr = asSlice(item);
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new FuncError('cannot 3-index slice a string');
    str = stringToBytes(item);
    len = cap = str.length;
  } else if (arr) {
    len = arr.length;
    cap = capacityOf(arr);
  } else if (item instanceof Uint8Array) len = cap = item.length;
  else throw new FuncError(`can't slice item of type ${typeNameOf(item)}`);
  // Indexes may reach the capacity; the third one (Go's `x[i:j:k]`) sets the result's.
  const idx = [0, len, cap];
  indexes.forEach((x, i) => {
    idx[i] = indexArg(indirectInterface(x), cap);
  });
  if (idx[0]! > idx[1]!) throw new FuncError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!) throw new FuncError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (str) return bytesToString(str.subarray(idx[0], idx[1]));
  if (item instanceof Uint8Array) return item.slice(idx[0], idx[1]);
  const t = typeOf(item)!;
  const elem = (t.kind === 'slice' ? t.elem : t.underlying?.elem) ?? T_INTERFACE;
  const out = reslice(arr!, idx[0]!, idx[1]!, idx[2]!, zeroValue(elem));
  return t.name === '[]interface {}'
    ? out
    : Object.assign(out, { [Symbol.for('helmless.goType')]: t.kind === 'slice' ? t : t.underlying });
}
