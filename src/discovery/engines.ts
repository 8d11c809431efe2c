/**
 * The real chart fetcher behind the pipeline's injected {@link FetchChart}: helmless's own
 * repository/OCI client (`src/helm/fetch`), addressed the way `helm template` addresses a chart
 * (spec §7.1): an OCI repository becomes `oci://<repo>/<chart>`, an HTTP repository is passed as
 * `--repo` with the bare chart name.
 */
import { type PullOptions, pullChart } from '../helm/fetch/index.js';
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
 * The in-process renderer `mirror list` uses by default. helmless's renderer is not wired in yet,
 * so this returns undefined and any recipe with a chart fails with a clear error (no silent
 * manifest-only inventory, unlike upstream without helm).
 */
export function defaultRenderer(): RenderChart | undefined {
  return undefined;
}
