/**
 * Image platforms (`os/architecture[/variant]`, as `docker pull --platform` writes them) and the
 * choice of one manifest from an image index, following containerd's matcher in the parts that
 * matter for mirroring: os and architecture must be equal, and a missing variant means the
 * architecture's default one (`v8` for arm64, `v7` for arm).
 */
import { FetchError } from './errors.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

const PART = /^[a-z0-9_.-]+$/;
const DEFAULT_VARIANT: Record<string, string> = { arm64: 'v8', arm: 'v7' };

/** Parses `linux/amd64` or `linux/arm64/v8`; throws an invalid-reference FetchError otherwise. */
export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => PART.test(p))) {
    throw new FetchError(
      `invalid platform "${text}": expected os/architecture[/variant], e.g. linux/amd64`,
      'invalid-reference',
    );
  }
  const [os, architecture, variant] = parts as [string, string, string?];
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** An index entry: its digest and, when the index gives it, its platform. */
export interface IndexEntry {
  digest: string;
  platform?: Platform;
}

const variantOf = (p: Platform) => p.variant || DEFAULT_VARIANT[p.architecture] || '';

/**
 * The entry of `entries` for `wanted`: same os and architecture, and the same variant (a missing
 * variant is the architecture's default). When `wanted` names no variant and none is the default,
 * the first entry of that os and architecture. Undefined when nothing matches.
 */
export function selectPlatform(entries: readonly IndexEntry[], wanted: Platform): IndexEntry | undefined {
  const sameArch = entries.filter(
    (e) => e.platform !== undefined && e.platform.os === wanted.os && e.platform.architecture === wanted.architecture,
  );
  const exact = sameArch.find((e) => variantOf(e.platform!) === variantOf(wanted));
  if (exact !== undefined || wanted.variant !== undefined) return exact;
  return sameArch[0];
}
