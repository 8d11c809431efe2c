/**
 * index.yaml loading as helm's repo.loadIndex does it: strict YAML (keys set twice, unknown fields,
 * RFC 3339 times, field types), lenient JSON, entry validation with helm's warnings, and one parse
 * per index content. The expected texts are what helm 3.17.3 and 4.1.4 print for these indexes
 * (conformance/repo-index.test.ts runs both helms on served copies of such indexes).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { indexUrl, resolveChartUrl } from '../src/helm/fetch/repo.js';
import {
  getChartVersion,
  type IndexEntry,
  loadRepoIndex,
  type RepoIndex,
  selectVersion,
  skippedEntryMessage,
} from '../src/helm/fetch/repo-index.js';
import { GoPanic } from '../src/helm/go-panic.js';
import { CORPUS_DIR, corpusAvailable } from './support/servers.js';

const enc = (s: string) => new TextEncoder().encode(s);
type Compat = 'helm3' | 'helm4';
const load = (text: string, compat: Compat = 'helm3') => loadRepoIndex(enc(text), compat);
const entries = (r: RepoIndex, name: string) => r.charts.get(name) as IndexEntry[] | undefined;
const summary = (list: IndexEntry[] | undefined) => list?.map((e) => [e.name, e.version, e.urls, e.digest]);
/** The failure text of an index, or undefined when it loads. */
const failure = (text: string, compat: Compat = 'helm3') => {
  const f = load(text, compat).failure;
  return typeof f === 'function' ? f().report() : f;
};

const DEMO = `apiVersion: v1
entries:
  demo:
  - apiVersion: v2
    name: demo
    urls:
    - demo-1.0.0.tgz
    version: 1.0.0
`;
/** DEMO with a second chart whose one entry has `lines` (indented under it; version 1.0.0 unless given). */
const other = (...lines: string[]) => {
  const version = lines.some((l) => l.startsWith('version:')) ? '' : '    version: 1.0.0\n';
  return `${DEMO}  other:\n  - name: other\n${version}${lines.map((l) => `    ${l}\n`).join('')}`;
};

describe.skipIf(!corpusAvailable())('the corpus index', () => {
  const text = corpusAvailable() ? readFileSync(join(CORPUS_DIR, 'index.yaml'), 'utf8') : '';

  it('loads every chart as a plain YAML parse lists it', () => {
    const full = parse(text) as { entries: Record<string, Array<Record<string, unknown>>> };
    const index = load(text);
    expect(index.failure).toBeUndefined();
    expect(index.skipped).toEqual([]);
    for (const [name, list] of Object.entries(full.entries)) {
      expect(summary(entries(index, name))).toEqual(
        list.map((e) => [e.name, e.version, e.urls, e.digest === '' ? undefined : e.digest]),
      );
    }
    expect(index.charts.get('nothere')).toBeUndefined();
  });

  it('reads the same from the JSON form of the index', () => {
    const json = JSON.stringify(parse(text));
    for (const name of ['grafana', 'agentgateway', 'grove-charts'])
      expect(summary(entries(load(json), name))).toEqual(summary(entries(load(text), name)));
  });
});

