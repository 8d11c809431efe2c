/**
 * Go's time.Time value: instant (int64 seconds since January 1, year 1 UTC, like Go's internal
 * representation, plus nanoseconds), location, and the optional monotonic clock reading that
 * time.Now() attaches (printed by String() as ` m=+0.000012345`). Formatting follows Go's layout
 * rules (`Mon Jan 2 15:04:05 MST 2006`), including Go's 64-bit wrap-around for extreme instants.
 */

import type { GoType } from '../../gotemplate/types.js';
import { GoStruct } from '../../gotemplate/value.js';
import { timeQuote } from './duration.js';
import { civilFromDays, daysFromCivil, isLeap, Local, type Location, UTC } from './zone.js';

/** Seconds from January 1, year 1 to the Unix epoch. */
export const UNIX_TO_INTERNAL = 62135596800n;
/** Days from Go's absolute epoch (January 1, year -292277022399) to the Unix epoch. */
const ABS_TO_UNIX_DAYS = 730692556 * 146097 + 719162;
const UNIX_TO_ABS_SEC = BigInt(ABS_TO_UNIX_DAYS) * 86400n;
/** Seconds from year 1 to 1885-01-01, the base of Go's monotonic-capable wall encoding. */
const WALL_TO_INTERNAL = BigInt(
  (1884 * 365 + Math.floor(1884 / 4) - Math.floor(1884 / 100) + Math.floor(1884 / 400)) * 86400,
);
const INT64_MAX = (1n << 63n) - 1n;

