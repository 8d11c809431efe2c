/**
 * sigs.k8s.io/yaml's Unmarshal into one of helm's Go structs (Chart.yaml's chart.Metadata,
 * Chart.lock's chart.Lock, a repository index's repo.IndexFile): YAML → JSON, with scalars turned
 * into strings where the conversion's target is a string, then encoding/json into the struct, with
 * its error texts. encoding/json keeps decoding after a type mismatch (or, decoding strictly, an
 * unknown field) and reports the first one; an UnmarshalJSON failure (time.Time) stops it at once.
 * JSON that helm hands to encoding/json directly decodes the same way, without the conversion.
 */
import { JNum, JObject, type JValue, jsonString } from '../codec/json.js';
import { GoYamlError, goQuote, YMap, type YValue, yamlV2Unmarshal } from '../codec/yaml-decode.js';
import { jsonKeyOf, yamlToGo } from '../codec/yaml-read.js';
import { compareGoStrings } from '../gotemplate/value.js';
import { checkRFC3339 } from './rfc3339.js';
import { scalarString, unsupportedKey, unsupportedValueText } from './yaml-json.js';

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
  /**
   * An embedded struct pointer (Go field `name`, untagged) whose fields are promoted: they are
   * decoded into the same object and listed before this struct's own fields, as Go orders them.
   */
  embedded?: { name: string; struct: GoStruct };
}

/** How the decoding goes (sigs.k8s.io/yaml's Unmarshal unless told otherwise). */
export interface DecodeOptions {
  /** sigs.k8s.io/yaml's UnmarshalStrict: a field the struct lacks is an error (`json: unknown field`). */
  strict?: boolean;
  /**
   * Go 1.24's encoding/json names the embedded struct in an error's field path
   * (`ChartVersion.entries.Metadata.version`; helm 4), Go 1.23's does not (helm 3).
   */
  embeddedInPath?: boolean;
  /**
   * The document is JSON that encoding/json reads itself (json.Unmarshal; objects from
   * {@link fromJsonTree}): no YAML-to-JSON conversion, and errors without sigs.k8s.io/yaml's wrapping.
   */
  json?: boolean;
}

