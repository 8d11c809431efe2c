/**
 * The discovery pipeline against spec §11 cases 1–18 (renderer and fetcher are test doubles, as
 * upstream mocks the renderer by component name).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog, type CatalogLayer, DirectoryLayer, MemoryLayer } from '../../src/discovery/catalog.js';
import { MirrorError } from '../../src/discovery/errors.js';
import { mirrorList } from '../../src/discovery/pipeline.js';
import type { ComponentRef, RecipeResult } from '../../src/discovery/types.js';
import { deployment, fakeFetcher, fakeRenderer, memoryCatalog, recipe, rejection } from './support.js';

const REGISTRY = `apiVersion: aicr.run/v1beta1
kind: ComponentRegistry
components:
  - name: gpu-operator
    valueOverrideKeys: [gpuoperator]
    helm: {defaultRepository: https://helm.ngc.nvidia.com/nvidia, defaultChart: nvidia/gpu-operator}
  - name: kai-scheduler
    valueOverrideKeys: [kaischeduler]
    helm: {defaultRepository: oci://ghcr.io/nvidia/kai-scheduler, defaultChart: kai-scheduler}
`;

function helm(name: string, extra: Partial<ComponentRef> = {}): ComponentRef {
  return {
    name,
    type: 'Helm',
    source: `oci://ghcr.io/example`,
    chart: name,
    version: '1.0.0',
    namespace: name,
    ...extra,
  };
}

function deps(canned: Parameters<typeof fakeRenderer>[0]) {
  const r = fakeRenderer(canned);
  const f = fakeFetcher();
  return { r, f, options: { renderChart: r.render, fetchChart: f.fetch } };
}

describe('spec §11 case 1: nil and empty recipes', () => {
  it('rejects a missing recipe as invalid input', async () => {
    const err = await rejection(mirrorList(null as unknown as RecipeResult));
    expect(err).toBeInstanceOf(MirrorError);
    expect(err.code).toBe('invalid');
  });
  it('lists nothing for a recipe without components', async () => {
    const out = await mirrorList(recipe([]));
    expect(out.images).toEqual([]);
    expect(out.charts).toEqual([]);
    expect(out.components).toEqual([]);
  });
});

describe('cancellation before discovery starts (aicr TestPrepareMirrorCandidate_Canceled)', () => {
  it('fails before reading values or rendering anything', async () => {
    // aicr reports this as a timeout-coded error; helmless keeps spec §1.4: a cancelled run is aborted (exit 9).
    const { r, f, options } = deps({ a: deployment('a', ['a.io/a:1']) });
    const ac = new AbortController();
    ac.abort();
    const err = await rejection(
      mirrorList(recipe([helm('a', { valuesFile: 'components/a/values.yaml' })]), {
        ...options,
        catalog: memoryCatalog({ 'components/a/values.yaml': 'x: 1\n' }),
        signal: ac.signal,
      }),
    );
    expect(err.code).toBe('aborted');
    expect(r.calls).toHaveLength(0);
    expect(f.calls).toHaveLength(0);
  });
});

describe('spec §11 case 2: one OCI Helm component', () => {
  it('gives 2 images, 1 chart, 1 component', async () => {
    const { options } = deps({ nvsentinel: deployment('d', ['ghcr.io/nvidia/a:1', 'ghcr.io/nvidia/b:2']) });
    const out = await mirrorList(
      recipe([
        {
          name: 'nvsentinel',
          type: 'Helm',
          source: 'oci://ghcr.io/nvidia',
          chart: 'nvsentinel',
          version: 'v1.20.0',
          namespace: 'nvsentinel',
        },
      ]),
      options,
    );
    expect(out.images).toEqual(['ghcr.io/nvidia/a:1', 'ghcr.io/nvidia/b:2']);
    expect(out.charts).toEqual([
      {
        name: 'nvsentinel',
        repository: 'oci://ghcr.io/nvidia',
        chart: 'nvsentinel',
        version: 'v1.20.0',
        namespace: 'nvsentinel',
      },
    ]);
    expect(out.components).toEqual([
      { component: 'nvsentinel', type: 'helm', images: ['ghcr.io/nvidia/a:1', 'ghcr.io/nvidia/b:2'] },
    ]);
  });
});

describe('spec §11 case 3: source-only and manifest-only refs', () => {
  it('uses the component name as chart and never renders a manifest-only sibling', async () => {
    const { r, f, options } = deps({ foo: deployment('d', ['example.com/foo:1']) });
    const catalog = memoryCatalog({
      'registry.yaml': 'components: []\n',
      'components/bar/manifests/m.yaml': deployment('m', ['example.com/bar:2']),
    });
    const out = await mirrorList(
      recipe([
        { name: 'foo', type: 'Helm', source: 'https://charts.example.com', version: '1.2.3' },
        { name: 'bar', type: 'Helm', manifestFiles: ['components/bar/manifests/m.yaml'] },
      ]),
      { ...options, catalog },
    );
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]!.req.component).toBe('foo');
    expect(f.calls).toEqual([{ repository: 'https://charts.example.com', chart: 'foo', version: '1.2.3' }]);
    expect(out.charts).toEqual([
      { name: 'foo', repository: 'https://charts.example.com', chart: 'foo', version: '1.2.3' },
    ]);
    expect(out.components.map((c) => [c.component, c.images])).toEqual([
      ['foo', ['example.com/foo:1']],
      ['bar', ['example.com/bar:2']],
    ]);
  });
});

describe('chart references keep the recipe chart as written (ComponentRef.EffectiveChart)', () => {
  it('lists a repo-prefixed chart verbatim while fetching and rendering only its last segment', async () => {
    const { r, f, options } = deps({ gpu: deployment('d', ['nvcr.io/nvidia/gpu-operator:v1']) });
    const out = await mirrorList(
      recipe([
        helm('gpu', { source: 'https://helm.ngc.nvidia.com/nvidia', chart: 'nvidia/gpu-operator', version: 'v1' }),
        helm('dra', { source: 'oci://registry.k8s.io/charts/', chart: 'x/dra-driver', version: '0.5.0' }),
      ]),
      { ...options, renderChart: async (req) => (req.component === 'gpu' ? r.render(req) : []) },
    );
    expect(f.calls.map((c) => [c.repository, c.chart])).toEqual([
      ['https://helm.ngc.nvidia.com/nvidia', 'gpu-operator'],
      ['oci://registry.k8s.io/charts/', 'dra-driver'],
    ]);
    expect(out.charts.map((c) => c.chart)).toEqual(['nvidia/gpu-operator', 'x/dra-driver']);
  });
});

describe('Kustomize refs (spec §5.4, §10.1)', () => {
  it('are never rendered, scan only their pre-manifests, report type kustomize and list no chart', async () => {
    const { r, f, options } = deps({});
    const catalog = memoryCatalog({ 'components/k/manifests/pre.yaml': deployment('p', ['example.com/pre:1']) });
    const out = await mirrorList(
      recipe([
        {
          name: 'k',
          type: 'kustomize',
          source: 'https://github.com/example/k',
          path: 'deploy',
          tag: 'v1',
          preManifestFiles: ['components/k/manifests/pre.yaml'],
        },
      ]),
      { ...options, catalog },
    );
    expect(r.calls).toHaveLength(0);
    expect(f.calls).toHaveLength(0);
    expect(out.charts).toEqual([]);
    expect(out.components).toEqual([{ component: 'k', type: 'kustomize', images: ['example.com/pre:1'] }]);
  });
});

describe('spec §11 case 4: a render error is a warning', () => {
  it('keeps the component and its chart, with no images, and succeeds', async () => {
    const { options } = deps({ broken: new Error('chart exploded') });
    const out = await mirrorList(recipe([helm('broken')]), options);
    expect(out.components).toEqual([
      { component: 'broken', type: 'helm', images: [], warnings: ['helm template failed: chart exploded'] },
    ]);
    expect(out.charts).toHaveLength(1);
    expect(out.images).toEqual([]);
  });
  it('reports a fetch failure the same way', async () => {
    const r = fakeRenderer({});
    const out = await mirrorList(recipe([helm('x')]), {
      renderChart: r.render,
      fetchChart: async () => {
        throw new Error('chart x version 1.0.0 not found');
      },
    });
    expect(out.components[0]!.warnings).toEqual(['helm template failed: chart x version 1.0.0 not found']);
    expect(r.calls).toHaveLength(0);
  });
});

describe('spec §11 case 5: shared images', () => {
  it('deduplicates the global list across components', async () => {
    const { options } = deps({
      a: deployment('a', ['shared.io/x:1', 'a.io/a:1']),
      b: deployment('b', ['shared.io/x:1', 'b.io/b:1']),
    });
    const out = await mirrorList(recipe([helm('a'), helm('b')]), options);
    expect(out.images).toEqual(['a.io/a:1', 'b.io/b:1', 'shared.io/x:1']);
    expect(out.charts).toHaveLength(2);
    expect(out.components).toHaveLength(2);
  });
});

describe('spec §11 case 6: recipe-disabled components', () => {
  it('skips enabled: false and install: false entirely', async () => {
    const { r, options } = deps({});
    const out = await mirrorList(
      recipe([
        helm('a', { overrides: Object.assign(Object.create(null), { enabled: false }) }),
        helm('b', { overrides: Object.assign(Object.create(null), { install: false }) }),
      ]),
      options,
    );
    expect([out.images, out.charts, out.components]).toEqual([[], [], []]);
    expect(r.calls).toHaveLength(0);
  });
  it('treats a non-boolean gate as enabled', async () => {
    const { options } = deps({ a: deployment('a', ['a.io/a:1']) });
    const out = await mirrorList(
      recipe([helm('a', { overrides: Object.assign(Object.create(null), { enabled: 'no' }) })]),
      options,
    );
    expect(out.components).toHaveLength(1);
  });
});

describe('spec §11 case 7: overall timeout', () => {
  it('fails with a timeout error when a render blocks', async () => {
    const { options } = deps({ slow: 'block' });
    const err = await rejection(mirrorList(recipe([helm('slow')]), { ...options, timeoutMs: 1 }));
    expect(err).toBeInstanceOf(MirrorError);
    expect(err.code).toBe('timeout');
    expect(err.exitCode).toBe(5);
  });
  it('turns a per-component time bound into a warning', async () => {
    const { options } = deps({ slow: 'block', fast: deployment('f', ['f.io/f:1']) });
    const out = await mirrorList(recipe([helm('fast'), helm('slow')]), { ...options, renderTimeoutMs: 20 });
    expect(out.components[1]!.warnings).toEqual([
      'helm template failed: rendering component "slow" did not finish within 0.02s',
    ]);
    expect(out.images).toEqual(['f.io/f:1']);
  });
});

describe('spec §11 case 8: --set enabled', () => {
  const catalog = memoryCatalog({ 'registry.yaml': REGISTRY });
  it('drops the component without rendering it', async () => {
    const { r, options } = deps({});
    const out = await mirrorList(recipe([helm('gpu-operator')]), {
      ...options,
      catalog,
      set: ['gpuoperator:enabled=false'],
    });
    expect(out.components).toEqual([]);
    expect(out.charts).toEqual([]);
    expect(r.calls).toHaveLength(0);
  });
  it('accepts Go ParseBool spellings', async () => {
    const { r, options } = deps({});
    const out = await mirrorList(recipe([helm('gpu-operator')]), {
      ...options,
      catalog,
      set: ['gpu-operator:enabled=F'],
    });
    expect(out.components).toEqual([]);
    expect(r.calls).toHaveLength(0);
  });
  it('rejects a non-boolean value', async () => {
    const { r, options } = deps({});
    const err = await rejection(
      mirrorList(recipe([helm('gpu-operator')]), { ...options, catalog, set: ['gpuoperator:enabled=not-a-bool'] }),
    );
    expect(err.code).toBe('invalid');
    expect(err.message).toBe('invalid --set enabled value: strconv.ParseBool: parsing "not-a-bool": invalid syntax');
    expect(r.calls).toHaveLength(0);
  });
  it('refuses to re-enable a recipe-disabled component', async () => {
    const { options } = deps({});
    const err = await rejection(
      mirrorList(
        recipe([helm('gpu-operator', { overrides: Object.assign(Object.create(null), { enabled: false }) })]),
        {
          ...options,
          catalog,
          set: ['gpuoperator:enabled=true'],
        },
      ),
    );
    expect(err.code).toBe('invalid');
    expect(err.message).toBe('component "gpu-operator" is disabled by the recipe and cannot be re-enabled with --set');
  });
});

/** A profile-locked recipe: gpuStack owns gpu-operator driver.enabled and presence. */
function lockedRecipe(): RecipeResult {
  const overrides = Object.create(null);
  overrides.driver = Object.assign(Object.create(null), { enabled: false });
  return recipe([helm('gpu-operator', { overrides })], {
    apiVersion: 'aicr.run/v1alpha3',
    metadata: {
      selectedProfile: {
        name: 'gpuStack',
        value: 'operator-managed',
        ownedPaths: { 'gpu-operator': ['driver.enabled', 'enabled'] },
      },
    },
  });
}

