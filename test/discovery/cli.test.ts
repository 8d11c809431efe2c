/**
 * `helmless mirror list` in-process (spec §1): flags, aliases, the single-value rule, early format
 * validation, exit codes, progress only on a terminal, atomic `--output`, `--strict`, `--why`.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { createMirrorCommand, type MirrorCommandDeps } from '../../src/cli/mirror.js';
import { deployment, fakeFetcher, fakeRenderer } from './support.js';

const EXAMPLE = resolve(import.meta.dirname, '../../examples/catalog');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'helmless-cli-'));
  dirs.push(d);
  return d;
}

function capture(options: { tty?: boolean; cwd?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (c) => {
      out.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8'));
    },
    stderr: (c) => {
      err.push(c);
    },
    stderrIsTTY: options.tty ?? false,
    readStdin: async () => new Uint8Array(),
    env: {},
    cwd: options.cwd ?? process.cwd(),
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

/** Canned renders for the example catalog's charts. */
const CANNED = {
  'cert-manager': deployment('cm', ['quay.io/jetstack/cert-manager-controller:v1.20.2']),
  nfd: deployment('nfd', ['registry.k8s.io/nfd/node-feature-discovery:v0.19.0']),
  'prometheus-adapter': deployment('pa', ['registry.k8s.io/prometheus-adapter/prometheus-adapter:v0.12.0']),
  'k8s-ephemeral-storage-metrics': new Error("values don't meet the specifications of the schema"),
};

function fakeDeps(canned: Parameters<typeof fakeRenderer>[0] = CANNED) {
  const r = fakeRenderer(canned);
  const f = fakeFetcher();
  const deps: MirrorCommandDeps = {
    renderChart: r.render,
    fetcher: () => f.fetch,
    version: 'v0.1.0',
    onSignal: () => () => {},
  };
  return { r, f, deps };
}

async function runList(args: string[], deps: MirrorCommandDeps, options: { tty?: boolean; cwd?: string } = {}) {
  const c = capture(options);
  const code = await createMirrorCommand(deps)(['list', ...args], c.io);
  return { code, out: c.out(), err: c.err() };
}

