/**
 * A quick, conservative answer to "does this schema pass its draft's metaschema?" for helm 4's
 * metaschema check. Validating a large schema (a chart's 350 KB values.schema.json) against the
 * metaschema document costs tens of milliseconds; most schemas use a handful of keywords with
 * plainly valid values. This check says yes only when every keyword it meets is one it knows and its
 * value is one the metaschema of drafts 7, 2019-09 and 2020-12 certainly accepts; anything else
 * (unusual keywords or values, other drafts) answers no, and the full metaschema validation decides
 * — and reports, with helm's texts. A yes therefore never hides an error.
 */
import { SNum, type SVal } from './jsonschema-common.js';
import { h4Format } from './jsonschema-formats.js';

type Schema = Map<string, SVal>;

const SIMPLE_TYPES = new Set(['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']);
/** `$ref`s that are certainly URI references: local JSON pointers of plain characters. */
const LOCAL_REF = /^#(?:\/[A-Za-z0-9._~$-]+)*$/;
/** The format checks the metaschema asserts on `pattern` and `patternProperties` names. */
const isRegex = (s: string) => h4Format('regex')!(s) === undefined;
const NON_NEGATIVE_INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;

type Judge = (v: SVal, version: number) => boolean;

/** How each known keyword's value is judged (a Map: schema keys are arbitrary strings). */
const KEYWORDS = new Map<string, Judge>([
  [
    'type',
    (v) =>
      typeof v === 'string'
        ? SIMPLE_TYPES.has(v)
        : Array.isArray(v) &&
          v.length > 0 &&
          v.every((t) => typeof t === 'string' && SIMPLE_TYPES.has(t)) &&
          new Set(v).size === v.length,
  ],
  ['title', isString],
  ['description', isString],
  ['$comment', isString],
  ['format', isString],
  ['contentEncoding', isString],
  ['contentMediaType', isString],
  ['default', () => true],
  ['examples', (v) => Array.isArray(v)],
  ['const', () => true],
  ['enum', (v) => Array.isArray(v) && v.length > 0 && uniqueScalars(v)],
  ['required', (v) => Array.isArray(v) && v.every(isString) && new Set(v).size === v.length],
  ['readOnly', isBoolean],
  ['writeOnly', isBoolean],
  ['deprecated', isBoolean],
  ['uniqueItems', isBoolean],
  ['minLength', isNonNegativeInteger],
  ['maxLength', isNonNegativeInteger],
  ['minItems', isNonNegativeInteger],
  ['maxItems', isNonNegativeInteger],
  ['minProperties', isNonNegativeInteger],
  ['maxProperties', isNonNegativeInteger],
  ['minimum', isNumber],
  ['maximum', isNumber],
  ['exclusiveMinimum', isNumber],
  ['exclusiveMaximum', isNumber],
  ['$ref', (v) => typeof v === 'string' && LOCAL_REF.test(v)],
  ['pattern', (v) => typeof v === 'string' && isRegex(v)],
  ['patternProperties', (v, version) => isSchemaMap(v, version) && [...(v as Schema).keys()].every(isRegex)],
  ['not', isSchema],
  ['additionalProperties', isSchema],
  ['propertyNames', isSchema],
  ['contains', isSchema],
  ['if', isSchema],
  ['then', isSchema],
  ['else', isSchema],
  ['items', (v, version) => isSchema(v, version) || (version < 2020 && isSchemaList(v, version))],
  ['allOf', isSchemaList],
  ['anyOf', isSchemaList],
  ['oneOf', isSchemaList],
  ['properties', isSchemaMap],
  ['definitions', isSchemaMap],
  ['$defs', (v: SVal, version: number) => version >= 2019 && isSchemaMap(v, version)],
]);

/** Whether `doc` certainly passes the metaschema of its draft (false: ask the metaschema). */
export function surelyValidSchema(doc: SVal, version: number): boolean {
  if (version !== 7 && version !== 2019 && version !== 2020) return false;
  // The root may name its draft; nothing else about ids, anchors or vocabularies is judged here.
  if (!(doc instanceof Map)) return typeof doc === 'boolean';
  const $schema = doc.get('$schema');
  if ($schema !== undefined && typeof $schema !== 'string') return false;
  try {
    return isSchema(doc, version, true);
  } catch {
    return false; // nested past the stack: the metaschema validation decides (and reports)
  }
}

function isSchema(v: SVal, version: number, root = false): boolean {
  if (typeof v === 'boolean') return true;
  if (!(v instanceof Map)) return false;
  for (const [key, value] of v as Schema) {
    if (root && key === '$schema') continue;
    const judge = KEYWORDS.get(key);
    if (judge === undefined) {
      // `$`-keywords (ids, anchors, vocabularies) and applicators this check does not model.
      if (key.startsWith('$') || UNMODELLED.has(key)) return false;
      continue; // an unknown keyword: every metaschema accepts any value
    }
    if (!judge(value, version)) return false;
  }
  return true;
}

/** Keywords with rules of their own in some draft: left to the metaschema. */
const UNMODELLED = new Set([
  'additionalItems',
  'dependencies',
  'dependentSchemas',
  'dependentRequired',
  'unevaluatedProperties',
  'unevaluatedItems',
  'prefixItems',
  'contentSchema',
  'minContains',
  'maxContains',
  'multipleOf',
]);

function isSchemaList(v: SVal, version: number): boolean {
  return Array.isArray(v) && v.length > 0 && v.every((s) => isSchema(s, version));
}

function isSchemaMap(v: SVal, version: number): boolean {
  if (!(v instanceof Map)) return false;
  for (const s of v.values()) if (!isSchema(s, version)) return false;
  return true;
}

function isString(v: SVal): boolean {
  return typeof v === 'string';
}

function isBoolean(v: SVal): boolean {
  return typeof v === 'boolean';
}

function isNumber(v: SVal): boolean {
  return v instanceof SNum;
}

function isNonNegativeInteger(v: SVal): boolean {
  return v instanceof SNum && NON_NEGATIVE_INTEGER.test(v.text);
}

/** Non-empty-safe uniqueness for enums of strings, booleans, nulls and plain integers only. */
function uniqueScalars(v: SVal[]): boolean {
  const seen = new Set<string>();
  for (const x of v) {
    let key: string;
    if (typeof x === 'string') key = `s${x}`;
    else if (typeof x === 'boolean' || x === null) key = `l${String(x)}`;
    else if (x instanceof SNum && /^-?(?:0|[1-9][0-9]{0,14})$/.test(x.text)) key = `n${x.text}`;
    else return false;
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}
