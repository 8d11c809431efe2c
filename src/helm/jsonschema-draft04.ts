/**
 * The draft-04 metaschema as santhosh-tekuri/jsonschema v6 (helm 4) checks schemas with it: the
 * draft-04 core metaschema plus the library's additions (`format` and `$ref` must be strings, `id`
 * and `$schema` carry the `uriref`/`uri` formats). Schemas are validated against this document
 * itself, so every rule (the `exclusiveMinimum` → `minimum` dependency, `anyOf`/`allOf` wrappers,
 * grouped errors) comes out as helm prints it.
 *
 * xeipuuv/gojsonschema v1.2.0 (helm 3) embeds the published document instead (its `id`, none of
 * the additions but `format`), used where a schema `$ref`s it: {@link GOJSONSCHEMA_DRAFT04_METASCHEMA}.
 */

export const DRAFT04_METASCHEMA_URL = 'http://json-schema.org/draft-04/schema#';

const schemaArray = { type: 'array', minItems: 1, items: { $ref: '#' } };
const positiveInteger = { type: 'integer', minimum: 0 };
const positiveIntegerDefault0 = { allOf: [{ $ref: '#/definitions/positiveInteger' }, { default: 0 }] };
const simpleTypes = { enum: ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'] };
const stringArray = { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true };
const booleanOrSchema = { anyOf: [{ type: 'boolean' }, { $ref: '#' }], default: {} };
const schemaMap = { type: 'object', additionalProperties: { $ref: '#' }, default: {} };
const ref = (to: string) => ({ $ref: `#/definitions/${to}` });

function metaschema(library: 'santhosh' | 'gojsonschema'): Record<string, unknown> {
  const santhosh = library === 'santhosh';
  return {
    ...(santhosh ? {} : { id: DRAFT04_METASCHEMA_URL }),
    $schema: DRAFT04_METASCHEMA_URL,
    description: 'Core schema meta-schema',
    definitions: { schemaArray, positiveInteger, positiveIntegerDefault0, simpleTypes, stringArray },
    type: 'object',
    properties: {
      id: santhosh ? { type: 'string', format: 'uriref' } : { type: 'string' },
      $schema: santhosh ? { type: 'string', format: 'uri' } : { type: 'string' },
      title: { type: 'string' },
      description: { type: 'string' },
      default: {},
      multipleOf: { type: 'number', minimum: 0, exclusiveMinimum: true },
      maximum: { type: 'number' },
      exclusiveMaximum: { type: 'boolean', default: false },
      minimum: { type: 'number' },
      exclusiveMinimum: { type: 'boolean', default: false },
      maxLength: ref('positiveInteger'),
      minLength: ref('positiveIntegerDefault0'),
      pattern: { type: 'string', format: 'regex' },
      additionalItems: booleanOrSchema,
      items: { anyOf: [{ $ref: '#' }, ref('schemaArray')], default: {} },
      maxItems: ref('positiveInteger'),
      minItems: ref('positiveIntegerDefault0'),
      uniqueItems: { type: 'boolean', default: false },
      maxProperties: ref('positiveInteger'),
      minProperties: ref('positiveIntegerDefault0'),
      required: ref('stringArray'),
      additionalProperties: booleanOrSchema,
      definitions: schemaMap,
      properties: schemaMap,
      patternProperties: schemaMap,
      dependencies: {
        type: 'object',
        additionalProperties: { anyOf: [{ $ref: '#' }, ref('stringArray')] },
      },
      enum: { type: 'array', minItems: 1, uniqueItems: true },
      type: {
        anyOf: [ref('simpleTypes'), { type: 'array', items: ref('simpleTypes'), minItems: 1, uniqueItems: true }],
      },
      allOf: ref('schemaArray'),
      anyOf: ref('schemaArray'),
      oneOf: ref('schemaArray'),
      not: { $ref: '#' },
      format: { type: 'string' },
      ...(santhosh ? { $ref: { type: 'string' } } : {}),
    },
    dependencies: { exclusiveMaximum: ['maximum'], exclusiveMinimum: ['minimum'] },
    default: {},
  };
}

/** The metaschema as JSON text (compiled like any schema). */
export const DRAFT04_METASCHEMA = JSON.stringify(metaschema('santhosh'));

/** gojsonschema's copy, as JSON text. */
export const GOJSONSCHEMA_DRAFT04_METASCHEMA = JSON.stringify(metaschema('gojsonschema'));
