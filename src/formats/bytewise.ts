/**
 * Byte-wise string ordering (Go's `sort.Strings` over UTF-8), which the spec requires for image
 * lists and sorted keys. JavaScript's `<` compares UTF-16 code units, which differs from UTF-8 byte
 * order for characters at or above U+E000 versus astral characters; this comparator fixes that.
 */

/** Maps a UTF-16 code unit so that unit order equals code point (hence UTF-8 byte) order. */
function rank(unit: number): number {
  if (unit < 0xd800) return unit;
  // U+E000..U+FFFF sort before surrogates (which encode U+10000 and above).
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** Compares two strings in UTF-8 byte order; returns a negative, zero or positive number. */
export function compareBytewise(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

/** Returns the distinct strings of `values`, sorted byte-wise (exact-string dedupe). */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareBytewise);
}
