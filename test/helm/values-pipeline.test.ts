/**
 * Differential tests of the values pipeline (src/helm/dependencies.ts + src/helm/coalesce.ts +
 * src/helm/strvals.ts) against helm 3.17.3 and 4.1.4: throwaway charts with subcharts, aliases,
 * conditions, tags, import-values and globals; every chart prints its `.Values`, `.Chart.Name` and
 * `.Template.Name`, which are compared with what the pipeline computes, together with helm's stderr
 * warnings (as a multiset: helm orders warnings of one map walk randomly) and error texts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marshalJSON } from '../../src/codec/json.js';
import type { GoMap } from '../../src/gotemplate/value.js';
import { type Chart, chartFullPath } from '../../src/helm/chart.js';
import { coalesceValues } from '../../src/helm/coalesce.js';
import { checkDependencies, processDependencies } from '../../src/helm/dependencies.js';
import { loadDir } from '../../src/helm/load.js';
import { type Compat, mergeValueSources, type ValueSources } from '../../src/helm/strvals.js';
import {
  fsReader,
  helmAvailable,
  helmTemplate,
  pool,
  probeTemplate,
  removeTree,
  SKIP_MESSAGE,
  type Tree,
  writeTree,
} from './support.js';

const PROBE = probeTemplate({ v: '.Values', n: '.Chart.Name', t: '.Template.Name' });

interface ChartSpec {
  name: string;
  version?: string;
  apiVersion?: string;
  values?: string;
  /** Chart.yaml `dependencies:` block (YAML list text, indented by the caller as a top-level key). */
  deps?: string;
  /** v1 requirements.yaml content. */
  requirements?: string;
  subcharts?: ChartSpec[];
  /** No probe template in this chart. */
  silent?: boolean;
}

/** Writes a chart spec as files under `prefix`. */
function chartTree(spec: ChartSpec, prefix: string): Tree {
  const tree: Tree = {};
  let chartYaml = `apiVersion: ${spec.apiVersion ?? 'v2'}\nname: ${spec.name}\nversion: ${spec.version ?? '0.1.0'}\n`;
  if (spec.deps !== undefined) chartYaml += `dependencies:\n${spec.deps}`;
  tree[`${prefix}/Chart.yaml`] = chartYaml;
  if (spec.values !== undefined) tree[`${prefix}/values.yaml`] = spec.values;
  if (spec.requirements !== undefined) tree[`${prefix}/requirements.yaml`] = spec.requirements;
  if (!spec.silent) tree[`${prefix}/templates/probe.yaml`] = PROBE;
  for (const sub of spec.subcharts ?? []) Object.assign(tree, chartTree(sub, `${prefix}/charts/${sub.name}`));
  return tree;
}

type Flag = ['-f' | '--set' | '--set-string' | '--set-json' | '--set-file' | '--set-literal', string];

interface Case {
  name: string;
  chart: ChartSpec;
  flags?: Flag[];
  files?: Tree;
}

const GLOBALS_CHART: ChartSpec = {
  name: 'parent',
  values: 'sub:\n  fromParent: p\n  nullme: null\nglobal:\n  g1: parent-g1\n  gmap: {a: 1}\n',
  deps: '- name: sub\n  version: 0.1.0\n  condition: sub.enabled\n',
  subcharts: [
    {
      name: 'sub',
      values:
        'own: sub-own\nfromParent: sub-default\nnullme: sub-default-nullme\nenabled: true\nglobal:\n  g1: sub-g1\n  g2: sub-g2\n  gmap: {b: 2}\n',
      deps: '- name: deep\n  version: ">=0.1.0"\n',
      subcharts: [{ name: 'deep', values: 'd: 1\nglobal:\n  g3: deep\n' }],
    },
  ],
};

