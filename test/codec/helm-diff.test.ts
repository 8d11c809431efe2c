/**
 * Differential tests of the codecs against real helm 3 and helm 4: generated YAML documents go
 * through fromYaml/fromYamlArray, toYaml, toYamlPretty, toJson, toPrettyJson, toRawJson and kindOf;
 * generated JSON texts through fromJson/fromJsonArray; generated values files through helm's own
 * values loading. One helm run per batch (test/support/helm-batch.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromJson, fromJsonArray, marshalJSON } from '../../src/codec/json.js';
import { fromYaml, fromYamlArray, readValuesFile, YamlReadError } from '../../src/codec/yaml-read.js';
import { toYaml } from '../../src/codec/yaml-write-v2.js';
import { toYamlPretty } from '../../src/codec/yaml-write-v3.js';
import { type GoValue, kindOf, sortedKeys } from '../../src/gotemplate/value.js';
import { batchValuesText, HELM3, HELM4, helmAvailable, renderBatch } from '../support/helm-batch.js';
import { anyYamlDoc, hasKeyCollision, jsonText, valuesDoc } from './generators.js';

const SEP = '|~SEP~|';

/** Documents that once exposed differences (simple-key staleness, flow collections, …). */
const FIXED_YAML = [
  'a: 1\nb: [x, y]\nc: yes',
  'a: [',
  '- a\n- b',
  'hello',
  '',
  'a: 1\n---\nb: 2',
  'a: b: c',
  'a:\n\tb: 1',
  'a: "x',
  "a: 'x",
  'a: {b',
  'a: [1, 2',
  '{a: 1',
  'a: *x',
  'a: &x [*x]',
  'a: !!int foo',
  'a: !!binary aGVsbG8=',
  'a: \u0001',
  'x: .inf',
  'x: .nan',
  '? [a, b]\n: 1',
  '1: a\n1.5: b\ntrue: c\n~: d',
  'a:\n  - b\n  c: d',
  'a: b\n c: d',
  'a:\n  b: 1\n c: 2',
  '- a\nb: c',
  'a: |\n  x\n y',
  'key: "\\q"',
  '<<: {a: 1}\nb: 2',
  'x: &a {p: 1}\ny:\n  <<: *a\n  q: 2',
  'a: 1\nb',
  '[a, b]: c',
  'a: - b',
  '%YAML 1.1\n---\na: 1',
  '%YAML 2.0\n---\na: 1',
  '--- !tag\na: 1',
  'a: !foo bar',
  'a: ! 12',
  '"a"\n: b',
  '"{a}": |-\n    mixed#x\n[\n    beta\n',
  '[\n  beta\n',
  'x: 1\n[\n  beta\n',
  'x: 1\n"a"\n',
  'x: 1\n"a" b',
  '[a\n: b]',
  '{"a"\n: b}',
  'x: 1\n[a]\n',
  'x: 1\n[a,\nb]',
  'x: 1\n"q\nr"\n',
  'a9: ---\n[]\n"q": null\nb: 1\n',
  'a9:\n  z.b: x\n  yes: |-\n[      x  \n      y\nk: [1]\n',
  'a: [b, {c: d}, [e]]\nf: {g: [h], i: {j: k}}\n',
  'a: {b: [}\n',
  'a: [{]\n',
  // Comments end at any line break; errors after them keep their line and column.
  'a: 1 # note\nb: {c\n',
  '# only a comment',
  '#c\r\na: 1\r\n# d\rb: [',
  'a: 1 #\u0085b: 2',
  'a: 1 # x\u2028b: {',
  'k: v # \u00e9\u4e2d\n  bad: x',
  'a: [1, # in flow\n 2]\n# end',
  // A comment holding a character beyond U+FFFF (an emoji).
  '# \u{1F680} rocket\na: 1',
  'a: 1 # \u{1F600}\nb: {',
  // A U+FEFF after the start: go-yaml skips the current char at a line start when its buffer (moved
  // at each refill) starts with a BOM, not when the current char is one.
  'a: 1\n\ufeffb: 2',
  'a: 1\nb: 2\n\ufeff',
  'a: |\n  x\n  y\nb: >\n  z\n\ufeff',
  '? a\n\ufeff: b',
  `${Array.from({ length: 60 }, (_, i) => `k${i}: v${i}\n`).join('')}\ufeffx: 1\n${'y: 2\n'.repeat(40)}\ufeff`,
];
const SEED = Number(process.env.CODEC_SEED ?? 20260101);
const N = Number(process.env.CODEC_CASES ?? 600);

