/**
 * `--add-image COMPONENT:IMAGE` and `--exclude-image PATTERN` (beyond aicr): the user's own
 * corrections to what discovery finds. Some images no render shows (an operator pulls them at run
 * time); some a render shows that a mirror does not need (`helm test` pods). Users of peer tools ask
 * for both (hauler #88, zarf #4744), and for added images never to be dropped again: exclusion
 * applies to discovered images only.
 */
import type { ImageProvenance } from '../formats/model.js';
import { invalid } from './errors.js';
import { isImageReference, normalizeImageReference } from './normalize.js';

/** One `--add-image`: an image listed for a component whatever its render shows. */
export interface ImageAddition {
  component: string;
  image: string;
}

/** Where an added image's provenance says it came from (`path` of a `source: added` entry). */
export const ADDED_PATH = '--add-image';

/** Parses `COMPONENT:IMAGE` (the component name ends at the first colon, as in `--set`). */
export function parseImageAddition(flag: string): ImageAddition {
  const colon = flag.indexOf(':');
  const component = flag.slice(0, Math.max(0, colon));
  const image = flag.slice(colon + 1);
  if (colon <= 0 || /[/@]/.test(component) || image === '') {
    throw invalid(
      `invalid --add-image ${JSON.stringify(flag)}: expected COMPONENT:IMAGE, e.g. gpu-operator:nvcr.io/nvidia/cuda:12.4.1-base-ubuntu22.04`,
    );
  }
  return checkedImageAddition({ component, image });
}

/** `addition` when its image is a valid reference; throws invalid input otherwise. */
export function checkedImageAddition(addition: ImageAddition): ImageAddition {
  if (!isImageReference(addition.image)) {
    throw invalid(
      `invalid --add-image ${JSON.stringify(`${addition.component}:${addition.image}`)}: ${JSON.stringify(addition.image)} is not an image reference`,
    );
  }
  return addition;
}

/** The additions of one component as images and provenance (`normalize`: under Docker's full names). */
export function addedImages(
  additions: readonly ImageAddition[],
  component: string,
  normalize: boolean,
): { images: string[]; provenance: ImageProvenance[] } {
  const images = additions
    .filter((a) => a.component === component)
    .map((a) => (normalize ? normalizeImageReference(a.image) : a.image));
  return {
    images,
    provenance: images.map((image) => ({
      image,
      component,
      source: 'added',
      path: ADDED_PATH,
      documentIndex: 0,
      yamlPath: '',
    })),
  };
}

/** The `--exclude-image` patterns, checked: an empty one is invalid input. */
export function checkedExclusionPatterns(patterns: readonly string[]): string[] {
  for (const p of patterns) {
    if (p === '') throw invalid('invalid --exclude-image "": give a pattern such as "*/busybox:*"');
  }
  return [...patterns];
}

/**
 * `--exclude-image` patterns: `*` stands for any run of characters (slashes and colons included),
 * everything else is literal, and a pattern must match the whole reference as it is listed.
 * Remembers which patterns matched, so a pattern that never did can be reported.
 */
export class ImageExclusions {
  private readonly used = new Set<string>();

  private readonly patterns: readonly string[];

  constructor(patterns: readonly string[]) {
    this.patterns = checkedExclusionPatterns(patterns);
  }

  /** Whether any pattern matches `image`. */
  excludes(image: string): boolean {
    let hit = false;
    for (const p of this.patterns) {
      if (globMatch(p, image)) {
        this.used.add(p);
        hit = true;
      }
    }
    return hit;
  }

  /** `images` and `occurrences` without the excluded images. */
  apply<T extends { image: string }>(
    images: readonly string[],
    occurrences: readonly T[],
  ): { images: string[]; occurrences: T[] } {
    const excluded = new Set(images.filter((i) => this.excludes(i)));
    return {
      images: images.filter((i) => !excluded.has(i)),
      occurrences: occurrences.filter((o) => !excluded.has(o.image)),
    };
  }

  /** The patterns that matched no image so far. */
  unused(): string[] {
    return this.patterns.filter((p) => !this.used.has(p));
  }
}

/** The first of `patterns` that matches `image` (for `--why` of an image they leave out). */
export function matchingPattern(patterns: readonly string[], image: string): string | undefined {
  return patterns.find((p) => globMatch(p, image));
}

/**
 * Whether `text` matches `pattern` whole, `*` matching any run of characters. Linear-space, and
 * O(pattern × text) at worst: a star only ever resumes from the latest one.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