const ALIAS_CHART: ChartSpec = {
  name: 'parent',
  values: 'aliased:\n  x: one\naliased2:\n  x: two\n',
  deps: '- name: sub\n  version: 0.1.0\n  alias: aliased\n- name: sub\n  version: 0.1.0\n  alias: aliased2\n  condition: aliased2.active\n- name: sub\n  version: 0.1.0\n',
  subcharts: [
    {
      name: 'sub',
      values: 'x: default\nactive: true\ngc:\n  yy: 1\n',
      deps: '- name: gc\n  version: 0.1.0\n  condition: gc.enabled\n',
      subcharts: [
        { name: 'gc', values: 'enabled: true\nyy: 0\n', subcharts: [{ name: 'undeclared', values: 'u: 1\n' }] },
      ],
    },
  ],
};

const IMPORT_CHART: ChartSpec = {
  name: 'parent',
  values: 'imported:\n  ex2: parent-wins\n',
  deps: [
    '- name: sub2',
    '  version: 0.1.0',
    '  import-values:',
    '  - child: exported',
    '    parent: imported',
    '  - child: exported.inner',
    '    parent: deep.path.here',
    '  - data',
    '  - missingexport',
    '  - child: missingtable',
    '    parent: x',
    '  - child: exported',
    '    parent: .',
    '',
  ].join('\n'),
  subcharts: [
    {
      name: 'sub2',
      values: 'exported:\n  ex1: e1\n  ex2: e2\n  inner: {i: 1}\n  nul: null\nexports:\n  data:\n    dataKey: dv\n',
      deps: '- name: leaf\n  version: 0.1.0\n  import-values:\n  - child: out\n    parent: fromleaf\n',
      subcharts: [{ name: 'leaf', values: 'out: {l: 1}\n' }],
    },
  ],
};

const TAGS_CHART: ChartSpec = {
  name: 'parent',
  values: 'tags:\n  optional: false\n  weird: "yes"\ndisabled:\n  enabled: true\n',
  deps: [
    '- name: a',
    '  version: 0.1.0',
    '  tags: [optional]',
    '- name: b',
    '  version: 0.1.0',
    '  tags: [optional, other]',
    '- name: disabled',
    '  version: 0.1.0',
    '  condition: disabled.enabled,global.disabledOn',
    '  tags: [optional]',
    '- name: c',
    '  version: 0.1.0',
    '  condition: c.missing, c.flag ,c.notbool,c.flag',
    '- name: d',
    '  version: 0.1.0',
    '  tags: [weird]',
    '',
  ].join('\n'),
  subcharts: [
    { name: 'a' },
    { name: 'b' },
    { name: 'disabled', values: 'v: 1\n' },
    { name: 'c', values: 'flag: false\nnotbool: "x"\n' },
    {
      name: 'd',
      values: 'tags:\n  inner: false\n',
      deps: '- name: e\n  version: 0.1.0\n  tags: [inner]\n- name: f\n  version: 0.1.0\n  tags: [optional]\n',
      subcharts: [{ name: 'e' }, { name: 'f' }],
    },
  ],
};

const VERSION_CHART: ChartSpec = {
  name: 'parent',
  deps: [
    '- name: ranged',
    '  version: ^2.0.0',
    '  alias: renamed',
    '- name: noversion',
    '  alias: renamed2',
    '- name: prerelease',
    '  version: ">=1.0.0"',
    '',
  ].join('\n'),
  subcharts: [
    { name: 'ranged', version: '1.0.0', values: 'r: 1\n' },
    { name: 'noversion', values: 'n: 1\n' },
    { name: 'prerelease', version: '1.2.0-rc.1' },
    { name: 'undeclared', values: 'u: 1\n' },
  ],
};

const NULLS_CHART: ChartSpec = {
  name: 'c',
  values:
    'drop: 2\nkeep: 1\nm: {x: 1, nn: null}\nnested: {a: 1, b: 2, list: [1, 2, 3]}\ntop: null\nmm: {x: {z: 1}}\nsc: 5\n',
  deps: '- name: sub\n  version: 0.1.0\n',
  subcharts: [{ name: 'sub', values: 'a: 1\nn: {x: null, y: 2}\nl: [1]\n' }],
};

