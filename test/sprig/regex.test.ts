// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Go regexp replacement templates are literal text
/**
 * Sprig regex functions with Go RE2 semantics: helm-semantics.md §4.10 and generated differential
 * cases (Go-only syntax, JavaScript-only syntax that Go rejects, empty matches, unicode, invalid
 * UTF-8, `$` expansion) against helm 3 and helm 4.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PATTERN_BYTES, regexFunctions } from '../../src/sprig/regex.js';
import {
  describeMismatches,
  differential,
  goStringLit,
  HELM_READY,
  ours,
  SKIP_REASON,
  sample,
} from './diff-harness.js';

function render(t: string): string {
  const r = ours(t, 'helm3');
  return r.ok ? r.text : `ERR ${r.error}`;
}

describe('regex functions (helm-semantics §4.10)', () => {
  it.each([
    ['{{ regexMatch "^[a-z]+$" "abc" }} {{ regexMatch "a" "xax" }} {{ regexMatch "^\\\\d+$" "12" }}', 'true true true'],
    ['{{ regexMatch "(" "a" }}', 'false'],
    [
      '{{ regexMatch "(?=a)" "a" }} {{ regexMatch "(?<=a)b" "ab" }} {{ regexMatch "(a)\\\\1" "aa" }}',
      'false false false',
    ],
    [
      '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} {{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }} {{ regexReplaceAllLiteral "a(x*)b" "-ab-" "${1}" }}',
      '-W-xxW- --- -${1}-',
    ],
    ['{{ regexReplaceAll "(?P<first>\\\\w+) (?P<last>\\\\w+)" "John Smith" "${last}, ${first}" }}', 'Smith, John'],
    [
      '{{ regexReplaceAll "b" "abc" "$$" }} {{ regexReplaceAll "b" "abc" "$x" }} {{ regexReplaceAll "(b)" "abc" "$1x" }}',
      'a$c ac ac',
    ],
    ['{{ regexReplaceAll "(a)(b)?" "a" "[$2]" }}', '[]'],
    ['{{ regexReplaceAll "x*" "abc" "-" }}', '-a-b-c-'],
    [
      '{{ regexMatch "(?i)ABC" "abc" }} {{ regexFind "(?s)a.b" "a\\nb" | printf "%q" }} {{ regexMatch "^b$" "a\\nb" }} {{ regexMatch "(?m)^b$" "a\\nb" }}',
      'true "a\\nb" false true',
    ],
    [
      '{{ regexMatch "^\\\\pL+$" "héllo" }} {{ regexMatch "^\\\\w+$" "héllo" }} {{ regexFindAll "[[:digit:]]+" "a1b22c333" -1 }}',
      'true false [1 22 333]',
    ],
    [
      '{{ regexFind "a.*?b" "aXbYb" }} {{ regexFind "\\\\bfoo\\\\b" "a foo b" }} {{ regexFind "\\\\Aab" "abc" }} {{ regexFind "c\\\\z" "abc" }}',
      'aXb foo ab c',
    ],
    [
      '[{{ regexFind "[0-9]+" "ab12cd34" }}][{{ regexFind "z" "ab" }}] {{ regexFindAll "[0-9]" "a1b2c3" 2 }} {{ regexFindAll "[0-9]" "a1b2c3" -1 }} {{ regexFindAll "[0-9]" "a1b2c3" 0 }}',
      '[12][] [1 2] [1 2 3] []',
    ],
    [
      '{{ regexSplit "[,;]" "a,b;c" -1 }} {{ regexSplit "[,;]" "a,b;c" 2 }} {{ regexQuoteMeta "a.b*c" }}',
      '[a b c] [a b;c] a\\.b\\*c',
    ],
    // Go (helm 3.17 and 4.1) accepts a repeated group name; the name means its first group.
    [
      '{{ mustRegexMatch "(?P<n>a)(?P<n>b)" "ab" }} {{ regexFind "(?P<n>a)(?P<n>b)" "xab" }} {{ regexReplaceAll "(?P<n>a)(?<n>b)" "ab" "${n}" }}',
      'true ab a',
    ],
  ])('%s', (t, want) => {
    expect(render(t)).toBe(want);
  });

  it.each([
    ['{{ mustRegexMatch "(" "a" }}', 'ERR error parsing regexp: missing closing ): `(`'],
    ['[{{ regexReplaceAll "(" "ab" "x" }}]', 'ERR regexp: Compile(`(`): error parsing regexp: missing closing ): `(`'],
    ['{{ mustRegexReplaceAll "(?<=a)b" "ab" "x" }}', 'ERR error parsing regexp: invalid named capture: `(?<=a)b`'],
    // From helm 3.17 and 4.1: Go prints the (empty) expression of this error too.
    ['{{ mustRegexMatch "\\\\" "a" }}', 'ERR error parsing regexp: trailing backslash at end of expression: ``'],
  ])('error: %s', (t, want) => {
    expect(render(t)).toBe(want);
  });

  it('bounds pattern size', () => {
    expect(() => regexFunctions.regexMatch!.impl('a'.repeat(MAX_PATTERN_BYTES + 1), 'a')).toThrow(/exceeds the limit/);
  });
});

/** Pattern pieces: Go syntax, unicode classes, JS-only syntax Go rejects, empty-matching atoms. */
const ATOMS = [
  'a',
  'b',
  'é',
  '.',
  '\\d',
  '\\w',
  '\\s',
  '\\b',
  '\\B',
  '\\pL',
  '\\p{Greek}',
  '\\PL',
  '[[:alpha:]]',
  '[[:^digit:]]',
  '[a-c]',
  '[^a]',
  '\\A',
  '\\z',
  '^',
  '$',
  '(?i)',
  '(?s)',
  '(?m)',
  '(?U)',
  '\\Q.*\\E',
  '\\x{e9}',
  '\\x41',
  'x*',
  '(a|b)',
  '(?P<n>a+)',
  '(?<m>b)',
  '(?:ab)',
  '',
  // Not Go syntax: all are errors in Go (re2 rejects lookaround, backreferences, \k, \u, possessive).
  '(?=a)',
  '(?!a)',
  '(?<=a)',
  '\\1',
  '\\k<n>',
  '\\u00e9',
  'a++',
  '[z-a]',
  '(',
  ')',
  'a{2,1}',
  'a{1001}',
  '\\',
  '\\C',
  '[[:foo:]]',
  '\\p{Foo}',
  '(?P=n)',
  '(?#c)',
];
const QUANT = ['', '', '*', '+', '?', '{2}', '{1,3}', '*?', '+?', '{0,}'];

