/**
 * The draft 2019-09 and 2020-12 metaschemas as santhosh-tekuri/jsonschema v6 (helm 4) checks schemas
 * with them, written from the specification's meta-schema documents: the top-level schema combines
 * the vocabulary metaschemas (core, applicator, validation, meta-data, format, content, and in
 * 2020-12 unevaluated) with `allOf`; here they are embedded in `$defs` under their own `$id`s.
 *
 * The published vocabularies reach subschemas through `$recursiveRef: "#"` (2019-09) or
 * `$dynamicRef: "#meta"` (2020-12). The validator here resolves those statically, so they are
 * written as plain references to the top-level metaschema: when a schema is checked against the
 * top-level document the dynamic scope resolves them there anyway, and a failing reference prints
 * the same either way.
 */

type Draft = 2019 | 2020;

const base = (d: Draft) => `https://json-schema.org/draft/${d === 2019 ? '2019-09' : '2020-12'}`;

export const metaschemaURL = (d: Draft) => `${base(d)}/schema#`;

const str = { type: 'string' };
const bool = { type: 'boolean', default: false };

function metaschema(d: Draft): Record<string, unknown> {
  const B = base(d);
  const meta = { $ref: `${B}/schema` };
  const schemaMap = { type: 'object', additionalProperties: meta, default: {} };
  const vocab = (name: string, body: Record<string, unknown>) => ({
    $id: `${B}/meta/${name}`,
    type: ['object', 'boolean'],
    ...body,
  });
  const at = (name: string, def: string) => ({ $ref: `${B}/meta/${name}#/$defs/${def}` });
  const uriRef = { type: 'string', format: 'uri-reference' };
  const uri = { type: 'string', format: 'uri' };

  const core = vocab('core', {
    properties:
      d === 2019
        ? {
            $id: { ...uriRef, pattern: '^[^#]*#?$' },
            $schema: uri,
            $anchor: { type: 'string', pattern: '^[A-Za-z][-A-Za-z0-9.:_]*$' },
            $ref: uriRef,
            $recursiveRef: uriRef,
            $recursiveAnchor: bool,
            $vocabulary: { type: 'object', propertyNames: uri, additionalProperties: { type: 'boolean' } },
            $comment: str,
            $defs: schemaMap,
          }
        : {
            $id: { ...at('core', 'uriReferenceString'), pattern: '^[^#]*#?$' },
            $schema: at('core', 'uriString'),
            $ref: at('core', 'uriReferenceString'),
            $anchor: at('core', 'anchorString'),
            $dynamicRef: at('core', 'uriReferenceString'),
            $dynamicAnchor: at('core', 'anchorString'),
            $vocabulary: {
              type: 'object',
              propertyNames: at('core', 'uriString'),
              additionalProperties: { type: 'boolean' },
            },
            $comment: str,
            $defs: { type: 'object', additionalProperties: meta },
          },
    ...(d === 2020
      ? {
          $defs: {
            anchorString: { type: 'string', pattern: '^[A-Za-z_][-A-Za-z0-9._]*$' },
            uriString: uri,
            uriReferenceString: uriRef,
          },
        }
      : {}),
  });

  const schemaArray = at('applicator', 'schemaArray');
  const applicator = vocab('applicator', {
    properties: {
      ...(d === 2019
        ? { additionalItems: meta, unevaluatedItems: meta, items: { anyOf: [meta, schemaArray] } }
        : { prefixItems: schemaArray, items: meta }),
      contains: meta,
      additionalProperties: meta,
      ...(d === 2019 ? { unevaluatedProperties: meta } : {}),
      properties: schemaMap,
      patternProperties: { ...schemaMap, propertyNames: { format: 'regex' } },
      dependentSchemas: schemaMap,
      propertyNames: meta,
      if: meta,
      // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
      then: meta,
      else: meta,
      allOf: schemaArray,
      anyOf: schemaArray,
      oneOf: schemaArray,
      not: meta,
    },
    $defs: { schemaArray: { type: 'array', minItems: 1, items: meta } },
  });

  const unevaluated = vocab('unevaluated', {
    properties: { unevaluatedItems: meta, unevaluatedProperties: meta },
  });

  const nonNegative = at('validation', 'nonNegativeInteger');
  const nonNegative0 = at('validation', 'nonNegativeIntegerDefault0');
  const validation = vocab('validation', {
    properties: {
      type: {
        anyOf: [
          at('validation', 'simpleTypes'),
          { type: 'array', items: at('validation', 'simpleTypes'), minItems: 1, uniqueItems: true },
        ],
      },
      const: true,
      enum: { type: 'array', items: true },
      multipleOf: { type: 'number', exclusiveMinimum: 0 },
      maximum: { type: 'number' },
      exclusiveMaximum: { type: 'number' },
      minimum: { type: 'number' },
      exclusiveMinimum: { type: 'number' },
      maxLength: nonNegative,
      minLength: nonNegative0,
      pattern: { type: 'string', format: 'regex' },
      maxItems: nonNegative,
      minItems: nonNegative0,
      uniqueItems: bool,
      maxContains: nonNegative,
      minContains: { ...nonNegative, default: 1 },
      maxProperties: nonNegative,
      minProperties: nonNegative0,
      required: at('validation', 'stringArray'),
      dependentRequired: { type: 'object', additionalProperties: at('validation', 'stringArray') },
    },
    $defs: {
      nonNegativeInteger: { type: 'integer', minimum: 0 },
      nonNegativeIntegerDefault0: { ...nonNegative, default: 0 },
      simpleTypes: { enum: ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'] },
      stringArray: { type: 'array', items: str, uniqueItems: true, default: [] },
    },
  });

  const metaData = vocab('meta-data', {
    properties: {
      title: str,
      description: str,
      default: true,
      deprecated: bool,
      readOnly: bool,
      writeOnly: bool,
      examples: { type: 'array', items: true },
    },
  });

  const format = vocab(d === 2019 ? 'format' : 'format-annotation', { properties: { format: str } });
  const content = vocab('content', {
    properties: { contentMediaType: str, contentEncoding: str, contentSchema: meta },
  });

  const vocabularies =
    d === 2019
      ? { core, applicator, validation, metaData, format, content }
      : { core, applicator, unevaluated, validation, metaData, format, content };

  return {
    $schema: `${B}/schema`,
    $id: `${B}/schema`,
    title: 'Core and Validation specifications meta-schema',
    allOf: Object.values(vocabularies).map((v) => ({ $ref: v.$id })),
    type: ['object', 'boolean'],
    properties: {
      definitions: { ...schemaMap, ...(d === 2020 ? { deprecated: true } : {}) },
      dependencies: {
        type: 'object',
        additionalProperties: { anyOf: [meta, at('validation', 'stringArray')] },
        ...(d === 2020 ? { deprecated: true, default: {} } : {}),
      },
      ...(d === 2020
        ? {
            $recursiveAnchor: { ...at('core', 'anchorString'), deprecated: true },
            $recursiveRef: { ...at('core', 'uriReferenceString'), deprecated: true },
          }
        : {}),
    },
    $defs: vocabularies,
  };
}

/** The metaschemas as JSON text (compiled like any schema). */
export const DRAFT2019_METASCHEMA = JSON.stringify(metaschema(2019));
export const DRAFT2020_METASCHEMA = JSON.stringify(metaschema(2020));
