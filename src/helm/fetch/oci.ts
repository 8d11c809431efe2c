/**
 * Pulling a Helm chart from an OCI registry over the distribution API: version/tag resolution as
 * in helm's registry client (ValidateReference, Tags, GetTagMatchingVersionOrConstraint), the
 * anonymous or credentialed token flow, and digest verification of the manifest and every blob.
 */
import { STATUS_CODES } from 'node:http';
import { isIPv4 } from 'node:net';
import { sprintf } from '../../gotemplate/fmt.js';
import { quote } from '../../gotemplate/strconv.js';
import { parseConstraint, SemverError, tryParseVersion, type Version } from '../../sprig/semver.js';
import { goReleaseOf, goSortArray } from '../go-sort.js';
import type { ChartCache } from './cache.js';
import { credentialFiles, findRegistryCredential, type RegistryCredential } from './credentials.js';
import { isSha256Digest, sha256Digest } from './digest.js';
import { FetchError } from './errors.js';
import { authorizationHeader, type HttpContext, type HttpResponse, httpRequest, sameOrigin } from './http.js';
import { downloadLimiter } from './limiter.js';
import { apiHost, formatOciReference, type OciReference, parseOciReference } from './oci-reference.js';
import { MAX_PROVENANCE_BYTES, type PulledChart, type PullOptions, type ResolvedOptions } from './options.js';
import { formatPlatform, type IndexEntry, type Platform, selectPlatform } from './platform.js';

/** How helm 4 (oras-go) prefixes a failed manifest request of a pull. */
const FETCH_REFERENCE = 'failed to perform "FetchReference" on source: ';

export const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const HELM_CONFIG_MEDIA_TYPE = 'application/vnd.cncf.helm.config.v1+json';
export const HELM_CHART_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
export const LEGACY_CHART_MEDIA_TYPE = 'application/tar+gzip';
export const HELM_PROV_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.provenance.v1.prov';

