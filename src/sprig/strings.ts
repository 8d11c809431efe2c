/**
 * Sprig v3.3.0 string functions (helm 3.17 / 4.1). Go strings are bytes: functions that Go
 * implements on bytes (substr, trunc, replace, split, contains, wrap…) are byte-exact here, those
 * that decode runes treat each invalid byte as utf8.RuneError like Go does.
 */

import { formatValue } from '../gotemplate/fmt.js';
import { type FuncDef, FuncError, fn } from '../gotemplate/funcs.js';
import { byteSlice, goTrimSpace } from '../gotemplate/gostring.js';
import { quote as goQuote } from '../gotemplate/strconv.js';
import { T_BOOL, T_INT, T_INTERFACE, T_MAP_STRING_STRING, T_SLICE_STRING, T_STRING } from '../gotemplate/types.js';
import { asSlice, GoNamed, type GoValue, stringSlice, utf8Length, withType } from '../gotemplate/value.js';
import { camelCase, camelCaseToLowerCase, goLower, goTitle, goUpper, swapCase, untitle } from './casing.js';
import { strval } from './conv.js';
import { allValid, canon, fromBin, goRunes, runeAt, runeBefore, toBin } from './gostr.js';
import { abbrev, abbrevboth, deleteWhiteSpace, initials, wrapCustom } from './goutils.js';
import { checkStringSize } from './limits.js';

/** An `int` parameter as a JS number (the engine passes numbers; a bigint is accepted too). */
function num(n: number | bigint): number {
  return typeof n === 'bigint' ? Number(n) : n;
}

/** A Go `int` argument as a bigint; ±2^63 (the nearest doubles of the int64 limits) clamp to them. */
function intArg(n: number): bigint {
  if (n >= 2 ** 63) return (1n << 63n) - 1n;
  if (n <= -(2 ** 63)) return -(1n << 63n);
  return BigInt(n);
}

/** Go's runtime error for a failed string slice expression (`runtime error: slice bounds out of range …`). */
function sliceBoundsError(kind: 'alen' | 'b', x: number, y: number): FuncError {
  const xs = intArg(x).toString();
  const ys = intArg(y).toString();
  let msg: string;
  if (kind === 'alen') msg = x < 0 ? `[:${xs}]` : `[:${xs}] with length ${ys}`;
  else msg = x < 0 ? `[${xs}:]` : `[${xs}:${ys}]`;
  return new FuncError(`runtime error: slice bounds out of range ${msg}`);
}

/** Go's `s[start:end]` with its bounds checks (end is checked against len first). */
function sliceExpr(s: string, len: number, start: number | undefined, end: number | undefined): string {
  const e = end ?? len;
  if (end !== undefined && (e < 0 || e > len)) throw sliceBoundsError('alen', e, len);
  const st = start ?? 0;
  if (st < 0 || st > e) throw sliceBoundsError('b', st, e);
  return byteSlice(s, st, e);
}

/** Sprig's substring(start, end, s). */
function substr(start: number, end: number, s: string): string {
  const len = utf8Length(s);
  if (start < 0) return sliceExpr(s, len, undefined, end);
  if (end < 0 || end > len) return sliceExpr(s, len, start, undefined);
  return sliceExpr(s, len, start, end);
}

/** Sprig's trunc: negative counts keep the tail. */
function trunc(c: number, s: string): string {
  const len = utf8Length(s);
  if (c < 0 && len + c > 0) return byteSlice(s, len + c);
  if (c >= 0 && len > c) return byteSlice(s, 0, c);
  return s;
}

/** strings.Repeat with its panics, bounded by the allocation limit. */
function repeat(s: string, count: number, fnName: string): string {
  if (count === 0) return '';
  if (count === 1) return s;
  if (count < 0) throw new FuncError('strings: negative Repeat count');
  const bytes = BigInt(utf8Length(s)) * intArg(count);
  if (bytes > (1n << 63n) - 1n) throw new FuncError('strings: Repeat output length overflow');
  checkStringSize(Number(bytes), fnName);
  return s.repeat(count);
}

function indent(spaces: number, v: string, fnName: string): string {
  const lines = v.split('\n').length;
  if (spaces > 0) checkStringSize(utf8Length(v) + spaces * lines, fnName);
  const pad = repeat(' ', spaces, fnName);
  return pad + v.replaceAll('\n', `\n${pad}`);
}

/** Go strings.Trim(s, cutset): right end first, then the left, rune by rune. */
function trim(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const cut = goRunes(cutset);
  const set = new Set(cut.map((r) => r.cp));
  // An all-ASCII cutset trims bytes; otherwise runes, where RuneError in the cutset (an invalid byte
  // or U+FFFD) also matches every invalid byte of s, as ContainsRune does.
  const ascii = cut.every((r) => r.cp < 0x80);
  s = canon(s);
  const inSet = (cp: number, n: number): boolean => (ascii ? n === 1 && cp < 0x80 && set.has(cp) : set.has(cp));
  let a = 0;
  let b = s.length;
  while (b > a) {
    const [cp, n] = runeBefore(s, b);
    if (!inSet(cp, n)) break;
    b -= n;
  }
  while (a < b) {
    const [cp, n] = runeAt(s, a);
    if (!inSet(cp, n)) break;
    a += n;
  }
  return s.slice(a, b);
}

