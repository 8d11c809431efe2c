/**
 * Go's net/netip.ParseAddr: what it accepts and its exact error texts (`ParseAddr("x"): … (at "…")`).
 * Used by url.Parse's IP-literal check (Sprig's urlParse, schema `uri` formats) and the `ipv6` format.
 */
import { quote } from './strconv.js';

export type ParsedAddr = { is4: boolean; zone: string };

class ParseAddrError extends Error {}

function fail(input: string, msg: string, at = ''): never {
  throw new ParseAddrError(
    at !== '' ? `ParseAddr(${quote(input)}): ${msg} (at ${quote(at)})` : `ParseAddr(${quote(input)}): ${msg}`,
  );
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function parseIPv4Fields(input: string, off: number, end: number): void {
  const s = input.slice(off, end);
  let val = 0;
  let pos = 0;
  let digLen = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (isDigit(c)) {
      if (digLen === 1 && val === 0) fail(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + (c.charCodeAt(0) - 48);
      digLen++;
      if (val > 255) fail(input, 'IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.')
        fail(input, 'IPv4 field must have at least one digit', s.slice(i));
      if (pos === 3) fail(input, 'IPv4 address too long');
      pos++;
      val = 0;
      digLen = 0;
    } else {
      fail(input, 'unexpected character', s.slice(i));
    }
  }
  if (pos < 3) fail(input, 'IPv4 address too short');
}

function hexVal(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'f') return c.charCodeAt(0) - 87;
  if (c >= 'A' && c <= 'F') return c.charCodeAt(0) - 55;
  return -1;
}

function parseIPv6(input: string): ParsedAddr {
  let s = input;
  let zone = '';
  const pct = s.indexOf('%');
  if (pct !== -1) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === '') fail(input, 'zone must be a non-empty string');
  }
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { is4: false, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const v = hexVal(s[off]!);
      if (v < 0) break;
      acc = acc * 16 + v;
      if (off > 3) fail(input, 'each group must have 4 or less digits', s);
      if (acc > 0xffff) fail(input, 'IPv6 field has value >=2^16', s);
    }
    if (off === 0) fail(input, 'each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12)
        fail(input, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      if (i + 4 > 16) fail(input, 'too many hex fields to fit an embedded IPv4 at the end of the address', s);
      let end = input.length;
      if (zone.length > 0) end -= zone.length + 1;
      parseIPv4Fields(input, end - s.length, end);
      s = '';
      i += 4;
      break;
    }
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ':') fail(input, 'unexpected character, want colon', s);
    else if (s.length === 1) fail(input, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) fail(input, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) fail(input, 'trailing garbage after address', s);
  if (i < 16) {
    if (ellipsis < 0) fail(input, 'address string too short');
  } else if (ellipsis >= 0) {
    fail(input, 'the :: must expand to at least one field of zeros', s);
  }
  return { is4: false, zone };
}

/** netip.ParseAddr: the parsed address, or Go's error text. */
export function parseAddr(s: string): ParsedAddr | string {
  try {
    for (const c of s) {
      if (c === '.') {
        parseIPv4Fields(s, 0, s.length);
        return { is4: true, zone: '' };
      }
      if (c === ':') return parseIPv6(s);
      if (c === '%') fail(s, 'missing IPv6 address');
    }
    fail(s, 'unable to parse IP');
  } catch (e) {
    if (e instanceof ParseAddrError) return e.message;
    throw e;
  }
}
