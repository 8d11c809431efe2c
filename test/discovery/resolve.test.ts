/**
 * Criteria resolution (spec §3–§4): against the real AI Cluster Runtime catalog in
 * ../shared/aicr-recipes (skipped when absent), and against small in-memory catalogs for mixins,
 * profiles, `--data` layering and error cases.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog, MemoryLayer } from '../../src/discovery/catalog.js';
import { criteriaMatch, criteriaString, normalizeCriteria, specificity } from '../../src/discovery/criteria.js';
import { loadRecipe, parseRecipe } from '../../src/discovery/load.js';
import { mirrorList } from '../../src/discovery/pipeline.js';
import { resolveRecipe } from '../../src/discovery/resolve.js';
import { deployment, fakeFetcher, fakeRenderer, rejection } from './support.js';

const SHARED = resolve(import.meta.dirname, '../../../shared/aicr-recipes');
const haveShared = existsSync(SHARED);

describe('criteria (spec §3)', () => {
  it('matches asymmetrically and counts specificity', () => {
    expect(criteriaMatch({ service: 'eks' }, { service: 'eks', intent: 'training' })).toBe(true);
    expect(criteriaMatch({ service: 'eks', intent: 'training' }, { service: 'eks' })).toBe(false);
    expect(criteriaMatch({ intent: 'any' }, {})).toBe(true);
    expect(criteriaMatch({ nodes: 8 }, { nodes: 0 })).toBe(false);
    expect(criteriaMatch({ nodes: 8 }, { nodes: 8 })).toBe(true);
    expect(criteriaMatch({}, { nodes: 8 })).toBe(true);
    expect(specificity({ service: 'eks', intent: 'any', nodes: 4 })).toBe(2);
  });
  it('prints the human-readable form in the fixed order', () => {
    expect(criteriaString({})).toBe('criteria(any)');
    expect(criteriaString({ os: 'ubuntu', service: 'eks', nodes: 8, accelerator: 'h100', intent: 'training' })).toBe(
      'criteria(service=eks, accelerator=h100, intent=training, os=ubuntu, nodes=8)',
    );
  });
  it('normalises case and aliases, and validates values', () => {
    expect(normalizeCriteria({ service: ' EKS ', os: 'al2023', accelerator: 'any', nodes: 0 })).toEqual({
      service: 'eks',
      os: 'amazonlinux',
    });
    expect(() => normalizeCriteria({ service: 'openstack' })).toThrow(
      /^invalid service type: openstack; valid values: aks/,
    );
    expect(normalizeCriteria({ service: 'openstack' }, { service: new Set(['openstack']) })).toEqual({
      service: 'openstack',
    });
    expect(() => normalizeCriteria({ service: 'openstack' }, { service: new Set(['openstack']) }, true)).toThrow(
      /--criteria-strict/,
    );
    expect(() => normalizeCriteria({ nodes: -1 })).toThrow('invalid nodes count: -1 (must be >= 0)');
  });
});

describe.skipIf(!haveShared)('the real catalog (../shared/aicr-recipes)', () => {
  it('resolves eks/h100/training/ubuntu: maximal leaves, chain merge, registry defaults', async () => {
    const catalog = await Catalog.openDirectories([SHARED]);
    const r = await resolveRecipe(catalog, {
      criteria: { service: 'eks', accelerator: 'h100', intent: 'training', os: 'ubuntu' },
    });
    // monitoring-hpa (intent: any, specificity 0) first; eks and its descendants are ancestors of the leaf.
    expect(r.metadata.appliedOverlays).toEqual([
      'base',
      'monitoring-hpa',
      'eks',
      'eks-training',
      'h100-eks-training',
      'h100-eks-ubuntu-training',
    ]);
    expect(r.componentRefs.map((c) => c.name)).toEqual([
      'aws-ebs-csi-driver',
      'aws-efa',
      'cert-manager',
      'gpu-operator',
      'k8s-ephemeral-storage-metrics',
      'kai-scheduler',
      'kube-prometheus-stack',
      'nvidia-dra-driver-gpu',
      'nvsentinel',
      'prometheus-adapter',
      'skyhook-customizations',
      'skyhook-operator',
    ]);
    const byName = new Map(r.componentRefs.map((c) => [c.name, c]));
    // eks.yaml pins only the version of aws-efa; the registry supplies source, chart and namespace.
    expect(byName.get('aws-efa')).toMatchObject({
      source: 'https://aws.github.io/eks-charts',
      chart: 'aws-efa-k8s-device-plugin',
      version: 'v0.5.3',
      namespace: 'kube-system',
    });
    // eks-training swaps the values file; h100-eks-training adds a dependency and overrides.
    expect(byName.get('gpu-operator')).toMatchObject({
      valuesFile: 'components/gpu-operator/values-eks-training.yaml',
      dependencyRefs: ['cert-manager', 'kube-prometheus-stack', 'skyhook-customizations'],
      manifestFiles: ['components/gpu-operator/manifests/dcgm-exporter.yaml'],
      chart: 'gpu-operator',
    });
    // Manifest-only: an empty defaultRepository gives no source.
    expect(byName.get('skyhook-customizations')!.source).toBeUndefined();
    // eks.yaml's `emptyDir: null` survives the overlay merge so hydration can delete the key.
    const ps = byName.get('kube-prometheus-stack')!.overrides as any;
    expect(Object.hasOwn(ps.prometheus.prometheusSpec.storageSpec, 'emptyDir')).toBe(true);
    expect(ps.prometheus.prometheusSpec.storageSpec.emptyDir).toBeNull();
    expect(r.constraints.find((c) => c.name === 'K8s.server.version')!.value).toBe('>= 1.32.4');
    expect(r.deploymentOrder!.indexOf('cert-manager')).toBeLessThan(r.deploymentOrder!.indexOf('gpu-operator'));
    expect(r.criteria).toEqual({ service: 'eks', accelerator: 'h100', intent: 'training', os: 'ubuntu' });
  });

  it('reports uncovered criteria with the combinations that would cover them', async () => {
    const catalog = await Catalog.openDirectories([SHARED]);
    const err = await rejection(resolveRecipe(catalog, { criteria: { service: 'gke', accelerator: 'h100' } }));
    expect(err.code).toBe('invalid');
    expect(err.message).toBe(
      "service 'gke' for criteria(service=gke, accelerator=h100) requires os (valid: cos); accelerator 'h100' requires additional criteria; supported combinations: (intent=inference, os=cos), (intent=training, os=cos)",
    );
    const none = await rejection(resolveRecipe(catalog, { criteria: { service: 'oke' } }));
    expect(none.message).toBe("no recipe provides service 'oke' for criteria(service=oke)");
  });

  it('resolves only the generic overlays when no criteria are given', async () => {
    const catalog = await Catalog.openDirectories([SHARED]);
    const r = await resolveRecipe(catalog, { criteria: {} });
    expect(r.metadata.appliedOverlays).toEqual(['base', 'monitoring-hpa']);
  });

  it('hydrates values from the real catalog for every component of a resolved recipe', async () => {
    const catalog = await Catalog.openDirectories([SHARED]);
    const r = await resolveRecipe(catalog, {
      criteria: { service: 'gke', accelerator: 'h100', intent: 'training', os: 'cos' },
    });
    const render = fakeRenderer(
      Object.fromEntries(r.componentRefs.map((c) => [c.name, deployment(c.name, [`example.com/${c.name}:1`])])),
    );
    const out = await mirrorList(r, { catalog, renderChart: render.render, fetchChart: fakeFetcher().fetch });
    expect(out.metadata.criteria).toBe('criteria(service=gke, accelerator=h100, intent=training, os=cos)');
    // gke-nccl-tcpxo is manifest-only: its images come from its raw manifests.
    const tcpxo = out.components.find((c) => c.component === 'gke-nccl-tcpxo')!;
    expect(tcpxo.images).toEqual([
      'gcr.io/gke-release/nri-device-injector@sha256:7704e2bd74b8edbb76b6913c7904cc2362f1fa887c4d4aba7b19778ea353537c',
      'gke.gcr.io/pause:3.8@sha256:880e63f94b145e46f1b1082bb71b85e21f16b99b180b9996407d61240ceb9830',
      'us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/nccl-plugin-gpudirecttcpx-dev:v1.0.15',
    ]);
    expect(out.components.every((c) => c.warnings === undefined)).toBe(true);
    // The gke-cos overlay values file sits on top of the shared gpu-operator values.
    const gpu = render.calls.find((c) => c.req.component === 'gpu-operator')!;
    expect(gpu.req.kubeVersion).toBe('1.33.0');
    expect(gpu.values).toMatchObject({ driver: expect.anything() });
  });

  it('layers --data directories: later files shadow, the registry merges by name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'helmless-data-'));
    try {
      mkdirSync(join(dir, 'overlays'));
      writeFileSync(
        join(dir, 'registry.yaml'),
        'kind: ComponentRegistry\ncomponents:\n  - name: cert-manager\n    valueOverrideKeys: [cm]\n    helm: {defaultRepository: https://mirror.example.com/jetstack, defaultChart: jetstack/cert-manager, defaultNamespace: certs}\n',
      );
      writeFileSync(
        join(dir, 'overlays', 'oke.yaml'),
        'kind: RecipeMetadata\napiVersion: aicr.run/v1alpha2\nmetadata: {name: oke}\nspec:\n  criteria: {service: oke}\n  componentRefs:\n    - {name: cert-manager, namespace: oke-certs}\n',
      );
      const catalog = await Catalog.openDirectories([SHARED, dir]);
      const registry = await catalog.registry();
      expect(registry.get('cert-manager')!.valueOverrideKeys).toEqual(['cm']);
      expect(registry.get('gpu-operator')!.valueOverrideKeys).toEqual(['gpuoperator']);
      const r = await resolveRecipe(catalog, { criteria: { service: 'oke' } });
      expect(r.metadata.appliedOverlays).toEqual(['base', 'monitoring-hpa', 'oke']);
      expect(r.componentRefs.find((c) => c.name === 'cert-manager')).toMatchObject({
        source: 'https://charts.jetstack.io',
        namespace: 'oke-certs',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--data directories', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  function tmp(): string {
    const d = mkdtempSync(join(tmpdir(), 'helmless-cat-'));
    dirs.push(d);
    return d;
  }
  it('requires registry.yaml', async () => {
    const err = await rejection(Catalog.openDirectories([tmp()]));
    expect(err.code).toBe('invalid');
    expect(err.message).toMatch(/registry\.yaml not found; a catalog directory must contain registry\.yaml$/);
    expect((await rejection(Catalog.openDirectories(['/nonexistent/helmless']))).code).toBe('notfound');
  });
  it('refuses symlinks, traversal and oversized files', async () => {
    const d = tmp();
    writeFileSync(join(d, 'registry.yaml'), 'components: []\n');
    mkdirSync(join(d, 'components'));
    writeFileSync(join(tmp(), 'secret.yaml'), 'x: 1\n');
    symlinkSync('/etc/hostname', join(d, 'components', 'link.yaml'));
    writeFileSync(join(d, 'big.yaml'), Buffer.alloc(10 * 1024 * 1024 + 1, 0x61));
    const c = await Catalog.openDirectories([d]);
    expect((await rejection(c.readFile('components/link.yaml'))).message).toContain('symlink');
    expect((await rejection(c.readFile('../secret.yaml'))).message).toContain(
      '".." and empty segments are not allowed',
    );
    expect((await rejection(c.readFile('/etc/hostname'))).message).toContain('relative to the catalog root');
    expect((await rejection(c.readFile('big.yaml'))).message).toContain('10 MB');
  });
});

const MINI = {
  'registry.yaml': `kind: ComponentRegistry
components:
  - name: app
    valueOverrideKeys: [application]
    mixinSafeOverridePaths: [audit]
    helm: {defaultRepository: https://charts.example.com, defaultChart: example/app, defaultVersion: 1.0.0, defaultNamespace: apps}
  - name: db
    helm: {defaultRepository: oci://registry.example.com/charts, defaultChart: db, defaultVersion: 2.0.0}
  - name: extras
    helm: {defaultRepository: ""}
    manifestFiles: [components/extras/manifests/x.yaml]
`,
  'overlays/base.yaml': `kind: RecipeMetadata
apiVersion: aicr.run/v1beta1
metadata: {name: base}
spec:
  constraints: [{name: K8s.server.version, value: ">= 1.25"}]
  componentRefs:
    - {name: db, type: Helm}
    - {name: app, type: Helm, valuesFile: components/app/values.yaml, dependencyRefs: [db]}
`,
  'overlays/eks.yaml': `kind: RecipeMetadata
apiVersion: aicr.run/v1beta1
metadata: {name: eks}
spec:
  criteria: {service: eks}
  mixins: [audit]
  componentRefs:
    - {name: extras, type: Helm}
`,
  'overlays/eks-profiled.yaml': `kind: RecipeMetadata
apiVersion: aicr.run/v1alpha3
metadata: {name: eks-profiled}
spec:
  base: eks
  criteria: {service: eks, intent: training}
  profile:
    name: stack
    default: managed
    values:
      managed:
        constraints: [{name: Stack.mode, value: managed}]
        componentRefs: [{name: app, overrides: {driver: {enabled: false}}}]
      self:
        componentRefs: [{name: app, overrides: {driver: {enabled: true}}}]
`,
  'mixins/audit.yaml': `kind: RecipeMixin
apiVersion: aicr.run/v1beta1
metadata: {name: audit}
spec:
  constraints: [{name: Audit.enabled, value: "true"}]
  componentRefs:
    - {name: app, overrides: {audit: {enabled: true}}, manifestFiles: [components/app/manifests/audit.yaml]}
`,
  'components/app/values.yaml': 'image: {repository: example.com/app, tag: "1.0"}\n',
};

describe('resolution rules on a small catalog', () => {
  it('merges mixins and applies the profile default', async () => {
    const catalog = new Catalog([new MemoryLayer(MINI)]);
    const r = await resolveRecipe(catalog, { criteria: { service: 'eks', intent: 'training' } });
    expect(r.metadata.appliedOverlays).toEqual(['base', 'eks', 'eks-profiled']);
    expect(r.apiVersion).toBe('aicr.run/v1alpha3');
    expect(r.metadata.selectedProfile).toEqual({
      name: 'stack',
      value: 'managed',
      ownedPaths: { app: ['driver.enabled', 'enabled'] },
    });
    expect(r.constraints.map((c) => c.name)).toEqual(['Audit.enabled', 'K8s.server.version', 'Stack.mode']);
    const app = r.componentRefs.find((c) => c.name === 'app')!;
    expect(app.overrides).toEqual({ audit: { enabled: true }, driver: { enabled: false } });
    expect(app.manifestFiles).toEqual(['components/app/manifests/audit.yaml']);
    expect(app).toMatchObject({
      chart: 'app',
      version: '1.0.0',
      namespace: 'apps',
      source: 'https://charts.example.com',
    });
    expect(r.componentRefs.find((c) => c.name === 'extras')!.manifestFiles).toEqual([
      'components/extras/manifests/x.yaml',
    ]);
    expect(r.deploymentOrder).toEqual(['db', 'extras', 'app']);
  });
  it('selects a profile value with --profile and validates the selection', async () => {
    const catalog = new Catalog([new MemoryLayer(MINI)]);
    const r = await resolveRecipe(catalog, { criteria: { service: 'eks', intent: 'training' }, profile: 'stack=self' });
    expect(r.metadata.selectedProfile!.value).toBe('self');
    expect((r.componentRefs.find((c) => c.name === 'app')!.overrides as any).driver.enabled).toBe(true);
    expect(
      (
        await rejection(
          resolveRecipe(catalog, { criteria: { service: 'eks', intent: 'training' }, profile: 'stack=x' }),
        )
      ).message,
    ).toBe('--profile stack=x: "x" is not a value of profile "stack" (values: managed, self)');
    expect(
      (await rejection(resolveRecipe(catalog, { criteria: { service: 'eks' }, profile: 'stack=self' }))).message,
    ).toBe('--profile stack=self: the resolved recipe declares no profile');
    expect((await rejection(resolveRecipe(catalog, { criteria: {}, profile: 'a=b=c' }))).message).toBe(
      'profile must use the exact name=value form',
    );
  });
  it('rejects a mixin that changes what it may not', async () => {
    const bad = {
      ...MINI,
      'mixins/audit.yaml':
        'kind: RecipeMixin\nmetadata: {name: audit}\nspec:\n  componentRefs:\n    - {name: app, overrides: {image: {tag: "2"}}}\n',
    };
    const err = await rejection(resolveRecipe(new Catalog([new MemoryLayer(bad)]), { criteria: { service: 'eks' } }));
    expect(err.message).toBe(
      'mixin "audit" overrides app:image.tag, which is not in the registry\'s mixinSafeOverridePaths for that component',
    );
    const missing = { ...MINI };
    delete (missing as Record<string, string>)['mixins/audit.yaml'];
    const nf = await rejection(
      resolveRecipe(new Catalog([new MemoryLayer(missing)]), { criteria: { service: 'eks' } }),
    );
    expect(nf.code).toBe('notfound');
    expect(nf.message).toBe('mixin "audit" not found (mixins/audit.yaml)');
  });
  it('reports missing parents, cycles and unknown dependencies', async () => {
    const orphan = {
      ...MINI,
      'overlays/x.yaml':
        'kind: RecipeMetadata\napiVersion: aicr.run/v1beta1\nmetadata: {name: x}\nspec: {base: gone, criteria: {service: kind}}\n',
    };
    const e1 = await rejection(
      resolveRecipe(new Catalog([new MemoryLayer(orphan)]), { criteria: { service: 'kind' } }),
    );
    expect(e1.code).toBe('notfound');
    expect(e1.message).toBe('overlay "gone" (base of "x") not found in the catalog');
    const cycle = {
      ...MINI,
      'overlays/p.yaml':
        'kind: RecipeMetadata\napiVersion: aicr.run/v1beta1\nmetadata: {name: p}\nspec: {base: q, criteria: {service: kind}}\n',
      'overlays/q.yaml': 'kind: RecipeMetadata\napiVersion: aicr.run/v1beta1\nmetadata: {name: q}\nspec: {base: p}\n',
    };
    expect(
      (await rejection(resolveRecipe(new Catalog([new MemoryLayer(cycle)]), { criteria: { service: 'kind' } })))
        .message,
    ).toMatch(/^overlay inheritance cycle through "[pq]"$/);
    const dep = {
      ...MINI,
      'overlays/eks.yaml': MINI['overlays/eks.yaml'].replace('type: Helm}', 'type: Helm, dependencyRefs: [ghost]}'),
    };
    expect(
      (await rejection(resolveRecipe(new Catalog([new MemoryLayer(dep)]), { criteria: { service: 'eks' } }))).message,
    ).toBe('component "extras" depends on unknown component "ghost"');
  });
  it('says how to point at a catalog when there is none', async () => {
    const err = await rejection(resolveRecipe(new Catalog([]), { criteria: { service: 'eks' } }));
    expect(err.code).toBe('invalid');
    expect(err.message).toMatch(/^no recipe catalog given: pass --data DIR/);
  });
});

describe('--recipe documents (spec §4.5)', () => {
  it('loads a RecipeResult as is: no registry defaults, string fields keep their text', async () => {
    const catalog = new Catalog([new MemoryLayer(MINI)]);
    const r = await parseRecipe(
      'kind: Recipe\napiVersion: aicr.run/v1alpha2\ncriteria: {service: eks}\ncomponentRefs:\n  - {name: app, type: helm, source: https://x, version: 1.20}\n',
      'r.yaml',
      catalog,
    );
    expect(r.kind).toBe('RecipeResult');
    expect(r.componentRefs).toEqual([{ name: 'app', type: 'helm', source: 'https://x', version: '1.20' }]);
  });
  it('hydrates a RecipeMetadata overlay through its base chain', async () => {
    const catalog = new Catalog([new MemoryLayer(MINI)]);
    const r = await parseRecipe(
      'kind: RecipeMetadata\napiVersion: aicr.run/v1beta1\nmetadata: {name: mine}\nspec:\n  base: eks\n  componentRefs: [{name: db, version: 2.1.0}]\n',
      'mine.yaml',
      catalog,
    );
    expect(r.metadata.appliedOverlays).toEqual(['base', 'eks', 'mine']);
    expect(r.componentRefs.find((c) => c.name === 'db')).toMatchObject({ version: '2.1.0', chart: 'db' });
    expect(r.componentRefs.map((c) => c.name)).toEqual(['app', 'db', 'extras']);
  });
  it('rejects other kinds, bad shapes and traversal paths with positions', async () => {
    const catalog = new Catalog([new MemoryLayer(MINI)]);
    expect((await rejection(parseRecipe('kind: Snapshot\n', 'r.yaml', catalog))).message).toMatch(
      /^r\.yaml: recipe has kind "Snapshot"/,
    );
    expect((await rejection(parseRecipe('componentRefs: {a: 1}\n', 'r.yaml', catalog))).message).toBe(
      'r.yaml:1:16: recipe.componentRefs must be a list',
    );
    expect(
      (
        await rejection(
          parseRecipe('componentRefs:\n  - name: a\n    manifestFiles: [../../etc/passwd]\n', 'r.yaml', catalog),
        )
      ).message,
    ).toContain('r.yaml:3:20: componentRefs[0].manifestFiles: invalid catalog path');
    expect((await rejection(parseRecipe('a: [\n', 'r.yaml', catalog))).message).toMatch(/^r\.yaml:2:1: invalid YAML/);
  });
  it('reports a missing recipe file as not found and refuses cm://', async () => {
    const catalog = new Catalog([]);
    expect((await rejection(loadRecipe('/nonexistent/recipe.yaml', catalog))).code).toBe('notfound');
    const cm = await rejection(loadRecipe('cm://ns/name', catalog));
    expect(cm.code).toBe('invalid');
    expect(cm.message).toContain('ConfigMap recipes are not supported');
  });
});
