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
    expect(normalizeCriteria({ service: 'OpenShift', os: 'AL2', platform: 'Any' })).toEqual({
      service: 'ocp',
      os: 'amazonlinux',
    });
    expect(normalizeCriteria({ service: 'Vanilla', accelerator: 'L40S' })).toEqual({ accelerator: 'l40s' });
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
    mixinSafeOverridePaths: [audit.enabled]
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
    // Kahn's algorithm with a sorted ready queue: app becomes ready after db and sorts before extras.
    expect(r.deploymentOrder).toEqual(['db', 'app', 'extras']);
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
    ).toBe('profile "stack" has no value "x"; valid values: [managed self]');
    expect(
      (await rejection(resolveRecipe(catalog, { criteria: { service: 'eks' }, profile: 'stack=self' }))).message,
    ).toBe('profile "stack" was selected, but the resolved composition declares no profile');
    expect(
      (
        await rejection(
          resolveRecipe(catalog, { criteria: { service: 'eks', intent: 'training' }, profile: 'gpuStack=self' }),
        )
      ).message,
    ).toBe('resolved composition declares profile "stack", not "gpuStack"');
    // Two declaring overlays in one composition conflict, even with the same profile name.
    const twice = new Catalog([
      new MemoryLayer({
        ...MINI,
        'overlays/eks.yaml': MINI['overlays/eks-profiled.yaml']
          .replace('name: eks-profiled', 'name: eks')
          .replace('  base: eks\n', '')
          .replace('{service: eks, intent: training}', '{service: eks}'),
      }),
    ]);
    expect((await rejection(resolveRecipe(twice, { criteria: { service: 'eks', intent: 'training' } }))).message).toBe(
      'resolved composition has multiple profile declarations from [eks eks-profiled]',
    );
    // Owned components must be present and enabled.
    const disabled = new Catalog([
      new MemoryLayer({
        ...MINI,
        'overlays/eks.yaml': MINI['overlays/eks.yaml'].replace(
          '    - {name: extras, type: Helm}',
          '    - {name: extras, type: Helm}\n    - {name: app, overrides: {enabled: false}}',
        ),
      }),
    ]);
    expect(
      (await rejection(resolveRecipe(disabled, { criteria: { service: 'eks', intent: 'training' } }))).message,
    ).toBe('profile "stack" references component "app", which is not enabled in the surviving composition');
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
      'mixin "audit" component "app" sets overrides path "image.tag", which is not in the component\'s registry-declared mixinSafeOverridePaths allowlist [audit.enabled] — a mixin may only set paths its target component has explicitly opted in for mixin use',
    );
    const missing = { ...MINI };
    delete (missing as Record<string, string>)['mixins/audit.yaml'];
    const nf = await rejection(
      resolveRecipe(new Catalog([new MemoryLayer(missing)]), { criteria: { service: 'eks' } }),
    );
    expect(nf.code).toBe('notfound');
    expect(nf.message).toBe('mixin "audit" not found in recipes/mixins/');
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
    expect(e1.message).toBe(
      'failed to resolve inheritance chain: recipe "gone" not found (referenced in inheritance chain)',
    );
    const cycle = {
      ...MINI,
      'overlays/x.yaml':
        'kind: RecipeMetadata\napiVersion: aicr.run/v1beta1\nmetadata: {name: x}\nspec: {base: p, criteria: {service: kind}}\n',
      'overlays/p.yaml': 'kind: RecipeMetadata\napiVersion: aicr.run/v1beta1\nmetadata: {name: p}\nspec: {base: q}\n',
      'overlays/q.yaml': 'kind: RecipeMetadata\napiVersion: aicr.run/v1beta1\nmetadata: {name: q}\nspec: {base: p}\n',
    };
    expect(
      (await rejection(resolveRecipe(new Catalog([new MemoryLayer(cycle)]), { criteria: { service: 'kind' } })))
        .message,
    ).toBe(
      'failed to resolve inheritance chain: circular inheritance detected: recipe "p" references itself in inheritance chain',
    );
    // A matching overlay inside the cycle is its own ancestor, so it is no candidate at all.
    const selfCycle = {
      ...MINI,
      'overlays/p.yaml':
        'kind: RecipeMetadata\napiVersion: aicr.run/v1beta1\nmetadata: {name: p}\nspec: {base: q, criteria: {service: kind}}\n',
      'overlays/q.yaml': 'kind: RecipeMetadata\napiVersion: aicr.run/v1beta1\nmetadata: {name: q}\nspec: {base: p}\n',
    };
    expect(
      (await rejection(resolveRecipe(new Catalog([new MemoryLayer(selfCycle)]), { criteria: { service: 'kind' } })))
        .message,
    ).toBe("no recipe provides service 'kind' for criteria(service=kind)");
    const dep = {
      ...MINI,
      'overlays/eks.yaml': MINI['overlays/eks.yaml'].replace('type: Helm}', 'type: Helm, dependencyRefs: [ghost]}'),
    };
    expect(
      (await rejection(resolveRecipe(new Catalog([new MemoryLayer(dep)]), { criteria: { service: 'eks' } }))).message,
    ).toBe('merged recipe validation failed: component "extras" references unknown dependency "ghost"');
  });
  it('demands an os when no applied overlay carries the stated combination and an os would reach one', async () => {
    const ov = (name: string, criteria: string) =>
      `kind: RecipeMetadata\napiVersion: aicr.run/v1beta1\nmetadata: {name: ${name}}\nspec: {criteria: ${criteria}}\n`;
    const split = {
      ...MINI,
      'overlays/acc.yaml': ov('acc', '{accelerator: h100}'),
      'overlays/h100-eks-cos.yaml': ov('h100-eks-cos', '{service: eks, accelerator: h100, os: cos}'),
    };
    const err = await rejection(
      resolveRecipe(new Catalog([new MemoryLayer(split)]), { criteria: { service: 'eks', accelerator: 'h100' } }),
    );
    expect(err.code).toBe('invalid');
    expect(err.message).toBe(
      'criteria(service=eks, accelerator=h100) has no recipe covering that combination; specify os (valid: cos)',
    );
    // An os-agnostic overlay carrying the combination is the escape hatch.
    const joint = { ...split, 'overlays/h100-eks.yaml': ov('h100-eks', '{service: eks, accelerator: h100}') };
    const r = await resolveRecipe(new Catalog([new MemoryLayer(joint)]), {
      criteria: { service: 'eks', accelerator: 'h100' },
    });
    expect(r.metadata.appliedOverlays).toEqual(['base', 'acc', 'eks', 'h100-eks']);
  });
  it('checks the registry as aicr loads it: reserved deployer key, Kustomize defaults, repeated names', async () => {
    const withRegistry = (extra: string) =>
      new Catalog([new MemoryLayer({ ...MINI, 'registry.yaml': `${MINI['registry.yaml']}${extra}` })]);
    const named = await rejection(resolveRecipe(withRegistry('  - name: deployer\n'), { criteria: {} }));
    expect(named.code).toBe('invalid');
    expect(named.message).toBe(
      'registry component "deployer" uses the reserved deployer override key as its name; "deployer" is reserved for --set deployer:<key> Argo deployer options',
    );
    expect(
      (await rejection(resolveRecipe(withRegistry('  - {name: x, valueOverrideKeys: [deployer]}\n'), { criteria: {} })))
        .message,
    ).toBe(
      'registry component "x" declares the reserved override key "deployer"; it is reserved for --set deployer:<key> Argo deployer options',
    );
    expect(
      (
        await rejection(
          resolveRecipe(
            withRegistry('  - {name: k, kustomize: {defaultSource: https://git}, manifestFiles: [a.yaml]}\n'),
            {
              criteria: {},
            },
          ),
        )
      ).message,
    ).toBe(
      'registry component "k" is Kustomize but declares manifestFiles; a component may declare either Kustomize (tag/path) or raw manifest files, not both — manifestFiles defaults apply only to Helm components',
    );
    // A repeated name is not refused: the later entry wins.
    const r = await resolveRecipe(
      withRegistry('  - {name: db, helm: {defaultRepository: https://later, defaultVersion: 9.0.0}}\n'),
      {
        criteria: {},
      },
    );
    expect(r.componentRefs.find((c) => c.name === 'db')).toMatchObject({ source: 'https://later', version: '9.0.0' });
  });
  it('says how to point at a catalog when there is none', async () => {
    const err = await rejection(resolveRecipe(new Catalog([]), { criteria: { service: 'eks' } }));
    expect(err.code).toBe('invalid');
    expect(err.message).toMatch(/^no recipe catalog given: pass --data DIR/);
  });
});

