/**
 * Go's strconv, as far as templates observe it: FormatFloat (shortest and fixed precision, Go's
 * exponent rules), Quote/QuoteRune with Go's escaping and printability, ParseInt/ParseUint/ParseFloat
 * with Go's syntax (base prefixes, underscores) and error texts.
 */
import { bytesToString as bytesToStringLocal, decodeRune, stringToBytes } from './gostring.js';
import { isGraphic as goIsGraphic, isPrint as goIsPrint } from './unicode.js';

// ---------------------------------------------------------------------------------------------
// Decimal digits of a float64

/** Decimal digits `d` (no leading/trailing zeros) with the decimal point at `dp`: value = 0.d × 10^dp. */
interface Digits {
  d: string;
  dp: number;
}

/** Shortest digits that round-trip (what Go's FormatFloat(f, _, -1, 64) uses); f must be finite, ≥ 0. */
function shortestDigits(f: number): Digits {
  if (f === 0) return { d: '', dp: 0 };
  const s = f.toExponential(); // JS picks the shortest round-trip digits, like Go's Ryu
  const e = s.indexOf('e');
  const mant = s.slice(0, e).replace('.', '');
  const exp = Number(s.slice(e + 1));
  return { d: trimZeros(mant), dp: exp + 1 };
}

function trimZeros(d: string): string {
  let n = d.length;
  while (n > 0 && d.charCodeAt(n - 1) === 48) n--;
  return d.slice(0, n);
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** Exact decimal expansion of a finite non-negative float64. */
function exactDigits(f: number): Digits {
  if (f === 0) return { d: '', dp: 0 };
  f64[0] = f;
  const bits = u64[0]!;
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (biasedExp === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biasedExp - 1075;
  }
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    // mant / 2^-exp = mant * 5^-exp / 10^-exp
    digits = (mant * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  // strip leading zeros (none expected) and trailing zeros
  return { d: trimZeros(digits), dp };
}

/** Rounds exact digits to `nd` digits, half to even on exact ties (Go's decimal.Round). */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0 || nd >= x.d.length) return x;
  const next = x.d.charCodeAt(nd);
  let up: boolean;
  if (next === 53 /* '5' */ && nd + 1 === x.d.length) {
    up = nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  } else up = next >= 53;
  if (!up) return { d: trimZeros(x.d.slice(0, nd)), dp: x.dp };
  // round up: increment digits[0..nd)
  const arr = x.d.slice(0, nd).split('');
  let i = nd - 1;
  while (i >= 0 && arr[i] === '9') i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  arr[i] = String.fromCharCode(arr[i]!.charCodeAt(0) + 1);
  return { d: trimZeros(arr.slice(0, i + 1).join('')), dp: x.dp };
}

// ---------------------------------------------------------------------------------------------
// FormatFloat

export type FloatFormat = 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'b' | 'x' | 'X';

/** strconv.FormatFloat(f, fmt, prec, 64). */
export function formatFloat(f: number, fmt: FloatFormat, prec: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  const a = Math.abs(f);
  if (fmt === 'b') return (neg ? '-' : '') + formatBinary(a);
  if (fmt === 'x' || fmt === 'X') return (neg ? '-' : '') + formatHex(a, fmt, prec);
  if (fmt === 'F') fmt = 'f';
  const shortest = prec < 0;
  let digs: Digits;
  if (shortest) {
    digs = shortestDigits(a);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(digs.d.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(digs.d.length - digs.dp, 0);
    else prec = digs.d.length;
  } else {
    const exact = exactDigits(a);
    if (fmt === 'f') digs = roundDigits(exact, exact.dp + prec);
    else {
      let n = prec;
      if (fmt === 'e' || fmt === 'E') n++;
      else if (prec === 0) prec = n = 1;
      digs = roundDigits(exact, n);
    }
  }
  const sign = neg ? '-' : '';
  switch (fmt) {
    case 'e':
    case 'E':
      return sign + fmtE(digs, prec, fmt);
    case 'f':
      return sign + fmtF(digs, prec);
    default: {
      let eprec = prec;
      if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
      if (shortest) eprec = 6;
      const exp = digs.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > digs.d.length) prec = digs.d.length;
        return sign + fmtE(digs, prec - 1, fmt === 'g' ? 'e' : 'E');
      }
      if (prec > digs.dp) prec = digs.d.length;
      return sign + fmtF(digs, Math.max(prec - digs.dp, 0));
    }
  }
}

