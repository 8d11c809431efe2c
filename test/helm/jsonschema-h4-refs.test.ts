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
