/**
 * JSON Schema validation as helm 3.17 does it with xeipuuv/gojsonschema v1.2.0: drafts 4, 6 and 7
 * (chosen by `$schema`, anything else is the permissive "hybrid" mode), its schema-loading errors,
 * its error texts (`- port: Must be greater than or equal to 1`) and its traversal order, including
 * the scoring that picks which failed `anyOf`/`oneOf` branch is reported.
 *
 * Where gojsonschema walks a Go map (schema `properties`, `patternProperties`, `dependencies`, and
 * the instance's keys) helm's order is random; here schema maps follow the document and instance
 * keys are sorted.
 *
 * Remote `$ref`s are never fetched: the draft metaschemas gojsonschema embeds are used as it does,
 * others fail with the text Go's HTTP client gives when the host cannot be resolved (or its scheme
 * has no transport), and `file:` references fail as missing files.
 * A fragment that is not a JSON pointer (`#name`, in an id or a `$ref`) is an identifier like any
 * other: gojsonreference ignores the pointer error and reads the empty pointer, the whole document.
 */

import { marshalJSON } from '../codec/json.js';
import { goLookupFailure } from '../go-dns.js';
import { GoURL, pathUnescape, URLError, userinfoString } from '../gotemplate/neturl.js';
import { quote } from '../gotemplate/strconv.js';
import type { GoMap, GoValue } from '../gotemplate/value.js';
import { compareGoStrings, GoInt } from '../gotemplate/value.js';
import { goStackOverflow } from './go-panic.js';
import {
  CompileCache,
  decodeFirstJson,
  formatBigFloat,
  instanceRat,
  instanceType,
  isObj,
  Rat,
  runeCount,
  SchemaLoadError,
  SNum,
  type SVal,
  tryCompileRegexp,
} from './jsonschema-common.js';
import { GOJSONSCHEMA_DRAFT04_METASCHEMA } from './jsonschema-draft04.js';
import { GOJSONSCHEMA_DRAFT06_METASCHEMA, GOJSONSCHEMA_DRAFT07_METASCHEMA } from './jsonschema-draft07.js';
import { h3FormatCheck } from './jsonschema-formats.js';

const HYBRID = 1000;
const JSON_TYPES = ['array', 'boolean', 'integer', 'number', 'null', 'object', 'string'];

/** gojsonschema's locale texts, filled like its text/template descriptions. */
const MSG = {
  false: () => 'False always fails validation',
  required: (p: string) => `${p} is required`,
  invalidType: (expected: string, given: string) => `Invalid type. Expected: ${expected}, given: ${given}`,
  anyOf: () => 'Must validate at least one schema (anyOf)',
  oneOf: () => 'Must validate one and only one schema (oneOf)',
  allOf: () => 'Must validate all the schemas (allOf)',
  not: () => 'Must not validate the schema (not)',
  dependency: (d: string) => `Has a dependency on ${d}`,
  const: (field: string, allowed: string) => `${field} does not match: ${allowed}`,
  enum: (field: string, allowed: string) => `${field} must be one of the following: ${allowed}`,
  noAdditionalItems: () => 'No additional items allowed on array',
  minItems: (n: number) => `Array must have at least ${n} items`,
  maxItems: (n: number) => `Array must have at most ${n} items`,
  unique: (i: number, j: number) => `array items[${i},${j}] must be unique`,
  contains: () => 'At least one of the items must match',
  minProperties: (n: number) => `Must have at least ${n} properties`,
  maxProperties: (n: number) => `Must have at most ${n} properties`,
  additionalProperty: (p: string) => `Additional property ${p} is not allowed`,
  propertyName: (p: string) => `Property name of "${p}" does not match`,
  stringGTE: (n: number) => `String length must be greater than or equal to ${n}`,
  stringLTE: (n: number) => `String length must be less than or equal to ${n}`,
  pattern: (p: string) => `Does not match pattern '${p}'`,
  format: (f: string) => `Does not match format '${f}'`,
  multipleOf: (m: Rat) => `Must be a multiple of ${formatBigFloat(m)}`,
  gte: (m: Rat) => `Must be greater than or equal to ${formatBigFloat(m)}`,
  gt: (m: Rat) => `Must be greater than ${formatBigFloat(m)}`,
  lte: (m: Rat) => `Must be less than or equal to ${formatBigFloat(m)}`,
  lt: (m: Rat) => `Must be less than ${formatBigFloat(m)}`,
  thenFailed: () => 'Must validate "then" as "if" was valid',
  elseFailed: () => 'Must validate "else" as "if" was not valid',
};

/** Schema-parse error texts (gojsonschema's "Schema validations" locale strings). */
const PARSE = {
  parseError: (expected: string) => `Expected: ${expected}, given: Invalid JSON`,
  invalidType: (expected: string, given: string) => `Invalid type. Expected: ${expected}, given: ${given}`,
  mustBeOfA: (x: string, y: string) => `${x} must be of a ${y}`,
  mustBeOfAn: (x: string, y: string) => `${x} must be of an ${y}`,
  cannotBeUsedWithout: (x: string, y: string) => `${x} cannot be used without ${y}`,
  cannotBeGT: (x: string, y: string) => `${x} cannot be greater than ${y}`,
  mustBeOfType: (key: string, type: string) => `${key} must be of type ${type}`,
  mustBeValidRegex: (key: string) => `${key} must be a valid regex`,
  mustBeGTEZero: (key: string) => `${key} must be greater than or equal to 0`,
  keyCannotBeGreaterThan: (key: string, y: string) => `${key} cannot be greater than ${y}`,
  keyItemsMustBeOfType: (key: string, type: string) => `${key} items must be ${type}`,
  keyItemsMustBeUnique: (key: string) => `${key} items must be unique`,
  greaterThanZero: (n: string) => `${n} must be strictly greater than 0`,
  regexPattern: (p: string) => `Invalid regex pattern '${p}'`,
  notAValidType: (given: string) =>
    `has a primitive type that is NOT VALID -- given: /${given}/ Expected valid values are:[${JSON_TYPES.join(' ')}]`,
  duplicated: (t: string) => `${t} type is duplicated`,
  mustBeCanonical: (r: string) => `Reference ${r} must be canonical`,
};