export const LONG_MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const LONG_DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The process start, for monotonic readings relative to it (like Go's runtime). */
const PROCESS_START_NS = process.hrtime.bigint() - BigInt(Math.round(process.uptime() * 1e9));

/** Broken-down civil time in a zone. */
export interface Civil {
  year: number;
  month: number;
  day: number;
  yday: number;
  weekday: number;
  hour: number;
  min: number;
  sec: number;
  zoneName: string;
  offset: number;
}

/** A Go time.Time. Immutable. */
export class GoTime extends GoStruct {
  /** Set by time.ts once the method table exists. */
  static type: GoType;
  get goType(): GoType {
    return GoTime.type;
  }

  /**
   * @param ext seconds since January 1, year 1 00:00:00 UTC (int64)
   * @param nsec nanoseconds within the second, 0..999999999
   * @param loc the location (time.UTC for UTC)
   * @param mono monotonic clock reading in nanoseconds, only for times derived from now()
   */
  constructor(
    readonly ext: bigint,
    readonly nsec: number,
    readonly loc: Location,
    readonly mono?: bigint,
  ) {
    super();
  }

  /** Seconds since the Unix epoch (Go's Time.Unix, wrapping like Go). */
  unix(): bigint {
    return BigInt.asIntN(64, this.ext - UNIX_TO_INTERNAL);
  }

  /** The same instant without monotonic reading. */
  stripMono(): GoTime {
    return this.mono === undefined ? this : new GoTime(this.ext, this.nsec, this.loc);
  }

  /** Time.In(loc): same instant, other location, monotonic reading dropped. */
  in(loc: Location): GoTime {
    return new GoTime(this.ext, this.nsec, loc);
  }

  /**
   * Go's `==` on two Time values (same wall clock, nanoseconds, monotonic reading and location
   * pointer); with `deep`, locations are compared by content like reflect.DeepEqual.
   */
  identical(u: GoTime, deep: boolean): boolean {
    if (this.ext !== u.ext || this.nsec !== u.nsec || this.mono !== u.mono) return false;
    if (this.loc === u.loc) return true;
    return deep && this.loc.sameContent(u.loc);
  }

  isZero(): boolean {
    return this.ext === 0n && this.nsec === 0;
  }

  /** Zone and broken-down fields in this time's location. */
  civil(): Civil {
    const unix = this.unix();
    const z = this.loc.lookup(unix);
    const abs = BigInt.asUintN(64, unix + BigInt(z.offset) + UNIX_TO_ABS_SEC);
    const days = Number(abs / 86400n) - ABS_TO_UNIX_DAYS;
    const secOfDay = Number(abs % 86400n);
    const { year, month, day } = civilFromDays(days);
    const yday = days - daysFromCivil(year, 1, 1) + 1;
    const weekday = (((days + 4) % 7) + 7) % 7;
    return {
      year,
      month,
      day,
      yday,
      weekday,
      hour: Math.floor(secOfDay / 3600),
      min: Math.floor((secOfDay % 3600) / 60),
      sec: secOfDay % 60,
      zoneName: z.name,
      offset: z.offset,
    };
  }

  /** Time.Add(d) with Go's saturation and monotonic handling. */
  add(d: bigint): GoTime {
    let dsec = d / 1_000_000_000n; // truncated like Go
    let nsec = this.nsec + Number(d % 1_000_000_000n);
    if (nsec >= 1e9) {
      dsec++;
      nsec -= 1e9;
    } else if (nsec < 0) {
      dsec--;
      nsec += 1e9;
    }
    let mono = this.mono;
    if (mono !== undefined) {
      const te = BigInt.asIntN(64, mono + d);
      if ((d < 0n && te > mono) || (d > 0n && te < mono)) mono = undefined;
      else mono = te;
    }
    const sum = BigInt.asIntN(64, this.ext + dsec);
    let ext: bigint;
    if (sum > this.ext === dsec > 0n) ext = sum;
    else if (dsec > 0n) ext = INT64_MAX;
    else ext = -INT64_MAX;
    if (mono !== undefined) {
      const wall = ext - WALL_TO_INTERNAL;
      if (wall < 0n || wall > (1n << 33n) - 1n) mono = undefined;
    }
    return new GoTime(ext, nsec, this.loc, mono);
  }

  /** Time.Sub(u) as a Duration (nanoseconds), saturating like Go. */
  sub(u: GoTime): bigint {
    if (this.mono !== undefined && u.mono !== undefined) {
      const d = BigInt.asIntN(64, this.mono - u.mono);
      if (d < 0n && this.mono > u.mono) return INT64_MAX;
      if (d > 0n && this.mono < u.mono) return -(1n << 63n);
      return d;
    }
    const d = BigInt.asIntN(64, BigInt.asIntN(64, this.ext - u.ext) * 1_000_000_000n + BigInt(this.nsec - u.nsec));
    if (u.add(d).equal(this)) return d;
    if (this.before(u)) return -(1n << 63n);
    return INT64_MAX;
  }

  equal(u: GoTime): boolean {
    if (this.mono !== undefined && u.mono !== undefined) return this.mono === u.mono;
    return this.ext === u.ext && this.nsec === u.nsec;
  }

  before(u: GoTime): boolean {
    if (this.mono !== undefined && u.mono !== undefined) return this.mono < u.mono;
    return this.ext < u.ext || (this.ext === u.ext && this.nsec < u.nsec);
  }

  after(u: GoTime): boolean {
    if (this.mono !== undefined && u.mono !== undefined) return this.mono > u.mono;
    return this.ext > u.ext || (this.ext === u.ext && this.nsec > u.nsec);
  }

  compare(u: GoTime): number {
    if (this.before(u)) return -1;
    if (this.after(u)) return 1;
    return 0;
  }

  /** Remainder of this time since the zero time modulo d (Go's div, for Round/Truncate). */
  private modDuration(d: bigint): bigint {
    const total = this.ext * 1_000_000_000n + BigInt(this.nsec);
    let r = total % d;
    if (r < 0n) r += d;
    return r;
  }

  truncate(d: bigint): GoTime {
    const t = this.stripMono();
    if (d <= 0n) return t;
    return t.add(-t.modDuration(d));
  }

  round(d: bigint): GoTime {
    const t = this.stripMono();
    if (d <= 0n) return t;
    const r = t.modDuration(d);
    if (r + r < d) return t.add(-r);
    return t.add(d - r);
  }

  /** Time.AddDate(years, months, days). */
  addDate(years: number, months: number, days: number): GoTime {
    const c = this.civil();
    return goDate(c.year + years, c.month + months, c.day + days, c.hour, c.min, c.sec, this.nsec, this.loc);
  }
}

/** time.Unix(sec, nsec) in the Local location. */
export function unixTime(sec: bigint, nsec = 0, loc: Location = Local): GoTime {
  let s = sec;
  let n = nsec;
  if (n < 0 || n >= 1e9) {
    const q = Math.floor(n / 1e9);
    s += BigInt(q);
    n -= q * 1e9;
  }
  return new GoTime(BigInt.asIntN(64, s + UNIX_TO_INTERNAL), n, loc);
}

/** time.Now(): wall clock in Local, with a monotonic reading. */
export function now(): GoTime {
  const ms = Date.now();
  const hr = process.hrtime.bigint();
  const subMs = Number(hr % 1_000_000n); // sub-millisecond digits for a realistic nanosecond field
  const totalNs = BigInt(ms) * 1_000_000n + BigInt(subMs);
  const sec = totalNs / 1_000_000_000n;
  const nsec = Number(totalNs % 1_000_000_000n);
  return new GoTime(sec + UNIX_TO_INTERNAL, nsec, Local, hr - PROCESS_START_NS);
}

/** Go's norm(hi, lo, base): carries lo into hi so that 0 <= lo < base. */
function norm(hi: number, lo: number, base: number): [number, number] {
  if (lo < 0) {
    const n = Math.floor((-lo - 1) / base) + 1;
    hi -= n;
    lo += n * base;
  }
  if (lo >= base) {
    const n = Math.floor(lo / base);
    hi += n;
    lo -= n * base;
  }
  return [hi, lo];
}

/** time.Date(year, month, day, hour, min, sec, nsec, loc) with Go's normalisation and zone rules. */
export function goDate(
  year: number,
  month: number,
  day: number,
  hour: number,
  min: number,
  sec: number,
  nsec: number,
  loc: Location,
): GoTime {
  let m = month - 1;
  [year, m] = norm(year, m, 12);
  month = m + 1;
  [sec, nsec] = norm(sec, nsec, 1e9);
  [min, sec] = norm(min, sec, 60);
  [hour, min] = norm(hour, min, 60);
  [day, hour] = norm(day, hour, 24);
  const days = daysFromCivil(year, month, 1) + (day - 1);
  let unix = BigInt(days) * 86400n + BigInt(hour * 3600 + min * 60 + sec);
  const z = loc.lookup(unix);
  if (z.offset !== 0) {
    const utc = unix - BigInt(z.offset);
    let offset = z.offset;
    if (utc < z.start || utc >= z.end) offset = loc.lookup(utc).offset;
    unix -= BigInt(offset);
  }
  return new GoTime(BigInt.asIntN(64, unix + UNIX_TO_INTERNAL), nsec, loc);
}

export { isLeap, UTC };

// ----- Formatting -----------------------------------------------------------------------------

enum Std {
  None = 0,
  LongMonth,
  Month,
  NumMonth,
  ZeroMonth,
  LongWeekDay,
  WeekDay,
  Day,
  UnderDay,
  ZeroDay,
  UnderYearDay,
  ZeroYearDay,
  Hour,
  Hour12,
  ZeroHour12,
  Minute,
  ZeroMinute,
  Second,
  ZeroSecond,
  LongYear,
  Year,
  PM,
  pm,
  TZ,
  ISO8601TZ,
  ISO8601SecondsTZ,
  ISO8601ShortTZ,
  ISO8601ColonTZ,
  ISO8601ColonSecondsTZ,
  NumTZ,
  NumSecondsTz,
  NumShortTZ,
  NumColonTZ,
  NumColonSecondsTZ,
  FracSecond0,
  FracSecond9,
}

export { Std };

/** One layout element: its kind, fraction digits and separator for fractional seconds. */
export interface StdChunk {
  prefix: string;
  std: Std;
  /** The layout text of the element itself. */
  text: string;
  suffix: string;
  digits: number;
  sep: string;
}

const STD_0X = [Std.ZeroMonth, Std.ZeroDay, Std.ZeroHour12, Std.ZeroMinute, Std.ZeroSecond, Std.Year];

function startsWithLowerCase(s: string): boolean {
  if (s.length === 0) return false;
  const c = s.charCodeAt(0);
  return c >= 97 && c <= 122;
}

function isDigitAt(s: string, i: number): boolean {
  if (i >= s.length) return false;
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Go's nextStdChunk. */
export function nextStdChunk(layout: string): StdChunk {
  const mk = (i: number, std: Std, len: number, digits = 0, sep = '.', prefixEnd = i): StdChunk => ({
    prefix: layout.slice(0, prefixEnd),
    std,
    text: layout.slice(prefixEnd, i + len),
    suffix: layout.slice(i + len),
    digits,
    sep,
  });
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]!;
    const at = (s: string) => layout.startsWith(s, i);
    switch (c) {
      case 'J':
        if (at('Jan')) {
          if (at('January')) return mk(i, Std.LongMonth, 7);
          if (!startsWithLowerCase(layout.slice(i + 3))) return mk(i, Std.Month, 3);
        }
        break;
      case 'M':
        if (layout.length >= i + 3) {
          if (at('Mon')) {
            if (at('Monday')) return mk(i, Std.LongWeekDay, 6);
            if (!startsWithLowerCase(layout.slice(i + 3))) return mk(i, Std.WeekDay, 3);
          }
          if (at('MST')) return mk(i, Std.TZ, 3);
        }
        break;
      case '0':
        if (layout.length >= i + 2 && layout[i + 1]! >= '1' && layout[i + 1]! <= '6') {
          return mk(i, STD_0X[layout.charCodeAt(i + 1) - 49]!, 2);
        }
        if (at('002')) return mk(i, Std.ZeroYearDay, 3);
        break;
      case '1':
        if (at('15')) return mk(i, Std.Hour, 2);
        return mk(i, Std.NumMonth, 1);
      case '2':
        if (at('2006')) return mk(i, Std.LongYear, 4);
        return mk(i, Std.Day, 1);
      case '_':
        if (layout.length >= i + 2 && layout[i + 1] === '2') {
          // _2006 is a literal _ followed by the long year
          if (layout.startsWith('2006', i + 1)) return mk(i + 1, Std.LongYear, 4, 0, '.', i + 1);
          return mk(i, Std.UnderDay, 2);
        }
        if (at('__2')) return mk(i, Std.UnderYearDay, 3);
        break;
      case '3':
        return mk(i, Std.Hour12, 1);
      case '4':
        return mk(i, Std.Minute, 1);
      case '5':
        return mk(i, Std.Second, 1);
      case 'P':
        if (at('PM')) return mk(i, Std.PM, 2);
        break;
      case 'p':
        if (at('pm')) return mk(i, Std.pm, 2);
        break;
      case '-':
        if (at('-070000')) return mk(i, Std.NumSecondsTz, 7);
        if (at('-07:00:00')) return mk(i, Std.NumColonSecondsTZ, 9);
        if (at('-0700')) return mk(i, Std.NumTZ, 5);
        if (at('-07:00')) return mk(i, Std.NumColonTZ, 6);
        if (at('-07')) return mk(i, Std.NumShortTZ, 3);
        break;
      case 'Z':
        if (at('Z070000')) return mk(i, Std.ISO8601SecondsTZ, 7);
        if (at('Z07:00:00')) return mk(i, Std.ISO8601ColonSecondsTZ, 9);
        if (at('Z0700')) return mk(i, Std.ISO8601TZ, 5);
        if (at('Z07:00')) return mk(i, Std.ISO8601ColonTZ, 6);
        if (at('Z07')) return mk(i, Std.ISO8601ShortTZ, 3);
        break;
      case '.':
      case ',':
        if (i + 1 < layout.length && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
          const ch = layout[i + 1];
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          if (!isDigitAt(layout, j)) {
            const std = ch === '9' ? Std.FracSecond9 : Std.FracSecond0;
            // Go packs the digit count in 12 bits
            return mk(i, std, j - i, (j - (i + 1)) & 0xfff, c);
          }
        }
        break;
    }
  }
  return { prefix: layout, std: Std.None, text: '', suffix: '', digits: 0, sep: '.' };
}

