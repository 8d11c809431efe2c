/**
 * `template --dependency-update` against helm 3.17.3 and 4.1.4: a chart directory whose Chart.yaml
 * names dependencies in a local chart repository, rendered by helm and by helmless (`--compat`),
 * each in a fresh copy of the chart. Compared: the exit status, standard output (helm's progress
 * lines, then the manifests), standard error, the archives left in charts/ (names and bytes) and
 * the lock file, whose `generated` time is compared by shape. Dependencies come from a chart
 * repository served here, from an OCI registry (docker-registry, when installed), from `file://`
 * directories and from charts/ itself. Archives helm packs from a directory carry the time they were
 * made: those are compared by name.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushChart } from '../test/support/oci-push.js';
import { type Registry, registryAvailable, startRegistry } from '../test/support/servers.js';
import {
  type CliRun,
  COMPATS,
  type Compat,
  comparableDebugLog,
  missingHelmBinaries,
  runHelm,
  runHelmless,
} from './support/cli-runs.js';
import { packChart, panicHead } from './support/feature-charts.js';

/** The repository's charts: name → versions (each renders a ConfigMap naming its chart and version). */
const REPOSITORY: Record<string, string[]> = {
  alpha: ['1.0.0', '1.1.0', '2.0.0-rc.1'],
  beta: ['0.1.0'],
};

interface UpdateCase {
  title: string;
  /** The `dependencies:` entries of Chart.yaml (`<repo>` stands for the repository URL). */
  dependencies: string;
  /** Files to put in the chart directory first (path → content; `<alpha-1.0.0>` is that archive). */
  files?: Record<string, string>;
  /** Chart.yaml lines besides name, version and dependencies (default `apiVersion: v2`). */
  chartYaml?: string;
  /** helm prints the repository lines as its parallel downloads end: compare stdout's lines sorted. */
  unordered?: true;
  /** Render the chart packaged instead of its directory. */
  packaged?: true;
  /** Needs the OCI registry (`<oci>` stands for its `oci://host/charts`); the command gets --plain-http. */
  oci?: true;
  /** OCI without --plain-http: HTTPS to the plain-HTTP registry. */
  https?: true;
  /** Run with `--debug` (its log lines compared as conformance/debug-log.test.ts does). */
  debug?: true;
  /** How many lines each helm's standard error has (so the case shows what it is about). */
  stderrLines?: Record<Compat, number>;
}