/** MINI with `eks` composing the given mixin file (named `probe`) instead of `audit`. */
function withMixin(mixin: string, extra: Record<string, string> = {}) {
  return new Catalog([
    new MemoryLayer({
      ...MINI,
      'overlays/eks.yaml': MINI['overlays/eks.yaml'].replace('mixins: [audit]', 'mixins: [probe]'),
      'mixins/probe.yaml': `kind: RecipeMixin\napiVersion: aicr.run/v1beta1\nmetadata: {name: probe}\n${mixin}`,
      ...extra,
    }),
  ]);
}
const mixinError = async (mixin: string, extra?: Record<string, string>) =>
  (await rejection(resolveRecipe(withMixin(mixin, extra), { criteria: { service: 'eks' } }))).message as string;

describe('mixin composition rules (spec §4.3)', () => {
  it('allows only exact allowlisted leaf paths on an existing component', async () => {
    const ok = await resolveRecipe(
      withMixin('spec: {componentRefs: [{name: app, overrides: {audit: {enabled: true}}}]}'),
      {
        criteria: { service: 'eks' },
      },
    );
    expect(ok.componentRefs.find((c) => c.name === 'app')!.overrides).toEqual({ audit: { enabled: true } });
    // A path below an allowlisted path is not allowlisted (no prefix matching).
    const below = new Catalog([
      new MemoryLayer({
        ...MINI,
        'registry.yaml': MINI['registry.yaml'].replace('[audit.enabled]', '[audit]'),
      }),
    ]);
    expect((await rejection(resolveRecipe(below, { criteria: { service: 'eks' } }))).message).toContain(
      'sets overrides path "audit.enabled", which is not in the component\'s registry-declared mixinSafeOverridePaths allowlist [audit]',
    );
    // A component whose registry entry has no allowlist accepts no mixin override at all.
    expect(await mixinError('spec: {componentRefs: [{name: db, overrides: {x: 1}}]}')).toContain(
      'mixin "probe" component "db" sets overrides path "x", which is not in the component\'s registry-declared mixinSafeOverridePaths allowlist []',
    );
  });
  it('rejects a path the chain or an earlier mixin already set, at it or above it', async () => {
    const leaf = {
      'overlays/base.yaml': MINI['overlays/base.yaml'].replace(
        'dependencyRefs: [db]}',
        'dependencyRefs: [db], overrides: {audit: {enabled: false}}}',
      ),
    };
    expect(await mixinError('spec: {componentRefs: [{name: app, overrides: {audit: {enabled: true}}}]}', leaf)).toBe(
      'mixin "probe" component "app" overrides path "audit.enabled" collides with path "audit.enabled" already set by the leaf\'s own chain or another mixin — mixins may not silently overwrite a value the chain already configured',
    );
    const ancestor = {
      'overlays/base.yaml': MINI['overlays/base.yaml'].replace(
        'dependencyRefs: [db]}',
        'dependencyRefs: [db], overrides: {audit: off}}',
      ),
    };
    expect(
      await mixinError('spec: {componentRefs: [{name: app, overrides: {audit: {enabled: true}}}]}', ancestor),
    ).toContain('collides with path "audit" already set');
    // The component's values file counts as configuration too.
    const valuesFile = { 'components/app/values.yaml': 'audit: {enabled: false}\n' };
    expect(
      await mixinError('spec: {componentRefs: [{name: app, overrides: {audit: {enabled: true}}}]}', valuesFile),
    ).toContain('collides with path "audit.enabled"');
    // The same mixin composed twice collides with itself.
    const twice = {
      'overlays/eks.yaml': MINI['overlays/eks.yaml'].replace('mixins: [audit]', 'mixins: [probe, audit]'),
    };
    expect(
      await mixinError('spec: {componentRefs: [{name: app, overrides: {audit: {enabled: true}}}]}', twice),
    ).toContain('mixin "audit" component "app" overrides path "audit.enabled" collides with path "audit.enabled"');
  });
  it('rejects empty maps, dotted keys and a component listed twice', async () => {
    expect(await mixinError('spec: {componentRefs: [{name: app, overrides: {audit: {}}}]}')).toMatch(
      /^mixin "probe" component "app" overrides: path "audit" is an empty map \(\{\}\)/,
    );
    expect(await mixinError('spec: {componentRefs: [{name: app, overrides: {audit: {enabled: {}}}}]}')).toContain(
      'path "audit.enabled" is an empty map',
    );
    expect(await mixinError('spec: {componentRefs: [{name: app, overrides: {"audit.enabled": true}}]}')).toBe(
      'mixin "probe" component "app" overrides: override key "audit.enabled" must be nonempty and may not contain a literal dot',
    );
    expect(
      await mixinError(
        'spec: {componentRefs: [{name: app, overrides: {audit: {enabled: true}}}, {name: app, overrides: {audit: {enabled: false}}}]}',
      ),
    ).toBe('mixin "probe" declares component "app" more than once in its own componentRefs list');
  });
  it('rejects identity fields on an existing component even when they repeat its value', async () => {
    expect(await mixinError('spec: {componentRefs: [{name: app, type: Helm}]}')).toBe(
      'mixin "probe" component "app" sets identity/sourcing field "type" which conflicts with the inheritance chain; mixins may only contribute Namespace, ManifestFiles, PreManifestFiles, DependencyRefs, or registry-allowlisted Overrides paths to an existing component',
    );
    expect(await mixinError('spec: {componentRefs: [{name: app, healthCheckSkip: true}]}')).toContain(
      'sets identity/sourcing field "healthCheckSkip"',
    );
    const r = await resolveRecipe(
      withMixin(
        'spec: {componentRefs: [{name: app, namespace: other, dependencyRefs: [extras], preManifestFiles: [components/app/pre.yaml]}]}',
      ),
      { criteria: { service: 'eks' } },
    );
    expect(r.componentRefs.find((c) => c.name === 'app')).toMatchObject({
      namespace: 'other',
      dependencyRefs: ['db', 'extras'],
      preManifestFiles: ['components/app/pre.yaml'],
    });
  });
  it('lets a mixin introduce a component freely unless its registry entry has an allowlist', async () => {
    const free = await resolveRecipe(
      withMixin(
        'spec: {componentRefs: [{name: db2, type: Helm, source: https://x, version: "1", overrides: {a: {b: 1}}}]}',
      ),
      { criteria: { service: 'eks' } },
    );
    expect(free.componentRefs.find((c) => c.name === 'db2')!.overrides).toEqual({ a: { b: 1 } });
    const fresh = {
      'overlays/base.yaml': MINI['overlays/base.yaml'].replace(
        '    - {name: app, type: Helm, valuesFile: components/app/values.yaml, dependencyRefs: [db]}\n',
        '',
      ),
    };
    expect(
      await mixinError('spec: {componentRefs: [{name: app, valuesFile: components/app/values.yaml}]}', fresh),
    ).toBe(
      'mixin "probe" component "app" sets valuesFile "components/app/values.yaml" while introducing an allowlisted component; a mixin may only supply such a component\'s values via registry-allowlisted inline overrides, never a values file',
    );
    expect(
      await mixinError('spec: {componentRefs: [{name: app, type: Helm, overrides: {image: {tag: "2"}}}]}', fresh),
    ).toContain(
      'sets overrides path "image.tag", which is not in the component\'s registry-declared mixinSafeOverridePaths allowlist',
    );
  });
  it('refuses unknown fields in a mixin, as aicr decodes mixins strictly', async () => {
    expect(
      await mixinError(
        'extra: 1\nspec:\n  componentRefs:\n    - name: app\n      overides: {audit: {enabled: true}}\n',
      ),
    ).toBe(
      'failed to parse mixin mixins/probe.yaml (unknown fields are not allowed): yaml: unmarshal errors:\n  line 4: field extra not found in type recipe.RecipeMixin\n  line 8: field overides not found in type recipe.ComponentRef',
    );
    expect(await mixinError('spec: {constraints: [{name: A.b, value: "1", message: hi}]}\n')).toBe(
      'failed to parse mixin mixins/probe.yaml (unknown fields are not allowed): yaml: unmarshal errors:\n  line 4: field message not found in type recipe.Constraint',
    );
  });
  it("finds mixins by metadata.name, refuses a name used twice, and never composes the base's mixins", async () => {
    const { 'mixins/audit.yaml': audit, ...rest } = MINI;
    const renamed = new Catalog([new MemoryLayer({ ...rest, 'mixins/some-file.yaml': audit })]);
    expect((await resolveRecipe(renamed, { criteria: { service: 'eks' } })).constraints.map((c) => c.name)).toContain(
      'Audit.enabled',
    );
    const dup = new Catalog([new MemoryLayer({ ...MINI, 'mixins/zz.yaml': MINI['mixins/audit.yaml'] })]);
    expect((await rejection(resolveRecipe(dup, { criteria: { service: 'eks' } }))).message).toBe(
      'duplicate mixin name "audit" in mixins/zz.yaml',
    );
    const baseMixin = new Catalog([
      new MemoryLayer({
        ...MINI,
        'overlays/base.yaml': MINI['overlays/base.yaml'].replace('spec:\n', 'spec:\n  mixins: [audit]\n'),
      }),
    ]);
    const r = await resolveRecipe(baseMixin, { criteria: {} });
    expect(r.constraints.map((c) => c.name)).toEqual(['K8s.server.version']);
  });
});

