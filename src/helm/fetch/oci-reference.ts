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
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]+)?$/;

export function isOciReference(ref: string): boolean {
  return ref.startsWith('oci://');
}

/** Parses a reference; throws FetchError `invalid-reference` with the offending part. */
export function parseOciReference(ref: string): OciReference {
  let raw = ref.startsWith('oci://') ? ref.slice('oci://'.length) : ref;
  let digest = '';
  const at = raw.lastIndexOf('@');
  if (at >= 0) {
    digest = raw.slice(at + 1);
    raw = raw.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid(ref, `invalid digest "${digest}"`);
  }
  const slash = raw.indexOf('/');
  if (slash <= 0) throw invalid(ref, 'missing repository');
  const registry = raw.slice(0, slash);
  let rest = raw.slice(slash + 1);
  if (!HOST.test(registry)) throw invalid(ref, `invalid registry "${registry}"`);
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && !rest.slice(colon).includes('/')) {
    tag = rest.slice(colon + 1).replaceAll('+', '_');
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(ref, `invalid tag "${tag}"`);
  }
  if (rest === '' || !rest.split('/').every((c) => PATH_COMPONENT.test(c))) {
    throw invalid(ref, `invalid repository "${rest}"`);
  }
  return { registry, repository: rest, tag, digest };
}

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

function invalid(ref: string, why: string): FetchError {
  return new FetchError(`invalid OCI reference "${ref}": ${why}`, 'invalid-reference');
}
