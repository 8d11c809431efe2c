/**
 * Sprig's `urlParse` and `urlJoin` over a port of Go's net/url (Parse, URL.String, Hostname,
 * Userinfo.String). helm 3.17 is built with Go 1.23 and helm 4.1 with Go 1.25, whose Parse also
 * validates bracketed hosts as IPv6 addresses (netip.ParseAddr) and rejects any other `[`; the
 * render's compat mode picks the behaviour.
 */
import { type CallContext, type FuncDef, FuncError, fn } from '../gotemplate/funcs.js';
import { bytesToString, stringToBytes } from '../gotemplate/gostring.js';
import { parseAddr as parseNetipAddr } from '../gotemplate/netip.js';
import { quote } from '../gotemplate/strconv.js';
import { T_MAP, T_STRING } from '../gotemplate/types.js';
import { type GoMap, type GoValue, kindOf } from '../gotemplate/value.js';
import { NIL_DEREFERENCE } from './lists.js';

type Mode = 'path' | 'host' | 'zone' | 'userPassword' | 'fragment';
type Compat = 'helm3' | 'helm4';

class UrlError extends Error {}

const isAlnum = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);

/** net/url shouldEscape for the modes Parse and String use (c is a byte). */
function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if ((mode === 'host' || mode === 'zone') && '!$&\'()*+,;=:[]<>"'.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case 'path':
        return ch === '?';
      case 'userPassword':
        return ch === '@' || ch === '/' || ch === '?' || ch === ':';
      case 'fragment':
        return false;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

/** Go strings are bytes: net/url code here works on a latin1 view of a Go string's bytes. */
function toBytes(s: string): string {
  return Buffer.from(stringToBytes(s)).toString('latin1');
}

/** latin1 byte string → Go string (invalid UTF-8 kept as escaped bytes). */
function fromBytes(s: string): string {
  return bytesToString(Buffer.from(s, 'latin1'));
}

function urlEscape(s: string, mode: Mode): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += shouldEscape(c, mode) ? `%${c.toString(16).toUpperCase().padStart(2, '0')}` : s[i];
  }
  return out;
}

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** net/url unescape (on a latin1 byte string). */
function urlUnescape(s: string, mode: Mode): string {
  for (let i = 0; i < s.length; ) {
    const ch = s[i]!;
    if (ch === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) {
        throw new UrlError(`invalid URL escape ${goQuote(s.slice(i, i + 3))}`);
      }
      const v = Number.parseInt(s.slice(i + 1, i + 3), 16);
      if (mode === 'host' && v >> 4 < 8 && s.slice(i, i + 3) !== '%25') {
        throw new UrlError(`invalid URL escape ${goQuote(s.slice(i, i + 3))}`);
      }
      if (mode === 'zone' && s.slice(i, i + 3) !== '%25' && v !== 0x20 && shouldEscape(v, 'host')) {
        throw new UrlError(`invalid URL escape ${goQuote(s.slice(i, i + 3))}`);
      }
      i += 3;
    } else {
      const c = s.charCodeAt(i);
      if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode)) {
        throw new UrlError(`invalid character ${goQuote(ch)} in host name`);
      }
      i++;
    }
  }
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/** strconv.Quote of a latin1 byte string. */
function goQuote(s: string): string {
  return quote(fromBytes(s));
}

interface Userinfo {
  username: string;
  password?: string;
}

interface URL {
  scheme: string;
  opaque: string;
  user?: Userinfo;
  host: string;
  path: string;
  omitHost: boolean;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
}

function emptyURL(): URL {
  return { scheme: '', opaque: '', host: '', path: '', omitHost: false, forceQuery: false, rawQuery: '', fragment: '' };
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c >= '0' && c <= '9') || c === '+' || c === '-' || c === '.') {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new UrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  if (port[0] !== ':') return false;
  for (let i = 1; i < port.length; i++) if (port[i]! < '0' || port[i]! > '9') return false;
  return true;
}