const MANIFEST_ACCEPT = [
  OCI_MANIFEST_MEDIA_TYPE,
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_CONFIG_BYTES = 1024 * 1024;
const MAX_TAG_PAGES = 100;

/** helm prints this after `Pulled:` when the tag holds `_` (a `+` in the chart version). */
export const UNDERSCORE_MESSAGE = `
OCI artifact references (e.g. tags) do not support the plus sign (+). To support
storing semantic versions, Helm adopts the convention of changing plus (+) to
an underscore (_) in chart version tags when pushing to a registry and back to
a plus (+) when pulling from a registry.`;

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

/** A repository on a registry, with the credentials and token it has earned so far. */
class RegistrySession {
  readonly base: URL;
  #authorization: string | undefined;
  #credential: RegistryCredential | undefined | null = null;

  constructor(
    readonly ref: OciReference,
    private readonly options: ResolvedOptions,
    private readonly ctx: HttpContext,
  ) {
    this.base = new URL(`${options.plainHttp ? 'http' : 'https'}://${apiHost(ref.registry)}/`);
    if (options.auth && 'token' in options.auth) this.#authorization = authorizationHeader(options.auth);
  }

  /** GET (or HEAD) `path` on the registry, authenticating once when challenged. */
  async get(
    path: string,
    accept: string | undefined,
    maxBytes: number,
    method: 'GET' | 'HEAD' = 'GET',
  ): Promise<HttpResponse> {
    const url = new URL(path, this.base).href;
    const send = () =>
      httpRequest(
        url,
        {
          method,
          headers: accept ? { accept } : {},
          maxBytes,
          // Blob downloads often redirect to storage elsewhere: the registry token stays home.
          authorization: (u) => (sameOrigin(u, this.base) ? this.#authorization : undefined),
        },
        this.ctx,
      );
    let res = await send();
    if (res.status === 401) {
      const basic = await this.#authenticate(res, url);
      res = await send();
      if (res.status === 401) {
        const challengeError = parseChallenge(res.headers['www-authenticate'] ?? '')?.params.error;
        throw new FetchError(`${url}: ${res.statusLine}`, 'unauthorized', {
          url,
          status: 401,
          ...(basic
            ? { basicAuthRefused: { response: res, credentialSent: true } }
            : { bearerRefused: { request: url, registry: res, challengeError } }),
        });
      }
    }
    return res;
  }

  async #credentialFor(): Promise<RegistryCredential | undefined> {
    const explicit = this.options.auth;
    if (explicit && 'username' in explicit) return { username: explicit.username, password: explicit.password };
    if (this.#credential === null) {
      const files = credentialFiles(this.options.env, this.options.registryConfig, this.options.dockerConfigDir);
      this.#credential = await findRegistryCredential(this.ref.registry, files, this.options.warn);
    }
    return this.#credential;
  }

  /** Answers a 401's challenge to `request`; true when with basic credentials. */
  async #authenticate(challengeResponse: HttpResponse, request: string): Promise<boolean> {
    const challenge = parseChallenge(challengeResponse.headers['www-authenticate'] ?? '');
    const cred = await this.#credentialFor();
    if (challenge?.scheme === 'basic') {
      if (!cred?.username || cred.password === undefined) {
        throw new FetchError(
          `${challengeResponse.url}: ${challengeResponse.statusLine} (no credentials)`,
          'unauthorized',
          {
            url: challengeResponse.url,
            status: 401,
            basicAuthRefused: { response: challengeResponse, credentialSent: false },
          },
        );
      }
      this.#authorization = authorizationHeader({ username: cred.username, password: cred.password });
      return true;
    }
    if (challenge?.scheme !== 'bearer' || !challenge.params.realm) {
      throw new FetchError(`${challengeResponse.url}: ${challengeResponse.statusLine}`, 'unauthorized', {
        url: challengeResponse.url,
        status: 401,
      });
    }
    const realm = new URL(challenge.params.realm);
    const scope = challenge.params.scope ?? `repository:${this.ref.repository}:pull`;
    const service = challenge.params.service;
    let res: HttpResponse;
    if (cred?.identityToken) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: cred.identityToken, scope });
      if (service) form.set('service', service);
      form.set('client_id', 'helmless');
      res = await httpRequest(
        realm.href,
        {
          method: 'POST',
          body: form.toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          maxBytes: MAX_CONFIG_BYTES,
        },
        this.ctx,
      );
    } else {
      // In Go's order (url.Values sorts its keys): scope, then service.
      realm.searchParams.set('scope', scope);
      if (service) realm.searchParams.set('service', service);
      const basic =
        cred?.username && cred.password !== undefined
          ? authorizationHeader({ username: cred.username, password: cred.password })
          : undefined;
      res = await httpRequest(realm.href, { maxBytes: MAX_CONFIG_BYTES, authorization: () => basic }, this.ctx);
    }
    if (res.status < 200 || res.status > 299) {
      throw new FetchError(`failed to authorize: ${realm.origin}${realm.pathname}: ${res.statusLine}`, 'unauthorized', {
        url: realm.href,
        status: res.status,
        bearerRefused: { request, token: res },
      });
    }
    let token: unknown;
    try {
      const body = JSON.parse(Buffer.from(res.body).toString('utf8')) as { token?: unknown; access_token?: unknown };
      token = body.token ?? body.access_token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '') {
      throw new FetchError(`failed to authorize: ${realm.href} returned no token`, 'unauthorized', { url: realm.href });
    }
    this.#authorization = `Bearer ${token}`;
    return false;
  }
}

