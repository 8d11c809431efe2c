/**
 * `--resolve-digests` (beyond aicr, which lists references as written): pins every listed image to
 * the manifest digest its tag names on its registry today, as `name:tag@sha256:…`. The tag stays
 * for readers; pulls by such a reference get exactly that content (docker, containerd, skopeo,
 * Hauler and Zarf all honour the digest), so a mirror made today and one made next month agree,
 * and a moved tag cannot slip another image into the air gap.
 *
 * References that already carry a digest are kept as they are. A reference whose digest cannot be
 * found stays unpinned and becomes a warning of every component that lists it.
 */
import { sortedUnique } from '../formats/bytewise.js';
import type { ComponentImages, ImageProvenance } from '../formats/model.js';
import { type Platform, parsePlatform } from '../helm/fetch/platform.js';
import { errorMessage, invalid } from './errors.js';

/** Finds the manifest digest (`sha256:…`) of an image reference as the list writes it. */
export type ResolveDigest = (image: string, signal: AbortSignal) => Promise<string>;

/**
 * Checks `--resolve-digests`, `--image-platform` and `--offline` together, as both commands take
 * them, and parses the platform. Throws an invalid-input MirrorError.
 */
export function digestPlatform(flags: {
  resolveDigests: boolean;
  offline: boolean;
  imagePlatform?: string;
}): Platform | undefined {
  if (flags.resolveDigests && flags.offline) {
    throw invalid('--resolve-digests asks image registries for digests: it cannot be combined with --offline');
  }
  if (flags.imagePlatform === undefined) return undefined;
  if (!flags.resolveDigests) {
    throw invalid('--image-platform chooses which manifest --resolve-digests pins: give --resolve-digests too');
  }
  try {
    return parsePlatform(flags.imagePlatform);
  } catch (err) {
    throw invalid(errorMessage(err));
  }
}

/** How far digest resolution is: lookups settled, of how many, and how many of those failed. */
export interface DigestProgress {
  done: number;
  total: number;
  failed: number;
}

/** What pinning did to each image: its pinned form, or why it has none. */
export type Pinning = Map<string, { pinned: string } | { error: string }>;

/**
 * Resolves every image of `images` that has no digest yet, at most `concurrency` at once. Fails
 * only when `signal` aborts; a failed lookup is recorded in the result.
 */
export async function resolveDigests(
  images: Iterable<string>,
  resolve: ResolveDigest,
  options: { concurrency: number; signal: AbortSignal; onProgress?: (progress: DigestProgress) => void },
): Promise<Pinning> {
  const queue = [...new Set(images)].filter((i) => !i.includes('@'));
  const pinning: Pinning = new Map();
  const total = queue.length;
  let failed = 0;
  const report = () => options.onProgress?.({ done: pinning.size, total, failed });
  report();
  const lane = async () => {
    for (let image = queue.shift(); image !== undefined; image = queue.shift()) {
      options.signal.throwIfAborted();
      try {
        pinning.set(image, { pinned: `${image}@${await resolve(image, options.signal)}` });
      } catch (err) {
        if (options.signal.aborted) throw options.signal.reason;
        pinning.set(image, { error: errorMessage(err) });
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, lane));
  report();
  return pinning;
}

/** `image` pinned, or as it is when it has no pinned form. */
export function pinnedForm(pinning: Pinning, image: string): string {
  const p = pinning.get(image);
  return p !== undefined && 'pinned' in p ? p.pinned : image;
}

/** Rewrites a component's images (and their provenance) to their pinned forms, adding a warning per failure. */
export function applyPinning(component: ComponentImages, provenance: ImageProvenance[], pinning: Pinning): void {
  const pinned = (image: string) => pinnedForm(pinning, image);
  const failures: string[] = [];
  for (const image of component.images) {
    const p = pinning.get(image);
    if (p !== undefined && 'error' in p) failures.push(`digest resolution failed for ${image}: ${p.error}`);
  }
  component.images = sortedUnique(component.images.map(pinned));
  for (const p of provenance) p.image = pinned(p.image);
  if (failures.length > 0) component.warnings = [...(component.warnings ?? []), ...failures];
}
