/**
 * Differential tests of src/sprig/semver.ts against Masterminds/semver inside the real helm
 * binaries: helm3 (semver v3.3.0) and helm4 (semver v3.4.0). Every expectation comes from helm.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  newConstraintViaRe2,
  parseConstraint,
  parseVersion,
  type SemverCompat,
  SemverError,
  semverCompare,
  tryParseVersion,
} from '../src/sprig/semver.js';
import { goString, helmAvailable, type LineResult, renderLines } from './support/helm-render.js';

const SEED = Number(process.env.SEMVER_SEED ?? 20261127);

/** The pairs of helm-semantics.md §4.11. */
const DOC_PAIRS: Array<[string, string]> = [
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
  ['>=1.20-0', 'v1.21.5-gke.1302'],
  ['>=1.20', 'v1.21.5-gke.1302'],
  ['>=1.20.0', 'v1.21.5+k3s1'],
  ['>=1.21-0', 'v1.32.0'],
];

/** Hand-picked edges: wildcards, prerelease grouping, range rewriting quirks, odd spacing. */
const EDGE_PAIRS: Array<[string, string]> = [
  ['^*', '1.0.0'],
  ['~*', '1.0.0'],
  ['*', '1.0.0-beta'],
  ['*-0', '1.0.0-beta'],
  ['>=1.0.0-0, <2.0.0', '1.5.0-beta'],
  ['!=1.2.3', '1.5.0-beta'],
  ['!=1.2.x', '1.2.5-beta'],
  ['!=1.2.x-0', '1.2.5-beta'],
  ['1 - 2 3', '2.5.0'],
  ['1 - 2 3', '23.5.0'],
  ['1.2.3 - 1.4 || 2', '2.0.0'],
  ['1.2.3 - 1.4.0-1', '1.3.0'],
  ['  >=  1.2  ', '1.2.0'],
  ['>=1.2,<1.3', '1.2.9'],
  ['>=1.2 , <1.3', '1.2.9'],
  ['~0.0.0', '0.0.5'],
  ['^0.0', '0.0.9'],
  ['^0', '0.9.0'],
  ['^0.0.3', '0.0.4'],
  ['~1', '1.9.9'],
  ['>1.x', '2.0.0'],
  ['<=1.x', '1.99.0'],
  ['<=1.2.x', '1.2.99'],
  ['>=v1.2.3+meta', '1.2.3'],
  ['4294967296.x', '4294967296.1.1'],
  ['=1.2.3', '1.2.3+build'],
  ['1.2.3-alpha.10', '1.2.3-alpha.10'],
  ['>1.2.3-alpha.9', '1.2.3-alpha.10'],
  ['>1.2.3-alpha', '1.2.3-alpha.1'],
  ['>1.2.3-1', '1.2.3-a'],
  ['>1.2.3-99999999999999999999', '1.2.3-a'],
  ['x.X.*', '0.0.0'],
  ['=>1.0, =<2.0', '2.0.5'],
  ['~>1.2.3', '1.2.9'],
  ['01.2.3', '1.2.3'],
];

/** Inputs that make helm fail: constraint errors win over version errors (constraint is parsed first). */
const ERROR_PAIRS: Array<[string, string]> = [
  ['!!', '1.2.3'],
  ['', '1.0.0'],
  ['>1x', '1.0.0'],
  ['>1|2', '1.0.0'],
  ['>=1.2', 'notaversion'],
  ['>=1.2', ''],
  ['>=1.2', ' 1.2.3'],
  ['>=1.2', 'V1.2.3'],
  ['>=1.2', '1.2.3.4'],
  ['>=1.2', '1.2.3-01'],
  ['>=1.2', '1.2.3+'],
  ['>=1.2', '1.2.3-a..b'],
  ['>=1.2', '99999999999999999999'],
  ['>=1.2', '1.99999999999999999999'],
  ['>99999999999999999999', '1.0.0'],
  ['>=1.2 <', '1.0.0'],
  ['1.2.3 -', '1.0.0'],
  ['>= 1.2 || ', '1.0.0'],
  ['>=1.0.0-01', '1.0.0'],
  ['>=1.2', '1.2.3-a_b'],
  ['a', 'notaversion'],
];

const num = fc.constantFrom('0', '1', '2', '3', '10');
const wild = fc.constantFrom('x', 'X', '*');
const pre = fc.constantFrom('0', 'alpha', 'alpha.1', 'beta', 'beta.2', 'rc.1', '1', 'a-b', 'gke.1302', '2.alpha');
const meta = fc.constantFrom('b5', 'k3s1', '001', 'x.y');