function parseHost(host: string, compat: Compat): string {
  const open = compat === 'helm4' ? host.lastIndexOf('[') : host.startsWith('[') ? 0 : -1;
  if (open > 0) throw new UrlError('invalid IP-literal');
  if (open === 0) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${goQuote(colonPort)} after host`);
    const zone = host.slice(0, i).indexOf('%25');
    if (compat === 'helm4') {
      const port = urlUnescape(colonPort, 'host');
      const hostname = host.slice(1, i);
      const z = hostname.indexOf('%25');
      const addr =
        z >= 0
          ? urlUnescape(hostname.slice(0, z), 'host') + urlUnescape(hostname.slice(z), 'zone')
          : urlUnescape(hostname, 'host');
      if (parseAddr(addr) === 4) throw new UrlError('invalid IP-literal');
      return `[${addr}]${port}`;
    }
    if (zone >= 0) {
      return (
        urlUnescape(host.slice(0, zone), 'host') +
        urlUnescape(host.slice(zone, i), 'zone') +
        urlUnescape(host.slice(i), 'host')
      );
    }
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${goQuote(colonPort)} after host`);
    }
  }
  return urlUnescape(host, 'host');
}

function validUserinfo(s: string): boolean {
  // Non-ASCII bytes are never valid here.
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

function parseAuthority(authority: string, compat: Compat): { user?: Userinfo; host: string } {
  const i = authority.lastIndexOf('@');
  const host = parseHost(i < 0 ? authority : authority.slice(i + 1), compat);
  if (i < 0) return { host };
  const userinfo = authority.slice(0, i);
  if (!validUserinfo(userinfo)) throw new UrlError('net/url: invalid userinfo');
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { user: { username: urlUnescape(userinfo, 'userPassword') }, host };
  return {
    user: {
      username: urlUnescape(userinfo.slice(0, colon), 'userPassword'),
      password: urlUnescape(userinfo.slice(colon + 1), 'userPassword'),
    },
    host,
  };
}

function parse(raw: string, compat: Compat): URL {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError('net/url: invalid control character in URL');
  const url = emptyURL();
  if (raw === '*') {
    url.path = '*';
    return url;
  }
  let rest: string;
  [url.scheme, rest] = getScheme(raw);
  url.scheme = url.scheme.toLowerCase();
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return url;
    }
    const slash = rest.indexOf('/');
    const segment = slash < 0 ? rest : rest.slice(0, slash);
    if (segment.includes(':')) throw new UrlError('first path segment in URL cannot contain colon');
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const i = authority.indexOf('/');
    if (i >= 0) {
      rest = authority.slice(i);
      authority = authority.slice(0, i);
    }
    const a = parseAuthority(authority, compat);
    url.user = a.user;
    url.host = a.host;
  } else if (url.scheme !== '' && rest.startsWith('/')) {
    url.omitHost = true;
  }
  url.path = urlUnescape(rest, 'path');
  return url;
}

/** url.Parse, with Go's `parse "RAW": …` error. Works on latin1 byte strings. */
function parseURL(raw: string, compat: Compat): URL {
  const hash = raw.indexOf('#');
  const u = hash < 0 ? raw : raw.slice(0, hash);
  let url: URL;
  try {
    url = parse(u, compat);
  } catch (e) {
    if (e instanceof UrlError) throw new UrlError(`parse ${goQuote(u)}: ${e.message}`);
    throw e;
  }
  if (hash >= 0) {
    try {
      url.fragment = urlUnescape(raw.slice(hash + 1), 'fragment');
    } catch (e) {
      if (e instanceof UrlError) throw new UrlError(`parse ${goQuote(raw)}: ${e.message}`);
      throw e;
    }
  }
  return url;
}

function userinfoString(u: Userinfo): string {
  let s = urlEscape(u.username, 'userPassword');
  if (u.password !== undefined) s += `:${urlEscape(u.password, 'userPassword')}`;
  return s;
}

