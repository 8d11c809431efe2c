/**
 * The real engines behind the pipeline's injected {@link FetchChart} and {@link RenderChart}:
 * helmless's own repository/OCI client (`src/helm/fetch`), addressed the way `helm template`
 * addresses a chart (spec §7.1: an OCI repository becomes `oci://<repo>/<chart>`, an HTTP
 * repository is passed as `--repo` with the bare chart name), and its in-process renderer.
 */

import { type Platform, type PullOptions, pullChart, resolveImageDigest } from '../helm/fetch/index.js';
import { loadArchive, loadValuesFile } from '../helm/load.js';
import type { Compat } from '../helm/objects.js';
import { type RenderOptions, renderChart } from '../helm/render.js';
import { declaredImages } from './declared-images.js';
import type { ResolveDigest } from './digests.js';
import { mayHoldImageKey } from './extract.js';
import { isImageReference, normalizeImageReference } from './normalize.js';
import { DEFAULT_RENDER_TIMEOUT_MS } from './pipeline.js';
import type { FetchChart, RenderChart } from './types.js';

/** A {@link FetchChart} over `pullChart`, sharing one set of fetch options (auth, cache, TLS). */
export function chartFetcher(options: PullOptions = {}): FetchChart {
  return async ({ repository, chart, version, plainHttp, signal }) => {
    const opts: PullOptions = { ...options };
    if (version) opts.version = version;
    if (plainHttp) opts.plainHttp = true;
    if (signal) opts.signal = signal;
    let ref = chart;
    if (repository.startsWith('oci://')) ref = `${repository.replace(/\/+$/, '')}/${chart}`;
    else opts.repo = repository;
    const pulled = await pullChart(ref, opts);
    return { bytes: pulled.bytes, digest: pulled.digest };
  };
}

/**
 * A {@link ResolveDigest} over helmless's registry client: the reference is read under Docker's
 * full name (`busybox:1.36` is looked up as `docker.io/library/busybox:1.36`), then its tag's
 * manifest digest is asked for (HEAD first). `options` are registry options: TLS, proxies,
 * `plainHttp`; credentials come from the Docker config files, registry by registry, unless given.
 * With a `platform`, an image index gives its manifest for that platform.
 */
export function imageDigestResolver(options: PullOptions = {}, platform?: Platform): ResolveDigest {
  return async (image, signal) => {
    if (!isImageReference(image)) throw new Error(`${JSON.stringify(image)} is not a valid image reference`);
    return resolveImageDigest(normalizeImageReference(image), { ...options, signal }, platform);
  };
}

/** Options of {@link inProcessRenderer}. */
export interface InProcessRendererOptions {
  /** Which helm to reproduce (default helm4, like `helmless template`). */
  compat?: Compat;
  /** Execution limits for untrusted templates (the engine's defaults otherwise). */
  limits?: RenderOptions['limits'];
}

/**
 * helmless's in-process renderer as a {@link RenderChart}: the `helm template` call of spec §7.1
 * (release `release-<component>`, namespace, kube version, extra API versions, the values file,
 * no CRDs) on the fetched archive. Hooks and test hooks are included, as `helm template` prints
 * them. The render is synchronous: the engine's limits bound it, not the abort signal.
 */
export function inProcessRenderer(options: InProcessRendererOptions = {}): RenderChart {
  const compat = options.compat ?? 'helm4';
  return async (req) => {
    req.signal?.throwIfAborted();
    const chart = await loadArchive(req.chart, { compat });
    req.signal?.throwIfAborted();
    const renderOptions: RenderOptions = {
      compat,
      releaseName: req.releaseName,
      kubeVersion: req.kubeVersion,
      apiVersions: req.apiVersions,
      includeCrds: false,
      // The extractor walks the YAML check's parse of the documents it would parse itself.
      documentTrees: req.everyDocument ? everyDocument : mayHoldImageKey,
    };
    if (req.namespace) renderOptions.namespace = req.namespace;
    if (req.valuesYaml !== undefined) {
      renderOptions.values = loadValuesFile(req.valuesYaml, compat, `failed to parse ${req.releaseName}-values.yaml: `);
    }
    // The engine's own deadline enforces the per-component time bound: a render is synchronous.
    renderOptions.limits = { timeoutMs: DEFAULT_RENDER_TIMEOUT_MS, ...options.limits };
    const result = renderChart(chart, renderOptions);
    const manifests = [...result.manifests, ...result.hooks].map((m) =>
      m.tree === undefined ? { path: m.path, content: m.content } : { path: m.path, content: m.content, tree: m.tree },
    );
    if (!req.declaredImages) return manifests;
    const declared = declaredImages(result.chart, result.values);
    return { manifests, declaredImages: declared.images, warnings: declared.warnings };
  };
}

const everyDocument = () => true;

/** The renderer `mirror list` uses by default: helmless's own, in process. */
export function defaultRenderer(): RenderChart {
  return inProcessRenderer();
}
