/**
 * Pulling from a classic chart repository (`--repo URL`, an `index.yaml` beside the archives) or
 * from a direct archive URL, with helm's URL rules and error texts.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { ArchiveError, readChartMetadata } from '../archive.js';
import type { ChartCache } from './cache.js';
import { normalizeDigest, sha256Digest } from './digest.js';
import { FetchError } from './errors.js';
import { authorizationHeader, type HttpContext, type HttpResponse, httpRequest, sameOrigin } from './http.js';
import { downloadLimiter } from './limiter.js';
import { pullOciChart } from './oci.js';
import { isOciReference } from './oci-reference.js';
import { MAX_PROVENANCE_BYTES, type PulledChart, type ResolvedOptions } from './options.js';
import { getChartVersion, loadRepoIndex, type RepoIndex, skippedEntryMessage } from './repo-index.js';

const CHART_ACCEPT = 'application/gzip,application/octet-stream';
const MAX_LISTED_VERSIONS = 20;

/** `<repo>/index.yaml`, keeping the repository URL's query (path.Join semantics like helm). */
export function indexUrl(repoUrl: string): string {
  const u = new URL(repoUrl);
  u.pathname = posix.join(u.pathname || '/', 'index.yaml');
  return u.href;
}

/**
 * The file helm writes a downloaded index to before reading it again: a random name in its
 * repository cache directory (filepath.Join of the two).
 */
function helmIndexCopyPath(dir: string): string {
  const name = randomBytes(20).toString('base64').replaceAll('/', '-');
  return posix.join(dir, `${name}-index.yaml`);
}

