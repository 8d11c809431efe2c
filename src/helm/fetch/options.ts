import type { Dispatcher } from 'undici';
import type { SemverCompat } from '../../sprig/semver.js';

/** Credentials for a chart repository or registry. */
export type FetchAuth =
  /** HTTP basic auth (helm `--username/--password`); for OCI, exchanged for a registry token. */
  | { username: string; password: string }
  /** A bearer token sent as `Authorization: Bearer <token>`. */
  | { token: string };

/** Options of {@link pullChart}. Every field is optional. */
export interface PullOptions {
  /**
   * The version or semver constraint (helm `--version`): an exact version (tried verbatim first, a
   * leading `v` tolerated either way), or a range like `^1.2`, `>=1.20-0`, `1.2.x`. Empty means the
   * newest non-prerelease version.
   */
  version?: string;
  /** Admit prerelease versions when no version is given (helm `--devel`, i.e. `>0.0.0-0`). */
  devel?: boolean;
  /**
   * The chart repository URL (helm `--repo`); the reference is then a chart name looked up in its
   * `index.yaml`. Not used for `oci://` references.
   */
  repo?: string;
  /** Credentials (helm `--username/--password`, or a bearer token). */
  auth?: FetchAuth;
  /**
   * Send the credentials to the chart wherever it is (helm `--pass-credentials`; `helm pull` always
   * does). Without it, a chart on another host than the repository's gets none. A redirect keeps
   * them as Go's client does: to the same host (any port) or a subdomain of it.
   */
  passCredentials?: boolean;
  /** A PEM file of extra CA certificates to trust (helm `--ca-file`). */
  caFile?: string;
  /** A PEM client certificate for servers that ask for one (helm `--cert-file`; needs `keyFile`). */
  certFile?: string;
  /** The PEM private key of `certFile` (helm `--key-file`). */
  keyFile?: string;
  /** Skip TLS certificate verification (helm `--insecure-skip-tls-verify`). */
  insecureSkipTlsVerify?: boolean;
  /** Talk plain HTTP to an OCI registry (helm `--plain-http`). */
  plainHttp?: boolean;
  /**
   * The cache directory. Defaults to `$HELMLESS_CACHE`, else `/tmp/helmless-cache` on AWS Lambda,
   * else `$XDG_CACHE_HOME/helmless`, else `~/.cache/helmless`. `false` disables caching (nothing is
   * written to disk). A cache that cannot be written only produces warnings.
   */
  cacheDir?: string | false;
  /**
   * Also fetch the chart's provenance file (what helm `--verify` checks): `<chart URL>.prov`, or an
   * OCI chart's provenance layer (cached like its other blobs). A chart without one fails; with
   * `'if-present'` (helm `pull --prov`) it does not, and {@link PulledChart.provenanceMissing} says why.
   */
  provenance?: boolean | 'if-present';
  /** Use only the cache: no network access at all; a miss is an error. */
  offline?: boolean;
  /** How long a cached `index.yaml` is used without asking the server again (ms, default 300000). */
  indexTtlMs?: number;
  /** Per-attempt time limit of one HTTP request, headers and body (ms, default 120000 like helm). */
  timeoutMs?: number;
  /** Time limit for opening a connection (ms, default 30000). */
  connectTimeoutMs?: number;
  /** Extra attempts after a 5xx/429 answer, a reset connection or a timeout (default 3). */
  retries?: number;
  /** First retry delay; doubles each attempt, with jitter, capped at 10 s (ms, default 300). */
  retryDelayMs?: number;
  /** Largest chart archive accepted (bytes, default 100 MiB). */
  maxChartBytes?: number;
  /** Largest `index.yaml` accepted (bytes, default 256 MiB). */
  maxIndexBytes?: number;
  /**
   * The undici dispatcher for all requests (tests inject a MockAgent or an Agent with other
   * settings). By default a shared keep-alive Agent per TLS configuration is used.
   */
  dispatcher?: Dispatcher;
  /** Cancels the pull: pending requests are aborted and the promise rejects with code `aborted`. */
  signal?: AbortSignal;
  /** Which Masterminds/semver release to follow for version matching (default 'helm3'). */
  compat?: SemverCompat;
  /**
   * Environment for credential, cache and proxy lookups (default `process.env`). Requests go through
   * `HTTPS_PROXY`/`HTTP_PROXY` except for `NO_PROXY` hosts, localhost and loopback addresses, as
   * helm's do (Go's ProxyFromEnvironment).
   */
  env?: NodeJS.ProcessEnv;
  /** Helm's registry credentials file; default `$HELM_REGISTRY_CONFIG` or `~/.config/helm/registry/config.json`. */
  registryConfig?: string;
  /** Docker's config directory; default `$DOCKER_CONFIG` or `~/.docker`. */
  dockerConfigDir?: string;
  /**
   * Receives non-fatal warnings (skipped index entries, helm 4's note when no version string matches
   * exactly, deprecated media types), with what they are about for callers that print them as helm
   * logs them.
   */
  onWarning?: (message: string, detail?: WarningDetail) => void;
  /**
   * Called as the chart archive's download starts (helm 4 logs it under `--debug`): with the chart's
   * URL, or the OCI reference as given. A chart served from the cache is announced too.
   */
  onDownload?: (ref: string) => void;
  /**
   * The directory helm writes a downloaded index to (`repository` under its cache home), under a
   * random name, before loading it a second time and logging skipped entries again with that file's
   * path. Given this directory, the warnings are repeated the same way.
   */
  helmRepositoryCache?: string;
}

