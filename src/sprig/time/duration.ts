/**
 * Go's time.Duration: an int64 count of nanoseconds, its String() form (`1h1m40s`, `1.5s`, `0s`),
 * ParseDuration with Go's error texts, and Round/Truncate. Values are bigint so every int64 is exact.
 */
import { stringToBytes } from '../../gotemplate/gostring.js';

export const NANOSECOND = 1n;
export const MICROSECOND = 1000n;
export const MILLISECOND = 1_000_000n;
export const SECOND = 1_000_000_000n;
export const MINUTE = 60n * SECOND;
export const HOUR = 60n * MINUTE;

export const MIN_DURATION = -(1n << 63n);
export const MAX_DURATION = (1n << 63n) - 1n;

/** Wraps to int64 like Go's Duration arithmetic. */
export function wrapDuration(d: bigint): bigint {
  return BigInt.asIntN(64, d);
}

/** Duration.String(): `72h3m0.5s`, `1.5µs`, `0s`. */
export function durationString(d: bigint): string {
  d = wrapDuration(d);
  if (d === 0n) return '0s';
  const neg = d < 0n;
  let u = neg ? -d : d; // -MIN_DURATION as uint64 is 2^63, exact as bigint
  let out: string;
  if (u < SECOND) {
    // Sub-second: one unit, with a fraction, e.g. 1.2ms.
    let prec: number;
    let unit: string;
    if (u < MICROSECOND) {
      return `${neg ? '-' : ''}${u}ns`;
    }
    if (u < MILLISECOND) {
      prec = 3;
      unit = 'µs';
    } else {
      prec = 6;
      unit = 'ms';
    }
    out = fmtFrac(u, prec) + unit;
  } else {
    out = 's';
    let secPart = fmtFrac(u, 9); // "S.fff" where S = u / 1e9
    u /= SECOND;
    const secs = secPart.split('.');
    const whole = u % 60n;
    secPart = secs.length > 1 ? `${whole}.${secs[1]}` : `${whole}`;
    out = secPart + out;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return (neg ? '-' : '') + out;
}

/** `v / 10^prec` printed with the fraction's trailing zeros (and a bare point) removed. */
function fmtFrac(v: bigint, prec: number): string {
  const scale = 10n ** BigInt(prec);
  const whole = v / scale;
  let frac = (v % scale).toString().padStart(prec, '0').replace(/0+$/, '');
  if (frac !== '') frac = `.${frac}`;
  return `${whole}${frac}`;
}

/** Go's time package quote(): printable ASCII kept (`"` and `\` escaped), every other byte as \xNN. */
export function timeQuote(s: string): string {
  return quoteByteString(toByteString(s));
}

/** A Go string's bytes as a JS string of code units 0..255 (exact byte semantics for parsing). */
export function toByteString(s: string): string {
  const b = stringToBytes(s);
  let out = '';
  for (let i = 0; i < b.length; i += 8192) out += String.fromCharCode(...b.subarray(i, i + 8192));
  return out;
}

/** timeQuote over a byte string (see toByteString). */
export function quoteByteString(bs: string): string {
  let out = '"';
  for (let i = 0; i < bs.length; i++) {
    const c = bs.charCodeAt(i);
    if (c >= 0x80 || c < 0x20) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else {
      if (c === 0x22 || c === 0x5c) out += '\\';
      out += bs[i];
    }
  }
  return `${out}"`;
}

/** A Go error from ParseDuration; `message` is Go's text. */
export class DurationError extends Error {
  override name = 'DurationError';
}

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', NANOSECOND],
  ['us', MICROSECOND],
  ['µs', MICROSECOND], // U+00B5
  ['μs', MICROSECOND], // U+03BC
  ['ms', MILLISECOND],
  ['s', SECOND],
  ['m', MINUTE],
  ['h', HOUR],
]);

const TWO63 = 1n << 63n;

/** time.ParseDuration: `300ms`, `-1.5h`, `2h45m`. Throws DurationError with Go's message. */
export function parseDuration(input: string): bigint {
  const orig = input;
  const invalid = () => new DurationError(`time: invalid duration ${timeQuote(orig)}`);
  let s = input;
  let d = 0n;
  let neg = false;
  if (s !== '') {
    const c = s[0];
    if (c === '-' || c === '+') {
      neg = c === '-';
      s = s.slice(1);
    }
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  while (s !== '') {
    let v = 0n;
    let f = 0n;
    let scale = 1;
    if (!(s[0] === '.' || (s[0]! >= '0' && s[0]! <= '9'))) throw invalid();
    // leading integer
    let i = 0;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      if (v > TWO63 / 10n) throw invalid();
      v = v * 10n + BigInt(c - 48);
      if (v > TWO63) throw invalid();
    }
    const pre = i > 0;
    s = s.slice(i);
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length; j++) {
        const c = s.charCodeAt(j);
        if (c < 48 || c > 57) break;
        if (overflow) continue;
        if (f > (TWO63 - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(c - 48);
        if (y > TWO63) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid();
    let u = 0;
    for (; u < s.length; u++) {
      const c = s[u]!;
      if (c === '.' || (c >= '0' && c <= '9')) break;
    }
    if (u === 0) throw new DurationError(`time: missing unit in duration ${timeQuote(orig)}`);
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = UNITS.get(unitName);
    if (unit === undefined) {
      throw new DurationError(`time: unknown unit ${timeQuote(unitName)} in duration ${timeQuote(orig)}`);
    }
    if (v > TWO63 / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      // Go computes the fraction in float64: uint64(float64(f) * (float64(unit) / scale)).
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > TWO63) throw invalid();
    }
    d += v;
    if (d > TWO63) throw invalid();
  }
  if (neg) return wrapDuration(-d);
  if (d > TWO63 - 1n) throw invalid();
  return d;
}

/** `uint64(x)+uint64(x) < uint64(y)` from Go's time package. */
function lessThanHalf(x: bigint, y: bigint): boolean {
  const ux = BigInt.asUintN(64, x);
  return BigInt.asUintN(64, ux + ux) < BigInt.asUintN(64, y);
}

/** Duration.Round(m). */
export function durationRound(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  let r = d % m; // truncated remainder, like Go
  if (d < 0n) {
    r = -r;
    if (lessThanHalf(r, m)) return d + r;
    const d1 = d - m + r;
    if (d1 >= MIN_DURATION && d1 < d) return d1;
    return MIN_DURATION;
  }
  if (lessThanHalf(r, m)) return d - r;
  const d1 = d + m - r;
  if (d1 <= MAX_DURATION && d1 > d) return d1;
  return MAX_DURATION;
}

/** Duration.Truncate(m). */
export function durationTruncate(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  return d - (d % m);
}

/** Duration.Abs(). */
export function durationAbs(d: bigint): bigint {
  if (d >= 0n) return d;
  if (d === MIN_DURATION) return MAX_DURATION;
  return -d;
}
