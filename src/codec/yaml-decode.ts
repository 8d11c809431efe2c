/**
 * go-yaml v2's Unmarshal into `interface {}`: node tree → Go-like YAML values (`map[interface {}]
 * interface {}`, `[]interface {}`, int/uint64/float64/bool/string/nil), including merge keys, the
 * alias-expansion bound ("document contains excessive aliasing") and its error texts.
 */
import { bytesToString } from '../gotemplate/gostring.js';
import { formatFloat, quote } from '../gotemplate/strconv.js';
import { isPrint as goIsPrint } from '../gotemplate/unicode.js';
import { composeFirstDocument, Ev, type Event, EventParser, YamlDecodeError, type YamlNode } from './yaml-parser.js';
import type { PlainTreeBuilder } from './yaml-plain.js';
import { BINARY_TAG, MERGE_TAG, ResolveError, resolve, STR_TAG, TIMESTAMP_TAG, YInt } from './yaml-resolve.js';
import { YamlSyntaxError } from './yaml-scanner.js';

export { YInt };

/** A `map[interface {}]interface {}`; iteration follows the document (last assignment last). */
export class YMap {
  /** Entries by key identity (see {@link keyId}), in assignment order. */
  readonly entries = new Map<unknown, { key: YValue; value: YValue }>();
  /** Identities of uint64 keys (rare): one object per value. */
  private unsignedIds?: Map<bigint, object>;
  set(key: YValue, value: YValue): void {
    let id = keyId(key);
    if (id === undefined) {
      // NaN never equals itself: every NaN key is a new entry. uint64 keys get an object identity.
      if (typeof key === 'number') id = {};
      else {
        const v = (key as YInt).v;
        this.unsignedIds ??= new Map();
        id = this.unsignedIds.get(v);
        if (id === undefined) this.unsignedIds.set(v, (id = {}));
      }
    }
    this.entries.delete(id);
    this.entries.set(id, { key, value });
  }

  /** Whether Go's map holds `key` (a NaN key is never found). */
  has(key: YValue): boolean {
    const id = keyId(key);
    if (id !== undefined) return this.entries.has(id);
    if (typeof key === 'number') return false;
    const obj = this.unsignedIds?.get((key as YInt).v);
    return obj !== undefined && this.entries.has(obj);
  }
}

export type YValue = null | boolean | string | number | YInt | YValue[] | YMap;

/**
 * A map key's identity as a JS Map key: strings, float64s, bools and nil stand for themselves (the
 * JS types keep them apart, and +0 equals -0 as in Go), int64s are bigints; undefined for NaN and
 * uint64 (handled by the map).
 */
function keyId(k: YValue): unknown {
  if (k === null || typeof k === 'string' || typeof k === 'boolean') return k;
  if (typeof k === 'number') return Number.isNaN(k) ? undefined : k;
  if (k instanceof YInt) return k.unsigned ? undefined : k.v;
  return 'x'; // never used: collection keys are rejected first
}

/** A go-yaml error; `message` is the full Go text (`yaml: line 3: …`). */
export class GoYamlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoYamlError';
  }
}

const ALIAS_RATIO_LOW = 400000;
const ALIAS_RATIO_HIGH = 4000000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_HIGH) return 0.1;
  return 0.99 - (0.89 * (decodeCount - ALIAS_RATIO_LOW)) / (ALIAS_RATIO_HIGH - ALIAS_RATIO_LOW);
}

/** go-yaml v2's strict-mode complaint about a key set twice (`line` is the value's, 0-based). */
function duplicateKeyText(line: number, key: YValue): string {
  return `line ${line + 1}: key ${goSharpV(key)} already set in map`;
}

/** go-yaml v2's TypeError text for the collected strict-mode complaints. */
function strictError(duplicates: string[]): GoYamlError {
  return new GoYamlError(`yaml: unmarshal errors:\n  ${duplicates.join('\n  ')}`);
}

class Decoder {
  /** Strict mode's complaints, in decoding order (reported after a decode that otherwise succeeds). */
  readonly duplicates: string[] = [];
  constructor(private readonly strict = false) {}

  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly active = new Set<YamlNode>();