/** What a warning is about. */
export type WarningDetail =
  /** helm's `skipping loading invalid entry …` (a null entry is an `empty entry`). */
  | { kind: 'skipped-index-entry'; emptyEntry: boolean }
  /** helm 4's `unable to find exact version requested…`, with its slog attributes. */
  | { kind: 'version-fallback'; attrs: Array<[string, string]> };

/** A pulled chart archive. */
export interface PulledChart {
  /** The chart archive (`.tgz`) bytes. */
  bytes: Uint8Array;
  /** `sha256:<hex>` of `bytes`. */
  digest: string;
  /** The chart name. */
  name: string;
  /** The chart version that was selected. */
  version: string;
  /** Where the archive came from: the chart URL, or the `oci://…:tag` / `@digest` reference. */
  sourceUrl: string;
  /** For OCI pulls: the manifest digest (what `helm pull` prints as `Digest:`). */
  manifestDigest?: string;
  /** The file name helm would save it under (`<name>-<version>.tgz` or the URL's base name). */
  fileName: string;
  /** Whether the archive was served from the cache without downloading it. */
  fromCache: boolean;
  /** The provenance file's text, when {@link PullOptions.provenance} asked for it. */
  provenance?: string;
  /**
   * Why the provenance file asked for with `'if-present'` could not be fetched, in helm's words
   * (`failed to fetch <URL>.prov : 404 Not Found`, or the OCI manifest's missing layer).
   */
  provenanceMissing?: string;
}

/** Largest provenance file accepted: they are a few kilobytes (a clear-signed YAML header and a hash). */
export const MAX_PROVENANCE_BYTES = 1024 * 1024;

/** Options with defaults applied (internal). */
export interface ResolvedOptions extends PullOptions {
  timeoutMs: number;
  connectTimeoutMs: number;
  retries: number;
  retryDelayMs: number;
  maxChartBytes: number;
  maxIndexBytes: number;
  indexTtlMs: number;
  compat: SemverCompat;
  env: NodeJS.ProcessEnv;
  warn: (message: string, detail?: WarningDetail) => void;
}

export function resolveOptions(options: PullOptions): ResolvedOptions {
  return {
    ...options,
    timeoutMs: options.timeoutMs ?? 120_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
    retries: options.retries ?? 3,
    retryDelayMs: options.retryDelayMs ?? 300,
    maxChartBytes: options.maxChartBytes ?? 100 * 1024 * 1024,
    maxIndexBytes: options.maxIndexBytes ?? 256 * 1024 * 1024,
    indexTtlMs: options.indexTtlMs ?? 300_000,
    compat: options.compat ?? 'helm3',
    env: options.env ?? process.env,
    warn: options.onWarning ?? (() => {}),
  };
}
