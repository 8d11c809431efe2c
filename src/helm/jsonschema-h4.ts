/**
 * JSON Schema validation as helm 4.1 does it with santhosh-tekuri/jsonschema v6: draft 2020-12 by
 * default, drafts 4/6/7/2019-09 by `$schema`, errors as a tree printed like
 * `- at '/port': minimum: got 0, want 1` (numbers formatted by golang.org/x/text for English:
 * `1,500`, `1×10²¹`), `format` asserted only for drafts up to 7.
 *
 * Where the library walks a Go map (the instance's keys, `dependencies`, `patternProperties`) helm's
 * order is random; here instance keys are sorted and schema maps follow the document.
 *
 * The schema itself is first validated against its draft's metaschema document (jsonschema-draft04.ts,
 * jsonschema-draft07.ts, jsonschema-draft2019.ts), with formats asserted. A `$ref` or `$schema`
 * naming one of the metaschemas the library embeds loads it (jsonschema-metadocs.ts); other remote
 * and `file:` references are never loaded: they fail with the texts helm 4 gives when the host
 * cannot be resolved or the file does not exist.
 */

import { GoURL, pathEscape, pathUnescape, URLError } from '../gotemplate/neturl.js';
import type { GoMap, GoValue } from '../gotemplate/value.js';
import { compareGoStrings } from '../gotemplate/value.js';
import {
  CompileCache,
  decodeFirstJson,
  goNumberText,
  instanceRat,
  instanceType,
  isObj,
  type JsonType,
  type Rat,
  runeCount,
  SchemaLoadError,
  SNum,
  type SVal,
  singleQuote,
  tryCompileRegexp,
  xtextFloat,
  xtextInt,
} from './jsonschema-common.js';
import { DRAFT04_METASCHEMA, DRAFT04_METASCHEMA_URL } from './jsonschema-draft04.js';
import {
  DRAFT06_METASCHEMA,
  DRAFT06_METASCHEMA_URL,
  DRAFT07_METASCHEMA,
  DRAFT07_METASCHEMA_URL,
} from './jsonschema-draft07.js';
import { DRAFT2019_METASCHEMA, DRAFT2020_METASCHEMA, metaschemaURL } from './jsonschema-draft2019.js';
import { h4Format } from './jsonschema-formats.js';
import { dnsFailure, type RemoteRefOptions } from './jsonschema-h3.js';
import {
  embeddedMetaschema,
  knownVocabulary,
  VOCABULARY_METASCHEMA_URL,
  vocabularyMetaschema,
} from './jsonschema-metadocs.js';
import { surelyValidSchema } from './jsonschema-quickmeta.js';

const ROOT_URL = 'file:///values.schema.json';
const TYPE_NAMES = ['null', 'boolean', 'number', 'integer', 'string', 'array', 'object'];

// ---------------------------------------------------------------------------------------------
// Error kinds and their English texts