  /** go-yaml's per-node bookkeeping that bounds alias expansion. */
  private count(): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (
      this.aliasCount > 100 &&
      this.decodeCount > 1000 &&
      this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)
    ) {
      fail('document contains excessive aliasing');
    }
  }

  unmarshal(n: YamlNode): YValue {
    this.count();
    switch (n.kind) {
      case 'document':
        return n.children.length === 1 ? this.unmarshal(n.children[0]!) : null;
      case 'alias':
        return this.alias(n);
      case 'scalar':
        return this.scalar(n);
      case 'mapping': {
        const m = new YMap();
        this.mappingInto(n, m);
        return m;
      }
      case 'sequence':
        return n.children.map((c) => this.unmarshal(c));
    }
  }

  private alias(n: YamlNode): YValue {
    if (this.active.has(n)) fail(`anchor '${n.value}' value contains itself`);
    this.active.add(n);
    this.aliasDepth++;
    try {
      return this.unmarshal(n.alias!);
    } finally {
      this.aliasDepth--;
      this.active.delete(n);
    }
  }

  private scalar(n: YamlNode): YValue {
    return decodeScalar(n.tag, n.implicit, n.value);
  }

  /** Decodes a mapping node into `out` (also used for merges, which overwrite existing keys). */
  private mappingInto(n: YamlNode, out: YMap): void {
    const c = n.children;
    for (let i = 0; i + 1 < c.length; i += 2) {
      const kn = c[i]!;
      if (kn.kind === 'scalar' && kn.value === '<<' && (kn.implicit || kn.tag === MERGE_TAG)) {
        this.merge(c[i + 1]!, out);
        continue;
      }
      const k = this.unmarshal(kn);
      if (Array.isArray(k) || k instanceof YMap) fail(`invalid map key: ${goSharpV(k)}`);
      const vn = c[i + 1]!;
      const v = this.unmarshal(vn);
      // Strict mode keeps the first value and complains (merged keys count as set).
      if (this.strict && out.has(k)) this.duplicates.push(duplicateKeyText(vn.line, k));
      else out.set(k, v);
    }
  }

  private mergeOne(n: YamlNode, out: YMap): void {
    // Counted like any unmarshal (go-yaml calls d.unmarshal on the merged node).
    this.count();
    if (n.kind === 'alias') {
      if (this.active.has(n)) fail(`anchor '${n.value}' value contains itself`);
      this.active.add(n);
      this.aliasDepth++;
      try {
        this.mergeOne(n.alias!, out);
      } finally {
        this.aliasDepth--;
        this.active.delete(n);
      }
      return;
    }
    this.mappingInto(n, out);
  }

  private merge(n: YamlNode, out: YMap): void {
    switch (n.kind) {
      case 'mapping':
        this.mergeOne(n, out);
        return;
      case 'alias':
        if (n.alias && n.alias.kind !== 'mapping') failWantMap();
        this.mergeOne(n, out);
        return;
      case 'sequence':
        for (let i = n.children.length - 1; i >= 0; i--) {
          const ni = n.children[i]!;
          if (ni.kind === 'alias') {
            if (ni.alias && ni.alias.kind !== 'mapping') failWantMap();
          } else if (ni.kind !== 'mapping') failWantMap();
          this.mergeOne(ni, out);
        }
        return;
      default:
        failWantMap();
    }
  }
}

function failWantMap(): never {
  fail('map merge requires map or sequence of maps as the value');
}

function fail(msg: string): never {
  throw new YamlDecodeError(msg);
}

/** A scalar node's value (go-yaml v2's d.scalar into interface{}). */
function decodeScalar(nodeTag: string, implicit: boolean, value: string): YValue {
  let tag: string;
  let resolved: unknown;
  if (nodeTag === '' && !implicit) {
    tag = STR_TAG;
    resolved = value;
  } else {
    try {
      [tag, resolved] = resolve(nodeTag, value);
    } catch (e) {
      if (e instanceof ResolveError) fail(e.message);
      throw e;
    }
    if (tag === BINARY_TAG) resolved = decodeBinary(resolved as string);
  }
  if (resolved === null) return null;
  if (tag === TIMESTAMP_TAG) return value; // kept as text for interface{} targets
  return resolved as YValue;
}

/** Thrown when the streaming decoder meets something only the node-tree decoder handles. */
const BAIL = new Error('yaml: not streamable');

/** A collection being filled by {@link streamFirstDocument}. */
interface Frame {
  map: YMap | undefined;
  seq: YValue[] | undefined;
  /** A mapping's pending key (`NO_KEY` while the next node is a key, `DROPPED` before a dropped value). */
  key: YValue | typeof NO_KEY | typeof DROPPED;
  /** Inside a dropped root entry: decoded and checked, never built. */
  drop: boolean;
  /** The 0-based line the collection starts on (go-yaml's node line). */
  line: number;
}
const NO_KEY = Symbol('no key');
const DROPPED = Symbol('dropped');
/** Stand-ins for the collections of dropped entries (never filled). */
const DROPPED_MAP = new YMap();
const DROPPED_SEQ: YValue[] = [];