/** Go's appendInt: decimal with a sign, zero-padded to `width` digits. */
export function padInt(x: number, width: number): string {
  const neg = x < 0;
  const digits = String(Math.abs(x));
  return (neg ? '-' : '') + (digits.length < width ? '0'.repeat(width - digits.length) + digits : digits);
}

/** Go's appendNano. */
function fmtNano(nsec: number, std: Std, digits: number, sep: string): string {
  const trim = std === Std.FracSecond9;
  if (trim && (digits === 0 || nsec === 0)) return '';
  let s = sep + padInt(nsec, 9);
  if (digits < 9) s = s.slice(0, s.length - 9 + digits);
  if (trim) {
    s = s.replace(/0+$/, '');
    if (s === sep) s = '';
  }
  return s;
}

function fmtOffset(offset: number, std: Std): string {
  const isISO =
    std === Std.ISO8601TZ ||
    std === Std.ISO8601ColonTZ ||
    std === Std.ISO8601SecondsTZ ||
    std === Std.ISO8601ShortTZ ||
    std === Std.ISO8601ColonSecondsTZ;
  if (offset === 0 && isISO) return 'Z';
  let zone = Math.trunc(offset / 60);
  let absoffset = offset;
  let out: string;
  if (zone < 0) {
    out = '-';
    zone = -zone;
    absoffset = -absoffset;
  } else out = '+';
  out += padInt(Math.trunc(zone / 60), 2);
  if (
    std === Std.ISO8601ColonTZ ||
    std === Std.NumColonTZ ||
    std === Std.ISO8601ColonSecondsTZ ||
    std === Std.NumColonSecondsTZ
  ) {
    out += ':';
  }
  if (std !== Std.NumShortTZ && std !== Std.ISO8601ShortTZ) out += padInt(zone % 60, 2);
  if (
    std === Std.ISO8601SecondsTZ ||
    std === Std.NumSecondsTz ||
    std === Std.NumColonSecondsTZ ||
    std === Std.ISO8601ColonSecondsTZ
  ) {
    if (std === Std.NumColonSecondsTZ || std === Std.ISO8601ColonSecondsTZ) out += ':';
    out += padInt(absoffset % 60, 2);
  }
  return out;
}

