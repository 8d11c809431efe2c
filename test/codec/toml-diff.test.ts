/**
 * Differential tests of toToml/fromToml against helm 3 (BurntSushi/toml v1.4.0) and helm 4 (v1.6.0):
 * generated values through toToml, generated and hand-written TOML documents through fromToml
 * (structure, Go types of leaves and Time printing), and known malformed documents (error texts).
 */
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { toJson } from '../../src/codec/json.js';
import { fromToml, toToml } from '../../src/codec/toml.js';
import { fromYaml } from '../../src/codec/yaml-read.js';
import { renderTemplateString } from '../../src/gotemplate/index.js';
import { type GoValue, sortedKeys, typeName } from '../../src/gotemplate/value.js';
import { helmFuncMap } from '../../src/sprig/index.js';
import { GoTime, resetLocal, timeString } from '../../src/sprig/time.js';
import { HELM3, HELM4, helmAvailable, renderBatch } from '../support/helm-batch.js';
import { hasKeyCollision, valuesDoc } from './generators.js';

const SEP = '|~SEP~|';
const SEED = Number(process.env.CODEC_SEED ?? 20260101);
const N = Number(process.env.CODEC_CASES ?? 600);

/** TOML documents covering the syntax (all valid). */
const VALID_TOML = [
  "a = 1\nb = 'x'\n[t]\nc = 1.5\nd = 2020-01-01",
  'x = [1, 2, "a"]\ny = {a = 1, b = {c = 2}}\nz = []\ne = {}',
  '[[arr]]\na = 1\n[[arr]]\nb = 2\n[[arr.sub]]\nc = 3',
  'd1 = 1979-05-27T07:32:00Z\nd2 = 1979-05-27T00:32:00-07:00\nd3 = 1979-05-27T00:32:00.999999\nd4 = 07:32:00\nd5 = 1979-05-27 07:32:00+00:00\nd6=1979-05-27T07:32:00.5+01:30',
  'h = 0xDEADBEEF\no = 0o755\nb = 0b1101\nf = 6.626e-34\ni = inf\nn = -inf\nu = 1_000\ne = 5e+22\nz=-0.0\np = +3\nq = 1e6\nr = 9223372036854775807\ns = -9223372036854775808',
  'a.b.c = 1\na.d = 2\n"quoted key" = 1\n\'lit\' = 2\n"" = 3',
  's = """\nmulti\\\n   line"""\nl = \'\'\'\nraw\\n\'\'\'\nq = """two ""quotes"""""\nu = "\\u00e9\\U0001F600\\t\\\\"',
  '# comment\n[a]   # trailing\nb = true # c\n[a.c]\nd = false\n\n[e]\n',
  'nested = [[1, 2], ["a", "b"], [{x = 1}]]\nmixed = [1, 1.5, "s", true, 2020-01-01]',
  'ws =    "spaced"   \n\n\n[ t . u ]\nv = 1',
];

/** Datetime tokens of every kind (with and without seconds, fractions, offsets, bad ones). */
const TOML_DATETIMES = [
  '2020-01-01T10:00:00Z',
  '2020-01-01t10:00:00z',
  '2020-01-01 10:00:00+00:00',
  '2020-01-01T10:00:00+02:00',
  '2020-07-01T10:00:00-07:30',
  '2020-01-01T10:00:00.123456789123-01:00',
  '2020-01-01T10:00:00',
  '2020-01-01T10:00',
  '2020-01-01T10:00Z',
  '2020-02-29',
  '10:11:12.5',
  '10:11',
  '1979-05-27T07:32:60Z',
  '0001-01-01T00:00:00Z',
];

/** What templates do with a decoded datetime: print it, date functions, methods, re-encoding. */
const TIME_USES = [
  '{{ $d }}',
  '{{ $d | date "2006-01-02 15:04:05.000 MST" }}',
  '{{ $d | unixEpoch }}',
  '{{ dateInZone "15:04 -0700" $d "Asia/Kolkata" }}',
  '{{ $d | dateModify "90m" }}',
  '{{ $d | ago | typeOf }}',
  '{{ $d.Year }}-{{ $d.YearDay }} {{ $d.Weekday }} {{ $d.Nanosecond }} {{ $d.Location }}',
  '{{ $d.UTC }} {{ $d.Unix }} {{ $d.IsZero }}',
  '{{ $d | toJson }}',
  '{{ dict "k" $d | toToml }}',
  '{{ dict "k" $d.UTC | toToml }}',
  '{{ dict "k" $d | toYaml }}',
];

