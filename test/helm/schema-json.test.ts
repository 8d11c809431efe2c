/**
 * Schema documents are decoded through JSON.parse when that gives exactly what helmless's own
 * decoder (Go's json.Decoder with UseNumber) gives, and through the exact decoder otherwise. These
 * tests hold the shortcut to the exact decoder: generated JSON with the awkward cases mixed in, and
 * every values.schema.json of the chart corpus.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readChartArchive } from '../../src/helm/archive.js';
import {
  decodeFirstJson,
  decodeFirstJsonExact,
  decodeWithBuiltin,
  SchemaLoadError,
  SNum,
  type SVal,
} from '../../src/helm/jsonschema-common.js';

/** Maps as ordered entry lists and numbers as their literal text, so toEqual sees order too. */
function plain(v: SVal): unknown {
  if (v instanceof SNum) return { number: v.text, exact: v.rat.toString() };
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) return [...v].map(([k, e]) => [k, plain(e)]);
  return v;
}

function decodedBothWays(text: string): void {
  const outcome = (decode: typeof decodeFirstJson) => {
    try {
      const r = decode(text);
      return { value: plain(r.value), end: r.end };
    } catch (e) {
      if (e instanceof SchemaLoadError) return { error: e.message };
      throw e;
    }
  };
  expect(outcome(decodeFirstJson)).toEqual(outcome(decodeFirstJsonExact));
}

const SEED = Number(process.env.FC_SEED ?? 20261127);

/** JSON texts with the cases JSON.parse treats differently from Go, and ordinary ones. */
const awkwardKey = fc.constantFrom('0', '7', '10', '01', '-1', '__proto__', 'a', 'é', '\u2028', 'x"y', 'k\\n');
const number = fc.constantFrom(
  '0',
  '-0',
  '1.50',
  '1e3',
  '1E+3',
  '2.5e-3',
  '123456789012345678901234567890',
  '1e400',
  '-7',
);
const stringLiteral = fc.oneof(
  fc.string().map((s) => JSON.stringify(s)),
  fc.constantFrom('"\\ud800"', '"\\udc00x"', '"\\ud83d\\ude00"', '"\\u00e9"', '"a\\"b"', '"\\\\"', '"\\/"'),
);
const space = fc.constantFrom('', ' ', '\n', '\t ', '\r\n');
const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    number,
    stringLiteral,
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('value'), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`),
    fc
      .array(fc.tuple(fc.oneof(awkwardKey, fc.string({ maxLength: 4 })), space, tie('value'), fc.boolean()), {
        maxLength: 5,
      })
      .map(
        (entries) =>
          // A repeated key now and then (the last one wins in Go; JSON.parse keeps the first place).
          `{${entries.map(([k, sp, v, again]) => `${JSON.stringify(k)}${sp}:${sp}${v}${again ? `,${JSON.stringify(k)}:1` : ''}`).join(',')}}`,
      ),
  ),
})).value;

describe('schema documents through JSON.parse', () => {
  it('decode exactly as the exact decoder does', () => {
    let fast = 0;
    fc.assert(
      fc.property(jsonText, space, (text, pad) => {
        decodedBothWays(`${pad}${text}${pad}`);
        if (decodeWithBuiltin(`${pad}${text}${pad}`) !== undefined) fast++;
      }),
      { seed: SEED, numRuns: 3000 },
    );
    // Both paths were compared: most texts take the shortcut, the awkward ones do not.
    expect(fast).toBeGreaterThan(1000);
    expect(fast).toBeLessThan(3000);
  });

  it('leave whatever JSON.parse would misread to the exact decoder', () => {
    for (const text of [
      '{"2": 1, "1": 2}',
      '{"a": 1, "a": 2, "b": 3}',
      '["\\ud800", "\\udfff"]',
      '{"a": 1} {"b": 2}',
      '{"a": 1}x',
      '',
      '   ',
      '{"a": [1, 2',
      '\ufeff{}',
      `${'['.repeat(1500)}${']'.repeat(1500)}`,
      `${'['.repeat(20000)}${']'.repeat(20000)}`,
      '{"n": 1.0e+2, "m": -0.0}',
      '{"s": "1, 2, 3", "t": [4, "5"]}',
    ]) {
      decodedBothWays(text);
    }
  });

  const CHARTS = resolve('../shared/charts');
  it.skipIf(!existsSync(CHARTS))(
    'decode every schema of the chart corpus as the exact decoder does',
    async () => {
      let schemas = 0;
      let fast = 0;
      for (const file of readdirSync(CHARTS).filter((f) => f.endsWith('.tgz'))) {
        for (const entry of await readChartArchive(new Uint8Array(readFileSync(join(CHARTS, file))))) {
          if (!entry.path.endsWith('values.schema.json')) continue;
          const text = new TextDecoder().decode(entry.data);
          decodedBothWays(text);
          if (decodeWithBuiltin(text) !== undefined) fast++;
          schemas++;
        }
      }
      expect(schemas).toBeGreaterThan(5);
      // The shortcut is taken for real schemas, not only declined.
      expect(fast).toBeGreaterThan(schemas / 2);
    },
    120_000,
  );
});
