/**
 * Byte- and rune-level views of Go strings for the string functions. A Go string is a byte
 * sequence; helmless stores invalid bytes as lone surrogates U+DC80..U+DCFF (see gostring.ts).
 *
 * - Rune view: Go's `for range s` / utf8.DecodeRuneInString, where every invalid byte is one rune
 *   utf8.RuneError of width 1. {@link goRunes} yields one entry per Go rune.
 * - Byte view: a "binary string" holding one char (0..255) per byte, so byte-exact searching and
 *   slicing can use ordinary JS string methods ({@link toBin} / {@link fromBin}).
 */
import { bytesToString, isValidUTF8String, stringToBytes } from '../gotemplate/gostring.js';
import { RUNE_ERROR } from '../gotemplate/unicode.js';

/**
 * The canonical form of a Go string: escaped bytes that together form valid UTF-8 (possible after
 * concatenating two byte-sliced halves) become the characters they encode.
 */
export function canon(s: string): string {
  return isValidUTF8String(s) ? s : bytesToString(stringToBytes(s));
}

/** One Go rune of a string: its code point (RuneError for an invalid byte) and its source text. */
export interface GoRune {
  cp: number;
  /** The rune's own text in the source string (one escaped byte for an invalid byte). */
  text: string;
  /** True when the source byte was not valid UTF-8 (Go decodes it as RuneError, width 1). */
  invalid: boolean;
}

/**
 * The rune of a canonical Go string at UTF-16 index `i`: [code point, UTF-16 units]. An escaped
 * invalid byte is RuneError with one unit; see {@link isInvalidAt} to tell it from a real U+FFFD.
 */
export function runeAt(s: string, i: number): [number, number] {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return [0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00), 2];
  }
  if (c >= 0xdc80 && c <= 0xdcff) return [RUNE_ERROR, 1];
  return [c, 1];
}

/** The rune of a canonical Go string that ends at UTF-16 index `end`: [code point, UTF-16 units]. */
export function runeBefore(s: string, end: number): [number, number] {
  const d = s.charCodeAt(end - 1);
  if (d >= 0xdc00 && d <= 0xdfff && end >= 2) {
    const c = s.charCodeAt(end - 2);
    if (c >= 0xd800 && c <= 0xdbff) return [0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00), 2];
  }
  if (d >= 0xdc80 && d <= 0xdcff) return [RUNE_ERROR, 1];
  return [d, 1];
}

/** Whether the unit at `i` of a canonical string is an escaped invalid byte. */
export function isInvalidAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xdc80 || c > 0xdcff) return false;
  return i === 0 || !(s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff);
}

/** The Go runes of a string, in order. */
export function goRunes(s: string): GoRune[] {
  s = canon(s);
  const out: GoRune[] = [];
  for (let i = 0; i < s.length; ) {
    const [cp, n] = runeAt(s, i);
    out.push({ cp, text: s.slice(i, i + n), invalid: n === 1 && cp === RUNE_ERROR && isInvalidAt(s, i) });
    i += n;
  }
  return out;
}

/** The text WriteRune produces for a code point (RuneError for invalid ones). */
export function runeText(cp: number): string {
  if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(cp);
}

/** strings.Map(f, s): every rune mapped, invalid bytes replaced by the mapping of RuneError. */
export function mapRunes(s: string, f: (cp: number) => number): string {
  s = canon(s);
  const parts: string[] = [];
  for (let i = 0; i < s.length; ) {
    const [cp, n] = runeAt(s, i);
    parts.push(runeText(f(cp)));
    i += n;
  }
  return parts.join('');
}

/** The bytes of a Go string as a binary string (one char per byte). */
export function toBin(s: string): string {
  return Buffer.from(stringToBytes(s)).toString('latin1');
}

/** The Go string whose bytes are the chars of a binary string. */
export function fromBin(b: string): string {
  return bytesToString(Buffer.from(b, 'latin1'));
}

/** Whether both strings are valid UTF-8, so that JS string search equals Go's byte search. */
export function allValid(...ss: string[]): boolean {
  for (const s of ss) if (!isValidUTF8String(s)) return false;
  return true;
}