/** `Bearer realm="…",service="…",scope="…"` → its scheme and parameters. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } | undefined {
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/g;
  for (let p = re.exec(m[2]!); p; p = re.exec(m[2]!)) {
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
  }
  return { scheme: m[1]!.toLowerCase(), params };
}

/** Pulls a chart by `oci://` reference. */
export async function pullOciChart(
  refText: string,
  options: ResolvedOptions,
  ctx: HttpContext,
  cache: ChartCache | undefined,
): Promise<PulledChart> {
  options.onDownload?.(refText);
  const ref = parseOciReference(refText, options.compat);
  const session = new RegistrySession(ref, options, ctx);
  let version = options.version ?? '';
  if (version === '' && options.devel) version = '>0.0.0-0';
  const compat = options.compat;

  // helm's ValidateReference: the reference's own tag is the default version, and must agree.
  if (version === '') version = ref.tag;
  else if (ref.tag !== '' && ref.tag !== version) {
    throw new FetchError(`chart reference and version mismatch: ${version} is not ${ref.tag}`, 'invalid-reference');
  }

  let target: { tag: string; digest: string };
  if (ref.digest !== '') {
    if (version !== '' && !options.offline) {
      const tagged = await resolveTagDigest(session, version.replaceAll('+', '_'));
      if (tagged && tagged !== ref.digest) {
        throw new FetchError(`chart reference digest mismatch: ${tagged} is not ${ref.digest}`, 'digest-mismatch');
      }
    }
    target = { tag: '', digest: ref.digest };
  } else if (tryParseVersion(version, { compat })) {
    target = { tag: version, digest: '' };
  } else {
    if (options.offline) {
      throw new FetchError(
        `offline: cannot list the tags of oci://${ref.registry}/${ref.repository} to match "${version}"`,
        'offline-miss',
      );
    }
    const tags = await listSemverTags(session, compat);
    if (tags.length === 0) {
      const unable = compat === 'helm4' ? 'unable' : 'Unable';
      throw new FetchError(`${unable} to locate any tags in provided repository: ${refText}`, 'version-not-found', {
        availableVersions: [],
      });
    }
    target = { tag: matchTag(tags, version, compat), digest: '' };
  }

  const shown: OciReference = { ...ref, tag: target.tag.replaceAll('+', '_'), digest: target.digest };
  const refKey = `oci|${formatOciReference(shown)}`;
  const base = ref.repository.slice(ref.repository.lastIndexOf('/') + 1);
  const fileName = target.digest ? `${base}@${target.digest.replace(':', '-')}.tgz` : `${base}-${target.tag}.tgz`;
  const sourceUrl = `oci://${formatOciReference(shown)}`;

  // Everything a manifest names, from the cache alone (or undefined if anything is missing).
  const fromCache = async (manifestDigest: string | undefined): Promise<PulledChart | undefined> => {
    const manifestBytes = manifestDigest ? await cache?.readBlob(manifestDigest) : undefined;
    if (!manifestDigest || !manifestBytes) return undefined;
    const manifest = readManifest(manifestBytes, manifestDigest, options.warn);
    const config = await cache?.readBlob(manifest.config.digest);
    const chart = await cache?.readBlob(manifest.chart.digest);
    if (!config || !chart) return undefined;
    const meta = readConfig(config);
    const pulled: PulledChart = {
      bytes: chart,
      digest: manifest.chart.digest,
      ...meta,
      sourceUrl,
      manifestDigest,
      fileName,
      fromCache: true,
    };
    if (options.provenance && manifest.prov) {
      const prov = await cache?.readBlob(manifest.prov.digest);
      if (!prov) return undefined;
      pulled.provenance = Buffer.from(prov).toString('utf8');
    }
    return requireProvenance(pulled, manifest, options.provenance);
  };

  if (options.offline) {
    if (!cache) throw new FetchError('offline mode needs a cache directory', 'offline-miss');
    const hit = await fromCache(target.digest || (await cache.readRef(refKey))?.manifestDigest);
    if (!hit) throw new FetchError(`offline: ${formatOciReference(shown)} is not in the cache`, 'offline-miss');
    return hit;
  }
  // A digest names immutable content: a complete cache entry needs no network at all.
  if (target.digest) {
    const hit = await fromCache(target.digest);
    if (hit) return hit;
  }

  // A tag's manifest is always asked for (tags move); blobs come from the cache when present.
  const reference = target.digest || target.tag.replaceAll('+', '_');
  const manifestPath = `/v2/${ref.repository}/manifests/${reference}`;
  // helm 3 resolves and pulls through containerd's resolver, which speaks plain HTTP to a registry on
  // this machine (localhost, a loopback address); its tag listing does not.
  const puller =
    compat === 'helm3' && !options.plainHttp && isLoopbackHost(apiHost(ref.registry))
      ? new RegistrySession(ref, { ...options, plainHttp: true }, ctx)
      : session;
  let res: HttpResponse;
  try {
    res = await puller.get(manifestPath, MANIFEST_ACCEPT, MAX_MANIFEST_BYTES);
  } catch (err) {
    throw refusedAuthorization(
      unansweredManifestRequest(err, new URL(manifestPath, puller.base).href, compat),
      'pull',
      compat,
    );
  }
  if (res.status === 404) {
    const prefix = compat === 'helm4' ? FETCH_REFERENCE : '';
    throw new FetchError(`${prefix}${formatOciReference(shown)}: not found`, 'version-not-found', {
      url: res.url,
      status: 404,
    });
  }
  if (res.status !== 200) {
    throw new FetchError(`failed to fetch ${res.url} : ${res.statusLine}`, 'http-status', {
      url: res.url,
      status: res.status,
    });
  }
  const manifestDigest = sha256Digest(res.body);
  const announced = res.headers['docker-content-digest'];
  if (
    (target.digest && manifestDigest !== target.digest) ||
    (announced && isSha256Digest(announced) && announced !== manifestDigest)
  ) {
    throw new FetchError(
      `digest mismatch for manifest ${res.url}: expected ${target.digest || announced}, got ${manifestDigest}`,
      'digest-mismatch',
      { url: res.url },
    );
  }
  const manifest = readManifest(res.body, manifestDigest, options.warn);
  const config = await fetchBlob(puller, manifest.config, MAX_CONFIG_BYTES, cache);
  const meta = readConfig(config.bytes);
  const chart = await fetchBlob(puller, manifest.chart, options.maxChartBytes, cache);
  if (cache) {
    await bestEffort(options, async () => {
      await cache.writeBlob(res.body);
      await cache.writeRef(refKey, {
        digest: manifest.chart.digest,
        ...meta,
        sourceUrl,
        manifestDigest,
        fileName,
        savedAt: Date.now(),
      });
    });
  }
  const pulled: PulledChart = {
    bytes: chart.bytes,
    digest: manifest.chart.digest,
    ...meta,
    sourceUrl,
    manifestDigest,
    fileName,
    fromCache: chart.fromCache,
  };
  if (options.provenance && manifest.prov) {
    const prov = await fetchBlob(puller, manifest.prov, MAX_PROVENANCE_BYTES, cache);
    pulled.provenance = Buffer.from(prov.bytes).toString('utf8');
  }
  return requireProvenance(pulled, manifest, options.provenance);
}

