/**
 * A minimal Go `time.Time` for TOML datetimes (what BurntSushi/toml decodes them to): it prints like
 * Go's Time.String(), including the pseudo-locations `datetime-local`, `date-local` and `time-local`
 * that the decoder uses for local (offset-less) values. The full time.Time type belongs to the date
 * functions in src/sprig; this one only has to round-trip through fromToml/toToml/toJson/printing.
 */
import type { GoType } from '../gotemplate/types.js';
import { GoStruct } from '../gotemplate/value.js';

export type TomlTimeKind = 'offset' | 'datetime-local' | 'date-local' | 'time-local';

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function zoneText(offsetMin: number): string {
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${sign}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
}

function fraction(nanos: number): string {
  if (nanos === 0) return '';
  return `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
}

export const T_TIME: GoType = {
  kind: 'struct',
  name: 'time.Time',
  fields: [],
  stringer: (t: TomlTime) => t.goString(),
  marshalJSON: (t: TomlTime) => `"${t.rfc3339()}"`,
};

/** A TOML datetime as a Go time.Time (wall clock fields plus offset and location name). */
export class TomlTime extends GoStruct {
  readonly goType = T_TIME;
  constructor(
    readonly kind: TomlTimeKind,
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour: number,
    readonly minute: number,
    readonly second: number,
    readonly nanos: number,
    /** Minutes east of UTC (0 for local kinds, which Go keeps in a zero-offset location). */
    readonly offsetMin: number,
    /** Zone name: `UTC` for `Z`, "" for a numeric offset, the pseudo-location for local kinds. */
    readonly zoneName: string,
  ) {
    super();
  }

  /** Go's Time.String(): `2006-01-02 15:04:05.999999999 -0700 MST`. */
  goString(): string {
    const d = `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
    const t = `${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${fraction(this.nanos)}`;
    const zone = zoneText(this.offsetMin);
    return `${d} ${t} ${zone} ${this.zoneName === '' ? zone : this.zoneName}`;
  }

  /** RFC 3339 with nanoseconds (Go's time.RFC3339Nano), as json.Marshal writes it. */
  rfc3339(): string {
    const d = `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
    const t = `${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${fraction(this.nanos)}`;
    const z =
      this.offsetMin === 0 ? 'Z' : `${zoneText(this.offsetMin).slice(0, 3)}:${zoneText(this.offsetMin).slice(3)}`;
    return `${d}T${t}${z}`;
  }

  /** The TOML text BurntSushi/toml writes for this value. */
  tomlText(): string {
    const d = `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
    const t = `${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${fraction(this.nanos)}`;
    switch (this.kind) {
      case 'date-local':
        return d;
      case 'time-local':
        return t;
      case 'datetime-local':
        return `${d}T${t}`;
      default:
        return this.rfc3339();
    }
  }
}
