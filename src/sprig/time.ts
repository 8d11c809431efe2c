/**
 * Go's `time` package as templates see it: the time.Time value type (a GoStruct printing like Go's
 * `2024-03-05 14:07:09 +0200 +0200`, JSON-marshalling as RFC 3339 with nanoseconds, with the
 * methods templates call: `.Unix`, `.Format`, `.UTC`, `.Year` …), time.Duration, time.Month,
 * time.Weekday and *time.Location, plus Go-layout formatting and parsing.
 *
 * Reuse (e.g. TOML datetimes):
 *   - `goDate(year, month, day, hour, min, sec, nsec, loc)` is time.Date;
 *   - `parseInLocation(layout, value, loc)` is time.ParseInLocation (throws TimeParseError);
 *   - `fixedZone(name, offsetSeconds)`, `UTC`, `Local`, `loadLocation(name)` are the locations;
 *   - `unixTime(sec, nsec)` is time.Unix; `now()` is time.Now.
 * BurntSushi/toml (helm's fromToml) decodes datetimes with time.ParseInLocation: offset datetimes
 * with layout `2006-01-02T15:04:05.999999999Z07:00` in `Local`, local datetimes/dates/times with
 * `2006-01-02T15:04:05.999999999`, `2006-01-02`, `15:04:05.999999999` in the fixed zones
 * `datetime-local`, `date-local`, `time-local` with Local's offset at process start (zero only when
 * Local is UTC; src/codec/toml-time.ts);
 * `GoTime.civil()` gives the fields back for encoding, `formatTime(t, layout)` the text.
 */
import { type FuncDef, FuncError, fn } from '../gotemplate/funcs.js';
import { stringToBytes } from '../gotemplate/gostring.js';
import { type GoType, T_BOOL, T_BYTES, T_FLOAT64, T_INT, T_INT64, T_INTERFACE, T_STRING } from '../gotemplate/types.js';
import { GoInt, type GoValue, goIntOf } from '../gotemplate/value.js';
import {
  durationAbs,
  durationRound,
  durationString,
  durationTruncate,
  HOUR,
  MICROSECOND,
  MILLISECOND,
  MINUTE,
  SECOND,
} from './time/duration.js';
import {
  formatTime,
  GoTime,
  LONG_DAY_NAMES,
  LONG_MONTH_NAMES,
  timeGoString,
  timeRFC3339Nano,
  timeString,
} from './time/gotime.js';
import { Local, Location, UTC } from './time/zone.js';

export {
  DurationError,
  durationRound,
  durationString,
  parseDuration,
  timeQuote,
} from './time/duration.js';
export { formatTime, GoTime, goDate, now, timeString, unixTime } from './time/gotime.js';
export { parseInLocation, parseTime, TimeParseError } from './time/parse.js';
export { fixedZone, intlLocation, Local, Location, loadLocation, resetLocal, UTC } from './time/zone.js';

const methods = new Map<string, FuncDef>();

/** time.Time */
export const T_TIME: GoType = {
  kind: 'struct',
  name: 'time.Time',
  fields: [],
  methods,
  stringer: (t: GoTime) => timeString(t),
  goStringer: (t: GoTime) => timeGoString(t),
  equal: (a: GoTime, b: GoTime) => a.identical(b, false),
  deepEqual: (a: GoTime, b: GoTime) => a.identical(b, true),
  marshalJSON: (t: GoTime) => {
    const s = timeRFC3339Nano(t);
    if (s === undefined) throw new FuncError(marshalError(t, 'MarshalJSON'));
    return `"${s}"`;
  },
};

/** json.Marshal's error for a time RFC 3339 cannot write. */
function marshalError(t: GoTime, method: string): string {
  return `json: error calling MarshalJSON for type time.Time: ${rfc3339Error(t, method)}`;
}

