/**
 * Sprig's encoding and hashing functions: `b64enc`, `b64dec`, `b32enc`, `b32dec` (Go's
 * encoding/base64 and encoding/base32 StdEncoding) and `sha1sum`, `sha256sum`, `sha512sum`,
 * `adler32sum`. They work on the bytes of Go strings, so non-UTF-8 input and output survive.
 *
 * The decoders are ports of Go's, because Sprig returns the decoder's error text as the result
 * (`illegal base64 data at input byte 0`) and Node's decoders are lenient.
 */
import { createHash } from 'node:crypto';
import { type FuncDef, fn } from '../gotemplate/funcs.js';
import { bytesToString, stringToBytes } from '../gotemplate/gostring.js';
import { T_STRING } from '../gotemplate/types.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function decodeMap(alphabet: string): Uint8Array {
  const m = new Uint8Array(256).fill(0xff);
  for (let i = 0; i < alphabet.length; i++) m[alphabet.charCodeAt(i)] = i;
  return m;
}

const B64_MAP = decodeMap(B64);
const B32_MAP = decodeMap(B32);
const PAD = 0x3d; // '='
const CR = 0x0d;
const LF = 0x0a;

class CorruptInputError extends Error {
  constructor(offset: number, kind: string) {
    super(`illegal ${kind} data at input byte ${offset}`);
  }
}

/** base64.StdEncoding.EncodeToString. */
export function base64Encode(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64');
}

/** base64.StdEncoding.DecodeString: the decoded bytes, or throws Go's CorruptInputError. */
export function base64Decode(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  let si = 0;
  // Go decodes quantum by quantum; each quantum is up to 4 symbols, skipping CR/LF.
  while (si < src.length) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let j = 0;
    let trailing: number | undefined;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        throw new CorruptInputError(si - j, 'base64');
      }
      const ch = src[si]!;
      si++;
      const v = B64_MAP[ch]!;
      if (v !== 0xff) {
        dbuf[j] = v;
        continue;
      }
      if (ch === LF || ch === CR) {
        j--;
        continue;
      }
      if (ch !== PAD) throw new CorruptInputError(si - 1, 'base64');
      // Padding: only after two or three symbols.
      if (j === 0 || j === 1) throw new CorruptInputError(si - 1, 'base64');
      if (j === 2) {
        while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
        if (si === src.length) throw new CorruptInputError(src.length, 'base64');
        if (src[si] !== PAD) throw new CorruptInputError(si - 1, 'base64');
        si++;
      }
      while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
      if (si < src.length) trailing = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    for (let k = 0; k < dlen - 1; k++) out.push(bytes[k]!);
    // Go returns the bytes decoded so far with the error, but Sprig only shows the error.
    if (trailing !== undefined) throw new CorruptInputError(trailing, 'base64');
    if (dlen < 4) break;
  }
  return Uint8Array.from(out);
}

/** base32.StdEncoding.EncodeToString. */
export function base32Encode(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 5) {
    const chunk = b.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const symbols = [0, 2, 4, 5, 7, 8][chunk.length]!;
    for (let k = 0; k < 8; k++) {
      if (k < symbols) out += B32[Number((bits >> BigInt(35 - 5 * k)) & 31n)];
      else out += '=';
    }
  }
  return out;
}

/** base32.StdEncoding.DecodeString (CR/LF removed first, as Go does). */
export function base32Decode(input: Uint8Array): Uint8Array {
  const src = input.filter((c) => c !== CR && c !== LF);
  const olen = src.length;
  const out: number[] = [];
  let p = 0;
  let end = false;
  while (p < olen && !end) {
    const dbuf = new Array<number>(8).fill(0);
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      if (p === olen) throw new CorruptInputError(olen - (olen - p) - j, 'base32');
      const ch = src[p]!;
      p++;
      const remaining = olen - p;
      if (ch === PAD && j >= 2 && remaining < 8) {
        if (remaining + j < 8 - 1) throw new CorruptInputError(olen, 'base32');
        for (let k = 0; k < 8 - 1 - j; k++) {
          if (remaining > k && src[p + k] !== PAD) throw new CorruptInputError(olen - remaining + k - 1, 'base32');
        }
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) throw new CorruptInputError(olen - remaining - 1, 'base32');
        break;
      }
      const v = B32_MAP[ch]!;
      if (v === 0xff) throw new CorruptInputError(olen - remaining - 1, 'base32');
      dbuf[j] = v;
      j++;
    }
    const d = dbuf;
    const bytes = [
      ((d[0]! << 3) | (d[1]! >> 2)) & 0xff,
      ((d[1]! << 6) | (d[2]! << 1) | (d[3]! >> 4)) & 0xff,
      ((d[3]! << 4) | (d[4]! >> 1)) & 0xff,
      ((d[4]! << 7) | (d[5]! << 2) | (d[6]! >> 3)) & 0xff,
      ((d[6]! << 5) | d[7]!) & 0xff,
    ];
    const n = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 }[dlen] ?? 0;
    for (let k = 0; k < n; k++) out.push(bytes[k]!);
  }
  return Uint8Array.from(out);
}

function decodeOrError(decode: (b: Uint8Array) => Uint8Array) {
  return (v: string): string => {
    try {
      return bytesToString(decode(stringToBytes(v)));
    } catch (e) {
      if (e instanceof CorruptInputError) return e.message;
      throw e;
    }
  };
}

function hashHex(algorithm: string) {
  return (input: string): string => createHash(algorithm).update(stringToBytes(input)).digest('hex');
}

/** hash/adler32.Checksum. */
export function adler32(b: Uint8Array): number {
  const MOD = 65521;
  let s1 = 1;
  let s2 = 0;
  for (let i = 0; i < b.length; ) {
    // 5552 bytes keep the sums below 2^53 before the modulo.
    const end = Math.min(b.length, i + 5552);
    for (; i < end; i++) {
      s1 += b[i]!;
      s2 += s1;
    }
    s1 %= MOD;
    s2 %= MOD;
  }
  return s2 * 65536 + s1;
}

/** Sprig's encoding and hashing functions, keyed by template function name. */
export const encodingFunctions: Record<string, FuncDef> = {
  b64enc: fn([T_STRING], T_STRING, (v: string) => base64Encode(stringToBytes(v))),
  b64dec: fn([T_STRING], T_STRING, decodeOrError(base64Decode)),
  b32enc: fn([T_STRING], T_STRING, (v: string) => base32Encode(stringToBytes(v))),
  b32dec: fn([T_STRING], T_STRING, decodeOrError(base32Decode)),
  sha1sum: fn([T_STRING], T_STRING, hashHex('sha1')),
  sha256sum: fn([T_STRING], T_STRING, hashHex('sha256')),
  sha512sum: fn([T_STRING], T_STRING, hashHex('sha512')),
  adler32sum: fn([T_STRING], T_STRING, (input: string) => String(adler32(stringToBytes(input)))),
};
