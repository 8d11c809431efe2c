/**
 * Reads catalog YAML (recipes, registry, values files) the way AICR's Go YAML decoder (yaml.v3)
 * does, so values reach the renderer with the same types: YAML 1.2 booleans only
 * (`true/True/TRUE`, not `yes`/`on`), Go integer syntax (`0x10`, `0o10`, `010` octal, `1_000`),
 * timestamps kept as strings, anchors/aliases and `<<` merge keys followed.
 *
 * The result is a small node tree with line/column positions, so typed decoders can name the
 * file, line and column of a bad field. Input size, nesting depth and alias expansion are bounded.
 */
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import { invalid, type MirrorError } from './errors.js';
import type { Value, ValueMap } from './types.js';

/** Largest YAML text accepted (catalog files are limited to 10 MB, spec §4.6). */
export const MAX_YAML_BYTES = 10 * 1024 * 1024;
/** Deepest nesting accepted (guards the recursive walk). */
const MAX_DEPTH = 500;
/** Most nodes an alias-expanded document may produce (guards "billion laughs" inputs). */
const MAX_EXPANDED_NODES = 5_000_000;

/** Where a node sits in its file (1-based). */
export interface YPos {
  file: string;
  line: number;
  col: number;
}

export type YNode =
  | { kind: 'map'; entries: Array<[string, YNode, YPos]>; pos: YPos }
  | { kind: 'seq'; items: YNode[]; pos: YPos }
  | { kind: 'scalar'; value: Value; raw: string; pos: YPos };

/** `file:line:col` for messages. */
export function at(pos: YPos): string {
  return `${pos.file}:${pos.line}:${pos.col}`;
}

/** A null-prototype map, so any key (including `__proto__`) is an ordinary own key. */
export function newMap(): ValueMap {
  return Object.create(null) as ValueMap;
}

/**
 * Parses every document of a YAML stream. Empty documents come back as `null`. Syntax errors are
 * invalid-input errors naming file, line and column.
 */
export function parseYamlDocuments(text: string, file: string): Array<YNode | null> {
  if (Buffer.byteLength(text, 'utf8') > MAX_YAML_BYTES) {
    throw invalid(`${file}: file is larger than the ${MAX_YAML_BYTES / (1024 * 1024)} MiB limit`);
  }
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { schema: 'failsafe', lineCounter, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: Array<YNode | null> = [];
  for (const doc of list) {
    const first = doc.errors[0];
    if (first) {
      const lp = first.linePos?.[0];
      const where = lp ? `${file}:${lp.line}:${lp.col}` : file;
      throw invalid(`${where}: invalid YAML: ${first.message.split('\n')[0]}`);
    }
    const conv = new Converter(doc, file, lineCounter);
    out.push(doc.contents == null ? null : conv.node(doc.contents as Node, 0));
  }
  return out;
}

/** Parses a single-document YAML file (more than one document is an error). */
export function parseYamlDocument(text: string, file: string): YNode | null {
  const docs = parseYamlDocuments(text, file).filter((d, i) => i === 0 || d !== null);
  if (docs.length > 1) throw invalid(`${file}: expected one YAML document, found ${docs.length}`);
  return docs[0] ?? null;
}

/** Converts a node tree to plain values (maps as null-prototype objects). */
export function toValue(node: YNode | null): Value {
  const budget = { left: MAX_EXPANDED_NODES };
  return convert(node, budget, 0);
}

function convert(node: YNode | null, budget: { left: number }, depth: number): Value {
  if (node === null) return null;
  if (--budget.left < 0) throw invalid(`${at(node.pos)}: document expands to too many nodes (alias bomb?)`);
  if (depth > MAX_DEPTH) throw invalid(`${at(node.pos)}: nesting deeper than ${MAX_DEPTH} levels`);
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map((item) => convert(item, budget, depth + 1));
    case 'map': {
      const m = newMap();
      for (const [k, v] of node.entries) m[k] = convert(v, budget, depth + 1);
      return m;
    }
  }
}

