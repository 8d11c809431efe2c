/**
 * Differential tests of src/helm/strvals.ts: every expectation comes from running the real helm
 * 3.17.3 and 4.1.4 binaries on a chart without values that prints `toJson .Values`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marshalJSON } from '../../src/codec/json.js';
import { goInt64 } from '../../src/gotemplate/value.js';
import {
  type Compat,
  jsonValueEnd,
  mergeValueSources,
  parseSet,
  type ValueSources,
  ValuesError,
} from '../../src/helm/strvals.js';
import {
  errorText,
  fsReader,
  helmAvailable,
  helmTemplate,
  pool,
  probeTemplate,
  readProbes,
  removeTree,
  SKIP_MESSAGE,
  writeTree,
} from './support.js';

const SEED = Number(process.env.STRVALS_SEED ?? 20261127);
const COMPATS: Compat[] = ['helm3', 'helm4'];

/** Flag kinds in the order a case lists them; the CLI maps each to a ValueSources list. */
type Flag = ['-f' | '--set' | '--set-string' | '--set-json' | '--set-file' | '--set-literal', string];

const FILES = {
  'o1.yaml': 'nested: {a: 10, list: [9]}\ndrop: null\nnew: n1\n',
  'o2.yaml': 'nested: {b: null}\nnew: n2\nm: scalar\n',
  'empty.yaml': '',
  'list.yaml': '- a\n- b\n',
  'bad.yaml': 'a: [\n',
  'multi.yaml': 'a: 1\n---\nb: 2\n',
  // After `---`, helm 4's document splitter trims what Go's unicode.IsSpace calls space (U+0085, not U+FEFF).
  'sep-nel.yaml': 'a: 1\n---\u0085# c\nb: 2\n',
  'sep-bom.yaml': 'a: 1\n---\ufeff\nb: 2\n',
  // go-yaml skips the stream's BOM; a second one at a line start is skipped only if its buffer starts with one.
  'two-boms.yaml': '\ufeff\ufeffa: 1\nb: 2\n',
  'inner-bom.yaml': 'a: 1\n\ufeffb: 2\n',
  // helm 4's splitter keeps a `---` line that starts a document: go-yaml sees a document start.
  'sep-kept.yaml': 'h: x\n--- # c\n---\t\n...\n# com\na: 1\n',
  'sep-line.yaml': '---\n- l\n\t- l\n',
  // helm 4 decodes each document before it reads the next separator: the first failure wins.
  'sep-late.yaml': '\ta: 1\n---\nb: 2\n---a\n',
  txt: 'line1\nline2\n',
  'json.txt': '{"x": 1}',
};

