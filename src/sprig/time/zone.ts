/**
 * Go's *time.Location: UTC, Local (from the TZ environment variable like Go), FixedZone, and zones
 * loaded with Go's LoadLocation rules from the system's IANA database (TZif files under
 * /usr/share/zoneinfo, exactly the files helm reads, so abbreviations such as `JST`, `CEST` or
 * `LMT` and every historical offset match). When a machine has no zoneinfo directory at all, zones
 * come from Intl's built-in IANA data instead (offsets exact, abbreviations approximated).
 */
import { readFileSync, statSync } from 'node:fs';
import type { GoType } from '../../gotemplate/types.js';
import { GoStruct } from '../../gotemplate/value.js';

/** One zone of a location: abbreviation, offset (seconds east of UTC), DST flag. */
export interface Zone {
  readonly name: string;
  readonly offset: number;
  readonly isDST: boolean;
}

/** The result of Location.lookup: zone in effect at an instant, and the bracketing transitions. */
export interface ZoneLookup {
  readonly name: string;
  readonly offset: number;
  readonly start: bigint;
  readonly end: bigint;
  readonly isDST: boolean;
}

interface Transition {
  readonly when: bigint;
  readonly index: number;
}

export const ALPHA = -(1n << 63n);
export const OMEGA = (1n << 63n) - 1n;
const SECONDS_PER_DAY = 86400;

/** How zone data is consulted: a TZif table, or Intl for machines without zoneinfo. */
type ZoneSource = { kind: 'table'; zones: Zone[]; tx: Transition[]; extend: string } | { kind: 'intl'; tz: string };

/** A Go *time.Location. Identity matters: Local and UTC are singletons like in Go. */
export class Location extends GoStruct {
  /** `*time.Location`, set by time.ts together with the method table. */
  static type: GoType;
  get goType(): GoType {
    return Location.type;
  }

  /** @internal use the factories below */
  constructor(
    public name: string,
    private source: ZoneSource | (() => { name: string; source: ZoneSource }),
  ) {
    super();
  }

  private get data(): ZoneSource {
    if (typeof this.source === 'function') {
      const init = this.source();
      this.name = init.name;
      this.source = init.source;
    }
    return this.source;
  }

  /** Location.String(). */
  override toString(): string {
    void this.data; // Local resolves its name lazily, like Go's localLoc.get()
    return this.name;
  }

  /** reflect.DeepEqual of two locations: same name and zone data. */
  sameContent(other: Location): boolean {
    const a = this.data;
    const b = other.data;
    if (this.name !== other.name || a.kind !== b.kind) return false;
    if (a.kind === 'intl' || b.kind === 'intl') return a.kind === 'intl' && b.kind === 'intl' && a.tz === b.tz;
    return (
      a.extend === b.extend &&
      a.zones.length === b.zones.length &&
      a.zones.every(
        (z, i) => z.name === b.zones[i]!.name && z.offset === b.zones[i]!.offset && z.isDST === b.zones[i]!.isDST,
      ) &&
      a.tx.length === b.tx.length &&
      a.tx.every((t, i) => t.when === b.tx[i]!.when && t.index === b.tx[i]!.index)
    );
  }

  /** The zone in effect at `sec` seconds since the Unix epoch (Go's Location.lookup). */
  lookup(sec: bigint): ZoneLookup {
    const src = this.data;
    if (src.kind === 'intl') return intlLookup(src.tz, sec);
    const { zones, tx, extend } = src;
    if (zones.length === 0) return { name: 'UTC', offset: 0, start: ALPHA, end: OMEGA, isDST: false };
    if (tx.length === 0 || sec < tx[0]!.when) {
      const z = zones[lookupFirstZone(zones, tx)]!;
      return { name: z.name, offset: z.offset, start: ALPHA, end: tx.length > 0 ? tx[0]!.when : OMEGA, isDST: z.isDST };
    }
    let end = OMEGA;
    let lo = 0;
    let hi = tx.length;
    while (hi - lo > 1) {
      const m = lo + ((hi - lo) >> 1);
      const lim = tx[m]!.when;
      if (sec < lim) {
        end = lim;
        hi = m;
      } else lo = m;
    }
    const z = zones[tx[lo]!.index]!;
    if (lo === tx.length - 1 && extend !== '') {
      const r = tzset(extend, end, sec);
      if (r) return r;
    }
    return { name: z.name, offset: z.offset, start: tx[lo]!.when, end, isDST: z.isDST };
  }

