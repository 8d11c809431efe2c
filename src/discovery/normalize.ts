/**
 * Docker's normalisation of image references (distribution/reference `ParseNormalizedNamed`), for
 * `--normalize` (beyond upstream, which keeps references exactly as written, spec §8.7): a name
 * without a registry host is on Docker Hub (`docker.io/`), a Docker Hub name of one component is an
 * official image (`library/`), and `index.docker.io` is `docker.io`. Tags and digests stay as
 * written (no `:latest` is added), so `busybox:1.36` and `docker.io/library/busybox:1.36` become
 * one entry and nothing else changes.
 */
import type { ImageOccurrence } from '../formats/model.js';
import { DIGEST, DOMAIN, isRegistryHost, MAX_NAME_LENGTH, PATH_COMPONENT, TAG } from './reference-grammar.js';

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPOSITORY = 'library/';

/** A whole reference: optional domain, path (captured: the name), optional tag and digest (captured). */
const REFERENCE = new RegExp(
  `^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`,
);
/** Docker refuses a bare 64-hex name: it would read as an image ID. */
const IMAGE_ID = /^[a-f0-9]{64}$/;
/** Longer texts are no reference (name, tag and digest at their longest); they are not parsed. */
const MAX_REFERENCE_LENGTH = 1024;

/**
 * `ref` as Docker reads it, or `ref` unchanged when it is not a valid reference (an upper-case
 * repository, a template placeholder): the list keeps it as written.
 */
export function normalizeImageReference(ref: string): string {
  return parseNormalized(ref) ?? ref;
}

/** An occurrence under its normalised reference, with the spelling it had when that differs. */
export function normalizedOccurrence<T extends ImageOccurrence>(o: T): T {
  const image = normalizeImageReference(o.image);
  return image === o.image ? o : { ...o, image, asWritten: o.image };
}

/** Whether Docker accepts `ref` as an image reference (distribution/reference `ParseNormalizedNamed`). */
export function isImageReference(ref: string): boolean {
  return parseNormalized(ref) !== undefined;
}

/** A valid reference in its parts, under Docker's full name. */
export interface ImageReferenceParts {
  /** The registry host, `docker.io` for Docker Hub. */
  domain: string;
  /** The repository path on that registry (`library/busybox`). */
  repository: string;
  tag?: string;
  digest?: string;
}

/** `ref`'s parts under its full name, or undefined when it is not a valid reference. */
export function splitImageReference(ref: string): ImageReferenceParts | undefined {
  const full = parseNormalized(ref);
  if (full === undefined) return undefined;
  const m = REFERENCE.exec(full)!;
  const name = m[1]!;
  const slash = name.indexOf('/');
  const parts: ImageReferenceParts = { domain: name.slice(0, slash), repository: name.slice(slash + 1) };
  if (m[2] !== undefined) parts.tag = m[2];
  if (m[3] !== undefined) parts.digest = m[3];
  return parts;
}

/** `ref` under its full name, or undefined when it is no valid reference. */
function parseNormalized(ref: string): string | undefined {
  if (ref.length > MAX_REFERENCE_LENGTH || IMAGE_ID.test(ref)) return undefined;
  const slash = ref.indexOf('/');
  const first = slash < 0 ? '' : ref.slice(0, slash);
  // Upper case also makes a domain: such a name could not be a repository.
  const hasDomain = slash >= 0 && (isRegistryHost(first) || first !== first.toLowerCase());
  let domain = hasDomain ? first : DEFAULT_DOMAIN;
  let remainder = hasDomain ? ref.slice(slash + 1) : ref;
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPOSITORY + remainder;
  const normalized = `${domain}/${remainder}`;
  const m = REFERENCE.exec(normalized);
  if (!m || m[1]!.length > MAX_NAME_LENGTH) return undefined;
  return normalized;
}