describe('spec §11 case 9: profile locks', () => {
  const catalog = memoryCatalog({ 'registry.yaml': REGISTRY });
  const render = () => deps({ 'gpu-operator': deployment('g', ['nvcr.io/nvidia/gpu-operator:v26.7.0']) });

  it('rejects changing an owned path before rendering', async () => {
    const { r, options } = render();
    const err = await rejection(
      mirrorList(lockedRecipe(), { ...options, catalog, set: ['gpuoperator:driver.enabled=true'] }),
    );
    expect(err.code).toBe('invalid');
    expect(err.message).toBe(
      'profile-owned path gpu-operator.driver.enabled diverged from selected profile gpuStack=operator-managed',
    );
    expect(r.calls).toHaveLength(0);
  });
  it('accepts the same value, which reaches the render values', async () => {
    const { r, options } = render();
    const input = lockedRecipe();
    const before = structuredClone(input);
    const out = await mirrorList(input, { ...options, catalog, set: ['gpuoperator:driver.enabled=false'] });
    expect(out.images).toEqual(['nvcr.io/nvidia/gpu-operator:v26.7.0']);
    expect(r.calls[0]!.values).toEqual({ driver: { enabled: false } });
    expect(input).toEqual(before);
  });
  it('accepts enabled=true and keeps `enabled` out of the values', async () => {
    const { r, options } = render();
    await mirrorList(lockedRecipe(), { ...options, catalog, set: ['gpuoperator:enabled=true'] });
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]!.values).toEqual({ driver: { enabled: false } });
  });
  it('rejects disabling an owned component', async () => {
    const { r, options } = render();
    const err = await rejection(
      mirrorList(lockedRecipe(), { ...options, catalog, set: ['gpuoperator:enabled=false'] }),
    );
    expect(err.code).toBe('invalid');
    expect(err.message).toBe('profile-owned component "gpu-operator" is absent or disabled in the output');
    expect(r.calls).toHaveLength(0);
  });
  it('rejects a profile recipe whose owned path is not assigned inline', async () => {
    const input = lockedRecipe();
    input.componentRefs[0]!.overrides = Object.create(null);
    const err = await rejection(mirrorList(input, { ...render().options, catalog }));
    expect(err.message).toContain(
      'profile-owned path gpu-operator.driver.enabled is not assigned by the component overrides',
    );
  });
  it('enforces the apiVersion/profile contract', async () => {
    const input = lockedRecipe();
    input.apiVersion = 'aicr.run/v1alpha2';
    const err = await rejection(mirrorList(input, { ...render().options, catalog }));
    expect(err.message).toBe('recipe apiVersion "aicr.run/v1alpha2" cannot carry metadata.selectedProfile');
  });
});

