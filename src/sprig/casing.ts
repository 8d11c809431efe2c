/**
 * Case conversions exactly as Sprig v3.3.0 gets them: Go's strings.ToUpper/ToLower/Title,
 * goutils v1.1.1 (Uncapitalize, SwapCase) and huandu/xstrings v1.5.0 (ToCamelCase, ToSnakeCase,
 * ToKebabCase). All use Go's simple one-rune Unicode 15.0 mappings (see unicode.ts).
 */

import {
  isDigit,
  isLetter,
  isLower,
  isNumber,
  isPunct,
  isSpace,
  isTitle,
  isUpper,
  RUNE_ERROR,
  toLower,
  toTitle,
  toUpper,
} from '../gotemplate/unicode.js';
import { type GoRune, goRunes, mapRunes, runeText } from './gostr.js';

const ASCII = /^[\x00-\x7f]*$/;

/** strings.ToUpper. */
export function goUpper(s: string): string {
  return ASCII.test(s) ? s.toUpperCase() : mapRunes(s, toUpper);
}

/** strings.ToLower. */
export function goLower(s: string): string {
  return ASCII.test(s) ? s.toLowerCase() : mapRunes(s, toLower);
}

/** The deprecated strings.Title's word boundary test. */
function isSeparator(cp: number): boolean {
  if (cp <= 0x7f) {
    if (cp >= 0x30 && cp <= 0x39) return false;
    if (cp >= 0x61 && cp <= 0x7a) return false;
    if (cp >= 0x41 && cp <= 0x5a) return false;
    return cp !== 0x5f;
  }
  if (isLetter(cp) || isDigit(cp)) return false;
  return isSpace(cp);
}

/** strings.Title: title-cases the first rune of every word. */
export function goTitle(s: string): string {
  let prev = 0x20;
  return mapRunes(s, (cp) => {
    const wasSep = isSeparator(prev);
    prev = cp;
    return wasSep ? toTitle(cp) : cp;
  });
}

/** goutils.Uncapitalize with whitespace delimiters. */
export function untitle(s: string): string {
  if (s === '') return s;
  let next = true;
  let out = '';
  for (const r of goRunes(s)) {
    if (isSpace(r.cp)) {
      next = true;
      out += runeText(r.cp);
    } else if (next) {
      out += runeText(toLower(r.cp));
      next = false;
    } else out += runeText(r.cp);
  }
  return out;
}

/** goutils.SwapCase: upper/title → lower, lower → title after whitespace (or at start), else upper. */
export function swapCase(s: string): string {
  if (s === '') return s;
  let whitespace = true;
  let out = '';
  for (const r of goRunes(s)) {
    const ch = r.cp;
    if (isUpper(ch) || isTitle(ch)) {
      out += runeText(toLower(ch));
      whitespace = false;
    } else if (isLower(ch)) {
      out += runeText(whitespace ? toTitle(ch) : toUpper(ch));
      whitespace = false;
    } else {
      out += runeText(ch);
      whitespace = isSpace(ch);
    }
  }
  return out;
}

function isConnector(cp: number): boolean {
  return cp === 0x2d || cp === 0x5f || isSpace(cp);
}

/** xstrings' isAlphabet: a letter that is not one of the common CJK ideographs. */
function isAlphabet(cp: number): boolean {
  if (!isLetter(cp)) return false;
  if (cp < 0x3400) return true;
  if (cp >= 0x4e00 && cp <= 0x9fcc) return false;
  if (cp >= 0x3400 && cp <= 0x4d85) return false;
  if (cp >= 0x20000 && cp <= 0x2b81d) return false;
  return true;
}

/**
 * xstrings.ToCamelCase (v1.5.0): connectors (`-`, `_`, spaces) are dropped and the next rune
 * upper-cased; a word that starts with upper-case runes keeps only its first one upper-case until
 * the first rune that is not upper-case. A string of connectors keeps them (and repeats the last).
 */
export function camelCase(s: string): string {
  if (s === '') return '';
  const runes = goRunes(s).map((r) => r.cp); // DecodeRuneInString: invalid bytes are RuneError
  let out = '';
  let i = 0;
  let r0 = 0;
  let firstUpper = false;
  let consumed = false;
  while (i < runes.length) {
    r0 = runes[i++]!;
    consumed = true;
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = toUpper(r0);
      break;
    }
    out += runeText(r0);
  }
  if (i >= runes.length) {
    if (consumed) out += runeText(r0);
    return out;
  }
  while (i < runes.length) {
    const r1 = r0;
    r0 = runes[i++]!;
    if (isConnector(r0) && isConnector(r1)) {
      out += runeText(r1);
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0);
      r0 = toUpper(r0);
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = toLower(r0);
        else firstUpper = false;
      }
      out += runeText(r1);
    }
  }
  return out + runeText(r0);
}

enum Word {
  Invalid = 0,
  Number = 1,
  UpperCase = 2,
  Alphabet = 3,
  Connector = 4,
  Punct = 5,
  Other = 6,
}

/** A word found by xstrings' nextWord: its type and rune range [start, end). */
interface WordSpan {
  wt: Word;
  start: number;
  end: number;
}

