/**
 * Go's time.Parse / time.ParseInLocation: the layout-driven parser with Go's zone rules and its
 * exact error texts (`parsing time "bad" as "2006-01-02": cannot parse "bad" as "2006"`).
 * Layout and value are handled as byte strings so that lengths and slicing follow Go's bytes.
 */
import { quoteByteString, toByteString } from './duration.js';
import { GoTime, goDate, LONG_DAY_NAMES, LONG_MONTH_NAMES, nextStdChunk, Std } from './gotime.js';
import { daysIn, fixedZone, isLeap, type Location, UTC } from './zone.js';

/** A time.ParseError; `message` is Go's Error() text. */
export class TimeParseError extends Error {
  override name = 'TimeParseError';
}

const SHORT_MONTHS = LONG_MONTH_NAMES.map((m) => m.slice(0, 3));
const SHORT_DAYS = LONG_DAY_NAMES.map((d) => d.slice(0, 3));
const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

class Bad {}
const BAD = new Bad();

function isDigit(s: string, i: number): boolean {
  if (i >= s.length) return false;
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigit(s, 0)) throw BAD;
  if (!isDigit(s, 1)) {
    if (fixed) throw BAD;
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigit(s, i); i++) n = n * 10 + (s.charCodeAt(i) - 48);
  if (i === 0 || (fixed && i !== 3)) throw BAD;
  return [n, s.slice(i)];
}

function cutspace(s: string): string {
  let i = 0;
  while (i < s.length && s[i] === ' ') i++;
  return s.slice(i);
}

/** skip: removes prefix from value, runs of spaces matching runs of spaces. */
function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw BAD;
      prefix = cutspace(prefix);
      value = cutspace(value);
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw BAD;
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

function matchFold(s1: string, s2: string): boolean {
  for (let i = 0; i < s1.length; i++) {
    let c1 = s1.charCodeAt(i);
    let c2 = s2.charCodeAt(i);
    if (c1 !== c2) {
      c1 |= 0x20;
      c2 |= 0x20;
      if (c1 !== c2 || c1 < 97 || c1 > 122) return false;
    }
  }
  return true;
}

function lookupName(tab: readonly string[], val: string): [number, string] {
  for (let i = 0; i < tab.length; i++) {
    const v = tab[i]!;
    if (val.length >= v.length && matchFold(val.slice(0, v.length), v)) return [i, val.slice(v.length)];
  }
  throw BAD;
}

/** Go's atoi: optional sign, digits, no trailing text; int64 overflow is an error. */
function atoi(s: string): number {
  let neg = false;
  if (s.length > 0 && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  const [q, rem] = leadingInt(s);
  if (rem.length > 0) throw BAD;
  const x = Number(BigInt.asIntN(64, q));
  return neg ? -x : x;
}

function leadingInt(s: string): [bigint, string] {
  let x = 0n;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (x > (1n << 63n) / 10n) throw BAD;
    x = x * 10n + BigInt(c - 48);
    if (x > 1n << 63n) throw BAD;
  }
  return [x, s.slice(i)];
}

function commaOrPeriod(c: string | undefined): boolean {
  return c === '.' || c === ',';
}

/** parseNanoseconds: returns [ns, rangeErr]. */
function parseNanoseconds(value: string, nbytes: number): [number, string] {
  if (!commaOrPeriod(value[0])) throw BAD;
  if (nbytes > 10) {
    value = value.slice(0, 10);
    nbytes = 10;
  }
  let ns = atoi(value.slice(1, nbytes));
  if (ns < 0) return [0, 'fractional second'];
  for (let i = 0; i < 10 - nbytes; i++) ns *= 10;
  return [ns, ''];
}

function parseSignedOffset(value: string): number {
  const sign = value[0];
  if (sign !== '-' && sign !== '+') return 0;
  let x: bigint;
  let rem: string;
  try {
    [x, rem] = leadingInt(value.slice(1));
  } catch {
    return 0;
  }
  if (value.slice(1) === rem) return 0;
  if (x > 23n) return 0;
  return value.length - rem.length;
}

