/**
 * The quick metaschema answer may only say yes where the metaschema document says yes: it skips
 * the full validation (and its error texts) for schemas it accepts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFirstJson } from '../../src/helm/jsonschema-common.js';
import { metaschemaViolation } from '../../src/helm/jsonschema-h4.js';
import { surelyValidSchema } from '../../src/helm/jsonschema-quickmeta.js';

type J = null | boolean | number | string | J[] | { [k: string]: J };

const anyValue: fc.Arbitrary<J> = fc.oneof(
  fc.constantFrom<J>(
    null,
    true,
    false,
    0,
    1,
    -1,
    1.5,
    1e3,
    '',
    'x',
    'string',
    'object',
    '^[a-zA-Z]$',
    '(',
    '[z-a]',
    'a{2,1}',
    [],
    {},
    ['a', 'a'],
    ['a'],
  ),
  fc.integer({ min: -3, max: 3 }),
);
const refs = fc.constantFrom(
  '#',
  '#/$defs/a',
  '#/$defs/helm-values.cainjector',
  '#/$defs/_definitions.json/definitions/io.k8s.api.core.v1.Affinity',
  '#/definitions/b~1c',
  '#/definitions/b~',
  '#/$defs/',
  '#a',
  'http://[bad',
  'other.json',
  '#/%24defs/x',
  '#/%zz',
  5,
);
const types = fc.constantFrom<J>(
  'string',
  'object',
  'integer',
  'nope',
  ['string', 'null'],
  ['string', 'string'],
  [],
  3,
);

const schema: fc.Arbitrary<J> = fc.letrec<{ s: J }>((tie) => ({
  s: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<J>(true, false, 5, 'x', null, []),
    fc
      .array(
        fc.oneof(
          fc.tuple(fc.constantFrom('type'), types),
          fc.tuple(fc.constantFrom('$ref'), refs),
          fc.tuple(
            fc.constantFrom(
              'minLength',
              'maxItems',
              'minimum',
              'exclusiveMaximum',
              'required',
              'enum',
              'examples',
              'description',
              'format',
              'readOnly',
              'deprecated',
              'uniqueItems',
              'default',
              'const',
              'pattern',
              'multipleOf',
              '$id',
              '$anchor',
              'constructor',
              '__proto__',
              'toString',
              'x-custom',
              '$defs',
              'definitions',
            ),
            anyValue,
          ),
          fc.tuple(
            fc.constantFrom('not', 'additionalProperties', 'items', 'if', 'then', 'else', 'contains', 'propertyNames'),
            tie('s'),
          ),
          fc.tuple(
            fc.constantFrom('allOf', 'anyOf', 'oneOf', 'items', 'prefixItems'),
            fc.array(tie('s'), { maxLength: 3 }),
          ),
          fc.tuple(
            fc.constantFrom('properties', '$defs', 'definitions', 'patternProperties', 'dependentSchemas'),
            fc.dictionary(fc.constantFrom('a', 'b', '^x$', '^[a-zA-Z]$', '(', '[z-a]', '\\'), tie('s'), { maxKeys: 3 }),
          ),
        ),
        { maxLength: 5 },
      )
      .map((pairs) => Object.fromEntries(pairs) as J),
  ),
})).s;

const DRAFTS = [
  [7, 'http://json-schema.org/draft-07/schema#'],
  [2019, 'https://json-schema.org/draft/2019-09/schema'],
  [2020, 'https://json-schema.org/draft/2020-12/schema'],
] as const;

describe('quick metaschema answer', () => {
  it('says yes only to schemas the metaschema document accepts', () => {
    let yes = 0;
    fc.assert(
      fc.property(schema, fc.constantFrom(...DRAFTS), (s, [version, url]) => {
        const root = s !== null && typeof s === 'object' && !Array.isArray(s) ? { $schema: url, ...s } : s;
        const doc = decodeFirstJson(JSON.stringify(root)).value;
        if (!surelyValidSchema(doc, version)) return;
        yes++;
        expect(metaschemaViolation(doc, version)).toBeUndefined();
      }),
      { numRuns: 4000 },
    );
    expect(yes).toBeGreaterThan(400);
  });
});