/** Malformed documents whose error texts are checked. */
const INVALID_TOML = [
  'a = ',
  'a = 1\na = 2',
  '[t]\n[t]',
  'a = tru',
  'a = 1 2',
  'a = "unterminated',
  '[table',
  'a = [1, 2',
  'key with space = 1',
  'a = 9223372036854775808',
  'a = 9_223_372_036_854_775_808',
  'a = 0x8000_0000_0000_0000',
  'a = 1e400',
  'a = -1_0e4_00',
  'a = 1.8e308',
  '[t]\nb = [1.0, 2e999]',
  'a = {b = +1.5e+400}',
  'a = 1e-400',
  'a = "\\U0011FFFF"',
  'a = "\\ud800"',
  'a = {\n b = 1,\n}',
  'a = {b = 1\n}',
  'a = 1\rb = 2',
  'a = 1 \rb = 2',
  "a = 'x'\rb = 2",
  'a = true\r',
  '[t]\r',
  'a\r= 1',
  'a = 1\u0001',
  'a = \r1',
  // Invalid TOML that BurntSushi accepts: dotted keys and headers extend inline tables, and replace arrays.
  'a = {b = 1}\na.c = 2',
  'a = {b = 1}\na.b = 2',
  'a = {b = 1}\n[a]\nc = 2',
  'a = {b = 1}\n[a.d]\nc = 2',
  'a = {b = {c = 1}}\na.b.d = 2\n[a.b.e]',
  'a = {b = {c = 1}}\n[a.b]\nd = 2',
  '[t]\na = {b = 1}\na.c = 2',
  'x = {a = {b = 1}, a.c = 2}',
  'a = {b = 1}\na.b.c = 1',
  'a = [1]\na.c = 2\na.d = 3',
  'a = [{x = 1}]\na.c = 2',
  'a = {b = [1]}\na.b.c = 2',
  'a = [1]\n[a.b]\nc = 1',
  'a = [1]\na.c = 2\n[a.x]\ny = 1',
  'a = [1]\na.c = 2\n[a]\ny = 1',
  'a = "s"\na.c = 2',
  // Number lexing: prefixes, signs, underscores, leading zeroes, datetimes, inf/nan.
  'a = +0x10',
  'a = 0x',
  'a = 0xG',
  'a = 0x1G',
  'a = 0o18',
  'a = 0x_1',
  'a = 0x1__2',
  'a = 0b2',
  'a = 0b1.5',
  'a = 0_1',
  'a = .5',
  'a = +.5',
  'a = 1.5_',
  'a = 1_.5',
  'a = 1e_5',
  'a = 01.5',
  'a = infinity',
  'a = nanx',
  'a = 1979-5-27',
  'a = 1_9:00:00',
  'a = -1-2',
  // Table names and inline-table commas.
  '[a.]',
  '[.a]',
  '[a..b]',
  '[ ]',
  '[',
  '[[a]',
  '[[a]x',
  '[[.a]]',
  '[[ ]]',
  'a = {,}',
  'a = {a=1,,b=2}',
  'a = { , a=1}',
  // EOF and newline positions (BurntSushi v1.4 reports them a line off).
  'a = 1\n\n\nb',
  'a = 1\nb =',
  '\n\nb =',
  'b\n',
  'a.b',
  '[a\n',
  '[[a\n',
  '\n\n[a',
  'x = {b\n}',
  'x = {b',
  'x = 1\nb c = 1',
  // A datetime ends at the first character that cannot be in one: the rest is junk after the value.
  'a = 1979-05-27_07:32:00',
  'a = 1979-05-27x',
  'a = [1979-05-27_1]',
  'a = {b = 1979-05-27_1}',
  'a = 1979-05-27 07:32:00_x',
  'a = 07:32:00_1',
  'a = 1979-05-27T07:32:00Zx',
  'a = 1979-05-27T07:32:00+01:00a',
  'a = 12:34x',
  // NUL in the first bytes, and keys starting with a character no bare key has.
  'a\u0000 = 1',
  'a = "\u0000"',
  'ab = 1\u0000',
  '! = 1',
  'é = 1',
  '[é]',
  'x = {é = 1}',
  'a.é = 1',
  'a = 1\n: = 2',
  // Backslash before spaces or a newline.
  'a = "\\ "',
  'a = "\\\t"',
  'a = """\\ x"""',
  'a = """\\   \n  x"""',
  'a = "\\\n"',
  // Quote runs closing multi-line strings.
  `a = """x${'"'.repeat(6)}`,
  `a = '''x${"'".repeat(6)}`,
  `a = """x${'"'.repeat(7)}`,
  `a = """x${'"'.repeat(5)}`,
  `a = """x\\"${'"'.repeat(5)}`,
  `a = ${'"'.repeat(7)}`,
  'a = 01',
  '= 1',
  'a = {b = 1',
  'a = 1.',
  '[a]\nb = 1\n[a.b]',
];

