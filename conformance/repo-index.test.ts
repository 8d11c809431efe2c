/**
 * Chart repository indexes as helm reads them: `template … --repo` (and `pull --repo`) against a
 * local server whose index.yaml is one of the cases below, run with helm 3.17.3 and 4.1.4 and with
 * helmless (`--compat helm3|helm4`), comparing stdout, stderr and the exit
 * status. helm refuses an index for any problem in any entry (strict YAML, unknown fields, field
 * types, times), reads JSON leniently, and logs the entries it skips twice: from the download, then
 * from the copy it writes under a random name in its repository cache (masked here).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, COMPATS, type Compat, missingHelmBinaries, runHelm, runHelmless } from './support/cli-runs.js';
import { packChart, panicHead } from './support/feature-charts.js';

const DEMO = `apiVersion: v1
entries:
  demo:
  - apiVersion: v2
    name: demo
    urls:
    - demo-1.0.0.tgz
    version: 1.0.0
`;
/** An entry of chart demo that helm skips (the warnings show the index was read as helm reads it). */
const SKIPPED = '  - {name: demo, version: bad}\n';
/** DEMO with a chart `other` whose one entry has these lines. */
const other = (...lines: string[]) => `${DEMO}  other:\n  - name: other\n${lines.map((l) => `    ${l}\n`).join('')}`;

interface IndexCase {
  title: string;
  index: string | Buffer;
  /** Arguments after `template x demo --repo URL`. */
  args?: string[];
  /** helm lists the charts in Go map order: compare stderr lines as a sorted list. */
  unordered?: true;
  /** Modes where helm dies of a nil dereference: stderr compared up to the goroutine header. */
  helmPanics?: Compat[];
  /** Only these modes (where the case shows something). */
  only?: Compat[];
  /** Environment besides the isolated defaults (`<cwd>` stands for the run's working directory). */
  env?: Record<string, string>;
}