describe('spec §11 case 10: alias and canonical paths that collide structurally', () => {
  it('fails before rendering with the overriding path and "exists but is not a map"', async () => {
    const { r, options } = deps({ 'gpu-operator': deployment('g', ['x.io/x:1']) });
    const catalog = memoryCatalog({ 'registry.yaml': REGISTRY });
    const err = await rejection(
      mirrorList(lockedRecipe(), {
        ...options,
        catalog,
        set: ['gpuoperator:driver=true', 'gpu-operator:driver.enabled=false'],
      }),
    );
    expect(err.code).toBe('invalid');
    expect(err.message).toContain('driver.enabled=false');
    expect(err.message).toContain('exists but is not a map');
    expect(err.message).toBe(
      'failed to apply mirror value overrides: failed to apply map overrides: driver.enabled=false: failed to resolve override path: path segment "driver" exists but is not a map (type: bool)',
    );
    expect(r.calls).toHaveLength(0);
  });
});

describe('spec §11 case 11: override through a non-map recipe value', () => {
  it('fails before rendering', async () => {
    const { r, options } = deps({ 'gpu-operator': deployment('g', ['x.io/x:1']) });
    const catalog = memoryCatalog({ 'registry.yaml': REGISTRY });
    const overrides = Object.assign(Object.create(null), { driver: 'not-a-map' });
    const err = await rejection(
      mirrorList(recipe([helm('gpu-operator', { overrides })]), {
        ...options,
        catalog,
        set: ['gpuoperator:driver.enabled=false'],
      }),
    );
    expect(err.code).toBe('invalid');
    expect(err.message).toContain(
      'driver.enabled=false: failed to resolve override path: path segment "driver" exists but is not a map (type: string)',
    );
    expect(r.calls).toHaveLength(0);
  });
});