/**
 * Asks {@link yamlV2Unmarshal} to build only some entries of a root mapping: the others are decoded
 * (so decode errors surface exactly as before) and checked, but not kept.
 */
export interface PartialDecode {
  /** Whether the root mapping keeps the entry with this key. */
  keep(key: YValue): boolean;
  /**
   * Whether a scalar of a dropped entry (a key or a value) may go unseen. When it may not, the whole
   * document is decoded instead, so the caller can inspect it.
   */
  droppable(scalar: YValue, isKey: boolean): boolean;
}

/**
 * go-yaml v2's Unmarshal of the first document straight from parser events, without the node tree
 * (for big documents the tree doubled the live memory and the collector's work). Documents with
 * anchors, aliases or merge keys, or that fail to decode, throw {@link BAIL}: the node-tree decoder
 * then runs from the start, so its ordering (the whole document is composed before decoding, so a
 * later syntax error beats an earlier decode error) and alias accounting stay exactly go-yaml's.
 * Syntax errors are thrown as they come: the node-tree composer would meet them at the same event.
 */
function streamFirstDocument(
  text: string,
  tree?: PlainTreeBuilder,
  partial?: PartialDecode,
  duplicates?: string[],
): YValue | undefined {
  const p = new EventParser(text.length === 0 ? '\n' : text);
  const next = (): Event => {
    const e = p.next();
    if (e === undefined) throw BAIL;
    return e;
  };
  if (next().type !== Ev.StreamStart) throw BAIL;
  const start = next();
  if (start.type === Ev.StreamEnd) return undefined;
  if (start.type !== Ev.DocumentStart) throw BAIL;
  const stack: Frame[] = [];
  let root: YValue = null;
  let done = false;
  const attach = (v: YValue, line: number): void => {
    const f = stack[stack.length - 1];
    if (f === undefined) {
      root = v;
      done = true;
    } else if (f.drop) {
      if (f.seq === undefined) f.key = f.key === NO_KEY ? null : NO_KEY;
    } else if (f.seq !== undefined) f.seq.push(v);
    else if (f.key === NO_KEY) {
      if (partial !== undefined && stack.length === 1 && !partial.keep(v)) {
        if (!partial.droppable(v, true)) throw BAIL;
        f.key = DROPPED;
      } else f.key = v;
    } else if (f.key === DROPPED) f.key = NO_KEY;
    else {
      // Strict mode (`duplicates` given) keeps the first value and complains.
      if (duplicates !== undefined && f.map!.has(f.key)) duplicates.push(duplicateKeyText(line, f.key));
      else f.map!.set(f.key, v);
      f.key = NO_KEY;
    }
  };
  const atKey = (): boolean => {
    const f = stack[stack.length - 1];
    return f !== undefined && f.map !== undefined && f.key === NO_KEY;
  };
  /** Whether the next node belongs to a dropped entry. */
  const dropping = (): boolean => {
    const f = stack[stack.length - 1];
    return f !== undefined && (f.drop || f.key === DROPPED);
  };
  try {
    while (!done) {
      const e = next();
      tree?.push(e);
      switch (e.type) {
        case Ev.Scalar: {
          if (e.anchor !== undefined) throw BAIL;
          const tag = e.tag ?? '';
          const implicit = !!e.implicit;
          const value = e.value ?? '';
          if (value === '<<' && (implicit || tag === MERGE_TAG) && atKey()) throw BAIL;
          const v = decodeScalar(tag, implicit, value);
          if (dropping() && !partial!.droppable(v, atKey())) throw BAIL;
          attach(v, e.start.line);
          break;
        }
        case Ev.SequenceStart:
        case Ev.MappingStart: {
          // A collection as a key is an error the node-tree decoder reports in its place.
          if (e.anchor !== undefined || atKey()) throw BAIL;
          const seq = e.type === Ev.SequenceStart;
          if (dropping())
            stack.push({
              map: seq ? undefined : DROPPED_MAP,
              seq: seq ? DROPPED_SEQ : undefined,
              key: NO_KEY,
              drop: true,
              line: e.start.line,
            });
          else if (seq) stack.push({ map: undefined, seq: [], key: NO_KEY, drop: false, line: e.start.line });
          else stack.push({ map: new YMap(), seq: undefined, key: NO_KEY, drop: false, line: e.start.line });
          break;
        }
        case Ev.SequenceEnd:
        case Ev.MappingEnd: {
          const f = stack.pop();
          if (f === undefined || (e.type === Ev.SequenceEnd) !== (f.seq !== undefined) || f.key !== NO_KEY) throw BAIL;
          attach(f.seq ?? f.map!, f.line);
          break;
        }
        default:
          throw BAIL;
      }
    }
  } catch (e) {
    // Syntax errors are go-yaml's; anything else is for the node-tree decoder to report.
    if (e instanceof YamlSyntaxError) throw e;
    throw BAIL;
  }
  if (next().type !== Ev.DocumentEnd) throw BAIL;
  // The tree stands for the whole text only when nothing follows the document (go-yaml never looks
  // further, so neither may a syntax error there surface).
  if (tree !== undefined) {
    try {
      if (p.next()?.type !== Ev.StreamEnd) tree.abandon();
    } catch {
      tree.abandon();
    }
  }
  return root;
}