function fmtE(digs: Digits, prec: number, e: 'e' | 'E'): string {
  const d = digs.d;
  let out = d.length === 0 ? '0' : d[0]!;
  if (prec > 0) {
    out += '.';
    let frac = d.slice(1, Math.min(d.length, prec + 1));
    while (frac.length < prec) frac += '0';
    out += frac;
  }
  let exp = d.length === 0 ? 0 : digs.dp - 1;
  out += e;
  if (exp < 0) {
    out += '-';
    exp = -exp;
  } else out += '+';
  return out + (exp < 10 ? `0${exp}` : String(exp));
}

function fmtF(digs: Digits, prec: number): string {
  const d = digs.d;
  let out: string;
  if (digs.dp > 0) {
    out = d.slice(0, Math.min(d.length, digs.dp));
    while (out.length < digs.dp) out += '0';
  } else out = '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = digs.dp + i - 1;
      out += j >= 0 && j < d.length ? d[j] : '0';
    }
  }
  return out;
}

function floatBits(a: number): { mant: bigint; exp: number } {
  f64[0] = a;
  const bits = u64[0]!;
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (biasedExp === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biasedExp - 1075;
  }
  return { mant, exp };
}

function formatBinary(a: number): string {
  const { mant, exp } = floatBits(a);
  if (a === 0) return '0p-1074';
  return `${mant}p${exp >= 0 ? '+' : ''}${exp}`;
}

