/**
 * The Unicode tables behind the case functions, checked against helm over the whole code space:
 * every code point with a case mapping, and both sides of every range boundary of every table
 * (where a wrong or outdated table would show), plus a regular sample of all other code points.
 */
import { describe, expect, test } from 'vitest';
import { isLower, isPrint, isSpace, isUpper, toLower, toTitle, toUpper } from '../../src/gotemplate/unicode.js';
import {
  SET_L,
  SET_LL,
  SET_LT,
  SET_LU,
  SET_M,
  SET_N,
  SET_ND,
  SET_P,
  SET_S,
  SET_WHITE_SPACE,
  SET_ZS,
} from '../../src/gotemplate/unicode-tables.js';
import { Batch, differences, helmlessOutcomes, helmsAvailable } from './support/diff.js';

/** Every range boundary of an encoded set: start-1, start, end-1 and end of each range. */
function boundaries(encoded: string): number[] {
  const parts = encoded.split(',').map((p) => Number.parseInt(p, 36));
  const out: number[] = [];
  let prevEnd = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const start = prevEnd + parts[i]!;
    const end = start + parts[i + 1]!;
    out.push(start - 1, start, end - 1, end);
    prevEnd = end;
  }
  return out;
}

function codePoints(): number[] {
  const set = new Set<number>();
  for (const enc of [SET_L, SET_LL, SET_LT, SET_LU, SET_M, SET_N, SET_ND, SET_P, SET_S, SET_WHITE_SPACE, SET_ZS]) {
    for (const cp of boundaries(enc)) set.add(cp);
  }
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (toUpper(cp) !== cp || toLower(cp) !== cp || toTitle(cp) !== cp || isUpper(cp) || isLower(cp)) set.add(cp);
    else if (cp % 97 === 0) set.add(cp);
  }
  return [...set].filter((cp) => cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)).sort((a, b) => a - b);
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

describe('Unicode 15.0 tables', () => {
  test('the simple case mappings match Go (spot checks)', () => {
    expect(String.fromCodePoint(toUpper(0xdf))).toBe('ß'); // no one-rune upper case
    expect(String.fromCodePoint(toLower(0x130))).toBe('i');
    expect(String.fromCodePoint(toUpper(0x1f80))).toBe('ᾈ');
    expect(String.fromCodePoint(toTitle(0x1c6))).toBe('ǅ');
    expect(String.fromCodePoint(toUpper(0x1c6))).toBe('Ǆ');
    expect(String.fromCodePoint(toLower(0x3a3))).toBe('σ'); // never the final form
    expect(toLower(0xa7cb)).toBe(0xa7cb); // assigned in Unicode 16: unchanged in Go
    expect(isSpace(0x85) && isSpace(0xa0) && isSpace(0x3000) && !isSpace(0x200b)).toBe(true);
    expect(isPrint(0xa7cb)).toBe(false);
  });

  test.skipIf(!helmsAvailable())(
    'case functions over the whole code space agree with helm3 and helm4',
    { timeout: 240_000 },
    async () => {
      const cps = codePoints();
      const b = new Batch();
      const lit = (s: string): string => JSON.stringify(s);
      for (const part of chunks(cps, 2500)) {
        const plain = String.fromCodePoint(...part);
        b.add(`upper ${lit(plain)}`);
        b.add(`lower ${lit(plain)}`);
        // title: the rune after X is title-cased exactly when X separates words
        b.add(`title ${lit(part.map((cp) => `x${String.fromCodePoint(cp)}y`).join(''))}`);
        // swapcase: ǆ after X becomes title case (ǅ) exactly when X is whitespace
        b.add(`swapcase ${lit(part.map((cp) => `${String.fromCodePoint(cp)}ǆ`).join(''))}`);
        b.add(`untitle ${lit(part.map((cp) => `${String.fromCodePoint(cp)}A`).join(''))}`);
        const words = part.map((cp) => `a${String.fromCodePoint(cp)}A1`).join('');
        b.add(`camelcase ${lit(words)}`);
        b.add(`snakecase ${lit(words)}`);
        b.add(`kebabcase ${lit(part.map((cp) => `${String.fromCodePoint(cp)}Ab`).join(''))}`);
        b.add(
          `trim ${lit(`${String.fromCodePoint(...part.slice(0, 40))}x${String.fromCodePoint(...part.slice(-40))}`)}`,
        );
      }
      const mine = await helmlessOutcomes(b);
      expect(mine.every((o) => o.ok && o.text.length > 0)).toBe(true);
      const diffs = await differences(b);
      expect(diffs.map((d) => d.slice(0, 300))).toEqual([]);
    },
  );
});