/** helm's ResolveReferenceURL: relative chart URLs resolve under the repository, keeping its query. */
export function resolveChartUrl(repoUrl: string, chartUrl: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(chartUrl)) return chartUrl;
  const base = new URL(repoUrl);
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/`;
  const resolved = new URL(chartUrl, base);
  resolved.search = base.search;
  return resolved.href;
}

/** Decides which URLs get the credentials: the repository's origin, or every host with passCredentials. */
function credentialPolicy(options: ResolvedOptions, origin: URL): ((u: URL) => string | undefined) | undefined {
  if (!options.auth) return undefined;
  const header = authorizationHeader(options.auth);
  return (u) => (options.passCredentials || sameOrigin(u, origin) ? header : undefined);
}

/**
 * The index of the repository at `repoUrl` as helm loads it, with helm's skipped-entry warnings:
 * `options.warn` hears them for the download, and again for the copy helm writes under its
 * repository cache when `options.helmRepositoryCache` is set.
 * @throws FetchError with helm's text when the index cannot be fetched or read
 */
export async function loadRepositoryIndex(
  repoUrl: string,
  options: ResolvedOptions,
  ctx: HttpContext,
  cache: ChartCache | undefined,
): Promise<RepoIndex> {
  let origin: URL;
  try {
    origin = new URL(repoUrl);
  } catch {
    throw new FetchError(`invalid chart repository URL "${repoUrl}"`, 'invalid-reference');
  }
  const idxUrl = indexUrl(repoUrl);
  const loaded = await sharedIndexLoad(repoUrl, idxUrl, options, ctx, cache, credentialPolicy(options, origin));
  const index = loadRepoIndex(loaded.bytes, options.compat);
  // helm logs the entries it skips each time it loads the index: once from the download, once from
  // the copy it writes under its repository cache (a random name), unless the first load failed.
  const warnSkipped = (source: string) => {
    for (const s of index.skipped) {
      options.warn(skippedEntryMessage(s, source), {
        kind: 'skipped-index-entry',
        emptyEntry: s.version === undefined,
      });
    }
  };
  warnSkipped(repoUrl);
  if (typeof index.failure === 'function') throw index.failure();
  if (index.failure !== undefined) {
    throw new FetchError(
      `looks like "${repoUrl}" is not a valid chart repository or cannot be reached: ${index.failure}`,
      'invalid-index',
      { url: idxUrl },
    );
  }
  // Only an index that reads is cached: a garbled download never poisons later pulls.
  await loaded.commit?.();
  if (options.helmRepositoryCache !== undefined) warnSkipped(helmIndexCopyPath(options.helmRepositoryCache));
  return index;
}

/** Pulls chart `name` from the repository at `options.repo`. */
export async function pullFromRepository(
  name: string,
  options: ResolvedOptions,
  ctx: HttpContext,
  cache: ChartCache | undefined,
): Promise<PulledChart> {
  const repoUrl = options.repo!;
  const index = await loadRepositoryIndex(repoUrl, options, ctx, cache);
  const idxUrl = indexUrl(repoUrl);
  const auth = credentialPolicy(options, new URL(repoUrl));

  let version = options.version ?? '';
  if (version === '' && options.devel) version = '>0.0.0-0';
  const what = version === '' ? `chart "${name}"` : `chart "${name}" version "${version}"`;
  const list = index.charts.get(name);
  if (!list || list.length === 0) {
    throw new FetchError(`${what} not found in ${repoUrl} repository`, 'chart-not-found', { url: idxUrl });
  }
  const found = getChartVersion(list, version, options.compat);
  if (!found) {
    const available = list.flatMap((e) => (e ? [e.version] : []));
    const listed = available.slice(0, MAX_LISTED_VERSIONS).join(', ');
    const more = available.length > MAX_LISTED_VERSIONS ? ` and ${available.length - MAX_LISTED_VERSIONS} more` : '';
    const helmText = `${what} not found in ${repoUrl} repository`;
    throw new FetchError(`${helmText}; available: ${listed}${more}`, 'version-not-found', {
      url: idxUrl,
      availableVersions: available,
      helmText,
    });
  }
  const entry = found.entry;
  // helm 4 says when it did not find the version string itself.
  if (found.fellBack && options.compat === 'helm4') {
    options.warn('unable to find exact version requested; falling back to closest available version', {
      kind: 'version-fallback',
      attrs: [
        ['chart', name],
        ['requested', version],
        ['selected', entry.version],
      ],
    });
  }
  if (entry.urls.length === 0)
    throw new FetchError(`${what} has no downloadable URLs`, 'chart-not-found', { url: idxUrl });
  const chartUrl = resolveChartUrl(repoUrl, entry.urls[0]!);
  // An index may point into an OCI registry; helm then pulls it from there with the same version.
  if (isOciReference(chartUrl)) return pullOciChart(chartUrl, { ...options, repo: undefined }, ctx, cache);
  const expected = normalizeDigest(entry.digest);
  const known = { name: entry.name, version: entry.version };
  return withProvenance(await downloadChart(chartUrl, expected, known, options, ctx, cache, auth), options, ctx, auth);
}

/** Pulls an archive by its URL (helm accepts `helm pull https://…/x-1.0.0.tgz`). */
export async function pullFromUrl(
  chartUrl: string,
  options: ResolvedOptions,
  ctx: HttpContext,
  cache: ChartCache | undefined,
): Promise<PulledChart> {
  const auth = credentialPolicy(options, new URL(chartUrl));
  return withProvenance(
    await downloadChart(chartUrl, undefined, undefined, options, ctx, cache, auth),
    options,
    ctx,
    auth,
  );
}

/**
 * When provenance is asked for, adds `<chart URL>.prov`, fetched like the chart; helm's error when
 * there is none.
 */
