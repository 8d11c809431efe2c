/**
 * Fetching Helm charts without helm: from chart repositories (`index.yaml`), from OCI registries
 * (`oci://`) and from archive URLs, through a verified content-addressed cache.
 *
 * ```ts
 * const chart = await pullChart('grafana', { repo: 'https://grafana.github.io/helm-charts', version: '^8' });
 * const other = await pullChart('oci://ghcr.io/org/charts/app', { version: '1.2.3' });
 * ```
 */

import type { Dispatcher } from 'undici';
import { ChartCache, cacheRoot } from './cache.js';
import { dispatchersFor } from './dispatcher.js';
import { FetchError } from './errors.js';
import { type HttpContext, httpRequest } from './http.js';
import { listOciChartVersions, pullOciChart, resolveManifestDigest } from './oci.js';
import { isOciReference, parseOciReference } from './oci-reference.js';
import { type PulledChart, type PullOptions, type ResolvedOptions, resolveOptions } from './options.js';
import type { Platform } from './platform.js';
import { loadRepositoryIndex, pullFromRepository, pullFromUrl } from './repo.js';
import type { RepoIndex } from './repo-index.js';

export { cacheRoot } from './cache.js';
export { closeSharedDispatchers } from './dispatcher.js';
export { FetchError, type FetchErrorCode } from './errors.js';
export { setMaxConcurrentDownloads } from './limiter.js';
export { ociPullMessage } from './oci.js';
export { formatOciReference, isOciReference, type OciReference, parseOciReference } from './oci-reference.js';
export type { FetchAuth, PulledChart, PullOptions, WarningDetail } from './options.js';
export { formatPlatform, type Platform, parsePlatform } from './platform.js';
export { indexUrl, resolveChartUrl } from './repo.js';
export { type IndexEntry, type RepoIndex, skippedEntryMessage } from './repo-index.js';

/**
 * Fetches a chart archive.
 *
 * `ref` is one of:
 * - `oci://host[:port]/path/name[:tag|@sha256:…]` — an OCI registry (`options.version` may be a range);
 * - a chart name together with `options.repo` (a chart repository URL);
 * - an `http(s)://…/name-version.tgz` archive URL.
 *
 * helm's `repoName/chart` form needs helm's repositories.yaml and is not supported: pass `repo`.
 *
 * @throws FetchError with a helm-style message and a `code`
 */
export async function pullChart(ref: string, options: PullOptions = {}): Promise<PulledChart> {
  try {
    return await pull(ref, options);
  } catch (err) {
    // A malformed URL (in the reference, an index or a redirect) is bad input, not a crash.
    const e = err as { code?: string; input?: string };
    if (err instanceof TypeError && e.code === 'ERR_INVALID_URL') {
      throw new FetchError(`invalid URL "${e.input ?? ''}"`, 'invalid-reference', { cause: err });
    }
    throw err;
  }
}

/** The options with defaults, the chart cache they name, and the HTTP context of one fetch. */
function fetchSetup(options: PullOptions): { resolved: ResolvedOptions; cache?: ChartCache; ctx: HttpContext } {
  const resolved = resolveOptions(options);
  const root = cacheRoot(resolved.cacheDir, resolved.env);
  const cache = root ? new ChartCache(root) : undefined;
  if (resolved.offline && !cache) throw new FetchError('offline mode needs a cache directory', 'offline-miss');
  return { resolved, cache, ctx: httpContext(resolved) };
}