/**
 * A pull that asked for provenance fails without a provenance layer, with helm's message (it looks
 * for `<reference>.prov`); the error carries the chart, whose `Pulled:` lines helm prints first.
 */
function requireProvenance(
  pulled: PulledChart,
  manifest: HelmManifest,
  wanted: PullOptions['provenance'],
): PulledChart {
  if (wanted === 'if-present' && !manifest.prov) {
    return { ...pulled, provenanceMissing: `manifest does not contain a layer with mediatype ${HELM_PROV_MEDIA_TYPE}` };
  }
  if (wanted && !manifest.prov) {
    throw new FetchError(`failed to fetch provenance ${JSON.stringify(`${pulled.sourceUrl}.prov`)}`, 'network', {
      chart: pulled,
    });
  }
  return pulled;
}

/**
 * What `helm pull` prints for an OCI pull (to stderr); twice when the chart's provenance was pulled
 * too (`--verify`), which helm reports as a second pull.
 */
export function ociPullMessage(pulled: PulledChart, withProvenance = false): string {
  const message = pullMessage(pulled);
  return withProvenance ? message + message : message;
}

function pullMessage(pulled: PulledChart): string {
  const ref = pulled.sourceUrl.replace(/^oci:\/\//, '');
  let s = `Pulled: ${ref}\nDigest: ${pulled.manifestDigest}\n`;
  if (ref.includes('_')) s += `${ref} contains an underscore.\n${UNDERSCORE_MESSAGE}\n`;
  return s;
}

/**
 * The digest of the manifest a tag names in `ref`'s repository (an image's, or any artifact's), as
 * `crane digest` finds it: a HEAD request first, since Docker Hub does not count HEADs against its
 * pull limits, and a GET (hashing the manifest) when the registry announces no digest. With a
 * `platform`, the manifest is read: when it is an image index, the digest is that of the index's
 * manifest for the platform (a single-platform manifest keeps its own digest).
 */
export async function resolveManifestDigest(
  ref: OciReference,
  options: ResolvedOptions,
  ctx: HttpContext,
  platform?: Platform,
): Promise<string> {
  const session = new RegistrySession(ref, options, ctx);
  const path = `/v2/${ref.repository}/manifests/${ref.tag || 'latest'}`;
  const shown = formatOciReference({ ...ref, tag: ref.tag || 'latest' });
  const check = (res: HttpResponse) => {
    if (res.status === 404)
      throw new FetchError(`${shown}: not found`, 'version-not-found', { url: res.url, status: 404 });
    if (res.status !== 200) {
      throw new FetchError(`failed to fetch ${res.url} : ${res.statusLine}`, 'http-status', {
        url: res.url,
        status: res.status,
      });
    }
  };
  if (platform === undefined) {
    const head = await session.get(path, MANIFEST_ACCEPT, MAX_MANIFEST_BYTES, 'HEAD');
    // Some registries refuse HEAD (405) or answer it without a digest; GET then.
    if (head.status !== 405) check(head);
    const announced = head.headers['docker-content-digest'];
    if (head.status === 200 && announced && isSha256Digest(announced)) return announced;
  }
  const res = await session.get(path, MANIFEST_ACCEPT, MAX_MANIFEST_BYTES);
  check(res);
  const digest = sha256Digest(res.body);
  const announced = res.headers['docker-content-digest'];
  if (announced && isSha256Digest(announced) && announced !== digest) {
    throw new FetchError(
      `digest mismatch for manifest ${res.url}: expected ${announced}, got ${digest}`,
      'digest-mismatch',
      { url: res.url },
    );
  }
  if (platform === undefined) return digest;
  const entries = indexEntries(res.body, res.url);
  if (entries === undefined) return digest;
  const chosen = selectPlatform(entries, platform);
  if (chosen === undefined) {
    const offered = entries.flatMap((e) => (e.platform ? [formatPlatform(e.platform)] : []));
    throw new FetchError(
      `${shown}: no ${formatPlatform(platform)} manifest in its index (it has ${offered.join(', ') || 'no platforms'})`,
      'version-not-found',
      { url: res.url },
    );
  }
  return chosen.digest;
}

/** The entries of an image index (OCI index or Docker manifest list); undefined for any other manifest. */
function indexEntries(body: Uint8Array, url: string): IndexEntry[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    throw new FetchError(`invalid manifest from ${url}: not JSON`, 'invalid-manifest', { url });
  }
  const manifests = (doc as { manifests?: unknown } | null)?.manifests;
  if (!Array.isArray(manifests)) return undefined;
  return manifests.map(
    (m: { digest?: unknown; platform?: { os?: unknown; architecture?: unknown; variant?: unknown } }) => {
      if (typeof m?.digest !== 'string' || !isSha256Digest(m.digest)) {
        throw new FetchError(`invalid image index from ${url}: an entry has no sha256 digest`, 'invalid-manifest', {
          url,
        });
      }
      const p = m.platform;
      if (typeof p?.os !== 'string' || typeof p.architecture !== 'string') return { digest: m.digest };
      const platform: Platform = { os: p.os, architecture: p.architecture };
      if (typeof p.variant === 'string' && p.variant !== '') platform.variant = p.variant;
      return { digest: m.digest, platform };
    },
  );
}