/** A parsed (sub)schema, gojsonschema's subSchema. */
interface Sub {
  property: string;
  parent?: Sub;
  draft?: number;
  ref?: GoURL;
  id?: GoURL;
  pass?: boolean;
  refSchema?: Sub;
  types: string[];
  properties: Sub[];
  additionalProperties?: boolean | Sub;
  patternProperties?: Array<{ pattern: string; match: (s: string) => boolean; schema: Sub }>;
  propertyNames?: Sub;
  dependencies?: Map<string, string[] | Sub>;
  items?: Sub[];
  itemsSingle?: boolean;
  additionalItems?: boolean | Sub;
  multipleOf?: Rat;
  minimum?: Rat;
  maximum?: Rat;
  exclusiveMinimum?: Rat;
  exclusiveMaximum?: Rat;
  minLength?: number;
  maxLength?: number;
  pattern?: { source: string; match: (s: string) => boolean };
  format?: string;
  minProperties?: number;
  maxProperties?: number;
  required: string[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  contains?: Sub;
  const?: string;
  enum?: string[];
  oneOf: Sub[];
  anyOf: Sub[];
  allOf: Sub[];
  not?: Sub;
  ifSchema?: Sub;
  thenSchema?: Sub;
  elseSchema?: Sub;
}

function newSub(property: string, parent?: Sub, ref?: GoURL): Sub {
  return { property, parent, ref, types: [], properties: [], required: [], oneOf: [], anyOf: [], allOf: [] };
}

function isNum(v: SVal | undefined): v is SNum {
  return v instanceof SNum;
}

function mustBeNumber(v: SVal | undefined): Rat | undefined {
  return isNum(v) ? v.rat : undefined;
}

function mustBeInteger(v: SVal | undefined): number | undefined {
  if (!isNum(v) || !v.rat.isInt()) return undefined;
  if (!/^-?\d+$/.test(v.text)) return undefined; // json.Number.Int64 only takes plain integers
  const n = BigInt(v.text);
  if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) return undefined;
  return Number(n);
}

// ---------------------------------------------------------------------------------------------
// JSON text of values for const/enum: json.Marshal → json.Unmarshal (float64) → json.Marshal

function toPlain(v: SVal | GoValue): GoValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return v;
  if (v instanceof GoInt) return new Rat(v.v).toFloat64();
  if (v instanceof SNum) return v.rat.toFloat64();
  if (Array.isArray(v)) return v.map((x) => toPlain(x as SVal));
  if (v instanceof Map) {
    const m: GoMap = new Map();
    for (const [k, x] of v) m.set(k, toPlain(x as SVal));
    return m;
  }
  return null;
}

function marshalWithoutNumber(v: SVal | GoValue): string {
  return marshalJSON(toPlain(v));
}

// ---------------------------------------------------------------------------------------------
// JSON pointers (xeipuuv/gojsonpointer)

function pointerGet(doc: SVal, pointer: string): SVal {
  if (pointer === '') return doc;
  let node: SVal = doc;
  for (const token of pointer.split('/').slice(1)) {
    if (node instanceof Map) {
      const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
      if (!node.has(key)) throw new SchemaLoadError(`Object has no key '${key}'`);
      node = node.get(key)!;
    } else if (Array.isArray(node)) {
      if (!/^[+-]?\d+$/.test(token)) throw new SchemaLoadError(`Invalid array index '${token}'`);
      const i = Number(token);
      if (i < 0 || i >= node.length) throw new SchemaLoadError(`Out of bound array[0,${node.length}] index '${i}'`);
      node = node[i]!;
    } else {
      throw new SchemaLoadError(`Invalid token reference '${token}'`);
    }
  }
  return node;
}

/**
 * gojsonreference.NewJsonReference: url.Parse (its errors are URLErrors). A fragment that is no JSON
 * pointer (`#frag`) is kept in the URL, and the reference's pointer is then empty (the whole document):
 * gojsonreference ignores gojsonpointer's error. See {@link referencePointer}.
 */
function newReference(s: string): GoURL {
  return GoURL.parse(s, false);
}

/** The JSON pointer of a reference: its fragment when that starts with `/`, else the empty pointer. */
function referencePointer(u: GoURL): string {
  return u.fragment.startsWith('/') ? u.fragment : '';
}

/** A reference, or undefined when url.Parse rejects it. */
function parsedOrUndefined(s: string): GoURL | undefined {
  try {
    return newReference(s);
  } catch (e) {
    if (e instanceof URLError) return undefined;
    throw e;
  }
}

function inherits(parent: GoURL, child: GoURL): GoURL {
  return newReference(parent.withoutFragment().resolve(child).toString());
}

/** gojsonreference's IsCanonical: an absolute file path, or another scheme with a host. */
function isCanonical(u: GoURL): boolean {
  return u.scheme === 'file' ? u.path.startsWith('/') : u.scheme !== '' && u.host !== '';
}

/**
 * Why gojsonschema's loader cannot load a canonical reference (helmless fetches nothing). It loads
 * the reference without its fragment: a `file:` URL as the path its text names after `file://`
 * (query-unescaped, so `+` is a space), missing here; anything else through Go's HTTP client, whose
 * error names the URL with the password masked.
 */
