/**
 * Differential tests of values.schema.json validation (src/helm/schema.ts and the two validators)
 * against helm 3.17.3 (gojsonschema) and helm 4.1.4 (santhosh-tekuri/jsonschema v6). Both libraries
 * report the problems of one map walk in a random order, so problem lists are compared as multisets
 * (recursively for helm 4's nested causes); everything else is compared exactly.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yamlUnmarshal } from '../../src/codec/yaml-read.js';
import type { GoMap } from '../../src/gotemplate/value.js';
import { coalesceValues } from '../../src/helm/coalesce.js';
import { checkDependencies, processDependencies } from '../../src/helm/dependencies.js';
import { formatBigFloat, Rat, xtextFloat, xtextInt } from '../../src/helm/jsonschema-common.js';
import { goTimeParse } from '../../src/helm/jsonschema-formats.js';
import { loadChart, loadDir } from '../../src/helm/load.js';
import { SchemaValidationError, validateSchemas } from '../../src/helm/schema.js';
import { type Compat, mergeValueSources } from '../../src/helm/strvals.js';
import {
  fsReader,
  helmAvailable,
  helmTemplate,
  pool,
  removeTree,
  SKIP_MESSAGE,
  type Tree,
  writeTree,
} from './support.js';

interface Case {
  name: string;
  schema: unknown;
  values?: string;
  set?: string[];
  setString?: string[];
  /** A subchart `sub` with its own schema and values. */
  sub?: { schema: unknown; values?: string };
  /** Compared in this mode only (where the other helm's answer depends on Go's random map order). */
  only?: Compat;
}

const S = (o: unknown) => o;

