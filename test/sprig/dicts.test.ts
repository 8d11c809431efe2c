/**
 * Sprig dict functions: helm-semantics.md §4.3, mergo merge rules, mutation visibility, and
 * generated differential cases against helm 3 and helm 4.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dictFunctions } from '../../src/sprig/dicts.js';
import {
  describeMismatches,
  dictExprArb,
  differential,
  HELM_READY,
  ours,
  SKIP_REASON,
  sample,
  valueExprArb,
} from './diff-harness.js';

const MAP = '(dict "a" 1 "b" (dict "c" 2))';

function render(t: string): string {
  const r = ours(t.replaceAll('.Values.map', '$m'), 'helm3');
  return r.ok ? r.text : `ERR ${r.error}`;
}

describe('dict functions (helm-semantics §4.3)', () => {
  it.each([
    [
      '{{ dict "b" 1 "a" 2 }} {{ dict }} {{ dict "a" }} {{ dict 1 2 }} {{ dict "a" 1 "b" }}',
      'map[a:2 b:1] map[] map[a:] map[1:2] map[a:1 b:]',
    ],
    ['{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }} {{ set $d "c" 3 }}', 'map[a:1 b:2] map[a:1 b:2 c:3]'],
    ['{{ $d := dict "a" 1 "b" 2 }}{{ unset $d "a" }} {{ unset $d "zz" }}', 'map[b:2] map[b:2]'],
    [`{{ $m := ${MAP} }}{{ hasKey .Values.map "a" }} {{ hasKey (dict "nul" nil) "nul" }}`, 'true true'],
    [`{{ $m := ${MAP} }}[{{ get .Values.map "a" }}][{{ get .Values.map "zz" }}]`, '[1][]'],
    ['{{ pluck "a" (dict "a" 1) (dict "b" 2) (dict "a" 3) }}', '[1 3]'],
    [`{{ $m := ${MAP} }}{{ pick .Values.map "a" "zz" }} {{ omit .Values.map "a" }}`, 'map[a:1] map[b:map[c:2]]'],
    [
      '{{ $d := dict "a" 1 "n" (dict "x" 1) }}{{ merge $d (dict "a" 2 "b" 3 "n" (dict "x" 2 "y" 2)) }} {{ $d }}',
      'map[a:1 b:3 n:map[x:1 y:2]] map[a:1 b:3 n:map[x:1 y:2]]',
    ],
    ['{{ merge (dict "a" "" "b" 0 "c" false) (dict "a" "x" "b" 5 "c" true) }}', 'map[a:x b:5 c:true]'],
    [
      '{{ $d := dict "a" 1 "n" (dict "x" 1) }}{{ mergeOverwrite $d (dict "a" 2 "b" 3 "n" (dict "x" 2 "y" 2)) }}',
      'map[a:2 b:3 n:map[x:2 y:2]]',
    ],
    ['{{ mergeOverwrite (dict "a" 1 "b" 1 "c" 1) (dict "a" "" "b" 0 "c" false) }}', 'map[a: b:0 c:false]'],
    [
      '{{ merge (dict "l" (list 1 2)) (dict "l" (list 3)) }} {{ mergeOverwrite (dict "l" (list 1 2)) (dict "l" (list 3)) }}',
      'map[l:[1 2]] map[l:[3]]',
    ],
    [`{{ $m := ${MAP} }}{{ $_ := merge .Values.map (dict "zz" 9) }}{{ .Values.map }}`, 'map[a:1 b:map[c:2] zz:9]'],
    [
      `{{ $m := ${MAP} }}{{ $c := deepCopy .Values.map }}{{ $_ := set $c "a" 99 }}{{ .Values.map.a }} {{ $c.a }}`,
      '1 99',
    ],
    [
      `{{ $m := ${MAP} }}{{ dig "b" "c" "def" .Values.map }} {{ dig "b" "zz" "def" .Values.map }} {{ dig "zz" "def" .Values.map }}`,
      '2 def def',
    ],
    ['{{ keys (dict "b" 1 "a" 2) (dict "c" 3) | sortAlpha }}', '[a b c]'],
  ])('%s', (t, want) => {
    expect(render(t)).toBe(want);
  });

  it.each([
    [
      `{{ $m := ${MAP} }}{{ dig "a" "x" "def" .Values.map }}`,
      'ERR interface conversion: interface {} is int, not map[string]interface {}',
    ],
    ['{{ set nil "a" 1 }}', 'ERR assignment to entry in nil map'],
    ['{{ dig "a" "d" }}', 'ERR dig needs at least three arguments'],
    ['{{ deepCopy nil }}', 'ERR reflect: call of reflect.Value.Type on zero Value'],
  ])('error: %s', (t, want) => {
    expect(render(t)).toBe(want);
  });

  it('keys and values come back in key order (Go: random order)', () => {
    const m = new Map<string, unknown>([
      ['b', 1],
      ['a', 2],
    ]);
    expect([...(dictFunctions.keys!.impl(m) as string[])]).toEqual(['a', 'b']);
    expect(dictFunctions.values!.impl(m)).toEqual([2, 1]);
  });

  it('merge stops at absurd nesting instead of overflowing the stack', () => {
    const a = new Map<string, unknown>();
    a.set('self', a);
    const b = new Map<string, unknown>([['self', new Map()]]);
    (b.get('self') as Map<string, unknown>).set('self', b);
    expect(() => dictFunctions.mustMerge!.impl(b, a)).toThrow(/nested deeper/);
  });
});

/** Multi-statement templates: mutation through one reference is visible through the others. */
const mutationCase: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(dictExprArb, dictExprArb, fc.constantFrom('merge', 'mergeOverwrite', 'mustMerge', 'mustMergeOverwrite'))
    .map(
      ([d, s, f]) =>
        `{{ $d := ${d} }}{{ $s := ${s} }}{{ $r := ${f} $d $s }}{{ printf "%#v|%#v|%#v" $r $d $s | printf "%q" }}`,
    ),
  fc
    .tuple(dictExprArb, dictExprArb, fc.constantFrom('merge', 'mergeOverwrite'))
    .map(
      ([d, t, f]) =>
        `{{ $n := dict "x" 1 }}{{ $d := ${d} }}{{ $_ := ${f} $d (dict "n" $n) ${t} }}{{ $_ := set $n "zz" 1 }}{{ printf "%#v" $d | printf "%q" }}`,
    ),
  fc
    .tuple(dictExprArb, fc.constantFrom('a', 'b', 'n', 'zz'), valueExprArb)
    .map(
      ([d, k, v]) =>
        `{{ $d := ${d} }}{{ $c := deepCopy $d }}{{ $_ := set $d "${k}" ${v} }}{{ $_ := unset $c "a" }}{{ printf "%#v|%#v" $d $c | printf "%q" }}`,
    ),
);

