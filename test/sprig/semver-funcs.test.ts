/**
 * `semver` / `semverCompare` (helm-semantics.md §4.11) and the methods of the returned
 * *semver.Version, with generated differential cases against helm 3 and helm 4.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateFunctions } from '../../src/sprig/dates.js';
import { semverFunctions } from '../../src/sprig/semver-funcs.js';
import { serializationFunctions } from '../../src/sprig/serialization.js';
import {
  describeMismatches,
  differential,
  FUNCS,
  goStringLit,
  HELM_READY,
  ours,
  SKIP_REASON,
  sample,
} from './diff-harness.js';

const funcs = { ...FUNCS, ...semverFunctions, ...dateFunctions, ...serializationFunctions };

function render(t: string, compat: 'helm3' | 'helm4' = 'helm3'): string {
  const r = ours(t, compat, funcs);
  return r.ok ? r.text : `ERR ${r.error}`;
}

describe('semver functions (helm-semantics §4.11)', () => {
  it('checks constraints', () => {
    const pairs: [string, string][] = [
      ['>=1.2.3', '1.2.3'],
      ['^1.2', '1.9.0'],
      ['~1.2', '1.3.0'],
      ['>=1.20', '1.21.0-beta.1'],
      ['>=1.20-0', '1.21.0-beta.1'],
      ['1.x', '1.5.0'],
      ['>1, <2', '1.5.0'],
      ['<1 || >=2', '2.0.0'],
      ['1.2.3 - 1.4', '1.4.5'],
      ['=v1.2.3', 'v1.2.3'],
    ];
    const t = pairs.map(([c, v]) => `{{ semverCompare ${goStringLit(c)} ${goStringLit(v)} }}`).join(' ');
    expect(render(t)).toBe('true true false false true true false true true true');
    expect(
      render(
        '{{ semverCompare ">=1.20-0" "v1.21.5-gke.1302" }} {{ semverCompare ">=1.20" "v1.21.5-gke.1302" }} {{ semverCompare ">=1.20.0" "v1.21.5+k3s1" }}',
      ),
    ).toBe('true false true');
  });

  it('reports the library errors of each helm', () => {
    expect(render('{{ semverCompare ">=1.2" "notaversion" }}', 'helm3')).toBe('ERR Invalid Semantic Version');
    expect(render('{{ semverCompare ">=1.2" "notaversion" }}', 'helm4')).toBe('ERR invalid semantic version');
    expect(render('{{ semverCompare "!!" "1.2.3" }}')).toBe('ERR improper constraint: !!');
  });

  it('returns a *semver.Version with Go methods', () => {
    expect(
      render(
        '{{ (semver "1.2.3-alpha.1+b5").Major }} {{ (semver "1.2.3-alpha.1+b5").Prerelease }} {{ (semver "1.2.3-alpha.1+b5").Metadata }} {{ semver "v1.2" }} {{ (semver "1.2.3").Compare (semver "1.3.0") }}',
      ),
    ).toBe('1 alpha.1 b5 1.2.0 -1');
    expect(render('{{ printf "%T" (semver "1.0.0") }} {{ (semver "v1.2").Original }}')).toBe('*semver.Version v1.2');
  });
});

const versionArb = fc.oneof(
  fc.constantFrom(
    '1.2.3',
    'v1.2',
    '1',
    '0.0.0',
    '1.2.3-alpha.1+b5',
    'v2.0.0-rc.1',
    '1.2.3+meta',
    '10.20.30-01',
    '1.2.3-0',
    '18446744073709551615.0.0',
  ),
  fc
    .tuple(
      fc.nat(12),
      fc.nat(12),
      fc.nat(12),
      fc.constantFrom('', '-alpha', '-alpha.1', '-0', '-x.7.z', '-rc.01'),
      fc.constantFrom('', '+b', '+001'),
    )
    .map(([a, b, c, p, m]) => `${a}.${b}.${c}${p}${m}`),
);
const constraintArb = fc.oneof(
  fc.constantFrom(
    '>=1.2.3',
    '^1.2',
    '~1.2',
    '>=1.20-0',
    '1.x',
    '>1, <2',
    '<1 || >=2',
    '1.2.3 - 1.4',
    '*',
    '!=1.2.3',
    '~>1.2',
    '^0.0.1',
    '>= 1.0 < 2.0',
  ),
  fc.tuple(fc.constantFrom('', '=', '>', '<', '>=', '<=', '~', '^', '!='), versionArb).map(([op, v]) => `${op}${v}`),
);

const semverCase: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(constraintArb, versionArb).map(([c, v]) => `{{ semverCompare ${goStringLit(c)} ${goStringLit(v)} }}`),
  fc
    .tuple(
      versionArb,
      fc.constantFrom(
        'Major',
        'Minor',
        'Patch',
        'Prerelease',
        'Metadata',
        'Original',
        'String',
        'IncPatch',
        'IncMinor',
        'IncMajor',
        'MarshalText',
      ),
    )
    .map(([v, m]) => `{{ (semver ${goStringLit(v)}).${m} }}`),
  fc
    .tuple(
      versionArb,
      versionArb,
      fc.constantFrom('Compare', 'LessThan', 'GreaterThan', 'Equal', 'LessThanEqual', 'GreaterThanEqual'),
    )
    .map(([a, b, m]) => `{{ (semver ${goStringLit(a)}).${m} (semver ${goStringLit(b)}) }}`),
  fc
    .tuple(
      versionArb,
      fc.constantFrom('SetPrerelease', 'SetMetadata'),
      fc.constantFrom('', 'a', 'a.b', '01', 'a..b', 'x_y', '0'),
    )
    .map(([v, m, a]) => `{{ (semver ${goStringLit(v)}).${m} ${goStringLit(a)} }}`),
  versionArb.map((v) => `{{ $v := semver ${goStringLit(v)} }}{{ $v }} {{ deepCopy $v }} {{ printf "%T" $v }}`),
  // fmt shows the unexported fields.
  versionArb.map(
    (v) =>
      `{{ printf "%#v|%d|%+v|%#v" (semver ${goStringLit(v)}) (semver ${goStringLit(v)}) (semver ${goStringLit(v)}).IncPatch (semver ${goStringLit(v)}).IncMinor }}`,
  ),
  // The pointer methods that decode into the version return an error value (printed, not failing).
  fc
    .tuple(
      versionArb,
      fc.oneof(
        versionArb.map((v) => `Scan ${goStringLit(v)}`),
        versionArb.map((v) => `UnmarshalText (semver ${goStringLit(v)}).MarshalText`),
        versionArb.map((v) => `UnmarshalJSON (semver ${goStringLit(v)}).MarshalJSON`),
        versionArb.map(
          (v) =>
            `UnmarshalJSON (list ${goStringLit(v)} | toJson | print | list | first | printf "%s" | b64enc | b64dec | semver).MarshalJSON`,
        ),
        fc.constantFrom(
          'Scan 1',
          'Scan nil',
          'Scan "x.y"',
          'UnmarshalText nil',
          'UnmarshalJSON nil',
          'UnmarshalJSON (toDate "2006" "2020").MarshalJSON',
          'UnmarshalJSON (toDate "2006" "2020").MarshalText',
        ),
        // Any JSON text as bytes: AppendFormat copies what is not a layout element (no digits 1-7).
        fc
          .constantFrom(
            ' 98 ',
            ' {} ',
            'true',
            '[8,9]',
            '',
            ' ',
            '{',
            '[true,]',
            'tru',
            '"\\u12"',
            'é',
            '"é" x',
            '"8.8.8"',
            '"x"',
            'null',
            '8e',
          )
          .map((j) => `UnmarshalJSON ((toDate "2006" "2020").AppendFormat nil ${goStringLit(j)})`),
      ),
    )
    .map(
      ([v, call]) =>
        `{{ $v := semver ${goStringLit(v)} }}{{ $e := $v.${call} }}{{ $e }}|{{ printf "%T %#v %d" $e $e $e }}|{{ $v }}|{{ $v.Original }}|{{ toJson $e }}`,
    ),
);

describe.skipIf(!HELM_READY)(`semver functions against helm (${HELM_READY ? 'differential' : SKIP_REASON})`, () => {
  for (const compat of ['helm3', 'helm4'] as const) {
    const seed = compat === 'helm3' ? 51 : 52;
    it(`${compat}: generated semver expressions`, async () => {
      const cases = sample(semverCase, 350, seed).filter((t) => ours(t, compat, funcs).ok);
      expect(cases.length).toBeGreaterThan(200);
      const ms = await differential(cases, compat, funcs);
      expect(ms, describeMismatches(ms)).toEqual([]);
    });
    it(`${compat}: generated semver errors`, async () => {
      const failing = sample(semverCase, 350, seed)
        .filter((t) => !ours(t, compat, funcs).ok)
        .slice(0, 12);
      const ms = await differential(failing, compat, funcs);
      expect(ms, describeMismatches(ms)).toEqual([]);
    });
  }
});