const CASES: Case[] = [
  { name: 'required port', schema: S({ type: 'object', required: ['port'] }), values: 'x: 1\n' },
  {
    name: 'several problems',
    schema: S({
      type: 'object',
      additionalProperties: false,
      required: ['port'],
      properties: {
        name: { type: 'string', minLength: 2 },
        port: { type: 'integer', minimum: 1 },
        mode: { enum: ['a', 'b'] },
        tags: { type: 'array', items: { type: 'string' } },
      },
    }),
    values: 'name: x\nport: 0\nmode: c\ntags: [1, "a", 2]\nextra: 1\nextra2: 2\n',
  },
  { name: 'float for integer', schema: S({ properties: { port: { type: 'integer' } } }), values: 'port: 80.5\n' },
  {
    name: 'integral float is an integer',
    schema: S({ properties: { port: { type: 'integer' } } }),
    values: 'port: 80\n',
  },
  { name: '--set int is an integer', schema: S({ properties: { port: { type: 'integer' } } }), set: ['port=8080'] },
  {
    name: '--set-string for integer',
    schema: S({ properties: { port: { type: 'integer' } } }),
    setString: ['port=8080'],
  },
  {
    name: 'null default for integer',
    schema: S({ properties: { port: { type: 'integer' } } }),
    values: 'port: null\n',
  },
  {
    name: 'subchart schema',
    schema: S({ properties: { a: { type: 'string' } } }),
    values: 'a: 1\n',
    sub: { schema: S({ properties: { x: { type: 'string' } } }), values: 'x: 5\n' },
  },
  { name: 'subchart only', schema: S({}), sub: { schema: S({ required: ['need'] }), values: 'x: 5\n' } },
  { name: 'schema not JSON', schema: '{"properties": {bad', values: 'a: 1\n' },
  { name: 'schema empty', schema: '', values: 'a: 1\n' },
  { name: 'schema with trailing text', schema: '{} trailing', values: 'a: 1\n' },
  {
    name: 'remote ref',
    schema: S({ properties: { a: { $ref: 'https://example.invalid/s.json' } } }),
    values: 'a: 1\n',
  },
  { name: 'relative file ref', schema: S({ properties: { a: { $ref: 'other.json#/x' } } }), values: 'a: 1\n' },
  { name: 'missing pointer', schema: S({ properties: { a: { $ref: '#/definitions/missing' } } }), values: 'a: 1\n' },
  {
    name: 'types and numbers',
    schema: S({
      properties: {
        t: { type: ['object', 'array', 'string', 'integer', 'boolean', 'null'] },
        a: { minimum: 1234567 },
        b: { maximum: -1500.25 },
        c: { minimum: 0.0001 },
        d: { minimum: 1000000 },
        e: { minimum: 123456.7 },
        f: { minimum: 100000 },
        g: { maximum: -0.00001 },
        h: { type: 'string', maxLength: 1000 },
        i: { minimum: 1e21 },
        j: { multipleOf: 0.1 },
        k: { multipleOf: 0.05 },
        l: { exclusiveMinimum: 5 },
        m: { exclusiveMaximum: 5 },
        o: { maximum: 12345678901 },
        p: { minItems: 1001 },
      },
    }),
    values: `t: 1.5\na: 1\nb: 1\nc: 0\nd: 1\ne: 1\nf: 1\ng: 1\nh: ${'x'.repeat(1500)}\ni: 1\nj: 0.35\nk: 0.35\nl: 5\nm: 5\no: 99999999999999\np: []\n`,
  },
  {
    name: 'composition',
    schema: S({
      required: ['ra', 'rb'],
      properties: {
        x: { anyOf: [{ type: 'string' }, { type: 'boolean', minimum: 5 }] },
        z: { oneOf: [{ type: 'integer' }, { minimum: 0 }] },
        z2: { oneOf: [{ type: 'string' }, { type: 'boolean' }] },
        w: { allOf: [{ type: 'string' }, { minLength: 3 }] },
        v: { not: { type: 'integer' } },
        r: { $ref: '#/$defs/s' },
        r2: { $ref: '#/$defs/o' },
        arr: { items: { $ref: '#/$defs/s' } },
        obj: { type: 'object', properties: { p: { type: 'string' }, q: { type: 'string' } }, required: ['zz'] },
      },
      $defs: { s: { type: 'string' }, o: { properties: { a: { type: 'string' }, b: { type: 'string' } } } },
    }),
    values: 'x: 1\nz: 3\nz2: 4\nw: 4\nv: 5\nr: 2\nr2: {a: 1, b: 2}\narr: [1, "s", 2]\nobj: {p: 1, q: 2}\n',
  },
  {
    name: 'draft-07 formats and $ref siblings',
    schema: S({
      $schema: 'http://json-schema.org/draft-07/schema#',
      properties: {
        r: { $ref: '#/definitions/s', minimum: 100 },
        m: { format: 'email' },
        mOK: { format: 'email' },
        d: { format: 'date-time' },
        dOK: { format: 'date-time' },
        ip: { format: 'ipv4' },
        ipOK: { format: 'ipv4' },
        h: { format: 'hostname' },
        u: { format: 'uri' },
        uOK: { format: 'uri' },
        da: { format: 'date' },
        ti: { format: 'time' },
        uu: { format: 'uuid' },
        num: { format: 'email' },
        unknown: { format: 'int32' },
      },
      definitions: { s: { type: 'string' } },
    }),
    values:
      'r: 2\nm: notmail\nmOK: a@b.example\nd: yesterday\ndOK: "2020-01-01T10:00:00Z"\nip: 1.2.3\nipOK: 10.0.0.1\nh: -bad-\nu: nouri\nuOK: "https://x.example/a"\nda: 2020-13-01\nti: "25:00:00Z"\nuu: A1234567-1234-1234-1234-123456789012\nnum: 5\nunknown: notint\n',
  },
  {
    name: 'object keywords',
    schema: S({
      properties: { x: { type: 'string' } },
      additionalProperties: { type: 'integer' },
      patternProperties: { '^p': { type: 'boolean' } },
    }),
    values: 'x: 1\npa: 1\nother: s\n',
  },
  {
    name: 'misc keywords',
    schema: S({
      type: 'object',
      properties: {
        x: { const: 'a' },
        xo: { const: { a: 1 } },
        xn: { const: 1.5 },
        e: { enum: ['a'] },
        e2: { enum: [1, 'x', true, null, 1000000, 2.5] },
        eo: { enum: [{ a: 1 }, 2] },
        u: { uniqueItems: true },
        c: { contains: { type: 'string' } },
        mx: { maxItems: 1 },
        pn: { propertyNames: { maxLength: 2 } },
        mp: { minProperties: 3 },
        dr: { dependentRequired: { a: ['b'] } },
        dep: { dependencies: { a: ['b', 'c'] } },
        ite: JSON.parse('{"if": {"type": "string"}, "then": {"minLength": 3}, "else": {"type": "boolean"}}'),
        ite2: JSON.parse('{"if": {"type": "string"}, "then": {"minLength": 3}, "else": {"type": "boolean"}}'),
        fs: false,
        ts: true,
      },
    }),
    values:
      'x: b\nxo: {a: 2}\nxn: 2\ne: b\ne2: 2\neo: 3\nu: [1, 1]\nc: [1]\nmx: [1, 2]\npn: {abc: 1}\nmp: {a: 1}\ndr: {a: 1}\ndep: {a: 1}\nite: 5\nite2: ab\nfs: 1\nts: 1\n',
  },
  {
    name: 'draft-04 exclusive bounds and items arrays',
    schema: S({
      $schema: 'http://json-schema.org/draft-04/schema#',
      properties: {
        a: { minimum: 5, exclusiveMinimum: true },
        b: { maximum: 5, exclusiveMaximum: true },
        t: { items: [{ type: 'string' }, { type: 'integer' }], additionalItems: false },
        t2: { items: [{ type: 'string' }], additionalItems: { type: 'boolean' } },
      },
    }),
    values: 'a: 5\nb: 5\nt: [1, "x", 3]\nt2: ["a", 1, true, 2]\n',
  },
  {
    name: '2020-12 prefixItems and unevaluatedProperties',
    schema: S({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      properties: {
        t: { prefixItems: [{ type: 'string' }], items: { type: 'integer' } },
        o: { properties: { a: true }, allOf: [{ properties: { b: true } }], unevaluatedProperties: false },
      },
    }),
    values: 'o: {a: 1, b: 2, c: 3}\nt: [1, 2, "x"]\n',
  },
  {
    name: '2019-09 dependentSchemas and $id refs',
    schema: S({
      $schema: 'https://json-schema.org/draft/2019-09/schema',
      $id: 'http://example.com/root.json',
      properties: {
        a: { $ref: 'item.json' },
        d: { dependentSchemas: { p: { required: ['q'] } } },
      },
      $defs: { item: { $id: 'item.json', type: 'integer', maximum: 3 } },
    }),
    values: 'a: 9\nd: {p: 1}\n',
  },
  {
    name: 'recursive tree',
    schema: S({
      $defs: {
        node: {
          type: 'object',
          properties: { v: { type: 'integer' }, kids: { type: 'array', items: { $ref: '#/$defs/node' } } },
        },
      },
      properties: { tree: { $ref: '#/$defs/node' } },
    }),
    values: 'tree: {v: 1, kids: [{v: x, kids: [{v: 2}, {v: "y"}]}]}\n',
  },
  {
    name: 'legacy $schema URL and valid values',
    schema: S({
      $schema: 'http://json-schema.org/schema#',
      type: 'object',
      properties: { a: { type: 'string', title: 'A' } },
    }),
    values: 'a: ok\n',
  },
  {
    name: 'big ints from --set',
    schema:
      '{"properties": {"a": {"maximum": 9007199254740992}, "b": {"enum": [9007199254740993]}, "c": {"multipleOf": 3}}}',
    set: ['a=9007199254740993', 'b=9007199254740993', 'c=9223372036854775807'],
  },
  {
    name: 'non-ASCII and quotes in messages',
    schema: S({ additionalProperties: false, properties: { "q'x": { pattern: '^a$' }, é: { enum: ["it's", 'é'] } } }),
    values: 'q\'x: "b\'c"\né: x\n"we\'ird": 1\n',
  },
  { name: 'bad minimum (2020-12)', schema: S({ properties: { a: { minimum: 'x' } } }), values: 'a: 1\n' },
  {
    name: 'bad type name (2020-12)',
    schema: S({ properties: { a: { properties: { b: { type: 'strin' } } } } }),
    values: 'a: 1\n',
  },
  { name: 'bad pattern (2020-12)', schema: S({ properties: { a: { pattern: '(' } } }), values: 'a: 1\n' },
  { name: 'negative minLength at the root', schema: S({ minLength: -1 }), values: 'a: 1\n' },
  { name: 'schema not an object', schema: S({ properties: { a: 5 } }), values: 'a: 1\n' },
  {
    name: 'bad required (draft-07)',
    schema: S({ $schema: 'http://json-schema.org/draft-07/schema#', properties: { a: { required: ['x', 'x'] } } }),
    values: 'a: 1\n',
  },
  {
    name: 'bad multipleOf (draft-04)',
    schema: S({ $schema: 'http://json-schema.org/draft-04/schema#', properties: { a: { multipleOf: 0 } } }),
    values: 'a: 1\n',
  },
  { name: 'empty allOf', schema: S({ allOf: [] }), values: 'a: 1\n' },
  // helm 4 stands a `true` schema in for a URN it cannot resolve, and warns once per URN.
  { name: 'urn reference', schema: S({ properties: { a: { $ref: 'urn:example:foo' } } }), values: 'a: 1\n' },
  {
    name: 'urn references, repeated and beside other keywords',
    schema: S({
      properties: {
        a: { $ref: 'urn:example:foo', type: 'string' },
        b: { $ref: 'URN:example:foo#' },
        c: { items: { $ref: 'urn:ex%41mple:bar?x=1' } },
      },
    }),
    values: 'a: 1\nc: [1]\n',
    // helm 3 refuses the first of them it meets: any one, in map order.
    only: 'helm4',
  },
  {
    name: 'pointer into a urn',
    schema: S({ properties: { a: { $ref: 'urn:example:foo#/definitions/x' } } }),
    values: 'a: 1\n',
  },
  {
    name: 'urn as $schema',
    schema: S({ $schema: 'urn:example:meta', properties: { a: { type: 'string' } } }),
    values: 'a: 1\n',
  },
  {
    name: 'urn id resolves its own references',
    schema: S({
      $id: 'urn:example:self',
      definitions: { x: { type: 'string' } },
      properties: { a: { $ref: 'urn:example:self#/definitions/x' }, b: { $ref: 'other', type: 'string' } },
    }),
    values: 'a: 1\nb: 2\n',
  },
  { name: 'unreferenced urn', schema: S({ $defs: { u: { $ref: 'urn:unused' } } }), values: 'a: 1\n' },
  {
    name: 'urn in parent and subchart schemas',
    schema: S({ properties: { a: { $ref: 'urn:shared' } } }),
    values: 'a: 1\nsub:\n  b: 2\n',
    sub: { schema: { properties: { b: { $ref: 'urn:shared' }, c: { $ref: 'urn:own' } } }, values: 'c: 3\n' },
    only: 'helm4',
  },
];