const KAI_CONFIG = (binderName: string) => `apiVersion: kai.scheduler/v1
kind: Config
metadata:
  name: kai-config
spec:
  binder:
    image:
      name: ${binderName}
      repository: ghcr.io/nvidia/kai-scheduler
      tag: v0.14.1
  operator:
    image: {name: operator, repository: ghcr.io/nvidia/kai-scheduler, tag: v0.14.1}
  scheduler:
    image: {name: scheduler, repository: ghcr.io/nvidia/kai-scheduler, tag: v0.14.1}
  nodeScaleAdjuster:
    args:
      scalingPodImage: {name: scalingpod, repository: ghcr.io/nvidia/kai-scheduler, tag: v0.14.1}
`;

describe('spec §11 case 12: KAI structured descriptors', () => {
  it('passes a boolean override and extracts the descriptor images', async () => {
    const { r, options } = deps({ 'kai-scheduler': KAI_CONFIG('binder') });
    const catalog = memoryCatalog({ 'registry.yaml': REGISTRY });
    const out = await mirrorList(recipe([helm('kai-scheduler')]), {
      ...options,
      catalog,
      set: ['kaischeduler:global.clusterAutoscaling=true'],
    });
    expect(r.calls[0]!.values).toEqual({ global: { clusterAutoscaling: true } });
    expect(r.calls[0]!.req.valuesYaml).toBe('global:\n    clusterAutoscaling: true\n');
    expect(out.images).toEqual([
      'ghcr.io/nvidia/kai-scheduler/binder:v0.14.1',
      'ghcr.io/nvidia/kai-scheduler/operator:v0.14.1',
      'ghcr.io/nvidia/kai-scheduler/scalingpod:v0.14.1',
      'ghcr.io/nvidia/kai-scheduler/scheduler:v0.14.1',
    ]);
  });
});

describe('spec §11 case 13: a nulled descriptor name is fatal', () => {
  it('passes the string "null" to Helm and fails naming the component, with the summary once', async () => {
    // The double renders `name: {{ .Values.binder.image.name }}` as helm would: the string `null`.
    const { r, options } = deps({
      'kai-scheduler': (values) => KAI_CONFIG(String(values.binder?.image?.name ?? 'binder')),
    });
    const catalog = memoryCatalog({ 'registry.yaml': REGISTRY });
    const err = await rejection(
      mirrorList(recipe([helm('kai-scheduler')]), {
        ...options,
        catalog,
        set: ['kaischeduler:binder.image.name=null'],
      }),
    );
    expect(r.calls[0]!.req.valuesYaml).toBe('binder:\n    image:\n        name: "null"\n');
    expect(r.calls[0]!.values).toEqual({ binder: { image: { name: 'null' } } });
    expect(err.code).toBe('invalid');
    expect(err.message).toMatch(
      /^invalid structured image descriptor in component "kai-scheduler": field "name" at line 8, column \d+ /,
    );
    expect(err.message.match(/invalid structured image descriptor/g)).toHaveLength(1);
  });
});

const SHARED = resolve(import.meta.dirname, '../../../shared/aicr-recipes');