/** Hand-picked cases: §2.2–§2.4 of helm-semantics.md plus parser corners. */
const CASES: Flag[][] = [
  [['--set', 'a=1000000']],
  [['--set', 'd=-5,e=+5,i=0']],
  [['--set', 'b=1.5,j=1e3,k=0x10,c=010,o=007']],
  [['--set', 'n=9223372036854775808,r=12345678901234567890,x=9223372036854775807,y=-9223372036854775808']],
  [['--set', 'f=true,g=TRUE,h=False,m=yes,z=NuLL,s=falſe']],
  [['--set', 'h=null,l=']],
  [['--set', 'p="quoted",q=a b']],
  [['--set', 'a=é,b=\\u00e9']],
  [['--set-string', 'a=1000000,b=true,c=null']],
  [['--set-json', 'a=1000000']],
  [['--set-json', 'b={"x":[1,2.5,"s",null,true]}']],
  [['--set-json', 'a=12345678901234567890']],
  [['--set-json', 'a=1,b="x" , c=[1,2]']],
  [['--set-json', 'a=,b=2']],
  [['--set-json', 'a=1x']],
  [['--set-json', 'a=01']],
  [['--set-json', 'x={bad']],
  [['--set-json', 'a=tru']],
  [['--set-json', 'a=1e400']],
  [['--set-json', '{"top":1,"nested":{"a":7}}']],
  [['--set-json', '  {"top":1}']],
  [['--set-json', '{bad']],
  [['--set-json', 'a[1]={"k":1}']],
  [['--set-json', 'a[0]=1,a[2]=']],
  [['--set', 'nested.a=5,nested.c.d=x']],
  [['--set', 'nested.list[1]=x']],
  [['--set', 'newlist[2]=x']],
  [
    ['--set', 'l={a,b,c}'],
    ['--set', 'l2={1,2,true}'],
  ],
  [
    ['--set', 'a={}'],
    ['--set', 'b={,}'],
  ],
  [['--set-string', 'a={1,true}']],
  [
    ['--set', 'a\\.b=c'],
    ['--set', 'x=x\\,y'],
    ['--set', 'y=b=c'],
    ['--set', 'z= b '],
  ],
  [
    ['--set', 'lm[0].name=a,lm[1].name=b'],
    ['--set', 'a[0][1]=x'],
  ],
  [['--set', '=x']],
  [['--set', 'novalue']],
  [['--set', 'a.=1']],
  [['--set', 'l[-1]=x']],
  [['--set', 'a[x]=1']],
  [['--set', 'a[0=1']],
  [['--set', 'a[0][0=1']],
  [['--set', 'a[70000]=1']],
  [['--set', 'a[65536]=1']],
  [
    ['--set', 'a[0]=1'],
    ['--set', 'a.b=2'],
  ],
  [['--set-literal', 'a.b=x,y={z}']],
  [['--set-literal', 'a[0=1']],
  [['--set-literal', 'a\\.b=1']],
  [['--set-literal', 'a[1]=x,a[0].b=y']],
  [['--set-literal', 'novalue']],
  [['--set-file', 'txt=txt']],
  [['--set-file', 'txt=nothere']],
  [['--set-file', 'l={txt,json.txt}']],
  [
    ['--set-string', 'keep=s'],
    ['--set', 'keep=2'],
  ],
  [
    ['--set', 'keep=3'],
    ['--set-json', 'keep=4'],
  ],
  [
    ['--set', 'keep=5'],
    ['-f', 'o1.yaml'],
  ],
  [['-f', 'o1.yaml']],
  [
    ['-f', 'o1.yaml'],
    ['-f', 'o2.yaml'],
  ],
  [['-f', 'empty.yaml']],
  [['-f', 'list.yaml']],
  [['-f', 'bad.yaml']],
  [['-f', 'multi.yaml']],
  [['-f', 'sep-nel.yaml']],
  [['-f', 'sep-bom.yaml']],
  [['-f', 'two-boms.yaml']],
  [['-f', 'inner-bom.yaml']],
  [['-f', 'sep-kept.yaml']],
  [['-f', 'sep-line.yaml']],
  [['-f', 'sep-late.yaml']],
  [['-f', 'nothere.yaml']],
  [['--set', 'a[0]x=1']],
  [['--set', ',a=1']],
  [['--set', 'a=1,,b=2']],
  [['--set', 'a=1,']],
  [['--set', 'a[0]']],
  [['--set', 'a.b']],
  [
    ['--set', 'a=1'],
    ['--set', 'a.b=2'],
  ],
  [
    ['--set', 'a=null'],
    ['--set', 'a[0]=2'],
  ],
  [
    ['--set', 'a=x'],
    ['--set', 'a[0]=2'],
  ],
  [
    ['--set', 'a.b=1'],
    ['--set', 'a[0]=2'],
  ],
  [
    ['--set-json', 'a=1.5'],
    ['--set', 'a.b=2'],
  ],
  [
    ['--set-json', 'a=true'],
    ['--set', 'a[0]=2'],
  ],
  [['--set', 'a={x,y}z']],
  [['--set', 'a={x,y']],
  [['--set', 'a[99999999999999999999]=1']],
  [['--set', 'a[]=1']],
  [['--set', 'a[+1]=1']],
  [['--set', 'a[1]=1,a[0].b=2']],
  [['--set', 'a[0][1]=x,a[0][0]=y']],
  [
    ['--set', 'a[0].b=1'],
    ['--set', 'a[0][0]=1'],
  ],
  [['--set', `${Array.from({ length: 31 }, (_, i) => `k${i}`).join('.')}=1`]],
  [['--set', `${Array.from({ length: 32 }, (_, i) => `k${i}`).join('.')}=1`]],
  [['--set', 'a\\']],
  [['--set', 'a=b\\']],
  [['--set', 'a=\\,\\{x']],
  [['--set', 'a={a\\,b,c}']],
  [['--set', 'a[0]=1,a[0]=2,b[1][1]=3']],
  [['--set', 'a[1].b=1,a[1].c=2']],
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
  for (const [flag, v] of flags) {
    const key = (
      {
        '-f': 'valueFiles',
        '--set': 'set',
        '--set-string': 'setString',
        '--set-json': 'setJSON',
        '--set-file': 'setFile',
        '--set-literal': 'setLiteral',
      } as const
    )[flag];
    s[key].push(v);
  }
  return s;
}

