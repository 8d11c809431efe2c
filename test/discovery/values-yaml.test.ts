/**
 * The values file given to the renderer must mean to helm exactly what AICR's yaml.v3 file means
 * (spec §7.1). Differential test: real helm reads our YAML and a JSON rendering of the same values
 * tree (JSON leaves no type ambiguity); `toJson .Values` must be identical for both.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ValueMap } from '../../src/discovery/types.js';
import { valuesToYaml } from '../../src/discovery/values-yaml.js';
import { parseValuesYaml } from '../../src/discovery/yamlv3.js';
import { HELM_BINARIES, helmAvailable } from '../support/helm-render.js';

const run = promisify(execFile);

const TRICKY = [
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'Y',
  'N',
  'Yes',
  'OFF',
  'true',
  'True',
  'FALSE',
  'null',
  'Null',
  '~',
  '',
  '1.0',
  '010',
  '0x10',
  '0o7',
  '1e3',
  '1_000',
  '+12',
  '.5',
  '5.',
  '-0',
  '2001-12-14',
  '2001-12-14T21:59:43.10-05:00',
  '1:20',
  '190:20:30',
  '.inf',
  '-.inf',
  '.nan',
  '-',
  '- x',
  'a: b',
  'a:b',
  '#c',
  'x #y',
  "' q",
  '"dq"',
  'multi\nline',
  'trail\n',
  ' lead',
  'trail ',
  '@at',
  '`tick',
  '%pct',
  '*star',
  '&amp',
  '!bang',
  '|pipe',
  '>gt',
  '[b]',
  '{c}',
  ',comma',
  '?q',
  'tab\tin',
  'nel\u0085x',
  'ls\u2028x',
  'é unicode',
  '=',
  '<<',
  'v25.3.0',
  '570.86.16',
  'ghcr.io/x/y:1',
  'null ',
  'back\\slash',
  'ctl\u0001x',
  'del\u007fx',
  'bom\ufeffx',
  '😀',
];

function trickyValues(): ValueMap {
  const m: ValueMap = Object.create(null);
  TRICKY.forEach((s, i) => {
    m[`k${String(i).padStart(2, '0')}`] = s;
    if (s !== '') m[s] = i;
  });
  m.numbers = [0, -1, 1.5, 1e21, 123456789012, 0.1, 2.5e-7, 1000000, -0.5];
  m.bools = [true, false];
  m.nothing = null;
  m.emptyMap = Object.create(null);
  m.emptyList = [];
  m.nested = [
    Object.assign(Object.create(null), { a: 1, b: ['x', Object.assign(Object.create(null), { deep: 'yes' })] }),
    [1, [2, 'on']],
  ];
  return m;
}

async function helmToJson(helm: string, dir: string, valuesFile: string): Promise<string> {
  const { stdout } = await run(helm, ['template', 'x', join(dir, 'chart'), '-f', valuesFile], {
    env: { ...process.env, HELM_CACHE_HOME: join(dir, '.c'), HELM_CONFIG_HOME: join(dir, '.g') },
  });
  return stdout;
}

describe('values YAML for the renderer', () => {
  it('writes yaml.v3-style block YAML with sorted keys', () => {
    const v = parseValuesYaml('b: {y: 1, x: [a, {k: v, j: [1]}]}\na: "on"\nc: []\nd: {}\n', 'v.yaml');
    expect(valuesToYaml(v)).toBe(
      'a: "on"\nb:\n    x:\n        - a\n        - j:\n              - 1\n          k: v\n    "y": 1\nc: []\nd: {}\n',
    );
  });

  it.skipIf(!helmAvailable())(
    'means to helm exactly what a JSON rendering of the same values means (helm3 and helm4)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'helmless-values-'));
      try {
        mkdirSync(join(dir, 'chart', 'templates'), { recursive: true });
        writeFileSync(join(dir, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: v\nversion: 0.1.0\n');
        writeFileSync(join(dir, 'chart', 'templates', 'v.yaml'), 'v: {{ toJson .Values | quote }}\n');
        const values = trickyValues();
        writeFileSync(join(dir, 'ours.yaml'), valuesToYaml(values));
        // Escape what YAML 1.1 treats as line breaks or non-printable (JSON.stringify leaves them raw).
        const json = JSON.stringify(values).replace(
          /[\u007f-\u009f\u2028\u2029\ufeff]/g,
          (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
        );
        writeFileSync(join(dir, 'ref.json'), json);
        for (const helm of [HELM_BINARIES.helm3, HELM_BINARIES.helm4]) {
          const ours = await helmToJson(helm, dir, join(dir, 'ours.yaml'));
          const ref = await helmToJson(helm, dir, join(dir, 'ref.json'));
          expect(ours).toBe(ref);
          expect(ours).toContain('\\"k00\\":\\"yes\\"');
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('parses back to the same values with our own yaml.v3-style reader', () => {
    const values = trickyValues();
    expect(parseValuesYaml(valuesToYaml(values), 'round.yaml')).toEqual(values);
  });

  it('writes non-finite numbers the way yaml.v3 does', () => {
    const m: ValueMap = Object.create(null);
    m.a = Number.NaN;
    m.b = Number.POSITIVE_INFINITY;
    m.c = Number.NEGATIVE_INFINITY;
    expect(valuesToYaml(m)).toBe('a: .nan\nb: .inf\nc: -.inf\n');
  });
});