describe('flag validation (spec §1.2–§1.3)', () => {
  it('validates --format first, before anything is read', async () => {
    const { deps } = fakeDeps();
    const r = await runList(['--format', 'xml', '--recipe', '/nonexistent.yaml'], deps);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'Error: unknown output format: "xml", valid formats are: yaml, json, hauler, zarf, list, skopeo\n',
    );
    expect((await runList(['-f', 'YAML', '--recipe', '/x'], deps)).code).toBe(2);
  });
  it('enforces the single-value rule, counting aliases together', async () => {
    const { deps } = fakeDeps();
    for (const args of [
      ['--service', 'eks', '--service', 'gke'],
      ['--accelerator', 'h100', '--gpu', 'h200'],
      ['-o', 'a', '--output=b'],
      ['-r', 'a', '-r', 'b'],
    ]) {
      const r = await runList(args, deps);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^Error: flag --\w+ can only be specified once\n$/);
    }
  });
  it("reports a repeated single-value flag in aicr's order, after parsing all flags", async () => {
    const { deps } = fakeDeps();
    const r = await runList(['--format', 'json', '-f', 'yaml', '--os', 'a', '--os', 'b', '-r', 'x', '-r', 'y'], deps);
    expect(r.code).toBe(2);
    expect(r.err).toBe('Error: flag --recipe can only be specified once\n');
    const later = await runList(['--gpu', 'a', '--accelerator', 'b', '--nope'], deps);
    expect(later.err).toBe('Error: unknown flag: --nope\n');
  });
  it('rejects unknown flags and stray arguments', async () => {
    const { deps } = fakeDeps();
    const c = capture();
    expect(await createMirrorCommand(deps)(['list', '--nope'], c.io)).toBe(2);
    expect(c.err()).toBe('Error: unknown flag: --nope\n');
    expect(await createMirrorCommand(deps)(['list', 'extra'], capture().io)).toBe(2);
    expect(await createMirrorCommand(deps)(['frobnicate'], capture().io)).toBe(2);
  });
  it('refuses --profile and generation inputs together with --recipe (spec §11 case 28)', async () => {
    const { deps } = fakeDeps();
    const p = await runList(['--recipe', 'r.yaml', '--profile', 'gpuStack=x'], deps);
    expect(p.code).toBe(2);
    expect(p.err).toBe(
      'Error: --profile/spec.recipe.profile selects during criteria resolution and cannot be combined with --recipe\n',
    );
    for (const flag of ['--gke-tcpxo-interfaces', '--inherit-from']) {
      const r = await runList(['--recipe', 'r.yaml', flag, 'x'], deps);
      expect(r.code).toBe(2);
      expect(r.err).toContain('cannot be combined with --recipe');
    }
    const d = tmp();
    writeFileSync(
      join(d, 'config.yaml'),
      'kind: AICRConfig\napiVersion: aicr.run/v1beta1\nspec:\n  recipe:\n    configuration:\n      gke:\n        tcpxoInterfaces: 8\n',
    );
    const c = await runList(['--recipe', 'r.yaml', '--config', join(d, 'config.yaml')], deps);
    expect(c.code).toBe(2);
    expect(c.err).toContain('cannot be combined with --recipe');
    // The config document of aicr's TestResolveRecipeForMirrorRejectsTCPXOInterfacesWithRecipe.
    const interfaces = Array.from(
      { length: 8 },
      (_, i) => `          - {interfaceName: eth${i + 1}, network: gpu-nic-${i}}\n`,
    );
    writeFileSync(
      join(d, 'aicr-config.yaml'),
      `apiVersion: aicr.run/v1alpha2\nkind: AICRConfig\nmetadata:\n  name: test\nspec:\n  recipe:\n    configuration:\n      gke:\n        tcpxoInterfaces:\n${interfaces.join('')}`,
    );
    const a = await runList(['--recipe', 'r.yaml', '--config', join(d, 'aicr-config.yaml')], deps);
    expect(a.code).toBe(2);
    expect(a.err).toContain('cannot be combined with --recipe');
  });
  it('explains how to point at a catalog', async () => {
    const { deps } = fakeDeps();
    const r = await runList(['--service', 'eks'], deps);
    expect(r.code).toBe(2);
    expect(r.err).toContain('criteria need a recipe catalog: no recipe catalog given: pass --data DIR');
    const none = await runList([], deps);
    expect(none.code).toBe(2);
    expect(none.err).toContain('no recipe given: pass --recipe FILE');
  });
  it('refuses criteria that state nothing, as aicr does (spec Q-11)', async () => {
    const { deps } = fakeDeps();
    for (const args of [[], ['--service', 'self-managed', '--intent', 'any']]) {
      const r = await runList(['--data', EXAMPLE, ...args], deps);
      expect(r.code).toBe(2);
      expect(r.err).toBe(
        'Error: no criteria provided: specify at least one of --service, --accelerator, --intent, --os, --platform, --nodes, --config, or use --snapshot to load from a snapshot file\n',
      );
    }
  });
  it('maps a missing recipe to exit 3 and bad --set to exit 2', async () => {
    const { deps } = fakeDeps();
    expect((await runList(['--recipe', '/nonexistent/recipe.yaml'], deps)).code).toBe(3);
    const r = await runList(['--data', EXAMPLE, '--service', 'eks', '--set', 'nocolon'], deps);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `Error: invalid --set: invalid format "nocolon": expected 'component:path' or 'component:path=value'\n`,
    );
  });
  it('is registered in the helmless dispatcher', async () => {
    const c = capture();
    expect(await main(['mirror', 'list', '--format', 'xml'], c.io)).toBe(2);
    expect(c.err()).toContain('unknown output format');
  });
});

