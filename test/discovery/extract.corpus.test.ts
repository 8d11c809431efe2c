/**
 * Extraction over real `helm template` renders of the corpus charts (../shared/charts): for every
 * chart and value variant listed in corpus.yaml, helm3 renders the chart, an independent oracle
 * (the `yaml` library's plain-object decode) collects every string `image:` value, and the test
 * checks that the oracle reproduces corpus.yaml's recorded list/count and that `extractImages`
 * finds every one of them (after the spec's sibling combination and likely-image filter). Images
 * the extractor finds beyond the oracle must come from spec §8 rules the oracle does not model:
 * structured descriptors, CRD sibling groups, and YAML embedded in ConfigMaps.
 *
 * The string scan (`scanStrings`, beyond upstream) must add exactly the operand images listed in
 * {@link STRING_SCAN_FINDS} (each checked by hand against the chart: operator args and env values)
 * and nothing else: on this corpus it has no false positives.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { combineImageReference, extractImages, isLikelyImage } from '../../src/discovery/extract.js';

const run = promisify(execFile);
const CHARTS = resolve(import.meta.dirname, '../../../shared/charts');
const HELM = resolve(import.meta.dirname, '../../.helm/helm3');
const available = existsSync(join(CHARTS, 'corpus.yaml')) && existsSync(HELM);
if (!available) console.warn(`skipping corpus extraction tests: need ${CHARTS}/corpus.yaml and ${HELM}`);

interface Variant {
  name: string;
  values: Record<string, unknown>;
  imagesFound: number;
  helm3RendersOK: boolean;
}
interface CorpusEntry {
  name: string;
  file: string;
  requiredValues: Record<string, unknown>;
  requiredArgs?: string[];
  helm3RendersOK: boolean;
  imagesFound: number;
  images?: string[];
  variants?: Variant[];
}

const corpus: CorpusEntry[] = available ? parse(readFileSync(join(CHARTS, 'corpus.yaml'), 'utf8')) : [];
const work = mkdtempSync(join(tmpdir(), 'helmless-corpus-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function render(entry: CorpusEntry, variant?: Variant): Promise<string> {
  const args = ['template', 'test', join(CHARTS, entry.file), ...(entry.requiredArgs ?? [])];
  const base = join(work, `${entry.name}-required.json`);
  writeFileSync(base, JSON.stringify(entry.requiredValues ?? {}));
  args.push('-f', base);
  if (variant) {
    const file = join(work, `${entry.name}-${variant.name}.json`);
    writeFileSync(file, JSON.stringify(variant.values));
    args.push('-f', file);
  }
  const { stdout } = await run(HELM, args, { maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const seg = (k: string) => (PLAIN_KEY.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);
const join_ = (p: string) => (p.startsWith('.') ? p.slice(1) : p);

/** The oracle: string `image` values with their `repository`/`version` siblings, and descriptor paths. */
function oracle(stream: string) {
  const scalars: Array<{ image: string; repository?: string; version?: string }> = [];
  const descriptorPaths = new Set<string>();
  const visit = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) visit(v[i], `${path}[${i}]`);
    } else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.image === 'string') {
        scalars.push({
          image: o.image,
          ...(typeof o.repository === 'string' ? { repository: o.repository } : {}),
          ...(typeof o.version === 'string' ? { version: o.version } : {}),
        });
      }
      for (const key of ['image', 'scalingPodImage']) {
        if (o[key] && typeof o[key] === 'object' && !Array.isArray(o[key]))
          descriptorPaths.add(join_(`${path}${seg(key)}`));
      }
      for (const [k, x] of Object.entries(o)) visit(x, `${path}${seg(k)}`);
    }
  };
  for (const doc of parseAllDocuments(stream)) visit(doc.toJS({ maxAliasCount: 1000 }), '');
  return { scalars, descriptorPaths };
}

/**
 * What the string scan adds, per render (`chart` or `chart/variant`); renders not listed add nothing.
 * Each is an image an operator starts at run time, named in a container argument or env value.
 */
