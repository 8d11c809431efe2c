/**
 * Shared pieces of the two JSON Schema validators helm uses (gojsonschema in helm 3,
 * santhosh-tekuri/jsonschema v6 in helm 4): the schema document model with exact numbers, exact
 * rational arithmetic (both libraries compare numbers as big.Rat), Go-style number formatting for
 * messages, Go regexp matching, and the view of helm values as JSON instances.
 */
import { JNum, type JObject, JsonError, type JValue, parseJSONTree } from '../codec/json.js';
import { stringToBytes } from '../gotemplate/gostring.js';
import { formatFloat, quote } from '../gotemplate/strconv.js';
import type { GoValue } from '../gotemplate/value.js';
import { GoInt } from '../gotemplate/value.js';
import { compileRegexp, RegexpSyntaxError } from '../sprig/regex.js';
import { isStackOverflow } from '../stack-overflow.js';
import { scanJsonValue } from './json-scan.js';

// ---------------------------------------------------------------------------------------------
// Exact rationals (Go's big.Rat for the values the validators see)

/** Largest decimal exponent accepted in a schema number; bigger ones are refused, not computed. */
const MAX_EXPONENT = 4000;

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** An exact rational number, always normalised (den > 0, gcd 1). */
export class Rat {
  readonly num: bigint;
  readonly den: bigint;

  constructor(num: bigint, den = 1n) {
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcd(num, den) || 1n;
    this.num = num / g;
    this.den = den / g;
  }

  /** A JSON number literal or Go float text (`1e+06`, `-0.5`, `12`). Undefined when malformed. */
  static parse(text: string): Rat | undefined {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
    const digits = (m[2] ?? '') + (m[3] ?? '');
    let exp = (m[4] ? Number(m[4]) : 0) - (m[3] ?? '').length;
    if (!Number.isFinite(exp) || Math.abs(exp) > MAX_EXPONENT) {
      throw new RangeError(`number ${text} is out of the supported range`);
    }
    let num = BigInt(digits || '0');
    if (m[1] === '-') num = -num;
    if (exp >= 0) return new Rat(num * 10n ** BigInt(exp));
    exp = -exp;
    return new Rat(num, 10n ** BigInt(exp));
  }

  /** The exact value of a float64, as the libraries see it: the rational of its shortest decimal text. */
  static fromFloat(f: number): Rat {
    return Rat.parse(formatFloat(f, 'g', -1))!;
  }