function chartFiles(c: Case): Tree {
  const files: Tree = {
    'chart/Chart.yaml': `apiVersion: v2\nname: chart\nversion: 0.1.0\n${c.sub ? 'dependencies:\n- name: sub\n  version: 0.1.0\n' : ''}`,
    'chart/templates/t.yaml': 'x: 1\n',
    'chart/values.schema.json': typeof c.schema === 'string' ? c.schema : JSON.stringify(c.schema, null, 2),
    'chart/values.yaml': c.values ?? '',
  };
  if (c.sub) {
    files['chart/charts/sub/Chart.yaml'] = 'apiVersion: v2\nname: sub\nversion: 0.1.0\n';
    files['chart/charts/sub/values.schema.json'] = JSON.stringify(c.sub.schema);
    files['chart/charts/sub/values.yaml'] = c.sub.values ?? '';
  }
  return files;
}

interface Node {
  text: string;
  kids: Node[];
}

/** helm 4's error tree: `- at …` lines nested by two-space indents, children sorted (random order). */
function tree(lines: string[]): Node[] {
  const root: Node = { text: '', kids: [] };
  const stack: Array<{ depth: number; node: Node }> = [{ depth: -1, node: root }];
  for (const line of lines) {
    const m = /^( *)- (.*)$/.exec(line);
    if (!m) {
      root.kids.push({ text: line, kids: [] });
      continue;
    }
    const depth = m[1]!.length / 2;
    while (stack[stack.length - 1]!.depth >= depth) stack.pop();
    const node: Node = { text: m[2]!, kids: [] };
    stack[stack.length - 1]!.node.kids.push(node);
    stack.push({ depth, node });
  }
  return root.kids;
}

