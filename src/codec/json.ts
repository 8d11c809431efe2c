/**
 * Go's encoding/json for helmless Go values: json.Marshal / json.MarshalIndent output byte for byte
 * (sorted keys, HTML escaping, float formatting, []byte as base64, struct tags, Marshaler hooks) and
 * json.Unmarshal into `interface {}`, `map[string]interface {}` or `[]interface {}` with Go's error texts.
 */
import { appended } from '../gotemplate/capacity.js';
import { bytesToString, decodeRune, stringToBytes } from '../gotemplate/gostring.js';
import { formatFloat, quote } from '../gotemplate/strconv.js';
import type { GoType } from '../gotemplate/types.js';
import type { GoMap, GoValue } from '../gotemplate/value.js';
import {
  GoComplex,
  GoInt,
  GoNamed,
  GoStruct,
  isNilContainer,
  nilMap,
  nilSlice,
  structType,
  typeOf,
} from '../gotemplate/value.js';

/** An error json.Marshal/Unmarshal would return; `message` is Go's text. */
export class JsonError extends Error {
  constructor(
    message: string,
    /** For a syntax error, json.SyntaxError's Offset: the bytes read up to and including the bad one. */
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'JsonError';
  }
}

export interface MarshalOptions {
  /** Escape `<`, `>` and `&` as `\u003c` … (json.Marshal does; sprig's toRawJson does not). */
  escapeHTML?: boolean;
  /** json.MarshalIndent's indent (e.g. two spaces); prefix is always "". */
  indent?: string;
}

// ---------------------------------------------------------------------------------------------
// A JSON tree: what json.Marshal would write, before formatting. toYaml re-reads this tree the way
// go-yaml reads the JSON text, so numbers keep their literal text.

/** A JSON number literal exactly as encoding/json writes it. */
export class JNum {
  constructor(readonly text: string) {}
}
export type JValue = null | boolean | string | JNum | JValue[] | JObject;
/** A JSON object with keys in the order written (encoding/json sorts map keys; structs keep field order). */
export class JObject {
  constructor(readonly entries: [string, JValue][]) {}
}

/** encoding/json's float64 text: plain decimal, or exponent form outside [1e-6, 1e21). */
export function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new JsonError(`json: unsupported value: ${formatFloat(f, 'g', -1)}`);
  const abs = Math.abs(f);
  const exp = abs !== 0 && (abs < 1e-6 || abs >= 1e21);
  let s = formatFloat(f, exp ? 'e' : 'f', -1);
  if (exp) {
    const n = s.length;
    if (n >= 4 && s[n - 4] === 'e' && s[n - 3] === '-' && s[n - 2] === '0') s = s.slice(0, n - 2) + s[n - 1];
  }
  return s;
}

/** Replaces each byte that is not valid UTF-8 by U+FFFD, as encoding/json does when writing strings. */
export function toValidUTF8(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const b = stringToBytes(s);
      let out = '';
      for (let j = 0; j < b.length; ) {
        const [cp, size] = decodeRune(b, j);
        out += cp < 0 ? '\ufffd' : String.fromCodePoint(cp);
        j += size;
      }
      return out;
    }
  }
  return s;
}

const MAX_DEPTH = 10000;

/** The JSON tree json.Marshal would produce for `v`; throws {@link JsonError}. */
export function toJSONTree(v: GoValue, depth = 0): JValue {
  if (depth > MAX_DEPTH) throw new JsonError('json: unsupported value: encountered a cycle or too deep a value');
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
      // Invalid bytes stay in the tree; the writer escapes each as \ufffd like encoding/json.
      return v;
    case 'boolean':
      return v;
    case 'number':
      return new JNum(jsonFloat(v));
  }
  if (v instanceof GoInt) return new JNum(v.v.toString());
  const t = typeOf(v);
  if (t?.marshalJSON) return parseRawForTree(t.marshalJSON(v), t);
  if (v instanceof GoNamed) {
    if (v.type.marshalJSON) return parseRawForTree(v.type.marshalJSON(v), v.type);
    return toJSONTree(v.value, depth);
  }
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof Map) {
    if (isNilContainer(v)) return null;
    const keys = [...v.keys()];
    keys.sort(compareUTF8);
    return new JObject(keys.map((k) => [k, toJSONTree(v.get(k), depth + 1)]));
  }
  if (Array.isArray(v)) {
    if (isNilContainer(v)) return null;
    return v.map((e) => toJSONTree(e, depth + 1));
  }
  if (v instanceof GoStruct) return structTree(v, depth);
  if (v instanceof GoComplex) throw new JsonError('json: unsupported type: complex128');
  throw new JsonError(`json: unsupported type: ${t?.name ?? typeof v}`);
}

