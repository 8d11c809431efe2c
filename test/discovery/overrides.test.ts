/**
 * `--set` parsing, coercion and application (spec §6.3–§6.4), the kube version rule (spec §6.6,
 * §11 case 19), repository rewrites, and the yaml.v3-style reading of catalog YAML.
 */

import { describe, expect, it } from 'vitest';
import { kubeVersionFromConstraints } from '../../src/discovery/kube-version.js';
import {
  applyMapOverrides,
  buildOverrideLookup,
  coerceSetValue,
  effectiveOverrides,
  parseGoBool,
  parseSetFlag,
} from '../../src/discovery/overrides.js';
import { parseRepositoryRewrite, rewriteRepository } from '../../src/discovery/rewrite.js';
import { mergeValues } from '../../src/discovery/values.js';
import { parseValuesYaml, parseYamlDocument, resolvePlain, toValue } from '../../src/discovery/yamlv3.js';
import { tryParseFloat } from '../../src/gotemplate/strconv.js';

const throwsMessage = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
};

describe('--set syntax (spec §6.4)', () => {
  it('splits at the first colon and the first equals sign', () => {
    expect(parseSetFlag('gpuoperator:driver.version=570.86.16')).toEqual({
      component: 'gpuoperator',
      path: 'driver.version',
      value: '570.86.16',
    });
    expect(parseSetFlag('a:b=c:d=e')).toEqual({ component: 'a', path: 'b', value: 'c:d=e' });
    expect(parseSetFlag('awsefa:image.repository=123.dkr.ecr.eu-west-1.amazonaws.com/eks/x').value).toBe(
      '123.dkr.ecr.eu-west-1.amazonaws.com/eks/x',
    );
  });
  it('reports the spec error texts', () => {
    expect(throwsMessage(() => parseSetFlag('noColon=1'))).toBe(
      `invalid format "noColon=1": expected 'component:path' or 'component:path=value'`,
    );
    expect(throwsMessage(() => parseSetFlag('a:path'))).toBe(
      `invalid format "a:path": --set requires 'bundler:path=value'`,
    );
    expect(throwsMessage(() => parseSetFlag('a:b='))).toBe('invalid format "a:b=": value cannot be empty');
    for (const bad of ['a:x..y=1', 'a:list[0]=1', 'a:{{x}}=1', 'a:-x=1', 'a:x y=1']) {
      expect(throwsMessage(() => parseSetFlag(bad))).toMatch(
        /^invalid path segment ".*" in ".*": must contain only alphanumeric, dot, hyphen, or underscore characters$/,
      );
    }
  });
  it('checks like aicr ComponentPath.Parse: empties first, then the value, then segments, then the missing value', () => {
    // One message for an empty component or path, checked before anything else after the colon.
    for (const bad of [':b=1', 'a:=1', 'a:', ':', ':b']) {
      expect(throwsMessage(() => parseSetFlag(bad))).toBe(
        `invalid format ${JSON.stringify(bad)}: component and path cannot be empty`,
      );
    }
    // Only an empty string is empty: blanks are names like any other.
    expect(parseSetFlag(' :b=1')).toEqual({ component: ' ', path: 'b', value: '1' });
    // The segment message names the whole flag, and comes before the missing-value message.
    expect(throwsMessage(() => parseSetFlag('gpu:a..b=1'))).toBe(
      'invalid path segment "" in "gpu:a..b=1": must contain only alphanumeric, dot, hyphen, or underscore characters',
    );
    expect(throwsMessage(() => parseSetFlag('gpu:a..b'))).toBe(
      'invalid path segment "" in "gpu:a..b": must contain only alphanumeric, dot, hyphen, or underscore characters',
    );
    // Texts quote like Go's %q.
    expect(throwsMessage(() => parseSetFlag('tab\there'))).toBe(
      `invalid format "tab\\there": expected 'component:path' or 'component:path=value'`,
    );
    expect(throwsMessage(() => parseSetFlag('a:"q"=1'))).toBe(
      'invalid path segment "\\"q\\"" in "a:\\"q\\"=1": must contain only alphanumeric, dot, hyphen, or underscore characters',
    );
  });
});

