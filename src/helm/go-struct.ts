/**
 * sigs.k8s.io/yaml's Unmarshal into one of helm's Go structs (Chart.yaml's chart.Metadata,
 * Chart.lock's chart.Lock): YAML → JSON, with scalars turned into strings where the struct wants a
 * string, then encoding/json into the struct, with its error texts. encoding/json keeps decoding after
 * a type mismatch and reports the first one; an UnmarshalJSON failure (time.Time) stops it at once.
 */
import { jsonString } from '../codec/json.js';
import { YInt, YMap, type YValue } from '../codec/yaml-decode.js';
import { formatFloat32, yamlToGo } from '../codec/yaml-read.js';
import { compareGoStrings } from '../gotemplate/value.js';
import { checkRFC3339 } from './rfc3339.js';

/** A Go field type: scalars, `[]T`, `map[string]T` and structs (names as reflect prints them). */
export type GoType =
  | 'string'
  | 'bool'
  | 'time'
  /** interface {}: the value encoding/json decodes into `interface {}` (numbers float64, maps GoMap). */
  | 'any'
  | { slice: GoType; name: string }
  | { map: GoType; name: string }
  | GoStruct;

export interface GoStruct {
  /** Package-qualified name, e.g. `chart.Metadata`. */
  struct: string;
  /** JSON field names and types. */
  fields: Record<string, GoType>;
  /** The property a decoded field is stored under, where it is not the JSON name. */
  props?: Record<string, string>;
}

/** A failed unmarshal; `message` is sigs.k8s.io/yaml's text (`error unmarshaling JSON: …`). */
export class GoDecodeError extends Error {
  constructor(message: string) {
    super(`error unmarshaling JSON: while decoding JSON: ${message}`);
    this.name = 'GoDecodeError';
  }
}

/** Thrown inside the decoder to stop at once (UnmarshalJSON errors). */
class Abort {
  constructor(readonly message: string) {}
}

function typeName(t: GoType): string {
  if (t === 'time') return 'time.Time';
  if (t === 'any') return 'interface {}';
  if (typeof t === 'string') return t;
  return 'struct' in t ? t.struct : t.name;
}

function jsonKind(v: YValue): string {
  if (v instanceof YMap) return 'object';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return 'number';
}

/** Map entries with sigs.k8s.io/yaml's string keys, in json.Marshal's (sorted) key order. */
export function sortedEntries(m: YMap): Array<[string, YValue]> {
  const byKey = new Map<string, YValue>();
  for (const { key, value } of m.entries.values()) {
    if (typeof key === 'string') byKey.set(key, value);
    else if (key instanceof YInt) byKey.set(key.v.toString(), value);
    else if (typeof key === 'number') byKey.set(formatFloat32(key), value);
    else if (typeof key === 'boolean') byKey.set(String(key), value);
  }
  return [...byKey].sort(([a], [b]) => compareGoStrings(a, b));
}

/** encoding/json's field lookup: the exact name, else the first case-insensitive match. */
export function fieldOf(s: GoStruct, key: string): string | undefined {
  if (Object.hasOwn(s.fields, key)) return key;
  const lower = key.toLowerCase();
  return Object.keys(s.fields).find((f) => f.toLowerCase() === lower);
}

/** Go's zero value for a slice element that JSON null leaves alone (scalars) or sets to nil. */
function zeroOf(t: GoType): unknown {
  return t === 'string' ? '' : t === 'bool' ? false : null;
}

/**
 * encoding/json decodes into the value already there: null clears slices, maps, pointers and
 * interfaces but leaves strings and bools alone; arrays decode into the existing elements (then
 * truncate); maps and structs keep the keys and fields the JSON does not mention. `into` is that
 * existing value (undefined for Go's zero value).
 */
class Decoder {
  /** The first type mismatch, reported when decoding ends. */
  saved?: string;

  /** Decodes `v` into `t` on top of `into`; `struct`/`path` name the innermost struct and field path for errors. */
  value(v: YValue, t: GoType, struct: string, path: string[], into?: unknown): unknown {
    if (v === null) return t === 'string' || t === 'bool' || t === 'time' ? into : undefined;
    if (t === 'any') return yamlToGo(v);
    if (t === 'time') {
      // Time.UnmarshalJSON sees the raw JSON text: only a string is accepted, escapes and all.
      if (typeof v !== 'string') throw new Abort('Time.UnmarshalJSON: input is not a JSON string');
      const err = checkRFC3339(jsonString(v, true).slice(1, -1));
      if (err) throw new Abort(err.message);
      return v;
    }
    if (t === 'string') {
      if (typeof v === 'string') return v;
      if (typeof v === 'boolean') return String(v);
      if (typeof v === 'number') return formatFloat32(v);
      if (v instanceof YInt) return v.v.toString();
      return this.mismatch(v, t, struct, path, into);
    }
    if (t === 'bool') return typeof v === 'boolean' ? v : this.mismatch(v, t, struct, path, into);
    if ('slice' in t) {
      if (!Array.isArray(v)) return this.mismatch(v, t, struct, path, into);
      const old = Array.isArray(into) ? into : [];
      return v.map((x, i) => this.value(x, t.slice, struct, path, old[i]) ?? zeroOf(t.slice));
    }
    if (!(v instanceof YMap)) return this.mismatch(v, t, struct, path, into);
    if ('map' in t) {
      // Existing keys stay; each mentioned key gets a freshly decoded element.
      const out: Record<string, unknown> = { ...(into as Record<string, unknown> | undefined) };
      for (const [k, x] of sortedEntries(v)) out[k] = this.value(x, t.map, struct, path) ?? zeroOf(t.map);
      return out;
    }
    const out: Record<string, unknown> = { ...(into as Record<string, unknown> | undefined) };
    const short = t.struct.slice(t.struct.lastIndexOf('.') + 1);
    for (const [k, x] of sortedEntries(v)) {
      const f = fieldOf(t, k);
      if (f === undefined) continue;
      const prop = t.props?.[f] ?? f;
      out[prop] = this.value(x, t.fields[f]!, short, [...path, f], out[prop]);
    }
    return out;
  }

  /** A type mismatch: saved for the error, the existing value stays. */
  private mismatch(v: YValue, t: GoType, struct: string, path: string[], into: unknown): unknown {
    const target = path.length > 0 ? `Go struct field ${struct}.${path.join('.')}` : 'Go value';
    this.saved ??= `json: cannot unmarshal ${jsonKind(v)} into ${target} of type ${typeName(t)}`;
    return into;
  }
}

/**
 * Decodes a parsed YAML document into a struct, on top of `into` (a struct decoded before, left
 * unchanged): an object of the fields set (a field cleared by null holds undefined), or `into`
 * for an empty or null document.
 * @throws GoDecodeError with encoding/json's message
 */
export function decodeStruct(
  doc: YValue | undefined,
  t: GoStruct,
  into?: Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (doc === undefined || doc === null) return into;
  const d = new Decoder();
  let out: unknown;
  try {
    out = d.value(doc, t, '', [], into);
  } catch (e) {
    if (e instanceof Abort) throw new GoDecodeError(e.message);
    throw e;
  }
  if (d.saved !== undefined) throw new GoDecodeError(d.saved);
  return out as Record<string, unknown>;
}