const okCase: fc.Arbitrary<string> = fc.oneof(
  fc.array(valueExprArb, { maxLength: 5 }).map((xs) => `{{ dict ${xs.join(' ')} | printf "%#v" | printf "%q" }}`),
  fc
    .tuple(dictExprArb, fc.constantFrom('a', 'b', 'n', 'zz'))
    .map(([d, k]) => `{{ printf "%#v %v" (get ${d} "${k}") (hasKey ${d} "${k}") | printf "%q" }}`),
  fc
    .tuple(fc.constantFrom('a', 'b', 'n'), fc.array(dictExprArb, { maxLength: 3 }))
    .map(([k, ds]) => `{{ pluck "${k}" ${ds.join(' ')} | printf "%#v" | printf "%q" }}`),
  fc
    .tuple(dictExprArb, fc.array(fc.constantFrom('"a"', '"b"', '"n"', '"zz"'), { maxLength: 3 }))
    .map(([d, ks]) => `{{ printf "%#v %#v" (pick ${d} ${ks.join(' ')}) (omit ${d} ${ks.join(' ')}) | printf "%q" }}`),
  fc
    .array(dictExprArb, { maxLength: 3 })
    .map((ds) => `{{ keys ${ds.join(' ')} | sortAlpha | printf "%#v" | printf "%q" }}`),
  dictExprArb.map((d) => `{{ printf "%d %#v" (len (values ${d})) (values ${d} | sortAlpha) | printf "%q" }}`),
  fc
    .tuple(
      fc.array(fc.constantFrom('"a"', '"b"', '"n"', '"c"'), { minLength: 1, maxLength: 3 }),
      valueExprArb,
      dictExprArb,
    )
    .map(([ks, def, d]) => `{{ $r := dig ${ks.join(' ')} ${def} ${d} }}{{ printf "%T" $r }}`),
  dictExprArb.map((d) => `{{ $r := deepCopy ${d} }}{{ printf "%#v" $r | printf "%q" }}`),
  valueExprArb.map((v) => `{{ $r := mustDeepCopy ${v} }}{{ printf "%T %#v" $r $r | printf "%q" }}`),
  mutationCase,
);

describe.skipIf(!HELM_READY)(`dict functions against helm (${HELM_READY ? 'differential' : SKIP_REASON})`, () => {
  for (const compat of ['helm3', 'helm4'] as const) {
    it(`${compat}: generated dict expressions and mutations`, async () => {
      // dig on non-map steps fails: keep those out of the big batch by printing only when they work.
      const cases = sample(okCase, 450, compat === 'helm3' ? 21 : 22).filter((t) => ours(t, compat).ok);
      const ms = await differential(cases, compat);
      expect(ms, describeMismatches(ms)).toEqual([]);
      expect(cases.length).toBeGreaterThan(350);
    });
    it(`${compat}: generated failing dict expressions`, async () => {
      const failing = sample(okCase, 450, compat === 'helm3' ? 21 : 22)
        .filter((t) => !ours(t, compat).ok)
        .slice(0, 12);
      const ms = await differential(failing, compat);
      expect(ms, describeMismatches(ms)).toEqual([]);
    });
  }
});
