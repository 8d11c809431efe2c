/**
 * Sprig's date functions (date.go of Masterminds/sprig v3.3.0) over Go's time semantics:
 * `date` formats in the process's local zone (process.env.TZ, read like Go), integers are Unix
 * seconds only when their Go type is int, int32 or int64 (a values.yaml number is float64 and means
 * "now"), `duration` accepts int64 or a numeric string, `durationRound` a duration string, an int64
 * of nanoseconds or a time.
 */
import { type FuncDef, FuncError, fn } from '../gotemplate/funcs.js';
import { T_INTERFACE, T_STRING } from '../gotemplate/types.js';
import { GoInt, type GoValue } from '../gotemplate/value.js';
import { SECOND } from './time/duration.js';
import {
  DurationError,
  durationRound,
  durationString,
  formatTime,
  GoTime,
  Local,
  loadLocation,
  now,
  parseDuration,
  parseInLocation,
  T_TIME,
  TimeParseError,
  UTC,
  unixTime,
} from './time.js';

/** The zero time.Time{} (January 1, year 1, UTC). */
function zeroTime(): GoTime {
  return new GoTime(0n, 0, UTC);
}

/** A GoInt whose dynamic type is exactly one of the named Go integer types. */
function intOfType(v: GoValue, ...names: string[]): bigint | undefined {
  if (v instanceof GoInt && names.includes(v.type.name)) return v.v;
  return undefined;
}

/** dateInZone's type switch: time.Time, int64, int, int32 (Unix seconds); anything else is now. */
function timeArg(v: GoValue, intTypes: string[]): GoTime {
  if (v instanceof GoTime) return v;
  const n = intOfType(v, ...intTypes);
  if (n !== undefined) return unixTime(n);
  return now();
}

function dateInZone(layout: string, date: GoValue, zone: string): string {
  const t = timeArg(date, ['int64', 'int', 'int32']);
  const loc = loadLocation(zone) ?? UTC;
  return formatTime(t.in(loc), layout);
}

/** time.Since(t). */
function since(t: GoTime): bigint {
  return now().sub(t);
}

function modify(spec: string, date: GoTime): GoTime {
  return date.add(parseDuration(spec));
}

/** strconv.ParseInt(s, 10, 64) with the error ignored: 0 for bad syntax, ±max for out of range. */
function parseInt64Lenient(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) return 0n;
  const n = BigInt(s);
  const max = (1n << 63n) - 1n;
  const min = -(1n << 63n);
  return n > max ? max : n < min ? min : n;
}

function durationRoundString(v: GoValue): string {
  let d = 0n;
  if (typeof v === 'string') {
    try {
      d = parseDuration(v);
    } catch (e) {
      if (!(e instanceof DurationError)) throw e;
      d = 0n;
    }
  } else if (intOfType(v, 'int64') !== undefined) d = intOfType(v, 'int64')!;
  else if (v instanceof GoTime) d = since(v);
  let u = BigInt.asUintN(64, d);
  if (d < 0n) u = BigInt.asUintN(64, -u);
  const hour = 3_600_000_000_000n;
  const year = hour * 24n * 365n;
  const month = hour * 24n * 30n;
  const day = hour * 24n;
  const minute = 60_000_000_000n;
  const second = 1_000_000_000n;
  if (u > year) return `${u / year}y`;
  if (u > month) return `${u / month}mo`;
  if (u > day) return `${u / day}d`;
  if (u > hour) return `${u / hour}h`;
  if (u > minute) return `${u / minute}m`;
  if (u > second) return `${u / second}s`;
  return '0s';
}

const dateFn = fn([T_STRING, T_INTERFACE], T_STRING, (layout: string, date: GoValue) =>
  dateInZone(layout, date, 'Local'),
);
const dateInZoneFn = fn([T_STRING, T_INTERFACE, T_STRING], T_STRING, dateInZone);
const dateModifyFn = fn([T_STRING, T_TIME], T_TIME, (spec: string, date: GoTime) => {
  try {
    return modify(spec, date);
  } catch (e) {
    if (e instanceof DurationError) return date;
    throw e;
  }
});
const mustDateModifyFn = fn([T_STRING, T_TIME], T_TIME, (spec: string, date: GoTime) => {
  try {
    return modify(spec, date);
  } catch (e) {
    if (e instanceof DurationError) throw new FuncError(e.message);
    throw e;
  }
});

/** Sprig's date functions, keyed by template name. */
export const dateFunctions: Record<string, FuncDef> = {
  now: fn([], T_TIME, () => now()),
  date: dateFn,
  dateInZone: dateInZoneFn,
  date_in_zone: dateInZoneFn,
  dateModify: dateModifyFn,
  date_modify: dateModifyFn,
  mustDateModify: mustDateModifyFn,
  must_date_modify: mustDateModifyFn,
  toDate: fn([T_STRING, T_STRING], T_TIME, (layout: string, value: string) => {
    try {
      return parseInLocation(layout, value, Local);
    } catch (e) {
      if (e instanceof TimeParseError) return zeroTime();
      throw e;
    }
  }),
  mustToDate: fn([T_STRING, T_STRING], T_TIME, (layout: string, value: string) => {
    try {
      return parseInLocation(layout, value, Local);
    } catch (e) {
      if (e instanceof TimeParseError) throw new FuncError(e.message);
      throw e;
    }
  }),
  unixEpoch: fn([T_TIME], T_STRING, (t: GoTime) => t.unix().toString()),
  ago: fn([T_INTERFACE], T_STRING, (date: GoValue) => {
    const t = timeArg(date, ['int64', 'int']);
    return durationString(durationRound(since(t), SECOND));
  }),
  duration: fn([T_INTERFACE], T_STRING, (sec: GoValue) => {
    let n = 0n;
    if (typeof sec === 'string') n = parseInt64Lenient(sec);
    else if (intOfType(sec, 'int64') !== undefined) n = intOfType(sec, 'int64')!;
    return durationString(BigInt.asIntN(64, n * SECOND));
  }),
  durationRound: fn([T_INTERFACE], T_STRING, durationRoundString),
  htmlDate: fn([T_INTERFACE], T_STRING, (date: GoValue) => dateInZone('2006-01-02', date, 'Local')),
  htmlDateInZone: fn([T_INTERFACE, T_STRING], T_STRING, (date: GoValue, zone: string) =>
    dateInZone('2006-01-02', date, zone),
  ),
};
