/**
 * Implicit typing of plain YAML scalars the way go-yaml v2 (and, for quoting decisions, v3) does it:
 * YAML 1.1 booleans (`yes`, `on`, `n` …), `~`/`null`, `.inf`/`.nan`, Go-syntax integers (`0x10`,
 * `010`, `0o10`, `0b1`, `1_000`, `+12`), floats matching go-yaml's float regexp, and timestamps.
 */
import { parseGoFloat as goParseFloat, tryParseInt, tryParseUint } from '../gotemplate/strconv.js';

/** A YAML integer as go-yaml decodes it: `int` (int64 range) or `uint64`. */
export class YInt {
  constructor(
    readonly v: bigint,
    readonly unsigned: boolean,
  ) {}
}

export const TAG_PREFIX = 'tag:yaml.org,2002:';
export const STR_TAG = `${TAG_PREFIX}str`;
export const BOOL_TAG = `${TAG_PREFIX}bool`;
export const INT_TAG = `${TAG_PREFIX}int`;
export const FLOAT_TAG = `${TAG_PREFIX}float`;
export const NULL_TAG = `${TAG_PREFIX}null`;
export const TIMESTAMP_TAG = `${TAG_PREFIX}timestamp`;
export const BINARY_TAG = `${TAG_PREFIX}binary`;
export const MERGE_TAG = `${TAG_PREFIX}merge`;

export type Resolved = null | boolean | string | number | YInt | { timestamp: string };

const MAP = new Map<string, [string, Resolved]>();
function add(tag: string, v: Resolved, ...names: string[]): void {
  for (const n of names) MAP.set(n, [tag, v]);
}
add(BOOL_TAG, true, 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON');
add(BOOL_TAG, false, 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF');
add(NULL_TAG, null, '', '~', 'null', 'Null', 'NULL');
add(FLOAT_TAG, Number.NaN, '.nan', '.NaN', '.NAN');
add(FLOAT_TAG, Number.POSITIVE_INFINITY, '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF');
add(FLOAT_TAG, Number.NEGATIVE_INFINITY, '-.inf', '-.Inf', '-.INF');
add(MERGE_TAG, '<<', '<<');

/** The YAML 1.1 booleans yaml.v3 still quotes on output for compatibility. */
const OLD_BOOLS = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
]);
export function isOldBool(s: string): boolean {
  return OLD_BOOLS.has(s);
}