const CASES: UpdateCase[] = [
  {
    title: 'an exact version and a range, one of them under an alias',
    dependencies:
      '- {name: alpha, version: "^1", repository: "<repo>"}\n- {name: beta, version: 0.1.0, repository: "<repo>", alias: b}',
  },
  {
    title: 'a range that admits prereleases',
    dependencies: '- {name: alpha, version: ">=1.0.0-0", repository: "<repo>"}',
  },
  {
    title: 'condition, tags and import-values are part of the lock digest',
    dependencies:
      '- {name: alpha, version: "~1.0", repository: "<repo>", condition: a.on, tags: [t1, t2], import-values: [{child: x, parent: y}]}',
  },
  {
    title: 'one chart under two aliases is downloaded once',
    dependencies:
      '- {name: alpha, version: 1.1.0, repository: "<repo>", alias: one}\n- {name: alpha, version: "^1", repository: "<repo>", alias: two}',
  },
  {
    // helm 3 downloads both spellings (in parallel); helm 4 only the last and then misses the first.
    title: 'one repository spelled with and without a trailing slash',
    dependencies:
      '- {name: alpha, version: 1.0.0, repository: "<repo>"}\n- {name: beta, version: 0.1.0, repository: "<repo>/"}',
    unordered: true,
  },
  {
    title: 'versions the repository lacks',
    dependencies:
      '- {name: alpha, version: 3.0.0, repository: "<repo>"}\n- {name: beta, version: ">=1", repository: "<repo>"}',
  },
  { title: 'a chart the repository lacks', dependencies: '- {name: gamma, version: 1.0.0, repository: "<repo>"}' },
  { title: 'an invalid version constraint', dependencies: '- {name: alpha, version: "!!", repository: "<repo>"}' },
  { title: 'no version', dependencies: '- {name: alpha, repository: "<repo>"}' },
  {
    title: 'a repository without an index',
    dependencies: '- {name: alpha, version: 1.0.0, repository: "<repo>/none"}',
  },
  {
    // Logged as helm reads the index: downloaded, from its cache, downloaded again, and its copy.
    title: 'an index entry helm skips is logged each time the index is read',
    dependencies:
      '- {name: alpha, version: 1.1.0, repository: "<repo>/../skipping"}\n- {name: beta, version: 0.1.0, repository: "<repo>/../skipping"}',
    // helm 3 downloads the index once per dependency, helm 4 once per repository.
    stderrLines: { helm3: 8, helm4: 7 },
  },
  {
    title: 'other archives in charts/ are deleted, whatever their chart',
    dependencies:
      '- {name: alpha, version: 1.1.0, repository: "<repo>"}\n- {name: beta, version: 0.1.0, repository: "<repo>"}',
    files: { 'charts/alpha-1.0.0.tgz': '<alpha-1.0.0>', 'charts/beta-9.tgz': '<alpha-1.0.0>' },
  },
  {
    title: 'dependencies present: nothing is updated',
    dependencies: '- {name: alpha, version: 1.0.0, repository: "<repo>"}',
    files: { 'charts/alpha-1.0.0.tgz': '<alpha-1.0.0>' },
  },
  {
    title: 'a lock with the same digest is kept as it is',
    dependencies: '- {name: alpha, version: 1.1.0, repository: "<repo>"}',
    files: {
      'Chart.lock':
        'dependencies:\n- name: alpha\n  repository: <repo>\n  version: 1.1.0\ndigest: <digest>\ngenerated: "2020-01-01T00:00:00Z"\n',
    },
  },
  {
    title: 'a library chart is refused before any update',
    dependencies: '- {name: alpha, version: 1.0.0, repository: "<repo>"}',
    chartYaml: 'apiVersion: v2\ntype: library',
  },
  {
    title: 'a dependency kept in charts/ beside one from a repository',
    dependencies: '- {name: lib, version: ">=0.1.0"}\n- {name: beta, version: 0.1.0, repository: "<repo>"}',
    files: { 'charts/lib/Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 0.3.0\n' },
  },
  {
    title: 'a dependency kept in charts/ whose version the constraint refuses',
    dependencies: '- {name: lib, version: ">=0.5.0"}\n- {name: beta, version: 0.1.0, repository: "<repo>"}',
    files: { 'charts/lib/Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 0.3.0\n' },
  },
  {
    title: 'a dependency kept in charts/ that is not there',
    dependencies: '- {name: lib, version: ">=0.1.0"}\n- {name: beta, version: 0.1.0, repository: "<repo>"}',
  },
  {
    title: 'file:// directories, relative and absolute, with values, files and a subchart',
    dependencies:
      '- {name: local, version: "^1", repository: "file://../src/local"}\n- {name: other, version: "*", repository: "file://<shared>/other"}',
    files: {
      '../src/local/Chart.yaml': 'apiVersion: v2\nname: local\nversion: 1.2.0\nappVersion: "7"\n',
      '../src/local/values.yaml': 'greeting: hello\n',
      '../src/local/files/a.txt': 'file a\n',
      '../src/local/templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name }}-{{ .Chart.AppVersion }}\ndata:\n  greeting: {{ .Values.greeting }}\n  a: {{ .Files.Get "files/a.txt" | quote }}\n',
      '../src/local/charts/alpha-1.0.0.tgz': '<alpha-1.0.0>',
    },
  },
  {
    title: 'a file:// directory whose version the constraint refuses',
    dependencies: '- {name: local, version: "^2", repository: "file://../src/local"}',
    files: { '../src/local/Chart.yaml': 'apiVersion: v2\nname: local\nversion: 1.2.0\n' },
  },
  { title: 'a file:// directory that is not there', dependencies: '- {name: local, repository: "file://../nowhere"}' },
  {
    title: '--debug: downloads from a repository, one twice, and a chart kept in charts/',
    dependencies:
      '- {name: alpha, version: "^1", repository: "<repo>"}\n- {name: alpha, version: 1.1.0, repository: "<repo>", alias: again}\n- {name: lib, version: 0.1.0}',
    files: { 'charts/lib/Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 0.1.0\n' },
    debug: true,
  },
  {
    title: '--debug: a file:// directory and a download that fails',
    dependencies:
      '- {name: local, version: "^1", repository: "file://../src/local"}\n- {name: beta, version: 9.0.0, repository: "<repo>"}',
    files: { '../src/local/Chart.yaml': 'apiVersion: v2\nname: local\nversion: 1.2.0\n' },
    debug: true,
  },
  {
    title: 'OCI: a range, an exact version, and the same chart twice',
    dependencies:
      '- {name: alpha, version: "~1.0", repository: "<oci>", alias: a}\n- {name: alpha, version: 1.1.0, repository: "<oci>", alias: b}\n- {name: beta, version: 0.1.0, repository: "<repo>"}',
    oci: true,
  },
  {
    title: 'OCI with --debug',
    dependencies:
      '- {name: alpha, version: 1.1.0, repository: "<oci>"}\n- {name: beta, version: 0.1.0, repository: "<repo>"}',
    oci: true,
    debug: true,
  },
  {
    title: 'OCI: a range no tag satisfies fails when pulling',
    dependencies: '- {name: alpha, version: "^3", repository: "<oci>"}',
    oci: true,
  },
  {
    title: 'OCI: HTTPS to a registry that speaks plain HTTP',
    dependencies: '- {name: alpha, version: "^1", repository: "<oci>"}',
    oci: true,
    https: true,
  },
  {
    title: 'OCI: a chart the registry lacks',
    dependencies: '- {name: gamma, version: "^1", repository: "<oci>"}',
    oci: true,
  },
  {
    title: 'a packaged chart cannot be updated',
    dependencies: '- {name: alpha, version: 1.0.0, repository: "<repo>"}',
    packaged: true,
  },
];

