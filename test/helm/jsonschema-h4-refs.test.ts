/**
 * helm 4 (santhosh-tekuri/jsonschema v6) on resources, ids, anchors and the references it loads.
 * Every expected text is what helm 4.1.4 printed for the same schema and values
 * (conformance/features.test.ts runs a selection against helm itself).
 */
import { describe, expect, it } from 'vitest';
import { yamlUnmarshal } from '../../src/codec/yaml-read.js';
import type { GoMap } from '../../src/gotemplate/value.js';
import { validateSanthoshSchema } from '../../src/helm/jsonschema-h4.js';

const RESOLVER = '10.0.0.53:53';

function check(schema: unknown, values: string): string | undefined {
  return validateSanthoshSchema(JSON.stringify(schema), yamlUnmarshal(values) as GoMap, { resolver: RESOLVER });
}

describe('helm 4 remote references', () => {
  it('masks the password in the HTTP error, not in the URL the loader names', () => {
    expect(check({ properties: { a: { $ref: 'http://user:secret@schema.invalid/x.json#frag' } } }, 'a: 1')).toBe(
      'failing loading "http://user:secret@schema.invalid/x.json": HTTP request failed for ' +
        'http://user:secret@schema.invalid/x.json: Get "http://user:***@schema.invalid/x.json": ' +
        `dial tcp: lookup schema.invalid on ${RESOLVER}: no such host`,
    );
    // A user without a password is shown as it is.
    expect(check({ properties: { a: { $ref: 'https://user@schema.invalid/x.json' } } }, 'a: 1')).toContain(
      'Get "https://user@schema.invalid/x.json": dial tcp',
    );
  });
});

