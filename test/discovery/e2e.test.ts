/**
 * End to end, offline: `mirror list` on the example catalog with helmless's real chart fetcher
 * (through `--repository-rewrite` to the local corpus repository) and real helm as the renderer.
 * The inventory must equal the images extracted from helm's own render of the same corpus charts
 * with the values the recipe resolves to. When helmless's in-process renderer lands, it runs here
 * in place of the helm binary and must give the same inventory.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMirrorCommand } from '../../src/cli/mirror.js';
import { chartFetcher, inProcessRenderer } from '../../src/discovery/engines.js';
import { extractImages } from '../../src/discovery/extract.js';
import type { RenderChart } from '../../src/discovery/types.js';
import { captureIO } from '../support/cli-io.js';
import { HELM_BINARIES, helmAvailable } from '../support/helm-render.js';
import { CHART_REPO_URL, CORPUS_DIR, corpusAvailable, ensureChartRepo } from '../support/servers.js';
import { helmBinaryRenderer, splitHelmOutput } from './helm-binary-renderer.js';

const run = promisify(execFile);
const EXAMPLE = resolve(import.meta.dirname, '../../examples/catalog');

const REWRITES = [
  'https://charts.jetstack.io',
  'https://kubernetes-sigs.github.io/node-feature-discovery/charts',
  'https://prometheus-community.github.io/helm-charts',
  'https://jmcgrath207.github.io/k8s-ephemeral-storage-metrics/chart',
].flatMap((from) => ['--repository-rewrite', `${from}=${CHART_REPO_URL}`]);

/** What the eks/training recipe of the example catalog resolves to, per chart component. */
const EXPECTED = [
  {
    component: 'cert-manager',
    file: 'cert-manager-v1.20.2.tgz',
    namespace: 'cert-manager',
    values: 'crds:\n  enabled: true\nprometheus:\n  enabled: false\n',
  },
  {
    component: 'k8s-ephemeral-storage-metrics',
    file: 'k8s-ephemeral-storage-metrics-1.19.2.tgz',
    namespace: 'monitoring',
    values: 'deploy_type: Deployment\ndev:\n  enabled: true\n',
  },
  {
    component: 'nfd',
    file: 'node-feature-discovery-0.19.0.tgz',
    namespace: 'node-feature-discovery',
    values: 'gc:\n  enable: false\ntopologyUpdater:\n  enable: true\n',
  },
  {
    component: 'prometheus-adapter',
    file: 'prometheus-adapter-5.3.0.tgz',
    namespace: 'monitoring',
    values: 'replicas: 1\n',
  },
];

let repoUp = false;
const work = mkdtempSync(join(tmpdir(), 'helmless-e2e-'));
beforeAll(async () => {
  if (!corpusAvailable()) return;
  // The repository the global setup started stops after 90 s without requests: make sure it runs.
  repoUp = await ensureChartRepo().then(
    () => true,
    () => false,
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const capture = () => captureIO();

/** helm's own render of one corpus chart, the images extracted from it. */
async function helmImages(e: (typeof EXPECTED)[number], helm: string): Promise<string[]> {
  const values = join(work, `${e.component}.values.yaml`);
  writeFileSync(values, e.values);
  const { stdout } = await run(
    helm,
    [
      'template',
      `release-${e.component}`,
      join(CORPUS_DIR, e.file),
      '--namespace',
      e.namespace,
      '--kube-version',
      '1.34',
      '--api-versions',
      'resource.k8s.io/v1',
      '--api-versions',
      'resource.k8s.io/v1beta1',
      '-f',
      values,
      '--include-crds=false',
    ],
    {
      maxBuffer: 100 << 20,
      env: { ...process.env, HELM_CACHE_HOME: join(work, '.c'), HELM_CONFIG_HOME: join(work, '.g') },
    },
  );
  return extractImages(splitHelmOutput(stdout)).images;
}

/** Runs `mirror list` on the example catalog (eks/training) with the given renderer; parsed JSON. */
async function listExample(renderChart: RenderChart): Promise<any> {
  const c = capture();
  const command = createMirrorCommand({
    renderChart,
    fetcher: (o) => chartFetcher({ ...o, cacheDir: join(work, 'cache') }),
    version: 'v0.1.0',
    onSignal: () => () => {},
  });
  const code = await command(
    ['list', '--data', EXAMPLE, '--service', 'eks', '--intent', 'training', ...REWRITES, '-f', 'json'],
    c.io,
  );
  expect(c.err()).toBe('');
  expect(code).toBe(0);
  return JSON.parse(c.out());
}

/** The inventory must equal the images extracted from `helm`'s own render of the corpus charts. */
async function expectMatchesHelm(result: any, helm: string): Promise<void> {
  for (const e of EXPECTED) {
    const component = result.components.find((x: { component: string }) => x.component === e.component);
    expect(component.warnings, e.component).toBeUndefined();
    expect(component.images, e.component).toEqual(await helmImages(e, helm));
  }
  const tuning = result.components.find((x: { component: string }) => x.component === 'node-tuning');
  expect(tuning.images).toEqual(['docker.io/library/busybox:1.36', 'ghcr.io/example/node-tuning:1.4.0']);
  // Charts keep the recipe's coordinates, not the rewritten ones.
  expect(result.charts.map((ch: { repository: string }) => ch.repository)).toEqual([
    'https://charts.jetstack.io',
    'https://jmcgrath207.github.io/k8s-ephemeral-storage-metrics/chart',
    'https://kubernetes-sigs.github.io/node-feature-discovery/charts',
    'https://prometheus-community.github.io/helm-charts',
  ]);
  const all = new Set<string>(result.components.flatMap((x: { images: string[] }) => x.images));
  expect(result.images).toEqual([...all].sort());
}

const NEEDS = '(needs ../shared/charts, the local chart repository and the helm binaries)';

describe('mirror list end to end on the example catalog', () => {
  for (const compat of ['helm3', 'helm4'] as const) {
    it(`the in-process renderer (${compat}) gives what ${compat}'s own render gives ${NEEDS}`, async (ctx) => {
      if (!helmAvailable() || !repoUp) return ctx.skip();
      await expectMatchesHelm(await listExample(inProcessRenderer({ compat })), HELM_BINARIES[compat]);
    });
  }
  it(`the pipeline driving the helm binary as renderer gives the same ${NEEDS}`, async (ctx) => {
    if (!helmAvailable() || !repoUp) return ctx.skip();
    await expectMatchesHelm(await listExample(helmBinaryRenderer(HELM_BINARIES.helm3)), HELM_BINARIES.helm3);
  });
});