const GENERATED = /^generated: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)"$/m;
const missing = missingHelmBinaries();
const archives = new Map<string, Buffer>();
let server: Server;
let repo = '';
let registry: Registry | undefined;
let oci = '';
/** A directory both sides' runs share, for a `file://` path that must be the same absolute path. */
let shared = '';

beforeAll(async () => {
  const scratch = await mkdtemp(join(tmpdir(), 'helmless-dep-update-charts-'));
  try {
    for (const [name, versions] of Object.entries(REPOSITORY)) {
      for (const version of versions) {
        const dir = join(scratch, `${name}-${version}`, name);
        await mkdir(join(dir, 'templates'), { recursive: true });
        await writeFile(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: ${version}\n`);
        await writeFile(
          join(dir, 'templates', 'cm.yaml'),
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name }}-{{ .Chart.Version }}\n',
        );
        archives.set(`${name}-${version}.tgz`, await packChart(dir));
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const index = () => {
    let text = 'apiVersion: v1\nentries:\n';
    for (const [name, versions] of Object.entries(REPOSITORY)) {
      text += `  ${name}:\n`;
      for (const version of [...versions].reverse()) {
        const digest = createHash('sha256')
          .update(archives.get(`${name}-${version}.tgz`)!)
          .digest('hex');
        text += `  - {apiVersion: v2, name: ${name}, version: ${version}, digest: ${digest}, urls: [${name}-${version}.tgz]}\n`;
      }
    }
    return text;
  };
  server = createServer((req, res) => {
    // /skipping/ is the same repository with an entry helm skips (and logs) in its index.
    const skipping = (req.url ?? '').startsWith('/skipping/');
    const path = (req.url ?? '').replace(/^\/(?:repo|skipping)\//, '');
    if (path === 'index.yaml') res.end(skipping ? `${index()}  - {name: alpha, version: bad}\n` : index());
    else if (archives.has(path)) res.end(archives.get(path));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  repo = `http://127.0.0.1:${(server.address() as AddressInfo).port}/repo`;
  shared = await mkdtemp(join(tmpdir(), 'helmless-dep-update-shared-'));
  await mkdir(join(shared, 'other'));
  await writeFile(join(shared, 'other', 'Chart.yaml'), 'apiVersion: v2\nname: other\nversion: 0.1.0\n');
  if (registryAvailable()) {
    registry = await startRegistry();
    for (const [file, bytes] of archives) {
      const [, name, version] = /^(.+?)-(\d.*)\.tgz$/.exec(file)!;
      await pushChart(registry.host, `charts/${name}`, version!.replaceAll('+', '_'), bytes);
    }
    oci = `oci://${registry.host}/charts`;
  }
});
afterAll(async () => {
  server?.close();
  await registry?.stop();
  if (shared) await rm(shared, { recursive: true, force: true });
});

/** What one run left behind, with the working directory masked. */
interface Outcome {
  run: CliRun;
  /** charts/ after the run: each file with the start of its SHA-256. */
  charts: string[];
  /** The lock file with its `generated` line checked and replaced. */
  lock: string | undefined;
}

async function runCase(c: UpdateCase, side: 'helm' | 'helmless', compat: Compat): Promise<Outcome> {
  const cwd = await mkdtemp(join(tmpdir(), `helmless-dep-update-${side}-`));
  try {
    const chart = join(cwd, 'app');
    await mkdir(join(chart, 'templates'), { recursive: true });
    const fill = (text: string) =>
      text.replaceAll('<repo>', repo).replaceAll('<oci>', oci).replaceAll('<shared>', shared);
    const chartYaml = `${c.chartYaml ?? 'apiVersion: v2'}\nname: app\nversion: 0.1.0\ndependencies:\n${fill(c.dependencies)}\n`;
    await writeFile(join(chart, 'Chart.yaml'), chartYaml);
    await writeFile(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n');
    for (const [path, content] of Object.entries(c.files ?? {})) {
      await mkdir(join(chart, path, '..'), { recursive: true });
      const archive = /^<(.+)>$/.exec(content)?.[1];
      await writeFile(join(chart, path), archive ? archives.get(`${archive}.tgz`)! : fill(content));
    }
    let target = 'app';
    if (c.packaged) {
      await writeFile(join(cwd, 'app-0.1.0.tgz'), await packChart(chart));
      target = 'app-0.1.0.tgz';
    }
    const args = [
      'template',
      'r',
      target,
      '--dependency-update',
      ...(c.oci && !c.https ? ['--plain-http'] : []),
      ...(c.debug ? ['--debug'] : []),
    ];
    const run =
      side === 'helm'
        ? await runHelm(compat, args, { cwd })
        : await runHelmless([...args, '--compat', compat], { cwd });
    // helm's copies of downloaded indexes have random names.
    const mask = (s: string) =>
      s
        .replaceAll(cwd, '<cwd>')
        .replace(/repository\/[A-Za-z0-9+=-]{27}=-index\.yaml/g, 'repository/<random>-index.yaml');
    const charts: string[] = [];
    const entries = await readdir(join(chart, 'charts'), { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory() || packedHere(entry.name, c)) {
        charts.push(entry.name);
        continue;
      }
      const bytes = await readFile(join(chart, 'charts', entry.name));
      charts.push(`${entry.name} ${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`);
    }
    let lock = await readFile(join(chart, 'Chart.lock'), 'utf8').catch(() => undefined);
    if (lock !== undefined) {
      expect(lock).toMatch(GENERATED);
      lock = lock.replace(GENERATED, 'generated: <time>');
    }
    return {
      run: {
        code: run.code,
        stdout: Buffer.from(mask(run.stdout.toString('utf8'))),
        stderr: c.debug ? comparableDebugLog(mask(run.stderr)) : mask(run.stderr),
      },
      charts,
      lock,
    };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

/** Whether an archive in charts/ was packed from a `file://` directory (its bytes hold the time). */
function packedHere(file: string, c: UpdateCase): boolean {
  return /repository: "file:/.test(c.dependencies) && !archives.has(file);
}

describe.skipIf(missing.length > 0)(
  `template --dependency-update${missing.length ? ` (missing ${missing.join(', ')})` : ''}`,
  () => {
    for (const c of CASES) {
      for (const compat of COMPATS) {
        const skip = c.oci && !registryAvailable() ? ' (skipped: needs docker-registry; .ci/run installs it)' : '';
        it.skipIf(skip !== '')(`${c.title} (${compat})${skip}`, async () => {
          // The lock digest of the case that keeps its lock is helm's own (from its first run).
          if (c.files?.['Chart.lock']?.includes('<digest>')) await settleDigest(c, compat);
          const helm = await runCase(c, 'helm', compat);
          const ours = await runCase(c, 'helmless', compat);
          if (c.stderrLines) expect(helm.run.stderr.trimEnd().split('\n')).toHaveLength(c.stderrLines[compat]);
          expect(ours.run.code).toBe(helm.run.code);
          const lines = (r: CliRun) => r.stdout.toString('utf8').split('\n');
          if (c.unordered) expect(lines(ours.run).sort()).toEqual(lines(helm.run).sort());
          else expect(ours.run.stdout.toString('utf8')).toBe(helm.run.stdout.toString('utf8'));
          // Where helm 3 dies of a panic, helmless prints the panic and the panicking function only.
          if (helm.run.stderr.startsWith('panic: '))
            expect(panicHead(ours.run.stderr)).toBe(panicHead(helm.run.stderr));
          else expect(ours.run.stderr).toBe(helm.run.stderr);
          expect(ours.charts).toEqual(helm.charts);
          expect(ours.lock).toBe(helm.lock);
        });
      }
    }
  },
);

/** Replaces `<digest>` in the case's lock by the digest helm writes for its dependencies. */
async function settleDigest(c: UpdateCase, compat: Compat): Promise<void> {
  const probe = await runCase({ ...c, files: {} }, 'helm', compat);
  const digest = /^digest: (\S+)$/m.exec(probe.lock ?? '')?.[1];
  expect(digest).toBeDefined();
  c.files!['Chart.lock'] = c.files!['Chart.lock']!.replace('<digest>', digest!);
}