describe('spec §11 case 14: manifests through the layered catalog', () => {
  it('reads an overlay-only manifest from the upper layer without warnings', async () => {
    const catalog = new Catalog([
      new MemoryLayer({ 'registry.yaml': 'components: []\n' }),
      new MemoryLayer({ 'components/x/manifests/only-here.yaml': deployment('o', ['overlay.io/only:1']) }),
    ]);
    const out = await mirrorList(
      recipe([{ name: 'x', type: 'Helm', manifestFiles: ['components/x/manifests/only-here.yaml'] }]),
      {
        catalog,
      },
    );
    expect(out.components).toEqual([{ component: 'x', type: 'helm', images: ['overlay.io/only:1'] }]);
  });
  it.skipIf(!existsSync(SHARED))(
    'falls back to the base catalog for a real manifest (needs ../shared/aicr-recipes)',
    async () => {
      const catalog = new Catalog([
        new DirectoryLayer(SHARED),
        new MemoryLayer({ 'components/x/manifests/only-here.yaml': 'kind: List\n' }),
      ]);
      const out = await mirrorList(
        recipe([
          {
            name: 'gke-nccl-tcpxo',
            type: 'Helm',
            manifestFiles: ['components/gke-nccl-tcpxo/manifests/nri-device-injector.yaml'],
          },
        ]),
        { catalog },
      );
      expect(out.components).toEqual([
        {
          component: 'gke-nccl-tcpxo',
          type: 'helm',
          images: [
            'gcr.io/gke-release/nri-device-injector@sha256:7704e2bd74b8edbb76b6913c7904cc2362f1fa887c4d4aba7b19778ea353537c',
          ],
        },
      ]);
    },
  );
  it('warns when a manifest is missing and keeps the other images', async () => {
    const catalog = memoryCatalog({ 'registry.yaml': '', 'components/x/a.yaml': deployment('a', ['a.io/a:1']) });
    const out = await mirrorList(
      recipe([{ name: 'x', type: 'Helm', manifestFiles: ['components/x/a.yaml', 'components/x/gone.yaml'] }]),
      { catalog },
    );
    expect(out.components[0]!.images).toEqual(['a.io/a:1']);
    expect(out.components[0]!.warnings).toEqual([
      'manifest read failed components/x/gone.yaml: file "components/x/gone.yaml" not found in catalog in-memory catalog',
    ]);
  });
  it('warns on a malformed manifest (all its images lost)', async () => {
    const catalog = memoryCatalog({ 'components/x/bad.yaml': 'a: [\n' });
    const out = await mirrorList(recipe([{ name: 'x', type: 'Helm', manifestFiles: ['components/x/bad.yaml'] }]), {
      catalog,
    });
    expect(out.components[0]!.warnings![0]).toMatch(/^manifest image extraction failed components\/x\/bad\.yaml: /);
  });
});

describe('spec §11 case 15: invalid descriptor in a manifest', () => {
  it('is fatal and names the manifest', async () => {
    const catalog = memoryCatalog({
      'components/x/m.yaml': 'kind: Config\nspec:\n  image:\n    name: ""\n    repository: r.io/x\n',
    });
    const err = await rejection(
      mirrorList(recipe([{ name: 'x', type: 'Helm', manifestFiles: ['components/x/m.yaml'] }]), { catalog }),
    );
    expect(err.code).toBe('invalid');
    expect(err.message).toMatch(
      /^invalid structured image descriptor in component "x" manifest "components\/x\/m\.yaml": field "name"/,
    );
  });
});

describe('spec §11 case 16: cancellation during manifest reads', () => {
  function countingLayer(onRead: () => void): CatalogLayer & { reads: number } {
    const layer = {
      description: 'counting',
      reads: 0,
      async read(path: string) {
        layer.reads++;
        onRead();
        return new TextEncoder().encode(deployment(path.replace(/\W/g, ''), ['a.io/a:1']));
      },
      async list() {
        return [];
      },
    };
    return layer;
  }
  it('a read that cancels fails as aborted', async () => {
    const ac = new AbortController();
    const catalog = new Catalog([countingLayer(() => ac.abort())]);
    const err = await rejection(
      mirrorList(recipe([{ name: 'x', type: 'Helm', manifestFiles: ['m/one.yaml'] }]), { catalog, signal: ac.signal }),
    );
    expect(err).toBeInstanceOf(MirrorError);
    expect(err.code).toBe('aborted');
    expect(err.exitCode).toBe(9);
  });
  it('stops after the first of two reads', async () => {
    const ac = new AbortController();
    const layer = countingLayer(() => ac.abort());
    const catalog = new Catalog([layer]);
    await rejection(
      mirrorList(recipe([{ name: 'x', type: 'Helm', manifestFiles: ['m/one.yaml', 'm/two.yaml'] }]), {
        catalog,
        signal: ac.signal,
      }),
    );
    expect(layer.reads).toBe(1);
  });
});