type Kind =
  | { k: 'schema'; location: string }
  | { k: 'group' }
  | { k: 'not' }
  | { k: 'allOf' }
  | { k: 'anyOf' }
  | { k: 'oneOf'; subschemas?: [number, number] }
  | { k: 'false' }
  | { k: 'refCycle'; url: string; loc1: string; loc2: string }
  | { k: 'type'; got: string; want: string[] }
  | { k: 'enum'; want: SVal[] }
  | { k: 'const'; want: SVal }
  | { k: 'format'; got: GoValue; want: string; err: string }
  | { k: 'reference'; keyword: string; url: string }
  | {
      k: 'minProperties' | 'maxProperties' | 'minItems' | 'maxItems' | 'minLength' | 'maxLength';
      got: number;
      want: number;
    }
  | { k: 'additionalItems'; count: number }
  | { k: 'required'; missing: string[] }
  | { k: 'dependency' | 'dependentRequired'; prop: string; missing: string[] }
  | { k: 'additionalProperties'; props: string[] }
  | { k: 'propertyNames'; prop: string }
  | { k: 'uniqueItems'; i: number; j: number }
  | { k: 'contains' }
  | { k: 'minContains' | 'maxContains'; got: number[]; want: number }
  | { k: 'pattern'; got: string; want: string }
  | { k: 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum' | 'multipleOf'; got: Rat; want: Rat };

/** fmt %v of a schema value in messages (`display`): strings quoted, containers `value`. */
function display(v: SVal | GoValue): string {
  if (typeof v === 'string') return singleQuote(v);
  if (v === null || v === undefined) return '<nil>';
  if (v instanceof SNum) return v.text;
  if (Array.isArray(v) || v instanceof Map) return 'value';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return goNumberText(v);
}

function joinQuoted(arr: string[]): string {
  return arr.map(singleQuote).join(', ');
}

function kindText(k: Kind): string {
  switch (k.k) {
    case 'schema':
      return `jsonschema validation failed with ${singleQuote(k.location)}`;
    case 'group':
    case 'reference':
      return 'validation failed';
    case 'not':
      return "'not' failed";
    case 'allOf':
      return "'allOf' failed";
    case 'anyOf':
      return "'anyOf' failed";
    case 'oneOf':
      return k.subschemas
        ? `'oneOf' failed, subschemas ${xtextInt(k.subschemas[0])}, ${xtextInt(k.subschemas[1])} matched`
        : "'oneOf' failed, none matched";
    case 'false':
      return 'false schema';
    case 'refCycle':
      return `both ${k.loc1} and ${k.loc2} resolve to ${JSON.stringify(k.url)} causing reference cycle`;
    case 'type':
      return `got ${k.got}, want ${k.want.join(' or ')}`;
    case 'enum': {
      if (k.want.every((v) => !Array.isArray(v) && !(v instanceof Map))) {
        if (k.want.length === 1) return `value must be ${display(k.want[0]!)}`;
        return `value must be one of ${k.want.map(display).join(', ')}`;
      }
      return "'enum' failed";
    }
    case 'const':
      return Array.isArray(k.want) || k.want instanceof Map ? "'const' failed" : `value must be ${display(k.want)}`;
    case 'format':
      return `${display(k.got)} is not valid ${k.want}: ${k.err}`;
    case 'minProperties':
    case 'maxProperties':
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
      return `${k.k}: got ${xtextInt(k.got)}, want ${xtextInt(k.want)}`;
    case 'additionalItems':
      return `last ${xtextInt(k.count)} additionalItem(s) not allowed`;
    case 'required':
      return k.missing.length === 1
        ? `missing property ${singleQuote(k.missing[0]!)}`
        : `missing properties ${joinQuoted(k.missing)}`;
    case 'dependency':
    case 'dependentRequired':
      return `properties ${joinQuoted(k.missing)} required, if ${singleQuote(k.prop)} exists`;
    case 'additionalProperties':
      return `additional properties ${joinQuoted(k.props)} not allowed`;
    case 'propertyNames':
      return `invalid propertyName ${singleQuote(k.prop)}`;
    case 'uniqueItems':
      return `items at ${xtextInt(k.i)} and ${xtextInt(k.j)} are equal`;
    case 'contains':
      return 'no items match contains schema';
    case 'minContains':
      return k.got.length === 0
        ? `min ${xtextInt(k.want)} items required to match contains schema, but none matched`
        : `min ${xtextInt(k.want)} items required to match contains schema, but matched ${xtextInt(k.got.length)} items at ${k.got.join(' ')}`;
    case 'maxContains':
      return `max ${xtextInt(k.want)} items required to match contains schema, but matched ${xtextInt(k.got.length)} items at ${k.got.join(' ')}`;
    case 'pattern':
      return `${singleQuote(k.got)} does not match pattern ${singleQuote(k.want)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
      return `${k.k}: got ${xtextFloat(k.got.toFloat64())}, want ${xtextFloat(k.want.toFloat64())}`;
  }
}

interface VError {
  schemaURL: string;
  loc: string[];
  kind: Kind;
  causes: VError[];
}

function jsonPtr(tokens: string[]): string {
  return tokens.map((t) => `/${t.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

function display4(e: VError, indent: number, out: string[]): void {
  const skip = e.kind.k === 'reference' && e.causes.length === 1;
  if (!skip) {
    let line = '';
    if (indent > 0) line += `\n${'  '.repeat(indent - 1)}- `;
    indent++;
    if (e.kind.k === 'schema') line += kindText(e.kind);
    else line += `at ${singleQuote(jsonPtr(e.loc))}: ${kindText(e.kind)}`;
    out.push(line);
  }
  for (const c of e.causes) display4(c, indent, out);
}

// ---------------------------------------------------------------------------------------------
// Compiled schemas

interface Dialect {
  version: number;
  id: string;
  /**
   * The vocabularies a loaded `$schema` document lists (2019-09 on): the schema is checked against
   * their metaschemas alone. Undefined for the draft's own metaschema.
   */
  vocabularies?: string[];
}

const DRAFTS: Record<string, Dialect> = {
  'json-schema.org/schema': { version: 2020, id: '$id' },
  'json-schema.org/draft/2020-12/schema': { version: 2020, id: '$id' },
  'json-schema.org/draft/2019-09/schema': { version: 2019, id: '$id' },
  'json-schema.org/draft-07/schema': { version: 7, id: '$id' },
  'json-schema.org/draft-06/schema': { version: 6, id: '$id' },
  'json-schema.org/draft-04/schema': { version: 4, id: 'id' },
};

/** The draft a `$schema` names outright (draftFromURL): a known URL, http or https, no fragment but `#`. */
function draftFromURL(url: string): Dialect | undefined {
  const [u, frag] = urlSplit(url);
  if (frag !== '') return undefined;
  const rest = u.startsWith('http://') ? u.slice('http://'.length) : u.replace(/^https:\/\//, '');
  return DRAFTS[rest];
}

/** A subschema's id without its fragment (getID): undefined when it has none, or a `$ref` beside it before 2019-09. */
function idOf(n: Map<string, SVal>, dialect: Dialect): string | undefined {
  if (dialect.version < 2019 && n.has('$ref')) return undefined;
  const id = n.get(dialect.id);
  if (typeof id !== 'string') return undefined;
  const base = urlSplit(id)[0];
  return base === '' ? undefined : base;
}

interface Schema {
  location: string;
  draft: number;
  bool?: boolean;
  ref?: Schema;
  recursiveRef?: Schema;
  dynamicRef?: Schema;
  types?: Set<string>;
  const?: { v: SVal };
  enum?: { values: SVal[]; types: Set<JsonType> };
  format?: { name: string; check: (s: string) => string | undefined };
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  items?: Schema | Schema[];
  additionalItems?: boolean | Schema;
  prefixItems?: Schema[];
  items2020?: Schema;
  properties?: Map<string, Schema>;
  patternProperties?: Array<{ match: (s: string) => boolean; schema: Schema }>;
  additionalProperties?: boolean | Schema;
  dependencies?: Map<string, string[] | Schema>;
  multipleOf?: Rat;
  maximum?: Rat;
  exclusiveMaximum?: Rat;
  minimum?: Rat;
  exclusiveMinimum?: Rat;
  minLength?: number;
  maxLength?: number;
  pattern?: { source: string; match: (s: string) => boolean };
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  maxProperties?: number;
  minProperties?: number;
  required?: string[];
  contains?: Schema;
  propertyNames?: Schema;
  ifSchema?: Schema;
  thenSchema?: Schema;
  elseSchema?: Schema;
  minContains?: number;
  maxContains?: number;
  dependentRequired?: Map<string, string[]>;
  dependentSchemas?: Map<string, Schema>;
  unevaluatedItems?: Schema;
  unevaluatedProperties?: Schema;
  allPropsEvaluated: boolean;
  allItemsEvaluated: boolean;
  numItemsEvaluated: number;
}

/** A schema document compiled from: the values schema, or a metaschema it names. */
interface Root {
  url: string;
  doc: SVal;
  /** Its resources by JSON pointer, and by id. */
  resources: Map<string, Resource>;
  byId: Map<string, Resource>;
}

/** A schema resource: the root or a subschema with an id, the base URL of what lies below it. */
interface Resource {
  root: Root;
  id: string;
  /** Where it is in the root document. */
  ptr: string;
  dialect: Dialect;
  /** Anchors (names in ids before 2019-09, `$anchor` after) → JSON pointer in the root document. */
  anchors: Map<string, string>;
}

function escapeTok(t: string): string {
  return t.replaceAll('~', '~0').replaceAll('/', '~1');
}

function unescapeTok(t: string): string | undefined {
  if (/~[^01]|~$/.test(t)) return undefined;
  return t.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** True for a URL helm 4's loader hands to its `urn` scheme loader (the scheme as net/url parses it). */
function isURN(url: string): boolean {
  try {
    return GoURL.parse(url, true).scheme === 'urn';
  } catch (e) {
    if (e instanceof URLError) return false;
    throw e;
  }
}

function urlSplit(s: string): [string, string] {
  const h = s.indexOf('#');
  return h < 0 ? [s, ''] : [s.slice(0, h), s.slice(h + 1)];
}

/** A JSON pointer as the fragment of a schema location: each token url.PathEscape'd, as the library does. */
function encodeFrag(frag: string): string {
  return frag.split('/').map(pathEscape).join('/');
}

class Compiler {
  /** Schema documents by URL: the roots compiled so far (the values schema, metaschemas it names). */
  private readonly roots = new Map<string, Root>();
  /** Documents loaded by URL (`$schema` and `$ref` targets), each decoded once. */
  private readonly docs = new Map<string, SVal>();
  /** Schemas by root URL and raw JSON pointer (encodeFrag is injective). */
  private readonly compiled = new Map<string, Schema>();
  /** resolveURL results: large schemas resolve the same few references thousands of times. */
  private readonly resolved = new Map<string, string | undefined>();
  private readonly queue: Array<{ schema: Schema; node: SVal; res: Resource; ptr: string }> = [];
  /** The `urn:` documents loaded, in load order: each stood in by the permissive schema `true`. */
  readonly unresolvedURNs: string[] = [];

  constructor(
    private readonly rootDoc: SVal,
    private readonly remote: RemoteRefOptions,
    /** False for a metaschema itself (it is not checked against anything). */
    private readonly checkMetaschema = true,
    /** The root document's URL (a metaschema's own, so its absolute references resolve). */
    private readonly rootURL = ROOT_URL,
  ) {}

  compile(): Schema {
    const root = this.addRoot(this.rootURL, this.rootDoc);
    if (this.checkMetaschema) {
      const dialect = root.resources.get('')!.dialect;
      // Most schemas plainly pass; only the others pay for the metaschema document's validation.
      const meta = surelyValidSchema(this.rootDoc, dialect.version)
        ? undefined
        : metaschemaViolation(this.rootDoc, dialect);
      if (meta !== undefined) throw new SchemaLoadError(meta);
    }
    const schema = this.schemaAtPtr(root, '');
    while (this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.compileNode(job.schema, job.node, job.res, job.ptr);
    }
    return schema;
  }

  /**
   * A document as a root: its resources (the root and every subschema with an id) and their anchors,
   * collected as the library's collectResources does before the metaschema check, with its errors:
   * a `$schema` it cannot read, an id that does not parse, the same id or anchor twice.
   */
  private addRoot(url: string, doc: SVal): Root {
    const root: Root = { url, doc, resources: new Map(), byId: new Map() };
    this.collect(root, doc, url, '', { version: 2020, id: '$id' });
    this.roots.set(url, root);
    return root;
  }

  private collect(root: Root, node: SVal, base: string, ptr: string, fallback: Dialect): void {
    if (!isObj(node)) {
      if (ptr === '') this.addResource(root, '', base, fallback);
      return;
    }
    let hasSchema = typeof node.get('$schema') === 'string';
    let dialect = this.getDraft(root.url, ptr, node, fallback, new Set());
    let id = idOf(node, dialect);
    if (id === undefined && ptr !== '') {
      // A `$schema` beside no id is ignored.
      dialect = fallback;
      hasSchema = false;
      id = idOf(node, dialect);
    }
    if (id !== undefined || ptr === '') {
      if (id !== undefined) {
        const joined = this.resolveURL(base, id);
        if (joined === undefined) {
          throw new SchemaLoadError(`error in parsing id at ${JSON.stringify(`${root.url}#${encodeFrag(ptr)}`)}`);
        }
        base = joined;
      }
      const seen = root.byId.get(base);
      if (seen !== undefined && seen.ptr !== ptr) {
        // The library names the subschema it meets second first (its walk follows Go map order).
        throw new SchemaLoadError(
          `duplicate id ${JSON.stringify(base)} in ${JSON.stringify(root.url)} at ${JSON.stringify(ptr)} and ${JSON.stringify(seen.ptr)}`,
        );
      }
      if (seen === undefined) {
        this.addResource(root, ptr, base, hasSchema ? this.withVocabularies(node, dialect) : fallback);
      }
    }
    const baseRes = root.byId.get(base)!;
    this.collectAnchors(root, node, ptr, baseRes);
    const visit = (child: SVal, at: string) => this.collect(root, child, base, at, baseRes.dialect);
    for (const [kw, pos] of subschemaKeywords(dialect.version)) {
      const v = node.get(kw);
      if (v === undefined) continue;
      const at = `${ptr}/${escapeTok(kw)}`;
      if (pos.includes('self') && (isObj(v) || typeof v === 'boolean')) visit(v, at);
      if (pos.includes('item') && Array.isArray(v)) for (let i = 0; i < v.length; i++) visit(v[i]!, `${at}/${i}`);
      if (pos.includes('prop') && isObj(v)) for (const [k, x] of v) visit(x, `${at}/${escapeTok(k)}`);
    }
  }

  private addResource(root: Root, ptr: string, id: string, dialect: Dialect): void {
    const res: Resource = { root, id, ptr, dialect, anchors: new Map() };
    root.resources.set(ptr, res);
    root.byId.set(id, res);
  }

  /** Anchors go to the resource the subschema belongs to: ids' fragments before 2019-09, `$anchor` after. */
  private collectAnchors(root: Root, node: Map<string, SVal>, ptr: string, res: Resource): void {
    const add = (anchor: string) => {
      const seen = res.anchors.get(anchor);
      if (seen === undefined) res.anchors.set(anchor, ptr);
      else if (seen !== ptr) {
        throw new SchemaLoadError(
          `duplicate anchor ${JSON.stringify(anchor)} in ${JSON.stringify(root.url)} at ${JSON.stringify(seen)} and ${JSON.stringify(ptr)}`,
        );
      }
    };
    const version = res.dialect.version;
    if (version < 2019) {
      if (node.has('$ref')) return;
      const id = node.get(res.dialect.id);
      if (typeof id === 'string') {
        let frag: string;
        try {
          frag = pathUnescape(urlSplit(id)[1]);
        } catch (e) {
          if (!(e instanceof URLError)) throw e;
          throw new SchemaLoadError(`error in parsing anchor at ${JSON.stringify(`${root.url}#${encodeFrag(ptr)}`)}`);
        }
        if (frag !== '' && !frag.startsWith('/')) add(frag);
      }
    }
    if (version >= 2019) {
      const a = node.get('$anchor');
      if (typeof a === 'string') add(a);
    }
    if (version >= 2020) {
      const a = node.get('$dynamicAnchor');
      if (typeof a === 'string') add(a);
    }
  }

  /**
   * The draft of a subschema (the library's getDraft): a known metaschema URL names it; any other
   * `$schema` is loaded and its own `$schema` read in turn.
   */
  private getDraft(url: string, ptr: string, node: Map<string, SVal>, fallback: Dialect, cycle: Set<string>): Dialect {
    const s = node.get('$schema');
    if (typeof s !== 'string') return fallback;
    const known = draftFromURL(s);
    if (known) return known;
    const u = urlSplit(s)[0];
    try {
      GoURL.parse(u, true);
    } catch (e) {
      if (!(e instanceof URLError)) throw e;
      throw new SchemaLoadError(`invalid $schema in ${JSON.stringify(`${url}#${encodeFrag(ptr)}`)}: ${e.message}`);
    }
    if (ptr === '' && u === url) throw new SchemaLoadError(`draft ${JSON.stringify(u)} is not supported`);
    if (cycle.has(u)) throw new SchemaLoadError(`cycle in resolving $schema in ${JSON.stringify(u)}`);
    cycle.add(u);
    const doc = this.loadDoc(u);
    return isObj(doc) ? this.getDraft(u, '', doc, fallback, cycle) : fallback;
  }

  /**
   * A resource's dialect when it names its `$schema` (getMetaVocabs): from 2019-09 on, a document
   * loaded for a `$schema` that is no known draft brings the vocabularies its `$vocabulary` lists
   * (`core` always among them).
   */
  private withVocabularies(node: Map<string, SVal>, dialect: Dialect): Dialect {
    const s = node.get('$schema') as string;
    if (draftFromURL(s)) return dialect;
    const url = urlSplit(s)[0];
    const doc = this.loadDoc(url);
    if (dialect.version < 2019 || !isObj(doc)) return dialect;
    const listed = doc.get('$vocabulary');
    if (!isObj(listed)) return dialect;
    const version = dialect.version as 2019 | 2020;
    const names: string[] = [];
    for (const [vocab, required] of listed) {
      if (required !== true) continue;
      const name = knownVocabulary(version, vocab);
      if (name === undefined) {
        throw new SchemaLoadError(`unsupported vocabulary ${JSON.stringify(vocab)} in ${JSON.stringify(url)}`);
      }
      if (!names.includes(name)) names.push(name);
    }
    if (!names.includes('core')) names.push('core');
    return { ...dialect, vocabularies: names };
  }

  /** A document by URL, as the library's loader gives it: the metaschemas it embeds, else a load failure. */
  private loadDoc(url: string): SVal {
    if (url === this.rootURL) return this.rootDoc;
    const cached = this.docs.get(url);
    if (cached !== undefined) return cached;
    const text = embeddedMetaschema(url);
    let doc: SVal;
    if (text !== undefined) doc = decodeFirstJson(text).value;
    else if (isURN(url)) {
      // helm 4's urn loader: with no URN resolver plugged in, a warning and a schema that allows all.
      this.unresolvedURNs.push(url);
      doc = true;
    } else throw new SchemaLoadError(this.loadFailure(url));
    this.docs.set(url, doc);
    return doc;
  }

  private resolveURL(base: string, ref: string): string | undefined {
    const key = `${base}\u0000${ref}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    let url: string | undefined;
    try {
      const baseURL = GoURL.parse(base, true);
      const refURL = GoURL.parse(ref, true);
      const resolved = baseURL.resolve(refURL);
      // net/url drops an opaque base (`urn:a:b`) under a relative reference (golang/go#66084); the
      // library puts it back, so such a reference names the base document itself.
      if (!refURL.isAbs() && baseURL.opaque !== '') resolved.opaque = baseURL.opaque;
      url = resolved.withoutFragment().toString();
    } catch (e) {
      if (!(e instanceof URLError)) throw e;
    }
    this.resolved.set(key, url);
    return url;
  }

  private loadFailure(url: string): string {
    let u: GoURL;
    try {
      u = GoURL.parse(url, true);
    } catch (e) {
      if (e instanceof URLError) return `failing loading ${JSON.stringify(url)}: ${e.message}`;
      throw e;
    }
    if (u.scheme === 'file') return `failing loading ${JSON.stringify(url)}: open ${u.path}: no such file or directory`;
    if (u.scheme === 'http' || u.scheme === 'https') {
      return `failing loading ${JSON.stringify(url)}: HTTP request failed for ${url}: ${dnsFailure(u, this.remote)}`;
    }
    // The loader is named by the parsed URL (scheme lower-cased, path escaped).
    return `failing loading ${JSON.stringify(url)}: no URLLoader registered for ${JSON.stringify(u.toString())}`;
  }

  /** The root a URL names: compiled already, else loaded (a metaschema, a URN) and added. */
  private rootAt(url: string): Root {
    return this.roots.get(url) ?? this.addRoot(url, this.loadDoc(url));
  }

  /** The resource a JSON pointer of a root lies in: the nearest enclosing one. */
  private resourceAt(root: Root, ptr: string): Resource {
    for (let p = ptr; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const res = root.resources.get(p);
      if (res) return res;
      if (p === '') throw new SchemaLoadError(`root resource should exist for ${JSON.stringify(root.url)}`);
    }
  }

  /** The schema at a JSON pointer of a root (compiled lazily; the same object for the same location). */
  private schemaAtPtr(root: Root, ptr: string): Schema {
    const key = `${root.url}#${ptr}`;
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const location = `${root.url}#${encodeFrag(ptr)}`;
    const node = this.lookup(root, ptr);
    const res = this.resourceAt(root, ptr);
    const schema: Schema = {
      location,
      draft: res.dialect.version,
      allPropsEvaluated: false,
      allItemsEvaluated: false,
      numItemsEvaluated: 0,
    };
    this.compiled.set(key, schema);
    this.queue.push({ schema, node, res, ptr });
    return schema;
  }

  private lookup(root: Root, ptr: string): SVal {
    let v: SVal = root.doc;
    for (const raw of ptr.split('/').slice(1)) {
      const tok = unescapeTok(raw);
      if (tok === undefined) {
        throw new SchemaLoadError(`invalid json-pointer ${JSON.stringify(`${root.url}#${encodeFrag(ptr)}`)}`);
      }
      if (isObj(v) && v.has(tok)) {
        v = v.get(tok)!;
        continue;
      }
      if (Array.isArray(v) && /^\d+$/.test(tok) && Number(tok) < v.length) {
        v = v[Number(tok)]!;
        continue;
      }
      throw new SchemaLoadError(`json-pointer in ${JSON.stringify(`${root.url}#${encodeFrag(ptr)}`)} not found`);
    }
    return v;
  }

  /**
   * A `$ref` from a subschema of `res`: resolved against the resource's id, then found in the same
   * root (its URL or an id in it) or in the root its URL names; the fragment is a JSON pointer below
   * the resource found, or one of its anchors.
   */
  private resolveRef(res: Resource, ref: string): Schema {
    const [u, f] = urlSplit(ref);
    let frag: string;
    try {
      frag = pathUnescape(f);
    } catch (e) {
      if (!(e instanceof URLError)) throw e;
      throw new SchemaLoadError(`error in parsing ${JSON.stringify(ref)}: ${e.message}`);
    }
    const url = this.resolveURL(res.id, u);
    if (url === undefined) throw new SchemaLoadError(`error in parsing ${JSON.stringify(ref)}`);
    const target =
      (url === res.root.url ? res.root.resources.get('') : res.root.byId.get(url)) ??
      this.rootAt(url).resources.get('')!;
    if (frag === '' || frag.startsWith('/')) return this.schemaAtPtr(target.root, target.ptr + frag);
    const ptr = target.anchors.get(frag);
    if (ptr === undefined) {
      throw new SchemaLoadError(
        `anchor in ${JSON.stringify(`${target.id}#${encodeFrag(frag)}`)} not found in schema ${JSON.stringify(target.root.url)}`,
      );
    }
    return this.schemaAtPtr(target.root, ptr);
  }

  private compileNode(s: Schema, node: SVal, res: Resource, ptr: string): void {
    if (typeof node === 'boolean') {
      s.bool = node;
      return;
    }
    if (!isObj(node)) throw new SchemaLoadError(`${JSON.stringify(s.location)} is not valid against metaschema`);
    const draft = s.draft;
    const m = node;
    const sub = (kw: string) => this.schemaAtPtr(res.root, `${ptr}/${escapeTok(kw)}`);
    const subArr = (kw: string) => {
      const v = m.get(kw);
      return Array.isArray(v) ? v.map((_, i) => this.schemaAtPtr(res.root, `${ptr}/${escapeTok(kw)}/${i}`)) : undefined;
    };
    const subMap = (kw: string) => {
      const v = m.get(kw);
      if (!isObj(v)) return undefined;
      const out = new Map<string, Schema>();
      for (const k of v.keys()) out.set(k, this.schemaAtPtr(res.root, `${ptr}/${escapeTok(kw)}/${escapeTok(k)}`));
      return out;
    };
    const num = (kw: string) => {
      const v = m.get(kw);
      return v instanceof SNum ? v.rat : undefined;
    };
    const int = (kw: string) => {
      const n = num(kw);
      return n?.isInt() ? Number(n.num) : undefined;
    };
    const bool = (kw: string) => m.get(kw) === true;
    const additional = (kw: string) => {
      const v = m.get(kw);
      if (typeof v === 'boolean') return v;
      return m.has(kw) ? sub(kw) : undefined;
    };
    // A dialect whose vocabularies a loaded `$schema` lists compiles only their keywords.
    const vocabularies = res.dialect.vocabularies;
    const has = (vocab: string) => vocabularies === undefined || vocab === 'core' || vocabularies.includes(vocab);
    const ref = m.get('$ref');
    if (typeof ref === 'string') {
      s.ref = this.resolveRef(res, ref);
      if (draft < 2019) return;
    }
    if (has('applicator')) this.compileApplicators(s, m, res, ptr, sub, subArr, additional);
    if (has('validation')) {
      const t = m.get('type');
      if (typeof t === 'string' || Array.isArray(t)) {
        s.types = new Set((Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string'));
      }
      const en = m.get('enum');
      if (Array.isArray(en)) s.enum = { values: en, types: new Set(en.map(svalType)) };
      s.multipleOf = num('multipleOf');
      s.maximum = num('maximum');
      if (bool('exclusiveMaximum')) {
        s.exclusiveMaximum = s.maximum;
        s.maximum = undefined;
      } else s.exclusiveMaximum = num('exclusiveMaximum');
      s.minimum = num('minimum');
      if (bool('exclusiveMinimum')) {
        s.exclusiveMinimum = s.minimum;
        s.minimum = undefined;
      } else s.exclusiveMinimum = num('exclusiveMinimum');
      s.minLength = int('minLength');
      s.maxLength = int('maxLength');
      const pat = m.get('pattern');
      if (typeof pat === 'string') {
        const re = tryCompileRegexp(pat);
        if (!re.ok) {
          throw new SchemaLoadError(
            `invalid regex ${JSON.stringify(pat)} at ${JSON.stringify(`${s.location}/pattern`)}: ${re.error}`,
          );
        }
        s.pattern = { source: pat, match: re.match };
      }
      s.minItems = int('minItems');
      s.maxItems = int('maxItems');
      s.uniqueItems = bool('uniqueItems');
      s.maxProperties = int('maxProperties');
      s.minProperties = int('minProperties');
      const req = m.get('required');
      if (Array.isArray(req)) s.required = req.filter((x): x is string => typeof x === 'string');
    }
    const f = m.get('format');
    // Metaschemas assert formats in every draft (a schema's `pattern` must be a valid regex).
    if ((draft < 2019 || !this.checkMetaschema) && typeof f === 'string') {
      const check = h4Format(f);
      if (check) s.format = { name: f, check };
    }
    if (draft >= 6 && has('validation') && m.has('const')) s.const = { v: m.get('const')! };
    if (draft >= 2019) {
      const rr = m.get('$recursiveRef');
      if (typeof rr === 'string') s.recursiveRef = this.resolveRef(res, rr);
      if (has('validation')) {
        if (s.contains) {
          s.minContains = int('minContains');
          s.maxContains = int('maxContains');
        }
        const dr = m.get('dependentRequired');
        if (isObj(dr)) {
          s.dependentRequired = new Map();
          for (const [k, v] of dr) {
            if (Array.isArray(v)) {
              s.dependentRequired.set(
                k,
                v.filter((x): x is string => typeof x === 'string'),
              );
            }
          }
        }
      }
      if (has('applicator')) s.dependentSchemas = subMap('dependentSchemas');
      if (has(draft === 2019 ? 'applicator' : 'unevaluated')) {
        if (m.has('unevaluatedItems')) s.unevaluatedItems = sub('unevaluatedItems');
        if (m.has('unevaluatedProperties')) s.unevaluatedProperties = sub('unevaluatedProperties');
      }
    }
    if (draft >= 2020) {
      const dr = m.get('$dynamicRef');
      if (typeof dr === 'string') s.dynamicRef = this.resolveRef(res, dr);
      if (has('applicator')) {
        s.prefixItems = subArr('prefixItems');
        if (m.has('items')) s.items2020 = sub('items');
      }
    }
  }

  /** The applicator vocabulary's keywords (in-place subschemas, and those of objects and arrays). */
  private compileApplicators(
    s: Schema,
    m: Map<string, SVal>,
    res: Resource,
    ptr: string,
    sub: (kw: string) => Schema,
    subArr: (kw: string) => Schema[] | undefined,
    additional: (kw: string) => boolean | Schema | undefined,
  ): void {
    const draft = s.draft;
    s.allOf = subArr('allOf');
    s.anyOf = subArr('anyOf');
    s.oneOf = subArr('oneOf');
    if (m.has('not')) s.not = sub('not');
    if (draft < 2020 && m.has('items')) {
      if (Array.isArray(m.get('items'))) {
        s.items = subArr('items');
        s.additionalItems = additional('additionalItems');
      } else s.items = sub('items');
    }
    const props = m.get('properties');
    if (isObj(props)) {
      s.properties = new Map();
      for (const k of props.keys())
        s.properties.set(k, this.schemaAtPtr(res.root, `${ptr}/properties/${escapeTok(k)}`));
    }
    const pp = m.get('patternProperties');
    if (isObj(pp)) {
      s.patternProperties = [];
      for (const k of pp.keys()) {
        const re = tryCompileRegexp(k);
        if (!re.ok) {
          throw new SchemaLoadError(
            `invalid regex ${JSON.stringify(k)} at ${JSON.stringify(`${s.location}/patternProperties`)}: ${re.error}`,
          );
        }
        s.patternProperties.push({
          match: re.match,
          schema: this.schemaAtPtr(res.root, `${ptr}/patternProperties/${escapeTok(k)}`),
        });
      }
    }
    s.additionalProperties = additional('additionalProperties');
    const deps = m.get('dependencies');
    if (isObj(deps)) {
      s.dependencies = new Map();
      for (const [k, v] of deps) {
        if (Array.isArray(v)) {
          s.dependencies.set(
            k,
            v.filter((x): x is string => typeof x === 'string'),
          );
        } else s.dependencies.set(k, this.schemaAtPtr(res.root, `${ptr}/dependencies/${escapeTok(k)}`));
      }
    }
    if (draft >= 6) {
      if (m.has('contains')) s.contains = sub('contains');
      if (m.has('propertyNames')) s.propertyNames = sub('propertyNames');
    }
    if (draft >= 7 && m.has('if')) {
      s.ifSchema = sub('if');
      const b = m.get('if');
      if (b !== false && m.has('then')) s.thenSchema = sub('then');
      if (b !== true && m.has('else')) s.elseSchema = sub('else');
    }
  }
}

/** The keywords holding subschemas in a draft, and where (built once per draft: walks ask per node). */
const subschemaKeywordsByVersion = new Map<number, ReadonlyArray<[string, string[]]>>();
function subschemaKeywords(version: number): ReadonlyArray<[string, string[]]> {
  let out = subschemaKeywordsByVersion.get(version);
  if (out === undefined) {
    out = buildSubschemaKeywords(version);
    subschemaKeywordsByVersion.set(version, out);
  }
  return out;
}

function buildSubschemaKeywords(version: number): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [
    ['definitions', ['prop']],
    ['not', ['self']],
    ['allOf', ['item']],
    ['anyOf', ['item']],
    ['oneOf', ['item']],
    ['properties', ['prop']],
    ['additionalProperties', ['self']],
    ['patternProperties', ['prop']],
    ['items', ['self', 'item']],
    ['additionalItems', ['self']],
    ['dependencies', ['prop']],
  ];
  if (version >= 6) out.push(['propertyNames', ['self']], ['contains', ['self']]);
  if (version >= 7) out.push(['if', ['self']], ['then', ['self']], ['else', ['self']]);
  if (version >= 2019) {
    out.push(
      ['$defs', ['prop']],
      ['dependentSchemas', ['prop']],
      ['unevaluatedProperties', ['self']],
      ['unevaluatedItems', ['self']],
    );
  }
  if (version >= 2020) out.push(['prefixItems', ['item']]);
  return out;
}

function svalType(v: SVal): JsonType {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (v instanceof SNum) return 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** After compiling: which schemas evaluate all properties/items (for unevaluated* bookkeeping). */
function markEvaluated(schemas: Iterable<Schema>): void {
  for (const s of schemas) {
    s.allPropsEvaluated = s.additionalProperties !== undefined;
    if (s.draft < 2020) {
      if (s.items && !Array.isArray(s.items)) s.allItemsEvaluated = true;
      else if (Array.isArray(s.items)) {
        s.allItemsEvaluated = s.additionalItems !== undefined;
        s.numItemsEvaluated = s.items.length;
      }
    } else {
      s.allItemsEvaluated = s.items2020 !== undefined;
      s.numItemsEvaluated = s.prefixItems?.length ?? 0;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Validation (validator.go)

function isNumeric(v: SVal | GoValue): boolean {
  return (
    typeof v === 'number' ||
    v instanceof SNum ||
    (typeof v === 'object' && v !== null && instanceTypeSafe(v) === 'number')
  );
}

function instanceTypeSafe(v: GoValue): JsonType | undefined {
  try {
    return instanceType(v);
  } catch {
    return undefined;
  }
}

/** The library's equals: deep, numbers compared as exact rationals. */
function equals(a: SVal | GoValue, b: SVal | GoValue): boolean {
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k) || !equals(v as SVal, b.get(k) as SVal)) return false;
    }
    return true;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => equals(x as SVal, b[i] as SVal));
  }
  if (a === null || a === undefined) return b === null || b === undefined;
  if (typeof a === 'boolean' || typeof a === 'string') return a === b;
  if (isNumeric(a)) return isNumeric(b) && instanceRat(a as GoValue).cmp(instanceRat(b as GoValue)) === 0;
  return false;
}

function isNumberNode(v: GoValue): boolean {
  return instanceType(v) === 'number';
}

class Uneval {
  props?: Set<string>;
  items?: Set<number>;

  static from(v: GoValue, sch: Schema, callerNeeds: boolean): Uneval {
    const u = new Uneval();
    if (v instanceof Map) {
      if (!sch.allPropsEvaluated && (callerNeeds || sch.unevaluatedProperties !== undefined))
        u.props = new Set(v.keys());
    } else if (Array.isArray(v)) {
      if (
        !sch.allItemsEvaluated &&
        (callerNeeds || sch.unevaluatedItems !== undefined) &&
        sch.numItemsEvaluated < v.length
      ) {
        u.items = new Set();
        for (let i = sch.numItemsEvaluated; i < v.length; i++) u.items.add(i);
      }
    }
    return u;
  }

  merge(other: Uneval): void {
    if (this.props) for (const k of [...this.props]) if (!other.props?.has(k)) this.props.delete(k);
    if (this.items) for (const i of [...this.items]) if (!other.items?.has(i)) this.items.delete(i);
  }

  isEmpty(): boolean {
    return (this.props?.size ?? 0) === 0 && (this.items?.size ?? 0) === 0;
  }
}

interface Scope {
  sch: Schema;
  refKeyword: string;
  vid: number;
  parent?: Scope;
}

/** A failed validation; `err` is undefined in bool-result mode. */
class Failure {
  constructor(readonly err: VError | undefined) {}
}

class Budget {
  steps = 0;
  constructor(readonly max: number) {}
  tick(): void {
    if (++this.steps > this.max) throw new SchemaLoadError('schema validation exceeded its work limit');
  }
}

class Validator {
  errors: VError[] = [];
  failed = false;

  constructor(
    readonly v: GoValue,
    readonly vloc: string[],
    readonly sch: Schema,
    readonly scp: Scope,
    readonly uneval: Uneval,
    readonly boolResult: boolean,
    readonly budget: Budget,
  ) {}

  private error(kind: Kind): VError | undefined {
    if (this.boolResult) return undefined;
    return { schemaURL: this.sch.location, loc: this.vloc.slice(), kind, causes: [] };
  }

  private addError(kind: Kind): void {
    this.failed = true;
    const e = this.error(kind);
    if (e) this.errors.push(e);
  }

  private addErr(f: Failure | undefined): void {
    if (!f) return;
    this.failed = true;
    if (f.err) this.errors.push(f.err);
  }

  private addErrors(errs: Failure[], kind: Kind): void {
    this.failed = true;
    const e = this.error(kind);
    if (e) {
      e.causes = errs.map((f) => f.err!).filter(Boolean);
      this.errors.push(e);
    }
  }

  private stop(): boolean {
    return this.boolResult && this.failed;
  }

  validate(): { uneval: Uneval } | Failure {
    this.budget.tick();
    const s = this.sch;
    const v = this.v;
    if (s.bool !== undefined) return s.bool ? { uneval: this.uneval } : new Failure(this.error({ k: 'false' }));
    const cyc = this.checkCycle();
    if (cyc)
      return new Failure(this.error({ k: 'refCycle', url: s.location, loc1: kwLoc(this.scp), loc2: kwLoc(cyc) }));
    const t = instanceType(v);
    if (s.types && s.types.size > 0) {
      const matched = s.types.has(t) || (s.types.has('integer') && t === 'number' && instanceRat(v).isInt());
      if (!matched) {
        const want = TYPE_NAMES.filter((n) => s.types!.has(n));
        return new Failure(this.error({ k: 'type', got: t, want }));
      }
    }
    if (s.const && !equals(v, s.const.v)) return new Failure(this.error({ k: 'const', want: s.const.v }));
    if (s.enum) {
      const matched = s.enum.types.has(t) && s.enum.values.some((item) => equals(v, item));
      if (!matched) return new Failure(this.error({ k: 'enum', want: s.enum.values }));
    }
    if (s.format && typeof v === 'string') {
      const err = s.format.check(v);
      if (err !== undefined) return new Failure(this.error({ k: 'format', got: v, want: s.format.name, err }));
    }
    if (s.ref) {
      const f = this.validateRef(s.ref, '$ref');
      if (s.draft < 2019) return f ?? { uneval: this.uneval };
      this.addErr(f);
    }
    if (v instanceof Map) this.objValidate(v);
    else if (Array.isArray(v)) this.arrValidate(v);
    else if (typeof v === 'string') this.strValidate(v);
    else if (isNumberNode(v)) this.numValidate(v);
    if (!this.failed || !this.boolResult) {
      if (s.draft >= 2019) this.validateRefs();
      this.condValidate();
      if (s.draft >= 2019) this.unevalValidate();
    }
    if (!this.failed) return { uneval: this.uneval };
    if (this.boolResult) return new Failure(undefined);
    if (this.errors.length === 1) return new Failure(this.errors[0]);
    const g = this.error({ k: 'group' })!;
    g.causes = this.errors;
    return new Failure(g);
  }

  private checkCycle(): Scope | undefined {
    let scp = this.scp.parent;
    while (scp) {
      if (scp.vid !== this.scp.vid) break;
      if (scp.sch === this.scp.sch) return scp;
      scp = scp.parent;
    }
    return undefined;
  }

  /** findMissing: the missing names, undefined when none (an empty list in bool-result mode). */
  private findMissing(obj: GoMap, reqd: string[]): string[] | undefined {
    const missing = reqd.filter((p) => !obj.has(p));
    if (missing.length === 0) return undefined;
    return this.boolResult ? [] : missing;
  }

  private objValidate(obj: GoMap): void {
    const s = this.sch;
    if (s.minProperties !== undefined && obj.size < s.minProperties) {
      this.addError({ k: 'minProperties', got: obj.size, want: s.minProperties });
    }
    if (s.maxProperties !== undefined && obj.size > s.maxProperties) {
      this.addError({ k: 'maxProperties', got: obj.size, want: s.maxProperties });
    }
    if (s.required && s.required.length > 0) {
      const missing = this.findMissing(obj, s.required);
      if (missing) this.addError({ k: 'required', missing });
    }
    if (this.stop()) return;
    for (const [pname, dep] of s.dependencies ?? []) {
      if (!obj.has(pname)) continue;
      if (Array.isArray(dep)) {
        const missing = this.findMissing(obj, dep);
        if (missing) this.addError({ k: 'dependency', prop: pname, missing });
      } else this.addErr(this.validateSelf(dep, '', false));
    }
    const additional: string[] = [];
    for (const pname of [...obj.keys()].sort(compareGoStrings)) {
      if (this.stop()) return;
      const pvalue = obj.get(pname);
      let evaluated = false;
      const ps = s.properties?.get(pname);
      if (ps) {
        evaluated = true;
        this.addErr(this.validateVal(ps, pvalue, pname));
      }
      for (const pp of s.patternProperties ?? []) {
        if (pp.match(pname)) {
          evaluated = true;
          this.addErr(this.validateVal(pp.schema, pvalue, pname));
        }
      }
      if (!evaluated && s.additionalProperties !== undefined) {
        evaluated = true;
        if (s.additionalProperties === false) additional.push(pname);
        else if (s.additionalProperties !== true) this.addErr(this.validateVal(s.additionalProperties, pvalue, pname));
      }
      if (evaluated) this.uneval.props?.delete(pname);
    }
    if (additional.length > 0) this.addError({ k: 'additionalProperties', props: additional });
    if (s.draft === 4) return;
    if (s.propertyNames) {
      for (const pname of [...obj.keys()].sort(compareGoStrings)) {
        const r = this.validateDetached(s.propertyNames, pname);
        if (r) {
          this.failed = true;
          if (!this.boolResult) {
            this.errors.push({
              schemaURL: s.propertyNames.location,
              loc: [],
              kind: { k: 'propertyNames', prop: pname },
              causes: r.err ? (r.err.kind.k === 'group' ? r.err.causes : [r.err]) : [],
            });
          }
        }
      }
    }
    if (s.draft === 6) return;
    for (const [pname, sch] of s.dependentSchemas ?? []) {
      if (obj.has(pname)) this.addErr(this.validateSelf(sch, '', false));
    }
    for (const [pname, reqd] of s.dependentRequired ?? []) {
      if (!obj.has(pname)) continue;
      const missing = this.findMissing(obj, reqd);
      if (missing) this.addError({ k: 'dependentRequired', prop: pname, missing });
    }
  }

  private arrValidate(arr: GoValue[]): void {
    const s = this.sch;
    if (s.minItems !== undefined && arr.length < s.minItems)
      this.addError({ k: 'minItems', got: arr.length, want: s.minItems });
    if (s.maxItems !== undefined && arr.length > s.maxItems)
      this.addError({ k: 'maxItems', got: arr.length, want: s.maxItems });
    if (s.uniqueItems && arr.length > 1) {
      outer: for (let i = 1; i < arr.length; i++) {
        for (let j = 0; j < i; j++) {
          if (equals(arr[i], arr[j])) {
            this.addError({ k: 'uniqueItems', i: j, j: i });
            break outer;
          }
        }
      }
    }
    if (s.draft < 2020) {
      let evaluated = 0;
      if (s.items && !Array.isArray(s.items)) {
        for (let i = 0; i < arr.length; i++) this.addErr(this.validateVal(s.items as Schema, arr[i], String(i)));
        evaluated = arr.length;
      } else if (Array.isArray(s.items)) {
        const min = Math.min(arr.length, s.items.length);
        for (let i = 0; i < min; i++) this.addErr(this.validateVal(s.items[i]!, arr[i], String(i)));
        evaluated = min;
      }
      if (s.additionalItems !== undefined) {
        if (s.additionalItems === false) {
          if (evaluated !== arr.length) this.addError({ k: 'additionalItems', count: arr.length - evaluated });
        } else if (s.additionalItems !== true) {
          for (let i = evaluated; i < arr.length; i++)
            this.addErr(this.validateVal(s.additionalItems, arr[i], String(i - evaluated)));
        }
      }
    } else {
      const evaluated = Math.min(s.prefixItems?.length ?? 0, arr.length);
      for (let i = 0; i < evaluated; i++) this.addErr(this.validateVal(s.prefixItems![i]!, arr[i], String(i)));
      if (s.items2020) {
        for (let i = evaluated; i < arr.length; i++)
          this.addErr(this.validateVal(s.items2020, arr[i], String(i - evaluated)));
      }
    }
    if (s.contains) {
      const errors: Failure[] = [];
      const matched: number[] = [];
      arr.forEach((item, i) => {
        const f = this.validateVal(s.contains!, item, String(i));
        if (f) errors.push(f);
        else {
          matched.push(i);
          if (s.draft >= 2020) this.uneval.items?.delete(i);
        }
      });
      if (s.minContains !== undefined) {
        if (matched.length < s.minContains)
          this.addErrors(errors, { k: 'minContains', got: matched, want: s.minContains });
      } else if (matched.length === 0) this.addErrors(errors, { k: 'contains' });
      if (s.maxContains !== undefined && matched.length > s.maxContains) {
        this.addError({ k: 'maxContains', got: matched, want: s.maxContains });
      }
    }
  }

  private strValidate(str: string): void {
    const s = this.sch;
    if (s.minLength !== undefined || s.maxLength !== undefined) {
      const n = runeCount(str);
      if (s.minLength !== undefined && n < s.minLength) this.addError({ k: 'minLength', got: n, want: s.minLength });
      if (s.maxLength !== undefined && n > s.maxLength) this.addError({ k: 'maxLength', got: n, want: s.maxLength });
    }
    if (s.pattern && !s.pattern.match(str)) this.addError({ k: 'pattern', got: str, want: s.pattern.source });
  }

  private numValidate(v: GoValue): void {
    const s = this.sch;
    const n = instanceRat(v);
    if (s.minimum && n.cmp(s.minimum) < 0) this.addError({ k: 'minimum', got: n, want: s.minimum });
    if (s.maximum && n.cmp(s.maximum) > 0) this.addError({ k: 'maximum', got: n, want: s.maximum });
    if (s.exclusiveMinimum && n.cmp(s.exclusiveMinimum) <= 0) {
      this.addError({ k: 'exclusiveMinimum', got: n, want: s.exclusiveMinimum });
    }
    if (s.exclusiveMaximum && n.cmp(s.exclusiveMaximum) >= 0) {
      this.addError({ k: 'exclusiveMaximum', got: n, want: s.exclusiveMaximum });
    }
    if (s.multipleOf && !n.div(s.multipleOf).isInt()) this.addError({ k: 'multipleOf', got: n, want: s.multipleOf });
  }

  private condValidate(): void {
    const s = this.sch;
    if (s.not && this.validateSelf(s.not, '', true) === undefined) this.addError({ k: 'not' });
    if (s.allOf && s.allOf.length > 0) {
      const errors: Failure[] = [];
      for (const sch of s.allOf) {
        const f = this.validateSelf(sch, '', false);
        if (f) {
          errors.push(f);
          if (this.boolResult) break;
        }
      }
      if (errors.length > 0) this.addErrors(errors, { k: 'allOf' });
    }
    if (s.anyOf && s.anyOf.length > 0) {
      let matched = false;
      const errors: Failure[] = [];
      for (const sch of s.anyOf) {
        const f = this.validateSelf(sch, '', false);
        if (f) errors.push(f);
        else {
          matched = true;
          if (this.uneval.isEmpty()) break;
        }
      }
      if (!matched) this.addErrors(errors, { k: 'anyOf' });
    }
    if (s.oneOf && s.oneOf.length > 0) {
      let matched = -1;
      const errors: Failure[] = [];
      for (let i = 0; i < s.oneOf.length; i++) {
        const f = this.validateSelf(s.oneOf[i]!, '', matched !== -1);
        if (f) {
          if (matched === -1) errors.push(f);
        } else if (matched === -1) matched = i;
        else {
          this.addError({ k: 'oneOf', subschemas: [matched, i] });
          break;
        }
      }
      if (matched === -1) this.addErrors(errors, { k: 'oneOf' });
    }
    if (s.ifSchema) {
      if (this.validateSelf(s.ifSchema, '', true) === undefined) {
        if (s.thenSchema) this.addErr(this.validateSelf(s.thenSchema, '', false));
      } else if (s.elseSchema) this.addErr(this.validateSelf(s.elseSchema, '', false));
    }
  }

  private unevalValidate(): void {
    const s = this.sch;
    if (this.v instanceof Map && s.unevaluatedProperties) {
      for (const pname of [...(this.uneval.props ?? [])].sort(compareGoStrings)) {
        if (this.v.has(pname)) this.addErr(this.validateVal(s.unevaluatedProperties, this.v.get(pname), pname));
      }
      this.uneval.props = undefined;
    }
    if (Array.isArray(this.v) && s.unevaluatedItems) {
      for (const i of [...(this.uneval.items ?? [])].sort((a, b) => a - b)) {
        this.addErr(this.validateVal(s.unevaluatedItems, this.v[i], String(i)));
      }
      this.uneval.items = undefined;
    }
  }

  private validateRefs(): void {
    if (this.sch.recursiveRef) this.addErr(this.validateRef(this.sch.recursiveRef, '$recursiveRef'));
    if (this.sch.dynamicRef) this.addErr(this.validateRef(this.sch.dynamicRef, '$dynamicRef'));
  }

  private validateRef(sch: Schema, kw: string): Failure | undefined {
    const f = this.validateSelf(sch, kw, false);
    if (!f) return undefined;
    const refErr = this.error({ k: 'reference', keyword: kw, url: sch.location });
    if (refErr && f.err) refErr.causes = f.err.kind.k === 'group' ? f.err.causes : [f.err];
    return new Failure(refErr);
  }

  validateSelf(sch: Schema, refKw: string, boolResult: boolean): Failure | undefined {
    const scp: Scope = { sch, refKeyword: refKw, vid: this.scp.vid, parent: this.scp };
    const uneval = Uneval.from(this.v, sch, !this.uneval.isEmpty());
    const sub = new Validator(this.v, this.vloc, sch, scp, uneval, this.boolResult || boolResult, this.budget);
    const r = sub.validate();
    if (r instanceof Failure) return r;
    this.uneval.merge(r.uneval);
    return undefined;
  }

  private validateVal(sch: Schema, v: GoValue, tok: string): Failure | undefined {
    const scp: Scope = { sch, refKeyword: '', vid: this.scp.vid + 1, parent: this.scp };
    const sub = new Validator(
      v,
      [...this.vloc, tok],
      sch,
      scp,
      Uneval.from(v, sch, false),
      this.boolResult,
      this.budget,
    );
    const r = sub.validate();
    return r instanceof Failure ? r : undefined;
  }

  /** Validates a value with a fresh root (propertyNames): errors located at ''. */
  private validateDetached(sch: Schema, v: GoValue): Failure | undefined {
    const scp: Scope = { sch, refKeyword: '', vid: 0 };
    const sub = new Validator(v, [], sch, scp, Uneval.from(v, sch, false), this.boolResult, this.budget);
    const r = sub.validate();
    return r instanceof Failure ? r : undefined;
  }
}

function kwLoc(sc: Scope): string {
  let loc = '';
  let cur: Scope | undefined = sc;
  while (cur?.parent) {
    if (cur.refKeyword !== '') loc = `/${escapeTok(cur.refKeyword)}${loc}`;
    else loc = `${cur.sch.location.slice(cur.parent.sch.location.length)}${loc}`;
    cur = cur.parent;
  }
  return loc;
}

/** A values schema compiled, or the load error it gave, with the URNs loaded on the way. */
interface CompiledValuesSchema {
  root?: Schema;
  error?: string;
  /** Whether the text was read as JSON (the error, if any, came from compiling). */
  decoded: boolean;
  unresolvedURNs: readonly string[];
}

const h4Cache = new CompileCache<CompiledValuesSchema>();

/** Options of {@link validateSanthoshSchema}. */
export interface SanthoshOptions extends RemoteRefOptions {
  /** Upper bound on validation steps (untrusted schemas can be exponential). */
  maxSteps?: number;
  /**
   * Called with each `urn:` reference the schema loads, in load order, on every validation (a cached
   * compile too): helm 4 warns `unresolved URN reference ignored; using permissive schema` once per
   * URN and process, so the caller keeps track of those already reported.
   */
  onUnresolvedURN?: (urn: string) => void;
  /** Called when the schema text is read as JSON (helm 4 logs it then, before compiling it). */
  onSchemaDecoded?: () => void;
}

function compileValuesSchema(schemaText: string, options: SanthoshOptions): CompiledValuesSchema {
  let compiler: Compiler | undefined;
  try {
    const { value, end } = decodeFirstJson(schemaText);
    if (schemaText.slice(end).replace(/[ \t\r\n]/g, '') !== '') {
      throw new SchemaLoadError('invalid character after top-level value');
    }
    compiler = new Compiler(value, options);
    const root = compiler.compile();
    markEvaluated(collect(root));
    return { root, decoded: true, unresolvedURNs: compiler.unresolvedURNs };
  } catch (e) {
    if (!(e instanceof SchemaLoadError)) throw e;
    return { error: e.message, decoded: compiler !== undefined, unresolvedURNs: compiler?.unresolvedURNs ?? [] };
  }
}

/**
 * Validates `values` against `schemaText` like helm 4's ValidateAgainstSingleSchema.
 * @returns undefined when valid; otherwise the error text helm prints under the chart name
 *   (validation errors end with a newline, schema load errors do not)
 */
export function validateSanthoshSchema(
  schemaText: string,
  values: GoMap,
  options: SanthoshOptions = {},
): string | undefined {
  const compiled = h4Cache.get(options.resolver ?? '', schemaText, () => compileValuesSchema(schemaText, options));
  if (!('unresolvedURNs' in compiled)) return compiled.error;
  if (compiled.decoded) options.onSchemaDecoded?.();
  for (const urn of compiled.unresolvedURNs) options.onUnresolvedURN?.(urn);
  if (compiled.root === undefined) return compiled.error;
  const root = compiled.root;
  const budget = new Budget(options.maxSteps ?? 5_000_000);
  let r: ReturnType<Validator['validate']>;
  try {
    const vd = new Validator(
      values,
      [],
      root,
      { sch: root, refKeyword: '', vid: 0 },
      Uneval.from(values, root, false),
      false,
      budget,
    );
    r = vd.validate();
  } catch (e) {
    if (e instanceof SchemaLoadError) return `unable to validate schema: ${e.message}`;
    throw e;
  }
  if (!(r instanceof Failure)) return undefined;
  const text = failureText(r.err!, root.location);
  const prefix = `jsonschema validation failed with '${ROOT_URL}#'\n`;
  return `${text.startsWith(prefix) ? text.slice(prefix.length) : text}\n`;
}

/** The error tree under a `jsonschema validation failed with '<location>'` head (a root group is flattened). */
function failureText(err: VError, location: string): string {
  const causes = err.kind.k === 'group' ? err.causes : [err];
  const top: VError = { schemaURL: location, loc: [], kind: { k: 'schema', location }, causes };
  const out: string[] = [];
  display4(top, 0, out);
  return out.join('');
}

/** The metaschema documents by draft, with the URL helm names in its message. */
const METASCHEMAS: Record<number, { url: string; text: string }> = {
  4: { url: DRAFT04_METASCHEMA_URL, text: DRAFT04_METASCHEMA },
  6: { url: DRAFT06_METASCHEMA_URL, text: DRAFT06_METASCHEMA },
  7: { url: DRAFT07_METASCHEMA_URL, text: DRAFT07_METASCHEMA },
  2019: { url: metaschemaURL(2019), text: DRAFT2019_METASCHEMA },
  2020: { url: metaschemaURL(2020), text: DRAFT2020_METASCHEMA },
};

const compiledMeta = new Map<string, Schema>();

/**
 * helm 4's metaschema check of a schema document (the library validates it against its dialect's
 * metaschema before compiling it): the error text, or undefined when it passes.
 */
export function metaschemaViolation(doc: SVal, dialect: number | Dialect): string | undefined {
  const d: Dialect = typeof dialect === 'number' ? { version: dialect, id: '$id' } : dialect;
  const key = d.vocabularies ? `${d.version}:${d.vocabularies.join(',')}` : `${d.version}`;
  const { url, text } = d.vocabularies
    ? {
        url: VOCABULARY_METASCHEMA_URL,
        text: vocabularyMetaschema(d.version as 2019 | 2020, d.vocabularies),
      }
    : METASCHEMAS[d.version]!;
  let meta = compiledMeta.get(key);
  if (meta === undefined) {
    meta = new Compiler(decodeFirstJson(text).value, {}, false, urlSplit(url)[0]).compile();
    markEvaluated(collect(meta));
    compiledMeta.set(key, meta);
  }
  const vd = new Validator(
    doc as GoValue,
    [],
    meta,
    { sch: meta, refKeyword: '', vid: 0 },
    Uneval.from(doc as GoValue, meta, false),
    false,
    new Budget(5_000_000),
  );
  const r = vd.validate();
  if (!(r instanceof Failure)) return undefined;
  return `"${ROOT_URL}#" is not valid against metaschema: ${failureText(r.err!, url)}`;
}

/** Every schema reachable from the root. */
function collect(root: Schema): Schema[] {
  const seen = new Set<Schema>();
  const stack = [root];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    const push = (x: Schema | boolean | Schema[] | undefined) => {
      if (!x || typeof x === 'boolean') return;
      if (Array.isArray(x)) stack.push(...x);
      else stack.push(x);
    };
    push(s.ref);
    push(s.recursiveRef);
    push(s.dynamicRef);
    push(s.allOf);
    push(s.anyOf);
    push(s.oneOf);
    push(s.not);
    push(s.items);
    push(s.additionalItems);
    push(s.prefixItems);
    push(s.items2020);
    for (const x of s.properties?.values() ?? []) push(x);
    for (const x of s.patternProperties ?? []) push(x.schema);
    push(s.additionalProperties);
    for (const x of s.dependencies?.values() ?? []) if (!Array.isArray(x)) push(x);
    push(s.contains);
    push(s.propertyNames);
    push(s.ifSchema);
    push(s.thenSchema);
    push(s.elseSchema);
    for (const x of s.dependentSchemas?.values() ?? []) push(x);
    push(s.unevaluatedItems);
    push(s.unevaluatedProperties);
  }
  return [...seen];
}