describe('entries and versions', () => {
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
  - name: other
    version: bad
generated: "2026-01-01T00:00:00Z"
`;

  it('sorts newest first and skips invalid entries of every chart, last entry first, as helm logs them', () => {
    const r = load(base);
    expect(entries(r, 'demo')!.map((e) => e.version)).toEqual(['2.0.0-rc.1', '1.5.0', '1.0.0']);
    expect(r.skipped.map((s) => skippedEntryMessage(s, 'http://h/r'))).toEqual([
      'skipping loading invalid entry for chart "demo" "not-semver" from http://h/r: validation: chart.metadata.version "not-semver" is invalid',
      'skipping loading invalid entry for chart "other" "bad" from http://h/r: validation: chart.metadata.version "bad" is invalid',
    ]);
    const demo = entries(r, 'demo')!;
    expect(selectVersion(demo, '', 'helm3')!.version).toBe('1.5.0');
    expect(selectVersion(demo, '~1.0', 'helm3')!.version).toBe('1.0.0');
    expect(selectVersion(demo, '>0.0.0-0', 'helm3')!.version).toBe('2.0.0-rc.1');
    expect(selectVersion(demo, '3', 'helm3')).toBeUndefined();
    expect(() => selectVersion(demo, '!!', 'helm3')).toThrow('improper constraint: !!');
    expect(getChartVersion(demo, '1.5.0', 'helm4')).toEqual({ entry: demo[1], fellBack: false });
    expect(getChartVersion(demo, '^1', 'helm4')).toEqual({ entry: demo[1], fellBack: true });
    expect(getChartVersion(demo, '!!', 'helm4')).toBeUndefined();
  });

  it('validates entries like Chart.yaml (sanitized, apiVersion defaulting to v1, helm 4 refusing "." and "..")', () => {
    const text = `${DEMO}  other:
  - {name: "a/b", version: 1.0.0}
  - {name: "..", version: 1.0.0}
  - {name: other, version: 1.0.0, type: bogus}
  - {name: other, version: 1.0.0, maintainers: [null]}
  - {name: other, version: 1.0.0, dependencies: [null]}
  - {name: other, version: 1.0.0, dependencies: [{name: a, alias: "b c"}]}
  - {name: other, version: 2.0.0, dependencies: [{name: a}, {name: a}]}
  - {version: 3.0.0}
  - {}
  - {name: "o\\tther", version: 4.0.0}
`;
    const reasons = (compat: Compat) => load(text, compat).skipped.map((s) => [s.version, s.reason]);
    const common = [
      ['3.0.0', 'validation: chart.metadata.name is required'],
      ['1.0.0', 'validation: dependency "a" has disallowed characters in the alias'],
      ['1.0.0', 'validation: dependencies must not contain empty or null nodes'],
      ['1.0.0', 'validation: maintainers must not contain empty or null nodes'],
      ['1.0.0', 'validation: chart.metadata.type must be application or library'],
    ];
    const h3 = load(text, 'helm3');
    expect(reasons('helm3')).toEqual([
      ['', 'validation: chart.metadata.name is required'],
      ...common,
      ['1.0.0', 'validation: chart.metadata.name "a/b" is invalid'],
    ]);
    expect(entries(h3, 'other')!.map((e) => [e.name, e.version])).toEqual([
      ['o ther', '4.0.0'],
      ['other', '2.0.0'],
      ['..', '1.0.0'],
    ]);
    expect(entries(h3, 'other')![0]!.raw.apiVersion).toBe('v1');
    expect(reasons('helm4')).toEqual([
      ['', 'validation: chart.metadata.name is required'],
      ...common,
      ['1.0.0', 'validation: chart.metadata.name ".." is not allowed'],
      ['1.0.0', 'validation: chart.metadata.name "a/b" is invalid'],
    ]);
  });

  it('gives a missing or empty chart no versions', () => {
    expect(load(`apiVersion: v1\nentries:\n  demo: null\n`).charts.get('demo')).toEqual([]);
    expect(load(`apiVersion: v1\nentries:\n  demo: []\n`).charts.get('demo')).toEqual([]);
    expect(load(`apiVersion: v1\nentries: null\n`).charts.size).toBe(0);
  });
});

describe('null entries', () => {
  const pair = `${DEMO}  - null\n`;
  const alone = `apiVersion: v1\nentries:\n  demo:\n  - null\n`;

  it('are dropped with a warning by helm 4', () => {
    const r = load(pair, 'helm4');
    expect(r.failure).toBeUndefined();
    expect(r.skipped.map((s) => skippedEntryMessage(s, 'u'))).toEqual([
      'skipping loading invalid entry for chart "demo" from u: empty entry',
    ]);
    expect(summary(entries(r, 'demo'))).toEqual([['demo', '1.0.0', ['demo-1.0.0.tgz'], undefined]]);
    expect(load(alone, 'helm4').charts.get('demo')).toEqual([]);
  });

  it('make helm 3 dereference nil: sorting a list that holds one, or looking a lone one up', () => {
    const head = (pc: string, fn: string) =>
      `panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=${pc}]\n\ngoroutine 1 [running]:\nhelm.sh/helm/v3/pkg/repo.${fn}(...)\n`;
    // Less(a, b) reads data[a] first: a null first operand faults on line 70, a second one on 74.
    expect(failure(pair)).toBe(head('0x1ce8993', 'ChartVersions.Less'));
    expect(failure(`apiVersion: v1\nentries:\n  demo:\n  - null\n  - null\n`)).toBe(
      head('0x1ce895c', 'ChartVersions.Less'),
    );
    const r = load(alone);
    expect(r.failure).toBeUndefined();
    const list = r.charts.get('demo')!;
    expect(list).toEqual([null]);
    const panicOf = (version: string) => {
      try {
        getChartVersion(list, version, 'helm3');
      } catch (e) {
        return (e as GoPanic).report();
      }
    };
    expect(panicOf('')).toBe(head('0x1ce9645', 'IndexFile.Get'));
    expect(panicOf('1.0.0')).toBe(head('0x1ce971c', 'IndexFile.Get'));
    // A bad constraint is refused before the entries are looked at.
    expect(getChartVersion(list, '!!', 'helm3')).toBeUndefined();
    expect(() => getChartVersion(list, '', 'helm3')).toThrow(GoPanic);
  });
});

describe('what helm refuses (after `looks like … cannot be reached: `)', () => {
  const Y2J = 'error converting YAML to JSON: ';
  const DEC = 'error unmarshaling JSON: while decoding JSON: ';
  const cases: Array<[string, string, string | undefined, (string | undefined)?]> = [
    ['empty bytes', '', 'empty index.yaml file'],
    ['whitespace only', '  \n', 'no API version specified'],
    ['JSON null', 'null', 'no API version specified'],
    ['no apiVersion', 'entries:\n  demo: []\n', 'no API version specified'],
    ['apiVersion a number (converted)', 'apiVersion: 1\n', undefined],
    ['invalid YAML', 'x: [\n', `${Y2J}yaml: line 1: did not find expected node content`],
    ['YAML list', '- a\n', `${DEC}json: cannot unmarshal array into Go value of type repo.IndexFile`],
    ['JSON list', '[]', 'json: cannot unmarshal array into Go value of type repo.IndexFile'],
    ['JSON string', '"apiVersion"', 'json: cannot unmarshal string into Go value of type repo.IndexFile'],
    ['a later YAML document is never read', `${DEMO}---\nfoo: [\n`, undefined],
    [
      'a top-level key twice',
      `${DEMO}apiVersion: v1\n`,
      `${Y2J}yaml: unmarshal errors:\n  line 9: key "apiVersion" already set in map`,
    ],
    [
      'keys twice, everywhere, in decoding order',
      `${DEMO}  other:\n  - &o {name: other, version: 1.0.0, name: x}\n  - {a: 1, a: 2, b: 1, b: 1}\n`,
      `${Y2J}yaml: unmarshal errors:\n  line 10: key "name" already set in map\n  line 11: key "a" already set in map\n  line 11: key "b" already set in map`,
    ],
    [
      'a merged key set again',
      `base: &b {name: demo, version: 1.0.0}\n${DEMO}  - <<: *b\n    version: 2.0.0\n`,
      `${Y2J}yaml: unmarshal errors:\n  line 11: key "version" already set in map`,
    ],
    [
      'merged maps sharing a key (the later one is merged first)',
      `${DEMO}  other:\n  - &o {name: other, version: 1.0.0}\n  - <<: [*o, {version: 2.0.0}]\n`,
      `${Y2J}yaml: unmarshal errors:\n  line 10: key "version" already set in map`,
    ],
    [
      'a key twice with an empty value',
      other('name:', 'x: 1'),
      `${Y2J}yaml: unmarshal errors:\n  line 12: key "name" already set in map`,
    ],
    ['a merge alone is fine', `${DEMO}  other:\n  - &o {name: other, version: 1.0.0}\n  - <<: *o\n`, undefined],
    ['an unknown field in another chart', other('bogus: 1'), `${DEC}json: unknown field "bogus"`],
    ['an unknown top-level field', `${DEMO}extra: {}\n`, `${DEC}json: unknown field "extra"`],
    ['an unknown field in a maintainer', other('maintainers: [{bogus: 1}]'), `${DEC}json: unknown field "bogus"`],
    [
      'an unknown field in a dependency',
      other('dependencies: [{name: x, bogus: 1}]'),
      `${DEC}json: unknown field "bogus"`,
    ],
    ['the embedded struct is no field', other('Metadata: {}'), `${DEC}json: unknown field "Metadata"`],
    ['integer and float keys both become "1"', other('1: 2', '1.0: 3'), `${DEC}json: unknown field "1"`],
    ['fields matched without case', other('Version: 2.0.0'), undefined],
    ['deprecated fields helm keeps', other('checksum: 1', 'engine: 2', 'tillerVersion: 3', 'url: 4'), undefined],
    [
      'generated not a time',
      `${DEMO}generated: notatime\n`,
      `${DEC}parsing time "notatime" as "2006-01-02T15:04:05Z07:00": cannot parse "notatime" as "2006"`,
    ],
    [
      'created a date',
      other('created: 2020-01-01'),
      `${DEC}parsing time "2020-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"`,
    ],
    [
      'created out of range',
      other('created: "2020-01-01T00:00:00+25:00"'),
      `${DEC}parsing time "2020-01-01T00:00:00+25:00": time zone offset hour out of range`,
    ],
    ['created a number', other('created: 1'), `${DEC}Time.UnmarshalJSON: input is not a JSON string`],
    // A time's failure stops decoding: it wins over an unknown field met before it.
    [
      'a bad time after an unknown field',
      other('bogus: 1', 'created: 1'),
      `${DEC}Time.UnmarshalJSON: input is not a JSON string`,
    ],
    ['removed a bool in YAML 1.1', other('removed: yes'), undefined],
    [
      'removed a number',
      other('removed: 1'),
      `${DEC}json: cannot unmarshal number into Go struct field ChartVersion.entries.removed of type bool`,
    ],
    ["digest a number (converted: digest is ChartVersion's own)", other('digest: 12'), undefined],
    [
      'urls a string',
      other('urls: x'),
      `${DEC}json: cannot unmarshal string into Go struct field ChartVersion.entries.urls of type []string`,
    ],
    [
      'urls a map',
      other('urls: {a: 1}'),
      `${DEC}json: cannot unmarshal object into Go struct field ChartVersion.entries.urls of type []string`,
    ],
    ['urls of numbers and bools (converted)', other('urls: [1, true]'), undefined],
    [
      'a chart not a list',
      `${DEMO}  other: x\n`,
      `${DEC}json: cannot unmarshal string into Go struct field IndexFile.entries of type repo.ChartVersions`,
    ],
    [
      'an entry not a map',
      `${DEMO}  - x\n`,
      `${DEC}json: cannot unmarshal string into Go struct field IndexFile.entries of type repo.ChartVersion`,
    ],
    [
      'serverInfo not a map',
      `${DEMO}serverInfo: 1\n`,
      `${DEC}json: cannot unmarshal number into Go struct field IndexFile.serverInfo of type map[string]interface {}`,
    ],
    [
      'index annotations and publicKeys of numbers (converted)',
      `${DEMO}serverInfo: {a: [1]}\npublicKeys: [1]\nannotations: {a: 1}\n`,
      undefined,
    ],
    [
      'a null chart key',
      `${DEMO}  ~: []\n`,
      `${Y2J}unsupported map key of type: %!s(<nil>), key: <nil>, value: []interface {}{}`,
    ],
    [
      'a non-finite float where no string is converted',
      other('description: .inf'),
      `${Y2J}json: unsupported value: +Inf`,
    ],
    [
      'a non-finite float in serverInfo',
      `${DEMO}serverInfo: {a: .nan, b: -.inf}\n`,
      `${Y2J}json: unsupported value: NaN`,
    ],
    ['a non-finite digest (converted)', other('digest: .inf'), undefined],
    [
      'null fields',
      other('urls: null', 'created: null', 'digest: null', 'removed: null', 'annotations: null'),
      undefined,
    ],
    [
      'a JSON index with an unknown field (json.Unmarshal is lenient)',
      `{"apiVersion":"v1","entries":{},"bogus":1}`,
      undefined,
    ],
    [
      'a JSON index: the last of a repeated key wins',
      `{"apiVersion":"v1","entries":{},"entries":{"demo":[]}}`,
      undefined,
    ],
    [
      'a JSON index with a bad time',
      `{"apiVersion":"v1","generated":"x"}`,
      'parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"',
    ],
    [
      'a JSON index with a repeated key of the wrong type',
      `{"apiVersion":"v2","apiVersion":1}`,
      'json: cannot unmarshal number into Go struct field IndexFile.apiVersion of type string',
    ],
    ['JSON with a trailing comma is YAML', `{"apiVersion":"v1","entries":{},}`, undefined],
    ['JSON after a byte order mark is YAML', `\ufeff{"apiVersion":"v1","entries":{}}`, undefined],
  ];
  it('invalid UTF-8 (go-yaml refuses it, encoding/json replaces it)', () => {
    const bad = (text: string) => Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0xff])]);
    expect(loadRepoIndex(bad(`${DEMO}# a `), 'helm3').failure).toBe(`${Y2J}yaml: invalid leading UTF-8 octet`);
    const json = Buffer.concat([
      bad('{"apiVersion":"v1","entries":{"demo":[{"name":"de'),
      Buffer.from('mo","version":"1.0.0"}]}}'),
    ]);
    const r = loadRepoIndex(json, 'helm3');
    expect(r.failure).toBeUndefined();
    expect(r.skipped).toEqual([]);
    expect(r.charts.get('demo')![0]!.name).toBe('de\ufffdmo');
  });

  for (const [title, text, expected] of cases) {
    it(title, () => expect(failure(text)).toBe(expected));
  }

  // Fields promoted from the embedded chart.Metadata: sigs.k8s.io/yaml's conversion does not look
  // into them (numbers stay numbers), and Go 1.24's encoding/json (helm 4) names the embedded struct.
  const promoted: Array<[string, string, string, string]> = [
    ['version a number', 'version: 1.0', 'ChartVersion.entries.version of type string', 'number'],
    ['keywords of numbers', 'keywords: [1]', 'ChartVersion.entries.keywords of type string', 'number'],
    ['keywords a string', 'keywords: x', 'ChartVersion.entries.keywords of type []string', 'string'],
    ['annotations of numbers', 'annotations: {a: 1}', 'ChartVersion.entries.annotations of type string', 'number'],
    ['annotations a string', 'annotations: x', 'ChartVersion.entries.annotations of type map[string]string', 'string'],
    ['deprecated a number', 'deprecated: 1', 'ChartVersion.entries.deprecated of type bool', 'number'],
    ['maintainers a string', 'maintainers: x', 'ChartVersion.entries.maintainers of type []*PKG.Maintainer', 'string'],
    [
      'a maintainer name a number',
      'maintainers: [{name: 1}]',
      'Maintainer.entries.maintainers.name of type string',
      'number',
    ],
    [
      'dependencies a string',
      'dependencies: x',
      'ChartVersion.entries.dependencies of type []*PKG.Dependency',
      'string',
    ],
    [
      'a dependency name a number',
      'dependencies: [{name: 1}]',
      'Dependency.entries.dependencies.name of type string',
      'number',
    ],
    [
      'a dependency enabled a number',
      'dependencies: [{name: x, enabled: 1, tags: [1]}]',
      'Dependency.entries.dependencies.enabled of type bool',
      'number',
    ],
    [
      'import-values a string',
      'dependencies: [{name: a, import-values: x}]',
      'Dependency.entries.dependencies.import-values of type []interface {}',
      'string',
    ],
  ];
  for (const [title, line, field, kind] of promoted) {
    it(`${title} (a promoted field)`, () => {
      const [struct, rest] = [field.slice(0, field.indexOf('.')), field.slice(field.indexOf('.') + 1)];
      expect(failure(other(line), 'helm3')).toBe(
        `${DEC}json: cannot unmarshal ${kind} into Go struct field ${field.replace('PKG', 'chart')}`,
      );
      expect(failure(other(line), 'helm4')).toBe(
        `${DEC}json: cannot unmarshal ${kind} into Go struct field ${struct}.${rest.replace('entries.', 'entries.Metadata.').replace('PKG', 'v2')}`,
      );
    });
  }

  it('converts a promoted map member when its key names a string field of chart.Metadata', () => {
    // The conversion's target for `annotations` is the whole chart.Metadata, so `name` finds a string.
    expect(failure(other('annotations: {name: 1}'))).toBeUndefined();
    expect(failure(other('annotations: {other: 1}'))).toMatch(/of type string$/);
  });

  it('decodes JSON in document order: the first problem written is the one reported', () => {
    const json = (entry: string) =>
      `{"apiVersion":"v1","entries":{"demo":[{"name":"demo","version":"2.0.0",${entry}}]}}`;
    expect(failure(json('"maintainers":[{"name":1}],"keywords":[1]'))).toBe(
      'json: cannot unmarshal number into Go struct field Maintainer.entries.maintainers.name of type string',
    );
    expect(failure(json('"keywords":[1],"maintainers":[{"name":1}]'))).toBe(
      'json: cannot unmarshal number into Go struct field ChartVersion.entries.keywords of type string',
    );
    expect(failure(json('"urls":[1]'), 'helm4')).toBe(
      'json: cannot unmarshal number into Go struct field ChartVersion.entries.urls of type string',
    );
  });
});