function trimPrefix(s: string, prefix: string): string {
  if (allValid(s, prefix)) return s.startsWith(prefix) ? s.slice(prefix.length) : s;
  const bs = toBin(s);
  const bp = toBin(prefix);
  return bs.startsWith(bp) ? fromBin(bs.slice(bp.length)) : s;
}

function trimSuffix(s: string, suffix: string): string {
  if (allValid(s, suffix)) return s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s;
  const bs = toBin(s);
  const bx = toBin(suffix);
  return bs.endsWith(bx) ? fromBin(bs.slice(0, bs.length - bx.length)) : s;
}

/** Byte-exact substring tests. */
function byteTest(s: string, sub: string, test: (a: string, b: string) => boolean): boolean {
  return allValid(s, sub) ? test(s, sub) : test(toBin(s), toBin(sub));
}

/** strings.Split / SplitN (n < 0: all). */
function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    // explode: one element per rune (each invalid byte on its own), the last takes the rest.
    const runes = goRunes(s);
    const l = runes.length;
    if (n < 0 || n > l) n = l;
    const out: string[] = [];
    for (let i = 0; i < n - 1; i++) out.push(runes[i]!.text);
    if (n > 0)
      out.push(
        runes
          .slice(n - 1)
          .map((r) => r.text)
          .join(''),
      );
    return out;
  }
  const valid = allValid(s, sep);
  const hay = valid ? s : toBin(s);
  const needle = valid ? sep : toBin(sep);
  const out: string[] = [];
  let start = 0;
  while (n < 0 || out.length < n - 1) {
    const m = hay.indexOf(needle, start);
    if (m < 0) break;
    out.push(hay.slice(start, m));
    start = m + needle.length;
  }
  out.push(hay.slice(start));
  return valid ? out : out.map(fromBin);
}

function indexMap(parts: string[]): Map<string, GoValue> {
  const m = new Map<string, GoValue>();
  parts.forEach((p, i) => {
    m.set(`_${i}`, p);
  });
  return withType(m, T_MAP_STRING_STRING);
}

/** strings.Replace(s, old, new, -1). */
function replaceAll(s: string, old: string, neu: string): string {
  if (old === neu) return s;
  if (old === '') {
    // An empty `old` matches before every rune and at the end.
    const runes = goRunes(s);
    checkStringSize(utf8Length(s) + (runes.length + 1) * utf8Length(neu), 'replace');
    return neu + runes.map((r) => r.text + neu).join('');
  }
  const valid = allValid(s, old, neu);
  const parts = valid ? s.split(old) : toBin(s).split(toBin(old));
  if (parts.length === 1) return s;
  checkStringSize(utf8Length(s) + (parts.length - 1) * (utf8Length(neu) - utf8Length(old)), 'replace');
  return valid ? parts.join(neu) : fromBin(parts.join(toBin(neu)));
}

/**
 * Sprig's strslice (`toStrings`, and `join`'s view of its argument): the non-nil elements of any
 * slice as strings, nothing for nil, otherwise the value itself as one string.
 */
export function strslice(v: GoValue): string[] {
  const items = asSlice(v);
  if (items) {
    const out: string[] = [];
    for (const item of items) if (!isNil(item)) out.push(strval(item));
    return out;
  }
  const bytes = v instanceof GoNamed ? v.value : v;
  if (bytes instanceof Uint8Array) return Array.from(bytes, (b) => String(b));
  if (isNil(v)) return [];
  return [strval(v)];
}

/** strings.Join with the allocation bound checked first. */
function join(parts: string[], sep: string, fnName: string): string {
  let size = 0;
  for (const p of parts) size += utf8Length(p);
  if (parts.length > 1) size += (parts.length - 1) * utf8Length(sep);
  checkStringSize(size, fnName);
  return parts.join(sep);
}

function isNil(v: GoValue): boolean {
  return v === null || v === undefined;
}

