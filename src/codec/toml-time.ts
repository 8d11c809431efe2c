/**
 * TOML datetimes as Go `time.Time` values (src/sprig/time.ts), made the way BurntSushi/toml makes
 * them: `time.ParseInLocation` with one layout per kind of datetime, offset datetimes in `Local`,
 * local datetimes, dates and times in the pseudo-locations `datetime-local`, `date-local` and
 * `time-local`. Like BurntSushi's internal package these are fixed zones with the offset `Local`
 * has when the process starts (not zero: with TZ=Europe/Berlin helm prints `+0100
 * datetime-local`), one pointer each, so the encoder can tell the kinds apart.
 */
import { fixedZone, formatTime, GoTime, Local, type Location, parseInLocation, UTC } from '../sprig/time.js';

export type TomlTimeKind = 'offset' | 'datetime-local' | 'date-local' | 'time-local';

/** BurntSushi's internal.LocalDatetime, LocalDate and LocalTime (made on first use). */
interface LocalZones {
  datetime: Location;
  date: Location;
  time: Location;
}
let localZones: LocalZones | undefined;

export function tomlLocalZones(): LocalZones {
  if (localZones === undefined) {
    const offset = Local.lookup(BigInt(Math.floor(Date.now() / 1000))).offset;
    localZones = {
      datetime: fixedZone('datetime-local', offset),
      date: fixedZone('date-local', offset),
      time: fixedZone('time-local', offset),
    };
  }
  return localZones;
}

const RFC3339_NANO = '2006-01-02T15:04:05.999999999Z07:00';

/** The layout and location BurntSushi parses each kind with (`seconds` false: TOML 1.1 `15:04`). */
function layoutOf(kind: TomlTimeKind, seconds: boolean): [string, Location] {
  switch (kind) {
    case 'offset':
      return [seconds ? RFC3339_NANO : '2006-01-02T15:04Z07:00', Local];
    case 'datetime-local':
      return [seconds ? '2006-01-02T15:04:05.999999999' : '2006-01-02T15:04', tomlLocalZones().datetime];
    case 'date-local':
      return ['2006-01-02', tomlLocalZones().date];
    case 'time-local':
      return [seconds ? '15:04:05.999999999' : '15:04', tomlLocalZones().time];
  }
}

/**
 * The time.Time of a datetime token the decoder has checked (`T`/space separator and `Z` in any
 * case, like BurntSushi's replacer); undefined when Go's parser rejects it (e.g. second 60).
 */
export function tomlTime(kind: TomlTimeKind, token: string, seconds: boolean): GoTime | undefined {
  const [layout, loc] = layoutOf(kind, seconds);
  const text = token.replace(/[zt ]/g, (c) => (c === ' ' ? 'T' : c.toUpperCase()));
  try {
    return parseInLocation(layout, text, loc);
  } catch {
    return undefined;
  }
}

/**
 * The TOML text BurntSushi/toml writes for a time.Time: local kinds in their own layouts (the
 * instant shown in UTC), every other location as RFC 3339 with nanoseconds.
 */
export function tomlTimeText(t: GoTime): string {
  const z = localZones;
  if (z !== undefined) {
    if (t.loc === z.datetime) return formatTime(t.in(UTC), '2006-01-02T15:04:05.999999999');
    if (t.loc === z.date) return formatTime(t.in(UTC), '2006-01-02');
    if (t.loc === z.time) return formatTime(t.in(UTC), '15:04:05.999999999');
  }
  return formatTime(t, RFC3339_NANO);
}

export { GoTime };