/** Go's base64.StdEncoding.DecodeString (CR/LF ignored, padding required), as a Go string. */
function decodeBinary(s: string): string {
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    fail('!!binary value contains invalid base64 data');
  }
  // Keep the bytes as a Go string (invalid UTF-8 survives as escaped bytes).
  return bytesToString(Buffer.from(clean, 'base64'));
}

/** fmt's map key order for interface keys: nil first, then by dynamic type, then by value. */
function typeRank(v: YValue): number {
  if (v === null) return 0;
  if (typeof v === 'string') return 1;
  if (v instanceof YInt) return v.unsigned ? 5 : 2;
  if (typeof v === 'number') return 3;
  if (typeof v === 'boolean') return 4;
  return 6;
}

function compareKeys(a: YValue, b: YValue): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  if (a instanceof YInt && b instanceof YInt) return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return 0;
}

/**
 * strconv.Quote with Go's Unicode 15.0 printability (the shared quote() follows the JS engine's newer
 * tables, so characters added later are escaped here afterwards).
 */
export function goQuote(s: string): string {
  let out = '';
  for (const ch of quote(s)) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80 || goIsPrint(c)) out += ch;
    else out += c < 0x10000 ? `\\u${c.toString(16).padStart(4, '0')}` : `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return out;
}

/** Go's `%#v` of a YAML value, for "invalid map key" and sigs.k8s.io/yaml key errors. */
export function goSharpV(v: YValue, nested = false): string {
  if (v === null) return nested ? 'interface {}(nil)' : '<nil>';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return goFloatV(v);
  if (v instanceof YInt) return v.unsigned ? `0x${v.v.toString(16)}` : v.v.toString();
  if (Array.isArray(v)) return `[]interface {}{${v.map((e) => goSharpV(e, true)).join(', ')}}`;
  const entries = [...v.entries.values()].sort((a, b) => compareKeys(a.key, b.key));
  const parts = entries.map((e) => `${goSharpV(e.key, true)}:${goSharpV(e.value, true)}`);
  return `map[interface {}]interface {}{${parts.join(', ')}}`;
}

function goFloatV(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  // %#v of a float64 uses %g with the shortest representation.
  return formatFloat(f, 'g', -1);
}

/**
 * go-yaml v2's `yaml.Unmarshal(text, &iface)`: the first document as a YAML value (undefined for an
 * empty stream, null for an empty or null document). Throws {@link GoYamlError} with go-yaml's text.
 * When `tree` is given, the same parse also builds the text's plain tree where it can. With
 * `partial`, a root mapping may come back with only some of its entries (see {@link PartialDecode}).
 * `strict` is `yaml.UnmarshalStrict`: a key set twice in a mapping (merge keys included) fails with
 * `yaml: unmarshal errors:` and one line per key, after everything else decoded.
 */
export function yamlV2Unmarshal(
  text: string,
  tree?: PlainTreeBuilder,
  partial?: PartialDecode,
  strict = false,
): YValue | undefined {
  try {
    try {
      const duplicates: string[] | undefined = strict ? [] : undefined;
      const v = streamFirstDocument(text, tree, partial, duplicates);
      if (duplicates !== undefined && duplicates.length > 0) throw strictError(duplicates);
      return v;
    } catch (e) {
      tree?.abandon();
      if (e !== BAIL) throw e;
    }
    const doc = composeFirstDocument(text);
    if (!doc) return undefined;
    const d = new Decoder(strict);
    const v = d.unmarshal(doc);
    if (d.duplicates.length > 0) throw strictError(d.duplicates);
    return v;
  } catch (e) {
    if (e instanceof YamlSyntaxError) throw new GoYamlError(`yaml: ${e.goMessage()}`);
    if (e instanceof YamlDecodeError) throw new GoYamlError(`yaml: ${e.goMessage}`);
    throw e;
  }
}