function canon(nodes: Node[]): string[] {
  return nodes.map((n) => `${n.text}{${canon(n.kids).join('|')}}`).sort();
}

/** The error text made comparable: per chart block, the problems as a sorted multiset. */
function normalize(text: string): string[] {
  const out: string[] = [];
  let chart: string[] = [];
  let name = '';
  const flush = () => {
    if (name) out.push(`${name}\n${canon(tree(chart)).join('\n')}`);
    chart = [];
  };
  for (const raw of text.split('\n')) {
    // jsonschema lists additional property names in Go map order (random); ours are sorted.
    const line = raw.replace(
      /(additional properties )(.*)( not allowed)/,
      (_, a, names: string, b) => `${a}${names.split(', ').sort().join(', ')}${b}`,
    );
    if (/^[A-Za-z0-9_-]+:$/.test(line)) {
      flush();
      name = line;
    } else chart.push(line);
  }
  flush();
  return out;
}

/** What a render says about the schemas: the error text (or `OK`) and the log lines before it. */
interface Outcome {
  result: string;
  log: string[];
}

async function theirs(c: Case, compat: Compat, dir: string): Promise<Outcome> {
  const args = [...(c.set ?? []).map((s) => `--set=${s}`), ...(c.setString ?? []).map((s) => `--set-string=${s}`)];
  const r = await helmTemplate(compat, 'chart', args, dir);
  const at = r.code === 0 ? r.stderr.length : r.stderr.indexOf('Error: ');
  const log = r.stderr.slice(0, at).split('\n').filter(Boolean);
  return {
    result:
      r.code === 0
        ? 'OK'
        : r.stderr
            .slice(at)
            .replace(/^Error: /, '')
            .replace(/\n$/, ''),
    log,
  };
}

