/**
 * The yaml.v3-compatible emitter against the real thing: helm's `toYamlPretty` is yaml.v3's encoder
 * with SetIndent(2), the same encoder AICR prints mirror lists with. Every expectation below comes
 * from running helm, never from memory.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitYaml, sortKeysDeep, type YamlValue, ymap } from '../../src/formats/goyaml.js';

const HELM = resolve(import.meta.dirname, '../../.helm/helm3');
const haveHelm = existsSync(HELM);
if (!haveHelm)
  console.warn(`skipping yaml.v3 differential tests: ${HELM} is missing (run node scripts/setup-helm.mjs)`);

/** Plain JSON-like data as helm would hold it, converted to the emitter's ordered maps (keys sorted like Go maps). */
function toYamlValue(v: unknown): YamlValue {
  if (Array.isArray(v)) return v.map(toYamlValue);
  if (v !== null && typeof v === 'object') {
    return sortKeysDeep(ymap(Object.entries(v).map(([k, x]) => [k, toYamlValue(x)] as const)));
  }
  return v as string | boolean;
}

/** `toYamlPretty` of `data` (a mapping: helm rejects a template that renders a bare list) by real helm. */
function helmToYamlPretty(data: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'helmless-goyaml-'));
  try {
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: yt\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'templates', 'out.yaml'), '{{ toYamlPretty .Values.data }}\n');
    // helm reads values as YAML, where raw NEL/LS/PS inside a quoted string fold into spaces: escape them.
    const json = JSON.stringify({ data }).replace(
      /[\u0085\u2028\u2029]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    writeFileSync(join(dir, 'values.json'), json);
    const out = execFileSync(HELM, ['template', 't', dir, '-f', join(dir, 'values.json')], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const marker = '# Source: yt/templates/out.yaml\n';
    return out.slice(out.indexOf(marker) + marker.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TRICKY = [
  'a:1',
  'nvcr.io/nvidia/gpu-operator:v26.7.0',
  'oci://ghcr.io/nvidia',
  'repo@sha256:0123',
  '1.10',
  '0.19.0',
  'v26.7.0',
  '',
  ' ',
  'yes',
  'No',
  'off',
  'y',
  'true',
  'False',
  'NULL',
  '~',
  '<<',
  '0x1F',
  '0o17',
  '0b101',
  '-0b101',
  '017',
  '08',
  '1_000',
  '1e3',
  '1e400',
  '.5',
  '.inf',
  '-.Inf',
  '+1',
  '-',
  '---',
  '...',
  '--- a',
  '2024-01-02',
  '2024-1-2',
  '2024-02-30',
  '2024-01-02 10:20:30',
  '2024-01-02T10:20:30Z',
  '2024-01-02T10:20:30',
  '2024-01-02t10:20:30.5+01:00',
  '12:30',
  '1:2:3.5',
  'helm template failed: chart "x" not found',
  'a: b',
  'a:b',
  'key:',
  ': x',
  '? x',
  '?x',
  '- a',
  '-a',
  '#c',
  'a #b',
  'a#b',
  'a # ',
  '@x',
  '`x',
  '%x',
  '!x',
  '&x',
  '*x',
  '|x',
  '>x',
  "'q'",
  '"q"',
  'a, b',
  '[x]',
  'x]',
  '{x}',
  'a\tb',
  'a\rb',
  'trailing ',
  ' leading',
  'multi\nline',
  'trail\n',
  'two\n\n',
  '\n',
  '\nlead',
  ' space lead\nx',
  'space \nbreak',
  'break\n space',
  'é ü',
  '\u00a0nbsp',
  'x\u0085y',
  'bom\ufeff',
  'emoji 😀',
  '\u0007bell',
  'a\\b',
  "it's: x",
  "a'b",
  'ctrl\u001b',
  'ls\u2028x',
  '\u2028\u2029x',
  'ps\u2029',
];

describe.skipIf(!haveHelm)('yaml.v3 emitter against helm toYamlPretty', () => {
  it('prints tricky strings exactly like yaml.v3', () => {
    expect(emitYaml(toYamlValue({ s: TRICKY }))).toBe(helmToYamlPretty({ s: TRICKY }));
  });

  it('prints nested structures, empty collections and literal blocks at every depth exactly like yaml.v3', () => {
    const data = {
      images: ['a:1', 'b:2'],
      charts: [{ name: 'x', repository: 'https://e.io/charts', version: '1.0' }],
      components: [
        { component: 'u', warnings: ['a\u2028b'], nested: { deeper: ['x\u2028y'] } },
        { component: 'c', type: 'helm', images: [], warnings: ['l1\nl2\n\nl4', 'ok: x', 'end\n'] },
        { component: 'd', images: [['nested', 'seq'], []], meta: {} },
      ],
      metadata: { criteria: 'criteria(service=eks, accelerator=h100)', text: 'a\nb' },
      empty: {},
      flag: true,
    };
    expect(emitYaml(toYamlValue(data))).toBe(helmToYamlPretty(data));
  });

  it('matches yaml.v3 on generated strings', () => {
    const alphabet = fc.constantFrom(
      ...'aZ09 :-#?,[]{}&*!|>\'"%@`.~+_/\\\n\t\r\u0085\u00a0é😀\u2028'.match(/[\s\S]/gu)!,
    );
    const strings = fc.sample(
      fc.array(alphabet, { maxLength: 8 }).map((cs) => cs.join('')),
      {
        numRuns: 400,
        seed: 20260601,
      },
    );
    expect(emitYaml(toYamlValue({ s: strings }))).toBe(helmToYamlPretty({ s: strings }));
  });
});

describe('yaml.v3 emitter basics', () => {
  it('prints a document without a leading --- and with a trailing newline', () => {
    expect(emitYaml(ymap([['a', 'b']]))).toBe('a: b\n');
    expect(emitYaml([])).toBe('[]\n');
    expect(emitYaml(ymap([['images', []]]))).toBe('images: []\n');
  });

  it('drops undefined entries (omitempty)', () => {
    expect(
      emitYaml(
        ymap([
          ['a', undefined],
          ['b', 'x'],
        ]),
      ),
    ).toBe('b: x\n');
  });
});