describe('spec §11 case 17: malformed registry', () => {
  const catalog = () => memoryCatalog({ 'registry.yaml': 'components: [\n' });
  it('is fatal when overrides need aliases', async () => {
    const { options } = deps({ a: deployment('a', ['a.io/a:1']) });
    const err = await rejection(mirrorList(recipe([helm('a')]), { ...options, catalog: catalog(), set: ['a:x=1'] }));
    expect(err.code).toBe('internal');
    expect(err.exitCode).toBe(8);
    // A classified error passes through unchanged (aicr's PropagateOrWrap).
    expect(err.message).toMatch(/^failed to parse registry\.yaml: /);
  });
  it('is not consulted without overrides', async () => {
    const { options } = deps({ a: deployment('a', ['a.io/a:1']) });
    const out = await mirrorList(recipe([helm('a')]), { ...options, catalog: catalog() });
    expect(out.images).toEqual(['a.io/a:1']);
  });
});

describe('spec §11 case 18 [newest]: values hydration failure is fatal', () => {
  it('fails with an internal error naming the overlay values file when it is missing', async () => {
    const { r, options } = deps({ a: deployment('a', ['a.io/a:1']) });
    const catalog = memoryCatalog({ 'registry.yaml': '' });
    const err = await rejection(
      mirrorList(recipe([helm('a', { valuesFile: 'components/a/values-gone.yaml' })]), { ...options, catalog }),
    );
    expect(err.code).toBe('internal');
    expect(err.exitCode).toBe(8);
    expect(err.message).toBe(
      'failed to read overlay values file "components/a/values-gone.yaml": file "components/a/values-gone.yaml" not found in catalog in-memory catalog',
    );
    expect(r.calls).toHaveLength(0);
  });
  it('names the component values file, and its parse errors, the same way', async () => {
    const { options } = deps({ a: deployment('a', ['a.io/a:1']) });
    const missing = await rejection(
      mirrorList(recipe([helm('a', { valuesFile: 'components/a/values.yaml' })]), {
        ...options,
        catalog: memoryCatalog({ 'registry.yaml': '' }),
      }),
    );
    expect(missing.code).toBe('internal');
    expect(missing.message).toMatch(/^failed to read values file "components\/a\/values\.yaml": /);
    const catalog = memoryCatalog({ 'components/a/values.yaml': 'a: [\n' });
    const err = await rejection(
      mirrorList(recipe([helm('a', { valuesFile: 'components/a/values.yaml' })]), { ...options, catalog }),
    );
    expect(err.code).toBe('internal');
    expect(err.message).toMatch(
      /^failed to parse values file "components\/a\/values\.yaml": components\/a\/values\.yaml:\d+:\d+: invalid YAML/,
    );
  });
  it('reports bad component values under an overlay file as the base values file', async () => {
    const { r, options } = deps({ a: deployment('a', ['a.io/a:1']) });
    const bad = await rejection(
      mirrorList(recipe([helm('a', { valuesFile: 'components/a/values-eks.yaml' })]), {
        ...options,
        catalog: memoryCatalog({ 'components/a/values.yaml': 'a: [\n', 'components/a/values-eks.yaml': 'x: 1\n' }),
      }),
    );
    expect(bad.code).toBe('internal');
    expect(bad.message).toMatch(/^failed to parse base values file "components\/a\/values\.yaml": /);
    const badOverlay = await rejection(
      mirrorList(recipe([helm('a', { valuesFile: 'components/a/values-eks.yaml' })]), {
        ...options,
        catalog: memoryCatalog({ 'components/a/values-eks.yaml': 'x: [\n' }),
      }),
    );
    expect(badOverlay.message).toMatch(/^failed to parse overlay values file "components\/a\/values-eks\.yaml": /);
    expect(r.calls).toHaveLength(0);
  });
  it('fails for a profile-owned and an unowned component alike, and both hydrating is a clean success', async () => {
    const twoComponents = (gpuValues?: string, netValues?: string) => {
      const rec = lockedRecipe();
      if (gpuValues) rec.componentRefs[0]!.valuesFile = gpuValues;
      rec.componentRefs.push(helm('network-operator', netValues ? { valuesFile: netValues } : {}));
      return rec;
    };
    const catalog = memoryCatalog({ 'registry.yaml': REGISTRY });
    const bad = 'components/does-not-exist/values.yaml';
    for (const rec of [twoComponents(undefined, bad), twoComponents(bad, undefined)]) {
      const { r, options } = deps({ 'gpu-operator': '', 'network-operator': '' });
      const err = await rejection(mirrorList(rec, { ...options, catalog }));
      expect(err.code).toBe('internal');
      expect(err.message).toContain(bad);
      expect(r.calls.length).toBeLessThan(2);
    }
    const { options } = deps({ 'gpu-operator': '', 'network-operator': '' });
    const out = await mirrorList(twoComponents(), { ...options, catalog });
    expect(out.components.map((c) => [c.component, c.warnings])).toEqual([
      ['gpu-operator', undefined],
      ['network-operator', undefined],
    ]);
  });
  it('says how to point at a catalog when none was given', async () => {
    const { options } = deps({ a: deployment('a', ['a.io/a:1']) });
    const err = await rejection(mirrorList(recipe([helm('a', { valuesFile: 'components/a/values.yaml' })]), options));
    expect(err.code).toBe('invalid');
    expect(err.message).toContain('pass --data DIR');
  });
});