/**
 * xstrings' nextValidRune from rune index `i`: the first rune that is not RuneError and the number
 * of runes consumed to reach it (all the rest, returning `prev`, when there is none).
 */
function nextValidRune(runes: readonly GoRune[], i: number, prev: number): [number, number] {
  let size = 0;
  while (i + size < runes.length) {
    const r = runes[i + size]!.cp;
    size++;
    if (r !== RUNE_ERROR) return [r, size];
  }
  return [prev, size];
}

/** xstrings' nextWord starting at rune index `pos`. */
function nextWord(runes: readonly GoRune[], pos: number): WordSpan {
  const n = runes.length;
  if (pos >= n) return { wt: Word.Invalid, start: pos, end: pos };
  let offset = 0;
  let [r, size] = nextValidRune(runes, pos, RUNE_ERROR);
  offset += size;
  if (r === RUNE_ERROR) return { wt: Word.Invalid, start: pos, end: pos + offset };
  let wt: Word;
  const scan = (keep: (cp: number) => boolean): void => {
    while (pos + offset < n) {
      [r, size] = nextValidRune(runes, pos + offset, r);
      if (!keep(r)) break;
      offset += size;
    }
  };
  if (isConnector(r)) {
    wt = Word.Connector;
    scan(isConnector);
  } else if (isPunct(r)) {
    wt = Word.Punct;
    scan(isPunct);
  } else if (isUpper(r)) {
    wt = Word.UpperCase;
    if (pos + offset < n) {
      [r, size] = nextValidRune(runes, pos + offset, r);
      if (isUpper(r)) {
        let prevSize = size;
        offset += size;
        while (pos + offset < n) {
          [r, size] = nextValidRune(runes, pos + offset, r);
          if (!isUpper(r)) break;
          prevSize = size;
          offset += size;
        }
        // "HTTPStatus" splits into "HTTP" and "Status": the last upper-case rune starts the next word.
        if (pos + offset < n && isAlphabet(r)) offset -= prevSize;
      } else if (isAlphabet(r)) {
        offset += size;
        scan((cp) => isAlphabet(cp) && !isUpper(cp));
      }
    }
  } else if (isAlphabet(r)) {
    wt = Word.Alphabet;
    scan((cp) => isAlphabet(cp) && !isUpper(cp));
  } else if (isNumber(r)) {
    wt = Word.Number;
    scan(isNumber);
  } else {
    wt = Word.Other;
    scan((cp) => !(isConnector(cp) || isAlphabet(cp) || isNumber(cp) || isPunct(cp)));
  }
  return { wt, start: pos, end: pos + offset };
}

/** xstrings' toLower: upper-case and connector words are lowered and connectors replaced. */
function lowerWord(runes: readonly GoRune[], w: WordSpan, connector: string): string {
  let out = '';
  if (w.wt !== Word.UpperCase && w.wt !== Word.Connector) {
    for (let i = w.start; i < w.end; i++) out += runes[i]!.text;
    return out;
  }
  for (let i = w.start; i < w.end; i++) {
    const r = runes[i]!.cp;
    if (isConnector(r)) out += connector;
    else if (isUpper(r)) out += runeText(toLower(r));
    else out += runeText(r);
  }
  return out;
}

/** xstrings' camelCaseToLowerCase (ToSnakeCase with `_`, ToKebabCase with `-`). */
export function camelCaseToLowerCase(s: string, connector: string): string {
  if (s === '') return '';
  const runes = goRunes(s);
  const n = runes.length;
  let out = '';
  let w = nextWord(runes, 0);
  while (w.end < n) {
    if (w.wt !== Word.Connector) out += lowerWord(runes, w, connector);
    const prev = w;
    w = nextWord(runes, w.end);
    switch (prev.wt) {
      case Word.Number:
        while (w.wt === Word.Alphabet || w.wt === Word.Number) {
          out += lowerWord(runes, w, connector);
          w = nextWord(runes, w.end);
        }
        if (w.wt !== Word.Invalid && w.wt !== Word.Punct && w.wt !== Word.Connector) out += connector;
        break;
      case Word.Connector:
        out += lowerWord(runes, prev, connector);
        break;
      case Word.Punct:
        break;
      default: {
        if (w.wt !== Word.Number) {
          if (w.wt !== Word.Connector && w.wt !== Word.Punct) out += connector;
          break;
        }
        if (w.end >= n) break;
        const last = w;
        w = nextWord(runes, w.end);
        // A number is part of the previous word ("Bld4Floor" → "bld4_floor")…
        if (w.wt !== Word.Alphabet) {
          out += lowerWord(runes, { ...last, wt: Word.Number }, connector);
          if (w.wt !== Word.Connector && w.wt !== Word.Punct) out += connector;
          break;
        }
        // …unless lower-case letters follow it ("HTTP2xx" → "http_2xx").
        out += connector + lowerWord(runes, { ...last, wt: Word.Number }, connector);
        while (w.wt === Word.Alphabet || w.wt === Word.Number) {
          out += lowerWord(runes, w, connector);
          w = nextWord(runes, w.end);
        }
        if (w.wt !== Word.Invalid && w.wt !== Word.Connector && w.wt !== Word.Punct) out += connector;
      }
    }
  }
  return out + lowerWord(runes, w, connector);
}