async function resolveTagDigest(session: RegistrySession, tag: string): Promise<string | undefined> {
  try {
    const res = await session.get(
      `/v2/${session.ref.repository}/manifests/${tag}`,
      MANIFEST_ACCEPT,
      MAX_MANIFEST_BYTES,
    );
    return res.status === 200 ? sha256Digest(res.body) : undefined;
  } catch {
    return undefined;
  }
}

/** containerd's MatchLocalhost: `localhost` or a loopback address, with or without a port. */
function isLoopbackHost(registry: string): boolean {
  const host = registry.startsWith('[') ? registry.slice(1, registry.indexOf(']')) : registry.replace(/:\d*$/, '');
  if (host.toLowerCase() === 'localhost' || host === '::1') return true;
  return isIPv4(host) && host.startsWith('127.');
}

/**
 * A manifest request the registry never answered (no route, refused, a name that does not resolve),
 * in helm's words: helm 3's registry client names its HEAD request, helm 4 its FetchReference.
 */
function unansweredManifestRequest(err: unknown, url: string, compat: ResolvedOptions['compat']): unknown {
  if (!(err instanceof FetchError) || err.code !== 'network' || err.details.url !== url) return err;
  const text =
    compat === 'helm4'
      ? `${FETCH_REFERENCE}${err.message}`
      : `failed to do request: ${err.message.replace(/^Get /, 'Head ')}`;
  return new FetchError(text, 'network', err.details);
}

/**
 * A registry's refusal of authentication in the words of helm's registry clients: helm 3 pulls
 * through containerd's resolver, lists tags through oras-go's client; helm 4 does both through
 * oras-go. Other errors pass unchanged.
 */
