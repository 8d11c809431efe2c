/**
 * A minimal ASN.1 DER writer and reader: just what building and inspecting X.509 certificates and
 * private keys the way Go's crypto/x509 does requires.
 */

/** Encodes one TLV with a definite length. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const len = content.length;
  let header: number[];
  if (len < 0x80) header = [tag, len];
  else {
    const bytes: number[] = [];
    for (let n = len; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  const out = new Uint8Array(header.length + len);
  out.set(header, 0);
  out.set(content, header.length);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export const seq = (...items: Uint8Array[]) => tlv(0x30, concat(...items));
export const set = (...items: Uint8Array[]) => tlv(0x31, concat(...items));
export const octets = (b: Uint8Array) => tlv(0x04, b);
export const nullValue = () => new Uint8Array([0x05, 0x00]);
export const bool = (v: boolean) => new Uint8Array([0x01, 0x01, v ? 0xff : 0x00]);
/** Context-specific constructed tag [n]. */
export const explicit = (n: number, content: Uint8Array) => tlv(0xa0 | n, content);

/** An INTEGER from a non-negative or negative bigint, minimal two's complement. */
export function integer(v: bigint): Uint8Array {
  let hex = (v < 0n ? BigInt.asUintN(bitLen(v), v) : v).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (v >= 0n && bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

function bitLen(v: bigint): number {
  let n = 8;
  while (-(1n << BigInt(n - 1)) > v) n += 8;
  return n;
}

/** An OBJECT IDENTIFIER from dotted text. */
export function oid(dotted: string): Uint8Array {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [parts[0]! * 40 + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let n = Math.floor(p / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift(0x80 | (n & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, new Uint8Array(bytes));
}

/** A BIT STRING with the given number of unused trailing bits. */
export function bitString(b: Uint8Array, unused = 0): Uint8Array {
  return tlv(0x03, concat(new Uint8Array([unused]), b));
}

/** One parsed TLV. `raw` is the whole element, `content` its value bytes. */
export interface Node {
  cls: number;
  constructed: boolean;
  tag: number;
  raw: Uint8Array;
  content: Uint8Array;
  header: { length: number; headerLength: number };
}

export class DerError extends Error {
  override name = 'DerError';
}

/** Reads the tag and length at `off` (Go's parseTagAndLength). */
export function readHeader(
  b: Uint8Array,
  off: number,
): { cls: number; constructed: boolean; tag: number; length: number; offset: number } {
  if (off >= b.length) throw new DerError('asn1: syntax error: sequence truncated');
  const t = b[off++]!;
  const cls = t >> 6;
  const constructed = (t & 0x20) !== 0;
  let tag = t & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (;;) {
      if (off >= b.length) throw new DerError('asn1: syntax error: truncated tag or length');
      const c = b[off++]!;
      tag = tag * 128 + (c & 0x7f);
      if (!(c & 0x80)) break;
    }
  }
  if (off >= b.length) throw new DerError('asn1: syntax error: truncated tag or length');
  let length = b[off++]!;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0) throw new DerError('asn1: syntax error: indefinite length found (not DER)');
    length = 0;
    for (let i = 0; i < n; i++) {
      if (off >= b.length) throw new DerError('asn1: syntax error: truncated tag or length');
      length = length * 256 + b[off++]!;
    }
  }
  return { cls, constructed, tag, length, offset: off };
}

/** Parses one element at `off`. */
export function parse(b: Uint8Array, off = 0): Node {
  const h = readHeader(b, off);
  if (h.offset + h.length > b.length) throw new DerError('asn1: syntax error: data truncated');
  return {
    cls: h.cls,
    constructed: h.constructed,
    tag: h.tag,
    raw: b.subarray(off, h.offset + h.length),
    content: b.subarray(h.offset, h.offset + h.length),
    header: { length: h.length, headerLength: h.offset - off },
  };
}

/** The children of a constructed element. */
export function children(n: Node): Node[] {
  const out: Node[] = [];
  let off = 0;
  while (off < n.content.length) {
    const c = parse(n.content, off);
    out.push(c);
    off += c.raw.length;
  }
  return out;
}

/** Dotted text of an OBJECT IDENTIFIER node. */
export function oidText(n: Node): string {
  const b = n.content;
  if (b.length === 0) return '';
  const parts = [Math.floor(b[0]! / 40), b[0]! % 40];
  let v = 0;
  for (let i = 1; i < b.length; i++) {
    v = v * 128 + (b[i]! & 0x7f);
    if (!(b[i]! & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** An INTEGER node's value. */
export function intValue(n: Node): bigint {
  if (n.content.length === 0) return 0n;
  let v = BigInt(`0x${Buffer.from(n.content).toString('hex')}`);
  if (n.content[0]! & 0x80) v -= 1n << BigInt(n.content.length * 8);
  return v;
}

/**
 * Go's encoding/asn1 error when the outermost element is not a SEQUENCE, e.g. `asn1: structure
 * error: tags don't match (16 vs {class:1 tag:1 length:98 isCompound:true}) {optional:false …}
 * pkcs1PrivateKey @2`; undefined when the data does start with a SEQUENCE header.
 */
export function goSequenceMismatch(b: Uint8Array, structName: string): string | undefined {
  const h = readHeader(b, 0);
  if (h.cls === 0 && h.tag === 16 && h.constructed) return undefined;
  return (
    `asn1: structure error: tags don't match (16 vs {class:${h.cls} tag:${h.tag} length:${h.length} isCompound:${h.constructed}}) ` +
    '{optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false} ' +
    `${structName} @${h.offset}`
  );
}