/** URL.String (RawPath and RawFragment are empty for the URLs urlJoin builds). */
function urlString(u: URL): string {
  let buf = '';
  if (u.scheme !== '') buf += `${u.scheme}:`;
  if (u.opaque !== '') buf += u.opaque;
  else {
    if (u.scheme !== '' || u.host !== '' || u.user) {
      if (!(u.omitHost && u.host === '' && !u.user)) {
        if (u.host !== '' || u.path !== '' || u.user) buf += '//';
        if (u.user) buf += `${userinfoString(u.user)}@`;
        if (u.host !== '') buf += urlEscape(u.host, 'host');
      }
    }
    const path = u.path === '*' ? '*' : urlEscape(u.path, 'path');
    if (path !== '' && path[0] !== '/' && u.host !== '') buf += '/';
    if (buf === '') {
      const slash = path.indexOf('/');
      if ((slash < 0 ? path : path.slice(0, slash)).includes(':')) buf += './';
    }
    buf += path;
  }
  if (u.forceQuery || u.rawQuery !== '') buf += `?${u.rawQuery}`;
  if (u.fragment !== '') buf += `#${urlEscape(u.fragment, 'fragment')}`;
  return buf;
}

function hostname(host: string): string {
  let h = host;
  const colon = h.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

/** netip.ParseAddr: 4 or 6, or throws Go's `invalid host: ParseAddr(…): …` error. */
function parseAddr(s: string): 4 | 6 {
  // `s` holds bytes; the error quotes the Go string they spell.
  const addr = parseNetipAddr(fromBytes(s));
  if (typeof addr === 'string') throw new UrlError(`invalid host: ${addr}`);
  return addr.is4 ? 4 : 6;
}

function urlParse(ctx: CallContext, v: string): GoMap {
  let u: URL;
  try {
    u = parseURL(toBytes(v), ctx.compat);
  } catch (e) {
    if (e instanceof UrlError) throw new FuncError(`unable to parse url: ${e.message}`);
    throw e;
  }
  const s = fromBytes;
  return new Map<string, GoValue>([
    ['scheme', s(u.scheme)],
    ['host', s(u.host)],
    ['hostname', s(hostname(u.host))],
    ['path', s(u.path)],
    ['query', s(u.rawQuery)],
    ['opaque', s(u.opaque)],
    ['fragment', s(u.fragment)],
    ['userinfo', u.user ? s(userinfoString(u.user)) : ''],
  ]);
}

/** Sprig's dictGetOrEmpty: a missing key is "", a nil or non-string value panics. */
function dictString(d: GoMap | null, key: string): string {
  if (!d?.has(key)) return '';
  const v = d.get(key);
  if (v === null || v === undefined) throw new FuncError(NIL_DEREFERENCE);
  if (typeof v !== 'string') {
    throw new FuncError(`unable to parse ${key} key, must be of type string, but ${kindOf(v)} found`);
  }
  return toBytes(v);
}

function urlJoin(ctx: CallContext, d: GoMap | null): string {
  const u = emptyURL();
  u.scheme = dictString(d, 'scheme');
  u.host = dictString(d, 'host');
  u.path = dictString(d, 'path');
  u.rawQuery = dictString(d, 'query');
  u.opaque = dictString(d, 'opaque');
  u.fragment = dictString(d, 'fragment');
  const userinfo = dictString(d, 'userinfo');
  if (userinfo !== '') {
    try {
      u.user = parseURL(`proto://${userinfo}@host`, ctx.compat).user;
    } catch (e) {
      if (e instanceof UrlError) {
        throw new FuncError(`unable to parse userinfo in dict: ${e.message}`);
      }
      throw e;
    }
  }
  return fromBytes(urlString(u));
}

/** Sprig's URL functions, keyed by template function name. */
export const urlFunctions: Record<string, FuncDef> = {
  urlParse: fn([T_STRING], T_MAP, urlParse, { context: true }),
  urlJoin: fn([T_MAP], T_STRING, urlJoin, { context: true }),
};