async function pull(ref: string, options: PullOptions): Promise<PulledChart> {
  const { resolved, cache, ctx } = fetchSetup(options);
  if (isOciReference(ref)) {
    if (resolved.repo) {
      // helm looks the whole reference up as a chart name in the repository, and fails.
      throw new FetchError(`chart "${ref}" not found in ${resolved.repo} repository`, 'chart-not-found');
    }
    return pullOciChart(ref, resolved, ctx, cache);
  }
  if (resolved.repo) return pullFromRepository(ref, resolved, ctx, cache);
  if (/^https?:\/\//i.test(ref)) return pullFromUrl(ref, resolved, ctx, cache);
  if (ref.includes('/') && !ref.includes('://')) {
    throw new FetchError(
      `"${ref}" names a chart through a helm repository alias, which needs helm's repositories.yaml; pass the repository URL instead (--repo URL / options.repo)`,
      'invalid-reference',
    );
  }
  throw new FetchError(
    `non-absolute URLs should be in form of repo_name/path_to_chart, got: ${ref}`,
    'invalid-reference',
  );
}

/**
 * The index of the chart repository at `repoUrl` (its `index.yaml`), as helm loads it: each chart's
 * loadable versions, newest first. Cached and revalidated like the index of a `pullChart` with `repo`.
 *
 * @throws FetchError with helm's text when the index cannot be fetched or read
 */
export async function pullRepositoryIndex(repoUrl: string, options: PullOptions = {}): Promise<RepoIndex> {
  const { resolved, cache, ctx } = fetchSetup(options);
  return loadRepositoryIndex(repoUrl, resolved, ctx, cache);
}

/**
 * The versions an OCI chart repository (`oci://host/path/name`) has as tags, newest first (helm's
 * registry client Tags: semantic versions only, `_` read as `+`).
 *
 * @throws FetchError
 */
export async function listChartVersions(ref: string, options: PullOptions = {}): Promise<string[]> {
  const resolved = resolveOptions(options);
  return listOciChartVersions(ref, resolved, httpContext(resolved));
}

/**
 * The manifest digest an image tag names on its registry (`crane digest`): `image` is a fully
 * qualified `host/repository[:tag]` (no tag means `latest`; Docker Hub names need `docker.io/`).
 * With a `platform` (`linux/arm64`), an image index gives the digest of that platform's manifest
 * (`crane digest --platform`). Registry options (auth, Docker credentials, TLS, `plainHttp`,
 * proxies, signal) apply as for charts; `offline` refuses, since tags move and nothing is cached.
 *
 * @throws FetchError
 */
export async function resolveImageDigest(
  image: string,
  options: PullOptions = {},
  platform?: Platform,
): Promise<string> {
  const ref = parseOciReference(`oci://${image}`);
  if (ref.digest !== '') return ref.digest;
  const resolved = resolveOptions(options);
  if (resolved.offline) throw new FetchError(`offline: cannot resolve the digest of ${image}`, 'offline-miss');
  return resolveManifestDigest(ref, resolved, httpContext(resolved), platform);
}

/** Values files fetched by URL are refused beyond this size (helm's 5 MiB chart file limit). */
export const MAX_VALUES_FILE_BYTES = 5 * 1024 * 1024;

/**
 * A values file by http(s) URL, as helm reads `-f URL` and `--set-file key=URL`: a plain GET with no
 * repository credentials, failing with helm's `failed to fetch URL : 404 Not Found` or Go's
 * `Get "URL": …` texts.
 * @throws FetchError
 */
export async function fetchValuesFile(url: string, options: PullOptions = {}): Promise<Uint8Array> {
  const resolved = resolveOptions(options);
  if (resolved.offline) throw new FetchError(`offline mode: cannot fetch ${url}`, 'offline-miss');
  const res = await httpRequest(url, { maxBytes: MAX_VALUES_FILE_BYTES }, httpContext(resolved));
  if (res.status !== 200) {
    throw new FetchError(`failed to fetch ${url} : ${res.statusLine}`, 'http-status', { url, status: res.status });
  }
  return res.body;
}

/** The HTTP settings of resolved fetch options (offline: every request refused before it is sent). */
function httpContext(resolved: ReturnType<typeof resolveOptions>): HttpContext {
  return {
    dispatcher: resolved.offline ? refuseNetwork : dispatchersFor(resolved),
    timeoutMs: resolved.timeoutMs,
    retries: resolved.retries,
    retryDelayMs: resolved.retryDelayMs,
    signal: resolved.signal,
  };
}

/** Offline mode must never touch the network: any request fails before it is sent. */
async function refuseNetwork(): Promise<Dispatcher> {
  throw new FetchError('offline mode: no network access', 'offline-miss');
}