function compareUTF8(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 order equals UTF-8 byte order except across the surrogate range; fall back to bytes then.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if ((x >= 0xd800 && x <= 0xdfff) || (y >= 0xd800 && y <= 0xdfff)) {
      const ba = stringToBytes(a);
      const bb = stringToBytes(b);
      return Buffer.compare(Buffer.from(ba), Buffer.from(bb));
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function isEmptyValue(v: GoValue): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.length === 0;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return v === 0;
  if (v instanceof GoInt) return v.v === 0n;
  if (v instanceof Map) return v.size === 0;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (v instanceof GoNamed) return isEmptyValue(v.value);
  return false;
}

function structTree(s: GoStruct, depth: number): JValue {
  const out: [string, JValue][] = [];
  structFields(structType(s), s, depth, out);
  return new JObject(out);
}

/** Appends a struct's JSON fields; untagged embedded structs have their fields inlined, like Go. */
function structFields(st: GoType, holder: any, depth: number, out: [string, JValue][]): void {
  for (const f of st.fields ?? []) {
    if (f.json?.skip) continue;
    const value = holder?.[f.name] as GoValue;
    if (f.embedded && !f.json?.name) {
      structFields(f.type.kind === 'ptr' ? f.type.elem! : f.type, value, depth + 1, out);
      continue;
    }
    if (f.json?.omitempty && isEmptyValue(value)) continue;
    out.push([f.json?.name ?? f.name, toJSONTree(value, depth + 1)]);
  }
}

function parseRawForTree(text: string, t: GoType): JValue {
  try {
    return new JsonParser(text, true).parseTree();
  } catch (e) {
    if (e instanceof JsonError) throw new JsonError(`json: error calling MarshalJSON for type ${t.name}: ${e.message}`);
    throw e;
  }
}

const HEX = '0123456789abcdef';

/** encoding/json's string encoder. */
export function jsonString(s: string, escapeHTML: boolean): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c && !(escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26))) continue;
      switch (c) {
        case 0x5c:
        case 0x22:
          rep = `\\${String.fromCharCode(c)}`;
          break;
        case 8:
          rep = '\\b';
          break;
        case 12:
          rep = '\\f';
          break;
        case 10:
          rep = '\\n';
          break;
        case 13:
          rep = '\\r';
          break;
        case 9:
          rep = '\\t';
          break;
        default:
          rep = `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
      }
    } else if (c === 0x2028 || c === 0x2029) rep = `\\u202${HEX[c & 15]}`;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      rep = '\\ufffd';
    } else if (c >= 0xd800 && c <= 0xdfff) rep = '\\ufffd';
    else continue;
    out += s.slice(start, i) + rep;
    start = i + 1;
  }
  return `${out + s.slice(start)}"`;
}