/** Time.Format(layout). */
export function formatTime(t: GoTime, layout: string): string {
  const c = t.civil();
  const parts: string[] = [];
  while (layout !== '') {
    const ch = nextStdChunk(layout);
    if (ch.prefix !== '') parts.push(ch.prefix);
    if (ch.std === Std.None) break;
    layout = ch.suffix;
    switch (ch.std) {
      case Std.Year:
        parts.push(padInt(Math.abs(c.year) % 100, 2));
        break;
      case Std.LongYear:
        parts.push(padInt(c.year, 4));
        break;
      case Std.Month:
        parts.push(LONG_MONTH_NAMES[c.month - 1]!.slice(0, 3));
        break;
      case Std.LongMonth:
        parts.push(LONG_MONTH_NAMES[c.month - 1]!);
        break;
      case Std.NumMonth:
        parts.push(String(c.month));
        break;
      case Std.ZeroMonth:
        parts.push(padInt(c.month, 2));
        break;
      case Std.WeekDay:
        parts.push(LONG_DAY_NAMES[c.weekday]!.slice(0, 3));
        break;
      case Std.LongWeekDay:
        parts.push(LONG_DAY_NAMES[c.weekday]!);
        break;
      case Std.Day:
        parts.push(String(c.day));
        break;
      case Std.UnderDay:
        parts.push((c.day < 10 ? ' ' : '') + c.day);
        break;
      case Std.ZeroDay:
        parts.push(padInt(c.day, 2));
        break;
      case Std.UnderYearDay:
        parts.push((c.yday < 100 ? (c.yday < 10 ? '  ' : ' ') : '') + c.yday);
        break;
      case Std.ZeroYearDay:
        parts.push(padInt(c.yday, 3));
        break;
      case Std.Hour:
        parts.push(padInt(c.hour, 2));
        break;
      case Std.Hour12:
        parts.push(String(c.hour % 12 === 0 ? 12 : c.hour % 12));
        break;
      case Std.ZeroHour12:
        parts.push(padInt(c.hour % 12 === 0 ? 12 : c.hour % 12, 2));
        break;
      case Std.Minute:
        parts.push(String(c.min));
        break;
      case Std.ZeroMinute:
        parts.push(padInt(c.min, 2));
        break;
      case Std.Second:
        parts.push(String(c.sec));
        break;
      case Std.ZeroSecond:
        parts.push(padInt(c.sec, 2));
        break;
      case Std.PM:
        parts.push(c.hour >= 12 ? 'PM' : 'AM');
        break;
      case Std.pm:
        parts.push(c.hour >= 12 ? 'pm' : 'am');
        break;
      case Std.TZ:
        if (c.zoneName !== '') parts.push(c.zoneName);
        else parts.push(fmtOffset(c.offset, Std.NumTZ));
        break;
      case Std.FracSecond0:
      case Std.FracSecond9:
        parts.push(fmtNano(t.nsec, ch.std, ch.digits, ch.sep));
        break;
      default:
        parts.push(fmtOffset(c.offset, ch.std));
    }
  }
  return parts.join('');
}