const V1_CHART: ChartSpec = {
  name: 'old',
  apiVersion: 'v1',
  values: 'child:\n  enabled: false\nalso:\n  k: 1\n',
  requirements:
    'dependencies:\n- name: child\n  version: 0.1.0\n  condition: child.enabled\n- name: also\n  version: 0.1.0\n  alias: also\n',
  subcharts: [
    { name: 'child', apiVersion: 'v1' },
    { name: 'also', apiVersion: 'v1', values: 'k: 0\nj: 2\n' },
  ],
};

const CASES: Case[] = [
  { name: 'globals and parent sections', chart: GLOBALS_CHART },
  {
    name: 'disabled subchart keeps only what the parent wrote',
    chart: GLOBALS_CHART,
    flags: [['--set', 'sub.enabled=false']],
  },
  { name: 'root global from --set', chart: GLOBALS_CHART, flags: [['--set', 'global.g=1,global.gmap.c=3']] },
  { name: 'global not a table', chart: GLOBALS_CHART, flags: [['--set', 'global=5']] },
  { name: 'subchart global not a table', chart: GLOBALS_CHART, flags: [['--set', 'sub.global=5']] },
  { name: 'global conflicts', chart: GLOBALS_CHART, flags: [['--set', 'sub.global.gmap=5,sub.global.g1.x=1']] },
  { name: 'sub: null', chart: GLOBALS_CHART, flags: [['--set', 'sub=null']] },
  { name: 'sub: 5', chart: GLOBALS_CHART, flags: [['-f', 'sub5.yaml']], files: { 'sub5.yaml': 'sub: 5\n' } },
  { name: 'sub: string', chart: GLOBALS_CHART, flags: [['--set', 'sub=x']] },
  { name: 'sub: list', chart: GLOBALS_CHART, flags: [['--set', 'sub={a,1}']] },
  { name: 'deep section null', chart: GLOBALS_CHART, flags: [['--set', 'sub.deep=null']] },
  {
    name: 'nested global tables shared with the parent',
    chart: {
      name: 'p',
      values: 'global:\n  g:\n    a: {x: 1}\n',
      deps: '- name: s\n  version: 0.1.0\n',
      subcharts: [{ name: 's', values: 'global:\n  g:\n    a: {yy: 2}\n    b: 3\n' }],
    },
  },
  { name: 'aliases', chart: ALIAS_CHART },
  {
    name: 'aliases with overrides',
    chart: ALIAS_CHART,
    flags: [['--set', 'aliased2.active=false,aliased.gc.enabled=false']],
  },
  { name: 'aliases, grandchild disabled in one', chart: ALIAS_CHART, flags: [['--set', 'aliased.gc.enabled=false']] },
  { name: 'import-values', chart: IMPORT_CHART },
  { name: 'import-values with user values', chart: IMPORT_CHART, flags: [['--set', 'imported.ex1=user,dataKey=u']] },
  { name: 'tags and conditions', chart: TAGS_CHART },
  {
    name: 'tags and conditions overridden',
    chart: TAGS_CHART,
    flags: [['--set', 'tags.optional=true,disabled.enabled=false,global.disabledOn=true,c.flag=true,tags.inner=true']],
  },
  {
    name: 'condition falls through to global',
    chart: TAGS_CHART,
    flags: [['--set', 'disabled.enabled=null,global.disabledOn=false']],
  },
  { name: 'version ranges', chart: VERSION_CHART },
  {
    name: 'nulls',
    chart: NULLS_CHART,
    flags: [['--set', 'm.nn=null,top=null,m.x=null,drop=null,sub.n.y=null,sub.n.x=null']],
  },
  {
    name: 'table/scalar mismatches',
    chart: NULLS_CHART,
    flags: [['--set', 'keep.x=1,mm.x=5,nested.a.b=1,sc=null,sub.a.b=1,sub.l.x=1']],
  },
  {
    name: 'value files and set order',
    chart: NULLS_CHART,
    flags: [
      ['-f', 'o1.yaml'],
      ['-f', 'o2.yaml'],
      ['--set', 'keep=5'],
      ['--set-string', 'new=s'],
    ],
    files: {
      'o1.yaml': 'nested: {a: 10, list: [9]}\ndrop: null\nnew: n1\n',
      'o2.yaml': 'nested: {b: null}\nnew: n2\nm: scalar\n',
    },
  },
  { name: 'v1 requirements', chart: V1_CHART },
  { name: 'v1 requirements enabled', chart: V1_CHART, flags: [['--set', 'child.enabled=true']] },
  {
    name: 'missing dependency',
    chart: {
      name: 'p',
      deps: '- name: nothere\n  version: 0.1.0\n- name: s\n  version: 0.1.0\n',
      subcharts: [{ name: 's' }],
    },
  },
  {
    name: 'all dependencies disabled',
    chart: {
      name: 'p',
      values: 's:\n  enabled: false\n  k: null\n',
      deps: '- name: s\n  version: 0.1.0\n  condition: s.enabled\n  import-values: [x]\n',
      subcharts: [{ name: 's', values: 'k: 1\nexports: {x: {imp: 1}}\n' }],
    },
  },
  {
    name: 'empty dependency list',
    chart: { name: 'p', values: 's:\n  k: null\n', deps: '[]\n', subcharts: [{ name: 's', values: 'k: 1\n' }] },
  },
  {
    name: 'subchart values key shadowed by a parent scalar default',
    chart: { name: 'p', values: 's: 5\n', subcharts: [{ name: 's' }] },
  },
];

