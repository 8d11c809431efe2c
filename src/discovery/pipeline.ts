/**
 * The discovery pipeline of `mirror list` (spec §5): validate a private copy of the recipe, resolve
 * `--set` overrides per component, drop disabled components, check the profile lock, then render
 * every Helm component and scan every raw manifest with at most 8 components in flight, and
 * assemble the sorted, deduplicated inventory.
 *
 * Per-component problems are warnings; invalid structured image descriptors, bad overrides,
 * profile-lock violations and values-hydration failures are fatal and stop the remaining work.
 */
import { sortedUnique } from '../formats/bytewise.js';
import type { ChartRef, ComponentImages, ImageProvenance, MirrorListResult } from '../formats/model.js';
import { quote } from '../gotemplate/strconv.js';
import { Catalog } from './catalog.js';
import { criteriaString } from './criteria.js';
import { declaredOccurrences } from './declared-images.js';
import { applyPinning, type DigestProgress, type ResolveDigest, resolveDigests } from './digests.js';
import { errorMessage, invalid, MirrorError, propagateOrWrap } from './errors.js';
import {
  type ExtractionResult,
  type ExtractOptions,
  extractImages,
  InvalidImageDescriptorError,
  type ManifestText,
} from './extract.js';
import { hydrateValues } from './hydrate.js';
import {
  addedImages,
  checkedImageAddition,
  type ImageAddition,
  ImageExclusions,
  parseImageAddition,
} from './image-edits.js';
import { kubeVersionFromConstraints } from './kube-version.js';
import {
  applyMapOverrides,
  buildOverrideLookup,
  effectiveOverrides,
  parseGoBool,
  parseSetFlag,
  type ValueOverride,
} from './overrides.js';
import { checkInlineOwnership, checkProfileLock, isEnabled } from './profile.js';
import { parseRepositoryRewrite, type RepositoryRewrite, rewriteRepository } from './rewrite.js';
import type { ComponentRef, FetchChart, RecipeResult, RenderChart, RenderedChart, ValueMap } from './types.js';
import { prepareRecipe } from './validate.js';
import { valuesToYaml } from './values-yaml.js';

/** Components discovered at once (spec §5.4). */
export const DEFAULT_CONCURRENCY = 8;
/** Time bound of one component's fetch and render (spec §1.6: 90 s per render). */
export const DEFAULT_RENDER_TIMEOUT_MS = 90_000;
/** Largest rendered output of one component (spec §1.6: helm stdout capped at 100 MiB). */
export const DEFAULT_MAX_RENDER_BYTES = 100 * 1024 * 1024;
/** Extra API versions every render gets (spec §7.1). */
export const EXTRA_API_VERSIONS = ['resource.k8s.io/v1', 'resource.k8s.io/v1beta1'];

/** Progress of one finished component (the CLI prints it when stderr is a terminal). */
export interface ComponentProgress {
  component: string;
  images: number;
  warnings: number;
  /** Components finished so far, and how many there are. */
  done: number;
  total: number;
}