const INT_CHARS = /^[+-]?[0-9][0-9a-fA-FxXoObB]*$/;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** isBase60Float of go-yaml's encoder: such strings are quoted on output. */
export function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s.charCodeAt(0);
  if (!(c === 43 || c === 45 || (c >= 48 && c <= 57)) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

function hint(s: string): string {
  if (s === '') return 'N';
  const c = s[0]!;
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

/** ParseInt, else (unsigned texts) ParseUint; without exceptions, which cost more than the parse. */
function tryInt(s: string, base: number): YInt | undefined {
  const i = tryParseInt(s, base, 64);
  if (typeof i === 'bigint') return new YInt(i, false);
  if (s.startsWith('-') || s.startsWith('+')) return undefined;
  const u = tryParseUint(s, base, 64);
  return typeof u === 'bigint' ? new YInt(u, true) : undefined;
}

function tryFloat(s: string): number | undefined {
  try {
    return goParseFloat(s);
  } catch {
    return undefined;
  }
}

/** The tag and value of an untagged plain scalar (go-yaml v2's resolve with tag ""). */
export function resolvePlain(s: string): [string, Resolved] {
  const h = hint(s);
  if (h === '') return [STR_TAG, s];
  const m = MAP.get(s);
  if (m) return m;
  if (h === '.') {
    // ParseFloat needs a digit after a leading '.' (skipping the attempt avoids a costly exception).
    const d = s.charCodeAt(1);
    const f = d >= 48 && d <= 57 ? tryFloat(s) : undefined;
    if (f !== undefined) return [FLOAT_TAG, f];
  } else if (h === 'D' || h === 'S') {
    if (parseTimestamp(s)) return [TIMESTAMP_TAG, { timestamp: s }];
    const plain = s.replace(/_/g, '');
    // Only texts made of integer-literal characters can parse as ints (avoids costly exceptions).
    if (INT_CHARS.test(plain)) {
      const i = tryParseInt(plain, 0, 64);
      if (typeof i === 'bigint') return [INT_TAG, new YInt(i, false)];
      const u = tryParseUint(plain, 0, 64);
      if (typeof u === 'bigint') return [INT_TAG, new YInt(u, true)];
    }
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = tryFloat(plain);
      if (f !== undefined) return [FLOAT_TAG, f];
    }
    if (plain.startsWith('0b')) {
      const v = tryInt(plain.slice(2), 2);
      if (v) return [INT_TAG, v];
    } else if (plain.startsWith('-0b')) {
      const i = tryParseInt(`-${plain.slice(3)}`, 2, 64);
      if (typeof i === 'bigint') return [INT_TAG, new YInt(i, false)];
    }
  }
  return [STR_TAG, s];
}

export function shortTag(tag: string): string {
  return tag.startsWith(TAG_PREFIX) ? `!!${tag.slice(TAG_PREFIX.length)}` : tag;
}

function resolvableTag(tag: string): boolean {
  return (
    tag === '' ||
    tag === STR_TAG ||
    tag === BOOL_TAG ||
    tag === INT_TAG ||
    tag === FLOAT_TAG ||
    tag === NULL_TAG ||
    tag === TIMESTAMP_TAG
  );
}

/** go-yaml v2's resolve(tag, in); throws a message string like go-yaml's failf for tag mismatches. */
export function resolve(tag: string, s: string): [string, Resolved] {
  if (!resolvableTag(tag)) return [tag, s];
  let rtag: string;
  let out: Resolved;
  if (tag === STR_TAG) [rtag, out] = [STR_TAG, s];
  else if (tag === '' || tag === TIMESTAMP_TAG) [rtag, out] = resolvePlain(s);
  else [rtag, out] = resolveNoTimestamp(s); // timestamps are only tried untagged or for !!timestamp
  if (tag === '' || tag === rtag || tag === STR_TAG) return [rtag, out];
  if (tag === FLOAT_TAG && rtag === INT_TAG && out instanceof YInt && !out.unsigned) {
    return [FLOAT_TAG, Number(out.v)];
  }
  throw new ResolveError(`cannot decode ${shortTag(rtag)} \`${s}\` as a ${shortTag(tag)}`);
}

function resolveNoTimestamp(s: string): [string, Resolved] {
  const r = resolvePlain(s);
  // A timestamp-looking text is never a number, so without the timestamp step it is a string.
  return r[0] === TIMESTAMP_TAG ? [STR_TAG, s] : r;
}

export class ResolveError extends Error {}

// ---------------------------------------------------------------------------------------------
// Timestamps: go-yaml accepts what Go's time.Parse accepts for four layouts.

/** Parses `n` digits (min..max) at i; returns [value, next] or undefined. */
function num(s: string, i: number, min: number, max: number): [number, number] | undefined {
  let j = i;
  while (j < s.length && j - i < max && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
  if (j - i < min) return undefined;
  return [Number(s.slice(i, j)), j];
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Parses `2006-1-2` at the start of s; returns the index after it or -1. */
function parseDate(s: string): number {
  const y = num(s, 0, 4, 4);
  if (!y || s[y[1]] !== '-') return -1;
  const m = num(s, y[1] + 1, 1, 2);
  if (!m || s[m[1]] !== '-' || m[0] < 1 || m[0] > 12) return -1;
  const d = num(s, m[1] + 1, 1, 2);
  if (!d || d[0] < 1 || d[0] > daysIn(m[0], y[0])) return -1;
  return d[1];
}

/** Parses `15:4:5` plus an optional `.999999999` fraction at i; returns the next index or -1. */
function parseClock(s: string, i: number): number {
  const h = num(s, i, 1, 2);
  if (!h || h[0] > 23 || s[h[1]] !== ':') return -1;
  const mi = num(s, h[1] + 1, 1, 2);
  if (!mi || mi[0] > 59 || s[mi[1]] !== ':') return -1;
  const se = num(s, mi[1] + 1, 1, 2);
  if (!se || se[0] > 59) return -1;
  let j = se[1];
  // Go accepts a fractional second after either '.' or ',' when the layout has one.
  if ((s[j] === '.' || s[j] === ',') && j + 1 < s.length && s.charCodeAt(j + 1) >= 48 && s.charCodeAt(j + 1) <= 57) {
    j++;
    while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
  }
  return j;
}

/** Parses a `Z07:00` zone at i (Z or ±hh:mm); returns the next index or -1. */
function parseZone(s: string, i: number): number {
  if (s[i] === 'Z') return i + 1;
  if (s[i] !== '+' && s[i] !== '-') return -1;
  const h = num(s, i + 1, 2, 2);
  if (!h || s[h[1]] !== ':') return -1;
  const m = num(s, h[1] + 1, 2, 2);
  if (!m || h[0] > 24 || m[0] > 60) return -1;
  return m[1];
}

/** Whether go-yaml would read `s` as a !!timestamp (it then stays a string in interface{} values). */
export function parseTimestamp(s: string): boolean {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i !== 4 || i === s.length || s[i] !== '-') return false;
  const d = parseDate(s);
  if (d < 0) return false;
  if (d === s.length) return true;
  const sep = s[d];
  if (sep === 'T' || sep === 't') {
    const c = parseClock(s, d + 1);
    return c >= 0 && parseZone(s, c) === s.length;
  }
  if (sep === ' ') return parseClock(s, d + 1) === s.length;
  return false;
}