const KPS = ['quay.io/prometheus-operator/prometheus-config-reloader:v0.90.1', 'quay.io/thanos/thanos:v0.41.0'];
const ACME = ['quay.io/jetstack/cert-manager-acmesolver:v1.20.2'];
const NETOP_INIT = ['nvcr.io/nvidia/mellanox/network-operator-init-container:network-operator-v26.4.1'];
const SKYHOOK = [
  'nvcr.io/nvidia/skyhook/agent:v6.4.1@sha256:dedf73c19455444e2663671368eaf3fcd657ea1417f0d8738c6133ed738b9c52',
  'registry.k8s.io/pause:3.10',
];
const SRIOV = [
  'ghcr.io/k8snetworkplumbingwg/network-resources-injector:v1.7.0',
  'nvcr.io/nvidia/mellanox/dra-driver-sriov:network-operator-v26.4.1',
  'nvcr.io/nvidia/mellanox/ib-sriov-cni:network-operator-v26.4.1',
  ...NETOP_INIT,
  'nvcr.io/nvidia/mellanox/ovs-cni-plugin:network-operator-v26.4.1',
  'nvcr.io/nvidia/mellanox/rdma-cni:network-operator-v26.4.1',
  'nvcr.io/nvidia/mellanox/sriov-cni:network-operator-v26.4.1',
  'nvcr.io/nvidia/mellanox/sriov-network-device-plugin:network-operator-v26.4.1',
  'nvcr.io/nvidia/mellanox/sriov-network-operator-config-daemon:network-operator-v26.4.1',
  'nvcr.io/nvidia/mellanox/sriov-network-operator-webhook:network-operator-v26.4.1',
  'quay.io/brancz/kube-rbac-proxy:v0.21.2',
];
/** By chart (every variant), then by `chart/variant` where a variant differs. */
const STRING_SCAN_FINDS: Record<string, string[]> = {
  'cert-manager': ACME,
  'kube-prometheus-stack': KPS,
  // Thanos is enabled here, so its image comes from an image key.
  'kube-prometheus-stack/windows-thanos': [KPS[0]!],
  'network-operator': NETOP_INIT,
  'network-operator/sriov': SRIOV,
  'skyhook-operator': SKYHOOK,
};
function stringScanFinds(label: string): string[] {
  return STRING_SCAN_FINDS[label] ?? STRING_SCAN_FINDS[label.split('/')[0]!] ?? [];
}

/** Extra findings across the corpus, printed at the end for the record. */
const extras: string[] = [];
afterAll(() => {
  if (extras.length > 0) console.info(`images found beyond plain image: strings:\n  ${extras.join('\n  ')}`);
});

function check(
  label: string,
  entry: CorpusEntry,
  stream: string,
  expectedCount: number,
  expectedList?: string[],
  againstReference = false,
) {
  const { scalars, descriptorPaths } = oracle(stream);
  const distinct = [...new Set(scalars.map((s) => s.image))].sort();
  // The render matches what corpus.yaml recorded with the same helm.
  expect(distinct.length, `${label}: distinct image: values`).toBe(expectedCount);
  if (expectedList) expect(distinct).toEqual([...expectedList].sort());

  const result = extractImages([{ path: entry.name, content: stream }]);
  // The fast mode for renders finds exactly the same images at the same places.
  expect(extractImages([{ path: entry.name, content: stream }], { skipDocumentsWithoutImageKeys: true })).toEqual(
    result,
  );
  // js-yaml reads real renders exactly like the reference yaml library.
  if (againstReference) {
    expect(extractImages([{ path: entry.name, content: stream }], { referenceParser: true })).toEqual(result);
  }
  // The string scan keeps every image the rules find and adds only the known operand images.
  const scanned = extractImages([{ path: entry.name, content: stream }], { scanStrings: true });
  const added = scanned.images.filter((i) => !result.images.includes(i));
  expect(
    scanned.images.filter((i) => result.images.includes(i)),
    `${label}: rule images`,
  ).toEqual(result.images);
  expect(added, `${label}: images the string scan adds`).toEqual(stringScanFinds(label));
  for (const o of scanned.occurrences) if (o.inString) expect(added).toContain(o.image);

  const found = new Set(result.images);
  const expected = new Set<string>();
  for (const s of scalars) {
    const ref = combineImageReference(s.image.trim(), (s.repository ?? '').trim(), (s.version ?? '').trim());
    if (isLikelyImage(ref)) {
      expected.add(ref);
      expect(found.has(ref), `${label}: ${ref} (from image: ${s.image}) not extracted`).toBe(true);
    }
  }
  for (const o of result.occurrences) {
    // helm's `# Source:` comments name the template of every occurrence.
    expect(o.path.startsWith(`${entry.file.replace(/-v?\d.*$/, '')}/`) || o.path.includes('/templates/'), o.path).toBe(
      true,
    );
    if (expected.has(o.image)) continue;
    const why = o.yamlPath.includes(' > ')
      ? 'embedded in a ConfigMap'
      : descriptorPaths.has(o.yamlPath)
        ? 'structured descriptor'
        : undefined;
    expect(why, `${label}: unexplained ${o.image} at ${o.path} ${o.yamlPath}`).toBeDefined();
    extras.push(`${label}: ${o.image} (${why}; ${o.kind ?? '?'} ${o.name ?? ''} ${o.yamlPath})`);
  }
}

describe.skipIf(!available)('extraction over real helm renders of the corpus', () => {
  for (const entry of corpus.filter((e) => e.helm3RendersOK)) {
    it(`${entry.name}: default values and every variant`, async () => {
      const variants = (entry.variants ?? []).filter((v) => v.helm3RendersOK);
      const [base, ...rest] = await Promise.all([render(entry), ...variants.map((v) => render(entry, v))]);
      check(`${entry.name}`, entry, base!, entry.imagesFound, entry.images, true);
      variants.forEach((v, i) => {
        check(`${entry.name}/${v.name}`, entry, rest[i]!, v.imagesFound);
      });
    });
  }
});