async function ours(c: Case, compat: Compat, dir: string): Promise<Outcome> {
  const user = mergeValueSources({ set: c.set, setString: c.setString }, { compat, readFile: fsReader(dir) });
  const chart = await loadDir(join(dir, 'chart'), { compat });
  checkDependencies(chart, { compat });
  const deps = processDependencies(chart, user, { compat });
  const coalesced = coalesceValues(deps.chart, user, { compat });
  const log = [...deps.warnings, ...coalesced.warnings];
  try {
    log.push(...validateSchemas(deps.chart, coalesced.values, { compat, resolver: RESOLVER }));
    return { result: 'OK', log };
  } catch (e) {
    if (e instanceof SchemaValidationError) return { result: e.message, log: [...log, ...e.warnings] };
    throw e;
  }
}

/** The resolver this machine's helm names in DNS errors (read like Go does). */
const RESOLVER = (() => {
  try {
    const m = /^\s*nameserver\s+(\S+)/m.exec(readFileSync('/etc/resolv.conf', 'utf8'));
    return m ? `${m[1]}:53` : undefined;
  } catch {
    return undefined;
  }
})();

const available = helmAvailable();

describe.skipIf(!available)('values.schema.json against helm', () => {
  const dirs: string[] = [];
  beforeAll(() => {
    for (const c of CASES) dirs.push(writeTree(chartFiles(c)));
  });
  afterAll(() => {
    for (const d of dirs) removeTree(d);
  });

  for (const compat of ['helm3', 'helm4'] as const) {
    it(`matches ${compat}`, async () => {
      const expected = await pool(CASES, 4, (c) => theirs(c, compat, dirs[CASES.indexOf(c)]!));
      for (let i = 0; i < CASES.length; i++) {
        if ((CASES[i]!.only ?? compat) !== compat) continue;
        const got = await ours(CASES[i]!, compat, dirs[i]!);
        const want = expected[i]!;
        const title = `${CASES[i]!.name}\n--- ours:\n${got.result}\n--- helm:\n${want.result}`;
        expect(normalize(got.result), title).toEqual(normalize(want.result));
        // Log lines from one map walk (sibling properties) come in Go's random map order.
        expect([...got.log].sort(), `${title}\n--- log`).toEqual([...want.log].sort());
      }
    });
  }
});

