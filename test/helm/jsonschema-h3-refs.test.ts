/**
 * helm 3 (gojsonschema v1.2.0 with gojsonreference) on ids and references: a fragment that is no
 * JSON pointer, ids that repeat, ids and $refs url.Parse rejects outside schema keywords, and the
 * texts of references it would load from elsewhere. Every expected text is what helm 3.17.3 printed
 * for the same schema and values (conformance/features.test.ts runs a selection against helm itself).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { yamlUnmarshal } from '../../src/codec/yaml-read.js';
import type { GoMap } from '../../src/gotemplate/value.js';
import { GoFatalError } from '../../src/helm/go-panic.js';
import { decodeFirstJson, SNum } from '../../src/helm/jsonschema-common.js';
import { GOJSONSCHEMA_DRAFT04_METASCHEMA } from '../../src/helm/jsonschema-draft04.js';
import { GOJSONSCHEMA_DRAFT06_METASCHEMA, GOJSONSCHEMA_DRAFT07_METASCHEMA } from '../../src/helm/jsonschema-draft07.js';
import { validateGoJsonSchema } from '../../src/helm/jsonschema-h3.js';
import { HELM } from './support.js';

const RESOLVER = '10.0.0.53:53';

function check(schema: unknown, values: string): string | undefined {
  return validateGoJsonSchema(JSON.stringify(schema), yamlUnmarshal(values) as GoMap, { resolver: RESOLVER });
}

const dns = (url: string, host: string) => `Get "${url}": dial tcp: lookup ${host} on ${RESOLVER}: no such host`;

const stringExpected = '- a: Invalid type. Expected: string, given: integer\n';

describe('helm 3 schema ids whose fragment is a name', () => {
  it('accepts them in nested schemas and at the root', () => {
    expect(check({ properties: { a: { $id: 'http://a/b#frag', type: 'string' } } }, 'a: 1')).toBe(stringExpected);
    expect(check({ $id: 'http://a/b#frag', properties: { a: { type: 'string' } } }, 'a: 1')).toBe(stringExpected);
  });

  it('resolves a $ref to such an id (location-independent identifiers)', () => {
    const def = (id: string) => ({ definitions: { x: { $id: id, type: 'string' } } });
    expect(check({ ...def('#frag'), properties: { a: { $ref: '#frag' } } }, 'a: 1')).toBe(stringExpected);
    expect(check({ ...def('http://a/b#frag'), properties: { a: { $ref: 'http://a/b#frag' } } }, 'a: 1')).toBe(
      stringExpected,
    );
    // Under a canonical root id the name resolves against it.
    expect(check({ $id: 'http://a/b', ...def('#foo'), properties: { a: { $ref: '#foo' } } }, 'a: 1')).toBe(
      stringExpected,
    );
    // Percent-encoding: `#a b` and `#a%20b` are the same name.
    expect(check({ ...def('#a b'), properties: { a: { $ref: '#a%20b' } } }, 'a: 1')).toBe(stringExpected);
    // The draft-04 keyword, in hybrid and draft-04 mode.
    const d4 = { definitions: { x: { id: '#frag', type: 'string' } }, properties: { a: { $ref: '#frag' } } };
    expect(check(d4, 'a: 1')).toBe(stringExpected);
    expect(check({ $schema: 'http://json-schema.org/draft-04/schema#', ...d4 }, 'a: 1')).toBe(stringExpected);
  });

  it('reads a name it cannot find as the whole document (an empty pointer)', () => {
    const schema = { properties: { a: { $ref: '#nope' }, b: { type: 'string' } }, required: ['zz'] };
    expect(check(schema, 'a: {b: 1}')).toBe(
      '- (root): zz is required\n- a: zz is required\n- a.b: Invalid type. Expected: string, given: integer\n',
    );
    // A base document with the name as its fragment: the whole of that document.
    const doc = {
      definitions: { x: { $id: 'http://a/b', type: 'string' } },
      properties: { a: { $ref: 'http://a/b#other' } },
    };
    expect(check(doc, 'a: 1')).toBe(stringExpected);
    // `#a/b` is no pointer either (it does not start with `/`).
    expect(
      check({ definitions: { x: { $id: '#a%2Fb', type: 'string' } }, properties: { a: { $ref: '#a/b' } } }, 'a: 1'),
    ).toBe(undefined);
  });

  it('resolves pointers in the scope of such an id against its document', () => {
    const schema = {
      definitions: {
        x: { $id: '#frag', properties: { q: { $ref: '#/definitions/z' } } },
        z: { type: 'number' },
      },
      properties: { a: { $ref: '#frag' } },
    };
    expect(check(schema, 'a: {q: x}')).toBe('- a.q: Invalid type. Expected: number, given: string\n');
    const root = {
      $id: 'http://a/b#frag',
      definitions: { x: { type: 'string' } },
      properties: { a: { $ref: '#/definitions/x' } },
    };
    expect(check(root, 'a: 1')).toBe(dns('http://a/b', 'a'));
  });

  it('reads a $schema with a name fragment as no known draft (hybrid)', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#frag',
      properties: { a: { minimum: 1, exclusiveMinimum: true } },
    };
    expect(check(schema, 'a: 1')).toBe('- a: Must be greater than 1\n');
  });
});

describe('helm 3 ids that repeat and ids or $refs that are no URL', () => {
  it('pools the first of two equal ids', () => {
    const twice = (id: string) => ({
      definitions: { x: { $id: id, type: 'string' }, y: { $id: id, type: 'string' } },
      properties: { a: { $ref: id } },
    });
    expect(check(twice('#f'), 'a: 1')).toBe(stringExpected);
    expect(check(twice('http://x/y'), 'a: 1')).toBe(stringExpected);
  });

  it('ignores them outside schema keywords, fails on them inside', () => {
    expect(check({ 'x-foo': { $id: ':bad' }, required: ['zz'] }, 'a: 1')).toBe('- (root): zz is required\n');
    expect(check({ 'x-foo': { $ref: ':bad' }, required: ['zz'] }, 'a: 1')).toBe('- (root): zz is required\n');
    expect(check({ properties: { a: { $id: ':bad' } } }, 'a: 1')).toBe('parse ":bad": missing protocol scheme');
    expect(check({ properties: { a: { $ref: ':bad' } } }, 'a: 1')).toBe('parse ":bad": missing protocol scheme');
    expect(check({ $schema: 'http://[bad' }, 'a: 1')).toBe(`parse "http://[bad": missing ']' in host`);
  });
});

describe('helm 3 references it would load', () => {
  const ref = (r: string) => check({ properties: { a: { $ref: r } } }, 'a: 1');

  it('loads HTTP references without their fragment, password masked', () => {
    expect(ref('http://a/b#/definitions/x')).toBe(dns('http://a/b', 'a'));
    expect(ref('http://a/b?q=1#frag')).toBe(dns('http://a/b?q=1', 'a'));
    expect(ref('https://a:8443/b#x')).toBe(dns('https://a:8443/b', 'a'));
    expect(ref('HTTP://A.example/b')).toBe(dns('http://A.example/b', 'A.example'));
    expect(ref('http://u:p@a/b')).toBe(dns('http://u:***@a/b', 'a'));
    expect(ref('http://u%40x:p%2F@a/b')).toBe(dns('http://u@x:***@a/b', 'a'));
    expect(ref('http://u@a/b')).toBe(dns('http://u@a/b', 'a'));
    // The definitions holding the id keep their fragment: only the document is looked up.
    const frag = {
      definitions: { x: { $id: 'http://a/b#frag', type: 'string' } },
      properties: { a: { $ref: 'http://a/b' } },
    };
    expect(check(frag, 'a: 1')).toBe(dns('http://a/b', 'a'));
  });

  it('names the scheme Go has no transport for', () => {
    expect(ref('ftp://a/b')).toBe('Get "ftp://a/b": unsupported protocol scheme "ftp"');
  });

  it('opens file references by the text after file://, query-unescaped', () => {
    expect(ref('file:///tmp/nope/a+b%20c.json#/x')).toBe('open /tmp/nope/a b c.json: no such file or directory');
    expect(ref('file:///tmp/nope/%C3%A9%2B.json')).toBe('open /tmp/nope/é+.json: no such file or directory');
    expect(ref('file:/x.json#frag')).toBe('open file:/x.json: no such file or directory');
    expect(ref('file://host/x.json')).toBe('open host/x.json: no such file or directory');
    expect(ref('file:x.json')).toBe('Reference file:x.json must be canonical');
  });
});

describe('helm 3 embedded metaschemas', () => {
  const d = (n: string) => `http://json-schema.org/draft-0${n}/schema`;
  const ref = (url: string) => ({ properties: { a: { $ref: url } } });

  it('validates against the draft-04, -06 and -07 metaschemas gojsonschema embeds', () => {
    expect(check(ref(`${d('4')}#`), 'a: 1')).toBe('- a: Invalid type. Expected: object, given: integer\n');
    expect(check(ref(`${d('6')}#`), 'a: 1')).toBe('- a: Invalid type. Expected: [object,boolean], given: integer\n');
    expect(check(ref(d('7')), 'a: 1')).toBe('- a: Invalid type. Expected: [object,boolean], given: integer\n');
    expect(check(ref(`${d('7')}#/definitions/nonNegativeInteger`), 'a: -1')).toBe(
      '- a: Must be greater than or equal to 0\n',
    );
    // Its own copies: draft-06 checks `examples`, draft-07 has no `writeOnly` rule.
    expect(check(ref(d('6')), 'a: {examples: 5}')).toBe(
      '- a.examples: Invalid type. Expected: array, given: integer\n',
    );
    expect(check(ref(d('7')), 'a: {writeOnly: 5, $schema: "not a uri"}')).toBe(
      "- a.$schema: Does not match format 'uri'\n",
    );
  });

  it('loads others: https, a missing pointer', () => {
    expect(check(ref('https://json-schema.org/draft-07/schema#'), 'a: 1')).toBe(
      dns('https://json-schema.org/draft-07/schema', 'json-schema.org'),
    );
    expect(check(ref(`${d('7')}#/definitions/nope`), 'a: 1')).toBe("Object has no key 'nope'");
  });
});

describe.skipIf(!existsSync(HELM.helm3))('gojsonschema metaschema copies', () => {
  it('are the documents helm 3 embeds', () => {
    // The binary holds each document as a JSON string literal: decode the first JSON value there.
    const binary = readFileSync(HELM.helm3).toString('latin1');
    const embedded = (start: string) => {
      const at = binary.indexOf(start);
      expect(at, start).toBeGreaterThan(0);
      return decodeFirstJson(binary.slice(at, at + 20_000)).value;
    };
    const cases: Array<[string, string]> = [
      ['{"id":"http://json-schema.org/draft-04/schema#"', GOJSONSCHEMA_DRAFT04_METASCHEMA],
      ['{"$schema":"http://json-schema.org/draft-06/schema#"', GOJSONSCHEMA_DRAFT06_METASCHEMA],
      ['{"$schema":"http://json-schema.org/draft-07/schema#"', GOJSONSCHEMA_DRAFT07_METASCHEMA],
    ];
    for (const [start, ours] of cases) {
      expect(sorted(decodeFirstJson(ours).value), start).toEqual(sorted(embedded(start)));
    }
  });
});

/** A decoded JSON value with object keys sorted (gojsonschema's maps have no order). */
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v instanceof Map) return [...v.keys()].sort().map((k) => [k, sorted(v.get(k))]);
  if (v instanceof SNum) return v.text;
  return v;
}