function remoteFailure(reference: GoURL, options: RemoteRefOptions): string {
  const base = reference.withoutFragment();
  const text = base.toString();
  if (reference.scheme === 'file') {
    const file = pathUnescape((text.startsWith('file://') ? text.slice('file://'.length) : text).replaceAll('+', ' '));
    return `open ${file}: no such file or directory`;
  }
  if (base.scheme !== 'http' && base.scheme !== 'https') {
    return `Get ${quote(redactedURL(base))}: unsupported protocol scheme ${quote(base.scheme)}`;
  }
  return dnsFailure(base, options);
}

/** A URL as net/http names it in its errors (stripPassword): a password set is shown as `***`. */
export function redactedURL(u: GoURL): string {
  const text = u.toString();
  if (u.user?.password === undefined) return text;
  return text.replace(`${userinfoString(u.user)}@`, `${u.user.username}:***@`);
}

/** Options of the remote-reference failure texts. */
export interface RemoteRefOptions {
  /** The DNS server Go's resolver would report (`10.0.0.53:53`); omitted from the text when unset. */
  resolver?: string;
}

/**
 * The error Go's net/http gives for a URL whose host cannot be resolved (helmless never fetches): the
 * URL with its password masked.
 */
export function dnsFailure(url: GoURL, options: RemoteRefOptions): string {
  return `Get ${quote(redactedURL(url))}: ${goLookupFailure(url.hostname(), options.resolver)}`;
}

// ---------------------------------------------------------------------------------------------
// Schema loading

/**
 * The metaschemas gojsonschema's loader returns instead of fetching them, by the reference's URL
 * without its fragment (drafts 4, 6 and 7, http only).
 */
const EMBEDDED_METASCHEMAS: Record<string, string> = {
  'http://json-schema.org/draft-04/schema': GOJSONSCHEMA_DRAFT04_METASCHEMA,
  'http://json-schema.org/draft-06/schema': GOJSONSCHEMA_DRAFT06_METASCHEMA,
  'http://json-schema.org/draft-07/schema': GOJSONSCHEMA_DRAFT07_METASCHEMA,
};

interface PoolDoc {
  doc: SVal;
  draft?: number;
}

function draftFromSchemaURL(doc: SVal): number | undefined {
  if (typeof doc === 'boolean') return undefined;
  // gojsonschema's parseSchemaURL: a schema document is a boolean or an object.
  if (!isObj(doc)) throw new SchemaLoadError('schema is invalid');
  if (!doc.has('$schema')) return undefined;
  const s = doc.get('$schema');
  if (typeof s !== 'string') throw new SchemaLoadError(PARSE.mustBeOfType('$schema', 'string'));
  const url = newReference(s).toString();
  return (
    {
      'http://json-schema.org/draft-04/schema': 4,
      'http://json-schema.org/draft-06/schema': 6,
      'http://json-schema.org/draft-07/schema': 7,
    } as Record<string, number>
  )[url];
}

class Loader {
  private readonly pool = new Map<string, PoolDoc>();
  private readonly refPool = new Map<string, Sub>();

  constructor(private readonly remote: RemoteRefOptions) {}

  load(doc: SVal): Sub {
    try {
      return this.loadDocument(doc);
    } catch (e) {
      // An id, $ref or $schema url.Parse rejects fails the schema with url.Parse's text.
      if (e instanceof URLError) throw new SchemaLoadError(e.message);
      throw e;
    }
  }

  private loadDocument(doc: SVal): Sub {
    const root = GoURL.parse('', false);
    this.parseReferences(doc, root, true);
    const draft = draftFromSchemaURL(doc) ?? HYBRID;
    const rootSchema = newSub('(root)');
    rootSchema.draft = draft;
    this.parseSchema(doc, rootSchema, root);
    return rootSchema;
  }

  private parseReferences(doc: SVal, ref: GoURL, pooled: boolean): void {
    const key = ref.toString();
    if (pooled && this.pool.has(key)) throw new SchemaLoadError(`Reference already exists: "${key}"`);
    const draft = draftFromSchemaURL(doc);
    this.parseReferencesRecursive(doc, ref, draft);
    if (pooled) this.pool.set(key, { doc, draft });
  }

  /** Rewrites every `$ref` to an absolute reference and pools the documents that carry an id. */
  private parseReferencesRecursive(doc: SVal, ref: GoURL, draft: number | undefined): void {
    if (Array.isArray(doc)) {
      for (const v of doc) this.parseReferencesRecursive(v, ref, draft);
      return;
    }
    if (!isObj(doc)) return;
    // Failures are silent here, as in gojsonschema (parseSchema reports those in schema keywords): an
    // id or $ref url.Parse rejects is skipped, and an id already pooled ends this subschema's walk
    // (gojsonschema returns "Reference already exists" to a caller that ignores it).
    let localRef = ref;
    const keyID = doc.has('id') ? 'id' : '$id';
    const id = doc.get(keyID);
    if (typeof id === 'string') {
      const idRef = parsedOrUndefined(id);
      if (idRef) {
        localRef = inherits(ref, idRef);
        const key = localRef.toString();
        if (this.pool.has(key)) return;
        this.pool.set(key, { doc, draft });
      }
    }
    const r = doc.get('$ref');
    if (typeof r === 'string') {
      const refRef = parsedOrUndefined(r);
      if (refRef) doc.set('$ref', inherits(localRef, refRef).toString());
    }
    for (const [k, v] of doc) {
      if (k === 'const' || k === 'enum') continue;
      if (k === 'properties' || k === 'dependencies' || k === 'patternProperties') {
        if (isObj(v)) for (const c of v.values()) this.parseReferencesRecursive(c, localRef, draft);
      } else this.parseReferencesRecursive(v, localRef, draft);
    }
  }

