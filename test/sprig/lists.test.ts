/**
 * Sprig list functions: the verified behaviours of helm-semantics.md §4.4 and generated
 * differential cases against helm 3 and helm 4.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GoNamed,
  type GoValue,
  goInt,
  goIntOf,
  nilSlice,
  sliceOf,
  T_STRING,
  T_UINT8,
} from '../../src/gotemplate/index.js';
import { listFunctions } from '../../src/sprig/lists.js';
import {
  describeMismatches,
  differential,
  HELM_READY,
  listExprArb,
  ours,
  SKIP_REASON,
  sample,
  valueExprArb,
} from './diff-harness.js';

/** Renders with helmless, `.Values.list` = [b a c a] as in the semantics document. */
function render(t: string): string {
  const r = ours(t.replaceAll('.Values.list', '(list "b" "a" "c" "a")').replaceAll('.Values.nothere', 'nil'), 'helm3');
  return r.ok ? r.text : `ERR ${r.error}`;
}

describe('list functions (helm-semantics §4.4)', () => {
  it.each([
    ['{{ list 1 "a" nil }} {{ list }} {{ tuple 1 2 }}', '[1 a <nil>] [] [1 2]'],
    [
      '{{ append .Values.list "z" }} {{ prepend .Values.list "z" }} {{ .Values.list }}',
      '[b a c a z] [z b a c a] [b a c a]',
    ],
    ['{{ concat (list 1) (list 2 3) (list) }}', '[1 2 3]'],
    ['{{ uniq .Values.list }} {{ uniq (list 1 1.0 "1") }}', '[b a c] [1 1 1]'],
    ['{{ without .Values.list "a" }}', '[b c]'],
    [
      '{{ has "a" .Values.list }} {{ .Values.list | has "b" }} {{ has 1 (list 1.0) }} {{ has "a" .Values.nothere }}',
      'true true false false',
    ],
    ['{{ compact (list 1 0 "" nil "a" false (list)) }}', '[1 a]'],
    [
      '{{ first .Values.list }} {{ last .Values.list }} {{ initial .Values.list }} {{ rest .Values.list }}',
      'b a [b a c] [a c a]',
    ],
    ['[{{ first (list) }}][{{ last (list) }}][{{ initial (list) }}][{{ rest (list) }}]', '[][][[]][[]]'],
    ['{{ reverse .Values.list }}', '[a c a b]'],
    [
      '{{ sortAlpha (list 10 9 2 "b" "B") }} {{ sortAlpha "x" }} {{ sortAlpha (list 1.5 "a" 10 nil) }}',
      '[10 2 9 B b] [x] [1.5 10 a]',
    ],
    ['{{ slice .Values.list 1 }} {{ slice .Values.list 1 2 }} {{ slice .Values.list }}', '[a c a] [a] [b a c a]'],
    ['{{ chunk 2 (list 1 2 3 4 5) }}', '[[1 2] [3 4] [5]]'],
  ])('%s', (t, want) => {
    expect(render(t)).toBe(want);
  });

  it.each([
    ['{{ append .Values.nothere "z" }}', 'ERR runtime error: invalid memory address or nil pointer dereference'],
    ['{{ first .Values.nothere }}', 'ERR runtime error: invalid memory address or nil pointer dereference'],
    ['{{ concat (list 1) 2 }}', 'ERR Cannot concat type int as list'],
    ['[{{ first "abc" }}]', 'ERR Cannot find first on type string'],
  ])('error: %s', (t, want) => {
    expect(render(t)).toBe(want);
  });

  it('returns nil slices where Sprig does (toJson prints null for them)', () => {
    const rest = listFunctions.rest!.impl([]) as GoValue[];
    expect(rest).toEqual(nilSlice());
    expect(listFunctions.slice!.impl([])).toBeNull();
    expect(listFunctions.concat!.impl()).toEqual(nilSlice());
  });

  it('works on []byte and named slices like reflect does', () => {
    expect(listFunctions.first!.impl(new Uint8Array([7, 8]))).toEqual(goIntOf(T_UINT8, 7));
    const named = new GoNamed(
      { kind: 'slice', name: 'chartutil.VersionSet', elem: T_STRING, underlying: sliceOf(T_STRING) },
      ['b', 'a'],
    );
    const sliced = listFunctions.slice!.impl(named, goInt(1)) as GoNamed;
    expect(sliced).toBeInstanceOf(GoNamed);
    expect(sliced.value).toEqual(['a']);
  });

  it('sortAlpha sorts a []string argument in place, as Go does', () => {
    const r = ours('{{ $k := regexSplit "," "b,a,c" -1 }}{{ $_ := sortAlpha $k }}{{ $k }}', 'helm3');
    expect(r).toEqual({ ok: true, text: '[a b c]' });
  });

  it('bounds list growth', () => {
    const big = new Array(4 * 1024 * 1024).fill(null);
    expect(() => listFunctions.append!.impl(big, 1)).toThrow(/exceeds the limit/);
  });
});