describe('--set value coercion (spec §6.3)', () => {
  it('follows AICR: exact booleans, int64, Go floats, else the string', () => {
    expect(coerceSetValue('true')).toBe(true);
    expect(coerceSetValue('false')).toBe(false);
    expect(coerceSetValue('True')).toBe('True');
    expect(coerceSetValue('42')).toBe(42);
    expect(coerceSetValue('-7')).toBe(-7);
    expect(coerceSetValue('007')).toBe(7);
    expect(coerceSetValue('+5')).toBe(5);
    expect(coerceSetValue('1.5')).toBe(1.5);
    expect(coerceSetValue('1.0')).toBe(1);
    expect(coerceSetValue('1e3')).toBe(1000);
    expect(coerceSetValue('0.19')).toBe(0.19);
    expect(coerceSetValue('Inf')).toBe(Number.POSITIVE_INFINITY);
    expect(coerceSetValue('NaN')).toBeNaN();
    expect(coerceSetValue('null')).toBe('null');
    expect(coerceSetValue('v25.3.0')).toBe('v25.3.0');
    expect(coerceSetValue('570.86.16')).toBe('570.86.16');
    expect(coerceSetValue('{a,b}')).toBe('{a,b}');
    expect(coerceSetValue('0x10')).toBe('0x10');
    // Beyond int64 the integer parse fails and the float parse takes it.
    expect(coerceSetValue('9223372036854775808')).toBe(2 ** 63);
    expect(coerceSetValue('1e400')).toBe('1e400');
  });
  it('parses floats like Go strconv.ParseFloat', () => {
    expect(tryParseFloat('1_000.5')).toBe(1000.5);
    expect(tryParseFloat('1__0')).toBeUndefined();
    expect(tryParseFloat('0x1p-2')).toBe(0.25);
    expect(tryParseFloat('0x1.8p1')).toBe(3);
    expect(tryParseFloat('.5')).toBe(0.5);
    expect(tryParseFloat('5.')).toBe(5);
    expect(tryParseFloat('-infinity')).toBe(Number.NEGATIVE_INFINITY);
    expect(tryParseFloat('+nan')).toBeUndefined();
    expect(tryParseFloat('1e')).toBeUndefined();
  });
  it('parses booleans like Go strconv.ParseBool', () => {
    expect(['1', 't', 'T', 'TRUE', 'true', 'True'].map(parseGoBool)).toEqual(Array(6).fill(true));
    expect(['0', 'f', 'F', 'FALSE', 'false', 'False'].map(parseGoBool)).toEqual(Array(6).fill(false));
    expect(parseGoBool('yes')).toBeUndefined();
  });
});

describe('applying overrides (spec §6.3)', () => {
  it('creates maps, applies shallowest first and aggregates errors', () => {
    const values = parseValuesYaml('a: 1\nlist: [1]\n', 'v.yaml');
    applyMapOverrides(
      values,
      new Map([
        ['x.y.z', '1'],
        ['x.w', 'on'],
      ]),
    );
    expect(values).toEqual({ a: 1, list: [1], x: { w: 'on', y: { z: 1 } } });
    const msg = throwsMessage(() =>
      applyMapOverrides(
        values,
        new Map([
          ['list.0', 'a'],
          ['a.b', 'c'],
        ]),
      ),
    );
    expect(msg).toBe(
      'failed to apply map overrides: a.b=c: failed to resolve override path: path segment "a" exists but is not a map (type: int); list.0=a: failed to resolve override path: path segment "list" exists but is not a map (type: []interface {})',
    );
  });
  it('lets the canonical name win over aliases, then earlier aliases', () => {
    const lookup = buildOverrideLookup([
      parseSetFlag('alias2:p=3'),
      parseSetFlag('alias1:p=2'),
      parseSetFlag('name:q=1'),
      parseSetFlag('alias2:q=9'),
      parseSetFlag('name:p=1'),
      parseSetFlag('name:p=last'),
    ]);
    expect([...effectiveOverrides(lookup, ['name', 'alias1', 'alias2'])].sort()).toEqual([
      ['p', 'last'],
      ['q', '1'],
    ]);
    expect([...effectiveOverrides(lookup, ['other', 'alias1', 'alias2'])].sort()).toEqual([
      ['p', '2'],
      ['q', '9'],
    ]);
  });
});