/** A failed unmarshal: `goMessage` is encoding/json's text, `message` sigs.k8s.io/yaml's wrapping of it. */
export class GoDecodeError extends Error {
  constructor(
    readonly goMessage: string,
    wrapped = true,
  ) {
    super(wrapped ? `error unmarshaling JSON: while decoding JSON: ${goMessage}` : goMessage);
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
  if (m instanceof JsonObject) return m.pairs;
  const out: Array<[string, YValue]> = [];
  for (const { key, value } of m.entries.values()) {
    const k = typeof key === 'string' ? key : jsonKeyOf(key);
    if (k !== undefined) out.push([k, value]);
  }
  if (out.length < 2) return out;
  // A stable sort keeps keys that become the same string (`1` and "1") in document order: the last wins.
  out.sort(([a], [b]) => compareGoStrings(a, b));
  let n = 0;
  for (let i = 0; i < out.length; i++) {
    if (i + 1 < out.length && out[i + 1]![0] === out[i]![0]) continue;
    out[n++] = out[i]!;
  }
  out.length = n;
  return out;
}

/**
 * A JSON object read by encoding/json itself (not through sigs.k8s.io/yaml): struct fields are
 * decoded in document order, a repeated key each time. As a map it keeps the last value.
 */
export class JsonObject extends YMap {
  readonly pairs: Array<[string, YValue]> = [];
  /** Per pair, the JSON it was read from (numbers keep their text). */
  readonly sources: JValue[] = [];
  /** Per pair, a string's literal as written, where it had escapes. */
  readonly literals: Array<string | undefined> = [];
  add(key: string, value: YValue, source: JValue, literal?: string): void {
    this.pairs.push([key, value]);
    this.sources.push(source);
    this.literals.push(literal);
    this.set(key, value);
  }
}

/**
 * A parsed JSON text as decoder input (numbers become float64, as encoding/json reads them for its
 * checks); `literal` gives the escaped strings' literals (see parseJSONTreeWithLiterals).
 */
export function fromJsonTree(t: JValue, literal?: (o: JObject, index: number) => string | undefined): YValue {
  if (t === null || typeof t === 'boolean' || typeof t === 'string') return t;
  if (t instanceof JNum) return Number(t.text);
  if (Array.isArray(t)) return t.map((x) => fromJsonTree(x, literal));
  const o = new JsonObject();
  t.entries.forEach(([k, v], i) => {
    o.add(k, fromJsonTree(v, literal), v, literal?.(t, i));
  });
  return o;
}

/** The first number in a JSON value that float64 cannot hold (encoding/json's `interface {}` refuses it). */
function firstFloatOverflow(t: JValue): string | undefined {
  if (t instanceof JNum) return Number.isFinite(Number(t.text)) ? undefined : t.text;
  if (Array.isArray(t)) {
    for (const x of t) {
      const found = firstFloatOverflow(x);
      if (found !== undefined) return found;
    }
  } else if (t instanceof JObject) {
    for (const [, x] of t.entries) {
      const found = firstFloatOverflow(x);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A field of a struct as encoding/json finds it: its type and, for a promoted one, the embedded struct. */
interface FieldRef {
  name: string;
  type: GoType;
  via?: { name: string; struct: GoStruct };
}

/** encoding/json's field lookup: the exact name, else the first case-insensitive match in field order. */
function fieldOf(s: GoStruct, key: string): FieldRef | undefined {
  const e = s.embedded;
  if (Object.hasOwn(s.fields, key)) return { name: key, type: s.fields[key]! };
  if (e && Object.hasOwn(e.struct.fields, key)) return { name: key, type: e.struct.fields[key]!, via: e };
  const lower = key.toLowerCase();
  const promoted = e && Object.keys(e.struct.fields).find((f) => f.toLowerCase() === lower);
  if (promoted) return { name: promoted, type: e.struct.fields[promoted]!, via: e };
  const own = Object.keys(s.fields).find((f) => f.toLowerCase() === lower);
  return own === undefined ? undefined : { name: own, type: s.fields[own]! };
}

/**
 * What sigs.k8s.io/yaml's YAML-to-JSON conversion converts a map member against (its "JSON
 * target"): a struct's field (for a promoted field, the whole embedded struct: the conversion looks
 * no deeper than the field's first index), a map's element type, or nothing.
 */
function memberTarget(target: GoType | undefined, key: string): GoType | undefined {
  if (target === undefined || typeof target === 'string') return undefined;
  if ('map' in target) return target.map;
  if (!('struct' in target)) return undefined;
  const f = fieldOf(target, key);
  return f === undefined ? undefined : (f.via?.struct ?? f.type);
}

/** The conversion target of a list's elements. */
function elementTarget(target: GoType | undefined): GoType | undefined {
  return target !== undefined && typeof target !== 'string' && 'slice' in target ? target.slice : undefined;
}

/**
 * What sigs.k8s.io/yaml's conversion refuses when decoding into `t`, after `error converting YAML to
 * JSON: `: a null or uint64 map key, else a non-finite float that is not converted to a string for a
 * string field (json.Marshal refuses it; it meets map keys in sorted order).
 */
export function structConversionError(doc: YValue, t: GoType): string | undefined {
  const key = unsupportedKey(doc);
  if (key !== undefined) return key;
  const walk = (v: YValue, target: GoType | undefined): number | undefined => {
    if (typeof v === 'number') return Number.isFinite(v) || target === 'string' ? undefined : v;
    if (Array.isArray(v)) {
      const et = elementTarget(target);
      for (const x of v) {
        const found = walk(x, et);
        if (found !== undefined) return found;
      }
    } else if (v instanceof YMap) {
      for (const [k, x] of sortedEntries(v)) {
        const found = walk(x, memberTarget(target, k));
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  const n = walk(doc, t);
  return n === undefined ? undefined : unsupportedValueText(n);
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
 *
 * sigs.k8s.io/yaml turns a YAML number or bool into a string where its conversion target (see
 * {@link memberTarget}) is a string; that target follows the decoding target except below a
 * promoted field. JSON read directly (`JsonObject` input) has no conversion: the target is undefined.
 */
class Decoder {
  /** The first type mismatch or unknown field, reported when decoding ends. */
  saved?: string;

  constructor(private readonly options: DecodeOptions) {}

  /**
   * Decodes `v` into `t` on top of `into`; `conv` is the conversion target, `struct`/`path` name the
   * innermost struct and the field path for errors. JSON read directly also passes `v`'s `source`
   * and, for a string written with escapes, its `literal`.
   */
  value(
    v: YValue,
    t: GoType,
    conv: GoType | undefined,
    struct: string,
    path: string,
    into?: unknown,
    source?: JValue,
    literal?: string,
  ): unknown {
    if (v === null) return t === 'string' || t === 'bool' || t === 'time' ? into : undefined;
    if (t === 'any') {
      const overflow = source === undefined ? undefined : firstFloatOverflow(source);
      if (overflow !== undefined) {
        this.saved ??= `json: cannot unmarshal number ${overflow} into ${target(struct, path)} of type float64`;
      }
      return yamlToGo(conv === 'string' ? (scalarString(v) ?? v) : v);
    }
    if (t === 'time') {
      // Time.UnmarshalJSON sees the raw JSON text: only a string is accepted, escapes and all (from
      // YAML, the escapes are json.Marshal's).
      if (typeof v !== 'string') throw new Abort('Time.UnmarshalJSON: input is not a JSON string');
      const err = checkRFC3339(literal ?? (this.options.json ? v : jsonString(v, true).slice(1, -1)));
      if (err) throw new Abort(err.message);
      return v;
    }
    if (t === 'string') {
      if (typeof v === 'string') return v;
      const converted = conv === 'string' ? scalarString(v) : undefined;
      return converted ?? this.mismatch(v, t, struct, path, into);
    }
    if (t === 'bool') return typeof v === 'boolean' ? v : this.mismatch(v, t, struct, path, into);
    if ('slice' in t) {
      if (!Array.isArray(v)) return this.mismatch(v, t, struct, path, into);
      const old = Array.isArray(into) ? into : [];
      const et = elementTarget(conv);
      const sources = Array.isArray(source) ? source : undefined;
      return v.map((x, i) => this.value(x, t.slice, et, struct, path, old[i], sources?.[i]) ?? zeroOf(t.slice));
    }
    if (!(v instanceof YMap)) return this.mismatch(v, t, struct, path, into);
    if ('map' in t) {
      // Existing keys stay; each mentioned key gets a freshly decoded element.
      const out: Record<string, unknown> = { ...(into as Record<string, unknown> | undefined) };
      sortedEntries(v).forEach(([k, x], i) => {
        const [src, lit] = memberSource(v, i);
        out[k] = this.value(x, t.map, memberTarget(conv, k), struct, path, undefined, src, lit) ?? zeroOf(t.map);
      });
      return out;
    }
    const out: Record<string, unknown> = { ...(into as Record<string, unknown> | undefined) };
    const short = t.struct.slice(t.struct.lastIndexOf('.') + 1);
    sortedEntries(v).forEach(([k, x], i) => {
      const f = fieldOf(t, k);
      if (f === undefined) {
        if (this.options.strict) this.saved ??= `json: unknown field ${goQuote(k)}`;
        return;
      }
      const prop = t.props?.[f.name] ?? f.name;
      const name = f.via && this.options.embeddedInPath ? `${f.via.name}.${f.name}` : f.name;
      const [src, lit] = memberSource(v, i);
      const fieldPath = path ? `${path}.${name}` : name;
      out[prop] = this.value(x, f.type, memberTarget(conv, k), short, fieldPath, out[prop], src, lit);
    });
    return out;
  }

  /** A type mismatch: saved for the error, the existing value stays. */
  private mismatch(v: YValue, t: GoType, struct: string, path: string, into: unknown): unknown {
    this.saved ??= `json: cannot unmarshal ${jsonKind(v)} into ${target(struct, path)} of type ${typeName(t)}`;
    return into;
  }
}

/** Where encoding/json says a decoding error happened. */
function target(struct: string, path: string): string {
  return path ? `Go struct field ${struct}.${path}` : 'Go value';
}

/** The JSON source and escaped literal of member `i` of a JSON object read directly (none for YAML). */
function memberSource(m: YMap, i: number): [JValue | undefined, string | undefined] {
  return m instanceof JsonObject ? [m.sources[i], m.literals[i]] : [undefined, undefined];
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
  options: DecodeOptions = {},
): Record<string, unknown> | undefined {
  if (doc === undefined || doc === null) return into;
  const json = options.json === true;
  const d = new Decoder(options);
  let out: unknown;
  try {
    out = d.value(doc, t, json ? undefined : t, '', '', into);
  } catch (e) {
    if (e instanceof Abort) throw new GoDecodeError(e.message, !json);
    throw e;
  }
  if (d.saved !== undefined) throw new GoDecodeError(d.saved, !json);
  return out as Record<string, unknown>;
}

/**
 * sigs.k8s.io/yaml's Unmarshal (UnmarshalStrict with `options.strict`) of YAML `text` into `t`: the
 * go-yaml parse, the YAML-to-JSON conversion's checks, then encoding/json. Every failure is a
 * {@link GoDecodeError}-like {@link YamlUnmarshalError} carrying helm's text.
 */
export function yamlUnmarshalStruct(
  text: string,
  t: GoStruct,
  into?: Record<string, unknown>,
  options: DecodeOptions = {},
): Record<string, unknown> | undefined {
  let doc: YValue | undefined;
  try {
    doc = yamlV2Unmarshal(text, undefined, undefined, options.strict === true);
  } catch (e) {
    if (e instanceof GoYamlError) throw new YamlUnmarshalError(`error converting YAML to JSON: ${e.message}`);
    throw e;
  }
  const conversion = doc === undefined ? undefined : structConversionError(doc, t);
  if (conversion !== undefined) throw new YamlUnmarshalError(`error converting YAML to JSON: ${conversion}`);
  try {
    return decodeStruct(doc, t, into, options);
  } catch (e) {
    if (e instanceof GoDecodeError) throw new YamlUnmarshalError(e.message);
    throw e;
  }
}

/** A failed {@link yamlUnmarshalStruct}: `message` is helm's text. */
export class YamlUnmarshalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlUnmarshalError';
  }
}
