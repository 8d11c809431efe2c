/**
 * `--declared-images` (beyond aicr): the images charts list in their Chart.yaml annotations
 * (HIP-0015 `helm.sh/images`, `artifacthub.io/images`, Bitnami `images`), read from the chart tree
 * helm renders: disabled subcharts are skipped, `condition` and `dependency` narrow entries.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { MirrorCommandDeps } from '../../src/cli/mirror.js';
import { declaredImages } from '../../src/discovery/declared-images.js';
import { inProcessRenderer } from '../../src/discovery/engines.js';
import { mirrorList } from '../../src/discovery/pipeline.js';
import { formatMirrorList } from '../../src/formats/index.js';
import { loadArchive } from '../../src/helm/load.js';
import { renderChart } from '../../src/helm/render.js';
import { mergeValueSources } from '../../src/helm/strvals.js';
import { type TarEntry, tarGz } from '../support/chart-archive.js';
import { captureIO } from '../support/cli-io.js';
import { deployment, fakeFetcher, fakeRenderer, recipe, runMirrorList } from './support.js';

const CHARTS = resolve('../shared/charts');
const haveCorpus = existsSync(CHARTS);

/** Chart.yaml text with an annotations block (each value a literal block). */
function chartYaml(name: string, annotations: Record<string, string>, rest = ''): string {
  const lines = Object.entries(annotations).map(
    ([k, v]) =>
      `  ${JSON.stringify(k)}: |\n${v
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n')}`,
  );
  return `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n${lines.length ? `annotations:\n${lines.join('\n')}\n` : ''}${rest}`;
}

