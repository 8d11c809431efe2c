/**
 * The draft-06 and draft-07 metaschemas as santhosh-tekuri/jsonschema v6 (helm 4) checks schemas
 * with them, written from the specification's meta-schema documents. Where the library's copies
 * differ from the final published documents, helm's behaviour decides: `enum` must be a non-empty
 * array of unique items in both drafts, and draft-06 has no `examples` rule.
 *
 * xeipuuv/gojsonschema v1.2.0 (helm 3) embeds its own copies, used where a schema `$ref`s them
 * (GOJSONSCHEMA_DRAFT06/07_METASCHEMA): draft-06 with the `examples` rule, draft-07 with
 * `enum`'s `items: true` and without `writeOnly`.
 */

export const DRAFT06_METASCHEMA_URL = 'http://json-schema.org/draft-06/schema#';
export const DRAFT07_METASCHEMA_URL = 'http://json-schema.org/draft-07/schema#';

const ref = (to: string) => ({ $ref: `#/definitions/${to}` });
const str = { type: 'string' };
const schemaMap = () => ({ type: 'object', additionalProperties: { $ref: '#' }, default: {} });

function metaschema(draft: 6 | 7, library: 'santhosh' | 'gojsonschema' = 'santhosh'): Record<string, unknown> {
  const gojsonschema = library === 'gojsonschema';
  const url = draft === 6 ? DRAFT06_METASCHEMA_URL : DRAFT07_METASCHEMA_URL;
  const anything = draft === 6 ? {} : true;
  const properties: Record<string, unknown> = {
    $id: { type: 'string', format: 'uri-reference' },
    $schema: { type: 'string', format: 'uri' },
    $ref: { type: 'string', format: 'uri-reference' },
    ...(draft === 7 ? { $comment: str } : {}),
    title: str,
    description: str,
    default: anything,
    ...(draft === 7
      ? {
          readOnly: { type: 'boolean', default: false },
          ...(gojsonschema ? {} : { writeOnly: { type: 'boolean', default: false } }),
          examples: { type: 'array', items: true },
        }
      : gojsonschema
        ? { examples: { type: 'array', items: {} } }
        : {}),
    multipleOf: { type: 'number', exclusiveMinimum: 0 },
    maximum: { type: 'number' },
    exclusiveMaximum: { type: 'number' },
    minimum: { type: 'number' },
    exclusiveMinimum: { type: 'number' },
    maxLength: ref('nonNegativeInteger'),
    minLength: ref('nonNegativeIntegerDefault0'),
    pattern: { type: 'string', format: 'regex' },
    additionalItems: { $ref: '#' },
    items: { anyOf: [{ $ref: '#' }, ref('schemaArray')], default: anything },
    maxItems: ref('nonNegativeInteger'),
    minItems: ref('nonNegativeIntegerDefault0'),
    uniqueItems: { type: 'boolean', default: false },
    contains: { $ref: '#' },
    maxProperties: ref('nonNegativeInteger'),
    minProperties: ref('nonNegativeIntegerDefault0'),
    required: ref('stringArray'),
    additionalProperties: { $ref: '#' },
    definitions: schemaMap(),
    properties: schemaMap(),
    // Only draft-07 checks pattern property names as regexes here (draft-06 fails later, compiling).
    patternProperties: draft === 7 ? { ...schemaMap(), propertyNames: { format: 'regex' } } : schemaMap(),
    dependencies: {
      type: 'object',
      additionalProperties: { anyOf: [{ $ref: '#' }, ref('stringArray')] },
    },
    propertyNames: { $ref: '#' },
    const: anything,
    enum:
      draft === 7 && gojsonschema
        ? { type: 'array', items: true, minItems: 1, uniqueItems: true }
        : { type: 'array', minItems: 1, uniqueItems: true },
    type: {
      anyOf: [ref('simpleTypes'), { type: 'array', items: ref('simpleTypes'), minItems: 1, uniqueItems: true }],
    },
    format: str,
    ...(draft === 7
      ? {
          contentMediaType: str,
          contentEncoding: str,
          if: { $ref: '#' },
          // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
          then: { $ref: '#' },
          else: { $ref: '#' },
        }
      : {}),
    allOf: ref('schemaArray'),
    anyOf: ref('schemaArray'),
    oneOf: ref('schemaArray'),
    not: { $ref: '#' },
  };
  return {
    $schema: url,
    $id: url,
    title: 'Core schema meta-schema',
    definitions: {
      schemaArray: { type: 'array', minItems: 1, items: { $ref: '#' } },
      nonNegativeInteger: { type: 'integer', minimum: 0 },
      nonNegativeIntegerDefault0: { allOf: [ref('nonNegativeInteger'), { default: 0 }] },
      simpleTypes: { enum: ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'] },
      stringArray: { type: 'array', items: { type: 'string' }, uniqueItems: true, default: [] },
    },
    type: ['object', 'boolean'],
    properties,
    default: anything,
  };
}

/** The metaschemas as JSON text (compiled like any schema). */
export const DRAFT06_METASCHEMA = JSON.stringify(metaschema(6));
export const DRAFT07_METASCHEMA = JSON.stringify(metaschema(7));

/** gojsonschema's copies, as JSON text. */
export const GOJSONSCHEMA_DRAFT06_METASCHEMA = JSON.stringify(metaschema(6, 'gojsonschema'));
export const GOJSONSCHEMA_DRAFT07_METASCHEMA = JSON.stringify(metaschema(7, 'gojsonschema'));