/** Writes a JSON tree like json.Marshal (compact) or json.MarshalIndent("", indent). */
export function writeJSONTree(t: JValue, escapeHTML: boolean, indent?: string): string {
  const parts: string[] = [];
  const write = (v: JValue, level: number): void => {
    if (v === null) parts.push('null');
    else if (typeof v === 'boolean') parts.push(v ? 'true' : 'false');
    else if (typeof v === 'string') parts.push(jsonString(v, escapeHTML));
    else if (v instanceof JNum) parts.push(v.text);
    else if (Array.isArray(v)) {
      if (v.length === 0) {
        parts.push('[]');
        return;
      }
      parts.push('[');
      v.forEach((e, i) => {
        if (i > 0) parts.push(',');
        if (indent !== undefined) parts.push('\n', indent.repeat(level + 1));
        write(e, level + 1);
      });
      if (indent !== undefined) parts.push('\n', indent.repeat(level));
      parts.push(']');
    } else {
      if (v.entries.length === 0) {
        parts.push('{}');
        return;
      }
      parts.push('{');
      v.entries.forEach(([k, e], i) => {
        if (i > 0) parts.push(',');
        if (indent !== undefined) parts.push('\n', indent.repeat(level + 1));
        parts.push(jsonString(k, escapeHTML), indent !== undefined ? ': ' : ':');
        write(e, level + 1);
      });
      if (indent !== undefined) parts.push('\n', indent.repeat(level));
      parts.push('}');
    }
  };
  write(t, 0);
  return parts.join('');
}

