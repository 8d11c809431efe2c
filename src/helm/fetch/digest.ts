import { createHash } from 'node:crypto';

/** `sha256:<hex>` of the bytes, the OCI digest form used throughout the cache. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Whether text is a sha256 digest in canonical form (the only algorithm helm charts use). */
export function isSha256Digest(text: string): boolean {
  return DIGEST.test(text);
}

/** Index files carry a bare hex digest; normalizes either form to `sha256:<hex>`, or undefined. */
export function normalizeDigest(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim().toLowerCase();
  if (DIGEST.test(t)) return t;
  if (/^[a-f0-9]{64}$/.test(t)) return `sha256:${t}`;
  return undefined;
}