const CASES: IndexCase[] = [
  {
    title: 'an index helm reads, with an entry it skips',
    index: `${DEMO}${SKIPPED}generated: "2026-01-01T00:00:00Z"\n`,
  },
  { title: 'an unknown field in another chart', index: other('version: 1.0.0', 'bogus: 1') },
  { title: 'an unknown field in a maintainer', index: other('version: 1.0.0', 'maintainers: [{name: x, bogus: 1}]') },
  { title: 'a top-level key twice', index: `${DEMO}apiVersion: v1\n` },
  {
    title: 'keys twice in entries and through a merge',
    index: `base: &b {name: demo, version: 1.0.0}\n${DEMO}  - <<: *b\n    version: 2.0.0\n    urls: [a, b]\n    urls: [c]\n`,
  },
  { title: 'generated not a time', index: `${DEMO}generated: notatime\n` },
  { title: 'created a date without a time', index: other('version: 1.0.0', 'created: 2020-01-01') },
  { title: 'a promoted field of the wrong type (helm 4 names Metadata)', index: other('version: 1.0') },
  { title: 'a maintainer name a number', index: other('version: 1.0.0', 'maintainers: [{name: 1}]') },
  {
    title: 'numbers converted for ChartVersion string fields',
    index: other('version: 1.0.0', 'digest: 12', 'urls: [1, true]', 'removed: yes', 'checksum: 1', 'url: 2') + SKIPPED,
  },
  { title: 'urls a string', index: other('version: 1.0.0', 'urls: x') },
  { title: 'a chart that is not a list', index: `${DEMO}  other: x\n` },
  { title: 'an entry that is not a map', index: `${DEMO}  - x\n` },
  { title: 'serverInfo not a map', index: `${DEMO}serverInfo: 1\n` },
  { title: 'a non-finite float that is not converted', index: other('version: 1.0.0', 'description: .inf') },
  { title: 'a null chart name', index: `${DEMO}  ~: []\n` },
  { title: 'invalid YAML', index: `${DEMO}  other: [\n` },
  { title: 'an empty index', index: '' },
  { title: 'only whitespace', index: '  \n' },
  {
    title: 'invalid UTF-8 in YAML',
    index: Buffer.concat([Buffer.from(other('version: 1.0.0', 'description: a')), Buffer.from([0xff, 0x0a])]),
  },
  {
    title: 'invalid UTF-8 in JSON (replaced)',
    index: Buffer.from(
      '{"apiVersion":"v1","entries":{"demo":[{"name":"demo","version":"1.0.0","urls":["demo-1.0.0.tgz"],"description":"a\xffb"},{"version":"x"}]}}',
      'latin1',
    ),
  },
  { title: 'no apiVersion, after the skipped entries', index: `entries:\n  demo:\n  - {name: demo, version: bad}\n` },
  { title: 'a later YAML document is not read', index: `${DEMO}---\nfoo: [\n` },
  {
    title: 'JSON: unknown fields are ignored',
    index: JSON.stringify({
      apiVersion: 'v1',
      bogus: 1,
      entries: { demo: [{ name: 'demo', version: '1.0.0', urls: ['demo-1.0.0.tgz'], x: 1 }, { version: 'x' }] },
    }),
  },
  {
    title: 'JSON: a type error, unwrapped',
    index: `{"apiVersion":"v1","entries":{"demo":[{"name":"demo","version":1}]}}`,
  },
  { title: 'JSON: not an object', index: '[]' },
  // encoding/json hands a time field its raw string, escapes and all: time.Time refuses escapes.
  {
    title: 'JSON: an escaped time string',
    index: `{"apiVersion":"v1","generated":"2026-01-01T00:00:00\\u005a","entries":{"demo":[{"name":"demo","version":"1.0.0","urls":["demo-1.0.0.tgz"]}]}}`,
  },
  {
    title: 'JSON: an escaped created time in an entry',
    index: `{"apiVersion":"v1","entries":{"demo":[{"name":"demo","version":"1.0.0","urls":["demo-1.0.0.tgz"],"created":"2026\\u002d01-01T00:00:00Z"}]}}`,
  },
  // Not json.Marshal's text either: `<` stays as written (the YAML route sees `\u003c`).
  {
    title: 'JSON: a time with a character json.Marshal escapes, after a type error',
    index: `{"apiVersion":"v1","entries":{"demo":[{"name":"demo","version":1,"urls":["demo-1.0.0.tgz"],"created":"2026-01-01<"}]}}`,
  },
  {
    title: 'JSON: a serverInfo number beyond float64',
    index: `{"apiVersion":"v1","serverInfo":{"n":1e400},"entries":{"demo":[{"name":"demo","version":"1.0.0","urls":["demo-1.0.0.tgz"]}]}}`,
  },
  {
    title: 'invalid entries are skipped with warnings, twice',
    index: `${DEMO}  - {name: demo, version: not-semver}\n  - {version: 2.0.0}\n  - {name: demo, version: 3.0.0, type: bogus}\n  - {name: "a/b", version: 4.0.0}\n  - {name: demo, version: 5.0.0, dependencies: [{name: a, alias: "b c"}]}\n  - {name: demo, version: 1.1.0, maintainers: [null]}\n`,
  },
  {
    title: 'invalid entries in several charts (helm logs charts in random order)',
    index: `${DEMO}  - {name: demo, version: bad}\n  other:\n  - {name: other, version: worse}\n`,
    unordered: true,
  },
  {
    title: 'entries helm accepts: repeated dependency names, "." in helm 3',
    index: `${DEMO}  - {name: demo, version: 0.9.0, dependencies: [{name: a}, {name: a}]}\n  other:\n  - {name: ., version: 1.0.0}\n  - {name: other, version: bad}\n`,
  },
  { title: 'a null entry among others', index: `${DEMO}  - null\n`, helmPanics: ['helm3'] },
  { title: 'a lone null entry', index: `apiVersion: v1\nentries:\n  demo:\n  - null\n`, helmPanics: ['helm3'] },
  // More than 12 entries go through pdqsort: where it first dereferences the null entry differs.
  ...[0, 9, 19].map((at) => ({
    title: `a null entry at ${at} of 20 (pdqsort)`,
    index: `apiVersion: v1\nentries:\n  demo:\n${Array.from({ length: 20 }, (_, i) => (i === at ? '  - null\n' : `  - {name: demo, version: 1.0.${(i * 7) % 20}, urls: [demo-1.0.0.tgz]}\n`)).join('')}`,
    helmPanics: ['helm3' as const],
  })),
  {
    title: 'a lone null entry, with a version',
    index: `apiVersion: v1\nentries:\n  demo:\n  - null\n`,
    args: ['--version', '1.0.0'],
    helmPanics: ['helm3'],
  },
  { title: 'a version range (helm 4 says it fell back)', index: DEMO + SKIPPED, args: ['--version', '^1'] },
  {
    title: 'a chart without versions, with a version',
    index: `apiVersion: v1\nentries:\n  demo: []\n`,
    args: ['--version', '1.0.0'],
  },
  // helm says only "not found"; the library's message also lists the versions there are.
  { title: 'a version the repository lacks', index: DEMO, args: ['--version', '2.0.0'] },
  { title: 'an invalid version constraint', index: DEMO, args: ['--version', '!!'] },
  // helm trims the version: an exact match, so helm 4 has no fallback to report.
  { title: 'a version with spaces around it', index: DEMO, args: ['--version', ' 1.0.0 '], only: ['helm4'] },
  // The index copy is always under helm's cache home: HELM_REPOSITORY_CACHE does not move it.
  {
    title: 'the index copy with HELM_REPOSITORY_CACHE set',
    index: DEMO + SKIPPED,
    env: { HELM_REPOSITORY_CACHE: 'rc' },
  },
  {
    title: 'the index copy under XDG_CACHE_HOME',
    index: DEMO + SKIPPED,
    env: { HELM_CACHE_HOME: '', XDG_CACHE_HOME: '<cwd>/xdg' },
  },
];

