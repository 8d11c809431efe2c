/** `oci://host[:port]/path/name[:tag][@sha256:…]` references, parsed like helm's registry client. */
import { FetchError } from './errors.js';

export interface OciReference {
  /** `host[:port]` as written. */
  registry: string;
  /** The repository path, e.g. `charts/grafana`. */
  repository: string;
  /** The tag with `+` already mapped to `_` (OCI tags cannot hold `+`), or ''. */
  tag: string;
  /** `sha256:<hex>` or ''. */
  digest: string;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/**
 * A registry host as Go's url.Parse keeps it (oras-go's ValidateRegistry): letters, digits and the
 * characters a URL host may hold unescaped, or a bracketed IPv6 address; then an optional port. A
 * name that is no domain name passes: Go's resolver refuses it without asking (see go-dns.ts).
 */
const HOST = /^(?:[A-Za-z0-9\-_.~!$&'()*+,;=]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]+)?$/;

export function isOciReference(ref: string): boolean {
  return ref.startsWith('oci://');
}

/**
 * Parses a reference; throws FetchError `invalid-reference` with the offending part. With `compat`,
 * the error's `helmText` is that helm's (its oras-go's) wording.
 */
export function parseOciReference(ref: string, compat?: 'helm3' | 'helm4'): OciReference {
  const fail = (why: string, helm3: string, helm4: string) => {
    const helmText = compat === 'helm3' ? helm3 : compat === 'helm4' ? helm4 : undefined;
    return new FetchError(`invalid OCI reference "${ref}": ${why}`, 'invalid-reference', helmText ? { helmText } : {});
  };
  let raw = ref.startsWith('oci://') ? ref.slice('oci://'.length) : ref;
  let digest = '';
  const at = raw.lastIndexOf('@');
  if (at >= 0) {
    digest = raw.slice(at + 1);
    raw = raw.slice(0, at);
    if (!DIGEST.test(digest)) {
      const problem = digestProblem(digest);
      throw fail(`invalid digest "${digest}"`, problem, `invalid reference: invalid digest "${digest}": ${problem}`);
    }
  }
  const slash = raw.indexOf('/');
  if (slash <= 0) {
    throw fail(
      'missing repository',
      'invalid_reference: missing repository',
      'invalid reference: missing registry or repository',
    );
  }
  const registry = raw.slice(0, slash);
  let rest = raw.slice(slash + 1);
  if (!HOST.test(registry)) throw fail(`invalid registry "${registry}"`, '', '');
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && !rest.slice(colon).includes('/')) {
    tag = rest.slice(colon + 1).replaceAll('+', '_');
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      throw fail(`invalid tag "${tag}"`, 'invalid_reference: invalid tag', `invalid reference: invalid tag "${tag}"`);
    }
  }
  if (rest === '' || !rest.split('/').every((c) => PATH_COMPONENT.test(c))) {
    throw fail(
      `invalid repository "${rest}"`,
      'invalid_reference: invalid repository',
      `invalid reference: invalid repository "${rest}"`,
    );
  }
  return { registry, repository: rest, tag, digest };
}

/**
 * go-digest's Validate text for a digest helmless does not take: its format, its algorithm, then
 * the length and characters of its hex part. helmless verifies sha256 digests only.
 */
function digestProblem(digest: string): string {
  const i = digest.indexOf(':');
  if (i <= 0 || i + 1 === digest.length) return 'invalid checksum digest format';
  const size = DIGEST_SIZES[digest.slice(0, i)];
  if (size === undefined) {
    return /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(digest)
      ? 'unsupported digest algorithm'
      : 'invalid checksum digest format';
  }
  const hex = digest.slice(i + 1);
  if (hex.length !== size * 2) return 'invalid checksum digest length';
  if (!/^[a-f0-9]+$/.test(hex)) return 'invalid checksum digest format';
  return 'unsupported digest algorithm';
}

/** go-digest's algorithms and their sizes in bytes. */
const DIGEST_SIZES: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 };

/** `host/repo:tag`, `host/repo@digest` or `host/repo:tag@digest` (helm prints this after `Pulled:`). */
export function formatOciReference(r: OciReference): string {
  let s = `${r.registry}/${r.repository}`;
  if (r.tag) s += `:${r.tag}`;
  if (r.digest) s += `@${r.digest}`;
  return s;
}

/** The host that actually serves the registry API (docker.io is served elsewhere). */
export function apiHost(registry: string): string {
  return registry === 'docker.io' || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry;
}
