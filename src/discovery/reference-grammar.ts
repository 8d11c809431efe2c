/**
 * The pieces of distribution/reference's grammar for image references (the Go library docker,
 * containerd and every registry client parse references with), as regular-expression sources, and
 * its registry-host test.
 */

/** One label of a domain name. */
export const DOMAIN_COMPONENT = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
/** A domain: dot-separated labels, optionally with a port. */
export const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
/** One path component of a repository name: lowercase, separators only between alphanumerics. */
export const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
export const TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
export const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
/** distribution/reference's bound on a repository name. */
export const MAX_NAME_LENGTH = 255;

/**
 * A registry host is a first path segment containing `.` or `:`, or `localhost` (spec §8.5, and
 * distribution/reference's own test before it defaults to Docker Hub).
 */
export function isRegistryHost(segment: string): boolean {
  return segment === 'localhost' || segment.includes('.') || segment.includes(':');
}
