/**
 * The structural check santhosh-tekuri/jsonschema v6 (helm 4) applies to a schema before using it:
 * validation against its draft's metaschema, here for drafts 6, 7, 2019-09 and 2020-12 (draft-04
 * schemas are validated against the metaschema document itself, see jsonschema-draft04.ts). This
 * is a direct encoding of the metaschema rules for the keywords charts use (types of keyword values, non-negative integers, schema arrays, regex
 * patterns, …), producing helm 4's message for the first problem found, e.g.
 * `"file:///values.schema.json#" is not valid against metaschema: jsonschema validation failed with
 * 'https://json-schema.org/draft/2020-12/schema#'` followed by the error chain. (When a schema has
 * several problems helm 4 lists them all, grouped; here only the first is reported.)
 */
import {
  isObj,
  Rat,
  SNum,
  type SVal,
  singleQuote,
  tryCompileRegexp,
  xtextFloat,
  xtextInt,
} from './jsonschema-common.js';

const SIMPLE_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];

function typeName(v: SVal): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (v instanceof SNum) return 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function isInteger(v: SVal): boolean {
  return v instanceof SNum && v.rat.isInt();
}

function esc(t: string): string {
  return t.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** One displayed error: location, message and nested causes. */
interface Line {
  at: string;
  msg: string;
  causes?: Line[];
}

/** The first metaschema violation: the schema levels above it and the failing node's errors. */
interface Violation {
  levels: string[];
  leaf: Line;
}

class Stop {
  constructor(readonly v: Violation) {}
}

const META_URL: Record<number, string> = {
  6: 'http://json-schema.org/draft-06/schema#',
  7: 'http://json-schema.org/draft-07/schema#',
  2019: 'https://json-schema.org/draft/2019-09/schema#',
  2020: 'https://json-schema.org/draft/2020-12/schema#',
};

class Checker {
  constructor(readonly version: number) {}

  private fail(levels: string[], leaf: Line): never {
    throw new Stop({ levels, leaf });
  }

  private wantType(levels: string[], at: string, v: SVal, want: string): void {
    const got = typeName(v);
    if (got === want || (want === 'number' && got === 'number')) return;
    if (want === 'integer' && isInteger(v)) return;
    this.fail(levels, { at, msg: `got ${got}, want ${want}` });
  }

  private nonNegativeInt(levels: string[], at: string, v: SVal): void {
    this.wantType(levels, at, v, 'integer');
    const r = (v as SNum).rat;
    if (r.cmp(new Rat(0n)) < 0) this.fail(levels, { at, msg: `minimum: got ${xtextFloat(r.toFloat64())}, want 0` });
  }

  private stringArray(levels: string[], at: string, v: SVal): void {
    this.wantType(levels, at, v, 'array');
    const arr = v as SVal[];
    for (let i = 1; i < arr.length; i++) {
      for (let j = 0; j < i; j++) {
        if (JSON.stringify(plain(arr[i]!)) === JSON.stringify(plain(arr[j]!))) {
          this.fail(levels, { at, msg: `items at ${xtextInt(j)} and ${xtextInt(i)} are equal` });
        }
      }
    }
    arr.forEach((x, i) => {
      this.wantType(levels, `${at}/${i}`, x, 'string');
    });
  }

  private schemaArray(levels: string[], at: string, v: SVal): void {
    this.wantType(levels, at, v, 'array');
    const arr = v as SVal[];
    if (arr.length < 1) this.fail(levels, { at, msg: 'minItems: got 0, want 1' });
    arr.forEach((x, i) => {
      this.schema(x, `${at}/${i}`, levels);
    });
  }

  private schemaMap(levels: string[], at: string, v: SVal, regexKeys = false): void {
    this.wantType(levels, at, v, 'object');
    for (const [k, x] of v as Map<string, SVal>) {
      if (regexKeys) {
        const r = tryCompileRegexp(k);
        if (!r.ok)
          this.fail(levels, {
            at,
            msg: `invalid propertyName ${singleQuote(k)}`,
            causes: [{ at: '', msg: `${singleQuote(k)} is not valid regex: ${r.error}` }],
          });
      }
      this.schema(x, `${at}/${esc(k)}`, levels);
    }
  }

  /** Checks a (sub)schema at instance pointer `at`; `levels` are the schema locations above it. */
  schema(node: SVal, at: string, levels: string[]): void {
    if (typeof node === 'boolean') return;
    if (!isObj(node)) this.fail(levels, { at, msg: `got ${typeName(node)}, want boolean or object` });
    const m = node as Map<string, SVal>;
    const here = [...levels, at];
    const kw = (k: string) => `${at}/${esc(k)}`;
    for (const [k, v] of m) {
      switch (k) {
        case 'minimum':
        case 'maximum':
          this.wantType(here, kw(k), v, 'number');
          break;
        case 'exclusiveMinimum':
        case 'exclusiveMaximum':
          this.wantType(here, kw(k), v, 'number');
          break;
        case 'multipleOf': {
          this.wantType(here, kw(k), v, 'number');
          const r = (v as SNum).rat;
          if (r.cmp(new Rat(0n)) <= 0) {
            this.fail(here, { at: kw(k), msg: `exclusiveMinimum: got ${xtextFloat(r.toFloat64())}, want 0` });
          }
          break;
        }
        case 'minLength':
        case 'maxLength':
        case 'minItems':
        case 'maxItems':
        case 'minProperties':
        case 'maxProperties':
        case 'minContains':
        case 'maxContains':
          this.nonNegativeInt(here, kw(k), v);
          break;
        case 'pattern':
          this.wantType(here, kw(k), v, 'string');
          {
            const r = tryCompileRegexp(v as string);
            if (!r.ok)
              this.fail(here, { at: kw(k), msg: `${singleQuote(v as string)} is not valid regex: ${r.error}` });
          }
          break;
        case 'title':
        case 'description':
        case '$comment':
        case 'format':
          this.wantType(here, kw(k), v, 'string');
          break;
        case 'uniqueItems':
        case 'readOnly':
        case 'writeOnly':
        case 'deprecated':
          this.wantType(here, kw(k), v, 'boolean');
          break;
        case 'required':
          this.stringArray(here, kw(k), v);
          break;
        case 'enum':
          this.wantType(here, kw(k), v, 'array');
          break;
        case 'type':
          this.checkType(here, kw(k), v);
          break;
        case 'allOf':
        case 'anyOf':
        case 'oneOf':
        case 'prefixItems':
          this.schemaArray(here, kw(k), v);
          break;
        case 'properties':
        case 'definitions':
        case '$defs':
        case 'dependentSchemas':
          this.schemaMap(here, kw(k), v);
          break;
        case 'patternProperties':
          this.schemaMap(here, kw(k), v, true);
          break;
        case 'additionalProperties':
        case 'additionalItems':
          if (typeof v !== 'boolean') this.schema(v, kw(k), here);
          break;
        case 'not':
        case 'propertyNames':
        case 'contains':
        case 'if':
        case 'then':
        case 'else':
        case 'unevaluatedItems':
        case 'unevaluatedProperties':
          this.schema(v, kw(k), here);
          break;
        case 'items':
          if (Array.isArray(v) && this.version < 2020) this.schemaArray(here, kw(k), v);
          else this.schema(v, kw(k), here);
          break;
      }
    }
  }

  private checkType(levels: string[], at: string, v: SVal): void {
    const enumMsg = `value must be one of ${SIMPLE_TYPES.map(singleQuote).join(', ')}`;
    if (typeof v === 'string') {
      if (SIMPLE_TYPES.includes(v)) return;
      this.fail(levels, {
        at,
        msg: "'anyOf' failed",
        causes: [
          { at, msg: enumMsg },
          { at, msg: 'got string, want array' },
        ],
      });
    }
    if (!Array.isArray(v)) {
      this.fail(levels, {
        at,
        msg: "'anyOf' failed",
        causes: [
          { at, msg: enumMsg },
          { at, msg: `got ${typeName(v)}, want array` },
        ],
      });
    }
    const arr = v as SVal[];
    const bad = arr.findIndex((x) => typeof x !== 'string' || !SIMPLE_TYPES.includes(x));
    if (bad >= 0) {
      this.fail(levels, {
        at,
        msg: "'anyOf' failed",
        causes: [
          { at, msg: enumMsg },
          { at: `${at}/${bad}`, msg: enumMsg },
        ],
      });
    }
  }
}

function plain(v: SVal): unknown {
  if (v instanceof SNum) return v.rat.toFloat64();
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
  return v;
}

function render(l: Line, indent: number, out: string[]): void {
  out.push(`${'  '.repeat(indent)}- at ${singleQuote(l.at)}: ${l.msg}`);
  for (const c of l.causes ?? []) render(c, indent + 1, out);
}

/**
 * The metaschema error helm 4 reports for `doc` under draft `version`, or undefined when the schema
 * passes these checks. `location` is the schema's URL (`file:///values.schema.json#`).
 */
export function metaschemaViolation(doc: SVal, version: number, location: string): string | undefined {
  try {
    new Checker(version).schema(doc, '', []);
    return undefined;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const { levels, leaf } = e.v;
    const out: string[] = [];
    let indent = 0;
    // 2019-09 and 2020-12 metaschemas combine vocabularies with allOf at every schema level.
    if (version >= 2019) {
      for (const at of levels) {
        out.push(`${'  '.repeat(indent)}- at ${singleQuote(at)}: 'allOf' failed`);
        indent++;
      }
    }
    render(leaf, indent, out);
    return `"${location}" is not valid against metaschema: jsonschema validation failed with ${singleQuote(META_URL[version]!)}\n${out.join('\n')}`;
  }
}