function parseTimeZone(value: string): number | undefined {
  if (value.length < 3) return undefined;
  if (value.length >= 4 && (value.startsWith('ChST') || value.startsWith('MeST'))) return 4;
  if (value.startsWith('GMT')) {
    const rest = value.slice(3);
    return rest.length === 0 ? 3 : 3 + parseSignedOffset(rest);
  }
  if (value[0] === '+' || value[0] === '-') {
    const n = parseSignedOffset(value);
    return n > 0 ? n : undefined;
  }
  let nUpper = 0;
  for (; nUpper < 6; nUpper++) {
    if (nUpper >= value.length) break;
    const c = value.charCodeAt(nUpper);
    if (c < 65 || c > 90) break;
  }
  switch (nUpper) {
    case 5:
      return value[4] === 'T' ? 5 : undefined;
    case 4:
      return value[3] === 'T' || value.startsWith('WITA') ? 4 : undefined;
    case 3:
      return 3;
    default:
      return undefined;
  }
}

/** time.ParseInLocation(layout, value, loc). Throws TimeParseError. */
export function parseInLocation(layout: string, value: string, loc: Location): GoTime {
  return parse(toByteString(layout), toByteString(value), loc, loc);
}

/** time.Parse(layout, value): UTC by default, zone names matched against `local`. */
export function parseTime(layout: string, value: string, local: Location): GoTime {
  return parse(toByteString(layout), toByteString(value), UTC, local);
}

function parseError(layout: string, value: string, layoutElem: string, valueElem: string, message: string) {
  if (message === '') {
    return new TimeParseError(
      `parsing time ${quoteByteString(value)} as ${quoteByteString(layout)}: cannot parse ${quoteByteString(valueElem)} as ${quoteByteString(layoutElem)}`,
    );
  }
  return new TimeParseError(`parsing time ${quoteByteString(value)}${message}`);
}