describe('reading the overlays of a catalog', () => {
  it('takes the base from overlays/base.yaml, skips other documents and lets a later file win a name', async () => {
    const catalog = new Catalog([
      new MemoryLayer({
        ...MINI,
        'overlays/base.yaml': MINI['overlays/base.yaml'].replace('metadata: {name: base}', 'metadata: {name: root}'),
        'overlays/config.yaml': 'kind: AICRConfig\napiVersion: aicr.run/v1beta1\nspec: {}\n',
        'overlays/notes.yaml': 'title: not an AICR document\n',
        'overlays/zz-eks.yaml': MINI['overlays/eks.yaml'].replace(
          '{name: extras, type: Helm}',
          '{name: extras, type: Helm, namespace: later}',
        ),
      }),
    ]);
    const r = await resolveRecipe(catalog, { criteria: { service: 'eks' } });
    expect(r.metadata.appliedOverlays).toEqual(['base', 'eks']);
    expect(r.componentRefs.find((c) => c.name === 'extras')!.namespace).toBe('later');
    const odd = new Catalog([
      new MemoryLayer({ ...MINI, 'overlays/x.yaml': 'kind: RecipeOverlay\napiVersion: aicr.run/v1beta1\n' }),
    ]);
    expect((await rejection(resolveRecipe(odd, { criteria: { service: 'eks' } }))).message).toBe(
      'AICR catalog file overlays/x.yaml has kind "RecipeOverlay", expected "RecipeMetadata"; fix the wire kind or move the unrelated document outside the recipe catalog',
    );
    const { 'overlays/base.yaml': _base, ...noBase } = MINI;
    const missing = await rejection(
      resolveRecipe(new Catalog([new MemoryLayer(noBase)]), { criteria: { service: 'eks' } }),
    );
    expect(missing.code).toBe('internal');
    expect(missing.message).toMatch(/^base\.yaml not found/);
  });
});

