/** Go strings as JS strings (src/gotemplate/gostring.ts): bytes survive, valid UTF-8 reads as text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToString, stringToBytes } from '../../src/gotemplate/gostring.js';

/** Bytes that are mostly UTF-8 text with, sometimes, stray bytes (overlong, surrogates, truncated). */
const mixedBytes = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }).map((s) => [...Buffer.from(s, 'utf8')]),
      fc.uint8Array({ maxLength: 4 }).map((b) => [...b]),
      fc.constantFrom([0xed, 0xa0, 0x80], [0xc0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xef, 0xbb, 0xbf]),
    ),
    { maxLength: 12 },
  )
  .map((parts) => Uint8Array.from(parts.flat()));

describe('bytesToString', () => {
  it('keeps every byte: stringToBytes gives the input back', () => {
    fc.assert(
      fc.property(mixedBytes, (b) => {
        expect([...stringToBytes(bytesToString(b))]).toEqual([...b]);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads valid UTF-8 as its text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        expect(bytesToString(Buffer.from(text, 'utf8'))).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('treats what Go calls invalid as bytes: surrogates, overlong forms, beyond U+10FFFF', () => {
    for (const bad of [
      [0xed, 0xa0, 0x80],
      [0xc0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
    ]) {
      const s = bytesToString(Uint8Array.from([0x61, ...bad]));
      expect(s.length).toBe(1 + bad.length);
      expect([...stringToBytes(s)]).toEqual([0x61, ...bad]);
    }
  });
});
