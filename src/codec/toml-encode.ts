/**
 * BurntSushi/toml's Encoder for helmless Go values (Helm's `toToml`): keys without sub-tables first,
 * both groups byte-sorted; tables as `[a.b]` indented two spaces per level with a blank line before
 * top-level tables; arrays of maps as `[[a]]`; maps nested in arrays as inline tables. Floats differ by
 * version: v1.4.0 (helm 3) writes `%f`-style `100000000000000000000.0`, v1.6.0 (helm 4) `%g`-style `1e+20`.
 */
import { stringToBytes } from '../gotemplate/gostring.js';
import { formatFloat } from '../gotemplate/strconv.js';
import {
  GoComplex,
  GoInt,
  GoNamed,
  GoStruct,
  type GoValue,
  isExported,
  isNilContainer,
  structType,
} from '../gotemplate/value.js';
import { GoTime, tomlTimeText } from './toml-time.js';

/** An encoder error; Helm's toToml returns its message as the result text. */
export class TomlEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TomlEncodeError';
  }
}

/** A Go panic inside the encoder (toToml nil): Helm reports it as a template execution error. */
export class TomlPanic extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TomlPanic';
  }
}

export type TomlCompat = 'helm3' | 'helm4';

const SHORT_ESCAPES: Record<string, string> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };

/** BurntSushi's dblQuotedReplacer: quotes, backslashes and control characters escaped. */
export function tomlQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (SHORT_ESCAPES[ch]) out += SHORT_ESCAPES[ch];
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function bareKey(k: string): boolean {
  return k.length > 0 && /^[A-Za-z0-9_-]+$/.test(k);
}

function quotedKey(k: string): string {
  return bareKey(k) ? k : tomlQuote(k);
}

function keyString(key: string[]): string {
  return key.map(quotedKey).join('.');
}

function unwrap(v: GoValue): GoValue {
  return v instanceof GoNamed ? v.value : v;
}

function isNil(v: GoValue): boolean {
  v = unwrap(v);
  return v === null || v === undefined || isNilContainer(v);
}

/**
 * The text BurntSushi writes as a quoted string instead of encoding the value by its kind:
 * encoding.TextMarshalers (semver versions) and time.Duration (its String()).
 */
function textOf(v: GoValue): string | undefined {
  if (v instanceof GoStruct && !(v instanceof GoTime) && v.goType.marshalText) return v.goType.marshalText(v);
  if (v instanceof GoInt && v.type.name === 'time.Duration' && v.type.stringer) return v.type.stringer(v);
  return undefined;
}

function isHash(v: GoValue): boolean {
  v = unwrap(v);
  return (
    (v instanceof Map || (v instanceof GoStruct && !(v instanceof GoTime) && textOf(v) === undefined)) && !isNil(v)
  );
}

/**
 * isTableArray: a non-empty array whose elements are all maps. Classifying the elements walks into
 * nested arrays, so a nil anywhere in them is an error.
 */
function isTableArray(v: GoValue[]): boolean {
  if (v.length === 0) return false;
  let ret = true;
  for (const e of v) {
    if (isNil(e)) throw new TomlEncodeError('toml: cannot encode array with nil element');
    const u = unwrap(e);
    if (Array.isArray(u)) isTableArray(u);
    if (!isHash(e)) ret = false;
  }
  return ret;
}

/** typeIsTable(tomlTypeOfGo(v)): maps, structs and arrays of them go after the plain keys. */
function isTable(v: GoValue): boolean {
  v = unwrap(v);
  if (isNil(v)) return false;
  if (Array.isArray(v)) return isTableArray(v);
  return isHash(v);
}

/**
 * A struct's fields as BurntSushi lists them: exported ones in order, with the fields of an embedded
 * struct (helm 3's `.Chart` embeds chart.Metadata) in its place, as if declared there.
 */
function structFields(s: GoStruct): [string, GoValue][] {
  const out: [string, GoValue][] = [];
  const add = (fields: readonly { name: string; embedded?: boolean }[], holder: any) => {
    for (const f of fields) {
      const v = holder[f.name] as GoValue;
      if (f.embedded && v instanceof GoStruct) {
        add(structType(v).fields ?? [], v);
        continue;
      }
      if (isExported(f.name)) out.push([f.name, v]);
    }
  };
  add(structType(s).fields ?? [], s);
  return out;
}

class Encoder {
  private out: string[] = [];
  private hasWritten = false;

  constructor(private readonly compat: TomlCompat) {}

  result(): string {
    return this.out.join('');
  }

  private wf(s: string): void {
    this.out.push(s);
    this.hasWritten = true;
  }

  private newline(): void {
    if (this.hasWritten) this.wf('\n');
  }

  private indent(key: string[]): string {
    return '  '.repeat(Math.max(0, key.length - 1));
  }