describe('profile declarations', () => {
  // aicr wraps them with "invalid profile declaration in <file>" only when unclassified (PropagateOrWrap);
  // its validation errors are classified, so they pass through as they are.
  it("are validated when the catalog is read, with aicr's texts", async () => {
    const declare = (values: string, extra = '') =>
      new Catalog([
        new MemoryLayer({
          ...MINI,
          'overlays/other.yaml': `kind: RecipeMetadata\napiVersion: aicr.run/v1alpha3\nmetadata: {name: other}\nspec:\n  criteria: {service: kind}\n  profile:\n    name: p\n    default: a${extra}\n    values:\n${values}`,
        }),
      ]);
    const message = async (c: Catalog) =>
      (await rejection(resolveRecipe(c, { criteria: { service: 'eks' } }))).message as string;
    expect(
      await message(
        declare(
          '      a: {componentRefs: [{name: app, overrides: {x: 1}}]}\n      b: {componentRefs: [{name: app, overrides: {y: 1}}]}\n',
        ),
      ),
    ).toBe('profile "p" violates union totality: value "b" assigns [app:y], expected [app:x]');
    expect(await message(declare('      a: {}\n      A: {}\n'))).toBe(
      'profile "p" values "A" and "a" differ only by case; evidence path segments are lowercase, so value names must be case-insensitively unique',
    );
    expect(await message(declare('      a: {componentRefs: [{name: app, overrides: {x: {}}}]}\n'))).toBe(
      'invalid profile overrides: profile override "x" assigns an empty map',
    );
  });
});