  cmp(o: Rat): number {
    const a = this.num * o.den;
    const b = o.num * this.den;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  div(o: Rat): Rat {
    return new Rat(this.num * o.den, this.den * o.num);
  }

  isInt(): boolean {
    return this.den === 1n;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  /** big.Rat.Float64: the nearest float64. */
  toFloat64(): number {
    if (this.den === 1n) return Number(this.num);
    // 40 significant digits make the decimal→binary rounding exact in practice.
    const neg = this.num < 0n;
    const n = neg ? -this.num : this.num;
    let scale = 0;
    let q = n / this.den;
    while (q < 10n ** 40n) {
      scale++;
      q = (n * 10n ** BigInt(scale)) / this.den;
      if (scale > 400) break;
    }
    const f = Number(`${q}e-${scale}`);
    return neg ? -f : f;
  }

  /** The exact terminating decimal digits (no leading/trailing zeros) and decimal point position, if short. */
  decimal(maxDigits: number): { neg: boolean; digits: string; dp: number } | undefined {
    let d = this.den;
    let twos = 0;
    let fives = 0;
    while (d % 2n === 0n) {
      d /= 2n;
      twos++;
    }
    while (d % 5n === 0n) {
      d /= 5n;
      fives++;
    }
    if (d !== 1n) return undefined;
    const k = Math.max(twos, fives);
    const scaled = (this.num * 10n ** BigInt(k)) / this.den;
    const neg = scaled < 0n;
    let s = (neg ? -scaled : scaled).toString();
    if (s === '0') return { neg: false, digits: '0', dp: 1 };
    let dp = s.length - k;
    const lead = s.length - s.replace(/^0+/, '').length;
    s = s.slice(lead);
    dp -= lead;
    s = s.replace(/0+$/, '');
    if (s.length > maxDigits) return undefined;
    return { neg, digits: s, dp };
  }
}

// ---------------------------------------------------------------------------------------------
// Number formatting in messages

/** Go's %g with the shortest digits: `digits` × 10^(dp − len) → `1e+06`, `0.0001`, `123456.7`. */
export function formatShortestG(neg: boolean, digits: string, dp: number): string {
  const exp = dp - 1;
  let out: string;
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    out = `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  } else if (dp <= 0) {
    out = `0.${'0'.repeat(-dp)}${digits}`;
  } else if (dp >= digits.length) {
    out = digits + '0'.repeat(dp - digits.length);
  } else {
    out = `${digits.slice(0, dp)}.${digits.slice(dp)}`;
  }
  return neg ? `-${out}` : out;
}

/** `%v` of a `*big.Float` made with SetRat (gojsonschema's min/max/multipleOf in messages). */
export function formatBigFloat(r: Rat): string {
  const d = r.decimal(19);
  if (d) return formatShortestG(d.neg, d.digits, d.dp);
  return formatFloat(r.toFloat64(), 'g', -1);
}

const SUPERSCRIPT: Record<string, string> = {
  '0': '\u2070',
  '1': '\u00b9',
  '2': '\u00b2',
  '3': '\u00b3',
  '4': '\u2074',
  '5': '\u2075',
  '6': '\u2076',
  '7': '\u2077',
  '8': '\u2078',
  '9': '\u2079',
  '-': '\u207b',
};

function groupThousands(intPart: string): string {
  let out = '';
  for (let i = 0; i < intPart.length; i++) {
    if (i > 0 && (intPart.length - i) % 3 === 0) out += ',';
    out += intPart[i];
  }
  return out;
}

/** golang.org/x/text message.Printer (English) `%d`: digit grouping. */
export function xtextInt(n: number | bigint): string {
  const s = n.toString();
  return s.startsWith('-') ? `-${groupThousands(s.slice(1))}` : groupThousands(s);
}

/** golang.org/x/text message.Printer (English) `%v` of a float64: grouping, `×10ⁿ` exponents. */
export function xtextFloat(f: number): string {
  let s = formatFloat(f, 'g', -1);
  let neg = '';
  if (s.startsWith('-')) {
    neg = '-';
    s = s.slice(1);
  }
  const e = s.indexOf('e');
  if (e >= 0) {
    const mant = s.slice(0, e);
    const exp = s.slice(e + 1).replace(/^\+/, '');
    return `${neg}${mant}×10${Array.from(exp, (c) => SUPERSCRIPT[c] ?? c).join('')}`;
  }
  const dot = s.indexOf('.');
  const intPart = dot >= 0 ? s.slice(0, dot) : s;
  return neg + groupThousands(intPart) + (dot >= 0 ? s.slice(dot) : '');
}

/** santhosh-tekuri's quote: Go %q with `"` unescaped and `'` escaped, in single quotes. */
export function singleQuote(s: string): string {
  const q = quote(s).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'");
  return `'${q}'`;
}

// ---------------------------------------------------------------------------------------------
// Schema documents

/** A JSON number of a schema document: its literal text and exact value. */
export class SNum {
  constructor(
    readonly text: string,
    readonly rat: Rat,
  ) {}
}

/** A schema document value: JSON with numbers kept exact (json.Number) and objects as ordered Maps. */
export type SVal = null | boolean | string | SNum | SVal[] | Map<string, SVal>;

function fromTree(t: JValue): SVal {
  if (t === null || typeof t === 'boolean' || typeof t === 'string') return t;
  if (t instanceof JNum) return new SNum(t.text, Rat.parse(t.text)!);
  if (Array.isArray(t)) return t.map(fromTree);
  const m = new Map<string, SVal>();
  for (const [k, v] of (t as JObject).entries) m.set(k, fromTree(v));
  return m;
}

/** A schema that could not be read; `message` is the library's text. */
export class SchemaLoadError extends Error {}

/**
 * json.Decoder.Decode with UseNumber: the first JSON value of `text` (anything after it is left
 * unread). `EOF` for an empty text, `unexpected EOF` for a cut-off value, Go's syntax errors.
 */
export function decodeFirstJson(text: string): { value: SVal; end: number } {
  const value = decodeWithBuiltin(text);
  return value === undefined ? decodeFirstJsonExact(text) : { value, end: text.length };
}

// Where JSON.parse and Go part ways, the exact decoder decides: escaped surrogates (Go replaces
// unpaired ones) and keys of digits only (JS objects list them first, whatever their place).
const NOT_FOR_JSON_PARSE = /\\u[dD][89a-fA-F]|"\d+"\s*:/;
// A string (skipped whole, with any digits in it) or a number literal, in text order.
const STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*/gs;
const MAX_BUILTIN_DEPTH = 1000;

/**
 * The whole text as one JSON value through the engine's JSON.parse, several times faster than the
 * exact decoder on large schemas (node-feature-discovery's is 350 KB). Number literals come from a
 * scan of the text, in the same order as the parsed tree lists them; undefined whenever the result
 * could differ from Go's: invalid JSON, the cases above, deep nesting. A duplicate key keeps its
 * first place and last value in both; if the value it replaced held numbers, the counts differ.
 */
export function decodeWithBuiltin(text: string): SVal | undefined {
  if (NOT_FOR_JSON_PARSE.test(text)) return undefined;
  let tree: unknown;
  try {
    tree = JSON.parse(text);
  } catch {
    return undefined;
  }
  const numbers: string[] = [];
  for (const [token] of text.matchAll(STRING_OR_NUMBER)) if (token.charCodeAt(0) !== 0x22) numbers.push(token);
  let numbersUsed = 0;
  const convert = (v: unknown, depth: number): SVal | undefined => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (depth > MAX_BUILTIN_DEPTH) return undefined;
    if (typeof v === 'number') {
      const literal = numbers[numbersUsed++];
      return literal === undefined ? undefined : new SNum(literal, Rat.parse(literal)!);
    }
    if (Array.isArray(v)) {
      const out: SVal[] = [];
      for (const e of v) {
        const c = convert(e, depth + 1);
        if (c === undefined) return undefined;
        out.push(c);
      }
      return out;
    }
    const m = new Map<string, SVal>();
    for (const k of Object.keys(v as object)) {
      const c = convert((v as Record<string, unknown>)[k], depth + 1);
      if (c === undefined) return undefined;
      m.set(k, c);
    }
    return m;
  };
  const value = convert(tree, 0);
  return value !== undefined && numbersUsed === numbers.length ? value : undefined;
}

/** {@link decodeFirstJson} with helmless's own decoder only (the reference the shortcut is tested against). */
export function decodeFirstJsonExact(text: string): { value: SVal; end: number } {
  // Usually the text is exactly one value: one full parse then says all the scan would.
  let whole: JValue | undefined;
  try {
    whole = parseJSONTree(text);
  } catch (e) {
    if (!(e instanceof JsonError) && !(e instanceof RangeError)) throw e;
    isStackOverflow(e);
  }
  if (whole !== undefined) return { value: fromTree(whole), end: text.length };
  const r = scanJsonValue(text);
  if (!r.ok) {
    if (r.eof) throw new SchemaLoadError(r.empty ? 'EOF' : 'unexpected EOF');
    if ('tooDeep' in r) throw new SchemaLoadError('exceeded max depth');
    // The decoder stops at the same byte as a full parse of the text up to it; reuse its message.
    try {
      parseJSONTree(text.slice(0, r.pos + 1));
    } catch (e) {
      if (e instanceof JsonError) throw new SchemaLoadError(e.message);
      throw e;
    }
    throw new SchemaLoadError(`invalid character ${quote(text[r.pos]!)}`);
  }
  try {
    return { value: fromTree(parseJSONTree(text.slice(0, r.end))), end: r.end };
  } catch (e) {
    if (e instanceof JsonError) throw new SchemaLoadError(e.message);
    throw e;
  }
}

export function isObj(v: SVal | undefined): v is Map<string, SVal> {
  return v instanceof Map;
}

// ---------------------------------------------------------------------------------------------
// Instances (helm values seen as JSON)

/** The JSON type of a values node. */
export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function instanceType(v: GoValue): JsonType {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number' || v instanceof GoInt) return 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Map) return 'object';
  if (v instanceof SNum) return 'number';
  throw new SchemaLoadError(`unsupported value of type ${typeof v} in values`);
}

/** The exact value of a numeric values node (float64 as its shortest decimal, int64 exactly). */
export function instanceRat(v: GoValue): Rat {
  if (typeof v === 'number') return Rat.fromFloat(v);
  if (v instanceof GoInt) return new Rat(v.v);
  if (v instanceof SNum) return v.rat;
  throw new Error('not a number');
}

/** Go's `%v` of a values number (float64 shortest %g, ints in decimal). */
export function goNumberText(v: GoValue): string {
  if (typeof v === 'number') return formatFloat(v, 'g', -1);
  if (v instanceof GoInt) return v.v.toString();
  if (v instanceof SNum) return v.text;
  return String(v);
}

/** Number of runes (utf8.RuneCountInString). */
export function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Regular expressions (Go's regexp, unanchored MatchString)

/** Compiles a Go regexp; returns the Go error message on failure. */
export function tryCompileRegexp(
  pattern: string,
): { ok: true; match: (s: string) => boolean } | { ok: false; error: string } {
  try {
    const c = compileRegexp(pattern);
    return {
      ok: true,
      match: (s: string) => (c.re.findAllUTF8SubmatchIndex(stringToBytes(s), 1) ?? []).length > 0,
    };
  } catch (e) {
    if (e instanceof RegexpSyntaxError) return { ok: false, error: e.message };
    if (e instanceof Error) return { ok: false, error: e.message };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Compiled-schema cache

/**
 * Compiled schemas by schema text (and anything else the compile depends on), so a chart rendered
 * again, or a subchart schema shared by several charts, is compiled once. Compiled schemas are never
 * modified by validation. A load failure is cached as its message.
 */
export class CompileCache<T> {
  /** By variant (e.g. the resolver), then by the schema text itself (the same string object hashes once). */
  private readonly entries = new Map<string, Map<string, T | { error: string }>>();
  private size = 0;

  constructor(private readonly limit = 16) {}

  get(variant: string, text: string, compile: () => T): T | { error: string } {
    let byText = this.entries.get(variant);
    if (!byText) this.entries.set(variant, (byText = new Map()));
    let hit = byText.get(text);
    if (hit !== undefined) return hit;
    try {
      hit = compile();
    } catch (e) {
      if (!(e instanceof SchemaLoadError) && !(e instanceof RangeError)) throw e;
      isStackOverflow(e);
      hit = { error: e.message };
    }
    if (this.size >= this.limit) {
      this.entries.clear();
      this.size = 0;
      this.entries.set(variant, (byText = new Map()));
    }
    byText.set(text, hit);
    this.size++;
    return hit;
  }
}