describe('values hydration order (spec §6.1)', () => {
  it('merges component values ← overlay values file ← overrides, null deletes', async () => {
    const { r, options } = deps({ a: deployment('a', ['a.io/a:1']) });
    const catalog = memoryCatalog({
      'components/a/values.yaml': 'keep: 1\nlist: [1, 2]\nnested: {x: 1, y: 2}\ndrop: me\n',
      'components/a/values-eks.yaml': 'list: [3]\nnested: {y: 3}\n',
    });
    const overrides = Object.create(null);
    overrides.drop = null;
    overrides.nested = Object.assign(Object.create(null), { z: 'on' });
    await mirrorList(recipe([helm('a', { valuesFile: 'components/a/values-eks.yaml', overrides })]), {
      ...options,
      catalog,
    });
    expect(r.calls[0]!.values).toEqual({ keep: 1, list: [3], nested: { x: 1, y: 3, z: 'on' } });
    expect(r.calls[0]!.req.valuesYaml).toBe('keep: 1\nlist:\n    - 3\nnested:\n    x: 1\n    "y": 3\n    z: "on"\n');
  });
  it('omits the values file when there are no values', async () => {
    const { r, options } = deps({ a: deployment('a', ['a.io/a:1']) });
    await mirrorList(recipe([helm('a')]), options);
    expect(r.calls[0]!.req.valuesYaml).toBeUndefined();
  });
});

describe('render request (spec §7.1)', () => {
  it('passes release name, namespace, kube version and the extra API versions', async () => {
    const { r, options } = deps({ a: deployment('a', ['a.io/a:1']) });
    await mirrorList(
      recipe([helm('a')], { constraints: [{ name: 'K8s.server.version', value: '>= 1.34.2' }] }),
      options,
    );
    const req = r.calls[0]!.req;
    expect(req.releaseName).toBe('release-a');
    expect(req.namespace).toBe('a');
    expect(req.kubeVersion).toBe('1.34.2');
    expect(req.apiVersions).toEqual(['resource.k8s.io/v1', 'resource.k8s.io/v1beta1']);
    expect(req.signal).toBeInstanceOf(AbortSignal);
  });
  it('rewrites the fetch repository, longest prefix first, and keeps the recipe coordinates in the output', async () => {
    const { f, options } = deps({ a: deployment('a', ['a.io/a:1']), b: deployment('b', ['b.io/b:1']) });
    const out = await mirrorList(
      recipe([
        helm('a', { source: 'https://charts.example.com/stable', chart: 'repo/a' }),
        helm('b', { source: 'oci://ghcr.io/nvidia/sub' }),
      ]),
      {
        ...options,
        plainHttp: true,
        repositoryRewrites: [
          'https://charts.example.com=http://127.0.0.1:1/x',
          'https://charts.example.com/stable=http://127.0.0.1:8879/charts',
          'oci://ghcr.io=oci://127.0.0.1:5000',
        ],
      },
    );
    expect(f.calls).toEqual([
      { repository: 'http://127.0.0.1:8879/charts', chart: 'a', version: '1.0.0', plainHttp: true },
      { repository: 'oci://127.0.0.1:5000/nvidia/sub', chart: 'b', version: '1.0.0', plainHttp: true },
    ]);
    expect(out.charts.map((c) => [c.repository, c.chart])).toEqual([
      ['https://charts.example.com/stable', 'repo/a'],
      ['oci://ghcr.io/nvidia/sub', 'b'],
    ]);
  });
  it('warns when the rendered output is over the size bound', async () => {
    const { options } = deps({ a: deployment('a', ['a.io/a:1']) });
    const out = await mirrorList(recipe([helm('a')]), { ...options, maxRenderBytes: 10 });
    expect(out.components[0]!.warnings).toEqual(['helm template failed: rendered output exceeds the 0 MiB limit']);
  });
  it('fails loudly when a chart must be rendered but no renderer was given', async () => {
    const err = await rejection(mirrorList(recipe([helm('a')])));
    expect(err.code).toBe('internal');
    expect(err.message).toBe(
      'component "a" has a chart to render, but no chart renderer or chart fetcher was given to mirrorList',
    );
  });
});

describe('assembly (spec §5.5)', () => {
  it('keeps componentRefs order, bounds concurrency and records provenance and metadata', async () => {
    let inFlight = 0;
    let peak = 0;
    const names = Array.from({ length: 20 }, (_, i) => `c${String(i).padStart(2, '0')}`).reverse();
    const f = fakeFetcher();
    const out = await mirrorList(
      recipe(
        names.map((n) => helm(n)),
        { criteria: { service: 'eks', accelerator: 'h100' } },
      ),
      {
        fetchChart: f.fetch,
        renderChart: async (req) => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((res) => setTimeout(res, 5 + (req.component.charCodeAt(2) % 3)));
          inFlight--;
          return [
            {
              path: `${req.component}/templates/d.yaml`,
              content: deployment(req.component, [`r.io/${req.component}:1`]),
            },
          ];
        },
        version: 'v0.1.0',
      },
    );
    expect(peak).toBe(8);
    expect(out.components.map((c) => c.component)).toEqual(names);
    expect(out.charts.map((c) => c.name)).toEqual(names);
    expect(out.metadata).toEqual({ recipeVersion: 'v0.1.0', criteria: 'criteria(service=eks, accelerator=h100)' });
    expect(out.provenance!.find((p) => p.image === 'r.io/c05:1')).toMatchObject({
      component: 'c05',
      source: 'rendered',
      chart: 'c05',
      chartVersion: '1.0.0',
      path: 'c05/templates/d.yaml',
      kind: 'Deployment',
      name: 'c05',
    });
  });
});

