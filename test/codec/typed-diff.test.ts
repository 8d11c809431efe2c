/**
 * Differential tests for values that do not come from YAML: template-built dicts and lists holding
 * Go `int`/`int64`, float64 of any magnitude, strings with invalid UTF-8 (from b64dec) and nil,
 * through toJson/toPrettyJson/toRawJson/toYaml/toYamlPretty/toToml; and whole values.yaml files
 * (multi-document, empty, malformed) as helm 3 and helm 4 load them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { marshalJSON, toJson, toPrettyJson, toValidUTF8 } from '../../src/codec/json.js';
import { toToml } from '../../src/codec/toml.js';
import { readValuesFile, YamlReadError } from '../../src/codec/yaml-read.js';
import { T_CHART_METADATA, yamlUnmarshalTyped } from '../../src/codec/yaml-typed.js';
import { toYaml } from '../../src/codec/yaml-write-v2.js';
import { toYamlPretty } from '../../src/codec/yaml-write-v3.js';
import { bytesToString } from '../../src/gotemplate/gostring.js';
import { formatFloat, quote } from '../../src/gotemplate/strconv.js';
import { type GoValue, goInt, goInt64 } from '../../src/gotemplate/value.js';
import { HELM3, HELM4, helmAvailable, renderBatch } from '../support/helm-batch.js';
import { keyOrderWellDefined, SPECIAL_PLAIN, SPECIAL_STRINGS } from './generators.js';

const SEP = '|~SEP~|';
const SEED = Number(process.env.CODEC_SEED ?? 20260101);
const N = Number(process.env.CODEC_CASES ?? 600);

/** A template expression and the Go value it evaluates to. */
interface Expr {
  text: string;
  value: GoValue;
}

const stringExpr: fc.Arbitrary<Expr> = fc
  .oneof(fc.constantFrom(...SPECIAL_STRINGS, ...SPECIAL_PLAIN), fc.string({ unit: 'grapheme', maxLength: 8 }))
  .filter((s) => !s.includes('\u0000'))
  .map((s) => ({ text: quote(s), value: s }));

/** Strings with bytes that are not UTF-8, made with b64dec. */
const badBytesExpr: fc.Arbitrary<Expr> = fc
  .uint8Array({ minLength: 1, maxLength: 6 })
  .map((b) => ({ text: `(b64dec ${JSON.stringify(Buffer.from(b).toString('base64'))})`, value: bytesToString(b) }));

const floatExpr: fc.Arbitrary<Expr> = fc
  .oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(1e6, 1e20, 1e21, 1e-7, 0.1, 1234567.5, 100000, 123456789, 0.000001),
  )
  .map((f) => {
    let t = formatFloat(f, 'g', -1);
    if (!/[.e]/.test(t)) t += '.0';
    return { text: t, value: f };
  });

const intExpr: fc.Arbitrary<Expr> = fc.oneof(
  fc.integer({ min: -1000000, max: 100000000 }).map((n) => ({ text: String(n), value: goInt(n) })),
  fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }).map((n) => ({ text: `(int64 "${n}")`, value: goInt64(n) })),
);

const leafExpr: fc.Arbitrary<Expr> = fc.oneof(
  { weight: 4, arbitrary: stringExpr },
  { weight: 1, arbitrary: badBytesExpr },
  { weight: 2, arbitrary: floatExpr },
  { weight: 2, arbitrary: intExpr },
  { weight: 1, arbitrary: fc.boolean().map((b) => ({ text: String(b), value: b })) },
  { weight: 1, arbitrary: fc.constant({ text: 'nil', value: null }) },
);

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: leafExpr },
    {
      weight: 2,
      arbitrary: fc
        .uniqueArray(fc.tuple(fc.oneof(stringExpr, badBytesExpr), tie('e')), {
          maxLength: 4,
          selector: (p) => p[0].value as string,
        })
        .map((pairs) => ({
          text: `(dict ${pairs.map(([k, v]) => `${k.text} ${v.text}`).join(' ')})`,
          value: new Map(pairs.map(([k, v]) => [k.value as string, v.value])),
        })),
    },
    {
      weight: 2,
      arbitrary: fc.array(tie('e'), { maxLength: 4 }).map((items) => ({
        text: `(list ${items.map((x) => x.text).join(' ')})`,
        value: items.map((x) => x.value),
      })),
    },
  ),
})).e;

/**
 * True when two keys of one map differ only in invalid bytes (both read as U+FFFD): go-yaml's key
 * order between them then depends on Go's map iteration order.
 */
function ambiguousKeys(v: GoValue): boolean {
  if (Array.isArray(v)) return v.some(ambiguousKeys);
  if (!(v instanceof Map)) return false;
  if (!keyOrderWellDefined([...v.keys()].map(toValidUTF8))) return true;
  const seen = new Set<string>();
  for (const [k, e] of v) {
    const norm = toValidUTF8(k);
    if (seen.has(norm) || ambiguousKeys(e)) return true;
    seen.add(norm);
  }
  return false;
}

/** Top-level dicts (toToml panics on nil, so the root is never nil). */
const rootExpr = exprArb.filter((e) => e.value instanceof Map && !ambiguousKeys(e.value));

function compare(label: string, inputs: string[], helm: string[], mine: string[]): void {
  const bad: string[] = [];
  for (let i = 0; i < inputs.length; i++) {
    if (helm[i] !== mine[i]) {
      bad.push(
        `${label} #${i} input=${inputs[i]}\n  helm: ${JSON.stringify(helm[i])}\n  mine: ${JSON.stringify(mine[i])}`,
      );
    }
  }
  expect(bad.slice(0, 10).join('\n'), `${bad.length} mismatches`).toBe('');
}

