/**
 * `--dependency-update` in process: the lock digest, the repository forms helmless refuses (before
 * printing or writing anything), and where each command prints the progress. The comparison with
 * real helm is conformance/dependency-update.test.ts.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DependencyUpdateError, hashRequirements, updateDependencies } from '../../src/helm/dependency-update.js';
import { loadChart } from '../../src/helm/load.js';
import { chartArchive } from '../support/chart-archive.js';
import { captureIO } from '../support/cli-io.js';
import { type FakeServer, indexYaml, startFakeServer } from '../support/fake-server.js';
import { pushChart } from '../support/oci-push.js';
import { type Registry, registryAvailable, startRegistry } from '../support/servers.js';

describe('hashRequirements', () => {
  it('is the digest helm 3.17.3 and 4.1.4 write for the same dependencies', () => {
    // From `helm template --dependency-update` of a chart with these two dependencies.
    const repository = 'http://127.0.0.1:18879/charts';
    const digest = hashRequirements(
      [
        { name: 'external-dns', version: '~1.21.0', repository },
        { name: 'prometheus-adapter', version: '5.3.0', repository, alias: 'adapter' },
      ],
      [
        { name: 'external-dns', version: '1.21.1', repository },
        { name: 'prometheus-adapter', version: '5.3.0', repository },
      ],
    );
    expect(digest).toBe('sha256:ddbd7ebbf9543ee870b20277fb8015911c7fa9df61254577342cc86c262ecea3');
  });
});

describe('updateDependencies', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'helmless-dep-update-unit-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const forms: Array<[string, string]> = [
    ['@stable', "a repository named in helm's repositories.yaml"],
    ['alias:stable', "a repository named in helm's repositories.yaml"],
    ['ftp://example.com/charts', 'this repository form'],
  ];
  for (const [repository, form] of forms) {
    it(`refuses ${form} before printing or writing anything (${repository || 'none'})`, async () => {
      const chartDir = join(dir, `c${forms.findIndex(([r]) => r === repository)}`);
      await mkdir(chartDir, { recursive: true });
      const deps = [
        { name: 'ok', version: '1.0.0', repository: 'https://example.com/charts' },
        { name: 'dep', version: '1.0.0', repository },
      ];
      await writeFile(
        join(chartDir, 'Chart.yaml'),
        `apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies: ${JSON.stringify(deps)}\n`,
      );
      const chart = await loadChart(chartDir);
      const printed: string[] = [];
      const update = updateDependencies(chartDir, {
        chart,
        compat: 'helm4',
        out: (t) => printed.push(t),
        log: (t) => printed.push(t),
        pull: { offline: true, cacheDir: join(dir, 'cache') },
        registry: {},
        helmRepositoryCache: join(dir, 'helm-cache'),
      });
      await expect(update).rejects.toThrow(DependencyUpdateError);
      await expect(update).rejects.toThrow(`dependency "dep" is in ${form}`);
      expect(printed).toEqual([]);
      expect(await readdir(chartDir)).toEqual(['Chart.yaml']);
    });
  }
});

describe('progress output', () => {
  let server: FakeServer;
  let dir: string;
  beforeAll(async () => {
    server = await startFakeServer();
    const archive = await chartArchive('dep', '1.2.0', [
      {
        name: 'dep/templates/pod.yaml',
        data: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: example.com/dep:1.2.0\n',
      },
    ]);
    server.route('/charts/index.yaml', (_req, res) => {
      res.end(indexYaml([{ name: 'dep', version: '1.2.0', url: 'dep-1.2.0.tgz' }]));
    });
    server.route('/charts/dep-1.2.0.tgz', (_req, res) => {
      res.end(archive);
    });
    dir = await mkdtemp(join(tmpdir(), 'helmless-dep-update-cli-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function chartDir(name: string): Promise<string> {
    const d = join(dir, name);
    await mkdir(join(d, 'templates'), { recursive: true });
    await writeFile(
      join(d, 'Chart.yaml'),
      `apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n- {name: dep, version: "^1", repository: "${server.url}/charts"}\n`,
    );
    return d;
  }

  const env = () => ({ HOME: dir, HELMLESS_CACHE: join(dir, 'cache'), HELM_CACHE_HOME: join(dir, 'helm-cache') });
  const progress = [
    'Getting updates for unmanaged Helm repositories...',
    `...Successfully got an update from the "${'<url>'}/charts" chart repository`,
    'Saving 1 charts',
    `Downloading dep from repo <url>/charts`,
    'Deleting outdated charts',
  ];

  it('template prints it on standard output before the manifests, and leaves charts/ and Chart.lock', async () => {
    const d = await chartDir('t');
    const c = captureIO(env(), dir);
    expect(await main(['template', 'r', d, '--dependency-update'], c.io)).toBe(0);
    const lines = c.out().replaceAll(server.url, '<url>').split('\n');
    expect(lines.slice(0, 5)).toEqual(progress);
    expect(lines[5]).toBe('---');
    expect(c.out()).toContain('image: example.com/dep:1.2.0');
    expect(await readdir(join(d, 'charts'))).toEqual(['dep-1.2.0.tgz']);
    expect(await readFile(join(d, 'Chart.lock'), 'utf8')).toMatch(
      /^dependencies:\n- name: dep\n {2}repository: http:\/\/127\.0\.0\.1:\d+\/charts\n {2}version: 1\.2\.0\ndigest: sha256:[0-9a-f]{64}\ngenerated: "[^"]+"\n$/,
    );
  });

  it('images keeps standard output for the list and prints it on standard error', async () => {
    const d = await chartDir('i');
    const c = captureIO(env(), dir);
    expect(await main(['images', d, '--dependency-update'], c.io)).toBe(0);
    expect(c.out()).toBe('example.com/dep:1.2.0\n');
    expect(c.err().replaceAll(server.url, '<url>').split('\n').slice(0, 5)).toEqual(progress);
  });

  it('as a library call, loads the chart itself and prints nothing unless asked', async () => {
    const d = await chartDir('l');
    await updateDependencies(d, { pull: { cacheDir: join(dir, 'cache'), env: env() } });
    expect(await readdir(join(d, 'charts'))).toEqual(['dep-1.2.0.tgz']);
    expect((await loadChart(d)).dependencies.map((c) => c.metadata.version)).toEqual(['1.2.0']);
  });

  it('a directory that is not there is helm’s error', async () => {
    const missingDir = join(dir, 'nowhere');
    await expect(updateDependencies(missingDir)).rejects.toThrow(
      `could not find ${missingDir}: stat ${missingDir}: no such file or directory`,
    );
  });

  it('without the flag, a missing dependency is helm’s error and nothing is fetched', async () => {
    const d = await chartDir('n');
    const c = captureIO(env(), dir);
    const hits = server.hits('/charts/index.yaml');
    expect(await main(['template', 'r', d], c.io)).toBe(1);
    expect(c.err()).toContain('found in Chart.yaml, but missing in charts/ directory: dep');
    expect(server.hits('/charts/index.yaml')).toBe(hits);
  });
});

describe.skipIf(!registryAvailable())(
  `archive names from untrusted input${registryAvailable() ? '' : ' (skipped: needs docker-registry; .ci/run installs it)'}`,
  () => {
    let registry: Registry;
    let dir: string;
    beforeAll(async () => {
      registry = await startRegistry();
      await pushChart(registry.host, 'charts/nested/alpha', '1.0.0', await chartArchive('alpha', '1.0.0'));
      dir = await mkdtemp(join(tmpdir(), 'helmless-dep-update-names-'));
    });
    afterAll(async () => {
      await registry?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('a dependency name with a path writes only its last segment, inside charts/', async () => {
      const chartDir = join(dir, 'app');
      await mkdir(chartDir, { recursive: true });
      await writeFile(
        join(chartDir, 'Chart.yaml'),
        `apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n- {name: nested/alpha, version: 1.0.0, repository: "oci://${registry.host}/charts"}\n`,
      );
      await updateDependencies(chartDir, { registry: { plainHttp: true }, pull: { cacheDir: join(dir, 'cache') } });
      expect(await readdir(join(chartDir, 'charts'))).toEqual(['alpha-1.0.0.tgz']);
      expect((await readdir(chartDir)).sort()).toEqual(['Chart.lock', 'Chart.yaml', 'charts']);
    });
  },
);