/** Time.String(): `2006-01-02 15:04:05.999999999 -0700 MST` plus ` m=±s.nnnnnnnnn` when monotonic. */
export function timeString(t: GoTime): string {
  let s = formatTime(t, '2006-01-02 15:04:05.999999999 -0700 MST');
  if (t.mono !== undefined) {
    let m = t.mono;
    let sign = '+';
    if (m < 0n) {
      sign = '-';
      m = -m;
    }
    const m2 = m % 1_000_000_000n;
    const m1all = m / 1_000_000_000n;
    const m1 = m1all % 1_000_000_000n;
    const m0 = m1all / 1_000_000_000n;
    let out = ` m=${sign}`;
    if (m0 !== 0n) out += `${m0}${m1.toString().padStart(9, '0')}`;
    else out += m1.toString();
    out += `.${m2.toString().padStart(9, '0')}`;
    s += out;
  }
  return s;
}

/** Time.GoString(): `time.Date(2024, time.March, 5, 0, 0, 0, 0, time.Local)`. */
export function timeGoString(t: GoTime): string {
  const c = t.civil();
  let loc: string;
  if (t.loc === UTC) loc = 'time.UTC';
  else if (t.loc === Local) loc = 'time.Local';
  else loc = `time.Location(${timeQuote(t.loc.toString())})`;
  return `time.Date(${c.year}, time.${LONG_MONTH_NAMES[c.month - 1]}, ${c.day}, ${c.hour}, ${c.min}, ${c.sec}, ${t.nsec}, ${loc})`;
}

/** MarshalJSON/MarshalText: RFC 3339 with nanoseconds; undefined where Go returns an error. */
export function timeRFC3339Nano(t: GoTime): string | undefined {
  const s = formatTime(t, '2006-01-02T15:04:05.999999999Z07:00');
  // Go rejects years outside [0,9999] and zone hours beyond 23 (appendStrictRFC3339)
  if (s[4] !== '-') return undefined;
  if (!s.endsWith('Z')) {
    const c = s[s.length - 6]!;
    if ((c >= '0' && c <= '9') || Number(s.slice(-5, -3)) >= 24) return undefined;
  }
  return s;
}