/** The error of a time.Time method (MarshalJSON, MarshalText, AppendText) for a time RFC 3339 cannot write. */
function rfc3339Error(t: GoTime, method: string): string {
  const s = formatTime(t, '2006-01-02T15:04:05Z07:00');
  const reason = s[4] !== '-' ? 'year outside of range [0,9999]' : 'timezone hour outside of range [0,23]';
  return `Time.${method}: ${reason}`;
}

const durationMethods = new Map<string, FuncDef>();
/** time.Duration (int64 nanoseconds). */
export const T_DURATION: GoType = {
  kind: 'int64',
  name: 'time.Duration',
  methods: durationMethods,
  stringer: (d: GoInt) => durationString(d.v),
};

const monthMethods = new Map<string, FuncDef>();
/** time.Month */
export const T_MONTH: GoType = {
  kind: 'int',
  name: 'time.Month',
  methods: monthMethods,
  stringer: (m: GoInt) => monthString(m.v),
};

const weekdayMethods = new Map<string, FuncDef>();
/** time.Weekday */
export const T_WEEKDAY: GoType = {
  kind: 'int',
  name: 'time.Weekday',
  methods: weekdayMethods,
  stringer: (d: GoInt) => weekdayString(d.v),
};

const locationMethods = new Map<string, FuncDef>();
const T_LOCATION_STRUCT: GoType = { kind: 'struct', name: 'time.Location', fields: [] };
/** *time.Location */
export const T_LOCATION: GoType = {
  kind: 'ptr',
  name: '*time.Location',
  elem: T_LOCATION_STRUCT,
  methods: locationMethods,
  stringer: (l: Location) => l.toString(),
};

GoTime.type = T_TIME;
Location.type = T_LOCATION;

function monthString(m: bigint): string {
  if (m >= 1n && m <= 12n) return LONG_MONTH_NAMES[Number(m) - 1]!;
  return `%!Month(${m})`;
}

function weekdayString(d: bigint): string {
  if (d >= 0n && d <= 6n) return LONG_DAY_NAMES[Number(d)]!;
  return `%!Weekday(${d})`;
}

/** A Go time.Duration value. */
export function goDuration(ns: bigint): GoInt {
  return goIntOf(T_DURATION, BigInt.asIntN(64, ns));
}

/** Integer argument as bigint, whatever integer representation the executor passes. */
function big(v: GoValue): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof GoInt) return v.v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  return 0n;
}

// ----- time.Time methods -----------------------------------------------------------------------