  /** Offset of the zone named `name` in effect around pseudo-Unix time `unix` (Go's lookupName). */
  lookupName(name: string, unix: bigint): number | undefined {
    const src = this.data;
    if (src.kind === 'intl') {
      const z = intlLookup(src.tz, unix);
      return z.name === name ? z.offset : undefined;
    }
    for (const z of src.zones) {
      if (z.name === name) {
        const r = this.lookup(unix - BigInt(z.offset));
        if (r.name === z.name) return r.offset;
      }
    }
    for (const z of src.zones) if (z.name === name) return z.offset;
    return undefined;
  }
}

function lookupFirstZone(zones: Zone[], tx: Transition[]): number {
  if (!tx.some((t) => t.index === 0)) return 0;
  if (tx.length > 0 && zones[tx[0]!.index]!.isDST) {
    for (let zi = tx[0]!.index - 1; zi >= 0; zi--) if (!zones[zi]!.isDST) return zi;
  }
  for (let zi = 0; zi < zones.length; zi++) if (!zones[zi]!.isDST) return zi;
  return 0;
}

/** time.UTC */
export const UTC = new Location('UTC', { kind: 'table', zones: [], tx: [], extend: '' });

/** Go caches unnamed whole-hour fixed zones (-12h..+14h), so equal offsets share one pointer. */
const unnamedHourZones = new Map<number, Location>();

/** time.FixedZone(name, offset). */
export function fixedZone(name: string, offset: number): Location {
  const hour = Math.trunc(offset / 3600);
  if (name === '' && hour >= -12 && hour <= 14 && hour * 3600 === offset) {
    let z = unnamedHourZones.get(hour);
    if (!z) {
      z = makeFixedZone(name, offset);
      unnamedHourZones.set(hour, z);
    }
    return z;
  }
  return makeFixedZone(name, offset);
}

function makeFixedZone(name: string, offset: number): Location {
  return new Location(name, {
    kind: 'table',
    zones: [{ name, offset, isDST: false }],
    tx: [{ when: ALPHA, index: 0 }],
    extend: '',
  });
}

// ----- TZ environment and Local ---------------------------------------------------------------

/** Go's platformZoneSources on Unix. */
const ZONE_SOURCES = ['/usr/share/zoneinfo/', '/usr/share/lib/zoneinfo/', '/usr/lib/locale/TZ/', '/etc/zoneinfo/'];
const MAX_TZ_FILE = 10 << 20;

function initLocal(): { name: string; source: ZoneSource } {
  const tz = process.env.TZ;
  if (tz === undefined) {
    const z = loadFile('/etc/localtime', 'Local');
    if (z) return { name: 'Local', source: z };
    const intl = intlDefaultZone();
    if (intl && !hasZoneinfo()) return { name: 'Local', source: { kind: 'intl', tz: intl } };
  } else if (tz !== '') {
    let name = tz.startsWith(':') ? tz.slice(1) : tz;
    if (name !== '' && name.startsWith('/')) {
      const z = loadFile(name, name);
      if (z) return { name: name === '/etc/localtime' ? 'Local' : name, source: z };
    } else if (name !== '' && name !== 'UTC') {
      const z = loadFromSources(name);
      if (z) return { name, source: z };
      if (!hasZoneinfo() && intlZone(name)) return { name, source: { kind: 'intl', tz: name } };
    }
    name = '';
  }
  return { name: 'UTC', source: { kind: 'table', zones: [], tx: [], extend: '' } };
}