const patternArb = fc
  .array(fc.tuple(fc.constantFrom(...ATOMS), fc.constantFrom(...QUANT)), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.map(([a, q]) => a + q).join(''));

const inputArb = fc.oneof(
  fc.stringMatching(/^[abé1 \n_.xXα]{0,8}$/),
  fc.constantFrom('', 'aaa', 'abab', 'a\nb', 'héllo wörld', 'ΑΒΓ', 'x\udc80y', '\udcff', '😀a😀', 'ab12cd34'),
);
const replArb = fc.constantFrom(
  '-',
  '',
  '$1',
  '${1}',
  '$1W',
  '${n}',
  '$n',
  '$m',
  '$$',
  '$',
  '${',
  '${1',
  '$0',
  '$01',
  '[$2]',
  'é$1é',
);

const show = (e: string): string => `{{ ${e} | printf "%#v" | printf "%q" }}`;

const regexCase: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(patternArb, inputArb).map(([p, s]) => show(`regexMatch ${goStringLit(p)} ${goStringLit(s)}`)),
  fc.tuple(patternArb, inputArb).map(([p, s]) => show(`regexFind ${goStringLit(p)} ${goStringLit(s)}`)),
  fc
    .tuple(patternArb, inputArb, fc.integer({ min: -1, max: 3 }))
    .map(([p, s, n]) => show(`regexFindAll ${goStringLit(p)} ${goStringLit(s)} ${n}`)),
  fc
    .tuple(patternArb, inputArb, replArb)
    .map(([p, s, r]) => show(`regexReplaceAll ${goStringLit(p)} ${goStringLit(s)} ${goStringLit(r)}`)),
  fc
    .tuple(patternArb, inputArb, replArb)
    .map(([p, s, r]) => show(`regexReplaceAllLiteral ${goStringLit(p)} ${goStringLit(s)} ${goStringLit(r)}`)),
  fc
    .tuple(patternArb, inputArb, fc.integer({ min: -1, max: 3 }))
    .map(([p, s, n]) => show(`regexSplit ${goStringLit(p)} ${goStringLit(s)} ${n}`)),
  fc.oneof(patternArb, inputArb).map((s) => show(`regexQuoteMeta ${goStringLit(s)}`)),
);

const mustCase: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(
      'mustRegexMatch',
      'mustRegexFind',
      'mustRegexFindAll',
      'mustRegexReplaceAll',
      'mustRegexReplaceAllLiteral',
      'mustRegexSplit',
    ),
    patternArb,
    inputArb,
  )
  .map(([f, p, s]) => {
    const extra = f.includes('Replace') ? ' "x"' : f.endsWith('All') || f.endsWith('Split') ? ' -1' : '';
    return show(`${f} ${goStringLit(p)} ${goStringLit(s)}${extra}`);
  });

describe.skipIf(!HELM_READY)(`regex functions against helm (${HELM_READY ? 'differential' : SKIP_REASON})`, () => {
  for (const compat of ['helm3', 'helm4'] as const) {
    const seed = compat === 'helm3' ? 31 : 32;
    it(`${compat}: generated patterns that compile`, async () => {
      const all = sample(fc.oneof(regexCase, mustCase), 1500, seed);
      const cases = all.filter((t) => ours(t, compat).ok).slice(0, 550);
      expect(cases.length).toBeGreaterThan(500);
      const ms = await differential(cases, compat);
      expect(ms, describeMismatches(ms)).toEqual([]);
    });
    it(`${compat}: generated patterns that fail (error texts)`, async () => {
      const all = sample(fc.oneof(regexCase, mustCase), 1500, seed);
      const failing = all.filter((t) => !ours(t, compat).ok).slice(0, 16);
      const ms = await differential(failing, compat);
      expect(ms, describeMismatches(ms)).toEqual([]);
    });
  }
});
