/**
 * Go slice capacity. A Go slice may be resliced past its length up to its capacity
 * (`slice (slice (list 1 2 3) 0 2) 0 3` is `[1 2 3]`), so `slice` needs to know, for every list a
 * template can reach, how much room Go's slice would have had. The model keeps a JavaScript array
 * as the slice's visible elements and records the rest here, off the array:
 *
 * - a list Go built by appending (JSON and YAML decoding, most Sprig list functions) has the
 *   capacity Go's `append` growth gives it, and zero values beyond its length;
 * - a resliced list keeps the elements of the list it was cut from, up to that list's capacity.
 *
 * A list with nothing recorded has exactly its length as capacity (`list`, `splitList`, …). Nothing
 * in a template writes into a slice, so sharing the elements by copying them is exact.
 */
import type { GoValue } from './value.js';

interface Extent {
  /** Capacity, larger than the array's length. */
  readonly cap: number;
  /** Element `i` for `length <= i < cap`; undefined means the element type's zero value. */
  readonly rest?: readonly GoValue[];
}

const extents = new WeakMap<readonly GoValue[], Extent>();

/** The capacity of a slice's elements (its length unless a larger one was recorded). */
export function capacityOf(items: readonly GoValue[]): number {
  return extents.get(items)?.cap ?? items.length;
}

/** Records that `items` has capacity `cap` (ignored unless larger than its length); returns `items`. */
export function withCapacity<T extends GoValue[]>(items: T, cap: number, rest?: readonly GoValue[]): T {
  if (cap > items.length) extents.set(items, rest === undefined ? { cap } : { cap, rest });
  return items;
}

/** Elements `from` to `to` of a slice, `to` up to its capacity (see {@link elementsThrough}). */
function elementsBetween(items: readonly GoValue[], from: number, to: number, zero: GoValue): GoValue[] {
  const out = items.slice(from, to);
  const extent = extents.get(items);
  for (let i = Math.max(from, items.length); i < to; i++) {
    const hidden = extent?.rest?.[i - items.length];
    out.push(hidden === undefined ? zero : hidden);
  }
  return out;
}

/**
 * The first `end` elements of a slice, `end` up to its capacity: those past its length are the
 * elements it was resliced from, or `zero` when Go's append left them zeroed.
 */
export function elementsThrough(items: readonly GoValue[], end: number, zero: GoValue): GoValue[] {
  return elementsBetween(items, 0, end, zero);
}

/**
 * `items[start:end:max]` as Go computes it, `max` defaulting to the capacity: the new slice's
 * visible elements and its recorded extent. The bounds must already be checked.
 */
export function reslice(items: readonly GoValue[], start: number, end: number, max: number, zero: GoValue): GoValue[] {
  const out = elementsBetween(items, start, end, zero);
  return max > end ? withCapacity(out, max - start, elementsBetween(items, end, max, zero)) : out;
}

/** Element sizes of the slices Go builds here: interfaces and strings, and ints. */
export type ElementKind = 'interface' | 'string' | 'int';

/** Bytes per element, and whether the element holds pointers (Go then adds a malloc header). */
const ELEMENTS: Record<ElementKind, { size: number; pointers: boolean }> = {
  interface: { size: 16, pointers: true },
  string: { size: 16, pointers: true },
  int: { size: 8, pointers: false },
};

/** Go's malloc size classes up to 32 KiB (runtime/sizeclasses.go). */
const SIZE_CLASSES = [
  8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480,
  512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864,
  5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760,
  24576, 27264, 28672, 32768,
];
const MAX_SMALL_SIZE = 32768;
const MALLOC_HEADER = 8;
const PAGE_SIZE = 8192;

/** runtime.roundupsize (Go 1.22+): the bytes an allocation of `size` really gets, less any header. */
function roundUpSize(size: number, pointers: boolean): number {
  if (size <= MAX_SMALL_SIZE - MALLOC_HEADER) {
    const header = pointers && size > 512 ? MALLOC_HEADER : 0;
    const request = size + header;
    return SIZE_CLASSES.find((c) => c >= request)! - header;
  }
  return Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
}

/** runtime.growslice: the capacity `append` gives a slice of capacity `oldCap` growing to `newLen`. */
export function appendCapacity(oldCap: number, newLen: number, kind: ElementKind): number {
  let newCap = oldCap;
  if (newLen > oldCap * 2) newCap = newLen;
  else if (oldCap < 256) newCap = oldCap * 2;
  else while (newCap < newLen) newCap += (newCap + 3 * 256) >> 2;
  const { size, pointers } = ELEMENTS[kind];
  return Math.floor(roundUpSize(newCap * size, pointers) / size);
}

/** The capacity of a slice built by appending `length` elements one by one to an empty one. */
export function appendedOneByOne(length: number, kind: ElementKind = 'interface', initialCap = 0): number {
  let cap = initialCap;
  // Each append that finds the slice full grows it by one element's worth of request.
  while (cap < length) cap = appendCapacity(cap, cap + 1, kind);
  return cap;
}

/** Records the capacity of a list Go built by appending its elements one by one; returns it. */
export function appended<T extends GoValue[]>(items: T, kind: ElementKind = 'interface', initialCap = 0): T {
  return withCapacity(items, appendedOneByOne(items.length, kind, initialCap));
}