function parse(layout: string, value: string, defaultLocation: Location, local: Location): GoTime {
  const alayout = layout;
  const avalue = value;
  let rangeErrString = '';
  let amSet = false;
  let pmSet = false;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let z: Location | undefined;
  let zoneOffset = -1;
  let zoneName = '';

  for (;;) {
    const chunk = nextStdChunk(layout);
    const stdstr = chunk.text;
    try {
      value = skip(value, chunk.prefix);
    } catch {
      throw parseError(alayout, avalue, chunk.prefix, value, '');
    }
    if (chunk.std === Std.None) {
      if (value.length !== 0) throw parseError(alayout, avalue, '', value, `: extra text: ${quoteByteString(value)}`);
      break;
    }
    layout = chunk.suffix;
    const hold = value;
    let failed = false;
    try {
      switch (chunk.std) {
        case Std.Year: {
          if (value.length < 2) throw BAD;
          const p = value.slice(0, 2);
          value = value.slice(2);
          year = atoi(p);
          year += year >= 69 ? 1900 : 2000;
          break;
        }
        case Std.LongYear:
          if (value.length < 4 || !isDigit(value, 0)) throw BAD;
          year = atoi(value.slice(0, 4));
          value = value.slice(4);
          break;
        case Std.Month:
          [month, value] = lookupName(SHORT_MONTHS, value);
          month++;
          break;
        case Std.LongMonth:
          [month, value] = lookupName(LONG_MONTH_NAMES, value);
          month++;
          break;
        case Std.NumMonth:
        case Std.ZeroMonth:
          [month, value] = getnum(value, chunk.std === Std.ZeroMonth);
          if (month <= 0 || month > 12) rangeErrString = 'month';
          break;
        case Std.WeekDay:
          [, value] = lookupName(SHORT_DAYS, value);
          break;
        case Std.LongWeekDay:
          [, value] = lookupName(LONG_DAY_NAMES, value);
          break;
        case Std.Day:
        case Std.UnderDay:
        case Std.ZeroDay:
          if (chunk.std === Std.UnderDay && value.length > 0 && value[0] === ' ') value = value.slice(1);
          [day, value] = getnum(value, chunk.std === Std.ZeroDay);
          break;
        case Std.UnderYearDay:
        case Std.ZeroYearDay:
          for (let i = 0; i < 2; i++) {
            if (chunk.std === Std.UnderYearDay && value.length > 0 && value[0] === ' ') value = value.slice(1);
          }
          [yday, value] = getnum3(value, chunk.std === Std.ZeroYearDay);
          break;
        case Std.Hour:
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) rangeErrString = 'hour';
          break;
        case Std.Hour12:
        case Std.ZeroHour12:
          [hour, value] = getnum(value, chunk.std === Std.ZeroHour12);
          if (hour < 0 || hour > 12) rangeErrString = 'hour';
          break;
        case Std.Minute:
        case Std.ZeroMinute:
          [min, value] = getnum(value, chunk.std === Std.ZeroMinute);
          if (min < 0 || min >= 60) rangeErrString = 'minute';
          break;
        case Std.Second:
        case Std.ZeroSecond: {
          [sec, value] = getnum(value, chunk.std === Std.ZeroSecond);
          if (sec < 0 || sec >= 60) {
            rangeErrString = 'second';
            break;
          }
          // A fractional second in the value but not in the layout.
          if (value.length >= 2 && commaOrPeriod(value[0]) && isDigit(value, 1)) {
            const next = nextStdChunk(layout).std;
            if (next === Std.FracSecond0 || next === Std.FracSecond9) break;
            let n = 2;
            while (n < value.length && isDigit(value, n)) n++;
            [nsec, rangeErrString] = parseNanoseconds(value, n);
            value = value.slice(n);
          }
          break;
        }
        case Std.PM:
        case Std.pm: {
          if (value.length < 2) throw BAD;
          const p = value.slice(0, 2);
          value = value.slice(2);
          const [pm, am] = chunk.std === Std.PM ? ['PM', 'AM'] : ['pm', 'am'];
          if (p === pm) pmSet = true;
          else if (p === am) amSet = true;
          else throw BAD;
          break;
        }
        case Std.ISO8601TZ:
        case Std.ISO8601ShortTZ:
        case Std.ISO8601ColonTZ:
        case Std.ISO8601SecondsTZ:
        case Std.ISO8601ColonSecondsTZ:
        case Std.NumTZ:
        case Std.NumShortTZ:
        case Std.NumColonTZ:
        case Std.NumSecondsTz:
        case Std.NumColonSecondsTZ: {
          const std = chunk.std;
          const iso =
            std === Std.ISO8601TZ ||
            std === Std.ISO8601ShortTZ ||
            std === Std.ISO8601ColonTZ ||
            std === Std.ISO8601SecondsTZ ||
            std === Std.ISO8601ColonSecondsTZ;
          if (iso && value.length >= 1 && value[0] === 'Z') {
            value = value.slice(1);
            z = UTC;
            break;
          }
          let sign: string;
          let hh: string;
          let mm: string;
          let ss: string;
          if (std === Std.ISO8601ColonTZ || std === Std.NumColonTZ) {
            if (value.length < 6 || value[3] !== ':') throw BAD;
            [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(4, 6), '00', value.slice(6)];
          } else if (std === Std.NumShortTZ || std === Std.ISO8601ShortTZ) {
            if (value.length < 3) throw BAD;
            [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), '00', '00', value.slice(3)];
          } else if (std === Std.ISO8601ColonSecondsTZ || std === Std.NumColonSecondsTZ) {
            if (value.length < 9 || value[3] !== ':' || value[6] !== ':') throw BAD;
            [sign, hh, mm, ss, value] = [
              value.slice(0, 1),
              value.slice(1, 3),
              value.slice(4, 6),
              value.slice(7, 9),
              value.slice(9),
            ];
          } else if (std === Std.ISO8601SecondsTZ || std === Std.NumSecondsTz) {
            if (value.length < 7) throw BAD;
            [sign, hh, mm, ss, value] = [
              value.slice(0, 1),
              value.slice(1, 3),
              value.slice(3, 5),
              value.slice(5, 7),
              value.slice(7),
            ];
          } else {
            if (value.length < 5) throw BAD;
            [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), '00', value.slice(5)];
          }
          // Go checks the ranges even when a later field failed, and reports a range error first.
          let bad = false;
          const num2 = (x: string): number => {
            if (bad) return 0;
            try {
              return getnum(x, true)[0];
            } catch {
              bad = true;
              return 0;
            }
          };
          const hr = num2(hh);
          const mi = num2(mm);
          const se = num2(ss);
          if (hr > 24) rangeErrString = 'time zone offset hour';
          if (mi > 60) rangeErrString = 'time zone offset minute';
          if (se > 60) rangeErrString = 'time zone offset second';
          zoneOffset = (hr * 60 + mi) * 60 + se;
          if (sign === '-') zoneOffset = -zoneOffset;
          else if (sign !== '+') bad = true;
          if (bad) throw BAD;
          break;
        }
        case Std.TZ: {
          if (value.length >= 3 && value.startsWith('UTC')) {
            z = UTC;
            value = value.slice(3);
            break;
          }
          const n = parseTimeZone(value);
          if (n === undefined) throw BAD;
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case Std.FracSecond0: {
          const ndigit = 1 + chunk.digits;
          if (value.length < ndigit) throw BAD;
          [nsec, rangeErrString] = parseNanoseconds(value, ndigit);
          value = value.slice(ndigit);
          break;
        }
        case Std.FracSecond9: {
          if (value.length < 2 || !commaOrPeriod(value[0]) || value[1]! < '0' || value[1]! > '9') break;
          let i = 0;
          while (i + 1 < value.length && value[i + 1]! >= '0' && value[i + 1]! <= '9') i++;
          [nsec, rangeErrString] = parseNanoseconds(value, 1 + i);
          value = value.slice(1 + i);
          break;
        }
      }
    } catch (e) {
      if (e !== BAD) throw e;
      failed = true;
    }
    if (rangeErrString !== '') {
      throw parseError(alayout, avalue, stdstr, value, `: ${rangeErrString} out of range`);
    }
    if (failed) throw parseError(alayout, avalue, stdstr, hold, '');
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0;
    let m = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) yday--;
    }
    if (yday < 1 || yday > 365) throw parseError(alayout, avalue, '', value, ': day-of-year out of range');
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (DAYS_BEFORE[m]! < yday) m++;
      d = yday - DAYS_BEFORE[m - 1]!;
    }
    if (month >= 0 && month !== m) throw parseError(alayout, avalue, '', value, ': day-of-year does not match month');
    month = m;
    if (day >= 0 && day !== d) throw parseError(alayout, avalue, '', value, ': day-of-year does not match day');
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) throw parseError(alayout, avalue, '', value, ': day out of range');

  if (z) return goDate(year, month, day, hour, min, sec, nsec, z);

  if (zoneOffset !== -1) {
    let t = goDate(year, month, day, hour, min, sec, nsec, UTC);
    t = t.add(BigInt(-zoneOffset) * 1_000_000_000n);
    const l = local.lookup(t.unix());
    if (l.offset === zoneOffset && (zoneName === '' || l.name === zoneName)) return t.in(local);
    return t.in(fixedZone(zoneName, zoneOffset));
  }

  if (zoneName !== '') {
    const t = goDate(year, month, day, hour, min, sec, nsec, UTC);
    const offset = local.lookupName(zoneName, t.unix());
    if (offset !== undefined) return t.add(BigInt(-offset) * 1_000_000_000n).in(local);
    let off = 0;
    if (zoneName.length > 3 && zoneName.startsWith('GMT')) off = atoi(zoneName.slice(3)) * 3600;
    return t.in(fixedZone(zoneName, off));
  }
  return goDate(year, month, day, hour, min, sec, nsec, defaultLocation);
}

export { GoTime };
