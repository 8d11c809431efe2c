/**
 * Non-finite floats in Chart.yaml, requirements.yaml and the lock files: sigs.k8s.io/yaml turns a
 * float bound for a string field into a string while converting YAML to JSON, and encoding/json
 * refuses the first one left elsewhere, in key order. The same in helm 3 and helm 4 (helm 4 also
 * reads a root Chart.yaml into a struct with `apiVersion` alone first). Every expected text is what
 * helm 3.17.3 and 4.1.4 printed after `cannot load <file>: `.
 */
import { describe, expect, it } from 'vitest';
import type { ChartMetadata } from '../../src/helm/chart.js';
import { chartBaseApiVersion, checkLock, parseMetadata } from '../../src/helm/chart-yaml.js';
import type { Compat } from '../../src/helm/strvals.js';

const BASE = 'apiVersion: v2\nname: c\nversion: 0.1.0\n';
const unsupported = (v: string) => `error converting YAML to JSON: json: unsupported value: ${v}`;

/** The error text of a decode, or 'ok'. */
function outcome(decode: () => unknown): string {
  try {
    decode();
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  }
}

const metadata = (extra: string, compat: Compat) => outcome(() => parseMetadata(`${BASE}${extra}\n`, compat));

describe.each(['helm3', 'helm4'] as const)('non-finite floats in Chart.yaml (%s)', (compat) => {
  it('fails outside string fields with the first in key order', () => {
    expect(metadata('x: .inf', compat)).toBe(unsupported('+Inf'));
    expect(metadata('x: -.Inf', compat)).toBe(unsupported('-Inf'));
    expect(metadata('x: .nan', compat)).toBe(unsupported('NaN'));
    expect(metadata('x: {y: [1, .inf]}', compat)).toBe(unsupported('+Inf'));
    expect(metadata('x: {b: .inf, a: -.inf}', compat)).toBe(unsupported('-Inf'));
    expect(metadata('x: .inf\na: .nan', compat)).toBe(unsupported('NaN'));
    expect(metadata('maintainers: [{name: a, extra: .inf}]', compat)).toBe(unsupported('+Inf'));
    expect(metadata('dependencies: [{name: d, import-values: [.inf]}]', compat)).toBe(unsupported('+Inf'));
    expect(metadata('dependencies: [{name: d, tags: [.nan], extra: -.inf}]', compat)).toBe(unsupported('-Inf'));
  });

  it('fails for fields that are no strings, before their type is checked', () => {
    expect(metadata('deprecated: .inf', compat)).toBe(unsupported('+Inf'));
    expect(metadata('dependencies: [{name: d, enabled: .nan}]', compat)).toBe(unsupported('NaN'));
    expect(metadata('annotations: .inf', compat)).toBe(unsupported('+Inf'));
    expect(metadata('annotations: {a: [.inf]}', compat)).toBe(unsupported('+Inf'));
    expect(metadata('icon: [.inf]', compat)).toBe(unsupported('+Inf'));
    expect(metadata('maintainers: .inf', compat)).toBe(unsupported('+Inf'));
  });

  it('makes strings of them in string fields, matched as encoding/json matches names', () => {
    const md = parseMetadata(
      `${BASE}Description: .nan\nannotations: {a: .inf}\nsources: [.inf]\nkeywords: [a, -.inf]\ntags: .inf\n` +
        'maintainers: [{name: .inf}]\ndependencies: [{name: .inf, version: .inf, condition: .inf, alias: .nan}]\n',
      compat,
    );
    expect(md).toMatchObject({
      description: 'NaN',
      annotations: { a: '+Inf' },
      sources: ['+Inf'],
      keywords: ['a', '-Inf'],
      tags: '+Inf',
      maintainers: [{ name: '+Inf' }],
      dependencies: [{ name: '+Inf', version: '+Inf', condition: '+Inf', alias: 'NaN' }],
    });
  });

  it('decodes requirements.yaml the same way, over the metadata', () => {
    const base = { apiVersion: 'v1', name: 'c', version: '0.1.0' } as ChartMetadata;
    expect(parseMetadata('description: -.inf\n', compat, base).description).toBe('-Inf');
    expect(outcome(() => parseMetadata('x: .inf\n', compat, base))).toBe(unsupported('+Inf'));
  });

  it('checks the lock files: generated is a time.Time, which decodes itself', () => {
    expect(outcome(() => checkLock('generated: .inf\n', compat))).toBe(unsupported('+Inf'));
    expect(outcome(() => checkLock('x: .nan\n', compat))).toBe(unsupported('NaN'));
    expect(outcome(() => checkLock('dependencies: [{name: d, extra: .inf}]\n', compat))).toBe(unsupported('+Inf'));
    expect(outcome(() => checkLock('digest: .inf\ndependencies: [{name: d, version: .inf}]\n', compat))).toBe('ok');
  });

  it('reports a null key before any non-finite float', () => {
    expect(metadata('x: .inf\nnull: 1', compat)).toBe(
      'error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: 1',
    );
  });
});

describe("helm 4's first read of a root Chart.yaml", () => {
  it('fails on a non-finite float anywhere but apiVersion', () => {
    expect(outcome(() => chartBaseApiVersion(`${BASE}description: .inf\n`))).toBe(unsupported('+Inf'));
    expect(outcome(() => chartBaseApiVersion(`${BASE}annotations: {a: .nan}\n`))).toBe(unsupported('NaN'));
  });

  it('makes a string of a non-finite apiVersion', () => {
    expect(chartBaseApiVersion('apiVersion: .inf\nname: c\n')).toBe('+Inf');
    expect(chartBaseApiVersion('APIVERSION: -.inf\n')).toBe('-Inf');
  });
});