const show = (expr: string): string => `{{ ${expr} | printf "%T %#v" | printf "%q" }}`;
const showR = (expr: string): string => `{{ $r := ${expr} }}{{ printf "%T %#v" $r $r | printf "%q" }}`;

/** Expressions over generated lists that never fail. */
const okCase: fc.Arbitrary<string> = fc.oneof(
  listExprArb.map((l) => showR(`uniq ${l}`)),
  listExprArb.map((l) => showR(`mustUniq ${l}`)),
  listExprArb.map((l) => showR(`compact ${l}`)),
  listExprArb.map((l) => showR(`reverse ${l}`)),
  listExprArb.map((l) => showR(`first ${l}`)),
  listExprArb.map((l) => showR(`mustLast ${l}`)),
  listExprArb.map((l) => showR(`rest ${l}`)),
  listExprArb.map((l) => showR(`mustInitial ${l}`)),
  listExprArb.map((l) => showR(`sortAlpha ${l}`)),
  valueExprArb.map((v) => showR(`sortAlpha ${v}`)),
  fc.tuple(listExprArb, valueExprArb).map(([l, v]) => showR(`append ${l} ${v}`)),
  fc.tuple(listExprArb, valueExprArb).map(([l, v]) => showR(`mustPrepend ${l} ${v}`)),
  fc.tuple(listExprArb, valueExprArb, valueExprArb).map(([l, a, b]) => showR(`without ${l} ${a} ${b}`)),
  fc.tuple(valueExprArb, listExprArb).map(([v, l]) => showR(`has ${v} ${l}`)),
  fc
    .tuple(fc.constantFrom('1', '1.0', '"1"', 'nil', '"a"', '(list 1)', '(dict)'), listExprArb)
    .map(([v, l]) => showR(`mustHas ${v} ${l}`)),
  fc.tuple(fc.integer({ min: 1, max: 5 }), listExprArb).map(([n, l]) => showR(`chunk ${n} ${l}`)),
  fc.tuple(listExprArb, listExprArb, listExprArb).map(([a, b, c]) => showR(`concat ${a} ${b} ${c}`)),
  fc.array(valueExprArb, { maxLength: 4 }).map((xs) => show(`list ${xs.join(' ')}`)),
  fc.tuple(fc.array(valueExprArb, { minLength: 1, maxLength: 5 }), fc.nat(5), fc.nat(5)).map(([xs, a, b]) => {
    const lo = Math.min(a, b, xs.length);
    const hi = Math.min(Math.max(a, b), xs.length);
    return showR(`slice (list ${xs.join(' ')}) ${lo} ${hi}`);
  }),
  fc
    .array(fc.constantFrom('"a"', '"b"', '"é"', '""', '"1"'), { maxLength: 4 })
    .map((xs) => showR(`uniq (regexSplit "," ${JSON.stringify(xs.map((x) => JSON.parse(x)).join(','))} -1)`)),
);

/** Expressions that mostly fail (bad types, bad bounds, bad chunk sizes). */
const errCase: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        'first',
        'mustFirst',
        'rest',
        'append',
        'reverse',
        'uniq',
        'compact',
        'chunk 2',
        'slice',
        'without',
      ),
      fc.constantFrom('"abc"', '1', '1.5', 'true', '(dict "a" 1)', 'nil'),
    )
    .map(([f, v]) => showR(f === 'append' ? `append ${v} 1` : `${f} ${v}`)),
  fc
    .tuple(fc.integer({ min: -6, max: 0 }), fc.array(fc.constant('1'), { maxLength: 3 }))
    .map(([n, xs]) => showR(`chunk ${n} (list ${xs.join(' ')})`)),
  fc
    .tuple(fc.integer({ min: -2, max: 5 }), fc.integer({ min: -2, max: 5 }))
    .map(([a, b]) => showR(`slice (list 1 2 3) ${a} ${b}`)),
  fc.constantFrom(showR('concat (list 1) 2'), showR('concat nil'), showR('has 1 "abc"'), showR('mustHas 1 (dict)')),
);

describe.skipIf(!HELM_READY)(`list functions against helm (${HELM_READY ? 'differential' : SKIP_REASON})`, () => {
  for (const compat of ['helm3', 'helm4'] as const) {
    it(`${compat}: generated list expressions`, async () => {
      const cases = sample(okCase, 450, compat === 'helm3' ? 11 : 12);
      const ms = await differential(cases, compat);
      expect(ms, describeMismatches(ms)).toEqual([]);
    });
    it(`${compat}: generated failing list expressions`, async () => {
      const cases = sample(errCase, 16, compat === 'helm3' ? 13 : 14);
      const ms = await differential(cases, compat);
      expect(ms, describeMismatches(ms)).toEqual([]);
    });
  }
});