/** Options of {@link mirrorList}. */
export interface MirrorListOptions {
  /** Where `valuesFile`, manifests and the registry are read (`--data`). Default: no catalog. */
  catalog?: Catalog;
  /** The in-process renderer; required when a component has a chart. */
  renderChart?: RenderChart;
  /** The chart fetcher; required when a component has a chart. */
  fetchChart?: FetchChart;
  /**
   * Image extraction (default: `extractImages` of `./extract.js`). Rendered charts come with
   * `skipDocumentsWithoutImageKeys` set (the renderer has parsed every document); raw manifests without.
   */
  extract?: (manifests: readonly ManifestText[], options?: ExtractOptions) => ExtractionResult;
  /** `--set component:path=value` overrides, raw or parsed. */
  set?: Array<string | ValueOverride>;
  /** `metadata.recipeVersion`: the version of the tool producing the list. */
  version?: string;
  /** Kubernetes version to render for; default from the recipe's `K8s.server.version` (spec §6.6). */
  kubeVersion?: string;
  /** `--repository-rewrite FROM=TO` rules, raw or parsed (fetching only; output keeps the recipe's). */
  repositoryRewrites?: Array<string | RepositoryRewrite>;
  /** Talk plain HTTP to OCI registries (`--plain-http`). */
  plainHttp?: boolean;
  /** Cancels the whole operation (the CLI aborts it on SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Bound on the whole operation; exceeding it is a timeout error. */
  timeoutMs?: number;
  /** Components in flight at once (default 8). */
  concurrency?: number;
  /** Per-component fetch + render time bound (default 90 s); exceeding it is a warning. */
  renderTimeoutMs?: number;
  /** Per-component rendered output bound (default 100 MiB); exceeding it is a warning. */
  maxRenderBytes?: number;
  /** Record where each image came from in `result.provenance` (default true). */
  provenance?: boolean;
  /**
   * Beyond upstream (default false): also list the fully qualified references written inside other
   * strings, such as container arguments and env values (`ExtractOptions.scanStrings`): images
   * operators start at run time.
   */
  scanStrings?: boolean;
  /**
   * Beyond upstream (default false): list every reference under Docker's normalised name
   * (`ExtractOptions.normalize`), so `busybox:1.36` and `docker.io/library/busybox:1.36` are one.
   */
  normalize?: boolean;
  /**
   * Beyond upstream (default false): also list the images each chart and its rendered subcharts
   * declare in Chart.yaml annotations (`helm.sh/images`, `artifacthub.io/images`, Bitnami's
   * `images`; see `declared-images.ts`). Needs a renderer that answers `RenderRequest.declaredImages`.
   */
  declaredImages?: boolean;
  /**
   * Beyond upstream: pin every listed image to the manifest digest its tag names today
   * (`name:tag@sha256:…`; see `digests.ts`). A lookup that fails leaves the image unpinned and is a
   * warning of each component listing it. `imageDigestResolver` in `engines.ts` is helmless's own.
   */
  resolveDigest?: ResolveDigest;
  /**
   * Beyond upstream: images listed for a component whatever its render shows (`--add-image
   * COMPONENT:IMAGE`, raw or parsed). Naming a component the recipe lacks is invalid input; one that
   * is disabled gets a notice. Added images are normalised and pinned like found ones, and never excluded.
   */
  addImages?: Array<string | ImageAddition>;
  /**
   * Beyond upstream: drop discovered images matching any of these patterns (`--exclude-image`; `*`
   * matches any run of characters, see `image-edits.ts`). A pattern that matches nothing gets a notice.
   */
  excludeImages?: readonly string[];
  /** With `resolveDigest`: called when the lookups start (`done` 0) and once they have all settled. */
  onDigestProgress?: (progress: DigestProgress) => void;
  /** Called when a component finishes. */
  onProgress?: (progress: ComponentProgress) => void;
  /** Called with notes that are not component warnings (e.g. a `--set` key that matches nothing). */
  onNotice?: (message: string) => void;
}

interface Candidate {
  ref: ComponentRef;
  index: number;
  overrides: Map<string, string>;
  /** Values already hydrated, overridden and lock-checked (profile-owned components). */
  values?: ValueMap;
}

interface Outcome {
  component: ComponentImages;
  chart?: ChartRef;
  provenance: ImageProvenance[];
}

const lastSegment = (s: string) => s.slice(s.lastIndexOf('/') + 1);
const effectiveChart = (ref: ComponentRef) => ref.chart || ref.name;
const hasExternalChart = (ref: ComponentRef) => ref.type === 'Helm' && (ref.source ?? '') !== '';

/**
 * Lists every image and chart a recipe needs (spec §5). The recipe is not modified. Throws a
 * {@link MirrorError} whose `exitCode` is the CLI status for the failure.
 */