describe('helm 3 schemas that reach themselves again on the same value', () => {
  const overflow = 'runtime: goroutine stack exceeds 1000000000-byte limit\nfatal error: stack overflow\n';
  const fatal = (schema: unknown, values: string) => {
    try {
      check(schema, values);
    } catch (e) {
      if (e instanceof GoFatalError) return e.report();
      throw e;
    }
    return undefined;
  };

  it("die of Go's stack overflow, found at the first repetition", () => {
    expect(fatal({ $ref: '#' }, 'a: 1')).toBe(overflow);
    expect(fatal({ allOf: [{ $ref: '#' }] }, 'a: 1')).toBe(overflow);
    expect(fatal({ not: { $ref: '#' } }, '{}')).toBe(overflow);
    expect(fatal({ $id: 'http://schema.invalid/root.json#frag', $ref: '#frag' }, 'a: 1')).toBe(overflow);
    // On a scalar, through definitions; through a schema dependency on the same object.
    const def = { definitions: { x: { $ref: '#/definitions/x' } }, properties: { a: { $ref: '#/definitions/x' } } };
    expect(fatal(def, 'a: 1')).toBe(overflow);
    expect(fatal({ dependencies: { a: { $ref: '#' } } }, 'a: 1')).toBe(overflow);
    // Only when reached: a first anyOf branch that passes ends it.
    expect(fatal({ anyOf: [{ type: 'string' }, { $ref: '#' }] }, 'a: 1')).toBe(overflow);
    expect(fatal({ anyOf: [{ type: 'object' }, { $ref: '#' }] }, 'a: 1')).toBe(undefined);
  });

  it('recurse as deep as the values go when each step descends', () => {
    expect(check({ properties: { a: { $ref: '#' } }, type: 'object' }, 'a: {a: {a: 1}}')).toBe(
      '- a.a.a: Invalid type. Expected: object, given: integer\n',
    );
    // The same object in two places (a YAML alias) is no loop.
    expect(check({ properties: { a: { $ref: '#' }, b: { $ref: '#' } } }, 'a: &x {c: 1}\nb: *x')).toBe(undefined);
  });
});