describe('kube version (spec §6.6, §11 case 19 [newest])', () => {
  const kv = (value?: string) =>
    kubeVersionFromConstraints(value === undefined ? [] : [{ name: 'K8s.server.version', value }]);
  it('defaults and floors at 1.33.0', () => {
    expect(kv()).toBe('1.33.0');
    expect(kubeVersionFromConstraints([{ name: 'OS.release.ID', value: 'ubuntu' }])).toBe('1.33.0');
    expect(kv('>= 1.32.4')).toBe('1.33.0');
    expect(kv('>= 1.25')).toBe('1.33.0');
    expect(kv('1.34.0')).toBe('1.34.0');
    expect(kv('>= v1.32.0')).toBe('1.33.0');
    expect(kv('>= 1.34')).toBe('1.34');
    expect(kv('>= v1.35.1 <2.0')).toBe('1.35.1');
    expect(kv('>= ')).toBe('1.33.0');
    expect(kv('~> latest')).toBe('1.33.0');
    expect(kv('1.33.0-rc.1')).toBe('1.33.0');
  });
  it('matches aicr TestKubeVersionFromConstraints', () => {
    expect(kv('>= 1')).toBe('1.33.0');
    expect(kv('>= 1.33.0-0')).toBe('1.33.0');
    expect(kv('1.33.0')).toBe('1.33.0');
    expect(kv('>= 1.34.0')).toBe('1.34.0');
    expect(kv('>= v1.34.1')).toBe('1.34.1');
    expect(kv('not-a-version')).toBe('1.33.0');
  });
  it('reads versions as Masterminds semver NewVersion does', () => {
    expect(kv('>= 1.34.0-rc.1+build.5')).toBe('1.34.0-rc.1+build.5');
    // Masterminds v3.4.0 (aicr's and helm 4.1.4's) NewVersion reads leading zeros in the numeric
    // parts (`semver "02.0"` is 2.0.0 in helm 4), and the text is passed on as written.
    expect(kv('>= 02.0')).toBe('02.0');
    expect(kv('>= 1.034')).toBe('1.034');
    // Rejected by NewVersion, so the default: a leading zero in a numeric pre-release identifier,
    // empty identifiers, and parts beyond uint64.
    expect(kv('>= 1.34.0-01')).toBe('1.33.0');
    expect(kv('>= 1.34.0-rc..1')).toBe('1.33.0');
    expect(kv('>= 1.34.0+')).toBe('1.33.0');
    expect(kv('>= 1.34.0+a..b')).toBe('1.33.0');
    expect(kv('>= 18446744073709551616.0')).toBe('1.33.0');
    expect(kv('>= 1.34.0-0a')).toBe('1.34.0-0a');
  });
  it('uses the first matching constraint', () => {
    expect(
      kubeVersionFromConstraints([
        { name: 'K8s.server.version', value: '>= 1.36' },
        { name: 'K8s.server.version', value: '>= 1.40' },
      ]),
    ).toBe('1.36');
  });
});