describe('running on the example catalog', () => {
  it('prints YAML with components in recipe order, warnings included, and is quiet off a terminal', async () => {
    const { f, deps } = fakeDeps();
    const r = await runList(['--data', EXAMPLE, '--service', 'eks', '--intent', 'training'], deps);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toBe(`images:
  - docker.io/library/busybox:1.36
  - ghcr.io/example/node-tuning:1.4.0
  - quay.io/jetstack/cert-manager-controller:v1.20.2
  - registry.k8s.io/nfd/node-feature-discovery:v0.19.0
  - registry.k8s.io/prometheus-adapter/prometheus-adapter:v0.12.0
charts:
  - name: cert-manager
    repository: https://charts.jetstack.io
    chart: cert-manager
    version: v1.20.2
    namespace: cert-manager
  - name: k8s-ephemeral-storage-metrics
    repository: https://jmcgrath207.github.io/k8s-ephemeral-storage-metrics/chart
    chart: k8s-ephemeral-storage-metrics
    version: 1.19.2
    namespace: monitoring
  - name: nfd
    repository: https://kubernetes-sigs.github.io/node-feature-discovery/charts
    chart: node-feature-discovery
    version: 0.19.0
    namespace: node-feature-discovery
  - name: prometheus-adapter
    repository: https://prometheus-community.github.io/helm-charts
    chart: prometheus-adapter
    version: 5.3.0
    namespace: monitoring
components:
  - component: cert-manager
    type: helm
    images:
      - quay.io/jetstack/cert-manager-controller:v1.20.2
  - component: k8s-ephemeral-storage-metrics
    type: helm
    images: []
    warnings:
      - 'helm template failed: values don''t meet the specifications of the schema'
  - component: nfd
    type: helm
    images:
      - registry.k8s.io/nfd/node-feature-discovery:v0.19.0
  - component: node-tuning
    type: helm
    images:
      - docker.io/library/busybox:1.36
      - ghcr.io/example/node-tuning:1.4.0
  - component: prometheus-adapter
    type: helm
    images:
      - registry.k8s.io/prometheus-adapter/prometheus-adapter:v0.12.0
metadata:
  recipeVersion: v0.1.0
  criteria: criteria(service=eks, intent=training)
`);
    expect(f.calls.map((c) => c.chart).sort()).toEqual([
      'cert-manager',
      'k8s-ephemeral-storage-metrics',
      'node-feature-discovery',
      'prometheus-adapter',
    ]);
  });

  it('on a terminal, says when digest lookups start and how they ended', async () => {
    const { deps } = fakeDeps();
    deps.digestResolver = () => async (image) => {
      if (image.includes('nfd')) throw new Error('not found');
      return `sha256:${'1'.repeat(64)}`;
    };
    const args = ['--data', EXAMPLE, '--service', 'eks', '-f', 'list', '--resolve-digests'];
    const r = await runList(args, deps, { tty: true });
    expect(r.code).toBe(0);
    const lines = r.err.trimEnd().split('\n');
    expect(lines.slice(4, 6)).toEqual(['resolving digests images=3', 'digests resolved pinned=2 failed=1']);
    expect(lines[6]).toBe('discovery complete images=3 charts=3 components=3');
    expect((await runList(args, deps)).err).not.toContain('digests');
    // Nothing to look up: no digest lines at all.
    const pinned = `@sha256:${'2'.repeat(64)}`;
    const allPinned = fakeDeps(
      Object.fromEntries(Object.keys(CANNED).map((k) => [k, deployment(k, [`ghcr.io/example/${k}:1${pinned}`])])),
    ).deps;
    allPinned.digestResolver = deps.digestResolver;
    const none = await runList(args, allPinned, { tty: true });
    expect(none.code).toBe(0);
    expect(none.err).not.toContain('digests');
  });

  it('shows progress on stderr only when it is a terminal', async () => {
    const { deps } = fakeDeps();
    const r = await runList(['--data', EXAMPLE, '--service', 'eks', '-f', 'list'], deps, { tty: true });
    expect(r.code).toBe(0);
    const lines = r.err.trimEnd().split('\n');
    expect(lines[0]).toBe('discovering images and charts components=3');
    expect(
      lines
        .slice(1, 4)
        .map((l) => l.replace(/\[\d\/3\] /, ''))
        .sort(),
    ).toEqual(['  cert-manager: 1 image', '  nfd: 1 image', '  prometheus-adapter: 1 image']);
    expect(
      lines
        .slice(1, 4)
        .map((l) => l.slice(2, 7))
        .sort(),
    ).toEqual(['[1/3]', '[2/3]', '[3/3]']);
    expect(lines[4]).toBe('discovery complete images=3 charts=3 components=3');
    expect(r.out).toBe(
      'quay.io/jetstack/cert-manager-controller:v1.20.2\nregistry.k8s.io/nfd/node-feature-discovery:v0.19.0\nregistry.k8s.io/prometheus-adapter/prometheus-adapter:v0.12.0\n',
    );
  });

  it('applies --set through registry aliases and reports keys that match nothing', async () => {
    const { r: render, deps } = fakeDeps();
    const r = await runList(
      [
        '--data',
        EXAMPLE,
        '--service',
        'eks',
        '--set',
        'certmanager:cainjector.enabled=false',
        '--set',
        'ghost:a=1',
        '-f',
        'json',
      ],
      deps,
    );
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      'warning: --set ghost:… matches no component of the recipe (by name or registry alias); it is ignored\n',
    );
    const cm = render.calls.find((c) => c.req.component === 'cert-manager')!;
    expect(cm.values).toEqual({
      cainjector: { enabled: false },
      crds: { enabled: true },
      prometheus: { enabled: false },
    });
    expect(JSON.parse(r.out).metadata).toEqual({ recipeVersion: 'v0.1.0', criteria: 'criteria(service=eks)' });
  });

  it('trims the whitespace around each --set flag, as urfave/cli does for slice flags', async () => {
    const { r: render, deps } = fakeDeps();
    const r = await runList(
      ['--data', EXAMPLE, '--service', 'eks', '--set', ' \tcertmanager:cainjector.enabled=false\n', '-f', 'json'],
      deps,
    );
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const cm = render.calls.find((c) => c.req.component === 'cert-manager')!;
    expect(cm.values.cainjector).toEqual({ enabled: false });
  });

  it('prints warnings on stderr for formats that drop them, and fails with --strict writing nothing', async () => {
    const { deps } = fakeDeps();
    const d = tmp();
    const target = join(d, 'hauler.yaml');
    const h = await runList(
      ['--data', EXAMPLE, '--service', 'eks', '--intent', 'training', '-f', 'hauler', '-o', target],
      deps,
    );
    expect(h.code).toBe(0);
    expect(h.err).toBe(
      "warning: component k8s-ephemeral-storage-metrics: helm template failed: values don't meet the specifications of the schema\n",
    );
    expect(readFileSync(target, 'utf8')).toMatch(/^apiVersion: content\.hauler\.cattle\.io\/v1\nkind: Images\n/);
    const strictTarget = join(d, 'strict.yaml');
    const s = await runList(
      ['--data', EXAMPLE, '--service', 'eks', '--intent', 'training', '--strict', '-f', 'zarf', '-o', strictTarget],
      deps,
    );
    expect(s.code).toBe(1);
    expect(s.err).toContain('Error: --strict: 1 component has warnings');
    expect(existsSync(strictTarget)).toBe(false);
    expect(readdirSync(d).sort()).toEqual(['hauler.yaml']);
  });

  it('writes nothing when discovery fails, and exits with its code', async () => {
    const { deps } = fakeDeps({ ...CANNED, 'cert-manager': 'kind: X\nimage: {name: "", repository: r.io/x}\n' });
    const d = tmp();
    const target = join(d, 'out.yaml');
    const r = await runList(['--data', EXAMPLE, '--service', 'eks', '-o', target], deps);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Error: invalid structured image descriptor in component "cert-manager": /);
    expect(readdirSync(d)).toEqual([]);
  });

  it('an --output it cannot write is an internal failure (exit 8) naming why, and leaves nothing', async () => {
    const { deps } = fakeDeps();
    const d = tmp();
    writeFileSync(join(d, 'file'), '');
    mkdirSync(join(d, 'dir'));
    for (const [output, why] of [
      ['file/out.yaml', 'not a directory'],
      ['dir', 'is a directory'],
      ['missing/out.yaml', 'no such file or directory'],
    ]) {
      const r = await runList(['--data', EXAMPLE, '--service', 'eks', '-o', join(d, output!)], deps);
      expect([r.code, r.err]).toEqual([8, `Error: cannot write --output ${join(d, output!)}: ${why}\n`]);
    }
    expect(readdirSync(d).sort()).toEqual(['dir', 'file']);
  });

  it('explains an image with --why and includes provenance on request', async () => {
    const { deps } = fakeDeps();
    const why = await runList(
      ['--data', EXAMPLE, '--service', 'eks', '--intent', 'training', '--why', 'docker.io/library/busybox:1.36'],
      deps,
    );
    expect(why.code).toBe(0);
    expect(why.out).toBe(
      'docker.io/library/busybox:1.36\n  component node-tuning: manifest\n    components/node-tuning/manifests/tuning-daemonset.yaml (document 0, DaemonSet node-tuning): spec.template.spec.initContainers[0].image\n',
    );
    const missing = await runList(['--data', EXAMPLE, '--service', 'eks', '--why', 'nginx:1'], deps);
    expect(missing.code).toBe(3);
    const prov = await runList(['--data', EXAMPLE, '--service', 'eks', '-f', 'json', '--provenance'], deps);
    expect(JSON.parse(prov.out).provenance.length).toBeGreaterThan(0);
    expect((await runList(['--data', EXAMPLE, '--provenance', '-f', 'zarf'], deps)).code).toBe(2);
  });

  it('adds images written inside strings with --scan-strings (beyond aicr), marked in provenance and --why', async () => {
    const operator = `${deployment('cm', ['quay.io/jetstack/cert-manager-controller:v1.20.2'])}          args:
            - --acme-http01-solver-image=quay.io/jetstack/cert-manager-acmesolver:v1.20.2
`;
    const { deps } = fakeDeps({ ...CANNED, 'cert-manager': operator });
    const base = ['--data', EXAMPLE, '--service', 'eks', '-f', 'list'];
    const acme = 'quay.io/jetstack/cert-manager-acmesolver:v1.20.2';
    expect((await runList(base, deps)).out).not.toContain(acme);
    const scanned = await runList([...base, '--scan-strings'], deps);
    expect(scanned.code).toBe(0);
    expect(scanned.out.split('\n')).toContain(acme);
    const why = await runList([...base, '--scan-strings', '--why', acme], deps);
    expect(why.out).toBe(
      `${acme}\n  component cert-manager: chart cert-manager v1.20.2\n    cert-manager/templates/all.yaml (document 0, Deployment cm): spec.template.spec.containers[0].args[0] (inside the string)\n`,
    );
    const json = JSON.parse(
      (await runList([...base.slice(0, 4), '--scan-strings', '-f', 'json', '--provenance'], deps)).out,
    );
    const entry = json.provenance.find((p: { image: string }) => p.image === acme);
    expect(Object.keys(entry).slice(-2)).toEqual(['yamlPath', 'inString']);
    expect(entry.inString).toBe(true);
    expect(json.components.find((c: { component: string }) => c.component === 'cert-manager').images).toContain(acme);
  });

  it('lists Docker-normalised names with --normalize (beyond aicr), one entry per image, the spelling in --why', async () => {
    const { deps } = fakeDeps({
      ...CANNED,
      nfd: deployment('nfd', ['busybox:1.36', 'registry.k8s.io/nfd/node-feature-discovery:v0.19.0']),
    });
    const base = ['--data', EXAMPLE, '--service', 'eks', '--intent', 'training', '-f', 'list'];
    const plain = (await runList(base, deps)).out.split('\n');
    expect(plain).toContain('busybox:1.36');
    expect(plain).toContain('docker.io/library/busybox:1.36');
    const normalized = await runList([...base, '--normalize'], deps);
    expect(normalized.code).toBe(0);
    expect(normalized.out).toBe(`docker.io/library/busybox:1.36
ghcr.io/example/node-tuning:1.4.0
quay.io/jetstack/cert-manager-controller:v1.20.2
registry.k8s.io/nfd/node-feature-discovery:v0.19.0
registry.k8s.io/prometheus-adapter/prometheus-adapter:v0.12.0
`);
    const why = await runList([...base, '--normalize', '--why', 'docker.io/library/busybox:1.36'], deps);
    expect(why.out).toBe(`docker.io/library/busybox:1.36
  component nfd: chart node-feature-discovery 0.19.0
    nfd/templates/all.yaml (document 0, Deployment nfd): spec.template.spec.containers[0].image (written busybox:1.36)
  component node-tuning: manifest
    components/node-tuning/manifests/tuning-daemonset.yaml (document 0, DaemonSet node-tuning): spec.template.spec.initContainers[0].image
`);
  });

  it('exits 5 on the --timeout bound and 9 when interrupted', async () => {
    const { deps } = fakeDeps({ ...CANNED, 'cert-manager': 'block' });
    const t = await runList(['--data', EXAMPLE, '--service', 'eks', '--timeout', '50ms'], deps);
    expect(t.code).toBe(5);
    expect(t.err).toBe('Error: mirror list did not finish within 0.05s\n');
    const interrupted = await runList(['--data', EXAMPLE, '--service', 'eks'], {
      ...deps,
      onSignal: (abort) => {
        setTimeout(abort, 20);
        return () => {};
      },
    });
    expect(interrupted.code).toBe(9);
    expect(interrupted.err).toBe('Error: mirror list was cancelled\n');
  });

  it('loads a recipe file and resolves its paths against --data', async () => {
    const { deps } = fakeDeps();
    const d = tmp();
    writeFileSync(
      join(d, 'recipe.yaml'),
      `kind: RecipeResult
apiVersion: aicr.run/v1alpha2
componentRefs:
  - name: nfd
    type: Helm
    source: https://kubernetes-sigs.github.io/node-feature-discovery/charts
    chart: node-feature-discovery
    version: 0.19.0
    valuesFile: components/nfd/values.yaml
`,
    );
    const r = await runList(['--recipe', 'recipe.yaml', '--data', EXAMPLE, '-f', 'list'], deps, { cwd: d });
    expect(r.code).toBe(0);
    expect(r.out).toBe('registry.k8s.io/nfd/node-feature-discovery:v0.19.0\n');
  });

  it('reads criteria, profile and catalog from --config, flags winning', async () => {
    const { deps } = fakeDeps();
    const d = tmp();
    writeFileSync(
      join(d, 'config.yaml'),
      `kind: AICRConfig\napiVersion: aicr.run/v1beta1\nspec:\n  recipe:\n    data: ${EXAMPLE}\n    criteria:\n      service: eks\n      intent: training\n`,
    );
    const r = await runList(['--config', join(d, 'config.yaml'), '--intent', 'any', '-f', 'json'], deps);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).metadata.criteria).toBe('criteria(service=eks)');
  });

  it('fails clearly when no renderer is available', async () => {
    const { deps } = fakeDeps();
    delete deps.renderChart;
    const r = await runList(['--data', EXAMPLE, '--service', 'eks'], deps);
    expect(r.code).toBe(8);
    expect(r.err).toBe(
      'Error: component "cert-manager" has a chart to render, but no chart renderer was given to mirrorList\n',
    );
  });
});