/** Whole values.yaml files, loaded by helm itself. */
const VALUES_FILES = [
  'a: 1\n---\nb: 2\n',
  '---\na: 1\n',
  '# only comment\n',
  '',
  '- a\n- b\n',
  'a: 1\n--- !tag\nb: 2\n',
  'a: 1\n---#c\nb: 2\n',
  'a: {x: 1}\n---\na: {y: 2}\n',
  'a: 1\n...\nb: 2\n',
  'a: [\n',
  'a: 1\n---\nb: [\n',
  'x: .inf\n',
  '~: 1\n',
  'a: 1\n--- \nb: 2\n',
  'a: 1\n----\nb: 2\n',
  'a: 1\n---x\nb: 2\n',
  'a: 1\n---\n---\nb: 2\n',
  'a: 1\n---\nhello\n',
  'yes: 1\non: 2\nn: 3\n',
  'big: 1000000\np53: 9007199254740993\nd: 2001-12-14\nbin: !!binary aGVsbG8=\n',
];

/** Chart.yaml files (chart.Metadata target: scalars coerced to strings, Go's struct-field errors). */
const CHART_YAMLS = [
  'appVersion: 1.10\n',
  'appVersion: 123456789\n',
  'appVersion: [1]\n',
  'keywords: [1, yes, 1.5]\n',
  'deprecated: "yes"\n',
  'annotations: {a: 1, b: true}\n',
  'maintainers: [{name: 5, email: x}]\n',
  'maintainers: [{name: [1]}]\n',
  'annotations: [1]\n',
  'deprecated: 1\n',
  'appVersion: 1e3\n',
  'appVersion: 0.1\n',
  'appVersion: 16777217\n',
  'appVersion: 0.3333333333\n',
  'description: yes\n',
  'home: ~\n',
  'deprecated: true\n',
  'annotations: {a: {b: 1}}\n',
].map((extra) => `apiVersion: v2\nname: hb\nversion: 0.1.0\n${extra}`);

function goList(a: unknown): string {
  return `[${((a as unknown[]) ?? []).join(' ')}]`;
}

function goStringMap(m: unknown): string {
  const entries = [...((m as Map<string, string>) ?? new Map()).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return `map[${entries.map(([k, v]) => `${k}:${v}`).join(' ')}]`;
}

for (const ver of [
  { name: 'helm3', bin: HELM3, compat: 'helm3' as const },
  { name: 'helm4', bin: HELM4, compat: 'helm4' as const },
]) {
  describe.skipIf(!helmAvailable(ver.bin))(`typed values vs ${ver.name}`, () => {
    it('ints, int64, floats, invalid UTF-8 and nil through the encoders', async () => {
      const exprs = fc.sample(rootExpr, { numRuns: N, seed: SEED + 4 });
      const out = await renderBatch(
        ver.bin,
        exprs.map((e) => ({
          template: `{{- $v := ${e.text} -}}{{ toJson $v }}${SEP}{{ toPrettyJson $v }}${SEP}{{ toYaml $v }}${SEP}{{ toYamlPretty $v }}${SEP}{{ toToml $v }}`,
        })),
      );
      const mine = exprs.map((e) =>
        [
          toJson(e.value),
          toPrettyJson(e.value),
          toYaml(e.value),
          toYamlPretty(e.value),
          toToml(e.value, ver.compat),
        ].join(SEP),
      );
      compare(
        'typed',
        exprs.map((e) => e.text),
        out,
        mine,
      );
    });

    it('values.yaml files (multi-document, empty, malformed)', async () => {
      const helm: string[] = [];
      const mine: string[] = [];
      for (const text of VALUES_FILES) {
        try {
          const out = await renderBatch(ver.bin, [{ template: '{{ toJson .Values }}' }], { extraValues: text });
          helm.push(out[0]!);
        } catch (e) {
          const m = /Error: (.*)/.exec(String((e as Error).message));
          helm.push(`ERR ${m?.[1]}`);
        }
        try {
          mine.push(marshalJSON(readValuesFile(text, ver.compat)));
        } catch (e) {
          if (!(e instanceof YamlReadError)) throw e;
          mine.push(`ERR cannot load values.yaml: ${e.message}`);
        }
      }
      compare('values-file', VALUES_FILES, helm, mine);
    });

    it('Chart.yaml into chart.Metadata', async () => {
      const helm: string[] = [];
      const mine: string[] = [];
      const template =
        '{{ .Chart.Name }}|{{ .Chart.Version }}|{{ .Chart.AppVersion }}|{{ .Chart.Keywords }}|{{ .Chart.Deprecated }}|' +
        '{{ .Chart.Annotations }}|{{ .Chart.Description }}|{{ range .Chart.Maintainers }}{{ .Name }},{{ .Email }};{{ end }}';
      for (const text of CHART_YAMLS) {
        try {
          helm.push((await renderBatch(ver.bin, [{ template }], { chartYaml: text }))[0]!);
        } catch (e) {
          helm.push(`ERR ${/Error: (.*)/.exec(String((e as Error).message))?.[1]}`);
        }
        try {
          const c = yamlUnmarshalTyped(text, T_CHART_METADATA) as Record<string, unknown>;
          const maint = ((c.Maintainers as Record<string, string>[] | null) ?? [])
            .map((x) => `${x.Name},${x.Email};`)
            .join('');
          mine.push(
            `${c.Name}|${c.Version}|${c.AppVersion}|${goList(c.Keywords)}|${c.Deprecated}|${goStringMap(c.Annotations)}|${c.Description}|${maint}`,
          );
        } catch (e) {
          if (!(e instanceof YamlReadError)) throw e;
          mine.push(`ERR cannot load Chart.yaml: ${e.message}`);
        }
      }
      compare('chart-yaml', CHART_YAMLS, helm, mine);
    });
  });
}