async function withProvenance(
  pulled: PulledChart,
  options: ResolvedOptions,
  ctx: HttpContext,
  auth: ((u: URL) => string | undefined) | undefined,
): Promise<PulledChart> {
  if (!options.provenance) return pulled;
  const provUrl = `${pulled.sourceUrl}.prov`;
  // Without the file, --verify fails (naming it); pull --prov warns with the getter's error.
  const missing = (why: string, cause?: string): PulledChart => {
    if (options.provenance === 'if-present') return { ...pulled, provenanceMissing: why };
    throw new FetchError(
      `failed to fetch provenance ${JSON.stringify(provUrl)}${cause ? `: ${cause}` : ''}`,
      'network',
      {
        url: provUrl,
      },
    );
  };
  if (options.offline) return missing(`offline: ${provUrl} is not in the cache`, 'offline mode: no network access');
  let res: HttpResponse;
  try {
    res = await httpRequest(provUrl, { maxBytes: MAX_PROVENANCE_BYTES, authorization: auth }, ctx);
  } catch (err) {
    if ((err as FetchError).code === 'aborted') throw err;
    return missing(err instanceof FetchError ? (err.details.helmText ?? err.message) : (err as Error).message);
  }
  if (res.status !== 200) return missing(statusError(provUrl, res).message);
  return { ...pulled, provenance: Buffer.from(res.body).toString('utf8') };
}

async function downloadChart(
  chartUrl: string,
  expected: string | undefined,
  known: { name: string; version: string } | undefined,
  options: ResolvedOptions,
  ctx: HttpContext,
  cache: ChartCache | undefined,
  auth: ((u: URL) => string | undefined) | undefined,
): Promise<PulledChart> {
  options.onDownload?.(chartUrl);
  const refKey = `url|${chartUrl}`;
  const fileName = baseName(new URL(chartUrl).pathname) || 'chart.tgz';
  // With the index's digest the cache answers without the network; without one only offline does.
  const cachedDigest = expected ?? (options.offline ? (await cache?.readRef(refKey))?.digest : undefined);
  if (cache && cachedDigest) {
    const bytes = await cache.readBlob(cachedDigest);
    if (bytes) {
      const meta = known ?? (await chartMetadata(bytes, chartUrl, fileName));
      return { bytes, digest: cachedDigest, ...meta, sourceUrl: chartUrl, fileName, fromCache: true };
    }
  }
  if (options.offline)
    throw new FetchError(`offline: ${chartUrl} is not in the cache`, 'offline-miss', { url: chartUrl });

  const res = await downloadLimiter.run(() =>
    httpRequest(
      chartUrl,
      { headers: { accept: CHART_ACCEPT }, maxBytes: options.maxChartBytes, authorization: auth },
      ctx,
    ),
  );
  if (res.status !== 200) throw statusError(chartUrl, res);
  const digest = sha256Digest(res.body);
  if (expected && digest !== expected) {
    throw new FetchError(
      `digest mismatch for ${chartUrl}: the repository index lists ${expected}, the download is ${digest}`,
      'digest-mismatch',
      { url: chartUrl },
    );
  }
  const meta = known ?? (await chartMetadata(res.body, chartUrl, fileName));
  if (cache) {
    try {
      await cache.writeBlob(res.body);
      await cache.writeRef(refKey, { digest, ...meta, sourceUrl: chartUrl, fileName, savedAt: Date.now() });
    } catch (err) {
      options.warn(`could not write to the cache: ${(err as Error).message}`);
    }
  }
  return { bytes: res.body, digest, ...meta, sourceUrl: chartUrl, fileName, fromCache: false };
}

// Concurrent pulls from one repository in this process share a single index download.
/** Index bytes, and for a fresh download the step that stores them in the cache. */
interface LoadedIndex {
  bytes: Uint8Array;
  commit?: () => Promise<void>;
}

const inflightIndexes = new Map<string, Promise<LoadedIndex>>();

function sharedIndexLoad(
  repoUrl: string,
  idxUrl: string,
  options: ResolvedOptions,
  ctx: HttpContext,
  cache: ChartCache | undefined,
  auth: ((u: URL) => string | undefined) | undefined,
): Promise<LoadedIndex> {
  const key = [idxUrl, auth?.(new URL(idxUrl)) ?? '', cache?.root ?? '', options.offline ? 'offline' : ''].join('\0');
  let pending = inflightIndexes.get(key);
  if (!pending) {
    pending = loadIndex(repoUrl, idxUrl, options, ctx, cache, auth).finally(() => inflightIndexes.delete(key));
    inflightIndexes.set(key, pending);
  }
  return pending;
}