/** time.Local: resolved from process.env.TZ on first use, like Go's localOnce. */
export const Local = new Location('Local', initLocal);

/** Re-reads process.env.TZ for the Local location (Go reads it once per process; tests change it). */
export function resetLocal(): void {
  (Local as unknown as { source: unknown }).source = initLocal;
  (Local as unknown as { name: string }).name = 'Local';
  cache.clear();
}

// ----- LoadLocation -----------------------------------------------------------------------------

const cache = new Map<string, Location | null>();

/** time.LoadLocation(name): the location, or undefined where Go returns an error. */
export function loadLocation(name: string): Location | undefined {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return Local;
  if (name.includes('..') || name[0] === '/' || name[0] === '\\' || name.includes('\0')) return undefined;
  const hit = cache.get(name);
  if (hit !== undefined) return hit ?? undefined;
  let loc: Location | null = null;
  const src = loadFromZoneinfoEnv(name) ?? loadFromSources(name);
  if (src) loc = new Location(name, src);
  else if (!hasZoneinfo()) {
    const tz = intlZone(name);
    if (tz) loc = new Location(name, { kind: 'intl', tz });
  }
  if (cache.size > 1000) cache.clear();
  cache.set(name, loc);
  return loc ?? undefined;
}

function loadFromZoneinfoEnv(name: string): ZoneSource | undefined {
  const dir = process.env.ZONEINFO;
  if (!dir || dir.endsWith('.zip')) return undefined;
  return loadFile(`${dir}/${name}`, name);
}

function loadFromSources(name: string): ZoneSource | undefined {
  for (const dir of ZONE_SOURCES) {
    const z = loadFile(dir + name, name);
    if (z) return z;
  }
  return undefined;
}

let zoneinfoPresent: boolean | undefined;
function hasZoneinfo(): boolean {
  if (zoneinfoPresent === undefined) {
    zoneinfoPresent = ZONE_SOURCES.some((d) => {
      try {
        return statSync(d).isDirectory();
      } catch {
        return false;
      }
    });
  }
  return zoneinfoPresent;
}

function loadFile(path: string, name: string): ZoneSource | undefined {
  let data: Buffer;
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_TZ_FILE) return undefined;
    data = readFileSync(path);
  } catch {
    return undefined;
  }
  return parseTZif(data, name);
}

