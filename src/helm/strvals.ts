/**
 * Helm's `strvals` grammar: the values given with `--set`, `--set-string`, `--set-json`, `--set-file`
 * and `--set-literal`, parsed exactly like helm 3.17 (`compat: 'helm3'`) and helm 4.1 (`'helm4'`),
 * including every error text, plus {@link mergeValueSources}, which combines all value sources in
 * helm's order into the user values map.
 *
 * Grammar (helm's pkg/strvals): `name=value` pairs separated by `,`; names are split at `.` (maps) and
 * `[i]` (lists, index at most 65536, nesting of names at most 30); `\` escapes the next character;
 * a value `{a,b}` is a list. Values are typed: `true`/`false`/`null` (any case), integers that fit
 * int64 and do not start with `0` (int64), everything else a string; never floats.
 *
 * The parser works like helm's: on the code points of the string, mutating the destination map in
 * place, so a later flag sees (and may trip over) what an earlier flag wrote.
 */

import { unmarshalJSON } from '../codec/json.js';
import { readValuesFile, YamlReadError } from '../codec/yaml-read.js';
import { appended } from '../gotemplate/capacity.js';
import { goTrimSpace } from '../gotemplate/gostring.js';
import { atoi, NumError, parseGoInt, quote, quoteRune } from '../gotemplate/strconv.js';
import type { GoMap, GoValue } from '../gotemplate/value.js';
import { goInt64, isGoInt } from '../gotemplate/value.js';
import { scanJsonValue } from './json-scan.js';

/** Which helm release to behave like. */
export type Compat = 'helm3' | 'helm4';

/** Helm's `MaxIndex`: the largest list index `--set` accepts. */
export const MAX_INDEX = 65536;
/** Helm's `MaxNestedNameLevel`: the deepest `a.b.c…` nesting `--set` accepts. */
export const MAX_NESTED_NAME_LEVEL = 30;

/** A values error; `message` is helm's text after `Error: `. */
export class ValuesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValuesError';
  }
}

/**
 * Reads a file named on the command line (`-f`, `--set-file`) and returns its content as a Go string.
 * The CLI decides how paths resolve (and `-` for stdin); it throws an Error whose message is the
 * text helm would print (e.g. `open x.yaml: no such file or directory`).
 */
export type ValueFileReader = (path: string) => string;

/** io.EOF: the end of the input, which ends parsing normally. */
class EOF extends Error {
  constructor() {
    super('EOF');
  }
}
const eof = new EOF();

/** An error wrapping io.EOF (`error parsing index: EOF`): helm 4 treats it as the end, helm 3 fails. */
class WrappedEOF extends Error {}

/** A Go runtime panic inside the parser; helm recovers it as `unable to parse key: <panic>`. */
class Panic extends Error {}

function isEOF(e: unknown, compat: Compat): boolean {
  return e === eof || (compat === 'helm4' && e instanceof WrappedEOF);
}

/** The Go type name a type assertion panic prints for a dynamic value. */
function dynTypeName(v: GoValue): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float64';
  if (isGoInt(v)) return v.type.name;
  if (v instanceof Map) return 'map[string]interface {}';
  if (Array.isArray(v)) return '[]interface {}';
  return 'interface {}';
}

function assertMap(v: GoValue): GoMap {
  if (v instanceof Map) return v;
  throw new Panic(`interface conversion: interface {} is ${dynTypeName(v)}, not map[string]interface {}`);
}

function assertList(v: GoValue): GoValue[] {
  if (Array.isArray(v)) return v;
  throw new Panic(`interface conversion: interface {} is ${dynTypeName(v)}, not []interface {}`);
}

/** strings.EqualFold against an ASCII lower-case word (Unicode simple folding: `ſ` folds to `s`). */
function equalFold(s: string, word: string): boolean {
  const cps = Array.from(s);
  if (cps.length !== word.length) return false;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    const w = word[i]!;
    if (c === w || c.toLowerCase() === w) continue;
    if (w === 's' && c === '\u017f') continue;
    if (w === 'k' && c === '\u212a') continue;
    return false;
  }
  return true;
}