const missing = missingHelmBinaries();
let server: Server;
let base = '';
let chart: Uint8Array;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'helmless-repo-index-'));
  try {
    await mkdir(join(dir, 'demo', 'templates'), { recursive: true });
    await writeFile(join(dir, 'demo', 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 1.0.0\n');
    await writeFile(
      join(dir, 'demo', 'templates', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    );
    chart = await packChart(join(dir, 'demo'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  server = createServer((req, res) => {
    const [, id, file] = (req.url ?? '').split('/');
    const c = CASES[Number(id)];
    if (c && file === 'index.yaml') res.end(c.index);
    else if (c && file === 'demo-1.0.0.tgz') res.end(chart);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server?.close();
});

/** A run with the working directory (helm's cache lives under it) and the random index name masked. */
function masked(run: CliRun, cwd: string): CliRun {
  const stderr = run.stderr
    .replaceAll(cwd, '<home>')
    .replace(/repository\/[A-Za-z0-9+=-]{27}=-index\.yaml/g, 'repository/<random>-index.yaml');
  return { ...run, stderr };
}

async function runBoth(
  args: string[],
  compat: Compat,
  helmless: string[],
  env?: Record<string, string>,
): Promise<{ helm: CliRun; ours: CliRun }> {
  const run = async (side: 'helm' | 'helmless') => {
    const cwd = await mkdtemp(join(tmpdir(), `helmless-repo-index-${side}-`));
    try {
      const runEnv = env && Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replaceAll('<cwd>', cwd)]));
      const options = { cwd, env: runEnv };
      const r = side === 'helm' ? await runHelm(compat, args, options) : await runHelmless(helmless, options);
      return masked(r, cwd);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  };
  return { helm: await run('helm'), ours: await run('helmless') };
}

const sortedLines = (s: string) => s.split('\n').sort();

describe.skipIf(missing.length > 0)(
  `repository indexes${missing.length ? ` (missing ${missing.join(', ')})` : ''}`,
  () => {
    CASES.forEach((c, i) => {
      for (const compat of c.only ?? COMPATS) {
        for (const command of [['template', 'x'], ['pull']]) {
          it(`${command[0]}: ${c.title} (${compat})`, async () => {
            const args = [...command, 'demo', '--repo', `${base}/${i}`, ...(c.args ?? [])];
            const { helm, ours } = await runBoth(args, compat, [...args, '--compat', compat], c.env);
            expect(ours.code).toBe(helm.code);
            expect(ours.stdout.toString('utf8')).toBe(helm.stdout.toString('utf8'));
            if (c.helmPanics?.includes(compat)) expect(panicHead(ours.stderr)).toBe(panicHead(helm.stderr));
            else if (c.unordered) expect(sortedLines(ours.stderr)).toEqual(sortedLines(helm.stderr));
            else expect(ours.stderr).toBe(helm.stderr);
          });
        }
      }
    });
  },
);