/** Go's LoadLocationFromTZData; undefined for malformed data. Exported for tests. */
export function parseTZif(data: Uint8Array, _name = ''): ZoneSource | undefined {
  let p = 0;
  let bad = false;
  const read = (n: number): Uint8Array => {
    if (data.length - p < n) {
      bad = true;
      p = data.length;
      return new Uint8Array(0);
    }
    const r = data.subarray(p, p + n);
    p += n;
    return r;
  };
  const big4 = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
  const magic = read(4);
  if (bad || String.fromCharCode(...magic) !== 'TZif') return undefined;
  const hdr = read(16);
  if (bad) return undefined;
  let version: number;
  if (hdr[0] === 0) version = 1;
  else if (hdr[0] === 0x32) version = 2;
  else if (hdr[0] === 0x33) version = 3;
  else return undefined;
  const counts = (): number[] | undefined => {
    const b = read(24);
    if (bad) return undefined;
    return [0, 1, 2, 3, 4, 5].map((i) => big4(b, i * 4));
  };
  let n = counts();
  if (!n) return undefined;
  const [NUTCLocal, NStdWall, NLeap, NTime, NZone, NChar] = [0, 1, 2, 3, 4, 5];
  let is64 = false;
  if (version > 1) {
    const skip = n[NTime]! * 5 + n[NZone]! * 6 + n[NChar]! + n[NLeap]! * 8 + n[NStdWall]! + n[NUTCLocal]! + 20;
    read(skip);
    is64 = true;
    n = counts();
    if (!n) return undefined;
  }
  const size = is64 ? 8 : 4;
  const txtimes = read(n[NTime]! * size);
  const txzones = read(n[NTime]!);
  const zonedata = read(n[NZone]! * 6);
  const abbrev = read(n[NChar]!);
  read(n[NLeap]! * (size + 4));
  read(n[NStdWall]!);
  read(n[NUTCLocal]!);
  if (bad) return undefined;
  let extend = '';
  const rest = data.subarray(p);
  if (rest.length > 2 && rest[0] === 0x0a && rest[rest.length - 1] === 0x0a) {
    extend = Buffer.from(rest.subarray(1, rest.length - 1)).toString('latin1');
  }
  const nzone = n[NZone]!;
  if (nzone === 0) return undefined;
  const zones: Zone[] = [];
  for (let i = 0; i < nzone; i++) {
    const off = big4(zonedata, i * 6) | 0;
    const isDST = zonedata[i * 6 + 4] !== 0;
    const ai = zonedata[i * 6 + 5]!;
    if (ai >= abbrev.length) return undefined;
    let e = ai;
    while (e < abbrev.length && abbrev[e] !== 0) e++;
    zones.push({ name: Buffer.from(abbrev.subarray(ai, e)).toString('latin1'), offset: off, isDST });
  }
  const tx: Transition[] = [];
  const dv = new DataView(txtimes.buffer, txtimes.byteOffset, txtimes.byteLength);
  for (let i = 0; i < n[NTime]!; i++) {
    const when = is64 ? dv.getBigInt64(i * 8) : BigInt(dv.getInt32(i * 4));
    const index = txzones[i]!;
    if (index >= zones.length) return undefined;
    tx.push({ when, index });
  }
  if (tx.length === 0) tx.push({ when: ALPHA, index: 0 });
  return { kind: 'table', zones, tx, extend };
}

// ----- POSIX TZ rules (the TZif footer) -------------------------------------------------------

interface Rule {
  kind: 'julian' | 'doy' | 'mwd';
  day: number;
  week: number;
  mon: number;
  time: number;
}

function tzsetName(s: string): [string, string] | undefined {
  if (s.length === 0) return undefined;
  if (s[0] !== '<') {
    for (let i = 0; i < s.length; i++) {
      if ('0123456789,-+'.includes(s[i]!)) {
        if (i < 3) return undefined;
        return [s.slice(0, i), s.slice(i)];
      }
    }
    if (s.length < 3) return undefined;
    return [s, ''];
  }
  const j = s.indexOf('>');
  if (j < 0) return undefined;
  return [s.slice(1, j), s.slice(j + 1)];
}

function tzsetNum(s: string, min: number, max: number): [number, string] | undefined {
  if (s.length === 0) return undefined;
  let num = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) {
      if (i === 0 || num < min) return undefined;
      return [num, s.slice(i)];
    }
    num = num * 10 + (c - 48);
    if (num > max) return undefined;
  }
  if (num < min) return undefined;
  return [num, ''];
}

function tzsetOffset(s: string): [number, string] | undefined {
  if (s.length === 0) return undefined;
  let neg = false;
  if (s[0] === '+') s = s.slice(1);
  else if (s[0] === '-') {
    s = s.slice(1);
    neg = true;
  }
  let r = tzsetNum(s, 0, 24 * 7);
  if (!r) return undefined;
  let off = r[0] * 3600;
  s = r[1];
  if (s.length === 0 || s[0] !== ':') return [neg ? -off : off, s];
  r = tzsetNum(s.slice(1), 0, 59);
  if (!r) return undefined;
  off += r[0] * 60;
  s = r[1];
  if (s.length === 0 || s[0] !== ':') return [neg ? -off : off, s];
  r = tzsetNum(s.slice(1), 0, 59);
  if (!r) return undefined;
  off += r[0];
  return [neg ? -off : off, r[1]];
}