function toSources(flags: Flag[]): ValueSources {
  const s: Required<ValueSources> = {
    valueFiles: [],
    setJSON: [],
    set: [],
    setString: [],
    setFile: [],
    setLiteral: [],
  };
  const keys = {
    '-f': 'valueFiles',
    '--set': 'set',
    '--set-string': 'setString',
    '--set-json': 'setJSON',
    '--set-file': 'setFile',
    '--set-literal': 'setLiteral',
  } as const;
  for (const [f, v] of flags) s[keys[f]].push(v);
  return s;
}

/** What a run printed: each template path → its probes, plus warnings, or the error. */
interface Outcome {
  docs?: Record<string, Record<string, string>>;
  warnings?: string[];
  error?: string;
}

function parseHelm(stdout: string): Record<string, Record<string, string>> {
  const docs: Record<string, Record<string, string>> = {};
  for (const doc of stdout.split(/^---$/m)) {
    const src = /^# Source: (.*)$/m.exec(doc);
    if (!src) continue;
    const probes: Record<string, string> = {};
    for (const m of doc.matchAll(/^([a-z]): ([A-Za-z0-9+/=]*)$/gm)) {
      probes[m[1]!] = Buffer.from(m[2]!, 'base64').toString('utf8');
    }
    docs[src[1]!] = probes;
  }
  return docs;
}

/**
 * A failed run's stderr: the warnings before the error form a multiset (helm prints some while
 * ranging over a Go map, in random order), the error itself is compared as is.
 */
function failure(lines: string[]): string {
  const at = lines.findIndex((l) => l.startsWith('Error: '));
  const warnings = at < 0 ? [] : lines.slice(0, at);
  return [...warnings.sort(), ...lines.slice(warnings.length)].join('\n');
}

async function theirs(c: Case, compat: Compat, dir: string): Promise<Outcome> {
  const r = await helmTemplate(
    compat,
    'chart',
    (c.flags ?? []).map(([f, v]) => `${f}=${v}`),
    dir,
  );
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  if (r.code !== 0) return { error: failure(lines) };
  return { docs: parseHelm(r.stdout), warnings: lines.sort() };
}

/** helm's recAllTpls: each chart's values are its parent's `.Values.<name>`. */
function collect(chart: Chart, values: GoMap, docs: Record<string, Record<string, string>>): void {
  for (const sub of chart.dependencies) {
    const sv = values.get(sub.metadata.name);
    collect(sub, sv instanceof Map ? sv : new Map(), docs);
  }
  if (chart.templates.some((t) => t.name === 'templates/probe.yaml')) {
    const t = `${chartFullPath(chart)}/templates/probe.yaml`;
    docs[t] = { v: marshalJSON(values), n: JSON.stringify(chart.metadata.name), t: JSON.stringify(t) };
  }
}

