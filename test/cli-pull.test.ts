/** `helmless pull` compared with `helm pull`: files written, stdout, stderr and exit codes. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { captureIO } from './support/cli-io.js';
import { HELM_BINARIES, type HelmName, helmAvailable } from './support/helm-render.js';
import { pushChart } from './support/oci-push.js';
import {
  CHART_REPO_URL,
  CORPUS_DIR,
  corpusAvailable,
  ensureChartRepo,
  type Registry,
  registryAvailable,
  startRegistry,
} from './support/servers.js';

const execFileP = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'helmless-cli-pull-'));
const skip = !corpusAvailable() || !helmAvailable();
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
if (skip) console.warn('helmless pull CLI tests skipped: they need ../shared/charts and .helm/helm3, .helm/helm4');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  files: Record<string, string>;
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (name.startsWith('.h')) continue;
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

async function ours(args: string[], cwd: string): Promise<Outcome> {
  const { io, out, err } = captureIO({ ...process.env, HELMLESS_CACHE: join(scratch, 'cache') }, cwd);
  const code = await main(['pull', ...args], io);
  return { code, stdout: out(), stderr: err(), files: snapshot(cwd) };
}

async function helm(name: HelmName, args: string[], cwd: string): Promise<Outcome> {
  const env = {
    ...process.env,
    HELM_CACHE_HOME: join(cwd, '.hc'),
    HELM_CONFIG_HOME: join(cwd, '.hg'),
    HELM_DATA_HOME: join(cwd, '.hd'),
  };
  try {
    const r = await execFileP(HELM_BINARIES[name], ['pull', ...args], { cwd, env });
    return { code: 0, stdout: r.stdout, stderr: r.stderr, files: snapshot(cwd) };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    return { code: Number(e.code ?? 1), stdout: e.stdout ?? '', stderr: e.stderr ?? '', files: snapshot(cwd) };
  }
}

/** Runs the same pull (after `setup` in a fresh directory each) with helm and with helmless. */
async function both(name: HelmName, args: string[], setup: (dir: string) => void = () => {}) {
  const h = mkdtempSync(join(scratch, 'h-'));
  const o = mkdtempSync(join(scratch, 'o-'));
  setup(h);
  setup(o);
  return { helm: await helm(name, args, h), ours: await ours(args, o) };
}