  private getDocument(reference: GoURL): PoolDoc {
    const key = reference.toString();
    const hit = this.pool.get(key);
    if (hit) return hit;
    const base = reference.withoutFragment();
    const cached = this.pool.get(base.toString());
    if (cached) {
      const doc = pointerGet(cached.doc, referencePointer(reference));
      const spd = { doc, draft: cached.draft };
      this.pool.set(key, spd);
      return spd;
    }
    if (!isCanonical(reference)) throw new SchemaLoadError(PARSE.mustBeCanonical(key));
    const embedded = reference.scheme === 'file' ? undefined : EMBEDDED_METASCHEMAS[base.toString()];
    if (embedded === undefined) throw new SchemaLoadError(remoteFailure(reference, this.remote));
    // The loader's copy of a draft metaschema: pooled under its URL (ids and $refs walked), then the
    // reference's pointer in it.
    const doc = decodeFirstJson(embedded).value;
    this.parseReferences(doc, base, true);
    return { doc: pointerGet(doc, referencePointer(reference)), draft: draftFromSchemaURL(doc) };
  }

  private parseReference(current: Sub): void {
    const sch = newSub('$ref', current, current.ref);
    this.refPool.set(current.ref!.toString(), sch);
    const dsp = this.getDocument(current.ref!);
    sch.id = current.ref;
    sch.draft = dsp.draft;
    if (typeof dsp.doc !== 'boolean' && !isObj(dsp.doc)) {
      throw new SchemaLoadError(PARSE.mustBeOfType('valid schema', 'object'));
    }
    this.parseSchema(dsp.doc, sch, current.ref!);
    current.refSchema = sch;
  }

