/**
 * Go strings are byte sequences that are usually, but not always, UTF-8 (`trunc 1 "éa"` cuts a
 * character in half; `b64dec` can yield any bytes). helmless keeps strings as JS strings and stores
 * each byte that is not part of valid UTF-8 as a lone low surrogate U+DC80..U+DCFF (the
 * "surrogateescape" scheme), so valid text costs nothing and invalid bytes survive to the output.
 */

import { isUtf8 } from 'node:buffer';
import { isSpace } from './unicode.js';

const ESC_BASE = 0xdc00;

function isEscapedByte(c: number): boolean {
  return c >= 0xdc80 && c <= 0xdcff;
}

/** True when the string holds only valid UTF-8 text (no escaped raw bytes). */
export function isValidUTF8String(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      if (c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          continue;
        }
      }
      return false;
    }
  }
  return true;
}

/** The bytes of a Go string. */
export function stringToBytes(s: string): Uint8Array {
  // Fast path: valid text encodes natively.
  if (isValidUTF8String(s)) return Buffer.from(s, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      const cp = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00);
      i++;
      out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    } else if (isEscapedByte(c)) out.push(c - ESC_BASE);
    else if (c >= 0xd800 && c <= 0xdfff)
      out.push(0xef, 0xbf, 0xbd); // unpaired surrogate: U+FFFD
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Decodes bytes into a Go string: valid UTF-8 sequences become characters, every other byte an
 * escaped raw byte. Follows Go's utf8 rules (no overlong forms, no surrogates, max U+10FFFF).
 */
export function bytesToString(b: Uint8Array): string {
  let ascii = true;
  for (let i = 0; i < b.length; i++) {
    if (b[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');
  // Valid UTF-8 (most text) decodes natively; only text with invalid bytes goes rune by rune.
  if (isUtf8(b)) return Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8');
  let out = '';
  let i = 0;
  while (i < b.length) {
    const [cp, size] = decodeRune(b, i);
    if (cp < 0) out += String.fromCharCode(ESC_BASE + b[i]!);
    else out += String.fromCodePoint(cp);
    i += size;
  }
  return out;
}

/** Decodes one UTF-8 sequence at `i`: [codePoint, size], codePoint -1 for an invalid byte (size 1). */
export function decodeRune(b: Uint8Array, i: number): [number, number] {
  const b0 = b[i]!;
  if (b0 < 0x80) return [b0, 1];
  const n = b.length - i;
  if (b0 >= 0xc2 && b0 <= 0xdf && n >= 2) {
    const b1 = b[i + 1]!;
    if ((b1 & 0xc0) === 0x80) return [((b0 & 0x1f) << 6) | (b1 & 0x3f), 2];
  } else if (b0 >= 0xe0 && b0 <= 0xef && n >= 3) {
    const b1 = b[i + 1]!;
    const b2 = b[i + 2]!;
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    if (b1 >= lo && b1 <= hi && (b2 & 0xc0) === 0x80)
      return [((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f), 3];
  } else if (b0 >= 0xf0 && b0 <= 0xf4 && n >= 4) {
    const b1 = b[i + 1]!;
    const b2 = b[i + 2]!;
    const b3 = b[i + 3]!;
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    if (b1 >= lo && b1 <= hi && (b2 & 0xc0) === 0x80 && (b3 & 0xc0) === 0x80) {
      return [((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f), 4];
    }
  }
  return [-1, 1];
}

/** The bytes to write for a rendered Go string (raw bytes restored). */
export function encodeOutput(s: string): Buffer {
  if (isValidUTF8String(s)) return Buffer.from(s, 'utf8');
  return Buffer.from(stringToBytes(s));
}

/** Decodes file content (a chart file, values file) into a Go string, keeping invalid bytes. */
export function decodeInput(b: Uint8Array): string {
  // Buffer's UTF-8 decoder replaces invalid bytes with U+FFFD; only take the slow path when needed.
  const s = Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8');
  if (!s.includes('\ufffd')) return s;
  return bytesToString(b);
}

/** Byte-wise comparison of Go strings (sort.Strings, map key order). */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const ba = stringToBytes(a);
  const bb = stringToBytes(b);
  const n = Math.min(ba.length, bb.length);
  for (let i = 0; i < n; i++) {
    if (ba[i] !== bb[i]) return ba[i]! < bb[i]! ? -1 : 1;
  }
  return ba.length - bb.length < 0 ? -1 : ba.length === bb.length ? 0 : 1;
}

/** Go's `s[start:end]` on bytes, returning a Go string (may split characters). */
export function byteSlice(s: string, start: number, end?: number): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s.slice(start, end);
  const b = stringToBytes(s);
  return bytesToString(b.subarray(start, end ?? b.length));
}

/** Go's strings.TrimSpace: removes unicode.IsSpace characters at both ends (raw bytes are not space). */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}