/** Parses a values file (spec §6.1): empty → `{}`; a non-map top level is an error. */
export function parseValuesYaml(text: string, file: string): ValueMap {
  const node = parseYamlDocument(text, file);
  if (node === null) return newMap();
  if (node.kind === 'scalar' && node.value === null) return newMap();
  if (node.kind !== 'map') throw invalid(`${at(node.pos)}: a values file must be a YAML mapping`);
  return toValue(node) as ValueMap;
}

const STR_TAG = 'tag:yaml.org,2002:str';
const INT_TAG = 'tag:yaml.org,2002:int';
const FLOAT_TAG = 'tag:yaml.org,2002:float';
const BOOL_TAG = 'tag:yaml.org,2002:bool';
const NULL_TAG = 'tag:yaml.org,2002:null';
const BINARY_TAG = 'tag:yaml.org,2002:binary';

class Converter {
  private readonly anchors = new Map<Node, YNode>();
  private readonly inProgress = new Set<Node>();

  constructor(
    private readonly doc: Document,
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  private pos(n: { range?: [number, number, number] | null }): YPos {
    const offset = n.range?.[0] ?? 0;
    const lp = this.lines.linePos(offset);
    return { file: this.file, line: lp.line, col: lp.col };
  }

  node(n: Node, depth: number): YNode {
    if (depth > MAX_DEPTH) throw invalid(`${at(this.pos(n))}: nesting deeper than ${MAX_DEPTH} levels`);
    if (isAlias(n)) {
      const target = n.resolve(this.doc) as Node | undefined;
      if (!target) throw invalid(`${at(this.pos(n))}: unknown anchor "${n.source}"`);
      if (this.inProgress.has(target)) throw invalid(`${at(this.pos(n))}: alias "${n.source}" refers to itself`);
      const done = this.anchors.get(target);
      if (done) return done;
      return this.node(target, depth);
    }
    this.inProgress.add(n);
    try {
      const result = this.build(n, depth);
      this.anchors.set(n, result);
      return result;
    } finally {
      this.inProgress.delete(n);
    }
  }

  private build(n: Node, depth: number): YNode {
    const pos = this.pos(n);
    if (isScalar(n)) {
      // The failsafe schema leaves every scalar a string: its folded text, like yaml.v3's n.Value.
      const raw = String(n.value ?? '');
      const plain = n.type === 'PLAIN' || n.type === undefined;
      return { kind: 'scalar', value: resolveScalar(raw, raw, plain, n.tag, pos), raw, pos };
    }
    if (isSeq(n)) {
      return { kind: 'seq', items: n.items.map((item) => this.nullable(item as Node | null, pos, depth + 1)), pos };
    }
    if (isMap(n)) {
      const entries: Array<[string, YNode, YPos]> = [];
      const index = new Map<string, number>();
      const merges: YNode[] = [];
      for (const pair of n.items) {
        const keyNode = pair.key as Node | null;
        const valueNode = this.nullable(pair.value as Node | null, pos, depth + 1);
        if (keyNode && isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.source === '<<' && !keyNode.tag) {
          merges.push(valueNode);
          continue;
        }
        const key = this.keyText(keyNode, pos);
        const keyPos = keyNode ? this.pos(keyNode) : pos;
        const existing = index.get(key);
        if (existing !== undefined) entries[existing] = [key, valueNode, keyPos];
        else {
          index.set(key, entries.length);
          entries.push([key, valueNode, keyPos]);
        }
      }
      // Merge keys never override explicit keys; among merged maps the first one wins (yaml.v3).
      for (const m of merges) {
        const sources = m.kind === 'seq' ? m.items : [m];
        for (const src of sources) {
          if (src.kind !== 'map') throw invalid(`${at(src.pos)}: map merge requires a mapping or a list of mappings`);
          for (const [k, v, p] of src.entries) {
            if (index.has(k)) continue;
            index.set(k, entries.length);
            entries.push([k, v, p]);
          }
        }
      }
      return { kind: 'map', entries, pos };
    }
    throw invalid(`${at(pos)}: unsupported YAML node`);
  }

  private nullable(n: Node | null, parent: YPos, depth: number): YNode {
    if (n === null || n === undefined) return { kind: 'scalar', value: null, raw: '', pos: parent };
    return this.node(n, depth);
  }

  /** Keys become strings the way a Go decoder into `map[string]any` sees them: their text. */
  private keyText(k: Node | null, parent: YPos): string {
    if (k === null) return '';
    const node = this.node(k, 0);
    if (node.kind !== 'scalar') throw invalid(`${at(node.pos ?? parent)}: mapping keys must be scalars`);
    return node.raw;
  }
}

/** Resolves a scalar the way yaml.v3 does for an untyped (`interface{}`) target. */
function resolveScalar(raw: string, value: string, plain: boolean, tag: string | undefined, pos: YPos): Value {
  if (tag === STR_TAG) return value;
  if (tag === BINARY_TAG) return Buffer.from(value.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (tag === INT_TAG || tag === FLOAT_TAG || tag === BOOL_TAG || tag === NULL_TAG) {
    const v = resolvePlain(value);
    const ok =
      (tag === INT_TAG && typeof v === 'number' && Number.isInteger(v)) ||
      (tag === FLOAT_TAG && typeof v === 'number') ||
      (tag === BOOL_TAG && typeof v === 'boolean') ||
      (tag === NULL_TAG && v === null);
    if (!ok)
      throw invalid(`${at(pos)}: cannot decode ${JSON.stringify(value)} as ${tag.slice(tag.lastIndexOf(':') + 1)}`);
    return v;
  }
  if (!plain) return value;
  if (tag?.startsWith('!')) return raw;
  return resolvePlain(raw);
}

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** yaml.v3's resolution of a plain scalar (YAML 1.2 core schema plus Go number syntax). */
export function resolvePlain(s: string): Value {
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    case '.inf':
    case '.Inf':
    case '.INF':
    case '+.inf':
    case '+.Inf':
    case '+.INF':
      return Number.POSITIVE_INFINITY;
    case '-.inf':
    case '-.Inf':
    case '-.INF':
      return Number.NEGATIVE_INFINITY;
    case '.nan':
    case '.NaN':
    case '.NAN':
      return Number.NaN;
  }
  const c = s[0]!;
  if (!((c >= '0' && c <= '9') || c === '+' || c === '-' || c === '.')) return s;
  // Timestamps (2001-12-14, 2001-12-14T21:59:43Z …) stay strings for an untyped target.
  if (/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ]|$)/.test(s)) return s;
  const plain = s.replace(/_/g, '');
  const int = goParseIntBase0(plain);
  if (int !== undefined) return int;
  if (YAML_FLOAT.test(plain)) {
    const f = Number(plain);
    if (!Number.isNaN(f)) return f;
  }
  return s;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * Go `strconv.ParseInt(s, 0, 64)` then `ParseUint(s, 0, 64)`: optional sign, `0x`/`0o`/`0b`
 * prefixes, a leading `0` means octal. Returns undefined when neither accepts the text.
 */
function goParseIntBase0(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  const body = m[2]!;
  let n: bigint;
  const p = body.slice(0, 2).toLowerCase();
  if (p === '0x' || p === '0o' || p === '0b') n = BigInt(`0${p[1]}${body.slice(2)}`);
  else if (body.length > 1 && body[0] === '0') n = BigInt(`0o${body.slice(1)}`);
  else n = BigInt(body);
  const v = sign * n;
  if (v < INT64_MIN || v > UINT64_MAX) return undefined;
  // Above int64 only ParseUint applies, and it takes no sign.
  if (v > INT64_MAX && m[1] !== '') return undefined;
  return Number(v);
}

/** Throws a MirrorError for a node of the wrong kind, naming where it is. */
export function typeError(node: YNode, field: string, expected: string): MirrorError {
  return invalid(`${at(node.pos)}: ${field} must be ${expected}`);
}
