/**
 * Serialization functions (helm-semantics.md §3.1–§3.4): documented outputs and generated
 * differential cases (nested values with nil, mixed numbers, unicode and non-UTF-8 strings) against
 * helm 3 and helm 4.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { helm4SerializationFunctions, serializationFunctions } from '../../src/sprig/serialization.js';
import {
  describeMismatches,
  dictExprArb,
  differential,
  FUNCS,
  goStringLit,
  HELM_READY,
  ours,
  SKIP_REASON,
  sample,
  valueExprArb,
} from './diff-harness.js';

const funcs3 = { ...FUNCS, ...serializationFunctions };
const funcs4 = { ...funcs3, ...helm4SerializationFunctions };
const funcsFor = (c: 'helm3' | 'helm4') => (c === 'helm3' ? funcs3 : funcs4);

function render(t: string, compat: 'helm3' | 'helm4' = 'helm3'): string {
  const r = ours(t, compat, funcsFor(compat));
  return r.ok ? r.text : `ERR ${r.error}`;
}

describe('serialization functions (helm-semantics §3.1–§3.4)', () => {
  it.each([
    [
      '[{{ toYaml 1 }}][{{ toYaml "s" }}][{{ toYaml nil }}][{{ toYaml (list) }}][{{ toYaml (dict) }}][{{ toYaml true }}][{{ toYaml 1.5 }}][{{ toYaml "" }}]',
      '[1][s][null][[]][{}][true][1.5][""]',
    ],
    ['{{ toYaml (list (dict "name" "a" "v" 1) (dict "name" "b")) }}', '- name: a\n  v: 1\n- name: b'],
    ['{{ toJson "<a&b>" }} {{ toRawJson "<a&b>" }}', '"\\u003ca\\u0026b\\u003e" "<a&b>"'],
    ['{{ toYamlPretty (dict "a" (list 1 2)) }}', 'a:\n  - 1\n  - 2'],
    ['{{ $x := fromYaml "a: 1\\nb: [x, y]\\nc: yes" }}{{ $x }}', 'map[a:1 b:[x true] c:true]'],
    [
      '{{ fromYaml "a: [" }}',
      'map[Error:error converting YAML to JSON: yaml: line 1: did not find expected node content]',
    ],
    [
      '{{ fromYaml "- a\\n- b" }}',
      'map[Error:error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}]',
    ],
    ['{{ fromYaml "" }} {{ len (fromYaml "") }}', 'map[] 0'],
    ['{{ fromYaml "a: 1\\n---\\nb: 2" }}', 'map[a:1]'],
    [
      '{{ fromYamlArray "- a\\n- 1" }} {{ fromYamlArray "a: 1" }}',
      '[a 1] [error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}]',
    ],
    ['{{ $x := fromJson "{\\"a\\":1,\\"b\\":[1,2]}" }}{{ $x }}', 'map[a:1 b:[1 2]]'],
    ['{{ fromJson "{bad" }}', "map[Error:invalid character 'b' looking for beginning of object key string]"],
    ['{{ fromJson "[1,2]" }}', 'map[Error:json: cannot unmarshal array into Go value of type map[string]interface {}]'],
    [
      '{{ fromJsonArray "[1,\\"a\\",null]" }} {{ fromJsonArray "{}" }}',
      '[1 a <nil>] [json: cannot unmarshal object into Go value of type []interface {}]',
    ],
  ])('%s', (t, want) => {
    expect(render(t)).toBe(want);
  });

  it('defines mustToYaml only for helm 4', () => {
    expect(serializationFunctions.mustToYaml).toBeUndefined();
    expect(render('{{ mustToYaml (dict "a" 1) }}', 'helm4')).toBe('a: 1');
  });

  it('prints nil slices from list functions as null', () => {
    expect(
      render('{{ toJson (rest (list)) }} {{ toJson (regexFindAll "z" "a" -1) }} {{ toJson (regexSplit "z" "" -1) }}'),
    ).toBe('null null [""]');
  });

  it('json.Marshal writes invalid UTF-8 bytes as the escape \\ufffd (helm 3 and 4)', () => {
    // Real helm 3.17 and 4.1 output.
    expect(render('{{ toJson "a\\xffb" }}')).toBe('"a\\ufffdb"');
  });
  it('json.Unmarshal keeps decoding after a number overflow (helm 3 and 4)', () => {
    // Real helm output: map[string]interface {}{"Error":"json: cannot unmarshal number 1e400 into Go value of type float64", "a":interface {}(nil)}
    expect(render('{{ fromJson "{\\"a\\":1e400}" | len }}')).toBe('2');
  });

  it('converts TOML like helm (helm-semantics §3.5)', () => {
    expect(render('{{ toToml (dict "a" 1 "b" "s" "t" (dict "x" (list 1 2)) "f" 1.5) }}')).toBe(
      'a = 1\nb = "s"\nf = 1.5\n\n[t]\n  x = [1, 2]\n',
    );
    expect(render('{{ toToml (dict "a" nil) }}')).toBe('');
    expect(render('{{ $x := fromToml "a = 1\\nb = \'x\'" }}{{ $x }} {{ printf "%T" $x.a }}')).toBe(
      'map[a:1 b:x] int64',
    );
  });
});

const show = (e: string): string => `{{ ${e} | printf "%q" }}`;
const showV = (e: string): string => `{{ ${e} | printf "%#v" | printf "%q" }}`;

const yamlTextArb = fc.oneof(
  fc.constantFrom(
    'a: 1',
    'a: [',
    '- a\n- 1',
    '',
    'a: 1\n---\nb: 2',
    'hello',
    'a: yes\nb: 010\nc: 1e3\nd: ~\ne: 0x1F',
    'a:\n  b: [1, 2.5, "x"]\n  c: {d: null}',
    'a: &x 1\nb: *x',
    'a: 1\na: 2',
    '? [1]\n: 2',
    'a: !!binary aGk=',
    '{"a": 1}',
    'a: "\\u00e9"',
    'x: 12345678901234567890',
    'x: .inf',
  ),
  fc.stringMatching(/^[a-c:\- [\]{},\n"'#1.]{0,12}$/),
);
const jsonTextArb = fc.oneof(
  fc.constantFrom(
    '{"a":1}',
    '{bad',
    '[1,2]',
    '{"a":[1,"x",null,true]}',
    '1',
    '"s"',
    'null',
    '',
    '{"a":1}x',
    '{"a":1e400}',
    '[1,2',
    '{"a":"\\ud800"}',
    ' {"b" : 2 } ',
  ),
  fc.stringMatching(/^[{}[\]",:a1 .e\-n]{0,10}$/),
);

const okCase = (compat: 'helm3' | 'helm4'): fc.Arbitrary<string> =>
  fc.oneof(
    valueExprArb.map((v) => show(`toJson ${v}`)),
    valueExprArb.map((v) => show(`mustToJson ${v}`)),
    valueExprArb.map((v) => show(`toRawJson ${v}`)),
    valueExprArb.map((v) => show(`toPrettyJson ${v}`)),
    valueExprArb.map((v) => show(`toYaml ${v}`)),
    valueExprArb.map((v) => show(`toYamlPretty ${v}`)),
    ...(compat === 'helm4' ? [valueExprArb.map((v) => show(`mustToYaml ${v}`))] : []),
    dictExprArb.map((d) => showV(`fromYaml (toYaml ${d})`)),
    dictExprArb.map((d) => showV(`fromJson (toJson ${d})`)),
    valueExprArb.map((v) => showV(`fromYamlArray (toYaml (list ${v}))`)),
    valueExprArb.map((v) => showV(`fromJsonArray (toJson (list ${v}))`)),
    valueExprArb.map((v) => showV(`mustFromJson (toJson ${v})`)),
    yamlTextArb.map((s) => showV(`fromYaml ${goStringLit(s)}`)),
    yamlTextArb.map((s) => showV(`fromYamlArray ${goStringLit(s)}`)),
    jsonTextArb.map((s) => showV(`fromJson ${goStringLit(s)}`)),
    jsonTextArb.map((s) => showV(`fromJsonArray ${goStringLit(s)}`)),
    jsonTextArb.map((s) => showV(`mustFromJson ${goStringLit(s)}`)),
  );

describe.skipIf(!HELM_READY)(`serialization against helm (${HELM_READY ? 'differential' : SKIP_REASON})`, () => {
  for (const compat of ['helm3', 'helm4'] as const) {
    const seed = compat === 'helm3' ? 61 : 62;
    it(`${compat}: generated serialization expressions`, async () => {
      const all = sample(okCase(compat), 500, seed);
      const cases = all.filter((t) => ours(t, compat, funcsFor(compat)).ok);
      expect(cases.length).toBeGreaterThan(400);
      const ms = await differential(cases, compat, funcsFor(compat));
      expect(ms, describeMismatches(ms)).toEqual([]);
    });
    it(`${compat}: generated serialization errors`, async () => {
      const failing = sample(okCase(compat), 500, seed)
        .filter((t) => !ours(t, compat, funcsFor(compat)).ok)
        .slice(0, 12);
      const ms = await differential(failing, compat, funcsFor(compat));
      expect(ms, describeMismatches(ms)).toEqual([]);
    });
  }
});
