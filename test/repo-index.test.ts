/** index.yaml reading: the fast path agrees with a full parse, odd layouts fall back, large indexes are quick. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { indexUrl, resolveChartUrl } from '../src/helm/fetch/repo.js';
import { readChartIndex, selectVersion } from '../src/helm/fetch/repo-index.js';
import { CORPUS_DIR, corpusAvailable } from './support/servers.js';

const enc = (s: string) => new TextEncoder().encode(s);
const read = (text: string, name: string) => readChartIndex(enc(text), name, 'test/index.yaml', () => {}, 'helm3');
const summary = (r: ReturnType<typeof read>) => r.entries?.map((e) => [e.name, e.version, e.urls, e.digest]);

describe.skipIf(!corpusAvailable())('the corpus index', () => {
  const text = corpusAvailable() ? readFileSync(join(CORPUS_DIR, 'index.yaml'), 'utf8') : '';

  it('gives, for every chart, what a full parse gives', () => {
    const full = parse(text) as { entries: Record<string, Array<Record<string, unknown>>> };
    for (const name of Object.keys(full.entries)) {
      const got = read(text, name);
      expect(got.apiVersion).toBe('v1');
      expect(got.entries!.map((e) => e.raw)).toEqual(full.entries[name]);
    }
    expect(read(text, 'nothere').entries).toBeUndefined();
  });

  it('reads the same from the JSON form of the index (full-parse fallback)', () => {
    const json = JSON.stringify(parse(text));
    for (const name of ['grafana', 'agentgateway', 'grove-charts'])
      expect(summary(read(json, name))).toEqual(summary(read(text, name)));
  });
});

describe('layouts and validation', () => {
  const base = `apiVersion: v1
entries:
  demo:
  - name: demo
    version: 1.0.0
    urls: [demo-1.0.0.tgz]
  - name: demo
    version: 2.0.0-rc.1
    urls: [demo-2.0.0-rc.1.tgz]
  - name: demo
    version: not-semver
    urls: [x.tgz]
  - name: demo
    version: 1.5.0
    urls: [demo-1.5.0.tgz]
  other:
  - name: other
    version: 0.1.0
    urls: [other.tgz]
generated: "2026-01-01T00:00:00Z"
`;

  it('sorts newest first and skips invalid entries with a warning', () => {
    const warnings: string[] = [];
    const r = readChartIndex(enc(base), 'demo', 'idx', (m) => warnings.push(m), 'helm3');
    expect(r.entries!.map((e) => e.version)).toEqual(['2.0.0-rc.1', '1.5.0', '1.0.0']);
    expect(warnings).toEqual([
      'skipping loading invalid entry for chart "demo" from idx: validation: chart.metadata.version "not-semver" is invalid',
    ]);
    expect(selectVersion(r.entries!, '', 'helm3')!.version).toBe('1.5.0');
    expect(selectVersion(r.entries!, '~1.0', 'helm3')!.version).toBe('1.0.0');
    expect(selectVersion(r.entries!, '>0.0.0-0', 'helm3')!.version).toBe('2.0.0-rc.1');
    expect(selectVersion(r.entries!, '3', 'helm3')).toBeUndefined();
    expect(() => selectVersion(r.entries!, '!!', 'helm3')).toThrow('improper constraint: !!');
  });

  it('handles quoted keys, four-space lists, anchors across charts and keys under other sections', () => {
    const quoted = base.replace('  demo:\n', '  "demo":\n');
    expect(summary(read(quoted, 'demo'))).toEqual(summary(read(base, 'demo')));
    const fourSpace = base
      .replaceAll('\n  - ', '\n    - ')
      .replaceAll('\n    version', '\n      version')
      .replaceAll('\n    urls', '\n      urls')
      .replaceAll('\n    name', '\n      name');
    expect(summary(read(fourSpace, 'demo'))).toEqual(summary(read(base, 'demo')));
    const anchored = `apiVersion: v1\nentries:\n  a:\n  - &shared\n    name: a\n    version: 1.0.0\n    urls: [a.tgz]\n  b:\n  - *shared\n`;
    expect(summary(read(anchored, 'b'))).toEqual([['a', '1.0.0', ['a.tgz'], undefined]]);
    const decoy = `apiVersion: v1\nentries:\n  other:\n  - name: other\n    version: 1.0.0\n    urls: [o.tgz]\nextra:\n  demo:\n  - name: demo\n    version: 9.9.9\n`;
    expect(read(decoy, 'demo').entries).toBeUndefined();
  });

  it('requires an API version', () => {
    expect(() => read('entries:\n  demo: []\n', 'demo')).toThrow('no API version specified');
  });
});

describe('URLs', () => {
  it('joins index.yaml like path.Join and resolves chart URLs like helm', () => {
    expect(indexUrl('https://h/charts')).toBe('https://h/charts/index.yaml');
    expect(indexUrl('https://h/charts/')).toBe('https://h/charts/index.yaml');
    expect(indexUrl('https://h')).toBe('https://h/index.yaml');
    expect(indexUrl('https://h/c?x=1')).toBe('https://h/c/index.yaml?x=1');
    expect(resolveChartUrl('https://h/charts', 'a-1.tgz')).toBe('https://h/charts/a-1.tgz');
    expect(resolveChartUrl('https://h/charts/', '../a-1.tgz')).toBe('https://h/a-1.tgz');
    expect(resolveChartUrl('https://h/charts?t=1', 'a-1.tgz?u=2')).toBe('https://h/charts/a-1.tgz?t=1');
    expect(resolveChartUrl('https://h/charts', 'https://cdn/a-1.tgz')).toBe('https://cdn/a-1.tgz');
    expect(resolveChartUrl('https://h/charts', '/abs/a-1.tgz')).toBe('https://h/abs/a-1.tgz');
  });
});

describe('large indexes', () => {
  it('finds one chart in a 60,000-entry index without parsing all of it', () => {
    const lines = ['apiVersion: v1', 'entries:'];
    for (let c = 0; c < 3000; c++) {
      lines.push(`  chart-${c}:`);
      for (let v = 0; v < 20; v++) {
        lines.push(
          '  - apiVersion: v2',
          `    created: "2026-01-01T00:00:00Z"`,
          `    description: Chart number ${c}, version ${v}, with a description long enough to be realistic.`,
          `    digest: ${'ab'.repeat(32)}`,
          `    name: chart-${c}`,
          '    urls:',
          `    - https://example.invalid/charts/chart-${c}-1.${v}.0.tgz`,
          `    version: 1.${v}.0`,
        );
      }
    }
    lines.push('generated: "2026-01-01T00:00:00Z"', '');
    const bytes = enc(lines.join('\n'));
    expect(bytes.byteLength).toBeGreaterThan(20_000_000);
    const started = performance.now();
    const r = readChartIndex(bytes, 'chart-2999', 'big', () => {}, 'helm3');
    const missing = readChartIndex(bytes, 'chart-x', 'big', () => {}, 'helm3');
    const ms = performance.now() - started;
    expect(r.entries!.length).toBe(20);
    expect(r.entries![0]!.version).toBe('1.19.0');
    expect(missing.entries).toBeUndefined();
    console.log(`large index: one chart found and one missing chart ruled out in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(5000);
  });
});