function tzsetRule(s: string): [Rule, string] | undefined {
  const r: Rule = { kind: 'doy', day: 0, week: 0, mon: 0, time: 0 };
  if (s.length === 0) return undefined;
  if (s[0] === 'J') {
    const j = tzsetNum(s.slice(1), 1, 365);
    if (!j) return undefined;
    r.kind = 'julian';
    r.day = j[0];
    s = j[1];
  } else if (s[0] === 'M') {
    const m = tzsetNum(s.slice(1), 1, 12);
    if (!m || m[1].length === 0 || m[1][0] !== '.') return undefined;
    const w = tzsetNum(m[1].slice(1), 1, 5);
    if (!w || w[1].length === 0 || w[1][0] !== '.') return undefined;
    const d = tzsetNum(w[1].slice(1), 0, 6);
    if (!d) return undefined;
    r.kind = 'mwd';
    r.mon = m[0];
    r.week = w[0];
    r.day = d[0];
    s = d[1];
  } else {
    const d = tzsetNum(s, 0, 365);
    if (!d) return undefined;
    r.day = d[0];
    s = d[1];
  }
  if (s.length === 0 || s[0] !== '/') {
    r.time = 2 * 3600;
    return [r, s];
  }
  const o = tzsetOffset(s.slice(1));
  if (!o) return undefined;
  r.time = o[0];
  return [r, o[1]];
}

export function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

export function daysIn(month: number, year: number): number {
  if (month === 2 && isLeap(year)) return 29;
  return DAYS_BEFORE[month]! - DAYS_BEFORE[month - 1]!;
}

/** Go integer division (truncation toward zero). */
function quo(a: number, b: number): number {
  return Math.trunc(a / b);
}

function tzruleTime(year: number, r: Rule, off: number): number {
  let s = 0;
  if (r.kind === 'julian') {
    s = (r.day - 1) * SECONDS_PER_DAY;
    if (isLeap(year) && r.day >= 60) s += SECONDS_PER_DAY;
  } else if (r.kind === 'doy') {
    s = r.day * SECONDS_PER_DAY;
  } else {
    const m1 = ((r.mon + 9) % 12) + 1;
    let yy0 = year;
    if (r.mon <= 2) yy0--;
    const yy1 = quo(yy0, 100);
    const yy2 = yy0 % 100;
    let dow = (quo(26 * m1 - 2, 10) + 1 + yy2 + quo(yy2, 4) + quo(yy1, 4) - 2 * yy1) % 7;
    if (dow < 0) dow += 7;
    let d = r.day - dow;
    if (d < 0) d += 7;
    for (let i = 1; i < r.week; i++) {
      if (d + 7 >= daysIn(r.mon, year)) break;
      d += 7;
    }
    d += DAYS_BEFORE[r.mon - 1]!;
    if (isLeap(year) && r.mon > 2) d++;
    s = d * SECONDS_PER_DAY;
  }
  return s + r.time - off;
}