/** %x of a float: -0x1.8p+01 style (Go's fmtX). */
function formatHex(a: number, fmt: 'x' | 'X', prec: number): string {
  let { mant, exp } = floatBits(a);
  if (a === 0) {
    mant = 0n;
    exp = 0;
  } else {
    // Normalise so the leading 1 is bit 60 (Go shifts mantissa to have 1 in bit 60).
    const shift = 60 - (mant.toString(2).length - 1);
    mant <<= BigInt(shift);
    exp = exp - shift + 60;
  }
  // Round to prec hex digits after the point.
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(60 - prec * 4);
    const extra = mant & ((1n << shift) - 1n);
    mant >>= shift;
    const half = 1n << (shift - 1n);
    if (extra > half || (extra === half && (mant & 1n) === 1n)) mant++;
    mant <<= shift;
    if (mant >> 61n !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hexDigits = fmt === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  let out = `0${fmt}${(mant >> 60n) & 1n}`;
  mant <<= 4n; // drop leading bit
  mant &= (1n << 64n) - 1n;
  let digits = '';
  const n = prec < 0 ? 15 : prec;
  for (let i = 0; i < n; i++) {
    digits += hexDigits[Number((mant >> 60n) & 15n)];
    mant = (mant << 4n) & ((1n << 64n) - 1n);
  }
  if (prec < 0) digits = digits.replace(/0+$/, '');
  if (digits.length > 0) out += `.${digits}`;
  out += fmt === 'X' ? 'P' : 'p';
  if (exp < 0) {
    out += '-';
    exp = -exp;
  } else out += '+';
  return out + (exp < 10 ? `0${exp}` : String(exp));
}

// ---------------------------------------------------------------------------------------------
// Quoting

/** unicode.IsPrint (Go's Unicode 15.0 tables): letters, marks, numbers, punctuation, symbols, ASCII space. */
export function isPrint(cp: number): boolean {
  return goIsPrint(cp);
}

/** unicode.IsGraphic: IsPrint plus the other space characters (Zs). */
export function isGraphic(cp: number): boolean {
  return goIsGraphic(cp);
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function appendEscapedRune(cp: number, quote: number, asciiOnly: boolean, graphicOnly: boolean): string {
  if (cp === quote || cp === 0x5c) return `\\${String.fromCodePoint(cp)}`;
  if (asciiOnly) {
    if (cp < 0x80 && isPrint(cp)) return String.fromCodePoint(cp);
  } else if (isPrint(cp) || (graphicOnly && isGraphic(cp))) return String.fromCodePoint(cp);
  switch (cp) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return `\\x${hex2(cp)}`;
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

function quoteWith(s: string, quote: number, asciiOnly: boolean, graphicOnly: boolean): string {
  const q = String.fromCharCode(quote);
  // Fast path: printable ASCII without quote or backslash.
  let simple = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === quote || c === 0x5c) {
      simple = false;
      break;
    }
  }
  if (simple) return q + s + q;
  const b = stringToBytes(s);
  let out = q;
  for (let i = 0; i < b.length; ) {
    const [cp, size] = decodeRune(b, i);
    if (cp < 0) out += `\\x${hex2(b[i]!)}`;
    else out += appendEscapedRune(cp, quote, asciiOnly, graphicOnly);
    i += size;
  }
  return out + q;
}

/** strconv.Quote. */
export function quote(s: string): string {
  return quoteWith(s, 0x22, false, false);
}

/** strconv.QuoteToASCII. */
export function quoteToASCII(s: string): string {
  return quoteWith(s, 0x22, true, false);
}

/** strconv.QuoteToGraphic. */
export function quoteToGraphic(s: string): string {
  return quoteWith(s, 0x22, false, true);
}

/** strconv.QuoteRune / QuoteRuneToASCII. */
export function quoteRune(cp: number, asciiOnly = false): string {
  if (cp > 0x10ffff || cp < 0 || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
  return `'${appendEscapedRune(cp, 0x27, asciiOnly, false)}'`;
}

/** strconv.CanBackquote. */
export function canBackquote(s: string): boolean {
  const b = stringToBytes(s);
  for (let i = 0; i < b.length; ) {
    const [cp, size] = decodeRune(b, i);
    i += size;
    if (size > 1) {
      if (cp === 0xfeff) return false;
      continue;
    }
    if (cp < 0) return false;
    if ((cp < 0x20 && cp !== 9) || cp === 0x60 || cp === 0x7f) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** strconv.NumError: prints like Go (`strconv.ParseInt: parsing "x": invalid syntax`). */
export class NumError extends Error {
  constructor(
    readonly func: string,
    readonly num: string,
    readonly reason: 'invalid syntax' | 'value out of range' | string,
  ) {
    super(`strconv.${func}: parsing ${quote(num)}: ${reason}`);
    this.name = 'NumError';
  }
}

function lower(c: string): string {
  return c.toLowerCase();
}

/** underscoreOK from Go's strconv: underscores only between digits or after a base prefix. */
export function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(lower(s[1]!))) {
    i = 2;
    saw = '0';
    hex = lower(s[1]!) === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 97 + 10;
  if (c >= 65 && c <= 90) return c - 65 + 10;
  return 99;
}

/**
 * strconv.ParseUint without exceptions: the value, or the failure reason (`invalid syntax`, `value out
 * of range`, `invalid base N`). Hot in the template parser, where failures are routine.
 */
export function tryParseUint(s: string, base: number, bitSize: number): bigint | string {
  if (s === '') return 'invalid syntax';
  const s0 = s;
  const base0 = base === 0;
  if (base === 0) {
    base = 10;
    if (s[0] === '0') {
      if (s.length >= 3 && lower(s[1]!) === 'b') {
        base = 2;
        s = s.slice(2);
      } else if (s.length >= 3 && lower(s[1]!) === 'o') {
        base = 8;
        s = s.slice(2);
      } else if (s.length >= 3 && lower(s[1]!) === 'x') {
        base = 16;
        s = s.slice(2);
      } else {
        base = 8;
        s = s.slice(1);
      }
    }
  } else if (base < 2 || base > 36) {
    return `invalid base ${base}`;
  }
  if (bitSize === 0) bitSize = 64;
  const max = (1n << BigInt(bitSize)) - 1n;
  // Fast path: short decimal numbers fit in a double exactly.
  if (base === 10 && s.length <= 15 && /^[0-9]+$/.test(s)) {
    const v = BigInt(s);
    return v > max ? 'value out of range' : v;
  }
  const bigBase = BigInt(base);
  let n = 0n;
  let underscores = false;
  let overflow = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 95 /* _ */ && base0) {
      underscores = true;
      continue;
    }
    const d = digitValue(c);
    if (d >= base) return 'invalid syntax';
    if (!overflow) {
      n = n * bigBase + BigInt(d);
      if (n > max) overflow = true;
    }
  }
  if (underscores && !underscoreOK(s0)) return 'invalid syntax';
  if (overflow) return 'value out of range';
  return n;
}

/** strconv.ParseUint(s, base, bitSize); throws NumError. */
export function parseGoUint(s: string, base: number, bitSize: number, funcName = 'ParseUint'): bigint {
  const r = tryParseUint(s, base, bitSize);
  if (typeof r === 'string') throw new NumError(funcName, s, r);
  return r;
}

/** strconv.ParseInt without exceptions: the value or the failure reason. */
export function tryParseInt(s: string, base: number, bitSize: number): bigint | string {
  if (s === '') return 'invalid syntax';
  let neg = false;
  let body = s;
  if (body[0] === '+') body = body.slice(1);
  else if (body[0] === '-') {
    neg = true;
    body = body.slice(1);
  }
  const un = tryParseUint(body, base, bitSize);
  if (typeof un === 'string') return un;
  if (bitSize === 0) bitSize = 64;
  const cutoff = 1n << BigInt(bitSize - 1);
  if (!neg && un >= cutoff) return 'value out of range';
  if (neg && un > cutoff) return 'value out of range';
  return neg ? -un : un;
}

/** strconv.ParseInt(s, base, bitSize); throws NumError. */
export function parseGoInt(s: string, base: number, bitSize: number): bigint {
  const r = tryParseInt(s, base, bitSize);
  if (typeof r === 'string') throw new NumError('ParseInt', s, r);
  return r;
}

/** strconv.Atoi. */
export function atoi(s: string): bigint {
  try {
    return parseGoInt(s, 10, 0);
  } catch (e) {
    if (e instanceof NumError) throw new NumError('Atoi', s, e.reason);
    throw e;
  }
}

const decimalFloat = /^[+-]?(?:(?:\d(?:_?\d)*)?\.?(?:\d(?:_?\d)*)?)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const hexFloat = /^[+-]?0[xX](?:_?[0-9a-fA-F])*\.?(?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?[pP][+-]?\d(?:_?\d)*$/;

/** strconv.ParseFloat(s, 64) without exceptions: undefined on a syntax or range error. */
export function tryParseFloat(s: string): number | undefined {
  try {
    return parseGoFloat(s);
  } catch (e) {
    if (e instanceof NumError) return undefined;
    throw e;
  }
}

/** strconv.ParseFloat(s, 64); throws NumError. Out-of-range values return ±Inf with an error. */
export function parseGoFloat(s: string): number {
  const lowerS = s.toLowerCase();
  let body = lowerS;
  let sign = 1;
  if (body[0] === '+' || body[0] === '-') {
    if (body[0] === '-') sign = -1;
    body = body.slice(1);
  }
  if (body === 'inf' || body === 'infinity') return sign * Number.POSITIVE_INFINITY;
  if (body === 'nan' && s.length === 3) return Number.NaN;
  let value: number;
  if (hexFloat.test(s)) {
    if (s.includes('_') && !underscoreOK(s.replace(/[pP].*$/, '')))
      throw new NumError('ParseFloat', s, 'invalid syntax');
    value = parseHexFloat(s.replace(/_/g, ''));
  } else {
    if (!decimalFloat.test(s) || !/\d/.test(s.replace(/[eE].*$/, '')))
      throw new NumError('ParseFloat', s, 'invalid syntax');
    if (s.includes('_') && !underscoreOK(s)) throw new NumError('ParseFloat', s, 'invalid syntax');
    value = Number(s.replace(/_/g, ''));
  }
  if (!Number.isFinite(value)) throw Object.assign(new NumError('ParseFloat', s, 'value out of range'), { value });
  return value;
}

function parseHexFloat(s: string): number {
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  s = s.slice(2);
  const p = s.search(/[pP]/);
  const mantText = s.slice(0, p);
  const exp = Number(s.slice(p + 1));
  const dot = mantText.indexOf('.');
  const intPart = dot < 0 ? mantText : mantText.slice(0, dot);
  const fracPart = dot < 0 ? '' : mantText.slice(dot + 1);
  const mant = BigInt(`0x${intPart + fracPart || '0'}`);
  const e2 = exp - fracPart.length * 4;
  // Exact up to rounding by Number(): scale via repeated multiplication is exact for powers of two.
  return sign * Number(mant) * 2 ** e2;
}

// ---------------------------------------------------------------------------------------------
// Unquoting (template string literals, character constants)

/** strconv.ErrSyntax as Go prints it. */
export class SyntaxError_ extends Error {
  constructor() {
    super('invalid syntax');
    this.name = 'SyntaxError';
  }
}

function unhex(c: string): number {
  const d = digitValue(c.charCodeAt(0));
  return d < 16 ? d : -1;
}

/**
 * strconv.UnquoteChar: decodes the first character or escape of `s` (a quoted literal body).
 * Returns [codePoint or raw byte marker, multibyte, tail]; raw bytes from `\x`/octal escapes are
 * returned as { byte } so the caller can keep non-UTF-8 bytes.
 */
export function unquoteChar(s: string, q: string): { value: number; isByte: boolean; tail: string } {
  const c = s[0];
  if (c === undefined) throw new SyntaxError_();
  if (c === q && (q === "'" || q === '"')) throw new SyntaxError_();
  if (c !== '\\') {
    const cp = s.codePointAt(0)!;
    return { value: cp, isByte: false, tail: s.slice(cp > 0xffff ? 2 : 1) };
  }
  if (s.length <= 1) throw new SyntaxError_();
  const e = s[1]!;
  let rest = s.slice(2);
  switch (e) {
    case 'a':
      return { value: 7, isByte: false, tail: rest };
    case 'b':
      return { value: 8, isByte: false, tail: rest };
    case 'f':
      return { value: 12, isByte: false, tail: rest };
    case 'n':
      return { value: 10, isByte: false, tail: rest };
    case 'r':
      return { value: 13, isByte: false, tail: rest };
    case 't':
      return { value: 9, isByte: false, tail: rest };
    case 'v':
      return { value: 11, isByte: false, tail: rest };
    case 'x':
    case 'u':
    case 'U': {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      if (rest.length < n) throw new SyntaxError_();
      let v = 0;
      for (let j = 0; j < n; j++) {
        const x = unhex(rest[j]!);
        if (x < 0) throw new SyntaxError_();
        v = v * 16 + x;
      }
      rest = rest.slice(n);
      if (e === 'x') return { value: v, isByte: true, tail: rest };
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new SyntaxError_();
      return { value: v, isByte: false, tail: rest };
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      let v = e.charCodeAt(0) - 48;
      if (rest.length < 2) throw new SyntaxError_();
      for (let j = 0; j < 2; j++) {
        const x = rest.charCodeAt(j) - 48;
        if (x < 0 || x > 7) throw new SyntaxError_();
        v = v * 8 + x;
      }
      if (v > 255) throw new SyntaxError_();
      return { value: v, isByte: true, tail: rest.slice(2) };
    }
    case '\\':
      return { value: 0x5c, isByte: false, tail: rest };
    case "'":
    case '"':
      if (e !== q) throw new SyntaxError_();
      return { value: e.charCodeAt(0), isByte: false, tail: rest };
    default:
      throw new SyntaxError_();
  }
}

/** strconv.Unquote for "…" and `…` literals (raw strings lose their carriage returns). */
export function unquote(s: string): string {
  const n = s.length;
  if (n < 2) throw new SyntaxError_();
  const q = s[0]!;
  if (q !== s[n - 1]) throw new SyntaxError_();
  const body = s.slice(1, n - 1);
  if (q === '`') {
    if (body.includes('`')) throw new SyntaxError_();
    return body.includes('\r') ? body.replace(/\r/g, '') : body;
  }
  if (q !== '"' && q !== "'") throw new SyntaxError_();
  if (body.includes('\n')) throw new SyntaxError_();
  if (!body.includes('\\') && !body.includes(q)) {
    if (q === '"') return body;
    if (q === "'" && [...body].length === 1) return body;
  }
  const bytes: number[] = [];
  let rest = body;
  let out = '';
  const flush = () => {
    if (bytes.length) {
      out += bytesToStringLocal(Uint8Array.from(bytes));
      bytes.length = 0;
    }
  };
  while (rest.length > 0) {
    const { value, isByte, tail } = unquoteChar(rest, q);
    rest = tail;
    if (isByte) bytes.push(value);
    else {
      if (bytes.length) {
        // Encode the code point as bytes so a `\xc3\xa9` sequence can combine into é.
        for (const b of stringToBytes(String.fromCodePoint(value))) bytes.push(b);
      } else out += String.fromCodePoint(value);
    }
    if (q === "'" && rest.length > 0) throw new SyntaxError_();
  }
  flush();
  return out;
}

/** fmt's `%.10q`: the first 10 runes of s, quoted. */
export function sprintfQuoted10(s: string): string {
  let out = '';
  let n = 0;
  for (const ch of s) {
    if (n++ >= 10) break;
    out += ch;
  }
  return quote(out);
}