export async function mirrorList(recipe: RecipeResult, options: MirrorListOptions = {}): Promise<MirrorListResult> {
  if (!recipe) throw invalid('recipe is required');
  const catalog = options.catalog ?? new Catalog([]);
  const controller = new AbortController();
  const signal = controller.signal;
  const cleanups: Array<() => void> = [];
  if (options.signal) {
    const outer = options.signal;
    const onAbort = () => controller.abort(new MirrorError('aborted', 'mirror list was cancelled'));
    if (outer.aborted) onAbort();
    else {
      outer.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => outer.removeEventListener('abort', onAbort));
    }
  }
  if (options.timeoutMs !== undefined) {
    const ms = options.timeoutMs;
    const timer = setTimeout(
      () => controller.abort(new MirrorError('timeout', `mirror list did not finish within ${ms / 1000}s`)),
      ms,
    );
    cleanups.push(() => clearTimeout(timer));
  }
  try {
    return await run(recipe, options, catalog, controller);
  } catch (err) {
    throw classify(err, signal);
  } finally {
    for (const c of cleanups) c();
  }
}

/** Maps any failure to a classified error; an abort reports why the operation was aborted. */
function classify(err: unknown, signal: AbortSignal): MirrorError {
  if (
    signal.aborted &&
    signal.reason instanceof MirrorError &&
    (signal.reason.code === 'aborted' || signal.reason.code === 'timeout')
  ) {
    return signal.reason;
  }
  if (err instanceof MirrorError) return err;
  return propagateOrWrap(err, 'internal', 'component discovery failed');
}