  private child(property: string, current: Sub, node: SVal): Sub {
    const s = newSub(property, current, current.ref);
    this.parseSchema(node, s);
    return s;
  }
  private parseSchema(node: SVal, current: Sub, docRef?: GoURL): void {
    if (current.draft === undefined) {
      if (!current.parent) throw new SchemaLoadError('Draft not set');
      current.draft = current.parent.draft;
    }
    const draft = current.draft!;
    if (draft >= 6 && typeof node === 'boolean') {
      current.pass = node;
      return;
    }
    if (!isObj(node)) throw new SchemaLoadError(PARSE.parseError('valid schema'));
    const m = node;
    if (!current.parent) {
      current.ref = docRef;
      current.id = docRef;
    }
    if (current.id === undefined && current.parent) current.id = current.parent.id;
    const keyID = draft === 4 ? 'id' : draft === HYBRID ? (m.has('id') ? 'id' : '$id') : '$id';
    if (m.has(keyID) && typeof m.get(keyID) !== 'string') throw new SchemaLoadError(PARSE.invalidType('string', keyID));
    const idVal = m.get(keyID);
    if (typeof idVal === 'string') {
      const r = newReference(idVal);
      current.id = current.parent ? inherits(current.parent.id!, r) : r;
    }
    if (m.has('definitions')) {
      const defs = m.get('definitions');
      if (!isObj(defs)) throw new SchemaLoadError(PARSE.invalidType('array of schemas', 'definitions'));
      for (const dv of defs.values()) {
        if (typeof dv !== 'boolean' && !isObj(dv)) {
          throw new SchemaLoadError(PARSE.invalidType('array of schemas', 'definitions'));
        }
        this.parseSchema(dv, newSub('definitions', current));
      }
    }
    for (const k of ['title', 'description']) {
      if (m.has(k) && typeof m.get(k) !== 'string') throw new SchemaLoadError(PARSE.invalidType('string', k));
    }
    if (m.has('$ref') && typeof m.get('$ref') !== 'string')
      throw new SchemaLoadError(PARSE.invalidType('string', '$ref'));
    const refVal = m.get('$ref');
    if (typeof refVal === 'string') {
      current.ref = newReference(refVal);
      const pooled = this.refPool.get(current.ref.toString());
      if (pooled) current.refSchema = pooled;
      else {
        this.parseReference(current);
        return;
      }
    }
    if (m.has('type')) {
      const t = m.get('type');
      const add = (k: string) => {
        if (!JSON_TYPES.includes(k)) throw new SchemaLoadError(PARSE.notAValidType(k));
        if (current.types.includes(k)) throw new SchemaLoadError(PARSE.duplicated(k));
        current.types.push(k);
      };
      if (typeof t === 'string') add(t);
      else if (Array.isArray(t)) {
        for (const x of t) {
          if (typeof x !== 'string') throw new SchemaLoadError(PARSE.invalidType('string/array of strings', 'type'));
          add(x);
        }
      } else throw new SchemaLoadError(PARSE.invalidType('string/array of strings', 'type'));
    }
    if (m.has('properties')) {
      const props = m.get('properties');
      if (!isObj(props)) throw new SchemaLoadError(PARSE.mustBeOfType('properties', 'object'));
      for (const [k, v] of props) {
        const s = newSub(k, current, current.ref);
        current.properties.push(s);
        this.parseSchema(v, s);
      }
    }
    if (m.has('additionalProperties')) {
      const ap = m.get('additionalProperties');
      if (typeof ap === 'boolean') current.additionalProperties = ap;
      else if (isObj(ap)) current.additionalProperties = this.child('additionalProperties', current, ap);
      else throw new SchemaLoadError(PARSE.invalidType('boolean/valid schema', 'additionalProperties'));
    }
    if (m.has('patternProperties')) {
      const pp = m.get('patternProperties');
      if (!isObj(pp)) throw new SchemaLoadError(PARSE.invalidType('valid schema', 'patternProperties'));
      if (pp.size > 0) {
        current.patternProperties = [];
        for (const [k, v] of pp) {
          const re = tryCompileRegexp(k);
          if (!re.ok) throw new SchemaLoadError(PARSE.regexPattern(k));
          const s = newSub(k, current, current.ref);
          this.parseSchema(v, s);
          current.patternProperties.push({ pattern: k, match: re.match, schema: s });
        }
      }
    }
    if (m.has('propertyNames') && draft >= 6) {
      const pn = m.get('propertyNames');
      if (typeof pn !== 'boolean' && !isObj(pn))
        throw new SchemaLoadError(PARSE.invalidType('valid schema', 'patternProperties'));
      current.propertyNames = this.child('propertyNames', current, pn!);
    }
    if (m.has('dependencies')) {
      const deps = m.get('dependencies');
      if (!isObj(deps)) throw new SchemaLoadError(PARSE.mustBeOfType('dependencies', 'object'));
      current.dependencies = new Map();
      for (const [k, v] of deps) {
        if (Array.isArray(v)) {
          const list: string[] = [];
          for (const x of v) {
            if (typeof x !== 'string')
              throw new SchemaLoadError(PARSE.mustBeOfType('dependency', 'schema or array of strings'));
            list.push(x);
            current.dependencies.set(k, list.slice());
          }
        } else if (isObj(v) || typeof v === 'boolean') {
          const s = newSub(k, current, current.ref);
          this.parseSchema(v, s);
          current.dependencies.set(k, s);
        } else throw new SchemaLoadError(PARSE.mustBeOfType('dependency', 'schema or array of strings'));
      }
    }
    if (m.has('items')) {
      const items = m.get('items');
      if (Array.isArray(items)) {
        current.items = [];
        for (const el of items) {
          if (typeof el !== 'boolean' && !isObj(el)) {
            throw new SchemaLoadError(PARSE.invalidType('valid schema/array of schemas', 'items'));
          }
          const s = newSub('items', current, current.ref);
          current.items.push(s);
          this.parseSchema(el, s);
          current.itemsSingle = false;
        }
      } else if (typeof items === 'boolean' || isObj(items)) {
        const s = newSub('items', current, current.ref);
        current.items = [s];
        this.parseSchema(items, s);
        current.itemsSingle = true;
      } else throw new SchemaLoadError(PARSE.invalidType('valid schema/array of schemas', 'items'));
    }
    if (m.has('additionalItems')) {
      const ai = m.get('additionalItems');
      if (typeof ai === 'boolean') current.additionalItems = ai;
      else if (isObj(ai)) current.additionalItems = this.child('additionalItems', current, ai);
      else throw new SchemaLoadError(PARSE.invalidType('boolean/valid schema', 'additionalItems'));
    }
    if (m.has('multipleOf')) {
      const v = mustBeNumber(m.get('multipleOf'));
      if (!v) throw new SchemaLoadError(PARSE.invalidType('number', 'multipleOf'));
      if (v.cmp(new Rat(0n)) <= 0) throw new SchemaLoadError(PARSE.greaterThanZero('multipleOf'));
      current.multipleOf = v;
    }
    if (m.has('minimum')) {
      const v = mustBeNumber(m.get('minimum'));
      if (!v) throw new SchemaLoadError(PARSE.mustBeOfA('minimum', 'number'));
      current.minimum = v;
    }
    this.parseExclusive(m, current, draft, 'exclusiveMinimum', 'minimum');
    if (m.has('maximum')) {
      const v = mustBeNumber(m.get('maximum'));
      if (!v) throw new SchemaLoadError(PARSE.mustBeOfA('maximum', 'number'));
      current.maximum = v;
    }
    this.parseExclusive(m, current, draft, 'exclusiveMaximum', 'maximum');
    current.minLength = this.nonNegative(m, 'minLength');
    current.maxLength = this.nonNegative(m, 'maxLength');
    if (current.minLength !== undefined && current.maxLength !== undefined && current.minLength > current.maxLength) {
      throw new SchemaLoadError(PARSE.cannotBeGT('minLength', 'maxLength'));
    }
    if (m.has('pattern')) {
      const p = m.get('pattern');
      if (typeof p !== 'string') throw new SchemaLoadError(PARSE.mustBeOfA('pattern', 'string'));
      const re = tryCompileRegexp(p);
      if (!re.ok) throw new SchemaLoadError(PARSE.mustBeValidRegex('pattern'));
      current.pattern = { source: p, match: re.match };
    }
    if (m.has('format')) {
      const f = m.get('format');
      if (typeof f !== 'string') throw new SchemaLoadError(PARSE.mustBeOfType('format', 'string'));
      current.format = f;
    }
    current.minProperties = this.nonNegative(m, 'minProperties');
    current.maxProperties = this.nonNegative(m, 'maxProperties');
    if (
      current.minProperties !== undefined &&
      current.maxProperties !== undefined &&
      current.minProperties > current.maxProperties
    ) {
      throw new SchemaLoadError(PARSE.keyCannotBeGreaterThan('minProperties', 'maxProperties'));
    }
    if (m.has('required')) {
      const req = m.get('required');
      if (!Array.isArray(req)) throw new SchemaLoadError(PARSE.mustBeOfAn('required', 'array'));
      for (const r of req) {
        if (typeof r !== 'string') throw new SchemaLoadError(PARSE.keyItemsMustBeOfType('required', 'string'));
        if (current.required.includes(r)) throw new SchemaLoadError(PARSE.keyItemsMustBeUnique('required'));
        current.required.push(r);
      }
    }
    current.minItems = this.nonNegative(m, 'minItems');
    current.maxItems = this.nonNegative(m, 'maxItems');
    if (m.has('uniqueItems')) {
      const u = m.get('uniqueItems');
      if (typeof u !== 'boolean') throw new SchemaLoadError(PARSE.mustBeOfA('uniqueItems', 'boolean'));
      current.uniqueItems = u;
    }
    if (m.has('contains') && draft >= 6) current.contains = this.child('contains', current, m.get('contains')!);
    if (m.has('const') && draft >= 6) current.const = marshalWithoutNumber(m.get('const')!);
    if (m.has('enum')) {
      const e = m.get('enum');
      if (!Array.isArray(e)) throw new SchemaLoadError(PARSE.mustBeOfAn('enum', 'array'));
      current.enum = [];
      for (const v of e) {
        const s = marshalWithoutNumber(v);
        if (current.enum.includes(s)) throw new SchemaLoadError(PARSE.keyItemsMustBeUnique('enum'));
        current.enum.push(s);
      }
    }
    for (const [key, list] of [
      ['oneOf', current.oneOf],
      ['anyOf', current.anyOf],
      ['allOf', current.allOf],
    ] as const) {
      if (!m.has(key)) continue;
      const arr = m.get(key);
      // gojsonschema reports a non-array allOf with the anyOf wording.
      if (!Array.isArray(arr)) throw new SchemaLoadError(PARSE.mustBeOfAn(key === 'allOf' ? 'anyOf' : key, 'array'));
      for (const v of arr) {
        const s = newSub(key, current, current.ref);
        list.push(s);
        this.parseSchema(v, s);
      }
    }
    if (m.has('not')) {
      const n = m.get('not');
      if (typeof n !== 'boolean' && !isObj(n)) throw new SchemaLoadError(PARSE.mustBeOfAn('not', 'object'));
      current.not = this.child('not', current, n);
    }
    if (draft >= 7) {
      for (const [key, field] of [
        ['if', 'ifSchema'],
        ['then', 'thenSchema'],
        ['else', 'elseSchema'],
      ] as const) {
        if (!m.has(key)) continue;
        const v = m.get(key);
        if (typeof v !== 'boolean' && !isObj(v)) throw new SchemaLoadError(PARSE.mustBeOfAn(key, 'object'));
        current[field] = this.child(key, current, v!);
      }
    }
  }