export const stringFunctions: Record<string, FuncDef> = {
  hello: fn([], T_STRING, () => 'Hello!'),
  trim: fn([T_STRING], T_STRING, (s: string) => goTrimSpace(canon(s))),
  trimAll: fn([T_STRING, T_STRING], T_STRING, (a: string, b: string) => trim(b, a)),
  trimall: fn([T_STRING, T_STRING], T_STRING, (a: string, b: string) => trim(b, a)),
  trimPrefix: fn([T_STRING, T_STRING], T_STRING, (a: string, b: string) => trimPrefix(b, a)),
  trimSuffix: fn([T_STRING, T_STRING], T_STRING, (a: string, b: string) => trimSuffix(b, a)),
  upper: fn([T_STRING], T_STRING, (s: string) => goUpper(s)),
  lower: fn([T_STRING], T_STRING, (s: string) => goLower(s)),
  title: fn([T_STRING], T_STRING, (s: string) => goTitle(s)),
  untitle: fn([T_STRING], T_STRING, (s: string) => untitle(s)),
  swapcase: fn([T_STRING], T_STRING, (s: string) => swapCase(s)),
  camelcase: fn([T_STRING], T_STRING, (s: string) => camelCase(s)),
  snakecase: fn([T_STRING], T_STRING, (s: string) => camelCaseToLowerCase(s, '_')),
  kebabcase: fn([T_STRING], T_STRING, (s: string) => camelCaseToLowerCase(s, '-')),
  substr: fn([T_INT, T_INT, T_STRING], T_STRING, (start: number | bigint, end: number | bigint, s: string) =>
    substr(num(start), num(end), s),
  ),
  trunc: fn([T_INT, T_STRING], T_STRING, (c: number | bigint, s: string) => trunc(num(c), s)),
  abbrev: fn([T_INT, T_STRING], T_STRING, (w: number | bigint, s: string) => abbrev(num(w), s)),
  abbrevboth: fn([T_INT, T_INT, T_STRING], T_STRING, (l: number | bigint, r: number | bigint, s: string) =>
    abbrevboth(num(l), num(r), s),
  ),
  wrap: fn([T_INT, T_STRING], T_STRING, (l: number | bigint, s: string) => wrapCustom(s, num(l), '', false)),
  wrapWith: fn([T_INT, T_STRING, T_STRING], T_STRING, (l: number | bigint, sep: string, s: string) =>
    wrapCustom(s, num(l), sep, true),
  ),
  indent: fn([T_INT, T_STRING], T_STRING, (n: number | bigint, v: string) => indent(num(n), v, 'indent')),
  nindent: fn([T_INT, T_STRING], T_STRING, (n: number | bigint, v: string) => `\n${indent(num(n), v, 'nindent')}`),
  quote: fn(
    [],
    T_STRING,
    (...args: GoValue[]) =>
      join(
        args.filter((a) => !isNil(a)).map((a) => goQuote(strval(a))),
        ' ',
        'quote',
      ),
    { variadic: T_INTERFACE },
  ),
  squote: fn(
    [],
    T_STRING,
    (...args: GoValue[]) =>
      join(
        args.filter((a) => !isNil(a)).map((a) => `'${formatValue(a)}'`),
        ' ',
        'squote',
      ),
    { variadic: T_INTERFACE },
  ),
  cat: fn(
    [],
    T_STRING,
    (...args: GoValue[]) =>
      join(
        args.filter((a) => !isNil(a)).map((a) => formatValue(a)),
        ' ',
        'cat',
      ),
    { variadic: T_INTERFACE },
  ),
  replace: fn([T_STRING, T_STRING, T_STRING], T_STRING, (old: string, neu: string, src: string) =>
    replaceAll(src, old, neu),
  ),
  split: fn([T_STRING, T_STRING], T_MAP_STRING_STRING, (sep: string, orig: string) => indexMap(splitN(orig, sep, -1))),
  splitList: fn([T_STRING, T_STRING], T_SLICE_STRING, (sep: string, orig: string) =>
    stringSlice(splitN(orig, sep, -1)),
  ),
  splitn: fn([T_STRING, T_INT, T_STRING], T_MAP_STRING_STRING, (sep: string, n: number | bigint, orig: string) =>
    indexMap(splitN(orig, sep, num(n))),
  ),
  join: fn([T_STRING, T_INTERFACE], T_STRING, (sep: string, v: GoValue) => join(strslice(v), sep, 'join')),
  plural: fn([T_STRING, T_STRING, T_INT], T_STRING, (one: string, many: string, count: number | bigint) =>
    num(count) === 1 ? one : many,
  ),
  initials: fn([T_STRING], T_STRING, (s: string) => initials(s)),
  nospace: fn([T_STRING], T_STRING, (s: string) => deleteWhiteSpace(s)),
  repeat: fn([T_INT, T_STRING], T_STRING, (count: number | bigint, s: string) => repeat(s, num(count), 'repeat')),
  contains: fn([T_STRING, T_STRING], T_BOOL, (sub: string, s: string) => byteTest(s, sub, (a, b) => a.includes(b))),
  hasPrefix: fn([T_STRING, T_STRING], T_BOOL, (sub: string, s: string) => byteTest(s, sub, (a, b) => a.startsWith(b))),
  hasSuffix: fn([T_STRING, T_STRING], T_BOOL, (sub: string, s: string) => byteTest(s, sub, (a, b) => a.endsWith(b))),
  toString: fn([T_INTERFACE], T_STRING, (v: GoValue) => strval(v)),
  toStrings: fn([T_INTERFACE], T_SLICE_STRING, (v: GoValue) => stringSlice([...strslice(v)])),
};