const constraintVersion = fc
  .tuple(
    fc.constantFrom('', 'v'),
    fc.oneof(num, wild),
    fc.option(fc.oneof({ weight: 3, arbitrary: num }, { weight: 1, arbitrary: wild })),
    fc.option(fc.oneof({ weight: 3, arbitrary: num }, { weight: 1, arbitrary: wild })),
    fc.option(pre, { freq: 4 }),
    fc.option(meta, { freq: 8 }),
  )
  .map(([v, a, b, c, p, m]) => {
    let s = v + a;
    if (b !== null) {
      s += `.${b}`;
      if (c !== null) s += `.${c}`;
    }
    if (p !== null) s += `-${p}`;
    if (m !== null) s += `+${m}`;
    return s;
  });

const op = fc.constantFrom('', '=', '!=', '>', '<', '>=', '=>', '<=', '=<', '~', '~>', '^');
const comparator = fc.tuple(op, fc.constantFrom('', '', ' '), constraintVersion).map(([o, sp, v]) => `${o}${sp}${v}`);
const hyphen = fc.tuple(constraintVersion, constraintVersion).map(([a, b]) => `${a} - ${b}`);
const andGroup = fc.oneof(
  { weight: 4, arbitrary: fc.array(comparator, { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: hyphen.map((h) => [h]) },
);
const constraint = fc
  .tuple(
    fc.array(fc.tuple(andGroup, fc.constantFrom(', ', ' ', ',')), { minLength: 1, maxLength: 2 }),
    fc.constantFrom(' || ', '||'),
  )
  .map(([groups, orSep]) => groups.map(([cs, sep]) => cs.join(sep)).join(orSep));

const version = fc
  .tuple(
    fc.constantFrom('', '', 'v'),
    num,
    fc.option(num, { freq: 8 }),
    fc.option(num, { freq: 8 }),
    fc.option(pre, { freq: 3 }),
    fc.option(meta, { freq: 6 }),
  )
  .map(([v, a, b, c, p, m]) => {
    let s = `${v}${a}`;
    if (b !== null) {
      s += `.${b}`;
      if (c !== null) s += `.${c}`;
    }
    if (p !== null) s += `-${p}`;
    if (m !== null) s += `+${m}`;
    return s;
  });

function ours(c: string, v: string, compat: SemverCompat): LineResult {
  try {
    return { ok: true, text: String(semverCompare(c, v, compat)) };
  } catch (err) {
    if (err instanceof SemverError) return { ok: false, error: err.message };
    throw err;
  }
}

const skip = !helmAvailable();
if (skip)
  console.warn('semver differential tests skipped: .helm/helm3 or .helm/helm4 missing (run `npm run setup:helm`)');

describe.skipIf(skip)('semverCompare matches helm', () => {
  const generated = fc.sample(fc.tuple(constraint, version), { seed: SEED, numRuns: 600 });
  const pairs: Array<[string, string]> = [...DOC_PAIRS, ...EDGE_PAIRS, ...generated];

  for (const compat of ['helm3', 'helm4'] as const) {
    it(`${pairs.length} constraint/version pairs, ${compat}`, async () => {
      const expected = await renderLines(
        compat,
        pairs.map(([c, v]) => `{{ semverCompare ${goString(c)} ${goString(v)} }}`),
      );
      const mismatches = pairs
        .map(([c, v], i) => ({ c, v, helm: expected[i]!, ours: ours(c, v, compat) }))
        .filter((r) => JSON.stringify(r.helm) !== JSON.stringify(r.ours));
      expect(mismatches).toEqual([]);
    });

    it(`error texts, ${compat}`, async () => {
      const expected = await renderLines(
        compat,
        ERROR_PAIRS.map(([c, v]) => `{{ semverCompare ${goString(c)} ${goString(v)} }}`),
      );
      expect(expected.every((r) => !r.ok)).toBe(true);
      expect(ERROR_PAIRS.map(([c, v]) => ours(c, v, compat))).toEqual(expected);
    });
  }

  it('the §4.11 table reads true true false false true true false true true true', () => {
    const got = DOC_PAIRS.slice(0, 10).map(([c, v]) => semverCompare(c, v, 'helm3'));
    expect(got).toEqual([true, true, false, false, true, true, false, true, true, true]);
  });
});

describe.skipIf(skip)('semver printing matches helm', () => {
  const texts = [
    '1.2.3-alpha.1+b5',
    'v1.2',
    '1',
    'v0',
    '01.02.03',
    '4294967296.1.1',
    '18446744073709551615.0.0',
    '1.2.3-0a1',
    '1.2.3-x-y.z+001',
    ...fc.sample(version, { seed: SEED + 1, numRuns: 60 }),
  ];
  const comparePairs = fc.sample(fc.tuple(version, version), { seed: SEED + 2, numRuns: 150 });

  for (const compat of ['helm3', 'helm4'] as const) {
    it(`fields and String(), ${compat}`, async () => {
      const expected = await renderLines(
        compat,
        texts.map(
          (t) =>
            `{{ $v := semver ${goString(t)} }}{{ $v }} {{ $v.Major }} {{ $v.Minor }} {{ $v.Patch }} {{ $v.Prerelease }} {{ $v.Metadata }} {{ $v.Original }}`,
        ),
      );
      const got = texts.map((t): LineResult => {
        const v = tryParseVersion(t, { compat });
        if (!v) return { ok: false, error: '' };
        return {
          ok: true,
          text: `${v} ${v.major} ${v.minor} ${v.patch} ${v.prerelease} ${v.metadata} ${v.original()}`,
        };
      });
      expect(got).toEqual(expected.map((r) => (r.ok ? r : { ok: false, error: '' })));
    });

    it(`Compare/LessThan/GreaterThan/Equal, ${compat}`, async () => {
      const expected = await renderLines(
        compat,
        comparePairs.map(([a, b]) => {
          const [x, y] = [`(semver ${goString(a)})`, `(semver ${goString(b)})`];
          return `{{ ${x}.Compare ${y} }} {{ ${x}.LessThan ${y} }} {{ ${x}.GreaterThan ${y} }} {{ ${x}.Equal ${y} }}`;
        }),
      );
      const got = comparePairs.map(([a, b]): LineResult => {
        const x = parseVersion(a, { compat });
        const y = parseVersion(b, { compat });
        return { ok: true, text: `${x.compare(y)} ${x.lessThan(y)} ${x.greaterThan(y)} ${x.equal(y)}` };
      });
      expect(got).toEqual(expected);
    });
  }
});

describe('semver library (no helm needed)', () => {
  it('strict parsing rejects what NewVersion coerces', () => {
    expect(parseVersion('v1.2').toString()).toBe('1.2.0');
    expect(() => parseVersion('v1.2.3', { strict: true })).toThrow('Invalid characters in version');
    expect(() => parseVersion('1.2', { strict: true })).toThrow('Invalid Semantic Version');
    expect(() => parseVersion('01.2.3', { strict: true, compat: 'helm4' })).toThrow('version segment starts with 0');
    expect(() => parseVersion('', { strict: true, compat: 'helm4' })).toThrow('version string empty');
    expect(parseVersion('1.2.3-rc.1+b', { strict: true }).prerelease).toBe('rc.1');
  });

  it('constraints print in Go normal form', () => {
    expect(parseConstraint('>= 1.2, <2 || 3.x').toString()).toBe('>=1.2 <2 || 3.x');
    expect(parseConstraint('1.2 - 1.4').toString()).toBe('>=1.2 <=1.4');
  });

  it('bounds the work on hostile constraint strings', () => {
    const hostile = `${'1  '.repeat(5000)}!`;
    const started = Date.now();
    expect(() => parseConstraint(hostile)).toThrow(/^improper constraint/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('the native route for lone comparators', () => {
  // Strings near the fast path's edge: operators, whitespace, segments, wildcards, ranges and lists.
  const piece = fc.constantFrom(
    ...['>=', '<=', '=>', '=<', '!=', '~>', '~', '^', '=', '>', '<', ' ', '\t', '\n', '  ', 'v', 'V'],
    ...['0', '1', '2', '10', '01', '1.2', '.', '.3', '-', '-0', '-rc.1', '+b.5', '+', 'x', '*', ',', '||', ' - '],
    ...['a', 'Z', '..', '-.', '1.2.3', '18446744073709551616'],
  );
  const text = fc.array(piece, { maxLength: 7 }).map((p) => p.join(''));
  const versions = ['0.0.0', '1.2.3', '1.2.3-rc.1', '1.21.0', '2.0.0', '1.16.0-0', '10.0.0', '1.2.0'].map((v) =>
    parseVersion(v),
  );
  const outcome = (f: () => ReturnType<typeof parseConstraint>) => {
    try {
      const c = f();
      return { text: c.toString(), checks: versions.map((v) => c.check(v)) };
    } catch (err) {
      return { error: (err as Error).message };
    }
  };

  it('reads every constraint exactly as the RE2 route does', () => {
    fc.assert(
      fc.property(text, fc.constantFrom<'helm3' | 'helm4'>('helm3', 'helm4'), (t, compat) => {
        expect(outcome(() => parseConstraint(t, { compat }))).toEqual(outcome(() => newConstraintViaRe2(t, compat)));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the common forms', () => {
    for (const t of ['1.21.1', '>= 1.16.0-0', '~>2.3', 'v1.2.3-rc.1+build.5', ' ^1 '])
      expect(outcome(() => parseConstraint(t))).toEqual(outcome(() => newConstraintViaRe2(t, 'helm3')));
    // A long run of whitespace before a bad character stays linear.
    const start = performance.now();
    expect(() => parseConstraint(`${' '.repeat(50_000)}#`)).toThrow('improper constraint');
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
