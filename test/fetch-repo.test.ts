/**
 * Pulling from the corpus chart repository on http://127.0.0.1:8879/charts (started by the
 * global setup): every chart by name and version must equal the corpus tarball byte for byte;
 * version resolution, errors and the cache are checked against what real helm does.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, pullChart } from '../src/helm/fetch/index.js';
import { HELM_BINARIES, helmAvailable } from './support/helm-render.js';
import { CHART_REPO_URL, CORPUS_DIR, corpusAvailable, corpusCharts, ensureChartRepo } from './support/servers.js';

const run = promisify(execFile);
const skip = !corpusAvailable();
if (skip) console.warn(`fetch repository tests skipped: the corpus ${CORPUS_DIR} is missing`);

describe.skipIf(skip)('pull from the corpus chart repository', () => {
  let cacheDir: string;
  let stop: () => Promise<void> = async () => {};

  beforeAll(async () => {
    stop = await ensureChartRepo();
    cacheDir = mkdtempSync(join(tmpdir(), 'helmless-cache-'));
  });
  afterAll(async () => {
    await stop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('pulls every corpus chart by name and version, identical to the tarball, cold then warm', async () => {
    const charts = corpusCharts();
    expect(charts.length).toBe(36);
    const t0 = performance.now();
    const cold = await Promise.all(
      charts.map((c) => pullChart(c.name, { repo: CHART_REPO_URL, version: c.version, cacheDir, indexTtlMs: 60_000 })),
    );
    const coldMs = performance.now() - t0;
    const t1 = performance.now();
    const warm = await Promise.all(
      charts.map((c) => pullChart(c.name, { repo: CHART_REPO_URL, version: c.version, cacheDir, indexTtlMs: 60_000 })),
    );
    const warmMs = performance.now() - t1;
    const t2 = performance.now();
    const offline = await Promise.all(
      charts.map((c) => pullChart(c.name, { repo: CHART_REPO_URL, version: c.version, cacheDir, offline: true })),
    );
    const offlineMs = performance.now() - t2;
    console.log(
      `corpus pull (36 charts, ${charts.length} parallel requests bounded at 8): cold ${coldMs.toFixed(0)} ms, warm ${warmMs.toFixed(0)} ms, offline ${offlineMs.toFixed(0)} ms`,
    );
    charts.forEach((c, i) => {
      const tarball = readFileSync(join(CORPUS_DIR, c.file));
      for (const got of [cold[i]!, warm[i]!, offline[i]!]) {
        expect(Buffer.from(got.bytes).equals(tarball), c.file).toBe(true);
        expect(got.name).toBe(c.name);
        expect(got.version).toBe(c.version);
        expect(got.fileName).toBe(c.file);
        expect(got.sourceUrl).toBe(`${CHART_REPO_URL}/${c.file}`);
      }
      expect(cold[i]!.fromCache).toBe(false);
      expect(warm[i]!.fromCache).toBe(true);
    });
  });

  it('resolves versions like helm: v tolerance, ranges, newest match, --devel', async () => {
    const pull = (name: string, o: { version?: string; devel?: boolean } = {}) =>
      pullChart(name, { repo: CHART_REPO_URL, cacheDir, ...o });
    expect((await pull('agentgateway', { version: '1.4.1' })).version).toBe('v1.4.1');
    expect((await pull('grafana', { version: 'v12.3.3' })).version).toBe('12.3.3');
    expect((await pull('grafana', { version: '^12' })).version).toBe('12.3.3');
    expect((await pull('grafana')).version).toBe('12.3.3');
    expect((await pull('grove-charts', { devel: true })).version).toBe('v0.1.0-alpha.12-rc1');
    expect((await pull('grove-charts', { version: '>=0.1.0-0' })).version).toBe('v0.1.0-alpha.12-rc1');
  });

  it('names the repository and lists available versions when a version is missing', async () => {
    const err = await pullChart('grafana', { repo: CHART_REPO_URL, version: '99.0.0', cacheDir }).catch((e) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err.code).toBe('version-not-found');
    expect(err.message).toBe(
      `chart "grafana" version "99.0.0" not found in ${CHART_REPO_URL} repository; available: 12.3.3`,
    );
    const pre = await pullChart('grove-charts', { repo: CHART_REPO_URL, cacheDir }).catch((e) => e);
    expect(pre.message).toBe(
      `chart "grove-charts" not found in ${CHART_REPO_URL} repository; available: v0.1.0-alpha.12-rc1`,
    );
    const none = await pullChart('nothere', { repo: CHART_REPO_URL, cacheDir }).catch((e) => e);
    expect(none.message).toBe(`chart "nothere" not found in ${CHART_REPO_URL} repository`);
    expect(none.code).toBe('chart-not-found');
    const repo404 = await pullChart('grafana', { repo: 'http://127.0.0.1:8879/nope', cacheDir: false }).catch((e) => e);
    expect(repo404.message).toBe(
      'looks like "http://127.0.0.1:8879/nope" is not a valid chart repository or cannot be reached: failed to fetch http://127.0.0.1:8879/nope/index.yaml : 404 Not Found',
    );
  });

  it.skipIf(!helmAvailable())('selects the same versions as helm pull for the same constraints', async () => {
    const cases: Array<[string, string[]]> = [
      ['grafana', ['--version', '^12']],
      ['grafana', ['--version', '12.3.3']],
      ['gpu-operator', ['--version', '26.7.0']],
      ['grove-charts', ['--devel']],
      ['agentgateway', ['--version', '>=1.0']],
    ];
    for (const [name, flags] of cases) {
      const dir = mkdtempSync(join(tmpdir(), 'helmless-helm-pull-'));
      try {
        await run(HELM_BINARIES.helm3, ['pull', name, '--repo', CHART_REPO_URL, '-d', dir, ...flags], {
          env: { ...process.env, HELM_CACHE_HOME: join(dir, '.c'), HELM_CONFIG_HOME: join(dir, '.g') },
        });
        const [file] = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
        const ours = await pullChart(name, {
          repo: CHART_REPO_URL,
          cacheDir,
          version: flags[0] === '--version' ? flags[1] : undefined,
          devel: flags.includes('--devel'),
        });
        expect(ours.fileName).toBe(file);
        expect(Buffer.from(ours.bytes).equals(readFileSync(join(dir, file!)))).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