describe('dependencies and deployment order (spec §4.4)', () => {
  it('orders enabled components only and treats a disabled dependency as provided', async () => {
    const catalog = new Catalog([
      new MemoryLayer({
        ...MINI,
        'overlays/base.yaml': MINI['overlays/base.yaml'].replace(
          '    - {name: db, type: Helm}',
          '    - {name: db, type: Helm, overrides: {enabled: false}}',
        ),
      }),
    ]);
    const r = await resolveRecipe(catalog, { criteria: {} });
    // Only the base applied: nothing was merged, so the refs keep the base's order.
    expect(r.componentRefs.map((c) => c.name)).toEqual(['db', 'app']);
    expect(r.deploymentOrder).toEqual(['app']);
  });
  it('reports a dependency cycle with its path', async () => {
    const catalog = new Catalog([
      new MemoryLayer({
        ...MINI,
        'overlays/base.yaml': MINI['overlays/base.yaml'].replace(
          '    - {name: db, type: Helm}',
          '    - {name: db, type: Helm, dependencyRefs: [app]}',
        ),
      }),
    ]);
    expect((await rejection(resolveRecipe(catalog, { criteria: {} }))).message).toBe(
      // The base's own dependencies are checked when the catalog is read.
      'base recipe validation failed: dependency validation failed: circular dependency detected: [db app db]',
    );
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
  it('hydrates a RecipeMetadata overlay by resolving its criteria against the catalog', async () => {
    const catalog = new Catalog([new MemoryLayer(MINI)]);
    // Only spec.criteria is read: the file's own base, components and values play no part.
    const r = await parseRecipe(
      'kind: RecipeMetadata\napiVersion: aicr.run/v1beta1\nmetadata: {name: mine}\nspec:\n  base: nowhere\n  criteria: {service: EKS, intent: any}\n  mixins: [audit]\n  componentRefs: [{name: db, version: 2.1.0}, {name: other, type: Helm}]\n',
      'mine.yaml',
      catalog,
    );
    const resolved = await resolveRecipe(catalog, { criteria: { service: 'eks' } });
    expect(r).toEqual(resolved);
    expect(r.metadata.appliedOverlays).toEqual(['base', 'eks']);
    expect(r.componentRefs.find((c) => c.name === 'db')).toMatchObject({ version: '2.0.0' });
  });
  it('refuses an overlay without criteria, or whose mixins or profile the catalog would not apply', async () => {
    const catalog = new Catalog([new MemoryLayer(MINI)]);
    const head = 'kind: RecipeMetadata\napiVersion: aicr.run/v1beta1\nmetadata: {name: mine}\n';
    expect((await rejection(parseRecipe(`${head}spec: {base: eks}\n`, 'mine.yaml', catalog))).message).toBe(
      'overlay "mine.yaml" has no criteria; only leaf overlays (with spec.criteria) can be used directly — run "aicr recipe" with explicit criteria instead',
    );
    expect(
      (
        await rejection(
          parseRecipe(`${head}spec: {criteria: {service: eks}, mixins: [audit, extra]}\n`, 'mine.yaml', catalog),
        )
      ).message,
    ).toBe(
      'mixins [extra] declared by directly loaded overlay "mine.yaml" were not applied; only spec.criteria is read from a directly loaded file, so a mixin composes only when its overlay is in the active catalog — place the overlay at <dir>/overlays/ and pass --data <dir> before loading it directly',
    );
    const profiled = MINI['overlays/eks-profiled.yaml'];
    const same = await parseRecipe(profiled, 'p.yaml', catalog);
    expect(same.metadata.selectedProfile).toMatchObject({ name: 'stack', value: 'managed' });
    expect(
      (await rejection(parseRecipe(profiled.replace('default: managed', 'default: self'), 'p.yaml', catalog))).message,
    ).toBe(
      'profile declaration from directly loaded overlay "p.yaml" was not applied; add a structurally matching declaration to the active catalog before loading it directly',
    );
  });
  it('rejects other kinds, bad shapes and traversal paths with positions', async () => {
    const catalog = new Catalog([new MemoryLayer(MINI)]);
    expect((await rejection(parseRecipe('kind: RecipeMixin\n', 'r.yaml', catalog))).message).toBe(
      'r.yaml: recipe file has kind "RecipeMixin", but "RecipeResult" is required; run "aicr recipe" to generate a hydrated RecipeResult first',
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
