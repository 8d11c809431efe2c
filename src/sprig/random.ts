/**
 * Sprig's random functions with the alphabets and error behaviour of the Go code helm runs:
 * Masterminds/goutils CryptoRandom* (randAlpha, randAlphaNum, randNumeric, randAscii), xstrings
 * Shuffle, math/rand Intn (randInt), crypto/rand (randBytes) and google/uuid (uuidv4).
 * Randomness comes from node:crypto.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { type FuncDef, FuncError, fn } from '../gotemplate/funcs.js';
import { T_INT, T_STRING } from '../gotemplate/types.js';
import { checkStringSize } from './limits.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
/** goutils draws from ' '..'z' and keeps letters (unicode.IsLetter) and/or digits: these sets. */
const ALPHA = UPPER + LOWER;
const ALPHANUM = DIGITS + UPPER + LOWER;
/** CryptoRandomAscii: code points 32..126. */
let ASCII = '';
for (let c = 32; c < 127; c++) ASCII += String.fromCharCode(c);

/** `count` characters drawn uniformly from `alphabet` (count <= 0 gives "", like Sprig ignoring goutils' error). */
function randomFrom(alphabet: string, count: number, fnName: string): string {
  if (count <= 0) return '';
  checkStringSize(count, fnName);
  // Rejection sampling over random bytes keeps every character equally likely.
  const n = alphabet.length;
  const limit = 256 - (256 % n);
  const parts: string[] = [];
  let have = 0;
  while (have < count) {
    const buf = randomBytes(Math.min(65536, Math.ceil((count - have) * 1.3) + 16));
    let chunk = '';
    for (let i = 0; i < buf.length && have < count; i++) {
      const b = buf[i]!;
      if (b >= limit) continue;
      chunk += alphabet[b % n];
      have++;
    }
    parts.push(chunk);
  }
  return parts.join('');
}

/** goutils v1.1.1 CryptoRandomAlphaNumeric: letters and digits, no digit guaranteed. */
function randAlphaNum(count: number): string {
  return randomFrom(ALPHANUM, count, 'randAlphaNum');
}

/** A uniform bigint in [0, n) for n > 0. */
function randomBelow(n: bigint): bigint {
  if (n <= 0xffffffffffffn) return BigInt(randomInt(Number(n)));
  const bits = n.toString(2).length;
  const bytes = Math.ceil(bits / 8);
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    const v = BigInt(`0x${randomBytes(bytes).toString('hex')}`) & mask;
    if (v < n) return v;
  }
}

/** xstrings.Shuffle: Fisher–Yates over the runes ([]rune turns invalid bytes into U+FFFD). */
function shuffle(s: string): string {
  if (s === '') return s;
  checkStringSize(s.length * 3, 'shuffle');
  const runes = Array.from(s, (r) => {
    const c = r.codePointAt(0)!;
    return c >= 0xd800 && c <= 0xdfff ? '\uFFFD' : r;
  });
  for (let i = runes.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    if (i !== j) [runes[i], runes[j]] = [runes[j]!, runes[i]!];
  }
  return runes.join('');
}

/** Integer parameter as bigint (the executor passes ints as JS numbers). */
function toBig(n: number | bigint): bigint {
  return typeof n === 'bigint' ? n : BigInt(Math.trunc(n));
}

/** Sprig's random functions, keyed by template name. */
export const randomFunctions: Record<string, FuncDef> = {
  randAlpha: fn([T_INT], T_STRING, (count: number) => randomFrom(ALPHA, count, 'randAlpha')),
  randAlphaNum: fn([T_INT], T_STRING, (count: number) => randAlphaNum(count)),
  randNumeric: fn([T_INT], T_STRING, (count: number) => randomFrom(DIGITS, count, 'randNumeric')),
  randAscii: fn([T_INT], T_STRING, (count: number) => randomFrom(ASCII, count, 'randAscii')),
  randBytes: fn([T_INT], T_STRING, (count: number) => {
    if (count < 0) throw new FuncError('runtime error: makeslice: len out of range');
    checkStringSize(Math.ceil(count / 3) * 4, 'randBytes');
    return randomBytes(count).toString('base64');
  }),
  randInt: fn([T_INT, T_INT], T_INT, (min: number | bigint, max: number | bigint) => {
    const lo = toBig(min);
    const span = BigInt.asIntN(64, toBig(max) - lo);
    if (span <= 0n) throw new FuncError('invalid argument to Intn');
    return BigInt.asIntN(64, randomBelow(span) + lo);
  }),
  shuffle: fn([T_STRING], T_STRING, shuffle),
  uuidv4: fn([], T_STRING, () => randomUUID()),
};