describe('the memo', () => {
  it('loads an index once per content and mode', () => {
    const text = `${other('digest: abc')}generated: "2026-01-01T00:00:00Z"\n`;
    const bytes = enc(text);
    const first = loadRepoIndex(bytes, 'helm3');
    expect(loadRepoIndex(bytes, 'helm3')).toBe(first);
    expect(loadRepoIndex(enc(text), 'helm3')).toBe(first);
    expect(loadRepoIndex(bytes, 'helm4')).not.toBe(first);
    expect(loadRepoIndex(enc(`${text}# changed\n`), 'helm3')).not.toBe(first);
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
  it('loads a 60,000-entry index in a few seconds, then answers from the memo', () => {
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
    let started = performance.now();
    const r = loadRepoIndex(bytes, 'helm3');
    const loadMs = performance.now() - started;
    expect(r.failure).toBeUndefined();
    expect(r.charts.get('chart-2999')!.length).toBe(20);
    expect(r.charts.get('chart-2999')![0]!.version).toBe('1.19.0');
    started = performance.now();
    // Another download of the same index (new bytes, same content) is not parsed again.
    expect(loadRepoIndex(Uint8Array.from(bytes), 'helm3')).toBe(r);
    const memoMs = performance.now() - started;
    console.log(`large index: loaded in ${loadMs.toFixed(0)} ms, found again by content in ${memoMs.toFixed(0)} ms`);
    expect(loadMs).toBeLessThan(15_000);
    expect(memoMs).toBeLessThan(1000);
  }, 60_000);
});
