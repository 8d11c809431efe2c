/**
 * go-yaml's "natural" map key order (sorter.go keyList.Less) for string keys: compare rune by rune;
 * at the first difference letters sort after non-letters, two letters by code point, and runs of
 * digits numerically (fewer digits first on ties); a proper prefix sorts first.
 */

import { isDigit as goIsDigit, isLetter as goIsLetter } from '../gotemplate/unicode.js';

// Go's unicode tables (Unicode 15.0), not the JS engine's newer ones.
function isLetter(c: string): boolean {
  return c.charCodeAt(0) < 0x80 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') : goIsLetter(c.codePointAt(0)!);
}
function isDigit(c: string): boolean {
  return c.charCodeAt(0) < 0x80 ? c >= '0' && c <= '9' : goIsDigit(c.codePointAt(0)!);
}

/** []rune(s): code points, each byte that is not UTF-8 (an escaped byte, see gostring.ts) as U+FFFD. */
function runes(s: string): string[] {
  const out = Array.from(s);
  for (let i = 0; i < out.length; i++) {
    const c = out[i]!.charCodeAt(0);
    if (c >= 0xd800 && c <= 0xdfff && out[i]!.length === 1) out[i] = '\ufffd';
  }
  return out;
}

/**
 * keyList.Less(a, b) for two string keys. go-yaml v3 differs in one rule: right after a digit, a
 * letter sorts before a non-letter (`1e3` < `1:20`), where v2 always puts non-letters first.
 */
export function naturalLess(a: string, b: string, flavor: 'v2' | 'v3' = 'v2'): boolean {
  const ar = runes(a);
  const br = runes(b);
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]!);
      continue;
    }
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return flavor === 'v3' && digits ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) {
      an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai]!.codePointAt(0)! - 48));
    }
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) {
      bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi]!.codePointAt(0)! - 48));
    }
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

/** Sorts string keys in go-yaml's natural order. */
export function naturalSort(keys: string[], flavor: 'v2' | 'v3' = 'v2'): string[] {
  return keys.sort((x, y) => (naturalLess(x, y, flavor) ? -1 : naturalLess(y, x, flavor) ? 1 : 0));
}
