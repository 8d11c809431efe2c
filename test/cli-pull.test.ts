/** `helmless pull` compared with `helm pull`: files written, stdout, stderr and exit codes. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparableDebugLog } from '../conformance/support/cli-runs.js';
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
      // Directories too: helm leaves empty ones behind with --untar.
      if (statSync(p).isDirectory()) {
        out[`${relative(dir, p)}/`] = 'dir';
        walk(p);
      } else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

async function ours(args: string[], cwd: string, compat?: HelmName): Promise<Outcome> {
  const { io, out, err } = captureIO({ ...process.env, HELMLESS_CACHE: join(scratch, 'cache') }, cwd);
  const code = await main(['pull', ...args, ...(compat ? ['--compat', compat] : [])], io);
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

const touch = (name: string) => (dir: string) => writeFileSync(join(dir, name), '');

/** Runs the same pull (after `setup` in a fresh directory each) with helm and with helmless. */
async function both(name: HelmName, args: string[], setup: (dir: string) => void = () => {}) {
  const h = mkdtempSync(join(scratch, 'h-'));
  const o = mkdtempSync(join(scratch, 'o-'));
  setup(h);
  setup(o);
  return { helm: await helm(name, args, h), ours: await ours(args, o, name) };
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

  // Each case runs with helm 3 and helm 4, and helmless with the matching --compat.
  const same: Array<[string, string[], ((d: string) => void)?]> = [
    ['repository pull', ['grafana', '--repo', CHART_REPO_URL, '--version', '12.3.3']],
    [
      'v-prefixed version',
      ['agentgateway', '--repo', CHART_REPO_URL, '--version=1.4.1', '-d', 'out'],
      (d) => mkdirSync(join(d, 'out')),
    ],
    ['range and devel (helm 4 logs the fallback)', ['grove-charts', '--repo', CHART_REPO_URL, '--devel']],
    ['direct URL', [`${CHART_REPO_URL}/topograph-1.0.0.tgz`]],
    ['missing chart', ['nothere', '--repo', CHART_REPO_URL]],
    ['unreachable repository', ['grafana', '--repo', 'http://127.0.0.1:8879/nope']],
    ['bare name without --repo', ['grafana']],
    ['connection refused', ['grafana', '--repo', 'http://127.0.0.1:9/charts']],
    // helm 3 names the directory it makes after the chart URL a repository lists (and leaves it
    // empty), helm 4 after the name given.
    ['untar', ['grafana', '--repo', CHART_REPO_URL, '--untar']],
    ['untar of a chart URL', [`${CHART_REPO_URL}/grafana-12.3.3.tgz`, '--untar']],
    [
      'untar into destination/untardir',
      ['grafana', '--repo', CHART_REPO_URL, '--untar', '-d', 'out', '--untardir', 'sub'],
    ],
    ['untar into an empty untardir', ['grafana', '--repo', CHART_REPO_URL, '--untar', '--untardir', '']],
    [
      'untar over an existing directory',
      ['grafana', '--repo', CHART_REPO_URL, '--untar'],
      (d) => mkdirSync(join(d, 'grafana')),
    ],
    [
      'untar over an existing directory named after the URL',
      ['grafana', '--repo', CHART_REPO_URL, '--untar'],
      (d) => mkdirSync(join(d, 'grafana-12.3.3.tgz')),
    ],
    ['--prov without a provenance file', ['grafana', '--repo', CHART_REPO_URL, '--prov']],
    ['--prov with --untar', [`${CHART_REPO_URL}/grafana-12.3.3.tgz`, '--prov', '--untar']],
    ['--debug and --devel', ['grafana', '--repo', CHART_REPO_URL, '--debug', '--version', '12.3.3', '--devel']],
    ['global flags', ['grafana', '--repo', CHART_REPO_URL, '-n', 'x', '--kube-context', 'y', '--burst-limit', '3']],
    ['a bad --color (helm 4)', ['grafana', '--repo', CHART_REPO_URL, '--color', 'bogus']],
    ['a CA file that does not exist', ['grafana', '--repo', CHART_REPO_URL, '--ca-file', 'nothere.pem']],
    ['unknown flag', ['grafana', '--nope']],
    // Where the files go is in the way: Go's MkdirAll names the part that is no directory.
    [
      'untar into a destination that is a file',
      ['grafana', '--repo', CHART_REPO_URL, '--untar', '-d', 'f'],
      touch('f'),
    ],
    [
      'untar under an untardir that is a file',
      ['grafana', '--repo', CHART_REPO_URL, '--untar', '--untardir', 'f/x/y'],
      touch('f'),
    ],
    ['untar where the chart directory is a file', ['grafana', '--repo', CHART_REPO_URL, '--untar'], touch('grafana')],
    [
      'untar where no directory can be made',
      ['grafana', '--repo', CHART_REPO_URL, '--untar', '--untardir', '/proc/none'],
    ],
    [
      'untar over a chart directory with files (helm 3 writes over them)',
      ['grafana', '--repo', CHART_REPO_URL, '--untar'],
      (d) => {
        mkdirSync(join(d, 'grafana'));
        writeFileSync(join(d, 'grafana', 'keep.txt'), 'kept\n');
        writeFileSync(join(d, 'grafana', 'Chart.yaml'), 'replaced\n');
      },
    ],
  ];

  for (const [title, args, setup] of same) {
    for (const helmName of ['helm3', 'helm4'] as const) {
      it(`${title}: same files, output and exit code as ${helmName}`, async () => {
        const r = await both(helmName, args, setup);
        expect(r.ours).toEqual(r.helm);
      });
    }
  }

  it('a destination that does not exist or is a file: Go names its temporary file (a random number)', async () => {
    const shape = (o: Outcome) => ({ ...o, stderr: o.stderr.replace(/\.tgz\d+:/, '.tgz<n>:') });
    for (const h of ['helm3', 'helm4'] as const) {
      const r = await both(h, ['grafana', '--repo', CHART_REPO_URL, '-d', 'nothere']);
      expect(r.helm.stderr).toMatch(/^Error: open nothere\/grafana-12\.3\.3\.tgz\d+: no such file or directory\n$/);
      expect(shape(r.ours)).toEqual(shape(r.helm));
      const file = await both(h, ['grafana', '--repo', CHART_REPO_URL, '-d', 'f'], touch('f'));
      expect(shape(file.ours)).toEqual(shape(file.helm));
    }
  });

  it('a directory where the archive goes: Go refuses to rename over it (helm leaves its temporary file)', async () => {
    const shape = (o: Outcome) => [o.code, o.stderr.replace(/\.tgz\d+/g, '.tgz<n>')];
    for (const h of ['helm3', 'helm4'] as const) {
      for (const [args, dir] of [
        [['-d', 'd'], 'd/grafana-12.3.3.tgz'],
        [[], 'grafana-12.3.3.tgz'],
      ] as const) {
        const r = await both(h, [`${CHART_REPO_URL}/grafana-12.3.3.tgz`, ...args], (d) =>
          mkdirSync(join(d, dir), { recursive: true }),
        );
        expect(r.helm.stderr).toMatch(/^Error: link error: cannot rename /);
        // A bare file name has its temporary file in the system's temporary directory.
        expect(shape(r.ours)).toEqual(shape(r.helm));
        expect(Object.keys(r.ours.files).sort()).toEqual(
          Object.keys(r.helm.files)
            .filter((f) => !/tgz\d+$/.test(f))
            .sort(),
        );
      }
    }
  });

  it('--debug --devel: helm 3 logs the constraint with the time', async () => {
    const r = await both('helm3', ['grafana', '--repo', CHART_REPO_URL, '--debug', '--devel']);
    expect(comparableDebugLog(r.ours.stderr)).toBe(comparableDebugLog(r.helm.stderr));
    expect(r.helm.stderr).toMatch(/^pull\.go:63: /);
    expect({ ...r.ours, stderr: '' }).toEqual({ ...r.helm, stderr: '' });
  });

  it("a version the repository lacks: helm's words (the library's error also lists the versions)", async () => {
    for (const h of ['helm3', 'helm4'] as const) {
      const r = await both(h, ['grafana', '--repo', CHART_REPO_URL, '--version', '99.0.0']);
      expect(r.helm.stderr).toBe(`Error: chart "grafana" version "99.0.0" not found in ${CHART_REPO_URL} repository\n`);
      expect(r.ours).toEqual(r.helm);
    }
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
      // Both helms also leave an empty directory named after the reference (`grafana:12.3.3`).
      const untar = await both(h, [`${ref}:12.3.3`, '--plain-http', '--untar']);
      expect(untar.ours).toEqual(untar.helm);
      const prov = await both(h, [ref, '--version', '12.3.3', '--plain-http', '--prov']);
      expect(prov.ours).toEqual(prov.helm);
      // helm 4 prefixes 'failed to perform "FetchReference"' to a missing tag.
      const missing = await both(h, [ref, '--version', '12.3.4', '--plain-http']);
      expect(missing.ours).toEqual(missing.helm);
      // Without --plain-http, helm 3 still pulls from a registry on this machine; helm 4 does not.
      const plain = await both(h, [ref, '--version', '12.3.3']);
      expect(plain.ours).toEqual(plain.helm);
    }
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
      for (const h of ['helm3', 'helm4'] as const) {
        const r = await both(h, [`oci://${registry.host}/charts/grafana`, '--version', '!!', '--plain-http']);
        expect(r.ours).toEqual(r.helm);
      }
    } finally {
      await registry.stop();
    }
  });
});