const timeMethodTable: Record<string, FuncDef> = {
  String: fn([], T_STRING, (t: GoTime) => timeString(t)),
  GoString: fn([], T_STRING, (t: GoTime) => timeGoString(t)),
  Format: fn([T_STRING], T_STRING, (t: GoTime, layout: string) => formatTime(t, layout)),
  Unix: fn([], T_INT64, (t: GoTime) => t.unix()),
  UnixMilli: fn([], T_INT64, (t: GoTime) => BigInt.asIntN(64, t.unix() * 1000n + BigInt(Math.floor(t.nsec / 1e6)))),
  UnixMicro: fn([], T_INT64, (t: GoTime) =>
    BigInt.asIntN(64, t.unix() * 1_000_000n + BigInt(Math.floor(t.nsec / 1e3))),
  ),
  UnixNano: fn([], T_INT64, (t: GoTime) => BigInt.asIntN(64, t.unix() * 1_000_000_000n + BigInt(t.nsec))),
  Year: fn([], T_INT, (t: GoTime) => t.civil().year),
  Month: fn([], T_MONTH, (t: GoTime) => goIntOf(T_MONTH, t.civil().month)),
  Day: fn([], T_INT, (t: GoTime) => t.civil().day),
  Hour: fn([], T_INT, (t: GoTime) => t.civil().hour),
  Minute: fn([], T_INT, (t: GoTime) => t.civil().min),
  Second: fn([], T_INT, (t: GoTime) => t.civil().sec),
  Nanosecond: fn([], T_INT, (t: GoTime) => t.nsec),
  YearDay: fn([], T_INT, (t: GoTime) => t.civil().yday),
  Weekday: fn([], T_WEEKDAY, (t: GoTime) => goIntOf(T_WEEKDAY, t.civil().weekday)),
  IsZero: fn([], T_BOOL, (t: GoTime) => t.isZero()),
  IsDST: fn([], T_BOOL, (t: GoTime) => t.loc.lookup(t.unix()).isDST),
  UTC: fn([], T_TIME, (t: GoTime) => t.in(UTC)),
  Local: fn([], T_TIME, (t: GoTime) => t.in(Local)),
  In: fn([T_LOCATION], T_TIME, (t: GoTime, loc: Location | null) => {
    if (loc === null) throw new FuncError('time: missing Location in call to Time.In');
    return t.in(loc);
  }),
  Location: fn([], T_LOCATION, (t: GoTime) => t.loc),
  Add: fn([T_DURATION], T_TIME, (t: GoTime, d: GoValue) => t.add(big(d))),
  Sub: fn([T_TIME], T_DURATION, (t: GoTime, u: GoTime) => goDuration(t.sub(u))),
  AddDate: fn([T_INT, T_INT, T_INT], T_TIME, (t: GoTime, y: number, m: number, d: number) => t.addDate(y, m, d)),
  After: fn([T_TIME], T_BOOL, (t: GoTime, u: GoTime) => t.after(u)),
  Before: fn([T_TIME], T_BOOL, (t: GoTime, u: GoTime) => t.before(u)),
  Equal: fn([T_TIME], T_BOOL, (t: GoTime, u: GoTime) => t.equal(u)),
  Compare: fn([T_TIME], T_INT, (t: GoTime, u: GoTime) => t.compare(u)),
  Round: fn([T_DURATION], T_TIME, (t: GoTime, d: GoValue) => t.round(big(d))),
  Truncate: fn([T_DURATION], T_TIME, (t: GoTime, d: GoValue) => t.truncate(big(d))),
  MarshalJSON: fn([], T_BYTES, (t: GoTime) => {
    const s = timeRFC3339Nano(t);
    if (s === undefined) throw new FuncError(rfc3339Error(t, 'MarshalJSON'));
    return new TextEncoder().encode(`"${s}"`);
  }),
  MarshalText: fn([], T_BYTES, (t: GoTime) => {
    const s = timeRFC3339Nano(t);
    if (s === undefined) throw new FuncError(rfc3339Error(t, 'MarshalText'));
    return new TextEncoder().encode(s);
  }),
  MarshalBinary: fn([], T_BYTES, (t: GoTime) => appendBinary(t, EMPTY)),
  GobEncode: fn([], T_BYTES, (t: GoTime) => appendBinary(t, EMPTY)),
  AppendFormat: fn([T_BYTES, T_STRING], T_BYTES, (t: GoTime, b: Uint8Array | null, layout: string) =>
    concatBytes(b ?? EMPTY, stringToBytes(formatTime(t, layout))),
  ),
  AppendBinary: {
    ...fn([T_BYTES], T_BYTES, (t: GoTime, b: Uint8Array | null) => appendBinary(t, b ?? EMPTY)),
    helm4Only: true,
  },
  AppendText: {
    ...fn([T_BYTES], T_BYTES, (t: GoTime, b: Uint8Array | null) => {
      const s = timeRFC3339Nano(t);
      if (s === undefined) throw new FuncError(rfc3339Error(t, 'AppendText'));
      return concatBytes(b ?? EMPTY, stringToBytes(s));
    }),
    helm4Only: true,
  },
};
// Methods with several results: text/template finds them but refuses to call them.
const badResults: [string, string][] = [
  ['Clock', 'function Clock has 3 return values; should be 1 or 2'],
  ['Date', 'function Date has 3 return values; should be 1 or 2'],
  ['ISOWeek', 'invalid function signature for ISOWeek: second return value should be error; is int'],
  ['Zone', 'invalid function signature for Zone: second return value should be error; is int'],
  ['ZoneBounds', 'invalid function signature for ZoneBounds: second return value should be error; is time.Time'],
];
for (const [name, badSignature] of badResults) {
  timeMethodTable[name] = { ...fn([], T_INTERFACE, () => null), badSignature };
}
for (const [k, v] of Object.entries(timeMethodTable)) methods.set(k, v);