function refusedAuthorization(err: unknown, purpose: 'pull' | 'tags', compat: ResolvedOptions['compat']): unknown {
  if (!(err instanceof FetchError)) return err;
  const { bearerRefused, basicAuthRefused } = err.details;
  if (bearerRefused) return refusedBearer(bearerRefused, purpose, compat) ?? err;
  if (basicAuthRefused) return refusedBasic(basicAuthRefused, purpose, compat);
  return err;
}

/** Basic authentication refused: containerd has one text for missing and wrong credentials. */
function refusedBasic(
  refused: NonNullable<FetchError['details']['basicAuthRefused']>,
  purpose: 'pull' | 'tags',
  compat: ResolvedOptions['compat'],
): FetchError {
  const { response, credentialSent } = refused;
  let text: string;
  if (purpose === 'pull' && compat === 'helm3') {
    text =
      'pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials';
  } else if (credentialSent) text = orasResponseError('GET', response, compat);
  else {
    const missing = compat === 'helm3' ? 'credential required for basic auth' : 'basic credential not found';
    text = `GET ${quote(response.url)}: ${missing}`;
  }
  const prefix = purpose === 'pull' && compat === 'helm4' ? FETCH_REFERENCE : '';
  return new FetchError(`${prefix}${text}`, 'unauthorized', { url: response.url, status: 401 });
}

/**
 * A bearer-token refusal in the words of helm's registry clients: the token endpoint's answer
 * (containerd's `failed to fetch anonymous token`, oras-go's nested GET), or the registry's 401 to
 * the token (containerd names the challenge's error, oras-go the registry's answer).
 */
function refusedBearer(
  refused: NonNullable<FetchError['details']['bearerRefused']>,
  purpose: 'pull' | 'tags',
  compat: ResolvedOptions['compat'],
): FetchError | undefined {
  const containerd = purpose === 'pull' && compat === 'helm3';
  const prefix = purpose === 'pull' && compat === 'helm4' ? FETCH_REFERENCE : '';
  let text: string;
  if (refused.token) {
    const token = refused.token;
    text = containerd
      ? `failed to authorize: failed to fetch anonymous token: unexpected status from GET request to ${token.url}: ${token.statusLine}`
      : `GET ${quote(refused.request)}: ${orasResponseError('GET', token, compat)}`;
  } else if (refused.registry) {
    if (containerd) {
      if (refused.challengeError === undefined) return undefined;
      text = `pull access denied, repository does not exist or may require authorization: server message: ${refused.challengeError}: authorization failed`;
    } else text = orasResponseError('GET', refused.registry, compat);
  } else return undefined;
  const status = (refused.token ?? refused.registry)!.status;
  return new FetchError(`${prefix}${text}`, 'unauthorized', { url: refused.request, status });
}

/**
 * oras-go's ErrorResponse text for a registry's error answer: `GET "<url>": response status code
 * 404: name unknown: <message>: <detail>` (helm 4), or `unexpected status code` without the details
 * (the older oras-go of helm 3). Without readable errors in the body, the status text stands in.
 */
function orasResponseError(method: string, res: HttpResponse, compat: ResolvedOptions['compat']): string {
  let errors: Array<{ code?: unknown; message?: unknown; detail?: unknown }> = [];
  try {
    const body = JSON.parse(Buffer.from(res.body).toString('utf8')) as { errors?: unknown };
    if (Array.isArray(body.errors)) errors = body.errors.filter((e) => typeof e === 'object' && e !== null);
  } catch {
    // Not JSON: the status text says it.
  }
  const one = (e: { code?: unknown; message?: unknown; detail?: unknown }) => {
    const code = String(e.code ?? '')
      .replaceAll('_', ' ')
      .toLowerCase();
    const message = typeof e.message === 'string' ? e.message : '';
    if (message === '') return code;
    if (compat === 'helm3' || e.detail === undefined) return `${code}: ${message}`;
    return `${code}: ${message}: ${sprintf('%v', [jsonToGo(e.detail)])}`;
  };
  const text = errors.length > 0 ? errors.map(one).join('; ') : (STATUS_CODES[res.status] ?? '');
  const phrase = compat === 'helm3' ? 'unexpected status code' : 'response status code';
  return `${method} ${quote(res.url)}: ${phrase} ${res.status}: ${text}`;
}