describe.skipIf(available)('values.schema.json against helm (skipped)', () => {
  it.skip(SKIP_MESSAGE, () => {});
});

const CHARTS = resolve(import.meta.dirname, '../../../shared/charts');

describe.skipIf(!existsSync(join(CHARTS, 'corpus.yaml')))('corpus charts pass their own schemas', () => {
  it('validates every corpus chart with its required values in both modes', async () => {
    const corpus = yamlUnmarshal(readFileSync(join(CHARTS, 'corpus.yaml'), 'utf8')) as GoMap[];
    const checked: string[] = [];
    for (const entry of corpus) {
      const file = entry.get('file') as string;
      if (!file || !readdirSync(CHARTS).includes(file)) continue;
      const required = (entry.get('requiredValues') as GoMap | undefined) ?? new Map();
      for (const compat of ['helm3', 'helm4'] as const) {
        const chart = await loadChart(join(CHARTS, file), { compat });
        const deps = processDependencies(chart, required, { compat });
        const { values } = coalesceValues(deps.chart, required, { compat });
        expect(() => validateSchemas(deps.chart, values, { compat }), `${file} (${compat})`).not.toThrow();
      }
      checked.push(file);
    }
    expect(checked.length).toBeGreaterThan(30);
  });
});

describe('URN warnings', () => {
  it('are logged by every render of a schema, also when its compile is cached', async () => {
    const c = CASES.find((x) => x.name === 'urn in parent and subchart schemas')!;
    const dir = writeTree(chartFiles(c));
    try {
      const want = [
        'level=WARN msg="unresolved URN reference ignored; using permissive schema" urn=urn:shared',
        'level=WARN msg="unresolved URN reference ignored; using permissive schema" urn=urn:own',
      ];
      for (let run = 0; run < 2; run++) expect((await ours(c, 'helm4', dir)).log, `run ${run}`).toEqual(want);
      expect((await ours(c, 'helm3', dir)).result).toMatch(/must be canonical/);
    } finally {
      removeTree(dir);
    }
  });
});

describe('schema helpers', () => {
  it('formats numbers like golang.org/x/text and big.Float', () => {
    expect(xtextInt(1500)).toBe('1,500');
    expect(xtextFloat(1000.5)).toBe('1,000.5');
    expect(xtextFloat(99999999999999)).toBe('9.9999999999999×10¹³');
    expect(xtextFloat(0.000001)).toBe('1×10⁻⁰⁶');
    expect(formatBigFloat(Rat.parse('12345678901')!)).toBe('1.2345678901e+10');
    expect(formatBigFloat(Rat.parse('0.10')!)).toBe('0.1');
  });

  it('parses times like Go for the checked layouts', () => {
    expect(goTimeParse('2006-01-02', '2020-13-01')).toBe('parsing time "2020-13-01": month out of range');
    expect(goTimeParse('2006-01-02', '2020-02-30')).toBe('parsing time "2020-02-30": day out of range');
    expect(goTimeParse('2006-01-02', 'x')).toBe('parsing time "x" as "2006-01-02": cannot parse "x" as "2006"');
    expect(goTimeParse('15:04:05', '1:02:03.5')).toBeUndefined();
  });
});