/** The index bytes: fresh from the cache, revalidated, or downloaded. */
async function loadIndex(
  repoUrl: string,
  idxUrl: string,
  options: ResolvedOptions,
  ctx: HttpContext,
  cache: ChartCache | undefined,
  auth: ((u: URL) => string | undefined) | undefined,
): Promise<LoadedIndex> {
  const cached = await cache?.readIndex(idxUrl);
  if (options.offline) {
    if (!cached)
      throw new FetchError(`offline: the index ${idxUrl} is not in the cache`, 'offline-miss', { url: idxUrl });
    return { bytes: cached.bytes };
  }
  const fresh = cached && !cached.meta.credentials && Date.now() - cached.meta.fetchedAt < options.indexTtlMs;
  if (fresh) return { bytes: cached.bytes };
  const parsed = new URL(idxUrl);
  const credentials = auth?.(parsed) !== undefined || parsed.username !== '' || parsed.password !== '';
  const headers: Record<string, string> = {};
  if (cached?.meta.etag) headers['if-none-match'] = cached.meta.etag;
  if (cached?.meta.lastModified) headers['if-modified-since'] = cached.meta.lastModified;
  let res: HttpResponse;
  try {
    res = await httpRequest(idxUrl, { headers, maxBytes: options.maxIndexBytes, authorization: auth }, ctx);
  } catch (err) {
    if (err instanceof FetchError && err.code !== 'aborted') {
      throw new FetchError(
        `looks like "${repoUrl}" is not a valid chart repository or cannot be reached: ${err.message}`,
        err.code,
        {
          ...err.details,
          cause: err,
        },
      );
    }
    throw err;
  }
  if (res.status === 304 && cached) {
    const meta = { ...cached.meta, credentials: cached.meta.credentials || credentials };
    await bestEffortIndexWrite(cache!, idxUrl, cached.bytes, res, meta, options);
    return { bytes: cached.bytes };
  }
  if (res.status !== 200) {
    const inner = statusError(idxUrl, res);
    throw new FetchError(
      `looks like "${repoUrl}" is not a valid chart repository or cannot be reached: ${inner.message}`,
      'http-status',
      {
        url: idxUrl,
        status: res.status,
      },
    );
  }
  const store = cache;
  return {
    bytes: res.body,
    commit: store ? () => bestEffortIndexWrite(store, idxUrl, res.body, res, { credentials }, options) : undefined,
  };
}

async function bestEffortIndexWrite(
  cache: ChartCache,
  url: string,
  bytes: Uint8Array,
  res: HttpResponse,
  previous: { etag?: string; lastModified?: string; credentials?: boolean },
  options: ResolvedOptions,
): Promise<void> {
  try {
    await cache.writeIndex(url, bytes, {
      fetchedAt: Date.now(),
      etag: res.headers.etag ?? previous.etag,
      lastModified: res.headers['last-modified'] ?? previous.lastModified,
      ...(previous.credentials ? { credentials: true as const } : {}),
    });
  } catch (err) {
    options.warn(`could not write to the cache: ${(err as Error).message}`);
  }
}

/** The last path segment, percent-decoded like Go's url.Path (kept raw if the escapes are bad). */
function baseName(pathname: string): string {
  const last = pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Name and version from the archive itself (archive URLs carry no index entry). */
async function chartMetadata(
  bytes: Uint8Array,
  url: string,
  fileName: string,
): Promise<{ name: string; version: string }> {
  try {
    return await readChartMetadata(bytes);
  } catch (err) {
    if (err instanceof ArchiveError) {
      throw new FetchError(`${url}: ${err.message}`, 'invalid-chart', {
        url,
        download: { bytes, fileName },
        cause: err,
      });
    }
    throw err;
  }
}

/** helm's `failed to fetch URL : 404 Not Found`. */
function statusError(url: string, res: HttpResponse): FetchError {
  const code = res.status === 401 || res.status === 403 ? 'unauthorized' : 'http-status';
  return new FetchError(`failed to fetch ${url} : ${res.statusLine}`, code, { url, status: res.status });
}