/** A decoded JSON value as Go's encoding/json leaves it in an `any` (objects as maps). */
function jsonToGo(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(jsonToGo);
  if (typeof v === 'object' && v !== null) return new Map(Object.entries(v).map(([k, x]) => [k, jsonToGo(x)]));
  return v;
}

/**
 * The semantic-version tags of the chart repository `refText` (`oci://host/path/name`), newest first,
 * `_` read as `+`: helm's registry client Tags.
 */
export async function listOciChartVersions(
  refText: string,
  options: ResolvedOptions,
  ctx: HttpContext,
): Promise<string[]> {
  const ref = parseOciReference(refText, options.compat);
  if (options.offline) {
    throw new FetchError(`offline: cannot list the tags of oci://${ref.registry}/${ref.repository}`, 'offline-miss');
  }
  return listSemverTags(new RegistrySession(ref, options, ctx), options.compat);
}

/** The repository's tags that are strict semver (after `_`→`+`), newest first, in canonical form. */
async function listSemverTags(session: RegistrySession, compat: ResolvedOptions['compat']): Promise<string[]> {
  const versions: Version[] = [];
  let path: string | undefined = `/v2/${session.ref.repository}/tags/list`;
  for (let page = 0; path && page < MAX_TAG_PAGES; page++) {
    let res: HttpResponse;
    try {
      res = await session.get(path, 'application/json', 16 * 1024 * 1024);
    } catch (err) {
      throw refusedAuthorization(err, 'tags', compat);
    }
    if (res.status !== 200) {
      throw new FetchError(orasResponseError('GET', res, compat), 'http-status', { url: res.url, status: res.status });
    }
    let tags: unknown;
    try {
      tags = (JSON.parse(Buffer.from(res.body).toString('utf8')) as { tags?: unknown }).tags;
    } catch {
      throw new FetchError(`invalid tag list from ${res.url}`, 'invalid-manifest', { url: res.url });
    }
    for (const t of Array.isArray(tags) ? tags : []) {
      if (typeof t !== 'string') continue;
      const v = tryParseVersion(t.replaceAll('_', '+'), { strict: true, compat });
      if (v) versions.push(v);
    }
    const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.link ?? '');
    path = next ? new URL(next[1]!, res.url).pathname + new URL(next[1]!, res.url).search : undefined;
  }
  // sort.Sort(sort.Reverse(semver.Collection)): not stable, so equal versions (`1.0.0`, `1.0.0+b`)
  // end where Go's sort leaves them, and the first one a constraint meets is helm's.
  goSortArray(versions, (a, b) => b.compare(a) < 0, goReleaseOf(compat));
  return versions.map((v) => v.toString());
}

/** helm's GetTagMatchingVersionOrConstraint over canonical, newest-first tags. */
function matchTag(tags: string[], version: string, compat: ResolvedOptions['compat']): string {
  if (version !== '' && tags.includes(version)) return version;
  let constraint: ReturnType<typeof parseConstraint>;
  try {
    constraint = parseConstraint(version === '' ? '*' : version, { compat });
  } catch (err) {
    if (err instanceof SemverError) throw new FetchError(err.message, 'version-not-found', { availableVersions: tags });
    throw err;
  }
  for (const t of tags) {
    const v = tryParseVersion(t, { compat });
    if (v && constraint.check(v)) return t;
  }
  const could = compat === 'helm4' ? 'could' : 'Could';
  throw new FetchError(
    `${could} not locate a version matching provided version string ${version}`,
    'version-not-found',
    {
      availableVersions: tags,
    },
  );
}

interface HelmManifest {
  config: Descriptor;
  chart: Descriptor;
  /** The provenance layer, when the chart was pushed with its `.prov` file. */
  prov?: Descriptor;
}

const ALLOWED_LAYERS = new Set([HELM_CHART_MEDIA_TYPE, LEGACY_CHART_MEDIA_TYPE, HELM_PROV_MEDIA_TYPE]);