  private parseExclusive(
    m: Map<string, SVal>,
    current: Sub,
    draft: number,
    key: 'exclusiveMinimum' | 'exclusiveMaximum',
    base: 'minimum' | 'maximum',
  ): void {
    if (!m.has(key)) return;
    const v = m.get(key);
    const asBool = () => {
      if (current[base] === undefined) throw new SchemaLoadError(PARSE.cannotBeUsedWithout(key, base));
      if (v === true) {
        current[key] = current[base];
        current[base] = undefined;
      }
    };
    if (draft === 4) {
      if (typeof v !== 'boolean') throw new SchemaLoadError(PARSE.invalidType('boolean', key));
      asBool();
    } else if (draft === HYBRID) {
      if (typeof v === 'boolean') asBool();
      else if (isNum(v)) current[key] = v.rat;
      else throw new SchemaLoadError(PARSE.invalidType('boolean/number', key));
    } else {
      if (!isNum(v)) throw new SchemaLoadError(PARSE.invalidType('number', key));
      current[key] = v.rat;
    }
  }

  private nonNegative(m: Map<string, SVal>, key: string): number | undefined {
    if (!m.has(key)) return undefined;
    const v = mustBeInteger(m.get(key));
    if (v === undefined) throw new SchemaLoadError(PARSE.mustBeOfAn(key, 'integer'));
    if (v < 0) throw new SchemaLoadError(PARSE.mustBeGTEZero(key));
    return v;
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

class Context {
  constructor(
    readonly head: string,
    readonly tail?: Context,
  ) {}

  toString(): string {
    return this.tail ? `${this.tail.toString()}.${this.head}` : this.head;
  }

  /** The error's field: the context without the leading `(root).`. */
  field(): string {
    const s = this.toString();
    return s.startsWith('(root).') ? s.slice('(root).'.length) : s;
  }
}

interface ResultError {
  context: Context;
  description: string;
}

class Result {
  errors: ResultError[] = [];
  score = 0;

  add(context: Context, description: (field: string) => string): void {
    this.errors.push({ context, description: description(context.field()) });
    this.score -= 2;
  }

  merge(other: Result): void {
    this.errors.push(...other.errors);
    this.score += other.score;
  }

  inc(): void {
    this.score++;
  }

  valid(): boolean {
    return this.errors.length === 0;
  }
}

function sortedKeys(m: GoMap): string[] {
  return [...m.keys()].sort(compareGoStrings);
}

class Validator {
  private steps = 0;
  /** The instance nodes each schema is validating, innermost last (the recursion's open calls). */
  private readonly open = new Map<Sub, GoValue[]>();

  constructor(private readonly maxSteps: number) {}

  private tick(): void {
    if (++this.steps > this.maxSteps) throw new SchemaLoadError('schema validation exceeded its work limit');
  }

  sub(s: Sub, node: GoValue, context: Context): Result {
    const r = new Result();
    this.recursive(s, node, r, context);
    return r;
  }

  /**
   * validateRecursive. A schema that reaches itself again on the same instance node (`{"$ref": "#"}`,
   * `{"allOf": [{"$ref": "#"}]}`) recurses without end in gojsonschema, nothing on the way
   * depending on anything but the two: helm 3 dies of Go's stack overflow, and so does this, at the
   * first repetition. The node is the same when it is the same value: a container by identity (values
   * are trees), a scalar by value (no call below a scalar reaches another node).
   */
  recursive(s: Sub, node: GoValue, result: Result, context: Context): void {
    let open = this.open.get(s);
    if (open === undefined) this.open.set(s, (open = []));
    if (open.includes(node)) throw goStackOverflow();
    open.push(node);
    try {
      this.validateRecursive(s, node, result, context);
    } finally {
      open.pop();
    }
  }

  private validateRecursive(s: Sub, node: GoValue, result: Result, context: Context): void {
    this.tick();
    if (s.pass !== undefined) {
      if (!s.pass) result.add(context, MSG.false);
      return;
    }
    if (s.refSchema) {
      this.recursive(s.refSchema, node, result, context);
      return;
    }
    const typed = s.types.length > 0;
    const expected = s.types.length > 1 ? `[${s.types.join(',')}]` : (s.types[0] ?? 'undefined');
    const t = instanceType(node);
    if (t === 'null') {
      if (typed && !s.types.includes('null')) {
        result.add(context, () => MSG.invalidType(expected, 'null'));
        return;
      }
      this.validateSchema(s, node, result, context);
      this.validateCommon(s, node, result, context);
    } else if (t === 'number') {
      const isInt = instanceRat(node).isInt();
      const ok = s.types.includes('number') || (isInt && s.types.includes('integer'));
      if (typed && !ok) {
        result.add(context, () => MSG.invalidType(expected, isInt ? 'integer' : 'number'));
        return;
      }
      this.validateSchema(s, node, result, context);
      this.validateNumber(s, node, result, context);
      this.validateCommon(s, node, result, context);
    } else if (t === 'array') {
      if (typed && !s.types.includes('array')) {
        result.add(context, () => MSG.invalidType(expected, 'array'));
        return;
      }
      this.validateSchema(s, node, result, context);
      this.validateArray(s, node as GoValue[], result, context);
      this.validateCommon(s, node, result, context);
    } else if (t === 'object') {
      if (typed && !s.types.includes('object')) {
        result.add(context, () => MSG.invalidType(expected, 'object'));
        return;
      }
      const obj = node as GoMap;
      this.validateSchema(s, obj, result, context);
      this.validateObject(s, obj, result, context);
      this.validateCommon(s, obj, result, context);
      for (const p of s.properties) {
        if (obj.has(p.property)) this.recursive(p, obj.get(p.property), result, new Context(p.property, context));
      }
    } else if (t === 'boolean' || t === 'string') {
      if (typed && !s.types.includes(t)) {
        result.add(context, () => MSG.invalidType(expected, t));
        return;
      }
      this.validateSchema(s, node, result, context);
      this.validateCommon(s, node, result, context);
      if (t === 'string') this.validateString(s, node as string, result, context);
    }
    result.inc();
  }

  private validateSchema(s: Sub, node: GoValue, result: Result, context: Context): void {
    if (s.anyOf.length > 0) {
      let ok = false;
      let best: Result | undefined;
      for (const sch of s.anyOf) {
        if (ok) continue;
        const r = this.sub(sch, node, context);
        ok = r.valid();
        if (!ok && (best === undefined || r.score > best.score)) best = r;
      }
      if (!ok) {
        result.add(context, MSG.anyOf);
        if (best) result.merge(best);
      }
    }
    if (s.oneOf.length > 0) {
      let n = 0;
      let best: Result | undefined;
      for (const sch of s.oneOf) {
        const r = this.sub(sch, node, context);
        if (r.valid()) n++;
        else if (n === 0 && (best === undefined || r.score > best.score)) best = r;
      }
      if (n !== 1) {
        result.add(context, MSG.oneOf);
        if (n === 0 && best) result.merge(best);
      }
    }
    if (s.allOf.length > 0) {
      let n = 0;
      for (const sch of s.allOf) {
        const r = this.sub(sch, node, context);
        if (r.valid()) n++;
        result.merge(r);
      }
      if (n !== s.allOf.length) result.add(context, MSG.allOf);
    }
    if (s.not && this.sub(s.not, node, context).valid()) result.add(context, MSG.not);
    if (s.dependencies && s.dependencies.size > 0 && node instanceof Map) {
      for (const key of sortedKeys(node)) {
        const dep = s.dependencies.get(key);
        if (dep === undefined) continue;
        if (Array.isArray(dep)) {
          for (const d of dep) if (!node.has(d)) result.add(context, () => MSG.dependency(d));
        } else this.recursive(dep, node, result, context);
      }
    }
    if (s.ifSchema) {
      const rIf = this.sub(s.ifSchema, node, context);
      if (s.thenSchema && rIf.valid()) {
        const r = this.sub(s.thenSchema, node, context);
        if (!r.valid()) {
          result.add(context, MSG.thenFailed);
          result.merge(r);
        }
      }
      if (s.elseSchema && !rIf.valid()) {
        const r = this.sub(s.elseSchema, node, context);
        if (!r.valid()) {
          result.add(context, MSG.elseFailed);
          result.merge(r);
        }
      }
    }
    result.inc();
  }

  private validateCommon(s: Sub, value: GoValue, result: Result, context: Context): void {
    if (s.const !== undefined) {
      const v = marshalWithoutNumber(value);
      if (v !== s.const) result.add(context, (field) => MSG.const(field, s.const!));
    }
    if (s.enum && s.enum.length > 0) {
      const v = marshalWithoutNumber(value);
      if (!s.enum.includes(v)) result.add(context, (field) => MSG.enum(field, s.enum!.join(', ')));
    }
    result.inc();
  }

  private validateArray(s: Sub, value: GoValue[], result: Result, context: Context): void {
    const n = value.length;
    if (s.itemsSingle) {
      for (let i = 0; i < n; i++) result.merge(this.sub(s.items![0]!, value[i], new Context(String(i), context)));
    } else if (s.items && s.items.length > 0) {
      const nItems = s.items.length;
      for (let i = 0; i !== nItems && i !== n; i++) {
        result.merge(this.sub(s.items[i]!, value[i], new Context(String(i), context)));
      }
      if (nItems < n) {
        if (s.additionalItems === false) result.add(context, MSG.noAdditionalItems);
        else if (s.additionalItems !== undefined && s.additionalItems !== true) {
          for (let i = nItems; i !== n; i++) {
            result.merge(this.sub(s.additionalItems, value[i], new Context(String(i), context)));
          }
        }
      }
    }
    if (s.minItems !== undefined && n < s.minItems) result.add(context, () => MSG.minItems(s.minItems!));
    if (s.maxItems !== undefined && n > s.maxItems) result.add(context, () => MSG.maxItems(s.maxItems!));
    if (s.uniqueItems) {
      const seen = new Map<string, number>();
      for (let j = 0; j < value.length; j++) {
        const key = marshalWithoutNumber(value[j]);
        const i = seen.get(key);
        if (i !== undefined) result.add(context, () => MSG.unique(i, j));
        seen.set(key, j);
      }
    }
    if (s.contains) {
      let ok = false;
      let best: Result | undefined;
      for (let i = 0; i < n; i++) {
        const r = this.sub(s.contains, value[i], new Context(String(i), context));
        if (r.valid()) {
          ok = true;
          break;
        }
        if (best === undefined || r.score > best.score) best = r;
      }
      if (!ok) {
        result.add(context, MSG.contains);
        if (best) result.merge(best);
      }
    }
    result.inc();
  }

  private validateObject(s: Sub, value: GoMap, result: Result, context: Context): void {
    if (s.minProperties !== undefined && value.size < s.minProperties) {
      result.add(context, () => MSG.minProperties(s.minProperties!));
    }
    if (s.maxProperties !== undefined && value.size > s.maxProperties) {
      result.add(context, () => MSG.maxProperties(s.maxProperties!));
    }
    for (const req of s.required) {
      if (value.has(req)) result.inc();
      else result.add(context, () => MSG.required(req));
    }
    const keys = sortedKeys(value);
    for (const pk of keys) {
      const found = s.properties.some((p) => p.property === pk);
      const ppMatch = this.validatePatternProperty(s, pk, value.get(pk), result, context);
      if (!found && !ppMatch) {
        const ap = s.additionalProperties;
        if (ap === false) result.add(new Context(context.head, context.tail), () => MSG.additionalProperty(pk));
        else if (ap !== undefined && ap !== true) result.merge(this.sub(ap, value.get(pk), new Context(pk, context)));
      }
    }
    if (s.propertyNames) {
      for (const pk of keys) {
        const r = this.sub(s.propertyNames, pk, context);
        if (!r.valid()) {
          result.add(context, () => MSG.propertyName(pk));
          result.merge(r);
        }
      }
    }
    result.inc();
  }

  private validatePatternProperty(s: Sub, key: string, value: GoValue, result: Result, context: Context): boolean {
    let validated = false;
    for (const pp of s.patternProperties ?? []) {
      if (pp.match(key)) {
        validated = true;
        result.merge(this.sub(pp.schema, value, new Context(key, context)));
      }
    }
    if (!validated) return false;
    result.inc();
    return true;
  }

  private validateString(s: Sub, value: string, result: Result, context: Context): void {
    if (s.minLength !== undefined && runeCount(value) < s.minLength)
      result.add(context, () => MSG.stringGTE(s.minLength!));
    if (s.maxLength !== undefined && runeCount(value) > s.maxLength)
      result.add(context, () => MSG.stringLTE(s.maxLength!));
    if (s.pattern && !s.pattern.match(value)) result.add(context, () => MSG.pattern(s.pattern!.source));
    if (s.format !== undefined && s.format !== '' && !h3FormatCheck(s.format, value)) {
      result.add(context, () => MSG.format(s.format!));
    }
    result.inc();
  }

  private validateNumber(s: Sub, value: GoValue, result: Result, context: Context): void {
    const n = instanceRat(value);
    if (s.multipleOf && !n.div(s.multipleOf).isInt()) result.add(context, () => MSG.multipleOf(s.multipleOf!));
    if (s.maximum && n.cmp(s.maximum) === 1) result.add(context, () => MSG.lte(s.maximum!));
    if (s.exclusiveMaximum && n.cmp(s.exclusiveMaximum) >= 0) result.add(context, () => MSG.lt(s.exclusiveMaximum!));
    if (s.minimum && n.cmp(s.minimum) === -1) result.add(context, () => MSG.gte(s.minimum!));
    if (s.exclusiveMinimum && n.cmp(s.exclusiveMinimum) <= 0) result.add(context, () => MSG.gt(s.exclusiveMinimum!));
    if (s.format !== undefined && s.format !== '' && !h3FormatCheck(s.format, n)) {
      result.add(context, () => MSG.format(s.format!));
    }
    result.inc();
  }
}

const h3Cache = new CompileCache<Sub>();

/** Options of {@link validateGoJsonSchema}. */
export interface GoJsonSchemaOptions extends RemoteRefOptions {
  /** Upper bound on validation steps (untrusted schemas can be exponential). */
  maxSteps?: number;
}

/**
 * Validates `values` against `schemaText` like gojsonschema via helm 3's ValidateAgainstSingleSchema.
 * @returns undefined when valid; otherwise the error text helm prints under the chart name (one
 *   `- field: description` line per problem, or the schema's load error without a trailing newline)
 */
export function validateGoJsonSchema(
  schemaText: string,
  values: GoMap,
  options: GoJsonSchemaOptions = {},
): string | undefined {
  const compiled = h3Cache.get(options.resolver ?? '', schemaText, () =>
    new Loader(options).load(decodeFirstJson(schemaText).value),
  );
  if ('error' in compiled) return compiled.error;
  const root = compiled;
  const v = new Validator(options.maxSteps ?? 5_000_000);
  let result: Result;
  try {
    result = v.sub(root, values, new Context('(root)'));
  } catch (e) {
    if (e instanceof SchemaLoadError) return `unable to validate schema: ${e.message}`;
    throw e;
  }
  if (result.valid()) return undefined;
  return result.errors.map((e) => `- ${e.context.field()}: ${e.description}\n`).join('');
}