function leafTypes(m: Map<string, GoValue>): string {
  return sortedKeys(m)
    .map((k) => {
      const v = m.get(k);
      return `${k}=${typeName(v)}${v instanceof GoTime ? `:${timeString(v)}` : ''};`;
    })
    .join('');
}

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

for (const ver of [
  { name: 'helm3', bin: HELM3, compat: 'helm3' as const },
  { name: 'helm4', bin: HELM4, compat: 'helm4' as const },
]) {
  describe.skipIf(!helmAvailable(ver.bin))(`toml vs ${ver.name}`, () => {
    it('toToml of generated values, and fromToml of its output', async () => {
      const docs = fc.sample(valuesDoc, { numRuns: N, seed: SEED + 3 }).filter((d) => !hasKeyCollision(d));
      const template =
        '{{- $v := .Files.Get "f/@KEY@.yaml" | fromYaml -}}{{- $t := toToml $v -}}' +
        `{{ $t }}${SEP}{{ $x := fromToml $t }}{{ toJson $x }}${SEP}{{ range $k, $e := $x }}{{ $k }}={{ typeOf $e }};{{ end }}`;
      const out = await renderBatch(
        ver.bin,
        docs.map((d, i) => ({ template, files: { [`f/c${i}.yaml`]: d } })),
      );
      const mine = docs.map((d) => {
        const t = toToml(fromYaml(d), ver.compat);
        const x = fromToml(t, ver.compat);
        const types = sortedKeys(x)
          .map((k) => `${k}=${typeName(x.get(k))};`)
          .join('');
        return `${t}${SEP}${toJson(x)}${SEP}${types}`;
      });
      compare('toToml', docs, out, mine);
    });

    it('decoded datetimes are time.Time for date functions, methods and the encoders', async () => {
      // helm-batch runs helm with TZ=UTC (Local is then named "UTC"); do the same here.
      const savedTz = process.env.TZ;
      process.env.TZ = 'UTC';
      resetLocal();
      onTestFinished(() => {
        if (savedTz === undefined) delete process.env.TZ;
        else process.env.TZ = savedTz;
        resetLocal();
      });
      const templates = TOML_DATETIMES.flatMap((d) =>
        TIME_USES.map((use) => `{{ with (fromToml ${JSON.stringify(`d = ${d}`)}).d }}{{ $d := . }}${use}{{ end }}`),
      );
      const helm = await renderBatch(
        ver.bin,
        templates.map((template) => ({ template })),
      );
      const funcs = helmFuncMap(ver.compat);
      const mine = templates.map((t) => renderTemplateString(t, { funcs, compat: ver.compat, name: 't' }));
      compare('datetime', templates, helm, mine);
    });

    it('fromToml of hand-written documents and error texts', async () => {
      const texts = [...VALID_TOML, ...INVALID_TOML];
      const out = await renderBatch(
        ver.bin,
        texts.map((t, i) => ({
          template: `{{ $x := .Files.Get "f/@KEY@.toml" | fromToml }}{{ toJson $x }}${SEP}{{ range $k, $v := $x }}{{ $k }}={{ typeOf $v }}{{ if eq (typeOf $v) "time.Time" }}:{{ $v }}{{ end }};{{ end }}${SEP}{{ toToml $x }}`,
          files: { [`f/c${i}.toml`]: t },
        })),
      );
      const mine = texts.map((t) => {
        const x = fromToml(t, ver.compat);
        return `${toJson(x)}${SEP}${leafTypes(x)}${SEP}${toToml(x, ver.compat)}`;
      });
      compare('fromToml', texts, out, mine);
    });
  });
}