/** Go's tzset: the zone a POSIX TZ string gives for `sec`; undefined when the string is invalid. */
function tzset(s: string, initEnd: bigint, sec: bigint): ZoneLookup | undefined {
  const n1 = tzsetName(s);
  if (!n1) return undefined;
  let stdName = n1[0];
  const o1 = tzsetOffset(n1[1]);
  if (!o1) return undefined;
  let stdOffset = -o1[0];
  s = o1[1];
  if (s.length === 0 || s[0] === ',') {
    return { name: stdName, offset: stdOffset, start: initEnd, end: OMEGA, isDST: false };
  }
  const n2 = tzsetName(s);
  if (!n2) return undefined;
  let dstName = n2[0];
  s = n2[1];
  let dstOffset: number;
  if (s.length === 0 || s[0] === ',') dstOffset = stdOffset + 3600;
  else {
    const o2 = tzsetOffset(s);
    if (!o2) return undefined;
    dstOffset = -o2[0];
    s = o2[1];
  }
  if (s.length === 0) s = ',M3.2.0,M11.1.0';
  if (s[0] !== ',' && s[0] !== ';') return undefined;
  s = s.slice(1);
  const r1 = tzsetRule(s);
  if (!r1 || r1[1].length === 0 || r1[1][0] !== ',') return undefined;
  const r2 = tzsetRule(r1[1].slice(1));
  if (!r2 || r2[1].length > 0) return undefined;
  const startRule = r1[0];
  const endRule = r2[0];

  const { year, yday } = yearAndYday(sec);
  const ysec = BigInt(yday * SECONDS_PER_DAY) + (sec % 86400n);
  const abs = BigInt(daysFromCivil(year, 1, 1)) * 86400n;

  let startSec = BigInt(tzruleTime(year, startRule, stdOffset));
  let endSec = BigInt(tzruleTime(year, endRule, dstOffset));
  let dstIsDST = true;
  let stdIsDST = false;
  if (endSec < startSec) {
    [startSec, endSec] = [endSec, startSec];
    [stdName, dstName] = [dstName, stdName];
    [stdOffset, dstOffset] = [dstOffset, stdOffset];
    [stdIsDST, dstIsDST] = [dstIsDST, stdIsDST];
  }
  if (ysec < startSec) return { name: stdName, offset: stdOffset, start: abs, end: startSec + abs, isDST: stdIsDST };
  if (ysec >= endSec) {
    return { name: stdName, offset: stdOffset, start: endSec + abs, end: abs + 365n * 86400n, isDST: stdIsDST };
  }
  return { name: dstName, offset: dstOffset, start: startSec + abs, end: endSec + abs, isDST: dstIsDST };
}

/** Year and zero-based day of year of a Unix second (UTC). */
function yearAndYday(sec: bigint): { year: number; yday: number } {
  const days = Number(floorDiv(sec, 86400n));
  const { year } = civilFromDays(days);
  return { year, yday: days - daysFromCivil(year, 1, 1) };
}

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Proleptic Gregorian date of a day count since 1970-01-01. */
export function civilFromDays(z: number): { year: number; month: number; day: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

// ----- Intl fallback (no zoneinfo directory on this machine) ----------------------------------

/**
 * A location backed by Intl's IANA data: what loadLocation uses on machines without a zoneinfo
 * directory. Exported so that tests can compare it with the TZif data.
 */
export function intlLocation(name: string): Location | undefined {
  const tz = intlZone(name);
  return tz ? new Location(name, { kind: 'intl', tz }) : undefined;
}

function intlDefaultZone(): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US').resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function intlZone(name: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
}

const intlFormatters = new Map<string, Intl.DateTimeFormat>();
const intlShortNames = new Map<string, Intl.DateTimeFormat>();

/**
 * The zone in effect at `sec` according to Intl. Intl cannot report transition instants, so the
 * zone is reported as valid for that second only, which makes Date() re-check the offset.
 */
function intlLookup(tz: string, sec: bigint): ZoneLookup {
  let f = intlFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset', year: 'numeric' });
    intlFormatters.set(tz, f);
  }
  // Intl handles ±8.64e15 ms; clamp beyond that (outside any real zone data anyway).
  const ms =
    Number(sec < -8_640_000_000_000n ? -8_640_000_000_000n : sec > 8_640_000_000_000n ? 8_640_000_000_000n : sec) *
    1000;
  const part = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(part);
  let offset = 0;
  if (m?.[1]) offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0));
  let short = intlShortNames.get(tz);
  if (!short) {
    short = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'short' });
    intlShortNames.set(tz, short);
  }
  const abbr = short.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value;
  let name: string;
  if (abbr && /^[A-Z]{3,5}$/.test(abbr)) name = abbr;
  else {
    // tzdata's numeric abbreviations: +09, -0330
    const a = Math.abs(offset);
    const hh = String(Math.floor(a / 3600)).padStart(2, '0');
    const mm = Math.floor((a % 3600) / 60);
    name = (offset < 0 ? '-' : '+') + hh + (mm ? String(mm).padStart(2, '0') : '');
    if (offset === 0) name = 'UTC';
  }
  return { name, offset, start: sec, end: sec + 1n, isDST: false };
}