const EMPTY = new Uint8Array(0);

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Time.AppendBinary (MarshalBinary, GobEncode): a version byte, the seconds since year 1 (int64) and
 * the nanoseconds (int32), big-endian, then the zone offset in minutes (int16; -1 for UTC itself),
 * and for an offset with seconds (version 2) those seconds (int8).
 */
function appendBinary(t: GoTime, b: Uint8Array): Uint8Array {
  let version = 1;
  let offsetMin = -1;
  let offsetSec = 0;
  if (t.loc !== UTC) {
    const offset = t.loc.lookup(t.unix()).offset;
    if (offset % 60 !== 0) {
      version = 2;
      offsetSec = offset % 60;
    }
    offsetMin = Math.trunc(offset / 60);
    if (offsetMin < -32768 || offsetMin === -1 || offsetMin > 32767) {
      throw new FuncError('Time.MarshalBinary: unexpected zone offset');
    }
  }
  const out = new DataView(new ArrayBuffer(version === 2 ? 16 : 15));
  out.setUint8(0, version);
  out.setBigInt64(1, BigInt.asIntN(64, t.ext));
  out.setInt32(9, t.nsec);
  out.setInt16(13, offsetMin);
  if (version === 2) out.setInt8(15, offsetSec);
  return concatBytes(b, new Uint8Array(out.buffer));
}

// ----- Duration, Month, Weekday, Location methods ----------------------------------------------

/** Go's Duration.Hours/Minutes/Seconds: whole units plus the float remainder. */
function durationUnits(d: bigint, unit: bigint): number {
  const whole = d / unit;
  const rest = d % unit;
  return Number(whole) + Number(rest) / Number(unit);
}

const durationMethodTable: Record<string, FuncDef> = {
  String: fn([], T_STRING, (d: GoInt) => durationString(d.v)),
  Hours: fn([], T_FLOAT64, (d: GoInt) => durationUnits(d.v, HOUR)),
  Minutes: fn([], T_FLOAT64, (d: GoInt) => durationUnits(d.v, MINUTE)),
  Seconds: fn([], T_FLOAT64, (d: GoInt) => durationUnits(d.v, SECOND)),
  Milliseconds: fn([], T_INT64, (d: GoInt) => d.v / MILLISECOND),
  Microseconds: fn([], T_INT64, (d: GoInt) => d.v / MICROSECOND),
  Nanoseconds: fn([], T_INT64, (d: GoInt) => d.v),
  Round: fn([T_DURATION], T_DURATION, (d: GoInt, m: GoValue) => goDuration(durationRound(d.v, big(m)))),
  Truncate: fn([T_DURATION], T_DURATION, (d: GoInt, m: GoValue) => goDuration(durationTruncate(d.v, big(m)))),
  Abs: fn([], T_DURATION, (d: GoInt) => goDuration(durationAbs(d.v))),
};
for (const [k, v] of Object.entries(durationMethodTable)) durationMethods.set(k, v);
monthMethods.set(
  'String',
  fn([], T_STRING, (m: GoInt) => monthString(m.v)),
);
weekdayMethods.set(
  'String',
  fn([], T_STRING, (d: GoInt) => weekdayString(d.v)),
);
locationMethods.set(
  'String',
  fn([], T_STRING, (l: Location) => l.toString()),
);