describe.skipIf(skip)('helmless pull vs helm pull', () => {
  let stopRepo: () => Promise<void> = async () => {};
  let registry: Registry | undefined;

  beforeAll(async () => {
    stopRepo = await ensureChartRepo();
    if (registryAvailable()) {
      registry = await startRegistry();
      await pushChart(registry.host, 'charts/grafana', '12.3.3', readFileSync(join(CORPUS_DIR, 'grafana-12.3.3.tgz')));
    }
  });
  afterAll(async () => {
    await stopRepo();
    await registry?.stop();
  });

  // helm 4 logs a warning when the exact version string is not in the index and helm 3 does not;
  // helmless prints no such warning, so those cases compare with helm 3. Untar follows helm 4
  // (helm 3.17 also leaves an empty directory named after the chart URL).
  const same: Array<[string, HelmName, string[], ((d: string) => void)?]> = [
    ['repository pull', 'helm4', ['grafana', '--repo', CHART_REPO_URL, '--version', '12.3.3']],
    [
      'v-prefixed version',
      'helm3',
      ['agentgateway', '--repo', CHART_REPO_URL, '--version=1.4.1', '-d', 'out'],
      (d) => mkdirSync(join(d, 'out')),
    ],
    ['range and devel', 'helm3', ['grove-charts', '--repo', CHART_REPO_URL, '--devel']],
    ['direct URL', 'helm4', [`${CHART_REPO_URL}/topograph-1.0.0.tgz`]],
    ['missing chart', 'helm4', ['nothere', '--repo', CHART_REPO_URL]],
    ['unreachable repository', 'helm4', ['grafana', '--repo', 'http://127.0.0.1:8879/nope']],
    ['bare name without --repo', 'helm4', ['grafana']],
    ['connection refused', 'helm4', ['grafana', '--repo', 'http://127.0.0.1:9/charts']],
    ['untar', 'helm4', ['grafana', '--repo', CHART_REPO_URL, '--untar']],
    [
      'untar into destination/untardir',
      'helm4',
      ['grafana', '--repo', CHART_REPO_URL, '--untar', '-d', 'out', '--untardir', 'sub'],
    ],
    [
      'untar over an existing directory',
      'helm4',
      ['grafana', '--repo', CHART_REPO_URL, '--untar'],
      (d) => mkdirSync(join(d, 'grafana')),
    ],
    ['unknown flag', 'helm3', ['grafana', '--nope']],
  ];

  for (const [title, helmName, args, setup] of same) {
    it(`${title}: same files, output and exit code as ${helmName}`, async () => {
      const r = await both(helmName, args, setup);
      expect(r.ours).toEqual(r.helm);
    });
  }

  it('lists available versions where helm only says "not found"', async () => {
    const r = await both('helm3', ['grafana', '--repo', CHART_REPO_URL, '--version', '99.0.0']);
    expect(r.helm.stderr).toBe(`Error: chart "grafana" version "99.0.0" not found in ${CHART_REPO_URL} repository\n`);
    expect(r.ours.stderr).toBe(
      `Error: chart "grafana" version "99.0.0" not found in ${CHART_REPO_URL} repository; available: 12.3.3\n`,
    );
    expect(r.ours.code).toBe(r.helm.code);
  });

  it('requires an argument like helm', async () => {
    const r = await both('helm3', []);
    expect(r.ours.code).toBe(1);
    expect(r.ours.stderr.split('\n')[0]).toBe(r.helm.stderr.split('\n')[0]!.replace('"helm pull"', '"helmless pull"'));
  });

  it('pulls from an OCI registry, printing what helm prints', async () => {
    if (!registry) return console.warn('OCI CLI case skipped: docker-registry is not installed');
    const ref = `oci://${registry.host}/charts/grafana`;
    for (const h of ['helm3', 'helm4'] as const) {
      const pulled = await both(h, [ref, '--version', '12.3.3', '--plain-http']);
      expect(pulled.ours).toEqual(pulled.helm);
      const untar = await both(h, [`${ref}:12.3.3`, '--plain-http', '--untar']);
      // helm 3.17 also leaves an empty directory named after the reference; helmless does what helm 4 does.
      if (h === 'helm4') expect(untar.ours).toEqual(untar.helm);
      else expect([untar.ours.stderr, untar.ours.code]).toEqual([untar.helm.stderr, untar.helm.code]);
    }
    // The CLI follows helm 3's wording for a missing tag (helm 4 prefixes 'failed to perform "FetchReference"').
    const missing = await both('helm3', [ref, '--version', '12.3.4', '--plain-http']);
    expect(missing.ours).toEqual(missing.helm);
  });

  it('offline pulls come from the cache', async () => {
    const dir = mkdtempSync(join(scratch, 'off-'));
    const first = await ours(['topograph', '--repo', CHART_REPO_URL, '--version', '1.0.0'], dir);
    expect(first.code).toBe(0);
    const dir2 = mkdtempSync(join(scratch, 'off2-'));
    const second = await ours(['topograph', '--repo', CHART_REPO_URL, '--version', '1.0.0', '--offline'], dir2);
    expect(second).toEqual(first);
    const miss = await ours(['topograph', '--repo', 'http://127.0.0.1:9/none', '--offline'], dir2);
    expect(miss.code).toBe(1);
    expect(miss.stderr).toMatch(
      /^Error: offline: the index http:\/\/127\.0\.0\.1:9\/none\/index\.yaml is not in the cache\n$/,
    );
  });
});

describe.skipIf(skip || !registryAvailable())('helmless pull errors on OCI', () => {
  it('prints a bad constraint like helm', async () => {
    const registry = await startRegistry();
    try {
      await pushChart(registry.host, 'charts/grafana', '12.3.3', readFileSync(join(CORPUS_DIR, 'grafana-12.3.3.tgz')));
      const r = await both('helm3', [`oci://${registry.host}/charts/grafana`, '--version', '!!', '--plain-http']);
      expect(r.ours).toEqual(r.helm);
    } finally {
      await registry.stop();
    }
  });
});