const versions = [
  { name: 'helm3', bin: HELM3, compat: 'helm3' as const },
  { name: 'helm4', bin: HELM4, compat: 'helm4' as const },
];

function kinds(v: GoValue): string {
  if (!(v instanceof Map)) return '';
  return sortedKeys(v)
    .map((k) => `${k}=${kindOf(v.get(k))};`)
    .join('');
}

/** Reports every mismatching case (not only the first) so a failure explains itself. */
function compare(label: string, inputs: string[], helm: string[], mine: string[]): void {
  const bad: string[] = [];
  for (let i = 0; i < inputs.length; i++) {
    if (helm[i] !== mine[i]) {
      bad.push(
        `${label} #${i} input=${JSON.stringify(inputs[i])}\n  helm: ${JSON.stringify(helm[i])}\n  mine: ${JSON.stringify(mine[i])}`,
      );
    }
  }
  expect(bad.slice(0, 10).join('\n'), `${bad.length} mismatches`).toBe('');
}

for (const ver of versions) {
  describe.skipIf(!helmAvailable(ver.bin))(`codecs vs ${ver.name}`, () => {
    it('fromYaml/fromYamlArray, toYaml, toYamlPretty, toJson, toPrettyJson, toRawJson, kindOf', async () => {
      const docs = [...FIXED_YAML, ...fc.sample(anyYamlDoc, { numRuns: N, seed: SEED })].filter(
        (d) => !hasKeyCollision(d),
      );
      const template =
        '{{- $t := .Files.Get "f/@KEY@.yaml" -}}{{- $v := fromYaml $t -}}' +
        [
          '{{ toJson $v }}',
          '{{ toYaml $v }}',
          '{{ toYamlPretty $v }}',
          '{{ toPrettyJson $v }}',
          '{{ toRawJson $v }}',
          '{{ range $k, $x := $v }}{{ $k }}={{ kindOf $x }};{{ end }}',
          '{{ fromYamlArray $t | toJson }}',
        ].join(SEP);
      const out = await renderBatch(
        ver.bin,
        docs.map((d, i) => ({ template, files: { [`f/c${i}.yaml`]: d } })),
      );
      const mine = docs.map((d) => {
        const v = fromYaml(d);
        return [
          marshalJSON(v),
          toYaml(v),
          toYamlPretty(v),
          marshalJSON(v, { indent: '  ' }),
          marshalJSON(v, { escapeHTML: false }),
          kinds(v),
          marshalJSON(fromYamlArray(d)),
        ].join(SEP);
      });
      compare('yaml', docs, out, mine);
    });

    it('values.yaml loading (toJson .Values and kindOf of leaves)', async () => {
      const docs = fc.sample(valuesDoc, { numRuns: N, seed: SEED + 1 }).filter((d) => {
        if (hasKeyCollision(d)) return false;
        try {
          readValuesFile(d, ver.compat);
          return true;
        } catch (e) {
          if (e instanceof YamlReadError) return false;
          throw e;
        }
      });
      const cases = docs.map((d) => ({
        values: d,
        template: `{{ toJson .Values.@KEY@ }}${SEP}{{ range $k, $x := .Values.@KEY@ }}{{ $k }}={{ kindOf $x }};{{ end }}`,
      }));
      const out = await renderBatch(ver.bin, cases);
      const all = readValuesFile(batchValuesText(cases), ver.compat);
      const mine = docs.map((_, i) => {
        const v = all.get(`c${i}`) ?? null;
        return `${marshalJSON(v)}${SEP}${kinds(v)}`;
      });
      expect(docs.length).toBeGreaterThan(N / 2);
      compare('values', docs, out, mine);
    });

    it('fromJson/fromJsonArray', async () => {
      const texts = fc.sample(jsonText, { numRuns: N, seed: SEED + 2 });
      const out = await renderBatch(
        ver.bin,
        texts.map((t, i) => ({
          template: `{{- $t := .Files.Get "j/@KEY@.json" -}}{{ fromJson $t | toJson }}${SEP}{{ fromJsonArray $t | toJson }}`,
          files: { [`j/c${i}.json`]: t },
        })),
      );
      const mine = texts.map((t) => `${marshalJSON(fromJson(t))}${SEP}${marshalJSON(fromJsonArray(t))}`);
      compare('json', texts, out, mine);
    });
  });
}