async function ours(c: Case, compat: Compat, dir: string): Promise<Outcome> {
  try {
    const user = mergeValueSources(toSources(c.flags ?? []), { compat, readFile: fsReader(dir) });
    const loaded = await loadDir(`${dir}/chart`, { compat });
    checkDependencies(loaded, { compat });
    const deps = processDependencies(loaded, user, { compat });
    const co = coalesceValues(deps.chart, user, { compat });
    const docs: Record<string, Record<string, string>> = {};
    collect(deps.chart, co.values, docs);
    return { docs, warnings: [...deps.warnings, ...co.warnings].sort() };
  } catch (e) {
    if (e instanceof Error && e.name !== 'TypeError' && e.name !== 'RangeError') {
      const before = (e as { warnings?: string[] }).warnings ?? [];
      return { error: failure([...before, ...`Error: ${e.message}`.split('\n')]) };
    }
    throw e;
  }
}

const available = helmAvailable();

describe.skipIf(!available)('values pipeline against helm', () => {
  const dirs: string[] = [];
  beforeAll(() => {
    for (const c of CASES) dirs.push(writeTree({ ...chartTree(c.chart, 'chart'), ...(c.files ?? {}) }));
  });
  afterAll(() => {
    for (const d of dirs) removeTree(d);
  });

  for (const compat of ['helm3', 'helm4'] as const) {
    it(`matches ${compat}`, async () => {
      const expected = await pool(CASES, 4, (c) => theirs(c, compat, dirs[CASES.indexOf(c)]!));
      if (process.env.DUMP_CASES) console.log(JSON.stringify(expected, null, 1));
      for (let i = 0; i < CASES.length; i++) {
        expect(await ours(CASES[i]!, compat, dirs[i]!), CASES[i]!.name).toEqual(expected[i]);
      }
    });
  }
});

const SEED = Number(process.env.VALUES_SEED ?? 20261127);

/** Random value trees over a small key set, so keys collide with defaults, the subchart and `global`. */
const KEYS = ['a', 'b', 'sub', 'global', 'enabled', 'k'];
const scalar = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('s', 't', ''),
  fc.boolean(),
  fc.constant(null),
);
const tree = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    tie('map'),
    fc.array(scalar, { maxLength: 2 }),
  ),
  map: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 4 }),
})).map as fc.Arbitrary<Record<string, unknown>>;

describe.skipIf(!available)('random value trees against helm', () => {
  const samples = fc.sample(fc.tuple(tree, tree, tree, tree), { seed: SEED, numRuns: 30 });
  const cases: Case[] = samples.map(([parent, sub, deep, user], i) => ({
    name: `random #${i}: parent ${JSON.stringify(parent)} sub ${JSON.stringify(sub)} deep ${JSON.stringify(deep)} user ${JSON.stringify(user)}`,
    chart: {
      name: 'p',
      values: JSON.stringify(parent),
      deps: '- name: sub\n  version: 0.1.0\n  condition: sub.enabled\n',
      subcharts: [
        {
          name: 'sub',
          values: JSON.stringify(sub),
          deps: '- name: deep\n  version: 0.1.0\n',
          subcharts: [{ name: 'deep', values: JSON.stringify(deep) }],
        },
      ],
    },
    flags: [['-f', 'user.json']],
    files: { 'user.json': JSON.stringify(user) },
  }));
  const dirs: string[] = [];
  beforeAll(() => {
    for (const c of cases) dirs.push(writeTree({ ...chartTree(c.chart, 'chart'), ...(c.files ?? {}) }));
  });
  afterAll(() => {
    for (const d of dirs) removeTree(d);
  });

  for (const compat of ['helm3', 'helm4'] as const) {
    it(`matches ${compat}`, async () => {
      const expected = await pool(cases, 4, (c) => theirs(c, compat, dirs[cases.indexOf(c)]!));
      for (let i = 0; i < cases.length; i++) {
        expect(await ours(cases[i]!, compat, dirs[i]!), cases[i]!.name).toEqual(expected[i]);
      }
    });
  }
});

describe.skipIf(available)('values pipeline against helm (skipped)', () => {
  it.skip(SKIP_MESSAGE, () => {});
});