describe('step A: recipe validation (spec §5.1)', () => {
  it('aggregates coherence problems of enabled refs, sorted', async () => {
    const err = await rejection(
      mirrorList(
        recipe([
          { name: 'z', type: 'Helm', source: 'https://x', chart: 'z' },
          { name: 'a', type: 'Helm', chart: 'a' },
          { name: 'k', type: 'kustomize' },
          { name: 'off', type: 'Helm', overrides: Object.assign(Object.create(null), { enabled: false }) },
        ]),
      ),
    );
    expect(err.code).toBe('invalid');
    expect(err.message).toBe(
      'recipe has incoherent component ref(s): Helm component "a" has a chart name ("a") but no source repository; the deployers have no repository to pull from — set source:, or remove the chart for a manifest-only component (see #1615); Helm component "z" has no chart version; set version: on the componentRef — criteria-resolved recipes may inherit it from helm.defaultVersion in the component registry (see #1615); component "k" is Kustomize but has no path; a path is required to build from',
    );
  });
  it('words every coherence problem as aicr does', async () => {
    const problem = async (ref: ComponentRef) =>
      (await rejection(mirrorList(recipe([ref])))).message.replace('recipe has incoherent component ref(s): ', '');
    expect(await problem({ ...helm('p'), patches: ['x.yaml'] })).toBe(
      'component "p" declares patches, but no deployer applies patch files; remove `patches` (removing it does not change the generated bundle). See #1588.',
    );
    expect(await problem({ ...helm('h'), tag: 'v1' })).toBe(
      'component "h" is Helm but carries Kustomize field(s) (tag="v1", path=""); the field-classifying deployers would treat it as Kustomize while the Type-switching Flux deployer would treat it as Helm, so the same ref deploys differently — remove the tag/path, or convert it into a coherent Kustomize ref (which needs a path, and a source if it sets a tag)',
    );
    expect(await problem({ ...helm('c'), chart: ' c' })).toBe(
      'Helm component "c" has a chart name with surrounding whitespace (" c"); set the exact chart name or omit the field (see #1615)',
    );
    expect(await problem({ ...helm('s'), source: 'oci://x\t' })).toBe(
      'Helm component "s" has a source with surrounding whitespace ("oci://x\\t"); set the exact repository or omit the field (see #1615)',
    );
    expect(await problem({ ...helm('v'), version: '1.0 ' })).toBe(
      'Helm component "v" has a chart version with surrounding whitespace ("1.0 "); set the exact chart version (see #1615)',
    );
    expect(await problem({ ...helm('b'), version: 'v' })).toBe(
      'Helm component "b" has chart version "v", which Flux/Argo CD normalize to empty for non-OCI outputs and vendored wrappers replace with a fabricated default; set a full chart version (see #1615)',
    );
    expect(await problem({ name: 'n', type: 'Helm', preManifestFiles: ['x.yaml'] })).toBe(
      'Helm component "n" has no deployable primary (no source, no chart, and no primary manifestFiles; preManifestFiles alone are auxiliary to a primary release) — add a chart source or primary manifest files (see #1615)',
    );
    expect(await problem({ name: 't', type: 'Kustomize', path: 'p', tag: 'v1' })).toBe(
      'component "t" is Kustomize with tag "v1" but no source; a tag is only meaningful with a git source',
    );
    expect(await problem({ name: 'm', type: 'Kustomize', path: 'p', manifestFiles: ['x.yaml'] })).toBe(
      'component "m" is Kustomize but also declares manifestFiles; a component may declare either Kustomize (tag/path) or raw manifest files, not both',
    );
    expect(await problem({ name: 'u', type: 'Chart' })).toBe(
      'component "u" has unsupported type "Chart"; expected "Helm" or "Kustomize"',
    );
  });
  it('rejects the reserved deployer name and duplicate names', async () => {
    expect((await rejection(mirrorList(recipe([{ name: 'deployer', type: 'Helm' }])))).message).toBe(
      'recipe component "deployer" uses the reserved deployer override key as its name; "deployer" is reserved for --set deployer:<key> Argo deployer options',
    );
    expect((await rejection(mirrorList(recipe([helm('a'), helm('a')])))).message).toBe(
      'recipe has duplicate component ref name "a" (refs 0 and 1)',
    );
  });
  it('back-fills a missing type from the registry and accepts lower-case types', async () => {
    const { options } = deps({ 'gpu-operator': deployment('g', ['g.io/g:1']), b: deployment('b', ['b.io/b:1']) });
    const catalog = memoryCatalog({ 'registry.yaml': REGISTRY });
    const out = await mirrorList(
      recipe([
        { name: 'gpu-operator', source: 'https://helm.ngc.nvidia.com/nvidia', version: 'v1' },
        { ...helm('b'), type: 'helm' },
      ]),
      { ...options, catalog },
    );
    expect(out.components.map((c) => c.type)).toEqual(['helm', 'helm']);
  });
});