describe('helm 4 resources, ids and anchors', () => {
  it('refuses an id twice, naming the subschema met second first', () => {
    const twin = { $id: 'http://example.com/twin.json', type: 'integer' };
    expect(check({ definitions: { twin1: twin, twin2: twin } }, 'a: 1')).toBe(
      'duplicate id "http://example.com/twin.json" in "file:///values.schema.json" at "/definitions/twin2" and "/definitions/twin1"',
    );
    // Ids are compared without their fragment, and an id may repeat the document's own URL.
    expect(
      check({ definitions: { x: { $id: 'http://e/a.json', $anchor: 'q' }, y: { $id: 'http://e/a.json#' } } }, 'a: 1'),
    ).toBe('duplicate id "http://e/a.json" in "file:///values.schema.json" at "/definitions/y" and "/definitions/x"');
    expect(check({ definitions: { x: { $id: 'file:///values.schema.json' } } }, 'a: 1')).toBe(
      'duplicate id "file:///values.schema.json" in "file:///values.schema.json" at "/definitions/x" and ""',
    );
  });

  it('refuses an anchor twice in a resource', () => {
    expect(check({ definitions: { x: { $anchor: 'a' }, y: { $anchor: 'a' } } }, 'a: 1')).toBe(
      'duplicate anchor "a" in "file:///values.schema.json" at "/definitions/x" and "/definitions/y"',
    );
  });

  it('fails on ids and anchors it cannot parse before the metaschema check', () => {
    const d7 = 'http://json-schema.org/draft-07/schema#';
    expect(check({ $schema: d7, definitions: { x: { $id: '#%zz' } } }, 'a: 1')).toBe(
      'error in parsing anchor at "file:///values.schema.json#/definitions/x"',
    );
    expect(check({ $schema: d7, definitions: { x: { $id: 'http://e/%zz' } } }, 'a: 1')).toBe(
      'error in parsing id at "file:///values.schema.json#/definitions/x"',
    );
  });

  it('looks anchors up in the resource the reference names', () => {
    expect(check({ properties: { num: { $ref: '#twin' } } }, 'num: 1')).toBe(
      'anchor in "file:///values.schema.json#twin" not found in schema "file:///values.schema.json"',
    );
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      definitions: { x: { $id: 'http://example.com/x.json', definitions: { y: { $id: '#inner', type: 'string' } } } },
      properties: { a: { $ref: 'http://example.com/x.json#inner' }, b: { $ref: '#inner' } },
    };
    expect(check(schema, 'a: 1')).toBe(
      'anchor in "file:///values.schema.json#inner" not found in schema "file:///values.schema.json"',
    );
    schema.properties.b.$ref = 'http://example.com/x.json#inner';
    expect(check(schema, 'a: 1\nb: x')).toBe("- at '/a': got number, want string\n");
  });

  it('names locations from the document root, under its URL', () => {
    const x = { $id: 'http://example.com/x.json' };
    expect(check({ definitions: { x }, properties: { a: { $ref: 'http://example.com/x.json#/nope' } } }, 'a: 1')).toBe(
      'json-pointer in "file:///values.schema.json#/definitions/x/nope" not found',
    );
    const cycle = { definitions: { x: { ...x, $ref: '#' } }, properties: { a: { $ref: 'http://example.com/x.json' } } };
    expect(check(cycle, 'a: 1')).toBe(
      "- at '/a': both /properties/a/$ref/$ref and /properties/a/$ref resolve to " +
        '"file:///values.schema.json#/definitions/x" causing reference cycle\n',
    );
  });

  it('resolves references against the root $id and nested ids', () => {
    expect(check({ $id: 'http://schema.invalid/root.json', properties: { a: { $ref: 'other.json' } } }, 'a: 1')).toBe(
      'failing loading "http://schema.invalid/other.json": HTTP request failed for http://schema.invalid/other.json: ' +
        `Get "http://schema.invalid/other.json": dial tcp: lookup schema.invalid on ${RESOLVER}: no such host`,
    );
    const nested = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      definitions: { x: { $id: 'http://e/a.json', definitions: { z: { $id: 'b.json', type: 'string' } } } },
      properties: { a: { $ref: 'http://e/b.json' } },
    };
    expect(check(nested, 'a: 1')).toBe("- at '/a': got number, want string\n");
  });

  it('gives a subschema with an id and $schema its own draft', () => {
    const d7 = 'http://json-schema.org/draft-07/schema#';
    const schema = {
      $schema: 'http://json-schema.org/draft-04/schema#',
      properties: { a: { $id: 'http://e/a.json', $schema: d7, const: 2 }, b: { $schema: d7, const: 2 } },
    };
    // `const` is a draft-06 keyword: the resource at /properties/a has it, /properties/b (no id) not.
    expect(check(schema, 'a: 1\nb: 1')).toBe("- at '/a': value must be 2\n");
    // The id's keyword is the one of the draft `$schema` names (`id` is no id in draft-07).
    const d7id = { properties: { a: { id: 'http://e/a.json', $schema: d7, const: 2 } } };
    expect(check({ ...d7id, $schema: 'http://json-schema.org/draft-04/schema#' }, 'a: 1')).toBe(undefined);
  });
});