async function run(
  input: RecipeResult,
  options: MirrorListOptions,
  catalog: Catalog,
  controller: AbortController,
): Promise<MirrorListResult> {
  const signal = controller.signal;
  signal.throwIfAborted();
  const recipe = await prepareRecipe(input, catalog);
  const sets = (options.set ?? []).map((s) => {
    if (typeof s !== 'string') return s;
    try {
      return parseSetFlag(s);
    } catch (err) {
      throw invalid(`invalid --set: ${errorMessage(err)}`);
    }
  });
  const rewrites = (options.repositoryRewrites ?? []).map((r) =>
    typeof r === 'string' ? parseRepositoryRewrite(r) : r,
  );
  const candidates = await prepareCandidates(recipe, catalog, sets, options, signal);
  const additions = checkedAdditions(options, recipe, candidates);
  const exclusions = new ImageExclusions(options.excludeImages ?? []);

  if (candidates.some((c) => hasExternalChart(c.ref)) && (!options.renderChart || !options.fetchChart)) {
    const first = candidates.find((c) => hasExternalChart(c.ref))!.ref.name;
    const missing = [options.renderChart ? '' : 'chart renderer', options.fetchChart ? '' : 'chart fetcher'].filter(
      Boolean,
    );
    throw new MirrorError(
      'internal',
      `component "${first}" has a chart to render, but no ${missing.join(' or ')} was given to mirrorList`,
    );
  }

  const ctx: WorkerContext = {
    recipe,
    catalog,
    options,
    rewrites,
    signal,
    kubeVersion: options.kubeVersion ?? kubeVersionFromConstraints(recipe.constraints),
    extract: options.extract ?? ((m, o) => extractImages(m, o)),
    extractOptions: {
      ...(options.scanStrings ? { scanStrings: true } : {}),
      ...(options.normalize ? { normalize: true } : {}),
    },
    additions,
    exclusions,
  };
  const outcomes = new Array<Outcome>(candidates.length);
  let next = 0;
  let done = 0;
  let fatal: { error: unknown } | undefined;
  const worker = async () => {
    while (fatal === undefined && next < candidates.length) {
      const c = candidates[next++]!;
      try {
        signal.throwIfAborted();
        outcomes[c.index] = await discoverComponent(c, ctx);
        done++;
        options.onProgress?.({
          component: c.ref.name,
          images: outcomes[c.index]!.component.images.length,
          warnings: outcomes[c.index]!.component.warnings?.length ?? 0,
          done,
          total: candidates.length,
        });
      } catch (err) {
        if (fatal === undefined) {
          fatal = { error: err };
          if (!signal.aborted) controller.abort(err);
        }
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, candidates.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (fatal !== undefined) throw fatal.error;
  for (const pattern of exclusions.unused()) options.onNotice?.(`--exclude-image ${pattern} matches no image`);
  if (options.resolveDigest) {
    const pinning = await resolveDigests(
      outcomes.flatMap((o) => o.component.images),
      options.resolveDigest,
      {
        concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
        signal,
        ...(options.onDigestProgress ? { onProgress: options.onDigestProgress } : {}),
      },
    );
    for (const o of outcomes) applyPinning(o.component, o.provenance, pinning);
  }

  const result: MirrorListResult = {
    images: sortedUnique(outcomes.flatMap((o) => o.component.images)),
    charts: outcomes.flatMap((o) => (o.chart ? [o.chart] : [])),
    components: outcomes.map((o) => o.component),
    metadata: {},
  };
  if (options.version) result.metadata.recipeVersion = options.version;
  if (recipe.criteria) result.metadata.criteria = criteriaString(recipe.criteria);
  if (options.provenance !== false) result.provenance = outcomes.flatMap((o) => o.provenance);
  return result;
}

/**
 * The `--add-image` entries, parsed and checked against the recipe: a component it does not have is
 * invalid input (a typo would silently leave the image out of the air gap); a disabled one gets a notice.
 */
function checkedAdditions(options: MirrorListOptions, recipe: RecipeResult, candidates: Candidate[]): ImageAddition[] {
  const additions = (options.addImages ?? []).map((a) =>
    typeof a === 'string' ? parseImageAddition(a) : checkedImageAddition(a),
  );
  const enabled = new Set(candidates.map((c) => c.ref.name));
  const names = recipe.componentRefs.map((r) => r.name);
  for (const a of additions) {
    if (!names.includes(a.component)) {
      throw invalid(
        `--add-image ${a.component}:${a.image}: the recipe has no component ${quote(a.component)} (it has ${names.join(', ')})`,
      );
    }
    if (!enabled.has(a.component)) {
      options.onNotice?.(
        `--add-image ${a.component}:${a.image}: component ${quote(a.component)} is disabled; not listed`,
      );
    }
  }
  return additions;
}

/** Steps B and C (spec §5.2–§5.3): effective overrides, enablement and the profile lock. */
async function prepareCandidates(
  recipe: RecipeResult,
  catalog: Catalog,
  sets: ValueOverride[],
  options: MirrorListOptions,
  signal: AbortSignal,
): Promise<Candidate[]> {
  const lookup = buildOverrideLookup(sets);
  let registry: Awaited<ReturnType<Catalog['registry']>> | undefined;
  if (lookup.size > 0) {
    try {
      registry = await catalog.registry();
    } catch (err) {
      throw propagateOrWrap(err, 'internal', 'failed to resolve component aliases for mirror overrides');
    }
  }
  const owned = recipe.metadata.selectedProfile?.ownedPaths ?? {};
  if (recipe.metadata.selectedProfile) checkInlineOwnership(recipe);
  const candidates: Candidate[] = [];
  const baseline = new Map<string, ValueMap>();
  const profileValues = new Map<string, ValueMap>();
  const usedKeys = new Set<string>();
  for (const ref of recipe.componentRefs) {
    signal.throwIfAborted();
    let overrides = new Map<string, string>();
    if (registry) {
      const keys = registry.overrideKeys(ref.name);
      for (const k of keys) if (lookup.has(k)) usedKeys.add(k);
      overrides = effectiveOverrides(lookup, keys);
    }
    const rawEnabled = overrides.get('enabled');
    if (rawEnabled !== undefined) {
      const enabled = parseGoBool(rawEnabled);
      if (enabled === undefined) {
        throw invalid(`invalid --set enabled value: strconv.ParseBool: parsing ${quote(rawEnabled)}: invalid syntax`);
      }
      overrides.delete('enabled');
      if (enabled && !isEnabled(ref)) {
        throw invalid(`component ${quote(ref.name)} is disabled by the recipe and cannot be re-enabled with --set`);
      }
      if (!enabled) continue;
    }
    if (!isEnabled(ref)) continue;
    const candidate: Candidate = { ref, index: candidates.length, overrides };
    candidates.push(candidate);
    if (!Object.hasOwn(owned, ref.name)) continue;
    let values: ValueMap;
    try {
      baseline.set(ref.name, await hydrateValues(catalog, ref, signal));
      values = await hydrateValues(catalog, ref, signal);
    } catch (err) {
      throw propagateOrWrap(
        err,
        'internal',
        `failed to load profile candidate values for component ${quote(ref.name)}`,
      );
    }
    applyOverrides(values, overrides);
    profileValues.set(ref.name, values);
    candidate.values = values;
  }
  checkProfileLock(recipe, new Set(candidates.map((c) => c.ref.name)), baseline, profileValues);
  for (const key of lookup.keys()) {
    if (!usedKeys.has(key)) {
      options.onNotice?.(
        `--set ${key}:… matches no component of the recipe (by name or registry alias); it is ignored`,
      );
    }
  }
  return candidates;
}

function applyOverrides(values: ValueMap, overrides: Map<string, string>): void {
  try {
    applyMapOverrides(values, overrides);
  } catch (err) {
    throw invalid(`failed to apply mirror value overrides: ${errorMessage(err)}`);
  }
}

interface WorkerContext {
  recipe: RecipeResult;
  catalog: Catalog;
  options: MirrorListOptions;
  rewrites: RepositoryRewrite[];
  signal: AbortSignal;
  kubeVersion: string;
  extract: (manifests: readonly ManifestText[], options?: ExtractOptions) => ExtractionResult;
  /** Extraction options every input gets (the string scan and normalising, when asked for). */
  extractOptions: ExtractOptions;
  additions: ImageAddition[];
  exclusions: ImageExclusions;
}

/** The summary wording of a descriptor error, stated once even when the extractor already says it. */
function descriptorDetail(err: Error): string {
  return err.message.replace(/^invalid structured image descriptor:?\s*/i, '');
}

/** Step D for one component (spec §5.4). */
async function discoverComponent(c: Candidate, ctx: WorkerContext): Promise<Outcome> {
  const { ref } = c;
  const warnings: string[] = [];
  const images: string[] = [];
  const provenance: ImageProvenance[] = [];
  const chartName = lastSegment(effectiveChart(ref));

  if (hasExternalChart(ref)) {
    let values = c.values;
    if (values === undefined) {
      try {
        values = await hydrateValues(ctx.catalog, ref, ctx.signal);
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        throw propagateOrWrap(err, 'internal', `failed to load values for component ${quote(ref.name)}`);
      }
      applyOverrides(values, c.overrides);
    }
    let rendered: RenderedChart | undefined;
    try {
      rendered = await fetchAndRender(ref, chartName, values, ctx);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      warnings.push(`helm template failed: ${errorMessage(err)}`);
    }
    if (rendered) {
      warnings.push(...(rendered.warnings ?? []));
      for (const o of declaredOccurrences(rendered.declaredImages ?? [], ctx.extractOptions.normalize === true)) {
        images.push(o.image);
        const p: ImageProvenance = { ...o, component: ref.name, source: 'declared', chart: chartName };
        if (ref.version) p.chartVersion = ref.version;
        provenance.push(p);
      }
      try {
        const found = ctx.extract(rendered.manifests, { ...RENDERED, ...ctx.extractOptions });
        images.push(...found.images);
        for (const o of found.occurrences) {
          const p: ImageProvenance = { ...o, component: ref.name, source: 'rendered', chart: chartName };
          if (ref.version) p.chartVersion = ref.version;
          provenance.push(p);
        }
      } catch (err) {
        if (err instanceof InvalidImageDescriptorError) {
          throw invalid(
            `invalid structured image descriptor in component ${quote(ref.name)}: ${descriptorDetail(err)}`,
          );
        }
        warnings.push(`image extraction failed: ${errorMessage(err)}`);
      }
    }
  }

  for (const path of [...(ref.manifestFiles ?? []), ...(ref.preManifestFiles ?? [])]) {
    ctx.signal.throwIfAborted();
    let content: string;
    try {
      content = await ctx.catalog.readFile(path, ctx.signal);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      warnings.push(`manifest read failed ${path}: ${errorMessage(err)}`);
      continue;
    }
    try {
      const found = ctx.extract([{ path, content }], ctx.extractOptions);
      images.push(...found.images);
      for (const o of found.occurrences) provenance.push({ ...o, component: ref.name, source: 'manifest' });
    } catch (err) {
      if (err instanceof InvalidImageDescriptorError) {
        throw invalid(
          `invalid structured image descriptor in component ${quote(ref.name)} manifest ${quote(path)}: ${descriptorDetail(err)}`,
        );
      }
      warnings.push(`manifest image extraction failed ${path}: ${errorMessage(err)}`);
    }
  }

  const kept = ctx.exclusions.apply(images, provenance);
  const added = addedImages(ctx.additions, ref.name, ctx.extractOptions.normalize === true);
  const component: ComponentImages = {
    component: ref.name,
    type: (ref.type ?? '').toLowerCase(),
    images: sortedUnique([...kept.images, ...added.images]),
  };
  if (warnings.length > 0) component.warnings = warnings;
  const outcome: Outcome = { component, provenance: [...kept.occurrences, ...added.provenance] };
  if (hasExternalChart(ref)) {
    // The chart as the recipe spells it (upstream's EffectiveChart); only fetching and rendering use
    // its last path segment.
    outcome.chart = { name: ref.name, repository: ref.source!, chart: effectiveChart(ref), version: ref.version ?? '' };
    if (ref.namespace) outcome.chart.namespace = ref.namespace;
  }
  return outcome;
}

/** Rendered charts: helm has parsed every document, so those that cannot name an image are skipped. */
const RENDERED: ExtractOptions = { skipDocumentsWithoutImageKeys: true };

/** Rejects when `signal` aborts, so a stuck fetch or render cannot hold the pipeline. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Fetches the chart (through any repository rewrite) and renders it within the per-component bounds. */
async function fetchAndRender(
  ref: ComponentRef,
  chartName: string,
  values: ValueMap,
  ctx: WorkerContext,
): Promise<RenderedChart> {
  const timeoutMs = ctx.options.renderTimeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS;
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new Error(`rendering component "${ref.name}" did not finish within ${timeoutMs / 1000}s`)),
    timeoutMs,
  );
  const onOuterAbort = () => timeout.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onOuterAbort, { once: true });
  try {
    const coords: Parameters<FetchChart>[0] = {
      repository: rewriteRepository(ref.source!, ctx.rewrites),
      chart: chartName,
      signal: timeout.signal,
    };
    if (ref.version) coords.version = ref.version;
    if (ctx.options.plainHttp) coords.plainHttp = true;
    const fetched = await untilAborted(ctx.options.fetchChart!(coords), timeout.signal);
    const request: Parameters<RenderChart>[0] = {
      component: ref.name,
      releaseName: `release-${ref.name}`,
      chart: fetched.bytes,
      kubeVersion: ctx.kubeVersion,
      apiVersions: [...EXTRA_API_VERSIONS],
      signal: timeout.signal,
    };
    if (ref.namespace) request.namespace = ref.namespace;
    if (ctx.extractOptions.scanStrings) request.everyDocument = true;
    if (ctx.options.declaredImages) request.declaredImages = true;
    if (Object.keys(values).length > 0) request.valuesYaml = valuesToYaml(values);
    const answer = await untilAborted(ctx.options.renderChart!(request), timeout.signal);
    const rendered: RenderedChart = Array.isArray(answer) ? { manifests: answer } : answer;
    if (request.declaredImages && Array.isArray(answer)) {
      rendered.warnings = ['declared images: the renderer does not report the images charts declare'];
    }
    const limit = ctx.options.maxRenderBytes ?? DEFAULT_MAX_RENDER_BYTES;
    let total = 0;
    for (const m of rendered.manifests) {
      total += Buffer.byteLength(m.content, 'utf8');
      if (total > limit) throw new Error(`rendered output exceeds the ${Math.round(limit / (1024 * 1024))} MiB limit`);
    }
    return rendered;
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onOuterAbort);
  }
}