/** Helm's typedVal: the type a `--set` value gets. */
export function typedValue(val: string, forceString: boolean): GoValue {
  if (forceString) return val;
  if (equalFold(val, 'true')) return true;
  if (equalFold(val, 'false')) return false;
  if (equalFold(val, 'null')) return null;
  if (val === '0') return goInt64(0n);
  if (val.length > 0 && val[0] !== '0') {
    try {
      return goInt64(parseGoInt(val, 10, 64));
    } catch (e) {
      if (!(e instanceof NumError)) throw e;
    }
  }
  return val;
}

/** unicode.IsSpace. */
function isUnicodeSpace(c: string): boolean {
  switch (c) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case '\u0085':
    case '\u00a0':
      return true;
  }
  const cp = c.codePointAt(0)!;
  return (
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

/** A rune reader over a Go string (bytes.Buffer.ReadRune: invalid bytes read as U+FFFD). */
class RuneBuffer {
  private readonly runes: string[];
  private pos = 0;

  constructor(s: string) {
    this.runes = Array.from(s, (r) => {
      const c = r.charCodeAt(0);
      return r.length === 1 && c >= 0xd800 && c <= 0xdfff ? '\ufffd' : r;
    });
  }

  /** The next rune, or undefined at the end. */
  read(): string | undefined {
    if (this.pos >= this.runes.length) return undefined;
    return this.runes[this.pos++];
  }

  unread(): void {
    this.pos--;
  }

  /** What is left (bytes.Buffer.String()). */
  rest(): string {
    return this.runes.slice(this.pos).join('');
  }

  /** Discards the runes that make up the first `units` UTF-16 units of {@link rest}. */
  skipUnits(units: number): void {
    let n = 0;
    while (n < units && this.pos < this.runes.length) n += this.runes[this.pos++]!.length;
  }
}

/** How a parser turns the raw runes of a value into a Go value. */
type ValueReader = (runes: string) => GoValue;

/** runesUntil: reads up to a stop rune, honouring `\` escapes. `last` is undefined at the end. */
function runesUntil(
  sc: RuneBuffer,
  stop: string,
  escapes: boolean,
): { v: string; last: string | undefined; err: boolean } {
  let v = '';
  for (;;) {
    const r = sc.read();
    if (r === undefined) return { v, last: undefined, err: true };
    if (stop.includes(r)) return { v, last: r, err: false };
    if (escapes && r === '\\') {
      const next = sc.read();
      if (next === undefined) return { v, last: undefined, err: true };
      v += next;
      continue;
    }
    v += r;
  }
}

/** Go's %q of a []rune: `['a' 'b']`. */
function quoteRunes(s: string): string {
  return `[${Array.from(s, (r) => quoteRune(r.codePointAt(0)!)).join(' ')}]`;
}

function setKey(data: GoMap, key: string, val: GoValue): void {
  if (key.length === 0) return;
  data.set(key, val);
}

function setIndex(list: GoValue[], index: number, val: GoValue): GoValue[] {
  if (index < 0) throw new ValuesError(`negative ${index} index not allowed`);
  if (index > MAX_INDEX) {
    throw new ValuesError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
  }
  if (list.length <= index) {
    const grown = list.slice();
    while (grown.length <= index) grown.push(null);
    list = grown;
  }
  list[index] = val;
  return list;
}

/** What both of helm's strvals parsers share: reading keys until the input ends, and the error wrapping. */
abstract class KeyParser {
  constructor(
    protected readonly sc: RuneBuffer,
    protected readonly data: GoMap,
    protected readonly compat: Compat,
  ) {}

  protected abstract keyInner(data: GoMap, nestedNameLevel: number): void;

  parse(): void {
    for (;;) {
      try {
        this.key(this.data, 0);
      } catch (e) {
        if (isEOF(e, this.compat)) return;
        if (e instanceof WrappedEOF) throw new ValuesError(e.message);
        throw e;
      }
    }
  }

  protected key(data: GoMap, nestedNameLevel: number): void {
    try {
      this.keyInner(data, nestedNameLevel);
    } catch (e) {
      if (e instanceof Panic) throw new ValuesError(`unable to parse key: ${e.message}`);
      throw e;
    }
  }
}

/** The parser of `--set`, `--set-string`, `--set-file` and `--set-json` (helm's strvals.parser). */
class Parser extends KeyParser {
  constructor(
    sc: RuneBuffer,
    data: GoMap,
    private readonly reader: ValueReader | undefined,
    compat: Compat,
  ) {
    super(sc, data, compat);
  }

  protected keyInner(data: GoMap, nestedNameLevel: number): void {
    const { v: k, last, err } = runesUntil(this.sc, '=[,.', true);
    if (err) {
      if (k.length === 0) throw eof;
      throw new ValuesError(`key ${quote(k)} has no value`);
    }
    if (last === '[') {
      const i = this.keyIndex();
      let list: GoValue[] = [];
      if (data.has(k)) list = assertList(data.get(k));
      let failure: unknown;
      try {
        list = this.listItem(list, i, nestedNameLevel);
      } catch (e) {
        if (!(e instanceof ListItemError)) throw e;
        list = e.list;
        failure = e.cause;
      }
      setKey(data, k, list);
      if (failure !== undefined) throw failure;
      return;
    }
    if (last === '=') {
      if (this.reader === undefined) {
        this.jsonValue((v) => setKey(data, k, v));
        return;
      }
      let vl: GoValue[];
      try {
        vl = this.valList();
      } catch (e) {
        if (e === eof) {
          setKey(data, k, '');
          throw e;
        }
        if (e === notList) {
          const rs = this.val();
          setKey(data, k, this.reader(rs));
          return;
        }
        throw e;
      }
      setKey(data, k, vl);
      return;
    }
    if (last === ',') {
      setKey(data, k, '');
      throw new ValuesError(`key ${quote(k)} has no value (cannot end with ,)`);
    }
    // last === '.'
    nestedNameLevel++;
    if (nestedNameLevel > MAX_NESTED_NAME_LEVEL) {
      throw new ValuesError(
        `value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`,
      );
    }
    let inner: GoMap = new Map();
    if (data.has(k)) inner = assertMap(data.get(k));
    let failure: unknown;
    try {
      this.key(inner, nestedNameLevel);
    } catch (e) {
      failure = e;
    }
    if (failure === undefined && inner.size === 0) throw new ValuesError(`key map ${quote(k)} has no value`);
    if (inner.size !== 0) setKey(data, k, inner);
    if (failure !== undefined) throw failure;
  }

  /** Reads `…]` and converts it with strconv.Atoi. */
  private keyIndex(): number {
    const { v, err } = runesUntil(this.sc, ']', true);
    if (err) throw new WrappedEOF('error parsing index: EOF');
    try {
      return Number(atoi(v));
    } catch (e) {
      if (e instanceof NumError) throw new ValuesError(`error parsing index: ${e.message}`);
      throw e;
    }
  }

  private listItem(list: GoValue[], i: number, nestedNameLevel: number): GoValue[] {
    if (i < 0) throw new ListItemError(list, new ValuesError(`negative ${i} index not allowed`));
    const { v: k, last, err } = runesUntil(this.sc, '[.=', true);
    if (k.length > 0) {
      throw new ListItemError(list, new ValuesError(`unexpected data at end of array index: ${quoteRunes(k)}`));
    }
    if (err) throw new ListItemError(list, eof);
    if (last === '=') {
      if (this.reader === undefined) {
        let out = list;
        this.jsonValue((v) => {
          out = this.setIndexOrFail(list, i, v);
        }, list);
        return out;
      }
      let vl: GoValue[];
      try {
        vl = this.valList();
      } catch (e) {
        if (e === eof) return this.setIndexOrFail(list, i, '');
        if (e === notList) {
          const rs = this.val();
          const v = this.readerOrFail(rs, list);
          return this.setIndexOrFail(list, i, v);
        }
        throw new ListItemError(list, e);
      }
      return this.setIndexOrFail(list, i, vl);
    }
    if (last === '[') {
      let nextI: number;
      try {
        nextI = this.keyIndex();
      } catch (e) {
        throw new ListItemError(list, e);
      }
      let crtList: GoValue[] = [];
      if (list.length > i && list[i] !== null) crtList = assertList(list[i]);
      let list2: GoValue[];
      try {
        list2 = this.listItem(crtList, nextI, nestedNameLevel);
      } catch (e) {
        if (e instanceof ListItemError) throw new ListItemError(list, e.cause);
        throw e;
      }
      return this.setIndexOrFail(list, i, list2);
    }
    // last === '.'
    let inner: GoMap = new Map();
    if (list.length > i) {
      const existing = list[i];
      if (existing instanceof Map) inner = existing;
      else {
        inner = new Map();
        list[i] = inner;
      }
    }
    try {
      this.key(inner, nestedNameLevel);
    } catch (e) {
      throw new ListItemError(list, e);
    }
    return this.setIndexOrFail(list, i, inner);
  }

  private setIndexOrFail(list: GoValue[], i: number, v: GoValue): GoValue[] {
    try {
      return setIndex(list, i, v);
    } catch (e) {
      throw new ListItemError(list, e);
    }
  }

  private readerOrFail(rs: string, list: GoValue[]): GoValue {
    try {
      return this.reader!(rs);
    } catch (e) {
      throw new ListItemError(list, e);
    }
  }

  /** emptyVal: skips spaces; true at the end or after a consumed `,`. */
  private emptyVal(): boolean {
    for (;;) {
      const r = this.sc.read();
      if (r === undefined || r === ',') return true;
      if (!isUnicodeSpace(r)) {
        this.sc.unread();
        return false;
      }
    }
  }

  /**
   * `--set-json` value: empty means null; otherwise one JSON value decoded like json.Decoder does
   * (the rest of the line stays for the next key), then blanks and one `,` are skipped.
   */
  private jsonValue(assign: (v: GoValue) => void, list?: GoValue[]): void {
    if (this.emptyVal()) {
      assign(null);
      return;
    }
    const rest = this.sc.rest();
    let value: GoValue;
    let end: number;
    try {
      end = jsonValueEnd(rest);
      value = unmarshalJSON(rest.slice(0, end));
    } catch (e) {
      const err = new ValuesError(e instanceof Error ? e.message : String(e));
      if (list) throw new ListItemError(list, err);
      throw err;
    }
    assign(value);
    this.sc.skipUnits(end);
    this.emptyVal();
  }

  private val(): string {
    return runesUntil(this.sc, ',', true).v;
  }

  /** A `{a,b}` list value; throws `notList` (nothing consumed) when the value is not a list. */
  private valList(): GoValue[] {
    const r = this.sc.read();
    if (r === undefined) throw eof;
    if (r !== '{') {
      this.sc.unread();
      throw notList;
    }
    const list: GoValue[] = [];
    for (;;) {
      const { v: rs, last, err } = runesUntil(this.sc, ',}', true);
      if (err) throw new ValuesError("list must terminate with '}'");
      if (last === '}') {
        const next = this.sc.read();
        if (next !== undefined && next !== ',') this.sc.unread();
        list.push(this.reader!(rs));
        // Go appends each element: the list gets append's capacity.
        return appended(list);
      }
      list.push(this.reader!(rs));
    }
  }
}

/** The error of a listItem call together with the list helm still assigns before returning it. */
class ListItemError extends Error {
  constructor(
    readonly list: GoValue[],
    override readonly cause: unknown,
  ) {
    super('list item');
  }
}

const notList = new Error('not a list');

/**
 * Where the first JSON value of `text` ends, the way encoding/json's Decoder finds it (anything may
 * follow the value). Throws a ValuesError on a syntax error or a value cut short.
 */
export function jsonValueEnd(text: string): number {
  const r = scanJsonValue(text);
  if (r.ok) return r.end;
  if (r.eof) throw new ValuesError(r.empty ? 'EOF' : 'unexpected EOF');
  if ('tooDeep' in r) throw new ValuesError('exceeded max depth');
  throw new ValuesError(`invalid character ${quote(text[r.pos]!)}`);
}

/** The parser of `--set-literal` (helm's strvals.literalParser): no `,` separator, no escapes. */
class LiteralParser extends KeyParser {
  protected keyInner(data: GoMap, nestedNameLevel: number): void {
    const { v: key, last, err } = runesUntil(this.sc, '=[.', false);
    if (err) {
      if (key.length === 0) throw eof;
      throw new ValuesError(`key ${quote(key)} has no value`);
    }
    if (last === '=') {
      setKey(data, key, this.val());
      return;
    }
    if (last === '.') {
      nestedNameLevel++;
      if (nestedNameLevel > MAX_NESTED_NAME_LEVEL) {
        throw new ValuesError(
          `value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`,
        );
      }
      let inner: GoMap = new Map();
      if (data.has(key)) inner = assertMap(data.get(key));
      let failure: unknown;
      try {
        this.key(inner, nestedNameLevel);
      } catch (e) {
        failure = e;
      }
      if (failure === undefined && inner.size === 0) throw new ValuesError(`key map ${quote(key)} has no value`);
      if (inner.size !== 0) setKey(data, key, inner);
      if (failure !== undefined) throw failure;
      return;
    }
    // last === '['
    const i = this.keyIndex();
    let list: GoValue[] = [];
    if (data.has(key)) list = assertList(data.get(key));
    let failure: unknown;
    try {
      list = this.listItem(list, i, nestedNameLevel);
    } catch (e) {
      if (!(e instanceof ListItemError)) throw e;
      list = e.list;
      failure = e.cause;
    }
    setKey(data, key, list);
    if (failure !== undefined) throw failure;
  }

  private keyIndex(): number {
    const { v, err } = runesUntil(this.sc, ']', false);
    if (err) throw new WrappedEOF('error parsing index: EOF');
    try {
      return Number(atoi(v));
    } catch (e) {
      if (e instanceof NumError) throw new ValuesError(`error parsing index: ${e.message}`);
      throw e;
    }
  }

  private listItem(list: GoValue[], i: number, nestedNameLevel: number): GoValue[] {
    if (i < 0) throw new ListItemError(list, new ValuesError(`negative ${i} index not allowed`));
    const { v: key, last, err } = runesUntil(this.sc, '[.=', false);
    if (key.length > 0) {
      throw new ListItemError(list, new ValuesError(`unexpected data at end of array index: ${quoteRunes(key)}`));
    }
    if (err) throw new ListItemError(list, eof);
    const set = (v: GoValue) => {
      try {
        return setIndex(list, i, v);
      } catch (e) {
        throw new ListItemError(list, e);
      }
    };
    if (last === '=') return set(this.val());
    if (last === '.') {
      let inner: GoMap = new Map();
      if (list.length > i) {
        const existing = list[i];
        if (existing instanceof Map) inner = existing;
        else {
          inner = new Map();
          list[i] = inner;
        }
      }
      try {
        this.key(inner, nestedNameLevel);
      } catch (e) {
        throw new ListItemError(list, e);
      }
      return set(inner);
    }
    let nextI: number;
    try {
      nextI = this.keyIndex();
    } catch (e) {
      throw new ListItemError(list, e);
    }
    let crtList: GoValue[] = [];
    if (list.length > i && list[i] !== null) crtList = assertList(list[i]);
    let list2: GoValue[];
    try {
      list2 = this.listItem(crtList, nextI, nestedNameLevel);
    } catch (e) {
      if (e instanceof ListItemError) throw new ListItemError(list, e.cause);
      throw e;
    }
    return set(list2);
  }

  /** The whole rest of the line is the value. */
  private val(): string {
    return runesUntil(this.sc, '', false).v;
  }
}

/** Options shared by the `parseSet*` functions. */
export interface StrvalsOptions {
  compat: Compat;
}

/** `--set s` into `dest` (strvals.ParseInto). @throws ValuesError with strvals' text. */
export function parseSet(s: string, dest: GoMap, options: StrvalsOptions): void {
  new Parser(new RuneBuffer(s), dest, (rs) => typedValue(rs, false), options.compat).parse();
}

/** `--set-string s` into `dest` (strvals.ParseIntoString). @throws ValuesError */
export function parseSetString(s: string, dest: GoMap, options: StrvalsOptions): void {
  new Parser(new RuneBuffer(s), dest, (rs) => typedValue(rs, true), options.compat).parse();
}

/** `--set-json s` in `key=json` form into `dest` (strvals.ParseJSON). @throws ValuesError */
export function parseSetJSON(s: string, dest: GoMap, options: StrvalsOptions): void {
  new Parser(new RuneBuffer(s), dest, undefined, options.compat).parse();
}

/** `--set-file s` into `dest` (strvals.ParseIntoFile): each value names a file read by `read`. */
export function parseSetFile(s: string, dest: GoMap, read: ValueFileReader, options: StrvalsOptions): void {
  new Parser(new RuneBuffer(s), dest, (rs) => read(rs), options.compat).parse();
}

/** `--set-literal s` into `dest` (strvals.ParseLiteralInto). @throws ValuesError */
export function parseSetLiteral(s: string, dest: GoMap, options: StrvalsOptions): void {
  new LiteralParser(new RuneBuffer(s), dest, options.compat).parse();
}

/** helm's mergeMaps for values files: maps merge recursively, anything else from `b` replaces. */
export function mergeMaps(a: GoMap, b: GoMap): GoMap {
  const out: GoMap = new Map(a);
  for (const [k, v] of b) {
    const cur = out.get(k);
    if (v instanceof Map && cur instanceof Map) out.set(k, mergeMaps(cur, v));
    else out.set(k, v);
  }
  return out;
}

/** Every value source of `helm template`, each list in command-line order. */
export interface ValueSources {
  /** `-f/--values` paths. */
  valueFiles?: string[];
  /** `--set-json` arguments. */
  setJSON?: string[];
  /** `--set` arguments. */
  set?: string[];
  /** `--set-string` arguments. */
  setString?: string[];
  /** `--set-file` arguments. */
  setFile?: string[];
  /** `--set-literal` arguments. */
  setLiteral?: string[];
}

export interface MergeValueSourcesOptions {
  compat: Compat;
  /** Reads `-f` files and `--set-file` files; needed only when those are given. */
  readFile?: ValueFileReader;
}

function wrapFileReader(read: ValueFileReader | undefined): ValueFileReader {
  return (path) => {
    if (!read) throw new ValuesError(`cannot read ${path}: no file reader given`);
    return read(path);
  };
}

/**
 * Builds the user values map like helm's values.Options.MergeValues: all `-f` files deep-merged left
 * to right, then `--set-json`, `--set`, `--set-string`, `--set-file`, `--set-literal` (each kind in
 * command-line order), regardless of how the flags were interleaved.
 * @throws ValuesError with helm's text, e.g. `failed parsing --set data: key "a" has no value`.
 */
export function mergeValueSources(sources: ValueSources, options: MergeValueSourcesOptions): GoMap {
  const { compat } = options;
  const read = wrapFileReader(options.readFile);
  let base: GoMap = new Map();
  for (const path of sources.valueFiles ?? []) {
    const text = read(path);
    let current: GoMap;
    try {
      current = readValuesFile(text, compat);
    } catch (e) {
      if (e instanceof YamlReadError) throw new ValuesError(`failed to parse ${path}: ${e.message}`);
      throw e;
    }
    base = mergeMaps(base, current);
  }
  for (const value of sources.setJSON ?? []) {
    const trimmed = goTrimSpace(value);
    if (compat === 'helm4' && trimmed.startsWith('{')) {
      let obj: GoValue;
      try {
        obj = unmarshalJSON(trimmed, 'map');
      } catch {
        throw new ValuesError(`failed parsing --set-json data JSON: ${value}`);
      }
      base = mergeMaps(base, (obj as GoMap | null) ?? new Map());
      continue;
    }
    try {
      parseSetJSON(value, base, { compat });
    } catch (e) {
      if (e instanceof ValuesError) throw new ValuesError(`failed parsing --set-json data ${value}`);
      throw e;
    }
  }
  const wrap = (flag: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      if (e instanceof ValuesError) throw new ValuesError(`failed parsing ${flag} data: ${e.message}`);
      throw e;
    }
  };
  // A --set-file read failure is reported inside the --set-file message, like any parse error.
  const readForSet: ValueFileReader = (path) => {
    try {
      return read(path);
    } catch (e) {
      throw e instanceof ValuesError ? e : new ValuesError(e instanceof Error ? e.message : String(e));
    }
  };
  for (const value of sources.set ?? []) wrap('--set', () => parseSet(value, base, { compat }));
  for (const value of sources.setString ?? []) wrap('--set-string', () => parseSetString(value, base, { compat }));
  for (const value of sources.setFile ?? []) {
    wrap('--set-file', () => parseSetFile(value, base, readForSet, { compat }));
  }
  for (const value of sources.setLiteral ?? []) wrap('--set-literal', () => parseSetLiteral(value, base, { compat }));
  return base;
}

/** The name the render pipeline uses for {@link mergeValueSources}. */
export const parseSetFlags = mergeValueSources;