describe('helm 4 embedded metaschemas', () => {
  const d7 = 'http://json-schema.org/draft-07/schema';
  const exclusiveBool = { properties: { num: { type: 'number', minimum: 1, exclusiveMinimum: true } } };

  it('reads a $schema that is no known draft from the document it names', () => {
    const meta = (draft: string) =>
      `"file:///values.schema.json#" is not valid against metaschema: jsonschema validation failed with '${draft}'\n`;
    expect(check({ $schema: `${d7}#frag`, ...exclusiveBool }, 'num: 1')).toBe(
      `${meta(`${d7}#`)}- at '/properties/num/exclusiveMinimum': got boolean, want number`,
    );
    // `#/` is a fragment too; the https URL and json-schema.org/schema (2020-12) are embedded as well.
    expect(check({ $schema: 'https://json-schema.org/draft-04/schema#/', ...exclusiveBool }, 'num: 1')).toBe(
      "- at '/num': exclusiveMinimum: got 1, want 1\n",
    );
    expect(check({ $schema: 'http://json-schema.org/schema#x', ...exclusiveBool }, 'num: 1')).toContain(
      "jsonschema validation failed with 'urn:mem:metaschema'",
    );
    // A directory of the embedded file system, an unknown document, the document itself.
    expect(check({ $schema: 'http://json-schema.org/draft-07' }, 'a: 1')).toBe(
      'read metaschemas/draft-07/: is a directory',
    );
    expect(check({ $schema: 'http://json-schema.org/draft-08/schema' }, 'a: 1')).toContain(
      'failing loading "http://json-schema.org/draft-08/schema": HTTP request failed',
    );
    expect(check({ $schema: 'file:///values.schema.json' }, 'a: 1')).toBe(
      'draft "file:///values.schema.json" is not supported',
    );
  });

  it('checks a schema against the vocabularies a loaded 2019-09/2020-12 $schema lists', () => {
    // Only the vocabulary metaschemas: the top-level `definitions` rule is not among them.
    const s2020 = {
      $schema: 'https://json-schema.org/draft/2020-12/schema#frag',
      definitions: 5,
      properties: { num: { minimum: 'x' } },
    };
    expect(check(s2020, 'num: 1')).toBe(
      `"file:///values.schema.json#" is not valid against metaschema: jsonschema validation failed with 'urn:mem:metaschema'\n` +
        "- at '': 'allOf' failed\n  - at '/properties/num': 'allOf' failed\n" +
        "    - at '/properties/num/minimum': got string, want number",
    );
    // 2019-09: each vocabulary checks subschemas against itself (the applicator has no `type` rule).
    const s2019 = {
      $schema: 'https://json-schema.org/draft/2019-09/schema#frag',
      properties: { num: { type: 5, minimum: 2 } },
    };
    expect(check(s2019, 'num: 1')).toBe("- at '/num': minimum: got 1, want 2\n");
    // A vocabulary document as $schema: that vocabulary and core.
    const applicator = {
      $schema: 'https://json-schema.org/draft/2020-12/meta/applicator',
      minimum: 'x',
      properties: { num: { type: 5 } },
    };
    expect(check(applicator, 'num: 1')).toBe(undefined);
    // Only the listed vocabularies' keywords are compiled: `properties` (applicator) is not.
    const validation = {
      $schema: 'https://json-schema.org/draft/2020-12/meta/validation',
      required: ['zz'],
      properties: { num: { type: 'string' } },
    };
    expect(check(validation, 'num: 1')).toBe("- at '': missing property 'zz'\n");
    const core = {
      $schema: 'https://json-schema.org/draft/2020-12/meta/core',
      $ref: '#/$defs/a',
      $defs: { a: { type: 'string' } },
    };
    expect(check(core, 'num: 1')).toBe(undefined);
    // The format-assertion vocabulary is embedded too (formats are still not asserted).
    const assertion = {
      $schema: 'https://json-schema.org/draft/2020-12/meta/format-assertion',
      properties: { num: { format: 'ipv4' } },
    };
    expect(check(assertion, 'num: x')).toBe(undefined);
  });

  it('resolves a $ref to an embedded metaschema', () => {
    const ref = (url: string) => ({ properties: { a: { $ref: url } } });
    expect(check(ref(`${d7}#`), 'a: 1')).toBe("- at '/a': got number, want boolean or object\n");
    expect(check(ref('http://json-schema.org/draft-04/schema#'), 'a: 1')).toBe("- at '/a': got number, want object\n");
    expect(check(ref(`${d7}#/definitions/nonNegativeInteger`), 'a: -1')).toBe("- at '/a': minimum: got -1, want 0\n");
    const values = 'a: {minimum: x, properties: {b: {type: 5}}}';
    expect(check(ref('https://json-schema.org/draft/2020-12/meta/validation'), values)).toBe(
      "- at '/a/minimum': got string, want number\n",
    );
    expect(check(ref('https://json-schema.org/draft/2020-12/schema'), values)).toContain(
      "  - at '/a/minimum': got string, want number\n",
    );
  });
});