const DEMO: TarEntry[] = [
  {
    name: 'demo/Chart.yaml',
    data: chartYaml(
      'demo',
      {
        'helm.sh/images': [
          '- name: app',
          '  image: ghcr.io/example/app:1.0',
          '- name: redis',
          '  image: docker.io/library/redis:7.0',
          '  condition: redis.enabled',
          '- name: cache',
          '  image: quay.io/example/cache:2',
          '  dependency: cache',
          '- name: absent-subchart',
          '  image: quay.io/example/absent:1',
          '  dependency: nothere',
          '- name: first-bool-wins',
          '  image: quay.io/example/listed:1',
          '  condition: missing.path,notbool,gate.open,gate.closed',
          '- name: first-bool-loses',
          '  image: quay.io/example/unlisted:1',
          '  condition: notbool,gate.closed,gate.open',
          '- name: no-path-resolves',
          '  image: quay.io/example/ungated:1',
          '  condition: missing.path, ,gate',
        ].join('\n'),
        'artifacthub.io/images': '- name: ah\n  image: registry.example.com/ah/tool:3\n  whitelisted: true',
        images: '- name: bitnami\n  image: busybox:1.36',
      },
      [
        'dependencies:',
        '- name: cache',
        '  version: 1.0.0',
        '  condition: cache.enabled',
        '- name: sub',
        '  alias: worker',
        '  version: 1.0.0',
        '',
      ].join('\n'),
    ),
  },
  {
    name: 'demo/values.yaml',
    data: 'redis:\n  enabled: false\nnotbool: "yes"\ngate:\n  open: true\n  closed: false\ncache:\n  enabled: true\nworker:\n  extra: true\n',
  },
  { name: 'demo/templates/cm.yaml', data: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n' },
  {
    name: 'demo/charts/cache/Chart.yaml',
    data: chartYaml('cache', { 'helm.sh/images': '- name: cache\n  image: quay.io/example/cache-sidecar:2' }),
  },
  {
    name: 'demo/charts/sub/Chart.yaml',
    data: chartYaml('sub', {
      'helm.sh/images': '- image: ghcr.io/example/worker:1\n- image: ghcr.io/example/extra:1\n  condition: extra',
    }),
  },
];

async function declaredOf(entries: TarEntry[], set: string[] = []) {
  const chart = await loadArchive(await tarGz(entries));
  const result = renderChart(chart, { values: mergeValueSources({ set }, { compat: 'helm4' }) });
  return declaredImages(result.chart, result.values);
}

describe('declaredImages', () => {
  it('reads the three annotations of every rendered chart, with conditions, dependencies and aliases', async () => {
    const found = await declaredOf(DEMO);
    expect(found.warnings).toEqual([]);
    expect(found.images).toEqual([
      { image: 'ghcr.io/example/app:1.0', chart: 'demo', yamlPath: 'annotations["helm.sh/images"][0].image' },
      { image: 'quay.io/example/cache:2', chart: 'demo', yamlPath: 'annotations["helm.sh/images"][2].image' },
      { image: 'quay.io/example/listed:1', chart: 'demo', yamlPath: 'annotations["helm.sh/images"][4].image' },
      { image: 'quay.io/example/ungated:1', chart: 'demo', yamlPath: 'annotations["helm.sh/images"][6].image' },
      {
        image: 'registry.example.com/ah/tool:3',
        chart: 'demo',
        yamlPath: 'annotations["artifacthub.io/images"][0].image',
      },
      { image: 'busybox:1.36', chart: 'demo', yamlPath: 'annotations.images[0].image' },
      {
        image: 'quay.io/example/cache-sidecar:2',
        chart: 'demo/charts/cache',
        yamlPath: 'annotations["helm.sh/images"][0].image',
      },
      // The aliased subchart reads its own values section (`worker`), under its alias.
      {
        image: 'ghcr.io/example/worker:1',
        chart: 'demo/charts/worker',
        yamlPath: 'annotations["helm.sh/images"][0].image',
      },
      {
        image: 'ghcr.io/example/extra:1',
        chart: 'demo/charts/worker',
        yamlPath: 'annotations["helm.sh/images"][1].image',
      },
    ]);
  });

  it('follows the values of the render: conditions flip, disabled subcharts and their images go', async () => {
    const found = await declaredOf(DEMO, ['redis.enabled=true,cache.enabled=false,worker.extra=false']);
    expect(found.images.map((i) => i.image)).toEqual([
      'ghcr.io/example/app:1.0',
      'docker.io/library/redis:7.0',
      'quay.io/example/listed:1',
      'quay.io/example/ungated:1',
      'registry.example.com/ah/tool:3',
      'busybox:1.36',
      'ghcr.io/example/worker:1',
    ]);
  });

  it('warns about every entry it cannot read, naming chart, annotation and entry', async () => {
    const bad = (text: string) => [
      { name: 'bad/Chart.yaml', data: chartYaml('bad', { 'helm.sh/images': text }) },
      { name: 'bad/templates/cm.yaml', data: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' },
    ];
    const entries = [
      '- image: ghcr.io/ok/one:1',
      '- name: no-image',
      '- image: [a, b]',
      '- image: "docker.io/bitnami/app:{{ .Chart.AppVersion }}"',
      '- image: ghcr.io/ok/two:1',
      '  condition: [x]',
      '- just a string',
      '- image: 12',
    ].join('\n');
    const found = await declaredOf(bad(entries));
    expect(found.images.map((i) => i.image)).toEqual(['ghcr.io/ok/one:1']);
    const where = 'declared images: chart bad: annotation "helm.sh/images"';
    expect(found.warnings).toEqual([
      `${where}: entry 1: has no image`,
      `${where}: entry 2: image is not a string`,
      `${where}: entry 3: "docker.io/bitnami/app:{{ .Chart.AppVersion }}" is not an image reference`,
      `${where}: entry 4: condition and dependency must be strings`,
      `${where}: entry 5: expected a mapping with an image`,
      `${where}: entry 6: image is not a string`,
    ]);
    expect((await declaredOf(bad('name: not-a-list'))).warnings).toEqual([
      `${where}: expected a list of {name, image} entries`,
    ]);
    const broken = await declaredOf(bad('- image: [unclosed'));
    expect(broken.images).toEqual([]);
    expect(broken.warnings).toHaveLength(1);
    expect(broken.warnings[0]).toMatch(
      /^declared images: chart bad: annotation "helm.sh\/images":\d+:\d+: invalid YAML/,
    );
  });

  it('reads nothing from a chart without image annotations', async () => {
    const found = await declaredOf([
      { name: 'plain/Chart.yaml', data: chartYaml('plain', { 'artifacthub.io/license': 'MIT' }) },
      { name: 'plain/templates/cm.yaml', data: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' },
    ]);
    expect(found).toEqual({ images: [], warnings: [] });
  });
});

describe.skipIf(!haveCorpus)('declared images of corpus charts (needs ../shared/charts)', () => {
  const corpusDeclared = async (file: string, set: string[] = []) => {
    const chart = await loadArchive(
      new Uint8Array(await import('node:fs').then((fs) => fs.readFileSync(join(CHARTS, file)))),
    );
    const result = renderChart(chart, { values: mergeValueSources({ set }, { compat: 'helm4' }) });
    return declaredImages(result.chart, result.values);
  };

  it("lists Bitnami redis's annotation as written", async () => {
    const found = await corpusDeclared('redis-23.1.1.tgz');
    expect(found.warnings).toEqual([]);
    expect(found.images.map((i) => `${i.chart} ${i.yamlPath} ${i.image}`)).toEqual([
      'redis annotations.images[0].image docker.io/bitnami/kubectl:1.33.4-debian-12-r0',
      'redis annotations.images[1].image docker.io/bitnami/os-shell:12-debian-12-r51',
      'redis annotations.images[2].image docker.io/bitnami/redis:8.2.1-debian-12-r0',
      'redis annotations.images[3].image docker.io/bitnami/redis-exporter:1.76.0-debian-12-r0',
      'redis annotations.images[4].image docker.io/bitnami/redis-sentinel:8.2.1-debian-12-r0',
    ]);
  });

  it("reads nvsentinel's vendored Bitnami mongodb only when the values enable it", async () => {
    expect((await corpusDeclared('nvsentinel-0.1.0.tgz')).images).toEqual([]);
    const found = await corpusDeclared('nvsentinel-0.1.0.tgz', ['global.mongodbStore.enabled=true']);
    expect(found.warnings).toEqual([]);
    expect(new Set(found.images.map((i) => i.chart))).toEqual(
      new Set(['nvsentinel/charts/mongodb-store/charts/mongodb']),
    );
    expect(found.images.map((i) => i.image)).toEqual([
      'docker.io/bitnami/kubectl:1.31.2-debian-12-r3',
      'docker.io/bitnami/mongodb:8.0.3-debian-12-r0',
      'docker.io/bitnami/mongodb-exporter:0.41.2-debian-12-r1',
      'docker.io/bitnami/nginx:1.27.2-debian-12-r2',
      'docker.io/bitnami/os-shell:12-debian-12-r32',
    ]);
    const percona = await corpusDeclared('nvsentinel-0.1.0.tgz', [
      'global.mongodbStore.enabled=true,mongodb-store.useBitnami=false',
    ]);
    expect(percona.images).toEqual([]);
  });

  it('helmless images --declared-images adds them to the rendered list and explains them with --why', async () => {
    const chart = join(CHARTS, 'redis-23.1.1.tgz');
    const plain = captureIO();
    expect(await main(['images', chart], plain.io)).toBe(0);
    expect(plain.out()).toBe('docker.io/bitnami/redis:8.2.1-debian-12-r0\n');
    const declared = captureIO();
    expect(await main(['images', chart, '--declared-images'], declared.io)).toBe(0);
    expect(declared.out()).toBe(
      [
        'docker.io/bitnami/kubectl:1.33.4-debian-12-r0',
        'docker.io/bitnami/os-shell:12-debian-12-r51',
        'docker.io/bitnami/redis-exporter:1.76.0-debian-12-r0',
        'docker.io/bitnami/redis-sentinel:8.2.1-debian-12-r0',
        'docker.io/bitnami/redis:8.2.1-debian-12-r0',
        '',
      ].join('\n'),
    );
    const why = captureIO();
    expect(
      await main(
        ['images', chart, '--declared-images', '--why', 'docker.io/bitnami/kubectl:1.33.4-debian-12-r0'],
        why.io,
      ),
    ).toBe(0);
    expect(why.out()).toBe(
      'docker.io/bitnami/kubectl:1.33.4-debian-12-r0\tredis/Chart.yaml\tannotations.images[0].image\t(declared by the chart)\n',
    );
  });
});

describe('mirror list --declared-images', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const component = {
    name: 'demo',
    type: 'Helm',
    source: 'https://charts.example.com',
    chart: 'demo',
    version: '1.0.0',
  };
  const archiveFetcher = async () => {
    const bytes = await tarGz(DEMO);
    return async () => ({ bytes, digest: 'sha256:0' });
  };

  it('adds the declared images to the component, normalised on request, with provenance', async () => {
    const options = { renderChart: inProcessRenderer(), fetchChart: await archiveFetcher() };
    const without = await mirrorList(recipe([component]), options);
    expect(without.images).toEqual([]);
    const result = await mirrorList(recipe([component]), { ...options, declaredImages: true, normalize: true });
    expect(result.components[0]!.warnings).toBeUndefined();
    expect(result.images).toEqual([
      'docker.io/library/busybox:1.36',
      'ghcr.io/example/app:1.0',
      'ghcr.io/example/extra:1',
      'ghcr.io/example/worker:1',
      'quay.io/example/cache-sidecar:2',
      'quay.io/example/cache:2',
      'quay.io/example/listed:1',
      'quay.io/example/ungated:1',
      'registry.example.com/ah/tool:3',
    ]);
    const busybox = result.provenance!.find((p) => p.image === 'docker.io/library/busybox:1.36');
    expect(busybox).toEqual({
      image: 'docker.io/library/busybox:1.36',
      path: 'demo/Chart.yaml',
      documentIndex: 0,
      yamlPath: 'annotations.images[0].image',
      component: 'demo',
      source: 'declared',
      chart: 'demo',
      chartVersion: '1.0.0',
      asWritten: 'busybox:1.36',
    });
    expect(formatMirrorList(result, 'json', { provenance: true })).toContain('"source": "declared"');
    expect(formatMirrorList(result, 'yaml', { provenance: true })).toContain('source: declared');
  });

  it('says so when the renderer cannot report declared images, instead of listing nothing silently', async () => {
    const r = fakeRenderer({ demo: deployment('d', ['ghcr.io/example/app:1.0']) });
    const result = await mirrorList(recipe([component]), {
      renderChart: r.render,
      fetchChart: fakeFetcher().fetch,
      declaredImages: true,
    });
    expect(r.calls[0]!.req.declaredImages).toBe(true);
    expect(result.components[0]!.warnings).toEqual([
      'declared images: the renderer does not report the images charts declare',
    ]);
  });

  it('turns unreadable entries into component warnings, which --strict makes fatal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'helmless-declared-'));
    dirs.push(dir);
    const file = join(dir, 'recipe.json');
    (await import('node:fs')).writeFileSync(file, JSON.stringify(recipe([component])));
    const bytes = await tarGz([
      { name: 'demo/Chart.yaml', data: chartYaml('demo', { images: '- name: x\n- image: ghcr.io/ok/app:1' }) },
      { name: 'demo/templates/cm.yaml', data: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' },
    ]);
    const deps: MirrorCommandDeps = {
      renderChart: inProcessRenderer(),
      fetcher: () => async () => ({ bytes, digest: 'sha256:0' }),
    };
    const run = (args: string[]) => runMirrorList(deps, ['--recipe', file, ...args]);
    const list = await run(['--declared-images', '-f', 'list']);
    expect(list.code).toBe(0);
    expect(list.out).toBe('ghcr.io/ok/app:1\n');
    const yaml = await run(['--declared-images']);
    expect(yaml.out).toContain(`- 'declared images: chart demo: annotation "images": entry 0: has no image'`);
    const why = await run(['--declared-images', '--why', 'ghcr.io/ok/app:1']);
    expect(why.out).toBe(
      'ghcr.io/ok/app:1\n  component demo: chart demo 1.0.0\n    demo/Chart.yaml (document 0): annotations.images[1].image (declared by the chart)\n',
    );
    expect((await run(['--declared-images', '--strict'])).code).toBe(1);
  });
});
