/**
 * Masterminds/goutils v1.1.1 string helpers as Sprig calls them (abbrev, abbrevboth, wrap, wrapWith,
 * initials, nospace). They index strings by byte, and initials/nospace even treat every byte as a
 * Latin-1 rune, so multi-byte text comes out re-encoded: faithfully reproduced here.
 */

import { fromBin, toBin } from './gostr.js';
import { checkStringSize } from './limits.js';

/** goutils.AbbreviateFull; `null` where it returns an error (Sprig then uses ""). */
function abbreviateFull(bin: string, offset: number, maxWidth: number): string | null {
  if (bin === '') return '';
  if (maxWidth < 4) return null;
  const len = bin.length;
  if (len <= maxWidth) return bin;
  if (offset > len) offset = len;
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  const marker = '...';
  if (offset <= 4) return bin.slice(0, maxWidth - 3) + marker;
  if (maxWidth < 7) return null;
  if (offset + maxWidth - 3 < len) return marker + (abbreviateFull(bin.slice(offset), 0, maxWidth - 3) ?? '');
  return marker + bin.slice(len - (maxWidth - 3));
}

/** Sprig's `abbrev width s`. */
export function abbrev(width: number, s: string): string {
  if (width < 4) return s;
  return fromBin(abbreviateFull(toBin(s), 0, width) ?? '');
}

/** Sprig's `abbrevboth left right s`. */
export function abbrevboth(left: number, right: number, s: string): string {
  if (right < 4 || (left > 0 && right < 7)) return s;
  return fromBin(abbreviateFull(toBin(s), left, right) ?? '');
}

/** goutils.WrapCustom: breaks at the last space within each `wrapLength` bytes. */
export function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (str === '') return '';
  if (newLine === '') newLine = '\n';
  if (wrapLength < 1) wrapLength = 1;
  const s = toBin(str);
  const nl = toBin(newLine);
  const len = s.length;
  let offset = 0;
  const parts: string[] = [];
  let size = 0;
  const emit = (text: string): void => {
    parts.push(text);
    size += text.length;
    checkStringSize(size, 'wrap');
  };
  while (len - offset > wrapLength) {
    if (s[offset] === ' ') {
      offset++;
      continue;
    }
    const end = wrapLength + offset + 1;
    let spaceToWrapAt = s.slice(offset, end).lastIndexOf(' ') + offset;
    if (spaceToWrapAt >= offset) {
      emit(s.slice(offset, spaceToWrapAt) + nl);
      offset = spaceToWrapAt + 1;
    } else if (wrapLongWords) {
      emit(s.slice(offset, wrapLength + offset) + nl);
      offset += wrapLength;
    } else {
      const wordEnd = wrapLength + offset;
      const index = s.indexOf(' ', wordEnd);
      spaceToWrapAt = index;
      if (spaceToWrapAt >= 0) {
        emit(s.slice(offset, spaceToWrapAt) + nl);
        offset = spaceToWrapAt + 1;
      } else {
        emit(s.slice(offset));
        offset = len;
      }
    }
  }
  emit(s.slice(offset));
  return fromBin(parts.join(''));
}

/** unicode.IsSpace of a byte read as a Latin-1 rune. */
function isLatin1Space(b: number): boolean {
  return (b >= 0x09 && b <= 0x0d) || b === 0x20 || b === 0x85 || b === 0xa0;
}

/**
 * goutils.Initials: the first byte of every whitespace-separated word, written as the rune of that
 * byte's value (so the lead byte of a multi-byte letter becomes a Latin-1 character).
 */
export function initials(str: string): string {
  if (str === '') return str;
  const bin = toBin(str);
  let out = '';
  let gap = true;
  for (let i = 0; i < bin.length; i++) {
    const b = bin.charCodeAt(i);
    if (isLatin1Space(b)) gap = true;
    else if (gap) {
      out += String.fromCharCode(b);
      gap = false;
    }
  }
  return out;
}

/**
 * goutils.DeleteWhiteSpace: removes every byte that is whitespace as a Latin-1 rune; when it removed
 * anything, the remaining bytes are re-encoded as Latin-1 runes.
 */
export function deleteWhiteSpace(str: string): string {
  if (str === '') return str;
  const bin = toBin(str);
  let out = '';
  for (let i = 0; i < bin.length; i++) {
    const b = bin.charCodeAt(i);
    if (!isLatin1Space(b)) out += String.fromCharCode(b);
  }
  return out.length === bin.length ? str : out;
}