  encode(key: string[], v: GoValue): void {
    v = unwrap(v);
    if (v instanceof GoTime || textOf(v) !== undefined) {
      this.writeKeyValue(key, v, false);
      return;
    }
    if (v === null || v === undefined) return;
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' || v instanceof GoInt) {
      this.writeKeyValue(key, v, false);
      return;
    }
    if (Array.isArray(v)) {
      if (isTableArray(v)) this.arrayOfTables(key, v);
      else this.writeKeyValue(key, v, false);
      return;
    }
    if (v instanceof Map) {
      if (isNilContainer(v)) return;
      this.table(key, v);
      return;
    }
    if (v instanceof GoStruct) {
      this.table(key, v);
      return;
    }
    if (v instanceof Uint8Array) {
      this.writeKeyValue(
        key,
        [...v].map((b) => new GoInt({ kind: 'uint8', name: 'uint8' }, BigInt(b))),
        false,
      );
      return;
    }
    const kind = v instanceof GoComplex ? 'complex128' : typeof v;
    throw new TomlEncodeError(`toml: unsupported type for key '${keyString(key)}': ${kind}`);
  }

  private element(v: GoValue): void {
    v = unwrap(v);
    const text = textOf(v);
    if (text !== undefined) this.wf(tomlQuote(text));
    else if (v instanceof GoTime) this.wf(tomlTimeText(v));
    else if (typeof v === 'string') this.wf(tomlQuote(v));
    else if (typeof v === 'boolean') this.wf(v ? 'true' : 'false');
    else if (v instanceof GoInt) this.wf(v.v.toString());
    else if (typeof v === 'number') this.wf(this.float(v));
    else if (Array.isArray(v)) {
      this.wf('[');
      v.forEach((e, i) => {
        this.element(e);
        if (i !== v.length - 1) this.wf(', ');
      });
      this.wf(']');
    } else if (v instanceof Uint8Array)
      this.element([...v].map((b) => new GoInt({ kind: 'uint8', name: 'uint8' }, BigInt(b))));
    else if (v instanceof Map) this.mapBody([], v, true);
    else if (v instanceof GoStruct) this.structBody([], v, true);
    else throw new TomlEncodeError(`toml: unexpected primitive type: ${v === null ? '<nil>' : typeof v}`);
  }

  private float(f: number): string {
    if (Number.isNaN(f)) return 'nan';
    if (!Number.isFinite(f)) return f < 0 ? '-inf' : 'inf';
    if (this.compat === 'helm3') {
      const s = formatFloat(f, 'f', -1);
      return s.includes('.') ? s : `${s}.0`;
    }
    const s = formatFloat(f, 'g', -1);
    return /[.eE]/.test(s) ? s : `${s}.0`;
  }

  private writeKeyValue(key: string[], v: GoValue, inline: boolean): void {
    if (key.length === 0) {
      this.element(v);
      return;
    }
    this.wf(`${this.indent(key)}${quotedKey(key[key.length - 1]!)} = `);
    this.element(v);
    if (!inline) this.newline();
  }

  private arrayOfTables(key: string[], v: GoValue[]): void {
    if (key.length === 0) throw new TomlEncodeError('toml: top-level values must be Go maps or structs');
    for (const e of v) {
      if (isNil(e)) continue;
      this.newline();
      this.wf(`${this.indent(key)}[[${keyString(key)}]]`);
      this.newline();
      this.mapOrStruct(key, unwrap(e), false);
    }
  }

  private table(key: string[], v: GoValue): void {
    if (key.length === 1) this.newline();
    if (key.length > 0) {
      this.wf(`${this.indent(key)}[${keyString(key)}]`);
      this.newline();
    }
    this.mapOrStruct(key, v, false);
  }

  private mapOrStruct(key: string[], v: GoValue, inline: boolean): void {
    if (v instanceof Map) this.mapBody(key, v, inline);
    else if (v instanceof GoStruct) this.structBody(key, v, inline);
  }

  private mapBody(key: string[], m: Map<string, GoValue>, inline: boolean): void {
    const direct: string[] = [];
    const sub: string[] = [];
    for (const [k, v] of m) (isTable(v) ? sub : direct).push(k);
    const byteOrder = (a: string, b: string) =>
      Buffer.compare(Buffer.from(stringToBytes(a)), Buffer.from(stringToBytes(b)));
    const writeKeys = (keys: string[], trailComma: boolean) => {
      keys.sort(byteOrder);
      keys.forEach((k, i) => {
        const v = m.get(k);
        if (isNil(v)) return;
        if (inline) {
          this.writeKeyValue([k], v, true);
          if (trailComma || i !== keys.length - 1) this.wf(', ');
        } else this.encode([...key, k], v);
      });
    };
    if (inline) this.wf('{');
    writeKeys(direct, sub.length > 0);
    writeKeys(sub, false);
    if (inline) this.wf('}');
  }

  private structBody(key: string[], s: GoStruct, inline: boolean): void {
    const fields = structFields(s);
    const direct = fields.filter(([, v]) => !isTable(v));
    const sub = fields.filter(([, v]) => isTable(v));
    const writeFields = (fs: typeof fields) => {
      fs.forEach(([name, v], i) => {
        if (isNil(v)) return;
        if (inline) {
          this.writeKeyValue([name], v, true);
          if (i !== fs.length - 1) this.wf(', ');
        } else this.encode([...key, name], v);
      });
    };
    if (inline) this.wf('{');
    writeFields(direct);
    writeFields(sub);
    if (inline) this.wf('}');
  }
}

/** toml.NewEncoder(w).Encode(v): the TOML text; throws {@link TomlEncodeError} or {@link TomlPanic}. */
export function encodeToml(v: GoValue, compat: TomlCompat): string {
  if (v === null || v === undefined) throw new TomlPanic('reflect: call of reflect.Value.Type on zero Value');
  const e = new Encoder(compat);
  e.encode([], v);
  return e.result();
}

/** Helm's `toToml`: the TOML text, or the encoder's error message. Go panics are rethrown. */
export function toToml(v: GoValue, compat: TomlCompat): string {
  try {
    return encodeToml(v, compat);
  } catch (e) {
    if (e instanceof TomlEncodeError) return e.message;
    throw e;
  }
}