function readManifest(bytes: Uint8Array, digest: string, warn: (m: string) => void): HelmManifest {
  let doc: {
    mediaType?: unknown;
    config?: Partial<Descriptor>;
    layers?: Array<Partial<Descriptor>>;
  };
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new FetchError(`manifest ${digest} is not valid JSON`, 'invalid-manifest');
  }
  const mediaType = typeof doc.mediaType === 'string' ? doc.mediaType : OCI_MANIFEST_MEDIA_TYPE;
  if (mediaType !== OCI_MANIFEST_MEDIA_TYPE) throw notAllowed(mediaType, digest);
  const config = descriptor(doc.config, digest);
  if (config.mediaType !== HELM_CONFIG_MEDIA_TYPE) {
    if (config.mediaType && !ALLOWED_LAYERS.has(config.mediaType)) throw notAllowed(config.mediaType, config.digest);
    throw new FetchError(`could not load config with mediatype ${HELM_CONFIG_MEDIA_TYPE}`, 'invalid-manifest');
  }
  let chart: Descriptor | undefined;
  let prov: Descriptor | undefined;
  for (const layer of Array.isArray(doc.layers) ? doc.layers : []) {
    const d = descriptor(layer, digest);
    if (!ALLOWED_LAYERS.has(d.mediaType)) throw notAllowed(d.mediaType, d.digest);
    if (d.mediaType === HELM_CHART_MEDIA_TYPE) chart = d;
    if (d.mediaType === HELM_PROV_MEDIA_TYPE) prov = d;
    if (d.mediaType === LEGACY_CHART_MEDIA_TYPE) {
      chart = d;
      warn(`chart media type ${LEGACY_CHART_MEDIA_TYPE} is deprecated`);
    }
  }
  if (!chart) {
    throw new FetchError(
      `manifest does not contain a layer with mediatype ${HELM_CHART_MEDIA_TYPE}`,
      'invalid-manifest',
    );
  }
  return prov ? { config, chart, prov } : { config, chart };
}

function descriptor(d: Partial<Descriptor> | undefined, manifestDigest: string): Descriptor {
  if (!d || typeof d.digest !== 'string' || !isSha256Digest(d.digest) || typeof d.size !== 'number' || d.size < 0) {
    throw new FetchError(`manifest ${manifestDigest} has an invalid descriptor`, 'invalid-manifest');
  }
  return { mediaType: typeof d.mediaType === 'string' ? d.mediaType : '', digest: d.digest, size: d.size };
}

function notAllowed(mediaType: string, digest: string): FetchError {
  return new FetchError(
    `media type "${mediaType}" is not allowed, found in descriptor with digest: "${digest}"`,
    'invalid-manifest',
  );
}

function readConfig(bytes: Uint8Array): { name: string; version: string } {
  try {
    const meta = JSON.parse(Buffer.from(bytes).toString('utf8')) as { name?: unknown; version?: unknown };
    return { name: String(meta.name ?? ''), version: String(meta.version ?? '') };
  } catch {
    throw new FetchError('chart config is not valid JSON', 'invalid-manifest');
  }
}

async function fetchBlob(
  session: RegistrySession,
  d: Descriptor,
  maxBytes: number,
  cache: ChartCache | undefined,
): Promise<{ bytes: Uint8Array; fromCache: boolean }> {
  const cached = await cache?.readBlob(d.digest);
  if (cached && cached.byteLength === d.size) return { bytes: cached, fromCache: true };
  if (d.size > maxBytes) {
    throw new FetchError(`blob ${d.digest} of ${d.size} bytes is larger than the limit of ${maxBytes}`, 'too-large');
  }
  const res = await downloadLimiter.run(() =>
    session.get(`/v2/${session.ref.repository}/blobs/${d.digest}`, undefined, Math.max(maxBytes, d.size)),
  );
  if (res.status !== 200) {
    throw new FetchError(`unable to retrieve blob with digest ${d.digest}: ${res.statusLine}`, 'http-status', {
      url: res.url,
      status: res.status,
    });
  }
  const got = sha256Digest(res.body);
  if (got !== d.digest || res.body.byteLength !== d.size) {
    throw new FetchError(
      `digest mismatch for blob ${res.url}: expected ${d.digest} (${d.size} bytes), got ${got} (${res.body.byteLength} bytes)`,
      'digest-mismatch',
      { url: res.url },
    );
  }
  if (cache) await cache.writeBlob(res.body).catch(() => undefined);
  return { bytes: res.body, fromCache: false };
}

async function bestEffort(options: ResolvedOptions, job: () => Promise<void>): Promise<void> {
  try {
    await job();
  } catch (err) {
    options.warn(`could not write to the cache: ${(err as Error).message}`);
  }
}