/** Our result, printed like the probe chart prints helm's. */
function ours(flags: Flag[], compat: Compat, cwd: string): { ok: true; json: string } | { ok: false; error: string } {
  try {
    const values = mergeValueSources(toSources(flags), { compat, readFile: fsReader(cwd) });
    return { ok: true, json: marshalJSON(values) };
  } catch (e) {
    if (e instanceof Error) return { ok: false, error: e.message };
    throw e;
  }
}

let dir = '';

async function theirs(flags: Flag[], compat: Compat) {
  const args = flags.map(([f, v]) => `${f}=${v}`);
  const r = await helmTemplate(compat, 'chart', args, dir);
  if (r.code !== 0) return { ok: false as const, error: errorText(r) };
  return { ok: true as const, json: readProbes(r.stdout).v! };
}

const available = helmAvailable();

describe.skipIf(!available)('strvals against helm', () => {
  beforeAll(() => {
    dir = writeTree({
      ...FILES,
      'chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
      'chart/templates/t.yaml': probeTemplate({ v: '.Values' }),
    });
  });
  afterAll(() => removeTree(dir));

  for (const compat of COMPATS) {
    it(`hand-picked cases (${compat})`, async () => {
      const expected = await pool(CASES, 4, (c) => theirs(c, compat));
      CASES.forEach((c, i) => {
        expect(ours(c, compat, dir), JSON.stringify(c)).toEqual(expected[i]);
      });
    });

    it(`generated --set strings (${compat})`, async () => {
      const alphabet = fc.constantFrom(...'ab0123.[]{},=\\- tTrueNnul'.split(''));
      const flagKind = fc.constantFrom<Flag[0]>('--set', '--set-string', '--set-literal', '--set-json');
      const flag = fc.tuple(flagKind, fc.string({ unit: alphabet, maxLength: 12 }));
      const samples = fc.sample(fc.array(flag, { minLength: 1, maxLength: 2 }), { seed: SEED, numRuns: 40 });
      const expected = await pool(samples, 4, (c) => theirs(c, compat));
      samples.forEach((c, i) => {
        expect(ours(c, compat, dir), JSON.stringify(c)).toEqual(expected[i]);
      });
    });
  }
});

describe.skipIf(available)('strvals against helm (skipped)', () => {
  it.skip(SKIP_MESSAGE, () => {});
});

describe('strvals unit', () => {
  it('types integers as int64 and keeps the parsed map shared', () => {
    const m = new Map();
    parseSet('a=5,b.c=x', m, { compat: 'helm3' });
    expect(m.get('a')).toEqual(goInt64(5n));
    expect(m.get('b')).toEqual(new Map([['c', 'x']]));
  });

  it('finds where the first JSON value ends like json.Decoder', () => {
    expect(jsonValueEnd('1,b=2')).toBe(1);
    expect(jsonValueEnd('{"a":[1,{"b":null}]}x')).toBe(20);
    expect(jsonValueEnd('"a\\"b" ')).toBe(6);
    expect(() => jsonValueEnd('[1,')).toThrow(ValuesError);
    expect(() => jsonValueEnd('-x')).toThrow(ValuesError);
  });

  it('rejects deep JSON nesting without overflowing the stack', () => {
    expect(() => jsonValueEnd('['.repeat(20000))).toThrow('exceeded max depth');
  });
});