describe('--repository-rewrite', () => {
  const rules = [
    'https://charts.example.com=http://127.0.0.1:8879/charts',
    'oci://ghcr.io/nvidia=oci://127.0.0.1:5000/nv',
  ].map(parseRepositoryRewrite);
  it('rewrites whole-segment prefixes, longest first', () => {
    expect(rewriteRepository('https://charts.example.com', rules)).toBe('http://127.0.0.1:8879/charts');
    expect(rewriteRepository('https://charts.example.com/sub', rules)).toBe('http://127.0.0.1:8879/charts/sub');
    expect(rewriteRepository('https://charts.example.community', rules)).toBe('https://charts.example.community');
    expect(rewriteRepository('oci://ghcr.io/nvidia/kai', rules)).toBe('oci://127.0.0.1:5000/nv/kai');
    expect(rewriteRepository('oci://ghcr.io/other', rules)).toBe('oci://ghcr.io/other');
  });
  it('rejects malformed rules', () => {
    expect(throwsMessage(() => parseRepositoryRewrite('nothing'))).toMatch(/expected FROM=TO/);
    expect(throwsMessage(() => parseRepositoryRewrite('ftp://x=http://y'))).toMatch(
      /must start with http:\/\/, https:\/\/ or oci:\/\//,
    );
  });
});

describe('catalog YAML is read like yaml.v3', () => {
  it('resolves plain scalars with YAML 1.2 booleans and Go number syntax', () => {
    expect(['yes', 'on', 'y', 'off', 'No'].map(resolvePlain)).toEqual(['yes', 'on', 'y', 'off', 'No']);
    expect(['true', 'True', 'TRUE', 'false', '~', 'null', 'NULL', ''].map(resolvePlain)).toEqual([
      true,
      true,
      true,
      false,
      null,
      null,
      null,
      null,
    ]);
    expect(['0x10', '0o10', '010', '08', '1_000', '+12', '.5', '5.', '1e3', '-0b11'].map(resolvePlain)).toEqual([
      16, 8, 8, 8, 1000, 12, 0.5, 5, 1000, -3,
    ]);
    expect(resolvePlain('.inf')).toBe(Number.POSITIVE_INFINITY);
    expect(resolvePlain('2001-12-14')).toBe('2001-12-14');
    expect(resolvePlain('1.2.3')).toBe('1.2.3');
  });
  it('follows anchors, aliases and merge keys (explicit keys win)', () => {
    const v = toValue(
      parseYamlDocument(
        'base: &b {x: 1, y: 2}\nother: &o {z: 3}\nm:\n  <<: [*b, *o]\n  y: 9\nalias: *b\nq: "010"\nt: !!str 12\n',
        'v.yaml',
      ),
    );
    expect(v).toEqual({
      base: { x: 1, y: 2 },
      other: { z: 3 },
      m: { y: 9, x: 1, z: 3 },
      alias: { x: 1, y: 2 },
      q: '010',
      t: '12',
    });
  });
  it('bounds alias expansion and names positions in errors', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [*${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}]`,
      );
    expect(throwsMessage(() => parseValuesYaml(bomb.join('\n'), 'bomb.yaml'))).toMatch(/too many nodes/);
    expect(throwsMessage(() => parseValuesYaml('a: 1\na: 2\n', 'dup.yaml'))).toMatch(
      /^dup\.yaml:2:1: invalid YAML: Map keys must be unique/,
    );
    expect(throwsMessage(() => parseValuesYaml('- 1\n', 'list.yaml'))).toBe(
      'list.yaml:1:1: a values file must be a YAML mapping',
    );
    expect(parseValuesYaml('# only a comment\n', 'c.yaml')).toEqual({});
  });
  it('merges values with null deletes and list replacement (spec §6.1)', () => {
    const dst = parseValuesYaml('a: {b: 1, c: 2}\nl: [1, 2]\nd: x\n', 'd.yaml');
    mergeValues(dst, parseValuesYaml('a: {c: null, e: 3}\nl: [3]\nd: {n: 1}\nnew: {k: null}\n', 's.yaml'));
    expect(dst).toEqual({ a: { b: 1, e: 3 }, l: [3], d: { n: 1 }, new: { k: null } });
  });
});