/** json.Marshal (or MarshalIndent with `indent`) of a Go value; throws {@link JsonError}. */
export function marshalJSON(v: GoValue, options: MarshalOptions = {}): string {
  return writeJSONTree(toJSONTree(v), options.escapeHTML ?? true, options.indent);
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** encoding/json's quoteChar for syntax error messages. */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  const q = quote(String.fromCharCode(c));
  return `'${q.slice(1, -1)}'`;
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** A strict JSON reader over the UTF-8 bytes of the input, with encoding/json's messages. */
class JsonParser {
  private readonly b: Uint8Array;
  private readonly text: string | undefined;
  private i = 0;
  private depth = 0;
  /** The literal of the last string read, when it had escapes (recorded only with `literals`). */
  private escapedLiteral: string | undefined;

  constructor(
    text: string,
    /** Keep number literals as text (for Marshaler output). */
    private readonly keepNumbers = false,
    /** Where to record member strings written with escapes (see {@link parseJSONTreeWithLiterals}). */
    private readonly literals?: WeakMap<JObject, Map<number, string>>,
  ) {
    this.b = stringToBytes(text);
    // Byte offsets are string offsets in an ASCII text: strings and numbers are sliced from it.
    this.text = ASCII_ONLY.test(text) ? text : undefined;
  }

  private syntax(msg: string): never {
    throw new JsonError(msg, Math.min(this.i + 1, this.b.length));
  }

  /**
   * A syntax error at the current byte. At the end of input encoding/json feeds a space to its
   * scanner, so where a space is itself invalid (inside literals, numbers, escapes) the message
   * names ' ' instead of "unexpected end of JSON input".
   */
  private unexpected(context: string, spaceInvalid = false): never {
    if (this.i >= this.b.length) {
      if (spaceInvalid) this.syntax(`invalid character ' ' ${context}`);
      this.syntax('unexpected end of JSON input');
    }
    this.syntax(`invalid character ${quoteChar(this.b[this.i]!)} ${context}`);
  }

  private ws(): void {
    while (this.i < this.b.length && isSpace(this.b[this.i]!)) this.i++;
  }

  /** Parses one complete document (nothing but whitespace after the value). */
  parseTree(): JValue {
    this.ws();
    const v = this.value();
    this.ws();
    if (this.i < this.b.length) this.unexpected('after top-level value');
    return v;
  }

  private value(): JValue {
    this.ws();
    if (this.i >= this.b.length) this.syntax('unexpected end of JSON input');
    const c = this.b[this.i]!;
    switch (c) {
      case 0x7b:
        return this.object();
      case 0x5b:
        return this.array();
      case 0x22:
        return this.string();
      case 0x74:
        return this.literal('true', true);
      case 0x66:
        return this.literal('false', false);
      case 0x6e:
        return this.literal('null', null);
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    this.unexpected('looking for beginning of value');
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.syntax('exceeded max depth');
  }

  private object(): JValue {
    this.enter();
    this.i++;
    const entries: [string, JValue][] = [];
    let literals: Map<number, string> | undefined;
    this.ws();
    if (this.b[this.i] === 0x7d) {
      this.i++;
      this.depth--;
      return new JObject(entries);
    }
    for (;;) {
      this.ws();
      if (this.b[this.i] !== 0x22) this.unexpected('looking for beginning of object key string');
      const k = this.string();
      this.ws();
      if (this.b[this.i] !== 0x3a) this.unexpected('after object key');
      this.i++;
      this.escapedLiteral = undefined;
      const v = this.value();
      if (typeof v === 'string' && this.escapedLiteral !== undefined) {
        (literals ??= new Map()).set(entries.length, this.escapedLiteral);
      }
      entries.push([k, v]);
      this.ws();
      const c = this.b[this.i];
      if (c === 0x2c) {
        this.i++;
        continue;
      }
      if (c === 0x7d) {
        this.i++;
        this.depth--;
        return this.objectOf(entries, literals);
      }
      this.unexpected('after object key:value pair');
    }
  }

  private array(): JValue {
    this.enter();
    this.i++;
    const out: JValue[] = [];
    this.ws();
    if (this.b[this.i] === 0x5d) {
      this.i++;
      this.depth--;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.b[this.i];
      if (c === 0x2c) {
        this.i++;
        continue;
      }
      if (c === 0x5d) {
        this.i++;
        this.depth--;
        return out;
      }
      this.unexpected('after array element');
    }
  }

  private literal(word: string, v: JValue): JValue {
    for (let k = 0; k < word.length; k++) {
      if (this.b[this.i] !== word.charCodeAt(k)) {
        this.unexpected(`in literal ${word} (expecting ${quoteChar(word.charCodeAt(k))})`, true);
      }
      this.i++;
    }
    return v;
  }

  private digits(): number {
    const s = this.i;
    while (this.i < this.b.length && this.b[this.i]! >= 0x30 && this.b[this.i]! <= 0x39) this.i++;
    return this.i - s;
  }

  private number(): JValue {
    const start = this.i;
    if (this.b[this.i] === 0x2d) {
      this.i++;
      const c = this.b[this.i];
      if (c === undefined || c < 0x30 || c > 0x39) this.unexpected('in numeric literal', true);
    }
    if (this.b[this.i] === 0x30) this.i++;
    else this.digits();
    if (this.b[this.i] === 0x2e) {
      this.i++;
      if (this.digits() === 0) this.unexpected('after decimal point in numeric literal', true);
    }
    if (this.b[this.i] === 0x65 || this.b[this.i] === 0x45) {
      this.i++;
      if (this.b[this.i] === 0x2b || this.b[this.i] === 0x2d) this.i++;
      if (this.digits() === 0) this.unexpected('in exponent of numeric literal', true);
    }
    return new JNum(
      this.text !== undefined
        ? this.text.slice(start, this.i)
        : Buffer.from(this.b.subarray(start, this.i)).toString('latin1'),
    );
  }

  /** Input bytes [start, end) as a string (invalid UTF-8 becomes U+FFFD). */
  private sliceText(start: number, end: number): string {
    return this.text !== undefined ? this.text.slice(start, end) : bytesToString(this.b.subarray(start, end));
  }

  private objectOf(entries: [string, JValue][], literals?: Map<number, string>): JObject {
    const o = new JObject(entries);
    if (literals) this.literals!.set(o, literals);
    return o;
  }

  private string(): string {
    this.i++;
    const open = this.i;
    // Fast path: no escapes and valid UTF-8 (decoded natively; U+FFFD in the result means the
    // text may have had invalid bytes, which the byte-wise path below replaces Go's way).
    const b = this.b;
    let j = this.i;
    for (let c = b[j]; c !== undefined && c !== 0x22 && c !== 0x5c && c >= 0x20; c = b[++j]);
    if (b[j] === 0x22 && this.text !== undefined) {
      const s = this.text.slice(this.i, j);
      this.i = j + 1;
      return s;
    }
    if (b[j] === 0x22) {
      const s = Buffer.from(b.buffer, b.byteOffset + this.i, j - this.i).toString('utf8');
      if (!s.includes('\ufffd')) {
        this.i = j + 1;
        return s;
      }
    }
    const out: number[] = [];
    let simpleStart = this.i;
    const flush = (end: number) => {
      for (let k = simpleStart; k < end; k++) out.push(this.b[k]!);
    };
    for (;;) {
      if (this.i >= this.b.length) this.syntax('unexpected end of JSON input');
      const c = this.b[this.i]!;
      if (c === 0x22) {
        flush(this.i);
        if (this.literals) this.escapedLiteral = this.sliceText(open, this.i);
        this.i++;
        return decodeStringBytes(out);
      }
      if (c < 0x20) this.unexpected('in string literal');
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      flush(this.i);
      this.i++;
      if (this.i >= this.b.length) this.unexpected('in string escape code', true);
      const e = this.b[this.i]!;
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        out.push(simple);
        this.i++;
      } else if (e === 0x75) {
        this.i++;
        let r = this.hex4();
        if (r >= 0xd800 && r <= 0xdbff) {
          // A surrogate pair only when a low surrogate escape follows directly.
          if (this.b[this.i] === 0x5c && this.b[this.i + 1] === 0x75) {
            const save = this.i;
            this.i += 2;
            const r2 = this.hex4();
            if (r2 >= 0xdc00 && r2 <= 0xdfff) r = 0x10000 + ((r - 0xd800) << 10) + (r2 - 0xdc00);
            else {
              this.i = save;
              r = 0xfffd;
            }
          } else r = 0xfffd;
        } else if (r >= 0xdc00 && r <= 0xdfff) r = 0xfffd;
        for (const x of Buffer.from(String.fromCodePoint(r), 'utf8')) out.push(x);
      } else this.unexpected('in string escape code');
      simpleStart = this.i;
    }
  }

  private hex4(): number {
    let r = 0;
    for (let k = 0; k < 4; k++) {
      if (this.i >= this.b.length) this.syntax('unexpected end of JSON input');
      const c = this.b[this.i]!;
      const d =
        c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 87 : c >= 0x41 && c <= 0x46 ? c - 55 : -1;
      if (d < 0) this.unexpected('in \\u hexadecimal character escape', true);
      r = r * 16 + d;
      this.i++;
    }
    return r;
  }

  get keepsNumbers(): boolean {
    return this.keepNumbers;
  }
}

/** The byte each one-letter JSON escape stands for. */
const SIMPLE_ESCAPES: Partial<Record<number, number>> = {
  98: 8,
  102: 12,
  110: 10,
  114: 13,
  116: 9,
  92: 0x5c,
  47: 0x2f,
  34: 0x22,
};

/** Decoded string bytes → Go string; invalid UTF-8 becomes U+FFFD like encoding/json's unquote. */
function decodeStringBytes(bytes: number[]): string {
  const s = bytesToString(Uint8Array.from(bytes));
  return toValidUTF8(s);
}

/** Parses JSON text into a tree (numbers as literal text); throws {@link JsonError}. */
export function parseJSONTree(text: string): JValue {
  return new JsonParser(text, true).parseTree();
}

/**
 * {@link parseJSONTree}, also returning the literals (the text between the quotes, as written) of
 * object members whose string was written with escapes: encoding/json hands an UnmarshalJSON method
 * (time.Time's) the literal, not the decoded string. `literal(o, i)` is that of `o.entries[i]`.
 */
export function parseJSONTreeWithLiterals(text: string): {
  tree: JValue;
  literal: (o: JObject, index: number) => string | undefined;
} {
  const literals = new WeakMap<JObject, Map<number, string>>();
  const tree = new JsonParser(text, true, literals).parseTree();
  return { tree, literal: (o, i) => literals.get(o)?.get(i) };
}

export type JsonTarget = 'interface' | 'map' | 'slice';

function kindWord(t: JValue): string {
  if (t === null) return 'null';
  if (typeof t === 'boolean') return 'bool';
  if (typeof t === 'string') return 'string';
  if (t instanceof JNum) return 'number';
  if (Array.isArray(t)) return 'array';
  return 'object';
}

/** The first error json.Unmarshal saves while it keeps decoding (Go's decodeState.saveError). */
interface Saved {
  error?: JsonError;
}

/** A JSON tree as the Go values json.Unmarshal produces for `interface {}` (numbers float64). */
export function treeToGo(t: JValue, saved?: Saved): GoValue {
  if (t === null || typeof t === 'boolean' || typeof t === 'string') return t;
  if (t instanceof JNum) {
    const f = Number(t.text);
    if (!Number.isFinite(f)) {
      const err = new JsonError(`json: cannot unmarshal number ${t.text} into Go value of type float64`);
      // Go records the error, leaves the value nil and keeps decoding.
      if (!saved) throw err;
      saved.error ??= err;
      return null;
    }
    return f;
  }
  // encoding/json appends a decoded array's elements one by one: Go's capacity follows.
  if (Array.isArray(t)) return appended(t.map((e) => treeToGo(e, saved)));
  const m: GoMap = new Map();
  for (const [k, v] of t.entries) {
    m.delete(k);
    m.set(k, treeToGo(v, saved));
  }
  return m;
}

/**
 * json.Unmarshal(text, &target) where target is `interface {}`, `map[string]interface {}` or
 * `[]interface {}`. A JSON null gives null (a nil map or slice). Throws {@link JsonError}.
 */
export function unmarshalJSON(text: string, target: JsonTarget = 'interface'): GoValue {
  const tree = parseJSONTree(text);
  return treeToTarget(tree, target);
}

/** Converts a parsed tree into the Go value for a target, with Go's type mismatch error. */
export function treeToTarget(tree: JValue, target: JsonTarget, saved?: Saved): GoValue {
  if (tree === null) return null;
  if (target === 'map' && !(tree instanceof JObject)) {
    throw new JsonError(`json: cannot unmarshal ${kindWord(tree)} into Go value of type map[string]interface {}`);
  }
  if (target === 'slice' && !Array.isArray(tree)) {
    throw new JsonError(`json: cannot unmarshal ${kindWord(tree)} into Go value of type []interface {}`);
  }
  return treeToGo(tree, saved);
}

/**
 * Helm's `fromJson`: json.Unmarshal into a `map[string]interface {}`; on error a map holding only
 * `Error`. JSON null leaves a nil map (toJson prints `null`).
 */
export function fromJson(text: string): GoMap {
  try {
    const saved: Saved = {};
    const v = treeToTarget(parseJSONTree(text), 'map', saved);
    if (saved.error) {
      // Like Go, what was decoded stays in the map next to the error.
      const m = v === null ? new Map() : (v as GoMap);
      m.set('Error', saved.error.message);
      return m;
    }
    return v === null ? nilMap() : (v as GoMap);
  } catch (e) {
    if (e instanceof JsonError) return new Map([['Error', e.message]]);
    throw e;
  }
}

/** Helm's `fromJsonArray`: the list, or a one-element list holding the error text. */
export function fromJsonArray(text: string): GoValue[] {
  try {
    const v = unmarshalJSON(text, 'slice');
    return v === null ? nilSlice() : (v as GoValue[]);
  } catch (e) {
    if (e instanceof JsonError) return [e.message];
    throw e;
  }
}

/** Helm's `toJson`: json.Marshal, or "" when marshalling fails. */
export function toJson(v: GoValue): string {
  try {
    return marshalJSON(v);
  } catch (e) {
    if (e instanceof JsonError) return '';
    throw e;
  }
}

/** Sprig's `toPrettyJson`: json.MarshalIndent(v, "", "  "), or "" when marshalling fails. */
export function toPrettyJson(v: GoValue): string {
  try {
    return marshalJSON(v, { indent: '  ' });
  } catch (e) {
    if (e instanceof JsonError) return '';
    throw e;
  }
}

/**
 * Sprig's `toRawJson` / `mustToRawJson`: JSON without HTML escaping. The error is thrown (sprig
 * panics in toRawJson and returns it in mustToRawJson; both surface as `error calling …: <message>`).
 */
export function toRawJson(v: GoValue): string {
  return marshalJSON(v, { escapeHTML: false });
}
